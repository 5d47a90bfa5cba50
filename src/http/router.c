/*
 * router.c - segment-wise matching of paths against route patterns.
 */
#include <stdint.h>
#include <stdlib.h>
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

/* What router_find and router_index_find collect while trying routes in order. */
struct find_state {
	const char *method, *path;
	size_t method_len, len;
	size_t alen; /* bytes used in allow */
	int path_seen;
};

/* Try key k (table index i): 1 when it is the route (*index and *params set); else
 * remember its method in allow when at least its path matched. */
static int try_key(const struct route_key *k, size_t i, struct find_state *fs, size_t *index,
		   struct route_params *params, char allow[ROUTE_ALLOW_MAX])
{
	struct route_params tmp;
	size_t mlen;

	if (!router_match(k->pattern, fs->path, fs->len, &tmp))
		return 0;
	mlen = strlen(k->method);
	if (mlen == fs->method_len && memcmp(k->method, fs->method, mlen) == 0) {
		*index = i;
		*params = tmp;
		return 1;
	}
	fs->path_seen = 1;
	if (strstr(allow, k->method) == NULL && fs->alen + mlen + 3 < ROUTE_ALLOW_MAX) {
		if (fs->alen > 0) {
			memcpy(allow + fs->alen, ", ", 2);
			fs->alen += 2;
		}
		memcpy(allow + fs->alen, k->method, mlen + 1);
		fs->alen += mlen;
	}
	return 0;
}

static const struct route_key *key_at(const void *keys, size_t stride, size_t i)
{
	return (const void *)((const char *)keys + i * stride);
}

enum router_result router_find(const void *keys, size_t n, size_t stride, const char *method,
			       size_t method_len, const char *path, size_t len, size_t *index,
			       struct route_params *params, char allow[ROUTE_ALLOW_MAX])
{
	struct find_state fs = { method, path, method_len, len, 0, 0 };

	allow[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (try_key(key_at(keys, stride, i), i, &fs, index, params, allow))
			return ROUTER_FOUND;
	return fs.path_seen ? ROUTER_NO_METHOD : ROUTER_NO_PATH;
}

/* FNV-1a over len bytes. */
static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The group of s (len bytes): its '/' count, capped at ROUTER_MAX_SLASHES + 1; and its
 * key segment: the third segment, or the last when there are fewer (a segment runs
 * from a '/' to the next '/' or the end; none without a '/'). */
static size_t split_key(const char *s, size_t len, const char **seg, size_t *seg_len)
{
	size_t slashes = 0, k, seen = 0, i;

	for (i = 0; i < len; i++)
		slashes += s[i] == '/';
	*seg = s;
	*seg_len = 0;
	if (slashes == 0)
		return 0;
	k = slashes < 3 ? slashes - 1 : 2;
	for (i = 0; i < len; i++)
		if (s[i] == '/' && seen++ == k)
			break;
	*seg = s + i + 1;
	while (i + 1 + *seg_len < len && s[i + 1 + *seg_len] != '/')
		(*seg_len)++;
	return slashes <= ROUTER_MAX_SLASHES ? slashes : ROUTER_MAX_SLASHES + 1;
}

int router_index_init(struct router_index *ix, const void *keys, size_t n, size_t stride)
{
	size_t *group = calloc(n > 0 ? n : 1, sizeof(*group));
	size_t fill[ROUTER_MAX_SLASHES + 2];

	memset(ix, 0, sizeof(*ix));
	ix->order = calloc(n > 0 ? n : 1, sizeof(*ix->order));
	ix->key_hash = calloc(n > 0 ? n : 1, sizeof(*ix->key_hash));
	ix->key_len = calloc(n > 0 ? n : 1, sizeof(*ix->key_len));
	if (group == NULL || ix->order == NULL || ix->key_hash == NULL || ix->key_len == NULL) {
		free(group);
		router_index_release(ix);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *pattern = key_at(keys, stride, i)->pattern, *seg;
		size_t seg_len;

		group[i] = split_key(pattern, strlen(pattern), &seg, &seg_len);
		ix->first[group[i] + 1]++;
		ix->key_hash[i] = hash_bytes(seg, seg_len);
		ix->key_len[i] = seg_len > 0 && seg[0] == '{' ? SIZE_MAX : seg_len;
	}
	for (size_t c = 0; c < ROUTER_MAX_SLASHES + 2; c++) {
		ix->first[c + 1] += ix->first[c];
		fill[c] = ix->first[c];
	}
	for (size_t i = 0; i < n; i++) /* stable: the table's order within a group */
		ix->order[fill[group[i]]++] = i;
	free(group);
	ix->keys = keys;
	ix->n = n;
	ix->stride = stride;
	return 0;
}

void router_index_release(struct router_index *ix)
{
	free(ix->order);
	free(ix->key_hash);
	free(ix->key_len);
	memset(ix, 0, sizeof(*ix));
}

enum router_result router_index_find(const struct router_index *ix, const char *method,
				     size_t method_len, const char *path, size_t len, size_t *index,
				     struct route_params *params, char allow[ROUTE_ALLOW_MAX])
{
	struct find_state fs = { method, path, method_len, len, 0, 0 };
	const char *seg;
	size_t seg_len, c = split_key(path, len, &seg, &seg_len);
	uint32_t h = hash_bytes(seg, seg_len);

	allow[0] = '\0';
	if (ix->order == NULL)
		return ROUTER_NO_PATH;
	for (size_t j = ix->first[c]; j < ix->first[c + 1]; j++) {
		size_t i = ix->order[j];

		if (ix->key_len[i] != SIZE_MAX &&
		    (ix->key_len[i] != seg_len || ix->key_hash[i] != h))
			continue; /* a literal key segment that differs: cannot match */
		if (try_key(key_at(ix->keys, ix->stride, i), i, &fs, index, params, allow))
			return ROUTER_FOUND;
	}
	return fs.path_seen ? ROUTER_NO_METHOD : ROUTER_NO_PATH;
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
