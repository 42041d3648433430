#!/usr/bin/env python3
"""Independent BFS of Lamport's MissionariesAndCannibals.tla with
Missionaries = {m1, m2, m3} and Cannibals = {c1, c2, c3} (individual people,
not counts). A state is (bank_of_boat, people on the east bank). Prints the
reachable states and depth with Solution removed (64 states, depth 13, no
deadlock) and the shortest trace to an empty east bank (12 states).
"""
import itertools
from bfs import explore, report

M = frozenset({"m1", "m2", "m3"})
C = frozenset({"c1", "c2", "c3"})
ALL = M | C


def is_safe(S):
    return S <= C or len(S & C) <= len(S & M)


def successors(s):
    boat, east = s
    here = east if boat == "E" else ALL - east
    for k in (1, 2):
        for group in itertools.combinations(sorted(here), k):
            S = frozenset(group)
            new_here = here - S
            new_there = (ALL - here) | S
            if is_safe(new_here) and is_safe(new_there):
                new_east = new_here if boat == "E" else new_there
                yield ("W" if boat == "E" else "E", new_east)


if __name__ == "__main__":
    init = ("E", ALL)
    report("MissionariesAndCannibals", explore([init], successors, check_deadlock=True))
    report("MissionariesAndCannibals Solution",
           explore([init], successors, lambda s: len(s[1]) > 0))
