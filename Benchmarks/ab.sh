#!/usr/bin/env bash
# Two builds of speccheck on one model, runs alternated (old, new, old, new, ...), so that
# both meet the same load: prints the median and least seconds of each and the median
# ratio old/new of the pairs (above 1: the new build is faster).
#
# Usage: Benchmarks/ab.sh PAIRS OLD_BINARY NEW_BINARY MODEL:SIZE WORKERS
# (models as in Benchmarks/run.sh). Build the old one in a worktree, e.g.
#   git worktree add /tmp/old REV && (cd /tmp/old && swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/models.sh
pairs=${1:?usage: Benchmarks/ab.sh PAIRS OLD NEW MODEL:SIZE WORKERS}
old=$2 new=$3 workers=$5
model_for "$4"

seconds() {
  "$1" check --no-config "$spec" --const "$param=$size" --workers "$workers" --format json |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])'
}

olds=() news=()
for pair in $(seq "$pairs"); do
  olds+=("$(seconds "$old")") news+=("$(seconds "$new")")
done
python3 - "$name" "$workers" "$pairs" "${olds[*]}" "${news[*]}" <<'PY'
import statistics, sys
name, workers, pairs = sys.argv[1:4]
olds = [float(x) for x in sys.argv[4].split()]
news = [float(x) for x in sys.argv[5].split()]
ratios = [a / b for a, b in zip(olds, news)]
print(f"{name}, {workers} workers, {pairs} pairs: old median {statistics.median(olds):.3f} s "
      f"(least {min(olds):.3f}), new median {statistics.median(news):.3f} s "
      f"(least {min(news):.3f}); median old/new {statistics.median(ratios):.3f}")
PY
