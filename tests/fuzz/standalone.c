/*
 * standalone.c - a main() for the fuzz targets when libFuzzer is not linked in: it
 * runs LLVMFuzzerTestOneInput once for every file named on the command line and
 * every regular file in the directories named there (not recursively, in name
 * order, skipping dot files). A crash or a broken invariant aborts the process, so
 * the seed corpus works as a regression test under the ordinary sanitizer build.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/str.h"
#include "fuzz.h"
#include "base/banned.h"

#define INPUT_MAX (1u << 20)

/* Run the target over one file. 0, or -1 when the file cannot be read. */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data;
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	data = malloc(INPUT_MAX);
	if (data == NULL) {
		fclose(f);
		return -1;
	}
	n = fread(data, 1, INPUT_MAX, f);
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", path);
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	{
		/* an exactly-sized copy, so that reading past the input is caught */
		unsigned char *exact = malloc(n > 0 ? n : 1);
		if (exact == NULL) {
			free(data);
			return -1;
		}
		memcpy(exact, data, n);
		free(data);
		LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run the target over every regular file of dir; returns the count, or -1. */
static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int count = 0;

	if (d == NULL) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **v;
			cap = cap != 0 ? cap * 2 : 64;
			v = realloc(names, cap * sizeof(*v));
			if (v == NULL)
				break;
			names = v;
		}
		names[n] = strdup(e->d_name);
		if (names[n] != NULL)
			n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX];
		struct stat st;

		if (bm_path_join(path, sizeof(path), dir, names[i]) == 0 && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			if (run_file(path) != 0)
				count = -1;
			else if (count >= 0)
				count++;
		}
		free(names[i]);
	}
	free(names);
	return count;
}

int main(int argc, char **argv)
{
	int total = 0, failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int n;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			failed = 1;
			continue;
		}
		n = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : (run_file(argv[i]) == 0 ? 1 : -1);
		if (n < 0)
			failed = 1;
		else
			total += n;
	}
	printf("%s: %d input(s) ran\n", argv[0], total);
	return failed ? 1 : 0;
}
