#!/usr/bin/env python3
"""Known-answer vectors for accord's salted Merkle sum tree.

An implementation of DESIGN.md section 3 ("Declaration commitment: a
salted Merkle sum tree") and docs/formats.md that shares no code with
lib/: its own RFC 8785 serialiser for the canonical items, its own New
START tallies, and its own tree. It writes tests/data/vectors/sumtree.json,
which tests/unit/test_sumtree.c and tests/unit/test_declaration.c check
the C implementation against.

    salt     = HMAC-SHA-256(secret, uid as UTF-8)
    leaf     = (SHA-256(0x00 || salt || canonical item), tally(item))
    interior = (SHA-256(0x01 || hL || enc(tL) || hR || enc(tR)), tL + tR)
    enc(t)   = each component as 8 bytes big-endian, two's complement
    shape    = RFC 9162: the left subtree holds the largest power of two
               strictly below n
    empty    = (SHA-256(""), zeros)
    pad      = leaf of b'{"pad":true}' with salt
               HMAC-SHA-256(secret, "accord-pad/" + decimal index), tally 0

Usage: tools/sumtree-vectors.py [OUTPUT]   (default: the path above)

Standard library only (hashlib, hmac, json, base64). The output is the
same bytes on every run.
"""

import base64
import hashlib
import hmac
import json
import os
import sys

LIMITS = ["deployed_vehicles", "deployed_warheads", "launchers"]


# ---- RFC 8785 for strings, integers and objects ------------------------

def canon_string(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif c < 0x20:
            short = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f",
                     0x0D: "\\r"}
            out.append(short.get(c, "\\u%04x" % c))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def utf16_key(s):
    """Sort key: the string's UTF-16 code units (RFC 8785 3.2.3)."""
    b = s.encode("utf-16-be")
    return [int.from_bytes(b[i:i + 2], "big") for i in range(0, len(b), 2)]


def canon(v):
    if isinstance(v, bool) or v is None:
        raise ValueError("items hold no literals")
    if isinstance(v, int):
        if abs(v) > 2**53 - 1:
            raise ValueError("integer beyond 2^53-1")
        return str(v)
    if isinstance(v, str):
        return canon_string(v)
    if isinstance(v, dict):
        keys = sorted(v, key=utf16_key)
        return "{" + ",".join(canon_string(k) + ":" + canon(v[k])
                              for k in keys) + "}"
    raise ValueError("unexpected value %r" % (v,))


# ---- New START tallies (data/treaties/new-start.yaml, limits) -----------

def tally(item):
    t, s = item["type"], item["status"]
    w = item.get("warheads", 0)
    vehicles = 1 if t in ("icbm", "slbm", "heavy_bomber") and \
        s == "deployed" else 0
    warheads = (w if t in ("icbm", "slbm") and s == "deployed" else 0) + \
        (1 if t == "heavy_bomber" and s == "deployed" else 0)
    launchers = 1 if t in ("icbm_launcher", "slbm_launcher",
                           "heavy_bomber") and \
        s in ("deployed", "non_deployed", "test") else 0
    return [vehicles, warheads, launchers]


# ---- the tree ------------------------------------------------------------

def sha256(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.digest()


def enc(t):
    return b"".join((x & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "big") for x in t)


def join(l, r):
    (hl, tl), (hr, tr) = l, r
    return (sha256(b"\x01", hl, enc(tl), hr, enc(tr)),
            [a + b for a, b in zip(tl, tr)])


def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves, nl):
    if not leaves:
        return (sha256(b""), [0] * nl)
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return join(mth(leaves[:k], nl), mth(leaves[k:], nl))


def path(m, leaves, nl):
    """RFC 9162 2.1.3.1 PATH(m, D[n]): the leaf's sibling first."""
    n = len(leaves)
    if n <= 1:
        return []
    k = split(n)
    if m < k:
        return path(m, leaves[:k], nl) + [mth(leaves[k:], nl)]
    return path(m - k, leaves[k:], nl) + [mth(leaves[:k], nl)]


def b64(b):
    return base64.b64encode(b).decode("ascii")


def node_json(node):
    return {"hash": b64(node[0]), "tally": list(node[1])}


# ---- the cases -------------------------------------------------------------

