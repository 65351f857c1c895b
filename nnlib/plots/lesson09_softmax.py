"""Lesson 09's pictures: softmax against one-vs-all probabilities, and the class regions."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import data
from ..grids import plane_grid
from .palette import ACCENT, INK
from .surfaces import DecisionSurface

SOFTMAX_COLOR, SIGMOID_COLOR = ACCENT, INK  # not class colours: the bars are no classes


def plot_probabilities(fig, result: dict, cache: dict) -> None:
    """Left: the logits; middle: softmax and sigmoid bars per class; right: their sums."""
    if not cache:
        left, middle, right = fig.subplots(1, 3, width_ratios=(1, 1.6, 0.8))
        cache["axes"] = left, middle, right
        slots = np.arange(4)
        cache["logit_bars"] = left.bar(slots, np.zeros(4), color="0.5")
        left.axhline(0, color="k", lw=0.8)
        left.set_ylim(-5.5, 5.5)
        left.set_yticks([-5, 0, 5])  # few ticks: text is most of the drawing time
        left.set_title("logits z", fontsize=10)
        cache["soft_bars"] = middle.bar(slots - 0.2, np.zeros(4), width=0.4,
                                        color=SOFTMAX_COLOR, label="softmax(z/T)")
        cache["sig_bars"] = middle.bar(slots + 0.2, np.zeros(4), width=0.4,
                                       color=SIGMOID_COLOR, label="sigmoid(z/T)")
        cache["labels"] = [middle.text(0, 0, "", ha="center", va="bottom", fontsize=8.5)
                           for _ in range(8)]
        middle.set_ylim(0, 1.32)  # room above the tallest bar's label for the legend
        middle.set_yticks([0, 0.5, 1])
        middle.set_ylabel("probability")
        middle.legend(fontsize=8.5, loc="upper center", ncol=2)
        middle.set_title("per class", fontsize=10)
        # one segment per class, in the column's colour, fading from class 1 to class 4
        cache["stacks"] = [[right.bar(column, 0.0, width=0.6, bottom=0.0, color=color,
                                      alpha=1.0 - 0.2 * k, edgecolor="white")[0]
                            for k in range(4)]
                           for column, color in enumerate((SOFTMAX_COLOR, SIGMOID_COLOR))]
        right.axhline(1.0, color="k", lw=1, ls="--")
        right.set_xticks([0, 1], ["softmax", "sigmoids"])
        right.set_ylim(0, 4.45)  # room for the label of a sum near 4
        right.set_yticks([0, 1, 2, 3, 4])
        right.set_title("sum over classes", fontsize=10)
        cache["sums"] = [right.text(column, 0, "", ha="center", va="bottom", fontsize=9)
                         for column in (0, 1)]
    left, middle, right = cache["axes"]
    n = len(result["logits"])
    if cache.get("classes") != n:  # new ticks only when the number of classes changes
        # p_k = softmax(z)_k, numbered from 1 as in the text
        for axes, prefix in ((left, "z"), (middle, "p")):
            axes.set_xticks(np.arange(n), [f"{prefix}{k + 1}" for k in range(n)])
            axes.set_xlim(-0.6, n - 0.4)
        cache["classes"] = n
    columns = (result["softmax"], result["sigmoids"])
    for k in range(4):
        shown = k < n
        cache["logit_bars"][k].set_height(result["logits"][k] if shown else 0.0)
        for bars, values, label, shift in ((cache["soft_bars"], columns[0], cache["labels"][k],
                                            -0.2),
                                           (cache["sig_bars"], columns[1],
                                            cache["labels"][4 + k], 0.2)):
            bars[k].set_height(values[k] if shown else 0.0)
            label.set_text(f"{values[k]:.2f}" if shown else "")
            label.set_position((k + shift, (values[k] if shown else 0.0) + 0.01))
    for column, values in enumerate(columns):
        bottom = 0.0
        for k, bar in enumerate(cache["stacks"][column]):
            height = float(values[k]) if k < n else 0.0
            bar.set_y(bottom)
            bar.set_height(height)
            bottom += height
        cache["sums"][column].set_position((column, bottom + 0.05))
        cache["sums"][column].set_text(f"{bottom:.2f}")
    middle.set_title(f"per class, temperature T = {result['temperature']:.3g}", fontsize=10)


def plot_regions(fig, result: dict, cache: dict,
                 points: Callable[[], tuple], kinds: tuple, resolution: int) -> None:
    """Each model's regions over the fruit; one-vs-all's unclaimed and contested points marked.

    points: gives the training fruit (X, y, ...); kinds: the two models, left to right;
    resolution: the surfaces' points per side.
    """
    X, y = points()[:2]
    if not cache:
        left, right = fig.subplots(1, 2)
        cache["axes"] = left, right
        for ax, kind in zip((left, right), kinds):
            cache[kind] = DecisionSurface(ax, X, y, resolution=resolution,
                                          class_names=data.FRUIT_NAMES,
                                          feature_names=("weight (g)", "length / width"),
                                          legend="upper right" if kind == "softmax" else None)
        xs, ys, _ = plane_grid(X, resolution)
        cache["overlay"] = left.imshow(np.zeros((resolution, resolution, 4)), origin="lower",
                                       extent=(xs[0], xs[-1], ys[0], ys[-1]), aspect="auto",
                                       interpolation="bilinear", zorder=1)
        left.legend(handles=[left.scatter([], [], marker="s", s=60, color="0.8",
                                          label="no fruit > 0.5"),
                             left.scatter([], [], marker="s", s=60, color="0.25",
                                          label="two or more > 0.5")],
                    loc="upper right", fontsize=8.5, framealpha=0.85)
    left, right = cache["axes"]
    for kind in kinds:
        cache[kind].update(result[kind])
    overlay = np.zeros((len(result["claims"]), 4))
    overlay[result["claims"] == 0] = (0.8, 0.8, 0.8, 0.85)
    overlay[result["claims"] >= 2] = (0.25, 0.25, 0.25, 0.55)
    cache["overlay"].set_data(overlay.reshape(resolution, resolution, 4))
    sums = result["sums"]["one-vs-all"]
    left.set_title(f"one sigmoid per class: outputs sum to {sums.min():.2f} to "
                   f"{sums.max():.2f}", fontsize=9)
    right.set_title("softmax: outputs sum to 1 everywhere", fontsize=9)
