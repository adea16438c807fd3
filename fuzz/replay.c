/*
 * Runs a harness over saved inputs without libFuzzer, so that every build
 * (gcc or clang, with or without sanitizers) replays the corpora as
 * ordinary tests. Each argument is a corpus directory (every regular
 * file in it, in name order, dot files skipped) or a single file. Each
 * input is read into a buffer of exactly its size, so that a sanitizer
 * sees any read past its end, as it would under libFuzzer.
 *
 * Exit status: 0 when every input ran, 1 when none was found, 2 when a
 * path could not be read. A bug in the harnessed code aborts.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Corpus files are small; anything larger is a mistake in the corpus. */
#define REPLAY_FILE_MAX (16u << 20)

static int
run_file(const char *path, size_t *n_run)
{
	FILE *f = NULL;
	uint8_t *data = NULL;
	struct stat st;
	size_t size, got;
	int rc = 0;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "replay: %s: not a regular file\n", path);
		return 2;
	}
	if ((unsigned long long)st.st_size > REPLAY_FILE_MAX) {
		fprintf(stderr, "replay: %s: larger than %u bytes\n", path,
		    REPLAY_FILE_MAX);
		return 2;
	}
	size = (size_t)st.st_size;
	/* malloc(0) may return NULL: keep one byte, but pass size 0 */
	data = malloc(size ? size : 1);
	f = fopen(path, "rb");
	if (data == NULL || f == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path,
		    data == NULL ? "out of memory" : strerror(errno));
		rc = 2;
		goto done;
	}
	got = fread(data, 1, size, f);
	if (got != size || ferror(f)) {
		fprintf(stderr, "replay: %s: short read\n", path);
		rc = 2;
		goto done;
	}
	/* named first, so that a crash log says which input it was */
	printf("%s (%zu bytes)\n", path, size);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data, size);
	(*n_run)++;
done:
	if (f != NULL)
		fclose(f);
	free(data);
	return rc;
}

static int
skip_dots(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static int
run_dir(const char *dir, size_t *n_run)
{
	struct dirent **names = NULL;
	int n, i, rc = 0;

	n = scandir(dir, &names, skip_dots, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return 2;
	}
	for (i = 0; i < n; i++) {
		char path[4096];
		int len = snprintf(path, sizeof(path), "%s/%s", dir,
		    names[i]->d_name);
		if (len < 0 || (size_t)len >= sizeof(path)) {
			fprintf(stderr, "replay: %s/%s: path too long\n", dir,
			    names[i]->d_name);
			rc = 2;
		} else if (run_file(path, n_run) != 0) {
			rc = 2;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	size_t n_run = 0;
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s corpus-dir-or-file...\n", argv[0]);
		return 64;
	}
	for (i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			rc = 2;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], &n_run) != 0)
				rc = 2;
		} else if (run_file(argv[i], &n_run) != 0) {
			rc = 2;
		}
	}
	printf("replay: ran %zu inputs\n", n_run);
	if (rc != 0)
		return rc;
	if (n_run == 0) {
		fprintf(stderr, "replay: no inputs found\n");
		return 1;
	}
	return 0;
}
