"""Lesson 06's picture of how fast each hidden layer learns, epoch by epoch."""
from __future__ import annotations

import numpy as np

from .bars import quick_log_axis
from .curves import epoch_lines
from .palette import LINE_COLOURS, MARK

COLORS = LINE_COLOURS  # neutral: a layer is neither a class nor a weight


def plot(fig, result: dict, cache: dict) -> None:
    """Speed of learning per hidden layer (log scale) on the left, training accuracy right."""
    if not cache:
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.8, 1]})
        cache["axes"] = (left, right)
        cache["lines"] = list(epoch_lines(left, {
            f"hidden layer {i + 1}": dict(color=color, lw=1.5) for i, color in enumerate(COLORS)},
            "‖dC/db‖, speed of learning", grid=False).values())
        cache["accuracy"] = epoch_lines(right, {"_accuracy": dict(color="0.2", lw=1.5)},
                                        "training accuracy", grid=False)["_accuracy"]
        cache["notice"] = left.text(0.5, 0.5, "", transform=left.transAxes, ha="center",
                                    va="center", fontsize=9, color=MARK)
        quick_log_axis(left)
        right.set_ylim(0, 1)
        right.set_title("training accuracy", fontsize=10, y=1.0)
    left, right = cache["axes"]
    speeds, epochs = result["speeds"], result["epochs"]
    shown = min(result["hidden_layers"], len(COLORS))
    steps = np.arange(len(speeds))
    for i, line in enumerate(cache["lines"]):
        visible = i < shown and len(speeds) > 0
        line.set_visible(visible)
        line.set_data(steps, speeds[:, i] if visible else [])
    cache["accuracy"].set_data(steps, result["accuracy"])
    for ax in (left, right):
        ax.set_xlim(0, epochs)
    positive = speeds[speeds > 0] if len(speeds) else np.array([])
    if positive.size:
        bottom, top = positive.min() / 2, positive.max() * 2
        if top / bottom < 100:
            middle = np.sqrt(top * bottom)
            bottom, top = middle / 10, middle * 10
        left.set_ylim(bottom / (top / bottom) ** 0.3, top)  # room below the lines for the legend
    silent = [i + 1 for i in range(shown) if len(speeds) and speeds[-1, i] == 0]
    names = ", ".join(str(i) for i in silent)
    cache["notice"].set_text(f"‖dC/db‖ = 0 in hidden layer {names}: no line on a log scale;\n"
                             f"no gradient gets through units that never fire" if silent else
                             "diverged before the first measurement" if not len(speeds) else "")
    left.legend(handles=cache["lines"][:shown], loc="lower right", fontsize=9, ncol=3)
    left.set_title(f"Speed of learning: {result['hidden_layers']} hidden {result['activation']}"
                   f" layers", fontsize=10, y=1.0)
