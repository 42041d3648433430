#!/usr/bin/env python3
"""Writes specs/DiningPhilosophers.spec (Chandy-Misra) with NP philosophers in Promela.

As in twophase_pml.py, each action instance is one d_step option of a single do loop
over global variables, so SPIN stores exactly the spec's states and the counts can be
checked equal before any time is compared.
Encoding: philosophers and forks 1..NP as in the spec, stored at index - 1. A fork is
only ever held by one of the two philosophers beside it, so its holder is one bit:
moved[f] is 1 when fork f is not with the philosopher who holds it initially (every
initial value is then 0, as Promela's are). pc 0 Loop, 1 Eat, 2 Think. Every step ends
by asserting ExclusiveAccess, so SPIN checks it in every state, as speccheck does.
"""
import sys

n = int(sys.argv[1])
left_fork = lambda p: p
right_fork = lambda p: 1 if p == n else p + 1
left_phil = lambda p: n if p == 1 else p - 1
right_phil = lambda p: 1 if p == n else p + 1
initial = lambda f: 1 if f == 2 else f           # the spec's initial holder of fork f
if n < 3:
    sys.exit("needs NP >= 3")
# The other philosopher beside fork f: f - 1 (or NP) when f starts with philosopher f.
other_of = {f: (n if f == 1 else f - 1) if initial(f) == f else f for f in range(1, n + 1)}


def holds(p, f):
    if p == initial(f):
        return f"!moved[{f - 1}]"
    if p == other_of[f]:
        return f"moved[{f - 1}]"
    return "false"


def give(f, p):
    return f"moved[{f - 1}] = {0 if p == initial(f) else 1}"


def shares(p, q):
    return {left_fork(p), right_fork(p)} & {left_fork(q), right_fork(q)}


pairs = [(p, q) for p in range(1, n + 1) for q in range(p + 1, n + 1) if shares(p, q)]
check = "assert(!(" + " || ".join(f"(pc[{p - 1}] == 1 && pc[{q - 1}] == 1)" for p, q in pairs) + "))"

out = [
    f"#define NP {n}",
    "bit moved[NP];",
    "bit clean[NP];",
    "bit hungry[NP] = 1;",
    "byte pc[NP];",
    "hidden byte eat;",
    "",
    "active proctype DiningPhilosophers() {",
    "  do",
]
for p in range(1, n + 1):
    i, lf, rf = p - 1, left_fork(p), right_fork(p)
    can_eat = f"{holds(p, lf)} && {holds(p, rf)} && clean[{lf - 1}] && clean[{rf - 1}]"
    out += [
        f"  :: d_step {{ pc[{i}] == 0 ->",
        f"       if :: {can_eat} -> eat = 1 :: else -> eat = 0 fi;",
        f"       if :: {holds(p, lf)} && !clean[{lf - 1}] -> {give(lf, left_phil(p))}; clean[{lf - 1}] = 1",
        f"          :: else -> if :: {holds(p, rf)} && !clean[{rf - 1}] -> {give(rf, right_phil(p))}; clean[{rf - 1}] = 1",
        "                     :: else -> skip fi fi;",
        f"       if :: hungry[{i}] && eat -> pc[{i}] = 1 :: hungry[{i}] && !eat -> pc[{i}] = 0",
        f"          :: else -> pc[{i}] = 2 fi; eat = 0; {check} }}",
        f"  :: d_step {{ pc[{i}] == 2 -> hungry[{i}] = 1; pc[{i}] = 0; {check} }}",
        f"  :: d_step {{ pc[{i}] == 1 -> hungry[{i}] = 0; clean[{lf - 1}] = 0; clean[{rf - 1}] = 0; pc[{i}] = 0; {check} }}",
    ]
out += ["  od", "}"]
print("\n".join(out))
