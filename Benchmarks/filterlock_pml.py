#!/usr/bin/env python3
"""Writes Peterson's N-process filter lock (Benchmarks/FilterLock.spec) in Promela, for SPIN.

As in twophase_pml.py, each action instance is one d_step option of a single do loop
over global variables, so SPIN stores exactly the spec's states and the counts can be
checked equal before any time is compared.
Encoding: processes 0..N-1 (victim holds process + 1, 0 for none); pc 0 ncs,
1 announce, 2 yield, 3 wait, 4 cs; victim[0] is unused and stays 0. Every step ends by
asserting MutualExclusion, so SPIN checks the invariant in every state, as speccheck does.
"""
import sys

n = int(sys.argv[1])
pairs = " || ".join(f"(pc[{i}] == 4 && pc[{j}] == 4)" for i in range(n) for j in range(i + 1, n))
check = f"assert(!({pairs}))" if pairs else "skip"
out = [
    f"#define N {n}",
    "byte pc[N];",
    "byte level[N];",
    "byte at[N] = 1;",
    "byte victim[N];",
    "",
    "active proctype FilterLock() {",
    "  do",
]
for p in range(n):
    others = " && ".join(f"level[{k}] < at[{p}]" for k in range(n) if k != p) or "true"
    out += [
        f"  :: d_step {{ pc[{p}] == 0 -> pc[{p}] = 1; {check} }}",
        f"  :: d_step {{ pc[{p}] == 1 -> level[{p}] = at[{p}]; pc[{p}] = 2; {check} }}",
        f"  :: d_step {{ pc[{p}] == 2 -> victim[at[{p}]] = {p + 1}; pc[{p}] = 3; {check} }}",
        f"  :: d_step {{ pc[{p}] == 3 && (({others}) || victim[at[{p}]] != {p + 1}) ->",
        f"       if :: at[{p}] == N - 1 -> pc[{p}] = 4 :: else -> at[{p}]++; pc[{p}] = 1 fi; {check} }}",
        f"  :: d_step {{ pc[{p}] == 4 -> level[{p}] = 0; at[{p}] = 1; pc[{p}] = 0; {check} }}",
    ]
out += ["  od", "}"]
print("\n".join(out))
