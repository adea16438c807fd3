/*
 * The capped growable buffer and whole-file reads and atomic writes. Every
 * file accord writes, other than secret keys, goes through
 * acc_file_write_atomic so that a killed process leaves old or new, never
 * half.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <accord/buf.h>

#include "arena.h"

static int
buf_reserve(acc_buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (extra > b->max || b->len > b->max - extra)
		return ACC_ELIMIT;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need) {
		if (ncap > ((size_t)-1) / 2) {
			ncap = need;
			break;
		}
		ncap *= 2;
	}
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	p = realloc(b->data, ncap);
	if (p == NULL)
		return ACC_ERR;
	/* the new part of a large buffer: populated at once */
	acc_mem_populate(p + b->cap, ncap - b->cap);
	b->data = p;
	b->cap = ncap;
	return 0;
}

int
acc_buf_reserve(acc_buf *b, size_t extra)
{
	return buf_reserve(b, extra);
}

int
acc_buf_append(acc_buf *b, const void *data, size_t len)
{
	int rc = buf_reserve(b, len);

	if (rc != 0)
		return rc;
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int
acc_buf_puts(acc_buf *b, const char *s)
{
	return acc_buf_append(b, s, strlen(s));
}

int
acc_buf_vprintf(acc_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, rc;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return ACC_ERR;
	rc = buf_reserve(b, (size_t)n);
	if (rc != 0)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
acc_buf_printf(acc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = acc_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void
acc_buf_reset(acc_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
acc_buf_dispose(acc_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

int
acc_file_read(acc_buf *b, const char *path, acc_err *err)
{
	struct stat st;
	int fd = -1;
	int rc = 0;
	char tmp[65536];

	acc_buf_reset(b);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return acc_err_set(err, ACC_ENOTFOUND, path,
			    "no such file");
		return acc_err_set(err, ACC_ERR, path, "cannot open: %s",
		    strerror(errno));
	}
	if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		rc = acc_err_set(err, ACC_EINVAL, path,
		    "expected a regular file");
		goto done;
	}
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > b->max) {
		rc = acc_err_set(err, ACC_ELIMIT, path,
		    "file is %lld bytes, the limit is %zu",
		    (long long)st.st_size, b->max);
		goto done;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		rc = buf_reserve(b, (size_t)st.st_size);
		if (rc != 0) {
			rc = acc_err_set(err, rc, path, "out of memory");
			goto done;
		}
	}
	for (;;) {
		ssize_t n = read(fd, tmp, sizeof(tmp));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = acc_err_set(err, ACC_ERR, path, "read failed: %s",
			    strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		rc = acc_buf_append(b, tmp, (size_t)n);
		if (rc != 0) {
			rc = acc_err_set(err, rc, path,
			    "file is larger than the limit of %zu bytes",
			    b->max);
			goto done;
		}
	}
	if (b->data == NULL) {
		rc = acc_buf_append(b, "", 0);
		if (rc != 0)
			rc = acc_err_set(err, rc, path, "out of memory");
	}
done:
	close(fd);
	return rc;
}

int
acc_file_write_atomic(const char *path, const void *data, size_t len,
    unsigned mode, acc_err *err)
{
	char tmp[4096];
	char dirbuf[4096];
	const char *p = data;
	int fd = -1, dfd = -1;
	int rc = 0;
	int n;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return acc_err_set(err, ACC_ELIMIT, path, "path too long");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    (mode_t)mode);
	if (fd < 0)
		return acc_err_set(err, ACC_ERR, path, "cannot create: %s",
		    strerror(errno));
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			rc = acc_err_set(err, ACC_ERR, path, "write failed: %s",
			    strerror(errno));
			goto done;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) != 0) {
		rc = acc_err_set(err, ACC_ERR, path, "fsync failed: %s",
		    strerror(errno));
		goto done;
	}
	close(fd);
	fd = -1;
	if (rename(tmp, path) != 0) {
		rc = acc_err_set(err, ACC_ERR, path, "rename failed: %s",
		    strerror(errno));
		goto done;
	}
	snprintf(dirbuf, sizeof(dirbuf), "%s", path);
	dfd = open(dirname(dirbuf), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return 0;
done:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return rc;
}

int
acc_file_write_secret(const char *path, const void *data, size_t len,
    acc_err *err)
{
	const char *p = data;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	int rc = 0;

	if (fd < 0)
		return acc_err_set(err, errno == EEXIST ? ACC_EEXISTS : ACC_ERR,
		    path, "cannot create secret file: %s", strerror(errno));
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = acc_err_set(err, ACC_ERR, path, "write failed: %s",
			    strerror(errno));
			break;
		}
		p += w;
		len -= (size_t)w;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = acc_err_set(err, ACC_ERR, path, "fsync failed: %s",
		    strerror(errno));
	close(fd);
	if (rc != 0)
		unlink(path);
	return rc;
}
