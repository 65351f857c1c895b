"""Lesson 10's pictures: optimizers racing across a surface, and their loss curves."""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from .curves import epoch_lines
from .palette import ACCENT, INK, LINE_COLOURS

# runs take the neutral line colours: orange and blue mean classes in every lesson
COLOURS = {"gradient descent": INK, "momentum": ACCENT, "RMSprop": LINE_COLOURS[2],
           "Adam": LINE_COLOURS[3]}


def _surface_grid(surface: tuple, n: int = 120):
    f, _, _, (x0, x1, y0, y1), minimum = surface
    x, y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return x, y, np.log10(f(x, y) - minimum + 1e-3)


def plot_race(fig, result: dict, cache: dict, surfaces: dict) -> None:
    """Paths over the log-loss contours on the left, loss per step (log) on the right.

    surfaces: name -> (f, gradient, start, (x0, x1, y0, y1), minimum), as the race uses them.
    """
    if not cache:
        cache["ax_paths"], cache["ax_loss"] = fig.subplots(1, 2, width_ratios=[1.4, 1])
        cache["ax_loss"].set_xlabel("step")
        cache["ax_loss"].set_ylabel("loss above the minimum")
        cache["ax_loss"].set_yscale("log")
        cache["lines"] = {}
        cache["surface"] = None
    ax, ax_loss = cache["ax_paths"], cache["ax_loss"]
    if cache["surface"] != result["surface"]:
        for _, line_loss in cache["lines"].values():
            line_loss.remove()
        ax.clear()
        x, y, levels = _surface_grid(surfaces[result["surface"]])
        shading = ax.contourf(x, y, levels, levels=20, cmap="Greys")
        if "colorbar" in cache:  # the bar keeps its place: only its levels change
            cache["colorbar"].ax.clear()
            cache["colorbar"] = fig.colorbar(shading, cax=cache["colorbar"].ax)
        else:
            cache["colorbar"] = fig.colorbar(shading, ax=ax, pad=0.02, fraction=0.05)
        cache["colorbar"].set_label("log₁₀(loss − minimum + 0.001)", fontsize=9)
        cache["colorbar"].locator = MaxNLocator(4)  # few labels: text is most of a frame
        cache["colorbar"].update_ticks()
        ax.set_title(result["surface"], fontsize=10)
        ax.set_xlabel("parameter 1")
        ax.set_ylabel("parameter 2")
        start = surfaces[result["surface"]][2]
        ax.plot(*start, "ko", ms=5)
        cache["surface"] = result["surface"]
        cache["lines"] = {}
    for line_path, line_loss in cache["lines"].values():
        line_path.set_visible(False)
        line_loss.set_visible(False)
    minimum = surfaces[result["surface"]][4]
    low = np.inf
    for name, path in result["paths"].items():
        if name not in cache["lines"]:
            colour = COLOURS[name]
            line_path, = ax.plot([], [], "-", color=colour, lw=1.6, label=name)
            line_loss, = ax_loss.plot([], [], "-", color=colour, lw=1.6, label=name)
            cache["lines"][name] = (line_path, line_loss)
        line_path, line_loss = cache["lines"][name]
        line_path.set_data(path["points"][:, 0], path["points"][:, 1])
        gap = np.maximum(path["losses"] - minimum, 1e-12)
        line_loss.set_data(np.arange(len(gap)), gap)
        low = min(low, float(gap.min()))
        line_path.set_visible(True)
        line_loss.set_visible(True)
    _, _, _, (x0, x1, y0, y1), _ = surfaces[result["surface"]]
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax_loss.set_xlim(0, result["steps"])
    high = max(float(np.max(np.maximum(p["losses"] - minimum, 1e-12)))
               for p in result["paths"].values())
    ax_loss.set_ylim(max(low / 3, 1e-12), high * 3)
    visible = [cache["lines"][name][1] for name in result["paths"]]
    ax_loss.legend(handles=visible, fontsize=8.5, loc="lower left")


def plot_curves(fig, result: dict, cache: dict) -> None:
    if not cache:
        ax = cache["ax"] = fig.subplots()
        cache["lines"] = epoch_lines(ax, {name: dict(marker="o", ls="-", ms=3, color=colour)
                                          for name, colour in COLOURS.items()},
                                     "training loss (cross-entropy)", log=True, grid=False)
        ax.set_title("the same network on digits, one optimizer each", fontsize=10)
    ax = cache["ax"]
    values = [v for losses in result["curves"].values() for v in losses]
    for name, line in cache["lines"].items():
        losses = result["curves"].get(name, [])
        line.set_data(np.arange(1, len(losses) + 1), losses)
    drawn = [line for name, line in cache["lines"].items() if result["curves"].get(name)]
    if drawn:  # a legend of the lines with data only: a run that diverged at once has none
        ax.legend(handles=drawn, fontsize=8.5)
    ax.set_xlim(0.5, result["epochs"] + 0.5)
    if values:
        ax.set_ylim(min(values) / 1.5, max(values) * 1.5)
