/*
 * A workspace: one party's node on disk. A directory holding accord.json
 * (treaty, party, store), treaty.yaml (the exact definition counted
 * under) and the store (accord.db for SQLite).
 */
#ifndef ACCORD_WORKSPACE_H
#define ACCORD_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>

#include <accord/buf.h>
#include <accord/date.h>
#include <accord/declaration.h>
#include <accord/err.h>
#include <accord/inventory.h>
#include <accord/keys.h>
#include <accord/treaty.h>

typedef struct acc_workspace acc_workspace;

/*
 * Create a workspace in dir (with an Ed25519 key pair: keys/signing.key,
 * mode 0600, created exclusively; keys/signing.vkey) (created if missing; it must be empty) for
 * the treaty `treaty_ref` (a built-in id or a .yaml path) and `party`.
 * ACC_EEXISTS when dir holds a workspace or other files, ACC_EINVAL for
 * an unknown party, ACC_ENOTFOUND for an unknown treaty. On failure
 * nothing is left behind.
 */
/* How a workspace is created (zeroed: SQLite, a party's node). */
typedef struct acc_workspace_init_opts {
	/* NULL: SQLite in DIR/accord.db; or "postgresql://..." (libpq) */
	const char *store;
	/*
	 * A witness: a node of no party, named `party` (not one of the
	 * treaty's parties), that only mirrors and cosigns.
	 */
	bool witness;
} acc_workspace_init_opts;

ACC_NODISCARD int acc_workspace_init(const char *dir, const char *treaty_ref,
    const char *party, const acc_workspace_init_opts *opts, acc_err *err);

/* Open the workspace in dir. ACC_ENOTFOUND when dir holds none. */
ACC_NODISCARD int acc_workspace_open(acc_workspace **out, const char *dir,
    acc_err *err);
void acc_workspace_close(acc_workspace *ws);

/*
 * Find the workspace that contains start: start itself or the nearest
 * parent holding accord.json. Writes its path into out.
 */
ACC_NODISCARD int acc_workspace_discover(char *out, size_t out_len,
    const char *start, acc_err *err);

const acc_treaty *acc_workspace_treaty(const acc_workspace *ws);
const char *acc_workspace_party(const acc_workspace *ws);
const char *acc_workspace_dir(const acc_workspace *ws);

/*
 * Import inventory files (CSV or JSON; several are read as one
 * inventory) and replace the stored inventory with them. Everything is
 * validated before anything is written: on any error the workspace is
 * unchanged. as_of (or ACC_DATE_NONE) overrides the files' date. When
 * out is not NULL it receives the imported inventory.
 */
ACC_NODISCARD int acc_workspace_import(acc_workspace *ws,
    const char *const *paths, size_t n_paths, acc_date as_of,
    acc_inventory **out, acc_err *err);

/* Load the stored inventory. ACC_ENOTFOUND when none was imported. */
ACC_NODISCARD int acc_workspace_inventory(acc_workspace *ws,
    acc_inventory **out, acc_err *err);

/*
 * The stored inventory counted under another treaty definition t (a
 * draft; borrowed, must outlive *out), with the records of extra files
 * added (holdings in categories the workspace's treaty does not count).
 * Nothing is written. t NULL means the workspace's own treaty.
 */
ACC_NODISCARD int acc_workspace_inventory_under(acc_workspace *ws,
    const acc_treaty *t, const char *const *extra, size_t n_extra,
    acc_inventory **out, acc_err *err);

/*
 * The party's key pair, loaded from keys/signing.key (which must not be
 * readable by others). key is secret: wipe it with acc_key_dispose.
 * vkey is named accord/<treaty>/<party>.
 */
ACC_NODISCARD int acc_workspace_signing_key(acc_workspace *ws, acc_key *key,
    acc_vkey *vkey, acc_err *err);

/*
 * Trust vkey_text as party's verifier key: it must parse, be an Ed25519
 * key named accord/<treaty>/<party>, and party must be another party to
 * the treaty, or (witness) a witness's name that is no party's.
 */
ACC_NODISCARD int acc_workspace_trust(acc_workspace *ws, const char *party,
    const char *vkey_text, bool witness, acc_err *err);

/* Whether the workspace is a witness (a node of no party). */
bool acc_workspace_is_witness(const acc_workspace *ws);

/* The key trusted for party (the workspace's own for its own party). */
ACC_NODISCARD int acc_workspace_trusted_key(acc_workspace *ws,
    const char *party, acc_vkey *out, acc_err *err);

/* Call fn for the workspace's own key and then each trusted key. */
ACC_NODISCARD int acc_workspace_key_each(acc_workspace *ws,
    int (*fn)(void *ctx, const char *party, const char *vkey), void *ctx,
    acc_err *err);

/*
 * Declare the stored inventory: commit, sign, keep the package, the
 * canonical items and a fresh per-declaration secret (keys/declarations/,
 * mode 0600) in the workspace, and return the package. as_of, when
 * given, must be the inventory's date. A second declaration of the same
 * date must name the one it corrects in opts->supersedes (ACC_ECONFLICT
 * otherwise); declarations are never changed.
 */
ACC_NODISCARD int acc_workspace_declare(acc_workspace *ws,
    const acc_decl_opts *opts, acc_date as_of, acc_buf *package,
    uint8_t id[ACC_SHA256_LEN], acc_err *err);

/*
 * Reveal items (by UID) or a whole facility of one of this workspace's
 * declarations.
 */
ACC_NODISCARD int acc_workspace_reveal(acc_workspace *ws, const acc_decl *d,
    const char *const *uids, size_t n_uids, const char *facility,
    acc_buf *out, acc_err *err);

/*
 * Keep a declaration package received from another party (text, len;
 * name is used in messages) in the workspace's received/ directory, as
 * received, once it verifies (acc_decl_verify) against the key trusted
 * for its party: received/PARTY-ASOF-ID.json, ID the package's id in
 * base64url. path_out (optional, path_len bytes) receives that path
 * relative to the workspace. Keeping the same package again changes
 * nothing. ACC_EVERIFY when it does not verify or no key is trusted for
 * its party, ACC_EINVAL when it does not parse or is the workspace's
 * own party's (those are in its store).
 */
ACC_NODISCARD int acc_workspace_receive(acc_workspace *ws, const char *text,
    size_t len, const char *name, char *path_out, size_t path_len,
    acc_err *err);

/*
 * Call fn with each file of received/ (by name; name, text and length,
 * borrowed for the call) until fn returns non-zero, which is returned.
 * No directory is no package. The packages are not verified here.
 */
ACC_NODISCARD int acc_workspace_received_each(acc_workspace *ws,
    int (*fn)(void *ctx, const char *file, const char *text, size_t len),
    void *ctx, acc_err *err);

#endif
