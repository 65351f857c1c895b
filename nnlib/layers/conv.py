"""Convolutional layers (lesson 12): each unit looks at a window, and all windows share a kernel.

Channels last, as in Keras. ``Conv2D`` takes ``x`` of shape ``(n, height, width, channels)``,
keeps ``W`` of shape ``(kernel_h, kernel_w, channels_in, filters)`` and ``b`` of shape
``(filters,)``, and returns ``(n, out_h, out_w, filters)``. ``Conv1D`` takes ``(n, steps,
channels)``, keeps ``W`` of shape ``(kernel, channels_in, filters)`` and returns ``(n,
out_steps, filters)``. A signal is an image one row high, so both run the same code.

Both compute a cross-correlation, as Keras and PyTorch do (the kernel is not flipped):

    z[i, p, q, f] = b[f] + sum over u, v, c of  x_pad[i, p*s_h + u, q*s_w + v, c] * W[u, v, c, f]

Forward: cut the padded input into windows (``sliding_window_view``, no copy), lay every
window out as one row of a matrix (the one copy, known as im2col), and multiply by the
kernel flattened to ``(kernel_h * kernel_w * channels_in, filters)``: one matrix product for
the whole batch. Backward reads the same product the other way, then adds each window's
gradient back to the pixels the window came from.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .. import activations, initializers
from .._checks import _describe, one_of, positive_int
from .._random import rng as _shared_rng
from .base import ExampleShape, Layer

PADDINGS = ("valid", "same")
AXES = {1: ("steps",), 2: ("height", "width")}


def sizes(value, name: str, rank: int) -> tuple[int, ...]:
    """``value`` (an int, or ``rank`` ints) as a tuple of ``rank`` ints >= 1."""
    values = tuple(value) if isinstance(value, (tuple, list)) else (value,) * rank
    if len(values) != rank or not all(isinstance(v, (int, np.integer))
                                      and not isinstance(v, bool) for v in values):
        raise TypeError(f"{name}: expected an int >= 1 or a tuple of {rank} such ints, got "
                        f"{_describe(value)}")
    for v in values:
        positive_int(v, name)
    return tuple(int(v) for v in values)


def output_length(size: int, window: int, stride: int, padding: str) -> int:
    """Keras's output length on one axis: 'valid' floor((size - window) / stride) + 1,
    'same' ceil(size / stride)."""
    if padding == "same":
        return -(-size // stride)
    return (size - window) // stride + 1


def padding_for(size: int, window: int, stride: int, padding: str) -> tuple[int, int]:
    """(before, after): the zeros added on one axis. None for 'valid'; for 'same' the total
    max((out - 1) * stride + window - size, 0), the odd one after (bottom, right), as in
    TensorFlow."""
    if padding == "valid":
        return 0, 0
    total = max((output_length(size, window, stride, "same") - 1) * stride + window - size, 0)
    return total // 2, total - total // 2


def window_rows(x_padded: np.ndarray, window: tuple, strides: tuple, out: tuple,
                into: np.ndarray | None = None) -> np.ndarray:
    """Every window of ``x_padded`` (n, H, W, c) as a row: shape (n, out_h, out_w, kh * kw * c),
    each row ordered (u, v, c) like a kernel ``W[u, v, c, :]`` flattened. ``into``, an array
    of shape (n, out_h, out_w, kh, kw, c), receives the copy when given."""
    (kh, kw), (sh, sw), (out_h, out_w) = window, strides, out
    windows = sliding_window_view(x_padded, (kh, kw), axis=(1, 2))  # (n, H', W', c, kh, kw)
    windows = windows[:, :sh * out_h:sh, :sw * out_w:sw]             # a view: nothing copied
    n, c = len(x_padded), x_padded.shape[-1]
    windows = windows.transpose(0, 1, 2, 4, 5, 3)                    # (n, out_h, out_w, kh, kw, c)
    if into is None:
        into = np.empty(windows.shape, dtype=x_padded.dtype)
    np.copyto(into, windows)                                         # the one copy
    return into.reshape(n, out_h, out_w, kh * kw * c)


class _Windowed(Layer):
    """What convolution and pooling layers share: windows of ``rank`` spatial axes.

    Inputs are ``(n, *spatial, channels)``; a 1-D layer runs the 2-D code on an image one
    row high, so ``_window`` and ``_strides`` are always pairs.
    """

    rank = 2
    pad_value = 0.0

    def _set_window(self, window: tuple, strides: tuple, padding: str) -> None:
        self._window = (1,) * (2 - self.rank) + window
        self._strides = (1,) * (2 - self.rank) + strides
        self.padding = one_of(padding, "padding", PADDINGS)

    def _example(self, n_in: ExampleShape, what: str) -> tuple[int, ...]:
        """Check one example's shape (spatial..., channels) against the window."""
        axes = AXES[self.rank]
        if isinstance(n_in, int) or len(n_in) != self.rank + 1:
            raise ValueError(f"input_shape: {self.name} expects examples of shape "
                             f"({', '.join(axes)}, channels), got {n_in}")
        spatial = tuple(n_in[:-1])
        window = self._window[2 - self.rank:]
        if self.padding == "valid" and any(w > s for w, s in zip(window, spatial)):
            raise ValueError(f"{what}: {window} is larger than the input's {spatial} "
                             f"({', '.join(axes)}) with padding='valid'; use padding='same' or "
                             f"a smaller {what}")
        return tuple(int(d) for d in n_in)

    def _out(self, spatial: tuple) -> tuple[int, int]:
        spatial = (1,) * (2 - self.rank) + tuple(spatial)
        return tuple(output_length(size, w, s, self.padding)
                     for size, w, s in zip(spatial, self._window, self._strides))

    def _padded(self, x: np.ndarray) -> np.ndarray:
        """``x`` (n, *spatial, c) as an image (n, H, W, c), padded as ``padding`` says; keeps
        the padding, the padded shape and the output's (out_h, out_w) for the backward pass."""
        image = x if self.rank == 2 else x[:, None]  # (n, 1, steps, c): one row high
        self._pads = [padding_for(size, w, s, self.padding)
                      for size, w, s in zip(image.shape[1:3], self._window, self._strides)]
        (top, bottom), (left, right) = self._pads
        if top + bottom + left + right:  # the frame is filled once; only the inside changes
            n, height, width, c = image.shape
            padded = self._scratch("padded", (n, top + height + bottom, left + width + right, c),
                                   image.dtype, fill=self.pad_value)
            padded[:, top:top + height, left:left + width] = image
            image = padded
        self._padded_shape = image.shape
        self._out_hw = self._out(x.shape[1:-1])
        return image

    def _scratch(self, name: str, shape: tuple, dtype, fill: float | None = None) -> np.ndarray:
        """A work array kept from step to step (made again when the shape changes): a fresh
        array of megabytes costs the system a page fault per 4 kB, every step."""
        buffers = self.__dict__.setdefault("_buffers", {})
        array = buffers.get(name)
        if array is None or array.shape != shape or array.dtype != dtype:
            array = np.empty(shape, dtype) if fill is None else np.full(shape, fill, dtype)
            buffers[name] = array
        return array

    def _input_gradient(self, gradient_at: Callable[[int, int], np.ndarray],
                        dtype: np.dtype) -> np.ndarray:
        """dL/dx (n, *spatial, c), added up window position by window position.

        ``gradient_at(u, v)`` is the gradient (n, out_h, out_w, c) that reaches, from every
        output, the input pixel at place (u, v) of its window; that pixel is
        ``x_pad[:, p * s_h + u, q * s_w + v]`` for output (p, q).
        """
        (kh, kw), (sh, sw), (out_h, out_w) = self._window, self._strides, self._out_hw
        grad = np.zeros(self._padded_shape, dtype=dtype)
        for u in range(kh):
            for v in range(kw):
                grad[:, u:u + sh * out_h:sh, v:v + sw * out_w:sw] += gradient_at(u, v)
        return self._cropped(grad)

    def _cropped(self, grad_padded: np.ndarray) -> np.ndarray:
        """The gradient of the padded image (n, H, W, c) without the padding: dL/dx."""
        (top, bottom), (left, right) = self._pads
        grad = grad_padded[:, top:grad_padded.shape[1] - bottom,
                           left:grad_padded.shape[2] - right]
        return grad if self.rank == 2 else grad[:, 0]

    def _channels_out(self, channels_in: int) -> int:
        return channels_in  # pooling keeps the channels; a convolution has ``filters``

    def output_dim(self, n_in: ExampleShape) -> tuple:
        return self._out(n_in[:-1])[2 - self.rank:] + (self._channels_out(n_in[-1]),)


