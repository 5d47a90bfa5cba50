/*
 * jobs.c - scheduled duties with database leases.
 */
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "service/annual.h"
#include "service/apps.h"
#include "service/certlife_svc.h"
#include "service/jobs.h"
#include "service/refdata.h"
#include "store/jobs_repo.h"
#include "base/banned.h"

#define LEASE_MS (10 * 60 * 1000)

/* Raise event on every case in state whose guard now holds; count successes. */
static int sweep(struct svc *s, enum app_state state, enum app_event event, int *done,
		 struct bm_err *err)
{
	struct svc_ids ids;
	int rc;

	svc_ids_init(&ids);
	rc = apps_repo_in_state(s->db, state, svc_ids_visit, &ids, err);
	if (rc == 0)
		rc = svc_ids_check(&ids, err);

	for (size_t i = 0; rc == 0 && i < svc_ids_count(&ids); i++) {
		int64_t id = svc_ids_at(&ids, i);
		struct app_view v;
		struct bm_err e;
		memset(&v, 0, sizeof(v));
		bm_err_clear(&e);
		if (apps_transition(s, id, 0, event, NULL, &v, NULL, &e) == 0) {
			(*done)++;
			log_info("scheduler: application %lld: %s", (long long)id,
				 app_event_name(event));
		} else if (e.code == BM_ERULE && !v.clock_ok) {
			/* the time limit cannot be counted: the guard will never hold */
			log_warn("scheduler: application %lld: %s: the %s time limit cannot be "
				 "counted; is the calendar of every year involved loaded?",
				 (long long)id, app_event_name(event), v.stage ? v.stage : "");
		} else if (e.code != BM_ERULE) {
			/* a guard that does not hold yet is the normal case; anything
			 * else is worth a line */
			log_warn("scheduler: application %lld: %s failed: %s", (long long)id,
				 app_event_name(event), e.message);
		}
	}
	svc_ids_release(&ids);
	return rc;
}

static int with_lease(struct svc *s, const char *job, const char *holder, int *skipped,
		      int (*run)(struct svc *, struct jobs_report *, struct bm_err *),
		      struct jobs_report *rep, struct bm_err *err)
{
	int got = 0, rc = db_begin(s->db, DB_TX_WRITE, err);

	if (rc == 0)
		rc = jobs_repo_take(s->db, job, holder, s->now, s->now + LEASE_MS, &got, err);
	if (rc == 0)
		rc = db_commit(s->db, err);
	else
		db_rollback(s->db);
	if (rc != 0)
		return rc;
	if (!got) {
		(*skipped)++;
		return 0;
	}
	rc = run(s, rep, err);
	if (db_begin(s->db, DB_TX_WRITE, err) == 0) {
		if (jobs_repo_release(s->db, job, holder, err) == 0)
			db_commit(s->db, err);
		else
			db_rollback(s->db);
	}
	return rc;
}

static int job_deemed(struct svc *s, struct jobs_report *rep, struct bm_err *err)
{
	return sweep(s, APP_SUBMITTED, EV_DEEMED_ACCEPT, &rep->deemed_accepted, err);
}

static int job_abandon(struct svc *s, struct jobs_report *rep, struct bm_err *err)
{
	return sweep(s, APP_SUPPLEMENT, EV_ABANDON, &rep->abandoned, err);
}

static int job_cert_expiries(struct svc *s, struct jobs_report *rep, struct bm_err *err)
{
	return certs_job_expiries(s, &rep->certs_expired, &rep->certs_cancelled, err);
}

static int job_cert_reminders(struct svc *s, struct jobs_report *rep, struct bm_err *err)
{
	return certs_job_reminders(s, &rep->reminders, err);
}

static int job_annual_overdue(struct svc *s, struct jobs_report *rep, struct bm_err *err)
{
	return annual_overdue_sweep(s, &rep->annual_proposed, &rep->annual_cancelled, err);
}

static int job_findings_overdue(struct svc *s, struct jobs_report *rep, struct bm_err *err)
{
	return findings_overdue_sweep(s, &rep->findings_overdue, err);
}

static int job_calendar_warning(struct svc *s, struct jobs_report *rep, struct bm_err *err)
{
	return calendars_job_warning(s, &rep->calendar_warnings, err);
}

int jobs_run_all(struct svc *s, const char *holder, struct jobs_report *rep, struct bm_err *err)
{
	static const struct {
		const char *name;
		int (*run)(struct svc *, struct jobs_report *, struct bm_err *);
	} jobs[] = {
		{ "deemed_acceptance", job_deemed },
		{ "supplement_abandonment", job_abandon },
		{ "annual_reports_overdue", job_annual_overdue },
		{ "rectifications_overdue", job_findings_overdue },
		{ "certificate_expiries", job_cert_expiries },
		{ "renewal_reminders", job_cert_reminders },
		{ "calendar_warning", job_calendar_warning },
	};
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++) {
		int r = with_lease(s, jobs[i].name, holder, &rep->skipped_leased, jobs[i].run, rep,
				   err);
		if (r != 0) {
			rep->failed++;
			log_error("scheduler: job %s failed: %s", jobs[i].name, err->message);
			rc = r;
		}
	}
	return rc;
}
