#!/usr/bin/env python3
"""Writes TwoPhase with N resource managers in Promela, for SPIN.

Each action instance is one d_step option of a single do loop over global variables, so
SPIN's stored states are exactly the spec's states (no intermediate states), and the
counts can be checked equal before any time is compared.
Encoding: rmState 0 working, 1 prepared, 2 committed, 3 aborted; tmState 0 init,
1 committed, 2 aborted; msgs as one bit per message.
"""
import sys

n = int(sys.argv[1])
out = []
out.append(f"#define N {n}")
out.append("byte rmState[N];")
out.append("byte tmState;")
out.append("bit tmPrepared[N];")
out.append("bit msgPrepared[N];")
out.append("bit msgCommit;")
out.append("bit msgAbort;")
out.append("")
out.append("active proctype TwoPhase() {")
out.append("  do")
all_prepared = " && ".join(f"tmPrepared[{r}]" for r in range(n))
out.append(f"  :: d_step {{ tmState == 0 && {all_prepared} -> tmState = 1; msgCommit = 1 }}")
out.append("  :: d_step { tmState == 0 -> tmState = 2; msgAbort = 1 }")
for r in range(n):
    out.append(f"  :: d_step {{ tmState == 0 && msgPrepared[{r}] -> tmPrepared[{r}] = 1 }}")
    out.append(f"  :: d_step {{ rmState[{r}] == 0 -> rmState[{r}] = 1; msgPrepared[{r}] = 1 }}")
    out.append(f"  :: d_step {{ rmState[{r}] == 0 -> rmState[{r}] = 3 }}")
    out.append(f"  :: d_step {{ msgCommit -> rmState[{r}] = 2 }}")
    out.append(f"  :: d_step {{ msgAbort -> rmState[{r}] = 3 }}")
out.append("  od")
out.append("}")
print("\n".join(out))
