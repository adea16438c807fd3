/*
 * The party's notification log over its store (see log.h): appends under
 * the store's write lock, checkpoints signed per batch, proofs as JSON,
 * and verification from the stored entries.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include <accord/date.h>

#include "cjson.h"
#include "log.h"
#include "note.h"

void
acc_log_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
acc_log_reader(void *ctx, unsigned level, uint64_t index, acc_tlog_hash out,
    acc_err *err)
{
	acc_log *log = ctx;

	return log->store->ops->log_hash(log->store, log->id, level, index,
	    out, err);
}

int
acc_log_size(acc_log *log, uint64_t *n, acc_err *err)
{
	return log->store->ops->log_size(log->store, log->id, n, err);
}

/*
 * The canonical entry for statement st at seq, written in its key order
 * (body, party, seq, time, treaty, type, v) around the canonical body.
 */
static int
entry_bytes(acc_buf *out, const acc_log *log, const acc_statement *st,
    uint64_t seq, const char *time, acc_err *err)
{
	int rc;

	acc_buf_reset(out);
	if (!json_is_object(st->body))
		return acc_err_set(err, ACC_EINVAL, "log",
		    "statement %s: the body is not an object", st->type);
	rc = acc_buf_puts(out, "{\"body\":");
	if (rc == 0)
		rc = acc_cjson_encode(out, st->body, "body", err);
	if (rc != 0)
		return rc;
	rc = acc_buf_puts(out, ",\"party\":") |
	    acc_cjson_string(out, log->party, strlen(log->party)) |
	    acc_buf_printf(out, ",\"seq\":%llu,\"time\":",
	    (unsigned long long)seq) |
	    acc_cjson_string(out, time, strlen(time)) |
	    acc_buf_puts(out, ",\"treaty\":") |
	    acc_cjson_string(out, log->treaty, strlen(log->treaty)) |
	    acc_buf_puts(out, ",\"type\":") |
	    acc_cjson_string(out, st->type, strlen(st->type)) |
	    acc_buf_puts(out, ",\"v\":1}");
	if (rc != 0)
		return acc_err_set(err, ACC_ELIMIT, "log",
		    "statement %s: the entry is larger than %u bytes",
		    st->type, ACC_LOG_ENTRY_MAX);
	return 0;
}

static int
sign_checkpoint(acc_log *log, uint64_t size, const acc_tlog_hash root,
    acc_buf *note, acc_err *err)
{
	acc_buf text = ACC_BUF_INIT(4096);
	int rc = acc_checkpoint_text(&text, log->origin, size, root, err);

	acc_buf_reset(note);
	if (rc == 0)
		rc = acc_note_sign(note, text.data, text.len, log->key,
		    &log->vkey, err);
	acc_buf_dispose(&text);
	return rc;
}

int
acc_log_append_locked(acc_log *log, const acc_statement *st, size_t n,
    const char *time, uint64_t *first, acc_buf *note_out, acc_err *err)
{
	acc_store *s = log->store;
	acc_buf entry = ACC_BUF_INIT(ACC_LOG_ENTRY_MAX);
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_tlog_edge edge;
	acc_tlog_node nodes[64];
	acc_tlog_hash root;
	uint64_t size;
	size_t i;
	int rc;

	if (log->key == NULL)
		return acc_err_set(err, ACC_EINVAL, "log", "no signing key");
	if (n == 0 || n > ACC_LOG_BATCH_MAX)
		return acc_err_set(err, ACC_EINVAL, "log",
		    "a batch holds 1 to %u statements", ACC_LOG_BATCH_MAX);
	rc = s->ops->log_size(s, log->id, &size, err);
	if (rc == 0)
		rc = acc_tlog_edge_load(&edge, size, acc_log_reader, log, err);
	if (rc != 0)
		goto done;
	*first = size;
	for (i = 0; rc == 0 && i < n; i++) {
		acc_tlog_hash leaf;
		size_t k;
		rc = entry_bytes(&entry, log, &st[i], size + i, time, err);
		if (rc != 0)
			break;
		acc_tlog_leaf_hash(leaf, entry.data, entry.len);
		k = acc_tlog_edge_push(&edge, leaf, nodes);
		rc = s->ops->log_put(s, log->id, size + i, time, st[i].type, entry.data,
		    entry.len, nodes, k, err);
	}
	if (rc != 0)
		goto done;
	acc_tlog_edge_root(&edge, root);
	rc = sign_checkpoint(log, size + n, root, &note, err);
	if (rc == 0)
		rc = s->ops->log_checkpoint_put(s, log->id, size + n, note.data, time,
		    err);
	if (rc == 0 && note_out) {
		acc_buf_reset(note_out);
		if (acc_buf_append(note_out, note.data, note.len) != 0)
			rc = acc_err_set(err, ACC_ELIMIT, "log", "note too large");
	}
done:
	acc_buf_dispose(&entry);
	acc_buf_dispose(&note);
	return rc;
}

