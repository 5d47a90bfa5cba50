/*
 * label.c - levels, compartment sets and the dominance relation. [law] Secrecy Law
 * Art. 13 (levels); compartments are the system's own need-to-know partitions.
 */
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "core/label.h"
#include "base/banned.h"

static const struct {
	const char *name;
	const char *zh;
} levels[LEVEL_COUNT] = {
	{ "public", "公开" }, { "internal", "内部" },	{ "confidential", "秘密" },
	{ "secret", "机密" }, { "top_secret", "绝密" },
};

const char *level_name(enum level level)
{
	return (unsigned)level < LEVEL_COUNT ? levels[level].name : "unknown";
}

const char *level_name_zh(enum level level)
{
	return (unsigned)level < LEVEL_COUNT ? levels[level].zh : "未知";
}

int level_parse(const char *s, enum level *out)
{
	for (int i = 0; i < LEVEL_COUNT; i++) {
		if (s != NULL && strcmp(s, levels[i].name) == 0) {
			*out = (enum level)i;
			return 0;
		}
	}
	return BM_EINVAL;
}

void compartments_init(struct compartments *c)
{
	memset(c, 0, sizeof(*c));
}

int compartment_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= COMPARTMENT_NAMELEN)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
		      ch == '-'))
			return 0;
	}
	return 1;
}

int compartments_add(struct compartments *c, const char *name)
{
	unsigned i;

	if (!compartment_name_ok(name))
		return BM_EINVAL;
	for (i = 0; i < c->n; i++) {
		int cmp = strcmp(c->name[i], name);
		if (cmp == 0)
			return 0;
		if (cmp > 0)
			break;
	}
	if (c->n == COMPARTMENT_MAX)
		return BM_EINVAL;
	memmove(c->name[i + 1], c->name[i], (c->n - i) * sizeof(c->name[0]));
	bm_strlcpy(c->name[i], name, COMPARTMENT_NAMELEN);
	c->n++;
	return 0;
}

int compartments_parse(struct compartments *c, const char *text)
{
	const char *p = text;

	compartments_init(c);
	if (text == NULL || *text == '\0')
		return 0;
	for (;;) {
		char name[COMPARTMENT_NAMELEN];
		const char *comma = strchr(p, ',');
		size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);

		if (n == 0 || n >= sizeof(name))
			return BM_EINVAL;
		memcpy(name, p, n);
		name[n] = '\0';
		if (compartments_add(c, name) != 0)
			return BM_EINVAL;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

void compartments_format(const struct compartments *c, char *out, size_t outsz)
{
	size_t off = 0;

	if (outsz == 0)
		return;
	out[0] = '\0';
	for (unsigned i = 0; i < c->n; i++) {
		size_t n = strlen(c->name[i]);
		if (off + n + (i > 0) + 1 > outsz)
			break;
		if (i > 0)
			out[off++] = ',';
		memcpy(out + off, c->name[i], n + 1);
		off += n;
	}
}

int compartments_cover(const struct compartments *have, const struct compartments *need)
{
	unsigned j = 0;

	/* both sorted: a merge walk */
	for (unsigned i = 0; i < need->n; i++) {
		while (j < have->n && strcmp(have->name[j], need->name[i]) < 0)
			j++;
		if (j == have->n || strcmp(have->name[j], need->name[i]) != 0)
			return 0;
	}
	return 1;
}

int label_dominates(const struct label *clearance, const struct label *object)
{
	return clearance->level >= object->level &&
	       compartments_cover(&clearance->comps, &object->comps);
}
