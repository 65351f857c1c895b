"""One palette for the whole course, so a colour means one thing in every picture.

Classes: class 0 orange, class 1 blue (then green, purple, ...), as TensorFlow Playground.
``OUTPUT_CMAP`` runs from orange (0) through white to blue (1) for an output or a
probability map, so a shaded plane and its points speak the same colours.

Weights in network diagrams never borrow a class colour: a positive weight is dark red,
a negative one dark grey, and both fade to a light grey as they near 0 (``WEIGHT_CMAP``),
so a red line is never read as "class 0" and a blue one never as "class 1".

Lines that are neither (a descent path, a function and its slope, kinks) use the
neutral ``INK`` and ``ACCENT``; pictures that compare several runs (loss curves, paths
across a loss surface, layers, optimizers) take ``LINE_COLOURS`` in turn: ink, teal, plum,
ochre, olive, never the class orange or blue nor the weight red.

``MARK`` (a bright red) points at the thing to look at in a picture that draws no weights:
a kernel's window, dead units, a gap between two curves, a peak. ``CONV`` and ``DENSE``
are the two kinds of network lesson 12 compares, plum and ochre from ``LINE_COLOURS``.
``ALIVE_CMAP`` (light to dark teal) shades how much units fire in lesson 07's maps, where
dead units are ``MARK`` red.
No picture uses matplotlib's "tab:" colours: tab:blue is class 1's blue, tab:green,
tab:purple and tab:orange are classes 2, 3 and 0.
"""
from __future__ import annotations

from matplotlib.colors import LinearSegmentedColormap

CLASS_COLOURS = ("#e8710a", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#17becf",
                 "#7f7f7f", "#bcbd22", "#e377c2", "#000000")
CLASS_MARKERS = ("^", "o", "s", "D", "v", "P", "X", "*", "h", "p")
OUTPUT_CMAP = LinearSegmentedColormap.from_list("nnlib_output",
                                                [CLASS_COLOURS[0], "#ffffff", CLASS_COLOURS[1]])
WEIGHT_NEGATIVE = "#404040"
WEIGHT_POSITIVE = "#b2182b"
WEIGHT_CMAP = LinearSegmentedColormap.from_list("nnlib_weight",
                                                [WEIGHT_NEGATIVE, "#d4d4d4", WEIGHT_POSITIVE])
INK = "#222222"       # the main line of a picture that shows no classes
ACCENT = "#0f8b8d"    # a second line beside it (teal: neither a class nor a weight)
LINE_COLOURS = (INK, ACCENT, "#7b3294", "#a6761d", "#66a61e")  # runs, layers, ...
MARK = "#d62728"      # what to look at: a window, dead units, a gap, a peak
CONV, DENSE = LINE_COLOURS[2], LINE_COLOURS[3]
ALIVE_CMAP = LinearSegmentedColormap.from_list(  # light to dark teal: how much units fire
    "nnlib_alive", ["#d3ecea", ACCENT, "#063f40"])


def line_colour(index: int) -> str:
    """The ``index``-th neutral line colour (from 0), cycling through ``LINE_COLOURS``."""
    return LINE_COLOURS[index % len(LINE_COLOURS)]
