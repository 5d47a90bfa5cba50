/*
 * demo_apps.c - demonstration applications in every state, for both schemes.
 *
 * Each case is walked through the real services as the real demo users, with the
 * business clock set to the day each step happened, so its timeline, notices,
 * clock and audit trail look as they would in life. Steps that have deadlines end
 * on or after today, so the scheduler leaves them alone. A case whose steps cannot
 * run (for instance when this year's calendar is not loaded) is skipped with a
 * warning; the rest of the demo still loads. Approved cases get their certificate:
 * the approver decides, a second member of the authority confirms the issuance.
 */
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/demo.h"
#include "core/uscc.h"
#include "service/apps.h"
#include "service/auth.h"
#include "service/certs.h"
#include "service/jobs.h"
#include "service/orgs.h"
#include "service/profile.h"
#include "service/refdata.h"
#include "service/users.h"
#include "store/users_repo.h"
#include "base/banned.h"

#define DEMO_PASSWORD "Baomi-Demo-2026"

int demo_as(struct demo *d, const char *login, int offset)
{
	struct user u;
	struct svc *s = &d->env->svc;
	int rc = users_repo_get_by_login(s->db, login, &u, d->err);

	if (rc != 0)
		return rc;
	auth_principal_from_user(&u, AUTH_SESSION, &s->who);
	s->me = u;
	s->now = (int64_t)(bm_date_cst(d->today_ms) + offset) * 86400000LL + 2 * 3600000LL;
	return 0;
}

/* A unit in region with a complete profile and its own officer account. */
static int make_unit(struct demo *d, const char *name, const char *region, int64_t *unit_id,
		     char officer[32])
{
	struct svc *s = &d->env->svc;
	char body[18], uscc[19], login[32];
	struct unit_fields f;
	struct unit u;
	int rc;

	svc_as_operator(s);
	s->now = d->today_ms;
	if ((size_t)snprintf(body, sizeof(body), "91%.6sMA%07u", region,
			     (unsigned)(1000000 + ++d->unit_seq * 7919) % 10000000u) >=
	    sizeof(body))
		return bm_err_set(d->err, BM_EINTERNAL, NULL, NULL, "demo USCC too long");
	for (char *p = body + 10; *p != '\0'; p++)
		if (*p == '0')
			*p = 'A'; /* keep to the USCC alphabet with letters */
	memcpy(uscc, body, 17);
	uscc[17] = uscc_check_char(body);
	uscc[18] = '\0';
	memset(&f, 0, sizeof(f));
	f.name = name;
	f.uscc = uscc;
	f.region = region;
	f.address = "（演示）";
	f.legal_representative = "演示法人";
	f.registered_on = "2010-03-01";
	rc = units_create(s, &f, &u, d->err);
	if (rc != 0)
		return rc;
	*unit_id = u.id;
	snprintf(login, sizeof(login), "officer.u%02d", d->unit_seq);
	{
		struct user_access acc = {
			ROLE_BIT(ROLE_UNIT_OFFICER), 0, u.id, { LEVEL_CONFIDENTIAL, { 0 } }
		};
		struct user_new n = { login, "演示保密专员", DEMO_PASSWORD, 0, &acc };
		rc = users_create(s, &n, NULL, d->err);
	}
	if (rc != 0)
		return rc;
	bm_strlcpy(officer, login, 32);
	return demo_as(d, login, 0);
}

