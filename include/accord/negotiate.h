/*
 * The negotiation workbench: what a draft treaty demands of each party's
 * inventory (what-if, with an adjustment plan), public estimates as
 * inventories, positions files (issues, weights, values, reservation
 * utilities, red lines), and the exact analysis of the packages two
 * parties could agree on: Pareto frontier, zone of possible agreement,
 * Nash, Kalai-Smorodinsky and egalitarian solutions, and the sensitivity
 * of the Nash package to each weight (docs/negotiation.md).
 *
 * Thread-safety: no object here is locked. Functions may run at once on
 * different objects; a loaded acc_positions and a solved acc_negotiation
 * may be read from several threads, but acc_negotiation_requirements
 * changes the negotiation it is given.
 */
#ifndef ACCORD_NEGOTIATE_H
#define ACCORD_NEGOTIATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/compliance.h>
#include <accord/date.h>
#include <accord/err.h>
#include <accord/inventory.h>
#include <accord/treaty.h>

/* Values, weights and reservation utilities are exact millionths. */
#define ACC_NEG_SCALE 1000000
/* A limit's maximum that binds nothing ("no limit"). */
#define ACC_NO_LIMIT (-1)

/* ---- what-if ---------------------------------------------------------- */

/*
 * A draft as evaluated: per limit of treaty t, its counting rule (-1: the
 * limit's own rule, else the index of one of its variants) and its
 * maximum (the definition's, another, or ACC_NO_LIMIT).
 */
typedef struct acc_scenario {
	const acc_treaty *treaty;
	size_t n_limits;
	int variant[64];
	int64_t max[64];
} acc_scenario;

/* The draft as written: every limit with its own rule and maximum. */
void acc_scenario_init(acc_scenario *s, const acc_treaty *t);

/*
 * Apply one "LIMIT=VALUE" option: with is_variant, VALUE is a variant id
 * of that limit or "default"; otherwise a whole number or "none".
 * ACC_EINVAL naming opt when the limit, variant or number is not one the
 * draft can express.
 */
ACC_NODISCARD int acc_scenario_set(acc_scenario *s, const char *spec,
    bool is_variant, const char *opt, acc_err *err);

/*
 * Read public estimates (docs/negotiation.md: counts per type and status,
 * with attributes and warheads) as an inventory under treaty t, one item
 * per counted unit. ACC_EINVAL naming file:line:col for anything the
 * draft cannot hold, ACC_ELIMIT past 1,000,000 units, ACC_ENOTFOUND when
 * the file is missing. *out is the caller's, freed with
 * acc_inventory_free; t must outlive it.
 */
ACC_NODISCARD int acc_estimates_load(acc_inventory **out, const acc_treaty *t,
    const char *path, acc_err *err);
ACC_NODISCARD int acc_estimates_parse(acc_inventory **out,
    const acc_treaty *t, const char *text, size_t len, const char *name,
    acc_err *err);

typedef enum acc_action_kind {
	ACC_ACTION_NON_DEPLOY, /* deployed -> non_deployed */
	ACC_ACTION_DOWNLOAD,   /* fewer warheads on the same item */
	ACC_ACTION_ELIMINATE,  /* -> eliminated */
} acc_action_kind;

/* One step of an adjustment plan: the same change to n_items like items. */
typedef struct acc_action {
	acc_action_kind kind;
	const char *type;       /* borrowed from the treaty */
	const char *status;     /* before */
	const char *label;      /* the items' model or role, or "" */
	int64_t warheads;       /* per item before; -1 when none */
	int64_t warheads_after; /* per item after (download) */
	size_t n_items;
	const char **uids;      /* the items, borrowed from the inventory */
} acc_action;

typedef struct acc_whatif_limit {
	const char *id;         /* borrowed from the treaty */
	const char *article;
	const char *variant;    /* the rule counted: variant id or "default" */
	int64_t max;            /* ACC_NO_LIMIT when none */
	int64_t value;
	int64_t margin;         /* max - value; 0 without a limit */
	int64_t after;          /* value once the plan is carried out */
} acc_whatif_limit;

/* What a draft demands of one party's inventory. */
typedef struct acc_whatif {
	char party[65];
	acc_date as_of;
	size_t n_items;
	size_t n_limits;
	acc_whatif_limit limits[64];
	size_t n_over;          /* limits exceeded */
	size_t n_actions;
	acc_action *actions;
	size_t touched;         /* items the plan changes */
	size_t lower_bound;     /* no plan of these actions changes fewer */
	bool complete;          /* the plan brings every limit within */
} acc_whatif;

/*
 * Count inv (counted under s->treaty) against scenario s and make the
 * adjustment plan: greedy, one item at a time, each step the action that
 * most lowers the bound on the items still to change (docs/negotiation.md).
 * Every limit of the scenario binds. ACC_EINVAL when inv is counted under
 * another treaty, ACC_ERR out of memory. *out borrows from inv and the
 * treaty (both must outlive it); free its insides with
 * acc_whatif_dispose, which accepts a zeroed or disposed result.
 */
ACC_NODISCARD int acc_whatif_make(acc_whatif *out, const acc_inventory *inv,
    const acc_scenario *s, acc_err *err);
void acc_whatif_dispose(acc_whatif *w);

/*
 * Format what-if results for n parties under one scenario (text, markdown
 * or JSON). The same results give the same bytes.
 */
