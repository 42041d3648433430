#!/usr/bin/env python3
"""How hard bounded model checking of the Tower of Hanoi (specs/Hanoi.spec) is for Z3,
apart from speccheck's encoder: the same unrolling written by hand with Z3's Python API
(Debian's python3-z3, the same Z3 4.8.12 that speccheck links), one incremental
finite-domain (QF_FD) solver, each question in a push/pop scope, what each depth proved
kept asserted, as `speccheck bmc` does.

  /usr/bin/python3 Benchmarks/hanoi_bmc_z3.py MODEL [DISKS] [DEPTH]   (python3-z3)

MODEL:
  positions   a state is the peg of each disk (the smallest encoding there is)
  sequences   a state is three towers, each a length and DISKS items, as Hanoi.spec
              declares them (towers: Tower -> Seq[Disk])
  deadlocks   sequences, and at each depth also the deadlock question: a state reached
              where no move is enabled (speccheck asks it unless --no-deadlock)
  permutation deadlocks, with a lemma the spec does not state asserted at every depth:
              each disk is on exactly one tower, once (what the path otherwise re-derives)
  reversed    sequences stored top last: a move writes one item and two lengths instead
              of shifting two towers' items (not how speccheck stores a sequence)

Prints one line per question: depth, question, answer, seconds.
"""
import sys
import time

from z3 import And, If, Implies, Int, Not, Or, SolverFor, Sum, sat

model = sys.argv[1] if len(sys.argv) > 1 else "sequences"
D = int(sys.argv[2]) if len(sys.argv) > 2 else 5
K = int(sys.argv[3]) if len(sys.argv) > 3 else 2**D - 1
solver = SolverFor("QF_FD")
PEGS = range(3)
MOVES = [(f, t) for f in PEGS for t in PEGS if f != t]


def bounded(x, low, high):
    solver.add(x >= low, x <= high)
    return x


if model == "positions":
    pos = [[bounded(Int(f"p{k}_{d}"), 0, 2) for d in range(D)] for k in range(K + 1)]
    solver.add(And([pos[0][d] == 0 for d in range(D)]))

    def step(k):
        moves = []
        for d in range(D):
            for to in PEGS:
                c = [pos[k][d] != to, pos[k + 1][d] == to]
                c += [And(pos[k][e] != pos[k][d], pos[k][e] != to) for e in range(d)]
                c += [pos[k + 1][e] == pos[k][e] for e in range(D) if e != d]
                moves.append(And(c))
        return Or(moves)

    def solved(k):
        return And([pos[k][d] == 2 for d in range(D)])

    def enabled(k):
        return True
elif model == "reversed":
    length = [[bounded(Int(f"l{k}_{p}"), 0, D) for p in PEGS] for k in range(K + 1)]
    item = [[[bounded(Int(f"x{k}_{p}_{i}"), 1, D) for i in range(D)] for p in PEGS]
            for k in range(K + 1)]
    solver.add(length[0][0] == D, length[0][1] == 0, length[0][2] == 0)
    solver.add(And([item[0][0][i] == D - i for i in range(D)]))

    def top(k, p):
        value = item[k][p][0]
        for n in range(2, D + 1):
            value = If(length[k][p] == n, item[k][p][n - 1], value)
        return value

    def step(k):
        moves = []
        for f, t in MOVES:
            o = 3 - f - t
            c = [length[k][f] > 0, Or(length[k][t] == 0, top(k, f) < top(k, t)),
                 length[k + 1][f] == length[k][f] - 1,
                 length[k + 1][t] == length[k][t] + 1, length[k + 1][o] == length[k][o]]
            for i in range(D):
                c.append(item[k + 1][o][i] == item[k][o][i])
                c.append(item[k + 1][f][i] == item[k][f][i])
                c.append(item[k + 1][t][i] == If(length[k][t] == i, top(k, f), item[k][t][i]))
            moves.append(And(c))
        return Or(moves)

    def solved(k):
        return And([length[k][0] == 0, length[k][1] == 0, length[k][2] == D]
                   + [item[k][2][i] == D - i for i in range(D)])

    def enabled(k):
        return True
else:
    length = [[bounded(Int(f"l{k}_{p}"), 0, D) for p in PEGS] for k in range(K + 1)]
    item = [[[bounded(Int(f"x{k}_{p}_{i}"), 1, D) for i in range(D)] for p in PEGS]
            for k in range(K + 1)]
    solver.add(length[0][0] == D, length[0][1] == 0, length[0][2] == 0)
    solver.add(And([item[0][0][i] == i + 1 for i in range(D)]))

    def guard(k, f, t):
        return And(length[k][f] > 0,
                   Or(length[k][t] == 0, item[k][f][0] < item[k][t][0]))

    def step(k):
        moves = []
        for f, t in MOVES:
            o = 3 - f - t
            c = [guard(k, f, t), length[k + 1][f] == length[k][f] - 1,
                 length[k + 1][t] == length[k][t] + 1, length[k + 1][o] == length[k][o],
                 item[k + 1][t][0] == item[k][f][0]]
            for i in range(D):
                c.append(item[k + 1][o][i] == item[k][o][i])
                if i + 1 < D:  # Tail
                    c.append(Implies(i < length[k + 1][f], item[k + 1][f][i] == item[k][f][i + 1]))
                if i > 0:  # <<Head(from)>> \o to
                    c.append(Implies(i < length[k + 1][t], item[k + 1][t][i] == item[k][t][i - 1]))
            moves.append(And(c))
        return Or(moves)

    def solved(k):
        return And([length[k][0] == 0, length[k][1] == 0, length[k][2] == D]
                   + [item[k][2][i] == i + 1 for i in range(D)])

    def enabled(k):
        return Or([guard(k, f, t) for f, t in MOVES])

    def permutation(k):
        return And([Sum([If(And(i < length[k][p], item[k][p][i] == d), 1, 0)
                         for p in PEGS for i in range(D)]) == 1 for d in range(1, D + 1)])


def ask(k, question, goal):
    solver.push()
    solver.add(goal)
    started = time.time()
    answer = solver.check()
    print(f"{k} {question} {answer} {time.time() - started:.2f}s", flush=True)
    solver.pop()
    return answer


start = time.time()
for k in range(K + 1):
    if model == "permutation":
        solver.add(permutation(k))
    if k > 0:
        solver.add(step(k - 1))
    if ask(k, "violation", solved(k)) == sat:
        break
    solver.add(Not(solved(k)))
    if model in ("deadlocks", "permutation"):
        if ask(k, "deadlock", Not(enabled(k))) == sat:
            break
        solver.add(enabled(k))
print(f"total {time.time() - start:.1f}s")
