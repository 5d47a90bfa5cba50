/*
 * certs_paper.c - registering paper certificates (certs_paper.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/certlife.h"
#include "service/apps.h"
#include "service/certs_paper.h"
#include "service/orgs.h"
#include "service/refdata.h"
#include "store/notify_repo.h"
#include "store/orgs_repo.h"
#include "base/banned.h"

/* ---- the rules ---- */

/* How long before its validity a paper certificate may have been issued. [cfg] */
#define PAPER_ISSUED_BEFORE_DAYS 366

struct standing_ctx {
	const char *scheme_id;
	int n;
};

static int standing_visit(void *ctx, const void *rec)
{
	struct standing_ctx *sc = ctx;
	const struct cert_rec *c = rec;

	if (strcmp(c->scheme_id, sc->scheme_id) == 0 &&
	    (c->state == CL_VALID || c->state == CL_SUSPENDED))
		sc->n++;
	return 0;
}

/* The dates of r against the scheme's validity and today. */
static int dates_ok(const struct paper_rec *r, const struct scheme *sc, int32_t today,
		    struct bm_err *err)
{
	char d[BM_DATE_LEN];

	if (r->valid_until < r->valid_from)
		return bm_err_set(err, BM_ERULE, "invalid_period", "valid_until",
				  "valid_until comes before valid_from");
	if (r->valid_until > certlife_valid_until(r->valid_from, sc->validity_years))
		return bm_err_set(err, BM_ERULE, "validity_too_long", "valid_until",
				  "a certificate of scheme %s is valid for %d years at most",
				  sc->id, sc->validity_years);
	bm_date_format(today, d);
	if (r->valid_from > today)
		return bm_err_set(err, BM_ERULE, "not_yet_valid", "valid_from",
				  "a paper certificate is registered once in force (today is %s); "
				  "a new one is issued here",
				  d);
	if (r->valid_until < today)
		return bm_err_set(err, BM_ERULE, "already_ended", "valid_until",
				  "the certificate ended before today (%s): it is not registered",
				  d);
	/* a paper is issued at most a year before its validity begins (a renewal's,
	 * months before the old one ends) */
	if (r->paper_issued > today || r->paper_issued > r->valid_until ||
	    r->paper_issued < r->valid_from - PAPER_ISSUED_BEFORE_DAYS)
		return bm_err_set(err, BM_ERULE, "invalid_date", "paper_issued",
				  "the paper's issue date lies after today or valid_until, or more "
				  "than %d days before valid_from",
				  PAPER_ISSUED_BEFORE_DAYS);
	return 0;
}

/* Invisible formatting characters (UTF-8) a printed number cannot hold: soft hyphen,
 * zero-width and bidirectional marks, word joiners, the byte order mark. */
static const char *const invisible[] = {
	"\xc2\xad",	"\xe2\x80\x8b", "\xe2\x80\x8c", "\xe2\x80\x8d", "\xe2\x80\x8e",
	"\xe2\x80\x8f", "\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad",
	"\xe2\x80\xae", "\xe2\x81\xa0", "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8",
	"\xe2\x81\xa9", "\xef\xbb\xbf",
};

/* A certificate number as printed: text of 1..CERT_NUMBER_MAX bytes without control
 * or invisible formatting characters and without spaces at either end (400, field
 * "number"). */
static int number_ok(const char *n, struct bm_err *err)
{
	size_t len = strlen(n);

	if (len > CERT_NUMBER_MAX)
		return bm_err_set(err, BM_EINVAL, "too_long", "number",
				  "a certificate number is at most %d bytes", CERT_NUMBER_MAX);
	if (len == 0 || !bm_text_ok(n, CERT_NUMBER_MAX, 0) || strchr(n, '\t') != NULL)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "number",
				  "a certificate number is printable text");
	if (n[0] == ' ' || n[len - 1] == ' ' || strncmp(n, "\xe3\x80\x80", 3) == 0 ||
	    (len >= 3 && strcmp(n + len - 3, "\xe3\x80\x80") == 0))
		return bm_err_set(err, BM_EINVAL, "invalid_value", "number",
				  "a certificate number has no space at either end");
	for (size_t i = 0; i < sizeof(invisible) / sizeof(invisible[0]); i++)
		if (strstr(n, invisible[i]) != NULL)
			return bm_err_set(err, BM_EINVAL, "invalid_value", "number",
					  "a certificate number holds no invisible characters");
	return 0;
}

