#!/usr/bin/env bash
# Regenerates the example's traces and generated tests into DIR (default: this folder).
# SpecTestgenTests runs it into a temporary folder and compares the files with the
# committed ones, so they never go stale. SPECCHECK names the speccheck binary (default:
# the debug build of the repository, from `swift build`).
set -euo pipefail
cd "$(dirname "$0")"
out=${1:-.}
speccheck=${SPECCHECK:-../../.build/debug/speccheck}
mkdir -p "$out/python" "$out/swift/Tests/BankTests"

# The counterexample: check exits 1 for the violation it finds.
status=0
"$speccheck" check --no-config Bank.spec --trace-out "$out/bank.cex.itf.json" > /dev/null || status=$?
[ "$status" = 1 ] || { echo "expected check to find a violation (exit 1), got $status" >&2; exit 1; }

# A behaviour without a violation, walked in explore.
printf '%s\n' 'Approve(atm = "atm1", amount = 2)' 'Approve(atm = "atm2", amount = 3)' \
  'Dispense(atm = "atm2")' 'Deposit' 'Dispense(atm = "atm1")' "save $out/bank.path.itf.json" |
  "$speccheck" explore Bank.spec > /dev/null

for lang in python swift; do
  if [ $lang = python ]; then
    regression=python/test_bank_regression.py conformance=python/test_bank_conformance.py
    adapter=(--adapter bank_adapter:BankAdapter)
  else
    regression=swift/Tests/BankTests/BankRegressionTests.swift
    conformance=swift/Tests/BankTests/BankConformanceTests.swift
    adapter=()
  fi
  "$speccheck" testgen "$out/bank.cex.itf.json" --spec Bank.spec --lang $lang \
    --out "$out/$regression" "${adapter[@]}" > /dev/null
  "$speccheck" testgen "$out/bank.path.itf.json" --spec Bank.spec --lang $lang \
    --out "$out/$conformance" "${adapter[@]}" > /dev/null
done
