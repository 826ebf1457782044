#!/usr/bin/env bash
# The two benchmarks of BENCHMARKS.md, side by side with their baselines, in one run:
#
#   1. import: `sqlite3 FILE '.import --csv messages.csv messages'` (a new table in a fresh file database,
#      the baseline) against `maturity import messages messages.csv` (a fresh store, after `maturity init`),
#      same file, same disk (Benchmarks/data), several runs each (hyperfine), then peak memory of one run of
#      each (/usr/bin/time -v, "Maximum resident set size").
#   2. assess: `maturity init` + `maturity import <folder>` (all six files) + `maturity assess` on the big
#      store: time and peak memory.
#
# Knobs (environment): MESSAGES (2000000), PEOPLE (500), MEETINGS_SCALE (25.2, about 200,000 meetings for
# 500 people), WORK_ITEMS (100000), SEED (7), RUNS (5), ASSESS_RUNS (3), SCRATCH (the build folder, .build),
# SKIP_BUILD (1: use the binary already built in SCRATCH).
#
# Results go to Benchmarks/data/results/ (git-ignored) and a summary to stdout.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
data="$here/data"
MESSAGES="${MESSAGES:-2000000}"
PEOPLE="${PEOPLE:-500}"
MEETINGS_SCALE="${MEETINGS_SCALE:-25.2}"
WORK_ITEMS="${WORK_ITEMS:-100000}"
SEED="${SEED:-7}"
RUNS="${RUNS:-5}"
ASSESS_RUNS="${ASSESS_RUNS:-3}"
SCRATCH="${SCRATCH:-.build}"

need() {
    command -v "$1" >/dev/null 2>&1 || {
        echo "missing '$1': install it with: apt-get install -y $2" >&2
        exit 1
    }
}
need sqlite3 sqlite3
need hyperfine hyperfine
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time: install it with: apt-get install -y time" >&2; exit 1; }

cd "$root"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "== building the release binary (scratch path $SCRATCH)" >&2
    swift build -c release --product maturity --scratch-path "$SCRATCH" >&2
fi
bin="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/maturity"
[ -x "$bin" ] || { echo "no binary at $bin" >&2; exit 1; }

# Data: regenerated only when the parameters change (the generator is deterministic).
dataset="$data/big"
stamp="seed=$SEED people=$PEOPLE messages=$MESSAGES meetings-scale=$MEETINGS_SCALE work-items=$WORK_ITEMS"
if [ ! -f "$dataset/.stamp" ] || [ "$(cat "$dataset/.stamp")" != "$stamp" ]; then
    echo "== generating $stamp" >&2
    rm -rf "$dataset"
    "$bin" generate --seed "$SEED" --people "$PEOPLE" --messages "$MESSAGES" --meetings-scale "$MEETINGS_SCALE" \
        --work-items "$WORK_ITEMS" --out "$dataset" >&2
    echo "$stamp" > "$dataset/.stamp"
fi
messages="$dataset/messages.csv"
results="$data/results"
mkdir -p "$results"
baseline_db="$data/baseline.sqlite"
import_db="$data/import.sqlite"
full_db="$data/full.sqlite"
init_store() { rm -f "$1" "$1-wal" "$1-shm"; "$bin" init --store "$1" --org-timezone Europe/Berlin >/dev/null 2>&1; }
export -f init_store
export bin

# Peak resident memory in MB of one run of a command (after its preparation).
peak_mb() {
    local log
    log="$(mktemp)"
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
    awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$log"
    rm -f "$log"
}

echo "== machine" >&2
{
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores"
    echo "memory: $(free -m | awk '/Mem:/ { print $2 }') MB"
    echo "swift: $(swift --version 2>&1 | head -1)"
    echo "sqlite3: $(sqlite3 --version | cut -d' ' -f1)"
    echo "data: $stamp; messages.csv $(stat -c %s "$messages") bytes"
} | tee "$results/machine.txt"

echo "== 1. import of messages.csv: sqlite3 .import (baseline) vs maturity import" >&2
hyperfine --shell bash --warmup 1 --runs "$RUNS" \
    --export-csv "$results/import.csv" --export-markdown "$results/import.md" \
    -n "sqlite3 .import --csv into a new table of a fresh file db" \
    --prepare "rm -f '$baseline_db'" \
    "sqlite3 '$baseline_db' '.import --csv $messages messages'" \
    -n "maturity import messages into a fresh store" \
    --prepare "init_store '$import_db'" \
    "'$bin' import --store '$import_db' messages '$messages'"
rm -f "$baseline_db"
baseline_peak="$(peak_mb sqlite3 "$baseline_db" ".import --csv $messages messages")"
init_store "$import_db"
import_peak="$(peak_mb "$bin" import --store "$import_db" messages "$messages")"
rm -f "$baseline_db" "$import_db" "$import_db-wal" "$import_db-shm"

echo "== 2. maturity init + import <folder> + assess on the big store" >&2
init_store "$full_db"
folder_log="$(mktemp)"
/usr/bin/time -v "$bin" import --store "$full_db" --timezone Europe/Berlin "$dataset" 2>"$folder_log" >/dev/null
grep -E 'rows read|Elapsed|Maximum resident' "$folder_log" | tee "$results/folder-import.txt"
rm -f "$folder_log"
# The same messages again into the store that holds them (and everything else): every row goes through the
# upsert against the unique index, the path of a repeated or overlapping export.
reimport_log="$(mktemp)"
/usr/bin/time -v "$bin" import --store "$full_db" messages "$messages" 2>"$reimport_log" >/dev/null
grep -E 'rows read|Elapsed|Maximum resident' "$reimport_log" | tee "$results/reimport.txt"
rm -f "$reimport_log"
hyperfine --shell bash --warmup 1 --runs "$ASSESS_RUNS" --export-csv "$results/assess.csv" \
    --export-markdown "$results/assess.md" \
    -n "maturity assess" "'$bin' assess --store '$full_db'"
assess_peak="$(peak_mb "$bin" assess --store "$full_db")"

# The mean time of the n-th command (0-based) of a hyperfine CSV export, in seconds.
mean() { awk -F, -v row="$(($2 + 2))" 'NR == row { printf "%.2f", $2 }' "$1"; }
baseline_s="$(mean "$results/import.csv" 0)"
import_s="$(mean "$results/import.csv" 1)"
assess_s="$(mean "$results/assess.csv" 0)"
ratio="$(awk -v a="$import_s" -v b="$baseline_s" 'BEGIN { printf "%.2f", a / b }')"
{
    echo
    echo "import: sqlite3 .import ${baseline_s} s (peak ${baseline_peak} MB); maturity import ${import_s} s" \
        "(peak ${import_peak} MB); ratio maturity/sqlite3 = ${ratio} (goal: <= 0.85, peak < 100 MB)"
    echo "assess: ${assess_s} s (peak ${assess_peak} MB) (goal: < 30 s, peak < 1024 MB)"
} | tee "$results/summary.txt"
