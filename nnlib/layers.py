"""Layers (lessons 03, 05, 06, 08): each one a forward pass and its backward pass.

The contract every layer keeps:

- ``forward(x, training=False)`` returns the output and caches what backward needs;
  ``layer(x)`` is the same in inference mode.
- ``backward(grad_out)`` takes dL/d(output) and returns dL/d(input), filling
  ``grads`` with the same keys as ``params``.

Shapes: ``x`` is ``(n_examples, n_in)``; a Dense layer's ``W`` is ``(n_in, units)``
and ``b`` is ``(units,)``.
"""
from __future__ import annotations

import numpy as np

from . import activations, initializers
from ._checks import number_in, positive_int, positive_number
from ._random import rng as _shared_rng


class Layer:
    """The base of every layer: parameters, their gradients, and the forward/backward pair."""

    def __init__(self, name: str | None = None, dtype: str | None = None) -> None:
        self.name = name or type(self).__name__.lower()
        self.dtype = np.dtype(dtype) if dtype is not None else None
        self.explicit_dtype = dtype is not None  # else the model's dtype applies
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.state: dict[str, np.ndarray] = {}  # saved with the model but not trained
        self.built = False
        self.n_in: int | None = None

    def build(self, n_in: int, rng: np.random.Generator | None = None) -> None:
        self.n_in = n_in
        self.built = True

    def _ensure_built(self, x: np.ndarray) -> None:
        if x.ndim != 2:
            raise ValueError(f"x: {self.name} expected a 2-D array (n_examples, n_features), "
                             f"got shape {x.shape}")
        if not self.built:
            if self.dtype is None:
                self.dtype = x.dtype if x.dtype in (np.float32, np.float64) else np.dtype("float32")
            self.build(x.shape[1])
        elif x.shape[1] != self.n_in:
            raise ValueError(f"x: {self.name} expected {self.n_in} features per example, "
                             f"got {x.shape[1]}")

    def output_dim(self, n_in: int) -> int:
        return n_in

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        """dL/d(input) from dL/d(output); fills ``grads``. A first layer may skip the
        input gradient (``need_input_grad=False``): nothing upstream uses it."""
        raise NotImplementedError

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(np.asarray(x), training=False)

    def count_params(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


class L2:
    """An L2 weight penalty, ``l2 * sum(W**2)``, added to the loss (Keras's ``L2``)."""

    def __init__(self, l2: float = 0.01) -> None:
        self.l2 = positive_number(l2, "l2", allow_zero=True)

    def penalty(self, W: np.ndarray) -> float:
        return float(self.l2 * np.sum(W * W))

    def gradient(self, W: np.ndarray) -> np.ndarray:
        return 2.0 * self.l2 * W


class Dense(Layer):
    """A fully connected layer: ``activation(x @ W + b)``.

    >>> layer = Dense(units=3, activation='relu')
    >>> layer(np.ones((5, 4))).shape
    (5, 3)
    """

    def __init__(self, units: int, activation: str | None = None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer: L2 | float | None = None, input_dim: int | None = None,
                 input_shape: tuple | None = None, name: str | None = None,
                 dtype: str | None = None) -> None:
        super().__init__(name, dtype)
        self.units = positive_int(units, "units")
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        if isinstance(kernel_regularizer, (int, float)):
            kernel_regularizer = L2(kernel_regularizer)
        self.kernel_regularizer = kernel_regularizer
        if input_shape is not None:
            input_dim = int(input_shape[-1])
        if input_dim is not None:
            self.build(positive_int(input_dim, "input_dim"))

    def build(self, n_in: int, rng: np.random.Generator | None = None) -> None:
        rng = rng or _shared_rng()
        dtype = self.dtype if self.dtype is not None else np.dtype("float32")
        self.dtype = dtype
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
            self.grads["b"] = grad_z.sum(axis=0)
        return grad_z @ self.params["W"].T if need_input_grad else None

    def penalty(self) -> float:
        """The regularization term this layer adds to the loss (0 without a regularizer)."""
        if self.kernel_regularizer is None or "W" not in self.params:
            return 0.0
        return self.kernel_regularizer.penalty(self.params["W"])


class Activation(Layer):
    """An activation on its own, as a layer: ``Activation('relu')``."""

    def __init__(self, activation: str, name: str | None = None) -> None:
        super().__init__(name)
        self.activation = activations.get(activation)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._ensure_built(x)
        self.z = x
        return self.activation(x)

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        return self.activation.backward(self.z, grad_out)


class Dropout(Layer):
    """Inverted dropout: in training, zero each unit with probability ``rate`` and
    scale the survivors by 1 / (1 - rate), so the expected activation equals the
    inference activation. At inference it does nothing. ``rate=1.0`` drops every
    unit (the network then learns nothing).
    """

    def __init__(self, rate: float, seed: int | None = None, name: str | None = None) -> None:
        super().__init__(name)
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


class BatchNormalization(Layer):
    """Normalize each unit over the batch, then scale by ``gamma`` and shift by ``beta``.

    Training uses the batch's mean and variance and updates moving averages;
    inference uses the moving averages (Keras's defaults: momentum 0.99, epsilon 1e-3).
    """

    def __init__(self, momentum: float = 0.99, epsilon: float = 1e-3,
                 name: str | None = None, dtype: str | None = None) -> None:
        super().__init__(name, dtype)
        self.momentum = number_in(momentum, "momentum", 0.0, 1.0)
        self.epsilon = positive_number(epsilon, "epsilon")

    def build(self, n_in: int, rng: np.random.Generator | None = None) -> None:
        dtype = self.dtype if self.dtype is not None else np.dtype("float32")
        self.params["gamma"] = np.ones(n_in, dtype=dtype)
        self.params["beta"] = np.zeros(n_in, dtype=dtype)
        self.state["moving_mean"] = np.zeros(n_in, dtype=dtype)
        self.state["moving_variance"] = np.ones(n_in, dtype=dtype)
        super().build(n_in)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._ensure_built(x)
        if training:
            mean, variance = x.mean(axis=0), x.var(axis=0)
            m = self.momentum
            self.state["moving_mean"] = m * self.state["moving_mean"] + (1 - m) * mean
            self.state["moving_variance"] = m * self.state["moving_variance"] + (1 - m) * variance
        else:
            mean, variance = self.state["moving_mean"], self.state["moving_variance"]
        self.training = training
        self.inv_std = 1.0 / np.sqrt(variance + self.epsilon)
        self.x_hat = (x - mean) * self.inv_std
        return self.params["gamma"] * self.x_hat + self.params["beta"]

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        self.grads["gamma"] = np.sum(grad_out * self.x_hat, axis=0)
        self.grads["beta"] = grad_out.sum(axis=0)
        grad_x_hat = grad_out * self.params["gamma"]
        if not self.training:  # fixed moving statistics: a plain elementwise scale
            return grad_x_hat * self.inv_std
        # the batch mean and variance depend on every example, hence the two correction terms
        return self.inv_std * (grad_x_hat - grad_x_hat.mean(axis=0)
                               - self.x_hat * np.mean(grad_x_hat * self.x_hat, axis=0))
