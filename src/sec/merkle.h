/*
 * merkle.h - RFC 6962 Merkle tree hashing with SHA-256, kept as a frontier.
 *
 * leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right), and the root
 * of n leaves splits at the largest power of two below n (RFC 6962 §2.1). The empty
 * tree's root is SHA-256(""). The frontier holds one subtree root per set bit of the
 * size, which is all an append and a root computation need.
 */
#ifndef BM_MERKLE_H
#define BM_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH	 32
#define MERKLE_MAX_LEVEL 64
/* Largest serialized frontier: size (8 bytes) + one hash per level. */
#define MERKLE_FRONTIER_MAX (8 + MERKLE_MAX_LEVEL * MERKLE_HASH)

struct merkle {
	uint64_t size;
	unsigned char node[MERKLE_MAX_LEVEL][MERKLE_HASH]; /* node[i] valid when bit i of size */
};

void merkle_init(struct merkle *m);
void merkle_leaf_hash(const void *data, size_t len, unsigned char out[MERKLE_HASH]);
void merkle_node_hash(const unsigned char left[MERKLE_HASH], const unsigned char right[MERKLE_HASH],
		      unsigned char out[MERKLE_HASH]);
/* Append a leaf hash. */
void merkle_append(struct merkle *m, const unsigned char leaf[MERKLE_HASH]);
/* The tree head (root) over all appended leaves. */
void merkle_root(const struct merkle *m, unsigned char out[MERKLE_HASH]);

/* Serialize into out (MERKLE_FRONTIER_MAX bytes); returns the length written. */
size_t merkle_save(const struct merkle *m, unsigned char *out);
/* Load a serialized frontier; 0, or BM_EINVAL when the bytes are inconsistent. */
int merkle_load(struct merkle *m, const unsigned char *in, size_t len);

#endif
