"""Lesson 04's picture of MSE against cross-entropy: each loss and its gradient."""
from __future__ import annotations

import numpy as np

from .palette import ACCENT, INK

COLOURS = {"MSE": ACCENT, "cross-entropy": INK}


def plot(fig, result: dict, cache: dict,
         p_grid: np.ndarray, z_grid: np.ndarray, confident: float) -> None:
    """Losses against the prediction on the left, |dl/dz| against z on the right."""
    if not cache:
        fig.set_layout_engine(None)  # fixed positions below
        left = fig.add_axes((0.07, 0.14, 0.38, 0.74))
        right = fig.add_axes((0.57, 0.14, 0.38, 0.74))
        cache.update(left=left, right=right, lines={}, dots={})
        for name, colour in COLOURS.items():
            cache["lines"][name] = (left.plot([], [], color=colour, lw=2, label=name)[0],
                                    right.plot([], [], color=colour, lw=2, label=name)[0])
            cache["dots"][name] = (left.plot([], [], "o", color=colour, ms=7)[0],
                                   right.plot([], [], "o", color=colour, ms=7)[0])
        left.set_xlim(0, 1)
        left.set_ylim(0, 5)
        left.set_xlabel("prediction p = sigmoid(z)")
        left.set_ylabel("loss ℓ of this example")
        right.set_xlim(-z_grid[-1], z_grid[-1])
        right.set_ylim(0, 1.05)
        right.set_xlabel("weighted input z")
        right.set_ylabel("|dℓ/dz|, the push on z")
        for ax in (left, right):
            ax.grid(alpha=0.3)
        cache["shades"] = []
    left, right = cache["left"], cache["right"]
    target = result["target"]
    if cache.get("target") != target:  # the curves, shading and legends change with y only
        cache["target"] = target
        for name in COLOURS:
            loss_line, gradient_line = cache["lines"][name]
            loss_line.set_data(p_grid, result["loss_curves"][name])
            gradient_line.set_data(z_grid, np.abs(result["gradient_curves"][name]))
        for shade in cache["shades"]:
            shade.remove()
        wrong_z = np.log(confident / (1 - confident))  # sigmoid(2.2) = 0.9
        p_span = (0, 1 - confident) if target == 1 else (confident, 1)
        z_span = (-z_grid[-1], -wrong_z) if target == 1 else (wrong_z, z_grid[-1])
        cache["shades"] = [left.axvspan(*p_span, color="0.45", alpha=0.18),
                           right.axvspan(*z_span, color="0.45", alpha=0.18,
                                         label="confidently wrong")]
        left.legend(fontsize=9, loc="upper right" if target == 1 else "upper left")
        right.legend(fontsize=9, loc="upper right" if target == 1 else "upper left")
    for name in COLOURS:
        loss_dot, gradient_dot = cache["dots"][name]
        loss_dot.set_data([result["p"]], [min(result["loss_at_p"][name], 4.95)])
        gradient_dot.set_data([result["z"]], [abs(result["gradient_at_z"][name])])
    left.set_title(f"loss of one prediction, target y = {target}", fontsize=9, y=1.0)
    right.set_title(f"push on z: cross-entropy's is {result['ratio']:.3g}× MSE's here",
                    fontsize=9, y=1.0)
