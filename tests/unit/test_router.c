/*
 * test_router.c - unit tests of the path router: literal segments, {param}
 * segments, exactness (no trailing-slash leniency, no empty segments), method
 * matching with the 405 Allow list, route_param, the real route table, and the index
 * over it (router_index_find gives router_find's answers).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/http.h"
#include "http/router.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

struct match_case {
	const char *pattern, *path;
	int match;
	int nparams;
	const char *p0, *v0, *p1, *v1;
};

static void test_router_match(void **state)
{
	static const struct match_case cases[] = {
		{ "/healthz", "/healthz", 1, 0, NULL, NULL, NULL, NULL },
		{ "/healthz", "/healthz/", 0, 0, NULL, NULL, NULL, NULL },
		{ "/healthz", "/healthz/x", 0, 0, NULL, NULL, NULL, NULL },
		{ "/healthz", "/healthzz", 0, 0, NULL, NULL, NULL, NULL },
		{ "/healthz", "/health", 0, 0, NULL, NULL, NULL, NULL },
		{ "/healthz", "healthz", 0, 0, NULL, NULL, NULL, NULL },
		{ "/healthz", "//healthz", 0, 0, NULL, NULL, NULL, NULL },
		{ "/healthz", "/HEALTHZ", 0, 0, NULL, NULL, NULL, NULL },
		{ "/healthz", "", 0, 0, NULL, NULL, NULL, NULL },
		{ "/healthz", "/", 0, 0, NULL, NULL, NULL, NULL },
		{ "/api/v1/me", "/api/v1/me", 1, 0, NULL, NULL, NULL, NULL },
		{ "/api/v1/me", "/api/v1/metokens", 0, 0, NULL, NULL, NULL, NULL },
		{ "/api/v1/me", "/api/v1//me", 0, 0, NULL, NULL, NULL, NULL },
		{ "/api/v1/me", "/api//v1/me", 0, 0, NULL, NULL, NULL, NULL },
		{ "/api/v1/me", "/api/v1/me/", 0, 0, NULL, NULL, NULL, NULL },
		{ "/api/v1/me", "/api/v1/me//", 0, 0, NULL, NULL, NULL, NULL },
		{ "/api/v1/me", "/api/v1/./me", 0, 0, NULL, NULL, NULL, NULL },
		{ "/a/{id}", "/a/42", 1, 1, "id", "42", NULL, NULL },
		{ "/a/{id}", "/a/x%20y", 1, 1, "id", "x%20y", NULL, NULL },
		{ "/a/{id}", "/a/保密", 1, 1, "id", "保密", NULL, NULL },
		{ "/a/{id}", "/a/", 0, 0, NULL, NULL, NULL, NULL },
		{ "/a/{id}", "/a", 0, 0, NULL, NULL, NULL, NULL },
		{ "/a/{id}", "/a//", 0, 0, NULL, NULL, NULL, NULL },
		{ "/a/{id}", "/a/42/", 0, 0, NULL, NULL, NULL, NULL },
		{ "/a/{id}", "/a/42/b", 0, 0, NULL, NULL, NULL, NULL },
		{ "/a/{id}", "/b/42", 0, 0, NULL, NULL, NULL, NULL },
		{ "/a/{id}/b", "/a/42/b", 1, 1, "id", "42", NULL, NULL },
		{ "/a/{id}/b", "/a//b", 0, 0, NULL, NULL, NULL, NULL },
		{ "/a/{id}/b", "/a/42/c", 0, 0, NULL, NULL, NULL, NULL },
		{ "/a/{id}/b", "/a/42/bb", 0, 0, NULL, NULL, NULL, NULL },
		{ "/a/{id}/b", "/a/42", 0, 0, NULL, NULL, NULL, NULL },
		{ "/a/{x}/b/{y}", "/a/1/b/2", 1, 2, "x", "1", "y", "2" },
		{ "/a/{x}/b/{y}", "/a/one/b/two-three", 1, 2, "x", "one", "y", "two-three" },
		{ "/a/{x}/b/{y}", "/a/1/b/", 0, 0, NULL, NULL, NULL, NULL },
		{ "/a/{x}/{y}", "/a/1/2", 1, 2, "x", "1", "y", "2" },
		{ "/a/{x}/{y}", "/a/1", 0, 0, NULL, NULL, NULL, NULL },
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		const struct match_case *c = &cases[i];
		struct route_params params;
		char v[64];
		int m = router_match(c->pattern, c->path, strlen(c->path), &params);

		if (m != c->match) {
			print_error("router_match(%s, %s) = %d, want %d\n", c->pattern, c->path, m,
				    c->match);
			bad++;
			continue;
		}
		if (!m)
			continue;
		assert_int_equal(params.n, c->nparams);
		if (c->p0 != NULL) {
			assert_int_equal(route_param(&params, c->p0, v, sizeof(v)), 0);
			assert_string_equal(v, c->v0);
		}
		if (c->p1 != NULL) {
			assert_int_equal(route_param(&params, c->p1, v, sizeof(v)), 0);
			assert_string_equal(v, c->v1);
		}
	}
	assert_int_equal(bad, 0);
}

static void test_router_match_len(void **state)
{
	struct route_params params;
	char v[16];
	/* the path is (pointer, length), not a C string: what follows is not read */
	const char *buf = "/a/42?x=1";

	(void)state;
	assert_true(router_match("/a/{id}", buf, 5, &params));
	assert_int_equal(route_param(&params, "id", v, sizeof(v)), 0);
	assert_string_equal(v, "42");
	assert_false(router_match("/a/{id}", buf, 3, &params));
	assert_true(router_match("/a", buf, 2, &params));
	assert_false(router_match("/a", buf, 0, &params));
	/* a NUL inside the path is just a byte that matches nothing literal */
	assert_false(router_match("/ab", "/a\0b", 4, &params));
	assert_true(router_match("/a/{id}", "/a/4\0002", 6, &params));
	assert_int_equal(params.p[0].len, 3);
}

