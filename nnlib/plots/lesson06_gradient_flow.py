"""Lesson 06's picture of gradients through depth: one bar per layer on a log axis."""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..scales import bar_heights
from .bars import draw_bars, quick_log_axis
from .palette import INK, MARK


def plot(fig, result: dict, cache: dict, names: dict, designed: Callable[[str], str],
         gradients: tuple) -> None:
    """Gradient bars on the left (dashed: the last layer; black ticks: the designed start),
    the spread of each hidden layer's activations on the right.

    names: how the title and legend write the initializations ("he" -> "He"); designed:
    gives the one designed for an activation (the black ticks); gradients: the two choices
    of the gradient control, dC/dW first and dC/db second.
    """
    if not cache:
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.8, 1]})
        cache["axes"] = (left, right)
        cache["last"] = left.axhline(1.0, color=MARK, lw=1, ls="--", label="last layer")
        cache["reference"], = left.plot([], [], ls="none", marker="_", ms=9, mew=2,
                                        color="0.2", label="designed start")
        cache["spread"], = right.plot([], [], marker="o", ms=3, color=INK)
        cache["bars"] = []
        left.set_xlabel("layer")
        right.set_xlabel("hidden layer")
        right.set_ylabel("std of activations")
        right.set_title("activations' spread", fontsize=10, y=1.0)
    left, right = cache["axes"]
    depth = result["depth"]
    for artist in cache["bars"]:
        artist.remove()
    labels = [str(i) for i in range(1, depth + 1)] + ["out"]
    cache["bars"] = draw_bars(left, result["norms"], log=True, labels=labels)
    quick_log_axis(left)
    cache["last"].set_ydata([result["heights"][-1]] * 2)
    reference = np.ma.masked_less_equal(result["reference"], 0)
    cache["reference"].set_data(np.arange(depth + 1), reference)
    cache["reference"].set_label(f"{names[designed(result['activation'])]} start, "
                                 f"no batch norm")
    bottom, top = left.get_ylim()
    if reference.count():
        bottom, top = min(bottom, reference.min() / 4), max(top, reference.max() * 4)
    left.set_ylim(bottom, top * (top / bottom) ** 0.25)  # headroom above the bars for the legend
    left.legend(handles=[cache["last"], cache["reference"]], loc="upper left", fontsize=9,
                framealpha=0.8, ncol=2)
    symbol = "dC/dW" if result["gradient"] == gradients[0] else "dC/db"
    setting = names[result["initialization"]]
    if setting == "normal":
        setting = f"normal, scale {result['weight_scale']:.2g}"
    left.set_title(f"‖{symbol}‖ per layer: {depth} × {result['activation']}, {setting}"
                   + (", batch norm" if result["batch_norm"] else ""), fontsize=10, y=1.0)
    left.set_ylabel(f"‖{symbol}‖ (log scale)")

    spread = np.ma.masked_less_equal(bar_heights(result["spread"])[0], 0)
    cache["spread"].set_data(np.arange(1, depth + 1), spread)
    quick_log_axis(right)
    shown = spread.compressed()
    if shown.size:
        bottom, top = shown.min() / 3, shown.max() * 3
        if top / bottom < 100:
            middle = np.sqrt(top * bottom)
            bottom, top = middle / 10, middle * 10
        right.set_ylim(bottom, top)
    right.set_xlim(0.5, depth + 0.5)
    right.set_xticks(np.arange(1, depth + 1, max(1, int(np.ceil(depth / 6)))))
