#!/usr/bin/env python3
"""Check the sample inventories in data/samples/ against the treaty rules.

Independent of generate.py: reads every CSV with the csv module, checks the
format and the validity and consistency rules, counts each New START sample
with the Article II/III rules and compares the result with the official
aggregates, checks that consecutive samples of a party describe one force
(no UID disappears, type and model never change, every difference is a
move, a status, warhead or containment change, a new item, an elimination
or a conversion), and checks the successor-draft extras.

Usage: python3 data/samples/check.py [--aggregates FILE]
Exit status 0 when everything holds, 1 otherwise.
"""

import argparse
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

HEADER_NS = ["record", "id", "type", "status", "facility", "warheads",
             "contained_in", "name", "model", "location", "submarine"]
HEADER_SUCCESSOR = HEADER_NS[:10] + ["role"]
META_KEYS = ["format", "treaty", "party", "as_of"]

ITEM_TYPES = {"icbm", "slbm", "icbm_launcher", "slbm_launcher", "heavy_bomber"}
MISSILES = {"icbm", "slbm"}
LAUNCHERS = {"icbm_launcher", "slbm_launcher"}
CARRIERS = {"icbm", "slbm", "heavy_bomber"}
STATUSES = {"deployed", "non_deployed", "test", "converted", "eliminated"}
KINDS = {"icbm_base", "submarine_base", "air_base", "test_range",
         "training_facility", "storage_facility", "repair_facility",
         "production_facility", "loading_facility",
         "conversion_elimination_facility", "space_launch_facility"}
SUCCESSOR_KINDS = KINDS | {"warhead_storage", "interceptor_site"}
SUCCESSOR_TYPES = {"warhead", "hgv", "interceptor"}
NON_DEPLOYED_MISSILE_SITES = {"storage_facility", "loading_facility",
                              "repair_facility", "production_facility",
                              "test_range"}
# Warheads a deployed missile of each model may carry.
WARHEADS = {
    "Minuteman III": (1, 3), "Trident II D5": (1, 8), "RS-24 Yars": (1, 4),
    "RS-12M2 Topol-M": (1, 1), "RS-12M Topol": (1, 1),
    "RS-20V Voevoda": (1, 10), "UR-100NUTTKh": (1, 6),
    "R-29RMU2 Sineva": (1, 4), "RSM-56 Bulava": (1, 6),
}
LEGACY_MISSILES = {"Peacekeeper"}   # accountable, never deployed here
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Successor-draft figures for 1 September 2022 (FAS estimates, early 2022).
SUCCESSOR_FIGURES = {
    "US": {("warhead", "non_strategic", "deployed"): 100,
           ("warhead", "non_strategic", "non_deployed"): 100,
           ("warhead", "strategic", "non_deployed"): 1864,
           ("interceptor", "", "deployed"): 44},
    "RU": {("warhead", "non_strategic", "non_deployed"): 1912,
           ("warhead", "strategic", "non_deployed"): 977,
           ("interceptor", "", "deployed"): 68},
}
US_INTERCEPTOR_SITES = {"Fort Greely": 40, "Vandenberg": 4}


class Report:
    def __init__(self):
        self.errors = 0

    def error(self, where, msg):
        self.errors += 1
        if self.errors <= 200:
            print("error: %s: %s" % (where, msg))


class Sample:
    """One parsed inventory file."""

    def __init__(self, path, rel):
        self.path = path
        self.rel = rel
        self.meta = {}
        self.facilities = {}    # id -> row dict
        self.items = {}         # id -> row dict
        self.lines = {}         # id -> line number


