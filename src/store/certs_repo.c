/*
 * certs_repo.c - certificates, issuances, signing keys, number counters and the
 * stored status list. Civil dates are TEXT 'YYYY-MM-DD' in SQL, day numbers in C.
 */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "store/certs_repo.h"
#include "store/db.h"
#include "store/repo_util.h"
#include "base/banned.h"

#define CERT_COLUMNS                                                                               \
	"id, number, application_id, predecessor_id, unit_id, unit_name, uscc, region,"            \
	" scheme_id, scheme_version, grade, categories, issued, valid_from, valid_until,"          \
	" authority_id, authority_name, status_index, kid, payload, state, state_since,"           \
	" suspension_start, suspension_end, decided_by, confirmed_by, created_at, updated_at,"     \
	" version, paper_issued, reports_from"

static void cert_read(struct db_stmt *st, struct cert_rec *c)
{
	enum certlife_state s = CL_VALID;

	memset(c, 0, sizeof(*c));
	c->id = db_int(st, 0);
	bm_strlcpy(c->number, db_text(st, 1), sizeof(c->number));
	c->application_id = db_int(st, 2);
	c->predecessor_id = db_int(st, 3);
	c->unit_id = db_int(st, 4);
	bm_strlcpy(c->unit_name, db_text(st, 5), sizeof(c->unit_name));
	bm_strlcpy(c->uscc, db_text(st, 6), sizeof(c->uscc));
	bm_strlcpy(c->region, db_text(st, 7), sizeof(c->region));
	bm_strlcpy(c->scheme_id, db_text(st, 8), sizeof(c->scheme_id));
	c->scheme_version = (int)db_int(st, 9);
	bm_strlcpy(c->grade, db_text(st, 10), sizeof(c->grade));
	bm_strlcpy(c->categories, db_text(st, 11), sizeof(c->categories));
	c->issued = repo_date_col(st, 12);
	c->valid_from = repo_date_col(st, 13);
	c->valid_until = repo_date_col(st, 14);
	c->authority_id = db_int(st, 15);
	bm_strlcpy(c->authority_name, db_text(st, 16), sizeof(c->authority_name));
	c->status_index = (uint32_t)db_int(st, 17);
	bm_strlcpy(c->kid, db_text(st, 18), sizeof(c->kid));
	bm_strlcpy(c->payload, db_text(st, 19), sizeof(c->payload));
	certlife_state_parse(db_text(st, 20), &s);
	c->state = s;
	c->state_since = repo_date_col(st, 21);
	c->suspension_start = repo_date_col(st, 22);
	c->suspension_end = repo_date_col(st, 23);
	c->decided_by = db_int(st, 24);
	c->confirmed_by = db_int(st, 25);
	c->created_at = db_int(st, 26);
	c->updated_at = db_int(st, 27);
	c->version = db_int(st, 28);
	c->paper_issued = repo_date_col(st, 29);
	c->reports_from = repo_date_col(st, 30);
}

int certs_repo_insert(struct db *db, struct cert_rec *c, struct bm_err *err)
{
	char d[8][BM_DATE_LEN];
	int rc;

	rc = db_exec_int(
		db,
		"INSERT INTO certificates (number, application_id, predecessor_id, unit_id,"
		" unit_name, uscc, region, scheme_id, scheme_version, grade, categories, issued,"
		" valid_from, valid_until, authority_id, authority_name, status_index, kid,"
		" payload, state, state_since, suspension_start, suspension_end, decided_by,"
		" confirmed_by, created_at, updated_at, version, paper_issued, reports_from)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"?,"
		" ?, ?, 1, ?, ?) RETURNING id",
		DB_ARGS(DB_TEXT(c->number), DB_ID_OR_NULL(c->application_id),
			DB_ID_OR_NULL(c->predecessor_id), DB_INT(c->unit_id), DB_TEXT(c->unit_name),
			DB_TEXT(c->uscc), DB_TEXT(c->region), DB_TEXT(c->scheme_id),
			DB_INT(c->scheme_version), DB_TEXT(c->grade), DB_TEXT(c->categories),
			repo_date_arg(c->issued, d[0]), repo_date_arg(c->valid_from, d[1]),
			repo_date_arg(c->valid_until, d[2]), DB_INT(c->authority_id),
			DB_TEXT(c->authority_name), DB_INT(c->status_index), DB_TEXT(c->kid),
			DB_TEXT(c->payload), DB_TEXT(certlife_state_name(c->state)),
			repo_date_arg(c->state_since, d[3]),
			repo_date_arg(c->suspension_start, d[4]),
			repo_date_arg(c->suspension_end, d[5]), DB_ID_OR_NULL(c->decided_by),
			DB_ID_OR_NULL(c->confirmed_by), DB_INT(c->created_at),
			DB_INT(c->updated_at), repo_date_arg(c->paper_issued, d[6]),
			repo_date_arg(c->reports_from, d[7])),
		&c->id, err);
	if (rc == 0)
		c->version = 1;
	return rc;
}

