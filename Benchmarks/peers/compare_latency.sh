#!/usr/bin/env bash
# Time to first reply per channel, side by side (issue 14): `maturity metric` on its store against the same
# computation in DuckDB (latency_duckdb.py) and in pandas (latency_pandas.py), each on its own tables loaded
# from the same canonical CSV files, results checked equal and wall times printed side by side.
#
#   Benchmarks/peers/compare_latency.sh DATASET_DIR        (or: make -C Benchmarks latency-peers DATA=DATASET_DIR)
#
# DATASET_DIR holds people.csv and messages.csv (Benchmarks/data/S or M from `make bench`). A fresh store gets
# exactly those two files (`maturity import`), so maturity and the peers see the same people and messages.
# Each step runs under /usr/bin/time (wall seconds, peak resident memory):
#   maturity import    people.csv then messages.csv into a fresh store (its own line, not part of the metric);
#   maturity metric    response_latency.median_hours and .p90_hours --by channel --format csv (two runs);
#   duckdb, pandas     load + compute of both values in one run (their own split on stderr).
# Equal means: the same channels (the suppressed row aside), the same n, and the same values as printed
# (full precision, shortest round-trip form of the double).
# Knobs: MATURITY (default ../.build/release/maturity from the repository root), QUARTER (2026Q2),
# MIN_GROUP_SIZE (5; 1 shows every channel, direct conversations included: the strictest check),
# TIMEZONE (Europe/Berlin: the store's organisation zone and --timezone of the import), WORK (a scratch folder,
# default a new temporary one, removed at the end), PY (default: Benchmarks/venv.sh duckdb pandas).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dataset="$(cd "${1:?usage: compare_latency.sh DATASET_DIR}" && pwd)"
MATURITY="${MATURITY:-$root/.build/release/maturity}"
QUARTER="${QUARTER:-2026Q2}"
MIN_GROUP_SIZE="${MIN_GROUP_SIZE:-5}"
TIMEZONE="${TIMEZONE:-Europe/Berlin}"
[ -x "$MATURITY" ] || { echo "no maturity binary at $MATURITY (set MATURITY)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time: apt-get install -y time" >&2; exit 1; }
PY="${PY:-$("$here/../venv.sh" duckdb pandas)}"
if [ -z "${WORK:-}" ]; then
    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"

# `timed LABEL OUT command...`: stdout to OUT, "LABEL seconds peak-MB" to $WORK/times.
timed() {
    local label="$1" out="$2"; shift 2
    /usr/bin/time -f "%e %M" -o "$WORK/time.tmp" "$@" > "$out" 2> "$WORK/$label.err" \
        || { cat "$WORK/$label.err" >&2; exit 1; }
    echo "$label $(cat "$WORK/time.tmp")" >> "$WORK/times"
}
: > "$WORK/times"

store="$WORK/store.sqlite"
rm -f "$store"*
"$MATURITY" init --store "$store" --org-timezone "$TIMEZONE" > /dev/null 2>&1
timed import "$WORK/import.out" sh -c "'$MATURITY' import --store '$store' --timezone '$TIMEZONE' '$dataset/people.csv' \
    && '$MATURITY' import --store '$store' --timezone '$TIMEZONE' messages '$dataset/messages.csv'"
timed metric-median "$WORK/median.csv" "$MATURITY" metric response_latency.median_hours --by channel --format csv \
    --quarter "$QUARTER" --min-group-size "$MIN_GROUP_SIZE" --store "$store"
timed metric-p90 "$WORK/p90.csv" "$MATURITY" metric response_latency.p90_hours --by channel --format csv \
    --quarter "$QUARTER" --min-group-size "$MIN_GROUP_SIZE" --store "$store"
timed duckdb "$WORK/duckdb.csv" "$PY" "$here/latency_duckdb.py" "$dataset" --quarter "$QUARTER" --org-timezone "$TIMEZONE" \
    --min-group-size "$MIN_GROUP_SIZE"
timed pandas "$WORK/pandas.csv" "$PY" "$here/latency_pandas.py" "$dataset" --quarter "$QUARTER" --org-timezone "$TIMEZONE" \
    --min-group-size "$MIN_GROUP_SIZE"

python3 - "$WORK" "$dataset" <<'EOF'
import csv, sys
work, dataset = sys.argv[1], sys.argv[2]
def maturity():
    rows = {}
    for metric, f in (("median", "median.csv"), ("p90", "p90.csv")):
        for r in csv.DictReader(open(f"{work}/{f}")):
            if r["status"] == "suppressed":
                continue
            rows.setdefault(r["group"], {})[metric] = r["value"]
            rows[r["group"]]["n"] = r["n"] or "0"
    return [(g, v["n"], v["median"], v["p90"]) for g, v in sorted(rows.items())]
def peer(name):
    return [(r["channel"], r["n"], r["median_hours"], r["p90_hours"]) for r in csv.DictReader(open(f"{work}/{name}.csv"))]
ours = maturity()
equal = True
for name in ("duckdb", "pandas"):
    theirs = peer(name)
    if theirs == ours:
        print(f"{name}: EQUAL to maturity metric ({len(ours)} channels, n, median and p90 as printed)")
    else:
        equal = False
        a, b = set(ours), set(theirs)
        print(f"{name}: DIFFERENT from maturity metric: {len(a - b)} rows only ours, {len(b - a)} only theirs")
        for row in sorted(a - b)[:5]: print("  ours  ", row)
        for row in sorted(b - a)[:5]: print("  theirs", row)
times = {}
for line in open(f"{work}/times"):
    label, seconds, kb = line.split()
    times[label] = (float(seconds), int(kb) / 1024)
for name in ("duckdb", "pandas"):
    err = open(f"{work}/{name}.err").read().strip().splitlines()
    times[name] += (err[-1] if err else "",)
import os, re
read = re.findall(r"messages messages.csv: (\d+) rows read", open(f"{work}/import.out").read() + open(f"{work}/import.err").read())
print(f"dataset {dataset}: messages.csv {os.path.getsize(dataset + '/messages.csv')} bytes, {read[0] if read else '?'} rows")
print(f"{'step':34} {'wall s':>8} {'peak MB':>9}")
print(f"{'maturity import (people+messages)':34} {times['import'][0]:8.2f} {times['import'][1]:9.1f}")
m = times["metric-median"][0] + times["metric-p90"][0]
print(f"{'maturity metric median':34} {times['metric-median'][0]:8.2f} {times['metric-median'][1]:9.1f}")
print(f"{'maturity metric p90':34} {times['metric-p90'][0]:8.2f} {times['metric-p90'][1]:9.1f}")
print(f"{'maturity metric both (sum)':34} {m:8.2f}")
for name in ("duckdb", "pandas"):
    t = times[name]
    print(f"{name + ' (load+compute, both)':34} {t[0]:8.2f} {t[1]:9.1f}   {t[2]}")
print(f"ratio maturity (both metrics) / duckdb: {m / times['duckdb'][0]:.2f}; / pandas: {m / times['pandas'][0]:.2f}")
sys.exit(0 if equal else 1)
EOF
