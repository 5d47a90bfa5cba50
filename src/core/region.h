/*
 * region.h - GB/T 2260 administrative division codes and jurisdiction.
 *
 * A code is six digits: province (2) + prefecture (2) + county (2). A province is
 * "XX0000", a prefecture "XXYY00". The special code "000000" stands for the whole
 * country (the national bureau's jurisdiction). Whether a code is *known* is a
 * question for the regions table; this module only knows the shape and nesting.
 */
#ifndef BM_REGION_H
#define BM_REGION_H

#define REGION_LEN	7 /* six digits + NUL */
#define REGION_NATIONAL "000000"

enum region_level { REGION_NATION, REGION_PROVINCE, REGION_PREFECTURE, REGION_COUNTY };

/* 1 when s is six ASCII digits with a valid shape (a non-national code must have a
 * non-zero province part, and a county part only under a prefecture part), else 0. */
int region_code_ok(const char *s);

/* The level of a well-formed code. */
enum region_level region_level_of(const char *code);

/* The parent code ("000000" for a province) written into out; returns 0, or -1 for
 * the national code, which has no parent. */
int region_parent(const char *code, char out[REGION_LEN]);

/* 1 when region `inner` lies within (or equals) region `outer`. Both well-formed. */
int region_contains(const char *outer, const char *inner);

const char *region_level_name(enum region_level level);

#endif