static int get_one(struct db *db, const char *sql, struct db_arg arg, struct cert_rec *c,
		   struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, sql, &arg, 1, err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		cert_read(st, c);
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "certificate not found");
	return rc < 0 ? rc : 0;
}

int certs_repo_get(struct db *db, int64_t id, struct cert_rec *c, struct bm_err *err)
{
	return get_one(db, "SELECT " CERT_COLUMNS " FROM certificates WHERE id = ?", DB_INT(id), c,
		       err);
}

int certs_repo_get_by_number(struct db *db, const char *number, struct cert_rec *c,
			     struct bm_err *err)
{
	return get_one(db, "SELECT " CERT_COLUMNS " FROM certificates WHERE number = ?",
		       DB_TEXT(number), c, err);
}

/* q for LIKE: % and _ and the escape character itself taken literally. */
static char *like_pattern(const char *q)
{
	size_t n = strlen(q);
	char *out = malloc(2 * n + 3), *p = out;

	if (out == NULL)
		return NULL;
	*p++ = '%';
	for (const char *s = q; *s != '\0'; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p++ = '%';
	*p = '\0';
	return out;
}

int certs_repo_list(struct db *db, const struct cert_filter *f, visit_fn fn, void *ctx,
		    struct bm_err *err)
{
	char *like = f->q != NULL ? like_pattern(f->q) : NULL;
	struct cert_rec *c = malloc(sizeof(*c));
	struct db_stmt *st;
	int rc;

	if (c == NULL || (f->q != NULL && like == NULL)) {
		free(c);
		free(like);
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	}
	rc = db_query(db, &st,
		      "SELECT " CERT_COLUMNS " FROM certificates"
		      " WHERE id > ?1 AND (?2 = 0 OR unit_id = ?2)"
		      " AND (?3 IS NULL OR substr(region, 1, length(?3)) = ?3)"
		      " AND (?4 IS NULL OR scheme_id = ?4) AND (?5 IS NULL OR grade = ?5)"
		      " AND (?6 IS NULL OR state = ?6)"
		      " AND (?7 IS NULL OR unit_name LIKE ?8 ESCAPE '\\' OR uscc = ?7"
		      "      OR number = ?7)"
		      " AND (?9 = 0 OR application_id = ?9)"
		      " ORDER BY id",
		      DB_ARGS(DB_INT(f->after_id), DB_INT(f->unit_id), DB_TEXT(f->region_prefix),
			      DB_TEXT(f->scheme_id), DB_TEXT(f->grade), DB_TEXT(f->state),
			      DB_TEXT(f->q), DB_TEXT(like), DB_INT(f->application_id)),
		      err);
	if (rc == 0) {
		while ((rc = db_next_err(st, err)) == DB_ROW) {
			cert_read(st, c);
			rc = fn(ctx, c);
			if (rc != 0)
				break;
		}
		db_done(st);
	}
	free(c);
	free(like);
	return rc < 0 ? rc : 0;
}

int certs_repo_next_index(struct db *db, int64_t *idx, struct bm_err *err)
{
	return db_exec_int(db, "SELECT COALESCE(MAX(status_index) + 1, 0) FROM certificates",
			   DB_NOARGS, idx, err);
}

int certs_repo_statuses(struct db *db, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT status_index, state FROM certificates ORDER BY id",
			  DB_NOARGS, err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		struct cert_status_row r = { (uint32_t)db_int(st, 0), CL_VALID };
		enum certlife_state s = CL_VALID;
		certlife_state_parse(db_text(st, 1), &s);
		r.state = s;
		rc = fn(ctx, &r);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int certs_repo_next_seq(struct db *db, const char *scheme_id, int year, int64_t *seq,
			struct bm_err *err)
{
	int64_t changes = 0;
	int rc = db_exec(db, "UPDATE cert_counters SET n = n + 1 WHERE scheme_id = ? AND year = ?",
			 DB_ARGS(DB_TEXT(scheme_id), DB_INT(year)), &changes, err);

	if (rc == 0 && changes == 0)
		rc = db_exec(db, "INSERT INTO cert_counters (scheme_id, year, n) VALUES (?, ?, 1)",
			     DB_ARGS(DB_TEXT(scheme_id), DB_INT(year)), NULL, err);
	if (rc == 0)
		rc = db_exec_int(db, "SELECT n FROM cert_counters WHERE scheme_id = ? AND year = ?",
				 DB_ARGS(DB_TEXT(scheme_id), DB_INT(year)), seq, err);
	return rc;
}

/* ---- issuances ---- */

int issuances_repo_insert(struct db *db, struct issuance_rec *r, struct bm_err *err)
{
	bm_strlcpy(r->state, "pending", sizeof(r->state));
	return db_exec_int(db,
			   "INSERT INTO cert_issuances (application_id, authority_id, decided_by,"
			   " decided_at, state) VALUES (?, ?, ?, ?, 'pending') RETURNING id",
			   DB_ARGS(DB_INT(r->application_id), DB_INT(r->authority_id),
				   DB_ID_OR_NULL(r->decided_by), DB_INT(r->decided_at)),
			   &r->id, err);
}

int issuances_repo_get_by_app(struct db *db, int64_t application_id, struct issuance_rec *r,
			      struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT id, application_id, authority_id, decided_by, decided_at, state,"
			  " confirmed_by, confirmed_at, certificate_id FROM cert_issuances"
			  " WHERE application_id = ?",
			  DB_ARGS(DB_INT(application_id)), err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW) {
		memset(r, 0, sizeof(*r));
		r->id = db_int(st, 0);
		r->application_id = db_int(st, 1);
		r->authority_id = db_int(st, 2);
		r->decided_by = db_int(st, 3);
		r->decided_at = db_int(st, 4);
		bm_strlcpy(r->state, db_text(st, 5), sizeof(r->state));
		r->confirmed_by = db_int(st, 6);
		r->confirmed_at = db_int(st, 7);
		r->certificate_id = db_int(st, 8);
	}
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL,
				  "no certificate issuance for this application");
	return rc < 0 ? rc : 0;
}

