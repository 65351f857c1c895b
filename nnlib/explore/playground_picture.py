"""The playground's picture lives in :mod:`nnlib.plots.playground`; these names stay here
for code that imported them from the explorer."""
from ..plots.playground import BLUE, COLORMAP, ORANGE, heat_rgb, plot, point_colours

__all__ = ["BLUE", "COLORMAP", "ORANGE", "heat_rgb", "plot", "point_colours"]
