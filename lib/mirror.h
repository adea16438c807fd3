/*
 * Mirroring a peer's log (DESIGN.md section 3, "Witnessing"): the checks
 * shared by online sync and bundle import, the cosignature that follows
 * them, and fork evidence. Shared by mirror.c, sync.c and bundle.c.
 */
#ifndef ACC_MIRROR_H
#define ACC_MIRROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/err.h>
#include <accord/workspace.h>

#include "store.h"
#include "tlog.h"

/* One entry's exact bytes, inside a larger text. */
typedef struct acc_span {
	const char *p;
	size_t len;
} acc_span;

/* What a peer sent: its signed checkpoint, entries, optionally a proof. */
typedef struct acc_mirror_input {
	const char *note;          /* the checkpoint as received */
	size_t note_len;
	uint64_t start;            /* the first entry's number */
	const acc_span *entries;
	size_t n_entries;
	/*
	 * A full consistency proof (acc_tlog_prove_consistency_full) from
	 * proof_old to the checkpoint's size, or n_proof 0.
	 */
	uint64_t proof_old;
	uint64_t proof_size;       /* the proof's new size */
	const void *proof;     /* n_proof hashes back to back */
	size_t n_proof;
} acc_mirror_input;

/* What came of it. */
typedef struct acc_mirror_result {
	uint64_t size;             /* the mirror's size afterwards */
	uint64_t added;            /* entries added */
	uint64_t findings;         /* of them, entries found invalid */
	bool cosigned;             /* a new cosignature was made */
	int64_t fork;              /* fork evidence stored (its id), or 0 */
	/*
	 * The entries did not fit and only the whole log (start 0) can show
	 * whether the peer forked: send it again from 0.
	 */
	bool need_all;
	/* the peer's checkpoint with this node's cosignature, to hand back */
	acc_buf cosigned_note;
} acc_mirror_result;

void acc_mirror_result_init(acc_mirror_result *r);
void acc_mirror_result_dispose(acc_mirror_result *r);

/*
 * The mirror of peer `name`: its entries, and the size and root of the
 * latest checkpoint kept (0 and SHA-256("") when none).
 */
ACC_NODISCARD int acc_mirror_sizes(acc_workspace *ws, const char *name,
    uint64_t *entries, uint64_t *checkpoint, acc_tlog_hash root,
    acc_err *err);

/*
 * Verify and take in what peer `name` sent: its signature, every
 * checkpoint of it seen before, the entries against the checkpoint's
 * root; then, in one transaction, the new entries (each checked against
 * the treaty; an invalid one is kept with a finding), the checkpoint and
 * this node's cosignature of it. ACC_ECONFLICT when it proves a fork
 * (evidence stored, sync with the peer halted), ACC_EVERIFY when it does
 * not hold, with nothing written.
 */
ACC_NODISCARD int acc_mirror_ingest(acc_workspace *ws, const char *name,
    const acc_mirror_input *in, acc_mirror_result *res, acc_err *err);

/*
 * The latest cosigned note this node made for peer `name` (its
 * checkpoint and this node's cosignature line). ACC_ENOTFOUND if none.
 */
ACC_NODISCARD int acc_mirror_cosigned(acc_workspace *ws, const char *name,
    acc_buf *out, uint64_t *size, acc_err *err);

/*
 * Read a JSON array of entries at js, appending each one's exact bytes
 * to *spans (grown as needed; *n of *cap used).
 */
struct acc_jscan;
ACC_NODISCARD int acc_mirror_scan_entries(struct acc_jscan *js,
    acc_span **spans, size_t *n, size_t *cap, acc_err *err);

#endif
