"""Lesson 12's picture of a convolution: input, kernel and feature map."""
from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from .palette import INK, MARK, WEIGHT_CMAP


def _colorbar(fig, image, ax, label: str) -> None:
    bar = fig.colorbar(image, ax=ax, shrink=0.8, label=label)
    bar.locator = MaxNLocator(4)
    bar.update_ticks()


def _symmetric(values: np.ndarray) -> float:
    return max(float(np.max(np.abs(values))), 1e-6)


def _draw_kernel(ax, result: dict, cache: dict, own: str) -> None:
    if "kernel_image" not in cache:
        cache["kernel_image"] = ax.imshow(np.zeros((3, 3)), cmap=WEIGHT_CMAP)
        # each weight is written in its cell, so the colours need no colour bar
        cache["kernel_text"] = [ax.text(j, i, "", ha="center", va="center", fontsize=9)
                                for i in range(3) for j in range(3)]
        ax.set_xticks(range(3))
        ax.set_yticks(range(3))
        ax.set_xlabel("kernel column")
        ax.set_ylabel("kernel row")
    shown = result["kernel"] if result["input"] == "digit" else np.where(
        np.arange(3)[:, None] == 1, result["kernel"], np.nan)  # a signal uses the middle row
    cache["kernel_image"].set_data(shown)
    limit = _symmetric(result["kernel"])
    cache["kernel_image"].set_clim(-limit, limit)
    for text, value in zip(cache["kernel_text"], shown.ravel()):
        text.set_text("" if np.isnan(value) else f"{value:.2g}")
        text.set_color("white" if abs(value) > 0.6 * limit else "black")  # readable on dark
    name = "your kernel" if result["kernel_name"] == own else \
        f"{result['kernel_name']} (sliders unused)"
    ax.set_title(name if result["input"] == "digit" else f"{name}, middle row used",
                 fontsize=10)


def _plot_digit(fig, result: dict, cache: dict, own: str) -> None:
    if "axes" not in cache:
        left, middle, right = fig.subplots(1, 3, width_ratios=(1.1, 0.9, 1.1))
        cache["axes"] = left, middle, right
        cache["input_image"] = left.imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0, vmax=1)
        _colorbar(fig, cache["input_image"], left, "pixel value")
        cache["frame"] = left.add_patch(Rectangle((0, 0), 8, 8, fill=False, ls="--",
                                                  color=INK, lw=1.2))
        cache["window"] = left.add_patch(Rectangle((0, 0), 3, 3, fill=False, color=MARK,
                                                   lw=2.2))
        cache["map_image"] = right.imshow(np.zeros((6, 6)), cmap=WEIGHT_CMAP)
        _colorbar(fig, cache["map_image"], right, "output")
        cache["unit"] = right.add_patch(Rectangle((0, 0), 1, 1, fill=False, color=MARK,
                                                  lw=2.2))
        for frame in (cache["window"], cache["unit"]):  # a white rim: seen on red cells too
            frame.set_path_effects([patheffects.withStroke(linewidth=4.5, foreground="white")])
        for ax in (left, right):
            ax.set_xlabel("column")
            ax.set_ylabel("row")
            for axis in (ax.xaxis, ax.yaxis):  # few tick labels: drawing text is the slow part
                axis.set_major_locator(MaxNLocator(4, integer=True))
    left, middle, right = cache["axes"]
    padded, output, stride = result["padded"], result["output"], result["stride"]
    (top, _), (side, _) = result["pads"]
    cache["input_image"].set_data(padded)
    cache["input_image"].set_extent((-0.5, padded.shape[1] - 0.5, padded.shape[0] - 0.5, -0.5))
    cache["frame"].set_xy((side - 0.5, top - 0.5))
    cache["window"].set_xy((result["column"] * stride - 0.5, result["row"] * stride - 0.5))
    padded_too = any(sum(pad) for pad in result["pads"])
    left.set_title("zero-padded input" if padded_too else "input", fontsize=10)
    _draw_kernel(middle, result, cache, own)
    cache["map_image"].set_data(output)
    cache["map_image"].set_extent((-0.5, output.shape[1] - 0.5, output.shape[0] - 0.5, -0.5))
    limit = _symmetric(output)
    cache["map_image"].set_clim(-limit, limit)
    cache["unit"].set_xy((result["column"] - 0.5, result["row"] - 0.5))
    right.set_title(f"feature map {output.shape[0]}×{output.shape[1]}", fontsize=10)


def _plot_signal(fig, result: dict, cache: dict, own: str) -> None:
    if "axes" not in cache:
        grid = fig.add_gridspec(2, 2, width_ratios=(3, 1))
        top, bottom = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[1, 0])
        middle = fig.add_subplot(grid[:, 1])
        cache["axes"] = top, middle, bottom
        cache["signal"], = top.plot([], [], color="0.2", lw=1)
        cache["window"] = top.axvspan(0, 3, color=MARK, alpha=0.3)
        cache["map"], = bottom.plot([], [], color=INK, lw=1.2)
        cache["unit"], = bottom.plot([], [], "o", color=MARK)
        top.set_ylabel("signal")
        bottom.set_ylabel("output")
        bottom.set_xlabel("sample")
    top, middle, bottom = cache["axes"]
    padded, output, stride = result["padded"], result["output"], result["stride"]
    before = result["pads"][0][0]
    positions = np.arange(len(padded)) - before
    cache["signal"].set_data(positions, padded)
    start = result["column"] * stride - before
    cache["window"].set_x(start - 0.5)
    cache["window"].set_width(3)
    centres = np.arange(len(output)) * stride + 1 - before  # the middle of each window
    cache["map"].set_data(centres, output)
    cache["unit"].set_data([centres[result["column"]]], [output[result["column"]]])
    for ax, values in ((top, padded), (bottom, output)):
        ax.set_xlim(positions[0] - 1, positions[-1] + 1)
        low, high = float(np.min(values)), float(np.max(values))
        pad = 0.1 * max(high - low, 1e-3)
        ax.set_ylim(low - pad, high + pad)
    top.set_title(f"EKG-like signal; the red band is the window (stride {stride})",
                  fontsize=10)
    bottom.set_title(f"feature map: {len(output)} outputs", fontsize=10)
    _draw_kernel(middle, result, cache, own)


def plot(fig, result: dict, cache: dict, own: str) -> None:
    """Digit: padded input with the window, the kernel, the feature map with the unit.
    Signal: the signal with the window above the feature map, the kernel beside them.
    own: the kernel name that means "the sliders' weights"."""
    if cache.get("input") != result["input"]:
        fig.clear()
        fig.set_layout_engine("constrained")  # lay the new axes out once (the widget then fixes it)
        cache.clear()
        cache["input"] = result["input"]
        cache["draw"] = _plot_digit if result["input"] == "digit" else _plot_signal
    cache["draw"](fig, result, cache, own)