int issuances_repo_confirm(struct db *db, int64_t id, int64_t confirmed_by, int64_t at,
			   int64_t certificate_id, struct bm_err *err)
{
	int64_t changes = 0;
	int rc = db_exec(db,
			 "UPDATE cert_issuances SET state = 'confirmed', confirmed_by = ?,"
			 " confirmed_at = ?, certificate_id = ? WHERE id = ? AND state = 'pending'",
			 DB_ARGS(DB_ID_OR_NULL(confirmed_by), DB_INT(at), DB_INT(certificate_id),
				 DB_INT(id)),
			 &changes, err);

	if (rc == 0 && changes == 0)
		rc = bm_err_set(err, BM_ECONFLICT, "already_issued", "state",
				"the certificate was already issued");
	return rc;
}

/* ---- signing keys ---- */

#define KEY_COLUMNS                                                                                \
	"id, authority_id, kid, public_key, secret_wrapped, valid_from, valid_until, uses,"        \
	" created_at"

static int key_read(struct db_stmt *st, struct signing_key_rec *k, struct bm_err *err)
{
	const void *w;
	size_t wlen = 0;

	memset(k, 0, sizeof(*k));
	k->id = db_int(st, 0);
	k->authority_id = db_int(st, 1);
	w = db_blob(st, 4, &wlen);
	if (bm_hex_decode(db_text(st, 2), k->kid, sizeof(k->kid)) != 0 ||
	    bm_hex_decode(db_text(st, 3), k->pk, sizeof(k->pk)) != 0 || w == NULL ||
	    wlen != sizeof(k->wrapped))
		return bm_err_set(err, BM_EINTERNAL, "key_corrupt", NULL,
				  "signing key %lld is damaged in the database", (long long)k->id);
	memcpy(k->wrapped, w, wlen);
	k->valid_from = repo_date_col(st, 5);
	k->valid_until = repo_date_col(st, 6);
	k->uses = (unsigned)db_int(st, 7);
	k->created_at = db_int(st, 8);
	return 0;
}

