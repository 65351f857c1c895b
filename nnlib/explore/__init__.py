"""Explorers: the sliders and menus of every lesson.

``nnlib.explore.show(name)`` opens one; ``REGISTRY`` lists them all. Each lesson's
explorers live in their own module here (``activations``, ``neuron``, ...) and
register themselves on import.
"""
import importlib
import pkgutil

from ._core import REGISTRY, Control, Explorer, register
from ._widget import ExplorerWidget, figure_png, show

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")

from .prediction import Prediction, PredictionWidget, predict  # noqa: E402

__all__ = ["REGISTRY", "Control", "Explorer", "ExplorerWidget", "Prediction", "PredictionWidget",
           "figure_png", "predict", "register", "show"]
