/*
 * A workspace: one party's node on disk. A directory holding accord.json
 * (treaty, party, store), treaty.yaml (the exact definition counted
 * under) and the store (accord.db for SQLite).
 */
#ifndef ACCORD_WORKSPACE_H
#define ACCORD_WORKSPACE_H

#include <stddef.h>

#include <accord/date.h>
#include <accord/err.h>
#include <accord/inventory.h>
#include <accord/treaty.h>

typedef struct acc_workspace acc_workspace;

/*
 * Create a workspace in dir (created if missing; it must be empty) for
 * the treaty `treaty_ref` (a built-in id or a .yaml path) and `party`.
 * ACC_EEXISTS when dir holds a workspace or other files, ACC_EINVAL for
 * an unknown party, ACC_ENOTFOUND for an unknown treaty. On failure
 * nothing is left behind.
 */
ACC_NODISCARD int acc_workspace_init(const char *dir, const char *treaty_ref,
    const char *party, acc_err *err);

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

#endif
