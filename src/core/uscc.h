/*
 * uscc.h - the Unified Social Credit Code (统一社会信用代码), GB 32100-2015.
 *
 * [law] GB 32100-2015: 18 characters over the 31-symbol alphabet
 * 0-9 A-H J-N P-R T U W-Y; position 18 is a check character computed from
 * positions 1..17 with the weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
 */
#ifndef BM_USCC_H
#define BM_USCC_H

#define USCC_LEN 18

enum uscc_result {
	USCC_OK = 0,
	USCC_BAD_LENGTH,
	USCC_BAD_CHAR,	/* a character outside the alphabet (position in *pos) */
	USCC_BAD_CHECK, /* the check character is wrong (expected in *expected) */
};

/*
 * Check code. On USCC_BAD_CHAR, *pos is the 1-based position; on USCC_BAD_CHECK,
 * *expected is the correct check character. Either out-pointer may be NULL.
 * Lower-case letters are not accepted: the standard uses capitals only.
 */
enum uscc_result uscc_check(const char *code, int *pos, char *expected);

/* The check character for the first 17 characters of code, or 0 if any is invalid. */
char uscc_check_char(const char *code17);

#endif
