/*
 * The inside of acc_exercise, shared by the scenario reader
 * (exercise.c) and the runner (exercise_run.c).
 */
#ifndef ACC_EXERCISE_INT_H
#define ACC_EXERCISE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <accord/exercise.h>
#include <accord/inventory.h>

/* "file:line:col key.path" of a scenario element, for messages. */
#define ACC_XWHERE_LEN 200

enum acc_xcheat {
	ACC_XCHEAT_NONE,
	ACC_XCHEAT_UNDECLARED,  /* undeclared_items */
	ACC_XCHEAT_WARHEADS,    /* understated_warheads */
	ACC_XCHEAT_MOVES,       /* unnotified_moves */
	ACC_XCHEAT_FORK,        /* forked_log */
};

extern const char *const acc_xcheat_names[5];

struct acc_xparty {
	char *id;
	char *inventory;        /* as written */
	char *path;             /* as found (load) */
	bool escrow;
	char where[ACC_XWHERE_LEN];     /* of `inventory` */
	acc_inventory *inv;     /* the starting inventory (load) */
};

/* One scripted statement. */
struct acc_xact {
	unsigned month, day;
	int party;              /* 0 or 1 */
	char *type;
	json_t *body;           /* without `date` when the runner adds it */
	bool add_date;          /* the type has a date field the body lacks */
	char where[ACC_XWHERE_LEN];
};

/* One scheduled inspection. */
struct acc_xinsp {
	unsigned month, day;
	int inspecting, host;
	char *kind;
	char *site;             /* NULL: drawn at random */
	char where[ACC_XWHERE_LEN];
	char site_where[ACC_XWHERE_LEN];
};

struct acc_xcheat_spec {
	enum acc_xcheat kind;
	int party;
	unsigned month;
	char *site;             /* undeclared_items; understated (optional) */
	char *type;
	char *status;           /* undeclared_items */
	char *from, *to;        /* unnotified_moves */
	uint64_t count;
	int64_t extra;          /* understated_warheads */
	bool conceal;           /* unnotified_moves */
	size_t drop;            /* forked_log: index into activity */
	char where[ACC_XWHERE_LEN];
	char site_where[ACC_XWHERE_LEN];
	char count_where[ACC_XWHERE_LEN];
	char type_where[ACC_XWHERE_LEN];
	char from_where[ACC_XWHERE_LEN];
	char to_where[ACC_XWHERE_LEN];
	/* the items it concerns (load): hidden, overloaded or moved */
	char **uids;
	size_t n_uids;
};

struct acc_exercise {
	char *source;           /* the file, for messages and paths */
	char *id;
	char *title;
	char *description;
	acc_treaty *t;
	acc_date start;
	unsigned months;
	struct acc_xparty party[2];
	struct acc_xact *acts;
	size_t n_acts;
	struct acc_xinsp *insps;
	size_t n_insps;
	struct acc_xcheat_spec cheat;
	bool loaded;
};

/* A run's outcome: the report (exercise_run.c), formatted as text by
 * exercise_format.c. */
struct acc_exercise_result {
	json_t *report;
	bool caught;
	uint64_t false_flags;
};

/* The first day of month m of the period (0: the start). */
acc_date acc_exercise_month_date(const struct acc_exercise *x, unsigned m);
/* The day an event of month m (1-based) on day `day` falls on. */
acc_date acc_exercise_event_date(const struct acc_exercise *x, unsigned m,
    unsigned day);

#endif
