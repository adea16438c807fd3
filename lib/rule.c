/*
 * Parser and evaluator of the counting-rule language (DESIGN.md section 3,
 * docs/treaty-format.md). Owns the grammar; knows the treaty only through
 * its lookups, and the inventory only through one item at a time.
 *
 *   rule  := term ('+' term)*
 *   term  := [INT '*'] ('count' '(' types [where] ')'
 *                      | 'sum' '(' field 'of' types [where] ')')
 *   types := TYPE (',' TYPE)*
 *   where := 'where' pred
 *   pred  := disj; disj := conj ('or' conj)*; conj := unary ('and' unary)*
 *   unary := 'not' unary | '(' pred ')' | field '=' value
 *          | field 'in' '(' value (',' value)* ')'
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"
#include "limits.h"
#include "rule.h"
#include "treaty_int.h"

enum tok_kind {
	T_END,
	T_IDENT,
	T_INT,
	T_STR,
	T_LPAREN,
	T_RPAREN,
	T_COMMA,
	T_PLUS,
	T_STAR,
	T_EQ,
	T_OTHER,
};

struct tok {
	enum tok_kind kind;
	size_t off, len;
	char text[ACC_YAML_SCALAR_MAX + 1];
	int64_t ival;
};

struct parser {
	const struct acc_treaty *t;
	const char *s;
	size_t pos;
	struct tok tok;
	const char *file;
	acc_rule_locate_fn locate;
	void *locate_ctx;
	const char *path;
	acc_err *err;
	uint64_t types;        /* types of the term being parsed */
	size_t n_nodes;
};

static int
perr(struct parser *p, size_t off, const char *fmt, const char *a,
    const char *b)
{
	char where[256];
	char msg[400], qa[300], qb[300];
	unsigned line = 1, col = (unsigned)off + 1;

	if (p->locate)
		p->locate(p->locate_ctx, off, &line, &col);
	snprintf(where, sizeof(where), "%s:%u:%u %s", p->file, line, col,
	    p->path);
	/* the arguments may hold text of the rule: quote it */
	acc_quote(qa, sizeof(qa), a, strlen(a));
	acc_quote(qb, sizeof(qb), b, strlen(b));
	snprintf(msg, sizeof(msg), fmt, qa, qb);
	return acc_err_set(p->err, ACC_EINVAL, where, "%s", msg);
}

static const char *
tok_desc(const struct tok *t)
{
	switch (t->kind) {
	case T_END:
		return "end of rule";
	default:
		return t->text;
	}
}

static int
next(struct parser *p)
{
	const char *s = p->s;
	size_t i = p->pos;
	struct tok *t = &p->tok;

	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	t->off = i;
	t->text[0] = '\0';
	if (s[i] == '\0') {
		t->kind = T_END;
		t->len = 0;
		p->pos = i;
		return 0;
	}
	if (isalpha((unsigned char)s[i]) || s[i] == '_') {
		size_t j = i;
		while (isalnum((unsigned char)s[j]) || s[j] == '_' ||
		    s[j] == '-' || s[j] == '.')
			j++;
		t->kind = T_IDENT;
		t->len = j - i;
	} else if (isdigit((unsigned char)s[i])) {
		size_t j = i;
		while (isdigit((unsigned char)s[j]))
			j++;
		t->kind = T_INT;
		t->len = j - i;
		if (t->len > 12) {
			char num[32];
			snprintf(num, sizeof(num), "%.*s", (int)(t->len > 20 ?
			    20 : t->len), s + i);
			return perr(p, i, "number %s is too large (at most 12 "
			    "digits)%s", num, "");
		}
	} else if (s[i] == '"') {
		size_t j = i + 1;
		while (s[j] != '\0' && s[j] != '"')
			j++;
		if (s[j] != '"')
			return perr(p, i, "unterminated string%s%s", "", "");
		t->kind = T_STR;
		t->len = j + 1 - i;
		memcpy(t->text, s + i + 1, t->len - 2);
		t->text[t->len - 2] = '\0';
		p->pos = j + 1;
		return 0;
	} else {
		t->len = 1;
		switch (s[i]) {
		case '(':
			t->kind = T_LPAREN;
			break;
		case ')':
			t->kind = T_RPAREN;
			break;
		case ',':
			t->kind = T_COMMA;
			break;
		case '+':
			t->kind = T_PLUS;
			break;
		case '*':
			t->kind = T_STAR;
			break;
		case '=':
			t->kind = T_EQ;
			break;
		default:
			t->kind = T_OTHER;
			break;
		}
	}
	memcpy(t->text, s + i, t->len);
	t->text[t->len] = '\0';
	if (t->kind == T_INT)
		t->ival = strtoll(t->text, NULL, 10);
	p->pos = i + t->len;
	return 0;
}

