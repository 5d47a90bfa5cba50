/*
 * label.h - classification levels, compartments and dominance (graded protection).
 *
 * [law] Secrecy Law: 绝密 top_secret > 机密 secret > 秘密 confidential. Below them the
 * system uses 内部 internal and 公开 public for data that is not a state secret.
 * A label is a level plus a set of compartments; a clearance dominates a label when
 * its level is at least the label's and it holds every compartment of the label.
 */
#ifndef BM_LABEL_H
#define BM_LABEL_H

#include <stddef.h>

enum level {
	LEVEL_PUBLIC = 0,
	LEVEL_INTERNAL = 1,
	LEVEL_CONFIDENTIAL = 2, /* 秘密 */
	LEVEL_SECRET = 3,	/* 机密 */
	LEVEL_TOP_SECRET = 4,	/* 绝密 */
};
#define LEVEL_COUNT 5

#define COMPARTMENT_MAX	    16 /* compartments on one label */
#define COMPARTMENT_NAMELEN 33 /* 32 characters + NUL: [a-z0-9_-] */
/* Longest canonical text form: 16 names of 32 plus 15 commas plus NUL. */
#define COMPARTMENTS_TEXT_MAX (COMPARTMENT_MAX * COMPARTMENT_NAMELEN)

struct compartments {
	unsigned n;
	char name[COMPARTMENT_MAX][COMPARTMENT_NAMELEN]; /* sorted, unique */
};

struct label {
	enum level level;
	struct compartments comps;
};

const char *level_name(enum level level);	 /* "top_secret" */
const char *level_name_zh(enum level level);	 /* "绝密" */
int level_parse(const char *s, enum level *out); /* 0 or BM_EINVAL */

void compartments_init(struct compartments *c);
/* 1 when name is a well-formed compartment name. */
int compartment_name_ok(const char *name);
/* Add name, keeping the set sorted and unique. 0, or BM_EINVAL for a bad name or a
 * full set. */
int compartments_add(struct compartments *c, const char *name);
/* Parse the canonical text form "a,b,c" ("" is the empty set). 0 or BM_EINVAL. */
int compartments_parse(struct compartments *c, const char *text);
/* Write the canonical text form into out (COMPARTMENTS_TEXT_MAX bytes). */
void compartments_format(const struct compartments *c, char *out, size_t outsz);
/* 1 when every compartment of need is in have. */
int compartments_cover(const struct compartments *have, const struct compartments *need);

/* 1 when clearance dominates object: level >= and compartments cover. */
int label_dominates(const struct label *clearance, const struct label *object);

#endif