class _Convolution(_Windowed):
    """A convolution over ``rank`` spatial axes (Conv1D, Conv2D)."""

    def __init__(self, filters: int, kernel_size, strides=1, padding: str = "valid",
                 activation: str | None = None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 input_shape: tuple | None = None, name: str | None = None,
                 dtype: str | None = None) -> None:
        super().__init__(name, dtype)
        self.filters = positive_int(filters, "filters")
        self.kernel_size = sizes(kernel_size, "kernel_size", self.rank)
        self.strides = sizes(strides, "strides", self.rank)
        self._set_window(self.kernel_size, self.strides, padding)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer or "glorot_uniform")
        self.bias_initializer = initializers.get(bias_initializer or "zeros")
        if input_shape is not None:
            self.build(tuple(input_shape))

    def _channels_out(self, channels_in: int) -> int:
        return self.filters

    def build(self, n_in: ExampleShape, rng: np.random.Generator | None = None) -> None:
        n_in = self._example(n_in, "kernel_size")
        rng = rng or _shared_rng()
        dtype = self._floating_dtype()
        shape = self.kernel_size + (n_in[-1], self.filters)
        self.params["W"] = self.kernel_initializer(shape, rng).astype(dtype)
        if self.use_bias:
            self.params["b"] = np.asarray(self.bias_initializer((self.filters,), rng),
                                          dtype=dtype)
        super().build(n_in)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """x (n, *spatial, c_in) -> activation(z), z (n, *out_spatial, filters)."""
        self._ensure_built(x)
        image = self._padded(x)
        into = self._scratch("rows", (len(x),) + self._out_hw + self._window + x.shape[-1:],
                             image.dtype)
        self.rows = window_rows(image, self._window, self._strides, self._out_hw, into)
        rows = self.rows                                  # (n, out_h, out_w, K)
        kernel = self.params["W"].reshape(-1, self.filters)   # (K, filters), K = kh * kw * c_in
        weighted_input = rows.reshape(-1, kernel.shape[0]) @ kernel
        if self.use_bias:
            weighted_input += self.params["b"]
        out_shape = (len(x),) + self.output_dim(self.n_in)
        self.z = weighted_input.reshape(out_shape)
        return self.activation(self.z)

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        """grad_out (n, *out_spatial, filters) -> dL/dx (n, *spatial, c_in); fills grads."""
        grad_z = self.activation.backward(self.z, grad_out).reshape(-1, self.filters)
        kernel = self.params["W"].reshape(-1, self.filters)
        rows = self.rows.reshape(-1, kernel.shape[0])       # (n * out_h * out_w, K)
        self.grads["W"] = (rows.T @ grad_z).reshape(self.params["W"].shape)
        if self.use_bias:  # the sum over every output position, as a product: quicker
            self.grads["b"] = np.ones(len(grad_z), dtype=grad_z.dtype) @ grad_z
        if not need_input_grad:
            return None
        n, out_h, out_w, _ = self.rows.shape
        W = self.params["W"].reshape(self._window + self.params["W"].shape[-2:])
        W_back = np.ascontiguousarray(W.transpose(0, 1, 3, 2))  # (kh, kw, filters, c_in)
        dtype = np.result_type(self.rows, grad_z)
        product = self._scratch("product", (len(grad_z), W.shape[2]), dtype)

        def gradient_at(u: int, v: int) -> np.ndarray:  # each output reached x through W[u, v]
            return np.matmul(grad_z, W_back[u, v], out=product).reshape(n, out_h, out_w, -1)

        return self._input_gradient(gradient_at, dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": self.kernel_size, "strides": self.strides,
                "padding": self.padding, "activation": self.activation.name,
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.config_of(self.kernel_initializer),
                "bias_initializer": initializers.config_of(self.bias_initializer)}


class Conv2D(_Convolution):
    """A 2-D convolution: ``filters`` kernels of ``kernel_size``, each slid over the image.

    >>> layer = Conv2D(8, 3, activation='relu')
    >>> layer(np.ones((5, 8, 8, 1))).shape, layer.params['W'].shape
    ((5, 6, 6, 8), (3, 3, 1, 8))
    """

    rank = 2
    input_ndim = 4
    input_layout = "(n_examples, height, width, channels)"


class Conv1D(_Convolution):
    """A 1-D convolution over a signal: ``filters`` kernels of ``kernel_size`` steps.

    >>> Conv1D(4, 5)(np.ones((2, 100, 1))).shape
    (2, 96, 4)
    """

    rank = 1
    input_ndim = 3
    input_layout = "(n_examples, steps, channels)"
