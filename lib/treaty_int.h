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

/* Notification types (the treaty's `notifications`): see notify.h. */
enum acc_nkind {
	ACC_NK_TEXT, ACC_NK_ID, ACC_NK_INTEGER, ACC_NK_DATE, ACC_NK_TIME,
	ACC_NK_STATUS, ACC_NK_ITEM, ACC_NK_NEW_ITEM, ACC_NK_FACILITY,
	ACC_NK_NEW_FACILITY, ACC_NK_ITEM_TYPE, ACC_NK_FACILITY_KIND,
	ACC_NK_STAGE, ACC_NK_ATTRS, ACC_NK_PARTY, ACC_NK_INSPECTION_KIND,
	ACC_NK_DIGEST, ACC_NK_UIDS, ACC_NK_COUNTS, ACC_NK_CANDIDATES,
	ACC_NK_COUNT
};

enum acc_neffect {
	ACC_NE_NONE, ACC_NE_NOTICE, ACC_NE_DECLARATION, ACC_NE_ITEM_NEW,
	ACC_NE_ITEM_MOVE, ACC_NE_ITEM_STATUS, ACC_NE_ITEM_LOAD,
	ACC_NE_ITEM_CONTAIN, ACC_NE_ITEM_CONVERT, ACC_NE_ITEM_ELIMINATE,
	ACC_NE_FACILITY_NEW, ACC_NE_FACILITY_CLOSE, ACC_NE_INSPECTION_OPEN,
	ACC_NE_INSPECTION_COMMIT, ACC_NE_INSPECTION_REVEAL,
	ACC_NE_INSPECTION_FINDING, ACC_NE_COUNT
};

#define ACC_NFIELDS_MAX 16
#define ACC_NTYPES_MAX 64
#define ACC_NTRANS_MAX 16

struct acc_nfield {
	char *id;
	int kind;              /* enum acc_nkind */
	bool required;
};

struct acc_ntype {
	struct acc_elem e;
	int effect;            /* enum acc_neffect */
	size_t n_fields;
	struct acc_nfield fields[ACC_NFIELDS_MAX];
	uint64_t from;         /* statuses before (bit i: statuses[i]) */
	uint64_t to;           /* statuses after */
	size_t n_trans;
	struct { uint64_t from, to; } trans[ACC_NTRANS_MAX];
	int64_t lead_hours;    /* -1 when none */
	char *lead_field;
};

/* Inspection kinds (the treaty's `inspections`): see inspect.h. */
struct acc_ikind {
	struct acc_elem e;
	int64_t quota;         /* per treaty year */
	int64_t draws;         /* items drawn at the site (0: none) */
	uint8_t *sites;        /* [n_kinds]: facility kind i may be inspected */
	uint64_t items;        /* bit i: item type i may be drawn and checked */
};

extern const char *const acc_nkind_names[ACC_NK_COUNT];
extern const char *const acc_neffect_names[ACC_NE_COUNT];

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
	size_t n_ntypes;
	struct acc_ntype *ntypes;
	/* inspections */
	char *insp_article;
	acc_date insp_from;          /* first day (default: in force) */
	size_t n_ikinds;
	struct acc_ikind *ikinds;
};

/* Whether id is one of the treaty's notification types. */
bool acc_treaty_ntype_known(const acc_treaty *t, const char *id);

#endif
