/*
 * ratelimit.c - bounded table of token buckets behind one mutex.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "http/ratelimit.h"
#include "base/banned.h"

#define SLOTS  4096 /* power of two */
#define PROBE  8
#define KEYLEN 64

struct bucket {
	char key[KEYLEN];
	double tokens;
	int64_t last; /* ms of the last refill; 0 = empty slot */
};

struct ratelimit {
	pthread_mutex_t lock;
	double per_ms;
	double burst;
	struct bucket slot[SLOTS];
};

struct ratelimit *ratelimit_new(int per_minute, int burst)
{
	struct ratelimit *rl = calloc(1, sizeof(*rl));

	if (rl == NULL)
		return NULL;
	pthread_mutex_init(&rl->lock, NULL);
	rl->per_ms = per_minute / 60000.0;
	rl->burst = burst;
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603u; /* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

int ratelimit_take(struct ratelimit *rl, const char *key, int64_t now_ms, int *retry_after)
{
	size_t h = hash(key), victim = h & (SLOTS - 1);
	struct bucket *b = NULL;
	int ok;

	if (now_ms <= 0)
		now_ms = 1;
	pthread_mutex_lock(&rl->lock);
	for (size_t k = 0; k < PROBE; k++) {
		struct bucket *c = &rl->slot[(h + k) & (SLOTS - 1)];
		if (c->last != 0 && strcmp(c->key, key) == 0) {
			b = c;
			break;
		}
		if (c->last < rl->slot[victim].last)
			victim = (h + k) & (SLOTS - 1);
	}
	if (b == NULL) {
		b = &rl->slot[victim];
		bm_strlcpy(b->key, key, sizeof(b->key));
		b->tokens = rl->burst;
		b->last = now_ms;
	}
	b->tokens += (double)(now_ms - b->last) * rl->per_ms;
	if (b->tokens > rl->burst)
		b->tokens = rl->burst;
	b->last = now_ms;
	ok = b->tokens >= 1.0;
	if (ok)
		b->tokens -= 1.0;
	else if (retry_after != NULL)
		*retry_after = (int)((1.0 - b->tokens) / rl->per_ms / 1000.0) + 1;
	pthread_mutex_unlock(&rl->lock);
	return ok;
}
