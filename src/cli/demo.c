/*
 * demo.c - the demonstration data set of `baomi init --demo`: bureaus at three
 * levels, units with valid USCCs, and a user for every role. Later capabilities add
 * their own demo records here. Everything goes through the service layer, so the
 * demo also leaves a proper audit trail.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/uscc.h"
#include "service/orgs.h"
#include "service/users.h"
#include "base/banned.h"

#define DEMO_PASSWORD "Baomi-Demo-2026"

static const struct {
	const char *region, *zh, *en;
} demo_authorities[] = {
	{ "000000", "国家保密局", "National Administration of State Secrets Protection" },
	{ "320000", "江苏省国家保密局", "Jiangsu Provincial Secrecy Bureau" },
	{ "440000", "广东省国家保密局", "Guangdong Provincial Secrecy Bureau" },
	{ "510000", "四川省国家保密局", "Sichuan Provincial Secrecy Bureau" },
	{ "320100", "南京市国家保密局", "Nanjing Municipal Secrecy Bureau" },
	{ "320500", "苏州市国家保密局", "Suzhou Municipal Secrecy Bureau" },
	{ "440100", "广州市国家保密局", "Guangzhou Municipal Secrecy Bureau" },
	{ "440300", "深圳市国家保密局", "Shenzhen Municipal Secrecy Bureau" },
	{ "510100", "成都市国家保密局", "Chengdu Municipal Secrecy Bureau" },
};

static const struct {
	const char *body17, *region, *name, *address, *legal_rep, *registered_on;
	enum level label;
} demo_units[] = {
	{ "91320100MA1N2Q3R4", "320100", "南京金盾信息技术有限公司", "南京市建邺区江东中路 100 号",
	  "王建国", "2015-06-18", LEVEL_INTERNAL },
	{ "91320500MA1P7K8L5", "320500", "苏州智网系统集成有限公司", "苏州市工业园区星湖街 328 号",
	  "李明", "2012-03-09", LEVEL_INTERNAL },
	{ "91440300MA5D6E7F8", "440300", "深圳安信数据服务有限公司", "深圳市南山区科技园南区 8 栋",
	  "陈志强", "2018-11-01", LEVEL_INTERNAL },
	{ "91440100MA9G8H7J6", "440100", "广州天衡软件有限公司", "广州市天河区天河路 385 号",
	  "黄伟", "2016-08-23", LEVEL_INTERNAL },
	{ "91510100MA6K5L4M3", "510100", "成都蜀安科技有限公司", "成都市高新区天府大道 1700 号",
	  "刘洋", "2014-05-12", LEVEL_INTERNAL },
	{ "12320100MA2B3C4D5", "320100", "南京长江电子研究所", "南京市玄武区中山路 18 号", "赵立",
	  "2001-01-15", LEVEL_SECRET },
};

struct demo_user {
	const char *login, *name;
	unsigned roles;
	const char *authority_region; /* or NULL */
	int unit_index;		      /* into demo_units, or -1 */
	enum level clearance;
	const char *what;
};

