"""Loss curves and descent paths (lessons 04, 05, 08 and 10).

``loss_curves`` draws the loss per epoch (or per step) of one or more runs;
``contour_with_paths`` draws a loss surface over two parameters as contour lines
and the paths optimizers take across it; the surface's values on a grid come from
``nnlib.grids.grid_values`` and its contour heights from ``nnlib.scales``.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes

from matplotlib.ticker import FuncFormatter

from ..grids import Surface, grid_values
from ..scales import contour_levels
from ._axes import axes_or_new
from .palette import line_colour

__all__ = ["loss_curves", "contour_with_paths", "epoch_lines"]


def _curve(values, name: str) -> np.ndarray:
    try:
        curve = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name}: expected a sequence of numbers, got "
                        f"{type(values).__name__} ({error})") from None
    if curve.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D sequence of numbers, got shape {curve.shape}")
    return np.where(np.isfinite(curve), curve, np.nan)  # a diverged run just stops


def _curves_from(history_or_dict) -> dict[str, np.ndarray]:
    """label -> values, from a History, a History's dict, or a dict of runs."""
    if hasattr(history_or_dict, "history") and isinstance(history_or_dict.history, dict):
        history_or_dict = history_or_dict.history
    if not isinstance(history_or_dict, Mapping):
        raise TypeError(f"history_or_dict: expected a History (what fit returns) or a dict of "
                        f"label -> losses, got {type(history_or_dict).__name__}")
    runs = {}
    for label, values in history_or_dict.items():
        if hasattr(values, "history"):  # a dict of runs, each a History: its training loss
            values = values.history
        if isinstance(values, Mapping):
            if "loss" not in values:
                raise ValueError(f"history_or_dict[{label!r}]: expected a 'loss' entry, got "
                                 f"keys {sorted(values)}")
            values = values["loss"]
        runs[str(label)] = _curve(values, f"history_or_dict[{label!r}]")
    losses = {label: curve for label, curve in runs.items() if "loss" in label}
    return losses or runs  # from a History: loss and val_loss, not accuracy


def loss_curves(history_or_dict, ax: Axes | None = None, log_scale: bool = False,
                xlabel: str = "epoch", title: str | None = None) -> Axes:
    """The loss per epoch of one or more runs.

    history_or_dict: the History ``fit`` returns (its 'loss' and 'val_loss' are drawn,
    a validation curve dashed in its training curve's colour), or a dict of label ->
    sequence of losses (or label -> History) to compare runs. Non-finite losses (a
    diverged run) end that curve. Epochs are counted from 1.
    Returns the Axes drawn into.
    """
    curves = _curves_from(history_or_dict)
    if not curves:
        raise ValueError("history_or_dict: expected at least one curve, got none")
    ax = axes_or_new(ax, figsize=(5.0, 3.2))
    colours = {}
    for label, curve in curves.items():
        base = label[4:] if label.startswith("val_") else None
        style = (dict(color=colours[base], linestyle="--") if base in colours
                 else dict(color=line_colour(len(colours))))
        line, = ax.plot(np.arange(1, len(curve) + 1), curve, label=label, lw=1.8, **style)
        colours[label] = line.get_color()
    positive = np.concatenate([c[np.isfinite(c)] for c in curves.values()])
    if log_scale and positive.size and np.all(positive > 0):
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    ax.legend(fontsize=9)
    return ax


def epoch_lines(ax: Axes, styles: Mapping[str, dict], ylabel: str, log: bool = False,
                grid: bool = True) -> dict:
    """Empty lines of a value per epoch, one per entry of ``styles`` (label -> the keyword
    arguments of ``ax.plot``, in drawing order), on an Axes labelled "epoch" and ``ylabel``;
    ``log``: a log y axis. An explorer makes them on its first frame and then only moves
    their data (``line.set_data(epochs, values)``). Returns label -> Line2D.
    """
    lines = {label: ax.plot([], [], label=label, **style)[0] for label, style in styles.items()}
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    if grid:
        ax.grid(alpha=0.3)
    return lines


def _minor_label(value: float, limits: tuple[float, float]) -> str:
    """'0.2', '5', ... at the minor ticks 2 and 5 x 10^k when the log axis spans at most two
    decades (so a short axis shows more than its one or two powers of ten); else ''."""
    low, high = sorted(limits)
    if value <= 0 or low <= 0 or np.log10(high / low) > 2:
        return ""
    digit = round(value / 10 ** np.floor(np.log10(value)))
    return f"{value:g}" if digit in (2, 5) else ""


def plain_log_ticks(axis) -> None:
    """Plain numbers (0.1, 1, 10; no mathtext to typeset) on a log ``axis`` (``ax.yaxis``),
    and labels at 2 and 5 x 10^k as well when it spans two decades or less."""
    axis.set_major_formatter("{x:g}")
    axis.set_minor_formatter(FuncFormatter(lambda value, _: _minor_label(
        value, axis.get_view_interval())))


def label_contours(ax: Axes, contours, every: int = 3) -> None:
    """Write the height on every ``every``-th contour line (from the lowest), so the colours
    need no colour bar to be read."""
    ax.clabel(contours, contours.levels[::every], inline=True, fontsize=9, fmt="%.3g")


def contour_with_paths(f: Surface, paths: Mapping[str, Sequence] | None,
                       xlim: tuple[float, float], ylim: tuple[float, float],
                       ax: Axes | None = None, levels: int = 15, log_levels: bool = True,
                       n: int = 80, labels: tuple[str, str] = ("w", "b"),
                       minimum: Sequence[float] | None = None) -> Axes:
    """A loss surface over two parameters as contours, with paths drawn across it.

    f: the surface, ``f(X, Y)`` on arrays (see ``nnlib.grids.grid_values``).
    paths: label -> points of shape (k, 2), the parameters at each step; each path is
    drawn as a line of dots from a hollow start to a filled end. Rows that are not
    finite (a diverged run) and everything after them are left out. Some contour lines
    carry their height.
    minimum: optional (x, y) to mark with a star.
    Returns the Axes drawn into.
    """
    ax = axes_or_new(ax, figsize=(5.0, 4.0))
    X, Y, Z = grid_values(f, xlim, ylim, n)
    contours = ax.contour(X, Y, Z, levels=contour_levels(Z, levels, log_levels),
                          cmap="viridis", linewidths=0.8, alpha=0.8)
    label_contours(ax, contours)
    if minimum is not None:
        ax.plot(*minimum, marker="*", color="black", ms=11, ls="none", label="minimum")
    for number, (label, points) in enumerate((paths or {}).items()):
        path = np.asarray(points, dtype=float)
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"paths[{label!r}]: expected points of shape (k, 2), got shape "
                             f"{path.shape}")
        bad = np.flatnonzero(~np.all(np.isfinite(path), axis=1))
        path = path[:bad[0]] if bad.size else path
        if not len(path):
            continue
        line, = ax.plot(path[:, 0], path[:, 1], "-o", ms=2.5, lw=1.2, label=label,
                        color=line_colour(number))
        ax.plot(*path[0], "o", ms=7, mfc="white", color=line.get_color())
        ax.plot(*path[-1], "o", ms=6, color=line.get_color())
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=9, loc="best")
    return ax
