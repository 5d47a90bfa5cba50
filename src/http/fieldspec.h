/*
 * fieldspec.h - decoding untrusted JSON against a declared field spec.
 *
 * Every request body (and query string) is decoded by this one parser into a plain
 * C struct, so handlers never walk JSON by hand. The decoded struct must begin with
 * `uint64_t present`, a bitmask with bit i set when field i of the spec was given.
 * Output per type:
 *	FS_STR   const char *	 (arena copy; valid UTF-8, no control characters
 *				  unless FS_MULTILINE; min..max code points)
 *	FS_INT   int64_t	 (min..max)
 *	FS_BOOL  int		 (0/1)
 *	FS_ENUM  int		 (index into choices)
 *	FS_DATE  int32_t	 (days since 1970-01-01, from "YYYY-MM-DD")
 *	FS_STRS  struct fs_strs	 (array of strings, min..max items, each 1..item_max chars)
 *	FS_OBJ   void *		 (arena struct decoded by sub)
 *	FS_OBJS  struct fs_objs	 (array of min..max objects, each decoded by sub)
 * Anything else is refused with BM_EINVAL and the offending field's name (dotted for
 * nested fields): an unknown field, a wrong type, a value out of range, a missing
 * required field, malformed or duplicate-key JSON, a body that is not an object.
 */
#ifndef BM_FIELDSPEC_H
#define BM_FIELDSPEC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

enum fs_type { FS_STR, FS_INT, FS_BOOL, FS_ENUM, FS_DATE, FS_STRS, FS_OBJ, FS_OBJS };

enum {
	FS_REQUIRED = 1u << 0,
	FS_MULTILINE = 1u << 1, /* FS_STR: allow newlines and tabs */
	/* null is accepted: the field is present and its slot holds the type's "none":
	 * NULL (strings, objects), FS_NONE_INT (FS_INT), -1 (FS_BOOL, FS_ENUM), 0
	 * (FS_DATE), an empty list (FS_STRS, FS_OBJS) */
	FS_NULLABLE = 1u << 2,
};

#define FS_NONE_INT INT64_MIN

struct fs_strs {
	size_t n;
	const char **v;
};

struct fs_objs {
	size_t n;
	void **v; /* each a struct decoded by the field's sub spec */
};

struct fs_spec;

struct fs_field {
	const char *name;
	enum fs_type type;
	unsigned flags;
	size_t offset;
	int64_t min, max;	    /* chars (FS_STR), value (FS_INT), items (FS_STRS) */
	int64_t item_max;	    /* FS_STRS: max characters per item */
	const char *const *choices; /* FS_ENUM: NULL-terminated */
	const struct fs_spec *sub;  /* FS_OBJ */
};

struct fs_spec {
	const struct fs_field *fields;
	size_t n;    /* at most 64 */
	size_t size; /* sizeof the decoded struct */
};

#define FS_SPEC(fields_, type_)                                                                    \
	{                                                                                          \
		fields_, sizeof(fields_) / sizeof(fields_[0]), sizeof(type_)                       \
	}

/* Decode a JSON body. *out is allocated in a. */
int fs_decode_body(const struct fs_spec *spec, const char *body, size_t len, struct arena *a,
		   void **out, struct bm_err *err);
/* Decode a query string ("a=1&b=x", percent-encoded, without '?'); every value
 * arrives as a string and is converted by type. Duplicate names are refused. */
int fs_decode_query(const struct fs_spec *spec, const char *query, size_t len, struct arena *a,
		    void **out, struct bm_err *err);
/* Decode an already-parsed JSON object (strings converted when from_query). */
int fs_decode_object(const struct fs_spec *spec, json_t *obj, int from_query, const char *prefix,
		     struct arena *a, void *out, struct bm_err *err);

/* 1 when bit i of the decoded struct's present mask is set. */
#define FS_HAS(in, i) (((in)->present >> (i)) & 1u)

#endif
