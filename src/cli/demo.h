/*
 * demo.h - what the demonstration loaders share (demo_apps.c walks applications,
 * demo_life.c the life of certificates after issuance). Every step runs through the
 * real services as a real demo user, with the business clock set to the day it
 * happened.
 */
#ifndef BM_DEMO_H
#define BM_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"

struct demo {
	struct cli_env *env;
	int64_t today_ms; /* real now */
	int unit_seq;
	struct bm_err *err;
};

/* How far a demo case is walked. */
enum goal {
	G_DRAFT,
	G_SUBMITTED,
	G_SUPPLEMENT,
	G_ABANDONED,
	G_NOT_ACCEPTED,
	G_WITHDRAWN,
	G_PRELIMINARY,
	G_PRELIM_CORRECTION,
	G_SUPERIOR,
	G_SUPERIOR_CORRECTION,
	G_ONSITE,
	G_ONSITE_PASSED,
	G_HALTED,
	G_FAILED,
	G_PUBLICITY,
	G_DECISION,
	G_APPROVED,
};

/* What a walk made: the unit, its officer's login and, for G_APPROVED, the
 * certificate. */
struct walked {
	char officer[32];
	int64_t unit_id, cert_id;
};

/* Act as demo user login on day offset from today (10:00 CST). */
int demo_as(struct demo *d, const char *login, int offset);

/* A new unit in region with its officer and an eligible profile: w gets the unit and
 * the officer's login. */
int demo_unit(struct demo *d, const char *name, const char *region, struct walked *w);

/*
 * An application of unit w (demo_unit), a renewal of certificate renewal_of when not
 * 0, walked towards goal. start is the day offset the application is filed on (0: the
 * default for the goal, late enough that open deadlines still run); for G_APPROVED
 * w->cert_id gets the certificate issued.
 */
int demo_walk_case(struct demo *d, struct walked *w, const char *scheme, const char *grade,
		   const char *const *cats, size_t ncats, enum goal goal, int start,
		   int64_t renewal_of);

/* demo_unit, then demo_walk_case of a first application; out (may be NULL) gets what
 * was made. */
int demo_walk(struct demo *d, const char *name, const char *region, const char *scheme,
	      const char *grade, const char *const *cats, size_t ncats, enum goal goal, int start,
	      struct walked *out);

/*
 * Certificates in every state (valid, suspended, revoked, cancelled, superseded, and
 * expired: a paper certificate registered when the bureau began to use baomi, renewed,
 * then ended), annual reports for last year in every state, an inspection under way with findings,
 * a sanction decided and one pending, and a leak report (demo_life.c). A part that fails is logged
 * and skipped.
 */
void demo_life(struct demo *d);

#endif
