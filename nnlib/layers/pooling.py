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
from numpy.lib.stride_tricks import sliding_window_view

from .base import ExampleShape, Layer
from .conv import _Windowed, sizes


def pool_cells(x_padded: np.ndarray, pool: tuple, strides: tuple, out: tuple) -> np.ndarray:
    """The cells of every pooling window of ``x_padded`` (n, H, W, c), one cell at a time:
    shape (pool_h * pool_w, n, out_h, out_w, c), where ``[u * pool_w + v]`` holds every
    window's cell (u, v)."""
    (sh, sw), (out_h, out_w) = strides, out
    windows = sliding_window_view(x_padded, pool, axis=(1, 2))  # (n, H', W', c, ph, pw)
    windows = windows[:, :sh * out_h:sh, :sw * out_w:sw]
    return windows.transpose(4, 5, 0, 1, 2, 3).reshape(-1, *windows.shape[:4])  # one copy


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
        cells = pool_cells(self._padded(x), self._window, self._strides, self._out_hw)
        largest = cells.max(axis=0)                    # (n, out_h, out_w, c)
        # which cell won each window: the first that holds the largest value, as argmax says
        # (a loop over the few cells is quicker than argmax across the first axis)
        self.winner = np.empty(largest.shape, dtype=np.intp)
        for cell in reversed(range(len(cells))):    # the last assignment, the first cell, wins
            self.winner[cells[cell] == largest] = cell
        return largest if self.rank == 2 else largest[:, 0]

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        """grad_out (n, *out_spatial, c) -> dL/dx (n, *spatial, c): each window's gradient
        goes to the pixel that won it, and nowhere else."""
        pool_w, (sh, sw) = self._window[1], self._strides
        example, p, q, channel = np.indices(self.winner.shape, sparse=True)
        row = p * sh + self.winner // pool_w    # where each winner sits in the padded image
        column = q * sw + self.winner % pool_w
        grad = np.zeros(self._padded_shape, dtype=grad_out.dtype)
        winners, grad_out = (example, row, column, channel), grad_out.reshape(self.winner.shape)
        if all(s >= w for s, w in zip(self._strides, self._window)):  # windows apart:
            # each pixel is in one window at most, so wins at most once
            grad[winners] = grad_out
        else:  # overlapping windows: a pixel may win several, so add up what it won
            np.add.at(grad, winners, grad_out)
        return self._cropped(grad)

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
