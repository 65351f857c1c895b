"""Lesson 08's pictures: dropout's loss curves and boundary, and the masks it draws."""
from __future__ import annotations

from typing import Callable

import numpy as np
from matplotlib.ticker import FormatStrFormatter, NullFormatter

from .curves import epoch_lines
from .palette import ACCENT, MARK
from .surfaces import BELOW, DecisionSurface


def plot_curves(fig, result: dict, cache: dict, points: Callable[[], tuple],
                resolution: int) -> None:
    """Left: train and test loss per epoch (no-dropout run in grey); right: the boundary."""
    X_train, y_train = points()[:2]
    if not cache:
        left, right = fig.subplots(1, 2, width_ratios=(1.25, 1))
        cache["axes"] = left, right
        lines = epoch_lines(left, {"train, no dropout": dict(color="0.6", lw=1.2),
                                   "test, no dropout": dict(color="0.6", lw=1.2, ls="--"),
                                   # a wide pale train line under a narrower dashed test
                                   # line: both show where they meet (at rate 1 they do)
                                   "train": dict(color=ACCENT, lw=4, alpha=0.4, zorder=2),
                                   "test": dict(color=ACCENT, lw=1.8, ls="--", zorder=3)},
                            "loss (dropout off)", log=True)
        cache["ref_train"], cache["ref_test"], cache["train"], cache["test"] = lines.values()
        cache["baseline"] = left.axhline(result["baseline_loss"], color="k", lw=0.8, ls=":",
                                         label="class frequencies", zorder=4)
        cache["gap"], = left.plot([], [], color=MARK, lw=2.5, alpha=0.6)
        cache["gap_text"] = left.text(0, 1, "", color=MARK, fontsize=9, ha="right",
                                      va="center")
        # plain "0.01" tick labels: log axes default to math text, which is slow to draw
        left.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        left.yaxis.set_minor_formatter(NullFormatter())
        left.legend(fontsize=9, loc="lower left", ncol=2)
        cache["surface"] = DecisionSurface(right, X_train, y_train, resolution=resolution,
                                           legend=BELOW, feature_names=("x1", "x2"),
                                           colorbar_label="output: P(class 1)")
        right.set_title("what it learned from 60 points", fontsize=10)
    left, right = cache["axes"]
    reference, curves = result["reference"], result["curves"]
    cache["ref_train"].set_data(reference["epoch"], reference["train"])
    cache["ref_test"].set_data(reference["epoch"], reference["test"])
    cache["train"].set_data(curves["epoch"], curves["train"])
    cache["test"].set_data(curves["epoch"], curves["test"])
    end, train, test = curves["epoch"][-1], curves["train"][-1], curves["test"][-1]
    cache["gap"].set_data([end, end], [train, test])
    low, high = sorted((train, test))
    # beside the red bar, or above both curves when they are too close for the text to fit
    height = float(np.sqrt(low * high)) if high > 3 * low else 1.6 * high
    cache["gap_text"].set_position((end * 0.97, height))
    cache["gap_text"].set_text(f"gap {test - train:.2f}")
    lowest = min(float(np.min(reference["train"])), float(np.min(curves["train"])))
    left.set_ylim(min(3e-3, 0.5 * lowest), 5)
    left.set_xlim(0, 1.03 * result["epochs"])
    left.set_title(f"dropout rate {result['rate']:.2f}", fontsize=10)
    cache["surface"].update(result["surface"])


def plot_masks(fig, result: dict, cache: dict, mask_shape: tuple) -> None:
    """The layer's inference output, three training steps' outputs as grids of units
    (dropped units blank), and the average over the steps so far beside the inference output.
    """
    if not cache:
        grid = fig.add_gridspec(1, 5, width_ratios=(1, 1, 1, 1, 2.2))
        cache["grids"] = [fig.add_subplot(grid[0, i]) for i in range(4)]
        cache["images"] = []
        for ax in cache["grids"]:
            image = ax.imshow(np.zeros(mask_shape), cmap="viridis", vmin=0, vmax=2.0)
            ax.set_xticks([])
            ax.set_yticks([])
            cache["images"].append(image)
        cache["grids"][0].set_title("inference", fontsize=9)
        fig.colorbar(cache["images"][-1], ax=cache["grids"], location="bottom", shrink=0.7,
                     aspect=30, label="unit's output (blank = dropped)")
        ax = cache["average_axes"] = fig.add_subplot(grid[0, 4])
        units = np.arange(mask_shape[0] * mask_shape[1])
        cache["inference"], = ax.plot(units, result["activation"], color="k", lw=1.5,
                                      drawstyle="steps-mid", label="inference (no dropout)")
        cache["average"], = ax.plot(units, result["average"], "o", ms=3, color=ACCENT,
                                    label="average in training")
        ax.set_xlabel("unit")
        ax.set_ylabel("output")
        ax.legend(fontsize=8.5, loc="upper right")
        ax.grid(alpha=0.3)
    top = max(2.0, float(result["shown"].max()))
    pictures = [result["activation"]] + list(result["shown"])
    for i, (image, output) in enumerate(zip(cache["images"], pictures)):
        image.set_data(np.ma.masked_equal(output.reshape(mask_shape), 0.0))  # dropped: blank
        image.set_clim(0, top)
        if i:
            kept = int(np.count_nonzero(output))
            cache["grids"][i].set_title(f"step {result['step'] + i - 1}: {kept} kept",
                                        fontsize=9)
    cache["average"].set_ydata(result["average"])
    ax = cache["average_axes"]
    ax.set_ylim(0, max(2.2, 1.1 * float(result["average"].max())))
    ax.set_title(f"each unit's output: at inference, and its mean\nover all "
                 f"{result['steps_averaged']} training steps so far", fontsize=9)
