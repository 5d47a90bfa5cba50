/*
 * api.h - the handlers of the route table, and the JSON shape of each record.
 */
#ifndef BM_API_H
#define BM_API_H

#include "http/http.h"
#include "store/audit_repo.h"
#include "store/model.h"

struct app_view;
struct finding_in;
struct i18n_text;
struct scheme;

/* JSON of records, as every endpoint returns them. */
json_t *api_user_json(const struct user *u, int64_t now);
json_t *api_unit_json(const struct unit *u);
json_t *api_authority_json(const struct authority *a);
json_t *api_region_json(const struct region_rec *r);
json_t *api_token_json(const struct api_token *t);
json_t *api_audit_json(const struct audit_row *r);

/* A record's id, or null for 0 (none). */
json_t *api_id_json(int64_t id);
/* A page of records: {"items": [...], "next_cursor": "..."|null}. */
json_t *api_page(json_t *items, int64_t next);
/* {"zh-CN": ..., "en": ...} */
json_t *api_text_json(const struct i18n_text *t);
/* A comma list of category codes as a JSON array of the codes; with names set, *names
 * gets the array of their names in scheme sc (api_text_json), null for a code sc does
 * not know or when sc is NULL. */
json_t *api_categories_json(const struct scheme *sc, const char *csv, json_t **names);
/* Collect records into a JSON array through a visitor. */
struct api_collect {
	json_t *items;
	json_t *(*to_json)(const void *rec);
};
int api_collect_visit(void *ctx, const void *rec);
/* Reply 200 with a page of items (api_page: next_cursor null when next is 0) when ret is
 * 0; else drop items and return ret (the error reply). */
int api_reply_page(struct reqctx *rc, int ret, json_t *items, int64_t next);
/* The page fields of a list's query string, for a struct T with int64_t limit and
 * cursor: limit 1..200 (API_LIST_LIMIT when absent), cursor the next_cursor of the page
 * before. */
#define API_LIST_LIMIT 50
#define API_PAGE_FIELDS(T)                                                                         \
	{ "limit", FS_INT, 0, offsetof(T, limit), 1, 200, 0, NULL, NULL },                         \
	{                                                                                          \
		"cursor", FS_INT, 0, offsetof(T, cursor), 1, INT64_MAX, 0, NULL, NULL              \
	}
/* The page a list query asks for (present: the query's field bits, 0 without a query;
 * i: the index of its "limit" field, "cursor" the next): the limit, API_LIST_LIMIT when
 * absent; *before the cursor, 0 (from the newest) when absent. */
struct svc_page api_page_of(uint64_t present, unsigned i, int64_t limit, int64_t cursor,
			    int64_t *before);
/* Content-Disposition: attachment, with name (user text) in RFC 5987 form only. */
void api_attachment_header(struct reqctx *rc, const char *name);

/* The query of every raw-body upload (spec_upload_query): the file's name. */
struct upload_query {
	uint64_t present;
	const char *name;
};

/* Specs shared between handlers and the route table. */
extern const struct fs_spec spec_login, spec_password_change, spec_token_new;
extern const struct fs_spec spec_user_new, spec_user_patch, spec_user_reset, spec_user_access;
extern const struct fs_spec spec_user_query, spec_unit_query, spec_audit_query, spec_region_query;
extern const struct fs_spec spec_region_new, spec_authority_new, spec_authority_patch;
extern const struct fs_spec spec_unit_new, spec_unit_patch, spec_label;

int api_healthz(struct reqctx *rc);
int api_readyz(struct reqctx *rc);
int api_openapi(struct reqctx *rc);

int api_login(struct reqctx *rc);
int api_logout(struct reqctx *rc);
int api_me(struct reqctx *rc);
int api_password_change(struct reqctx *rc);
int api_tokens_list(struct reqctx *rc);
int api_token_create(struct reqctx *rc);
int api_token_revoke(struct reqctx *rc);