def load(path, rel, header, kinds, report):
    s = Sample(path, rel)
    with open(path, newline="", encoding="utf-8") as fh:
        data = fh.read()
    if "\r" in data:
        report.error(rel, "line endings must be LF")
    rows = list(csv.reader(data.splitlines()))
    if not rows or rows[0] != header:
        report.error(rel + ":1", "expected header %s" % ",".join(header))
        return s
    phase = 0   # 0 meta, 1 facilities, 2 items
    last = {"facility": "", "item": ""}
    for n, row in enumerate(rows[1:], start=2):
        where = "%s:%d" % (rel, n)
        if len(row) != len(header):
            report.error(where, "expected %d fields, got %d" % (len(header), len(row)))
            continue
        r = dict(zip(header, row))
        rec = r["record"]
        if rec == "meta":
            if phase != 0:
                report.error(where, "meta row after facilities or items")
            rest = [v for k, v in r.items() if k not in ("record", "id", "name")]
            if any(rest):
                report.error(where, "meta row has values outside id and name")
            s.meta[r["id"]] = r["name"]
            continue
        if rec == "facility":
            if phase > 1:
                report.error(where, "facility row after items")
            phase = 1
            if r["id"] in s.facilities:
                report.error(where, "duplicate facility %s" % r["id"])
            if not ID_RE.match(r["id"]):
                report.error(where, "bad facility id %r" % r["id"])
            if r["type"] not in kinds:
                report.error(where, "unknown facility kind %r" % r["type"])
            if not r["name"]:
                report.error(where, "facility without a name")
            extra = [k for k, v in r.items() if v and k not in
                     ("record", "id", "type", "name", "location")]
            if extra:
                report.error(where, "facility row has %s" % ",".join(extra))
            if r["id"] < last["facility"]:
                report.error(where, "facilities not sorted by id")
            last["facility"] = r["id"]
            s.facilities[r["id"]] = r
            continue
        if rec == "item":
            phase = 2
            if r["id"] in s.items:
                report.error(where, "duplicate UID %s" % r["id"])
            if not ID_RE.match(r["id"]):
                report.error(where, "bad UID %r" % r["id"])
            if r["id"] < last["item"]:
                report.error(where, "items not sorted by id")
            last["item"] = r["id"]
            s.items[r["id"]] = r
            s.lines[r["id"]] = n
            continue
        report.error(where, "unknown record %r" % rec)
    if list(s.meta) != META_KEYS:
        report.error(rel, "meta rows must be %s in this order, got %s"
                     % (META_KEYS, list(s.meta)))
    return s


def check_header_meta(s, treaty, party, as_of, report):
    want = {"format": "accord-inventory/1", "treaty": treaty,
            "party": party, "as_of": as_of}
    for k, v in want.items():
        if s.meta.get(k) != v:
            report.error(s.rel, "meta %s is %r, expected %r" % (k, s.meta.get(k), v))


