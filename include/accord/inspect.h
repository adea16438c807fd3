/*
 * Inspections: opened within the treaty's quotas and dates, what is
 * inspected chosen by randomness both parties contribute to (jrand.h),
 * findings logged and checked against the host's committed declaration.
 *
 * The steps, each a statement in one party's log (see notify.h):
 *   1. the inspecting party opens (inspection.open: kind, host, site or
 *      none for a random site, date, its commitment);
 *   2. the host, having mirrored that log, joins (inspection.commit: its
 *      commitment and the candidates: every eligible site, or the named
 *      one, with the eligible items it holds there, sorted);
 *   3. each party, having mirrored the other's commitment, reveals
 *      (inspection.reveal: its 32 bytes and the other's commitment);
 *   4. the selection follows from both logs: the site (drawn from the
 *      candidate sites when the inspection named none) and then `draws`
 *      items of the site's candidates, from one counter (jrand.h);
 *   5. the inspecting party records what it found (inspection.finding)
 *      and checks it against the host's declaration and reveals.
 */
#ifndef ACCORD_INSPECT_H
#define ACCORD_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/compliance.h>
#include <accord/date.h>
#include <accord/declaration.h>
#include <accord/err.h>
#include <accord/jrand.h>
#include <accord/workspace.h>

#define ACC_INSPECT_ID_MAX 65

typedef struct acc_inspect_open_opts {
	const char *kind;       /* an inspection kind of the treaty */
	const char *host;       /* the inspected party */
	const char *site;       /* a facility of the host, or NULL: random */
	acc_date date;          /* the inspection's date; NONE: today */
	const char *id;         /* NULL: <party>-<year>-<nn> */
	/*
	 * The host's declaration, when at hand: the site's eligibility is
	 * then checked on opening (the host checks it on joining anyway).
	 */
	const acc_decl *host_declaration;
} acc_inspect_open_opts;

ACC_NODISCARD int acc_inspect_open(acc_workspace *ws,
    const acc_inspect_open_opts *o, char id[ACC_INSPECT_ID_MAX],
    acc_err *err);

/* The host: commit to an inspection found in the inspecting party's
 * mirrored log, with the candidates from its own replayed state. */
ACC_NODISCARD int acc_inspect_join(acc_workspace *ws, const char *id,
    acc_err *err);

/* Either party: reveal, once the other's commitment is mirrored. */
ACC_NODISCARD int acc_inspect_reveal(acc_workspace *ws, const char *id,
    acc_err *err);

/* What the inspectors found (any of the lists may be empty). */
typedef struct acc_inspect_finding {
	const char *const *seen;        /* items seen at the site */
	size_t n_seen;
	const char *const *counted;     /* items whose warheads were counted */
	const int64_t *warheads;        /* ... and the count */
	size_t n_counted;
	const char *const *missing;     /* selected or declared, not found */
	size_t n_missing;
	const char *const *undeclared;  /* found, not declared there */
	size_t n_undeclared;
} acc_inspect_finding;

ACC_NODISCARD int acc_inspect_record(acc_workspace *ws, const char *id,
    const acc_inspect_finding *f, acc_err *err);

/*
 * The selection (see lib/inspect.h for its fields), as text or JSON,
 * into out. *n_findings: problems with the other side's statements (a
 * reveal that does not match its commitment, or made without seeing the
 * other's); with any, there is no selection.
 */
ACC_NODISCARD int acc_inspect_print_plan(acc_workspace *ws, const char *id,
    acc_format fmt, acc_buf *out, size_t *n_findings, acc_err *err);

/* The same, by a third party from two workspaces' own logs. */
ACC_NODISCARD int acc_inspect_print_replay(const char *dir_a,
    const char *dir_b, const char *id, acc_format fmt, acc_buf *out,
    size_t *n_findings, acc_err *err);

/*
 * Check the findings against the host's declaration (NULL: the package
 * kept by accord verify --keep) and reveals (JSON text each), and report
 * every discrepancy, as text or JSON;
 * *n_discrepancies counts them.
 */
ACC_NODISCARD int acc_inspect_print_verify(acc_workspace *ws,
    const char *id, const acc_decl *host_decl, const char *const *reveals,
    const size_t *reveal_lens, size_t n_reveals, acc_format fmt,
    acc_buf *out, size_t *n_discrepancies, acc_err *err);

/* Quota use per kind and treaty year, and every inspection's stage. */
ACC_NODISCARD int acc_inspect_print_list(acc_workspace *ws, acc_format fmt,
    acc_buf *out, acc_err *err);

#endif
