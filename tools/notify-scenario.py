#!/usr/bin/env python3
"""Write the notifications that carry one inventory to the next.

usage: notify-scenario.py OLD.csv NEW.csv [--drop-move UID] [--start DATE]
                          [--list-moves]

Reads two accord inventory CSVs of one party (data/samples/README.md
gives the format) and prints on stdout a JSON array of statements, each
{"type": T, "body": {...}}, for `accord notify --file`. Applied in order
after a declaration of OLD, they give exactly the items of NEW (uid,
type, status, facility, warheads, contained_in). The item statements
(item.new, item.move, item.status, item.load, item.contain) carry a date,
rising from --start (default: the day after OLD's as_of) to the day
before NEW's as_of; item.convert, item.eliminate and facility statements
carry none.

The statements come in phases, each of which respects the rules the
notification engine enforces:

  1. missiles leave launchers they do not stay in (item.contain without
     container), so that nothing moves while contained;
  2. status changes (an item bound for elimination first becomes
     non_deployed unless it is already non_deployed or test);
  3. warhead loads;
  4. moves, departure then arrival; a launcher's missile travels with it;
     facility.new just before a facility's first use;
  5. new items (item.new), created without a container;
  6. missiles put into launchers (item.contain with container);
  7. conversions, then eliminations, of items in no container, holding
     nothing and not in transit (after which nothing may change);
  8. facility.close for facilities NEW no longer has, and facility.new
     for facilities of NEW no item has used yet.

The state after the declaration of OLD knows the facilities that OLD's
items stand at (a declaration lists items, each with its facility and
kind); a facility first used later is announced with facility.new, its
kind and name taken from the CSV.

Every statement is applied to a simulation of the rules as it is made; a
statement the rules would refuse, or a final state other than NEW, stops
the program with exit status 2. --drop-move UID leaves out the departure
and arrival of UID (a move made without notification): the rest must
still be valid, and the final state differs from NEW in UID's facility
only. --list-moves prints "UID FROM TO" for each item that moves, instead
of the JSON.

Python 3 standard library only.
"""

import argparse
import csv
import datetime
import json
import sys

PROG = "notify-scenario"

FIXED = ["record", "id", "type", "status", "facility", "warheads",
         "contained_in", "name"]
ITEM_TYPES = {"icbm", "slbm", "icbm_launcher", "slbm_launcher",
              "heavy_bomber"}
CARRIES_WARHEADS = {"icbm", "slbm", "heavy_bomber"}
HOLDS = {"icbm_launcher": "icbm", "slbm_launcher": "slbm"}
ACTIVE = ("deployed", "non_deployed", "test")
STATUSES = set(ACTIVE) | {"converted", "eliminated"}
TRANSITIONS = {
    "deployed": {"non_deployed", "test"},
    "non_deployed": {"deployed", "test"},
    "test": {"non_deployed", "deployed"},
}
ELIMINABLE = {"non_deployed", "test", "converted"}
FACILITY_KINDS = {
    "icbm_base", "submarine_base", "air_base", "test_range",
    "training_facility", "storage_facility", "repair_facility",
    "production_facility", "loading_facility",
    "conversion_elimination_facility", "space_launch_facility",
}
COMPARED = ("type", "status", "facility", "warheads", "contained_in")


class Fail(Exception):
    """Anything that stops the program: bad input or a broken rule."""


# --- reading ---------------------------------------------------------------

def parse_date(s, what):
    try:
        return datetime.date.fromisoformat(s)
    except (TypeError, ValueError):
        raise Fail("%s: not a date (YYYY-MM-DD): %r" % (what, s))


