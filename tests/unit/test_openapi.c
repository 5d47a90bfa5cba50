/*
 * test_openapi.c - the embedded OpenAPI document (docs/openapi.yaml, converted to
 * JSON at build time) against the route table: every route is documented, with the
 * same {param} syntax and a lower-case method, and every documented operation is
 * served.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "http/http.h"
#include "base/banned.h"

extern const unsigned char openapi_json[];
extern const size_t openapi_json_len;

static const char *const http_methods[] = { "get",  "put",   "post",  "delete", "options",
					    "head", "patch", "trace", NULL };

static json_t *load_doc(void)
{
	json_error_t jerr;
	json_t *doc = json_loadb((const char *)openapi_json, openapi_json_len, 0, &jerr);

	if (doc == NULL)
		fail_msg("embedded OpenAPI JSON does not parse: line %d: %s", jerr.line, jerr.text);
	return doc;
}

static void lower(const char *in, char *out, size_t outsz)
{
	size_t i = 0;

	for (; in[i] != '\0' && i + 1 < outsz; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = '\0';
}

static void test_openapi_document(void **state)
{
	json_t *doc = load_doc();
	const char *version;

	(void)state;
	assert_true(json_is_object(doc));
	version = json_string_value(json_object_get(doc, "openapi"));
	assert_non_null(version);
	assert_memory_equal(version, "3.1", 3);
	assert_true(json_is_object(json_object_get(doc, "info")));
	assert_true(json_is_object(json_object_get(doc, "paths")));
	json_decref(doc);
}

static void test_openapi_every_route_documented(void **state)
{
	json_t *doc = load_doc();
	json_t *paths = json_object_get(doc, "paths");
	int missing = 0;

	(void)state;
	for (size_t i = 0; i < routes_count; i++) {
		char method[16];
		json_t *item = json_object_get(paths, routes[i].pattern);

		lower(routes[i].method, method, sizeof(method));
		if (!json_is_object(item) || !json_is_object(json_object_get(item, method))) {
			print_error("not documented in docs/openapi.yaml: %s %s\n",
				    routes[i].method, routes[i].pattern);
			missing++;
		}
	}
	json_decref(doc);
	if (missing != 0)
		fail_msg("%d of %zu routes are missing from the OpenAPI document", missing,
			 routes_count);
}

static void test_openapi_every_operation_served(void **state)
{
	json_t *doc = load_doc();
	json_t *paths = json_object_get(doc, "paths"), *item;
	const char *path;
	int extra = 0;

	(void)state;
	json_object_foreach(paths, path, item)
	{
		for (int m = 0; http_methods[m] != NULL; m++) {
			int found = 0;
			if (json_object_get(item, http_methods[m]) == NULL)
				continue;
			for (size_t i = 0; i < routes_count && !found; i++) {
				char method[16];
				lower(routes[i].method, method, sizeof(method));
				found = strcmp(routes[i].pattern, path) == 0 &&
					strcmp(method, http_methods[m]) == 0;
			}
			if (!found) {
				print_error("documented but not routed: %s %s\n", http_methods[m],
					    path);
				extra++;
			}
		}
	}
	json_decref(doc);
	assert_int_equal(extra, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openapi_document),
		cmocka_unit_test(test_openapi_every_route_documented),
		cmocka_unit_test(test_openapi_every_operation_served),
	};

	return cmocka_run_group_tests_name("openapi", tests, NULL, NULL);
}