/* r's scheme, grade and categories are its scheme's as it stands now (400 naming the
 * field): at registration from the request, at confirmation again. */
static int scheme_ok(const struct paper_rec *r, const struct scheme **out, struct bm_err *err)
{
	const struct scheme *sc = schemes_current(r->scheme_id);
	char code[SCHEME_CODE_MAX];

	*out = sc;
	if (sc == NULL)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "scheme", "no scheme \"%s\"",
				  r->scheme_id);
	if (scheme_grade_index(sc, r->grade) < 0)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "grade",
				  "grade \"%s\" is not one of scheme %s", r->grade, sc->id);
	for (const char *p = r->categories; *p != '\0';) {
		size_t n = strcspn(p, ",");
		snprintf(code, sizeof(code), "%.*s", (int)n, p);
		if (n == 0 || n >= sizeof(code) || scheme_category_index(sc, code) < 0)
			return bm_err_set(err, BM_EINVAL, "invalid_value", "categories",
					  "category \"%s\" is not one of scheme %s", code, sc->id);
		p += n + (p[n] == ',');
	}
	return 0;
}

/*
 * The rules of certs_paper.h on registration r of unit u, inside an open transaction,
 * once the caller may register it; pending (1 at registration) also refuses another
 * pending registration for the unit and scheme.
 */
static int rules_ok(struct svc *s, const struct paper_rec *r, const struct scheme *sc,
		    const struct unit *u, int pending, struct bm_err *err)
{
	struct cert_filter f;
	struct standing_ctx st = { r->scheme_id, 0 };
	int64_t n = 0;
	int taken = 0;
	int rc = dates_ok(r, sc, bm_date_cst(s->now), err);

	if (rc == 0)
		rc = number_ok(r->number, err);
	if (rc == 0)
		rc = certs_repo_number_taken(s->db, r->number, &taken, err);
	if (rc == 0 && taken && pending)
		return bm_err_set(err, BM_ECONFLICT, "number_taken", "number",
				  "certificate number %s is already taken", r->number);
	memset(&f, 0, sizeof(f));
	f.unit_id = u->id;
	f.scheme_id = r->scheme_id;
	if (rc == 0)
		rc = certs_repo_list(s->db, &f, standing_visit, &st, err);
	if (rc == 0 && st.n > 0)
		return bm_err_set(err, BM_ECONFLICT, "already_certified", "unit_id",
				  "%s already holds a standing certificate of scheme %s", u->name,
				  r->scheme_id);
	if (rc == 0)
		rc = paper_repo_cases_for(s->db, u->id, r->scheme_id, &n, err);
	if (rc == 0 && n > 0)
		return bm_err_set(err, BM_ECONFLICT, "application_open", "unit_id",
				  "%s has an application under scheme %s in progress: it is "
				  "decided first",
				  u->name, r->scheme_id);
	if (rc == 0 && pending)
		rc = paper_repo_pending_for(s->db, u->id, r->scheme_id, &n, err);
	if (rc == 0 && pending && n > 0)
		rc = bm_err_set(err, BM_ECONFLICT, "registration_pending", "unit_id",
				"a registration of %s's certificate of scheme %s awaits "
				"confirmation",
				u->name, r->scheme_id);
	return rc;
}

/* The deciding bureau of r today: the scheme's authority for the decision, for the
 * unit's region and the grade. */
