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

#endif
