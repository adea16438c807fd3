#!/usr/bin/env python3
"""Independent verifier for accord's transparency-log material.

Checks signed checkpoints, inclusion proofs and consistency proofs, and
computes Merkle tree roots, from the specifications alone:

  - C2SP signed-note v1.0.0 (Ed25519 signatures, type byte 0x01);
  - C2SP tlog-checkpoint v1.0.0 (and the tlog-witness rule that a
    checkpoint of size 0 carries SHA-256 of the empty string);
  - RFC 9162 section 2.1 (Merkle tree hash, PATH, PROOF and their
    verification algorithms);
  - RFC 8032 section 5.1 (Ed25519 verification, written here over
    Python integers; verification only).

It shares no code with lib/ or cli/. Standard library only.

Usage:
  tlog-verify.py checkpoint --vkey VKEY NOTEFILE
  tlog-verify.py inclusion --vkey VKEY --checkpoint NOTEFILE
                           --entry ENTRYFILE PROOF.json
  tlog-verify.py consistency --vkey VKEY --old OLDNOTE --new NEWNOTE
                             PROOF.json
  tlog-verify.py root [ENTRY...]
  tlog-verify.py selftest

Exit status: 0 the check passed; 1 the material was rejected (one line
on stderr says why); 2 a usage error, a file that cannot be read, or a
malformed --vkey argument.

Proof files are JSON objects:
  inclusion:   {"leaf_index": i, "tree_size": n, "hashes": [b64, ...]}
  consistency: {"old_size": m, "new_size": n, "hashes": [b64, ...]}
where each hash is the canonical standard base64 of 32 bytes. Other
members of the object are ignored; duplicate members are rejected.
"""

import argparse
import base64
import hashlib
import json
import os
import sys


class Reject(Exception):
    """The material under verification is invalid (exit status 1)."""


class InputError(Exception):
    """A file could not be read or an argument is malformed (exit 2)."""


# ---------------------------------------------------------------------
# Ed25519 verification (RFC 8032 section 5.1)
# ---------------------------------------------------------------------