static void test_route_param(void **state)
{
	struct route_params params;
	char v[8];

	(void)state;
	assert_true(router_match("/u/{id}/t/{tid}", "/u/1234567/t/9", 14, &params));
	assert_int_equal(params.n, 2);
	assert_int_equal(route_param(&params, "id", v, 8), 0); /* 7 characters + NUL */
	assert_string_equal(v, "1234567");
	assert_int_equal(route_param(&params, "id", v, 7), -1); /* does not fit */
	assert_int_equal(route_param(&params, "tid", v, 2), 0);
	assert_string_equal(v, "9");
	assert_int_equal(route_param(&params, "tid", v, 1), -1);
	assert_int_equal(route_param(&params, "i", v, sizeof(v)), -1); /* prefix of a name */
	assert_int_equal(route_param(&params, "idx", v, sizeof(v)), -1);
	assert_int_equal(route_param(&params, "", v, sizeof(v)), -1);
	assert_int_equal(route_param(&params, "nope", v, sizeof(v)), -1);
	/* no params at all */
	assert_true(router_match("/u", "/u", 2, &params));
	assert_int_equal(params.n, 0);
	assert_int_equal(route_param(&params, "id", v, sizeof(v)), -1);
	/* up to ROUTE_MAX_PARAMS parameters */
	assert_true(router_match("/{a}/{b}/{c}/{d}", "/1/2/3/4", 8, &params));
	assert_int_equal(params.n, ROUTE_MAX_PARAMS);
	assert_int_equal(route_param(&params, "d", v, sizeof(v)), 0);
	assert_string_equal(v, "4");
	assert_false(router_match("/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5", 10, &params));
}

static const struct route_key keys[] = {
	{ "GET", "/items" },	      { "POST", "/items" },	   { "GET", "/items/{id}" },
	{ "PATCH", "/items/{id}" },   { "DELETE", "/items/{id}" }, { "PUT", "/items/{id}/label" },
	{ "GET", "/items/special" }, /* shadowed by /items/{id} for GET: first wins */
	{ "POST", "/items/special" },
};

static enum router_result find(const char *method, const char *path, size_t *index,
			       struct route_params *params, char allow[ROUTE_ALLOW_MAX])
{
	return router_find(keys, N_ELEMS(keys), sizeof(keys[0]), method, strlen(method), path,
			   strlen(path), index, params, allow);
}

