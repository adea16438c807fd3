/*
 * Counting. A rule is linear, so an item's contribution depends on its
 * (type, status) cell unless a condition reads more than the status; the
 * counter precomputes per-cell coefficients and evaluates the remaining
 * conditions item by item. Owns nothing but arithmetic.
 */
#include <stdlib.h>
#include <string.h>

#include <accord/compliance.h>

#include "inventory_int.h"
#include "treaty_int.h"

struct dyn_term {
	size_t limit;
	const acc_term *term;
};

struct acc_counter {
	const struct acc_treaty *t;
	size_t nl, ns, nt;
	int64_t *cnt;          /* [type][status][limit] per item */
	int64_t *wh;           /* [type][status][limit] per warhead */
	size_t n_dyn[ACC_TYPES_MAX];
	struct dyn_term *dyn[ACC_TYPES_MAX];
};

void
acc_counter_free(acc_counter *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < ACC_TYPES_MAX; i++)
		free(c->dyn[i]);
	free(c->cnt);
	free(c->wh);
	free(c);
}

int
acc_counter_new(acc_counter **out, const acc_treaty *t, const int *variants,
    acc_err *err)
{
	acc_counter *c;
	size_t l, k, ty, s;
	int rc = 0;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return acc_err_set(err, ACC_ERR, "counter", "out of memory");
	c->t = t;
	c->nl = t->n_limits;
	c->ns = t->n_statuses;
	c->nt = t->n_types;
	c->cnt = calloc(c->nt * c->ns * (c->nl ? c->nl : 1), sizeof(int64_t));
	c->wh = calloc(c->nt * c->ns * (c->nl ? c->nl : 1), sizeof(int64_t));
	if (c->cnt == NULL || c->wh == NULL) {
		rc = acc_err_set(err, ACC_ERR, "counter", "out of memory");
		goto done;
	}
	for (l = 0; l < c->nl; l++) {
		const acc_rule *r = &t->limits[l].rule;
		if (variants && variants[l] >= 0) {
			if ((size_t)variants[l] >= t->limits[l].n_variants) {
				rc = acc_err_set(err, ACC_EINVAL,
				    t->limits[l].e.id, "no variant %d",
				    variants[l]);
				goto done;
			}
			r = &t->limits[l].variants[variants[l]].rule;
		}
		for (k = 0; k < r->n_terms; k++) {
			const acc_term *term = &r->terms[k];
			bool is_static = acc_pred_is_static(term->where);
			for (ty = 0; ty < c->nt; ty++) {
				if (!(term->types & (1ull << ty)))
					continue;
				if (!is_static) {
					struct dyn_term *p = realloc(c->dyn[ty],
					    (c->n_dyn[ty] + 1) * sizeof(*p));
					if (p == NULL) {
						rc = acc_err_set(err, ACC_ERR,
						    "counter", "out of memory");
						goto done;
					}
					p[c->n_dyn[ty]].limit = l;
					p[c->n_dyn[ty]].term = term;
					c->dyn[ty] = p;
					c->n_dyn[ty]++;
					continue;
				}
				for (s = 0; s < c->ns; s++) {
					size_t cell = (ty * c->ns + s) * c->nl +
					    l;
					if (!acc_pred_eval_status(term->where,
					    (unsigned)s))
						continue;
					if (term->is_sum)
						c->wh[cell] += term->coef;
					else
						c->cnt[cell] += term->coef;
				}
			}
		}
	}
	*out = c;
	c = NULL;
done:
	acc_counter_free(c);
	return rc;
}

