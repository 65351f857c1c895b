"""Self-check for lesson 11: the playground's feature map, built by hand.

The expected answers come from ``nnlib.features.feature_map``, the playground's own, on
seeded random points whose two coordinates have different spreads, so a squared or
multiplied wrong column gives visibly wrong numbers. When an answer is wrong, the checker
tries the usual slips and names the one the answer matches.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..features import feature_map
from ._core import Case
from ._declare import checker

FIVE_FEATURES = ("x1", "x2", "x1_squared", "x2_squared", "x1_x2")


def _cases() -> list[Case]:
    rng = np.random.default_rng(11)
    cases = []
    for n, label in ((6, "six points of the plane"), (1, "a single point"),
                     (40, "forty points")):
        X = rng.normal(size=(n, 2)) * np.array([3.0, 0.5]) + np.array([0.5, -1.0])
        cases.append(Case((X,), feature_map(X, FIVE_FEATURES), label))
    return cases


def _columns(*columns) -> np.ndarray:
    return np.column_stack(columns)


FEATURE_MAP_MISTAKES = {
    "you squared x1 twice: the fourth column is x2², from X[:, 1]":
        lambda X: _columns(X[:, 0], X[:, 1], X[:, 0] ** 2, X[:, 0] ** 2, X[:, 0] * X[:, 1]),
    "the squares are swapped: the third column is x1² and the fourth x2²":
        lambda X: _columns(X[:, 0], X[:, 1], X[:, 1] ** 2, X[:, 0] ** 2, X[:, 0] * X[:, 1]),
    "the last column is x1 + x2; it should be the product x1 · x2":
        lambda X: _columns(X[:, 0], X[:, 1], X[:, 0] ** 2, X[:, 1] ** 2, X[:, 0] + X[:, 1]),
    "the last column is x1²; it should be the product x1 · x2":
        lambda X: _columns(X[:, 0], X[:, 1], X[:, 0] ** 2, X[:, 1] ** 2, X[:, 0] ** 2),
    "you doubled the coordinates (2·x) instead of squaring them (x**2)":
        lambda X: _columns(X[:, 0], X[:, 1], 2 * X[:, 0], 2 * X[:, 1], X[:, 0] * X[:, 1]),
}


@checker("my_feature_map", _cases, mistakes=FEATURE_MAP_MISTAKES, hints={
    "type": "return a numpy array, e.g. np.column_stack([...]).",
    "shape": "one row per point and five columns: x1, x2, x1², x2², x1·x2. Did you "
             "forget the product x1·x2, or stack the features as rows instead of columns?",
    "values": "x1 = X[:, 0] and x2 = X[:, 1]; the columns are x1, x2, x1**2, x2**2, "
              "x1 * x2, in this order."})
def check_feature_map(my_feature_map: Callable) -> bool:
    """``my_feature_map(X)``: X (n, 2) points [x1, x2]; returns (n, 5) with columns
    [x1, x2, x1², x2², x1·x2], the playground's input features."""
