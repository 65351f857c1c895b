"""Numbers that span many powers of ten, summarized on a log scale (lessons 04, 06, 07).

A vanishing gradient shrinks by a factor per layer and a loss surface is steep far from
its minimum and flat near it, so their sizes are best compared as logarithms:

- ``bar_heights``: per layer, the middle of several random draws (their geometric mean)
  and the smallest and largest draw;
- ``contour_levels``: heights for the contour lines of a loss surface, dense near its
  minimum;
- ``log_limits``: the range of a log axis that shows every positive number given and at
  least two powers of ten.

    >>> log_limits([0.5, 2.0])
    (0.1, 10.0)
"""
from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["bar_heights", "contour_levels", "log_limits"]


def bar_heights(norms: np.ndarray, log: bool = True) -> tuple[np.ndarray, np.ndarray,
                                                                 np.ndarray]:
    """Height, lowest and highest value of each bar.

    norms: (n_layers,) for one network, or (n_draws, n_layers) for several random
    draws of it. With several draws and ``log``, a bar is the geometric mean (the mean
    of the logs: the middle of the draws on a log axis); a layer with a zero in some
    draw falls back to the plain mean. Returns three arrays of shape (n_layers,).
    """
    values = np.atleast_2d(norms)
    low, high = values.min(axis=0), values.max(axis=0)
    if not log:
        return values.mean(axis=0), low, high
    heights = values.mean(axis=0)
    positive = np.all(values > 0, axis=0)
    if positive.any():
        heights[positive] = np.exp(np.log(values[:, positive]).mean(axis=0))
    return heights, low, high


def contour_levels(Z: np.ndarray, levels: int = 15, log_levels: bool = True) -> np.ndarray:
    """Contour heights (levels,) for the surface Z (any shape): spaced evenly in log (dense
    near the minimum, where descent spends its time) or evenly in value."""
    low, high = float(np.nanmin(Z)), float(np.nanmax(Z))
    if not log_levels:
        return np.linspace(low, high, levels + 2)[1:-1]
    span = max(high - low, 1e-12)
    return low + np.geomspace(span * 1e-3, span, levels)


def log_limits(values: Any, pad: float = 4.0, decades: float = 2.0) -> tuple[float, float]:
    """(bottom, top) of a log axis for ``values`` (any shape; only numbers > 0 count).

    From the smallest / ``pad`` to the largest * ``pad``, widened about their geometric
    middle to at least ``decades`` powers of ten, so the scale reads clearly. Without a
    number > 0: (1e-3, 1).
    """
    numbers = np.asarray(values, dtype=float).ravel()
    shown = numbers[np.isfinite(numbers) & (numbers > 0)]
    if not shown.size:
        return 1e-3, 1.0
    bottom, top = float(shown.min()) / pad, float(shown.max()) * pad
    if top / bottom < 10.0 ** decades:
        middle = np.sqrt(top * bottom)
        half = 10.0 ** (decades / 2)
        bottom, top = float(middle / half), float(middle * half)
    return bottom, top
