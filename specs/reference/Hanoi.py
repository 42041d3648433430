#!/usr/bin/env python3
"""Independent BFS of HanoiSeq.tla with A = <<1, ..., D>>, B = C = <<>> (D = 5).

Towers are tuples, top disk first. Prints the reachable states and depth with
NotSolved removed (3^D states; the farthest configuration is 2^D - 1 moves away,
so the depth is 2^D) and the shortest trace to the solved configuration
(2^D states).
"""
import sys
from bfs import explore, report

D = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def successors(s):
    for f in range(3):
        for t in range(3):
            if f != t and s[f] and (not s[t] or s[f][0] < s[t][0]):
                towers = list(s)
                towers[t] = (s[f][0],) + s[t]
                towers[f] = s[f][1:]
                yield tuple(towers)


def not_solved(s):
    return not (s[0] == () and s[1] == () and s[2] == tuple(range(1, len(s[2]) + 1)))


if __name__ == "__main__":
    init = (tuple(range(1, D + 1)), (), ())
    report(f"Hanoi D={D}", explore([init], successors, check_deadlock=True))
    report(f"Hanoi D={D} NotSolved", explore([init], successors, not_solved))
