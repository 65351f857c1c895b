"""Lesson 03's picture of a random network: its diagram and the function it computes."""
from __future__ import annotations

import numpy as np

from .networks import network_diagram
from .palette import INK

MAX_LINES = 600  # the diagram draws at most this many weights, the largest


def plot(fig, result: dict, cache: dict, input_range: float) -> None:
    """The network on the left (lines coloured by weight); its function on the right, over
    inputs in [-input_range, input_range] (a square of them in 2-D)."""
    if not cache:  # fixed positions (figure fractions), so a frame never shifts the next
        fig.set_layout_engine(None)
        cache["diagram"] = fig.add_axes((0.0, 0.22, 0.38, 0.68))
        cache["weight_bar"] = fig.add_axes((0.07, 0.15, 0.24, 0.03))
        cache["line_ax"] = fig.add_axes((0.46, 0.14, 0.52, 0.76))
        cache["image_ax"] = fig.add_axes((0.46, 0.14, 0.44, 0.76))
        colorbar_ax = fig.add_axes((0.915, 0.14, 0.015, 0.76))
        cache["curve"], = cache["line_ax"].plot([], [], color=INK, lw=1.8)
        cache["kinks"], = cache["line_ax"].plot([], [], "o", ms=4, mfc="white", mec=INK,
                                                label="kink")
        cache["line_ax"].set_xlabel("input x")
        cache["line_ax"].set_ylabel("network output")
        extent = (-input_range, input_range, -input_range, input_range)
        cache["image"] = cache["image_ax"].imshow(np.zeros((2, 2)), origin="lower",
                                                  extent=extent, cmap="viridis", aspect="auto")
        cache["border"] = cache["image_ax"].imshow(np.zeros((2, 2, 4)), origin="lower",
                                                   extent=extent, aspect="auto")
        cache["image_ax"].set_xlabel("input x1")
        cache["image_ax"].set_ylabel("input x2")
        cache["colorbar"] = fig.colorbar(cache["image"], cax=colorbar_ax)
        cache["colorbar"].set_label("network output")
    diagram = cache["diagram"]
    diagram.clear()
    cache["weight_bar"].clear()
    network_diagram(result["layer_sizes"], result["weights"], ax=diagram, max_linewidth=2.0,
                    max_lines=MAX_LINES, colorbar_ax=cache["weight_bar"])
    n_weights = sum(w.size for w in result["weights"][::2])
    shown = "" if n_weights <= MAX_LINES else f"\nthe largest {MAX_LINES} of {n_weights} weights"
    diagram.set_title(f"the network (dark red +, grey −){shown}", fontsize=9, y=1.0)
    one_d = result["n_inputs"] == 1
    cache["line_ax"].set_visible(one_d)
    cache["image_ax"].set_visible(not one_d)
    cache["colorbar"].ax.set_visible(not one_d)
    if one_d:
        _plot_curve(cache, result, input_range)
    else:
        _plot_surface(cache, result)


def _plot_curve(cache: dict, result: dict, input_range: float) -> None:
    ax, x, y = cache["line_ax"], result["x"], result["output"]
    cache["curve"].set_data(x, y)
    show_kinks = 0 < len(result["kinks"]) <= 400  # more would only blot out the curve
    shown = slice(None) if show_kinks else slice(0)
    cache["kinks"].set_data(result["kinks"][shown], result["kink_outputs"][shown])
    low, high = float(y.min()), float(y.max())
    flat = high - low < 1e-6 * max(abs(low), abs(high), 1.0)
    pad = 1.0 if flat else 0.08 * (high - low)  # a constant gets a plain +-1 around it
    ax.set_xlim(-input_range, input_range)
    ax.set_ylim(low - pad, high + pad)
    ax.set_title(f"what it computes: {result['activation']}", fontsize=9, y=1.0)
    if show_kinks and ax.get_legend() is None:
        ax.legend(loc="best", fontsize=9)
    elif not show_kinks and ax.get_legend() is not None:
        ax.get_legend().remove()


def _plot_surface(cache: dict, result: dict) -> None:
    side = int(round(np.sqrt(len(result["output"]))))
    values = result["output"].reshape(side, side)
    cache["image"].set_data(values)
    low, high = float(values.min()), float(values.max())
    cache["image"].set_clim(low, high if high > low else low + 1e-9)
    border = np.zeros((side, side, 4))
    border[result["border"]] = (1.0, 1.0, 1.0, 0.9)  # region borders in white
    cache["border"].set_data(border)
    cache["image_ax"].set_title(f"what it computes: {result['activation']} (colour = output"
                                f"{', white = region borders' if result['border'].any() else ''}"
                                ")", fontsize=9, y=1.0)
