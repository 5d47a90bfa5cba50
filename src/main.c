/*
 * main.c - `baomi`: one command table, dispatched by the first argument.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "store/db.h"
#include "base/banned.h"

const struct cli_cmd cli_commands[] = {
	{ "init", cmd_init, "init [--data DIR] [--demo]",
	  "Create a data directory: database, keys (0600) and the first system_admin, whose\n"
	  "generated password is printed once. --demo also loads demonstration data and\n"
	  "prints the demo logins." },
	{ "serve", cmd_serve,
	  "serve [--data DIR] [--listen HOST:PORT] [--threads N] [--web DIR]\n"
	  "      [--tls-cert FILE --tls-key FILE] [--access-log FILE]\n"
	  "      [--schemes DIR] [--calendars DIR]",
	  "Run the HTTP server. Pending migrations are applied first. Each option also has a\n"
	  "BAOMI_* environment variable (BAOMI_DATA, BAOMI_LISTEN, BAOMI_THREADS, BAOMI_WEB,\n"
	  "BAOMI_TLS_CERT, BAOMI_TLS_KEY, BAOMI_ACCESS_LOG, BAOMI_SCHEMES, BAOMI_CALENDARS).\n"
	  "SIGTERM or SIGINT stops it gracefully; a bad scheme file stops it at start." },
	{ "migrate", cmd_migrate, "migrate [--data DIR]", "Apply pending database migrations." },
	{ "user", cmd_user,
	  "user add LOGIN --name NAME [--role ROLE]... [--authority ID | --unit ID]\n"
	  "          [--clearance LEVEL] [--compartment NAME]... [--password-stdin]\n"
	  "     user list\n"
	  "     user disable LOGIN\n"
	  "     user passwd LOGIN [--password-stdin]\n"
	  "     (each also takes --data DIR)",
	  "Manage accounts with the same rules and audit entries as the API. Without\n"
	  "--password-stdin a password is generated and printed." },
	{ "audit", cmd_audit, "audit verify [--data DIR] [--pubkey FILE]",
	  "Recompute the audit trail's Merkle tree and check every signed tree head. Prints\n"
	  "the first bad sequence number when something was altered." },
	{ "backup", cmd_backup, "backup FILE [--data DIR]",
	  "Write a consistent copy of the database while the server runs, then check the\n"
	  "copy with PRAGMA integrity_check and an audit verify." },
	{ "restore", cmd_restore, "restore FILE [--data DIR]",
	  "Replace the database with a backup. Refuses while a server uses the directory." },
	{ "calendar", cmd_calendar,
	  "calendar check DATE | add DATE N | between DATE1 DATE2 [--data DIR]",
	  "Answer working-day questions from the loaded calendars, one line each. The day a\n"
	  "period starts is not counted: add D N is the N-th working day after D (N may be\n"
	  "negative), between D1 D2 counts working days d with D1 < d <= D2. A year that is\n"
	  "not loaded is an error, never a guess." },
	{ "jobs", cmd_jobs, "jobs run [--data DIR] [--now DATE]",
	  "Run the scheduler's jobs now (deemed acceptance, supplement abandonment). The\n"
	  "server also runs them at start and daily. --now is honoured by test builds only." },
	{ "cert", cmd_cert,
	  "cert verify (PAYLOAD | --qr IMAGE.png | --pdf FILE.pdf) --trust FILE [--status FILE]\n"
	  "                [--now YYYY-MM-DD] [--max-age DAYS]\n"
	  "     cert pdf --payload TEXT --out FILE.pdf [--scheme-zh|--scheme-en|--grade-zh|\n"
	  "              --grade-en|--categories-zh|--categories-en NAME]...\n"
	  "     cert vectors DIR",
	  "Verify a signed certificate offline, or run the test vectors. verify checks the\n"
	  "text form (BM1:..., or - to read it from standard input) against a trust list and,\n"
	  "with --status, a status list no older than --max-age days (default 7), on --now\n"
	  "(default today). It prints \"valid: ...\" or the step that failed and why, and\n"
	  "exits 0 when valid, 1 when not, 2 on a usage error or an unreadable trust or status\n"
	  "file. --qr and --pdf read the text from the QR code of a PNG image or of a PDF's\n"
	  "first page instead (exit 2 when none can be read). pdf prints the certificate a\n"
	  "text form carries (TEXT, or - for standard input) as an A4 PDF, without checking\n"
	  "its signature; the names default to the codes. vectors checks every *.json of\n"
	  "DIR (tests/vectors/certificates); exit 0 when all pass.\n"
	  "docs/certificate-format.md describes the formats." },
	{ "version", cmd_version, "version", "Print the version." },
	{ "help", cmd_help, "help [COMMAND]", "Show commands, or one command's help." },
	{ NULL, NULL, NULL, NULL },
};

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("baomi %s\n", BM_VERSION);
	return EXIT_OK;
}

int cmd_help(int argc, char **argv)
{
	if (argc > 1) {
		for (const struct cli_cmd *c = cli_commands; c->name != NULL; c++) {
			if (strcmp(c->name, argv[1]) == 0) {
				printf("usage: baomi %s\n\n%s\n", c->usage, c->help);
				return EXIT_OK;
			}
		}
		fprintf(stderr, "baomi: no command '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	printf("baomi %s - secrecy qualification administration\n\nusage: baomi COMMAND [ARGS]\n\n",
	       BM_VERSION);
	for (const struct cli_cmd *c = cli_commands; c->name != NULL; c++)
		printf("  %-9s %.*s\n", c->name, (int)strcspn(c->help, "\n."), c->help);
	printf("\n'baomi help COMMAND' shows one command's options.\n");
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	/* Everything baomi writes (database, keys, logs) is for its own eyes. */
	umask(077);
	if (sodium_init() < 0) {
		fprintf(stderr, "baomi: cannot initialise libsodium\n");
		return EXIT_FAIL;
	}
	db_global_init();
	if (argc < 2) {
		cmd_help(1, argv);
		return EXIT_USAGE;
	}
	for (const struct cli_cmd *c = cli_commands; c->name != NULL; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->fn(argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(1, argv);
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(1, argv);
	fprintf(stderr, "baomi: unknown command '%s'; see 'baomi help'\n", argv[1]);
	return EXIT_USAGE;
}
