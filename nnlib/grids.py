"""Grids of inputs and of parameters, for looking at a function over a whole plane.

``plane_grid(X)`` lays a square grid of points over the box a 2-D data set fills, so a
model's output can be computed everywhere at once (decision regions, lessons 01, 03,
05, 08, 09); ``grid_values(f, xlim, ylim)`` evaluates a loss over a grid of two
parameters (loss surfaces, lessons 04 and 10).

    >>> xs, ys, points = plane_grid(np.array([[0.0, 0.0], [1.0, 2.0]]), resolution=3)
    >>> points.shape
    (9, 2)
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ._checks import as_array, number_in, positive_int

__all__ = ["plane_grid", "grid_values"]

Surface = Callable[[np.ndarray, np.ndarray], np.ndarray]


def plane_grid(X: Any, resolution: int = 60, margin: float = 0.1
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A square grid over the box the data ``X`` (n, 2) fill, widened by ``margin`` per side.

    Returns ``xs`` (resolution,), ``ys`` (resolution,) and ``points`` (resolution**2, 2),
    row by row: ``points[i * resolution + j] == (xs[j], ys[i])``.
    """
    data = as_array(X, "X", ndim=2)
    if data.shape[1] != 2 or len(data) == 0:
        raise ValueError(f"X: expected points in a plane, shape (n, 2) with n >= 1, "
                         f"got shape {data.shape}")
    count = positive_int(resolution, "resolution", minimum=2)
    pad = number_in(margin, "margin", 0.0, 10.0)
    low, high = data.min(axis=0), data.max(axis=0)
    span = np.where(high > low, high - low, 1.0)  # one point or a flat line: a unit box
    low, high = low - pad * span, high + pad * span
    xs, ys = np.linspace(low[0], high[0], count), np.linspace(low[1], high[1], count)
    grid_x, grid_y = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([grid_x.ravel(), grid_y.ravel()])


def grid_values(f: Surface, xlim: tuple[float, float], ylim: tuple[float, float],
                n: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X, Y, Z on an n x n grid: Z = f(X, Y), each of shape (n, n).

    ``f`` takes two arrays of the same shape (the two parameters) and returns their
    losses in that shape: written with numpy, it evaluates the whole grid at once.
    """
    n = positive_int(n, "n", minimum=2)
    X, Y = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    Z = np.asarray(f(X, Y), dtype=float)
    if Z.shape != X.shape:
        raise ValueError(f"f: expected f(X, Y) to return shape {X.shape} for a grid of that "
                         f"shape, got {Z.shape}")
    return X, Y, Z