int keys_repo_insert(struct db *db, struct signing_key_rec *k, struct bm_err *err)
{
	char kid[CERT_KID_HEX], pk[2 * crypto_sign_PUBLICKEYBYTES + 1], d[2][BM_DATE_LEN];

	bm_hex_encode(k->kid, sizeof(k->kid), kid);
	bm_hex_encode(k->pk, sizeof(k->pk), pk);
	return db_exec_int(
		db,
		"INSERT INTO signing_keys (authority_id, kid, public_key, secret_wrapped,"
		" valid_from, valid_until, uses, created_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
		" ?) RETURNING id",
		DB_ARGS(DB_INT(k->authority_id), DB_TEXT(kid), DB_TEXT(pk),
			DB_BLOB(k->wrapped, sizeof(k->wrapped)), repo_date_arg(k->valid_from, d[0]),
			repo_date_arg(k->valid_until, d[1]), DB_INT(k->uses),
			DB_INT(k->created_at)),
		&k->id, err);
}

int keys_repo_current(struct db *db, int64_t authority_id, unsigned uses, int32_t day,
		      struct signing_key_rec *k, struct bm_err *err)
{
	char d[BM_DATE_LEN];
	struct db_stmt *st;
	int rc;

	bm_date_format(day, d);
	rc = db_query(db, &st,
		      "SELECT " KEY_COLUMNS " FROM signing_keys WHERE authority_id = ? AND uses = ?"
		      " AND valid_from <= ? AND valid_until >= ? ORDER BY id DESC",
		      DB_ARGS(DB_INT(authority_id), DB_INT(uses), DB_TEXT(d), DB_TEXT(d)), err);
	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		rc = key_read(st, k, err);
	else if (rc == DB_DONE)
		rc = BM_ENOTFOUND;
	db_done(st);
	if (rc == BM_ENOTFOUND)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "no current signing key");
	return rc < 0 ? rc : 0;
}

int keys_repo_list(struct db *db, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct signing_key_rec k;
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " KEY_COLUMNS " FROM signing_keys ORDER BY id",
			  DB_NOARGS, err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		rc = key_read(st, &k, err);
		if (rc == 0)
			rc = fn(ctx, &k);
		if (rc != 0)
			break;
	}
	db_done(st);
	sodium_memzero(k.wrapped, sizeof(k.wrapped));
	return rc < 0 ? rc : 0;
}

int keys_repo_national(struct db *db, int64_t *authority_id, struct bm_err *err)
{
	int rc = db_exec_int(db,
			     "SELECT id FROM authorities WHERE level = 'national' ORDER BY id"
			     " LIMIT 1",
			     DB_NOARGS, authority_id, err);

	if (rc == BM_ENOTFOUND)
		bm_err_set(err, BM_EUNAVAIL, "no_national_authority", NULL,
			   "there is no national authority to sign the status list");
	return rc == BM_ENOTFOUND ? BM_EUNAVAIL : rc;
}

/* ---- the status list ---- */

int statuslist_repo_get(struct db *db, struct status_list *out, int64_t *revision, int *found,
			struct bm_err *err)
{
	struct db_stmt *st;
	int rc =
		db_query(db, &st,
			 "SELECT issued, size, kid, list, signature, revision FROM cert_status_list"
			 " WHERE id = 1",
			 DB_NOARGS, err);

