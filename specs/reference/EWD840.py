#!/usr/bin/env python3
"""Independent BFS of EWD840.tla (tlaplus/Examples, specifications/ewd840) for N = 3.

A state is (active, color, tpos, tcolor) with active/color tuples indexed by
node 0..N-1. Deadlock checking is off in EWD840.cfg. Prints the distinct states
and the depth of the complete state graph (TLC counts: 302 states; TLC with one
worker reports depth 9).
"""
import itertools
import sys
from bfs import explore, report

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3
NODES = range(N)


def inits():
    for active in itertools.product([False, True], repeat=N):
        for color in itertools.product(["white", "black"], repeat=N):
            for tpos in NODES:
                yield (active, color, tpos, "black")


def put(t, i, v):
    return t[:i] + (v,) + t[i + 1:]


def successors(s):
    active, color, tpos, tcolor = s
    # InitiateProbe
    if tpos == 0 and (tcolor == "black" or color[0] == "black"):
        yield (active, put(color, 0, "white"), N - 1, "white")
    # PassToken(i), i in Node \ {0}
    for i in NODES:
        if i != 0 and tpos == i and (not active[i] or color[i] == "black" or tcolor == "black"):
            yield (active, put(color, i, "white"), i - 1,
                   "black" if color[i] == "black" else tcolor)
    for i in NODES:
        if active[i]:
            # SendMsg(i)
            for j in NODES:
                if j != i:
                    yield (put(active, j, True),
                           put(color, i, "black") if j > i else color, tpos, tcolor)
            # Deactivate(i)
            yield (put(active, i, False), color, tpos, tcolor)


def termination_detection(s):
    active, color, tpos, tcolor = s
    detected = tpos == 0 and tcolor == "white" and color[0] == "white" and not active[0]
    return not detected or not any(active)


if __name__ == "__main__":
    report(f"EWD840 N={N}", explore(inits(), successors, termination_detection))