static bool
is_kw(const struct tok *t, const char *kw)
{
	return t->kind == T_IDENT && strcmp(t->text, kw) == 0;
}

static int
expect(struct parser *p, enum tok_kind k, const char *what)
{
	if (p->tok.kind != k)
		return perr(p, p->tok.off, "expected %s, got \"%s\"", what,
		    tok_desc(&p->tok));
	return next(p);
}

static void
pred_free(acc_pred *x)
{
	size_t i;

	if (x == NULL)
		return;
	pred_free(x->a);
	pred_free(x->b);
	if (x->strs)
		for (i = 0; i < x->n_values; i++)
			free(x->strs[i]);
	free(x->strs);
	free(x->ints);
	free(x->attr);
	free(x);
}

static acc_pred *
pred_new(struct parser *p, acc_pred_op op)
{
	acc_pred *x;

	if (++p->n_nodes > ACC_RULE_NODES_MAX) {
		perr(p, p->tok.off, "rule has too many conditions%s%s", "", "");
		return NULL;
	}
	x = calloc(1, sizeof(*x));
	if (x == NULL)
		acc_err_set(p->err, ACC_ERR, p->file, "out of memory");
	else
		x->op = op;
	return x;
}

static int parse_disj(struct parser *p, unsigned depth, acc_pred **out);

/* Is `name` an attribute declared by every type of the current term? */
static bool
attr_known(const struct parser *p, const char *name)
{
	size_t i, j;
	bool any = false;

	for (i = 0; i < p->t->n_types; i++) {
		bool found = false;
		if (!(p->types & (1ull << i)))
			continue;
		any = true;
		for (j = 0; j < p->t->types[i].n_attrs; j++)
			if (strcmp(p->t->types[i].attrs[j], name) == 0)
				found = true;
		if (!found)
			return false;
	}
	return any;
}

static int
parse_value(struct parser *p, acc_pred *x)
{
	size_t n = x->n_values;
	const struct tok *t = &p->tok;
	int64_t *ints;
	char **strs;
	int idx = -1;

	if (n >= ACC_RULE_NODES_MAX)
		return perr(p, t->off, "too many values%s%s", "", "");
	ints = realloc(x->ints, (n + 1) * sizeof(*ints));
	if (ints == NULL)
		return acc_err_set(p->err, ACC_ERR, p->file, "out of memory");
	x->ints = ints;
	strs = realloc(x->strs, (n + 1) * sizeof(*strs));
	if (strs == NULL)
		return acc_err_set(p->err, ACC_ERR, p->file, "out of memory");
	x->strs = strs;
	x->strs[n] = NULL;
	x->ints[n] = 0;
	switch (x->field) {
	case ACC_F_STATUS:
		if (t->kind == T_IDENT || t->kind == T_STR)
			idx = acc_treaty_status_find(p->t, t->text,
			    strlen(t->text));
		if (idx < 0)
			return perr(p, t->off,
			    "unknown status \"%s\"%s (see statuses:)",
			    tok_desc(t), "");
		x->ints[n] = idx;
		break;
	case ACC_F_FACILITY_KIND:
		if (t->kind == T_IDENT || t->kind == T_STR)
			idx = acc_treaty_kind_find(p->t, t->text,
			    strlen(t->text));
		if (idx < 0)
			return perr(p, t->off,
			    "unknown facility kind \"%s\"%s", tok_desc(t), "");
		x->ints[n] = idx;
		break;
	case ACC_F_WARHEADS:
		if (t->kind != T_INT)
			return perr(p, t->off,
			    "expected a whole number of warheads, got \"%s\"%s",
			    tok_desc(t), "");
		x->ints[n] = t->ival;
		break;
	case ACC_F_FACILITY:
	case ACC_F_ATTR:
		if (t->kind != T_IDENT && t->kind != T_STR &&
		    t->kind != T_INT)
			return perr(p, t->off, "expected a value, got \"%s\"%s",
			    tok_desc(t), "");
		x->strs[n] = strdup(t->text);
		if (x->strs[n] == NULL)
			return acc_err_set(p->err, ACC_ERR, p->file,
			    "out of memory");
		break;
	}
	x->n_values = n + 1;
	return next(p);
}

