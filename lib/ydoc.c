/*
 * libyaml events to an acc_ynode tree. Owns every libyaml call; never
 * interprets what the document means (lib/treaty.c does that).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "limits.h"
#include "ydoc.h"

struct builder {
	acc_ydoc *doc;
	const char *name;
	acc_err *err;
	const char *text;
	size_t len;
};

static void
node_free(acc_ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++) {
		if (n->keys)
			node_free(n->keys[i]);
		node_free(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n->value);
	free(n);
}

void
acc_ydoc_dispose(acc_ydoc *doc)
{
	if (doc == NULL)
		return;
	node_free(doc->root);
	free(doc->name);
	doc->root = NULL;
	doc->name = NULL;
}

void
acc_ynode_where(char *out, size_t out_len, const acc_ydoc *doc,
    const acc_ynode *n)
{
	snprintf(out, out_len, "%s:%u:%u", doc->name ? doc->name : "-",
	    n ? n->line : 0, n ? n->col : 0);
}

/* Advance one source character, keeping line and column. */
static size_t
src_step(const char *s, size_t i, unsigned *line, unsigned *col)
{
	if (s[i] == '\n') {
		(*line)++;
		*col = 1;
		return i + 1;
	}
	i++;
	while (((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	(*col)++;
	return i;
}

/* Length in the source of the escape sequence at s[i] ('\\' first). */
static size_t
escape_len(const char *s, size_t i, size_t end)
{
	size_t n = 2;

	if (i + 1 >= end)
		return 1;
	switch (s[i + 1]) {
	case 'x':
		n = 4;
		break;
	case 'u':
		n = 6;
		break;
	case 'U':
		n = 10;
		break;
	default:
		break;
	}
	return i + n <= end ? n : end - i;
}

void
acc_ynode_locate(const acc_ydoc *doc, const acc_ynode *n, size_t offset,
    unsigned *line, unsigned *col)
{
	const char *s = doc->text;
	const char *v = n->value;
	size_t i = n->start, end = n->end, k;
	unsigned l = n->line, c = n->col;

	*line = n->line;
	*col = n->col;
	if (s == NULL || n->kind != ACC_Y_SCALAR || end > doc->len ||
	    offset > n->len)
		return;
	if (n->style == '"' || n->style == '\'')
		i = src_step(s, i, &l, &c);
	else if (n->style == '|' || n->style == '>') {
		while (i < end && s[i] != '\n')
			i = src_step(s, i, &l, &c);
	}
	for (k = 0; k <= offset && k < n->len; k++) {
		char want = v[k];
		if (want == ' ' || want == '\n' || want == '\t')
			continue;
		/* skip source white space and line breaks */
		while (i < end && (s[i] == ' ' || s[i] == '\n' ||
		    s[i] == '\t' || s[i] == '\r'))
			i = src_step(s, i, &l, &c);
		if (i >= end)
			return;
		if (k == offset) {
			*line = l;
			*col = c;
			return;
		}
		if (n->style == '"' && s[i] == '\\') {
			size_t e = escape_len(s, i, end), j;
			for (j = 0; j < e; j++)
				i = src_step(s, i, &l, &c);
			/* a multi-byte character from \u stands for several
			 * value bytes */
			while (k + 1 < n->len &&
			    ((unsigned char)v[k + 1] & 0xc0) == 0x80)
				k++;
			continue;
		}
		if (n->style == '\'' && s[i] == '\'' && want == '\'') {
			i = src_step(s, i, &l, &c);
			i = src_step(s, i, &l, &c);
			continue;
		}
		if (s[i] != want)
			return; /* cannot follow: keep the scalar's position */
		i++;
		if (((unsigned char)want & 0xc0) != 0x80)
			c++;
	}
	/* offset at the end of the value */
	*line = l;
	*col = c;
}

acc_ynode *
acc_ynode_get(const acc_ynode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != ACC_Y_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->value, key) == 0)
			return map->items[i];
	return NULL;
}

static int
fail_at(struct builder *b, unsigned line, unsigned col, acc_code code,
    const char *fmt, const char *arg)
{
	char where[256];

	snprintf(where, sizeof(where), "%s:%u:%u", b->name, line, col);
	return acc_err_set(b->err, code, where, fmt, arg);
}

static acc_ynode *
node_new(struct builder *b, acc_ynode_kind kind, const yaml_mark_t *m)
{
	acc_ynode *n;

	if (b->doc->n_nodes >= ACC_YAML_NODES_MAX) {
		fail_at(b, (unsigned)m->line + 1, (unsigned)m->column + 1,
		    ACC_ELIMIT, "more than %s YAML nodes", "200000");
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (n == NULL) {
		acc_err_set(b->err, ACC_ERR, b->name, "out of memory");
		return NULL;
	}
	b->doc->n_nodes++;
	n->kind = kind;
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	return n;
}

static int
child_add(struct builder *b, acc_ynode *parent, acc_ynode *key,
    acc_ynode *val)
{
	acc_ynode **items, **keys;
	size_t i;

	if (parent->kind == ACC_Y_MAP) {
		for (i = 0; i < parent->n; i++) {
			if (strcmp(parent->keys[i]->value, key->value) == 0) {
				char q[300];
				acc_quote(q, sizeof(q), key->value, key->len);
				return fail_at(b, key->line, key->col,
				    ACC_EINVAL, "duplicate key \"%s\"", q);
			}
		}
		keys = realloc(parent->keys, (parent->n + 1) * sizeof(*keys));
		if (keys == NULL)
			return acc_err_set(b->err, ACC_ERR, b->name,
			    "out of memory");
		parent->keys = keys;
	}
	items = realloc(parent->items, (parent->n + 1) * sizeof(*items));
	if (items == NULL)
		return acc_err_set(b->err, ACC_ERR, b->name, "out of memory");
	parent->items = items;
	if (parent->kind == ACC_Y_MAP)
		parent->keys[parent->n] = key;
	parent->items[parent->n] = val;
	parent->n++;
	return 0;
}

static int
event_next(struct builder *b, yaml_parser_t *p, yaml_event_t *ev)
{
	if (!yaml_parser_parse(p, ev)) {
		if (p->error == YAML_READER_ERROR && b->text != NULL) {
			/* reader errors carry an offset, not a mark */
			unsigned line = 1, col = 1;
			size_t i;
			for (i = 0; i < p->problem_offset && i < b->len; i++) {
				if (b->text[i] == '\n') {
					line++;
					col = 1;
				} else if (((unsigned char)b->text[i] & 0xc0) !=
				    0x80) {
					col++;
				}
			}
			return fail_at(b, line, col, ACC_EINVAL,
			    "malformed YAML: %s",
			    p->problem ? p->problem : "invalid text");
		}
		return fail_at(b, (unsigned)p->problem_mark.line + 1,
		    (unsigned)p->problem_mark.column + 1, ACC_EINVAL,
		    "malformed YAML: %s",
		    p->problem ? p->problem : "parse error");
	}
	return 0;
}

/* Parse one node whose first event is ev (consumed by the caller). */
static int
parse_node(struct builder *b, yaml_parser_t *p, yaml_event_t *ev,
    unsigned depth, acc_ynode **out)
{
	acc_ynode *n = NULL;
	acc_ynode *key = NULL, *val = NULL;
	yaml_event_t sub;
	int rc = 0;

	*out = NULL;
	if (depth > ACC_YAML_DEPTH_MAX)
		return fail_at(b, (unsigned)ev->start_mark.line + 1,
		    (unsigned)ev->start_mark.column + 1, ACC_ELIMIT,
		    "nesting deeper than %s levels", "16");
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return fail_at(b, (unsigned)ev->start_mark.line + 1,
		    (unsigned)ev->start_mark.column + 1, ACC_EINVAL,
		    "YAML aliases are not supported%s", "");
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor || (ev->data.scalar.tag &&
		    ev->data.scalar.plain_implicit == 0 &&
		    ev->data.scalar.quoted_implicit == 0))
			return fail_at(b, (unsigned)ev->start_mark.line + 1,
			    (unsigned)ev->start_mark.column + 1, ACC_EINVAL,
			    "YAML anchors and tags are not supported%s", "");
		if (ev->data.scalar.length > ACC_YAML_SCALAR_MAX)
			return fail_at(b, (unsigned)ev->start_mark.line + 1,
			    (unsigned)ev->start_mark.column + 1, ACC_ELIMIT,
			    "scalar longer than %s bytes", "4096");
		n = node_new(b, ACC_Y_SCALAR, &ev->start_mark);
		if (n == NULL)
			return b->err ? b->err->code : ACC_ERR;
		switch (ev->data.scalar.style) {
		case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
			n->style = '"';
			break;
		case YAML_SINGLE_QUOTED_SCALAR_STYLE:
			n->style = '\'';
			break;
		case YAML_LITERAL_SCALAR_STYLE:
			n->style = '|';
			break;
		case YAML_FOLDED_SCALAR_STYLE:
			n->style = '>';
			break;
		default:
			n->style = 0;
		}
		n->start = ev->start_mark.index;
		n->end = ev->end_mark.index;
		n->len = ev->data.scalar.length;
		if (memchr(ev->data.scalar.value, '\0', n->len) != NULL) {
			node_free(n);
			return fail_at(b, (unsigned)ev->start_mark.line + 1,
			    (unsigned)ev->start_mark.column + 1, ACC_EINVAL,
			    "NUL byte in a scalar%s", "");
		}
		n->value = malloc(n->len + 1);
		if (n->value == NULL) {
			node_free(n);
			return acc_err_set(b->err, ACC_ERR, b->name,
			    "out of memory");
		}
		memcpy(n->value, ev->data.scalar.value, n->len);
		n->value[n->len] = '\0';
		*out = n;
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool is_map = ev->type == YAML_MAPPING_START_EVENT;
		const yaml_char_t *anchor = is_map ?
		    ev->data.mapping_start.anchor :
		    ev->data.sequence_start.anchor;
		const yaml_char_t *tag = is_map ?
		    ev->data.mapping_start.tag : ev->data.sequence_start.tag;
		int implicit = is_map ? ev->data.mapping_start.implicit :
		    ev->data.sequence_start.implicit;
		if (anchor)
			return fail_at(b, (unsigned)ev->start_mark.line + 1,
			    (unsigned)ev->start_mark.column + 1, ACC_EINVAL,
			    "YAML anchors are not supported%s", "");
		if (tag && !implicit)
			return fail_at(b, (unsigned)ev->start_mark.line + 1,
			    (unsigned)ev->start_mark.column + 1, ACC_EINVAL,
			    "YAML tags are not supported%s", "");
		n = node_new(b, is_map ? ACC_Y_MAP : ACC_Y_SEQ,
		    &ev->start_mark);
		if (n == NULL)
			return b->err ? b->err->code : ACC_ERR;
		for (;;) {
			rc = event_next(b, p, &sub);
			if (rc != 0)
				goto fail;
			if (sub.type == YAML_SEQUENCE_END_EVENT ||
			    sub.type == YAML_MAPPING_END_EVENT) {
				yaml_event_delete(&sub);
				break;
			}
			if (is_map) {
				if (sub.type != YAML_SCALAR_EVENT) {
					rc = fail_at(b,
					    (unsigned)sub.start_mark.line + 1,
					    (unsigned)sub.start_mark.column + 1,
					    ACC_EINVAL,
					    "expected a plain key%s", "");
					yaml_event_delete(&sub);
					goto fail;
				}
				rc = parse_node(b, p, &sub, depth + 1, &key);
				yaml_event_delete(&sub);
				if (rc != 0)
					goto fail;
				rc = event_next(b, p, &sub);
				if (rc != 0)
					goto fail;
			}
			rc = parse_node(b, p, &sub, depth + 1, &val);
			yaml_event_delete(&sub);
			if (rc != 0)
				goto fail;
			rc = child_add(b, n, key, val);
			if (rc != 0)
				goto fail;
			key = NULL;
			val = NULL;
		}
		*out = n;
		return 0;
	}
	default:
		return fail_at(b, (unsigned)ev->start_mark.line + 1,
		    (unsigned)ev->start_mark.column + 1, ACC_EINVAL,
		    "unexpected YAML event%s", "");
	}
