"""Lesson 07's picture of dying ReLUs: every hidden unit as a cell, dead ones red."""
from __future__ import annotations

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, to_rgba
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from ..percents import share
from .palette import ALIVE_CMAP, INK, MARK

DEAD_COLOR = to_rgba(MARK)


def unit_grid(values: np.ndarray, dead: np.ndarray, pixels: int = 10) -> np.ndarray:
    """An RGBA picture of one layer, one square cell per unit: red where dead, else teal by
    firing share, white lines between cells and blank padding after the last unit.

    values, dead: (units,). Returns (rows * pixels, cols * pixels, 4), cols = ceil(sqrt(units)).
    """
    units = values.size
    cols = int(np.ceil(np.sqrt(units)))
    rows = int(np.ceil(units / cols))
    cells = np.ones((rows * cols, 4))
    cells[:units] = ALIVE_CMAP(values)
    cells[:units][dead] = DEAD_COLOR
    picture = np.repeat(np.repeat(cells.reshape(rows, cols, 4), pixels, axis=0), pixels, axis=1)
    picture[::pixels, :, :3] = 1.0  # the separating lines, drawn into the picture itself:
    picture[:, ::pixels, :3] = 1.0  # far quicker to redraw than one gridline per cell
    return picture


def plot(fig, result: dict, cache: dict, epochs: int) -> None:
    """Left: dead fraction and accuracy per epoch. Right: one cell per hidden unit."""
    if not cache:
        # the colorbar gets its own slot: a colorbar made with ax= would make every later
        # frame lay the figure out twice
        grid = fig.add_gridspec(2, 3, width_ratios=[1.6, 1, 1], height_ratios=[1, 0.05])
        curve_ax = fig.add_subplot(grid[:, 0])
        grid_axes = [fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[0, 2])]
        bar_ax = fig.add_subplot(grid[1, 1:])
        cache["axes"] = curve_ax, grid_axes
        cache["dead"], = curve_ax.plot([], [], color=DEAD_COLOR, lw=2, marker="o", ms=2.5,
                                       label="dead fraction")
        cache["accuracy"], = curve_ax.plot([], [], color=INK, lw=2, marker="o", ms=2.5,
                                           label="training accuracy")
        curve_ax.set_xlim(0, epochs)
        curve_ax.set_ylim(-0.03, 1.03)
        curve_ax.set_xlabel("epoch")
        curve_ax.set_ylabel("fraction")
        curve_ax.grid(alpha=0.3)
        curve_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9,
                        frameon=False)
        cache["note"] = curve_ax.text(0.02, 0.97, "", transform=curve_ax.transAxes,
                                      va="top", fontsize=9, color=MARK)
        cache["grids"] = [ax.imshow(np.ones((1, 1, 4)), interpolation="nearest")
                          for ax in grid_axes]
        for ax in grid_axes:
            ax.set_axis_off()
        bar = fig.colorbar(ScalarMappable(Normalize(0, 1), ALIVE_CMAP), cax=bar_ax,
                           orientation="horizontal")
        bar.set_label("share of digits on which the unit fires (z > 0); red: dead",
                      fontsize=9)
        bar.ax.tick_params(labelsize=9)
    curve_ax, grid_axes = cache["axes"]
    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        fig.set_layout_engine(None)  # the widget froze the layout: spare savefig a second draw
    cache["dead"].set_data(result["epochs"], result["dead_history"])
    cache["accuracy"].set_data(result["epochs"], result["accuracy_history"])
    cache["note"].set_text(f"diverged: {result['diverged']}" if result["diverged"] else "")
    last = int(result["epochs"][-1])
    curve_ax.set_title(f"{share(result['dead_fraction'])} of hidden units dead after epoch {last}",
                       fontsize=10)
    for number, (ax, image, firing, dead) in enumerate(
            zip(grid_axes, cache["grids"], result["firing"], result["dead"]), start=1):
        picture = unit_grid(firing, dead)
        image.set_data(picture)
        image.set_extent((0, picture.shape[1], picture.shape[0], 0))
        ax.set_xlim(0, picture.shape[1])
        ax.set_ylim(picture.shape[0], 0)
        ax.set_title(f"layer {number}: {int(dead.sum())} of {dead.size} dead", fontsize=10)
