#!/usr/bin/env bash
# Benchmarks speccheck against SPIN on the same models, in one run, counts checked equal
# before any time is compared. Usage: Benchmarks/run.sh [N...]   (default: 3 4 5 6 7)
# Prints a Markdown table for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ $# -eq 0 ] && sizes=(3 4 5 6)
command -v spin >/dev/null || { apt-get update -qq && apt-get install -y -qq spin; }
# SPECCHECK=path uses an already built binary (e.g. from another checkout).
if [ -z "${SPECCHECK:-}" ]; then
  swift build -c release --product speccheck >/dev/null
fi
bin=${SPECCHECK:-.build/release/speccheck}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| model | distinct states | SPIN states/s | speccheck 1 worker states/s | 2 workers states/s | speed-up 1→2 | ratio to SPIN (1 worker) | bytes/state |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  python3 Benchmarks/twophase_pml.py "$n" > "$work/tp.pml"
  (cd "$work" && spin -a tp.pml >/dev/null && gcc -O2 -DSAFETY -DNOREDUCE -o pan pan.c 2>/dev/null)
  # Size the table for the expected states and lift the depth bound, which else truncates.
  spin_out=$(cd "$work" && ./pan -w24 -m10000000 -E 2>&1)
  spin_states=$(echo "$spin_out" | awk '/states, stored/ {print $1; exit}')
  spin_seconds=$(echo "$spin_out" | awk '/elapsed time/ {print $4; exit}')
  run() {
    "$bin" check examples/TwoPhase.spec --const RMCount="$n" --workers "$1" --format json
  }
  one=$(run 1); two=$(run 2)
  read -r states s1 bytes <<<"$(echo "$one" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["distinct_states"], d["seconds"], d["store_bytes_per_state"])')"
  read -r states2 s2 <<<"$(echo "$two" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["distinct_states"], d["seconds"])')"
  if [ "$states" != "$spin_states" ] || [ "$states" != "$states2" ]; then
    echo "TwoPhase N=$n: counts differ (speccheck $states / $states2, SPIN $spin_states); not comparing times" >&2
    continue
  fi
  python3 - "$n" "$states" "$spin_seconds" "$s1" "$s2" "$bytes" <<'PY'
import sys
n, states, spin, s1, s2, b = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:])
rate = lambda s: states / s if s > 0 else float("inf")
print(f"| TwoPhase N={n} | {states:,} | {rate(spin):,.0f} | {rate(s1):,.0f} | {rate(s2):,.0f} | {s1 / s2:.2f}x | {rate(s1) / rate(spin):.3f} | {b} |")
PY
done