def read_inventory(path):
    """meta, facilities {id: {kind, name}}, items {uid: {...}}."""
    meta, facilities, items = {}, {}, {}
    try:
        f = open(path, newline="", encoding="utf-8-sig")
    except OSError as e:
        raise Fail("%s: %s" % (path, e.strerror))
    with f:
        rows = csv.reader(f)
        header = next(rows, None)
        if header is None or header[:len(FIXED)] != FIXED:
            raise Fail("%s: header is not %s,..." % (path, ",".join(FIXED)))
        extra = header[len(FIXED):]
        for n, row in enumerate(rows, start=2):
            if not row:
                continue
            if len(row) != len(header):
                raise Fail("%s:%d: %d fields, the header has %d"
                           % (path, n, len(row), len(header)))
            rec = dict(zip(header, row))
            attrs = {k: rec[k] for k in extra if rec[k] != ""}
            kind = rec["record"]
            if kind == "meta":
                meta[rec["id"]] = rec["name"]
            elif kind == "facility":
                if rec["id"] in facilities:
                    raise Fail("%s:%d: facility %s twice"
                               % (path, n, rec["id"]))
                facilities[rec["id"]] = {"kind": rec["type"],
                                         "name": rec["name"]}
            elif kind == "item":
                uid = rec["id"]
                if uid in items:
                    raise Fail("%s:%d: item %s twice" % (path, n, uid))
                w = rec["warheads"]
                if w == "":
                    warheads = None
                else:
                    try:
                        warheads = int(w)
                    except ValueError:
                        raise Fail("%s:%d: warheads %r" % (path, n, w))
                items[uid] = {
                    "type": rec["type"], "status": rec["status"],
                    "facility": rec["facility"], "warheads": warheads,
                    "contained_in": rec["contained_in"] or None,
                    "attrs": attrs,
                }
            else:
                raise Fail("%s:%d: unknown record %r" % (path, n, kind))
    for key in ("treaty", "party", "as_of"):
        if key not in meta:
            raise Fail("%s: no meta row %s" % (path, key))
    meta["as_of"] = parse_date(meta["as_of"], "%s: as_of" % path)
    for uid, it in items.items():
        if it["type"] not in ITEM_TYPES:
            raise Fail("%s: %s: unknown type %s" % (path, uid, it["type"]))
        if it["status"] not in STATUSES:
            raise Fail("%s: %s: unknown status %s"
                       % (path, uid, it["status"]))
        if it["facility"] not in facilities:
            raise Fail("%s: %s: unknown facility %s"
                       % (path, uid, it["facility"]))
        if (it["warheads"] is not None) != (it["type"] in CARRIES_WARHEADS):
            raise Fail("%s: %s: warheads %s on a %s"
                       % (path, uid, it["warheads"], it["type"]))
    return meta, facilities, items


# --- the rules ---------------------------------------------------------------

