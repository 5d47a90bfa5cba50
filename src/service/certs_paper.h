/*
 * certs_paper.h - registering the certificates a bureau issued on paper before it used
 * baomi, so that they stand in the register, are verifiable and live the same life
 * (renewal, annual examination, sanctions, expiry) as those issued here
 * (docs/certificates.md §23). Like issuance it is a two-person act:
 *
 *   - an approver of the bureau that decides such certificates today (the scheme's
 *     deciding authority for the unit's region and the grade, apps_resolve_authority)
 *     registers it: pending;
 *   - a second member of that bureau's staff (reviewer, approver or inspector, never the
 *     registrant) confirms it: certs_issue_paper signs and stores the certificate,
 *     valid, in the same commit; or a member of the staff (the registrant included)
 *     rejects it with a reason.
 *
 * Who asks is settled before anything of the data is read: anyone but an approver of a
 * bureau is refused 403 "forbidden"; a unit that does not exist or lies outside the
 * caller's jurisdiction is refused alike (400 "invalid_value", field "unit_id" or
 * "unit_uscc"); then 403 "not_your_step" unless the caller's bureau decides such
 * certificates. The rules, checked at registration and again at confirmation (the day
 * may have moved on; at confirmation also the scheme as it stands and the deciding
 * bureau, 409 "bureau_changed" when it is another now):
 *   - scheme, grade (legacy grades too: they stand on existing certificates) and
 *     categories are the scheme's (400, the field named);
 *   - valid_from <= valid_until <= the scheme's validity from valid_from (422
 *     "validity_too_long", field "valid_until"); valid_from is today or before (422
 *     "not_yet_valid": a certificate not yet in force is issued here, not registered);
 *     valid_until is today or later (422 "already_ended": an ended certificate is not
 *     registered); paper_issued is today or before, not after valid_until and at most
 *     366 days before valid_from (422 "invalid_date", field "paper_issued");
 *   - the number is printable text of at most CERT_NUMBER_MAX bytes (400 "too_long"),
 *     one line, nothing invisible, no space at either end (400 "invalid_value"), and
 *     no certificate's or pending registration's yet (409 "number_taken"), all field
 *     "number"; issuance passes over a number held this way (certs.c);
 *   - the unit holds no standing (valid or suspended) certificate of the scheme (409
 *     "already_certified"), and has no application of it in progress: submitted and
 *     undecided, or approved with the issuance unconfirmed (409 "application_open"),
 *     both field "unit_id";
 *   - at registration, no other registration for the unit and scheme is pending (409
 *     "registration_pending", field "unit_id").
 * Notes and reasons hold up to PAPER_NOTE_MAX / PAPER_REASON_MAX characters of any
 * width.
 */
#ifndef BM_CERTS_PAPER_H
#define BM_CERTS_PAPER_H

#include "service/certs.h"
#include "service/svc.h"
#include "store/paper_repo.h"

struct paper_in {
	int64_t unit_id;  /* or 0 with uscc: */
	const char *uscc; /* the unit by its USCC (field "unit_uscc"), or NULL */
	const char *number, *scheme, *grade;
	const char *const *categories;
	size_t ncategories;
	int32_t paper_issued, valid_from, valid_until;
	const char *note; /* or NULL */
};

enum { PAPER_CAN_CONFIRM = 1u << 0, PAPER_CAN_REJECT = 1u << 1 };

/* A registration as the caller sees it. */
struct paper_view {
	struct paper_rec r;
	char unit_name[LONGNAME_BYTES];
	char uscc[USCC_LEN + 1];
	char authority[LONGNAME_BYTES], authority_en[LONGNAME_BYTES];
	unsigned can; /* PAPER_CAN_* */
};

/* Register in as pending and audit it ("certificate.paper_register"); the rules above.
 * 403 "not_your_step" for anyone but an approver of the deciding bureau. */
int paper_register(struct svc *s, const struct paper_in *in, struct paper_view *out,
		   struct bm_err *err);

/*
 * The import of a spreadsheet of paper certificates: rows as read (line: where the row
 * starts in the file; error: a refusal found while reading it, code 0 when none).
 * Every row is registered as paper_register would, in one transaction: all of them,
 * or, when any is refused, none, with the refusals (the first PAPER_IMPORT_ERRORS_MAX,
 * more_errors counting the rest). 0 with out->ids the registrations; 422
 * "import_invalid" (field "csv") with out->errors; 403 "forbidden" for anyone but an
 * approver of a bureau; 400 "invalid_import" for 0 or more than PAPER_IMPORT_ROWS_MAX
 * rows. Audited "certificate.paper_register" per row and "certificate.paper_import"
 * once.
 */
#define PAPER_IMPORT_ROWS_MAX	2000
#define PAPER_IMPORT_ERRORS_MAX 50
struct paper_row {
	int line;
	struct paper_in in;
	struct bm_err error;
};
struct paper_import_error {
	int line;
	struct bm_err err;
};
struct paper_import {
	size_t registered;
	int64_t ids[PAPER_IMPORT_ROWS_MAX];
	size_t nerrors, more_errors;
	struct paper_import_error errors[PAPER_IMPORT_ERRORS_MAX];
};
int paper_import(struct svc *s, const struct paper_row *rows, size_t n, struct paper_import *out,
		 struct bm_err *err);

/* Registration id, for its bureau's staff (404 for anyone else). */
int paper_get(struct svc *s, int64_t id, struct paper_view *out, struct bm_err *err);

/* Visit the registrations of the caller's bureau (all for the operator; 403 for anyone
 * off a bureau's staff; fn gets const struct paper_view *), newest first, in state
 * (NULL = any), with ids below before (0: from the newest), one page (svc.h). */
int paper_list(struct svc *s, const char *state, int64_t before, struct svc_page *page, visit_fn fn,
	       void *ctx, struct bm_err *err);

/*
 * Confirm pending registration id at version: the certificate is issued
 * (certs_issue_paper), the registration confirmed with its id, both audited
 * ("certificate.paper_confirm" on the certificate) and the unit told, in one commit.
 * 403 "separation_of_duties" for the registrant; 404 for anyone off the bureau's
 * staff; 409 "not_pending" when decided already; 412 on a stale version; the rules
 * above.
 */
int paper_confirm(struct svc *s, int64_t id, int64_t version, struct paper_view *out,
		  struct bm_err *err);

/* Reject pending registration id at version with reason, audited
 * ("certificate.paper_reject"). 404 off the bureau's staff; 409 "not_pending"; 412 on
 * a stale version. */
int paper_reject(struct svc *s, int64_t id, int64_t version, const char *reason,
		 struct paper_view *out, struct bm_err *err);

#endif
