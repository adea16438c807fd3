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

#include <jansson.h>

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

/*
 * The selection, from the workspace's own log and its mirror of the
 * other party's: {"id","kind","inspecting","host","date","site",
 * "site_drawn","items":[...],"seed","candidates":{"sites":n,"items":n},
 * "findings":[...]} (findings: problems with the other side's
 * statements, such as a reveal that does not match its commitment).
 * ACC_EINVAL when a step is missing.
 */
ACC_NODISCARD int acc_inspect_plan(acc_workspace *ws, const char *id,
    json_t **out, acc_err *err);

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
 * Check the findings against the host's declaration (which must be the
 * latest the host logged before joining; verified with its trusted key)
 * and, for an escrow declaration, the reveals of the site it provided,
 * replaying the host's notifications since. Report:
 * {"id","site","declaration","checked":n,"discrepancies":[{"kind",
 * "uid","declared","found","detail"}...]}; kinds: undeclared, missing,
 * warheads, moved (at the site without a notified move), candidates
 * (the host's candidates differ from its declaration), reveal.
 * Returns 0 with the report whether or not discrepancies were found.
 */
ACC_NODISCARD int acc_inspect_verify(acc_workspace *ws, const char *id,
    const acc_decl *host_decl, const char *const *reveals,
    const size_t *reveal_lens, size_t n_reveals, json_t **report,
    acc_err *err);

/*
 * The check at the heart of acc_inspect_verify, on data at hand:
 *   items       the host's items as declared and replayed to the day of
 *               the inspection (a JSON array of canonical items:
 *               {"uid","type","status","facility","facility_kind",
 *               "warheads"?, ...}), or, for an escrow declaration, the
 *               items revealed for the site;
 *   kind        the inspection kind (its eligible item types);
 *   site        the inspected site;
 *   candidates  the host's candidates at the site (sorted UIDs);
 *   selected    the selection's items (UIDs);
 *   finding     the findings merged: {"seen":[...],"warheads":{UID:N},
 *               "missing":[...],"undeclared":[...]}.
 * Appends one object {"kind","uid","declared","found","detail"} to
 * discrepancies for each: undeclared (seen or reported, not declared),
 * moved (declared at another facility), missing (declared at the site,
 * reported missing, or selected and not seen), warheads (a count unlike
 * the declared one), candidates (an eligible declared item the host left
 * out of its candidates, or a candidate not declared there).
 */
ACC_NODISCARD int acc_inspect_check(const acc_treaty *t, const char *kind,
    json_t *items, const char *site, json_t *candidates, json_t *selected,
    json_t *finding, json_t *discrepancies, acc_err *err);

/*
 * A third party's recomputation from the two parties' workspaces (their
 * own logs only): the same object as acc_inspect_plan.
 */
ACC_NODISCARD int acc_inspect_replay(const char *dir_a, const char *dir_b,
    const char *id, json_t **out, acc_err *err);

/* Quota use per kind and treaty year, and every inspection's stage. */
ACC_NODISCARD int acc_inspect_list(acc_workspace *ws, json_t **out,
    acc_err *err);

/*
 * The selection itself: from candidates ({"SITE": ["UID", ...], ...},
 * sites and items sorted bytewise), draw the site (when site is NULL)
 * and then `draws` items there (all when fewer), from one counter.
 * *out: {"site": ..., "site_drawn": bool, "items": [...]}.
 */
ACC_NODISCARD int acc_inspect_select(const uint8_t seed[ACC_SHA256_LEN],
    json_t *candidates, const char *site, size_t draws, json_t **out,
    acc_err *err);

#endif