class State:
    """The replayed inventory, and the rules a statement must keep."""

    def __init__(self, facilities, items):
        # A declaration lists items, each with its facility and the
        # facility's kind: the baseline knows only the facilities in use.
        used = {it["facility"] for it in items.values()}
        self.facilities = {f: {"kind": facilities[f]["kind"], "open": True}
                           for f in sorted(used)}
        self.items = {}
        for uid, it in items.items():
            self.items[uid] = {
                "type": it["type"], "status": it["status"],
                "facility": it["facility"], "warheads": it["warheads"],
                "contained_in": it["contained_in"], "transit": None,
            }
        # a container's contents, by container
        self.contents = {}
        for uid, it in self.items.items():
            c = it["contained_in"]
            if c is not None:
                self.contents.setdefault(c, set()).add(uid)

    def item(self, uid, what="item"):
        it = self.items.get(uid)
        if it is None:
            raise Fail("%s %s: no such item" % (what, uid))
        return it

    def changeable(self, uid, it):
        if it["status"] in ("converted", "eliminated"):
            raise Fail("%s is %s and cannot change" % (uid, it["status"]))

    def open_facility(self, f):
        fa = self.facilities.get(f)
        if fa is None:
            raise Fail("facility %s: no such facility" % f)
        if not fa["open"]:
            raise Fail("facility %s is closed" % f)

    def free(self, uid, it):
        """Converted or eliminated only when neither contained, holding
        anything nor in transit."""
        if it["contained_in"] is not None:
            raise Fail("%s is in %s" % (uid, it["contained_in"]))
        if self.contents.get(uid):
            raise Fail("%s holds %s"
                       % (uid, ", ".join(sorted(self.contents[uid]))))
        if it["transit"]:
            raise Fail("%s is in transit" % uid)

    def check_contain(self, uid, it, cuid):
        c = self.item(cuid, "container")
        if cuid == uid:
            raise Fail("%s cannot contain itself" % uid)
        self.changeable(cuid, c)
        if it["contained_in"] is not None:
            raise Fail("%s is already in %s" % (uid, it["contained_in"]))
        if HOLDS.get(c["type"]) != it["type"]:
            raise Fail("%s (%s) cannot hold %s (%s)"
                       % (cuid, c["type"], uid, it["type"]))
        if self.contents.get(cuid):
            raise Fail("%s is full (holds %s)"
                       % (cuid, ", ".join(sorted(self.contents[cuid]))))
        if it["transit"] or c["transit"]:
            raise Fail("%s or %s is in transit" % (uid, cuid))
        if it["facility"] != c["facility"]:
            raise Fail("%s is at %s, %s at %s"
                       % (uid, it["facility"], cuid, c["facility"]))

    def apply(self, st):
        t, b = st["type"], st["body"]
        if "date" in b:
            parse_date(b["date"], "%s date" % t)
        if t == "item.new":
            uid = b["uid"]
            if uid in self.items:
                raise Fail("item.new %s: the UID is in use" % uid)
            if b["type"] not in ITEM_TYPES:
                raise Fail("item.new %s: type %s" % (uid, b["type"]))
            if b["status"] not in ACTIVE:
                raise Fail("item.new %s: status %s" % (uid, b["status"]))
            self.open_facility(b["facility"])
            if ("warheads" in b) != (b["type"] in CARRIES_WARHEADS):
                raise Fail("item.new %s: warheads present iff the type "
                           "carries them" % uid)
            if not all(isinstance(v, str)
                       for v in b.get("attrs", {}).values()):
                raise Fail("item.new %s: attrs must be strings" % uid)
            it = {"type": b["type"], "status": b["status"],
                  "facility": b["facility"],
                  "warheads": b.get("warheads"), "contained_in": None,
                  "transit": None}
            if "contained_in" in b:
                self.check_contain(uid, it, b["contained_in"])
            self.items[uid] = it
            if "contained_in" in b:
                it["contained_in"] = b["contained_in"]
                self.contents.setdefault(b["contained_in"], set()).add(uid)
        elif t == "item.move":
            uid = b["uid"]
            it = self.item(uid)
            self.changeable(uid, it)
            if it["contained_in"] is not None:
                raise Fail("%s moves while in %s" % (uid, it["contained_in"]))
            if b["from"] == b["to"]:
                raise Fail("%s moves from %s to itself" % (uid, b["from"]))
            movers = [uid] + sorted(self.contents.get(uid, ()))
            if b["stage"] == "departure":
                if it["transit"]:
                    raise Fail("%s departs while in transit" % uid)
                if it["facility"] != b["from"]:
                    raise Fail("%s departs from %s but is at %s"
                               % (uid, b["from"], it["facility"]))
                self.open_facility(b["to"])
                for m in movers:
                    self.items[m]["transit"] = (b["from"], b["to"])
            elif b["stage"] == "arrival":
                if it["transit"] != (b["from"], b["to"]):
                    raise Fail("%s arrives from %s at %s but is in transit "
                               "%s" % (uid, b["from"], b["to"],
                                       it["transit"]))
                self.open_facility(b["to"])
                for m in movers:
                    self.items[m]["transit"] = None
                    self.items[m]["facility"] = b["to"]
            else:
                raise Fail("%s: stage %r" % (uid, b["stage"]))
        elif t == "item.status":
            uid = b["uid"]
            it = self.item(uid)
            self.changeable(uid, it)
            if b["status"] not in TRANSITIONS.get(it["status"], ()):
                raise Fail("%s: no transition %s -> %s"
                           % (uid, it["status"], b["status"]))
            it["status"] = b["status"]
        elif t == "item.load":
            uid = b["uid"]
            it = self.item(uid)
            self.changeable(uid, it)
            if it["type"] not in CARRIES_WARHEADS:
                raise Fail("%s: a %s carries no warheads" % (uid, it["type"]))
            w = b["warheads"]
            if not isinstance(w, int) or isinstance(w, bool) or w < 0:
                raise Fail("%s: warheads %r" % (uid, w))
            it["warheads"] = w
        elif t == "item.contain":
            uid = b["uid"]
            it = self.item(uid)
            self.changeable(uid, it)
            if "container" in b:
                self.check_contain(uid, it, b["container"])
                it["contained_in"] = b["container"]
                self.contents.setdefault(b["container"], set()).add(uid)
            else:
                c = it["contained_in"]
                if c is None:
                    raise Fail("%s is in no container" % uid)
                if it["transit"]:
                    raise Fail("%s leaves %s in transit" % (uid, c))
                self.contents[c].discard(uid)
                it["contained_in"] = None
        elif t == "item.convert":
            uid = b["uid"]
            it = self.item(uid)
            if it["status"] not in ACTIVE:
                raise Fail("%s: cannot convert a %s item"
                           % (uid, it["status"]))
            self.free(uid, it)
            it["status"] = "converted"
        elif t == "item.eliminate":
            uid = b["uid"]
            it = self.item(uid)
            if it["status"] not in ELIMINABLE:
                raise Fail("%s: cannot eliminate a %s item"
                           % (uid, it["status"]))
            self.free(uid, it)
            it["status"] = "eliminated"
        elif t == "facility.new":
            f = b["facility"]
            if f in self.facilities:
                raise Fail("facility.new %s: exists" % f)
            if b["kind"] not in FACILITY_KINDS:
                raise Fail("facility.new %s: kind %s" % (f, b["kind"]))
            self.facilities[f] = {"kind": b["kind"], "open": True}
        elif t == "facility.close":
            f = b["facility"]
            self.open_facility(f)
            for uid, it in self.items.items():
                if it["facility"] == f or (it["transit"] and
                                           f in it["transit"]):
                    raise Fail("facility.close %s: %s is there" % (f, uid))
            self.facilities[f]["open"] = False
        else:
            raise Fail("unknown statement type %s" % t)


