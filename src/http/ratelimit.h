/*
 * ratelimit.h - token buckets keyed by client address, shared by all loop threads.
 *
 * Each key refills at per_minute tokens a minute up to burst. The table has a fixed
 * size; when it is full, the least recently used bucket in the probe window is
 * recycled, so memory stays bounded under an address-spraying attack (the cost is
 * that such an attacker's buckets start full). The limit is per server process.
 */
#ifndef BM_RATELIMIT_H
#define BM_RATELIMIT_H

#include <stdint.h>

struct ratelimit;

struct ratelimit *ratelimit_new(int per_minute, int burst);
void ratelimit_free(struct ratelimit *rl);
/* Take one token for key at monotonic time now_ms. 1 = allowed; 0 = refused, with
 * *retry_after (seconds) until the next token. */
int ratelimit_take(struct ratelimit *rl, const char *key, int64_t now_ms, int *retry_after);

#endif
