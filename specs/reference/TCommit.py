#!/usr/bin/env python3
"""Independent BFS of Lamport's TCommit.tla with RM = {r1, r2, r3}.

Prints the complete state graph (34 states, depth 7; TCommit.cfg turns deadlock
checking off) and, with deadlock checking on, the length of the shortest trace
to a deadlock (4 states: every RM aborts).
"""
from bfs import explore, report

N = 3


def put(t, i, v):
    return t[:i] + (v,) + t[i + 1:]


def successors(s):
    can_commit = all(x in ("prepared", "committed") for x in s)
    not_committed = all(x != "committed" for x in s)
    for rm in range(N):
        if s[rm] == "working":                                   # Prepare(rm)
            yield put(s, rm, "prepared")
        if s[rm] == "prepared" and can_commit:                   # Decide(rm), commit
            yield put(s, rm, "committed")
        if s[rm] in ("working", "prepared") and not_committed:   # Decide(rm), abort
            yield put(s, rm, "aborted")


def consistent(s):
    return not ("aborted" in s and "committed" in s)


if __name__ == "__main__":
    init = ("working",) * N
    report("TCommit", explore([init], successors, consistent))
    report("TCommit deadlock", explore([init], successors, consistent, check_deadlock=True))