int
acc_log_append(acc_log *log, const acc_statement *st, size_t n,
    const char *time, uint64_t *first, acc_buf *note, acc_err *err)
{
	acc_store *s = log->store;
	int rc = s->ops->log_begin(s, err);

	if (rc != 0)
		return rc;
	rc = acc_log_append_locked(log, st, n, time, first, note, err);
	if (rc == 0)
		rc = s->ops->log_commit(s, err);
	if (rc != 0)
		s->ops->log_rollback(s);
	return rc;
}

int
acc_log_checkpoint(acc_log *log, uint64_t size, acc_buf *out,
    uint64_t *size_out, acc_err *err)
{
	return log->store->ops->log_checkpoint_get(log->store, log->id, size, out,
	    size_out, err);
}

/* ---- proofs -------------------------------------------------------- */

static int
proof_json(acc_buf *out, const char *k1, uint64_t v1, const char *k2,
    uint64_t v2, const void *hashes, size_t n, acc_err *err)
{
	const uint8_t *h = hashes;
	json_t *o = json_object(), *a = json_array();
	size_t i;
	int rc = 0;

	if (o == NULL || a == NULL)
		rc = ACC_ERR;
	for (i = 0; rc == 0 && i < n; i++) {
		char b64[64];
		acc_base64_encode(b64, h + i * ACC_TLOG_HASH, ACC_TLOG_HASH);
		if (json_array_append_new(a, json_string(b64)) != 0)
			rc = ACC_ERR;
	}
	if (rc == 0 && (json_object_set(o, "hashes", a) ||
	    json_object_set_new(o, k1, json_integer((json_int_t)v1)) ||
	    json_object_set_new(o, k2, json_integer((json_int_t)v2))))
		rc = ACC_ERR;
	if (rc == 0)
		rc = acc_cjson_encode(out, o, "proof", err);
	else
		rc = acc_err_set(err, ACC_ERR, "proof", "out of memory");
	if (rc == 0 && acc_buf_append(out, "\n", 1) != 0)
		rc = acc_err_set(err, ACC_ELIMIT, "proof", "too large");
	json_decref(a);
	json_decref(o);
	return rc;
}

/* A size the log has had: up to the latest checkpoint's. */
static int
check_size(acc_log *log, uint64_t size, acc_err *err)
{
	uint64_t n;
	int rc = acc_log_size(log, &n, err);

	if (rc == 0 && size > n)
		rc = acc_err_set(err, ACC_EINVAL, "log",
		    "the log has %llu entries, not %llu",
		    (unsigned long long)n, (unsigned long long)size);
	return rc;
}

int
acc_log_prove_inclusion(acc_log *log, uint64_t index, uint64_t size,
    acc_buf *out, acc_err *err)
{
	acc_tlog_hash h[ACC_TLOG_PROOF_MAX];
	size_t n;
	int rc = check_size(log, size, err);

	if (rc == 0)
		rc = acc_tlog_prove_inclusion(index, size, acc_log_reader,
		    log, h, &n, err);
	if (rc == 0)
		rc = proof_json(out, "leaf_index", index, "tree_size", size, h,
		    n, err);
	return rc;
}

