/*
 * router.h - matching a request's method and path against the route table.
 *
 * Patterns are literal segments and "{name}" parameters, e.g.
 * "/api/v1/users/{id}". A parameter matches one non-empty segment. Matching is
 * exact: no prefix matches, no trailing-slash leniency.
 */
#ifndef BM_ROUTER_H
#define BM_ROUTER_H

#include <stddef.h>
#include <stdint.h>

#define ROUTE_MAX_PARAMS 4
#define ROUTE_ALLOW_MAX	 64 /* "GET, POST, PATCH, PUT, DELETE" fits */

struct route_params {
	int n;
	struct {
		const char *name; /* points into the pattern, name_len bytes */
		size_t name_len;
		const char *value; /* points into the path, len bytes */
		size_t len;
	} p[ROUTE_MAX_PARAMS];
};

/* 1 when path (len bytes, no query) matches pattern; params filled. */
int router_match(const char *pattern, const char *path, size_t len, struct route_params *params);

struct route_key {
	const char *method;
	const char *pattern;
};

enum router_result { ROUTER_FOUND, ROUTER_NO_PATH, ROUTER_NO_METHOD };

/*
 * Find the entry for method + path in keys (stride bytes apart, each starting with a
 * struct route_key). On ROUTER_FOUND *index is set; on ROUTER_NO_METHOD allow gets the
 * methods that the path does accept ("GET, POST").
 */
enum router_result router_find(const void *keys, size_t n, size_t stride, const char *method,
			       size_t method_len, const char *path, size_t len, size_t *index,
			       struct route_params *params, char allow[ROUTE_ALLOW_MAX]);

/*
 * An index over a table of route keys that router_index_find answers from without
 * matching every pattern: a path can only match a pattern with as many '/' as itself,
 * and, where the pattern has a literal there, the same key segment (the third, or the
 * last of shorter paths; "public" in /api/v1/public/certificates/{number}). The index
 * keeps only the table's order and those two properties, so router_index_find gives
 * exactly router_find's answer for the same table. The table must outlive the index.
 */
#define ROUTER_MAX_SLASHES 16 /* paths with more share one group */

struct router_index {
	const void *keys;
	size_t n, stride;
	size_t *order;			      /* route indexes grouped by '/' count */
	size_t first[ROUTER_MAX_SLASHES + 3]; /* group c: order[first[c]..first[c+1]) */
	uint32_t *key_hash;		      /* per route: its key segment's hash... */
	size_t *key_len;		      /* ...and length; SIZE_MAX: a parameter */
};

/* Build ix over keys (as for router_find); 0, or -1 when out of memory (ix is then
 * empty: release is still safe). */
int router_index_init(struct router_index *ix, const void *keys, size_t n, size_t stride);
void router_index_release(struct router_index *ix);
/* router_find over the indexed table, in fewer steps. */
enum router_result router_index_find(const struct router_index *ix, const char *method,
				     size_t method_len, const char *path, size_t len, size_t *index,
				     struct route_params *params, char allow[ROUTE_ALLOW_MAX]);

/* Copy parameter name's value into out (NUL-terminated); 0, or -1 if absent/too long. */
int route_param(const struct route_params *params, const char *name, char *out, size_t outsz);

#endif