/* The facts every demo unit needs to be eligible for both schemes. */
static int fill_profile(struct demo *d, int64_t unit_id)
{
	static const char *const roles[] = { "legal_representative", "principal_head",
					     "actual_controller" };
	static const char *const decls[] = { "secrecy_body", "security_director",
					     "classified_tasks" };
	struct svc *s = &d->env->svc;
	struct extra_in x = { "演示负责人", "演示控制人", 50000000, 120, -2, 1, 0, 0 };
	struct unit u;
	int rc = units_get(s, unit_id, &u, d->err);

	if (rc == 0)
		rc = profile_update_extra(s, unit_id, u.version, &x, NULL, d->err);
	for (size_t i = 0; rc == 0 && i < 3; i++) {
		struct person_rec p;
		memset(&p, 0, sizeof(p));
		p.unit_id = unit_id;
		bm_strlcpy(p.role, roles[i], sizeof(p.role));
		bm_strlcpy(p.name, "演示人员", sizeof(p.name));
		bm_strlcpy(p.nationality, "CN", sizeof(p.nationality));
		rc = profile_person_put(s, &p, d->err);
	}
	for (size_t i = 0; rc == 0 && i < 3; i++)
		rc = profile_declare(s, unit_id, decls[i], 1, d->err);
	if (rc == 0) {
		struct premises_rec p;
		memset(&p, 0, sizeof(p));
		p.unit_id = unit_id;
		bm_strlcpy(p.address, "（演示）自有办公楼", sizeof(p.address));
		bm_strlcpy(p.tenure, "owned", sizeof(p.tenure));
		bm_strlcpy(p.since, "2010-03-01", sizeof(p.since));
		p.area = 2000;
		rc = profile_premises_add(s, &p, d->err);
	}
	return rc;
}

static int upload_all(struct demo *d, struct app_view *v)
{
	static const unsigned char pdf[] = "%PDF-1.4\n% baomi demo material\n%%EOF\n";
	int g = scheme_grade_index(v->scheme, v->a.grade), rc = 0;

	for (int i = 0; rc == 0 && i < v->scheme->nmaterials; i++) {
		const struct scheme_material *m = &v->scheme->materials[i];
		struct app_file af;
		char name[80];
		if (!m->required || !(m->grades & (1u << g)))
			continue;
		snprintf(name, sizeof(name), "%s.pdf", m->code);
		rc = apps_upload(&d->env->svc, v->a.id, m->code, name, pdf, sizeof(pdf) - 1, &af,
				 d->err);
	}
	return rc;
}

static int ev(struct demo *d, struct app_view *v, enum app_event e, const char *reason,
	      const char *opinion)
{
	const char *items[] = { "补充近三年集成业务合同清单", "补充涉密人员保密承诺书" };
	struct app_action act;

	memset(&act, 0, sizeof(act));
	switch (e) {
	case EV_REQUEST_SUPPLEMENT:
	case EV_RETURN:
		act.items = items;
		act.nitems = 2;
		act.reason = reason;
		break;
	case EV_ONSITE_PASS:
	case EV_ONSITE_FAIL:
	case EV_ONSITE_HALT:
		act.opinion = opinion;
		act.representative = "演示法人";
		break;
	default:
		act.reason = reason;
		act.opinion = opinion;
	}
	return apps_transition(&d->env->svc, v->a.id, 0, e, &act, v, NULL, d->err);
}

/* Schedule the on-site review at day offset with the Jiangsu team. */
static int schedule(struct demo *d, struct app_view *v, int offset, int national)
{
	const char *leader = national ? "reviewer.nation" : "reviewer.js";
	struct team_in team[3];
	struct user u1, u2, u3;
	struct svc *s = &d->env->svc;
	int rc = users_repo_get_by_login(s->db, leader, &u1, d->err);

	if (rc == 0)
		rc = users_repo_get_by_login(s->db, "inspector.js", &u2, d->err);
	if (rc == 0)
		rc = users_repo_get_by_login(s->db, "expert.js", &u3, d->err);
	if (rc != 0)
		return rc;
	team[0] = (struct team_in){ u1.id, "leader" };
	team[1] = (struct team_in){ u2.id, "staff" };
	team[2] = (struct team_in){ u3.id, "expert" };
	return apps_onsite_schedule(s, v->a.id, v->a.version, bm_date_cst(d->today_ms) + offset,
				    team, 3, v, d->err);
}

