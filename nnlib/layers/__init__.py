"""Layers (lessons 03, 05, 06, 08, 12), one kind per module, all keeping one contract.

See :mod:`nnlib.layers.base` for the contract: ``forward``/``backward``/``grads``,
``get_config``, and the registry by class name that loading a model uses. Layers for
images and signals (``conv``, ``pooling``, ``reshaping``) take channels-last inputs.
"""
from ..regularizers import L1, L2
from .base import LAYER_CLASSES, Layer, example_shape, layer_class, shape_text
from .conv import Conv1D, Conv2D
from .core import Activation, Dense, Dropout
from .normalization import BatchNormalization
from .pooling import MaxPooling1D, MaxPooling2D
from .reshaping import Flatten

__all__ = ["LAYER_CLASSES", "L1", "L2", "Activation", "BatchNormalization", "Conv1D", "Conv2D",
           "Dense", "Dropout", "Flatten", "Layer", "MaxPooling1D", "MaxPooling2D",
           "example_shape", "layer_class", "shape_text"]
