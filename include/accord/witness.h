/*
 * Witnessing (DESIGN.md sections 3 "Witnessing", 4 and 5): a node
 * publishes its own checkpoints with the cosignatures other nodes gave
 * them, mirrors and cosigns its peers' logs (over HTTPS or through
 * bundles), and keeps evidence of any fork it sees.
 */
#ifndef ACCORD_WITNESS_H
#define ACCORD_WITNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/err.h>
#include <accord/workspace.h>

/*
 * The workspace's own signed checkpoint at size (UINT64_MAX: the latest)
 * followed by every cosignature line it received for that size, as one
 * C2SP note. ACC_ENOTFOUND when no checkpoint was signed at size.
 */
ACC_NODISCARD int acc_workspace_checkpoint_cosigned(acc_workspace *ws,
    uint64_t size, acc_buf *out, acc_err *err);

/*
 * Accept cosignatures of one of the workspace's own checkpoints: text is
 * a C2SP note whose text is exactly that checkpoint's and whose lines
 * hold cosignatures (type 0x04) by trusted keys (parties' or witnesses')
 * other than the workspace's own; other lines are ignored. Every
 * cosignature by a trusted key must verify, and at least one must be
 * there. *added (optional) receives how many were new; one already held
 * is not added again. ACC_EINVAL for a malformed note, ACC_ENOTFOUND for
 * a checkpoint this node never signed, ACC_EVERIFY for a cosignature
 * that fails or when none is by a trusted key.
 */
ACC_NODISCARD int acc_workspace_cosignature_add(acc_workspace *ws,
    const char *text, size_t len, size_t *added, acc_err *err);

/*
 * Add (or change) a peer: a party or witness whose key is trusted (key
 * add), reached at url (https://host:port), or "" for a peer reached
 * only through bundles. pin (optional) is the libcurl pin of a peer
 * serving a certificate of its own (--tls-cert); by default its trusted
 * key is pinned. ACC_EINVAL for an untrusted name or a bad URL.
 */
ACC_NODISCARD int acc_workspace_peer_add(acc_workspace *ws, const char *name,
    const char *url, const char *pin, acc_err *err);

/*
 * What is wrong with the peer's mirrored entries, one line each
 * ("SEQ: where: reason"), in log order.
 */
ACC_NODISCARD int acc_workspace_peer_findings(acc_workspace *ws,
    const char *name, acc_buf *out, acc_err *err);

/* Resume sync with a peer stopped by fork evidence (kept). */
ACC_NODISCARD int acc_workspace_peer_resume(acc_workspace *ws,
    const char *name, acc_err *err);

/*
 * Per peer: entries mirrored, the last consistent checkpoint, the size
 * this node cosigned, findings, forks and whether sync is stopped; and
 * who cosigned this node's own checkpoints. Text or JSON into out.
 */
ACC_NODISCARD int acc_workspace_peer_status(acc_workspace *ws, bool json,
    acc_buf *out, acc_err *err);

/*
 * Sync with peer `name` (NULL: every peer with a URL): fetch its
 * checkpoint and new entries over HTTPS, verify them (as
 * acc_mirror_ingest), cosign, and post the cosignature back. A line per
 * peer into report. ACC_ECONFLICT when a fork is found, ACC_EVERIFY when
 * what the peer sent does not hold, ACC_ERR when it cannot be reached.
 */
ACC_NODISCARD int acc_workspace_sync(acc_workspace *ws, const char *name,
    acc_buf *report, acc_err *err);

/*
 * Write a bundle for peer `for_name` to path (atomically): this node's
 * log from `since` (UINT64_MAX: from the size that peer last cosigned)
 * with its checkpoint and a consistency proof, and this node's
 * cosignatures of that peer's log, all signed by this node.
 */
ACC_NODISCARD int acc_workspace_bundle_export(acc_workspace *ws,
    const char *for_name, uint64_t since, const char *path, acc_buf *report,
    acc_err *err);

/*
 * Verify and take in a bundle made for this node: exactly the checks of
 * a sync. Importing the same bundle again changes nothing.
 */
ACC_NODISCARD int acc_workspace_bundle_import(acc_workspace *ws,
    const char *path, acc_buf *report, acc_err *err);

/* The fork evidence held: text (one line each) or JSON. */
ACC_NODISCARD int acc_workspace_forks_list(acc_workspace *ws, bool json,
    acc_buf *out, acc_err *err);
/* Fork evidence id (accord-fork/1 JSON). ACC_ENOTFOUND when none. */
ACC_NODISCARD int acc_workspace_fork_export(acc_workspace *ws, int64_t id,
    acc_buf *out, acc_err *err);

/*
 * Check fork evidence on its own: both checkpoints signed by its key
 * (which must equal vkey when vkey is not NULL), of one log, and either
 * of one size with different roots, or a full consistency proof whose
 * new root is the later checkpoint's and whose old root is not the
 * earlier one's. A line describing the fork into out. ACC_EVERIFY when
 * it proves nothing, ACC_EINVAL when it is malformed.
 */
ACC_NODISCARD int acc_fork_verify(const char *text, size_t len,
    const char *vkey, acc_buf *out, acc_err *err);

#endif
