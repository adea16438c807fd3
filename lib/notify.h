/*
 * Notifications: the state replayed from a party's log (the items of its
 * last declaration, then every statement after it), and the check of a
 * statement against the treaty's notification types (their fields and
 * effects, the `notifications` of a treaty definition) and that state before it
 * is logged. Effects:
 *
 *   item.new        a new item (unused UID, open facility, allowed status)
 *   item.move       departure from `from` (item there, not in transit),
 *                   arrival at `to` (in transit from `from` to `to`);
 *                   contents travel with their container; a contained
 *                   item must be removed from its container first
 *   item.status     a status change the type's transitions allow
 *   item.load       warheads on a type that carries them (at most its max)
 *   item.contain    into a container that holds the type, has room, and
 *                   is at the same facility; without `container`, out
 *   item.convert    status from `from` to `to` (converted)
 *   item.eliminate  status from `from` to `to` (eliminated)
 *   facility.new, facility.close (only when no active item remains)
 *   notice          fields only; `lead_hours` ahead of the entry's time
 *   declaration     a declaration's id: the replayed state restarts from
 *                   its items
 *   none            fields only (free text)
 *   inspection.open     the inspecting party's inspection: unused id,
 *                       a kind, another party as host, a date within
 *                       the treaty's inspections, within the kind's
 *                       quota for that treaty year; its commitment
 *   inspection.commit   the host's commitment and candidates
 *   inspection.reveal   this log's random bytes, matching its own
 *                       commitment, once; `seen` the other's commitment
 *   inspection.finding  by the inspecting party, after its reveal
 *
 * Inspections are kept across declarations.
 *
 * Items whose status is a `to` of item.convert or item.eliminate are
 * retired: they can no longer move or change, and a declaration need not
 * list them.
 */
#ifndef ACC_NOTIFY_H
#define ACC_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <accord/buf.h>
#include <accord/err.h>
#include <accord/inventory.h>
#include <accord/treaty.h>

typedef struct acc_nstate acc_nstate;

ACC_NODISCARD int acc_nstate_new(acc_nstate **out, const acc_treaty *t,
    acc_err *err);
void acc_nstate_free(acc_nstate *s);

/* Restart from a declaration's canonical items (a JSON array). */
ACC_NODISCARD int acc_nstate_reset(acc_nstate *s, const char *items,
    size_t len, const char *name, acc_err *err);

/*
 * Check statement (type, body) logged at `time` (RFC 3339 UTC) and apply
 * it. ACC_EINVAL naming `name` and the field, and the state unchanged,
 * when it is malformed or not allowed.
 */
ACC_NODISCARD int acc_nstate_apply(acc_nstate *s, const char *type,
    json_t *body, const char *time, const char *name, acc_err *err);

/* The 32 bytes of body's base64 field key (a commitment, random
 * bytes); -1 when it is absent or not the base64 of 32 bytes. */
int acc_nstate_digest(uint8_t out[32], json_t *body, const char *key);

/* The log's party: an inspection's host must be another. */
void acc_nstate_set_party(acc_nstate *s, const char *party);

/*
 * Whether statements of type check nothing about items (notices, free
 * text, inspections), so that they can be checked without the items.
 */
bool acc_nstate_itemless(const acc_nstate *s, const char *type);

/* Inspections of kind this log opened in treaty year `year`. */
int acc_nstate_inspections(const acc_nstate *s, const char *kind, int year,
    uint64_t *opened);

/*
 * The candidates of an inspection of kind (an object: each eligible open
 * site holding eligible items, or only `site`, with the sorted UIDs of
 * the eligible items there, neither retired nor in transit). ACC_EINVAL naming "site" when site is
 * unknown, closed or not eligible; naming "kind" when no site is.
 */
ACC_NODISCARD int acc_nstate_candidates(const acc_nstate *s,
    const char *kind, const char *site, json_t **out, acc_err *err);

/* Items in the state (retired ones included), entries applied. */
size_t acc_nstate_items(const acc_nstate *s);
uint64_t acc_nstate_applied(const acc_nstate *s);

/*
 * The state as a finalized inventory of party as of date (items in
 * transit are counted at the facility they left).
 */
ACC_NODISCARD int acc_nstate_inventory(const acc_nstate *s,
    acc_inventory **out, const char *party, acc_date as_of, acc_err *err);

/* The state's items as a JSON array (for `state --json`). */
ACC_NODISCARD int acc_nstate_json(const acc_nstate *s, json_t **out,
    acc_err *err);

/*
 * Compare the state with a declaration's canonical items (a JSON array):
 * append one object {"uid", "difference", "state", "declared"} to diffs
 * for every difference.
 */
ACC_NODISCARD int acc_nstate_reconcile(const acc_nstate *s,
    const char *items, size_t len, json_t *diffs, acc_err *err);

#endif
