/*
 * C2SP signed notes (Ed25519 signatures, type 0x01; timestamped Ed25519
 * cosignatures, type 0x04, per tlog-cosignature) and C2SP tlog
 * checkpoints, written and read strictly (../shared/specs/tlog-formats.md).
 *
 *   note:        text (ending in "\n"), "\n", then signature lines
 *   signature:   "— " name " " base64(key ID[4] || signature) "\n"
 *   checkpoint:  origin "\n" size "\n" base64(root) "\n" [extensions]
 */
#ifndef ACC_NOTE_H
#define ACC_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/crypto.h>
#include <accord/err.h>
#include <accord/keys.h>

#define ACC_NOTE_MAX (64u << 10)
#define ACC_NOTE_SIGS_MAX 100
#define ACC_CHECKPOINT_ORIGIN_MAX 256
/* key ID, then u64 time and a signature for a cosignature */
#define ACC_NOTE_SIG_MAX (4 + 8 + ACC_ED25519_SIG_LEN)

typedef struct acc_note_sig {
	char name[ACC_KEY_NAME_MAX + 1];
	uint32_t id;
	uint8_t sig[ACC_NOTE_SIG_MAX - 4];  /* after the key ID */
	size_t sig_len;
	bool verified;          /* by one of the keys given to open */
} acc_note_sig;

typedef struct acc_note {
	size_t text_len;        /* the signed text is note[0, text_len) */
	size_t n_sigs;
	acc_note_sig sigs[ACC_NOTE_SIGS_MAX];
} acc_note;

/*
 * Sign text (a valid note text, ending in "\n") with key, whose verifier
 * key is vk (type 0x01): out receives the whole note.
 */
ACC_NODISCARD int acc_note_sign(acc_buf *out, const char *text, size_t len,
    const acc_key *key, const acc_vkey *vk, acc_err *err);

/*
 * Parse a note strictly (UTF-8, no control character but "\n", split at
 * the last blank line, well-formed signature lines, at most
 * ACC_NOTE_SIGS_MAX, duplicates dropped) and check it against keys: a
 * signature whose name and key ID match one of them must verify (for a
 * type 0x04 key, as a cosignature of the checkpoint text), others are
 * ignored, and at least one must match and verify. ACC_EINVAL for a
 * malformed note, ACC_EVERIFY for a signature that fails or is missing.
 * n_keys may be 0 to parse only.
 */
ACC_NODISCARD int acc_note_open(acc_note *n, const char *note, size_t len,
    const acc_vkey *keys, size_t n_keys, const char *where, acc_err *err);

/*
 * Append a cosignature line (C2SP tlog-cosignature/v1, type 0x04) for
 * the checkpoint text of note at POSIX time `time` to out, which holds
 * the note.
 */
ACC_NODISCARD int acc_note_cosign(acc_buf *out, const char *text,
    size_t text_len, uint64_t time, const acc_key *key, const acc_vkey *vk,
    acc_err *err);

/* Append the signature line of s ("— name base64(id || sig)\n"). */
ACC_NODISCARD int acc_note_sig_line(acc_buf *out, const acc_note_sig *s,
    acc_err *err);

typedef struct acc_checkpoint {
	char origin[ACC_CHECKPOINT_ORIGIN_MAX + 1];
	uint64_t size;
	uint8_t root[ACC_SHA256_LEN];
	size_t n_extensions;
} acc_checkpoint;

/* The checkpoint text (origin, size, base64 root). */
ACC_NODISCARD int acc_checkpoint_text(acc_buf *out, const char *origin,
    uint64_t size, const uint8_t root[ACC_SHA256_LEN], acc_err *err);

/*
 * Parse a checkpoint text strictly: at least three lines, non-empty
 * origin, size 0|[1-9][0-9]* within int64, canonical base64 of 32 bytes,
 * non-empty extension lines, and SHA-256("") as the root of size 0.
 */
ACC_NODISCARD int acc_checkpoint_parse(acc_checkpoint *cp, const char *text,
    size_t len, const char *where, acc_err *err);

/*
 * Open a signed note (acc_note_open with keys, n_keys 0 to parse only)
 * and parse its text as a checkpoint; *text_len (optional) receives the
 * text's length.
 */
ACC_NODISCARD int acc_checkpoint_open(acc_checkpoint *cp, size_t *text_len,
    const char *note, size_t len, const acc_vkey *keys, size_t n_keys,
    const char *where, acc_err *err);

#endif