# A small New START inventory; a case of n items takes the first n, so
# that every contained_in names an item of the same case.
ITEMS = [
    {"uid": "US-HB-0001", "type": "heavy_bomber", "status": "deployed",
     "facility": "US-MINOT", "facility_kind": "air_base", "warheads": 12,
     "name": "D\u00e9j\u00e0 vu", "attrs": {"model": "B-52H"}},
    {"uid": "US-LF-A01", "type": "icbm_launcher", "status": "deployed",
     "facility": "US-WARREN", "facility_kind": "icbm_base",
     "attrs": {"model": "Minuteman III silo"}},
    {"uid": "US-ICBM-0001", "type": "icbm", "status": "deployed",
     "facility": "US-WARREN", "facility_kind": "icbm_base", "warheads": 1,
     "contained_in": "US-LF-A01", "attrs": {"model": "Minuteman III"}},
    {"uid": "US-SL-0001", "type": "slbm_launcher", "status": "deployed",
     "facility": "US-KINGS-BAY", "facility_kind": "submarine_base",
     "name": "SSBN-730 tube \"1\""},
    {"uid": "US-SLBM-0001", "type": "slbm", "status": "deployed",
     "facility": "US-KINGS-BAY", "facility_kind": "submarine_base",
     "warheads": 4, "contained_in": "US-SL-0001",
     "attrs": {"model": "Trident II D5"}},
    {"uid": "US-ICBM-0002", "type": "icbm", "status": "non_deployed",
     "facility": "US-WARREN", "facility_kind": "icbm_base", "warheads": 0},
    {"uid": "US-HB-0002", "type": "heavy_bomber", "status": "test",
     "facility": "US-EDWARDS", "facility_kind": "test_range",
     "warheads": 0, "attrs": {"model": "B-1B", "note": "\u2708 test\\1"}},
    {"uid": "US-SL-0002", "type": "slbm_launcher",
     "status": "non_deployed", "facility": "US-KINGS-BAY",
     "facility_kind": "submarine_base"},
]

# Tallies for the encoding case: large components whose bytes fill all
# eight positions; tallies are counts, so never negative, and every
# partial sum stays below 2^53 as JSON integers must.
ENCODING_TALLIES = [[1, 2**40, 0], [3, 2**51 + 255, 2**48 + 1],
                    [2**50 + 65537, 7, 2**32 + 2]]


def secret_for(name):
    return hashlib.sha256(b"accord sumtree vectors: " +
                          name.encode("utf-8")).digest()


def make_case(name, items, pad_to=0, tallies=None):
    nl = len(LIMITS)
    secret = secret_for(name)
    order = sorted(items, key=lambda it: (it["facility"].encode("utf-8"),
                                          it["uid"].encode("utf-8")))
    leaves, rows = [], []
    for i, it in enumerate(order):
        text = canon(it)
        salt = hmac.new(secret, it["uid"].encode("utf-8"),
                        hashlib.sha256).digest()
        t = tallies[i] if tallies else tally(it)
        h = sha256(b"\x00", salt, text.encode("utf-8"))
        leaves.append((h, t))
        rows.append({"index": i, "uid": it["uid"], "item": text,
                     "salt": b64(salt), "leaf_hash": b64(h), "tally": t})
    for i in range(len(order), pad_to):
        text = '{"pad":true}'
        salt = hmac.new(secret, ("accord-pad/%d" % i).encode("ascii"),
                        hashlib.sha256).digest()
        h = sha256(b"\x00", salt, text.encode("utf-8"))
        leaves.append((h, [0] * nl))
        rows.append({"index": i, "pad": True, "item": text,
                     "salt": b64(salt), "leaf_hash": b64(h),
                     "tally": [0] * nl})
    root = mth(leaves, nl)
    for i, row in enumerate(rows):
        row["path"] = [node_json(p) for p in path(i, leaves, nl)]
    case = {"name": name, "secret_hex": secret.hex(),
            "tree_size": len(leaves),
            "new_start_tallies": tallies is None,
            "leaves": rows, "root": node_json(root)}
    return case


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out = argv[1] if len(argv) > 1 else os.path.join(
        here, "..", "tests", "data", "vectors", "sumtree.json")
    cases = [make_case("%d items" % n, ITEMS[:n]) for n in (0, 1, 2, 3, 5, 8)]
    cases.append(make_case("3 items padded to 5 leaves", ITEMS[:3],
                           pad_to=5))
    cases.append(make_case("tally encoding", ITEMS[:3],
                           tallies=ENCODING_TALLIES))
    doc = {
        "description": (
            "Known-answer vectors for accord's salted Merkle sum tree "
            "(DESIGN.md section 3, docs/formats.md). Each case gives the "
            "declaration secret (hex), the leaves in leaf order (items "
            "sorted bytewise by facility, then uid) with the exact "
            "canonical item text (RFC 8785), salt, leaf hash, tally and "
            "inclusion path (RFC 9162 PATH order, the leaf's sibling "
            "first), and the root. Hashes and salts are base64. "
            "new_start_tallies says whether the tallies are the items' "
            "New START tallies (limits in the order of 'limits') or "
            "arbitrary values that exercise the encoding."),
        "hashing": (
            "salt = HMAC-SHA-256(secret, uid); leaf = SHA-256(0x00 || "
            "salt || item); node = SHA-256(0x01 || hL || enc(tL) || hR || "
            "enc(tR)), tally tL + tR; enc = 8 bytes big-endian two's "
            "complement per component; empty tree = (SHA-256(''), zeros); "
            "pad leaf i = item '{\"pad\":true}', salt HMAC-SHA-256(secret, "
            "'accord-pad/' + decimal i), tally zeros"),
        "generator": "tools/sumtree-vectors.py",
        "limits": LIMITS,
        "cases": cases,
    }
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