/* Every member scores: pct of each item's points; veto items failed when veto. */
static int score_all(struct demo *d, struct app_view *v, int day, int pct, int veto, int national)
{
	const char *members[] = { national ? "reviewer.nation" : "reviewer.js", "inspector.js",
				  "expert.js" };
	const struct scheme *sc = v->scheme;
	const char *codes[SCHEME_MAX_ITEMS], *vetoes[SCHEME_MAX_ITEMS];
	int64_t points[SCHEME_MAX_ITEMS];
	size_t nveto = 0;
	int rc = 0;

	for (int i = 0; i < sc->nitems; i++) {
		codes[i] = sc->items[i].code;
		points[i] = sc->items[i].points * pct / 100;
		if (veto && sc->items[i].veto && nveto == 0)
			vetoes[nveto++] = sc->items[i].code;
	}
	for (int k = 0; rc == 0 && k < 3; k++) {
		struct sheet_in in = { codes,  points, (size_t)sc->nitems,
				       vetoes, nveto,  "现场核查记录（演示）",
				       1 };
		rc = demo_as(d, members[k], day);
		if (rc == 0)
			rc = apps_sheet_put(&d->env->svc, v->a.id, &in, d->err);
	}
	return rc;
}

int demo_unit(struct demo *d, const char *name, const char *region, struct walked *w)
{
	int rc;

	memset(w, 0, sizeof(*w));
	rc = make_unit(d, name, region, &w->unit_id, w->officer);
	return rc != 0 ? rc : fill_profile(d, w->unit_id);
}

int demo_walk(struct demo *d, const char *name, const char *region, const char *scheme,
	      const char *grade, const char *const *cats, size_t ncats, enum goal goal, int start,
	      struct walked *out)
{
	struct walked w;
	int rc = demo_unit(d, name, region, &w);

	if (rc == 0)
		rc = demo_walk_case(d, &w, scheme, grade, cats, ncats, goal, start, 0);
	if (out != NULL)
		*out = w;
	return rc;
}