int
acc_log_prove_consistency(acc_log *log, uint64_t old, uint64_t size,
    acc_buf *out, acc_err *err)
{
	acc_tlog_hash h[ACC_TLOG_PROOF_MAX];
	size_t n;
	int rc = check_size(log, size, err);

	if (rc == 0)
		rc = acc_tlog_prove_consistency(old, size, acc_log_reader,
		    log, h, &n, err);
	if (rc == 0)
		rc = proof_json(out, "old_size", old, "new_size", size, h, n,
		    err);
	return rc;
}

static int
uint_field(json_t *o, const char *key, uint64_t *out, const char *name,
    acc_err *err)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL)
		return acc_err_set(err, ACC_EINVAL, name, "missing %s", key);
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return acc_err_set(err, ACC_EINVAL, name,
		    "%s: expected a whole number", key);
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

int
acc_log_proof_parse(acc_log_proof *p, const char *text, size_t len,
    const char *name, acc_err *err)
{
	json_error_t jerr;
	json_t *o, *h, *x;
	size_t i;
	int rc = 0;

	memset(p, 0, sizeof(*p));
	if (len > 64u << 10)
		return acc_err_set(err, ACC_ELIMIT, name, "proof too large");
	o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL)
		return acc_err_set(err, ACC_EINVAL, name,
		    "malformed JSON at %d:%d: %s", jerr.line, jerr.column,
		    jerr.text);
	if (!json_is_object(o) || json_object_size(o) != 3) {
		rc = acc_err_set(err, ACC_EINVAL, name, "expected an object "
		    "with hashes and leaf_index, tree_size or old_size, "
		    "new_size");
		goto done;
	}
	if (json_object_get(o, "leaf_index")) {
		rc = uint_field(o, "leaf_index", &p->index, name, err);
		if (rc == 0)
			rc = uint_field(o, "tree_size", &p->size, name, err);
	} else {
		p->consistency = true;
		rc = uint_field(o, "old_size", &p->old_size, name, err);
		if (rc == 0)
			rc = uint_field(o, "new_size", &p->size, name, err);
	}
	if (rc != 0)
		goto done;
	h = json_object_get(o, "hashes");
	if (!json_is_array(h) || json_array_size(h) > ACC_TLOG_PROOF_MAX) {
		rc = acc_err_set(err, ACC_EINVAL, name,
		    "hashes: expected a list of at most 64 base64 hashes");
		goto done;
	}
	json_array_foreach(h, i, x) {
		char where[300];
		size_t n;
		snprintf(where, sizeof(where), "%s hashes[%zu]", name, i);
		if (!json_is_string(x)) {
			rc = acc_err_set(err, ACC_EINVAL, where,
			    "expected base64 of 32 bytes");
			goto done;
		}
		rc = acc_base64_decode(p->hashes[i], ACC_TLOG_HASH, &n,
		    json_string_value(x), json_string_length(x), where, err);
		if (rc == 0 && n != ACC_TLOG_HASH)
			rc = acc_err_set(err, ACC_EINVAL, where,
			    "expected 32 bytes, got %zu", n);
		if (rc != 0)
			goto done;
	}
	p->n = json_array_size(h);
done:
	json_decref(o);
	return rc;
}

/* Open a checkpoint note with key and parse its text. */
static int
open_checkpoint(acc_checkpoint *cp, const char *note, size_t len,
    const acc_vkey *key, const char *where, acc_err *err)
{
	acc_note *n = malloc(sizeof(*n));
	int rc;

	if (n == NULL)
		return acc_err_set(err, ACC_ERR, where, "out of memory");
	rc = acc_note_open(n, note, len, key, 1, where, err);
	if (rc == 0)
		rc = acc_checkpoint_parse(cp, note, n->text_len, where, err);
	free(n);
	return rc;
}