ACC_NODISCARD int acc_whatif_format(acc_buf *out, const acc_whatif *w,
    size_t n, const acc_scenario *s, acc_format fmt, acc_err *err);

/*
 * Several drafts side by side: w holds n_drafts rows of n_parties results
 * (w[d * n_parties + p]), s one scenario per draft, names a label each.
 */
ACC_NODISCARD int acc_compare_format(acc_buf *out, const acc_whatif *w,
    size_t n_drafts, size_t n_parties, const acc_scenario *s,
    const char *const *names, acc_format fmt, acc_err *err);

/* ---- positions ---------------------------------------------------------- */

typedef struct acc_positions acc_positions;

/*
 * Parse a positions file (docs/negotiation.md) against treaty t (borrowed,
 * must outlive *out), whose id the file's `treaty` must name. name is used
 * in messages ("name:line:col path"). ACC_EINVAL for any inconsistency
 * (weights not summing to one, values outside [0, 1], levels the draft
 * cannot express, an issue naming no limit), ACC_ELIMIT past the caps.
 */
ACC_NODISCARD int acc_positions_parse(acc_positions **out,
    const acc_treaty *t, const char *text, size_t len, const char *name,
    acc_err *err);

/*
 * Read a positions file and the treaty it names (a built-in id, or a path
 * relative to the file's directory), which *out then owns.
 */
ACC_NODISCARD int acc_positions_load(acc_positions **out, const char *path,
    acc_err *err);
void acc_positions_free(acc_positions *p);

const acc_treaty *acc_positions_treaty(const acc_positions *p);
const char *acc_positions_title(const acc_positions *p);
/* The two parties, 0 and 1: ids borrowed from the treaty. */
const char *acc_positions_party(const acc_positions *p, size_t i);
/*
 * The estimates file the positions name for party i (a path resolved
 * against the positions file's directory), or NULL.
 */
const char *acc_positions_holdings(const acc_positions *p, size_t i);
size_t acc_positions_issue_count(const acc_positions *p);
const char *acc_positions_issue_id(const acc_positions *p, size_t i);
size_t acc_positions_level_count(const acc_positions *p, size_t i);
const char *acc_positions_level(const acc_positions *p, size_t i, size_t l);

/* ---- analysis ----------------------------------------------------------- */

typedef struct acc_negotiation acc_negotiation;

typedef enum acc_solution_kind {
	ACC_SOL_NASH,
	ACC_SOL_KALAI_SMORODINSKY,
	ACC_SOL_EGALITARIAN,
	ACC_SOL_COUNT,
} acc_solution_kind;

/*
 * A package: one level per issue (level[i] indexes the issue's levels)
 * and each party's utility in millionths squared (10^12 is 1.0).
 */
typedef struct acc_package {
	uint8_t level[32];
	int64_t utility[2];
} acc_package;

/*
 * Solve: the exact Pareto frontier of the packages that cross no red line,
 * built issue by issue by merging frontiers (additivity), the zone of
 * possible agreement, the three solutions and the sensitivity of the Nash
 * package. p is borrowed and must outlive *out. ACC_ELIMIT when a
 * frontier outgrows its cap. Free with acc_negotiation_free.
 */
ACC_NODISCARD int acc_negotiation_solve(acc_negotiation **out,
    const acc_positions *p, acc_err *err);
void acc_negotiation_free(acc_negotiation *n);

/* Packages crossing no red line (saturates at UINT64_MAX). */
uint64_t acc_negotiation_packages(const acc_negotiation *n);
/* Distinct utility points on the frontier, best for party 0 first. */
size_t acc_negotiation_frontier_size(const acc_negotiation *n);
/* Frontier point i, with one package giving it. */
void acc_negotiation_frontier(const acc_negotiation *n, size_t i,
    acc_package *out);
/* Whether some package gives both parties more than no agreement. */
bool acc_negotiation_has_agreement(const acc_negotiation *n);
/*
 * A solution's package; ACC_ENOTFOUND when there is no agreement.
 */
ACC_NODISCARD int acc_negotiation_solution(const acc_negotiation *n,
    acc_solution_kind kind, acc_package *out, acc_err *err);
/*
 * How far party's weight of issue may move (others rescaled to keep the
 * sum one) with the Nash package still a Nash package: [lo, hi] in
 * millionths. false when there is no agreement or the issue holds all of
 * the party's weight.
 */
bool acc_negotiation_sensitivity(const acc_negotiation *n, size_t party,
    size_t issue, int64_t *lo, int64_t *hi);
/* Why no agreement exists, in plain words ("" when one does). Borrowed. */
const char *acc_negotiation_explanation(const acc_negotiation *n);

/*
 * What each solution requires of the parties' inventories: inv[0] and
 * inv[1] (party order of the positions; either may be NULL), counted
 * under the positions' treaty, are borrowed and must outlive n.
 */
ACC_NODISCARD int acc_negotiation_requirements(acc_negotiation *n,
    const acc_inventory *const inv[2], acc_err *err);

/* The analysis as text, markdown or JSON; the same bytes every time. */
ACC_NODISCARD int acc_negotiation_format(acc_buf *out,
    const acc_negotiation *n, acc_format fmt, acc_err *err);
/* The utility space as a standalone SVG picture. */
ACC_NODISCARD int acc_negotiation_plot(acc_buf *out, const acc_negotiation *n,
    acc_err *err);

#endif
