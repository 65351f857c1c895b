"""Lesson 02's picture of an activation function: g(z) and g'(z), with the flat zones shaded."""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from ._axes import fixed_pair
from .palette import ACCENT, INK


def plot(fig, result: dict, cache: dict) -> None:
    """g on the left, g' on the right; flat stretches shaded on both."""
    if not cache:
        left, right = fixed_pair(fig, dict(left=0.085, right=0.98, bottom=0.15, top=0.9,
                                           wspace=0.25))
        cache["axes"] = (left, right)
        cache["f"], = left.plot([], [], color=INK, lw=2)
        cache["d"], = right.plot([], [], color=ACCENT, lw=2)
        for ax, title in ((left, "g(z)"), (right, "g'(z), the slope")):
            ax.axhline(0, color="0.7", lw=0.8)
            ax.axvline(0, color="0.7", lw=0.8)
            ax.set_xlabel("weighted input z")
            ax.xaxis.set_major_locator(MaxNLocator(nbins=8))
            ax.set_title(title)
        left.set_ylabel("activation g(z)")
        right.set_ylabel("slope g'(z)")
        cache["shades"] = []
    left, right = cache["axes"]
    z = result["z"]
    cache["f"].set_data(z, result["f"])
    cache["d"].set_data(z, result["derivative"])
    for shade in cache["shades"]:
        shade.remove()
    exact = result["activation"] in ("relu", "linear", "leaky_relu", "step")
    label = "flat: g' = 0" if exact else "flat: g' < 5% of its peak"
    cache["shades"] = [ax.fill_between(z, 0, 1, where=result["saturated"], color="0.45",
                                       alpha=0.18, transform=ax.get_xaxis_transform(),
                                       label=label)
                       for ax in (left, right)]
    for ax, values in ((left, result["f"]), (right, result["derivative"])):
        low, high = float(np.min(values)), float(np.max(values))
        pad = 0.08 * max(high - low, 0.5)
        ax.set_xlim(z[0], z[-1])
        ax.set_ylim(low - pad, high + pad)
    if result["saturated"].any():
        right.legend(handles=[cache["shades"][1]], loc="center left", bbox_to_anchor=(0, 0.64),
                     fontsize=9)  # clear of every slope, and of the line at 0 for step
    elif right.get_legend():
        right.get_legend().remove()
    left.set_title(f"g(z) = {result['activation']}(z)")