static int deciding_bureau(struct svc *s, const struct paper_rec *r, const struct scheme *sc,
			   const struct unit *u, int64_t *id, struct bm_err *err)
{
	struct application a;
	int rc;

	memset(&a, 0, sizeof(a));
	bm_strlcpy(a.scheme_id, sc->id, sizeof(a.scheme_id));
	a.scheme_version = sc->version;
	bm_strlcpy(a.region, u->region, sizeof(a.region));
	rc = apps_resolve_authority(s, &a, scheme_grade_index(sc, r->grade), STEP_DECIDE, id, err);
	if (rc == 0 && *id == 0)
		rc = bm_err_set(err, BM_ERULE, "no_authority", "scheme",
				"scheme %s names no deciding authority", sc->id);
	return rc;
}

/* ---- views ---- */

static int view_fill(struct svc *s, struct paper_view *v, struct bm_err *err)
{
	struct authority a;
	struct unit u;
	int rc = units_repo_get(s->db, v->r.unit_id, &u, err);

	if (rc == 0) {
		bm_strlcpy(v->unit_name, u.name, sizeof(v->unit_name));
		bm_strlcpy(v->uscc, u.uscc, sizeof(v->uscc));
		rc = authorities_repo_get(s->db, v->r.authority_id, &a, err);
	}
	if (rc == 0) {
		bm_strlcpy(v->authority, a.name_zh, sizeof(v->authority));
		bm_strlcpy(v->authority_en, a.name_en, sizeof(v->authority_en));
	}
	v->can = 0;
	if (strcmp(v->r.state, "pending") == 0 && certs_on_staff(s, v->r.authority_id)) {
		v->can |= PAPER_CAN_REJECT;
		if (certs_second_person(s, v->r.registered_by))
			v->can |= PAPER_CAN_CONFIRM;
	}
	return rc;
}

/* Load registration id for its bureau's staff (404 for anyone else). */
static int load(struct svc *s, int64_t id, struct paper_view *v, struct bm_err *err)
{
	int rc;

	memset(v, 0, sizeof(*v));
	rc = paper_repo_get(s->db, id, &v->r, err);
	if (rc == 0 && !certs_on_staff(s, v->r.authority_id))
		rc = bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "no such registration");
	if (rc == 0)
		rc = view_fill(s, v, err);
	return rc;
}

/* Load pending registration id at version for a decision by the bureau's staff. */
static int load_pending(struct svc *s, int64_t id, int64_t version, struct paper_view *v,
			struct bm_err *err)
{
	int rc = load(s, id, v, err);

	if (rc == 0 && strcmp(v->r.state, "pending") != 0)
		rc = bm_err_set(err, BM_ECONFLICT, "not_pending", "state",
				"registration %lld was %s already", (long long)id, v->r.state);
	if (rc == 0 && v->r.version != version)
		rc = bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				"the registration was changed by someone else");
	return rc;
}

static json_t *audit_details(const struct paper_rec *r)
{
	char d[3][BM_DATE_LEN];

	bm_date_format(r->paper_issued, d[0]);
	bm_date_format(r->valid_from, d[1]);
	bm_date_format(r->valid_until, d[2]);
	return json_pack("{s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "registration_id",
			 (json_int_t)r->id, "number", r->number, "unit_id", (json_int_t)r->unit_id,
			 "scheme", r->scheme_id, "grade", r->grade, "categories", r->categories,
			 "paper_issued", d[0], "valid_from", d[1], "valid_until", d[2]);
}

/* ---- use cases ---- */

/* The unit of in (by id, or by USCC when unit_id is 0) into u, when the caller may
 * act on it: one not found and one outside the caller's jurisdiction are refused
 * alike (400, field "unit_id" or "unit_uscc"). */
