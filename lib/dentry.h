/*
 * One entry {"item": {...}, "salt": base64} of a full declaration
 * package's disclosed list, read in place (lib/dentry.c).
 */
#ifndef ACC_DENTRY_H
#define ACC_DENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/crypto.h>
#include <accord/err.h>
#include <accord/inventory.h>

#include "jscan.h"
#include "limits.h"

/* Room for one entry's decoded strings: every field at its longest. */
#define DENTRY_STR_MAX 1024
#define DENTRY_STRS ((2 * ACC_ATTRS_MAX + 8) * DENTRY_STR_MAX)

/* An entry: the item's strings point into strs. */
typedef struct acc_dentry {
	acc_item_rec it;
	acc_attr_kv kv[ACC_ATTRS_MAX];
	const char *kind;
	uint8_t salt[ACC_SHA256_LEN];
	size_t used;            /* bytes of strs in use */
	char strs[DENTRY_STRS];
} acc_dentry;

/*
 * Entry i at s (just past the '[' or a ','), in any spelling JSON
 * allows, and the ',' or ']' after it. Errors name "name disclosed[i]..."
 * and the member at fault; ACC_EINVAL.
 */
ACC_NODISCARD int acc_dentry_read(acc_jscan *s, acc_dentry *e, size_t i,
    const char *name, acc_err *err);

/*
 * The entry at s, and the ',' or ']' after it, when it is spelled as
 * accord writes it: no white space, members in RFC 8785 order, strings
 * of printable ASCII without escapes, a salt of canonical base64, and
 * so on. Then the item's own text is its canonical form: *item and
 * *item_len give it, and the entry is what acc_dentry_read would read.
 * Otherwise false, s unmoved and e undefined: the caller reads the entry
 * with acc_dentry_read, which reads it or names what is wrong.
 */
bool acc_dentry_fast(acc_jscan *s, acc_dentry *e, const char **item,
    size_t *item_len);

/* "disclosed[i]" and suffix into out (empty if cap is too small). */
void acc_dentry_path(char *out, size_t cap, size_t i, const char *suffix);

/* ACC code at "name path" (at "name" for an empty path). */
int acc_decl_perr(acc_err *err, const char *name, const char *path,
    acc_code code, const char *fmt, const char *a);

#endif