# Field prime, group order and curve constant of edwards25519.
ED_P = 2 ** 255 - 19
ED_L = 2 ** 252 + 27742317777372353535851937790883648493
ED_D = (-121665 * pow(121666, ED_P - 2, ED_P)) % ED_P
# A square root of -1 modulo p (2^((p-1)/4)), used by point decoding.
ED_SQRT_M1 = pow(2, (ED_P - 1) // 4, ED_P)

# Points are kept in extended homogeneous coordinates (X, Y, Z, T) with
# x = X/Z, y = Y/Z and x*y = T/Z (RFC 8032 section 5.1.4).
ED_IDENTITY = (0, 1, 1, 0)


def ed_add(p, q):
    """Sum of two points; the formula is complete, so it also doubles."""
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % ED_P
    b = (y1 + x1) * (y2 + x2) % ED_P
    c = 2 * t1 * t2 * ED_D % ED_P
    d = 2 * z1 * z2 % ED_P
    e = b - a
    f = d - c
    g = d + c
    h = b + a
    return (e * f % ED_P, g * h % ED_P, f * g % ED_P, e * h % ED_P)


def ed_double(p):
    """Twice a point (the doubling formula of RFC 8032 section 5.1.4)."""
    x1, y1, z1, _ = p
    a = x1 * x1 % ED_P
    b = y1 * y1 % ED_P
    c = 2 * z1 * z1 % ED_P
    h = a + b
    e = h - (x1 + y1) * (x1 + y1)
    g = a - b
    f = c + g
    return (e * f % ED_P, g * h % ED_P, f * g % ED_P, e * h % ED_P)


def ed_scalar_mult(k, p):
    """[k]P by double-and-add from the most significant bit."""
    r = ED_IDENTITY
    for i in range(k.bit_length() - 1, -1, -1):
        r = ed_double(r)
        if (k >> i) & 1:
            r = ed_add(r, p)
    return r


def ed_equal(p, q):
    """Projective equality: X1/Z1 == X2/Z2 and Y1/Z1 == Y2/Z2."""
    x1, y1, z1, _ = p
    x2, y2, z2, _ = q
    return ((x1 * z2 - x2 * z1) % ED_P == 0 and
            (y1 * z2 - y2 * z1) % ED_P == 0)


def ed_decode_point(b):
    """Decode a 32-byte point (RFC 8032 section 5.1.3), or None.

    Non-canonical encodings are refused: a y coordinate >= p, and x = 0
    with the sign bit set. A y with no matching x is also refused.
    """
    if len(b) != 32:
        return None
    n = int.from_bytes(b, "little")
    sign = n >> 255
    y = n & ((1 << 255) - 1)
    if y >= ED_P:
        return None
    # x^2 = (y^2 - 1) / (d y^2 + 1) = u / v
    u = (y * y - 1) % ED_P
    v = (ED_D * y * y + 1) % ED_P
    # Candidate root x = u v^3 (u v^7)^((p-5)/8).
    x = u * pow(v, 3, ED_P) * pow(u * pow(v, 7, ED_P), (ED_P - 5) // 8,
                                  ED_P) % ED_P
    vx2 = v * x * x % ED_P
    if vx2 == u:
        pass
    elif vx2 == (-u) % ED_P:
        x = x * ED_SQRT_M1 % ED_P
    else:
        return None
    if x == 0 and sign == 1:
        return None
    if (x & 1) != sign:
        x = ED_P - x
    return (x, y, 1, x * y % ED_P)


# The base point B: y = 4/5, x even (RFC 8032 section 5.1).
_B_Y = 4 * pow(5, ED_P - 2, ED_P) % ED_P
ED_B = ed_decode_point(_B_Y.to_bytes(32, "little"))


def ed25519_verify(public_key, message, signature):
    """RFC 8032 section 5.1.7 verification of pure Ed25519.

    The check is the cofactorless group equation [S]B = R + [k]A, which
    the RFC allows in place of the cofactored one. S must be below L
    and both A and R must be canonical encodings of curve points.
    """
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a = ed_decode_point(public_key)
    if a is None:
        return False
    r_bytes = signature[:32]
    r = ed_decode_point(r_bytes)
    if r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= ED_L:
        return False
    # Ed25519 has an empty dom2 prefix and PH is the identity.
    k = int.from_bytes(hashlib.sha512(r_bytes + public_key +
                                      message).digest(), "little") % ED_L
    lhs = ed_scalar_mult(s, ED_B)
    rhs = ed_add(r, ed_scalar_mult(k, a))
    return ed_equal(lhs, rhs)


# ---------------------------------------------------------------------
# Strict base64 and hashes
# ---------------------------------------------------------------------

def b64_strict(s):
    """Decode canonical standard base64 (RFC 4648 section 4), or None.

    Only the +/ alphabet with = padding; the encoding must be the one a
    standard encoder would produce (padding present, unused bits zero).
    """
    if not isinstance(s, str):
        return None
    try:
        raw = base64.b64decode(s.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        return None
    if base64.b64encode(raw).decode("ascii") != s:
        return None
    return raw


def sha256(data):
    return hashlib.sha256(data).digest()


EMPTY_ROOT = sha256(b"")


def leaf_hash(entry):
    """RFC 9162: HASH(0x00 || entry)."""
    return sha256(b"\x00" + entry)


def node_hash(left, right):
    """RFC 9162: HASH(0x01 || left || right)."""
    return sha256(b"\x01" + left + right)


# ---------------------------------------------------------------------
# Merkle trees (RFC 9162 section 2.1)
# ---------------------------------------------------------------------

def split_point(n):
    """The largest power of two strictly less than n (n >= 2)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(entries):
    """MTH(D_n) from the definition of RFC 9162 section 2.1.1."""
    n = len(entries)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hash(entries[0])
    k = split_point(n)
    return node_hash(mth(entries[:k]), mth(entries[k:]))


def path(m, entries):
    """PATH(m, D_n) of RFC 9162 section 2.1.3.1, for 0 <= m < n."""
    n = len(entries)
    if n == 1:
        return []
    k = split_point(n)
    if m < k:
        return path(m, entries[:k]) + [mth(entries[k:])]
    return path(m - k, entries[k:]) + [mth(entries[:k])]


def subproof(m, entries, complete):
    """SUBPROOF(m, D_n, b) of RFC 9162 section 2.1.4.1."""
    n = len(entries)
    if m == n:
        return [] if complete else [mth(entries)]
    k = split_point(n)
    if m <= k:
        return subproof(m, entries[:k], complete) + [mth(entries[k:])]
    return subproof(m - k, entries[k:], False) + [mth(entries[:k])]


def proof(m, entries):
    """PROOF(m, D_n) of RFC 9162 section 2.1.4.1, for 0 < m <= n."""
    return subproof(m, entries, True)


def verify_inclusion(leaf_index, tree_size, leaf, hashes, root):
    """RFC 9162 section 2.1.3.2; True when the proof is valid."""
    if leaf_index < 0 or tree_size < 0 or leaf_index >= tree_size:
        return False
    fn = leaf_index
    sn = tree_size - 1
    r = leaf
    for p in hashes:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            # Right-shift both until LSB(fn) is set or fn is 0; the
            # condition is tested before each shift.
            while fn != 0 and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_hash, second_hash, hashes):
    """RFC 9162 section 2.1.4.2; True when the proof is valid.

    The cases the RFC leaves undefined follow tlog and tlog-witness:
    first == second needs an empty proof and equal roots, first == 0
    needs an empty proof.
    """
    if first < 0 or second < 0 or first > second:
        return False
    if first == second:
        return len(hashes) == 0 and first_hash == second_hash
    if first == 0:
        return len(hashes) == 0
    if len(hashes) == 0:
        return False
    path_ = list(hashes)
    if first & (first - 1) == 0:
        path_.insert(0, first_hash)
    fn = first - 1
    sn = second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path_[0]
    for c in path_[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while fn != 0 and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0


# ---------------------------------------------------------------------
# Signed notes (C2SP signed-note) and verifier keys
# ---------------------------------------------------------------------

SIG_TYPE_ED25519 = 0x01
SIG_PREFIX = "\u2014 "          # em dash U+2014, then a space
MAX_SIGNATURES = 100


def valid_key_name(name):
    """Non-empty, no Unicode space, no '+', no control character."""
    if not name or "+" in name:
        return False
    for ch in name:
        if ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7f:
            return False
    return True


def ed25519_key_id(name, public_key):
    """SHA-256(name || 0x0A || 0x01 || public key)[:4]."""
    return sha256(name.encode("utf-8") + b"\n" + bytes([SIG_TYPE_ED25519]) +
                  public_key)[:4]


class VerifierKey:
    """An Ed25519 note verifier key: name, 4-byte key ID, public key."""

    def __init__(self, text):
        parts = text.split("+", 2)
        if len(parts) != 3:
            raise InputError("verifier key: expected name+hex8+base64")
        name, id_hex, key_b64 = parts
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("verifier key: name is not valid UTF-8")
        if not valid_key_name(name):
            raise InputError("verifier key: invalid key name")
        if (len(id_hex) != 8 or
                any(c not in "0123456789abcdef" for c in id_hex)):
            raise InputError("verifier key: key ID is not 8 lowercase "
                             "hex digits")
        raw = b64_strict(key_b64)
        if raw is None:
            raise InputError("verifier key: key is not canonical base64")
        if len(raw) != 33 or raw[0] != SIG_TYPE_ED25519:
            raise InputError("verifier key: not an Ed25519 key (type 0x01 "
                             "and 32 bytes)")
        public_key = raw[1:]
        if ed_decode_point(public_key) is None:
            raise InputError("verifier key: public key is not a valid "
                             "curve point")
        key_id = ed25519_key_id(name, public_key)
        if key_id.hex() != id_hex:
            raise InputError("verifier key: key ID %s does not match the "
                             "key (computed %s)" % (id_hex, key_id.hex()))
        self.name = name
        self.key_id = key_id
        self.public_key = public_key


def open_note(data, vkey):
    """Verify a signed note; return its text (bytes, final \\n included).

    Strict parsing: valid UTF-8, no control character but \\n, text and
    signatures split at the last blank line, every signature line
    well-formed. Signatures by other keys (name or key ID different) are
    ignored; each one by vkey must verify, and there must be one.
    """
    try:
        s = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Reject("note is not valid UTF-8")
    for ch in s:
        if ord(ch) < 0x20 and ch != "\n":
            raise Reject("note contains control character U+%04X"
                         % ord(ch))
    split = data.rfind(b"\n\n")
    if split < 0:
        raise Reject("note has no blank line before its signatures")
    text = data[:split + 1]
    block = data[split + 2:]
    if not block:
        raise Reject("note has no signature lines")
    if not block.endswith(b"\n"):
        raise Reject("note does not end with a newline")
    lines = block[:-1].decode("utf-8").split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise Reject("note has more than %d signatures" % MAX_SIGNATURES)
    matched = 0
    for number, line in enumerate(lines, 1):
        if not line.startswith(SIG_PREFIX):
            raise Reject("signature line %d does not start with an em "
                         "dash and a space" % number)
        rest = line[len(SIG_PREFIX):]
        name, sep, sig_b64 = rest.partition(" ")
        if not sep or not valid_key_name(name):
            raise Reject("signature line %d: malformed key name" % number)
        sig = b64_strict(sig_b64)
        if sig is None:
            raise Reject("signature line %d: signature is not canonical "
                         "base64" % number)
        if len(sig) < 5:
            raise Reject("signature line %d: signature too short" % number)
        if name != vkey.name or sig[:4] != vkey.key_id:
            continue    # another key: ignored
        if len(sig) != 4 + 64 or not ed25519_verify(vkey.public_key, text,
                                                    sig[4:]):
            raise Reject("signature line %d: signature by %s+%s does not "
                         "verify" % (number, name, vkey.key_id.hex()))
        matched += 1
    if matched == 0:
        raise Reject("no signature by %s+%s" % (vkey.name,
                                                 vkey.key_id.hex()))
    return text


# ---------------------------------------------------------------------
# Checkpoints (C2SP tlog-checkpoint)
# ---------------------------------------------------------------------

INT64_MAX = 2 ** 63 - 1


class Checkpoint:
    def __init__(self, origin, size, root, extensions):
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions


def parse_size(s):
    """Decimal 0|[1-9][0-9]* that fits in int64, or None."""
    if not s or any(c not in "0123456789" for c in s):
        return None
    if len(s) > 1 and s[0] == "0":
        return None
    n = int(s)
    return n if n <= INT64_MAX else None


def parse_checkpoint_text(text):
    """Parse the (already verified) note text of a checkpoint."""
    s = text.decode("utf-8")
    if not s.endswith("\n"):
        raise Reject("checkpoint text does not end with a newline")
    lines = s[:-1].split("\n")
    if len(lines) < 3:
        raise Reject("checkpoint has fewer than 3 lines")
    origin, size_s, root_b64 = lines[:3]
    extensions = lines[3:]
    if not origin:
        raise Reject("checkpoint origin is empty")
    size = parse_size(size_s)
    if size is None:
        raise Reject("checkpoint size %r is not a canonical decimal "
                     "int64" % size_s)
    root = b64_strict(root_b64)
    if root is None or len(root) != 32:
        raise Reject("checkpoint root is not canonical base64 of 32 bytes")
    for ext in extensions:
        if not ext:
            raise Reject("checkpoint has an empty extension line")
    if size == 0 and root != EMPTY_ROOT:
        raise Reject("checkpoint of size 0 does not have the root "
                     "SHA-256(\"\")")
    return Checkpoint(origin, size, root, extensions)


def verify_checkpoint(data, vkey):
    """Verify a signed checkpoint note and parse it."""
    cp = parse_checkpoint_text(open_note(data, vkey))
    if cp.origin != vkey.name:
        sys.stderr.write("tlog-verify: warning: key name %s differs from "
                         "checkpoint origin %s\n" % (vkey.name, cp.origin))
    return cp


# ---------------------------------------------------------------------
# Proof files
# ---------------------------------------------------------------------

def _no_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise Reject("proof: duplicate member %r" % k)
        obj[k] = v
    return obj


def _no_constant(name):
    raise Reject("proof: %s is not valid JSON" % name)


def parse_proof(data, size_keys):
    """Parse a proof object: the integer members size_keys and hashes."""
    try:
        s = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Reject("proof: not valid UTF-8")
    try:
        obj = json.loads(s, object_pairs_hook=_no_duplicates,
                         parse_constant=_no_constant)
    except ValueError as e:
        raise Reject("proof: not JSON (%s)" % str(e).splitlines()[0])
    if not isinstance(obj, dict):
        raise Reject("proof: not a JSON object")
    values = []
    for key in size_keys:
        v = obj.get(key)
        if isinstance(v, bool) or not isinstance(v, int) or v < 0 or \
                v > INT64_MAX:
            raise Reject("proof: %s is not a non-negative integer" % key)
        values.append(v)
    hashes_in = obj.get("hashes")
    if not isinstance(hashes_in, list):
        raise Reject("proof: hashes is not an array")
    if len(hashes_in) > 64:
        raise Reject("proof: more than 64 hashes")
    hashes = []
    for i, h in enumerate(hashes_in):
        raw = b64_strict(h)
        if raw is None or len(raw) != 32:
            raise Reject("proof: hashes[%d] is not canonical base64 of 32 "
                         "bytes" % i)
        hashes.append(raw)
    return values, hashes


# ---------------------------------------------------------------------
# Sub-commands
# ---------------------------------------------------------------------

def read_file(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise InputError("%s: %s" % (path, e.strerror or str(e)))


def load_vkey(text):
    return VerifierKey(text)


def checked_checkpoint(path, vkey):
    data = read_file(path)
    try:
        return verify_checkpoint(data, vkey)
    except Reject as e:
        raise Reject("%s: %s" % (path, e))


def cmd_checkpoint(args):
    vkey = load_vkey(args.vkey)
    cp = checked_checkpoint(args.note, vkey)
    print("%s %d %s" % (cp.origin, cp.size, cp.root.hex()))


def cmd_inclusion(args):
    vkey = load_vkey(args.vkey)
    cp = checked_checkpoint(args.checkpoint, vkey)
    entry = read_file(args.entry)
    data = read_file(args.proof)
    try:
        (index, size), hashes = parse_proof(data, ("leaf_index",
                                                   "tree_size"))
    except Reject as e:
        raise Reject("%s: %s" % (args.proof, e))
    if size != cp.size:
        raise Reject("%s: tree_size %d is not the checkpoint size %d"
                     % (args.proof, size, cp.size))
    if index >= size:
        raise Reject("%s: leaf_index %d is not below tree_size %d"
                     % (args.proof, index, size))
    if not verify_inclusion(index, size, leaf_hash(entry), hashes, cp.root):
        raise Reject("%s: inclusion proof of leaf %d in tree of size %d "
                     "does not verify" % (args.proof, index, size))
    print("inclusion verified: leaf %d in %s tree of size %d"
          % (index, cp.origin, size))


def cmd_consistency(args):
    vkey = load_vkey(args.vkey)
    old = checked_checkpoint(args.old, vkey)
    new = checked_checkpoint(args.new, vkey)
    data = read_file(args.proof)
    try:
        (m, n), hashes = parse_proof(data, ("old_size", "new_size"))
    except Reject as e:
        raise Reject("%s: %s" % (args.proof, e))
    if old.origin != new.origin:
        raise Reject("checkpoints have different origins: %s and %s"
                     % (old.origin, new.origin))
    if m != old.size:
        raise Reject("%s: old_size %d is not the old checkpoint size %d"
                     % (args.proof, m, old.size))
    if n != new.size:
        raise Reject("%s: new_size %d is not the new checkpoint size %d"
                     % (args.proof, n, new.size))
    if m > n:
        raise Reject("%s: old_size %d is above new_size %d"
                     % (args.proof, m, n))
    if not verify_consistency(m, n, old.root, new.root, hashes):
        raise Reject("%s: consistency proof from size %d to %d does not "
                     "verify" % (args.proof, m, n))
    print("consistency verified: %s size %d to %d" % (new.origin, m, n))


def cmd_root(args):
    entries = [read_file(p) for p in args.entries]
    print(mth(entries).hex())


# ---------------------------------------------------------------------
# Self-test
# ---------------------------------------------------------------------

# RFC 8032 section 7.1, TEST 1 to TEST 3: (public key, message,
# signature), hex.
RFC8032_VECTORS = [
    ("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
     "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
    ("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
     "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
     "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
]

# The example of the C2SP signed-note specification (section "Example"):
# its verifier key and the note it signs. The note verifying under that
# key with this code's own Ed25519 is what confirms the bytes.
C2SP_VKEY = ("example.com/foo+530d903a+"
             "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
C2SP_NOTE = ("This is an example message.\n"
             "\n"
             "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXpp"
             "zi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
             ).encode("utf-8")

# The two-signature example of golang.org/x/mod/sumdb/note (package
# documentation): a text with two lines, signed by two keys.
GO_TEXT = ("If you think cryptography is the answer to your problem,\n"
           "then you don't know what your problem is.\n")
GO_PETER_VKEY = ("PeterNeumann+c74f20a3+"
                 "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
GO_ENOCH_VKEY = ("EnochRoot+af0cfe78+"
                 "ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop")
GO_PETER_SIG = ("\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pA"
                "cElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")
GO_ENOCH_SIG = ("\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOX"
                "m2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n")

VECTORS_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "..", "tests", "data", "vectors", "rfc6962.json")


class SelfTest:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, what, ok):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            sys.stderr.write("selftest: FAILED: %s\n" % what)

    def note_accepts(self, what, note, vkey_text, want_text=None):
        try:
            text = open_note(note, VerifierKey(vkey_text))
            ok = want_text is None or text == want_text
        except (Reject, InputError) as e:
            sys.stderr.write("selftest: %s: %s\n" % (what, e))
            ok = False
        self.check(what, ok)

    def note_rejects(self, what, note, vkey_text):
        try:
            open_note(note, VerifierKey(vkey_text))
            ok = False
        except Reject:
            ok = True
        self.check(what, ok)

    def raises(self, what, exc, fn, *a):
        try:
            fn(*a)
            ok = False
        except exc:
            ok = True
        self.check(what, ok)


def flip_bit(b, bit):
    out = bytearray(b)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def selftest_ed25519(t):
    # The base point encodes as 0x58 followed by 31 bytes 0x66.
    enc_b = (ED_B[1] | ((ED_B[0] & 1) << 255)).to_bytes(32, "little")
    t.check("base point encoding", enc_b == bytes([0x58] + [0x66] * 31))
    t.check("[L]B is the identity",
            ed_equal(ed_scalar_mult(ED_L, ED_B), ED_IDENTITY))
    for n, (pk_hex, msg_hex, sig_hex) in enumerate(RFC8032_VECTORS, 1):
        pk = bytes.fromhex(pk_hex)
        msg = bytes.fromhex(msg_hex)
        sig = bytes.fromhex(sig_hex)
        t.check("RFC 8032 TEST %d verifies" % n, ed25519_verify(pk, msg, sig))
        # One bit flipped in R, in S (low and top bit), in the key and
        # in the message.
        for bit in (0, 100, 255, 256, 300, 511):
            t.check("RFC 8032 TEST %d, signature bit %d flipped, rejected"
                    % (n, bit),
                    not ed25519_verify(pk, msg, flip_bit(sig, bit)))
        for bit in (0, 77, 254):
            t.check("RFC 8032 TEST %d, key bit %d flipped, rejected"
                    % (n, bit),
                    not ed25519_verify(flip_bit(pk, bit), msg, sig))
        if msg:
            t.check("RFC 8032 TEST %d, message bit flipped, rejected" % n,
                    not ed25519_verify(pk, flip_bit(msg, 3), sig))
        else:
            t.check("RFC 8032 TEST %d, one-byte message rejected" % n,
                    not ed25519_verify(pk, b"\x00", sig))
        # S + L satisfies the group equation but is not reduced.
        s = int.from_bytes(sig[32:], "little")
        big = sig[:32] + (s + ED_L).to_bytes(32, "little")
        t.check("RFC 8032 TEST %d with S + L rejected" % n,
                not ed25519_verify(pk, msg, big))
        t.check("RFC 8032 TEST %d, short signature rejected" % n,
                not ed25519_verify(pk, msg, sig[:63]))
    # Non-canonical encodings of the identity (0, 1): y = p + 1, and
    # x = 0 with the sign bit set.
    t.check("canonical identity decodes",
            ed_decode_point((1).to_bytes(32, "little")) is not None)
    t.check("y = p + 1 rejected",
            ed_decode_point((ED_P + 1).to_bytes(32, "little")) is None)
    t.check("x = 0 with sign bit rejected",
            ed_decode_point((1 | 1 << 255).to_bytes(32, "little")) is None)
    t.check("y = 2 (not on the curve) rejected",
            ed_decode_point((2).to_bytes(32, "little")) is None)


def selftest_notes(t):
    t.note_accepts("C2SP signed-note example verifies", C2SP_NOTE, C2SP_VKEY,
                   b"This is an example message.\n")
    t.check("C2SP example key ID",
            VerifierKey(C2SP_VKEY).key_id.hex() == "530d903a")
    t.note_rejects("C2SP example with altered text rejected",
                   C2SP_NOTE.replace(b"example", b"Example", 1), C2SP_VKEY)
    t.note_rejects("C2SP example with CRLF rejected",
                   C2SP_NOTE.replace(b".\n", b".\r\n", 1), C2SP_VKEY)
    t.note_rejects("C2SP example without final newline rejected",
                   C2SP_NOTE[:-1], C2SP_VKEY)
    t.note_rejects("C2SP example with a hyphen for the em dash rejected",
                   C2SP_NOTE.replace("\u2014".encode("utf-8"), b"-"),
                   C2SP_VKEY)
    t.note_rejects("C2SP example with a trailing blank line rejected",
                   C2SP_NOTE + b"\n", C2SP_VKEY)
    t.note_rejects("C2SP example with a tab rejected",
                   C2SP_NOTE.replace(b"an example", b"an\texample"),
                   C2SP_VKEY)
    t.note_rejects("invalid UTF-8 rejected",
                   C2SP_NOTE.replace(b"This", b"Th\xffs"), C2SP_VKEY)
    # A signature line whose name matches but key ID does not is
    # ignored; with no other line the note is rejected.
    sig = C2SP_NOTE.split(b" ")[-1].strip()
    raw = base64.b64decode(sig)
    other_id = base64.b64encode(bytes([raw[0] ^ 1]) + raw[1:])
    t.note_rejects("signature under another key ID ignored, none left",
                   C2SP_NOTE.replace(sig, other_id), C2SP_VKEY)
    t.note_rejects("signature under another name ignored, none left",
                   C2SP_NOTE.replace(b"\x94 example.com/foo ",
                                     b"\x94 example.com/bar "),
                   C2SP_VKEY)
    t.note_rejects("matching key, corrupt signature rejected",
                   C2SP_NOTE.replace(sig, base64.b64encode(
                       raw[:40] + bytes([raw[40] ^ 4]) + raw[41:])),
                   C2SP_VKEY)
    t.note_rejects("non-canonical signature base64 rejected",
                   C2SP_NOTE.replace(b"aQM=", b"aQN="), C2SP_VKEY)
    # The Go two-signature note: either key alone verifies it, and the
    # other's line is ignored.
    go_note = (GO_TEXT + "\n" + GO_PETER_SIG + GO_ENOCH_SIG).encode("utf-8")
    for vk in (GO_PETER_VKEY, GO_ENOCH_VKEY):
        t.note_accepts("Go note verifies with %s" % vk.split("+")[0],
                       go_note, vk, GO_TEXT.encode("utf-8"))
    t.note_rejects("Go note with the C2SP example key rejected", go_note,
                   C2SP_VKEY)
    # Adding an unknown key's line changes nothing; a line by a known key
    # that does not verify rejects the note.
    t.note_accepts("C2SP example plus an unknown signer verifies",
                   C2SP_NOTE + GO_ENOCH_SIG.encode("utf-8"), C2SP_VKEY)
    t.note_rejects("Go text with the C2SP signature rejected",
                   (GO_TEXT + "\n").encode("utf-8") +
                   C2SP_NOTE.split(b"\n\n")[1], C2SP_VKEY)
    # A text that itself has a blank line: the split is at the last one.
    t.note_rejects("text with a blank line, signature over part rejected",
                   b"Intro\n\n" + C2SP_NOTE, C2SP_VKEY)
    # Malformed verifier keys.
    t.raises("vkey with wrong key ID refused", InputError, VerifierKey,
             C2SP_VKEY.replace("530d903a", "530d903b"))
    t.raises("vkey with upper-case key ID refused", InputError, VerifierKey,
             C2SP_VKEY.replace("530d903a", "530D903A"))
    t.raises("vkey with a space in the name refused", InputError,
             VerifierKey, "example com+530d903a+" + C2SP_VKEY.split("+")[2])
    t.raises("vkey of another type refused", InputError, VerifierKey,
             "example.com/foo+530d903a+" + base64.b64encode(
                 b"\x04" + base64.b64decode(C2SP_VKEY.split("+")[2])[1:]
             ).decode())


def selftest_checkpoint_text(t):
    root = base64.b64encode(bytes(range(32))).decode()
    empty = base64.b64encode(EMPTY_ROOT).decode()

    def ok(what, text):
        try:
            parse_checkpoint_text(text.encode("utf-8"))
            t.check(what, True)
        except Reject as e:
            sys.stderr.write("selftest: %s: %s\n" % (what, e))
            t.check(what, False)

    def bad(what, text):
        t.raises(what, Reject, parse_checkpoint_text, text.encode("utf-8"))

    ok("checkpoint body", "example.com/log\n20852163\n%s\n" % root)
    ok("checkpoint body with extension", "o\n1\n%s\next\n" % root)
    ok("checkpoint of size 0", "o\n0\n%s\n" % empty)
    ok("checkpoint of size 2^63-1", "o\n%d\n%s\n" % (INT64_MAX, root))
    bad("two lines", "o\n1\n")
    bad("empty origin", "\n1\n%s\n" % root)
    bad("leading zero size", "o\n01\n%s\n" % root)
    bad("signed size", "o\n+1\n%s\n" % root)
    bad("size above int64", "o\n%d\n%s\n" % (INT64_MAX + 1, root))
    bad("root without padding", "o\n1\n%s\n" % root.rstrip("="))
    bad("root with non-zero pad bits", "o\n1\n%s\n" % (root[:-2] + "9="))
    bad("root of 31 bytes", "o\n1\n%s\n"
        % base64.b64encode(bytes(31)).decode())
    bad("URL-safe base64 root", "o\n1\n%s\n"
        % base64.b64encode(b"\xff" * 32).decode().replace("/", "_"))
    bad("empty extension line", "o\n1\n%s\n\n" % root)
    bad("size 0 with another root", "o\n0\n%s\n" % root)
    bad("size 0 with all-zero root", "o\n0\n%s\n"
        % base64.b64encode(bytes(32)).decode())


def selftest_vectors(t, path_):
    try:
        with open(path_, "rb") as f:
            vec = json.load(f)
    except (OSError, ValueError) as e:
        raise InputError("%s: %s" % (path_, e))
    leaves = [bytes.fromhex(h) for h in vec["leaves_hex"]]
    roots = {}
    for r in vec["roots"]:
        n = r["tree_size"]
        roots[n] = bytes.fromhex(r["root_hex"])
        t.check("root of size %d" % n, mth(leaves[:n]) == roots[n])
    # The 7-leaf example of RFC 9162 section 2.1.5: a..f are the leaf
    # hashes of d0..d5, j that of d6; g = (a, b), h = (c, d),
    # i = (e, f), k = (g, h), l = (i, j).
    d7 = leaves[:7]
    a, b, c, d, e, f, j = (leaf_hash(x) for x in d7)
    g, h, i = node_hash(a, b), node_hash(c, d), node_hash(e, f)
    k, l_ = node_hash(g, h), node_hash(i, j)
    t.check("RFC 9162 example: MTH", mth(d7) == node_hash(k, l_))
    t.check("RFC 9162 example: PATH(0) = [b, h, l]",
            path(0, d7) == [b, h, l_])
    t.check("RFC 9162 example: PATH(3) = [c, g, l]",
            path(3, d7) == [c, g, l_])
    t.check("RFC 9162 example: PATH(4) = [f, j, k]",
            path(4, d7) == [f, j, k])
    t.check("RFC 9162 example: PATH(6) = [i, k]", path(6, d7) == [i, k])
    t.check("RFC 9162 example: PROOF(3) = [c, d, g, l]",
            proof(3, d7) == [c, d, g, l_])
    t.check("RFC 9162 example: PROOF(4) = [l]", proof(4, d7) == [l_])
    t.check("RFC 9162 example: PROOF(6) = [i, j, k]",
            proof(6, d7) == [i, j, k])

    for case in vec["inclusion"]:
        m, n = case["leaf_index"], case["tree_size"]
        hashes = [bytes.fromhex(x) for x in case["hashes_hex"]]
        what = "inclusion %d/%d" % (m, n)
        t.check(what + " equals PATH", hashes == path(m, leaves[:n]))
        lh = leaf_hash(leaves[m])
        t.check(what + " verifies",
                verify_inclusion(m, n, lh, hashes, roots[n]))
        for idx in range(len(hashes)):
            for byte in (0, 31):
                bad = list(hashes)
                bad[idx] = flip_bit(bad[idx], byte * 8)
                t.check("%s, hash %d byte %d changed, rejected"
                        % (what, idx, byte),
                        not verify_inclusion(m, n, lh, bad, roots[n]))
        for dm in (-1, 1):
            t.check("%s, index %+d, rejected" % (what, dm),
                    not verify_inclusion(m + dm, n, lh, hashes, roots[n]))
            if 0 <= m + dm < len(leaves):
                t.check("%s, index %+d with that leaf, rejected"
                        % (what, dm),
                        not verify_inclusion(m + dm, n,
                                             leaf_hash(leaves[m + dm]),
                                             hashes, roots[n]))
        for dn in (-1, 1):
            if n + dn in roots:
                t.check("%s, size %+d with that root, rejected"
                        % (what, dn),
                        not verify_inclusion(m, n + dn, lh, hashes,
                                             roots[n + dn]))
        if hashes:
            t.check(what + ", last hash dropped, rejected",
                    not verify_inclusion(m, n, lh, hashes[:-1], roots[n]))
        t.check(what + ", extra hash, rejected",
                not verify_inclusion(m, n, lh, hashes + [roots[n]],
                                     roots[n]))
        t.check(what + ", wrong leaf, rejected",
                not verify_inclusion(m, n, leaf_hash(leaves[m] + b"\x00"),
                                     hashes, roots[n]))

    for case in vec["consistency"]:
        m, n = case["old_size"], case["new_size"]
        hashes = [bytes.fromhex(x) for x in case["hashes_hex"]]
        what = "consistency %d->%d" % (m, n)
        if m < n:
            t.check(what + " equals PROOF", hashes == proof(m, leaves[:n]))
        t.check(what + " verifies",
                verify_consistency(m, n, roots[m], roots[n], hashes))
        for idx in range(len(hashes)):
            for byte in (0, 31):
                bad = list(hashes)
                bad[idx] = flip_bit(bad[idx], byte * 8)
                t.check("%s, hash %d byte %d changed, rejected"
                        % (what, idx, byte),
                        not verify_consistency(m, n, roots[m], roots[n],
                                               bad))
        for dm, dn in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            m2, n2 = m + dm, n + dn
            if m2 not in roots or n2 not in roots:
                continue
            if m2 == 0 and not hashes:
                continue    # (0, n) with an empty proof is valid
            t.check("%s, sizes %d->%d with those roots, rejected"
                    % (what, m2, n2),
                    not verify_consistency(m2, n2, roots[m2], roots[n2],
                                           hashes))
            # With the roots unchanged, only a changed old size must
            # fail: like the tree size of an inclusion proof, the new
            # size is bound by the signed checkpoint alone (see below).
            if dm:
                t.check("%s, sizes %d->%d with the same roots, rejected"
                        % (what, m2, n2),
                        not verify_consistency(m2, n2, roots[m], roots[n],
                                               hashes))
        if hashes:
            t.check(what + ", last hash dropped, rejected",
                    not verify_consistency(m, n, roots[m], roots[n],
                                           hashes[:-1]))
        t.check(what + ", extra hash, rejected",
                not verify_consistency(m, n, roots[m], roots[n],
                                       hashes + [roots[n]]))
        if m != n:
            t.check(what + ", roots swapped, rejected",
                    not verify_consistency(m, n, roots[n], roots[m],
                                           hashes))
    # Why a proof's size must be that of a signed checkpoint: the proof
    # of leaf 5 of 8 also passes as leaf 5 of 7 against the same root,
    # and the proof 4 -> 8 also passes as 4 -> 7 against the same roots.
    t.check("inclusion 5/8 proof passes as 5/7 with the root of size 8",
            verify_inclusion(5, 7, leaf_hash(leaves[5]), path(5, leaves),
                             roots[8]))
    t.check("consistency 4->8 proof passes as 4->7 with the same roots",
            verify_consistency(4, 7, roots[4], roots[8], proof(4, leaves)))
    # The cases RFC 9162 leaves undefined.
    t.check("consistency 0->5 with empty proof verifies",
            verify_consistency(0, 5, EMPTY_ROOT, roots[5], []))
    t.check("consistency 0->5 with a hash rejected",
            not verify_consistency(0, 5, EMPTY_ROOT, roots[5], [roots[5]]))
    t.check("consistency 5->5 with different roots rejected",
            not verify_consistency(5, 5, roots[5], roots[4], []))
    t.check("consistency 6->5 rejected",
            not verify_consistency(6, 5, roots[6], roots[5],
                                   proof(5, leaves[:6])))
    t.check("inclusion 0/0 rejected",
            not verify_inclusion(0, 0, leaf_hash(leaves[0]), [],
                                 EMPTY_ROOT))
    # Proof files: strict JSON and hashes.
    good = json.dumps({"leaf_index": 1, "tree_size": 2,
                       "hashes": [base64.b64encode(roots[1]).decode()]})
    try:
        vals, hs = parse_proof(good.encode(), ("leaf_index", "tree_size"))
        t.check("proof JSON parses", vals == [1, 2] and hs == [roots[1]])
    except Reject:
        t.check("proof JSON parses", False)
    for what, text in (
            ("duplicate member", '{"leaf_index":1,"leaf_index":1,'
                                 '"tree_size":2,"hashes":[]}'),
            ("boolean index", '{"leaf_index":true,"tree_size":2,'
                              '"hashes":[]}'),
            ("float size", '{"leaf_index":1,"tree_size":2.0,"hashes":[]}'),
            ("negative index", '{"leaf_index":-1,"tree_size":2,'
                               '"hashes":[]}'),
            ("NaN", '{"leaf_index":NaN,"tree_size":2,"hashes":[]}'),
            ("short hash", '{"leaf_index":1,"tree_size":2,'
                           '"hashes":["AAAA"]}'),
            ("array", '[1,2]')):
        t.raises("proof JSON with %s rejected" % what, Reject, parse_proof,
                 text.encode(), ("leaf_index", "tree_size"))


def cmd_selftest(args):
    t = SelfTest()
    selftest_ed25519(t)
    selftest_notes(t)
    selftest_checkpoint_text(t)
    selftest_vectors(t, args.vectors)
    if t.failed:
        raise Reject("selftest: %d of %d checks failed"
                     % (t.failed, t.failed + t.passed))
    print("selftest: %d checks passed" % t.passed)


# ---------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------

class Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write("tlog-verify: %s\n" % message)
        sys.exit(2)


def main(argv):
    ap = Parser(prog="tlog-verify.py",
                description="Verify C2SP checkpoints and RFC 9162 proofs.")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("checkpoint", help="verify a signed checkpoint; "
                       "print origin, size and root (hex)")
    p.add_argument("--vkey", required=True, help="verifier key")
    p.add_argument("note", metavar="NOTEFILE")
    p.set_defaults(func=cmd_checkpoint)

    p = sub.add_parser("inclusion", help="verify an inclusion proof")
    p.add_argument("--vkey", required=True)
    p.add_argument("--checkpoint", required=True, metavar="NOTEFILE")
    p.add_argument("--entry", required=True, metavar="ENTRYFILE")
    p.add_argument("proof", metavar="PROOF.json")
    p.set_defaults(func=cmd_inclusion)

    p = sub.add_parser("consistency", help="verify a consistency proof")
    p.add_argument("--vkey", required=True)
    p.add_argument("--old", required=True, metavar="OLDNOTE")
    p.add_argument("--new", required=True, metavar="NEWNOTE")
    p.add_argument("proof", metavar="PROOF.json")
    p.set_defaults(func=cmd_consistency)

    p = sub.add_parser("root", help="print the RFC 9162 root of entries")
    p.add_argument("entries", nargs="*", metavar="ENTRY")
    p.set_defaults(func=cmd_root)

    p = sub.add_parser("selftest", help="known-answer tests")
    p.add_argument("--vectors", default=VECTORS_PATH,
                   help="RFC 6962 vectors (default: %(default)s)")
    p.set_defaults(func=cmd_selftest)

    args = ap.parse_args(argv)
    try:
        args.func(args)
    except Reject as e:
        sys.stderr.write("tlog-verify: %s\n" % e)
        return 1
    except InputError as e:
        sys.stderr.write("tlog-verify: %s\n" % e)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
