/*
 * test_certvectors.c - the certificate test vectors (tests/vectors/certificates/):
 * every committed vector gives its expected result and step outcomes; together they
 * reach every result the verifier has; the committed folder (and the certfmt fuzz
 * seeds) are exactly what the deterministic generator writes today; and `baomi cert`
 * runs the whole folder and answers single payloads with the documented output and
 * exit codes (0 valid, 1 invalid, 2 usage).
 */
#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "../vectors/certvectors.h"
#include "base/err.h"
#include "base/str.h"
#include "sec/certsign.h"
#include "testutil.h"
#include "base/banned.h"

#define VECTORS_DIR BM_FILES_DIR "/../tests/vectors/certificates"
#define CORPUS_DIR  BM_FILES_DIR "/../tests/fuzz/corpus/certfmt"
#define MAX_FILES   400

/* The regular files of dir whose names end in suffix ("" for all), sorted. */
static size_t list_dir(const char *dir, const char *suffix, char *names[MAX_FILES])
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0, sl = strlen(suffix);

	if (d == NULL)
		fail_msg("cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < sl || strcmp(e->d_name + len - sl, suffix) != 0)
			continue;
		assert_true(n < MAX_FILES);
		names[n] = strdup(e->d_name);
		assert_non_null(names[n]);
		n++;
	}
	closedir(d);
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
			char *t = names[k];
			names[k] = names[k - 1];
			names[k - 1] = t;
		}
	return n;
}

static void free_names(char *names[], size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
}

static json_t *load(const char *dir, const char *name)
{
	char path[PATH_MAX];
	json_error_t jerr;
	json_t *j;

	assert_int_equal(bm_path_join(path, sizeof(path), dir, name), 0);
	j = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		fail_msg("%s: %s", path, jerr.text);
	return j;
}

static void test_every_vector(void **state)
{
	char *names[MAX_FILES];
	int seen[CERT_RESULT_COUNT] = { 0 };
	size_t n = list_dir(VECTORS_DIR, ".json", names);

	(void)state;
	assert_true(n >= 50);
	for (size_t i = 0; i < n; i++) {
		json_t *v = load(VECTORS_DIR, names[i]);
		struct cert_verdict got;
		struct bm_err err;
		bm_err_clear(&err);
		if (cert_vector_check(v, &got, &err) != 0)
			fail_msg("%s: %s", names[i], err.message);
		seen[got.result]++;
		json_decref(v);
	}
	for (int r = 0; r < CERT_RESULT_COUNT; r++)
		if (seen[r] == 0)
			fail_msg("no vector gives %s", cert_result_name((enum cert_result)r));
	free_names(names, n);
}

/* Every file of want_dir exists in got_dir with the same bytes, and no more. */
static void same_files(const char *want_dir, const char *got_dir, const char *suffix)
{
	char *want[MAX_FILES], *got[MAX_FILES];
	size_t nw = list_dir(want_dir, suffix, want), ng = list_dir(got_dir, suffix, got);

	for (size_t i = 0; i < nw || i < ng; i++) {
		char pw[PATH_MAX], pg[PATH_MAX];
		size_t lw, lg;
		char *a, *b;
		if (i >= nw || i >= ng || strcmp(want[i], got[i]) != 0)
			fail_msg("the generator writes %s, the folder holds %s (%s)",
				 i < ng ? got[i] : "nothing more",
				 i < nw ? want[i] : "nothing more", want_dir);
		assert_int_equal(bm_path_join(pw, sizeof(pw), want_dir, want[i]), 0);
		assert_int_equal(bm_path_join(pg, sizeof(pg), got_dir, got[i]), 0);
		a = tu_slurp(pw, &lw);
		b = tu_slurp(pg, &lg);
		if (lw != lg || memcmp(a, b, lw) != 0)
			fail_msg("%s differs from what the generator writes: rerun "
				 "BUILD/tests/gen_certificates tests/vectors/certificates "
				 "tests/fuzz/corpus/certfmt",
				 pw);
		free(a);
		free(b);
	}
	free_names(want, nw);
	free_names(got, ng);
}

static void test_reproducible(void **state)
{
	char dir[PATH_MAX], vectors[PATH_MAX], corpus[PATH_MAX];
	struct bm_err err;

	(void)state;
	tu_mkdtemp(dir);
	assert_int_equal(bm_path_join(vectors, sizeof(vectors), dir, "v"), 0);
	assert_int_equal(bm_path_join(corpus, sizeof(corpus), dir, "c"), 0);
	assert_int_equal(mkdir(vectors, 0700), 0);
	assert_int_equal(mkdir(corpus, 0700), 0);
	bm_err_clear(&err);
	if (certvec_write(vectors, corpus, &err) != 0)
		fail_msg("generator: %s", err.message);
	same_files(VECTORS_DIR, vectors, ".json");
	same_files(CORPUS_DIR, corpus, "");
	tu_rmtree(dir);
}

/* ---- the CLI ---- */

/* The baomi binary of this build: BUILD/baomi, next to BUILD/tests/. */
static void baomi_path(char out[PATH_MAX])
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	assert_true(n > 0);
	self[n] = '\0';
	slash = strrchr(self, '/');
	assert_non_null(slash);
	*slash = '\0';
	assert_true(snprintf(out, PATH_MAX, "%s/../baomi", self) < PATH_MAX);
	assert_int_equal(access(out, X_OK), 0);
}

