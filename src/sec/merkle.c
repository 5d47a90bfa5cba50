/*
 * merkle.c - RFC 6962 tree hashing over a frontier of perfect subtrees.
 */
#include <sodium.h>
#include <string.h>

#include "base/err.h"
#include "sec/merkle.h"
#include "base/banned.h"

void merkle_init(struct merkle *m)
{
	memset(m, 0, sizeof(*m));
}

void merkle_leaf_hash(const void *data, size_t len, unsigned char out[MERKLE_HASH])
{
	crypto_hash_sha256_state st;
	const unsigned char prefix = 0x00;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &prefix, 1);
	crypto_hash_sha256_update(&st, data, len);
	crypto_hash_sha256_final(&st, out);
}

void merkle_node_hash(const unsigned char left[MERKLE_HASH], const unsigned char right[MERKLE_HASH],
		      unsigned char out[MERKLE_HASH])
{
	crypto_hash_sha256_state st;
	const unsigned char prefix = 0x01;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &prefix, 1);
	crypto_hash_sha256_update(&st, left, MERKLE_HASH);
	crypto_hash_sha256_update(&st, right, MERKLE_HASH);
	crypto_hash_sha256_final(&st, out);
}

void merkle_append(struct merkle *m, const unsigned char leaf[MERKLE_HASH])
{
	unsigned char h[MERKLE_HASH];
	int level = 0;

	memcpy(h, leaf, MERKLE_HASH);
	/* Carry like binary addition: equal-sized subtrees merge, left one first. */
	while (m->size & ((uint64_t)1 << level)) {
		merkle_node_hash(m->node[level], h, h);
		level++;
	}
	memcpy(m->node[level], h, MERKLE_HASH);
	m->size++;
}

void merkle_root(const struct merkle *m, unsigned char out[MERKLE_HASH])
{
	unsigned char r[MERKLE_HASH];
	int have = 0;

	if (m->size == 0) {
		crypto_hash_sha256(out, (const unsigned char *)"", 0);
		return;
	}
	/* Fold from the smallest subtree (rightmost leaves) to the largest. */
	for (int level = 0; level < MERKLE_MAX_LEVEL; level++) {
		if (!(m->size & ((uint64_t)1 << level)))
			continue;
		if (!have) {
			memcpy(r, m->node[level], MERKLE_HASH);
			have = 1;
		} else {
			merkle_node_hash(m->node[level], r, r);
		}
	}
	memcpy(out, r, MERKLE_HASH);
}

size_t merkle_save(const struct merkle *m, unsigned char *out)
{
	size_t off = 8;

	for (int i = 0; i < 8; i++)
		out[i] = (unsigned char)(m->size >> (56 - 8 * i));
	for (int level = 0; level < MERKLE_MAX_LEVEL; level++) {
		if (m->size & ((uint64_t)1 << level)) {
			memcpy(out + off, m->node[level], MERKLE_HASH);
			off += MERKLE_HASH;
		}
	}
	return off;
}

int merkle_load(struct merkle *m, const unsigned char *in, size_t len)
{
	size_t off = 8;

	merkle_init(m);
	if (len == 0)
		return 0;
	if (len < 8)
		return BM_EINVAL;
	for (int i = 0; i < 8; i++)
		m->size = m->size << 8 | in[i];
	for (int level = 0; level < MERKLE_MAX_LEVEL; level++) {
		if (!(m->size & ((uint64_t)1 << level)))
			continue;
		if (len - off < MERKLE_HASH)
			return BM_EINVAL;
		memcpy(m->node[level], in + off, MERKLE_HASH);
		off += MERKLE_HASH;
	}
	return off == len ? 0 : BM_EINVAL;
}
