"""One palette for the whole course, so a colour means one thing in every picture.

Classes: class 0 orange, class 1 blue (then green, purple), as TensorFlow Playground.
Weights in network diagrams share the two colours on purpose: a blue (positive) weight
pushes towards class 1, an orange (negative) one towards class 0. ``OUTPUT_CMAP`` runs
from orange (0) through white to blue (1) for an output or a probability map.
"""
from __future__ import annotations

from matplotlib.colors import LinearSegmentedColormap

CLASS_COLOURS = ("#e8710a", "#1f77b4", "#2ca02c", "#9467bd")
WEIGHT_NEGATIVE = "#e8710a"
WEIGHT_POSITIVE = "#1f77b4"
OUTPUT_CMAP = LinearSegmentedColormap.from_list("nnlib_output",
                                                [CLASS_COLOURS[0], "#ffffff", CLASS_COLOURS[1]])