def check_new_start(s, report):
    """Validity and consistency rules of one New START sample."""
    kind = {f: r["type"] for f, r in s.facilities.items()}
    contents = {}
    for uid, r in s.items.items():
        where = "%s:%d %s" % (s.rel, s.lines[uid], uid)
        t, st, fac, wh = r["type"], r["status"], r["facility"], r["warheads"]
        if t not in ITEM_TYPES:
            report.error(where, "unknown item type %r" % t)
            continue
        if st not in STATUSES:
            report.error(where, "unknown status %r" % st)
        if fac not in kind:
            report.error(where, "facility %r not defined in the file" % fac)
            continue
        if r["name"] or r["location"]:
            report.error(where, "items take no name or location")
        if not r["model"]:
            report.error(where, "item without a model")
        # warheads
        if t in CARRIERS:
            if not re.fullmatch(r"[0-9]+", wh):
                report.error(where, "warheads must be a non-negative integer, got %r" % wh)
                continue
            n = int(wh)
            if t == "heavy_bomber" and n != 0:
                report.error(where, "bombers carry 0 in the samples, got %d" % n)
            if t in MISSILES:
                if st == "deployed":
                    if r["model"] not in WARHEADS:
                        report.error(where, "no warhead range for model %r" % r["model"])
                    else:
                        lo, hi = WARHEADS[r["model"]]
                        if not lo <= n <= hi:
                            report.error(where, "%s carries %d..%d warheads, got %d"
                                         % (r["model"], lo, hi, n))
                elif n != 0:
                    report.error(where, "a %s missile carries 0 warheads, got %d" % (st, n))
                if r["model"] not in WARHEADS and r["model"] not in LEGACY_MISSILES:
                    report.error(where, "unknown missile model %r" % r["model"])
        elif wh != "":
            report.error(where, "a %s has no warheads column value" % t)
        # containment
        c = r["contained_in"]
        if c:
            host = s.items.get(c)
            if host is None:
                report.error(where, "contained_in %r is not an item of the file" % c)
            elif t not in MISSILES or host["type"] != t + "_launcher":
                report.error(where, "a %s cannot be contained in a %s" % (t, host["type"]))
            elif host["facility"] != fac:
                report.error(where, "container %s is at %s, item at %s"
                             % (c, host["facility"], fac))
            if c in contents:
                report.error(where, "launcher %s already holds %s" % (c, contents[c]))
            contents[c] = uid
        # submarine attribute
        sub = r["submarine"]
        if t == "slbm_launcher" and not sub:
            report.error(where, "SLBM launcher without submarine")
        elif t == "slbm":
            want = s.items[c]["submarine"] if c in s.items else ""
            if sub != want:
                report.error(where, "submarine %r, its launcher says %r" % (sub, want))
        elif t not in ("slbm_launcher", "slbm") and sub:
            report.error(where, "only SLBMs and their launchers name a submarine")
        # status and location
        k = kind[fac]
        if st == "eliminated" and k != "conversion_elimination_facility":
            report.error(where, "eliminated item at %s (%s)" % (fac, k))
        if t in MISSILES:
            if st not in ("deployed", "non_deployed", "eliminated"):
                report.error(where, "a missile cannot be %s" % st)
            if st == "deployed":
                if not c:
                    report.error(where, "deployed missile not in a launcher")
                elif c in s.items and s.items[c]["status"] != "deployed":
                    report.error(where, "deployed missile in a %s launcher"
                                 % s.items[c]["status"])
            elif c:
                report.error(where, "a %s missile is in launcher %s" % (st, c))
            if st == "non_deployed" and k not in NON_DEPLOYED_MISSILE_SITES:
                report.error(where, "non-deployed missile at %s (%s)" % (fac, k))
        if t in LAUNCHERS:
            if st == "test" and k != "test_range":
                report.error(where, "test launcher at %s (%s)" % (fac, k))
            if st in ("deployed", "non_deployed") and t == "icbm_launcher" and k != "icbm_base":
                report.error(where, "ICBM launcher at %s (%s)" % (fac, k))
            if t == "slbm_launcher" and st != "eliminated" and k != "submarine_base":
                report.error(where, "SLBM launcher at %s (%s)" % (fac, k))
        if t == "heavy_bomber":
            need = {"deployed": {"air_base"}, "test": {"test_range"},
                    "non_deployed": {"repair_facility", "production_facility"}}
            if st in need and k not in need[st]:
                report.error(where, "%s heavy bomber at %s (%s)" % (st, fac, k))
    for uid, r in s.items.items():
        if r["type"] not in LAUNCHERS:
            continue
        where = "%s:%d %s" % (s.rel, s.lines[uid], uid)
        held = contents.get(uid)
        if r["status"] == "deployed" and not held:
            report.error(where, "deployed launcher is empty")
        if r["status"] in ("non_deployed", "converted", "eliminated") and held:
            report.error(where, "%s launcher holds %s" % (r["status"], held))


def count(s):
    """New START Article II/III counts of one sample."""
    dv = dw = lau = 0
    for r in s.items.values():
        t, st = r["type"], r["status"]
        if t in CARRIERS and st == "deployed":
            dv += 1
            dw += 1 if t == "heavy_bomber" else int(r["warheads"])
        if t in LAUNCHERS | {"heavy_bomber"} and st in ("deployed", "non_deployed", "test"):
            lau += 1
    return dv, dw, lau


