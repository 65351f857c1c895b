"""Lesson 03's picture of the coffee network: each hidden unit's region and the output."""
from __future__ import annotations

import numpy as np

from .palette import CLASS_COLOURS, CLASS_MARKERS
from .surfaces import DecisionSurface, plane_grid


def plot(fig, result: dict, cache: dict) -> None:
    """Each hidden unit's activation over the plane (greys), then the output (orange-blue)."""
    X, y = result["X"], result["y"]
    resolution = int(round(np.sqrt(len(result["grid_hidden"]))))  # the grid is square
    if not cache:
        fig.set_layout_engine(None)
        lefts = (0.065, 0.25, 0.435, 0.73)
        axes = [fig.add_axes((left, 0.17, 0.16, 0.7)) for left in lefts]
        bar_ax = fig.add_axes((0.605, 0.17, 0.01, 0.7))
        output_bar_ax = fig.add_axes((0.9, 0.17, 0.01, 0.7))
        xs, ys = plane_grid(X, resolution)[:2]
        extent = (xs[0], xs[-1], ys[0], ys[-1])
        cache["images"] = []
        for ax in axes[:3]:
            image = ax.imshow(np.zeros((resolution, resolution)), origin="lower", extent=extent,
                              aspect="auto", cmap="Greys", vmin=0.0, vmax=1.0, alpha=0.75)
            cache["images"].append(image)
            for label in (0, 1):
                ax.scatter(*X[y == label].T, s=7, marker=CLASS_MARKERS[label],
                           color=CLASS_COLOURS[label], edgecolors="k", linewidths=0.2)
            ax.set_xlim(extent[:2])
            ax.set_ylim(extent[2:])
            ax.set_xlabel("temperature")
            ax.tick_params(labelsize=8.5)
        axes[0].set_ylabel("duration")
        bar = fig.colorbar(cache["images"][0], cax=bar_ax)
        bar.set_ticks([0, 0.5, 1])
        bar.set_label("activation a")
        surface = DecisionSurface(axes[3], X, y, resolution=resolution, legend=None,
                                  feature_names=("temperature", ""))
        for scatter in surface.scatters:
            scatter.set_sizes([10])
        output_bar = fig.colorbar(surface.image, cax=output_bar_ax)
        output_bar.set_ticks([0, 0.5, 1])
        output_bar.set_label("output: P(good)")
        axes[3].tick_params(labelsize=8.5)
        cache.update(axes=axes, surface=surface, lines=[])
    axes = cache["axes"]
    for line in cache["lines"]:
        line.remove()
    cache["lines"] = []
    W1, b1 = result["W1"], result["b1"]
    for j, ax in enumerate(axes[:3]):
        on = result["switched_on"][j]
        values = result["grid_hidden"][:, j].reshape(resolution, resolution)
        cache["images"][j].set_data(values)
        # the unit's line w . x + b = 0, where its activation crosses 0.5
        x0, x1 = ax.get_xlim()
        if abs(W1[1, j]) > 1e-12:
            xs = np.array([x0, x1])
            cache["lines"] += ax.plot(xs, -(b1[j] + W1[0, j] * xs) / W1[1, j], "k-", lw=1.2)
        else:
            cache["lines"].append(ax.axvline(-b1[j] / W1[0, j], color="k", lw=1.2))
        ax.set_title(f"unit {j + 1}" + ("" if on else ": off (a = 0)"), fontsize=9,
                     color="k" if on else "0.45", style="normal" if on else "italic")
    cache["surface"].update(result["grid_output"])
    axes[3].set_title(f"output: {result['correct']} of {len(y)} right", fontsize=9)
