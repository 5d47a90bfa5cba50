/*
 * cmd_cert.c - `baomi cert verify` (a certificate checked offline against a trust
 * list and an optional status list, as anyone holding the printed QR code can: the
 * text itself, a photo or scan of the code, or the PDF), `baomi cert pdf` (the printed
 * certificate of a text form) and `baomi cert vectors` (every test vector of a folder
 * through the same verifier). None touches a data directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "render/certpdf.h"
#include "render/qrdecode.h"
#include "sec/certsign.h"
#include "base/banned.h"

#define JSON_FILE_MAX (4u << 20) /* a status list of the largest size is under 400 KiB */
#define VECTORS_MAX   1000
#define PDF_MAX	      (8u << 20) /* a certificate page is about 100 KiB */

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

/* Read the whole regular file at path (at most max bytes) into b. */
static int read_file(const char *path, size_t max, struct buf *b, struct bm_err *err)
{
	struct stat st;
	char chunk[65536];
	FILE *f;
	size_t n;
	int ret = 0;

	buf_init(b, max);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (f = fopen(path, "rb")) == NULL)
		return bm_err_set(err, BM_EIO, "unreadable", NULL, "cannot read %s", path);
	if ((size_t)st.st_size > max) {
		fclose(f);
		return bm_err_set(err, BM_ETOOBIG, "too_large", NULL, "%s is larger than %zu bytes",
				  path, max);
	}
	while (ret == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(b, chunk, n) != 0)
			ret = bm_err_set(err, BM_ETOOBIG, "too_large", NULL,
					 "%s is larger than %zu bytes", path, max);
	if (ret == 0 && ferror(f))
		ret = bm_err_set(err, BM_EIO, "unreadable", NULL, "cannot read %s", path);
	fclose(f);
	return ret;
}

/* The text of the QR code in the PNG image (pdf 0) or PDF (pdf 1) at path. */
static int qr_file(const char *path, int pdf, char *text, size_t cap, size_t *len,
		   struct bm_err *err)
{
	struct buf b;
	int ret = read_file(path, QRDECODE_INPUT_MAX, &b, err);

	if (ret == 0) {
		const char *data = b.data != NULL ? b.data : "";
		ret = pdf ? qrdecode_pdf(data, b.len, text, cap, len, err)
			  : qrdecode_png(data, b.len, text, cap, len, err);
		if (ret != 0 && err != NULL) {
			struct bm_err e = *err;
			bm_err_set(err, ret, e.ecode, NULL, "%s: %s", path, e.message);
		}
	}
	buf_release(&b);
	return ret;
}

static int cert_verify_cmd(int argc, char **argv)
{
	static const struct option opts[] = { { "trust", required_argument, NULL, 't' },
					      { "status", required_argument, NULL, 's' },
					      { "now", required_argument, NULL, 'n' },
					      { "max-age", required_argument, NULL, 'm' },
					      { "qr", required_argument, NULL, 'q' },
					      { "pdf", required_argument, NULL, 'p' },
					      { 0 } };
	const char *trust_path = NULL, *status_path = NULL, *image = NULL, *text;
	static char input[4 * CERT_TEXT_MAX];
	int32_t today = bm_date_cst(bm_now_ms());
	int64_t max_age = CERT_MAX_AGE_DEFAULT;
	struct cert_trust trust = { 0, NULL };
	struct status_list sl;
	struct cert_verdict v;
	struct bm_err err;
	json_t *j = NULL;
	size_t len;
	int c, pdf = 0, ret = EXIT_USAGE;

	memset(&sl, 0, sizeof(sl));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'q' || c == 'p') {
			if (image != NULL)
				return cli_usage("cert");
			image = optarg;
			pdf = c == 'p';
		} else if (c == 't') {
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
	if (optind != argc - (image == NULL) || trust_path == NULL)
		return cli_usage("cert");
	bm_err_clear(&err);
	if (image != NULL) {
		if (qr_file(image, pdf, input, sizeof(input), &len, &err) != 0)
			goto out;
		text = input;
	} else if (payload_arg(argv[optind], input, sizeof(input), &text, &len) != 0) {
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

/* Write len bytes to path (created or replaced, mode 0644). */
static int write_file(const char *path, const char *data, size_t len, struct bm_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return bm_err_set(err, BM_EIO, "unwritable", NULL, "cannot write %s: %s", path,
				  strerror(errno));
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return bm_err_set(err, BM_EIO, "unwritable", NULL, "cannot write %s: %s",
					  path, strerror(errno));
		}
		data += n;
		len -= (size_t)n;
	}
	if (close(fd) != 0)
		return bm_err_set(err, BM_EIO, "unwritable", NULL, "cannot write %s: %s", path,
				  strerror(errno));
	return 0;
}

