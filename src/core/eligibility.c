/*
 * eligibility.c - basic conditions against unit facts. Each rule's source tag is in
 * the scheme data ([law], [2nd], [cfg]); the logic here is the rule kinds.
 */
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"
#include "core/eligibility.h"
#include "base/banned.h"

const char *elig_result_name(enum elig_result r)
{
	switch (r) {
	case ELIG_PASS:
		return "pass";
	case ELIG_FAIL:
		return "fail";
	case ELIG_UNKNOWN:
		return "unknown";
	}
	return "unknown";
}

static enum elig_result say(struct elig_line *l, enum elig_result r, const char *en, const char *zh)
{
	snprintf(l->why, sizeof(l->why), "%s", en);
	snprintf(l->why_zh, sizeof(l->why_zh), "%s", zh);
	return r;
}

static enum elig_result years_since(const struct scheme_condition *c, const struct unit_facts *f,
				    int32_t today, struct elig_line *l)
{
	char en[200], zh[200], date[BM_DATE_LEN];
	int32_t due;

	if (f->founded_on == 0)
		return say(l, ELIG_UNKNOWN, "the founding date is not recorded", "未登记成立日期");
	due = bm_date_add_months(f->founded_on, 12 * c->min_years);
	bm_date_format(f->founded_on, date);
	if (today >= due) {
		snprintf(en, sizeof(en), "founded %s, at least %d years ago", date, c->min_years);
		snprintf(zh, sizeof(zh), "成立于 %s，已满 %d 年", date, c->min_years);
		return say(l, ELIG_PASS, en, zh);
	}
	bm_date_format(due, date);
	snprintf(en, sizeof(en), "fewer than %d years since founding; eligible from %s",
		 c->min_years, date);
	snprintf(zh, sizeof(zh), "成立不满 %d 年，%s 起符合", c->min_years, date);
	return say(l, ELIG_FAIL, en, zh);
}

static enum elig_result no_event(const struct scheme_condition *c, const struct unit_facts *f,
				 int32_t today, struct elig_line *l)
{
	int32_t since = c->within_years > 0 ? bm_date_add_months(today, -12 * c->within_years) : 0;
	char en[200], zh[200], date[BM_DATE_LEN];

	for (int i = 0; i < f->nevents; i++) {
		if (strcmp(f->events[i].kind, c->event) != 0)
			continue;
		if (c->within_years > 0 && f->events[i].on <= since)
			continue;
		bm_date_format(f->events[i].on, date);
		snprintf(en, sizeof(en), "a %s event is recorded on %s", c->event, date);
		snprintf(zh, sizeof(zh), "%s 有记录（%s）", date, c->event);
		return say(l, ELIG_FAIL, en, zh);
	}
	if (c->within_years > 0) {
		snprintf(en, sizeof(en), "no %s event recorded in the last %d years", c->event,
			 c->within_years);
		snprintf(zh, sizeof(zh), "近 %d 年无相关记录（%s）", c->within_years, c->event);
	} else {
		snprintf(en, sizeof(en), "no %s event recorded", c->event);
		snprintf(zh, sizeof(zh), "无相关记录（%s）", c->event);
	}
	return say(l, ELIG_PASS, en, zh);
}

static enum elig_result key_people(const struct scheme_condition *c, const struct unit_facts *f,
				   struct elig_line *l)
{
	static const struct {
		unsigned flag;
		const char *en, *zh;
	} checks[] = {
		{ PEOPLE_CHINESE_NATIONALITY, "does not hold PRC nationality", "不具有中国国籍" },
		{ PEOPLE_NO_FOREIGN_RESIDENCE, "has foreign permanent or long-term residence",
		  "有境外永久居留权或长期居留许可" },
		{ PEOPLE_NO_FOREIGN_SPOUSE, "has a foreign spouse", "有外籍配偶" },
		{ PEOPLE_NOT_DISHONEST, "is on the dishonest-persons list", "被列入失信人员名单" },
	};
	/* the three roles every unit has; the others are checked when recorded */
	const unsigned must = (1u << 0) | (1u << 1) | (1u << 2);
	unsigned seen = 0;
	char en[320], zh[320];
	int unknown = 0;

