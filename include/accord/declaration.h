/*
 * Declarations: a party's inventory, signed and committed with a salted
 * Merkle sum tree (docs/formats.md, "Declaration package"), in full mode
 * (every item disclosed) or escrow mode (commitment only, items revealed
 * later with proofs).
 */
#ifndef ACCORD_DECLARATION_H
#define ACCORD_DECLARATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/compliance.h>
#include <accord/crypto.h>
#include <accord/err.h>
#include <accord/inventory.h>
#include <accord/keys.h>
#include <accord/treaty.h>

#define ACC_DECL_SECRET_LEN 32

typedef struct acc_decl acc_decl;

typedef struct acc_decl_opts {
	bool escrow;              /* commitment only */
	uint64_t pad_to;          /* escrow: dummy leaves up to this many */
	const uint8_t *supersedes; /* id of the declaration corrected, or NULL */
} acc_decl_opts;

/*
 * Commit inv: canonical items sorted by (facility, UID), salts from
 * secret, the sum tree, and a package signed with key (whose verifier key
 * is vkey). package receives the package JSON; items receives the
 * canonical items in leaf order as a JSON array (the declarer keeps it to
 * reveal from); id receives SHA-256 of the canonical signed header.
 */
ACC_NODISCARD int acc_decl_make(acc_buf *package, acc_buf *items,
    uint8_t id[ACC_SHA256_LEN], const acc_inventory *inv, const acc_key *key,
    const acc_vkey *vkey, const uint8_t secret[ACC_DECL_SECRET_LEN],
    const acc_decl_opts *opts, acc_err *err);

/*
 * Parse a package strictly. name is used in messages. text is borrowed:
 * a full package's disclosed list is read in place by acc_decl_verify
 * and acc_decl_diff, so text must outlive *out (acc_decl_load keeps its
 * own copy).
 */
ACC_NODISCARD int acc_decl_parse(acc_decl **out, const char *text,
    size_t len, const char *name, acc_err *err);
ACC_NODISCARD int acc_decl_load(acc_decl **out, const char *path,
    acc_err *err);
void acc_decl_free(acc_decl *d);

const char *acc_decl_party(const acc_decl *d);
const char *acc_decl_treaty(const acc_decl *d);
acc_date acc_decl_as_of(const acc_decl *d);
bool acc_decl_is_escrow(const acc_decl *d);
uint64_t acc_decl_leaves(const acc_decl *d);
const char *acc_decl_key_text(const acc_decl *d);
const uint8_t *acc_decl_id(const acc_decl *d);
/* The signed root hash. */
const uint8_t *acc_decl_root(const acc_decl *d);
/*
 * A full package's disclosed list as it stands in the package text (a
 * JSON array of {"item", "salt"}), or NULL for an escrow package.
 */
const char *acc_decl_disclosed_text(const acc_decl *d, size_t *len);
/* The id of the declaration this one supersedes, or NULL. */
const uint8_t *acc_decl_supersedes(const acc_decl *d);
/* Declared total of limit i of t (in the treaty's order). */
size_t acc_decl_total_count(const acc_decl *d);
const char *acc_decl_total_id(const acc_decl *d, size_t i);
int64_t acc_decl_total(const acc_decl *d, size_t i);

/*
 * Check a package: the signer is `key` (its name accord/<treaty>/<party>
 * matching the package), the signature, the treaty digest against t, the
 * totals' limit ids against t; in full mode every disclosed item is
 * valid under t, in (facility, UID) order, and the rebuilt tree gives the
 * signed root and totals. ACC_EVERIFY names what failed; ACC_EINVAL for
 * a package malformed beyond parsing.
 */
ACC_NODISCARD int acc_decl_verify(const acc_decl *d, const acc_treaty *t,
    const acc_vkey *key, acc_err *err);

/*
 * A reveal document for the items with the given UIDs, or for every item
 * at `facility` (with the neighbouring leaves that prove the range is
 * complete). items_json is what acc_decl_make gave the declarer.
 */
ACC_NODISCARD int acc_reveal_make(acc_buf *out, const acc_decl *d,
    const acc_treaty *t, const char *items_json, size_t items_len,
    const uint8_t secret[ACC_DECL_SECRET_LEN], const char *const *uids,
    size_t n_uids, const char *facility, acc_err *err);

typedef struct acc_reveal_summary {
	size_t n_items;        /* items revealed (pads and neighbours incl.) */
	char facility[65];     /* "" unless a facility reveal */
	size_t n_facility;     /* items at that facility */
} acc_reveal_summary;

/*
 * Check a reveal against its (already verified) declaration: each
 * revealed item is valid under t, its leaf and recomputed tally fold up
 * its path to the signed root and totals; a facility reveal is complete.
 */
ACC_NODISCARD int acc_reveal_verify(const acc_decl *d, const acc_treaty *t,
    const char *text, size_t len, const char *name, acc_reveal_summary *sum,
    acc_err *err);

/*
 * Item-level differences between two full declarations: added, removed,
 * moved, status and warhead changes, and each limit's change. *n_diffs
 * receives the number of item differences.
 */
ACC_NODISCARD int acc_decl_diff(acc_buf *out, const acc_decl *a,
    const acc_decl *b, acc_format fmt, size_t *n_diffs, acc_err *err);

#endif
