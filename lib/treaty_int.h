/*
 * The inside of acc_treaty, shared by the modules of lib/ that count,
 * validate and format against a definition.
 */
#ifndef ACC_TREATY_INT_H
#define ACC_TREATY_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <accord/treaty.h>

#include "limits.h"
#include "rule.h"

struct acc_elem {
	char *id;
	char *name;
	char *article;
	char *description;
};

struct acc_itype {
	struct acc_elem e;
	bool carries_warheads;
	int64_t max_warheads;  /* -1: none */
	uint64_t holds;        /* bit i: may contain type i */
	unsigned capacity;
	size_t n_attrs;
	char **attrs;          /* attribute names rules may read */
};

struct acc_variant {
	struct acc_elem e;
	char *rule_text;
	acc_rule rule;
};

struct acc_limit {
	struct acc_elem e;
	char *rule_text;
	acc_rule rule;
	int64_t max;
	acc_date applies_from;
	size_t n_variants;
	struct acc_variant variants[ACC_VARIANTS_MAX];
};

struct acc_measure {
	struct acc_elem e;
	int64_t notice_hours;  /* -1 when none */
};

struct acc_treaty {
	char *text;
	size_t text_len;
	char *source;          /* file name for messages */
	char *id;
	char *title;
	bool illustrative;
	acc_date signed_on, in_force, limits_apply, expires;
	size_t n_parties;
	struct acc_elem parties[ACC_PARTIES_MAX];
	size_t n_statuses;
	struct acc_elem statuses[ACC_STATUSES_MAX];
	size_t n_kinds;
	struct acc_elem *kinds;
	size_t n_types;
	struct acc_itype types[ACC_TYPES_MAX];
	size_t n_limits;
	struct acc_limit limits[ACC_LIMITS_MAX];
	size_t n_measures;
	struct acc_measure *measures;
	/* data exchange calendar */
	char *exchange_article;
	size_t n_exchange_dates;
	unsigned exchange_md[12];    /* month*100+day of each as-of date */
	int64_t exchange_due_days;
};

#endif