/* Run sh -c cmd; its exit status, its first line of output in line. */
static int run(const char *cmd, char *line, size_t cap)
{
	FILE *p = popen(cmd, "r");
	char buf[512];
	int status;

	assert_non_null(p);
	line[0] = '\0';
	if (fgets(line, (int)cap, p) != NULL)
		line[strcspn(line, "\n")] = '\0';
	while (fgets(buf, sizeof(buf), p) != NULL)
		;
	status = pclose(p);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void write_json(const char *path, const json_t *j)
{
	assert_int_equal(json_dump_file(j, path, JSON_COMPACT), 0);
}

/* The files a vector's context needs, in dir: trust.json and status.json. */
static const char *vector_files(const char *name, const char *dir, char trust[PATH_MAX],
				char status[PATH_MAX], json_t **v)
{
	*v = load(VECTORS_DIR, name);
	assert_int_equal(bm_path_join(trust, PATH_MAX, dir, "trust.json"), 0);
	assert_int_equal(bm_path_join(status, PATH_MAX, dir, "status.json"), 0);
	write_json(trust, json_object_get(*v, "trust_list"));
	if (!json_is_null(json_object_get(*v, "status_list")))
		write_json(status, json_object_get(*v, "status_list"));
	return json_string_value(json_object_get(*v, "payload"));
}

static void test_cli_vectors(void **state)
{
	char bin[PATH_MAX], cmd[PATH_MAX * 2], line[256];

	(void)state;
	baomi_path(bin);
	snprintf(cmd, sizeof(cmd), "'%s' cert vectors '%s' | tail -n 1", bin, VECTORS_DIR);
	assert_int_equal(run(cmd, line, sizeof(line)), 0);
	assert_memory_equal(line, "cert vectors: ", 14);
	assert_non_null(strstr(line, " passed, 0 failed"));
	snprintf(cmd, sizeof(cmd), "'%s' cert vectors '%s'", bin, VECTORS_DIR);
	assert_int_equal(run(cmd, line, sizeof(line)), 0);
	snprintf(cmd, sizeof(cmd), "'%s' cert vectors /nonexistent 2>/dev/null", bin);
	assert_int_equal(run(cmd, line, sizeof(line)), 2);
}

/* `baomi cert verify` on a vector's payload and trust list, with its status list when
 * status, and the options extra: the exit status and the start of the first line. */
static const struct {
	const char *vector;
	int status;
	const char *extra;
	int exit;
	const char *line;
} cli_cases[] = {
	{ "status-valid", 1, "--now 2026-05-03", 0, "valid: JCA-2024-000123, " },
	{ "status-valid", 1, "--now 2026-05-20", 1, "status_stale: " },
	{ "status-valid", 1, "--now 2026-05-20 --max-age 30", 0, "valid: " },
	{ "status-valid", 0, "--now 2029-03-15", 1,
	  "expired: expired after 2029-03-14; today is 2029-03-15" },
	{ "status-revoked", 1, "--now 2026-05-03", 1, "revoked: " },
	{ "status-revoked", 0, "--now 2026-5-3", 2, "" },
	{ "status-revoked", 0, "--max-age -1", 2, "" },
	{ "status-revoked", 0, "--max-age 3651", 2, "" },
	{ "status-revoked", 0, "--status /nonexistent.json", 2, "" },
	{ "status-revoked", 0, "--qr x.png", 2, "" },
	{ "prefix-other-version", 0, "", 1, "bad_prefix: the text does not start with BM1:" },
};

static void test_cli_verify(void **state)
{
	char bin[PATH_MAX], dir[PATH_MAX], trust[PATH_MAX], status[PATH_MAX], name[64];
	char cmd[PATH_MAX * 4 + CERT_TEXT_MAX], line[512];
	const char *text;
	json_t *v;

	(void)state;
	baomi_path(bin);
	tu_mkdtemp(dir);
	for (size_t i = 0; i < sizeof(cli_cases) / sizeof(cli_cases[0]); i++) {
		snprintf(name, sizeof(name), "%s.json", cli_cases[i].vector);
		text = vector_files(name, dir, trust, status, &v);
		snprintf(cmd, sizeof(cmd),
			 "'%s' cert verify '%s' --trust '%s'%s%s%s %s 2>/dev/null", bin, text,
			 trust, cli_cases[i].status ? " --status '" : "",
			 cli_cases[i].status ? status : "", cli_cases[i].status ? "'" : "",
			 cli_cases[i].extra);
		if (run(cmd, line, sizeof(line)) != cli_cases[i].exit ||
		    strncmp(line, cli_cases[i].line, strlen(cli_cases[i].line)) != 0)
			fail_msg("case %zu: %s", i, line);
		json_decref(v);
	}
	/* the text from standard input, the line end dropped */
	text = vector_files("status-valid.json", dir, trust, status, &v);
	snprintf(cmd, sizeof(cmd),
		 "printf '%%s\\n' '%s' | '%s' cert verify - --trust '%s' --now 2026-05-03", text,
		 bin, trust);
	assert_int_equal(run(cmd, line, sizeof(line)), 0);
	assert_memory_equal(line, "valid: ", 7);
	/* no trust list, no command */
	snprintf(cmd, sizeof(cmd), "'%s' cert verify '%s' 2>/dev/null", bin, text);
	assert_int_equal(run(cmd, line, sizeof(line)), 2);
	snprintf(cmd, sizeof(cmd), "'%s' cert 2>/dev/null", bin);
	assert_int_equal(run(cmd, line, sizeof(line)), 2);
	json_decref(v);
	tu_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_vector),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_cli_vectors),
		cmocka_unit_test(test_cli_verify),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
