/*
 * The readable summary of a treaty definition, for people who want to
 * see what a definition says without reading its YAML.
 */
#include <stdio.h>
#include <string.h>

#include <accord/buf.h>
#include <accord/crypto.h>

#include "treaty_int.h"

static int
date_line(acc_buf *o, const char *label, acc_date d)
{
	char s[ACC_DATE_LEN];

	if (d == ACC_DATE_NONE)
		return acc_buf_printf(o, "  %-14s (open)\n", label);
	acc_date_format(s, d);
	return acc_buf_printf(o, "  %-14s %s\n", label, s);
}

int
acc_treaty_format(acc_buf *o, const acc_treaty *t, acc_err *err)
{
	uint8_t digest[ACC_SHA256_LEN];
	char hex[2 * ACC_SHA256_LEN + 1];
	size_t i, j, k;
	int rc = 0;

	acc_sha256(digest, t->text, t->text_len);
	acc_hex_encode(hex, digest, sizeof(digest));
	rc |= acc_buf_printf(o, "%s: %s\n", t->id, t->title);
	if (t->illustrative)
		rc |= acc_buf_puts(o, "ILLUSTRATIVE: not a negotiated text\n");
	rc |= acc_buf_printf(o, "sha256 %s\n\nDates\n", hex);
	rc |= date_line(o, "signed", t->signed_on);
	rc |= date_line(o, "in force", t->in_force);
	rc |= date_line(o, "limits apply", t->limits_apply);
	rc |= date_line(o, "expires", t->expires);
	rc |= acc_buf_puts(o, "\nParties\n");
	for (i = 0; i < t->n_parties; i++)
		rc |= acc_buf_printf(o, "  %-14s %s\n", t->parties[i].id,
		    t->parties[i].name);
	rc |= acc_buf_puts(o, "\nLimits\n");
	for (i = 0; i < t->n_limits; i++) {
		const struct acc_limit *l = &t->limits[i];
		char d[ACC_DATE_LEN];
		acc_date_format(d, l->applies_from);
		rc |= acc_buf_printf(o, "  %s (%s): at most %lld%s%s\n",
		    l->e.id, l->e.article, (long long)l->max,
		    l->applies_from != ACC_DATE_NONE ? ", from " : "",
		    l->applies_from != ACC_DATE_NONE ? d : "");
		rc |= acc_buf_printf(o, "    %s\n    rule: %s\n", l->e.name,
		    l->rule_text);
		for (j = 0; j < l->n_variants; j++)
			rc |= acc_buf_printf(o, "    variant %s: %s\n",
			    l->variants[j].e.id, l->variants[j].rule_text);
	}
	rc |= acc_buf_puts(o, "\nItem types\n");
	for (i = 0; i < t->n_types; i++) {
		const struct acc_itype *ty = &t->types[i];
		rc |= acc_buf_printf(o, "  %-16s %s (%s)", ty->e.id, ty->e.name,
		    ty->e.article);
		if (ty->carries_warheads) {
			if (ty->max_warheads >= 0)
				rc |= acc_buf_printf(o, "; up to %lld warheads",
				    (long long)ty->max_warheads);
			else
				rc |= acc_buf_puts(o, "; carries warheads");
		}
		if (ty->holds) {
			rc |= acc_buf_puts(o, "; holds");
			for (k = 0; k < t->n_types; k++)
				if (ty->holds & (1ull << k))
					rc |= acc_buf_printf(o, " %s",
					    t->types[k].e.id);
			rc |= acc_buf_printf(o, " (%u)", ty->capacity);
		}
		rc |= acc_buf_puts(o, "\n");
	}
	rc |= acc_buf_puts(o, "\nStatuses\n");
	for (i = 0; i < t->n_statuses; i++)
		rc |= acc_buf_printf(o, "  %-16s %s (%s)\n", t->statuses[i].id,
		    t->statuses[i].name, t->statuses[i].article);
	rc |= acc_buf_puts(o, "\nFacility kinds\n");
	for (i = 0; i < t->n_kinds; i++)
		rc |= acc_buf_printf(o, "  %-32s %s\n", t->kinds[i].id,
		    t->kinds[i].name);
	if (t->n_measures) {
		rc |= acc_buf_puts(o, "\nNotification-only measures\n");
		for (i = 0; i < t->n_measures; i++) {
			const struct acc_measure *m = &t->measures[i];
			rc |= acc_buf_printf(o, "  %-24s %s (%s)", m->e.id,
			    m->e.name, m->e.article);
			if (m->notice_hours >= 0)
				rc |= acc_buf_printf(o, "; %lld h notice",
				    (long long)m->notice_hours);
			rc |= acc_buf_puts(o, "\n");
		}
	}
	if (t->n_ntypes) {
		rc |= acc_buf_puts(o, "\nNotifications (accord notify TYPE "
		    "FIELD=VALUE...)\n");
		for (i = 0; i < t->n_ntypes; i++) {
			const struct acc_ntype *nt = &t->ntypes[i];
			rc |= acc_buf_printf(o, "  %-18s %s\n", nt->e.id,
			    nt->e.name);
			rc |= acc_buf_puts(o, "                    ");
			for (j = 0; j < nt->n_fields; j++)
				rc |= acc_buf_printf(o, "%s%s: %s%s", j ? ", " :
				    "", nt->fields[j].id,
				    acc_nkind_names[nt->fields[j].kind],
				    nt->fields[j].required ? "" : "?");
			if (nt->lead_hours >= 0)
				rc |= acc_buf_printf(o, "; %s at least %lld h "
				    "ahead", nt->lead_field,
				    (long long)nt->lead_hours);
			rc |= acc_buf_puts(o, "\n");
		}
	}
	if (t->n_ikinds) {
		char from[ACC_DATE_LEN] = "open";
		if (t->insp_from != ACC_DATE_NONE)
			acc_date_format(from, t->insp_from);
		rc |= acc_buf_printf(o, "\nInspections (%s; from %s, quotas "
		    "per treaty year; accord inspect)\n", t->insp_article,
		    from);
		for (i = 0; i < t->n_ikinds; i++) {
			const struct acc_ikind *ik = &t->ikinds[i];
			const char *sep = "";
			rc |= acc_buf_printf(o, "  %-16s %s (%s): %lld a year, "
			    "%lld drawn per site\n                   sites:",
			    ik->e.id, ik->e.name, ik->e.article,
			    (long long)ik->quota, (long long)ik->draws);
			for (j = 0; j < t->n_kinds; j++)
				if (ik->sites[j]) {
					rc |= acc_buf_printf(o, "%s %s", sep,
					    t->kinds[j].id);
					sep = ",";
				}
			rc |= acc_buf_puts(o, "\n                   items:");
			sep = "";
			for (j = 0; j < t->n_types; j++)
				if (ik->items >> j & 1) {
					rc |= acc_buf_printf(o, "%s %s", sep,
					    t->types[j].e.id);
					sep = ",";
				}
			rc |= acc_buf_puts(o, "\n");
		}
	}
	if (t->n_exchange_dates) {
		rc |= acc_buf_printf(o, "\nData exchange (%s)\n  as of",
		    t->exchange_article);
		for (i = 0; i < t->n_exchange_dates; i++)
			rc |= acc_buf_printf(o, " %02u-%02u",
			    t->exchange_md[i] / 100, t->exchange_md[i] % 100);
		rc |= acc_buf_printf(o, " each year, due within %lld days\n",
		    (long long)t->exchange_due_days);
	}
	if (rc != 0)
		return acc_err_set(err, ACC_ELIMIT, t->id,
		    "summary larger than the output limit");
	return 0;
}