fail:
	node_free(key);
	node_free(val);
	node_free(n);
	return rc;
}

int
acc_ydoc_parse(acc_ydoc *doc, const char *text, size_t len, const char *name,
    acc_err *err)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct builder b;
	int rc = 0;
	int have_parser = 0;
	unsigned docs = 0;

	memset(doc, 0, sizeof(*doc));
	doc->text = text;
	doc->len = len;
	doc->name = strdup(name ? name : "-");
	if (doc->name == NULL)
		return acc_err_set(err, ACC_ERR, name, "out of memory");
	b.doc = doc;
	b.name = doc->name;
	b.err = err;
	b.text = text;
	b.len = len;
	if (len > ACC_TREATY_FILE_MAX)
		return acc_err_set(err, ACC_ELIMIT, doc->name,
		    "file is %zu bytes, the limit is %u", len,
		    ACC_TREATY_FILE_MAX);
	if (!yaml_parser_initialize(&p))
		return acc_err_set(err, ACC_ERR, doc->name,
		    "cannot initialise the YAML parser");
	have_parser = 1;
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	for (;;) {
		rc = event_next(&b, &p, &ev);
		if (rc != 0)
			goto done;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_STREAM_START_EVENT ||
		    ev.type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			if (++docs > 1) {
				rc = fail_at(&b,
				    (unsigned)ev.start_mark.line + 1,
				    (unsigned)ev.start_mark.column + 1,
				    ACC_EINVAL,
				    "expected one YAML document%s", "");
				yaml_event_delete(&ev);
				goto done;
			}
			yaml_event_delete(&ev);
			continue;
		}
		rc = parse_node(&b, &p, &ev, 0, &doc->root);
		yaml_event_delete(&ev);
		if (rc != 0)
			goto done;
	}
	if (doc->root == NULL)
		rc = acc_err_set(err, ACC_EINVAL, doc->name,
		    "empty document, expected a mapping");
