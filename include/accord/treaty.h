/*
 * Treaty definitions: parties, dates, item types, statuses, facility
 * kinds, limits with their counting rules, and the notification-only
 * measures, loaded strictly from YAML (docs/treaty-format.md).
 */
#ifndef ACCORD_TREATY_H
#define ACCORD_TREATY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/date.h>
#include <accord/err.h>

typedef struct acc_treaty acc_treaty;

/* One element of a definition with an id, a name and the article cited. */
typedef struct acc_element {
	const char *id;
	const char *name;
	const char *article;
} acc_element;

typedef struct acc_limit_info {
	const char *id;
	const char *name;
	const char *article;
	const char *rule;      /* the rule text as written */
	int64_t max;
	acc_date applies_from; /* the date from which the limit binds */
	size_t n_variants;     /* alternative counting rules */
} acc_limit_info;

typedef struct acc_variant_info {
	const char *id;
	const char *name;
	const char *rule;
} acc_variant_info;

typedef struct acc_type_info {
	const char *id;
	const char *name;
	const char *article;
	bool carries_warheads;
	int64_t max_warheads;  /* -1: no per-item maximum */
	unsigned capacity;     /* items it can contain; 0 when it holds none */
} acc_type_info;

/*
 * Parse a definition from text. name is used in messages
 * ("name:line:col"). ACC_EINVAL with the position of the first problem,
 * ACC_ELIMIT past lib/limits.h. *out is the caller's, freed with
 * acc_treaty_free.
 */
ACC_NODISCARD int acc_treaty_parse(acc_treaty **out, const char *text,
    size_t len, const char *name, acc_err *err);

/* Read and parse a definition file. */
ACC_NODISCARD int acc_treaty_load(acc_treaty **out, const char *path,
    acc_err *err);

/*
 * Load a built-in definition by id ("new-start"), or, when ref names a
 * file (contains '/' or ends in .yaml/.yml), that file.
 */
ACC_NODISCARD int acc_treaty_open(acc_treaty **out, const char *ref,
    acc_err *err);

void acc_treaty_free(acc_treaty *t);

/* Built-in definitions: count, and the id, file name and bytes of one. */
size_t acc_treaty_builtin_count(void);
const char *acc_treaty_builtin_id(size_t i);
/* ACC_ENOTFOUND when no built-in has that id. Bytes are static. */
ACC_NODISCARD int acc_treaty_builtin_find(const char **text, size_t *len,
    const char *id, acc_err *err);

/* The exact bytes the definition was parsed from (borrowed). */
const char *acc_treaty_text(const acc_treaty *t, size_t *len);

/* Accessors: borrowed, valid while t lives. */
const char *acc_treaty_id(const acc_treaty *t);
const char *acc_treaty_title(const acc_treaty *t);
bool acc_treaty_is_illustrative(const acc_treaty *t);

typedef enum acc_treaty_date {
	ACC_DATE_SIGNED,
	ACC_DATE_IN_FORCE,
	ACC_DATE_LIMITS_APPLY,
	ACC_DATE_EXPIRES,
} acc_treaty_date;
/* ACC_DATE_NONE when the definition leaves it open (a draft). */
acc_date acc_treaty_date_get(const acc_treaty *t, acc_treaty_date which);

size_t acc_treaty_party_count(const acc_treaty *t);
acc_element acc_treaty_party(const acc_treaty *t, size_t i);
/* Index of a party id, or -1. */
int acc_treaty_party_find(const acc_treaty *t, const char *id);

size_t acc_treaty_type_count(const acc_treaty *t);
acc_type_info acc_treaty_type(const acc_treaty *t, size_t i);
int acc_treaty_type_find(const acc_treaty *t, const char *id, size_t len);

size_t acc_treaty_status_count(const acc_treaty *t);
acc_element acc_treaty_status(const acc_treaty *t, size_t i);
int acc_treaty_status_find(const acc_treaty *t, const char *id, size_t len);

size_t acc_treaty_kind_count(const acc_treaty *t);
acc_element acc_treaty_kind(const acc_treaty *t, size_t i);
int acc_treaty_kind_find(const acc_treaty *t, const char *id, size_t len);

size_t acc_treaty_limit_count(const acc_treaty *t);
acc_limit_info acc_treaty_limit(const acc_treaty *t, size_t i);
int acc_treaty_limit_find(const acc_treaty *t, const char *id);
/* Whether the limit's own rule counts (or sums) items of item type. */
bool acc_treaty_limit_item(const acc_treaty *t, size_t limit,
    size_t item_type);
acc_variant_info acc_treaty_variant(const acc_treaty *t, size_t limit,
    size_t v);

size_t acc_treaty_measure_count(const acc_treaty *t);
acc_element acc_treaty_measure(const acc_treaty *t, size_t i);

/*
 * Whether type index `outer` may contain type index `inner`.
 */
/*
 * Inspection kinds: what each may inspect (facility kinds as sites, item
 * types drawn and checked), how many items are drawn at a site, and the
 * annual quota, counted per treaty year (from entry into force).
 */
typedef struct acc_inspection_info {
	const char *id;
	const char *name;
	const char *article;
	int64_t quota;         /* per treaty year */
	int64_t draws;         /* items drawn at the site (0: none) */
} acc_inspection_info;

size_t acc_treaty_inspection_count(const acc_treaty *t);
acc_inspection_info acc_treaty_inspection(const acc_treaty *t, size_t i);
int acc_treaty_inspection_find(const acc_treaty *t, const char *id);
bool acc_treaty_inspection_site(const acc_treaty *t, size_t kind,
    size_t facility_kind);
bool acc_treaty_inspection_item(const acc_treaty *t, size_t kind,
    size_t item_type);
/* The first day inspections are allowed. */
acc_date acc_treaty_inspections_from(const acc_treaty *t);
/*
 * The treaty year (0 from entry into force) of d, and its first day in
 * *start (when not NULL); -1 before entry into force or without one.
 */
int acc_treaty_year(const acc_treaty *t, acc_date d, acc_date *start);

bool acc_treaty_type_holds(const acc_treaty *t, size_t outer, size_t inner);

struct acc_buf;
/*
 * A readable summary of the whole definition (accord treaty show):
 * dates, parties, limits with their rules, types, statuses, kinds.
 */
ACC_NODISCARD int acc_treaty_format(struct acc_buf *out, const acc_treaty *t,
    acc_err *err);

#endif