static int unit_of(struct svc *s, const struct paper_in *in, struct unit *u, struct bm_err *err)
{
	const char *field = in->unit_id != 0 ? "unit_id" : "unit_uscc";
	struct resource res;
	int rc = in->unit_id != 0
			 ? units_repo_get(s->db, in->unit_id, u, err)
			 : units_repo_get_by_uscc(s->db, in->uscc != NULL ? in->uscc : "", u, err);

	if (rc == 0) {
		units_resource(u, &res);
		rc = svc_authorize(s, ACT_APP_DECIDE, &res, err);
	}
	if (rc == BM_ENOTFOUND)
		rc = bm_err_set(err, BM_EINVAL, "invalid_value", field,
				"no such unit in your jurisdiction");
	return rc;
}

/* The caller is an approver of a bureau (403 "forbidden" otherwise), asked before
 * anything of the data is read for a registration. */
static int approver_ok(const struct svc *s, struct bm_err *err)
{
	if (s->who.membership == MEMBER_AUTHORITY && (s->who.roles & ROLE_BIT(ROLE_APPROVER)))
		return 0;
	return bm_err_set(err, BM_EFORBIDDEN, "forbidden", NULL,
			  "an approver of a bureau registers paper certificates");
}

/* Register in as pending inside the open write transaction: the rules of
 * certs_paper.h, audited; out filled. Who asks is settled before the data is read. */
static int register_one(struct svc *s, const struct paper_in *in, struct paper_view *out,
			struct bm_err *err)
{
	struct paper_rec *r = &out->r;
	const struct scheme *sc = schemes_current(in->scheme);
	struct unit u;
	int64_t bureau = 0;
	int rc = approver_ok(s, err);

	memset(out, 0, sizeof(*out));
	if (rc != 0)
		return rc;
	if (sc == NULL)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "scheme", "no scheme \"%s\"",
				  in->scheme);
	rc = apps_categories_text(sc, in->categories, in->ncategories, r->categories,
				  sizeof(r->categories), err);
	if (rc != 0)
		return rc;
	bm_strlcpy(r->scheme_id, sc->id, sizeof(r->scheme_id));
	bm_strlcpy(r->grade, in->grade, sizeof(r->grade));
	rc = scheme_ok(r, &sc, err);
	if (rc == 0)
		rc = number_ok(in->number, err);
	if (rc == 0 && strlen(in->note != NULL ? in->note : "") >= sizeof(r->note))
		rc = bm_err_set(err, BM_EINVAL, "too_long", "note", "the note is too long");
	if (rc != 0)
		return rc;
	bm_strlcpy(r->number, in->number, sizeof(r->number));
	r->paper_issued = in->paper_issued;
	r->valid_from = in->valid_from;
	r->valid_until = in->valid_until;
	bm_strlcpy(r->note, in->note != NULL ? in->note : "", sizeof(r->note));
	r->registered_by = s->who.user_id;
	r->registered_at = s->now;
	rc = unit_of(s, in, &u, err);
	if (rc == 0)
		rc = deciding_bureau(s, r, sc, &u, &bureau, err);
	if (rc == 0 && s->who.authority_id != bureau)
		rc = svc_refuse(s, ACT_APP_DECIDE, "unit", u.id, err, "not_your_step", NULL,
				"an approver of the bureau that decides such certificates "
				"registers them");
	r->unit_id = u.id;
	r->authority_id = bureau;
	if (rc == 0)
		rc = rules_ok(s, r, sc, &u, 1, err);
	if (rc == 0) {
		rc = paper_repo_insert(s->db, r, err);
		if (rc == BM_ECONFLICT)
			bm_err_set(err, BM_ECONFLICT, "number_taken", "number",
				   "certificate number %s awaits confirmation already", r->number);
	}
	if (rc == 0)
		rc = svc_audit(s, "certificate.paper_register", "paper_registration", r->id,
			       audit_details(r), err);
	if (rc == 0)
		rc = view_fill(s, out, err);
	return rc;
}

int paper_register(struct svc *s, const struct paper_in *in, struct paper_view *out,
		   struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0)
		rc = register_one(s, in, out, err);
	return svc_end(s, rc, err);
}

