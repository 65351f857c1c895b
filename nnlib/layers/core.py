"""Dense, Activation and Dropout (lessons 03, 05, 08): each a forward pass and its backward.

Shapes: a Dense layer takes ``x`` of shape ``(n_examples, n_in)``; its ``W`` is
``(n_in, units)`` and ``b`` is ``(units,)``. Activation and Dropout take any shape.
"""
from __future__ import annotations

import numpy as np

from .. import activations, initializers, regularizers
from .._checks import number_in, positive_int
from .._random import rng as _shared_rng
from .base import Layer


class Dense(Layer):
    """A fully connected layer: ``activation(x @ W + b)``.

    >>> layer = Dense(units=3, activation='relu')
    >>> layer(np.ones((5, 4))).shape
    (5, 3)
    """

    input_ndim = 2
    input_layout = "(n_examples, n_features)"

    def __init__(self, units: int, activation: str | None = None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, input_dim: int | None = None,
                 input_shape: tuple | None = None, name: str | None = None,
                 dtype: str | None = None) -> None:
        super().__init__(name, dtype)
        self.units = positive_int(units, "units")
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer or "glorot_uniform")
        self.bias_initializer = initializers.get(bias_initializer or "zeros")
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        if input_shape is not None:
            input_dim = int(input_shape[-1])
        if input_dim is not None:
            self.build(positive_int(input_dim, "input_dim"))

    def build(self, n_in: int, rng: np.random.Generator | None = None) -> None:
        rng = rng or _shared_rng()
        dtype = self._floating_dtype()
        self.params["W"] = self.kernel_initializer((n_in, self.units), rng).astype(dtype)
        if self.use_bias:
            self.params["b"] = np.asarray(self.bias_initializer((self.units,), rng), dtype=dtype)
        super().build(n_in)

    def output_dim(self, n_in: int) -> int:
        return self.units

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._ensure_built(x)
        self.x = x
        weighted_input = x @ self.params["W"]
        if self.use_bias:
            weighted_input += self.params["b"]
        self.z = weighted_input
        return self.activation(weighted_input)

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        grad_z = self.activation.backward(self.z, grad_out)  # dL/dz = dL/da * f'(z)
        self.grads["W"] = self.x.T @ grad_z
        if self.kernel_regularizer is not None:
            self.grads["W"] += self.kernel_regularizer.gradient(self.params["W"])
        if self.use_bias:
            self.grads["b"] = np.add.reduce(grad_z, axis=0)  # grad_z.sum(axis=0)
        return grad_z @ self.params["W"].T if need_input_grad else None

    def penalty(self) -> float:
        if self.kernel_regularizer is None or "W" not in self.params:
            return 0.0
        return self.kernel_regularizer.penalty(self.params["W"])

    def get_config(self) -> dict:
        return {**super().get_config(), "units": self.units,
                "activation": self.activation.name, "use_bias": self.use_bias,
                "kernel_initializer": initializers.config_of(self.kernel_initializer),
                "bias_initializer": initializers.config_of(self.bias_initializer),
                "kernel_regularizer": regularizers.config_of(self.kernel_regularizer)}


class Activation(Layer):
    """An activation on its own, as a layer: ``Activation('relu')``."""

    def __init__(self, activation: str, name: str | None = None,
                 dtype: str | None = None) -> None:
        super().__init__(name, dtype)
        self.activation = activations.get(activation)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._ensure_built(x)
        self.z = x
        return self.activation(x)

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        return self.activation.backward(self.z, grad_out)

    def get_config(self) -> dict:
        return {**super().get_config(), "activation": self.activation.name}


class Dropout(Layer):
    """Inverted dropout: in training, zero each unit with probability ``rate`` and
    scale the survivors by 1 / (1 - rate), so the expected activation equals the
    inference activation. At inference it does nothing. ``rate=1.0`` drops every
    unit (the network then learns nothing).
    """

    def __init__(self, rate: float, seed: int | None = None, name: str | None = None,
                 dtype: str | None = None) -> None:
        super().__init__(name, dtype)
        self.rate = number_in(rate, "rate", 0.0, 1.0)
        self.seed = seed
        self._rng = np.random.default_rng(seed) if seed is not None else None
        self.mask: np.ndarray | None = None

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._ensure_built(x)
        if not training or self.rate == 0.0:
            self.mask = None
            return x
        if self.rate == 1.0:
            self.mask = np.zeros_like(x)
            return np.zeros_like(x)
        rng = self._rng or _shared_rng()
        keep = rng.random(x.shape, dtype=np.float32) >= self.rate
        self.mask = keep.astype(x.dtype) * x.dtype.type(1.0 / (1.0 - self.rate))
        return x * self.mask

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        return grad_out if self.mask is None else grad_out * self.mask

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
