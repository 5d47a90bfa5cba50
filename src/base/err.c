/*
 * err.c - filling struct bm_err and mapping error codes to HTTP statuses.
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/banned.h"

static const struct {
	int code;
	int status;
	const char *ecode;
} err_table[] = {
	{ BM_EINVAL, 400, "invalid_input" },
	{ BM_EAUTH, 401, "unauthenticated" },
	{ BM_EFORBIDDEN, 403, "forbidden" },
	{ BM_ENOTFOUND, 404, "not_found" },
	{ BM_EMETHOD, 405, "method_not_allowed" },
	{ BM_ECONFLICT, 409, "conflict" },
	{ BM_ESTALE, 412, "precondition_failed" },
	{ BM_ETOOBIG, 413, "payload_too_large" },
	{ BM_EMEDIA, 415, "unsupported_media_type" },
	{ BM_ERULE, 422, "rule_violation" },
	{ BM_EPRECOND, 428, "precondition_required" },
	{ BM_ERATE, 429, "rate_limited" },
	{ BM_EINTERNAL, 500, "internal_error" },
	{ BM_EUNAVAIL, 503, "unavailable" },
	{ BM_EIO, 500, "io_error" },
};

int bm_err_vset(struct bm_err *err, int code, const char *ecode, const char *field, const char *fmt,
		va_list ap)
{
	if (err == NULL)
		return code;
	err->code = code;
	bm_strlcpy(err->ecode, ecode != NULL ? ecode : bm_err_default_ecode(code),
		   sizeof(err->ecode));
	bm_strlcpy(err->field, field != NULL ? field : "", sizeof(err->field));
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	/* Both may quote client input and both may have been cut mid-character:
	 * they are sent as JSON strings, so they must be valid UTF-8. */
	bm_utf8_repair(err->field);
	bm_utf8_repair(err->message);
	return code;
}

int bm_err_set(struct bm_err *err, int code, const char *ecode, const char *field, const char *fmt,
	       ...)
{
	va_list ap;

	va_start(ap, fmt);
	bm_err_vset(err, code, ecode, field, fmt, ap);
	va_end(ap);
	return code;
}

void bm_err_clear(struct bm_err *err)
{
	if (err != NULL)
		memset(err, 0, sizeof(*err));
}

int bm_err_http_status(int code)
{
	for (size_t i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++)
		if (err_table[i].code == code)
			return err_table[i].status;
	return 500;
}

const char *bm_err_default_ecode(int code)
{
	for (size_t i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++)
		if (err_table[i].code == code)
			return err_table[i].ecode;
	return "internal_error";
}
