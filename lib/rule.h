/*
 * The counting-rule language of DESIGN.md section 3: linear sums of
 * counts and warhead sums over item types, each with an optional
 * predicate. Parsing checks every name against the treaty, so a rule that
 * loads is a rule that can be evaluated.
 */
#ifndef ACC_RULE_H
#define ACC_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/err.h>

struct acc_treaty;
struct acc_item;
struct acc_inventory;

typedef enum acc_field {
	ACC_F_STATUS,
	ACC_F_FACILITY,
	ACC_F_FACILITY_KIND,
	ACC_F_WARHEADS,
	ACC_F_ATTR,
} acc_field;

typedef enum acc_pred_op {
	ACC_P_EQ,
	ACC_P_IN,
	ACC_P_AND,
	ACC_P_OR,
	ACC_P_NOT,
} acc_pred_op;

typedef struct acc_pred acc_pred;
struct acc_pred {
	acc_pred_op op;
	acc_field field;
	char *attr;            /* attribute name for ACC_F_ATTR */
	size_t n_values;
	int64_t *ints;         /* status/kind indexes, warhead counts */
	char **strs;           /* facility ids, attribute values */
	acc_pred *a, *b;
};

typedef struct acc_term {
	int64_t coef;
	bool is_sum;           /* sum(warheads of ...) rather than count */
	uint64_t types;        /* bit i: treaty type i */
	acc_pred *where;       /* NULL: every item of those types */
} acc_term;

typedef struct acc_rule {
	size_t n_terms;
	acc_term terms[32];
} acc_rule;

/* Maps a byte offset of the rule text to a line and column for messages. */
typedef void (*acc_rule_locate_fn)(void *ctx, size_t offset, unsigned *line,
    unsigned *col);

/*
 * Parse text into r against treaty t. locate (or NULL: line 1, column
 * offset + 1) places messages; file and field_path name them.
 */
ACC_NODISCARD int acc_rule_parse(acc_rule *r, const struct acc_treaty *t,
    const char *text, const char *file, acc_rule_locate_fn locate,
    void *locate_ctx, const char *field_path, acc_err *err);
void acc_rule_dispose(acc_rule *r);

/* The item types a rule reads (bit i: treaty type i): those of any term. */
uint64_t acc_rule_types(const acc_rule *r);

/* Whether a predicate reads anything but the status. */
bool acc_pred_is_static(const acc_pred *p);

/* Evaluate a predicate on one item of inventory inv. */
bool acc_pred_eval(const acc_pred *p, const struct acc_inventory *inv,
    const struct acc_item *it);
/* Evaluate a predicate knowing only the status (static predicates). */
bool acc_pred_eval_status(const acc_pred *p, unsigned status);

#endif
