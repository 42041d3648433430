#!/usr/bin/env python3
"""Independent BFS of Dekker's algorithm as the PlusCal of H. Wayne, Practical
TLA+ (2018), ch. 6, with Threads = {1, 2} (see ../Dekker.spec for the code).

A state is (flag, next_thread, pc), flag and pc tuples indexed by thread.
Deadlock checking on; invariant AtMostOneCritical. Expected (TLC): 134 states,
depth 16, no error.
"""
from bfs import explore, report

T = (1, 2)


def put(t, i, v):
    return t[:i - 1] + (v,) + t[i:]


def successors(s):
    flag, nt, pc = s
    for p in T:
        at = pc[p - 1]
        others = [t for t in T if t != p]
        if at == "P1":
            yield (put(flag, p, True), nt, put(pc, p, "P2"))
        elif at == "P2":
            nxt = "P2_1" if any(flag[t - 1] for t in others) else "CS"
            yield (flag, nt, put(pc, p, nxt))
        elif at == "P2_1":
            yield (flag, nt, put(pc, p, "P2_1_1" if nt != p else "P2"))
        elif at == "P2_1_1":
            yield (put(flag, p, False), nt, put(pc, p, "P2_1_2"))
        elif at == "P2_1_2":
            if nt == p:
                yield (flag, nt, put(pc, p, "P2_1_3"))
        elif at == "P2_1_3":
            yield (put(flag, p, True), nt, put(pc, p, "P2"))
        elif at == "CS":
            yield (flag, nt, put(pc, p, "P3"))
        elif at == "P3":
            for t in others:
                yield (flag, t, put(pc, p, "P4"))
        elif at == "P4":
            yield (put(flag, p, False), nt, put(pc, p, "P5"))
        elif at == "P5":
            yield (flag, nt, put(pc, p, "P1"))


def mutex(s):
    return not (s[2][0] == "CS" and s[2][1] == "CS")


if __name__ == "__main__":
    inits = [((False, False), nt, ("P1", "P1")) for nt in T]
    report("Dekker", explore(inits, successors, mutex, check_deadlock=True))
