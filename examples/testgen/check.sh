#!/usr/bin/env bash
# Runs the worked example's generated tests against both implementations and asserts
# what they are for: the conformance tests pass on both; the regression tests (from the
# counterexample) fail on the buggy implementations, with the regression message, and
# pass on the fixed ones. Run by `make test` (and so by CI) after `swift test`, whose
# SpecTestgenTests check that the traces and generated files here are up to date.
set -euo pipefail
cd "$(dirname "$0")"

fail() {
  echo "examples/testgen: $1" >&2
  exit 1
}

# The message a generated regression test fails with when the bug is still there.
reproduced="follows the counterexample all the way into state 5, which violates invariant NoOverdraft"

# expect_regression_failure NAME COMMAND...: COMMAND must fail, and for the right reason
# (a test that does not compile or import fails too, and must not count).
expect_regression_failure() {
  local name=$1
  shift
  local output
  if output=$("$@" 2>&1); then
    echo "$output"
    fail "$name: the regression test passed against the buggy implementation"
  fi
  if ! grep -qF "$reproduced" <<<"$output"; then
    echo "$output"
    fail "$name: the regression test failed, but not because the counterexample reproduced"
  fi
  echo "$name: the regression test fails against the buggy implementation, as it must"
}

echo "== Python (pytest)"
(
  cd python
  pytest=(python3 -m pytest -q -p no:cacheprovider)
  PYTHONPATH=fixed "${pytest[@]}" test_bank_conformance.py test_bank_regression.py
  PYTHONPATH=buggy "${pytest[@]}" test_bank_conformance.py
  expect_regression_failure "python" env PYTHONPATH=buggy "${pytest[@]}" test_bank_regression.py
)

echo "== Swift (swift test)"
(
  cd swift
  swift build --build-tests
  BANK_IMPLEMENTATION=fixed swift test --skip-build
  BANK_IMPLEMENTATION=buggy swift test --skip-build --filter BankConformanceTests
  expect_regression_failure "swift" env BANK_IMPLEMENTATION=buggy \
    swift test --skip-build --filter BankRegressionTests
)
echo "examples/testgen: ok"