static int
parse_cmp(struct parser *p, acc_pred **out)
{
	acc_pred *x = NULL;
	size_t foff = p->tok.off;
	int rc;

	if (p->tok.kind != T_IDENT)
		return perr(p, p->tok.off,
		    "expected a field (status, facility, facility_kind, "
		    "warheads or an attribute), got \"%s\"%s",
		    tok_desc(&p->tok), "");
	x = pred_new(p, ACC_P_EQ);
	if (x == NULL)
		return p->err ? p->err->code : ACC_ERR;
	if (strcmp(p->tok.text, "status") == 0)
		x->field = ACC_F_STATUS;
	else if (strcmp(p->tok.text, "facility") == 0)
		x->field = ACC_F_FACILITY;
	else if (strcmp(p->tok.text, "facility_kind") == 0)
		x->field = ACC_F_FACILITY_KIND;
	else if (strcmp(p->tok.text, "warheads") == 0)
		x->field = ACC_F_WARHEADS;
	else if (attr_known(p, p->tok.text)) {
		x->field = ACC_F_ATTR;
		x->attr = strdup(p->tok.text);
		if (x->attr == NULL) {
			pred_free(x);
			return acc_err_set(p->err, ACC_ERR, p->file,
			    "out of memory");
		}
	} else {
		rc = perr(p, foff,
		    "unknown field \"%s\"%s: expected status, facility, "
		    "facility_kind, warheads or an attribute every type of "
		    "the term declares", p->tok.text, "");
		pred_free(x);
		return rc;
	}
	rc = next(p);
	if (rc != 0)
		goto fail;
	if (p->tok.kind == T_EQ) {
		rc = next(p);
		if (rc == 0)
			rc = parse_value(p, x);
	} else if (is_kw(&p->tok, "in")) {
		x->op = ACC_P_IN;
		rc = next(p);
		if (rc == 0)
			rc = expect(p, T_LPAREN, "'(' after 'in'");
		while (rc == 0) {
			rc = parse_value(p, x);
			if (rc != 0 || p->tok.kind != T_COMMA)
				break;
			rc = next(p);
		}
		if (rc == 0)
			rc = expect(p, T_RPAREN, "')' closing the 'in' list");
	} else {
		rc = perr(p, p->tok.off, "expected '=' or 'in', got \"%s\"%s",
		    tok_desc(&p->tok), "");
	}
	if (rc != 0)
		goto fail;
	*out = x;
	return 0;
fail:
	pred_free(x);
	return rc;
}