int demo_walk_case(struct demo *d, struct walked *w, const char *scheme, const char *grade,
		   const char *const *cats, size_t ncats, enum goal goal, int start,
		   int64_t renewal_of)
{
	struct app_view v;
	int national = strcmp(grade, "A") == 0 || strcmp(grade, "1") == 0;
	const char *acceptor = "reviewer.js",
		   *reviewer = national ? "reviewer.nation" : "reviewer.js";
	const char *approver = "approver.js", *officer = w->officer;
	/* a case that reaches on-site review started a month ago, others recently: late
	 * enough that the open ones are still within their 20-working-day limit (the
	 * on-site weeks do not count) */
	int t = start != 0 ? start : goal >= G_ONSITE ? -30 : goal >= G_PRELIMINARY ? -20 : -6;
	int rc = demo_as(d, officer, t);

	if (rc == 0)
		rc = apps_create(&d->env->svc, scheme, grade, cats, ncats, renewal_of, &v, d->err);
	if (rc != 0 || goal == G_DRAFT)
		return rc;
	rc = upload_all(d, &v);
	if (goal == G_SUBMITTED || goal == G_SUPPLEMENT || goal == G_NOT_ACCEPTED)
		t = goal == G_SUPPLEMENT ? -3 : goal == G_NOT_ACCEPTED ? -1 : 0;
	if (goal == G_ABANDONED)
		t = -40;
	if (rc == 0)
		rc = ev(d, &v, EV_SUBMIT, NULL, NULL);
	if (rc != 0 || goal == G_SUBMITTED)
		return rc;
	if (goal == G_WITHDRAWN) {
		rc = demo_as(d, officer, t + 1);
		return rc != 0 ? rc : ev(d, &v, EV_WITHDRAW, "单位业务调整，撤回申请", NULL);
	}
	rc = demo_as(d, acceptor, t + 1);
	if (rc == 0 && goal == G_NOT_ACCEPTED)
		return ev(d, &v, EV_REFUSE, "申请事项不属于本机关管辖范围", NULL);
	if (rc == 0 && (goal == G_SUPPLEMENT || goal == G_ABANDONED))
		return ev(d, &v, EV_REQUEST_SUPPLEMENT, "申请材料不齐全", NULL);
	if (rc == 0)
		rc = ev(d, &v, EV_ACCEPT, NULL, NULL);
	if (rc == 0 && national) {
		if (goal == G_PRELIMINARY)
			return 0;
		if (goal == G_PRELIM_CORRECTION)
			return ev(d, &v, EV_RETURN, "材料需补正", NULL);
		rc = ev(d, &v, EV_FORWARD, NULL, "初审意见：材料齐全，符合基本条件，报请审查");
	}
	if (rc == 0)
		rc = demo_as(d, reviewer, t + 3);
	if (rc != 0 || goal == G_SUPERIOR)
		return rc;
	if (goal == G_SUPERIOR_CORRECTION)
		return ev(d, &v, EV_RETURN, "书面审查发现材料需补正", NULL);
	rc = ev(d, &v, EV_LIST_ONSITE, NULL, "书面审查通过，列入现场审查");
	if (rc == 0)
		rc = demo_as(d, national ? "reviewer.nation" : "reviewer.js", t + 4);
	if (rc == 0 && goal == G_ONSITE)
		return schedule(d, &v, 9, national);
	if (rc == 0)
		rc = schedule(d, &v, t + 10, national);
	if (rc == 0)
		rc = score_all(d, &v, t + 10, goal == G_FAILED ? 60 : 95, goal == G_HALTED,
			       national);
	if (rc == 0)
		rc = demo_as(d, national ? "reviewer.nation" : "reviewer.js", t + 10);
	if (rc == 0 && goal == G_FAILED)
		return ev(d, &v, EV_ONSITE_FAIL, NULL, "现场审查得分未达到合格标准");
	if (rc == 0 && goal == G_HALTED)
		return ev(d, &v, EV_ONSITE_HALT, NULL, "基本项不合格，中止现场审查");
	if (rc == 0)
		rc = ev(d, &v, EV_ONSITE_PASS, NULL, "现场审查合格");
	if (rc != 0 || goal == G_ONSITE_PASSED)
		return rc;
	/* publicity: still open for the publicity goal, long over otherwise */
	if (goal == G_PUBLICITY) {
		rc = demo_as(d, reviewer, -1);
		return rc != 0 ? rc : ev(d, &v, EV_OPEN_PUBLICITY, NULL, NULL);
	}
	rc = demo_as(d, reviewer, t + 12);
	if (rc == 0)
		rc = ev(d, &v, EV_OPEN_PUBLICITY, NULL, NULL);
	/* after the window (5 working days from t + 12 end by t + 26 even across the
	 * 8-day National Day holiday), before today */
	if (rc == 0)
		rc = demo_as(d, reviewer, t + 28);
	if (rc == 0)
		rc = ev(d, &v, EV_CLOSE_PUBLICITY, NULL, NULL);
	if (rc != 0 || goal == G_DECISION)
		return rc;
	rc = demo_as(d, national ? "approver.js" : approver, t + 29);
	if (rc == 0)
		rc = ev(d, &v, EV_APPROVE, "经审查，符合保密资质条件，准予许可", NULL);
	/* the second person of the deciding authority confirms: the certificate is issued */
	if (rc == 0)
		rc = demo_as(d, "inspector.js", t + 29);
	if (rc == 0) {
		struct cert_view cv;
		rc = certs_confirm(&d->env->svc, v.a.id, &cv, d->err);
		if (rc == 0)
			w->cert_id = cv.c.id;
	}
	return rc;
}

