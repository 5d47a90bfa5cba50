/*
 * banned.h - functions that are too easy to misuse.
 *
 * Every .c file includes this last, after all other headers (as git does), so that
 * a use of any of these in our code is a compile error while system and library
 * headers keep their own. scripts/lint.sh checks the rule. Use the bounded or
 * checked replacements in base/ instead (bm_strlcpy, buf_printf, bm_parse_i64,
 * randombytes_buf).
 */
#ifndef BM_BANNED_H
#define BM_BANNED_H

#define BM_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BM_BANNED(strcpy)
#undef strcat
#define strcat(x, y) BM_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BM_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BM_BANNED(strncat)
#undef sprintf
#define sprintf(...) BM_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BM_BANNED(vsprintf)
#undef gets
#define gets(x) BM_BANNED(gets)
#undef atoi
#define atoi(x) BM_BANNED(atoi)
#undef atol
#define atol(x) BM_BANNED(atol)
#undef strtok
#define strtok(x, y) BM_BANNED(strtok)
#undef rand
#define rand() BM_BANNED(rand)
#undef srand
#define srand(x) BM_BANNED(srand)

#endif
