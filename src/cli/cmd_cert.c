/*
 * cmd_cert.c - `baomi cert verify` (a certificate checked offline against a trust
 * list and an optional status list, as anyone holding the printed QR code can) and
 * `baomi cert vectors` (every test vector of a folder through the same verifier).
 * Neither touches a data directory.
 */
#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "sec/certsign.h"
#include "base/banned.h"

#define JSON_FILE_MAX (4u << 20) /* a status list of the largest size is under 400 KiB */
#define VECTORS_MAX   1000

/* Parse the JSON file at path (at most JSON_FILE_MAX bytes, no repeated keys). */
static json_t *load_json(const char *path, struct bm_err *err)
{
	json_error_t jerr;
	struct stat st;
	json_t *j;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		bm_err_set(err, BM_EIO, "unreadable", NULL, "cannot read %s", path);
		return NULL;
	}
	if ((size_t)st.st_size > JSON_FILE_MAX) {
		bm_err_set(err, BM_ETOOBIG, "too_large", NULL, "%s is larger than %u bytes", path,
			   JSON_FILE_MAX);
		return NULL;
	}
	j = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		bm_err_set(err, BM_EINVAL, "invalid_json", NULL, "%s:%d: %s", path, jerr.line,
			   jerr.text);
	return j;
}

/* The certificate text: the argument itself, or standard input for "-" (one line;
 * the line end is dropped). */
static int payload_arg(const char *arg, char *buf, size_t cap, const char **text, size_t *len)
{
	size_t n;

	if (strcmp(arg, "-") != 0) {
		*text = arg;
		*len = strlen(arg);
		return 0;
	}
	n = fread(buf, 1, cap, stdin);
	if (ferror(stdin))
		return -1;
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	*text = buf;
	*len = n;
	return 0;
}

static int cert_verify_cmd(int argc, char **argv)
{
	static const struct option opts[] = { { "trust", required_argument, NULL, 't' },
					      { "status", required_argument, NULL, 's' },
					      { "now", required_argument, NULL, 'n' },
					      { "max-age", required_argument, NULL, 'm' },
					      { 0 } };
	const char *trust_path = NULL, *status_path = NULL, *text;
	static char input[4 * CERT_TEXT_MAX];
	int32_t today = bm_date_cst(bm_now_ms());
	int64_t max_age = CERT_MAX_AGE_DEFAULT;
	struct cert_trust trust = { 0, NULL };
	struct status_list sl;
	struct cert_verdict v;
	struct bm_err err;
	json_t *j = NULL;
	size_t len;
	int c, ret = EXIT_USAGE;

	memset(&sl, 0, sizeof(sl));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 't') {
			trust_path = optarg;
		} else if (c == 's') {
			status_path = optarg;
		} else if (c == 'n') {
			if (bm_date_parse(optarg, &today) != 0) {
				fprintf(stderr, "baomi: --now takes a date YYYY-MM-DD\n");
				return EXIT_USAGE;
			}
		} else if (c == 'm') {
			if (bm_parse_i64(optarg, 0, CERT_MAX_AGE_MAX, &max_age) != 0) {
				fprintf(stderr, "baomi: --max-age takes 0..%d days\n",
					CERT_MAX_AGE_MAX);
				return EXIT_USAGE;
			}
		} else {
			return cli_usage("cert");
		}
	}
	if (optind != argc - 1 || trust_path == NULL)
		return cli_usage("cert");
	bm_err_clear(&err);
	if (payload_arg(argv[optind], input, sizeof(input), &text, &len) != 0) {
		fprintf(stderr, "baomi: cannot read the certificate from standard input\n");
		return EXIT_USAGE;
	}
	if ((j = load_json(trust_path, &err)) == NULL || cert_trust_from_json(j, &trust, &err) != 0)
		goto out;
	json_decref(j);
	j = NULL;
	if (status_path != NULL && ((j = load_json(status_path, &err)) == NULL ||
				    status_list_from_json(j, &sl, &err) != 0))
		goto out;
	cert_verify(text, len, &trust, status_path != NULL ? &sl : NULL, today, (int)max_age, &v);
	printf("%s: %s\n", cert_result_name(v.result), v.reason);
	ret = v.result == CERT_VALID ? EXIT_OK : EXIT_FAIL;
out:
	if (ret == EXIT_USAGE)
		fprintf(stderr, "baomi: %s\n", err.message);
	json_decref(j);
	status_list_release(&sl);
	cert_trust_release(&trust);
	return ret;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Check one vector file; prints its line and returns 1 when it passed. */
static int vector_file(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct cert_verdict got;
	struct bm_err err;
	json_t *j;
	int rc;

	bm_err_clear(&err);
	if (bm_path_join(path, sizeof(path), dir, name) != 0) {
		printf("FAIL %s: path too long\n", name);
		return 0;
	}
	if ((j = load_json(path, &err)) == NULL)
		rc = err.code;
	else
		rc = cert_vector_check(j, &got, &err);
	json_decref(j);
	if (rc != 0) {
		printf("FAIL %s: %s\n", name, err.message);
		return 0;
	}
	printf("ok   %s (%s)\n", name, cert_result_name(got.result));
	return 1;
}

static int cert_vectors_cmd(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[VECTORS_MAX];
	size_t n = 0;
	int pass = 0, fail = 0;

	if (d == NULL) {
		fprintf(stderr, "baomi: cannot open the folder %s\n", dir);
		return EXIT_USAGE;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		if (n == VECTORS_MAX || (names[n] = strdup(e->d_name)) == NULL) {
			fail++;
			break;
		}
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(names[0]), cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (vector_file(dir, names[i]))
			pass++;
		else
			fail++;
		free(names[i]);
	}
	if (pass + fail == 0)
		fail = 1;
	printf("cert vectors: %d passed, %d failed\n", pass, fail);
	return fail == 0 ? EXIT_OK : EXIT_FAIL;
}

int cmd_cert(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return cert_verify_cmd(argc - 1, argv + 1);
	if (argc == 3 && strcmp(argv[1], "vectors") == 0)
		return cert_vectors_cmd(argv[2]);
	return cli_usage("cert");
}
