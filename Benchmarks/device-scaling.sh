#!/usr/bin/env bash
# Parallel speed-up on a many-core machine: TwoPhase at several sizes and worker counts.
# Usage: Benchmarks/device-scaling.sh BINARY OUTFILE   (the binary built with
# `swift build -c release --static-swift-stdlib`; libz3.so.4 beside it if not installed)
set -u
bin=$1
out=$2
export LD_LIBRARY_PATH="$(dirname "$bin"):${LD_LIBRARY_PATH:-}"
{
  echo "cores: $(nproc)"
  echo "| model | workers | distinct states | seconds | states/s |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  for n in ${SIZES:-6 7}; do
    for w in ${WORKERS:-1 2 4 8 16}; do
      json=$("$bin" check --no-config examples/TwoPhase.spec --const RMCount="$n" --workers "$w" --format json)
      states=$(echo "$json" | grep -m1 '"distinct_states"' | tr -dc '0-9')
      seconds=$(echo "$json" | grep -m1 '"seconds"' | sed 's/.*: //; s/,//')
      rate=$(awk -v s="$states" -v t="$seconds" 'BEGIN { if (t > 0) printf "%d", s / t; else print "-" }')
      echo "| TwoPhase N=$n | $w | $states | $seconds | $rate |"
    done
  done
} > "$out" 2>&1
cat "$out"