	*found = 0;
	memset(out, 0, sizeof(*out));
	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW) {
		size_t llen = 0, slen = 0;
		const void *l = db_blob(st, 3, &llen), *sg = db_blob(st, 4, &slen);
		out->issued = db_int(st, 0);
		out->size = (uint32_t)db_int(st, 1);
		if (revision != NULL)
			*revision = db_int(st, 5);
		if (bm_hex_decode(db_text(st, 2), out->kid, sizeof(out->kid)) != 0 || l == NULL ||
		    llen == 0 || slen != sizeof(out->sig)) {
			rc = bm_err_set(err, BM_EINTERNAL, "status_list_corrupt", NULL,
					"the stored status list is damaged");
		} else if ((out->list = malloc(llen)) == NULL) {
			rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		} else {
			memcpy(out->list, l, llen);
			out->list_len = llen;
			memcpy(out->sig, sg, slen);
			*found = 1;
			rc = 0;
		}
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int statuslist_repo_put(struct db *db, const struct status_list *sl, struct bm_err *err)
{
	char kid[CERT_KID_HEX];
	int64_t changes = 0;
	int rc;

	bm_hex_encode(sl->kid, sizeof(sl->kid), kid);
	rc = db_exec(db,
		     "UPDATE cert_status_list SET issued = ?, size = ?, kid = ?, list = ?,"
		     " signature = ?, revision = revision + 1 WHERE id = 1",
		     DB_ARGS(DB_INT(sl->issued), DB_INT(sl->size), DB_TEXT(kid),
			     DB_BLOB(sl->list, sl->list_len), DB_BLOB(sl->sig, sizeof(sl->sig))),
		     &changes, err);
	if (rc == 0 && changes == 0)
		rc = db_exec(db,
			     "INSERT INTO cert_status_list (id, issued, size, kid, list, signature,"
			     " revision) VALUES (1, ?, ?, ?, ?, ?, 1)",
			     DB_ARGS(DB_INT(sl->issued), DB_INT(sl->size), DB_TEXT(kid),
				     DB_BLOB(sl->list, sl->list_len),
				     DB_BLOB(sl->sig, sizeof(sl->sig))),
			     NULL, err);
	return rc;
}

/* ---- life after issuance ---- */

int certs_repo_move(struct db *db, struct cert_rec *c, int64_t at, struct bm_err *err)
{
	char d[3][BM_DATE_LEN];
	int64_t changes = 0;
	int rc = db_exec(db,
			 "UPDATE certificates SET state = ?, state_since = ?, suspension_start = ?,"
			 " suspension_end = ?, updated_at = ?, version = version + 1"
			 " WHERE id = ? AND version = ?",
			 DB_ARGS(DB_TEXT(certlife_state_name(c->state)),
				 repo_date_arg(c->state_since, d[0]),
				 repo_date_arg(c->suspension_start, d[1]),
				 repo_date_arg(c->suspension_end, d[2]), DB_INT(at), DB_INT(c->id),
				 DB_INT(c->version)),
			 &changes, err);

	if (rc == 0 && changes == 0)
		return bm_err_set(err, BM_ESTALE, "stale", NULL,
				  "the certificate was changed meanwhile; reload it");
	if (rc == 0) {
		c->version++;
		c->updated_at = at;
	}
	return rc;
}

int certs_repo_number_taken(struct db *db, const char *number, int *taken, struct bm_err *err)
{
	int64_t n = 0;
	int rc = db_exec_int(db,
			     "SELECT EXISTS (SELECT 1 FROM certificates WHERE number = ?1)"
			     " OR EXISTS (SELECT 1 FROM paper_registrations WHERE number = ?1"
			     " AND state = 'pending')",
			     DB_ARGS(DB_TEXT(number)), &n, err);

	*taken = rc == 0 && n != 0;
	return rc;
}

int certs_repo_renewal_open(struct db *db, int64_t id, int *open, struct bm_err *err)
{
	int64_t n = 0;
	int rc = db_exec_int(
		db,
		"SELECT COUNT(*) FROM applications WHERE renewal_of = ? AND state NOT IN"
		" ('draft', 'rejected', 'not_accepted', 'withdrawn', 'abandoned')",
		DB_ARGS(DB_INT(id)), &n, err);

	*open = rc == 0 && n > 0;
	return rc;
}

int certs_repo_successor(struct db *db, int64_t id, int64_t *next, struct bm_err *err)
{
	int rc = db_exec_int(
		db, "SELECT COALESCE(MAX(id), 0) FROM certificates WHERE predecessor_id = ?",
		DB_ARGS(DB_INT(id)), next, err);

	if (rc != 0)
		*next = 0;
	return rc;
}

int certs_repo_ids_in_state(struct db *db, enum certlife_state state, int32_t before, visit_fn fn,
			    void *ctx, struct bm_err *err)
{
	char d[BM_DATE_LEN];
	struct db_stmt *st;
	int rc;

	rc = db_query(db, &st,
		      "SELECT id FROM certificates WHERE state = ? AND (?2 IS NULL OR"
		      " valid_until < ?2) ORDER BY id",
		      DB_ARGS(DB_TEXT(certlife_state_name(state)), repo_date_arg(before, d)), err);
	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		int64_t id = db_int(st, 0);
		rc = fn(ctx, &id);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int certs_repo_reminder_mark(struct db *db, int64_t id, int months, int32_t day, int *fresh,
			     struct bm_err *err)
{
	char d[BM_DATE_LEN];
	int64_t changes = 0;
	int rc = db_exec(db,
			 "INSERT INTO cert_reminders (certificate_id, months, sent_on)"
			 " SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM cert_reminders"
			 " WHERE certificate_id = ?1 AND months <= ?2)",
			 DB_ARGS(DB_INT(id), DB_INT(months), repo_date_arg(day, d)), &changes, err);

	*fresh = rc == 0 && changes > 0;
	return rc;
}

int certs_repo_set_predecessor(struct db *db, int64_t id, int64_t predecessor_id,
			       struct bm_err *err)
{
	return db_exec(db, "UPDATE certificates SET predecessor_id = ? WHERE id = ?",
		       DB_ARGS(DB_ID_OR_NULL(predecessor_id), DB_INT(id)), NULL, err);
}

int cert_events_repo_add(struct db *db, struct cert_event_rec *e, struct bm_err *err)
{
	char d[3][BM_DATE_LEN];

	return db_exec_int(
		db,
		"INSERT INTO cert_events (certificate_id, event, reason, from_state, to_state,"
		" by_user, by_login, at, day, start_on, end_on, note) VALUES (?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_INT(e->certificate_id), DB_TEXT(e->event),
			e->reason[0] ? DB_TEXT(e->reason) : DB_NULL, DB_TEXT(e->from),
			DB_TEXT(e->to), DB_ID_OR_NULL(e->by_user), DB_TEXT(e->by_login),
			DB_INT(e->at), repo_date_arg(e->day, d[0]), repo_date_arg(e->start, d[1]),
			repo_date_arg(e->end, d[2]), DB_TEXT(e->note)),
		&e->id, err);
}

int cert_events_repo_list(struct db *db, int64_t id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct cert_event_rec *e = malloc(sizeof(*e));
	struct db_stmt *st;
	int rc;

	if (e == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = db_query(db, &st,
		      "SELECT id, certificate_id, event, reason, from_state, to_state, by_user,"
		      " by_login, at, day, start_on, end_on, note FROM cert_events"
		      " WHERE certificate_id = ? ORDER BY id",
		      DB_ARGS(DB_INT(id)), err);
	if (rc == 0) {
		while ((rc = db_next_err(st, err)) == DB_ROW) {
			memset(e, 0, sizeof(*e));
			e->id = db_int(st, 0);
			e->certificate_id = db_int(st, 1);
			bm_strlcpy(e->event, db_text(st, 2), sizeof(e->event));
			if (!db_is_null(st, 3))
				bm_strlcpy(e->reason, db_text(st, 3), sizeof(e->reason));
			bm_strlcpy(e->from, db_text(st, 4), sizeof(e->from));
			bm_strlcpy(e->to, db_text(st, 5), sizeof(e->to));
			e->by_user = db_int(st, 6);
			bm_strlcpy(e->by_login, db_text(st, 7), sizeof(e->by_login));
			e->at = db_int(st, 8);
			e->day = repo_date_col(st, 9);
			e->start = repo_date_col(st, 10);
			e->end = repo_date_col(st, 11);
			bm_strlcpy(e->note, db_text(st, 12), sizeof(e->note));
			rc = fn(ctx, e);
			if (rc != 0)
				break;
		}
		db_done(st);
	}
	free(e);
	return rc < 0 ? rc : 0;
}