	for (int i = 0; i < f->npeople; i++) {
		const struct fact_person *p = &f->people[i];
		if (p->role < 0 || p->role >= SCHEME_MAX_PEOPLE || !(c->people & (1u << p->role)))
			continue;
		seen |= 1u << p->role;
		for (size_t k = 0; k < sizeof(checks) / sizeof(checks[0]); k++) {
			tri v;
			int bad;
			if (!(c->requires & checks[k].flag))
				continue;
			switch (checks[k].flag) {
			case PEOPLE_CHINESE_NATIONALITY:
				v = p->chinese_nationality;
				bad = v == 0;
				break;
			case PEOPLE_NO_FOREIGN_RESIDENCE:
				v = p->foreign_residence;
				bad = v == 1;
				break;
			case PEOPLE_NO_FOREIGN_SPOUSE:
				v = p->foreign_spouse;
				bad = v == 1;
				break;
			default:
				v = p->dishonest;
				bad = v == 1;
				break;
			}
			if (v < 0) {
				unknown = 1;
				continue;
			}
			if (bad) {
				snprintf(en, sizeof(en), "%s (%s) %s", p->name,
					 scheme_person_role(p->role), checks[k].en);
				snprintf(zh, sizeof(zh), "%s（%s）%s", p->name,
					 scheme_person_role(p->role), checks[k].zh);
				return say(l, ELIG_FAIL, en, zh);
			}
		}
	}
	if ((c->people & must & ~seen) != 0)
		return say(l, ELIG_UNKNOWN,
			   "the legal representative, principal head or actual controller is not "
			   "recorded",
			   "未登记法定代表人、主要负责人或实际控制人");
	if (unknown)
		return say(l, ELIG_UNKNOWN, "some key people's details are not recorded",
			   "部分关键人员信息未登记");
	return say(l, ELIG_PASS, "every recorded key person meets the requirement",
		   "已登记的关键人员均符合要求");
}

static enum elig_result foreign(const struct scheme_condition *c, const struct unit_facts *f,
				struct elig_line *l)
{
	char en[200], zh[200];

	if (!f->foreign_known)
		return say(l, ELIG_UNKNOWN, "the ownership structure is not declared",
			   "未申报股权结构");
	if (f->foreign_direct_pct > c->max_direct_pct) {
		snprintf(en, sizeof(en), "direct foreign investment %.2f%% exceeds %.2f%%",
			 f->foreign_direct_pct, c->max_direct_pct);
		snprintf(zh, sizeof(zh), "境外直接投资 %.2f%% 超过 %.2f%%", f->foreign_direct_pct,
			 c->max_direct_pct);
		return say(l, ELIG_FAIL, en, zh);
	}
	if (f->foreign_indirect_pct > c->max_indirect_pct) {
		snprintf(en, sizeof(en), "indirect foreign holding %.2f%% exceeds %.2f%%",
			 f->foreign_indirect_pct, c->max_indirect_pct);
		snprintf(zh, sizeof(zh), "境外间接持股 %.2f%% 超过 %.2f%%", f->foreign_indirect_pct,
			 c->max_indirect_pct);
		return say(l, ELIG_FAIL, en, zh);
	}
	snprintf(en, sizeof(en), "foreign investment: direct %.2f%%, indirect %.2f%%",
		 f->foreign_direct_pct, f->foreign_indirect_pct);
	snprintf(zh, sizeof(zh), "境外投资：直接 %.2f%%，间接 %.2f%%", f->foreign_direct_pct,
		 f->foreign_indirect_pct);
	return say(l, ELIG_PASS, en, zh);
}

/* Owned premises pass; a lease passes when it still runs today and its term, from
 * since to lease_end inclusive, is at least min_years. */
