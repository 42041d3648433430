"""Replays the states of test_all_kinds (generated from all-kinds.itf.json), each
variable rewritten into an equal value of another form - sets as mutable sets, lists as
tuples, tuples as lists, dicts in reverse order - so the test passes only if the
generated runtime compares values as the spec language does."""

import importlib


def _rewrite(value):
    if isinstance(value, frozenset):
        return set(value)
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return dict(reversed(list(value.items())))
    return value


class AllKindsAdapter:
    def reset(self, state):
        test = importlib.import_module("test_all_kinds")
        self.states = [test.INITIAL] + [after for _, _, after in test.STEPS]
        self.actions = [action for action, _, _ in test.STEPS]
        assert state == test.INITIAL
        self.index = 0

    def step(self, action, args):
        self.index += 1
        return self.actions[self.index - 1] == action

    def observe(self):
        return {name: _rewrite(value) for name, value in self.states[self.index].items()}
