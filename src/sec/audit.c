/*
 * audit.c - appending, signing and verifying the audit trail.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "sec/audit.h"
#include "sec/merkle.h"
#include "store/db.h"
#include "base/banned.h"

#define ENTRY_MAGIC "BMA1"
#define HEAD_MAGIC  "BMH1"
#define ENTRY_MAX   (1u << 20) /* an encoded entry never exceeds 1 MiB */

static int put_u64(struct buf *b, uint64_t v)
{
	unsigned char x[8];

	for (int i = 0; i < 8; i++)
		x[i] = (unsigned char)(v >> (56 - 8 * i));
	return buf_append(b, x, 8);
}

static int put_str(struct buf *b, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;
	unsigned char x[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16),
			       (unsigned char)(n >> 8), (unsigned char)n };
	int rc = buf_append(b, x, 4);

	return rc != 0 ? rc : buf_append(b, s != NULL ? s : "", n);
}

int audit_entry_encode(const struct audit_row *r, struct buf *out)
{
	int rc = buf_append(out, ENTRY_MAGIC, 4);

	rc = rc ? rc : put_u64(out, (uint64_t)r->seq);
	rc = rc ? rc : put_u64(out, (uint64_t)r->ts);
	rc = rc ? rc : put_u64(out, (uint64_t)r->actor_id);
	rc = rc ? rc : put_str(out, r->actor_login);
	rc = rc ? rc : put_str(out, r->actor_roles);
	rc = rc ? rc : put_str(out, r->action);
	rc = rc ? rc : put_str(out, r->object_type);
	rc = rc ? rc : put_str(out, r->object_id);
	rc = rc ? rc : put_str(out, r->outcome);
	rc = rc ? rc : put_str(out, r->request_id);
	rc = rc ? rc : put_str(out, r->client_addr);
	rc = rc ? rc : put_str(out, r->details);
	return rc;
}

static int leaf_of(const struct audit_row *r, unsigned char out[MERKLE_HASH], struct bm_err *err)
{
	struct buf b;
	int rc;

	buf_init(&b, ENTRY_MAX);
	rc = audit_entry_encode(r, &b);
	if (rc == 0)
		merkle_leaf_hash(b.data, b.len, out);
	buf_release(&b);
	if (rc != 0)
		return bm_err_set(err, BM_ETOOBIG, "audit_entry_too_large", NULL,
				  "audit entry too large");
	return 0;
}

void audit_head_message(int64_t size, int64_t ts, const unsigned char root[32],
			unsigned char out[52])
{
	memcpy(out, HEAD_MAGIC, 4);
	for (int i = 0; i < 8; i++) {
		out[4 + i] = (unsigned char)((uint64_t)size >> (56 - 8 * i));
		out[12 + i] = (unsigned char)((uint64_t)ts >> (56 - 8 * i));
	}
	memcpy(out + 20, root, 32);
}

static int sign_head(struct db *db, const struct keys *keys, int64_t size, int64_t ts,
		     const unsigned char root[32], struct bm_err *err)
{
	struct audit_head h;
	unsigned char msg[52];

	memset(&h, 0, sizeof(h));
	h.size = size;
	h.ts = ts;
	memcpy(h.root, root, 32);
	bm_strlcpy(h.key_id, keys->audit_key_id, sizeof(h.key_id));
	audit_head_message(size, ts, root, msg);
	crypto_sign_detached(h.sig, NULL, msg, sizeof(msg), keys->audit_sk);
	return audit_repo_head_insert(db, &h, err);
}

int audit_append(struct db *db, const struct keys *keys, int interval, struct audit_row *r,
		 struct bm_err *err)
{
	unsigned char frontier[MERKLE_FRONTIER_MAX], leaf[MERKLE_HASH];
	struct merkle m;
	size_t len;
	int64_t size;
	int rc;

	if (!db_in_tx(db)) {
		log_error("BUG: audit_append outside a transaction");
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "audit outside transaction");
	}
	rc = audit_repo_state_get(db, &size, frontier, sizeof(frontier), &len, err);
	if (rc != 0)
		return rc;
	if (merkle_load(&m, frontier, len) != 0 || (int64_t)m.size != size)
		return bm_err_set(err, BM_EINTERNAL, "audit_state_corrupt", NULL,
				  "audit frontier is inconsistent; run baomi audit verify");
	r->seq = size + 1;
	rc = leaf_of(r, leaf, err);
	if (rc != 0)
		return rc;
	merkle_append(&m, leaf);
	merkle_root(&m, r->root);
	rc = audit_repo_insert(db, r, err);
	if (rc == 0) {
		len = merkle_save(&m, frontier);
		rc = audit_repo_state_put(db, r->seq, frontier, len, err);
	}
	if (rc == 0 && interval > 0 && r->seq % interval == 0)
		rc = sign_head(db, keys, r->seq, r->ts, r->root, err);
	return rc;
}

int audit_sign_current(struct db *db, const struct keys *keys, struct bm_err *err)
{
	unsigned char frontier[MERKLE_FRONTIER_MAX], root[MERKLE_HASH];
	struct merkle m;
	size_t len;
	int64_t size, last;
	int rc = db_begin(db, DB_TX_WRITE, err);

	if (rc != 0)
		return rc;
	rc = audit_repo_state_get(db, &size, frontier, sizeof(frontier), &len, err);
	if (rc == 0)
		rc = audit_repo_last_head_size(db, &last, err);
	if (rc == 0 && size > last) {
		if (merkle_load(&m, frontier, len) != 0 || (int64_t)m.size != size) {
			rc = bm_err_set(err, BM_EINTERNAL, "audit_state_corrupt", NULL,
					"audit frontier is inconsistent");
		} else {
			merkle_root(&m, root);
			rc = sign_head(db, keys, size, bm_now_ms(), root, err);
		}
	}
	if (rc == 0)
		return db_commit(db, err);
	db_rollback(db);
	return rc;
}

