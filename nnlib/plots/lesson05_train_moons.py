"""Lesson 05's picture of training on the moons: loss per epoch and the boundary."""
from __future__ import annotations

import numpy as np

from .curves import epoch_lines
from ..percents import share
from .palette import INK
from .surfaces import DecisionSurface

LOSS_CEILING = 3.0  # the loss axis stops here
OUTPUT_LABEL = "output: P(class 1)"  # what the shaded plane and its colour bar show


def plot(fig, result: dict, cache: dict, resolution: int) -> None:
    """Left: the network's output over the plane (its colour bar marks 0 to 1) and its
    boundary; right: the loss curve."""
    if not cache:
        cache["left"], cache["right"] = fig.subplots(1, 2, width_ratios=(1.1, 1))
        if fig.get_layout_engine() is not None:  # room between the colour bar and the loss
            fig.get_layout_engine().set(wspace=0.06)
        right = cache["right"]
        cache["curve"] = epoch_lines(right, {"_loss": dict(color=INK, lw=1.5)},
                                     "loss (binary cross-entropy)")["_loss"]
        right.set_ylim(0, 1)  # tick labels of the final width, so the first layout fits
    left, right = cache["left"], cache["right"]
    if cache.get("noise") != result["noise"]:  # new data: a new picture of the plane
        left.clear()
        # the colour bar is made once, beside the first plane, and kept: a later plane (new
        # noise) shows the same 0-to-1 output in the same colours, so the bar still reads it
        first = "colorbar" not in cache
        cache["surface"] = DecisionSurface(left, result["X"], result["y"], resolution=resolution,
                                           legend="lower left",
                                           colorbar_label=OUTPUT_LABEL if first else None)
        if first:
            cache["colorbar"] = cache["surface"].colorbar
        cache["noise"] = result["noise"]
    cache["surface"].update(result["surface"])
    diverged_at = result["diverged_at"]
    status = (f"diverged at epoch {diverged_at}" if diverged_at
              else f"epoch {result['epoch']}/{result['epochs']}: "
                   f"accuracy {share(result['accuracy'], 1, strip=False)}")
    left.set_title(status, fontsize=10)
    losses_so_far = result["losses"][:max(result["epoch"], 1)]
    cache["curve"].set_data(np.arange(1, len(losses_so_far) + 1), losses_so_far)
    right.set_xlim(0, max(diverged_at, 10) if diverged_at else result["epochs"])
    finite = losses_so_far[np.isfinite(losses_so_far)]
    if finite.size:  # a loss that blows up runs off the top rather than flattening the rest
        right.set_ylim(0, min(1.1 * finite.max(), LOSS_CEILING))
    loss = result["loss"]
    right.set_title(f"loss {loss:.3g}" + (" and rising" if diverged_at else "")
                    if np.isfinite(loss) else "loss", fontsize=10)
