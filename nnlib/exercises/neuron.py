"""Lesson 01 exercise: one neuron's forward pass, ``my_neuron(x, w, b)``.

When a learner's answer is wrong, the checker looks for the well-known slip that gives
exactly that answer (a forgotten bias, a missing sigmoid, ...) and names it.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations
from ._core import Case, Mistake
from ._declare import checker, seeded_cases


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return activations.sigmoid(z)


def _neuron_cases() -> list[Case]:
    def make(rng, n_examples, n_features):
        x = rng.normal(0.0, 1.5, size=(n_examples, n_features))
        w = rng.normal(0.0, 1.0, size=n_features)
        b = float(rng.uniform(0.5, 2.0)) * rng.choice([-1.0, 1.0])  # never 0: a lost b shows
        return (x, w, b), _sigmoid(x @ w + b)

    return seeded_cases(101, ((5, 2, "5 roasts, 2 features"), (4, 3, "4 examples, 3 features"),
                              (1, 4, "1 example, 4 features")), make)


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


@checker("my_neuron", _neuron_cases, mistakes=NEURON_MISTAKES,
         hint="the output is sigmoid(x @ w + b), with sigmoid(z) = 1 / (1 + np.exp(-z)).")
def check_neuron(my_neuron: Callable) -> bool:
    """Check ``my_neuron(x, w, b)`` = sigmoid(x @ w + b) for x (n, d), w (d,), b a number,
    returning shape (n,)."""