static int
parse_unary(struct parser *p, unsigned depth, acc_pred **out)
{
	acc_pred *x = NULL;
	int rc;

	if (depth > ACC_RULE_DEPTH_MAX)
		return perr(p, p->tok.off, "conditions nested too deeply%s%s",
		    "", "");
	if (is_kw(&p->tok, "not")) {
		x = pred_new(p, ACC_P_NOT);
		if (x == NULL)
			return p->err ? p->err->code : ACC_ERR;
		rc = next(p);
		if (rc == 0)
			rc = parse_unary(p, depth + 1, &x->a);
		if (rc != 0) {
			pred_free(x);
			return rc;
		}
		*out = x;
		return 0;
	}
	if (p->tok.kind == T_LPAREN) {
		rc = next(p);
		if (rc == 0)
			rc = parse_disj(p, depth + 1, &x);
		if (rc == 0)
			rc = expect(p, T_RPAREN, "')'");
		if (rc != 0) {
			pred_free(x);
			return rc;
		}
		*out = x;
		return 0;
	}
	return parse_cmp(p, out);
}

/*
 * A left-associative chain: next ('kw' next)*, joined with op. Conjunction
 * chains unary conditions, disjunction chains conjunctions.
 */
static int
parse_chain(struct parser *p, unsigned depth, const char *kw, acc_pred_op op,
    int (*sub)(struct parser *, unsigned, acc_pred **), acc_pred **out)
{
	acc_pred *l = NULL, *r = NULL, *x;
	int rc = sub(p, depth, &l);

	while (rc == 0 && is_kw(&p->tok, kw)) {
		rc = next(p);
		if (rc == 0)
			rc = sub(p, depth, &r);
		if (rc != 0)
			break;
		x = pred_new(p, op);
		if (x == NULL) {
			pred_free(r);
			rc = p->err ? p->err->code : ACC_ERR;
			break;
		}
		x->a = l;
		x->b = r;
		l = x;
		r = NULL;
	}
	if (rc != 0) {
		pred_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

static int
parse_conj(struct parser *p, unsigned depth, acc_pred **out)
{
	return parse_chain(p, depth, "and", ACC_P_AND, parse_unary, out);
}

static int
parse_disj(struct parser *p, unsigned depth, acc_pred **out)
{
	return parse_chain(p, depth, "or", ACC_P_OR, parse_conj, out);
}

static int
parse_types(struct parser *p, bool is_sum, uint64_t *out)
{
	uint64_t mask = 0;
	int rc;

	for (;;) {
		int idx;
		if (p->tok.kind != T_IDENT || is_kw(&p->tok, "where"))
			return perr(p, p->tok.off,
			    "expected an item type, got \"%s\"%s",
			    tok_desc(&p->tok), "");
		idx = acc_treaty_type_find(p->t, p->tok.text,
		    strlen(p->tok.text));
		if (idx < 0)
			return perr(p, p->tok.off,
			    "unknown item type \"%s\"%s (see item_types:)",
			    p->tok.text, "");
		if (is_sum && !p->t->types[idx].carries_warheads)
			return perr(p, p->tok.off,
			    "type \"%s\" carries no warheads, so it cannot be "
			    "summed%s", p->tok.text, "");
		if (mask & (1ull << idx))
			return perr(p, p->tok.off,
			    "type \"%s\" is listed twice%s", p->tok.text, "");
		mask |= 1ull << idx;
		rc = next(p);
		if (rc != 0)
			return rc;
		if (p->tok.kind != T_COMMA)
			break;
		rc = next(p);
		if (rc != 0)
			return rc;
	}
	*out = mask;
	return 0;
}

static int
parse_term(struct parser *p, acc_term *term)
{
	int rc;
	bool has_coef = false;

	memset(term, 0, sizeof(*term));
	term->coef = 1;
	if (p->tok.kind == T_INT) {
		term->coef = p->tok.ival;
		has_coef = true;
		/* bounded so that no total can overflow, nor leave the range
		 * canonical JSON carries exactly (lib/limits.h) */
		if (term->coef > ACC_RULE_FACTOR_MAX)
			return perr(p, p->tok.off,
			    "expected a factor from 0 to 1000, got %s%s",
			    p->tok.text, "");
		rc = next(p);
		if (rc != 0)
			return rc;
		if (p->tok.kind != T_STAR)
			return perr(p, p->tok.off,
			    "a constant does not count items: expected '*' "
			    "after the factor%s, got \"%s\"",
			    "", tok_desc(&p->tok));
		rc = next(p);
		if (rc != 0)
			return rc;
	}
	if (is_kw(&p->tok, "count")) {
		term->is_sum = false;
	} else if (is_kw(&p->tok, "sum")) {
		term->is_sum = true;
	} else if (has_coef && p->tok.kind == T_INT) {
		return perr(p, p->tok.off,
		    "expected count(...) or sum(...) after the factor, got "
		    "\"%s\"%s", tok_desc(&p->tok), "");
	} else if (p->tok.kind == T_LPAREN) {
		return perr(p, p->tok.off,
		    "expected count(...) or sum(...): a rule is a sum of "
		    "terms, parentheses group only conditions%s%s", "", "");
	} else {
		return perr(p, p->tok.off,
		    "expected count(...) or sum(...), got \"%s\"%s",
		    tok_desc(&p->tok), "");
	}
	rc = next(p);
	if (rc == 0)
		rc = expect(p, T_LPAREN, "'('");
	if (rc != 0)
		return rc;
	if (term->is_sum) {
		if (!is_kw(&p->tok, "warheads"))
			return perr(p, p->tok.off,
			    "expected a numeric field to sum (warheads), got "
			    "\"%s\"%s", tok_desc(&p->tok), "");
		rc = next(p);
		if (rc != 0)
			return rc;
		if (!is_kw(&p->tok, "of"))
			return perr(p, p->tok.off, "expected 'of', got \"%s\"%s",
			    tok_desc(&p->tok), "");
		rc = next(p);
		if (rc != 0)
			return rc;
	}
	rc = parse_types(p, term->is_sum, &term->types);
	if (rc != 0)
		return rc;
	p->types = term->types;
	if (is_kw(&p->tok, "where")) {
		rc = next(p);
		if (rc == 0)
			rc = parse_disj(p, 0, &term->where);
		if (rc != 0)
			return rc;
	}
	rc = expect(p, T_RPAREN, "')' closing the term");
	if (rc != 0)
		return rc;
	if (p->tok.kind == T_STAR)
		return perr(p, p->tok.off,
		    "rule is not linear: a count or sum cannot be multiplied "
		    "%s%s", "by another term (put the factor first)", "");
	return 0;
}

int
acc_rule_parse(acc_rule *r, const struct acc_treaty *t, const char *text,
    const char *file, acc_rule_locate_fn locate, void *locate_ctx,
    const char *field_path, acc_err *err)
{
	struct parser p;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&p, 0, sizeof(p));
	p.t = t;
	p.s = text;
	p.file = file;
	p.locate = locate;
	p.locate_ctx = locate_ctx;
	p.path = field_path;
	p.err = err;
	rc = next(&p);
	if (rc != 0)
		goto done;
	if (p.tok.kind == T_END) {
		rc = perr(&p, 0, "empty rule: expected count(...) or "
		    "sum(...)%s%s", "", "");
		goto done;
	}
	for (;;) {
		if (r->n_terms >= ACC_RULE_TERMS_MAX) {
			rc = perr(&p, p.tok.off, "more than 32 terms%s%s", "",
			    "");
			goto done;
		}
		rc = parse_term(&p, &r->terms[r->n_terms]);
		if (rc != 0) {
			pred_free(r->terms[r->n_terms].where);
			r->terms[r->n_terms].where = NULL;
			goto done;
		}
		r->n_terms++;
		if (p.tok.kind == T_END)
			break;
		if (p.tok.kind == T_OTHER && p.tok.text[0] == '-') {
			rc = perr(&p, p.tok.off,
			    "unexpected '-': a rule only adds terms (exclude "
			    "items with 'where not ...')%s%s", "", "");
			goto done;
		}
		if (p.tok.kind != T_PLUS) {
			rc = perr(&p, p.tok.off,
			    "expected '+' or the end of the rule, got \"%s\"%s",
			    tok_desc(&p.tok), "");
			goto done;
		}
		rc = next(&p);
		if (rc != 0)
			goto done;
	}
done:
	if (rc != 0)
		acc_rule_dispose(r);
	return rc;
}

void
acc_rule_dispose(acc_rule *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n_terms; i++) {
		pred_free(r->terms[i].where);
		r->terms[i].where = NULL;
	}
	r->n_terms = 0;
}

