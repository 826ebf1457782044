#!/usr/bin/env bash
# The Slack export benchmark of BENCHMARKS.md: `maturity import slack FOLDER` against the plain Python peer
# (peers/slack_loader.py: json.load per day file + sqlite3 executemany, one transaction) on the same
# synthetic export (slack_export_gen.py, deterministic), in ROUNDS interleaved rounds (maturity, then Python,
# each on a fresh database), each run under /usr/bin/time -v (wall time and maximum resident set size).
#
# Knobs (environment): SIZE_MB (1024: MB of JSON day files), SEED (7), ROUNDS (5), SCRATCH (.build),
# SKIP_BUILD (1: use the release binary already built), ZIP (1: import the export as the ZIP Slack writes,
# deflated, made once with Python's zipfile; both tools read the ZIP).
# Results: Benchmarks/data/results/slack-*.txt (git-ignored) and a summary on stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
data="$here/data"
SIZE_MB="${SIZE_MB:-1024}"
SEED="${SEED:-7}"
ROUNDS="${ROUNDS:-5}"
SCRATCH="${SCRATCH:-.build}"
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time: install it with: apt-get install -y time" >&2; exit 1; }
cd "$root"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "== building the release binary" >&2
    swift build -c release --product maturity --scratch-path "$SCRATCH" >&2
fi
bin="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/maturity"
export_dir="$data/slack-$SIZE_MB"
stamp="size=$SIZE_MB seed=$SEED"
mkdir -p "$data/results"
if [ ! -f "$export_dir/.stamp" ] || [ "$(cat "$export_dir/.stamp")" != "$stamp" ]; then
    echo "== generating a $SIZE_MB MB Slack export" >&2
    rm -rf "$export_dir"
    python3 "$here/slack_export_gen.py" "$export_dir" "$SIZE_MB" "$SEED" >&2
    echo "$stamp" > "$export_dir/.stamp"
fi
json_bytes="$(find "$export_dir" -name '*.json' -printf '%s\n' | awk '{ s += $1 } END { print s }')"
input="$export_dir"
if [ "${ZIP:-0}" = 1 ]; then
    input="$data/slack-$SIZE_MB.zip"
    if [ ! -f "$input" ] || [ "$input" -ot "$export_dir/.stamp" ]; then
        echo "== zipping the export" >&2
        python3 -c "import os, sys, zipfile
root = sys.argv[1]
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for f in sorted(files):
            if f != '.stamp': z.write(os.path.join(folder, f), os.path.relpath(os.path.join(folder, f), root))" "$export_dir" "$input"
    fi
fi
files="$(find "$export_dir" -name '*.json' | wc -l)"
echo "export: $export_dir, $files JSON files, $json_bytes bytes of JSON" >&2
store="$data/slack-bench.sqlite"
peer_db="$data/slack-peer.sqlite"
results="$data/results/slack-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "export: $files JSON files, $json_bytes bytes; input $input ($(stat -c %s "$input" 2>/dev/null || echo folder) bytes)"
} > "$results"
measure() {  # label command... -> "label seconds maxrss_kb"
    local label="$1"; shift
    local log; log="$(mktemp)"
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
    local wall rss
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")"
    rss="$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$log")"
    grep -E "^slack |messages$" "$log" >&2 || true
    rm -f "$log"
    echo "$label $wall $rss"
}
for round in $(seq 1 "$ROUNDS"); do
    rm -f "$store" "$store-wal" "$store-shm"
    "$bin" init --store "$store" --org-timezone UTC >/dev/null 2>&1
    measure maturity "$bin" import slack --store "$store" "$input" | tee -a "$results"
    measure python python3 "$here/peers/slack_loader.py" "$input" "$peer_db" | tee -a "$results"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results"
echo "== summary ($results)"
awk -v bytes="$json_bytes" '
    $1 == "maturity" || $1 == "python" { t[$1, ++n[$1]] = $2; r[$1] = ($3 > r[$1] ? $3 : r[$1]); if ($1 == "python") { ratio[++k] = t["maturity", k] / $2 } }
    function median(name, count,   i, j, v, tmp) { for (i = 1; i <= count; i++) v[i] = t[name, i];
        for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { tmp = v[i]; v[i] = v[j]; v[j] = tmp }
        return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2 }
    END {
        for (name in n) {
            m = median(name, n[name])
            printf "%-8s median %.2f s over %d rounds, %.1f MB/s of JSON, peak %.1f MB\n", name, m, n[name], bytes / 1e6 / m, r[name] / 1024
        }
        printf "per-round ratio maturity / python:"; for (i = 1; i <= k; i++) printf " %.2f", ratio[i]; printf "\n"
    }' "$results"
