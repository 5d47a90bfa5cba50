/*
 * fuzz.h - the libFuzzer entry point every target defines. With -Dfuzz=true the
 * targets link against libFuzzer; otherwise standalone.c supplies main() and replays
 * the committed corpus through the same function.
 */
#ifndef BM_FUZZ_H
#define BM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

struct bm_err;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken invariant and abort, so that both libFuzzer and the standalone
 * driver treat the input as a crash. */
_Noreturn void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An exactly-sized, unterminated heap copy of the size bytes at data (one byte is
 * allocated for an empty input), so that the sanitizers catch a parser reading past
 * its length; the caller frees it. NULL when memory runs out. */
char *fuzz_copy(const uint8_t *data, size_t size);

/* 1 when s is valid UTF-8 that a JSON string can hold (control characters
 * included: JSON escapes them). */
int fuzz_utf8_ok(const char *s);

/* A refusal must be reportable: the API's error response is built from err's code,
 * message and field, and a string that is not UTF-8 makes building it fail. Checks
 * that err records rc, has a code and a message, that its field and message are
 * UTF-8, and that the three make a JSON object. Which codes a parser may return is
 * for each target to check. */
void fuzz_check_reportable(int rc, const struct bm_err *err);

#endif
