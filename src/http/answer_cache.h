/*
 * answer_cache.h - a worker's memory of encoded public answers (the body bytes and
 * their ETag), keyed by a short string such as a certificate number, so that a popular
 * lookup is answered without reading the database or writing JSON again.
 *
 * Contract:
 * - One cache per worker thread, used with that worker's database connection only; no
 *   locking.
 * - An answer may be cached only when it depends on nothing but the database and the
 *   key: not on the caller, the clock or the request's headers.
 * - answer_cache_sync() reads the connection's revision (db_revision_get: commits by any
 *   connection or process, `baomi jobs run` included, and this connection's own writes)
 *   and must be called once per request before answer_cache_get() or answer_cache_put(),
 *   and before reading the data the answer to put is built from. An entry is tagged with
 *   the revision that sync read and is returned only while the revision stays the same:
 *   any write to the database invalidates every entry (conservative), so a suspension or
 *   revocation shows on the very next lookup.
 * - Bounded: ANSWER_CACHE_SLOTS entries, direct-mapped by the key's hash; a put replaces
 *   whatever its slot held. Keys longer than ANSWER_KEY_MAX bytes are never cached.
 */
#ifndef BM_ANSWER_CACHE_H
#define BM_ANSWER_CACHE_H

#include <stddef.h>

#include "base/err.h"
#include "store/db.h"

#define ANSWER_CACHE_SLOTS 1024
#define ANSWER_KEY_MAX	   63
#define ANSWER_ETAG_MAX	   40 /* with the quotes and the NUL */
#define ANSWER_BODY_MAX	   (64u << 10)

struct answer {
	const char *body; /* len bytes, owned by the cache */
	size_t len;
	const char *etag; /* as sent, quotes included */
};

struct answer_cache;

/* An empty cache, or NULL when out of memory. */
struct answer_cache *answer_cache_new(void);
/* Free c and every entry; NULL is fine. */
void answer_cache_free(struct answer_cache *c);

/* Read db's revision for the lookups and puts that follow. On failure (err filled)
 * the cache answers nothing and keeps nothing until the next successful sync. */
int answer_cache_sync(struct answer_cache *c, struct db *db, struct bm_err *err);

/* The answer kept for key at the current revision, or 0 when there is none. *out
 * points into the cache and stays valid until the next put or free. */
int answer_cache_get(struct answer_cache *c, const char *key, struct answer *out);

/* Keep a copy of body (len bytes) and etag for key, tagged with the revision of the
 * last sync. Silently keeps nothing when the key, the ETag or the body is too long,
 * memory is short or the last sync failed: the cache is only ever an optimisation. */
void answer_cache_put(struct answer_cache *c, const char *key, const char *body, size_t len,
		      const char *etag);

#endif
