"""Lesson 07's picture of networks born dead: the chance against depth and a map of layers."""
from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap, to_rgba
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.ticker import MaxNLocator

from ..percents import share
from .palette import ALIVE_CMAP, MARK


def plot(fig, result: dict, cache: dict) -> None:
    """Left: chance of being born dead against depth. Right: which layers are dead."""
    if not cache:
        # the colorbar gets its own slot: a colorbar made with ax= would make every later
        # frame lay the figure out twice
        curve_ax, map_ax, bar_ax = fig.subplots(
            1, 3, gridspec_kw={"width_ratios": [1.15, 1, 0.04]})
        cache["axes"] = curve_ax, map_ax
        cache["chance"], = curve_ax.plot([], [], color=MARK, lw=2, marker="o", ms=3,
                                         label="measured, 100 digits")
        cache["bound"], = curve_ax.plot([], [], color="0.45", lw=1.2, ls="--",
                                        label="one-digit bound 1 − (1 − 2⁻ʷ)ᴰ")
        curve_ax.set_ylim(-0.03, 1.03)
        curve_ax.set_xlabel("depth D (hidden layers)")
        curve_ax.set_ylabel("chance of being born dead")
        curve_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9,
                        frameon=False)
        for ax in (curve_ax, map_ax):
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        curve_ax.set_yticks([0, 0.25, 0.5, 0.75, 1])  # few labels: text is most of a frame's cost
        curve_ax.grid(alpha=0.3)
        cmap = _alive_colormap()
        trials = len(result["alive_map"])  # one row per network shown
        cache["image"] = map_ax.imshow(np.zeros((trials, 2)), cmap=cmap, vmin=0, vmax=1,
                                       aspect="auto", interpolation="nearest")
        bar = fig.colorbar(cache["image"], cax=bar_ax)
        bar.set_label("share of units firing on some digit", fontsize=9)
        bar.set_ticks([0, 0.5, 1])
        bar.ax.tick_params(labelsize=9)
        map_ax.set_xlabel("hidden layer")
        map_ax.set_ylabel("one random network per row")
        map_ax.set_yticks([])
    curve_ax, map_ax = cache["axes"]
    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        fig.set_layout_engine(None)  # the widget froze the layout: spare savefig a second draw
    depths = result["depths"]
    cache["chance"].set_data(depths, result["chance_by_depth"])
    cache["bound"].set_data(depths, result["bound"])
    curve_ax.set_xlim(0.5, max(depths[-1], 2) + 0.5)
    curve_ax.set_title(f"width {result['width']}: {share(result['chance'])} born dead at "
                       f"depth {result['depth']}", fontsize=10)
    shown = result["alive_map"]
    image = cache["image"]
    image.set_data(shown)
    image.set_extent((0.5, shown.shape[1] + 0.5, shown.shape[0] - 0.5, -0.5))
    map_ax.set_xlim(0.5, shown.shape[1] + 0.5)
    map_ax.set_ylim(shown.shape[0] - 0.5, -0.5)
    dead_rows = int(np.sum(np.any(shown == 0, axis=1)))
    map_ax.set_title(f"{shown.shape[0]} of the networks: {dead_rows} have a dead layer (red)",
                     fontsize=10)


def _alive_colormap():
    """Red for 0 (a dead layer), then light to dark teal as more units stay alive."""
    return ListedColormap(np.vstack([to_rgba(MARK), ALIVE_CMAP(np.linspace(0, 1, 255))]))