uint64_t
acc_rule_types(const acc_rule *r)
{
	uint64_t types = 0;
	size_t i;

	for (i = 0; i < r->n_terms; i++)
		types |= r->terms[i].types;
	return types;
}

bool
acc_pred_is_static(const acc_pred *x)
{
	if (x == NULL)
		return true;
	switch (x->op) {
	case ACC_P_AND:
	case ACC_P_OR:
		return acc_pred_is_static(x->a) && acc_pred_is_static(x->b);
	case ACC_P_NOT:
		return acc_pred_is_static(x->a);
	default:
		return x->field == ACC_F_STATUS;
	}
}

bool
acc_pred_eval_status(const acc_pred *x, unsigned status)
{
	size_t i;

	if (x == NULL)
		return true;
	switch (x->op) {
	case ACC_P_AND:
		return acc_pred_eval_status(x->a, status) &&
		    acc_pred_eval_status(x->b, status);
	case ACC_P_OR:
		return acc_pred_eval_status(x->a, status) ||
		    acc_pred_eval_status(x->b, status);
	case ACC_P_NOT:
		return !acc_pred_eval_status(x->a, status);
	default:
		for (i = 0; i < x->n_values; i++)
			if (x->ints[i] == (int64_t)status)
				return true;
		return false;
	}
}

