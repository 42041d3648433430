#!/usr/bin/env bash
# The speed-up from 1 to 2 workers, measured as the ratio of back-to-back pairs of runs:
# on a shared machine the load drifts over minutes, so the least of several runs of each
# (Benchmarks/run.sh) can pair a quiet 1-worker run with a busy 2-worker one. Each pair
# runs 1 worker then 2 workers (alternating which goes first); the median ratio of the
# pairs is the figure, with the least and largest beside it.
#
# Usage: Benchmarks/speedup.sh PAIRS MODEL:SIZE ...   (models as in Benchmarks/run.sh)
# SPECCHECK=path uses an already built binary. Prints a Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/models.sh
pairs=${1:?usage: Benchmarks/speedup.sh PAIRS MODEL:SIZE ...}
shift
if [ -z "${SPECCHECK:-}" ]; then
  swift build -c release --product speccheck >/dev/null
fi
bin=${SPECCHECK:-.build/release/speccheck}

seconds() {
  "$bin" check --no-config "$spec" --const "$param=$size" --workers "$1" --format json |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])'
}

echo "| model | pairs | median speed-up 1→2 | least | largest | median 1 worker s | median 2 workers s |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for run in "$@"; do
  model_for "$run"
  ones=() twos=()
  for pair in $(seq "$pairs"); do
    echo "$name: pair $pair of $pairs" >&2
    if [ $((pair % 2)) -eq 1 ]; then
      one=$(seconds 1); two=$(seconds 2)
    else
      two=$(seconds 2); one=$(seconds 1)
    fi
    ones+=("$one") twos+=("$two")
  done
  python3 - "$name" "$pairs" "${ones[*]}" "${twos[*]}" <<'PY'
import statistics, sys
name, pairs = sys.argv[1], sys.argv[2]
ones = [float(x) for x in sys.argv[3].split()]
twos = [float(x) for x in sys.argv[4].split()]
ratios = [a / b for a, b in zip(ones, twos)]
print(f"| {name} | {pairs} | {statistics.median(ratios):.2f}x | {min(ratios):.2f}x | "
      f"{max(ratios):.2f}x | {statistics.median(ones):.2f} | {statistics.median(twos):.2f} |")
PY
done
