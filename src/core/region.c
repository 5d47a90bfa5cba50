/*
 * region.c - shape and nesting of GB/T 2260 codes. [law] GB/T 2260.
 */
#include <string.h>

#include "core/region.h"
#include "base/banned.h"

int region_code_ok(const char *s)
{
	if (s == NULL || strlen(s) != 6)
		return 0;
	for (int i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	if (strcmp(s, REGION_NATIONAL) == 0)
		return 1;
	if (s[0] == '0' && s[1] == '0')
		return 0;
	/* a county part needs a prefecture part */
	if (s[2] == '0' && s[3] == '0' && !(s[4] == '0' && s[5] == '0'))
		return 0;
	return 1;
}

enum region_level region_level_of(const char *code)
{
	if (strcmp(code, REGION_NATIONAL) == 0)
		return REGION_NATION;
	if (strcmp(code + 2, "0000") == 0)
		return REGION_PROVINCE;
	if (strcmp(code + 4, "00") == 0)
		return REGION_PREFECTURE;
	return REGION_COUNTY;
}

int region_parent(const char *code, char out[REGION_LEN])
{
	switch (region_level_of(code)) {
	case REGION_NATION:
		return -1;
	case REGION_PROVINCE:
		memcpy(out, REGION_NATIONAL, REGION_LEN);
		return 0;
	case REGION_PREFECTURE:
		memcpy(out, code, 2);
		memcpy(out + 2, "0000", 5);
		return 0;
	case REGION_COUNTY:
		memcpy(out, code, 4);
		memcpy(out + 4, "00", 3);
		return 0;
	}
	return -1;
}

int region_contains(const char *outer, const char *inner)
{
	switch (region_level_of(outer)) {
	case REGION_NATION:
		return 1;
	case REGION_PROVINCE:
		return memcmp(outer, inner, 2) == 0;
	case REGION_PREFECTURE:
		return memcmp(outer, inner, 4) == 0;
	case REGION_COUNTY:
		return strcmp(outer, inner) == 0;
	}
	return 0;
}

const char *region_level_name(enum region_level level)
{
	switch (level) {
	case REGION_NATION:
		return "national";
	case REGION_PROVINCE:
		return "provincial";
	case REGION_PREFECTURE:
		return "municipal";
	case REGION_COUNTY:
		return "county";
	}
	return "unknown";
}