def compare(prev, cur, report):
    """Describe the differences between two consecutive samples of a party."""
    changes = {"moved": 0, "status": 0, "warheads": 0, "contained_in": 0,
               "new": 0, "eliminated": 0, "converted": 0}
    items_changed = 0
    cur_kind = {f: r["type"] for f, r in cur.facilities.items()}
    for uid, a in prev.items.items():
        b = cur.items.get(uid)
        where = "%s %s" % (cur.rel, uid)
        if b is None:
            report.error(where, "UID present in %s disappeared" % prev.rel)
            continue
        if (a["type"], a["model"]) != (b["type"], b["model"]):
            report.error(where, "type/model changed from %s/%s to %s/%s"
                         % (a["type"], a["model"], b["type"], b["model"]))
        if a["status"] in ("eliminated", "converted") and b["status"] != a["status"]:
            report.error(where, "%s item became %s" % (a["status"], b["status"]))
        changed = False
        if a["status"] != b["status"]:
            changed = True
            if b["status"] == "eliminated":
                changes["eliminated"] += 1
                if cur_kind.get(b["facility"]) != "conversion_elimination_facility":
                    report.error(where, "eliminated away from an elimination facility")
            elif b["status"] == "converted":
                changes["converted"] += 1
            else:
                changes["status"] += 1
        if a["facility"] != b["facility"]:
            changed = True
            if b["status"] != "eliminated":
                changes["moved"] += 1
        if a["warheads"] != b["warheads"]:
            changed = True
            if a["status"] == b["status"] == "deployed":
                changes["warheads"] += 1
        if a["contained_in"] != b["contained_in"]:
            changed = True
            changes["contained_in"] += 1
        elif a["submarine"] != b["submarine"]:
            report.error(where, "submarine changed without a change of launcher")
        for k in ("name", "location"):
            if a[k] != b[k]:
                report.error(where, "%s changed" % k)
        items_changed += changed
    changes["new"] = len(set(cur.items) - set(prev.items))
    return changes, items_changed