static const struct demo_user demo_users[] = {
	{ "sysadmin", "系统管理员 张敏", ROLE_BIT(ROLE_SYSTEM_ADMIN), NULL, -1, LEVEL_SECRET,
	  "system administrator" },
	{ "secadmin", "安全保密管理员 周婷", ROLE_BIT(ROLE_SECURITY_ADMIN), NULL, -1,
	  LEVEL_TOP_SECRET, "security administrator" },
	{ "auditor", "安全审计员 吴刚", ROLE_BIT(ROLE_SECURITY_AUDITOR), NULL, -1, LEVEL_SECRET,
	  "security auditor" },
	{ "reviewer.js", "江苏审查员 孙丽", ROLE_BIT(ROLE_REVIEWER), "320000", -1, LEVEL_SECRET,
	  "reviewer, Jiangsu provincial bureau" },
	{ "expert.js", "江苏专家 郑华", ROLE_BIT(ROLE_EXPERT), "320000", -1, LEVEL_SECRET,
	  "expert, Jiangsu provincial bureau" },
	{ "approver.js", "江苏审批人 冯军", ROLE_BIT(ROLE_APPROVER), "320000", -1, LEVEL_SECRET,
	  "approver, Jiangsu provincial bureau" },
	{ "inspector.js", "江苏检查员 许明", ROLE_BIT(ROLE_INSPECTOR), "320000", -1, LEVEL_SECRET,
	  "inspector, Jiangsu provincial bureau" },
	{ "inspector.nj", "南京检查员 何静", ROLE_BIT(ROLE_INSPECTOR), "320100", -1,
	  LEVEL_CONFIDENTIAL, "inspector, Nanjing municipal bureau" },
	{ "reviewer.gd", "广东审查员 林峰", ROLE_BIT(ROLE_REVIEWER), "440000", -1, LEVEL_SECRET,
	  "reviewer, Guangdong provincial bureau" },
	{ "reviewer.nation", "国家局审查员 高远", ROLE_BIT(ROLE_REVIEWER), "000000", -1,
	  LEVEL_TOP_SECRET, "reviewer, national bureau" },
	{ "officer.jindun", "金盾保密专员 杨帆", ROLE_BIT(ROLE_UNIT_OFFICER), NULL, 0,
	  LEVEL_CONFIDENTIAL, "security officer, 南京金盾信息技术有限公司" },
	{ "member.jindun", "金盾员工 马超", ROLE_BIT(ROLE_UNIT_MEMBER), NULL, 0, LEVEL_CONFIDENTIAL,
	  "unit member, 南京金盾信息技术有限公司" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int demo_load(struct cli_env *env, FILE *logins, struct bm_err *err)
{
	int64_t authority_ids[COUNT(demo_authorities)], unit_ids[COUNT(demo_units)];
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < COUNT(demo_authorities); i++) {
		struct authority_new n = { demo_authorities[i].zh, demo_authorities[i].en,
					   demo_authorities[i].region };
		struct authority a;
		rc = authorities_create(&env->svc, &n, &a, err);
		authority_ids[i] = a.id;
	}
	for (size_t i = 0; rc == 0 && i < COUNT(demo_units); i++) {
		char uscc[USCC_LEN + 1];
		struct unit u;
		struct unit_fields f;

		memcpy(uscc, demo_units[i].body17, 17);
		uscc[17] = uscc_check_char(demo_units[i].body17);
		uscc[18] = '\0';
		memset(&f, 0, sizeof(f));
		f.name = demo_units[i].name;
		f.uscc = uscc;
		f.region = demo_units[i].region;
		f.address = demo_units[i].address;
		f.legal_representative = demo_units[i].legal_rep;
		f.registered_on = demo_units[i].registered_on;
		f.phone = "025-8888 0000";
		rc = units_create(&env->svc, &f, &u, err);
		if (rc == 0 && demo_units[i].label != LEVEL_INTERNAL) {
			struct label l = { demo_units[i].label, { 0 } };
			rc = units_set_label(&env->svc, u.id, u.version, &l, &u, err);
		}
		unit_ids[i] = u.id;
	}
	fprintf(logins, "  %-16s %-16s %s\n", "LOGIN", "PASSWORD", "ROLE");
	for (size_t i = 0; rc == 0 && i < COUNT(demo_users); i++) {
		const struct demo_user *d = &demo_users[i];
		struct user_access acc;
		struct user_new n = { d->login, d->name, DEMO_PASSWORD, 0, &acc };

		memset(&acc, 0, sizeof(acc));
		acc.roles = d->roles;
		acc.clearance.level = d->clearance;
		/* the security administrator holds the demo's compartments, so that they
		 * can be granted to others */
		if (d->roles & ROLE_BIT(ROLE_SECURITY_ADMIN)) {
			compartments_add(&acc.clearance.comps, "aerospace");
			compartments_add(&acc.clearance.comps, "defense");
			compartments_add(&acc.clearance.comps, "nuclear");
		}
		if (d->authority_region != NULL)
			for (size_t k = 0; k < COUNT(demo_authorities); k++)
				if (strcmp(demo_authorities[k].region, d->authority_region) == 0)
					acc.authority_id = authority_ids[k];
		if (d->unit_index >= 0)
			acc.unit_id = unit_ids[d->unit_index];
		rc = users_create(&env->svc, &n, NULL, err);
		if (rc == 0)
			fprintf(logins, "  %-16s %-16s %s\n", d->login, DEMO_PASSWORD, d->what);
	}
	if (rc == 0)
		rc = demo_load_applications(env, err);
	if (rc == 0)
		fprintf(logins, "  %-16s %-16s %s\n", "officer.u01..", DEMO_PASSWORD,
			"officers of the demo applicant units (one each)");
	return rc;
}