int demo_load_applications(struct cli_env *env, struct bm_err *err)
{
	static const char *const it[] = { "software_development", "operation_maintenance" };
	static const char *const it2[] = { "overall_integration", "consulting" };
	static const char *const mil[] = { "research", "production" };
	static const struct {
		const char *name, *region, *scheme, *grade;
		const char *const *cats;
		size_t ncats;
		enum goal goal;
	} cases[] = {
		{ "南京星河软件有限公司", "320100", "integration", "B", it, 2, G_DRAFT },
		{ "南京恒信系统工程有限公司", "320100", "integration", "B", it, 2, G_SUBMITTED },
		{ "苏州瑞安信息科技有限公司", "320500", "integration", "B", it, 2, G_SUPPLEMENT },
		{ "苏州东吴数据有限公司", "320500", "integration", "B", it, 2, G_NOT_ACCEPTED },
		{ "南京紫金网络有限公司", "320100", "integration", "B", it, 2, G_WITHDRAWN },
		{ "无锡太湖电子有限公司", "320200", "integration", "A", it2, 2, G_PRELIMINARY },
		{ "无锡梁溪信息有限公司", "320200", "integration", "A", it2, 2,
		  G_PRELIM_CORRECTION },
		{ "南京钟山信息技术有限公司", "320100", "integration", "B", it, 2, G_SUPERIOR },
		{ "南京秦淮系统集成有限公司", "320100", "integration", "B", it, 2,
		  G_SUPERIOR_CORRECTION },
		{ "苏州金鸡湖科技有限公司", "320500", "integration", "B", it, 2, G_ONSITE },
		{ "南京玄武数据服务有限公司", "320100", "integration", "B", it, 2,
		  G_ONSITE_PASSED },
		{ "南京雨花信息安全有限公司", "320100", "integration", "B", it, 2, G_PUBLICITY },
		{ "苏州工业园区安信有限公司", "320500", "integration", "B", it, 2, G_DECISION },
		{ "南京鼓楼软件有限公司", "320100", "integration", "B", it, 2, G_APPROVED },
		{ "南京建邺网络工程有限公司", "320100", "integration", "B", it, 2, G_FAILED },
		{ "南京江宁电子研究所", "320100", "military", "2", mil, 2, G_SUBMITTED },
		{ "苏州精工装备有限公司", "320500", "military", "2", mil, 2, G_HALTED },
		{ "南京航天配套有限公司", "320100", "military", "2", mil, 2, G_APPROVED },
		{ "无锡精密机械厂", "320200", "military", "2", mil, 2, G_FAILED },
		{ "南京长江装备研究院", "320100", "military", "1", mil, 2, G_PRELIMINARY },
		{ "苏州天平科技有限公司", "320500", "military", "2", mil, 2, G_ABANDONED },
	};
	struct demo d = { env, bm_now_ms(), 0, err };
	int done = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bm_err e;
		bm_err_clear(&e);
		d.err = &e;
		if (demo_walk(&d, cases[i].name, cases[i].region, cases[i].scheme, cases[i].grade,
			      cases[i].cats, cases[i].ncats, cases[i].goal, 0, NULL) == 0)
			done++;
		else
			log_warn("demo: case %s skipped: %s", cases[i].name, e.message);
	}
	/* certificates in every state, annual reports, an inspection (demo_life.c) */
	d.err = err;
	demo_life(&d);
	/* the abandoned case's supplement window is long past: the scheduler's job */
	svc_as_operator(&env->svc);
	bm_strlcpy(env->svc.who.login, "scheduler", sizeof(env->svc.who.login));
	env->svc.now = bm_now_ms();
	{
		struct jobs_report rep;
		struct bm_err e;
		bm_err_clear(&e);
		jobs_run_all(&env->svc, "demo", &rep, &e);
	}
	svc_as_operator(&env->svc);
	log_info("demo: %d of %zu applications loaded", done, sizeof(cases) / sizeof(cases[0]));
	return 0;
}