def check_successor(s, ns, report):
    party = s.meta.get("party")
    known = dict((f, r["type"]) for f, r in ns.facilities.items())
    for f, r in s.facilities.items():
        if f in ns.facilities:
            report.error(s.rel, "facility %s is already defined by %s" % (f, ns.rel))
        known[f] = r["type"]
    tally = {}
    hosts = set()
    for uid, r in s.items.items():
        where = "%s:%d %s" % (s.rel, s.lines[uid], uid)
        t, st, fac = r["type"], r["status"], r["facility"]
        if uid in ns.items:
            report.error(where, "UID already in %s" % ns.rel)
        if t not in SUCCESSOR_TYPES:
            report.error(where, "unknown successor item type %r" % t)
            continue
        if fac not in known:
            report.error(where, "facility %r defined neither here nor in %s" % (fac, ns.rel))
            continue
        if r["warheads"] or r["name"] or r["location"]:
            report.error(where, "warheads, name and location stay empty")
        role = r["role"]
        k = known[fac]
        if t == "warhead":
            if role not in ("strategic", "non_strategic"):
                report.error(where, "warhead role %r" % role)
            if st == "deployed" and (role != "non_strategic" or k != "air_base"):
                report.error(where, "only non-strategic warheads at air bases are deployed")
            if st == "non_deployed" and k not in ("warhead_storage", "storage_facility",
                                                  "loading_facility"):
                report.error(where, "stored warhead at %s (%s)" % (fac, k))
            if st not in ("deployed", "non_deployed"):
                report.error(where, "warhead status %r" % st)
            if r["contained_in"]:
                report.error(where, "warheads here are not contained")
        else:
            if role:
                report.error(where, "only warheads have a role")
            if st != "deployed":
                report.error(where, "%s must be deployed" % t)
            if not r["model"]:
                report.error(where, "%s without a model" % t)
        if t == "interceptor":
            if k != "interceptor_site":
                report.error(where, "interceptor at %s (%s)" % (fac, k))
            if r["contained_in"]:
                report.error(where, "interceptors are not contained")
        if t == "hgv":
            host = ns.items.get(r["contained_in"])
            if (host is None or host["type"] != "icbm"
                    or host["model"] != "UR-100NUTTKh" or host["status"] != "deployed"):
                report.error(where, "hgv must ride a deployed UR-100NUTTKh of %s" % ns.rel)
            elif host["facility"] != fac:
                report.error(where, "hgv at %s, its ICBM at %s" % (fac, host["facility"]))
            if r["contained_in"] in hosts:
                report.error(where, "two hgv on %s" % r["contained_in"])
            hosts.add(r["contained_in"])
        key = (t, role if t == "warhead" else "", st)
        tally[key] = tally.get(key, 0) + 1
    want = dict(SUCCESSOR_FIGURES[party])
    carriers = sorted(u for u, r in ns.items.items()
                      if r["type"] == "icbm" and r["model"] == "UR-100NUTTKh"
                      and r["status"] == "deployed" and r["facility"] == "RU-DOMBAROVSKY")
    if party == "RU":
        if not 4 <= len(carriers) <= 6:
            report.error(ns.rel, "%d deployed UR-100NUTTKh at Dombarovsky, expected 4 to 6"
                         % len(carriers))
        for u in carriers:
            if ns.items[u]["warheads"] != "1":
                report.error(ns.rel, "%s: an Avangard carrier counts 1 warhead" % u)
        if hosts != set(carriers):
            report.error(s.rel, "one hgv on each deployed UR-100NUTTKh at Dombarovsky")
        want[("hgv", "", "deployed")] = len(carriers)
    if party == "US":
        sites = {}
        for r in s.items.values():
            if r["type"] == "interceptor":
                name = s.facilities.get(r["facility"], {}).get("name", "")
                for site in US_INTERCEPTOR_SITES:
                    if site in name:
                        sites[site] = sites.get(site, 0) + 1
        if sites != US_INTERCEPTOR_SITES:
            report.error(s.rel, "interceptors by site %s, expected %s"
                         % (sites, US_INTERCEPTOR_SITES))
    if tally != want:
        report.error(s.rel, "figures %s, expected %s" % (sorted(tally.items()),
                                                         sorted(want.items())))
    return tally


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--aggregates", default=os.path.join(HERE, "newstart-aggregates.csv"),
                    help="official aggregates CSV (default: the copy next to this file)")
    args = ap.parse_args()
    report = Report()

    with open(args.aggregates, newline="", encoding="utf-8") as fh:
        official = {}
        for r in csv.DictReader(fh):
            if r["deployed_vehicles"]:
                official[(r["as_of"], r["party"])] = (
                    int(r["deployed_vehicles"]), int(r["deployed_warheads"]),
                    int(r["launchers"]))

    ns_dir = os.path.join(HERE, "new-start")
    found = set()
    for d in sorted(os.listdir(ns_dir)):
        for name in sorted(os.listdir(os.path.join(ns_dir, d))):
            found.add((d, os.path.splitext(name)[0]))
    for key in sorted(set(official) | found):
        if key not in found:
            report.error("new-start/%s/%s.csv" % key, "missing")
        elif key not in official:
            report.error("new-start/%s/%s.csv" % key, "no official aggregates for this date")

    samples = {}
    for as_of, party in sorted(found & set(official)):
        rel = "new-start/%s/%s.csv" % (as_of, party)
        s = load(os.path.join(HERE, rel), rel, HEADER_NS, KINDS, report)
        check_header_meta(s, "new-start", party, as_of, report)
        check_new_start(s, report)
        got = count(s)
        if got != official[(as_of, party)]:
            report.error(rel, "counts %s, official %s" % (got, official[(as_of, party)]))
        samples[(party, as_of)] = s

    print("New START samples (deployed vehicles, deployed warheads, launchers;"
          " items changed since the previous date):")
    for party in ("US", "RU"):
        dates = sorted(d for p, d in samples if p == party)
        prev = None
        for as_of in dates:
            s = samples[(party, as_of)]
            dv, dw, lau = count(s)
            line = "  %s %s  %4d %4d %4d  %5d items" % (party, as_of, dv, dw, lau, len(s.items))
            if prev is not None:
                ch, n = compare(prev, s, report)
                line += "  %4d changed: %s" % (n, ", ".join(
                    "%s %d" % (k, v) for k, v in ch.items() if v))
            print(line)
            prev = s

    print("Successor-draft extras:")
    succ_dir = os.path.join(HERE, "successor-draft")
    for as_of in sorted(os.listdir(succ_dir)):
        for name in sorted(os.listdir(os.path.join(succ_dir, as_of))):
            party = os.path.splitext(name)[0]
            rel = "successor-draft/%s/%s" % (as_of, name)
            s = load(os.path.join(HERE, rel), rel, HEADER_SUCCESSOR, SUCCESSOR_KINDS, report)
            check_header_meta(s, "successor-draft", party, as_of, report)
            ns = samples.get((party, as_of))
            if ns is None:
                report.error(rel, "no New START sample of the same party and date")
                continue
            tally = check_successor(s, ns, report)
            print("  %s %s  %s" % (party, as_of, ", ".join(
                "%s %s %s %d" % (t, role or "-", st, n)
                for (t, role, st), n in sorted(tally.items()))))

    if report.errors:
        print("%d error(s)" % report.errors)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
