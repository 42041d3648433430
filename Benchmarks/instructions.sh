#!/usr/bin/env bash
# Instructions per state, speccheck (1 worker) against SPIN, counted by valgrind's
# callgrind: unlike seconds, the counts do not change with the machine's load, so the
# ratio holds on a shared machine. Each tool runs the model at two sizes, and the
# difference of the counts over the difference of the states is the cost of a state,
# without the fixed costs (start-up, parsing, allocating SPIN's tables), which cancel.
# The counts of states are checked equal first.
#
# Usage: Benchmarks/instructions.sh [MODEL:SMALL:LARGE ...]   (models as in
#   Benchmarks/run.sh; default: twophase:4:5 filterlock:3:4 philosophers:8:10).
#   SPECCHECK=path uses an already built binary.
# Prints a Markdown table for BENCHMARKS.md on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=("$@")
[ $# -eq 0 ] && runs=(twophase:4:5 filterlock:3:4 philosophers:8:10)
command -v spin >/dev/null || { apt-get update -qq && apt-get install -y -qq spin; }
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind; }
if [ -z "${SPECCHECK:-}" ]; then
  swift build -c release --product speccheck >/dev/null
fi
bin=${SPECCHECK:-.build/release/speccheck}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The instructions callgrind counted for a command, which runs with its output in $work/out.
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >"$work/out" 2>"$work/err"
  awk '/Collected :/ {print $NF}' "$work/err"
}

# For one size: "states spin_instructions speccheck_instructions".
measure_size() {
  local size=$1
  python3 "Benchmarks/${model}_pml.py" "$size" > "$work/model.pml"
  (cd "$work" && spin -a model.pml >/dev/null && gcc -O2 -DSAFETY -DNOREDUCE -o pan pan.c 2>/dev/null)
  # The same table size and depth bound at both sizes, so their costs cancel.
  local spin_count spin_states count states
  spin_count=$(cd "$work" && instructions ./pan -w22 -m1000000 -E)
  spin_states=$(awk '/states, stored/ {print $1; exit}' "$work/out")
  count=$(instructions "$bin" check --no-config "$spec" --const "$param=$size" --workers 1 --format json)
  states=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["distinct_states"])' "$work/out")
  if [ "$states" != "$spin_states" ]; then
    echo "$model $size: counts differ (speccheck $states, SPIN $spin_states); not comparing" >&2
    return 1
  fi
  echo "$states $spin_count $count"
}

echo "| model | distinct states | SPIN instructions/state | speccheck instructions/state | ratio |"
echo "| --- | ---: | ---: | ---: | ---: |"
for run in "${runs[@]}"; do
  IFS=: read -r model small large <<<"$run"
  case $model in
    twophase) spec=examples/TwoPhase.spec param=RMCount name="TwoPhase N=$small→$large" ;;
    filterlock) spec=Benchmarks/FilterLock.spec param=N name="FilterLock N=$small→$large" ;;
    philosophers) spec=specs/DiningPhilosophers.spec param=NP name="DiningPhilosophers NP=$small→$large" ;;
    *) echo "unknown model: $model" >&2; exit 64 ;;
  esac
  a=$(measure_size "$small") || continue
  b=$(measure_size "$large") || continue
  python3 - "$name" $a $b <<'PY'
import sys
name = sys.argv[1]
s1, spin1, ours1, s2, spin2, ours2 = map(int, sys.argv[2:])
states = s2 - s1
spin, ours = (spin2 - spin1) / states, (ours2 - ours1) / states
print(f"| {name} | {s1:,} → {s2:,} | {spin:,.0f} | {ours:,.0f} | {ours / spin:.1f}x |")
PY
done