/* ---- verification ---- */

struct head_list {
	struct audit_head *v;
	size_t n, cap;
};

static int collect_head(void *ctx, const void *rec)
{
	struct head_list *l = ctx;

	if (l->n == l->cap) {
		size_t cap = l->cap != 0 ? l->cap * 2 : 64;
		struct audit_head *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return BM_EINTERNAL;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *(const struct audit_head *)rec;
	return 0;
}

struct verify_state {
	const unsigned char *pk;
	struct audit_report *rep;
	struct head_list heads;
	size_t next_head;     /* index of the next head to meet */
	int64_t good_through; /* size of the last head that verified */
	struct merkle m;
	struct bm_err *err;
};

static int fail(struct verify_state *vs, int64_t seq, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct verify_state *vs, int64_t seq, const char *fmt, ...)
{
	va_list ap;

	vs->rep->first_bad = seq;
	va_start(ap, fmt);
	vsnprintf(vs->rep->problem, sizeof(vs->rep->problem), fmt, ap);
	va_end(ap);
	return 1; /* stop the scan */
}

static int head_verifies(const struct verify_state *vs, const struct audit_head *h,
			 const unsigned char root[32])
{
	unsigned char msg[52];
	char kid[KEY_ID_LEN];

	keys_key_id(vs->pk, kid);
	if (!h->shape_ok || strcmp(h->key_id, kid) != 0 || sodium_memcmp(h->root, root, 32) != 0)
		return 0;
	audit_head_message(h->size, h->ts, h->root, msg);
	return crypto_sign_verify_detached(h->sig, msg, sizeof(msg), vs->pk) == 0;
}

static int verify_entry(void *ctx, const void *rec)
{
	struct verify_state *vs = ctx;
	const struct audit_row *r = rec;
	int64_t expected = (int64_t)vs->m.size + 1;
	unsigned char leaf[MERKLE_HASH], root[MERKLE_HASH];
	int rc;

	if (r->seq != expected)
		return fail(vs, expected, "entry %lld is missing (the next entry is %lld)",
			    (long long)expected, (long long)r->seq);
	rc = leaf_of(r, leaf, vs->err);
	if (rc != 0)
		return rc;
	merkle_append(&vs->m, leaf);
	merkle_root(&vs->m, root);
	vs->rep->entries++;
	if (!r->root_ok || sodium_memcmp(root, r->root, 32) != 0)
		return fail(vs, r->seq,
			    "entry %lld does not match the tree head recorded with it: it was "
			    "modified, inserted or moved, or an earlier entry was removed",
			    (long long)r->seq);
	while (vs->next_head < vs->heads.n && vs->heads.v[vs->next_head].size == r->seq) {
		const struct audit_head *h = &vs->heads.v[vs->next_head++];
		vs->rep->heads++;
		if (!head_verifies(vs, h, root))
			return fail(vs, vs->good_through + 1,
				    "the signed tree head at size %lld does not verify: entries "
				    "%lld..%lld were rewritten",
				    (long long)h->size, (long long)(vs->good_through + 1),
				    (long long)h->size);
		vs->good_through = h->size;
	}
	return 0;
}

int audit_verify(struct db *db, const unsigned char pk[32], struct audit_report *rep,
		 struct bm_err *err)
{
	struct verify_state vs;
	unsigned char frontier[MERKLE_FRONTIER_MAX];
	size_t len;
	int64_t state_size = 0;
	int rc;

	memset(rep, 0, sizeof(*rep));
	memset(&vs, 0, sizeof(vs));
	vs.pk = pk;
	vs.rep = rep;
	vs.err = err;
	merkle_init(&vs.m);
	rc = db_begin(db, DB_TX_READ, err);
	if (rc != 0)
		return rc;
	rc = audit_repo_heads(db, collect_head, &vs.heads, err);
	if (rc == 0) {
		for (size_t i = 0; i < vs.heads.n; i++) {
			if (vs.heads.v[i].size <= 0) {
				fail(&vs, 1, "a signed head has an impossible size %lld",
				     (long long)vs.heads.v[i].size);
				goto done;
			}
		}
		rc = audit_repo_scan(db, verify_entry, &vs, err);
	}
	if (rc != 0 || rep->first_bad != 0)
		goto done;
	if (vs.next_head < vs.heads.n) {
		const struct audit_head *h = &vs.heads.v[vs.heads.n - 1];
		fail(&vs, (int64_t)vs.m.size + 1,
		     "the log ends at entry %lld but a signed head covers %lld entries: the tail "
		     "was truncated",
		     (long long)vs.m.size, (long long)h->size);
		goto done;
	}
	rc = audit_repo_state_get(db, &state_size, frontier, sizeof(frontier), &len, err);
	if (rc == 0 && state_size > (int64_t)vs.m.size)
		fail(&vs, (int64_t)vs.m.size + 1,
		     "the log ends at entry %lld but %lld entries were appended: the tail was "
		     "truncated",
		     (long long)vs.m.size, (long long)state_size);
done:
	db_rollback(db);
	free(vs.heads.v);
	if (rc != 0)
		return rc;
	return rep->first_bad != 0 ? BM_ECONFLICT : 0;
}
