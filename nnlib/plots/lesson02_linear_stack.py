"""Lesson 02's picture of a stack of layers: the function it computes and its slope."""
from __future__ import annotations

import numpy as np

from ._axes import fixed_pair
from .palette import INK


def _fit(ax, values: np.ndarray) -> None:
    low, high = float(values.min()), float(values.max())
    pad = 0.1 * max(high - low, 1e-3 * max(1.0, abs(high)))
    ax.set_ylim(low - pad, high + pad)


def plot(fig, result: dict, cache: dict, x_range: float, piecewise_linear: tuple) -> None:
    """Left: the output with the activation, kinks dotted. Right: the same stack without it."""
    if not cache:
        left, right = fixed_pair(fig, dict(left=0.1, right=0.98, bottom=0.15, top=0.9,
                                           wspace=0.28))
        cache["axes"] = (left, right)
        cache["curve"], = left.plot([], [], color=INK, lw=2)
        cache["kinks"], = left.plot([], [], "o", ms=4.5, mfc="white", mec=INK, label="kinks")
        cache["line"], = right.plot([], [], color="0.45", lw=2)
        for ax in (left, right):
            ax.set_xlim(-x_range, x_range)
            ax.set_xlabel("input x")
            ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        left.set_ylabel("output y")
        right.set_ylabel("output y")
        right.set_title("the same weights, no activation")
    left, right = cache["axes"]
    x = result["x"]
    cache["curve"].set_data(x, result["y"])
    jumps = result["at_kinks"]
    cache["kinks"].set_data(x[jumps], result["y"][jumps])
    cache["line"].set_data(x, result["y_linear"])
    _fit(left, result["y"])
    _fit(right, result["y_linear"])
    name = result["activation"]
    if name == "none":
        left.set_title("no activation: a straight line")
    elif name in piecewise_linear:
        left.set_title(f"with {name}: {result['kinks']} kink{'s' if result['kinks'] != 1 else ''}"
                       f" (the dots)")
    else:
        left.set_title(f"with {name}: " + ("straight here" if result["straight"] else "curved"))
