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
