"""Lesson 03's picture of universal approximation: bumps summed into a target."""
from __future__ import annotations

import numpy as np

from .curves import plain_log_ticks
from .palette import ACCENT, INK

FORMULAS = {"wiggle": "0.2 + 0.4x² + 0.3x sin 15x + 0.05 cos 50x", "sine": "sin 2πx",
            "bell": "exp(-(x - 0.5)² / 0.02)", "kink": "|x - 0.4|"}


def plot(fig, result: dict, cache: dict) -> None:
    """The target, the network and its bumps (left); error against hidden units (right)."""
    if not cache:
        fig.set_layout_engine(None)  # fixed positions: frames never shift
        left = fig.add_axes((0.07, 0.14, 0.5, 0.76))
        right = fig.add_axes((0.69, 0.14, 0.29, 0.76))
        cache.update(left=left, right=right, bump_lines=[])
        cache["target"], = left.plot([], [], color="0.55", lw=2.5, ls="--", label="target")
        cache["output"], = left.plot([], [], color=INK, lw=1.6, label="network")
        left.set_xlim(0, 1)
        left.set_xlabel("input x")
        left.set_ylabel("output")
        cache["curve"], = right.plot([], [], color=ACCENT, lw=1.5)
        cache["here"], = right.plot([], [], "o", color=INK, ms=6)
        right.set_xscale("log")
        right.set_yscale("log")
        right.set_xticks([1, 2, 5, 10, 20, 50], labels=["1", "2", "5", "10", "20", "50"])
        right.xaxis.set_minor_formatter("")
        plain_log_ticks(right.yaxis)
        right.set_xlim(0.9, len(result["errors"]) * 1.1)  # 1 to the most units
        right.set_xlabel("hidden units")
        right.set_ylabel("RMS error over [0, 1]")
        right.grid(alpha=0.3, which="both")
        right.set_title("error against units", fontsize=9, y=1.0)
    left, right = cache["left"], cache["right"]
    x = result["x"]
    for patch in cache["bump_lines"]:
        patch.remove()
    bumps = result["bumps"]
    # each bump filled, alternately darker and lighter, so neighbours stay apart
    cache["bump_lines"] = [left.fill_between(x, 0.0, bumps[:, i], color=ACCENT, lw=0,
                                             alpha=0.35 if i % 2 else 0.2,
                                             label="its bumps (one per pair of units)"
                                             if i == 0 else None)
                           for i in range(bumps.shape[1])]
    cache["target"].set_data(x, result["target_curve"])
    cache["output"].set_data(x, result["output"])
    values = np.concatenate([result["target_curve"], result["output"], [0.0]])
    low, high = float(values.min()), float(values.max())
    pad = 0.08 * (high - low or 1.0)
    left.set_ylim(low - pad, high + pad)
    left.legend(loc="best", fontsize=9)
    left.set_title(f"{result['target']}: {FORMULAS[result['target']]}; "
                   f"{result['hidden_units']} hidden units", fontsize=9, y=1.0)
    units = np.arange(1, len(result["errors"]) + 1)
    errors = result["errors"]
    cache["curve"].set_data(units, errors)
    cache["here"].set_data([result["hidden_units"]], [result["error"]])
    right.set_ylim(0.7 * float(errors.min()), 1.4 * float(errors.max()))
