/*
 * Counting an inventory against a treaty's limits, and the compliance
 * report: per limit its rule, maximum, value and margin on a date.
 */
#ifndef ACCORD_COMPLIANCE_H
#define ACCORD_COMPLIANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/date.h>
#include <accord/err.h>
#include <accord/inventory.h>
#include <accord/treaty.h>

typedef struct acc_counter acc_counter;

/*
 * Compile treaty t's limits for counting. variants, when not NULL, holds
 * one entry per limit: -1 for the limit's own rule, or the index of one
 * of its variants. t is borrowed and must outlive the counter.
 */
ACC_NODISCARD int acc_counter_new(acc_counter **out, const acc_treaty *t,
    const int *variants, acc_err *err);
void acc_counter_free(acc_counter *c);

/* Totals per limit (out has acc_treaty_limit_count entries). */
void acc_counter_totals(const acc_counter *c, const acc_inventory *inv,
    int64_t *out);
/* One item's tally: its contribution to each limit. */
void acc_counter_tally(const acc_counter *c, const acc_inventory *inv,
    size_t item, int64_t *out);

typedef struct acc_limit_result {
	const char *id;        /* borrowed from the treaty */
	const char *name;
	const char *article;
	const char *rule;
	int64_t max;
	int64_t value;
	int64_t margin;        /* max - value; negative when over */
	acc_date applies_from;
	bool in_force;         /* binding on the report's date */
} acc_limit_result;

typedef struct acc_report {
	const acc_treaty *treaty;
	char party[65];
	acc_date as_of;        /* the inventory's date */
	acc_date at;           /* the date limits are checked for */
	size_t n_items;
	size_t n_facilities;
	bool treaty_in_force;  /* at lies within the treaty's term */
	size_t n_limits;
	acc_limit_result limits[64];
	size_t n_over;         /* binding limits exceeded */
} acc_report;

/*
 * Count inv against its treaty on date `at` (ACC_DATE_NONE: the
 * inventory's as-of date). The report borrows strings from the treaty.
 */
ACC_NODISCARD int acc_report_make(acc_report *out, const acc_inventory *inv,
    acc_date at, acc_err *err);

typedef enum acc_format {
	ACC_FORMAT_TEXT,
	ACC_FORMAT_JSON,
	ACC_FORMAT_MARKDOWN,
} acc_format;

/* "text", "json" or "markdown". ACC_EINVAL otherwise. */
ACC_NODISCARD int acc_format_parse(acc_format *out, const char *s,
    acc_err *err);

/*
 * Format one report, or several side by side (same treaty), into out.
 * The same reports give the same bytes.
 */
ACC_NODISCARD int acc_report_format(acc_buf *out, const acc_report *reps,
    size_t n, acc_format fmt, acc_err *err);

#endif
