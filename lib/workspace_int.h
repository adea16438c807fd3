/*
 * The workspace as lib/ sees it: shared by workspace.c (files, import,
 * declarations) and workspace_log.c (the notification log).
 */
#ifndef ACC_WORKSPACE_INT_H
#define ACC_WORKSPACE_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#ifndef PATH_MAX
#include <linux/limits.h>
#endif

#include <accord/treaty.h>
#include <accord/workspace.h>

#include "store.h"

struct acc_workspace {
	char dir[PATH_MAX];
	char party[65];
	bool witness;           /* a node of no party */
	acc_treaty *treaty;
	acc_store *store;
};

/*
 * Append the `declaration` entry of a declaration just stored, inside the
 * caller's write transaction (workspace_log.c).
 */
int acc_workspace_log_declaration(acc_workspace *ws, const char *id,
    const char *as_of, const char *mode, uint64_t leaves, const char *root,
    acc_err *err);

struct acc_nstate;
/* The state replayed from the whole of the workspace's own log. */
int acc_workspace_replay(acc_workspace *ws, struct acc_nstate **out,
    acc_err *err);

#endif
