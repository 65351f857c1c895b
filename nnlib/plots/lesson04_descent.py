"""Lesson 04's picture of gradient descent: the path across the surface, the loss per step."""
from __future__ import annotations

import numpy as np

from ..scales import contour_levels
from .curves import label_contours, plain_log_ticks
from .palette import INK


def plot(fig, result: dict, cache: dict, surfaces: dict, box: tuple) -> None:
    """The path over the contours on the left, the loss per step on the right."""
    if not cache:
        fig.set_layout_engine(None)  # fixed positions below
        left = fig.add_axes((0.07, 0.14, 0.38, 0.76))
        right = fig.add_axes((0.57, 0.14, 0.38, 0.76))
        cache.update(left=left, right=right, contours={}, labels=[])
        cache["path"], = left.plot([], [], "-o", color=INK, ms=2.5, lw=1.2)
        cache["start"], = left.plot([], [], "o", ms=7, mfc="white", color=INK)
        cache["minimum"], = left.plot([], [], "*", color="black", ms=11, label="minimum")
        left.set_xlim(*box)
        left.set_ylim(*box)
        left.set_xlabel("weight w")
        left.set_ylabel("bias b")
        cache["losses"], = right.plot([], [], "-", color=INK, lw=1.8, label="loss")
        cache["lowest"] = right.axhline(np.nan, color="black", ls="--", lw=1,
                                        label="lowest possible")
        right.set_yscale("log")
        plain_log_ticks(right.yaxis)
        right.set_xlabel("step")
        right.set_ylabel("loss J(w, b)")
        right.grid(alpha=0.3)
    left, right = cache["left"], cache["right"]
    name = result["surface"]
    if name not in cache["contours"]:
        X, Y, Z = surfaces[name].grid
        contours = left.contour(X, Y, Z, levels=contour_levels(Z, 18), cmap="viridis",
                                linewidths=0.8, alpha=0.8)
        label_contours(left, contours)
        cache["contours"][name] = (contours, list(left.texts[len(cache["labels"]):]))
        cache["labels"] += cache["contours"][name][1]
    for other, (contours, labels) in cache["contours"].items():
        contours.set_visible(other == name)
        for label in labels:
            label.set_visible(other == name)
    path, losses = result["path"], result["losses"]
    cache["path"].set_data(path[:, 0], path[:, 1])
    cache["start"].set_data(path[:1, 0], path[:1, 1])
    cache["minimum"].set_data([result["minimum"][0]], [result["minimum"][1]])
    left.set_title(f"J(w, b): {name}", fontsize=9, y=1.0)
    lowest = float(surfaces[name].loss(*result["minimum"]))
    steps = np.arange(len(losses))
    cache["losses"].set_data(steps, losses)
    cache["lowest"].set_ydata([lowest, lowest])
    right.set_xlim(0, max(len(losses) - 1, 1))
    high = float(np.max(losses))
    right.set_ylim(max(min(lowest, float(np.min(losses))) * 0.7, 1e-300), high * 1.5)
    title = ("diverged at step %d" % result["diverged_at"] if result["diverged_at"]
             else "loss per step")
    right.set_title(title, fontsize=9, y=1.0, color="#b00" if result["diverged_at"] else "k")
    right.legend(handles=[cache["losses"], cache["lowest"]], fontsize=9, loc="best")
