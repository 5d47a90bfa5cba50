/*
 * orgs.h - regions, secrecy bureaus (authorities) and units.
 *
 * An authority's level follows from its region code: 000000 national, XX0000
 * provincial, XXYY00 municipal; its parent is the authority of the enclosing region,
 * which must exist first. A unit is identified by its USCC, which must carry a valid
 * GB 32100 check character, and sits in a known region.
 */
#ifndef BM_ORGS_H
#define BM_ORGS_H

#include "service/svc.h"
#include "store/orgs_repo.h"

int regions_list(struct svc *s, const char *parent, visit_fn fn, void *ctx, struct bm_err *err);
int regions_create(struct svc *s, const struct region_rec *in, struct bm_err *err);

struct authority_new {
	const char *name_zh, *name_en, *region;
};
int authorities_list(struct svc *s, visit_fn fn, void *ctx, struct bm_err *err);
int authorities_get(struct svc *s, int64_t id, struct authority *out, struct bm_err *err);
int authorities_create(struct svc *s, const struct authority_new *in, struct authority *out,
		       struct bm_err *err);
int authorities_update(struct svc *s, int64_t id, int64_t if_match, const char *name_zh,
		       const char *name_en, struct authority *out, struct bm_err *err);

/* Unit fields; NULL means "not given" (keep, on update). */
struct unit_fields {
	const char *name, *uscc, *region, *address, *legal_representative, *registered_on, *phone;
};
int units_list(struct svc *s, const struct unit_filter *f, int limit, visit_fn fn, void *ctx,
	       int64_t *next, struct bm_err *err);
int units_get(struct svc *s, int64_t id, struct unit *out, struct bm_err *err);
/* The unit as an authorisation resource: in its region, under its label. */
void units_resource(const struct unit *u, struct resource *r);
int units_create(struct svc *s, const struct unit_fields *in, struct unit *out, struct bm_err *err);
int units_update(struct svc *s, int64_t id, int64_t if_match, const struct unit_fields *in,
		 struct unit *out, struct bm_err *err);
/* Set a unit record's security label (security_admin). */
int units_set_label(struct svc *s, int64_t id, int64_t if_match, const struct label *l,
		    struct unit *out, struct bm_err *err);

/* Validate a USCC, naming the expected check character when it is wrong. */
int orgs_check_uscc(const char *uscc, const char *field, struct bm_err *err);

#endif
