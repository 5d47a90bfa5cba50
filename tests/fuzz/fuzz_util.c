/*
 * fuzz_util.c - what the fuzz targets share: reporting a broken invariant, the exact
 * copy of the input a parser is given, and the checks that a refusal can be reported.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "fuzz.h"
#include "base/banned.h"

_Noreturn void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz invariant broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *text = malloc(size > 0 ? size : 1);

	if (text != NULL && size > 0)
		memcpy(text, data, size);
	return text;
}

int fuzz_utf8_ok(const char *s)
{
	json_t *j = json_string(s);

	json_decref(j);
	return j != NULL;
}

void fuzz_check_reportable(int rc, const struct bm_err *err)
{
	json_t *e;

	if (err->code != rc)
		fuzz_fail("returned %d but recorded %d (%s)", rc, err->code, err->ecode);
	if (err->ecode[0] == '\0' || err->message[0] == '\0')
		fuzz_fail("error without code or message");
	if (!fuzz_utf8_ok(err->field))
		fuzz_fail("error field is not valid UTF-8 (%s)", err->ecode);
	if (!fuzz_utf8_ok(err->message))
		fuzz_fail("error message is not valid UTF-8 (%s)", err->ecode);
	e = json_pack("{s:s,s:s,s:s}", "code", err->ecode, "message", err->message, "field",
		      err->field);
	if (e == NULL)
		fuzz_fail("the error cannot be written as JSON");
	json_decref(e);
}
