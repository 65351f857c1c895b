"""The playground's maths (lesson 11): its data sets in ``points`` and the network it
trains in ``playground``. No widgets and no pictures here: ``nnlib.explore`` draws them."""
from . import playground, points
from .playground import Playground, compute
from .points import make_data, plane_points

__all__ = ["Playground", "compute", "make_data", "plane_points", "playground", "points"]
