"""Max pooling (lesson 12): each window of a feature map is replaced by its largest value.

Channels last, as in Keras: ``MaxPooling2D`` takes ``x`` of shape ``(n, height, width,
channels)`` and returns ``(n, out_h, out_w, channels)``, each channel pooled on its own;
``MaxPooling1D`` takes ``(n, steps, channels)``. The windows are ``pool_size`` wide and
``strides`` apart (``pool_size`` when not given, so they do not overlap). With
``padding='same'`` the padded cells never win: they hold -inf.

Backward: only the winner of each window moved the output, so each window's gradient goes
to its winner and nowhere else (where windows overlap, a pixel collects from each window
it won).
"""
from __future__ import annotations

import numpy as np

from .base import ExampleShape, Layer
from .conv import _Windowed, sizes


class _MaxPooling(_Windowed):
    """Max pooling over ``rank`` spatial axes (MaxPooling1D, MaxPooling2D)."""

    pad_value = -np.inf

    def __init__(self, pool_size=2, strides=None, padding: str = "valid",
                 name: str | None = None, dtype: str | None = None) -> None:
        super().__init__(name, dtype)
        self.pool_size = sizes(pool_size, "pool_size", self.rank)
        self.strides = self.pool_size if strides is None else sizes(strides, "strides",
                                                                    self.rank)
        self._set_window(self.pool_size, self.strides, padding)

    def build(self, n_in: ExampleShape, rng: np.random.Generator | None = None) -> None:
        Layer.build(self, self._example(n_in, "pool_size"))

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """x (n, *spatial, c) -> (n, *out_spatial, c), the largest value of each window."""
        self._ensure_built(x)
        rows = self._windows(x)                         # (n, out_h, out_w, pool_h * pool_w * c)
        n, out_h, out_w, _ = rows.shape
        windows = rows.reshape(n, out_h, out_w, -1, x.shape[-1])  # (..., pool cells, c)
        self.winner = windows.argmax(axis=3)[:, :, :, None]       # which cell won, per channel
        self.rows_shape = rows.shape
        output = np.take_along_axis(windows, self.winner, axis=3)[:, :, :, 0]
        return output if self.rank == 2 else output[:, 0]

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        """grad_out (n, *out_spatial, c) -> dL/dx (n, *spatial, c): each window's gradient
        goes to the cell that won it."""
        n, out_h, out_w, _ = self.rows_shape
        grad_image = grad_out.reshape(n, out_h, out_w, 1, -1)
        grad_windows = np.zeros((n, out_h, out_w, self.rows_shape[-1] // grad_image.shape[-1],
                                 grad_image.shape[-1]), dtype=grad_out.dtype)
        np.put_along_axis(grad_windows, self.winner, grad_image, axis=3)
        return self._input_gradient(grad_windows.reshape(self.rows_shape))

    def get_config(self) -> dict:
        return {**super().get_config(), "pool_size": self.pool_size, "strides": self.strides,
                "padding": self.padding}


class MaxPooling2D(_MaxPooling):
    """The largest value in each ``pool_size`` window of every channel.

    >>> MaxPooling2D(2)(np.ones((5, 6, 6, 8))).shape
    (5, 3, 3, 8)
    """

    rank = 2
    input_ndim = 4
    input_layout = "(n_examples, height, width, channels)"


class MaxPooling1D(_MaxPooling):
    """The largest value in each ``pool_size`` stretch of every channel of a signal.

    >>> MaxPooling1D(4)(np.ones((2, 96, 4))).shape
    (2, 24, 4)
    """

    rank = 1
    input_ndim = 3
    input_layout = "(n_examples, steps, channels)"
