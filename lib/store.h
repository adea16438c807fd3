/*
 * The store interface: everything a workspace keeps, behind one set of
 * operations with a SQLite implementation (store_sqlite.c) and, later,
 * others. Only store*.c files contain SQL.
 */
#ifndef ACC_STORE_H
#define ACC_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include <accord/err.h>
#include <accord/inventory.h>

typedef struct acc_store acc_store;

struct acc_store_ops {
	void (*close)(acc_store *s);
	/* Replace the inventory with inv in one transaction. */
	int (*inventory_replace)(acc_store *s, const acc_inventory *inv,
	    const char *sources, const char *now, acc_err *err);
	/*
	 * Add the stored inventory's records to inv (not finalized).
	 * ACC_ENOTFOUND when nothing was ever imported.
	 */
	int (*inventory_load)(acc_store *s, acc_inventory *inv, acc_err *err);
	/* Settings: ACC_ENOTFOUND for an unknown key. */
	int (*meta_get)(acc_store *s, const char *key, char *out,
	    size_t out_len, acc_err *err);
	int (*meta_set)(acc_store *s, const char *key, const char *value,
	    acc_err *err);
};

struct acc_store {
	const struct acc_store_ops *ops;
};

/*
 * Open (create when `create`) a SQLite store at path, migrating its
 * schema forward. ACC_ENOTFOUND when it does not exist and !create.
 */
ACC_NODISCARD int acc_store_sqlite_open(acc_store **out, const char *path,
    bool create, acc_err *err);

/* Close any store; accepts NULL. */
void acc_store_close(acc_store *s);

#endif
