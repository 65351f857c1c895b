"""Decision surfaces: what a model outputs at every point of a 2-D input plane.

``decision_regions(predict_fn, X, y)`` shades a model's output over the box the data
fill, draws the boundary where a one-output model crosses 0.5, and puts the labelled
points on top (lessons 01, 03, 05, 09, 11). Explorers build a :class:`DecisionSurface`
once and call its ``update`` for every slider move, which changes the picture in place.

    >>> ax = decision_regions(model.predict, X, y)          # doctest: +SKIP
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D

from .._checks import as_array, number_in
from ..grids import plane_grid
from ._axes import axes_or_new
from .palette import CLASS_COLOURS, CLASS_MARKERS, OUTPUT_CMAP

__all__ = ["decision_regions", "DecisionSurface"]

CLASS_COLORS = CLASS_COLOURS  # class 0 orange, class 1 blue, ... (see palette)
LEGEND_SIZE = 9  # points: at an explorer's 80 dpi, 10 pixels

BELOW = "below"  # a legend location: one row under the axes, outside the data


class DecisionSurface:
    """A model's output over the data's plane, drawn once into ``ax`` and updated in place.

    ``update(outputs)`` takes the model's outputs at ``self.points``: shape (m,) or (m, 1)
    for one output (shaded from 0 = class 0's orange to 1 = class 1's blue, with the
    ``threshold`` contour as the boundary), or (m, k) with k >= 2 class probabilities
    (each point takes its likeliest class's colour, paler where the model is unsure).
    ``legend`` is a matplotlib legend location ("best", "upper left", ...) or None.
    """

    def __init__(self, ax: Axes, X: Any, y: Any, resolution: int = 60, margin: float = 0.1,
                 threshold: float = 0.5, boundary: bool = True,
                 class_names: Sequence[str] | None = None,
                 feature_names: Sequence[str] = ("$x_1$", "$x_2$"),
                 colorbar_label: str | None = None, legend: str | None = "best") -> None:
        self.ax = ax
        self.xs, self.ys, self.points = plane_grid(X, resolution, margin)
        self.threshold = number_in(threshold, "threshold", -1e6, 1e6)
        self.draw_boundary = boundary
        self.contour = None
        extent = (self.xs[0], self.xs[-1], self.ys[0], self.ys[-1])
        blank = np.full((len(self.ys), len(self.xs)), threshold)
        self.image = ax.imshow(blank, origin="lower", extent=extent, aspect="auto",
                               cmap=OUTPUT_CMAP, vmin=threshold - 0.5, vmax=threshold + 0.5,
                               interpolation="bilinear", alpha=0.6, zorder=0)
        self.colorbar = None
        if colorbar_label:
            self.colorbar = _output_colorbar(ax, self.image, colorbar_label, threshold)
        self.scatters: list = []
        self.legend_loc = legend
        self.one_output = True  # until update() is given class probabilities
        self.set_points(X, y, class_names)
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        ax.set_xlabel(feature_names[0])
        ax.set_ylabel(feature_names[1])

    def set_points(self, X: Any, y: Any, class_names: Sequence[str] | None = None) -> None:
        """Draw the labelled points (X (n, 2), y (n,) integer classes) over the surface."""
        data = as_array(X, "X", ndim=2)
        labels = as_array(y, "y", ndim=1)
        if len(labels) != len(data):
            raise ValueError(f"y: expected one label per point of X ({len(data)}), "
                             f"got {len(labels)}")
        for scatter in self.scatters:
            scatter.remove()
        self.scatters = []
        classes = np.unique(labels).astype(int)
        for label in classes:
            name = (class_names[label] if class_names is not None and label < len(class_names)
                    else f"class {label}")
            at = labels == label
            self.scatters.append(self.ax.scatter(
                data[at, 0], data[at, 1], s=30, marker=CLASS_MARKERS[label % 10],
                color=CLASS_COLORS[label % 10], edgecolors="k", linewidths=0.5,
                label=name, zorder=3))
        self._draw_legend()

    def _draw_legend(self) -> None:
        if not self.legend_loc:
            return
        handles = list(self.scatters)
        if self.draw_boundary and self.one_output:
            handles.append(Line2D([], [], color="k", lw=1.6,
                                  label=f"boundary: output {self.threshold:g}"))
        if self.legend_loc == BELOW:  # outside the axes, under the x label: hides no point
            self.ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14),
                           ncol=len(handles), fontsize=LEGEND_SIZE, frameon=False,
                           columnspacing=1.2, handletextpad=0.4)
            return
        self.ax.legend(handles=handles, loc=self.legend_loc, fontsize=LEGEND_SIZE,
                       framealpha=0.85)

    def update(self, outputs: Any) -> None:
        """Show the model's ``outputs`` at ``self.points`` (see the class docstring)."""
        values = np.asarray(outputs, dtype=float)
        count = len(self.points)
        if values.ndim == 2 and values.shape[1] == 1:
            values = values[:, 0]
        if values.shape[:1] != (count,) or values.ndim not in (1, 2):
            raise ValueError(f"outputs: expected the model's outputs at the {count} grid "
                             f"points, shape ({count},) or ({count}, k), got {values.shape}")
        shape = (len(self.ys), len(self.xs))
        if (values.ndim == 1) != self.one_output:
            self.one_output = values.ndim == 1
            self._draw_legend()
        if values.ndim == 1:
            surface = values.reshape(shape)
            self.image.set_data(np.nan_to_num(surface, nan=self.threshold))
            self._set_boundary(surface)
        else:
            self.image.set_data(_class_colours(values).reshape(shape + (4,)))
            self._set_boundary(None)

    def _set_boundary(self, surface: np.ndarray | None) -> None:
        if self.contour is not None:
            self.contour.remove()
            self.contour = None
        if surface is None or not self.draw_boundary:
            return
        finite = surface[np.isfinite(surface)]
        # a contour only exists where the surface passes the threshold
        if finite.size and finite.min() < self.threshold < finite.max():
            self.contour = self.ax.contour(self.xs, self.ys, surface, levels=[self.threshold],
                                           colors="k", linewidths=1.6, zorder=2)


def _output_colorbar(ax: Axes, image, label: str, threshold: float = 0.5):
    """A colour bar for an output in [threshold - 0.5, threshold + 0.5] (a probability: [0, 1]),
    with its levels marked and no "extend" arrows: the output never leaves that range."""
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.9)
    bar.set_ticks([threshold - 0.5, threshold - 0.25, threshold, threshold + 0.25,
                   threshold + 0.5])
    bar.set_label(label)
    return bar


