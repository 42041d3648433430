#!/usr/bin/env python3
"""Independent BFS of Bakery.tla (tlaplus/Examples, specifications/Bakery-Boulangerie)
with N = 2 and Nat overridden by 0..MaxNat, MaxNat = 2 (as MCBakery.tla does),
using the ordinary Spec. Deadlock checking on; invariant MutualExclusion.
Expected (TLC, one worker): 2303 states, depth 39, no error.

A state is a tuple of per-process tuples (num, flag, pc, unchecked, max, nxt),
each indexed by process 1..N.
"""
import sys
from bfs import explore, report

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2
MAXNAT = int(sys.argv[2]) if len(sys.argv) > 2 else 2
PROCS = range(1, N + 1)
NAT = range(0, MAXNAT + 1)


def put(t, i, v):
    return t[:i - 1] + (v,) + t[i:]


def prec(a, b):
    return a[0] < b[0] or (a[0] == b[0] and a[1] < b[1])


def successors(s):
    num, flag, pc, unchecked, mx, nxt = s
    for p in PROCS:
        at = pc[p - 1]
        if at == "ncs":
            yield (num, flag, put(pc, p, "e1"), unchecked, mx, nxt)
        elif at == "e1":
            yield (num, put(flag, p, not flag[p - 1]), pc, unchecked, mx, nxt)
            yield (num, put(flag, p, True), put(pc, p, "e2"),
                   put(unchecked, p, frozenset(PROCS) - {p}), put(mx, p, 0), nxt)
        elif at == "e2":
            if unchecked[p - 1]:
                for i in unchecked[p - 1]:
                    m = num[i - 1] if num[i - 1] > mx[p - 1] else mx[p - 1]
                    yield (num, flag, pc, put(unchecked, p, unchecked[p - 1] - {i}),
                           put(mx, p, m), nxt)
            else:
                yield (num, flag, put(pc, p, "e3"), unchecked, mx, nxt)
        elif at == "e3":
            for k in NAT:
                yield (put(num, p, k), flag, pc, unchecked, mx, nxt)
            for k in NAT:
                if k > mx[p - 1]:
                    yield (put(num, p, k), flag, put(pc, p, "e4"), unchecked, mx, nxt)
        elif at == "e4":
            yield (num, put(flag, p, not flag[p - 1]), pc, unchecked, mx, nxt)
            yield (num, put(flag, p, False), put(pc, p, "w1"),
                   put(unchecked, p, frozenset(PROCS) - {p}), mx, nxt)
        elif at == "w1":
            if unchecked[p - 1]:
                for i in unchecked[p - 1]:
                    if not flag[i - 1]:
                        yield (num, flag, put(pc, p, "w2"), unchecked, mx, put(nxt, p, i))
            else:
                yield (num, flag, put(pc, p, "cs"), unchecked, mx, nxt)
        elif at == "w2":
            q = nxt[p - 1]
            if num[q - 1] == 0 or prec((num[p - 1], p), (num[q - 1], q)):
                yield (num, flag, put(pc, p, "w1"),
                       put(unchecked, p, unchecked[p - 1] - {q}), mx, nxt)
        elif at == "cs":
            yield (num, flag, put(pc, p, "exit"), unchecked, mx, nxt)
        elif at == "exit":
            for k in NAT:
                yield (put(num, p, k), flag, pc, unchecked, mx, nxt)
            yield (put(num, p, 0), flag, put(pc, p, "ncs"), unchecked, mx, nxt)


def mutual_exclusion(s):
    return sum(1 for x in s[2] if x == "cs") <= 1


if __name__ == "__main__":
    init = (tuple(0 for _ in PROCS), tuple(False for _ in PROCS), tuple("ncs" for _ in PROCS),
            tuple(frozenset() for _ in PROCS), tuple(0 for _ in PROCS), tuple(1 for _ in PROCS))
    report(f"Bakery N={N} MaxNat={MAXNAT}",
           explore([init], successors, mutual_exclusion, check_deadlock=True))
