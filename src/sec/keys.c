/*
 * keys.c - creating, loading and wiping the key files.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/str.h"
#include "sec/keys.h"
#include "base/banned.h"

#define MAC_KDF_CONTEXT "bmauditm"
#define MAX_KEY_HEX	256

static int write_hex_file(const char *path, const unsigned char *bytes, size_t n, mode_t mode,
			  struct bm_err *err)
{
	char hex[MAX_KEY_HEX + 2];
	int fd, rc = 0;
	size_t len;

	bm_hex_encode(bytes, n, hex);
	len = strlen(hex);
	hex[len++] = '\n';
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return bm_err_set(err, BM_EIO, "key_write_failed", NULL, "cannot create %s: %s",
				  path, strerror(errno));
	if (fchmod(fd, mode) != 0 || write(fd, hex, len) != (ssize_t)len || fsync(fd) != 0)
		rc = bm_err_set(err, BM_EIO, "key_write_failed", NULL, "cannot write %s: %s", path,
				strerror(errno));
	close(fd);
	sodium_memzero(hex, sizeof(hex));
	return rc;
}

/* Read exactly n bytes of hex from path into out. */
static int read_hex_file(const char *path, unsigned char *out, size_t n, struct bm_err *err)
{
	char hex[MAX_KEY_HEX + 2];
	ssize_t got;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bm_err_set(err, BM_EIO, "key_missing", NULL, "cannot open %s: %s", path,
				  strerror(errno));
	got = read(fd, hex, sizeof(hex) - 1);
	close(fd);
	if (got < 0)
		return bm_err_set(err, BM_EIO, "key_unreadable", NULL, "cannot read %s", path);
	hex[got] = '\0';
	while (got > 0 && (hex[got - 1] == '\n' || hex[got - 1] == '\r'))
		hex[--got] = '\0';
	if (bm_hex_decode(hex, out, n) != 0)
		rc = bm_err_set(err, BM_EINVAL, "key_malformed", NULL,
				"%s does not hold a %zu-byte hex key", path, n);
	sodium_memzero(hex, sizeof(hex));
	return rc;
}

void keys_key_id(const unsigned char pk[crypto_sign_PUBLICKEYBYTES], char out[KEY_ID_LEN])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), pk, crypto_sign_PUBLICKEYBYTES, NULL, 0);
	bm_hex_encode(h, 8, out);
}

int keys_create(const char *data_dir, struct bm_err *err)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char *sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	unsigned char *master = sodium_malloc(32);
	char dir[PATH_MAX], path[PATH_MAX];
	int rc = BM_EINTERNAL;

	if (sk == NULL || master == NULL) {
		bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of secure memory");
		goto out;
	}
	if (bm_path_join(dir, sizeof(dir), data_dir, "keys") != 0) {
		rc = bm_err_set(err, BM_EINVAL, "path_too_long", NULL,
				"data directory path too long");
		goto out;
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		rc = bm_err_set(err, BM_EIO, "key_write_failed", NULL, "cannot create %s: %s", dir,
				strerror(errno));
		goto out;
	}
	crypto_sign_keypair(pk, sk);
	randombytes_buf(master, 32);
	bm_path_join(path, sizeof(path), dir, "audit.key");
	if ((rc = write_hex_file(path, sk, crypto_sign_SECRETKEYBYTES, 0600, err)) != 0)
		goto out;
	bm_path_join(path, sizeof(path), dir, "audit.pub");
	if ((rc = write_hex_file(path, pk, sizeof(pk), 0644, err)) != 0)
		goto out;
	bm_path_join(path, sizeof(path), dir, "master.key");
	rc = write_hex_file(path, master, 32, 0600, err);
out:
	sodium_free(sk);
	sodium_free(master);
	return rc;
}

int keys_load(struct keys *k, const char *data_dir, struct bm_err *err)
{
	char path[PATH_MAX];
	int rc;

	memset(k, 0, sizeof(*k));
	k->audit_sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	k->master = sodium_malloc(32);
	k->mac_key = sodium_malloc(32);
	if (k->audit_sk == NULL || k->master == NULL || k->mac_key == NULL) {
		keys_release(k);
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of secure memory");
	}
	if (bm_path_join(path, sizeof(path), data_dir, "keys/audit.key") != 0) {
		keys_release(k);
		return bm_err_set(err, BM_EINVAL, "path_too_long", NULL,
				  "data directory path too long");
	}
	rc = read_hex_file(path, k->audit_sk, crypto_sign_SECRETKEYBYTES, err);
	if (rc == 0) {
		bm_path_join(path, sizeof(path), data_dir, "keys/master.key");
		rc = read_hex_file(path, k->master, 32, err);
	}
	if (rc != 0) {
		keys_release(k);
		return rc;
	}
	crypto_sign_ed25519_sk_to_pk(k->audit_pk, k->audit_sk);
	keys_key_id(k->audit_pk, k->audit_key_id);
	crypto_kdf_derive_from_key(k->mac_key, 32, 1, MAC_KDF_CONTEXT, k->master);
	sodium_mprotect_readonly(k->audit_sk);
	sodium_mprotect_readonly(k->master);
	sodium_mprotect_readonly(k->mac_key);
	return 0;
}

void keys_release(struct keys *k)
{
	sodium_free(k->audit_sk);
	sodium_free(k->master);
	sodium_free(k->mac_key);
	memset(k, 0, sizeof(*k));
}

int keys_read_public(const char *path, unsigned char pk[crypto_sign_PUBLICKEYBYTES],
		     struct bm_err *err)
{
	return read_hex_file(path, pk, crypto_sign_PUBLICKEYBYTES, err);
}
