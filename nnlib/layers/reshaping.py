"""Flatten (lesson 12): from feature maps to the flat features a Dense layer reads.

Shapes: ``x`` of shape ``(n, d_1, ..., d_k)`` becomes ``(n, d_1 * ... * d_k)``, in C order
(channels last varies fastest), as Keras flattens; backward reshapes the gradient back.
"""
from __future__ import annotations

import numpy as np

from .base import ExampleShape, Layer


class Flatten(Layer):
    """Each example's array laid out as one row of features.

    >>> Flatten()(np.ones((5, 3, 3, 8))).shape
    (5, 72)
    """

    def output_dim(self, n_in: ExampleShape) -> int:
        return n_in if isinstance(n_in, int) else int(np.prod(n_in))

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._ensure_built(x)
        self.input_shape = x.shape
        return x.reshape(len(x), -1)

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        return grad_out.reshape(self.input_shape)
