/*
 * A YAML document as a small tree with positions, built from libyaml
 * events. Only the subset a definition needs: mappings with unique scalar
 * keys, sequences, scalars. Anchors, aliases, tags and several documents
 * are refused, so that what a reader sees is what accord loads.
 */
#ifndef ACC_YDOC_H
#define ACC_YDOC_H

#include <stdbool.h>
#include <stddef.h>

#include <accord/err.h>

typedef enum acc_ynode_kind {
	ACC_Y_SCALAR,
	ACC_Y_MAP,
	ACC_Y_SEQ,
} acc_ynode_kind;

typedef struct acc_ynode acc_ynode;
struct acc_ynode {
	acc_ynode_kind kind;
	unsigned line, col; /* 1-based */
	char style;         /* '"', '\'', '|', '>'; 0 for a plain scalar */
	size_t start, end;  /* byte offsets of the node in the source */
	char *value;        /* scalar text, NUL-terminated */
	size_t len;
	size_t n;           /* children: pairs for a map, items for a seq */
	acc_ynode **keys;   /* map keys (scalars), n of them */
	acc_ynode **items;  /* map values or seq items */
};

typedef struct acc_ydoc {
	acc_ynode *root;
	char *name;         /* file name used in messages */
	size_t n_nodes;
	const char *text;   /* the source (borrowed; valid while parsing and
	                     * while the caller keeps it) */
	size_t len;
} acc_ydoc;

/* Parse text into doc; err->where is "name:line:col". */
ACC_NODISCARD int acc_ydoc_parse(acc_ydoc *doc, const char *text, size_t len,
    const char *name, acc_err *err);
void acc_ydoc_dispose(acc_ydoc *doc);

/* Format "name:line:col" for a node into out. */
void acc_ynode_where(char *out, size_t out_len, const acc_ydoc *doc,
    const acc_ynode *n);

/*
 * The source line and column of byte `offset` of scalar n's value:
 * follows the value through the source, across folded lines and escape
 * sequences. Falls back to the scalar's own position when the source
 * cannot be followed.
 */
void acc_ynode_locate(const acc_ydoc *doc, const acc_ynode *n,
    size_t offset, unsigned *line, unsigned *col);

/* The value for key in a map node, or NULL. */
acc_ynode *acc_ynode_get(const acc_ynode *map, const char *key);

/*
 * The helpers the strict readers of definitions, positions and exercise
 * scenarios share. Each error is ACC_EINVAL at "name:line:col path" of
 * node n ("name:line:col" when path is empty), set into err.
 */
int acc_ynode_fail(acc_err *err, const acc_ydoc *doc, const acc_ynode *n,
    const char *path, const char *fmt, ...) ACC_PRINTF(5, 6);
/* "a scalar", "a mapping" or "a list". */
const char *acc_ynode_kind_name(acc_ynode_kind kind);
/* 0 when n is of kind, else "expected <kind>, got <kind>" at n. */
int acc_ynode_want(acc_err *err, const acc_ydoc *doc, const acc_ynode *n,
    acc_ynode_kind kind, const char *path);
/* Scalar n's text quoted for a message (acc_quote) into buf. */
const char *acc_ynode_quoted(char *buf, size_t len, const acc_ynode *n);
/* The first key of map not in the NULL-terminated allowed list, or NULL. */
const acc_ynode *acc_ynode_unknown_key(const acc_ynode *map,
    const char *const *allowed);

#endif
