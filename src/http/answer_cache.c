/*
 * answer_cache.c - the per-worker cache of encoded public answers: a direct-mapped
 * table of ANSWER_CACHE_SLOTS entries, each tagged with the database revision it was
 * made at (see answer_cache.h for the contract).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "http/answer_cache.h"
#include "base/banned.h"

struct entry {
	struct db_revision rev;
	char key[ANSWER_KEY_MAX + 1]; /* "" when the slot is empty */
	char etag[ANSWER_ETAG_MAX];
	char *body;
	size_t len;
};

struct answer_cache {
	struct db_revision rev; /* read by the last sync */
	int synced;		/* 0 until a sync succeeds, and after one fails */
	struct entry slots[ANSWER_CACHE_SLOTS];
};

/* FNV-1a: keys are short and not chosen to collide on purpose (a collision only
 * costs a miss). */
static size_t slot_of(const char *key)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)key; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	return h % ANSWER_CACHE_SLOTS;
}

struct answer_cache *answer_cache_new(void)
{
	return calloc(1, sizeof(struct answer_cache));
}

void answer_cache_free(struct answer_cache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < ANSWER_CACHE_SLOTS; i++)
		free(c->slots[i].body);
	free(c);
}

int answer_cache_sync(struct answer_cache *c, struct db *db, struct bm_err *err)
{
	int rc = db_revision_get(db, &c->rev, err);

	c->synced = rc == 0;
	return rc;
}

int answer_cache_get(struct answer_cache *c, const char *key, struct answer *out)
{
	const struct entry *e = &c->slots[slot_of(key)];

	if (!c->synced || e->body == NULL || !db_revision_equal(&e->rev, &c->rev) ||
	    strcmp(e->key, key) != 0)
		return 0;
	out->body = e->body;
	out->len = e->len;
	out->etag = e->etag;
	return 1;
}

void answer_cache_put(struct answer_cache *c, const char *key, const char *body, size_t len,
		      const char *etag)
{
	struct entry *e = &c->slots[slot_of(key)];
	char *copy;

	if (!c->synced || strlen(key) > ANSWER_KEY_MAX || strlen(etag) >= ANSWER_ETAG_MAX ||
	    len > ANSWER_BODY_MAX)
		return;
	copy = malloc(len > 0 ? len : 1);
	if (copy == NULL)
		return;
	memcpy(copy, body, len);
	free(e->body);
	e->body = copy;
	e->len = len;
	e->rev = c->rev;
	bm_strlcpy(e->key, key, sizeof(e->key));
	bm_strlcpy(e->etag, etag, sizeof(e->etag));
}
