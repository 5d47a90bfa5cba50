/*
 * fuzz_router.c - libFuzzer target for the path router (http/router.c) over the real
 * route table, with arbitrary method and path bytes.
 *
 * Input: one control byte, then the method, then the path.
 *	bits 0..3 the method's length in bytes (what follows it is the path)
 *	bits 4..7 selects the output size given to route_param (0..60 bytes)
 * Besides the sanitizers (method and path are exactly-sized, unterminated copies),
 * the target compares router_find with a plain reference matcher written here,
 * checks the Allow list of a 405, and checks route_param against the matched
 * segments.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "http/http.h"
#include "http/router.h"
#include "base/banned.h"

/* Reference: split both into '/'-separated segments and compare them one by one. */
static int ref_match(const char *pattern, const char *path, size_t len)
{
	const char *p = pattern;
	size_t i = 0;

	if (*p == '\0')
		return len == 0;
	for (;;) {
		const char *pe;
		size_t s, plen;

		if (*p != '/' || i >= len || path[i] != '/')
			return 0;
		p++;
		i++;
		pe = strchr(p, '/');
		plen = pe != NULL ? (size_t)(pe - p) : strlen(p);
		s = i;
		while (i < len && path[i] != '/')
			i++;
		if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
			if (i == s)
				return 0; /* a parameter needs a non-empty segment */
		} else if (plen != i - s || memcmp(p, path + s, plen) != 0) {
			return 0;
		}
		p += plen;
		if (*p == '\0')
			return i == len;
	}
}

static int count_params(const char *pattern)
{
	int n = 0;

	for (const char *p = pattern; *p != '\0'; p++)
		n += *p == '{';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct route_params params;
	char allow[ROUTE_ALLOW_MAX];
	size_t mlen, plen, index = (size_t)-1, first = (size_t)-1;
	char *method, *path;
	size_t outsz;
	enum router_result r;
	int any_path = 0;

	if (size < 1)
		return 0;
	mlen = data[0] & 0x0fu;
	outsz = (size_t)(data[0] >> 4) * 4;
	if (mlen > size - 1)
		mlen = size - 1;
	plen = size - 1 - mlen;
	method = fuzz_copy(data + 1, mlen);
	path = fuzz_copy(data + 1 + mlen, plen);
	if (method == NULL || path == NULL) {
		free(method);
		free(path);
		return 0;
	}
	memset(allow, 'x', sizeof(allow));

	r = router_find(routes, routes_count, sizeof(routes[0]), method, mlen, path, plen, &index,
			&params, allow);

	/* what the reference says */
	for (size_t i = 0; i < routes_count; i++) {
		int m = ref_match(routes[i].pattern, path, plen);
		if (m != router_match(routes[i].pattern, path, plen, &(struct route_params){ 0 }))
			fuzz_fail("router_match and the reference disagree on %s",
				  routes[i].pattern);
		if (!m)
			continue;
		any_path = 1;
		if (first == (size_t)-1 && strlen(routes[i].method) == mlen &&
		    memcmp(routes[i].method, method, mlen) == 0)
			first = i;
	}
	if (memchr(allow, '\0', sizeof(allow)) == NULL)
		fuzz_fail("Allow is not terminated");
	switch (r) {
	case ROUTER_FOUND:
		if (index != first)
			fuzz_fail("found entry %zu, the first matching is %zu", index, first);
		if (params.n != count_params(routes[index].pattern))
			fuzz_fail("%d params for %s", params.n, routes[index].pattern);
		for (int k = 0; k < params.n; k++) {
			char name[64], *buf;
			const char *v = params.p[k].value;
			size_t vl = params.p[k].len;
			int rc;

			if (vl == 0 || v < path || v + vl > path + plen ||
			    memchr(v, '/', vl) != NULL)
				fuzz_fail("parameter %d is not one non-empty segment", k);
			if (params.p[k].name_len == 0 || params.p[k].name_len >= sizeof(name))
				fuzz_fail("parameter %d has a bad name", k);
			memcpy(name, params.p[k].name, params.p[k].name_len);
			name[params.p[k].name_len] = '\0';
			buf = malloc(outsz > 0 ? outsz : 1);
			if (buf == NULL)
				break;
			rc = route_param(&params, name, buf, outsz);
			if (vl + 1 <= outsz) {
				if (rc != 0 || memcmp(buf, v, vl) != 0 || buf[vl] != '\0')
					fuzz_fail("route_param(%s) wrong", name);
			} else if (rc != -1) {
				fuzz_fail("route_param(%s) did not refuse a short buffer", name);
			}
			free(buf);
		}
		{
			char buf[8];
			if (route_param(&params, "no-such-param", buf, sizeof(buf)) != -1)
				fuzz_fail("route_param found an absent name");
		}
		break;
	case ROUTER_NO_METHOD:
		if (!any_path || first != (size_t)-1)
			fuzz_fail("405 but the reference says path %d, method %zu", any_path,
				  first);
		if (allow[0] == '\0')
			fuzz_fail("405 with an empty Allow");
		/* every method listed accepts the path */
		for (const char *p = allow; *p != '\0';) {
			const char *end = strstr(p, ", ");
			size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
			int ok = 0;
			for (size_t i = 0; i < routes_count && !ok; i++)
				ok = strlen(routes[i].method) == n &&
				     memcmp(routes[i].method, p, n) == 0 &&
				     ref_match(routes[i].pattern, path, plen);
			if (!ok)
				fuzz_fail("Allow lists a method that does not accept the path");
			p += n;
			if (*p != '\0')
				p += 2;
		}
		break;
	case ROUTER_NO_PATH:
		if (any_path)
			fuzz_fail("404 but a pattern matches");
		if (allow[0] != '\0')
			fuzz_fail("404 with an Allow list");
		break;
	default:
		fuzz_fail("router_find returned %d", (int)r);
	}
	free(method);
	free(path);
	return 0;
}