int
acc_log_check_proof(const acc_log_proof *p, const char *checkpoint,
    size_t cp_len, const char *old_checkpoint, size_t old_len,
    const char *entry, size_t entry_len, const acc_vkey *key, acc_err *err)
{
	acc_checkpoint cp, old;
	int rc = open_checkpoint(&cp, checkpoint, cp_len, key, "checkpoint",
	    err);

	if (rc != 0)
		return rc;
	if (cp.size != p->size)
		return acc_err_set(err, ACC_EVERIFY, "proof",
		    "the proof is for size %llu, the checkpoint for %llu",
		    (unsigned long long)p->size, (unsigned long long)cp.size);
	if (!p->consistency) {
		acc_tlog_hash leaf;
		if (entry == NULL)
			return acc_err_set(err, ACC_EINVAL, "proof",
			    "an inclusion proof is checked with its entry");
		acc_tlog_leaf_hash(leaf, entry, entry_len);
		if (!acc_tlog_check_inclusion(leaf, p->index, p->size,
		    p->hashes, p->n, cp.root))
			return acc_err_set(err, ACC_EVERIFY, "proof",
			    "entry %llu is not included in the checkpoint of "
			    "size %llu under this proof",
			    (unsigned long long)p->index,
			    (unsigned long long)p->size);
		return 0;
	}
	if (old_checkpoint == NULL)
		return acc_err_set(err, ACC_EINVAL, "proof",
		    "a consistency proof is checked against an old checkpoint");
	rc = open_checkpoint(&old, old_checkpoint, old_len, key,
	    "old checkpoint", err);
	if (rc != 0)
		return rc;
	if (old.size != p->old_size || strcmp(old.origin, cp.origin) != 0)
		return acc_err_set(err, ACC_EVERIFY, "proof",
		    "the proof starts at size %llu, the old checkpoint is of "
		    "size %llu (%s)", (unsigned long long)p->old_size,
		    (unsigned long long)old.size, old.origin);
	if (!acc_tlog_check_consistency(old.size, cp.size, old.root, cp.root,
	    p->hashes, p->n))
		return acc_err_set(err, ACC_EVERIFY, "proof",
		    "the checkpoints of sizes %llu and %llu are not consistent "
		    "under this proof", (unsigned long long)old.size,
		    (unsigned long long)cp.size);
	return 0;
}

/* ---- entries ------------------------------------------------------- */

static bool
rfc3339_utc(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	acc_err e = ACC_ERR_INIT;
	acc_date d;
	size_t i;

	if (strlen(s) != sizeof(pat) - 1)
		return false;
	for (i = 0; pat[i]; i++)
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return false;
	/* a real date, and a time of day (no leap second) */
	return acc_date_parse(&d, s, 10, "time", &e) == 0 &&
	    (s[11] - '0') * 10 + (s[12] - '0') < 24 &&
	    (s[14] - '0') * 10 + (s[15] - '0') < 60 &&
	    (s[17] - '0') * 10 + (s[18] - '0') < 60;
}

static int entry_slow(json_t **out, const char *text, size_t len,
    const char *treaty, const char *party, uint64_t seq, const char *name,
    acc_err *err);

/* Whether p starts with the literal lit; advance past it. */
static bool
lit(const char **p, const char *end, const char *lit_)
{
	size_t n = strlen(lit_);

	if ((size_t)(end - *p) < n || strncmp(*p, lit_, n) != 0)
		return false;
	*p += n;
	return true;
}

/* A string value at *p (canonical, no escapes needed): its span. */
static bool
plain_string(const char **p, const char *end, const char **s, size_t *n)
{
	const char *q;

	if (*p >= end || **p != '"')
		return false;
	q = memchr(*p + 1, '"', (size_t)(end - *p - 1));
	if (q == NULL || memchr(*p + 1, '\\', (size_t)(q - *p - 1)))
		return false;
	*s = *p + 1;
	*n = (size_t)(q - *s);
	*p = q + 1;
	return true;
}

/*
 * The whole check in place, for entries as accord writes them: canonical
 * form, then the seven keys in their canonical order with the expected
 * values. false sends the caller to the slower path that names the fault.
 */
