#!/usr/bin/env python3
"""Independent BFS of KnuthYao.tla (tlaplus/Examples, specifications/KnuthYao)
under the state constraint p.den <= MaxDen (MaxDen = 64), deadlock checking
off. p always has numerator 1, so it is kept as its denominator. Expected:
62 states, depth 7.
"""
import sys
from bfs import explore, report

MAXDEN = int(sys.argv[1]) if len(sys.argv) > 1 else 64
DONE = {"1", "2", "3", "4", "5", "6"}
TRANSITION = {"s0": {"H": "s1", "T": "s2"}, "s1": {"H": "s3", "T": "s4"},
              "s2": {"H": "s5", "T": "s6"}, "s3": {"H": "s1", "T": "1"},
              "s4": {"H": "2", "T": "3"}, "s5": {"H": "4", "T": "5"},
              "s6": {"H": "6", "T": "s2"}}


def successors(s):
    den, state, flip = s
    if state not in DONE:
        for f in ("H", "T"):
            yield (den * 2, TRANSITION[state][flip], f)


if __name__ == "__main__":
    inits = [(1, "s0", f) for f in ("H", "T")]
    report(f"KnuthYao MaxDen={MAXDEN}",
           explore(inits, successors, constraint=lambda s: s[0] <= MAXDEN))
