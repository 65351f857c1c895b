"""Lesson 01 exercise: one neuron's forward pass, ``my_neuron(x, w, b)``.

The checkers here and in the other lesson modules share :func:`verify`:
when a learner's answer is wrong, it looks for the well-known slip that gives exactly
that answer (a forgotten bias, a missing sigmoid, ...) and names it.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .. import activations
from ._core import Case, check_function

Mistake = tuple[str, Callable[..., np.ndarray]]  # (what to tell the learner, the slip)


def verify(learner: Callable, cases: Sequence[Case], name: str, hint: str,
           mistakes: Sequence[Mistake], printer: Callable[[str], None] = print) -> bool:
    """``check_function``, naming the slip when a wrong answer matches a known one.

    Each mistake is ``(message, slip)``: ``slip(*case.args)`` computes the answer that
    slip gives. When the learner's answer on the failing case equals a slip's, that
    slip's message replaces the general ``hint``.
    """
    lines: list[str] = []
    passed = check_function(learner, cases, name, hint=hint, printer=lines.append)
    specific = None if passed else _named_slip(learner, cases, mistakes, lines)
    for line in lines:
        if not (specific and line.startswith("  Hint:")):
            printer(line)
    if specific:
        printer(f"  Hint: {specific}")
    return passed


def _named_slip(learner: Callable, cases: Sequence[Case], mistakes: Sequence[Mistake],
                lines: list[str]) -> str | None:
    """The message of the known slip that explains the first failing case, if any."""
    if any("truth value of an array" in line for line in lines):
        return ("your function is given a whole array at once, so `if z > 0:` cannot decide; "
                "compare elementwise instead, e.g. (z > 0) or np.where(z > 0, ..., ...).")
    for case in cases:
        try:
            answer = np.asarray(learner(*_copies(case.args)), dtype=float)
        except Exception:  # the feedback already says what was raised
            return None
        expected = np.asarray(case.expected, dtype=float)
        if answer.shape == expected.shape and np.allclose(answer, expected, rtol=1e-5,
                                                          atol=1e-8):
            continue  # this case passed: the failing one comes later
        for message, slip in mistakes:
            wrong = np.asarray(slip(*_copies(case.args)), dtype=float)
            if wrong.shape == answer.shape and np.allclose(answer, wrong, rtol=1e-5, atol=1e-8):
                return f"it looks like {message}"
        return None
    return None


def _copies(args: tuple) -> tuple:
    return tuple(np.copy(a) if isinstance(a, np.ndarray) else a for a in args)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return activations.sigmoid(z)


def _neuron_cases() -> list[Case]:
    rng = np.random.default_rng(101)
    cases = []
    for n_examples, n_features, description in ((5, 2, "5 roasts, 2 features"),
                                                (4, 3, "4 examples, 3 features"),
                                                (1, 4, "1 example, 4 features")):
        x = rng.normal(0.0, 1.5, size=(n_examples, n_features))
        w = rng.normal(0.0, 1.0, size=n_features)
        b = float(rng.uniform(0.5, 2.0)) * rng.choice([-1.0, 1.0])  # never 0: a lost b shows
        cases.append(Case((x, w, b), _sigmoid(x @ w + b), description))
    return cases


NEURON_MISTAKES: list[Mistake] = [
    ("the bias b is missing: the weighted input is z = x @ w + b.",
     lambda x, w, b: _sigmoid(x @ w)),
    ("the sigmoid is missing: you returned the weighted input z itself; the neuron's "
     "output is sigmoid(z) = 1 / (1 + exp(-z)).", lambda x, w, b: x @ w + b),
    ("the sign in the sigmoid is flipped: it is 1 / (1 + exp(-z)), with a minus.",
     lambda x, w, b: _sigmoid(-(x @ w + b))),
    ("the bias is inside the sum for every feature: add b once, after x @ w.",
     lambda x, w, b: _sigmoid(x @ (w + b))),
]


def check_neuron(my_neuron: Callable) -> bool:
    """Check ``my_neuron(x, w, b)`` = sigmoid(x @ w + b) for x (n, d), w (d,), b a number,
    returning shape (n,)."""
    return verify(
        my_neuron, _neuron_cases(), "my_neuron",
        hint="the output is sigmoid(x @ w + b), with sigmoid(z) = 1 / (1 + np.exp(-z)).",
        mistakes=NEURON_MISTAKES)