static bool
entry_fast(const char *text, size_t len, const char *treaty,
    const char *party, uint64_t seq)
{
	const char *p = text, *end = text + len, *s;
	char num[24], tm[32];
	size_t n;

	/* the body canonical; the rest is matched exactly below */
	if (!lit(&p, end, "{\"body\":{"))
		return false;
	p--;
	n = acc_cjson_canonical_value(p, (size_t)(end - p));
	if (n == 0)
		return false;
	p += n;
	if (!lit(&p, end, ",\"party\":") || !plain_string(&p, end, &s, &n) ||
	    n == 0 || (party ? strlen(party) != n || strncmp(s, party, n) :
	    !acc_cjson_is_canonical(s - 1, n + 2, NULL)))
		return false;
	{
		/* ,"seq":N without printf: this runs once per entry */
		size_t k = sizeof(num);
		uint64_t x = seq;
		num[--k] = '\0';
		do {
			num[--k] = (char)('0' + x % 10);
			x /= 10;
		} while (x);
		if (!lit(&p, end, ",\"seq\":") || !lit(&p, end, num + k))
			return false;
	}
	if (!lit(&p, end, ",\"time\":") ||
	    !plain_string(&p, end, &s, &n) || n != 20)
		return false;
	memcpy(tm, s, n);
	tm[n] = '\0';
	if (!rfc3339_utc(tm) || !lit(&p, end, ",\"treaty\":") ||
	    !plain_string(&p, end, &s, &n) || n == 0 ||
	    (treaty ? strlen(treaty) != n || strncmp(s, treaty, n) :
	    !acc_cjson_is_canonical(s - 1, n + 2, NULL)))
		return false;
	if (!lit(&p, end, ",\"type\":") || !plain_string(&p, end, &s, &n) ||
	    n == 0 || n > ACC_LOG_TYPE_MAX ||
	    !acc_cjson_is_canonical(s - 1, n + 2, NULL))
		return false;
	return lit(&p, end, ",\"v\":1}") && p == end;
}

int
acc_log_entry_parse(json_t **out, const char *text, size_t len,
    const char *treaty, const char *party, uint64_t seq, const char *name,
    acc_err *err)
{
	if (out == NULL && len <= ACC_LOG_ENTRY_MAX &&
	    entry_fast(text, len, treaty, party, seq))
		return 0;
	return entry_slow(out, text, len, treaty, party, seq, name, err);
}

static int
entry_slow(json_t **out_, const char *text, size_t len,
    const char *treaty, const char *party, uint64_t seq, const char *name,
    acc_err *err)
{
	json_t *dummy = NULL, **out = out_ ? out_ : &dummy;
	static const char *const keys[] = { "body", "party", "seq", "time",
		"treaty", "type", "v" };
	json_error_t jerr;
	acc_buf canon = ACC_BUF_INIT(ACC_LOG_ENTRY_MAX);
	json_t *e, *v;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (len > ACC_LOG_ENTRY_MAX)
		return acc_err_set(err, ACC_ELIMIT, name, "entry too large");
	e = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (e == NULL)
		return acc_err_set(err, ACC_EINVAL, name,
		    "malformed JSON at %d:%d: %s", jerr.line, jerr.column,
		    jerr.text);
	if (!json_is_object(e) || json_object_size(e) != 7) {
		rc = acc_err_set(err, ACC_EINVAL, name, "an entry has exactly "
		    "body, party, seq, time, treaty, type and v");
		goto done;
	}
	for (i = 0; i < 7; i++)
		if (json_object_get(e, keys[i]) == NULL) {
			rc = acc_err_set(err, ACC_EINVAL, name,
			    "an entry has exactly body, party, seq, time, "
			    "treaty, type and v (no %s)", keys[i]);
			goto done;
		}
	v = json_object_get(e, "v");
	if (!json_is_integer(v) || json_integer_value(v) != 1) {
		rc = acc_err_set(err, ACC_EINVAL, name, "v: expected 1");
		goto done;
	}
	if (!json_is_string(json_object_get(e, "treaty")) ||
	    (treaty && strcmp(json_string_value(json_object_get(e, "treaty")),
	    treaty) != 0)) {
		rc = acc_err_set(err, ACC_EINVAL, name, "treaty: expected %s",
		    treaty ? treaty : "a treaty id");
		goto done;
	}
	if (!json_is_string(json_object_get(e, "party")) ||
	    (party && strcmp(json_string_value(json_object_get(e, "party")),
	    party) != 0)) {
		rc = acc_err_set(err, ACC_EINVAL, name, "party: expected %s",
		    party ? party : "a party id");
		goto done;
	}
	v = json_object_get(e, "seq");
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (uint64_t)json_integer_value(v) != seq) {
		rc = acc_err_set(err, ACC_EINVAL, name,
		    "seq: expected %llu", (unsigned long long)seq);
		goto done;
	}
	v = json_object_get(e, "time");
	if (!json_is_string(v) || !rfc3339_utc(json_string_value(v))) {
		rc = acc_err_set(err, ACC_EINVAL, name,
		    "time: expected RFC 3339 UTC (YYYY-MM-DDThh:mm:ssZ)");
		goto done;
	}
	v = json_object_get(e, "type");
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) > ACC_LOG_TYPE_MAX) {
		rc = acc_err_set(err, ACC_EINVAL, name,
		    "type: expected a notification type");
		goto done;
	}
	if (!json_is_object(json_object_get(e, "body"))) {
		rc = acc_err_set(err, ACC_EINVAL, name,
		    "body: expected an object");
		goto done;
	}
	rc = acc_cjson_encode(&canon, e, name, err);
	if (rc == 0 && (canon.len != len || !acc_ct_equal(canon.data, text,
	    len)))
		rc = acc_err_set(err, ACC_EINVAL, name,
		    "the entry is not in canonical JSON (RFC 8785)");
