"""Where a plot draws: the Axes it was given, or a new one."""
from __future__ import annotations

from matplotlib.axes import Axes


def axes_or_new(ax: Axes | None = None, figsize: tuple = (5.0, 4.0)) -> Axes:
    """``ax`` itself, or the Axes of a new pyplot figure (so it shows in a notebook).

    Explorers always pass their own ``ax``: pyplot is only touched when a lesson asks for
    a fresh picture.
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def fixed_pair(fig, margins: dict, width_ratios: tuple = (1, 1)) -> tuple[Axes, Axes]:
    """Two Axes side by side at fixed margins (``fig.subplots_adjust``'s names).

    An explorer's first frame sets the layout, and later frames (with wider tick labels, say)
    must fit it too, so the layout engine is switched off rather than left to move the axes.
    """
    left, right = fig.subplots(1, 2, width_ratios=width_ratios)
    fig.set_layout_engine(None)
    fig.subplots_adjust(**margins)
    return left, right
