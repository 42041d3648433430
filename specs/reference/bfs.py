"""Breadth-first exploration shared by the reference scripts in this folder.

explore(inits, successors, invariant=None, constraint=None) follows TLC's
conventions: distinct states include the initial states; the depth is the number
of BFS levels, the initial states being level 1; a state that violates the
constraint is checked against the invariant but neither counted nor explored; a
state with no successor at all is a deadlock (successors that violate the
constraint still count as successors). It returns a dict with distinct_states,
depth, and, when asked to stop at the first violation or deadlock, the number of
states in the shortest trace that reaches it.
"""
from collections import deque


def explore(inits, successors, invariant=None, constraint=None, check_deadlock=False):
    seen = {}
    queue = deque()
    level_of = {}
    for s in inits:
        if s in seen:
            continue
        if invariant is not None and not invariant(s):
            return {"violation": True, "trace_length": 1}
        if constraint is not None and not constraint(s):
            continue
        seen[s] = None
        level_of[s] = 1
        queue.append(s)
    depth = 1 if seen else 0
    while queue:
        s = queue.popleft()
        lvl = level_of[s]
        succs = list(successors(s))
        if check_deadlock and not succs:
            return {"deadlock": True, "trace_length": lvl}
        for t in succs:
            if t in seen:
                continue
            if invariant is not None and not invariant(t):
                return {"violation": True, "trace_length": lvl + 1}
            if constraint is not None and not constraint(t):
                continue
            seen[t] = s
            level_of[t] = lvl + 1
            depth = max(depth, lvl + 1)
            queue.append(t)
    return {"distinct_states": len(seen), "depth": depth}


def report(name, result):
    print(name, " ".join(f"{k}={v}" for k, v in result.items()))