static const char *
item_attr(const struct acc_inventory *inv, const struct acc_item *it,
    const char *name)
{
	uint32_t i;

	for (i = 0; i < it->n_attrs; i++) {
		const struct acc_attr *a = &inv->attrs[it->attr_off + i];
		if (strcmp(inv->attr_names[a->key], name) == 0)
			return a->value;
	}
	return NULL;
}

bool
acc_pred_eval(const acc_pred *x, const struct acc_inventory *inv,
    const struct acc_item *it)
{
	size_t i;

	if (x == NULL)
		return true;
	switch (x->op) {
	case ACC_P_AND:
		return acc_pred_eval(x->a, inv, it) &&
		    acc_pred_eval(x->b, inv, it);
	case ACC_P_OR:
		return acc_pred_eval(x->a, inv, it) ||
		    acc_pred_eval(x->b, inv, it);
	case ACC_P_NOT:
		return !acc_pred_eval(x->a, inv, it);
	default:
		break;
	}
	for (i = 0; i < x->n_values; i++) {
		const char *v = NULL;
		switch (x->field) {
		case ACC_F_STATUS:
			if (x->ints[i] == it->status)
				return true;
			break;
		case ACC_F_WARHEADS:
			if (x->ints[i] == (int64_t)(it->warheads < 0 ? 0 :
			    it->warheads))
				return true;
			break;
		case ACC_F_FACILITY_KIND:
			if (it->facility != ACC_NONE && x->ints[i] ==
			    (int64_t)inv->facilities[it->facility].kind)
				return true;
			break;
		case ACC_F_FACILITY:
			if (it->facility != ACC_NONE)
				v = inv->facilities[it->facility].id;
			if (v && strcmp(v, x->strs[i]) == 0)
				return true;
			break;
		case ACC_F_ATTR:
			v = item_attr(inv, it, x->attr);
			if (v && strcmp(v, x->strs[i]) == 0)
				return true;
			break;
		}
	}
	return false;
}
