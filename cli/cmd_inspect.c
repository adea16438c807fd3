/*
 * accord inspect: inspections within the treaty's quotas, what is
 * inspected chosen by randomness both parties contribute to, findings
 * logged and checked against the host's declaration.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/inspect.h>

#include "cli.h"
#include "cmd.h"

#define LIST_MAX 4096
#define REVEALS_MAX 64

static const char usage[] =
    "usage: accord inspect open --kind KIND --host PARTY [--site FACILITY |\n"
    "                      --random] [--date YYYY-MM-DD] [--id ID]\n"
    "                      [--declaration FILE]\n"
    "       accord inspect join ID\n"
    "       accord inspect reveal ID\n"
    "       accord inspect plan ID [--json]\n"
    "       accord inspect record ID [--found UID...] [--warheads UID=N...]\n"
    "                      [--missing UID...] [--undeclared UID...]\n"
    "       accord inspect verify ID [--declaration FILE] [--reveal FILE]...\n"
    "                      [--json]\n"
    "       accord inspect replay ID --logs DIR DIR [--json]\n"
    "       accord inspect list [--json]\n"
    "  open: log an inspection of PARTY (a kind of the treaty, within its\n"
    "  annual quota and the treaty's dates) at FACILITY, or at a site drawn\n"
    "  at random, with a commitment to this party's random bytes.\n"
    "  --declaration (the host's) checks the site's eligibility now.\n"
    "  join: the host commits to its own bytes and lists the candidates\n"
    "  (eligible sites and items), once it mirrors the inspecting log.\n"
    "  reveal: each party logs its bytes, once both commitments are in the\n"
    "  logs. plan: the selection (site and items), recomputed from both\n"
    "  logs. record: log what the inspectors found. verify: check the\n"
    "  findings against the host's declaration (the one kept by accord\n"
    "  verify --keep unless --declaration gives it; in escrow, with its\n"
    "  reveal of the site); exit 1 when there is a discrepancy.\n"
    "  replay: a third party recomputes the selection from the two\n"
    "  parties' workspaces. list: quota use and every inspection.\n";

/* The values after an option up to the next option. */
static int
values(int argc, char **argv, int *i, const char **list, size_t *n)
{
	int start = *i;

	while (*i + 1 < argc && strncmp(argv[*i + 1], "--", 2) != 0) {
		if (*n == LIST_MAX)
			return -1;
		list[(*n)++] = argv[++*i];
	}
	return *i > start ? 0 : -1;
}

static int
record(acc_workspace *ws, const char *id, int argc, char **argv,
    acc_err *err)
{
	static const char *seen[LIST_MAX], *missing[LIST_MAX],
	    *undeclared[LIST_MAX], *wspec[LIST_MAX], *counted[LIST_MAX];
	static int64_t warheads[LIST_MAX];
	static char names[LIST_MAX][72];
	acc_inspect_finding f;
	size_t n_w = 0, i;
	int a;

	memset(&f, 0, sizeof(f));
	for (a = 0; a < argc; a++) {
		int bad;
		if (strcmp(argv[a], "--found") == 0)
			bad = values(argc, argv, &a, seen, &f.n_seen);
		else if (strcmp(argv[a], "--missing") == 0)
			bad = values(argc, argv, &a, missing, &f.n_missing);
		else if (strcmp(argv[a], "--undeclared") == 0)
			bad = values(argc, argv, &a, undeclared,
			    &f.n_undeclared);
		else if (strcmp(argv[a], "--warheads") == 0)
			bad = values(argc, argv, &a, wspec, &n_w);
		else
			bad = -1;
		if (bad)
			return acc_err_set(err, ACC_EINVAL, argv[a], "expected "
			    "--found, --warheads, --missing or --undeclared, "
			    "each followed by at most %d values", LIST_MAX);
	}
	for (i = 0; i < n_w; i++) {
		const char *eq = strrchr(wspec[i], '=');
		uint64_t v;
		size_t len = eq ? (size_t)(eq - wspec[i]) : 0;
		if (eq == NULL || len == 0 || len >= sizeof(names[i]))
			return acc_err_set(err, ACC_EINVAL, "--warheads",
			    "expected UID=N, got \"%.64s\"", wspec[i]);
		if (cli_count(&v, eq + 1, "--warheads", err) != 0)
			return ACC_EINVAL;
		memcpy(names[i], wspec[i], len);
		names[i][len] = '\0';
		counted[i] = names[i];
		warheads[i] = (int64_t)v;
	}
	f.seen = seen;
	f.missing = missing;
	f.undeclared = undeclared;
	f.counted = counted;
	f.warheads = warheads;
	f.n_counted = n_w;
	return acc_inspect_record(ws, id, &f, err);
}

