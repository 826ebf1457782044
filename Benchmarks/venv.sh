#!/bin/sh
# Prints the path of the benchmarks' Python, after creating its virtual environment (Benchmarks/.build/venv,
# git-ignored) and installing the packages named as arguments from PyPI (through pip's configured index) when
# they are missing. Nothing is downloaded into the repository outside Benchmarks/.build/.
#   PY=$(./venv.sh duckdb pandas)
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.build/venv"
if [ ! -x "$venv/bin/python" ]; then
    mkdir -p "$here/.build"
    python3 -m venv "$venv" >&2
fi
missing=""
for package in "$@"; do
    module=$(echo "$package" | tr '-' '_')
    "$venv/bin/python" -c "import $module" 2>/dev/null || missing="$missing $package"
done
if [ -n "$missing" ]; then
    echo "installing into $venv:$missing" >&2
    (cd "$here/.build" && "$venv/bin/pip" install --quiet --disable-pip-version-check $missing >&2)
fi
echo "$venv/bin/python"
