/*
 * cmd_audit.c - `baomi audit verify`.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/str.h"
#include "cli/cli.h"
#include "sec/audit.h"
#include "store/db.h"
#include "base/banned.h"

int cli_audit_verify_file(const char *db_path, const char *pub_path, int readonly)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	struct audit_report rep;
	struct bm_err err;
	struct db *db = NULL;
	int rc;

	bm_err_clear(&err);
	if (access(db_path, R_OK) != 0) {
		fprintf(stderr, "baomi: no database at %s\n", db_path);
		return EXIT_FAIL;
	}
	if (keys_read_public(pub_path, pk, &err) != 0)
		return cli_fail(&err);
	rc = readonly ? db_open_readonly(&db, db_path, &err) : db_open(&db, db_path, &err);
	if (rc != 0)
		return cli_fail(&err);
	rc = audit_verify(db, pk, &rep, &err);
	db_close(db);
	if (rc == BM_ECONFLICT) {
		printf("audit trail FAILED verification at entry %lld: %s\n",
		       (long long)rep.first_bad, rep.problem);
		return EXIT_FAIL;
	}
	if (rc != 0)
		return cli_fail(&err);
	printf("audit trail ok: %lld entries, %lld signed tree heads verified\n",
	       (long long)rep.entries, (long long)rep.heads);
	return EXIT_OK;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = { { "data", required_argument, NULL, 'd' },
					      { "pubkey", required_argument, NULL, 'k' },
					      { 0 } };
	const char *data = NULL, *pub = NULL;
	char db_path[PATH_MAX], pub_path[PATH_MAX];
	int c;

	if (argc < 2 || strcmp(argv[1], "verify") != 0)
		return cli_usage("audit");
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			data = optarg;
		else if (c == 'k')
			pub = optarg;
		else
			return cli_usage("audit");
	}
	if (optind != argc)
		return cli_usage("audit");
	data = cli_data_dir(data);
	if (bm_path_join(db_path, sizeof(db_path), data, "baomi.db") != 0 ||
	    bm_path_join(pub_path, sizeof(pub_path), data, "keys/audit.pub") != 0)
		return cli_usage("audit");
	return cli_audit_verify_file(db_path, pub != NULL ? pub : pub_path, 0);
}
