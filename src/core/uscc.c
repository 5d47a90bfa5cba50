/*
 * uscc.c - GB 32100-2015 check character. [law]
 */
#include <string.h>

#include "core/uscc.h"
#include "base/banned.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

static int symbol_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(alphabet, c);
	return p != NULL ? (int)(p - alphabet) : -1;
}

char uscc_check_char(const char *code17)
{
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		int v = symbol_value(code17[i]);
		if (v < 0)
			return 0;
		sum += v * weights[i];
	}
	return alphabet[(31 - sum % 31) % 31];
}

enum uscc_result uscc_check(const char *code, int *pos, char *expected)
{
	char want;

	if (code == NULL || strlen(code) != USCC_LEN)
		return USCC_BAD_LENGTH;
	for (int i = 0; i < USCC_LEN; i++) {
		if (symbol_value(code[i]) < 0) {
			if (pos != NULL)
				*pos = i + 1;
			return USCC_BAD_CHAR;
		}
	}
	want = uscc_check_char(code);
	if (want != code[17]) {
		if (expected != NULL)
			*expected = want;
		return USCC_BAD_CHECK;
	}
	return USCC_OK;
}