static void test_router_find(void **state)
{
	static const struct {
		const char *method, *path;
		enum router_result r;
		size_t index;
		const char *allow;
	} cases[] = {
		{ "GET", "/items", ROUTER_FOUND, 0, "" },
		{ "POST", "/items", ROUTER_FOUND, 1, "" },
		{ "PUT", "/items", ROUTER_NO_METHOD, 0, "GET, POST" },
		{ "DELETE", "/items", ROUTER_NO_METHOD, 0, "GET, POST" },
		{ "get", "/items", ROUTER_NO_METHOD, 0, "GET, POST" },
		{ "GE", "/items", ROUTER_NO_METHOD, 0, "GET, POST" },
		{ "GETX", "/items", ROUTER_NO_METHOD, 0, "GET, POST" },
		{ "", "/items", ROUTER_NO_METHOD, 0, "GET, POST" },
		{ "GET", "/items/7", ROUTER_FOUND, 2, "" },
		{ "PATCH", "/items/7", ROUTER_FOUND, 3, "" },
		{ "DELETE", "/items/7", ROUTER_FOUND, 4, "" },
		{ "POST", "/items/7", ROUTER_NO_METHOD, 0, "GET, PATCH, DELETE" },
		{ "PUT", "/items/7/label", ROUTER_FOUND, 5, "" },
		{ "GET", "/items/7/label", ROUTER_NO_METHOD, 0, "PUT" },
		{ "GET", "/items/special", ROUTER_FOUND, 2, "" },
		{ "POST", "/items/special", ROUTER_FOUND, 7, "" },
		{ "PUT", "/items/special", ROUTER_NO_METHOD, 0, "GET, PATCH, DELETE, POST" },
		{ "GET", "/items/", ROUTER_NO_PATH, 0, "" },
		{ "GET", "/items//label", ROUTER_NO_PATH, 0, "" },
		{ "GET", "/items/7/label/", ROUTER_NO_PATH, 0, "" },
		{ "GET", "/nothing", ROUTER_NO_PATH, 0, "" },
		{ "GET", "", ROUTER_NO_PATH, 0, "" },
		{ "GET", "/", ROUTER_NO_PATH, 0, "" },
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct route_params params;
		char allow[ROUTE_ALLOW_MAX];
		size_t index = 999;
		enum router_result r = find(cases[i].method, cases[i].path, &index, &params, allow);

		if (r != cases[i].r) {
			print_error("%s %s: result %d, want %d\n", cases[i].method, cases[i].path,
				    (int)r, (int)cases[i].r);
			bad++;
			continue;
		}
		if (r == ROUTER_FOUND && index != cases[i].index) {
			print_error("%s %s: index %zu, want %zu\n", cases[i].method, cases[i].path,
				    index, cases[i].index);
			bad++;
		}
		if (r == ROUTER_NO_METHOD && strcmp(allow, cases[i].allow) != 0) {
			print_error("%s %s: Allow \"%s\", want \"%s\"\n", cases[i].method,
				    cases[i].path, allow, cases[i].allow);
			bad++;
		}
		if (r == ROUTER_NO_PATH && allow[0] != '\0') {
			print_error("%s %s: Allow not empty\n", cases[i].method, cases[i].path);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_router_allow_overflow(void **state)
{
	/* more methods on one path than the Allow buffer holds: truncated, terminated */
	static const struct route_key many[] = {
		{ "AAAAAAAAAA", "/x" }, { "BBBBBBBBBB", "/x" }, { "CCCCCCCCCC", "/x" },
		{ "DDDDDDDDDD", "/x" }, { "EEEEEEEEEE", "/x" }, { "FFFFFFFFFF", "/x" },
		{ "GGGGGGGGGG", "/x" }, { "HHHHHHHHHH", "/x" },
	};
	struct route_params params;
	char allow[ROUTE_ALLOW_MAX];
	size_t index;

	(void)state;
	assert_int_equal(router_find(many, N_ELEMS(many), sizeof(many[0]), "GET", 3, "/x", 2,
				     &index, &params, allow),
			 ROUTER_NO_METHOD);
	assert_true(strlen(allow) < ROUTE_ALLOW_MAX);
	assert_memory_equal(allow, "AAAAAAAAAA, BBBBBBBBBB", 22);
}

/* ---- the real route table ---- */

/* A concrete path for pattern in path (size bytes, 4 to spare after it): each {param}
 * becomes 12. Its length. */
static size_t concrete_path(const char *pattern, char *path, size_t size)
{
	size_t o = 0;

	for (const char *p = pattern; *p != '\0';) {
		if (*p == '{') {
			memcpy(path + o, "12", 2);
			o += 2;
			p = strchr(p, '}') + 1;
		} else {
			path[o++] = *p++;
		}
		assert_true(o < size - 4);
	}
	path[o] = '\0';
	return o;
}

static void test_routes_table(void **state)
{
	(void)state;
	assert_true(routes_count > 0);
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		struct route_params params;
		char allow[ROUTE_ALLOW_MAX];
		char path[256];
		size_t index = 999, o = 0;
		enum router_result res;

		assert_non_null(r->handler);
		assert_true(r->pattern[0] == '/');
		assert_true(strlen(r->summary) > 0);
		/* no two entries share a method and a pattern */
		for (size_t j = 0; j < i; j++)
			if (strcmp(routes[j].method, r->method) == 0 &&
			    strcmp(routes[j].pattern, r->pattern) == 0)
				fail_msg("duplicate route %s %s", r->method, r->pattern);
		/* a body spec needs a body limit, and a route without one takes no body */
		if (r->body != NULL)
			assert_true(r->max_body > 0);
		/* a concrete path for the pattern (each {param} becomes 12) finds this
		 * very entry */
		o = concrete_path(r->pattern, path, sizeof(path));
		res = router_find(routes, routes_count, sizeof(routes[0]), r->method,
				  strlen(r->method), path, o, &index, &params, allow);
		if (res != ROUTER_FOUND || index != i)
			fail_msg("%s %s (as %s) is not routed to itself", r->method, r->pattern,
				 path);
		for (int k = 0; k < params.n; k++)
			assert_memory_equal(params.p[k].value, "12", 2);
		/* with a trailing slash, nothing */
		path[o] = '/';
		path[o + 1] = '\0';
		res = router_find(routes, routes_count, sizeof(routes[0]), r->method,
				  strlen(r->method), path, o + 1, &index, &params, allow);
		assert_int_equal(res, ROUTER_NO_PATH);
	}
}

static void test_routes_lookups(void **state)
{
	static const struct {
		const char *method, *path;
		enum router_result r;
		const char *pattern_or_allow;
		const char *id;
	} cases[] = {
		{ "GET", "/healthz", ROUTER_FOUND, "/healthz", NULL },
		{ "GET", "/api/v1/users/42", ROUTER_FOUND, "/api/v1/users/{id}", "42" },
		{ "PUT", "/api/v1/users/42/access", ROUTER_FOUND, "/api/v1/users/{id}/access",
		  "42" },
		{ "DELETE", "/api/v1/me/tokens/abc", ROUTER_FOUND, "/api/v1/me/tokens/{id}",
		  "abc" },
		{ "GET", "/api/v1/audit/verify", ROUTER_FOUND, "/api/v1/audit/verify", NULL },
		{ "DELETE", "/api/v1/users", ROUTER_NO_METHOD, "GET, POST", NULL },
		{ "DELETE", "/api/v1/users/42", ROUTER_NO_METHOD, "GET, PATCH", NULL },
		{ "PATCH", "/api/v1/session", ROUTER_NO_METHOD, "POST, DELETE", NULL },
		{ "POST", "/healthz", ROUTER_NO_METHOD, "GET", NULL },
		{ "GET", "/api/v1/users/", ROUTER_NO_PATH, NULL, NULL },
		{ "GET", "/api/v1/users/42/", ROUTER_NO_PATH, NULL, NULL },
		{ "GET", "/api/v1//users", ROUTER_NO_PATH, NULL, NULL },
		{ "GET", "/api/v2/users", ROUTER_NO_PATH, NULL, NULL },
		{ "GET", "/api/v1/users/42/access/x", ROUTER_NO_PATH, NULL, NULL },
		{ "GET", "/", ROUTER_NO_PATH, NULL, NULL },
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct route_params params;
		char allow[ROUTE_ALLOW_MAX], id[32];
		size_t index = 0;
		enum router_result r =
			router_find(routes, routes_count, sizeof(routes[0]), cases[i].method,
				    strlen(cases[i].method), cases[i].path, strlen(cases[i].path),
				    &index, &params, allow);

		if (r != cases[i].r) {
			print_error("%s %s: %d, want %d\n", cases[i].method, cases[i].path, (int)r,
				    (int)cases[i].r);
			bad++;
			continue;
		}
		if (r == ROUTER_FOUND) {
			assert_string_equal(routes[index].pattern, cases[i].pattern_or_allow);
			assert_string_equal(routes[index].method, cases[i].method);
			if (cases[i].id != NULL) {
				assert_int_equal(route_param(&params, "id", id, sizeof(id)), 0);
				assert_string_equal(id, cases[i].id);
			}
		} else if (r == ROUTER_NO_METHOD && strcmp(allow, cases[i].pattern_or_allow) != 0) {
			print_error("%s %s: Allow \"%s\", want \"%s\"\n", cases[i].method,
				    cases[i].path, allow, cases[i].pattern_or_allow);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* router_index_find over ix gives router_find's answer (result, entry, parameters and
 * Allow) for method and path over the same table; 1 when it does. */
static int index_agrees(const struct router_index *ix, const void *table, size_t n, size_t stride,
			const char *method, const char *path, size_t len)
{
	struct route_params pa, pb;
	char aa[ROUTE_ALLOW_MAX], ab[ROUTE_ALLOW_MAX];
	size_t ia = SIZE_MAX, ib = SIZE_MAX;
	enum router_result ra =
		router_find(table, n, stride, method, strlen(method), path, len, &ia, &pa, aa);
	enum router_result rb =
		router_index_find(ix, method, strlen(method), path, len, &ib, &pb, ab);

	if (ra != rb || strcmp(aa, ab) != 0)
		goto differ;
	if (ra == ROUTER_FOUND) {
		if (ia != ib || pa.n != pb.n)
			goto differ;
		for (int k = 0; k < pa.n; k++)
			if (pa.p[k].value != pb.p[k].value || pa.p[k].len != pb.p[k].len ||
			    pa.p[k].name != pb.p[k].name)
				goto differ;
	}
	return 1;
differ:
	print_error("%s %.*s: router_find %d (%zu, \"%s\"), index %d (%zu, \"%s\")\n", method,
		    (int)len, path, (int)ra, ia, aa, (int)rb, ib, ab);
	return 0;
}

static void test_router_index(void **state)
{
	static const char *const methods[] = { "GET", "POST", "PATCH", "PUT", "DELETE", "HEAD" };
	static const char *const odd[] = {
		"",
		"/",
		"//",
		"///",
		"/healthz",
		"/healthz/",
		"/api",
		"/api/v1",
		"/api/v1/",
		"/api/v1/public",
		"/api/v1//users",
		"/api/v1/users//x",
		"/api/v2/users",
		"/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u",
		"/api/v1/users/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18",
		"/items",
		"/items/special",
		"/items/7/label",
	};
	struct router_index ix, small;
	char path[512];
	int bad = 0;

	(void)state;
	assert_int_equal(router_index_init(&ix, routes, routes_count, sizeof(routes[0])), 0);
	assert_int_equal(router_index_init(&small, keys, N_ELEMS(keys), sizeof(keys[0])), 0);
	for (size_t i = 0; i < routes_count; i++) {
		size_t o = 0;
		/* the concrete path (each {param} becomes 12), then every prefix of it that
		 * ends before a '/', itself with a trailing slash and with one more segment */
		o = concrete_path(routes[i].pattern, path, sizeof(path));
		memcpy(path + o, "/x", 3);
		for (size_t m = 0; m < N_ELEMS(methods); m++) {
			for (size_t cut = 1; cut <= o; cut++)
				if (cut == o || path[cut] == '/')
					bad += !index_agrees(&ix, routes, routes_count,
							     sizeof(routes[0]), methods[m], path,
							     cut);
			bad += !index_agrees(&ix, routes, routes_count, sizeof(routes[0]),
					     methods[m], path, o + 1);
			bad += !index_agrees(&ix, routes, routes_count, sizeof(routes[0]),
					     methods[m], path, o + 2);
		}
	}
	for (size_t k = 0; k < N_ELEMS(odd); k++)
		for (size_t m = 0; m < N_ELEMS(methods); m++) {
			bad += !index_agrees(&ix, routes, routes_count, sizeof(routes[0]),
					     methods[m], odd[k], strlen(odd[k]));
			bad += !index_agrees(&small, keys, N_ELEMS(keys), sizeof(keys[0]),
					     methods[m], odd[k], strlen(odd[k]));
		}
	router_index_release(&ix);
	router_index_release(&small);
	/* released: nothing is found, and releasing twice is safe */
	assert_int_equal(router_index_find(&ix, "GET", 3, "/healthz", 8, &(size_t){ 0 },
					   &(struct route_params){ 0 }, path),
			 ROUTER_NO_PATH);
	router_index_release(&ix);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_router_match),
		cmocka_unit_test(test_router_match_len),
		cmocka_unit_test(test_route_param),
		cmocka_unit_test(test_router_find),
		cmocka_unit_test(test_router_allow_overflow),
		cmocka_unit_test(test_routes_table),
		cmocka_unit_test(test_routes_lookups),
		cmocka_unit_test(test_router_index),
	};

	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
