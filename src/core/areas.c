/*
 * areas.c - the thirteen inspection areas (areas.h).
 */
#include <string.h>

#include "core/areas.h"
#include "base/banned.h"

const struct area areas[AREA_COUNT] = {
	{ "organisation", "保密组织机构", "Secrecy organisation (leading group, security director)",
	  "domain.md §2.3" },
	{ "responsibility", "保密责任制", "Secrecy responsibility system", "domain.md §2.3" },
	{ "rules", "保密管理制度", "Secrecy rules and procedures", "domain.md §2.3" },
	{ "personnel", "涉密人员管理", "Secret-related personnel", "domain.md §3" },
	{ "training", "保密教育培训", "Secrecy education and training", "domain.md §2.3, §3" },
	{ "undertakings", "保密承诺与协议", "Secrecy undertakings and agreements",
	  "domain.md §2.3, §3" },
	{ "classification", "定密管理", "Classification (determining secrets)", "domain.md §4" },
	{ "carriers", "国家秘密载体管理", "Classified carriers and the item register",
	  "domain.md §4" },
	{ "premises", "保密要害部门部位", "Key secrecy departments and premises",
	  "domain.md §2.3" },
	{ "systems", "涉密信息系统和设备", "Classified information systems and equipment",
	  "domain.md §4" },
	{ "release_review", "信息公开保密审查", "Secrecy review before release", "domain.md §2.3" },
	{ "incidents", "泄密事件报告与处置", "Leak reporting and handling", "domain.md §4" },
	{ "inspection", "保密检查与整改", "Self-inspection and rectification", "domain.md §2.3" },
};

int area_index(const char *code)
{
	for (int i = 0; i < AREA_COUNT; i++)
		if (strcmp(areas[i].code, code) == 0)
			return i;
	return -1;
}
