/*
 * Every cap on external input, in one place, each with its reason. A
 * parser checks the cap before it allocates.
 */
#ifndef ACC_LIMITS_H
#define ACC_LIMITS_H

/* A treaty definition is a page of YAML; 4 MiB is far beyond any real one. */
#define ACC_TREATY_FILE_MAX (4u << 20)
/* YAML nesting: definitions are at most five levels deep. */
#define ACC_YAML_DEPTH_MAX 16
/* YAML nodes in one definition: guards against alias and size bombs. */
#define ACC_YAML_NODES_MAX 200000
/* One scalar (a rule, a title): a few lines at most. */
#define ACC_YAML_SCALAR_MAX 4096

/* Identifiers (type, status, limit, party, facility ids, UIDs). */
#define ACC_ID_MAX 64
/* Item types, statuses, facility kinds, limits per treaty: a tally is a
 * vector with one component per limit, masks are 64-bit. */
#define ACC_TYPES_MAX 64
#define ACC_STATUSES_MAX 64
#define ACC_KINDS_MAX 256
#define ACC_LIMITS_MAX 64
#define ACC_PARTIES_MAX 16
#define ACC_ATTRS_MAX 32
/* A rule: terms and predicate nodes. */
#define ACC_RULE_TERMS_MAX 32
#define ACC_RULE_DEPTH_MAX 32
#define ACC_RULE_NODES_MAX 256
/* A rule's factor: 32 terms x 1000 x 1000 warheads x 10 M items stays
 * below 2^53, so totals never overflow and JSON carries them exactly. */
#define ACC_RULE_FACTOR_MAX 1000
/* Rule variants per limit (negotiable counting rules). */
#define ACC_VARIANTS_MAX 8
#define ACC_IKINDS_MAX 32
#define ACC_INSPECT_CANDIDATES_MAX 20000

/* Exercises (docs/exercises.md): a scenario is a page or two of YAML;
 * ten years of months, a statement a day and an inspection a week are
 * far beyond any exercise that plays in seconds. */
#define ACC_EXERCISE_FILE_MAX (1u << 20)
#define ACC_EXERCISE_MONTHS_MAX 120
#define ACC_EXERCISE_ACTIVITY_MAX 4000
#define ACC_EXERCISE_INSPECTIONS_MAX 500
/* Items a cheat hides, overloads or moves. */
#define ACC_EXERCISE_CHEAT_ITEMS_MAX 1000
/* Repetitions of an exercise's inspections (--runs). */
#define ACC_EXERCISE_RUNS_MAX 10000000u

/* Inventories: the largest real declaration holds a few thousand items;
 * 10 million leaves room for benchmarks and warhead-level inventories. */
#define ACC_INVENTORY_ITEMS_MAX 10000000u
#define ACC_INVENTORY_FACILITIES_MAX 100000u
/* An inventory file: 10 M items at ~100 bytes each. */
#define ACC_INVENTORY_FILE_MAX (2048ull << 20)
/* A JSON inventory is parsed as a whole tree: keep it smaller. */
#define ACC_INVENTORY_JSON_MAX (256u << 20)
/* Inventory files imported together. */
#define ACC_IMPORT_FILES_MAX 64
/* CSV: columns per row and bytes per field. */
#define ACC_CSV_COLUMNS_MAX 64
#define ACC_CSV_FIELD_MAX 4096
/* Free attributes: value length. */
#define ACC_ATTR_VALUE_MAX 256
/* Warheads on one item: the largest MIRVed missile carried 10-14. */
#define ACC_WARHEADS_MAX 1000

/* Workspace configuration file. */
#define ACC_CONFIG_FILE_MAX (64u << 10)
/* Formatted reports. */
#define ACC_REPORT_MAX (64u << 20)

/* Declarations received from other parties (received/): two parties
 * declaring twice a year for a century is 400; the cap bounds a scan. */
#define ACC_RECEIVED_MAX 4096

#endif
