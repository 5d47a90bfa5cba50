/*
 * demo_life.c - the demo's certificates after issuance (demo.h): annual reports for
 * last year in every state, bureau inspections with findings, sanctions, a leak report,
 * and certificates suspended, revoked, cancelled, superseded and expired (one
 * registered from paper). Every step runs
 * through the services as the demo user who would take it, on the day it happened.
 *
 * The units here are walked to a certificate 600 days ago (so it stood during all of
 * last year and owes its report), or a month ago for the moves that need no past.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "cli/demo.h"
#include "core/areas.h"
#include "service/annual.h"
#include "service/certlife_svc.h"
#include "service/certs.h"
#include "service/certs_paper.h"
#include "service/findings.h"
#include "service/inspections.h"
#include "service/orgs.h"
#include "service/sanctions.h"
#include "base/banned.h"

#define ISSUED_LONG_AGO (-600) /* the filing day of the units that owe last year's report */

static const char *const it[] = { "software_development", "operation_maintenance" };

/* The day offset of y-m-d from today, but at most latest. */
static int day_of(const struct demo *d, int y, unsigned m, unsigned day, int latest)
{
	int off = bm_days_from_civil(y, m, day) - bm_date_cst(d->today_ms);

	return off < latest ? off : latest;
}

static int this_year(const struct demo *d)
{
	return bm_date_year(bm_date_cst(d->today_ms));
}

/* An approved integration case of a new unit in region, filed on day start. */
static int certified(struct demo *d, const char *name, const char *region, int start,
		     struct walked *w)
{
	return demo_walk(d, name, region, "integration", "B", it, 2, G_APPROVED, start, w);
}

/* ---- annual reports ---- */

/* Every area compliant, but training partly so (it needs a text). */
static void answers(struct annual_answer_in a[AREA_COUNT])
{
	for (int i = 0; i < AREA_COUNT; i++) {
		a[i].area = areas[i].code;
		a[i].status = strcmp(areas[i].code, "training") == 0 ? "partly" : "compliant";
		a[i].text = strcmp(areas[i].code, "training") == 0
				    ? "部分新入职涉密人员培训记录不全"
				    : "";
	}
}

/* The unit's report on last year, drafted (submit 0) or submitted; *id, *version. */
static int report(struct demo *d, const struct walked *w, int submit, int64_t *id, int64_t *version)
{
	int y = this_year(d) - 1, filed = day_of(d, y + 1, 2, 10, -25);
	struct annual_answer_in a[AREA_COUNT];
	struct annual_view v;
	int rc = demo_as(d, w->officer, filed);

	answers(a);
	if (rc == 0)
		rc = annual_create(&d->env->svc, w->cert_id, y, a, AREA_COUNT, &v, d->err);
	if (rc == 0) {
		*id = v.r.id;
		*version = v.r.version;
		annual_view_release(&v);
	}
	if (rc == 0 && submit)
		rc = demo_as(d, w->officer, filed + 1);
	if (rc == 0 && submit) {
		rc = annual_submit(&d->env->svc, *id, *version, &v, d->err);
		if (rc == 0) {
			*version = v.r.version;
			annual_view_release(&v);
		}
	}
	return rc;
}

/* The inspector reviews the submitted report id on day offset. */
static int review(struct demo *d, int64_t id, int64_t version, enum annual_decision dec, int offset)
{
	struct finding_in f = { "training", "minor",
				"《保密法实施条例》：涉密人员上岗前应当经过保密教育培训", 0 };
	struct annual_view v;
	int rc = demo_as(d, "inspector.js", offset);

	if (rc == 0)
		rc = annual_review(&d->env->svc, id, version, dec,
				   dec == AD_FAIL ? "多项保密管理制度未落实，自检流于形式" : NULL,
				   &f, dec == AD_RECTIFY ? 1 : 0, &v, d->err);
	if (rc == 0)
		annual_view_release(&v);
	return rc;
}

/* ---- inspections and sanctions ---- */

/* An inspection of certificate cert_id planned on day, started then, with findings. */
static int inspected(struct demo *d, int64_t cert_id, int day, const struct finding_in *f, size_t n,
		     struct inspection_view *v)
{
	struct inspection_in in = { cert_id, "planned", 0, NULL, 0, "年度保密检查计划内检查" };
	int rc = demo_as(d, "inspector.js", day - 7);

