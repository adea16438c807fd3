#!/usr/bin/env python3
"""Known answers for joint randomness (DESIGN.md section 3, docs/formats.md
"Joint randomness"), from the specification alone: commitments, seeds,
single draws below n and partial Fisher-Yates picks. Standard library only;
writes tests/data/vectors/jrand.json, the same bytes every time."""
import base64
import hashlib
import json
import os

TAG = b"accord-commit"


def commit(r):
    return hashlib.sha256(TAG + r).digest()


def seed(ri, rh, ident):
    return hashlib.sha256(ri + rh + ident.encode("utf-8")).digest()


def below(s, n, k):
    """One draw below n from counter k: (value, next k, rejected)."""
    limit = 2**64 - (2**64 % n)
    rejected = 0
    while True:
        h = hashlib.sha256(s + k.to_bytes(4, "big")).digest()
        k += 1
        x = int.from_bytes(h[:8], "big")
        if x < limit:
            return x % n, k, rejected
        rejected += 1


def pick(s, n, m, k=0):
    c = list(range(n))
    for i in range(m):
        j, k, _ = below(s, n - i, k)
        c[i], c[i + j] = c[i + j], c[i]
    return c[:m], k


def b64(b):
    return base64.b64encode(b).decode()


def r_of(label):
    return hashlib.sha256(b"jrand-vector " + label.encode()).digest()


def main():
    cases = []
    for label, ident, n, m in [
        ("one of one", "US-2022-01", 1, 1),
        ("one of two", "US-2022-02", 2, 1),
        ("three of ten", "RU-2023-07", 10, 3),
        ("all of five", "US-2011-01", 5, 5),
        ("five of 1000", "US-2019-04", 1000, 5),
        ("one of 17 sites", "RU-2016-10", 17, 1),
        ("none of four", "US-2024-03", 4, 0),
    ]:
        ri, rh = r_of(label + " inspecting"), r_of(label + " host")
        s = seed(ri, rh, ident)
        picks, k = pick(s, n, m)
        cases.append({
            "name": label, "id": ident,
            "r_inspecting": b64(ri), "r_host": b64(rh),
            "commit_inspecting": b64(commit(ri)),
            "commit_host": b64(commit(rh)),
            "seed": b64(s), "n": n, "m": m, "picks": picks, "counter": k,
        })
    # single draws, including bounds where rejection is likely
    draws = []
    s = seed(r_of("draws inspecting"), r_of("draws host"), "draws")
    for n in [1, 2, 3, 7, 1000003, 2**32 + 15, 2**63 + 1, 2**64 - 1]:
        k = 0
        vals = []
        rejected = 0
        for _ in range(12):
            v, k, r = below(s, n, k)
            vals.append(str(v))
            rejected += r
        draws.append({"n": str(n), "values": vals, "counter": k,
                      "rejected": rejected})
    out = {
        "generator": "tools/jrand-vectors.py",
        "draw_seed": b64(s),
        "cases": cases,
        "draws": draws,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "tests", "data", "vectors", "jrand.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
