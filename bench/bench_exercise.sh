#!/bin/sh
# An exercise repeated $BENCH_RUNS times (default 10,000): `accord
# exercise run --runs N` on a shipped scenario (default
# hidden-launchers.yaml, five inspections). Run 1 plays everything
# through the machinery (two workspaces, bundles, declarations,
# inspections with joint randomness); runs 2 to N repeat only the
# inspections' randomness over its state. Prints the time of the full
# run, of the repeated ones, their rate and the ratio of one to the
# other (the full run is the baseline measured in the same run), and the
# load average, since the machine may be shared.
#
# usage: bench/bench_exercise.sh BUILD-DIR [SCENARIO]   (a release build)
set -eu

build=${1:-build-release}
here=$(cd "$(dirname "$0")" && pwd)
accord=$(cd "$build" && pwd)/cli/accord
scenario=${2:-$here/../data/exercises/hidden-launchers.yaml}
runs=${BENCH_RUNS:-10000}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "exercise: load average $(cut -d' ' -f1-3 /proc/loadavg)"
TMPDIR=$tmp "$accord" exercise run --json --runs "$runs" --seed 1 \
    "$scenario" >"$tmp/report.json"
python3 - "$tmp/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t, runs = r["timing"], r["runs"]
n = runs["runs"]
insp = len(runs["inspections"])
print("exercise: %s, %d inspections, %d runs" % (r["exercise"], insp, n))
print("exercise: full run (run 1, through the machinery): %.3f s "
      "(%.3f s of CPU)" % (t["full_run_s"], t["full_run_cpu_s"]))
if n > 1:
    per = t["repeated_s"] / (n - 1)
    cper = t["repeated_cpu_s"] / (n - 1)
    print("exercise: %d repeated runs: %.3f s (%.3f s of CPU), %.0f runs/s "
          "(%.0f per CPU second; %.1f us each, %.1f us per inspection)"
          % (n - 1, t["repeated_s"], t["repeated_cpu_s"],
             t["repeated_runs_per_s"], 1 / cper if cper > 0 else 0,
             per * 1e6, per * 1e6 / max(insp, 1)))
    print("exercise: a repeated run is %.0f times faster than the full "
          "run (%.0f in CPU time)"
          % (t["ratio"], t["full_run_cpu_s"] / cper if cper > 0 else 0))
b = runs["by_inspections"]
print("exercise: caught by inspections in %d of %d runs (%.4f, 95%% "
      "interval [%.4f, %.4f]); analytic %.4f: %s"
      % (b["detected"], n, b["rate"], b["ci95"][0], b["ci95"][1],
         b["analytic"], "agrees" if b["agrees"] else "DISAGREES"))
PY
