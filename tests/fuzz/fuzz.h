/*
 * fuzz.h - the libFuzzer entry point every target defines. With -Dfuzz=true the
 * targets link against libFuzzer; otherwise standalone.c supplies main() and replays
 * the committed corpus through the same function.
 */
#ifndef BM_FUZZ_H
#define BM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken invariant and abort, so that both libFuzzer and the standalone
 * driver treat the input as a crash. */
_Noreturn void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
