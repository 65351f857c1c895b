"""Input features of a point in the plane (lesson 11): the playground's feature map.

A network that sees only x1 and x2 needs hidden layers to bend its boundary; handing it
x1², x2², x1·x2 or sin x as extra inputs lets even a single neuron draw a circle or a
wave. ``FEATURES`` names every feature the playground offers, with the label its
picture shows; ``feature_map(X, names)`` computes the chosen ones.

    >>> feature_map(np.array([[1.0, 2.0]]), ("x1", "x2", "x1_x2"))
    array([[1., 2., 2.]])
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ._checks import as_array

__all__ = ["FEATURES", "feature_map"]

Feature = Callable[[np.ndarray, np.ndarray], np.ndarray]

FEATURES: dict[str, tuple[str, Feature]] = {  # name -> (label, the feature of x1 and x2)
    "x1": ("x₁", lambda x1, x2: x1),
    "x2": ("x₂", lambda x1, x2: x2),
    "x1_squared": ("x₁²", lambda x1, x2: x1 * x1),
    "x2_squared": ("x₂²", lambda x1, x2: x2 * x2),
    "x1_x2": ("x₁x₂", lambda x1, x2: x1 * x2),
    "sin_x1": ("sin x₁", lambda x1, x2: np.sin(x1)),
    "sin_x2": ("sin x₂", lambda x1, x2: np.sin(x2)),
}


def feature_map(X: np.ndarray, names: tuple[str, ...] = ("x1", "x2")) -> np.ndarray:
    """The chosen features of the points X (n, 2), one column each in the order given:
    shape (n, len(names)). ``feature_map(X, ("x1", "x2", "x1_squared"))`` is
    [x1, x2, x1²] row by row."""
    points = as_array(X, "X", ndim=2)
    if points.shape[1] != 2:
        raise ValueError(f"X: expected points in the plane, shape (n, 2), got {points.shape}")
    unknown = [name for name in names if name not in FEATURES]
    if unknown:
        raise ValueError(f"names: unknown feature(s) {unknown}; known features are "
                         f"{', '.join(FEATURES)}")
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([FEATURES[name][1](x1, x2) for name in names] or
                           [np.empty((len(points), 0))])