int api_users_list(struct reqctx *rc);
int api_user_create(struct reqctx *rc);
int api_user_get(struct reqctx *rc);
int api_user_patch(struct reqctx *rc);
int api_user_reset_password(struct reqctx *rc);
int api_user_set_access(struct reqctx *rc);

int api_regions_list(struct reqctx *rc);
int api_region_create(struct reqctx *rc);
int api_authorities_list(struct reqctx *rc);
int api_authority_create(struct reqctx *rc);
int api_authority_get(struct reqctx *rc);
int api_authority_patch(struct reqctx *rc);
int api_units_list(struct reqctx *rc);
int api_unit_create(struct reqctx *rc);
int api_unit_get(struct reqctx *rc);
int api_unit_patch(struct reqctx *rc);
int api_unit_set_label(struct reqctx *rc);

int api_audit_list(struct reqctx *rc);
int api_audit_verify(struct reqctx *rc);

/* qualification applications */
extern const struct fs_spec spec_app_new, spec_app_patch, spec_app_event, spec_app_extend,
	spec_app_query, spec_eligibility, spec_upload_query, spec_onsite_schedule, spec_sheet,
	spec_objection_resolve, spec_objection, spec_notify_query, spec_notify_read;
extern const struct fs_spec spec_cal_check, spec_cal_add, spec_cal_between;
extern const struct fs_spec spec_profile_patch, spec_person, spec_unit_event, spec_premises,
	spec_declaration;

json_t *api_app_json(const struct app_view *v);

int api_calendar_check(struct reqctx *rc);
int api_calendar_add(struct reqctx *rc);
int api_calendar_between(struct reqctx *rc);
int api_calendar_years(struct reqctx *rc);
int api_calendar_put(struct reqctx *rc);
int api_schemes_list(struct reqctx *rc);
int api_scheme_get(struct reqctx *rc);
int api_areas_list(struct reqctx *rc);

int api_profile_get(struct reqctx *rc);
int api_profile_patch(struct reqctx *rc);
int api_person_put(struct reqctx *rc);
int api_person_delete(struct reqctx *rc);
int api_unit_event_add(struct reqctx *rc);
int api_unit_event_delete(struct reqctx *rc);
int api_premises_add(struct reqctx *rc);
int api_premises_delete(struct reqctx *rc);
int api_declaration_put(struct reqctx *rc);
int api_eligibility(struct reqctx *rc);

int api_apps_list(struct reqctx *rc);
int api_app_create(struct reqctx *rc);
int api_app_get(struct reqctx *rc);
int api_app_patch(struct reqctx *rc);
int api_app_event(struct reqctx *rc);
int api_app_extend(struct reqctx *rc);
int api_app_timeline(struct reqctx *rc);
int api_app_notes(struct reqctx *rc);
int api_app_submission(struct reqctx *rc);
int api_app_materials(struct reqctx *rc);
int api_app_upload(struct reqctx *rc);
int api_app_file_remove(struct reqctx *rc);
int api_app_file_download(struct reqctx *rc);
/* The media type of a sniffed file type name ("pdf", "png", ...). */
const char *api_file_mime(const char *type);
int api_onsite_schedule(struct reqctx *rc);
int api_onsite_get(struct reqctx *rc);
int api_onsite_candidates(struct reqctx *rc);
int api_sheet_put(struct reqctx *rc);
int api_objections_list(struct reqctx *rc);
int api_objection_resolve(struct reqctx *rc);
int api_public_publicity(struct reqctx *rc);
int api_public_object(struct reqctx *rc);
int api_public_verify(struct reqctx *rc);
int api_notifications(struct reqctx *rc);
int api_notifications_read(struct reqctx *rc);