static int
verify(acc_workspace *ws, const char *id, int argc, char **argv,
    acc_format fmt, acc_buf *out, acc_err *err)
{
	const char *decl = NULL, *rpaths[REVEALS_MAX];
	const char *texts[REVEALS_MAX];
	size_t lens[REVEALS_MAX], n = 0, i;
	acc_buf bufs[REVEALS_MAX];
	acc_decl *d = NULL;
	size_t n_disc = 0;
	int a, rc = 0;

	for (a = 0; a < argc; a++) {
		if (strcmp(argv[a], "--declaration") == 0 && a + 1 < argc)
			decl = argv[++a];
		else if (strcmp(argv[a], "--reveal") == 0 && a + 1 < argc &&
		    n < REVEALS_MAX)
			rpaths[n++] = argv[++a];
		else
			return acc_err_set(err, ACC_EINVAL, argv[a], "expected "
			    "--declaration FILE or --reveal FILE");
	}
	for (i = 0; i < n; i++) {
		acc_buf b = ACC_BUF_INIT(256u << 20);
		bufs[i] = b;
	}
	if (decl)
		rc = acc_decl_load(&d, decl, err);
	for (i = 0; rc == 0 && i < n; i++) {
		rc = acc_file_read(&bufs[i], rpaths[i], err);
		texts[i] = (const char *)bufs[i].data;
		lens[i] = bufs[i].len;
	}
	if (rc == 0)
		rc = acc_inspect_print_verify(ws, id, d, texts, lens, n, fmt,
		    out, &n_disc, err);
	if (rc == 0)
		rc = cli_write(out, err);
	if (rc == 0 && n_disc > 0)
		rc = 1;
	for (i = 0; i < n; i++)
		acc_buf_dispose(&bufs[i]);
	acc_decl_free(d);
	return rc;
}

static int
replay(const char *id, int argc, char **argv, acc_format fmt, acc_buf *out,
    acc_err *err)
{
	size_t n_findings = 0;
	int rc;

	if (argc != 3 || strcmp(argv[0], "--logs") != 0)
		return acc_err_set(err, ACC_EINVAL, "--logs", "expected --logs "
		    "DIR DIR (the two parties' workspaces)");
	rc = acc_inspect_print_replay(argv[1], argv[2], id, fmt, out,
	    &n_findings, err);
	if (rc == 0)
		rc = cli_write(out, err);
	return rc == 0 && n_findings > 0 ? 1 : rc;
}

static int
open_cmd(acc_workspace *ws, int argc, char **argv, acc_err *err)
{
	acc_inspect_open_opts o;
	acc_decl *d = NULL;
	const char *decl = NULL;
	char id[ACC_INSPECT_ID_MAX];
	bool random = false;
	int a, rc = 0;

	memset(&o, 0, sizeof(o));
	o.date = ACC_DATE_NONE;
	for (a = 0; rc == 0 && a < argc; a++) {
		const char *v = a + 1 < argc ? argv[a + 1] : NULL;
		if (strcmp(argv[a], "--random") == 0) {
			random = true;
			continue;
		}
		if (v == NULL)
			return acc_err_set(err, ACC_EINVAL, argv[a],
			    "expected a value");
		if (strcmp(argv[a], "--kind") == 0)
			o.kind = v;
		else if (strcmp(argv[a], "--host") == 0)
			o.host = v;
		else if (strcmp(argv[a], "--site") == 0)
			o.site = v;
		else if (strcmp(argv[a], "--id") == 0)
			o.id = v;
		else if (strcmp(argv[a], "--declaration") == 0)
			decl = v;
		else if (strcmp(argv[a], "--date") == 0)
			rc = cli_date(&o.date, v, "--date", err);
		else
			return acc_err_set(err, ACC_EINVAL, argv[a], "unknown "
			    "option of inspect open");
		a++;
	}
	if (rc != 0)
		return rc;
	if (o.kind == NULL || o.host == NULL)
		return acc_err_set(err, ACC_EINVAL, "inspect open", "give "
		    "--kind and --host");
	if (random == (o.site != NULL))
		return acc_err_set(err, ACC_EINVAL, "inspect open", "give "
		    "either --site FACILITY or --random");
	if (decl) {
		rc = acc_decl_load(&d, decl, err);
		o.host_declaration = d;
	}
	if (rc == 0)
		rc = acc_inspect_open(ws, &o, id, err);
	if (rc == 0)
		printf("%s\n", id);
	acc_decl_free(d);
	return rc;
}

