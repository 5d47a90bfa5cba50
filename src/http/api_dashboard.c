/*
 * api_dashboard.c - GET /api/v1/dashboard: the caller's role dashboard
 * (service/dashboard.h builds its sections; no query, no body).
 */
#include "http/api.h"
#include "service/dashboard.h"
#include "base/banned.h"

int api_dashboard(struct reqctx *rc)
{
	json_t *body = NULL;
	int ret = dashboard_get(&rc->svc, &body, &rc->err);

	if (ret != 0)
		return ret;
	return reply_json(rc, 200, body);
}
