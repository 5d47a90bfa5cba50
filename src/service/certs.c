/*
 * certs.c - issuing certificates (the two-person act), the signing keys, the register
 * and the published trust and status lists. certs.h states the rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "service/apps.h"
#include "service/certlife_svc.h"
#include "service/certs.h"
#include "service/refdata.h"
#include "store/notify_repo.h"
#include "store/orgs_repo.h"
#include "store/paper_repo.h"
#include "base/banned.h"

/* ---- keys ---- */

static void wrap_key(const struct svc *s, unsigned char kek[crypto_secretbox_KEYBYTES])
{
	crypto_kdf_derive_from_key(kek, crypto_secretbox_KEYBYTES, 1, CERTS_KDF_CONTEXT,
				   s->keys->master);
}

/* Unwrap k's secret key into new secure memory (*sk, sodium_free it). */
static int key_unwrap(const struct svc *s, const struct signing_key_rec *k, unsigned char **sk,
		      struct bm_err *err)
{
	unsigned char *kek = sodium_malloc(crypto_secretbox_KEYBYTES);
	unsigned char *out = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	int rc = 0;

	*sk = NULL;
	if (kek == NULL || out == NULL) {
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	wrap_key(s, kek);
	if (crypto_secretbox_open_easy(out, k->wrapped + crypto_secretbox_NONCEBYTES,
				       sizeof(k->wrapped) - crypto_secretbox_NONCEBYTES, k->wrapped,
				       kek) != 0) {
		rc = bm_err_set(err, BM_EINTERNAL, "key_unwrap_failed", NULL,
				"signing key %lld does not open with this master key",
				(long long)k->id);
		goto out;
	}
	*sk = out;
	out = NULL;
out:
	sodium_free(kek);
	sodium_free(out);
	return rc;
}

/*
 * The key authority_id signs with (uses) today, made, stored and audited when there
 * is none yet, inside the open write transaction. *sk is its secret key in secure
 * memory (sodium_free it).
 */
static int signer_get(struct svc *s, int64_t authority_id, unsigned uses, struct signing_key_rec *k,
		      unsigned char **sk, struct bm_err *err)
{
	int32_t today = bm_date_cst(s->now);
	unsigned char *kek = NULL, *secret = NULL;
	char kid[CERT_KID_HEX];
	int rc = keys_repo_current(s->db, authority_id, uses, today, k, err);

	*sk = NULL;
	if (rc == 0)
		return key_unwrap(s, k, sk, err);
	if (rc != BM_ENOTFOUND)
		return rc;
	bm_err_clear(err);
	memset(k, 0, sizeof(*k));
	kek = sodium_malloc(crypto_secretbox_KEYBYTES);
	secret = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	if (kek == NULL || secret == NULL) {
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	crypto_sign_keypair(k->pk, secret);
	certsign_key_id(k->pk, k->kid);
	wrap_key(s, kek);
	randombytes_buf(k->wrapped, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(k->wrapped + crypto_secretbox_NONCEBYTES, secret,
			      crypto_sign_SECRETKEYBYTES, k->wrapped, kek);
	k->authority_id = authority_id;
	k->valid_from = today;
	k->valid_until = certlife_valid_until(today, CERTS_KEY_YEARS);
	k->uses = uses;
	k->created_at = s->now;
	rc = keys_repo_insert(s->db, k, err);
	if (rc == 0) {
		char d1[BM_DATE_LEN], d2[BM_DATE_LEN];
		bm_hex_encode(k->kid, sizeof(k->kid), kid);
		bm_date_format(k->valid_from, d1);
		bm_date_format(k->valid_until, d2);
		rc = svc_audit(
			s, "signing_key.create", "signing_key", k->id,
			json_pack("{s:s,s:I,s:s,s:s,s:s}", "kid", kid, "authority_id",
				  (json_int_t)authority_id, "uses",
				  uses == CERT_USE_STATUS_LIST ? "status_list" : "certificate",
				  "valid_from", d1, "valid_until", d2),
			err);
	}
	if (rc == 0) {
		*sk = secret;
		secret = NULL;
	}
out:
	sodium_free(kek);
	sodium_free(secret);
	return rc;
}

/* ---- the trust list ---- */

struct trust_ctx {
	struct cert_trust *t;
	size_t cap;
	int oom;
};

static int trust_visit(void *ctx, const void *rec)
{
	struct trust_ctx *tc = ctx;
	const struct signing_key_rec *k = rec;
	struct cert_trust_key *tk;

	if (tc->t->n == CERT_TRUST_MAX) {
		/* the format's limit: the newest keys are listed, the oldest left out */
		memmove(tc->t->keys, tc->t->keys + 1, (tc->t->n - 1) * sizeof(*tc->t->keys));
		tc->t->n--;
	}
	if (tc->t->n == tc->cap) {
		size_t cap = tc->cap == 0 ? 8 : 2 * tc->cap;
		struct cert_trust_key *nk = realloc(tc->t->keys, cap * sizeof(*nk));
		if (nk == NULL) {
			tc->oom = 1;
			return 1;
		}
		tc->t->keys = nk;
		tc->cap = cap;
	}
	tk = &tc->t->keys[tc->t->n++];
	memset(tk, 0, sizeof(*tk));
	memcpy(tk->kid, k->kid, sizeof(tk->kid));
	memcpy(tk->pk, k->pk, sizeof(tk->pk));
	tk->authority_id = k->authority_id;
	tk->valid_from = k->valid_from;
	tk->valid_until = k->valid_until;
	tk->uses = k->uses;
	return 0;
}

/* The authority's name as signed (Chinese), refused when it is too long for the
 * certificate format. */
static int authority_name(struct db *db, int64_t id, struct authority *a, char *out, size_t outsz,
			  struct bm_err *err)
{
	int rc = authorities_repo_get(db, id, a, err);

	if (rc == 0 && strlen(a->name_zh) >= outsz)
		rc = bm_err_set(err, BM_ERULE, "authority_name_too_long", "authority",
				"the name of authority %lld is longer than a certificate holds",
				(long long)id);
	if (rc == 0)
		bm_strlcpy(out, a->name_zh, outsz);
	return rc;
}

static int trust_build(struct svc *s, struct cert_trust *out, struct bm_err *err)
{
	struct trust_ctx tc = { out, 0, 0 };
	struct authority a;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = keys_repo_list(s->db, trust_visit, &tc, err);
	if (rc == 0 && tc.oom)
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	for (size_t i = 0; rc == 0 && i < out->n; i++)
		rc = authority_name(s->db, out->keys[i].authority_id, &a, out->keys[i].authority,
				    sizeof(out->keys[i].authority), err);
	if (rc != 0)
		cert_trust_release(out);
	return rc;
}

int certs_trust_current(struct svc *s, struct cert_trust *out, struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_READ, err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = trust_build(s, out, err);
	return svc_end(s, rc, err);
}

/* ---- the status list ---- */

static int status_visit(void *ctx, const void *rec)
{
	struct status_bits *b = ctx;
	const struct cert_status_row *r = rec;

	if (r->index >= b->size)
		return 0; /* cannot happen: indices are given below the size */
	if (r->state == CL_SUSPENDED)
		status_bits_set(b, r->index, CERT_STATUS_SUSPENDED);
	else if (r->state == CL_REVOKED)
		status_bits_set(b, r->index, CERT_STATUS_REVOKED);
	return 0;
}

/* Sign the list as the certificates stand and store it, inside the open write
 * transaction, and audit it. */
int certs_status_resign(struct svc *s, struct status_list *out, struct bm_err *err)
{
	struct status_bits bits = { 0, NULL };
	struct status_list sl;
	struct signing_key_rec k;
	unsigned char *sk = NULL;
	int64_t national = 0;
	char kid[CERT_KID_HEX];
	int rc;

	memset(&sl, 0, sizeof(sl));
	rc = keys_repo_national(s->db, &national, err);
	if (rc == 0)
		rc = signer_get(s, national, CERT_USE_STATUS_LIST, &k, &sk, err);
	if (rc == 0)
		rc = status_bits_init(&bits, CERTS_STATUS_SIZE, err);
	if (rc == 0)
		rc = certs_repo_statuses(s->db, status_visit, &bits, err);
	if (rc == 0)
		rc = status_list_sign(&sl, &bits, s->now, sk, err);
	if (rc == 0)
		rc = statuslist_repo_put(s->db, &sl, err);
	if (rc == 0) {
		bm_hex_encode(sl.kid, sizeof(sl.kid), kid);
		rc = svc_audit(s, "status_list.sign", "status_list", 1,
			       json_pack("{s:s,s:i}", "kid", kid, "size", (int)sl.size), err);
	}
	status_bits_release(&bits);
	sodium_free(sk);
	if (rc == 0 && out != NULL)
		*out = sl;
	else
		status_list_release(&sl);
	return rc;
}

/* 1 when the stored list sl (found) is missing or due for a fresh signature at now. */
static int status_due(int found, const struct status_list *sl, int64_t now)
{
	return !found || now - sl->issued > CERTS_STATUS_REFRESH_MS;
}

int certs_status_current(struct svc *s, struct status_list *out, struct bm_err *err)
{
	int found = 0;
	int rc = svc_begin(s, DB_TX_READ, err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = statuslist_repo_get(s->db, out, NULL, &found, err);
	rc = svc_end(s, rc, err);
	if (rc != 0 || !status_due(found, out, s->now))
		return rc;
	status_list_release(out);
	/* none yet, or a day old: sign afresh, once (another request may have just done so) */
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = statuslist_repo_get(s->db, out, NULL, &found, err);
	if (rc == 0 && status_due(found, out, s->now)) {
		status_list_release(out);
		rc = certs_status_resign(s, out, err);
	}
	rc = svc_end(s, rc, err);
	if (rc != 0)
		status_list_release(out);
	return rc;
}

/* ---- issuance ---- */

/* How many taken numbers in a row issuance passes over before it gives up. */
#define NUMBER_TRIES 1000

int certs_issuance_open(struct svc *s, const struct application *a, struct bm_err *err)
{
	struct issuance_rec r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.application_id = a->id;
	r.authority_id = a->authority[STEP_DECIDE];
	r.decided_by = s->who.user_id;
	r.decided_at = s->now;
	if (r.authority_id == 0)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL,
				  "application %lld has no deciding authority", (long long)a->id);
	rc = issuances_repo_insert(s->db, &r, err);
	if (rc == BM_ECONFLICT)
		bm_err_set(err, BM_ECONFLICT, "already_issued", "state",
			   "application %s already has a certificate issuance", a->number);
	if (rc == 0)
		rc = svc_audit(s, "certificate.issuance_open", "application", a->id,
			       json_pack("{s:I,s:s,s:I,s:s}", "issuance_id", (json_int_t)r.id,
					 "number", a->number, "authority_id",
					 (json_int_t)r.authority_id, "state", "pending"),
			       err);
	return rc;
}

int certs_issuance_of(struct svc *s, int64_t application_id, struct issuance_rec *out, int *found,
		      struct bm_err *err)
{
	int rc = issuances_repo_get_by_app(s->db, application_id, out, err);

	*found = rc == 0;
	if (rc == BM_ENOTFOUND) {
		bm_err_clear(err);
		rc = 0;
	}
	return rc;
}

#define STAFF_ROLES (ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_APPROVER) | ROLE_BIT(ROLE_INSPECTOR))

int certs_on_staff(const struct svc *s, int64_t authority_id)
{
	return s->who.kind == AUTH_OPERATOR ||
	       (s->who.membership == MEMBER_AUTHORITY && s->who.authority_id == authority_id &&
		(s->who.roles & STAFF_ROLES) != 0);
}

int certs_second_person(const struct svc *s, int64_t first)
{
	return s->who.kind == AUTH_OPERATOR || first == 0 || s->who.user_id != first;
}

int certs_may_confirm(const struct svc *s, const struct issuance_rec *iss)
{
	return strcmp(iss->state, "pending") == 0 && certs_on_staff(s, iss->authority_id) &&
	       certs_second_person(s, iss->decided_by);
}

/* Split a canonical comma list into p's categories. */
static int categories_fill(struct cert_payload *p, const char *csv, struct bm_err *err)
{
	const char *q = csv;

	p->ncategories = 0;
	while (*q != '\0') {
		const char *c = strchr(q, ',');
		size_t n = c != NULL ? (size_t)(c - q) : strlen(q);
		if (p->ncategories == CERT_CATEGORIES_MAX || n == 0 || n > CERT_CATEGORY_MAX)
			return bm_err_set(err, BM_EINVAL, "invalid_value", "categories",
					  "the granted categories do not fit a certificate");
		memcpy(p->categories[p->ncategories], q, n);
		p->categories[p->ncategories][n] = '\0';
		p->ncategories++;
		q += n + (c != NULL);
	}
	certfmt_sort_categories(p);
	return 0;
}

static int copy_fit(char *dst, size_t dstsz, const char *src, const char *field, struct bm_err *err)
{
	if (strlen(src) >= dstsz)
		return bm_err_set(err, BM_ERULE, "too_long_for_certificate", field,
				  "%s is longer than a certificate holds", field);
	bm_strlcpy(dst, src, dstsz);
	return 0;
}

/*
 * The one way a certificate is signed and stored, for a first issuance, a new version
 * and a renewal alike: c holds every field but the status index, key id and payload;
 * give it the next status-list index, sign its payload with the key of its issuing
 * authority (made on first use) and insert it, inside the open write transaction.
 */
static int cert_sign_store(struct svc *s, struct cert_rec *c, struct bm_err *err)
{
	struct cert_payload *p = calloc(1, sizeof(*p));
	struct signing_key_rec k;
	unsigned char *sk = NULL;
	int64_t idx = 0;
	int rc;

	if (p == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = certs_repo_next_index(s->db, &idx, err);
	if (rc == 0 && idx >= (int64_t)CERTS_STATUS_SIZE)
		rc = bm_err_set(err, BM_EUNAVAIL, "status_list_full", NULL,
				"every entry of the status list is taken");
	if (rc == 0)
		rc = signer_get(s, c->authority_id, CERT_USE_CERTIFICATE, &k, &sk, err);
	if (rc == 0)
		rc = categories_fill(p, c->categories, err);
	if (rc != 0)
		goto out;
	c->status_index = (uint32_t)idx;
	bm_hex_encode(k.kid, sizeof(k.kid), c->kid);
	p->version = CERT_FORMAT_VERSION;
	bm_strlcpy(p->number, c->number, sizeof(p->number));
	bm_strlcpy(p->unit_name, c->unit_name, sizeof(p->unit_name));
	bm_strlcpy(p->uscc, c->uscc, sizeof(p->uscc));
	bm_strlcpy(p->scheme, c->scheme_id, sizeof(p->scheme));
	bm_strlcpy(p->grade, c->grade, sizeof(p->grade));
	p->issued = c->issued;
	p->valid_from = c->valid_from;
	p->valid_until = c->valid_until;
	p->authority_id = c->authority_id;
	bm_strlcpy(p->authority_name, c->authority_name, sizeof(p->authority_name));
	p->status_index = c->status_index;
	memcpy(p->kid, k.kid, sizeof(p->kid));
	rc = certsign_sign(p, sk, c->payload, err);
	if (rc == 0)
		rc = certs_repo_insert(s->db, c, err);
	if (rc == BM_ECONFLICT)
		bm_err_set(err, BM_ECONFLICT, "number_taken", "number",
			   "certificate number %s is already taken", c->number);
out:
	sodium_free(sk);
	free(p);
	return rc;
}

/* The parties to out's certificate, inside an open transaction: the holder (unit
 * unit_id's id, name and USCC) and the issuer (authority authority_id, its name as
 * signed; *auth gets the authority). */
static int parties_fill(struct svc *s, int64_t unit_id, int64_t authority_id, struct cert_view *out,
			struct authority *auth, struct bm_err *err)
{
	struct cert_rec *c = &out->c;
	struct unit u;
	int rc = units_repo_get(s->db, unit_id, &u, err);

	if (rc == 0)
		rc = authority_name(s->db, authority_id, auth, c->authority_name,
				    sizeof(c->authority_name), err);
	if (rc == 0)
		rc = copy_fit(c->unit_name, sizeof(c->unit_name), u.name, "unit_name", err);
	if (rc == 0) {
		bm_strlcpy(out->authority_en, auth->name_en, sizeof(out->authority_en));
		c->unit_id = u.id;
		bm_strlcpy(c->uscc, u.uscc, sizeof(c->uscc));
		bm_strlcpy(c->region, u.region, sizeof(c->region));
		c->authority_id = authority_id;
	}
	return rc;
}

/* Number and store the certificate of application a (decided as iss says), inside the
 * open write transaction. A renewal (a->renewal_of) continues from its predecessor's
 * valid_until and is linked to it (predecessor_id). */
static int issue(struct svc *s, const struct application *a, const struct issuance_rec *iss,
		 struct cert_view *out, struct bm_err *err)
{
	struct cert_rec *c = &out->c;
	struct authority auth;
	int32_t today = bm_date_cst(s->now);
	int64_t seq = 0;
	int y = 0;
	unsigned m, d;
	const char *grade = a->granted_grade[0] ? a->granted_grade : a->grade;
	const char *cats = a->granted_categories[0] ? a->granted_categories : a->categories;
	int rc;

	memset(c, 0, sizeof(*c));
	bm_civil_from_days(today, &y, &m, &d);
	rc = schemes_version(s->db, a->scheme_id, a->scheme_version, &out->scheme, err);
	if (rc == 0)
		rc = parties_fill(s, a->unit_id, iss->authority_id, out, &auth, err);
	/* numbers follow the scheme's current edition (numbering is the issuer's, at
	 * issue), validity the edition the case was filed under; a number a certificate
	 * registered from paper holds already is passed over */
	for (int tries = 0, taken = 1; rc == 0 && taken; tries++) {
		const struct scheme *now = schemes_current(a->scheme_id);
		if (tries == NUMBER_TRIES)
			rc = bm_err_set(err, BM_ECONFLICT, "number_taken", "number",
					"%d numbers in a row are taken", NUMBER_TRIES);
		if (rc == 0)
			rc = certs_repo_next_seq(s->db, a->scheme_id, y, &seq, err);
		if (rc == 0)
			rc = scheme_number_format(now != NULL ? now : out->scheme, grade,
						  auth.region, y, seq, c->number, sizeof(c->number),
						  err);
		if (rc == 0)
			rc = certs_repo_number_taken(s->db, c->number, &taken, err);
	}
	if (rc == 0)
		rc = copy_fit(c->categories, sizeof(c->categories), cats, "categories", err);
	if (rc != 0)
		return rc;
	c->application_id = a->id;
	bm_strlcpy(c->region, a->region, sizeof(c->region));
	bm_strlcpy(c->scheme_id, a->scheme_id, sizeof(c->scheme_id));
	c->scheme_version = a->scheme_version;
	bm_strlcpy(c->grade, grade, sizeof(c->grade));
	c->issued = c->valid_from = today;
	c->valid_until = certlife_valid_until(today, out->scheme->validity_years);
	if (a->renewal_of != 0) {
		struct cert_rec *old = malloc(sizeof(*old));
		if (old == NULL)
			return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		rc = certs_repo_get(s->db, a->renewal_of, old, err);
		if (rc == 0) {
			/* [2nd] issue 4 §3: it continues from the old valid_until */
			certlife_renewed_validity(old->valid_until, out->scheme->validity_years,
						  &c->valid_from, &c->valid_until);
			c->predecessor_id = old->id;
		}
		free(old);
		if (rc != 0)
			return rc;
	}
	c->reports_from = c->valid_from;
	c->state = CL_VALID;
	c->state_since = today;
	c->decided_by = iss->decided_by;
	c->confirmed_by = s->who.user_id;
	c->created_at = c->updated_at = s->now;
	return cert_sign_store(s, c, err);
}

int certs_issue_paper(struct svc *s, const struct paper_rec *r, struct cert_view *out,
		      struct bm_err *err)
{
	struct cert_rec *c = &out->c;
	const struct scheme *sc = schemes_current(r->scheme_id);
	int32_t today = bm_date_cst(s->now), jan1 = bm_days_from_civil(bm_date_year(today), 1, 1);
	struct authority auth;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sc == NULL)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "scheme", "no scheme \"%s\"",
				  r->scheme_id);
	out->scheme = sc;
	rc = parties_fill(s, r->unit_id, r->authority_id, out, &auth, err);
	if (rc == 0)
		rc = copy_fit(c->categories, sizeof(c->categories), r->categories, "categories",
			      err);
	if (rc != 0)
		return rc;
	bm_strlcpy(c->number, r->number, sizeof(c->number));
	bm_strlcpy(c->scheme_id, sc->id, sizeof(c->scheme_id));
	c->scheme_version = sc->version;
	bm_strlcpy(c->grade, r->grade, sizeof(c->grade));
	c->issued = today;
	c->paper_issued = r->paper_issued;
	c->valid_from = r->valid_from;
	c->valid_until = r->valid_until;
	/* [cfg] the years before the registration's were examined on paper */
	c->reports_from = r->valid_from > jan1 ? r->valid_from : jan1;
	c->state = CL_VALID;
	c->state_since = today;
	c->decided_by = r->registered_by;
	c->confirmed_by = s->who.user_id;
	c->created_at = c->updated_at = s->now;
	rc = cert_sign_store(s, c, err);
	if (rc == 0)
		rc = certs_status_resign(s, NULL, err);
	return rc;
}

/*
 * The number of the next version of certificate old: the first version's number with
 * "-2", "-3", ... appended. The first version is found by following predecessor_id
 * while the predecessor was superseded (a renewal's predecessor is not: a renewal
 * starts a chain of its own, with a number of its own); a number held already is
 * passed over ("-3" when "-2" is taken). Inside an open transaction. BM_ERULE
 * "number_too_long" when the number does not fit a certificate.
 */
static int version_number(struct svc *s, const struct cert_rec *old, char *out, size_t outsz,
			  struct bm_err *err)
{
	struct cert_rec *root = malloc(sizeof(*root)), *pred = malloc(sizeof(*pred));
	long n = 2;
	int rc = 0;

	if (root == NULL || pred == NULL) {
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	*root = *old;
	while (rc == 0 && root->predecessor_id != 0) {
		rc = certs_repo_get(s->db, root->predecessor_id, pred, err);
		if (rc != 0 || pred->state != CL_SUPERSEDED)
			break;
		*root = *pred;
		n++;
	}
	/* a number held already (registered from paper) is passed over */
	for (int taken = 1, tries = 0; rc == 0 && taken && tries < NUMBER_TRIES; tries++, n++) {
		if ((size_t)snprintf(out, outsz, "%s-%ld", root->number, n) >= outsz ||
		    strlen(out) > CERT_NUMBER_MAX)
			rc = bm_err_set(err, BM_ERULE, "number_too_long", "number",
					"the new version of certificate %s would need a number "
					"longer than a certificate holds",
					old->number);
		if (rc == 0)
			rc = certs_repo_number_taken(s->db, out, &taken, err);
		if (rc == 0 && taken && tries + 1 == NUMBER_TRIES)
			rc = bm_err_set(err, BM_ECONFLICT, "number_taken", "number",
					"%d numbers in a row are taken", NUMBER_TRIES);
	}
out:
	free(root);
	free(pred);
	return rc;
}

/* A new version of standing certificate old in the unit's name unit_name with grade,
 * then old superseded for reason, inside the open write transaction; the unit is told
 * why (why_zh, why_en). */
static int new_version(struct svc *s, const struct cert_rec *old, const char *unit_name,
		       const char *grade, enum certlife_reason reason, const char *note,
		       const char *why_zh, const char *why_en, struct bm_err *err)
{
	struct cert_rec *c = malloc(sizeof(*c));
	int32_t today = bm_date_cst(s->now);
	char text[512];
	int rc;

	if (c == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	*c = *old;
	c->id = 0;
	c->predecessor_id = old->id;
	rc = version_number(s, old, c->number, sizeof(c->number), err);
	if (rc == 0)
		rc = copy_fit(c->unit_name, sizeof(c->unit_name), unit_name, "unit_name", err);
	if (rc == 0)
		rc = copy_fit(c->grade, sizeof(c->grade), grade, "grade", err);
	if (rc == 0) {
		/* same scheme, categories, validity and status; issued today */
		c->issued = today;
		c->state = CL_VALID;
		c->state_since = today;
		c->suspension_start = c->suspension_end = 0;
		/* the grant is the same decision: decided_by and confirmed_by carry over */
		c->created_at = c->updated_at = s->now;
		rc = cert_sign_store(s, c, err);
	}
	/* like every issue, the list is signed again with the new entry in it */
	if (rc == 0)
		rc = certs_status_resign(s, NULL, err);
	if (rc == 0) {
		struct cert_move m;
		snprintf(text, sizeof(text), "new version %s%s%s", c->number,
			 note != NULL ? ": " : "", note != NULL ? note : "");
		memset(&m, 0, sizeof(m));
		m.event = CLE_SUPERSEDE;
		m.reason = reason;
		m.note = text;
		rc = certs_move(s, old->id, &m, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "certificate.new_version", "certificate", c->id,
			       json_pack("{s:s,s:s,s:I,s:s,s:s,s:i}", "number", c->number,
					 "predecessor", old->number, "predecessor_id",
					 (json_int_t)old->id, "reason",
					 certlife_reason_name(reason), "kid", c->kid,
					 "status_index", (int)c->status_index),
			       err);
	if (rc == 0) {
		char zh[320], en[320];
		struct notification n = { 0,	  0, c->application_id,
					  s->now, 0, "certificate.new_version",
					  zh,	  en };
		snprintf(zh, sizeof(zh), "%s，资质证书 %s 已换发新证 %s", why_zh, old->number,
			 c->number);
		snprintf(en, sizeof(en), "%s: certificate %s is superseded by %s", why_en,
			 old->number, c->number);
		rc = notify_repo_add_unit(s->db, c->unit_id, &n, err);
	}
	free(c);
	return rc;
}

struct standing_ctx {
	int64_t ids[64];
	int n;
};

static int standing_visit(void *ctx, const void *rec)
{
	struct standing_ctx *sc = ctx;
	const struct cert_rec *c = rec;

	if ((c->state == CL_VALID || c->state == CL_SUSPENDED) && sc->n < 64)
		sc->ids[sc->n++] = c->id;
	return 0;
}

int certs_renewal_check(struct svc *s, const struct application *a, int filing, struct bm_err *err)
{
	struct cert_rec *c = malloc(sizeof(*c));
	int open = 0, rc;

	if (c == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = certs_repo_get(s->db, a->renewal_of, c, err);
	if ((rc == 0 && c->unit_id != a->unit_id) || rc == BM_ENOTFOUND)
		rc = bm_err_set(err, BM_EINVAL, "invalid_value", "renewal_of",
				"the unit holds no certificate %lld", (long long)a->renewal_of);
	if (rc == 0 && (strcmp(c->scheme_id, a->scheme_id) != 0 || strcmp(c->grade, a->grade) != 0))
		rc = bm_err_set(err, BM_ERULE, "renewal_mismatch",
				strcmp(c->scheme_id, a->scheme_id) != 0 ? "scheme" : "grade",
				"a renewal keeps the certificate's scheme and grade (%s, %s); a "
				"change is a new application",
				c->scheme_id, c->grade);
	if (rc == 0 && strcmp(c->categories, a->categories) != 0)
		rc = bm_err_set(err, BM_ERULE, "renewal_mismatch", "categories",
				"a renewal keeps the certificate's categories (%s); a change is a "
				"new application",
				c->categories);
	if (rc == 0)
		rc = certlife_renewal_check(c->state, c->valid_until, bm_date_cst(s->now), err);
	if (rc == 0 && filing)
		rc = certs_repo_renewal_open(s->db, c->id, &open, err);
	if (rc == 0 && open)
		rc = bm_err_set(err, BM_ECONFLICT, "renewal_exists", "renewal_of",
				"a renewal of certificate %s is already filed", c->number);
	free(c);
	return rc;
}

int certs_unit_changed(struct svc *s, const struct unit *before, const struct unit *after,
		       struct bm_err *err)
{
	struct standing_ctx sc;
	struct cert_filter f;
	struct cert_rec *c;
	enum certlife_reason reason;
	char note[64] = "";
	int rc;

	int name = strcmp(before->name, after->name) != 0;
	int addr = strcmp(before->address, after->address) != 0;
	int rep = strcmp(before->legal_representative, after->legal_representative) != 0;

	if (!name && !addr && !rep)
		return 0;
	/* the first that changed names the reason; the note lists every one */
	reason = name	? CLR_NAME_CHANGED
		 : addr ? CLR_ADDRESS_CHANGED
			: CLR_LEGAL_REPRESENTATIVE_CHANGED;
	snprintf(note, sizeof(note), "%s%s%s", name ? "name " : "", addr ? "address " : "",
		 rep ? "legal_representative " : "");
	note[strlen(note) - 1] = '\0';
	memset(&sc, 0, sizeof(sc));
	memset(&f, 0, sizeof(f));
	f.unit_id = after->id;
	rc = certs_repo_list(s->db, &f, standing_visit, &sc, err);
	if (rc != 0 || sc.n == 0)
		return rc;
	if ((c = malloc(sizeof(*c))) == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	for (int i = 0; rc == 0 && i < sc.n; i++) {
		rc = certs_repo_get(s->db, sc.ids[i], c, err);
		if (rc == 0)
			rc = new_version(s, c, after->name, c->grade, reason, note, "单位信息变更",
					 "The unit's details changed", err);
	}
	free(c);
	return rc;
}

int certs_downgrade(struct svc *s, int64_t id, const char *note, int64_t *new_id,
		    struct bm_err *err)
{
	struct cert_rec *c = malloc(sizeof(*c));
	const struct scheme *sc;
	int g, lower = -1, rc;

	if (c == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = certs_repo_get(s->db, id, c, err);
	sc = rc == 0 ? schemes_current(c->scheme_id) : NULL;
	g = sc != NULL ? scheme_grade_index(sc, c->grade) : -1;
	/* the grades are listed highest first; legacy grades take no new certificates */
	for (int k = g + 1; g >= 0 && lower < 0 && k < sc->ngrades; k++)
		if (!sc->grades[k].legacy)
			lower = k;
	if (rc == 0 && lower < 0)
		rc = bm_err_set(err, BM_ERULE, "no_lower_grade", "measure",
				"certificate %s has the lowest grade of its scheme: it cannot be "
				"downgraded",
				c->number);
	if (rc == 0)
		rc = new_version(s, c, c->unit_name, sc->grades[lower].code, CLR_DOWNGRADED, note,
				 "资质等级降级", "The qualification was downgraded", err);
	if (rc == 0)
		rc = certs_repo_successor(s->db, id, new_id, err);
	free(c);
	return rc;
}

/*
 * A new grant of a scheme (not a renewal) replaces the unit's valid certificates of
 * that scheme: each is superseded (reason regranted) by the new certificate nc, inside
 * the open write transaction, and the unit told. A suspended one stays as it is: a
 * sanction is not ended by a new grant (docs/certificates.md §18).
 */
static int replace_regranted(struct svc *s, const struct cert_rec *nc, struct bm_err *err)
{
	struct standing_ctx sc;
	struct cert_filter f;
	struct cert_rec *c = malloc(sizeof(*c));
	char note[CERT_NUMBER_MAX + 32], zh[320], en[320];
	struct notification n = { 0,  0, nc->application_id, s->now, 0, "certificate.new_version",
				  zh, en };
	int rc = c != NULL ? 0 : bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");

	memset(&sc, 0, sizeof(sc));
	memset(&f, 0, sizeof(f));
	f.unit_id = nc->unit_id;
	f.scheme_id = nc->scheme_id;
	if (rc == 0)
		rc = certs_repo_list(s->db, &f, standing_visit, &sc, err);
	snprintf(note, sizeof(note), "replaced by %s", nc->number);
	for (int i = 0; rc == 0 && i < sc.n; i++) {
		struct cert_move m = { .event = CLE_SUPERSEDE,
				       .reason = CLR_REGRANTED,
				       .note = note };
		rc = certs_repo_get(s->db, sc.ids[i], c, err);
		if (rc != 0 || c->id == nc->id || c->state != CL_VALID)
			continue;
		rc = certs_move(s, c->id, &m, err);
		if (rc == 0) {
			snprintf(zh, sizeof(zh), "资质证书 %s 已由新批准的资质证书 %s 替代",
				 c->number, nc->number);
			snprintf(en, sizeof(en), "Certificate %s is replaced by the new grant %s",
				 c->number, nc->number);
			rc = notify_repo_add_unit(s->db, c->unit_id, &n, err);
		}
	}
	free(c);
	return rc;
}

int certs_confirm(struct svc *s, int64_t application_id, struct cert_view *out, struct bm_err *err)
{
	struct application a;
	struct issuance_rec iss;
	struct resource r;
	int found = 0;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = apps_repo_get(s->db, application_id, &a, err);
	if (rc == 0) {
		apps_resource(&a, &r);
		rc = svc_authorize(s, ACT_APP_READ, &r, err);
	}
	if (rc == 0)
		rc = certs_issuance_of(s, application_id, &iss, &found, err);
	if (rc == 0 && !found)
		rc = bm_err_set(err, BM_ECONFLICT, "no_issuance", "state",
				"application %s has not been approved (state %s)", a.number,
				app_state_name(a.state));
	if (rc == 0 && !certs_on_staff(s, iss.authority_id))
		rc = svc_refuse(s, ACT_APP_DECIDE, "application", application_id, err,
				"not_your_step", NULL,
				"only the staff of the deciding authority confirm an issuance");
	if (rc == 0 && strcmp(iss.state, "pending") != 0)
		rc = bm_err_set(err, BM_ECONFLICT, "already_issued", "state",
				"the certificate of application %s was already issued", a.number);
	if (rc == 0 && !certs_second_person(s, iss.decided_by))
		rc = svc_refuse(s, ACT_APP_DECIDE, "application", application_id, err,
				"separation_of_duties", NULL,
				"you approved this application; another member of the authority "
				"must confirm the issuance");
	if (rc == 0)
		rc = issue(s, &a, &iss, out, err);
	if (rc == 0 && a.renewal_of == 0)
		rc = replace_regranted(s, &out->c, err);
	if (rc == 0)
		rc = issuances_repo_confirm(s->db, iss.id, s->who.user_id, s->now, out->c.id, err);
	if (rc == 0)
		rc = certs_status_resign(s, NULL, err);
	if (rc == 0) {
		char d1[BM_DATE_LEN], d2[BM_DATE_LEN];
		bm_date_format(out->c.valid_from, d1);
		bm_date_format(out->c.valid_until, d2);
		rc = svc_audit(
			s, "certificate.issue", "certificate", out->c.id,
			json_pack("{s:s,s:I,s:s,s:I,s:I,s:s,s:i,s:s,s:s}", "number", out->c.number,
				  "application_id", (json_int_t)a.id, "application", a.number,
				  "decided_by", (json_int_t)iss.decided_by, "issuance_id",
				  (json_int_t)iss.id, "kid", out->c.kid, "status_index",
				  (int)out->c.status_index, "valid_from", d1, "valid_until", d2),
			err);
	}
	if (rc == 0) {
		char zh[256], en[256];
		snprintf(zh, sizeof(zh), "申请 %s 的资质证书已颁发：%s", a.number, out->c.number);
		snprintf(en, sizeof(en), "The certificate of application %s was issued: %s",
			 a.number, out->c.number);
		rc = apps_notify_unit(s, &a, "certificate.issued", zh, en, err);
	}
	return svc_end(s, rc, err);
}

/* ---- reading ---- */

void certs_resource(const struct cert_rec *c, struct resource *r)
{
	memset(r, 0, sizeof(*r));
	r->type = "certificate";
	r->id = c->id;
	r->scoped = 1;
	r->region = c->region;
	r->unit_id = c->unit_id;
	/* the register is public: no label */
}

int certs_load(struct svc *s, int64_t id, struct cert_rec *c, struct bm_err *err)
{
	struct resource r;
	int rc = certs_repo_get(s->db, id, c, err);

	if (rc == 0) {
		certs_resource(c, &r);
		rc = svc_authorize(s, ACT_APP_READ, &r, err);
	}
	return rc;
}

/* Fill what is derived from v->c. */
int certs_view_fill(struct svc *s, struct cert_view *v, struct bm_err *err)
{
	struct authority a;
	int rc = schemes_version(s->db, v->c.scheme_id, v->c.scheme_version, &v->scheme, err);

	v->authority_en[0] = '\0';
	if (rc == 0 && authorities_repo_get(s->db, v->c.authority_id, &a, err) == 0)
		bm_strlcpy(v->authority_en, a.name_en, sizeof(v->authority_en));
	bm_err_clear(err);
	return rc;
}

int certs_get(struct svc *s, int64_t id, struct cert_view *out, struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_READ, err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = certs_load(s, id, &out->c, err);
	if (rc == 0)
		rc = certs_view_fill(s, out, err);
	return svc_end(s, rc, err);
}

struct list_ctx {
	struct svc *s;
	int check; /* 1: only what the caller may see */
	int limit, n;
	int64_t *next;
	visit_fn fn;
	void *ctx;
	struct cert_view *v;
	struct bm_err *err;
};

static int list_visit(void *ctx, const void *rec)
{
	struct list_ctx *lc = ctx;
	const struct cert_rec *c = rec;
	struct resource r;
	int rc;

	if (lc->check) {
		certs_resource(c, &r);
		if (authz_check(&lc->s->who, ACT_APP_READ, &r) != AUTHZ_ALLOW)
			return 0;
	}
	if (lc->n == lc->limit) {
		*lc->next = lc->v->c.id;
		return 1;
	}
	lc->v->c = *c;
	rc = certs_view_fill(lc->s, lc->v, lc->err);
	if (rc == 0)
		rc = lc->fn(lc->ctx, lc->v);
	lc->n++;
	return rc;
}

static int list_run(struct svc *s, const struct cert_filter *f, int check, int limit, visit_fn fn,
		    void *ctx, int64_t *next, struct bm_err *err)
{
	struct list_ctx lc = { s, check, limit, 0, next, fn, ctx, NULL, err };
	int rc;

	*next = 0;
	lc.v = calloc(1, sizeof(*lc.v));
	if (lc.v == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = svc_begin(s, DB_TX_READ, err);
	if (rc == 0)
		rc = certs_repo_list(s->db, f, list_visit, &lc, err);
	free(lc.v);
	return svc_end(s, rc, err);
}

int certs_list(struct svc *s, const struct cert_filter *f, int limit, visit_fn fn, void *ctx,
	       int64_t *next, struct bm_err *err)
{
	struct cert_filter mine = *f;

	/* a unit's users see only their own unit's certificates: narrow the query too */
	if (svc_own_unit(s) != 0)
		mine.unit_id = svc_own_unit(s);
	if (s->who.kind != AUTH_OPERATOR && !(s->who.roles & (ROLES_BUREAU | ROLES_UNIT))) {
		struct resource r;
		memset(&r, 0, sizeof(r));
		r.type = "certificate";
		int rc = svc_authorize(s, ACT_APP_READ, &r, err);
		if (rc != 0)
			return svc_end(s, rc, err);
	}
	return list_run(s, &mine, 1, limit, fn, ctx, next, err);
}

int certs_public_search(struct svc *s, const char *q, int64_t after, int limit, visit_fn fn,
			void *ctx, int64_t *next, struct bm_err *err)
{
	struct cert_filter f;

	memset(&f, 0, sizeof(f));
	f.q = q != NULL && q[0] != '\0' ? q : NULL;
	f.after_id = after;
	/* public by law: the register of qualified units */
	return list_run(s, &f, 0, limit, fn, ctx, next, err);
}

int certs_public_get(struct svc *s, const char *number, struct cert_view *out, struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_READ, err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = certs_repo_get_by_number(s->db, number, &out->c, err);
	if (rc == 0)
		rc = certs_view_fill(s, out, err);
	return svc_end(s, rc, err);
}