# --- the plan ------------------------------------------------------------------

class Planner:
    def __init__(self, old_fac, old_items, new_fac, new_items, drop):
        self.state = State(old_fac, old_items)
        self.old_fac = old_fac
        self.new_fac = new_fac
        self.new_items = new_items
        self.drop = drop
        self.dropped = None
        self.statements = []

    def emit(self, t, body):
        st = {"type": t, "body": body}
        try:
            self.state.apply(st)
        except Fail as e:
            raise Fail("statement %d (%s %s) breaks a rule: %s"
                       % (len(self.statements), t,
                          json.dumps(body, sort_keys=True), e))
        self.statements.append(st)

    def need_facility(self, f):
        if f not in self.state.facilities:
            nf = self.new_fac.get(f) or self.old_fac.get(f)
            if nf is None:
                raise Fail("facility %s is in neither inventory" % f)
            body = {"facility": f, "kind": nf["kind"]}
            if nf["name"]:
                body["name"] = nf["name"]
            self.emit("facility.new", body)

    def plan(self):
        st = self.state
        cur = st.items
        new = self.new_items
        for uid in sorted(cur):
            if uid not in new:
                raise Fail("%s is in OLD but not in NEW (no notification "
                           "removes an item)" % uid)
            if cur[uid]["type"] != new[uid]["type"]:
                raise Fail("%s changes type %s -> %s (no notification does "
                           "that)" % (uid, cur[uid]["type"],
                                      new[uid]["type"]))
            if cur[uid]["status"] in ("converted", "eliminated"):
                for k in COMPARED:
                    if cur[uid][k] != new[uid][k] and not (
                            k == "status" and cur[uid][k] == "converted"
                            and new[uid][k] == "eliminated"):
                        raise Fail("%s is %s in OLD but its %s changes"
                                   % (uid, cur[uid]["status"], k))
        old_uids = sorted(cur)
        new_uids = sorted(u for u in new if u not in cur)

        # 1. out of launchers the missile does not stay in
        for uid in old_uids:
            c = cur[uid]["contained_in"]
            if c is not None and new[uid]["contained_in"] != c:
                self.emit("item.contain", {"uid": uid})

        # 2. status changes
        for uid in old_uids:
            s, want = cur[uid]["status"], new[uid]["status"]
            if s not in ACTIVE:
                continue
            if want == "eliminated":
                want = s if s in ELIMINABLE else "non_deployed"
            elif want == "converted":
                want = s
            if want != s:
                self.emit("item.status", {"uid": uid, "status": want})

        # 3. loads
        for uid in old_uids:
            it = cur[uid]
            if (it["status"] not in ("converted", "eliminated")
                    and it["type"] in CARRIES_WARHEADS
                    and it["warheads"] != new[uid]["warheads"]):
                self.emit("item.load", {"uid": uid,
                                        "warheads": new[uid]["warheads"]})

        # 4. moves; a missile still in its launcher travels with it
        for uid in old_uids:
            it = cur[uid]
            dest = new[uid]["facility"]
            if it["facility"] == dest or it["contained_in"] is not None:
                continue
            if uid == self.drop:
                self.dropped = (uid, it["facility"], dest)
                continue
            self.need_facility(dest)
            src = it["facility"]
            self.emit("item.move", {"uid": uid, "from": src, "to": dest,
                                    "stage": "departure"})
            self.emit("item.move", {"uid": uid, "from": src, "to": dest,
                                    "stage": "arrival"})

        # 5. new items, outside any container
        for uid in new_uids:
            n = new[uid]
            self.need_facility(n["facility"])
            body = {"uid": uid, "type": n["type"],
                    "status": n["status"] if n["status"] in ACTIVE
                    else "non_deployed",
                    "facility": n["facility"]}
            if n["type"] in CARRIES_WARHEADS:
                body["warheads"] = n["warheads"]
            if n["attrs"]:
                body["attrs"] = dict(sorted(n["attrs"].items()))
            self.emit("item.new", body)

        # 6. into launchers
        for uid in sorted(new):
            c = new[uid]["contained_in"]
            if c is not None and cur[uid]["contained_in"] != c:
                self.emit("item.contain", {"uid": uid, "container": c})

        # 7. conversions, then eliminations
        for uid in sorted(new):
            if (new[uid]["status"] == "converted"
                    and cur[uid]["status"] != "converted"):
                self.emit("item.convert", {"uid": uid})
        for uid in sorted(new):
            if (new[uid]["status"] == "eliminated"
                    and cur[uid]["status"] != "eliminated"):
                self.emit("item.eliminate", {"uid": uid})

        # 8. the facilities of NEW
        for f in sorted(st.facilities):
            if f not in self.new_fac and st.facilities[f]["open"]:
                self.emit("facility.close", {"facility": f})
        for f in sorted(self.new_fac):
            self.need_facility(f)

        self.check_final()

    def check_final(self):
        st = self.state
        bad = []
        if set(st.items) != set(self.new_items):
            bad.append("the UIDs differ")
        for uid in sorted(self.new_items):
            got, want = st.items.get(uid), self.new_items[uid]
            if got is None:
                continue
            if got["transit"]:
                bad.append("%s is in transit" % uid)
            for k in COMPARED:
                if got[k] == want[k]:
                    continue
                if (k == "facility" and self.dropped
                        and uid == self.dropped[0]
                        and got[k] == self.dropped[1]):
                    continue
                bad.append("%s: %s is %r, NEW has %r"
                           % (uid, k, got[k], want[k]))
        open_f = {f for f, v in st.facilities.items() if v["open"]}
        if open_f != set(self.new_fac):
            bad.append("open facilities differ: %s"
                       % " ".join(sorted(open_f ^ set(self.new_fac))))
        for f in open_f & set(self.new_fac):
            if st.facilities[f]["kind"] != self.new_fac[f]["kind"]:
                bad.append("facility %s: kind %s, NEW has %s"
                           % (f, st.facilities[f]["kind"],
                              self.new_fac[f]["kind"]))
        if bad:
            raise Fail("the final state is not NEW:\n  "
                       + "\n  ".join(bad[:50]))

    def moves(self, old_items):
        """(uid, from, to) of every item whose facility changes."""
        out = []
        for uid in sorted(old_items):
            a = old_items[uid]["facility"]
            b = self.new_items[uid]["facility"]
            if a != b:
                out.append((uid, a, b))
        return out