	in.planned_on = bm_date_cst(d->env->svc.now) + 7;
	if (rc == 0)
		rc = inspections_create(&d->env->svc, &in, v, d->err);
	if (rc == 0)
		rc = demo_as(d, "inspector.js", day);
	if (rc == 0)
		rc = inspections_start(&d->env->svc, v->i.id, v->i.version, v, d->err);
	if (rc == 0)
		rc = inspections_add_findings(&d->env->svc, v->i.id, f, n, v, d->err);
	if (rc == 0)
		rc = inspections_conclude(&d->env->svc, v->i.id, v->i.version,
					  "检查发现问题，责令限期整改", v, d->err);
	return rc;
}

struct first_finding {
	int64_t id, version;
};

static int first_visit(void *ctx, const void *rec)
{
	struct first_finding *ff = ctx;
	const struct finding_view *v = rec;

	if (ff->id == 0) {
		ff->id = v->f.id;
		ff->version = v->f.version;
	}
	return 0;
}

/* The first finding of inspection id, as the caller sees it. */
static int first_finding(struct demo *d, int64_t inspection_id, struct first_finding *ff)
{
	struct finding_filter f = { "inspection", inspection_id, 0, NULL };

	memset(ff, 0, sizeof(*ff));
	return findings_list(&d->env->svc, &f, first_visit, ff, d->err);
}

/* The unit answers finding ff on day offset. */
static int respond(struct demo *d, const struct walked *w, struct first_finding *ff, int offset)
{
	struct finding_view v;
	int rc = demo_as(d, w->officer, offset);

	if (rc == 0)
		rc = findings_respond(&d->env->svc, ff->id, ff->version,
				      "已组织补训并更新涉密人员培训台账", &v, d->err);
	if (rc == 0)
		ff->version = v.f.version;
	return rc;
}

struct first_sanction {
	int64_t id, version;
};

static int sanction_visit(void *ctx, const void *rec)
{
	struct first_sanction *fs = ctx;
	const struct sanction_view *v = rec;

	fs->id = v->p.id;
	fs->version = v->p.version;
	return 0;
}

/*
 * Suspension by sanction: an inspection 60 days ago finds a problem, the unit's answer
 * is rejected, the inspector proposes 6 months' suspension and the approver accepts.
 * The finding stays unanswered past its deadline: the scheduler proposes a further
 * sanction, pending.
 */
static int suspended(struct demo *d, const struct walked *w)
{
	struct finding_in f = { "carriers", "serious",
				"《保密法》第二十五条：涉密载体应当按规定登记、保管", 0 };
	struct first_finding ff;
	struct first_sanction fs = { 0, 0 };
	struct inspection_view *v = malloc(sizeof(*v));
	struct finding_view fv;
	struct sanction_view sv;
	struct sanction_in in = { "suspend", 6, NULL, "涉密载体管理混乱，整改不到位" };
	int rc = v != NULL ? 0 : bm_err_set(d->err, BM_EINTERNAL, NULL, NULL, "out of memory");

	if (rc == 0) {
		f.deadline = bm_date_cst(d->today_ms) - 40;
		rc = inspected(d, w->cert_id, -60, &f, 1, v);
	}
	if (rc == 0)
		rc = first_finding(d, v->i.id, &ff);
	if (rc == 0)
		rc = respond(d, w, &ff, -50);
	if (rc == 0)
		rc = demo_as(d, "inspector.js", -48);
	if (rc == 0)
		rc = findings_verify(&d->env->svc, ff.id, ff.version, 0,
				     "台账与实物不符，整改证据不足", &fv, d->err);
	if (rc == 0)
		rc = sanctions_list(&d->env->svc, "pending", w->cert_id, 0, NULL, sanction_visit,
				    &fs, d->err);
	if (rc == 0)
		rc = sanctions_amend(&d->env->svc, fs.id, fs.version, &in, &sv, d->err);
	if (rc == 0)
		rc = demo_as(d, "approver.js", -46);
	if (rc == 0)
		rc = sanctions_decide(&d->env->svc, fs.id, sv.p.version, 1, "同意暂停资质六个月",
				      &sv, d->err);
	free(v);
	return rc;
}