/* A row's refusal worth reporting to the user (the rules and the input), as opposed
 * to a failure of the system, which ends the import. */
static int row_refusal(int rc)
{
	return rc == BM_EINVAL || rc == BM_ERULE || rc == BM_ECONFLICT || rc == BM_EFORBIDDEN ||
	       rc == BM_ENOTFOUND;
}

int paper_import(struct svc *s, const struct paper_row *rows, size_t n, struct paper_import *out,
		 struct bm_err *err)
{
	struct paper_view *v = malloc(sizeof(*v));
	int rc;

	memset(out, 0, sizeof(*out));
	if (v == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = approver_ok(s, err);
	if (rc == 0 && (n == 0 || n > PAPER_IMPORT_ROWS_MAX))
		rc = bm_err_set(err, BM_EINVAL, "invalid_import", "csv",
				"an import holds 1 to %d certificates, not %zu",
				PAPER_IMPORT_ROWS_MAX, n);
	if (rc == 0)
		rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc != 0) {
		free(v);
		return rc;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct paper_import_error *e = &out->errors[out->nerrors];
		struct bm_err row;
		int r;

		bm_err_clear(&row);
		r = rows[i].error.code != 0 ? rows[i].error.code
					    : register_one(s, &rows[i].in, v, &row);
		if (r == 0) {
			out->ids[out->registered++] = v->r.id;
			continue;
		}
		if (!row_refusal(r)) {
			*err = row;
			rc = r;
			break;
		}
		if (out->nerrors == PAPER_IMPORT_ERRORS_MAX) {
			out->more_errors++;
			continue;
		}
		e->line = rows[i].line;
		e->err = rows[i].error.code != 0 ? rows[i].error : row;
		out->nerrors++;
	}
	s->denial.set = 0; /* a row's refusal is reported, not audited as a denied request */
	if (rc == 0 && out->nerrors > 0) {
		out->registered = 0;
		rc = bm_err_set(err, BM_ERULE, "import_invalid", "csv",
				"%zu of %zu rows are refused; nothing was registered",
				out->nerrors + out->more_errors, n);
	}
	if (rc == 0)
		rc = svc_audit(s, "certificate.paper_import", "paper_registration", out->ids[0],
			       json_pack("{s:I,s:I,s:I}", "rows", (json_int_t)n, "first_id",
					 (json_int_t)out->ids[0], "last_id",
					 (json_int_t)out->ids[n - 1]),
			       err);
	free(v);
	return svc_end(s, rc, err);
}

int paper_get(struct svc *s, int64_t id, struct paper_view *out, struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0)
		rc = load(s, id, out, err);
	return svc_end(s, rc, err);
}

