"""Lesson 07 exercises: count dead ReLUs, and the derivative that keeps leaky ReLUs alive.

``my_dead_fraction(weighted_inputs)`` takes a ReLU layer's weighted inputs z, shape
(n_examples, n_units), and returns the fraction of units that are dead: z <= 0 on
*every* example, so ReLU's derivative (0 where z <= 0, as in nnlib) is 0 for all of them.

``my_leaky_relu_derivative(weighted_input, alpha)`` returns 1 where z > 0 and ``alpha``
elsewhere, same shape as z. At exactly z = 0 the slope is a convention; nnlib's (alpha there,
as its ReLU has slope 0 there) is the lesson's, and one case holds the learner to it.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations
from ._core import Case, Mistake, check_function


def _dead_fraction(weighted_inputs: np.ndarray) -> float:
    """nnlib's rule, as in ``diagnostics.dead_units``: derivative 0 for every example."""
    slope = activations.get("relu").derivative(weighted_inputs)
    return float(np.mean(np.all(slope == 0, axis=0)))


def _dead_fraction_inputs() -> list[tuple[np.ndarray, str]]:
    # units: dead (all < 0), alive once, alive always, dead at exactly 0, alive once
    small = np.array([[-1.0, 2.0, 0.5, 0.0, -3.0],
                      [-2.0, -1.0, 1.0, 0.0, -1.0],
                      [-0.5, -3.0, 2.0, 0.0, 4.0],
                      [-1.0, -2.0, 0.1, 0.0, -2.0]])
    rng = np.random.default_rng(707)
    x = rng.normal(size=(200, 10))
    W = rng.normal(size=(10, 40))
    b = np.linspace(-9.0, 1.0, 40)  # the more negative the bias, the likelier the unit is dead
    layer = x @ W + b
    layer[:, 5] = 0.0  # a unit whose weights and bias are all 0: z = 0 on every example
    return [(small, "z of shape (4, 5), written out in the lesson"),
            (layer, "z = x @ W + b of a layer: 200 examples, 40 units"),
            (layer[:1], "a single example, shape (1, 40)")]


DEAD_FRACTION_MISTAKES: list[Mistake] = [
    ("you counted a unit as dead when z <= 0 on ANY example; it is dead only when z <= 0 "
     "on EVERY example: use np.all(..., axis=0), not np.any.",
     lambda z: np.mean(np.any(z <= 0, axis=0))),
    ("you tested z < 0; ReLU's slope is also 0 at z = 0, so a unit whose z is exactly 0 "
     "everywhere is dead too: test z <= 0.", lambda z: np.mean(np.all(z < 0, axis=0))),
    ("you looked along the wrong axis: rows are examples and columns are units, so ask "
     "each column (axis=0) whether all its entries are <= 0.",
     lambda z: np.mean(np.all(z <= 0, axis=1))),
    ("you returned the share of (example, unit) entries with z <= 0; the question is per "
     "unit: is z <= 0 on every example?", lambda z: np.mean(z <= 0)),
    ("you returned how many units are dead; divide by the number of units for the fraction.",
     lambda z: float(np.sum(np.all(z <= 0, axis=0)))),
]


def check_dead_fraction(my_dead_fraction: Callable) -> bool:
    """Check ``my_dead_fraction(weighted_inputs)``: (n_examples, n_units) -> a float in [0, 1]."""
    cases = [Case((z,), _dead_fraction(z), description)
             for z, description in _dead_fraction_inputs()]
    return check_function(my_dead_fraction, cases, "my_dead_fraction",
                  hint="a unit (a column) is dead when z <= 0 for every example (every row): "
                       "np.all(weighted_inputs <= 0, axis=0), then the mean of that.",
                  mistakes=DEAD_FRACTION_MISTAKES)


def _leaky_slope(weighted_input: np.ndarray, alpha: float) -> np.ndarray:
    relu_slope = activations.get("relu").derivative(weighted_input).astype(float)
    return relu_slope + alpha * (1.0 - relu_slope)  # 1 where z > 0, alpha elsewhere


def _leaky_inputs() -> list[tuple[tuple, str]]:
    rng = np.random.default_rng(708)
    wide = rng.uniform(-6.0, 6.0, size=(3, 4))
    wide = np.where(np.abs(wide) < 0.05, 0.5, wide)  # away from 0, where the slope is a choice
    return [((np.array([-2.0, -0.5, 0.5, 2.0]),), "z = [-2, -0.5, 0.5, 2], default alpha"),
            ((np.array([-2.0, -0.5, 0.5, 2.0]), 0.01), "the same z, alpha = 0.01"),
            ((wide, 0.2), "z of shape (3, 4), alpha = 0.2"),
            ((np.array([-1.0, 0.0, 1.0]), 0.2), "z = [-1, 0, 1] with z exactly 0, alpha = 0.2")]


LEAKY_MISTAKES: list[Mistake] = [
    ("you returned ReLU's derivative: on the negative side leaky ReLU still has slope "
     "alpha, not 0; that small slope is what keeps the unit alive.",
     lambda z, alpha=0.01: (z > 0).astype(float)),
    ("you returned leaky ReLU itself; its derivative is the slope: 1 where z > 0, alpha "
     "elsewhere.", lambda z, alpha=0.01: np.where(z > 0, z, alpha * z)),
    ("you multiplied alpha by z; the slope on the negative side is the constant alpha.",
     lambda z, alpha=0.01: np.where(z > 0, 1.0, alpha * z)),
    ("you used 0.01 instead of the alpha you were given.",
     lambda z, alpha=0.01: np.where(z > 0, 1.0, 0.01)),
    ("at z = 0 you returned 1; the lesson's slope (and nnlib's) is alpha there, as ReLU's "
     "is 0 there: test z > 0, not z >= 0.",
     lambda z, alpha=0.01: np.where(z >= 0, 1.0, alpha)),
]


def check_leaky_relu_derivative(my_leaky_relu_derivative: Callable) -> bool:
    """Check ``my_leaky_relu_derivative(weighted_input, alpha=0.01)``: 1 where z > 0, else
    alpha, same shape as z."""
    cases = [Case(args, _leaky_slope(args[0], args[1] if len(args) > 1 else 0.01), description)
             for args, description in _leaky_inputs()]
    return check_function(my_leaky_relu_derivative, cases, "my_leaky_relu_derivative",
                  hint="np.where(weighted_input > 0, 1.0, alpha) gives 1 on the positive side "
                       "and alpha elsewhere.",
                  mistakes=LEAKY_MISTAKES)
