#!/usr/bin/env bash
# The scale benchmark (issue 14): `make bench` = `make -C Benchmarks run` = this script.
#
# For each size of SIZES (default "S M L"):
#   one quarter (2026Q2) of a company: S 10,000 messages, 50 people; M 1,000,000 messages, 500 people, about
#   100,000 meeting occurrences, 50,000 work items; L 10,000,000 messages, 5,000 people, about 1,000,000
#   occurrences, 500,000 work items.
# data from `maturity generate` (deterministic, into Benchmarks/data/<size>, git-ignored, regenerated only when
# the knobs change), then, in ROUNDS interleaved rounds (default 3), each under /usr/bin/time (wall time and
# peak resident memory):
#   1. loading: `sqlite3 .import --csv messages.csv` into a new table of a fresh file database (the baseline)
#      and `maturity import messages messages.csv` into a fresh store, the same file;
#   2. `maturity assess` of the full store (every canonical file imported once, itself timed: `maturity import
#      <folder>`), and, when BASELINE names another maturity binary, the same assessment by it, interleaved
#      (on a copy of the store, so neither disturbs the other's page cache more than the other).
# Medians, per-round ratios and peak memory go to Benchmarks/data/results/scale-<size>.txt and stdout.
#
# With PEERS=1, then 3. time to first reply per channel against DuckDB and pandas, results checked equal
# (peers/compare_latency.sh, once per size; also `make -C Benchmarks latency-peers`).
# Knobs: SIZES, ROUNDS, SEED (7), PEERS (0), MATURITY (the binary; default: release build of this checkout, built unless
# SKIP_BUILD=1), BASELINE (a second binary to compare assess with), SCRATCH (.build), KEEP_STORES=1.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
data="$here/data"
SIZES="${SIZES:-S M L}"
ROUNDS="${ROUNDS:-3}"
SEED="${SEED:-7}"
SCRATCH="${SCRATCH:-.build}"

command -v sqlite3 >/dev/null || { echo "missing sqlite3: apt-get install -y sqlite3" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time: apt-get install -y time" >&2; exit 1; }

cd "$root"
if [ -z "${MATURITY:-}" ]; then
    if [ "${SKIP_BUILD:-0}" != 1 ]; then
        swift build -c release --product maturity --scratch-path "$SCRATCH" >&2
    fi
    MATURITY="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/maturity"
fi
[ -x "$MATURITY" ] || { echo "no binary at $MATURITY" >&2; exit 1; }
bin="$MATURITY"
results="$data/results"
mkdir -p "$results"

knobs() {
    case "$1" in
        S) echo "--quarters 1 --people 50 --messages 10000 --meetings-scale 1 --work-items 500" ;;
        M) echo "--quarters 1 --people 500 --messages 1000000 --meetings-scale 25 --work-items 50000" ;;
        L) echo "--quarters 1 --people 5000 --messages 10000000 --meetings-scale 25 --work-items 500000" ;;
        *) echo "unknown size $1 (S, M or L)" >&2; exit 64 ;;
    esac
}

# `timed LABEL command...`: runs the command, appends "LABEL seconds peak-KB" to $log.
timed() {
    local label="$1"; shift
    local out
    out="$(mktemp)"
    if ! /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>"$out.err"; then
        cat "$out.err" >&2; rm -f "$out" "$out.err"; return 1
    fi
    echo "$label $(cat "$out")" | tee -a "$log" >&2
    rm -f "$out" "$out.err"
}

init_store() { rm -f "$1" "$1-wal" "$1-shm"; "$bin" init --store "$1" --org-timezone Europe/Berlin >/dev/null 2>&1; }