static enum elig_result premises(const struct scheme_condition *c, const struct unit_facts *f,
				 int32_t today, struct elig_line *l)
{
	char en[200], zh[200];
	int expired = 0;

	if (f->npremises == 0)
		return say(l, ELIG_UNKNOWN, "no premises are recorded", "未登记办公场所");
	for (int i = 0; i < f->npremises; i++) {
		const struct fact_premises *p = &f->premises[i];
		if (p->owned)
			return say(l, ELIG_PASS, "the unit owns its premises", "场所为自有产权");
		if (p->lease_end != 0 && p->lease_end < today) {
			expired = 1;
			continue;
		}
		if (p->lease_end != 0 &&
		    p->lease_end >= bm_date_add_months(p->since, 12 * c->min_years) - 1) {
			snprintf(en, sizeof(en), "premises leased for at least %d years",
				 c->min_years);
			snprintf(zh, sizeof(zh), "场所租赁期不少于 %d 年", c->min_years);
			return say(l, ELIG_PASS, en, zh);
		}
	}
	snprintf(en, sizeof(en), "no premises owned or leased for %d years or more%s", c->min_years,
		 expired ? " (a lease has ended)" : "");
	snprintf(zh, sizeof(zh), "无自有或租期 %d 年以上的场所%s", c->min_years,
		 expired ? "（有租约已到期）" : "");
	return say(l, ELIG_FAIL, en, zh);
}

static enum elig_result declared(const struct scheme_condition *c, const struct unit_facts *f,
				 struct elig_line *l)
{
	for (int i = 0; i < f->ndecl; i++)
		if (strcmp(f->decl[i].key, c->declaration) == 0)
			return f->decl[i].value
				       ? say(l, ELIG_PASS, "declared by the unit", "单位已声明")
				       : say(l, ELIG_FAIL,
					     "the unit declares it does not meet this",
					     "单位声明不符合");
	return say(l, ELIG_UNKNOWN, "not declared", "未声明");
}

static enum elig_result threshold(const struct scheme_condition *c, const struct unit_facts *f,
				  struct elig_line *l)
{
	double v = -1;
	char en[200], zh[200];

	switch (c->figure) {
	case FIG_REGISTERED_CAPITAL:
		v = f->registered_capital;
		break;
	case FIG_EMPLOYEES:
		v = f->employees;
		break;
	case FIG_ANNUAL_REVENUE:
		v = f->annual_revenue;
		break;
	case FIG_PREMISES_AREA:
		v = f->premises_area;
		break;
	case FIG_COUNT:
		break;
	}
	if (v < 0)
		return say(l, ELIG_UNKNOWN, "the figure is not recorded", "未登记相关数据");
	snprintf(en, sizeof(en), "%s is %.0f (at least %.0f required)", c->field, v, c->min_value);
	snprintf(zh, sizeof(zh), "%s 为 %.0f（要求不少于 %.0f）", c->field, v, c->min_value);
	return say(l, v >= c->min_value ? ELIG_PASS : ELIG_FAIL, en, zh);
}

void eligibility_evaluate(const struct scheme *s, int g, const struct unit_facts *f, int32_t today,
			  struct elig_report *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < s->nconditions; i++) {
		const struct scheme_condition *c = &s->conditions[i];
		struct elig_line *l = &out->lines[out->n];

		if (g >= 0 && !(c->grades & (1u << g)))
			continue;
		l->cond = c;
		switch (c->kind) {
		case COND_YEARS_SINCE_FOUNDING:
			l->result = years_since(c, f, today, l);
			break;
		case COND_NO_EVENT:
			l->result = no_event(c, f, today, l);
			break;
		case COND_KEY_PEOPLE:
			l->result = key_people(c, f, l);
			break;
		case COND_FOREIGN_INVESTMENT:
			l->result = foreign(c, f, l);
			break;
		case COND_PREMISES_YEARS:
			l->result = premises(c, f, today, l);
			break;
		case COND_DECLARED:
			l->result = declared(c, f, l);
			break;
		case COND_THRESHOLD:
			l->result = threshold(c, f, l);
			break;
		}
		if (l->result == ELIG_FAIL && c->hard)
			out->failed_hard++;
		if (l->result == ELIG_UNKNOWN)
			out->unknown++;
		out->n++;
	}
}