done:
	acc_buf_dispose(&canon);
	if (rc != 0)
		json_decref(e);
	else
		*out = e;
	json_decref(dummy);
	return rc;
}

/* ---- verification --------------------------------------------------- */

struct vcp {
	uint64_t size;
	acc_tlog_hash root;
};

struct vstate {
	acc_log *log;
	acc_tlog_mem mem;
	acc_buf text;           /* every entry, back to back */
	uint64_t *off;          /* entry i is text[off[i], off[i + 1]) */
	uint64_t n_read, cap_off;
	struct vcp *cps;        /* signed checkpoints, by size */
	size_t n_cps, cap_cps;
	uint64_t hashes;
	acc_err *err;
};

/* Read every entry into memory, numbered without gaps. */
static int
verify_read(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct vstate *v = ctx;
	char name[64];

	if (seq != v->n_read) {
		snprintf(name, sizeof(name), "log entry %llu",
		    (unsigned long long)v->n_read);
		return acc_err_set(v->err, ACC_EVERIFY, name,
		    "entry %llu is missing (entries must be numbered without "
		    "gaps)", (unsigned long long)v->n_read);
	}
	if (seq >= v->cap_off || acc_buf_append(&v->text, entry, len) != 0)
		return acc_err_set(v->err, ACC_ELIMIT, "log",
		    "more entries than the log claims, or too large");
	v->off[++v->n_read] = v->text.len;
	return 0;
}

/* Entry i checked in place and hashed (any thread). */
static int
verify_leaf(void *ctx, uint64_t i, acc_tlog_hash out)
{
	struct vstate *v = ctx;
	const char *e = v->text.data + v->off[i];
	size_t len = v->off[i + 1] - v->off[i];

	if (!entry_fast(e, len, v->log->treaty, v->log->party, i))
		return ACC_EVERIFY;
	acc_tlog_leaf_hash(out, e, len);
	return 0;
}

static int
verify_hash(void *ctx, unsigned level, uint64_t index, const uint8_t *hash,
    size_t len)
{
	struct vstate *v = ctx;
	acc_tlog_hash want;
	acc_err e = ACC_ERR_INIT;

	if (acc_tlog_mem_read(&v->mem, level, index, want, &e) != 0)
		return acc_err_set(v->err, ACC_EVERIFY, "log",
		    "a stored hash at level %u, index %llu belongs to no "
		    "entry", level, (unsigned long long)index);
	if (len != ACC_TLOG_HASH || !acc_ct_equal(want, hash, len))
		return acc_err_set(v->err, ACC_EVERIFY, "log",
		    "the stored hash at level %u, index %llu (entries %llu "
		    "to %llu) does not match the entries", level,
		    (unsigned long long)index,
		    (unsigned long long)(index << level),
		    (unsigned long long)(((index + 1) << level) - 1));
	v->hashes++;
	return 0;
}

