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

/* Copy parameter name's value into out (NUL-terminated); 0, or -1 if absent/too long. */
int route_param(const struct route_params *params, const char *name, char *out, size_t outsz);

#endif
