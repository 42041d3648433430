#!/usr/bin/env bash
# Benchmarks speccheck against SPIN on the same models, in one run. The counts are checked
# equal (SPIN's "states, stored" against speccheck's distinct states, with 1 and 2
# workers, in both store modes) before any time is compared.
#
# Usage: Benchmarks/run.sh [MODEL:SIZE ...]
#   MODEL is twophase (examples/TwoPhase.spec, RMCount), filterlock (Benchmarks/FilterLock.spec,
#   N) or philosophers (specs/DiningPhilosophers.spec, NP). Default: twophase:6 filterlock:4
#   philosophers:10. SPECCHECK=path uses an already built binary. REPEAT=n (default 1)
#   times SPIN, 1 and 2 workers n times each, interleaved, and keeps the least of each:
#   on a shared machine a single run can be slowed by half.
# Prints a Markdown table for BENCHMARKS.md on stdout; progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/models.sh
runs=("$@")
[ $# -eq 0 ] && runs=(twophase:6 filterlock:4 philosophers:10)
command -v spin >/dev/null || { apt-get update -qq && apt-get install -y -qq spin; }
if [ -z "${SPECCHECK:-}" ]; then
  swift build -c release --product speccheck >/dev/null
fi
bin=${SPECCHECK:-.build/release/speccheck}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# speccheck check --format json, reduced to "distinct seconds bytes_per_state".
measure() {
  "$bin" check --no-config "$spec" --const "$param=$size" --workers "$1" --store "$2" --format json |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["distinct_states"], d["seconds"], d["store_bytes_per_state"])'
}

# The least of two times.
least() { python3 -c 'import sys; print(min(float(sys.argv[1]), float(sys.argv[2])))' "$1" "$2"; }

echo "| model | distinct states | SPIN s | SPIN states/s | 1 worker s | 1 worker states/s | 2 workers states/s | speed-up 1→2 | ratio to SPIN (1 worker) | bytes/state exact | bytes/state fingerprint |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for run in "${runs[@]}"; do
  model_for "$run"
  echo "$name: SPIN" >&2
  python3 "Benchmarks/${model}_pml.py" "$size" > "$work/model.pml"
  (cd "$work" && spin -a model.pml >/dev/null && gcc -O2 -DSAFETY -DNOREDUCE -o pan pan.c 2>/dev/null)
  # Size the table for the states (-w, log2 + 1) and lift the depth bound (-m), which
  # otherwise truncates the search (FilterLock N=6 goes 1.2M deep). pan allocates its stack
  # for -m up front: 200M costs some 20 s in the kernel, outside pan's own timer.
  spin_out=$(cd "$work" && ./pan -w26 -m10000000 -E 2>&1)
  if echo "$spin_out" | grep -q 'max search depth too small'; then
    echo "$name: SPIN's depth bound -m is too small; not comparing" >&2
    continue
  fi
  spin_states=$(echo "$spin_out" | awk '/states, stored/ {print $1; exit}')
  spin_seconds=$(echo "$spin_out" | awk '/elapsed time/ {print $4; exit}')
  if echo "$spin_out" | grep -q 'errors: [1-9]'; then
    echo "$name: SPIN found an error; not comparing" >&2
    continue
  fi
  echo "$name: speccheck, 1 worker" >&2
  read -r states s1 bytes < <(measure 1 exact)
  echo "$name: speccheck, 2 workers" >&2
  read -r states2 s2 _ < <(measure 2 exact)
  echo "$name: speccheck, fingerprint store" >&2
  read -r states3 _ fbytes < <(measure 1 fingerprint)
  if [ "$states" != "$spin_states" ] || [ "$states" != "$states2" ] || [ "$states" != "$states3" ]; then
    echo "$name: counts differ (speccheck $states / $states2 / $states3, SPIN $spin_states); not comparing times" >&2
    continue
  fi
  for ((round = 1; round < ${REPEAT:-1}; round++)); do
    echo "$name: round $((round + 1)) of ${REPEAT}" >&2
    t=$(cd "$work" && ./pan -w26 -m10000000 -E 2>&1 | awk '/elapsed time/ {print $4; exit}')
    spin_seconds=$(least "$spin_seconds" "$t")
    read -r _ t _ < <(measure 1 exact)
    s1=$(least "$s1" "$t")
    read -r _ t _ < <(measure 2 exact)
    s2=$(least "$s2" "$t")
  done
  python3 - "$name" "$states" "$spin_seconds" "$s1" "$s2" "$bytes" "$fbytes" <<'PY'
import sys
name, states = sys.argv[1], int(sys.argv[2])
spin, s1, s2, b, fb = map(float, sys.argv[3:])
rate = lambda s: f"{states / s:,.0f}" if s > 0 else "(too fast to time)"
ratio = f"{spin / s1:.3f}" if spin > 0 and s1 > 0 else "—"
print(f"| {name} | {states:,} | {spin:.2f} | {rate(spin)} | {s1:.2f} | {rate(s1)} | {rate(s2)} | "
      f"{s1 / s2:.2f}x | {ratio} | {b:.1f} | {fb:.1f} |")
PY
done
