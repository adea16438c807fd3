/*
 * A growable byte buffer with a hard cap fixed at init: every read of
 * external input and every formatted output goes through one.
 */
#ifndef ACCORD_BUF_H
#define ACCORD_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include <accord/err.h>

typedef struct acc_buf {
	char *data;   /* NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t cap;
	size_t max;   /* appends beyond this fail with ACC_ELIMIT */
} acc_buf;

#define ACC_BUF_INIT(maxlen) { NULL, 0, 0, (maxlen) }

/* Append len bytes. ACC_ELIMIT past max, ACC_ERR out of memory. */
ACC_NODISCARD int acc_buf_append(acc_buf *b, const void *data, size_t len);
/* Append a NUL-terminated string. */
ACC_NODISCARD int acc_buf_puts(acc_buf *b, const char *s);
/* Append printf-style text. */
ACC_NODISCARD int acc_buf_printf(acc_buf *b, const char *fmt, ...)
    ACC_PRINTF(2, 3);
ACC_NODISCARD int acc_buf_vprintf(acc_buf *b, const char *fmt, va_list ap);
/*
 * Make room for extra more bytes: b->data + b->len then has extra + 1
 * writable bytes, for a writer that fills them and advances b->len itself
 * (keeping the NUL after the contents). Errors as acc_buf_append.
 */
ACC_NODISCARD int acc_buf_reserve(acc_buf *b, size_t extra);
/* Forget the contents, keep the memory. */
void acc_buf_reset(acc_buf *b);
/* Free the memory; b may be reused after ACC_BUF_INIT. Accepts NULL. */
void acc_buf_dispose(acc_buf *b);

/*
 * Keep the memory that large buffers free in the process for their next
 * use, instead of handing it back to the system (glibc: large blocks come
 * from the heap rather than from mmap, and the heap is not trimmed). A
 * process that makes or checks large declarations or logs more than once,
 * a node above all, then reuses pages it has already touched; on virtual
 * machines the first write to a fresh page can cost more than the work
 * done on it. The peak memory of the process stays with it until it
 * exits. Call once, at the start of main, before any thread is started.
 */
void acc_mem_keep(void);

/*
 * Read a whole file into b (reset first). ACC_ENOTFOUND when it does not
 * exist, ACC_ELIMIT when larger than b->max, ACC_ERR on I/O errors; err
 * names the path.
 */
ACC_NODISCARD int acc_file_read(acc_buf *b, const char *path, acc_err *err);

/*
 * Write a secret to path: created exclusively (ACC_EEXISTS when path
 * exists, a symbolic link included), mode 0600, synced; removed again
 * when writing fails.
 */
ACC_NODISCARD int acc_file_write_secret(const char *path, const void *data,
    size_t len, acc_err *err);

/*
 * Write data to path atomically: a temporary file in the same directory,
 * fsync, rename, fsync of the directory. mode is the new file's mode.
 */
ACC_NODISCARD int acc_file_write_atomic(const char *path, const void *data,
    size_t len, unsigned mode, acc_err *err);

#endif
