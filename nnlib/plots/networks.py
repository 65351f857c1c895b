"""Pictures of a network's shape (lessons 03 and 11): units as circles, weights as lines.

``network_diagram([2, 3, 1])`` draws the coffee network of lesson 03: two inputs,
three hidden units, one output. Given the weights, each line is coloured by its
weight (dark red positive, dark grey negative, light grey near 0: the palette's weight
colours, never a class colour) and drawn thicker the larger the weight's size, so a
trained or random network shows which connections matter.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize

from .._checks import positive_int
from ._axes import axes_or_new
from .palette import WEIGHT_CMAP

__all__ = ["network_diagram"]

LABEL_SIZE = 9  # points: at an explorer's 80 dpi, 10 pixels
RING_WIDTH = 1.0  # points: the outline of a unit's circle
CROWDED = 0.8  # rings wider than this share of the distance between units nearly touch
DOT_SHARE = 0.6  # ... and are drawn as dots this share of that distance across
UNIT_DOT = "0.3"  # the dots' grey: darker than a weight near 0, lighter than the outline


def _unit_pitch(ax: Axes, height: float) -> float:
    """Points between two neighbouring units of a layer, in an Axes whose y axis spans
    ``height`` data units (the Axes' present size: a layout may still change it a little)."""
    return ax.bbox.height * 72.0 / ax.figure.dpi / height


def _layer_labels(n_layers: int) -> list[str]:
    if n_layers > 5:  # many layers: short labels, so neighbours do not overlap
        return ["in"] + [f"h{i}" for i in range(1, n_layers - 1)] + ["out"]
    hidden = ["hidden"] if n_layers == 3 else [f"hidden {i}" for i in range(1, n_layers - 1)]
    return ["input"] + hidden + ["output"]


def _kernels(weights: Sequence, layer_sizes: list[int]) -> list[np.ndarray]:
    """The weight matrices, one (n_in, n_out) per connection, from either a list of them or
    ``model.get_weights()`` (whose biases, the 1-D arrays, are skipped)."""
    kernels = [np.asarray(w, dtype=float) for w in weights if np.ndim(w) == 2]
    if len(kernels) != len(layer_sizes) - 1:
        raise ValueError(f"weights: expected {len(layer_sizes) - 1} weight matrices for layer "
                         f"sizes {layer_sizes}, got {len(kernels)}")
    for i, kernel in enumerate(kernels):
        wanted = (layer_sizes[i], layer_sizes[i + 1])
        if kernel.shape != wanted:
            raise ValueError(f"weights: expected matrix {i} to have shape {wanted} "
                             f"(units in, units out), got {kernel.shape}")
    return kernels


def _largest_per_layer(values: np.ndarray, counts: list[int], max_lines: int) -> np.ndarray:
    """Indices of the largest |values| within each layer's block, each layer keeping its
    share of ``max_lines`` (at least one line)."""
    keep, start = [], 0
    for count in counts:
        share = max(1, round(max_lines * count / len(values)))
        block = np.argsort(-np.abs(values[start:start + count]), kind="stable")[:share]
        keep.append(start + np.sort(block))
        start += count
    return np.concatenate(keep)


def network_diagram(layer_sizes: Sequence[int], weights: Sequence | None = None,
                    ax: Axes | None = None, layer_labels: Sequence[str] | None = None,
                    max_linewidth: float = 3.0, max_lines: int | None = None,
                    input_labels: Sequence[str] | None = None,
                    colorbar_ax: Axes | None = None) -> Axes:
    """Draw a fully connected network, layer by layer from left to right.

    layer_sizes: units per layer, the inputs first, e.g. ``[2, 3, 1]``.
    weights: optional; a list of weight matrices of shapes (layer_sizes[i],
    layer_sizes[i + 1]), or the list ``model.get_weights()`` returns. Without them
    every line is a thin grey one.
    layer_labels: one label per layer (default: input, hidden 1, ..., output).
    input_labels: optional names of the inputs, written left of the input units.
    max_lines: with weights, draw at most about this many lines: in each layer the
    largest weights, in proportion to the layer's share of all weights (a big network's
    thousands of lines are slow to draw and hide each other anyway).
    colorbar_ax: with weights, draw the colour scale of the weights there ("weight").
    Returns the Axes drawn into.
    """
    sizes = [positive_int(n, "layer_sizes") for n in layer_sizes]
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes: expected at least 2 layers (inputs and outputs), got "
                         f"{list(layer_sizes)}")
    labels = list(layer_labels) if layer_labels is not None else _layer_labels(len(sizes))
    if len(labels) != len(sizes):
        raise ValueError(f"layer_labels: expected {len(sizes)} labels, got {len(labels)}")
    ax = axes_or_new(ax, figsize=(1.3 * len(sizes) + 1.0, 3.0))
    tallest = max(sizes)
    positions = [np.column_stack([np.full(n, float(layer)), (n - 1) / 2 - np.arange(n)])
                 for layer, n in enumerate(sizes)]  # unit 1 of each layer on top

    segments, values = [], []
    for i in range(len(sizes) - 1):
        start, end = positions[i], positions[i + 1]
        pairs = np.stack(np.meshgrid(np.arange(sizes[i]), np.arange(sizes[i + 1]),
                                     indexing="ij"), axis=-1).reshape(-1, 2)
        segments.append(np.stack([start[pairs[:, 0]], end[pairs[:, 1]]], axis=1))
    segments = np.concatenate(segments)
    if weights is None:
        lines = LineCollection(segments, colors="0.65", linewidths=0.6, zorder=1)
    else:
        values = np.concatenate([k.reshape(-1) for k in _kernels(weights, sizes)])
        largest = float(np.max(np.abs(values))) or 1.0
        relative = values / largest  # in [-1, 1]
        shade = 0.5 + 0.5 * relative  # the colour scale is linear in the weight
        keep = np.arange(len(values))
        if max_lines is not None and len(values) > positive_int(max_lines, "max_lines"):
            keep = _largest_per_layer(values, [a * b for a, b in zip(sizes, sizes[1:])],
                                      max_lines)
        lines = LineCollection(segments[keep], colors=WEIGHT_CMAP(shade[keep]),
                               linewidths=0.3 + max_linewidth * np.abs(relative[keep]),
                               zorder=1)
        if colorbar_ax is not None:
            scale = ScalarMappable(Normalize(-largest, largest), WEIGHT_CMAP)
            bar = ax.figure.colorbar(scale, cax=colorbar_ax, orientation="horizontal")
            bar.set_ticks([-largest, 0.0, largest], labels=[f"{-largest:.2g}", "0",
                                                            f"{largest:.2g}"])
            bar.ax.tick_params(labelsize=LABEL_SIZE)
            bar.set_label("weight (line width grows with |weight|)", fontsize=LABEL_SIZE)
    ax.add_collection(lines)

    units = np.concatenate(positions)
    top = (tallest - 1) / 2 + 0.6
    bottom = -top - 0.3 * (2 * top)  # the bottom quarter holds the labels
    # circles shrink as layers grow taller or more numerous
    size = float(np.clip(min(2600.0 / tallest ** 1.6, 9000.0 / len(sizes) ** 2), 6.0, 500.0))
    face, edge = "white", RING_WIDTH
    pitch = _unit_pitch(ax, top - bottom)
    if np.sqrt(size) + RING_WIDTH > CROWDED * pitch:
        # a tall layer packs its rings so close that they touch, and a column of touching
        # rings reads as one dark bar: draw its units as dots with a gap between them
        face, edge, size = UNIT_DOT, 0.0, (DOT_SHARE * pitch) ** 2
    ax.scatter(units[:, 0], units[:, 1], s=size, facecolor=face, edgecolor="0.2",
               linewidth=edge, zorder=2)
    for layer, (n, label) in enumerate(zip(sizes, labels)):
        ax.annotate(f"{label}\n({n})", (layer, 0.0), xycoords=("data", "axes fraction"),
                    ha="center", va="bottom", fontsize=LABEL_SIZE)
    left = -0.5
    if input_labels is not None:
        names = list(input_labels)
        if len(names) != sizes[0]:
            raise ValueError(f"input_labels: expected {sizes[0]} names, got {len(names)}")
        for (x, y), name in zip(positions[0], names):
            ax.text(x - 0.15, y, name, ha="right", va="center", fontsize=LABEL_SIZE)
        left = -1.2  # room for the names
    ax.set_xlim(left, len(sizes) - 0.5)
    ax.set_ylim(bottom, top)
    ax.axis("off")
    return ax