DATED = {"item.new", "item.move", "item.status", "item.load",
         "item.contain"}


def add_dates(statements, start, end):
    """Dates for the statements that take one, from start to end, never
    falling: the first on start and the last on end."""
    dated = [st for st in statements if st["type"] in DATED]
    span = (end - start).days
    last = max(len(dated) - 1, 1)
    for k, st in enumerate(dated):
        d = start + datetime.timedelta(days=(k * span + last // 2) // last)
        st["body"]["date"] = d.isoformat()


def main(argv):
    ap = argparse.ArgumentParser(
        prog=PROG,
        description="Print the accord notifications that carry the "
        "inventory OLD to NEW, as a JSON array for accord notify --file.")
    ap.add_argument("old", metavar="OLD.csv")
    ap.add_argument("new", metavar="NEW.csv")
    ap.add_argument("--drop-move", metavar="UID",
                    help="leave out the departure and arrival of UID")
    ap.add_argument("--start", metavar="DATE",
                    help="the first date (default: the day after OLD's "
                    "as_of)")
    ap.add_argument("--list-moves", action="store_true",
                    help="print UID FROM TO for each item that moves")
    args = ap.parse_args(argv)
    try:
        old_meta, old_fac, old_items = read_inventory(args.old)
        new_meta, new_fac, new_items = read_inventory(args.new)
        for k in ("treaty", "party"):
            if old_meta[k] != new_meta[k]:
                raise Fail("OLD is %s %s, NEW is %s %s"
                           % (k, old_meta[k], k, new_meta[k]))
        if args.start is not None:
            start = parse_date(args.start, "--start")
        else:
            start = old_meta["as_of"] + datetime.timedelta(days=1)
        end = new_meta["as_of"] - datetime.timedelta(days=1)
        if start <= old_meta["as_of"]:
            raise Fail("--start %s is not after OLD's as_of %s"
                       % (start, old_meta["as_of"]))
        if start > end:
            raise Fail("--start %s leaves no day before NEW's as_of %s"
                       % (start, new_meta["as_of"]))
        p = Planner(old_fac, old_items, new_fac, new_items, args.drop_move)
        if args.drop_move is not None and args.drop_move not in old_items:
            raise Fail("--drop-move %s: not an item of OLD" % args.drop_move)
        p.plan()
        if args.drop_move is not None and p.dropped is None:
            raise Fail("--drop-move %s: the item makes no move of its own"
                       % args.drop_move)
    except Fail as e:
        print("%s: %s" % (PROG, e), file=sys.stderr)
        return 2
    if args.list_moves:
        for m in p.moves(old_items):
            print(" ".join(m))
        return 0
    add_dates(p.statements, start, end)
    out = sys.stdout
    out.write("[\n")
    out.write(",\n".join(json.dumps(st, separators=(", ", ": "))
                         for st in p.statements))
    out.write("\n]\n")
    counts = {}
    for st in p.statements:
        counts[st["type"]] = counts.get(st["type"], 0) + 1
    print("%s: %d statements (%s), %s %s -> %s" % (
        PROG, len(p.statements),
        ", ".join("%s %d" % kv for kv in sorted(counts.items())),
        new_meta["party"], old_meta["as_of"], new_meta["as_of"]),
        file=sys.stderr)
    if p.dropped:
        print("%s: dropped the move of %s from %s to %s" % ((PROG,)
                                                          + p.dropped),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