static int list_visit(void *ctx, const void *rec)
{
	struct svc_visit *lc = ctx;
	struct paper_view *v = malloc(sizeof(*v));
	int rc;

	if (v == NULL)
		return bm_err_set(lc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	memset(v, 0, sizeof(*v));
	v->r = *(const struct paper_rec *)rec;
	rc = view_fill(lc->s, v, lc->err);
	if (rc == 0)
		rc = svc_visit_give(lc, v->r.id, v);
	free(v);
	return rc;
}

int paper_list(struct svc *s, const char *state, int64_t before, struct svc_page *page, visit_fn fn,
	       void *ctx, struct bm_err *err)
{
	struct svc_visit lc = { s, fn, ctx, err, page };
	int rc;

	if (!certs_on_staff(s, s->who.authority_id))
		return bm_err_set(err, BM_EFORBIDDEN, "forbidden", NULL,
				  "registrations are seen by a bureau's staff");
	rc = svc_begin(s, DB_TX_READ, err);
	if (rc == 0)
		rc = paper_repo_list(s->db, s->who.kind == AUTH_OPERATOR ? 0 : s->who.authority_id,
				     state, before, list_visit, &lc, err);
	return svc_end(s, rc, err);
}

int paper_confirm(struct svc *s, int64_t id, int64_t version, struct paper_view *out,
		  struct bm_err *err)
{
	struct cert_view *cv = malloc(sizeof(*cv));
	const struct scheme *sc = NULL;
	int64_t bureau = 0;
	struct unit u;
	int rc = cv != NULL ? svc_begin(s, DB_TX_WRITE, err)
			    : bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");

	if (rc == 0)
		rc = load_pending(s, id, version, out, err);
	if (rc == 0 && !certs_second_person(s, out->r.registered_by))
		rc = svc_refuse(s, ACT_APP_DECIDE, "paper_registration", id, err,
				"separation_of_duties", NULL,
				"you registered this certificate; another member of the bureau "
				"must confirm it");
	/* the rules again on this day, the scheme as it stands, the bureau that decides
	 * such certificates now */
	if (rc == 0)
		rc = scheme_ok(&out->r, &sc, err);
	if (rc == 0)
		rc = units_repo_get(s->db, out->r.unit_id, &u, err);
	if (rc == 0)
		rc = deciding_bureau(s, &out->r, sc, &u, &bureau, err);
	if (rc == 0 && bureau != out->r.authority_id)
		rc = bm_err_set(err, BM_ECONFLICT, "bureau_changed", "unit_id",
				"another bureau decides this certificate now; reject the "
				"registration and register it there");
	if (rc == 0)
		rc = rules_ok(s, &out->r, sc, &u, 0, err);
	if (rc == 0)
		rc = certs_issue_paper(s, &out->r, cv, err);
	if (rc == 0) {
		bm_strlcpy(out->r.state, "confirmed", sizeof(out->r.state));
		out->r.decided_by = s->who.user_id;
		out->r.decided_at = s->now;
		out->r.certificate_id = cv->c.id;
		rc = paper_repo_decide(s->db, &out->r, err);
	}
	if (rc == 0) {
		json_t *d = audit_details(&out->r);
		json_object_set_new(d, "registered_by", json_integer(out->r.registered_by));
		json_object_set_new(d, "kid", json_string(cv->c.kid));
		json_object_set_new(d, "status_index", json_integer(cv->c.status_index));
		rc = svc_audit(s, "certificate.paper_confirm", "certificate", cv->c.id, d, err);
	}
	if (rc == 0) {
		char zh[256], en[256];
		struct notification n = { 0, 0, 0, s->now, 0, "certificate.registered", zh, en };
		snprintf(zh, sizeof(zh), "纸质资质证书 %s 已登记入库，可在公开名录中查验",
			 cv->c.number);
		snprintf(en, sizeof(en),
			 "Paper certificate %s is registered and verifiable in the public register",
			 cv->c.number);
		rc = notify_repo_add_unit(s->db, cv->c.unit_id, &n, err);
	}
	if (rc == 0)
		rc = view_fill(s, out, err);
	free(cv);
	return svc_end(s, rc, err);
}

int paper_reject(struct svc *s, int64_t id, int64_t version, const char *reason,
		 struct paper_view *out, struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0 && strlen(reason) >= sizeof(out->r.reason))
		rc = bm_err_set(err, BM_EINVAL, "too_long", "reason", "the reason is too long");
	if (rc == 0)
		rc = load_pending(s, id, version, out, err);
	if (rc == 0) {
		bm_strlcpy(out->r.state, "rejected", sizeof(out->r.state));
		bm_strlcpy(out->r.reason, reason, sizeof(out->r.reason));
		out->r.decided_by = s->who.user_id;
		out->r.decided_at = s->now;
		rc = paper_repo_decide(s->db, &out->r, err);
	}
	if (rc == 0) {
		json_t *d = audit_details(&out->r);
		json_object_set_new(d, "reason", json_string(reason));
		rc = svc_audit(s, "certificate.paper_reject", "paper_registration", id, d, err);
	}
	if (rc == 0)
		rc = view_fill(s, out, err);
	return svc_end(s, rc, err);
}