/* An inspection under way: two findings 7 days ago, one answered since. */
static int under_inspection(struct demo *d, const struct walked *w)
{
	struct finding_in f[2] = {
		{ "training", "major", "《保密法实施条例》：涉密人员应当定期接受保密教育培训", 0 },
		{ "premises", "minor", "涉密场所门禁记录保存不足六个月", 0 },
	};
	struct inspection_view *v = malloc(sizeof(*v));
	struct first_finding ff;
	int rc = v != NULL ? 0 : bm_err_set(d->err, BM_EINTERNAL, NULL, NULL, "out of memory");

	if (rc == 0)
		rc = inspected(d, w->cert_id, -7, f, 2, v);
	if (rc == 0)
		rc = first_finding(d, v->i.id, &ff);
	if (rc == 0)
		rc = respond(d, w, &ff, -2);
	free(v);
	return rc;
}

/* A leak discovered this morning, reported at noon. */
static int leak(struct demo *d, const struct walked *w)
{
	struct leak_in in = { w->cert_id, "secret", 0, "一台涉密笔记本电脑在出差途中遗失",
			      "已向公安机关报案，封存同批涉密载体并开展自查" };
	struct leak_view v;
	int rc = demo_as(d, w->officer, -1);

	in.discovered_at = d->env->svc.now - 2 * 3600000LL;
	if (rc == 0)
		rc = leaks_report(&d->env->svc, &in, &v, d->err);
	return rc;
}

/* ---- moves of the certificate ---- */

/* Raise event (with reason) on certificate id as login, today. */
static int move(struct demo *d, const char *login, int64_t id, enum certlife_event ev,
		enum certlife_reason reason, const char *note)
{
	struct cert_move m;
	struct cert_view *v = malloc(sizeof(*v));
	int rc = v != NULL ? 0 : bm_err_set(d->err, BM_EINTERNAL, NULL, NULL, "out of memory");

	if (rc == 0)
		rc = demo_as(d, login, 0);
	if (rc == 0)
		rc = certs_get(&d->env->svc, id, v, d->err);
	memset(&m, 0, sizeof(m));
	m.event = ev;
	m.reason = reason;
	m.note = note;
	if (rc == 0)
		rc = certs_event(&d->env->svc, id, v->c.version, &m, v, d->err);
	free(v);
	return rc;
}

/* The unit renames itself: its certificate gets a new version. */
static int renamed(struct demo *d, const struct walked *w, const char *name)
{
	struct unit_fields f;
	struct unit u;
	int rc = demo_as(d, w->officer, 0);

	if (rc == 0)
		rc = units_get(&d->env->svc, w->unit_id, &u, d->err);
	memset(&f, 0, sizeof(f));
	f.name = name;
	if (rc == 0)
		rc = units_update(&d->env->svc, w->unit_id, u.version, &f, &u, d->err);
	return rc;
}

/* ---- a certificate from paper ---- */

/*
 * A certificate the bureau issued on paper five years ago, registered when it began to
 * use baomi 300 days ago (approver.js registers, inspector.js confirms); its report on
 * last year filed and passed when last year is within the system's reach; renewed in
 * its window (filed 120 days before its end: granted, the new certificate continuing
 * from it); it ended 10 days ago, so the scheduler's run at the end of the demo
 * expires it.
 */