def _class_colours(probabilities: np.ndarray) -> np.ndarray:
    """RGBA (m, 4): the likeliest class's colour, more transparent the less sure the model."""
    k = probabilities.shape[1]
    palette = np.array([to_rgb(CLASS_COLORS[i % 10]) for i in range(k)])
    winner = np.argmax(probabilities, axis=1)
    confidence = np.clip((probabilities.max(axis=1) - 1 / k) / (1 - 1 / k), 0.0, 1.0)
    rgba = np.ones((len(probabilities), 4))
    rgba[:, :3] = palette[winner]
    rgba[:, 3] = 0.15 + 0.55 * np.nan_to_num(confidence)
    return rgba


def decision_regions(predict_fn: Callable[[np.ndarray], Any], X: Any, y: Any,
                     ax: Axes | None = None, resolution: int = 100, margin: float = 0.1,
                     threshold: float = 0.5, class_names: Sequence[str] | None = None,
                     feature_names: Sequence[str] = ("$x_1$", "$x_2$"),
                     title: str | None = None, colorbar: bool = True,
                     legend: str | None = BELOW) -> Axes:
    """Shade ``predict_fn``'s output over the data's box, with the points and the boundary.

    predict_fn: maps points (m, 2) to outputs (m,) or (m, 1) (e.g. a probability of class
    1: the boundary is its ``threshold`` contour), or (m, k) class probabilities.
    X: (n, 2) points; y: (n,) integer labels. ``legend``: "below" (the
    default: one row under the axes, where it covers no point), a matplotlib legend
    location inside the axes ("upper left", ...) or None.
    Returns the Axes.
    """
    if not callable(predict_fn):
        raise TypeError(f"predict_fn: expected a function from points (m, 2) to outputs, "
                        f"got {type(predict_fn).__name__}")
    ax = axes_or_new(ax)
    surface = DecisionSurface(ax, X, y, resolution=resolution, margin=margin,
                              threshold=threshold, class_names=class_names,
                              feature_names=feature_names, legend=legend)
    outputs = np.asarray(predict_fn(surface.points))
    surface.update(outputs)
    one_output = outputs.ndim == 1 or outputs.shape[1] == 1
    if colorbar and one_output:
        _output_colorbar(ax, surface.image, "model output", threshold)
    if title:
        ax.set_title(title)
    return ax