void
acc_counter_tally(const acc_counter *c, const acc_inventory *inv, size_t i,
    int64_t *out)
{
	const struct acc_item *it = &inv->items[i];
	size_t base = ((size_t)it->type * c->ns + it->status) * c->nl;
	int64_t w = it->warheads < 0 ? 0 : it->warheads;
	size_t l, k;

	for (l = 0; l < c->nl; l++)
		out[l] = c->cnt[base + l] + c->wh[base + l] * w;
	for (k = 0; k < c->n_dyn[it->type]; k++) {
		const struct dyn_term *d = &c->dyn[it->type][k];
		if (acc_pred_eval(d->term->where, inv, it))
			out[d->limit] += d->term->coef *
			    (d->term->is_sum ? w : 1);
	}
}

void
acc_counter_totals(const acc_counter *c, const acc_inventory *inv,
    int64_t *out)
{
	size_t cells = c->nt * c->ns;
	int64_t *n = calloc(cells ? cells : 1, sizeof(int64_t));
	int64_t *w = calloc(cells ? cells : 1, sizeof(int64_t));
	size_t i, l, k;

	memset(out, 0, c->nl * sizeof(*out));
	if (n == NULL || w == NULL) {
		/* fall back to per-item tallies without scratch memory */
		int64_t tally[ACC_LIMITS_MAX];
		for (i = 0; i < inv->n_items; i++) {
			acc_counter_tally(c, inv, i, tally);
			for (l = 0; l < c->nl; l++)
				out[l] += tally[l];
		}
		free(n);
		free(w);
		return;
	}
	for (i = 0; i < inv->n_items; i++) {
		const struct acc_item *it = &inv->items[i];
		size_t cell = (size_t)it->type * c->ns + it->status;
		int64_t wh = it->warheads < 0 ? 0 : it->warheads;
		n[cell]++;
		w[cell] += wh;
		if (c->n_dyn[it->type] == 0)
			continue;
		for (k = 0; k < c->n_dyn[it->type]; k++) {
			const struct dyn_term *d = &c->dyn[it->type][k];
			if (acc_pred_eval(d->term->where, inv, it))
				out[d->limit] += d->term->coef *
				    (d->term->is_sum ? wh : 1);
		}
	}
	for (i = 0; i < cells; i++) {
		if (n[i] == 0)
			continue;
		for (l = 0; l < c->nl; l++)
			out[l] += c->cnt[i * c->nl + l] * n[i] +
			    c->wh[i * c->nl + l] * w[i];
	}
	free(n);
	free(w);
}

static bool
within(acc_date at, acc_date from, acc_date until)
{
	if (from != ACC_DATE_NONE && at < from)
		return false;
	if (until != ACC_DATE_NONE && at >= until)
		return false;
	return true;
}

int
acc_report_make(acc_report *r, const acc_inventory *inv, acc_date at,
    acc_err *err)
{
	const struct acc_treaty *t = inv->treaty;
	acc_counter *c = NULL;
	int64_t totals[ACC_LIMITS_MAX];
	size_t l;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = acc_counter_new(&c, t, NULL, err);
	if (rc != 0)
		return rc;
	acc_counter_totals(c, inv, totals);
	acc_counter_free(c);
	r->treaty = t;
	memcpy(r->party, inv->party, sizeof(r->party));
	r->as_of = inv->as_of;
	r->at = at == ACC_DATE_NONE ? inv->as_of : at;
	r->n_items = inv->n_items;
	r->n_facilities = inv->n_facilities;
	r->treaty_in_force = within(r->at, t->in_force, t->expires);
	r->n_limits = t->n_limits;
	for (l = 0; l < t->n_limits; l++) {
		const struct acc_limit *lim = &t->limits[l];
		acc_limit_result *x = &r->limits[l];
		x->id = lim->e.id;
		x->name = lim->e.name;
		x->article = lim->e.article ? lim->e.article : "";
		x->rule = lim->rule_text;
		x->max = lim->max;
		x->value = totals[l];
		x->margin = lim->max - totals[l];
		x->applies_from = lim->applies_from;
		x->in_force = r->treaty_in_force &&
		    within(r->at, lim->applies_from, ACC_DATE_NONE);
		if (x->in_force && x->margin < 0)
			r->n_over++;
	}
	return 0;
}
