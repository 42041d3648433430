#!/usr/bin/env python3
"""Independent BFS of Lamport's DieHard.tla: states (big, small).

Prints the reachable states and depth with NotSolved removed (16 states,
depth 8) and the length of the shortest trace to big = 4 (7 states).
"""
from bfs import explore, report


def successors(s):
    big, small = s
    yield (big, 3)                                  # FillSmallJug
    yield (5, small)                                # FillBigJug
    yield (big, 0)                                  # EmptySmallJug
    yield (0, small)                                # EmptyBigJug
    nb = min(big + small, 5)                        # SmallToBig
    yield (nb, small - (nb - big))
    ns = min(big + small, 3)                        # BigToSmall
    yield (big - (ns - small), ns)


if __name__ == "__main__":
    report("DieHard", explore([(0, 0)], successors, check_deadlock=True))
    report("DieHard NotSolved", explore([(0, 0)], successors, lambda s: s[0] != 4))
