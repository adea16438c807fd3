/*
 * Calendar dates as days since 1970-01-01 (proleptic Gregorian, UTC).
 */
#ifndef ACCORD_DATE_H
#define ACCORD_DATE_H

#include <stddef.h>
#include <stdint.h>

#include <accord/err.h>

typedef int32_t acc_date;

#define ACC_DATE_NONE INT32_MIN
#define ACC_DATE_LEN 11 /* "YYYY-MM-DD" and NUL */

/*
 * Parse exactly "YYYY-MM-DD" (years 1900-9999, a real day of that month)
 * into *out. ACC_EINVAL otherwise; err names `where`.
 */
ACC_NODISCARD int acc_date_parse(acc_date *out, const char *s, size_t len,
    const char *where, acc_err *err);

/* Format d as "YYYY-MM-DD" into out (ACC_DATE_LEN bytes). */
void acc_date_format(char out[ACC_DATE_LEN], acc_date d);

/* The date of a POSIX time, in UTC. */
acc_date acc_date_from_time(int64_t t);

#endif
