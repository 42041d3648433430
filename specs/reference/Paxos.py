#!/usr/bin/env python3
"""Independent BFS of Paxos.tla (tlaplus/Examples, specifications/Paxos) with
acceptors {1, 2, 3}, values {"v1", "v2"}, quorums the majorities
{{1,2},{1,3},{2,3}} and Ballot = 0..MaxBallot (MaxBallot = 1). Deadlock checking
on; invariant: at most one value is chosen. Expected (TLC, one worker): 3921
states, depth 17, no error. With `python3 Paxos.py 1 1 1` (one acceptor, one
value, quorum {{1}}) it reproduces the published MCPaxos figure, 25 states.

Messages are tuples: ("1a", bal), ("1b", acc, bal, mbal, mval), ("2a", bal, val),
("2b", acc, bal, val). A state is (maxBal, maxVBal, maxVal, msgs).
"""
import itertools
import sys
from bfs import explore, report

NACC = int(sys.argv[1]) if len(sys.argv) > 1 else 3
NVAL = int(sys.argv[2]) if len(sys.argv) > 2 else 2
MAXBAL = int(sys.argv[3]) if len(sys.argv) > 3 else 1
ACC = range(1, NACC + 1)
VALUES = ["v1", "v2"][:NVAL]
BALLOTS = range(0, MAXBAL + 1)
QUORUMS = [frozenset(q) for q in itertools.combinations(ACC, NACC // 2 + 1)]
NONE = "none"


def put(t, i, v):
    return t[:i - 1] + (v,) + t[i:]


def successors(s):
    maxBal, maxVBal, maxVal, msgs = s
    for b in BALLOTS:
        # Phase1a(b)
        yield (maxBal, maxVBal, maxVal, msgs | {("1a", b)})
        # Phase2a(b, v)
        if any(m[0] == "2a" and m[1] == b for m in msgs):
            continue
        for v in VALUES:
            ok = False
            for Q in QUORUMS:
                q1b = [m for m in msgs if m[0] == "1b" and m[1] in Q and m[2] == b]
                q1bv = [m for m in q1b if m[3] >= 0]
                if all(any(m[1] == a for m in q1b) for a in Q) and (
                        not q1bv or any(m[4] == v and all(m[3] >= mm[3] for mm in q1bv)
                                        for m in q1bv)):
                    ok = True
                    break
            if ok:
                yield (maxBal, maxVBal, maxVal, msgs | {("2a", b, v)})
    for a in ACC:
        for m in msgs:
            # Phase1b(a)
            if m[0] == "1a" and m[1] > maxBal[a - 1]:
                yield (put(maxBal, a, m[1]), maxVBal, maxVal,
                       msgs | {("1b", a, m[1], maxVBal[a - 1], maxVal[a - 1])})
            # Phase2b(a)
            if m[0] == "2a" and m[1] >= maxBal[a - 1]:
                yield (put(maxBal, a, m[1]), put(maxVBal, a, m[1]), put(maxVal, a, m[2]),
                       msgs | {("2b", a, m[1], m[2])})


def consistency(s):
    msgs = s[3]
    chosen = {v for v in VALUES for b in BALLOTS for Q in QUORUMS
              if all(("2b", a, b, v) in msgs for a in Q)}
    return len(chosen) <= 1


if __name__ == "__main__":
    init = (tuple(-1 for _ in ACC), tuple(-1 for _ in ACC), tuple(NONE for _ in ACC), frozenset())
    report(f"Paxos acceptors={NACC} values={NVAL} MaxBallot={MAXBAL}",
           explore([init], successors, consistency, check_deadlock=True))
