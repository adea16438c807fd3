/*
 * The inspection machinery on JSON values, for the library's own use
 * (exercises, the printed forms of include/accord/inspect.h).
 */
#ifndef ACC_INSPECT_H
#define ACC_INSPECT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <accord/inspect.h>

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



/*
 * Check the findings against the host's declaration (which must be the
 * latest the host logged before joining; verified with its trusted key;
 * when host_decl is NULL, the package kept in received/ by
 * acc_workspace_receive, ACC_ENOTFOUND when none):
 * for a full declaration, its items replayed over the host's
 * notifications up to its joining, and every candidate site and item
 * compared with them; for an escrow declaration, the items of the
 * host's reveals of the site. Report:
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
