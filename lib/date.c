/*
 * Date parsing and formatting. Strict: a date is ten ASCII characters,
 * and a day that does not exist is an error, not a normalisation.
 */
#include <stdio.h>
#include <string.h>

#include <accord/date.h>

/* Days from civil, after Howard Hinnant's public-domain algorithm. */
static int32_t
days_from_civil(int y, unsigned m, unsigned d)
{
	int era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

static void
civil_from_days(int32_t days, int *y, unsigned *m, unsigned *d)
{
	int64_t z = (int64_t)days + 719468, era;
	unsigned doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (int)((int64_t)yoe + era * 400);
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

static unsigned
days_in_month(int y, unsigned m)
{
	static const unsigned dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

int
acc_date_parse(acc_date *out, const char *s, size_t len, const char *where,
    acc_err *err)
{
	int y = 0;
	unsigned m = 0, d = 0;
	size_t i;
	char q[300];

	if (len != 10 || s[4] != '-' || s[7] != '-')
		goto bad;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			goto bad;
	}
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		goto bad;
	*out = days_from_civil(y, m, d);
	return 0;
bad:
	acc_quote(q, sizeof(q), s, len);
	return acc_err_set(err, ACC_EINVAL, where,
	    "expected a date YYYY-MM-DD, got \"%s\"", q);
}

void
acc_date_format(char out[ACC_DATE_LEN], acc_date dt)
{
	int y;
	unsigned m, d;

	civil_from_days(dt, &y, &m, &d);
	if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
		snprintf(out, ACC_DATE_LEN, "0000-00-00");
		return;
	}
	snprintf(out, ACC_DATE_LEN, "%04d-%02u-%02u", y, m % 100u, d % 100u);
}

acc_date
acc_date_from_time(int64_t t)
{
	int64_t days = t / 86400;

	if (t < 0 && t % 86400 != 0)
		days--;
	return (acc_date)days;
}
