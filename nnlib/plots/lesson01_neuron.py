"""Lesson 01's picture of one neuron: its decision line over the data, and its output."""
from __future__ import annotations

from typing import Callable

import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import activations
from ._axes import fixed_pair
from .frames import blit
from .palette import CLASS_COLOURS
from ..percents import percent
from .surfaces import DecisionSurface

CLASS_NAMES = {"coffee roasts": ("under-roasted (0)", "good roast (1)"),
               "xor": ("x1 xor x2 = 0", "x1 xor x2 = 1")}
FEATURE_NAMES = {"coffee roasts": ("temperature (standardized)", "duration (standardized)"),
                 "xor": ("$x_1$ (standardized)", "$x_2$ (standardized)")}


def decision_line(w: np.ndarray, b: float, crossing: float, box: tuple) -> np.ndarray:
    """Two points (2, 2) on the line w . x + b = crossing, spanning the box (x0, x1, y0, y1);
    empty (0, 2) when both weights are 0."""
    x0, x1, y0, y1 = box
    if abs(w[1]) >= abs(w[0]) and w[1] != 0:
        xs = np.array([x0, x1])
        return np.column_stack([xs, (crossing - b - w[0] * xs) / w[1]])
    if w[0] != 0:
        ys = np.array([y0, y1])
        return np.column_stack([(crossing - b - w[1] * ys) / w[0], ys])
    return np.empty((0, 2))


def _signed(value: float) -> str:
    """'+ 0.5' or '− 0.5': a term of a sum as a reader writes it."""
    return f"{'−' if value < 0 else '+'} {abs(value):.3g}"


def _output_limits(activation: str, reach: float) -> tuple[float, float]:
    if activation in ("sigmoid", "step"):
        return -0.08, 1.08
    if activation == "tanh":
        return -1.1, 1.1
    if activation == "relu":
        return -0.05 * reach, reach
    return -reach, reach


def plot(fig, result: dict, cache: dict, box_points: Callable[[], tuple],
         resolution: int) -> None:
    """The surface with the decision line and w (left); output against weighted input (right).

    box_points: gives (X, y) whose box the surface spans, whatever data set comes first;
    resolution: the surface's points per side (``result["grid_output"]`` holds its square).
    """
    if not cache:
        left, right = fixed_pair(fig, dict(left=0.075, right=0.985, bottom=0.13, top=0.91,
                                           wspace=0.2), width_ratios=(1.2, 1))
        X, y = box_points()
        cache["surface"] = DecisionSurface(left, X, y, resolution=resolution,
                                           boundary=False, colorbar_label="neuron output a",
                                           legend=None)
        cache["surface"].colorbar.set_ticks([0.0, 0.5, 1.0])
        for axis in (left.xaxis, left.yaxis, right.xaxis, right.yaxis):
            axis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))  # fewer labels: quicker
        cache["box"] = (*left.get_xlim(), *left.get_ylim())
        cache["line"], = left.plot([], [], color="k", lw=2)
        cache["arrow"] = left.annotate("w", xy=(0, 0), xytext=(0, 0), fontsize=11,
                                       arrowprops=dict(arrowstyle="<-", color="k", lw=1.5),
                                       annotation_clip=True, ha="center", va="center")
        cache["curve"], = right.plot([], [], color="0.3", lw=1.5, zorder=1)
        # class 0: a large hollow triangle; class 1: a small filled circle drawn over it
        cache["dots"] = [right.scatter([], [], s=70, marker="^", facecolors="none",
                                       edgecolors=CLASS_COLOURS[0], linewidths=1.6, zorder=3),
                         right.scatter([], [], s=20, marker="o", color=CLASS_COLOURS[1],
                                       edgecolors="k", linewidths=0.4, zorder=4)]
        cache["half"] = right.axhline(0.5, color="k", lw=0.8, ls="--")
        cache["vline"] = right.axvline(0.0, color="k", lw=2)
        cache["legend"] = right.legend([*cache["dots"], cache["line"]],
                                       [*CLASS_NAMES["coffee roasts"], "decision: a = 0.5"],
                                       loc="upper left", fontsize=9, framealpha=0.9)
        right.set_xlabel("weighted input z = w·x + b")
        right.set_ylabel("output a = g(z)")
        left.set_title("", fontsize=10)
        right.set_title("", fontsize=10)
        cache["axes"] = (left, right)
        cache["data_set"] = None
        # a frame moves these, drawn above the spines; the axes, their labels and the
        # colour bar are drawn once and kept while the limits stay
        cache["moving"] = [*left.images, cache["line"], cache["arrow"], left.title,
                           cache["curve"], cache["half"], cache["vline"], *cache["dots"],
                           cache["legend"], right.title]
        for artist in cache["moving"]:
            artist.set_zorder(artist.get_zorder() + 3)
    left, right = cache["axes"]
    surface: DecisionSurface = cache["surface"]
    if cache["data_set"] != result["data_set"]:
        surface.set_points(result["X"], result["y"])
        for scatter in surface.scatters:  # new points, above the moving surface
            scatter.set_zorder(scatter.get_zorder() + 3)
        blit(fig, cache["moving"] + surface.scatters)
        for text, name in zip(cache["legend"].get_texts(), CLASS_NAMES[result["data_set"]]):
            text.set_text(name)
        xlabel, ylabel = FEATURE_NAMES[result["data_set"]]
        left.set_xlabel(xlabel)
        left.set_ylabel(ylabel)
        cache["data_set"] = result["data_set"]
    surface.update(result["grid_output"])
    w, b, crossing = result["w"], result["b"], result["crossing"]
    line = decision_line(w, b, crossing, cache["box"])
    cache["line"].set_data(line[:, 0], line[:, 1])
    arrow = cache["arrow"]
    if line.size:  # w points from the line towards larger outputs, at right angles to it
        foot = (crossing - b) * w / (w @ w)  # the point of the line nearest the origin
        arrow.xy, arrow.xyann = tuple(foot), tuple(foot + 0.9 * w / np.sqrt(w @ w))
        arrow.set_visible(True)
    else:
        arrow.set_visible(False)
    # set_text, not set_title: set_title moves the still side titles, a whole redraw
    left.title.set_text(
        f"a = {result['activation']}({w[0]:.3g}·x1 {_signed(w[1])}·x2 {_signed(b)})")
    z, y = result["weighted_input"], result["y"]
    reach = max(3.0, 1.05 * float(np.max(np.abs(z))))
    zs = np.linspace(-reach, reach, 301)
    cache["curve"].set_data(zs, activations.get(result["activation"])(zs))
    for label, dots in enumerate(cache["dots"]):
        dots.set_offsets(np.column_stack([z[y == label], result["output"][y == label]]))
    cache["vline"].set_xdata([crossing, crossing])
    limits = ((-reach, reach), _output_limits(result["activation"], reach))
    if (right.get_xlim(), right.get_ylim()) != limits:  # new limits: the whole is redrawn
        right.set_xlim(*limits[0])
        right.set_ylim(*limits[1])
    right.title.set_text(f"each example's z and a: accuracy "
                         f"{percent(result['correct'], len(y))}")