int
cmd_inspect(int argc, char **argv)
{
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	acc_buf out = ACC_BUF_INIT(256u << 20);
	acc_format fmt = ACC_FORMAT_TEXT;
	const char *verb, *id = NULL;
	size_t n_findings = 0;
	int i, rc, rest = 2;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") ==
		    0)
			return cli_help(usage);
	if (argc < 2)
		return cli_usage(usage);
	verb = argv[1];
	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], "--json") == 0) {
			fmt = ACC_FORMAT_JSON;
			memmove(&argv[i], &argv[i + 1], (size_t)(argc - i - 1) *
			    sizeof(*argv));
			argc--;
			i--;
		}
	if (strcmp(verb, "open") != 0 && strcmp(verb, "list") != 0) {
		if (argc < 3 || argv[2][0] == '-')
			return cli_usage(usage);
		id = argv[2];
		rest = 3;
	}
	if (strcmp(verb, "replay") == 0) {
		rc = replay(id, argc - rest, argv + rest, fmt, &out, &err);
		acc_buf_dispose(&out);
		return rc == 1 ? 1 : cli_exit(rc, &err);
	}
	if (!(strcmp(verb, "open") == 0 || strcmp(verb, "join") == 0 ||
	    strcmp(verb, "reveal") == 0 || strcmp(verb, "plan") == 0 ||
	    strcmp(verb, "record") == 0 || strcmp(verb, "verify") == 0 ||
	    strcmp(verb, "list") == 0))
		return cli_usage(usage);
	if ((strcmp(verb, "join") == 0 || strcmp(verb, "reveal") == 0 ||
	    strcmp(verb, "plan") == 0 || strcmp(verb, "list") == 0) &&
	    argc != rest)
		return cli_usage(usage);
	rc = cli_workspace_open(&ws, &err);
	if (rc != 0)
		return cli_exit(rc, &err);
	if (strcmp(verb, "open") == 0) {
		rc = open_cmd(ws, argc - 2, argv + 2, &err);
	} else if (strcmp(verb, "join") == 0) {
		rc = acc_inspect_join(ws, id, &err);
		if (rc == 0)
			printf("joined %s: commitment and candidates logged\n",
			    id);
	} else if (strcmp(verb, "reveal") == 0) {
		rc = acc_inspect_reveal(ws, id, &err);
		if (rc == 0)
			printf("revealed %s\n", id);
	} else if (strcmp(verb, "plan") == 0) {
		rc = acc_inspect_print_plan(ws, id, fmt, &out, &n_findings,
		    &err);
		if (rc == 0)
			rc = cli_write(&out, &err);
		if (rc == 0 && n_findings > 0)
			rc = 1;
	} else if (strcmp(verb, "record") == 0) {
		rc = record(ws, id, argc - 3, argv + 3, &err);
		if (rc == 0)
			printf("findings for %s logged\n", id);
	} else if (strcmp(verb, "verify") == 0) {
		rc = verify(ws, id, argc - 3, argv + 3, fmt, &out, &err);
	} else {
		rc = acc_inspect_print_list(ws, fmt, &out, &err);
		if (rc == 0)
			rc = cli_write(&out, &err);
	}
	acc_buf_dispose(&out);
	acc_workspace_close(ws);
	return rc == 1 ? 1 : cli_exit(rc, &err);
}
