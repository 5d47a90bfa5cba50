/*
 * dashboard.h - the role dashboards of the home page (issue 4 §7): what a bureau's
 * staff oversee, counted, and what a unit has to do next, listed.
 *
 * Scope is the certificate list's (certs.c certs_list): a bureau user (a bureau role,
 * member of an authority) counts what lies in the authority's region and below; a unit
 * user (a unit role, member of a unit) sees the unit's own. Administrators, who hold
 * neither, are refused 403 (ACT_APP_READ, audited as a denial like the certificate
 * list); the local operator gets the bureau dashboard of the whole country.
 *
 * The dashboard is a read model: its answer is built here as a JSON object of named
 * sections, each one function of the table in dashboard.c running its aggregates in
 * dashboard_repo.c, so a new section (inspections, sanction proposals) is one function
 * and one row. All sections are read in one read transaction (one snapshot).
 */
#ifndef BM_DASHBOARD_H
#define BM_DASHBOARD_H

#include <jansson.h>

#include "service/svc.h"

#define DASHBOARD_EXPIRING_MONTHS 6  /* "expiring soon": valid until within 6 months */
#define DASHBOARD_LEAK_DAYS	  30 /* leak reports "recent": of the last 30 days */

/*
 * The caller's dashboard into *out (a new reference, NULL on failure):
 *   {"kind": "bureau" | "unit", "today": date, <sections>}
 * bureau sections: certificates (total, by_state, by_grade, by_category, by_province,
 * expiring), annual (the report year = last calendar year: owed, not_submitted,
 * submitted, passed, rectify, failed, overdue, due), findings (open, overdue),
 * cancellations (pending), issuances (pending), inspections (planned, in_progress,
 * rectifying, sanctions_pending, leaks {days, n}). unit sections: certificates (a list),
 * deadlines (sorted by date), findings (not verified). docs/openapi.yaml gives the
 * shapes. 403 forbidden for administrators; 401 is the dispatcher's.
 */
int dashboard_get(struct svc *s, json_t **out, struct bm_err *err);

#endif