/*
 * The stored hashes, read on a second handle and thread while the
 * entries are read on the first.
 */
struct hread {
	acc_store *s;           /* the second handle */
	int64_t log;
	acc_tlog_node *nodes;
	size_t n, cap;
	int rc;
	acc_err err;
};

static int
hread_one(void *ctx, unsigned level, uint64_t index, const uint8_t *hash,
    size_t len)
{
	struct hread *h = ctx;

	if (h->n == h->cap) {
		size_t nc = h->cap ? 2 * h->cap : 4096;
		acc_tlog_node *p = realloc(h->nodes, nc * sizeof(*p));
		if (p == NULL)
			return acc_err_set(&h->err, ACC_ERR, "log",
			    "out of memory");
		h->nodes = p;
		h->cap = nc;
	}
	h->nodes[h->n].level = level;
	h->nodes[h->n].index = index;
	/* a stored hash of the wrong length never matches */
	memset(h->nodes[h->n].hash, 0, ACC_TLOG_HASH);
	memcpy(h->nodes[h->n].hash, hash, len < ACC_TLOG_HASH ? len :
	    ACC_TLOG_HASH);
	if (len != ACC_TLOG_HASH)
		h->nodes[h->n].hash[0] ^= 0xff;
	h->n++;
	return 0;
}

static void *
hread_thread(void *arg)
{
	struct hread *h = arg;

	h->rc = h->s->ops->log_hash_each(h->s, h->log, hread_one, h, &h->err);
	return NULL;
}

/* Each checkpoint: its signature and form, kept by size. */
static int
verify_checkpoint(void *ctx, uint64_t size, const char *note)
{
	struct vstate *v = ctx;
	acc_checkpoint cp;
	acc_tlog_hash empty;
	char where[64];
	int rc;

	snprintf(where, sizeof(where), "checkpoint %llu",
	    (unsigned long long)size);
	rc = open_checkpoint(&cp, note, strlen(note), &v->log->vkey, where,
	    v->err);
	if (rc != 0) {
		v->err->code = ACC_EVERIFY;
		return ACC_EVERIFY;
	}
	if (cp.size != size || strcmp(cp.origin, v->log->origin) != 0)
		return acc_err_set(v->err, ACC_EVERIFY, where,
		    "stored as size %llu, signed for %s at size %llu",
		    (unsigned long long)size, cp.origin,
		    (unsigned long long)cp.size);
	acc_sha256(empty, "", 0);
	if (size == 0) {
		if (!acc_ct_equal(cp.root, empty, ACC_TLOG_HASH))
			return acc_err_set(v->err, ACC_EVERIFY, where,
			    "an empty log has the root SHA-256(\"\")");
		return 0;
	}
	if (v->n_cps == v->cap_cps) {
		size_t nc = v->cap_cps ? 2 * v->cap_cps : 256;
		struct vcp *p = realloc(v->cps, nc * sizeof(*p));
		if (p == NULL)
			return acc_err_set(v->err, ACC_ERR, "log",
			    "out of memory");
		v->cps = p;
		v->cap_cps = nc;
	}
	v->cps[v->n_cps].size = size;
	memcpy(v->cps[v->n_cps++].root, cp.root, ACC_TLOG_HASH);
	return 0;
}