static int from_paper(struct demo *d, const char *name, int reviewed)
{
	enum { ENDED = -10, REGISTERED = -300, RENEWAL_FILED = ENDED - 120 };
	int32_t today = bm_date_cst(d->today_ms);
	struct paper_view *v = malloc(sizeof(*v));
	struct paper_in in;
	struct walked w;
	char number[64];
	int64_t id = 0, ver = 0;
	int y, rc = v != NULL ? demo_unit(d, name, "320100", &w)
			      : bm_err_set(d->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	unsigned m, day;

	bm_civil_from_days(today + ENDED + 1, &y, &m, &day);
	memset(&in, 0, sizeof(in));
	in.unit_id = w.unit_id;
	in.valid_from = bm_days_from_civil(y - 5, m, day);
	in.valid_until = certlife_valid_until(in.valid_from, 5);
	in.paper_issued = in.valid_from - 3;
	snprintf(number, sizeof(number), "苏密资字〔%04d〕0815号", y - 5);
	in.number = number;
	in.scheme = "integration";
	in.grade = "B";
	in.categories = it;
	in.ncategories = 2;
	in.note = "依据纸质资质证书及审批档案登记";
	if (rc == 0)
		rc = demo_as(d, "approver.js", REGISTERED);
	if (rc == 0)
		rc = paper_register(&d->env->svc, &in, v, d->err);
	if (rc == 0)
		rc = demo_as(d, "inspector.js", REGISTERED + 1);
	if (rc == 0)
		rc = paper_confirm(&d->env->svc, v->r.id, v->r.version, v, d->err);
	if (rc == 0)
		w.cert_id = v->r.certificate_id;
	if (rc == 0 && bm_date_year(today + REGISTERED) < this_year(d))
		rc = report(d, &w, 1, &id, &ver) || review(d, id, ver, AD_PASS, reviewed);
	if (rc == 0)
		rc = demo_walk_case(d, &w, "integration", "B", it, 2, G_APPROVED,
				    in.valid_until - today - 120, w.cert_id);
	free(v);
	return rc;
}

/* Run one part of the demo, logging a failure and going on. */
#define PART(what, call)                                                                           \
	do {                                                                                       \
		bm_err_clear(d->err);                                                              \
		if ((call) != 0)                                                                   \
			log_warn("demo: %s skipped: %s", what, d->err->message);                   \
	} while (0)

void demo_life(struct demo *d)
{
	struct walked w[9];
	int64_t id = 0, ver = 0;
	int ok[9];

	/* last year's certificates and their reports: passed (then inspected), rectify,
	 * failed (its cancellation awaits an approver), submitted, a draft never sent (the
	 * scheduler proposes cancellation), passed then suspended */
	static const struct {
		const char *name, *region;
		int start;
	} units[9] = {
		{ "南京栖霞信息工程有限公司", "320100", ISSUED_LONG_AGO },
		{ "南京浦口数据科技有限公司", "320100", ISSUED_LONG_AGO },
		{ "南京六合软件有限公司", "320100", ISSUED_LONG_AGO },
		{ "南京溧水网络有限公司", "320100", ISSUED_LONG_AGO },
		{ "南京高淳系统有限公司", "320100", ISSUED_LONG_AGO },
		{ "苏州相城信息有限公司", "320500", ISSUED_LONG_AGO },
		{ "苏州吴中科技有限公司", "320500", 0 },
		{ "无锡新吴电子有限公司", "320200", 0 },
		{ "南京浦口智能科技有限公司", "320100", 0 },
	};
	int reviewed = day_of(d, this_year(d), 3, 5, -5);

	for (int i = 0; i < 9; i++) {
		bm_err_clear(d->err);
		ok[i] = certified(d, units[i].name, units[i].region, units[i].start, &w[i]) == 0;
		if (!ok[i])
			log_warn("demo: %s skipped: %s", units[i].name, d->err->message);
	}
	if (ok[0])
		PART("a passed report",
		     report(d, &w[0], 1, &id, &ver) || review(d, id, ver, AD_PASS, reviewed));
	if (ok[0])
		PART("an inspection under way", under_inspection(d, &w[0]));
	if (ok[1])
		PART("a report in rectification",
		     report(d, &w[1], 1, &id, &ver) || review(d, id, ver, AD_RECTIFY, -3));
	if (ok[1])
		PART("a leak report", leak(d, &w[1]));
	if (ok[2])
		PART("a failed report",
		     report(d, &w[2], 1, &id, &ver) || review(d, id, ver, AD_FAIL, reviewed));
	if (ok[3])
		PART("a submitted report", report(d, &w[3], 1, &id, &ver));
	if (ok[4])
		PART("a draft report", report(d, &w[4], 0, &id, &ver));
	if (ok[5])
		PART("a suspension", report(d, &w[5], 1, &id, &ver) ||
					     review(d, id, ver, AD_PASS, reviewed) ||
					     suspended(d, &w[5]));
	if (ok[6])
		PART("a revocation",
		     move(d, "approver.js", w[6].cert_id, CLE_REVOKE, CLR_CONDITIONS_NOT_MET,
			  "保密管理体系严重缺失，已不具备资质条件"));
	if (ok[7])
		PART("a cancellation", move(d, w[7].officer, w[7].cert_id, CLE_CANCEL,
					    CLR_UNIT_REQUEST, "单位经营范围调整，申请注销资质") ||
					       move(d, "approver.js", w[7].cert_id, CLE_CANCEL,
						    CLR_UNIT_REQUEST, "依单位申请注销"));
	if (ok[8])
		PART("a new version", renamed(d, &w[8], "南京浦口智能信息科技有限公司"));
	PART("a certificate from paper", from_paper(d, "南京江北新区安信电子有限公司", reviewed));
}
