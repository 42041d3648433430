#!/usr/bin/env python3
"""Independent BFS of Voting.tla (tlaplus/Examples, specifications/Paxos) as in
MCVoting: acceptors {1, 2, 3}, values {"v1", "v2"}, quorums {{1,2},{1,3},{2,3}},
Ballot = 0..1, deadlock checking off, but without MCVoting.cfg's symmetry
reduction. Invariant Inv (VotesSafe /\\ OneValuePerBallot). Expected (TLC, one
worker): 599 states, depth 11, no error. With `--symmetry` the states are also
counted up to permutations of acceptors and of values, as TLC's SYMMETRY does
(TLC then reports the published 77 states).

A state is (votes, maxBal): votes a tuple of frozensets of (ballot, value).
"""
import itertools
import sys
from bfs import explore, report

ACC = (1, 2, 3)
VALUES = ("v1", "v2")
BALLOTS = (0, 1)
QUORUMS = [frozenset(q) for q in ({1, 2}, {1, 3}, {2, 3})]


def put(t, i, v):
    return t[:i - 1] + (v,) + t[i:]


def voted_for(s, a, b, v):
    return (b, v) in s[0][a - 1]


def did_not_vote_at(s, a, b):
    return all(not voted_for(s, a, b, v) for v in VALUES)


def shows_safe_at(s, Q, b, v):
    votes, maxBal = s
    if not all(maxBal[a - 1] >= b for a in Q):
        return False
    for c in range(-1, b):
        if c != -1 and not any(voted_for(s, a, c, v) for a in Q):
            continue
        if all(did_not_vote_at(s, a, d) for d in range(c + 1, b) for a in Q):
            return True
    return False


def successors(s):
    votes, maxBal = s
    for a in ACC:
        for b in BALLOTS:
            # IncreaseMaxBal(a, b)
            if b > maxBal[a - 1]:
                yield (votes, put(maxBal, a, b))
            # VoteFor(a, b, v)
            for v in VALUES:
                if maxBal[a - 1] <= b \
                        and all(vt[0] != b for vt in votes[a - 1]) \
                        and all(vt[1] == v for c in ACC if c != a for vt in votes[c - 1]
                                if vt[0] == b) \
                        and any(shows_safe_at(s, Q, b, v) for Q in QUORUMS):
                    yield (put(votes, a, votes[a - 1] | {(b, v)}), put(maxBal, a, b))


def safe_at(s, b, v):
    return all(any(all(voted_for(s, a, c, v) or (s[1][a - 1] > c and did_not_vote_at(s, a, c))
                       for a in Q) for Q in QUORUMS) for c in range(0, b))


def inv(s):
    votes_safe = all(safe_at(s, b, v) for a in ACC for b in BALLOTS for v in VALUES
                     if voted_for(s, a, b, v))
    one_value = all(v1 == v2 for b in BALLOTS for a1 in ACC for a2 in ACC
                    for v1 in VALUES for v2 in VALUES
                    if voted_for(s, a1, b, v1) and voted_for(s, a2, b, v2))
    return votes_safe and one_value


def canonical(s):
    """The least image of s under permutations of acceptors and of values."""
    votes, maxBal = s
    best = None
    for pa in itertools.permutations(ACC):
        for pv in itertools.permutations(VALUES):
            vmap = dict(zip(VALUES, pv))
            nv = [None] * len(ACC)
            nb = [None] * len(ACC)
            for a in ACC:
                nv[pa[a - 1] - 1] = frozenset((b, vmap[v]) for b, v in votes[a - 1])
                nb[pa[a - 1] - 1] = maxBal[a - 1]
            key = (tuple(tuple(sorted(x)) for x in nv), tuple(nb))
            if best is None or key < best[0]:
                best = (key, (tuple(nv), tuple(nb)))
    return best[1]


if __name__ == "__main__":
    init = (tuple(frozenset() for _ in ACC), tuple(-1 for _ in ACC))
    if "--symmetry" in sys.argv:
        report("Voting (up to symmetry)",
               explore([canonical(init)], lambda s: (canonical(t) for t in successors(s)), inv))
    else:
        report("Voting", explore([init], successors, inv))
