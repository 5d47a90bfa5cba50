/*
 * router.c - segment-wise matching of paths against route patterns.
 */
#include <string.h>

#include "http/router.h"
#include "base/banned.h"

int router_match(const char *pattern, const char *path, size_t len, struct route_params *params)
{
	const char *p = pattern, *s = path, *end = path + len;

	params->n = 0;
	while (*p != '\0') {
		if (s == end || *s != '/' || *p != '/')
			return 0;
		p++;
		s++;
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *seg = s;
			if (close == NULL || params->n == ROUTE_MAX_PARAMS)
				return 0;
			while (s < end && *s != '/')
				s++;
			if (s == seg)
				return 0;
			params->p[params->n].name = p + 1;
			params->p[params->n].name_len = (size_t)(close - p - 1);
			params->p[params->n].value = seg;
			params->p[params->n].len = (size_t)(s - seg);
			params->n++;
			p = close + 1;
		} else {
			while (*p != '\0' && *p != '/') {
				if (s == end || *s != *p)
					return 0;
				p++;
				s++;
			}
			if (s < end && *s != '/')
				return 0;
		}
	}
	return s == end;
}

enum router_result router_find(const void *keys, size_t n, size_t stride, const char *method,
			       size_t method_len, const char *path, size_t len, size_t *index,
			       struct route_params *params, char allow[ROUTE_ALLOW_MAX])
{
	struct route_params tmp;
	size_t alen = 0;
	int path_seen = 0;

	allow[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const struct route_key *k = (const void *)((const char *)keys + i * stride);
		size_t mlen;

		if (!router_match(k->pattern, path, len, &tmp))
			continue;
		mlen = strlen(k->method);
		if (mlen == method_len && memcmp(k->method, method, mlen) == 0) {
			*index = i;
			*params = tmp;
			return ROUTER_FOUND;
		}
		path_seen = 1;
		if (strstr(allow, k->method) == NULL && alen + mlen + 3 < ROUTE_ALLOW_MAX) {
			if (alen > 0) {
				memcpy(allow + alen, ", ", 2);
				alen += 2;
			}
			memcpy(allow + alen, k->method, mlen + 1);
			alen += mlen;
		}
	}
	return path_seen ? ROUTER_NO_METHOD : ROUTER_NO_PATH;
}

int route_param(const struct route_params *params, const char *name, char *out, size_t outsz)
{
	size_t nlen = strlen(name);

	for (int i = 0; i < params->n; i++) {
		if (params->p[i].name_len != nlen || memcmp(params->p[i].name, name, nlen) != 0)
			continue;
		if (params->p[i].len + 1 > outsz)
			return -1;
		memcpy(out, params->p[i].value, params->p[i].len);
		out[params->p[i].len] = '\0';
		return 0;
	}
	return -1;
}