/* `cert pdf --payload TEXT --out FILE [--scheme-zh NAME ...]`: the printed certificate
 * of a text form, with the names given or else the codes. The payload is decoded (it
 * must be well formed), not verified: printing is not vouching, and `cert verify
 * --pdf` checks the result. */
static int cert_pdf_cmd(int argc, char **argv)
{
	static const struct option opts[] = { { "payload", required_argument, NULL, 'P' },
					      { "out", required_argument, NULL, 'o' },
					      { "scheme-zh", required_argument, NULL, 1 },
					      { "scheme-en", required_argument, NULL, 2 },
					      { "grade-zh", required_argument, NULL, 3 },
					      { "grade-en", required_argument, NULL, 4 },
					      { "categories-zh", required_argument, NULL, 5 },
					      { "categories-en", required_argument, NULL, 6 },
					      { 0 } };
	struct certpdf_names names = { NULL, NULL, NULL, NULL, NULL, NULL, 0 };
	static char input[4 * CERT_TEXT_MAX];
	static unsigned char bytes[CERT_PAYLOAD_MAX];
	unsigned char sig[CERT_SIG_BYTES];
	const char *payload = NULL, *out_path = NULL, *text;
	char textz[CERT_TEXT_MAX + 1];
	struct cert_payload p;
	struct bm_err err;
	struct buf pdf;
	size_t len, plen;
	int c, ret = EXIT_FAIL;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'P')
			payload = optarg;
		else if (c == 'o')
			out_path = optarg;
		else if (c == 1)
			names.scheme_zh = optarg;
		else if (c == 2)
			names.scheme_en = optarg;
		else if (c == 3)
			names.grade_zh = optarg;
		else if (c == 4)
			names.grade_en = optarg;
		else if (c == 5)
			names.categories_zh = optarg;
		else if (c == 6)
			names.categories_en = optarg;
		else
			return cli_usage("cert");
	}
	if (optind != argc || payload == NULL || out_path == NULL)
		return cli_usage("cert");
	bm_err_clear(&err);
	buf_init(&pdf, PDF_MAX);
	if (payload_arg(payload, input, sizeof(input), &text, &len) != 0) {
		fprintf(stderr, "baomi: cannot read the certificate from standard input\n");
		return EXIT_USAGE;
	}
	if (len > CERT_TEXT_MAX || memchr(text, '\0', len) != NULL) {
		bm_err_set(&err, BM_EINVAL, "bad_encoding", "payload",
			   "the text is not a certificate's text form");
		goto out;
	}
	memcpy(textz, text, len);
	textz[len] = '\0';
	if (certfmt_text_decode(textz, len, bytes, &plen, sig, &err) != CERTFMT_TEXT_OK ||
	    certfmt_decode(bytes, plen, &p, &err) != 0 ||
	    certpdf_render(&p, textz, &names, &pdf, &err) != 0 ||
	    write_file(out_path, pdf.data, pdf.len, &err) != 0)
		goto out;
	printf("%s: %s, %zu bytes\n", out_path, p.number, pdf.len);
	ret = EXIT_OK;
out:
	if (ret != EXIT_OK)
		fprintf(stderr, "baomi: %s\n", err.message);
	buf_release(&pdf);
	certpdf_shutdown();
	return ret;
}

int cmd_cert(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return cert_verify_cmd(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "pdf") == 0)
		return cert_pdf_cmd(argc - 1, argv + 1);
	if (argc == 3 && strcmp(argv[1], "vectors") == 0)
		return cert_vectors_cmd(argv[2]);
	return cli_usage("cert");
}
