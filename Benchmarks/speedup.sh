#!/usr/bin/env bash
# The speed-up from 1 to 2 workers, measured as the ratio of back-to-back pairs of runs:
# on a shared machine the load drifts over minutes, so the least of several runs of each
# (Benchmarks/run.sh) can pair a quiet 1-worker run with a busy 2-worker one. Each pair
# runs 1 worker then 2 workers (alternating which goes first); the median ratio of the
# pairs is the figure, with the least and largest beside it.
#
# Each pair also runs two 1-worker searches at once, as two processes that share nothing:
# "two at once" is how much work per second two of them do together against one alone
# (2 x the 1-worker time / the mean of the two). Where the two cores slow each other
# (a virtual machine's cores share the host's), that bounds any 2-worker speed-up, and
# the search's own cost is the distance between the two figures.
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

echo "| model | pairs | median speed-up 1→2 | least | largest | median 1 worker s | median 2 workers s | two 1-worker runs at once: median (range) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for run in "$@"; do
  model_for "$run"
  ones=() twos=() besides=()
  for pair in $(seq "$pairs"); do
    echo "$name: pair $pair of $pairs" >&2
    if [ $((pair % 2)) -eq 1 ]; then
      one=$(seconds 1); two=$(seconds 2)
    else
      two=$(seconds 2); one=$(seconds 1)
    fi
    other=$(mktemp)
    seconds 1 >"$other" &
    beside=$(seconds 1)
    wait
    ones+=("$one") twos+=("$two") besides+=("$(python3 -c "print(($beside + $(cat "$other")) / 2)")")
    rm -f "$other"
  done
  python3 - "$name" "$pairs" "${ones[*]}" "${twos[*]}" "${besides[*]}" <<'PY'
import statistics, sys
name, pairs = sys.argv[1], sys.argv[2]
ones = [float(x) for x in sys.argv[3].split()]
twos = [float(x) for x in sys.argv[4].split()]
besides = [float(x) for x in sys.argv[5].split()]
ratios = [a / b for a, b in zip(ones, twos)]
bounds = [2 * a / b for a, b in zip(ones, besides)]
print(f"| {name} | {pairs} | {statistics.median(ratios):.2f}x | {min(ratios):.2f}x | "
      f"{max(ratios):.2f}x | {statistics.median(ones):.2f} | {statistics.median(twos):.2f} | "
      f"{statistics.median(bounds):.2f}x ({min(bounds):.2f}x-{max(bounds):.2f}x) |")
PY
done
