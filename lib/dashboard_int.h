/*
 * The dashboard's JSON endpoints (dashboard_data.c), called by the
 * router in dashboard.c once the operator's request passed its checks.
 */
#ifndef ACC_DASHBOARD_INT_H
#define ACC_DASHBOARD_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <accord/buf.h>
#include <accord/dashboard.h>
#include <accord/err.h>
#include <accord/workspace.h>

/* A query parameter's value: at most this many bytes. */
#define ACC_DASH_VALUE_MAX 64

struct acc_dash_ctx {
	acc_workspace *ws;
	const char *query;            /* after '?', or NULL */
	const char *const *positions; /* the positions files offered */
	size_t n_positions;
	acc_buf *out;                 /* the JSON body */
	const char *where;            /* "GET /api/..." */
	acc_err *err;
};

/*
 * The value of parameter name in c->query into out: false when absent.
 * Only names in `allowed` (NULL-terminated) may appear, once each, with
 * values of [A-Za-z0-9._-], 1 to ACC_DASH_VALUE_MAX bytes (checked by
 * acc_dash_query_check: ACC_EINVAL otherwise).
 */
ACC_NODISCARD int acc_dash_query_check(const struct acc_dash_ctx *c,
    const char *const *allowed);
bool acc_dash_query_get(const struct acc_dash_ctx *c, const char *name,
    char out[ACC_DASH_VALUE_MAX + 1]);

/* The endpoints: a JSON document into c->out, or an error code. */
ACC_NODISCARD int acc_dash_api_node(struct acc_dash_ctx *c);
ACC_NODISCARD int acc_dash_api_log(struct acc_dash_ctx *c);
ACC_NODISCARD int acc_dash_api_witnessing(struct acc_dash_ctx *c);
ACC_NODISCARD int acc_dash_api_declarations(struct acc_dash_ctx *c);
ACC_NODISCARD int acc_dash_api_diff(struct acc_dash_ctx *c);
ACC_NODISCARD int acc_dash_api_compliance(struct acc_dash_ctx *c);
ACC_NODISCARD int acc_dash_api_inspections(struct acc_dash_ctx *c);
ACC_NODISCARD int acc_dash_api_negotiation(struct acc_dash_ctx *c);
ACC_NODISCARD int acc_dash_api_context(struct acc_dash_ctx *c);

#endif
