#!/bin/sh
# The ICS benchmark: `make -C Benchmarks ics`. Writes 10 calendar files of 100 open-ended weekly series each
# (104,000 occurrences up to 2026-12-31), then, in one run, imports them with maturity (expansion through libical
# and the store writes, one transaction per file) and expands them with python recurring-ical-events, which it
# installs into the benchmarks' virtual environment (Benchmarks/.build/venv, see venv.sh).
set -eu
cd "$(dirname "$0")"
PYTHON=$(./venv.sh icalendar recurring-ical-events)
DATA=${DATA:-data/ics}
UNTIL=${UNTIL:-2026-12-31}
MATURITY=${MATURITY:-../.build/release/maturity}
[ -x "$MATURITY" ] || (cd .. && swift build -c release --product maturity)
rm -rf "$DATA" && python3 peers/make_ics.py "$DATA"
STORE=$(mktemp -d)/bench.sqlite
"$MATURITY" init --store "$STORE" --org-timezone Europe/Berlin > /dev/null
start=$(date +%s.%N)
"$MATURITY" import ics --store "$STORE" --until "$UNTIL" "$DATA"/*.ics 2>&1 | grep -v '^warning'
end=$(date +%s.%N)
echo "maturity import ics: $(echo "$end - $start" | bc) s (expand + import into SQLite)"
"$PYTHON" peers/ics_expand.py "$UNTIL" "$DATA"/*.ics
rm -rf "$(dirname "$STORE")"
