#!/usr/bin/env bash
# Parallel speed-up on a many-core machine: models at given sizes and worker counts, and
# SPIN's verifier on the same models when its binaries are given.
# Usage: Benchmarks/device-scaling.sh BINARY OUTFILE [MODEL:SIZE ...]
#   BINARY: built with `swift build -c release --static-swift-stdlib` (libz3.so.4 beside it
#   if the machine lacks it). MODEL is twophase or filterlock, as in Benchmarks/run.sh;
#   default twophase:6 twophase:7. WORKERS (default "1 2 4 8 16") lists the worker counts.
#   PANS=folder holding pan-MODEL-SIZE, SPIN's verifier compiled here by
#   `Benchmarks/device-scaling.sh --pans FOLDER MODEL:SIZE ...` (gcc -O2 -DSAFETY -DNOREDUCE),
#   runs it first with -w26 -m10000000 and prints its states and seconds. STORE=fingerprint
#   checks in fingerprint mode (default exact). With SPECCHECK_STAGE_PROFILE=1 set, each
#   run's stage profile (stderr) goes to OUTFILE.stages.
set -u
cd "$(dirname "$0")/.."
spec_of() {
  case ${1%%:*} in
    twophase) echo "examples/TwoPhase.spec RMCount" ;;
    filterlock) echo "Benchmarks/FilterLock.spec N" ;;
    *) echo "unknown model: $1" >&2; exit 64 ;;
  esac
}
if [ "${1:-}" = "--pans" ]; then
  out=$2
  shift 2
  mkdir -p "$out"
  work=$(mktemp -d)
  for run in "$@"; do
    python3 "Benchmarks/${run%%:*}_pml.py" "${run##*:}" > "$work/model.pml"
    (cd "$work" && spin -a model.pml >/dev/null && gcc -O2 -DSAFETY -DNOREDUCE -o pan pan.c 2>/dev/null)
    cp "$work/pan" "$out/pan-${run%%:*}-${run##*:}"
  done
  rm -rf "$work"
  exit 0
fi
bin=$1
out=$2
shift 2
runs=("$@")
[ $# -eq 0 ] && runs=(twophase:6 twophase:7)
export LD_LIBRARY_PATH="$(dirname "$bin"):${LD_LIBRARY_PATH:-}"
{
  echo "cores: $(nproc)"
  echo "| model | checker | workers | distinct states | seconds | states/s | bytes/state |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
  for run in "${runs[@]}"; do
    read -r spec param < <(spec_of "$run")
    size=${run##*:}
    name="${run%%:*} N=$size"
    pan="$(cd "${PANS:-/}" && pwd)/pan-${run%%:*}-$size"
    if [ -x "$pan" ]; then
      spin_out=$(cd "$(mktemp -d)" && "$pan" -w26 -m10000000 -E 2>&1)
      states=$(echo "$spin_out" | awk '/states, stored/ {print $1; exit}')
      seconds=$(echo "$spin_out" | awk '/elapsed time/ {print $4; exit}')
      rate=$(awk -v s="$states" -v t="$seconds" 'BEGIN { if (t > 0) printf "%d", s / t; else print "-" }')
      echo "| $name | SPIN | 1 | $states | $seconds | $rate | |"
    fi
    for w in ${WORKERS:-1 2 4 8 16}; do
      json=$("$bin" check --no-config "$spec" --const "$param=$size" --workers "$w" \
        --store "${STORE:-exact}" --format json 2> "$out.err")
      [ -s "$out.err" ] && echo "$name, $w workers, ${STORE:-exact}: $(cat "$out.err")" >> "$out.stages"
      read -r states seconds bytes < <(echo "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["distinct_states"], d["seconds"], d["store_bytes_per_state"])')
      rate=$(awk -v s="$states" -v t="$seconds" 'BEGIN { if (t > 0) printf "%d", s / t; else print "-" }')
      echo "| $name | speccheck ${STORE:-exact} | $w | $states | $seconds | $rate | $bytes |"
    done
  done
} >> "$out" 2>&1
rm -f "$out.err"
cat "$out"