# Median seconds, median and max peak MB of the rows of $log labelled $1.
summarise() {
    python3 - "$log" "$@" <<'EOF'
import statistics, sys
log, labels = sys.argv[1], sys.argv[2:]
rows = {}
for line in open(log):
    label, seconds, kb = line.split()
    rows.setdefault(label, []).append((float(seconds), int(kb) / 1024))
for label in labels:
    if label not in rows: continue
    times = [t for t, _ in rows[label]]; peaks = [m for _, m in rows[label]]
    print(f"{label:16} median {statistics.median(times):8.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times)})"
          f"  peak median {statistics.median(peaks):7.1f} MB, max {max(peaks):7.1f} MB")
def ratios(a, b):
    if a in rows and b in rows:
        r = [x[0] / y[0] for x, y in zip(rows[a], rows[b])]
        print(f"ratio {a}/{b} per round: {', '.join(f'{x:.2f}' for x in r)}; median {statistics.median(r):.2f}")
ratios("import", "sqlite3")
ratios("assess", "assess-base")
EOF
}

for size in $SIZES; do
    dataset="$data/$size"
    stamp="seed=$SEED $(knobs "$size")"
    if [ ! -f "$dataset/.stamp" ] || [ "$(cat "$dataset/.stamp")" != "$stamp" ]; then
        echo "== $size: generating ($stamp)" >&2
        rm -rf "$dataset"
        # shellcheck disable=SC2046
        /usr/bin/time -f "generate %e s %M KB" "$bin" generate --seed "$SEED" $(knobs "$size") --out "$dataset" >&2
        echo "$stamp" > "$dataset/.stamp"
    fi
    log="$results/scale-$size.log"
    : > "$log"
    messages="$dataset/messages.csv"
    {
        echo "== size $size: $stamp"
        echo "date: $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
        echo "messages.csv: $(stat -c %s "$messages") bytes, $(($(wc -l < "$messages") - 1)) lines"
        echo "binary: $bin${BASELINE:+; baseline: $BASELINE}"
    } | tee "$results/scale-$size.txt" >&2

    work="$data/work-$size"
    mkdir -p "$work"
    # The full store, once (its import timed): what assess reads.
    full="$work/full.sqlite"
    init_store "$full"
    timed import-all "$bin" import --store "$full" --timezone Europe/Berlin "$dataset"
    if [ -n "${BASELINE:-}" ]; then
        rm -f "$work/base.sqlite"*; cp "$full" "$work/base.sqlite"
    fi
    # The same answers: the assessment (JSON, full precision) and the per-channel latency of both binaries.
    if [ -n "${BASELINE:-}" ]; then
        for what in "assess --format json" "metric response_latency.median_hours --by channel --format csv" \
                    "metric response_latency.p90_hours --by channel --format csv"; do
            # shellcheck disable=SC2086
            "$bin" $what --store "$full" > "$work/new.out" 2>/dev/null
            # shellcheck disable=SC2086
            "$BASELINE" $what --store "$work/base.sqlite" > "$work/base.out" 2>/dev/null
            if cmp -s "$work/new.out" "$work/base.out"; then
                echo "same output as the baseline: maturity $what ($(wc -l < "$work/new.out") lines)"
            else
                echo "DIFFERENT output from the baseline: maturity $what"
            fi
        done | tee -a "$results/scale-$size.txt" >&2
    fi
    for round in $(seq 1 "$ROUNDS"); do
        rm -f "$work/sqlite3.db"
        timed sqlite3 sqlite3 "$work/sqlite3.db" ".import --csv $messages messages"
        rm -f "$work/sqlite3.db"
        init_store "$work/import.sqlite"
        timed import "$bin" import --store "$work/import.sqlite" messages "$messages"
        rm -f "$work/import.sqlite"*
        timed assess "$bin" assess --store "$full"
        if [ -n "${BASELINE:-}" ]; then timed assess-base "$BASELINE" assess --store "$work/base.sqlite"; fi
        # Time to first reply per channel (median and p90 of response latency by channel).
        timed ttfr-median "$bin" metric response_latency.median_hours --by channel --format csv --store "$full"
        timed ttfr-p90 "$bin" metric response_latency.p90_hours --by channel --format csv --store "$full"
    done
    summarise import-all sqlite3 import assess assess-base ttfr-median ttfr-p90 | tee -a "$results/scale-$size.txt"
    if [ "${PEERS:-0}" = 1 ]; then
        MATURITY="$bin" "$here/peers/compare_latency.sh" "$dataset" | tee -a "$results/scale-$size.txt"
    fi
    [ "${KEEP_STORES:-0}" = 1 ] || rm -rf "$work"
done
