"""Layers (lessons 03, 05, 06, 08, 12), one kind per module, all keeping one contract.

See :mod:`nnlib.layers.base` for the contract: ``forward``/``backward``/``grads``,
``get_config``, and the registry by class name that loading a model uses.
"""
from ..regularizers import L1, L2
from .base import LAYER_CLASSES, Layer, example_shape, layer_class, shape_text
from .core import Activation, Dense, Dropout
from .normalization import BatchNormalization

__all__ = ["LAYER_CLASSES", "L1", "L2", "Activation", "BatchNormalization", "Dense",
           "Dropout", "Layer", "example_shape", "layer_class", "shape_text"]
