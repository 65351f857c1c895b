"""Per-layer bars on a log scale (lessons 06 and 07): how big the gradient is in each layer.

A gradient that vanishes shrinks by a factor per layer, so its sizes span many
powers of ten; only a log scale shows the first layer and the last one together.

    >>> ax = gradient_bars([2e-6, 3e-4, 0.05], labels=['1', '2', 'out'])
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from .._checks import as_array
from ..scales import bar_heights, log_limits
from ._axes import axes_or_new
from .palette import ACCENT

__all__ = ["gradient_bars"]

_MAX_TICK_LABELS = 11  # beyond this, label every k-th bar so the labels never overlap


def gradient_bars(norms: Sequence[float] | np.ndarray, ax: Axes | None = None,
                  log: bool = True, labels: Sequence[str] | None = None) -> Axes:
    """One bar per layer for the size of its gradient, first layer on the left.

    norms: (n_layers,) numbers >= 0, e.g. ``nn.diagnostics.gradient_norms(model, x, y)``,
    or (n_draws, n_layers) for several random draws: then each bar is their
    (geometric, with ``log``) mean and a whisker spans the smallest to the largest.
    log: a log-scale y axis (a bar of exactly 0 cannot be drawn there; it is marked "0").
    labels: one per layer; default "1", "2", ...
    Returns the Axes drawn into.
    """
    ax = axes_or_new(ax)
    draw_bars(ax, norms, log, labels)
    ax.set_xlabel("layer")
    ax.set_ylabel("gradient norm" + (" (log scale)" if log else ""))
    return ax


def draw_bars(ax: Axes, norms: Sequence[float] | np.ndarray, log: bool = True,
              labels: Sequence[str] | None = None) -> list:
    """Draw the bars of :func:`gradient_bars` into ``ax``, set its limits and ticks, and
    return the artists added, so an explorer can remove them before its next frame."""
    values = as_array(norms, "norms", ndim=(1, 2))
    if values.size == 0:
        raise ValueError(f"norms: expected at least one layer's norm, got shape {values.shape}")
    if np.any(values < 0):
        raise ValueError(f"norms: expected lengths of gradients (numbers >= 0), got "
                         f"{float(values.min())!r}")
    n_layers = values.shape[-1]
    if labels is None:
        labels = [str(i) for i in range(1, n_layers + 1)]
    labels = [str(label) for label in labels]
    if len(labels) != n_layers:
        raise ValueError(f"labels: expected {n_layers} labels, one per layer, got {len(labels)}")

    heights, low, high = bar_heights(values, log)
    positions = np.arange(n_layers)
    drawn = heights > 0 if log else np.ones(n_layers, dtype=bool)
    artists = [ax.bar(positions[drawn], heights[drawn], width=0.75, color=ACCENT,
                      edgecolor="white", linewidth=0.5)]
    if values.ndim == 2 and len(values) > 1:
        spread = drawn & (low > 0) if log else drawn
        whiskers = ax.errorbar(positions[spread], heights[spread],
                               yerr=[heights[spread] - low[spread],
                                     high[spread] - heights[spread]],
                               fmt="none", ecolor="0.25", elinewidth=1, capsize=2)
        artists.append(whiskers)
    if log:
        ax.set_yscale("log")
        bottom, top = log_limits(np.concatenate([heights[drawn], low, high]), pad=4)
        ax.set_ylim(bottom, top)
        artists += [ax.text(position, bottom, "0", ha="center", va="bottom", fontsize=9,
                            color="0.3") for position in positions[~drawn]]
    ax.set_xlim(-0.6, n_layers - 0.4)
    step = int(np.ceil(n_layers / _MAX_TICK_LABELS))
    ticks = list(range(0, n_layers, step))
    if ticks[-1] != n_layers - 1:
        if n_layers - 1 - ticks[-1] < step / 2 and len(ticks) > 1:
            ticks.pop()  # keep the last label clear of its neighbour
        ticks.append(n_layers - 1)
    ax.set_xticks(ticks)
    ax.set_xticklabels([labels[i] for i in ticks])
    return artists


def _plain_power_of_ten(value: float, position: int) -> str:
    return f"{value:.0e}".replace("e+0", "e").replace("e-0", "e-").replace("1e0", "1")


def quick_log_axis(ax: Axes) -> None:
    """A log y axis with plain tick labels ('1e-06') and no minor ticks: an explorer redraws
    it several times a second, and typeset powers of ten are slow to lay out."""
    ax.set_yscale("log")
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_locator(LogLocator(numticks=6))
    ax.yaxis.set_major_formatter(FuncFormatter(_plain_power_of_ten))