/* certificates (api_certs.c) */
extern const struct fs_spec spec_cert_query, spec_public_cert_query, spec_cert_event;
/* paper certificates (api_paper.c) */
extern const struct fs_spec spec_paper_new, spec_paper_query, spec_paper_reject;
int api_paper_list(struct reqctx *rc);
int api_paper_create(struct reqctx *rc);
int api_paper_get(struct reqctx *rc);
int api_paper_confirm(struct reqctx *rc);
int api_paper_reject(struct reqctx *rc);
int api_paper_import(struct reqctx *rc);
int api_cert_event(struct reqctx *rc);
int api_cert_history(struct reqctx *rc);
int api_cert_confirm(struct reqctx *rc);
int api_certs_list(struct reqctx *rc);
int api_cert_get(struct reqctx *rc);
int api_cert_pdf(struct reqctx *rc);
int api_public_certs(struct reqctx *rc);
int api_public_cert(struct reqctx *rc);
int api_public_keys(struct reqctx *rc);
int api_public_status_list(struct reqctx *rc);

/* annual self-inspection, findings, cancellation proposals (api_annual.c) */
extern const struct fs_spec spec_annual_new, spec_annual_put, spec_annual_review, spec_annual_query,
	spec_annual_owed_query, spec_finding_query, spec_finding_response,
	spec_finding_verification, spec_proposal_query, spec_proposal_decision;
/* Shared with the inspections (api_inspections.c): a finding to record, as requested,
 * and in the service's shape (arena memory; NULL when out of memory); a finding as
 * JSON (rec: const struct finding_view *); "can" as the names of the bits set. */
extern const struct fs_spec spec_finding_new;
struct finding_in *api_findings_of(struct reqctx *rc, const struct fs_objs *o);
json_t *api_finding_json(const void *rec);
json_t *api_can_json(unsigned bits, const char *const *names, int n);
/* The {id} of a change and the version it is made at (If-Match). */
int api_change_of(struct reqctx *rc, int64_t *id, int64_t *version);
int api_annual_owed(struct reqctx *rc);
int api_annual_list(struct reqctx *rc);
int api_annual_create(struct reqctx *rc);
int api_annual_get(struct reqctx *rc);
int api_annual_put(struct reqctx *rc);
int api_annual_submit(struct reqctx *rc);
int api_annual_review(struct reqctx *rc);
int api_annual_upload(struct reqctx *rc);
int api_annual_download(struct reqctx *rc);
int api_findings_list(struct reqctx *rc);
int api_finding_get(struct reqctx *rc);
int api_finding_response(struct reqctx *rc);
int api_finding_verification(struct reqctx *rc);
int api_finding_upload(struct reqctx *rc);
int api_finding_download(struct reqctx *rc);

/* bureau inspections, leak reports, sanction proposals (api_inspections.c) */
extern const struct fs_spec spec_inspection_new, spec_inspection_query, spec_inspection_findings,
	spec_inspection_conclusion, spec_inspection_cancel, spec_leak_new, spec_sanction_patch,
	spec_sanction_decision, spec_sanction_query, spec_leak_query;
int api_inspections_list(struct reqctx *rc);
int api_inspection_create(struct reqctx *rc);
int api_inspection_get(struct reqctx *rc);
int api_inspection_start(struct reqctx *rc);
int api_inspection_findings(struct reqctx *rc);
int api_inspection_conclusion(struct reqctx *rc);
int api_inspection_cancel(struct reqctx *rc);
int api_leaks_list(struct reqctx *rc);
int api_leak_create(struct reqctx *rc);
int api_leak_get(struct reqctx *rc);
int api_sanctions_list(struct reqctx *rc);
int api_sanction_get(struct reqctx *rc);
int api_sanction_patch(struct reqctx *rc);
int api_sanction_decision(struct reqctx *rc);
int api_proposals_list(struct reqctx *rc);
int api_proposal_decision(struct reqctx *rc);

/* the role dashboards (api_dashboard.c) */
int api_dashboard(struct reqctx *rc);

/* Decode a label object {level, compartments[]} from a spec'd struct. */
struct label_in {
	uint64_t present;
	int level;
	struct fs_strs compartments;
};
int api_label_from(const struct label_in *in, struct label *out, const char *field,
		   struct bm_err *err);

#endif
