/*
 * err.h - error codes and the error record every fallible function can fill.
 *
 * A fallible function returns 0 on success or a negative BM_E* code, and fills an
 * optional struct bm_err with a stable snake_case code, a human message and, for
 * input errors, the offending field. The HTTP status is derived from the BM_E* code
 * in exactly one place (bm_err_http_status).
 */
#ifndef BM_ERR_H
#define BM_ERR_H

#include <stdarg.h>

enum {
	BM_OK = 0,
	BM_EINVAL = -1,	    /* 400 the input is malformed or a field is invalid */
	BM_EAUTH = -2,	    /* 401 not logged in, or bad credentials */
	BM_EFORBIDDEN = -3, /* 403 visible record, action not permitted */
	BM_ENOTFOUND = -4,  /* 404 absent, or not visible to the caller */
	BM_EMETHOD = -5,    /* 405 method not allowed on this path */
	BM_ECONFLICT = -6,  /* 409 state conflict or duplicate */
	BM_ESTALE = -7,	    /* 412 If-Match does not match */
	BM_ETOOBIG = -8,    /* 413 body larger than the route allows */
	BM_EMEDIA = -9,	    /* 415 unsupported content type */
	BM_ERULE = -10,	    /* 422 a rule of the domain refuses the request */
	BM_EPRECOND = -11,  /* 428 If-Match required but missing */
	BM_ERATE = -12,	    /* 429 rate limited */
	BM_EINTERNAL = -13, /* 500 a bug or an unexpected failure */
	BM_EUNAVAIL = -14,  /* 503 a dependency (database) is unavailable */
	BM_EIO = -15,	    /* 500 an I/O failure (disk, file) */
};

#define BM_ERR_CODE_MAX	 48
#define BM_ERR_FIELD_MAX 96
#define BM_ERR_MSG_MAX	 320

struct bm_err {
	int code;		      /* one of BM_E*, 0 when unset */
	char ecode[BM_ERR_CODE_MAX];  /* stable snake_case code, e.g. "invalid_field" */
	char field[BM_ERR_FIELD_MAX]; /* offending field, "" when none */
	char message[BM_ERR_MSG_MAX]; /* human text, English */
};

/*
 * Fill err (if not NULL) and return code. ecode and field may be NULL. The message
 * is printf-formatted and truncated to fit.
 */
int bm_err_set(struct bm_err *err, int code, const char *ecode, const char *field, const char *fmt,
	       ...) __attribute__((format(printf, 5, 6)));
int bm_err_vset(struct bm_err *err, int code, const char *ecode, const char *field, const char *fmt,
		va_list ap) __attribute__((format(printf, 5, 0)));

/* Reset err to the "no error" state. */
void bm_err_clear(struct bm_err *err);

/* The HTTP status for a BM_E* code; 500 for anything unknown. */
int bm_err_http_status(int code);

/* The default snake_case code for a BM_E* code ("not_found", ...). */
const char *bm_err_default_ecode(int code);

#endif
