/*
 * A party's notification log (DESIGN.md section 3, "Logs";
 * docs/formats.md): every statement the party makes, as canonical JSON
 * entries in an RFC 9162 Merkle tree, a C2SP checkpoint signed for each
 * batch, proofs any RFC 9162 verifier can check, and the state replayed
 * from the last declaration plus the notifications after it.
 */
#ifndef ACCORD_LOG_H
#define ACCORD_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/date.h>
#include <accord/declaration.h>
#include <accord/err.h>
#include <accord/workspace.h>

/*
 * Append statements: json is one {"type": T, "body": {...}} or a list of
 * them, appended as one batch after each is checked against the treaty
 * and the replayed state (ACC_EINVAL naming "name[i]" and the reason,
 * nothing written, when one is refused). *first and *count describe what
 * was appended; note (optional) receives the new signed checkpoint.
 */
ACC_NODISCARD int acc_workspace_notify(acc_workspace *ws, const char *json,
    size_t len, const char *name, uint64_t *first, uint64_t *count,
    acc_buf *note, acc_err *err);

ACC_NODISCARD int acc_workspace_log_size(acc_workspace *ws, uint64_t *n,
    acc_err *err);
/* Entry seq's exact bytes. */
ACC_NODISCARD int acc_workspace_log_entry(acc_workspace *ws, uint64_t seq,
    acc_buf *out, acc_err *err);
/*
 * The entries from `since` (of `type` when not NULL): text, one line
 * each, or a JSON list of the entries.
 */
ACC_NODISCARD int acc_workspace_log_list(acc_workspace *ws, const char *type,
    uint64_t since, bool json, acc_buf *out, acc_err *err);
/* The signed checkpoint at size (UINT64_MAX: the latest). */
ACC_NODISCARD int acc_workspace_log_checkpoint(acc_workspace *ws,
    uint64_t size, acc_buf *out, acc_err *err);
/* Inclusion proof of entry index at size (UINT64_MAX: the latest). */
ACC_NODISCARD int acc_workspace_log_prove(acc_workspace *ws, uint64_t index,
    uint64_t size, acc_buf *out, acc_err *err);
/* Consistency proof between two sizes. */
ACC_NODISCARD int acc_workspace_log_consistency(acc_workspace *ws,
    uint64_t old, uint64_t size, acc_buf *out, acc_err *err);
/*
 * Recompute everything from the stored entries and replay them; a line
 * of figures into out. ACC_EVERIFY naming the first bad entry or hash.
 */
ACC_NODISCARD int acc_workspace_log_verify(acc_workspace *ws, acc_buf *out,
    acc_err *err);

/*
 * Check a proof (JSON) against signed checkpoints with a verifier key
 * (text): inclusion of entry in checkpoint, or consistency from
 * old_checkpoint to checkpoint. ACC_EVERIFY when it does not hold.
 */
ACC_NODISCARD int acc_log_verify_proof(const char *proof, size_t proof_len,
    const char *checkpoint, size_t cp_len, const char *old_checkpoint,
    size_t old_len, const char *entry, size_t entry_len, const char *vkey,
    acc_err *err);

/*
 * The replayed state after the first `at` entries (UINT64_MAX: all), or
 * after the entries whose event date (body.date, else the entry's time)
 * is at most at_date (when not ACC_DATE_NONE): text (totals per limit)
 * or JSON (the items).
 */
ACC_NODISCARD int acc_workspace_state(acc_workspace *ws, uint64_t at,
    acc_date at_date, bool json, acc_buf *out, acc_err *err);

/*
 * Compare the state replayed up to d's own declaration entry (or the
 * whole log when d is not in it) with d's items: one line per
 * difference (or JSON); *n_diffs their number.
 */
ACC_NODISCARD int acc_workspace_reconcile(acc_workspace *ws,
    const acc_decl *d, bool json, acc_buf *out, size_t *n_diffs,
    acc_err *err);

#endif