int
acc_log_verify(acc_log *log, acc_log_report *r, acc_err *err)
{
	acc_store *s = log->store;
	struct vstate v;
	uint64_t size = 0, l, total = 0, bad = 0;
	struct hread hr;
	pthread_t th;
	bool threaded = false;
	size_t i;
	int rc;

	memset(&v, 0, sizeof(v));
	memset(r, 0, sizeof(*r));
	v.log = log;
	v.err = err;
	v.text.max = (size_t)64 << 30;
	acc_tlog_mem_init(&v.mem);
	rc = s->ops->log_size(s, log->id, &size, err);
	if (rc == 0)
		rc = s->ops->log_checkpoint_each(s, log->id, verify_checkpoint, &v, err);
	if (rc == 0 && size > 0 && (v.n_cps == 0 ||
	    v.cps[v.n_cps - 1].size != size))
		rc = acc_err_set(err, ACC_EVERIFY, "log", "the latest "
		    "checkpoint covers %llu entries, the log holds %llu",
		    (unsigned long long)(v.n_cps ? v.cps[v.n_cps - 1].size :
		    0), (unsigned long long)size);
	if (rc == 0) {
		v.cap_off = size;
		v.off = calloc(size + 1, sizeof(*v.off));
		if (v.off == NULL)
			rc = acc_err_set(err, ACC_ERR, "log", "out of memory");
	}
	/* the stored hashes on another thread and handle, meanwhile */
	memset(&hr, 0, sizeof(hr));
	hr.log = log->id;
	acc_err_clear(&hr.err);
	if (rc == 0 && s->ops->reopen(s, &hr.s, &hr.err) == 0)
		threaded = pthread_create(&th, NULL, hread_thread, &hr) == 0;
	/* the entries, read once; then checked and hashed on two threads */
	if (rc == 0)
		rc = s->ops->log_each(s, log->id, 0, UINT64_MAX, NULL, verify_read, &v,
		    err);
	if (threaded)
		pthread_join(th, NULL);
	else if (rc == 0)
		hr.rc = s->ops->log_hash_each(s, log->id, hread_one, &hr, &hr.err);
	acc_store_close(hr.s);
	if (rc == 0 && hr.rc != 0) {
		if (err)
			*err = hr.err;
		rc = hr.rc;
	}
	if (rc == 0 && v.n_read != size)
		rc = acc_err_set(err, ACC_EVERIFY, "log", "entries end at %llu, "
		    "the log claims %llu", (unsigned long long)v.n_read,
		    (unsigned long long)size);
	if (rc == 0) {
		rc = acc_tlog_mem_build(&v.mem, size, verify_leaf, &v, &bad,
		    err);
		if (rc == ACC_EVERIFY) {
			/* the slow path names what is wrong with entry bad */
			char name[64];
			snprintf(name, sizeof(name), "log entry %llu",
			    (unsigned long long)bad);
			if (entry_slow(NULL, v.text.data + v.off[bad],
			    v.off[bad + 1] - v.off[bad], log->treaty,
			    log->party, bad, name, err) == 0)
				acc_err_set(err, ACC_EVERIFY, name,
				    "not an entry as accord writes them "
				    "(canonical JSON)");
			err->code = ACC_EVERIFY;
		}
	}
	/* each checkpoint signs the root at its size */
	for (i = 0; rc == 0 && i < v.n_cps; i++) {
		acc_tlog_hash root;
		rc = acc_tlog_root(v.cps[i].size, acc_tlog_mem_read, &v.mem,
		    root, err);
		if (rc == 0 && !acc_ct_equal(root, v.cps[i].root,
		    ACC_TLOG_HASH)) {
			char name[64];
			snprintf(name, sizeof(name), "checkpoint %llu",
			    (unsigned long long)v.cps[i].size);
			rc = acc_err_set(err, ACC_EVERIFY, name,
			    "the signed root does not match entries 0 to %llu",
			    (unsigned long long)(v.cps[i].size - 1));
		}
	}
	for (i = 0; rc == 0 && i < hr.n; i++)
		rc = verify_hash(&v, hr.nodes[i].level, hr.nodes[i].index,
		    hr.nodes[i].hash, ACC_TLOG_HASH);
	for (l = 0; l < 64; l++)
		total += v.mem.count[l];
	if (rc == 0 && v.hashes != total)
		rc = acc_err_set(err, ACC_EVERIFY, "log", "%llu stored hashes "
		    "are missing", (unsigned long long)(total - v.hashes));
	if (rc == 0) {
		r->entries = size;
		r->checkpoints = v.n_cps;
		r->hashes = v.hashes;
		rc = acc_tlog_root(size, acc_tlog_mem_read, &v.mem, r->root,
		    err);
	}
	acc_tlog_mem_dispose(&v.mem);
	acc_buf_dispose(&v.text);
	free(v.off);
	free(v.cps);
	free(hr.nodes);
	return rc;
}