done:
	if (have_parser)
		yaml_parser_delete(&p);
	if (rc != 0) {
		node_free(doc->root);
		doc->root = NULL;
	}
	return rc;
}

/* ---- shared by the readers --------------------------------------- */

int
acc_ynode_fail(acc_err *err, const acc_ydoc *doc, const acc_ynode *n,
    const char *path, const char *fmt, ...)
{
	char pos[200], where[256], msg[512];
	va_list ap;

	acc_ynode_where(pos, sizeof(pos), doc, n);
	if (path && *path)
		snprintf(where, sizeof(where), "%s %s", pos, path);
	else
		snprintf(where, sizeof(where), "%s", pos);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return acc_err_set(err, ACC_EINVAL, where, "%s", msg);
}

const char *
acc_ynode_kind_name(acc_ynode_kind kind)
{
	switch (kind) {
	case ACC_Y_MAP:
		return "a mapping";
	case ACC_Y_SEQ:
		return "a list";
	default:
		return "a scalar";
	}
}

int
acc_ynode_want(acc_err *err, const acc_ydoc *doc, const acc_ynode *n,
    acc_ynode_kind kind, const char *path)
{
	if (n->kind != kind)
		return acc_ynode_fail(err, doc, n, path, "expected %s, got %s",
		    acc_ynode_kind_name(kind), acc_ynode_kind_name(n->kind));
	return 0;
}

const char *
acc_ynode_quoted(char *buf, size_t len, const acc_ynode *n)
{
	acc_quote(buf, len, n->value ? n->value : "", n->value ? n->len : 0);
	return buf;
}

const acc_ynode *
acc_ynode_unknown_key(const acc_ynode *map, const char *const *allowed)
{
	size_t i, j;

	for (i = 0; i < map->n; i++) {
		bool ok = false;
		for (j = 0; allowed[j] && !ok; j++)
			ok = strcmp(map->keys[i]->value, allowed[j]) == 0;
		if (!ok)
			return map->keys[i];
	}
	return NULL;
}
