"""Activation functions and their derivatives (lesson 02).

Each function maps the weighted input ``z`` (any shape) to the activation,
elementwise, except ``softmax`` and ``log_softmax``, which work along the last
axis. ``get(name)`` returns an :class:`Activation` object with ``__call__(z)``,
``derivative(z)`` and ``backward(z, grad_out)``, which is what layers use.

    >>> get('relu').derivative(np.array([-1.0, 2.0]))
    array([0., 1.])
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ._checks import one_of


def step(z: np.ndarray) -> np.ndarray:
    """1 where z > 0, else 0: the perceptron's all-or-nothing output."""
    z = np.asarray(z)
    return (z > 0).astype(np.result_type(z, np.float32), copy=False)


def linear(z: np.ndarray) -> np.ndarray:
    """The identity: what a layer outputs with no activation."""
    return np.asarray(z)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), computed without overflow for large |z|."""
    z = np.asarray(z)
    e = np.exp(-np.abs(z))  # never overflows: exponent <= 0
    result = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return result.astype(np.result_type(z, np.float32), copy=False)


def tanh(z: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent, range (-1, 1)."""
    return np.tanh(z)


def relu(z: np.ndarray) -> np.ndarray:
    """max(0, z)."""
    z = np.asarray(z)
    return np.maximum(z, 0).astype(np.result_type(z, np.float32), copy=False)


def leaky_relu(z: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    """z for z > 0, alpha * z otherwise (a small slope keeps the gradient alive)."""
    z = np.asarray(z)
    return np.where(z > 0, z, alpha * z).astype(np.result_type(z, np.float32), copy=False)


def elu(z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """z for z > 0, alpha * (e^z - 1) otherwise."""
    z = np.asarray(z)
    negative = alpha * np.expm1(np.minimum(z, 0))  # minimum: no overflow on the unused side
    return np.where(z > 0, z, negative).astype(np.result_type(z, np.float32), copy=False)


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """e^z / sum(e^z) along ``axis``; shifting by the max keeps every exponent <= 0."""
    z = np.asarray(z)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """log(softmax(z)) without ever taking the log of a rounded-off 0."""
    z = np.asarray(z)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


class Activation:
    """An activation with its derivative; ``backward`` applies the chain rule."""

    def __init__(self, name: str, function: Callable, derivative: Callable) -> None:
        self.name = name
        self._function = function
        self._derivative = derivative

    def __call__(self, z: np.ndarray) -> np.ndarray:
        return self._function(z)

    def derivative(self, z: np.ndarray) -> np.ndarray:
        """d activation / dz, elementwise, same shape as z."""
        return self._derivative(np.asarray(z))

    def backward(self, z: np.ndarray, grad_out: np.ndarray) -> np.ndarray:
        """dL/dz from dL/d(activation): elementwise, grad_out * f'(z)."""
        return grad_out * self.derivative(z)

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


class _Linear(Activation):
    """The identity: its backward pass hands the gradient straight through."""

    def backward(self, z: np.ndarray, grad_out: np.ndarray) -> np.ndarray:
        return grad_out


class Softmax(Activation):
    """Softmax along the last axis: not elementwise, so its derivative is a Jacobian."""

    def __init__(self) -> None:
        super().__init__("softmax", softmax, None)

    def derivative(self, z: np.ndarray) -> np.ndarray:
        """The Jacobian per row: shape (n, k, k) for z of shape (n, k), diag(p) - p p^T."""
        p = softmax(np.atleast_2d(z))
        return p[:, :, None] * np.eye(p.shape[-1]) - p[:, :, None] * p[:, None, :]

    def backward(self, z: np.ndarray, grad_out: np.ndarray) -> np.ndarray:
        """J^T grad_out without building J: p * (g - sum(g * p))."""
        p = softmax(z)
        return p * (grad_out - np.sum(grad_out * p, axis=-1, keepdims=True))


def _sigmoid_derivative(z: np.ndarray) -> np.ndarray:
    s = sigmoid(z)
    return s * (1 - s)


_FUNCTIONS = {
    "step": (step, lambda z: np.zeros_like(z, dtype=np.result_type(z, np.float32))),
    "linear": (linear, lambda z: np.ones_like(z, dtype=np.result_type(z, np.float32))),
    "sigmoid": (sigmoid, _sigmoid_derivative),
    "tanh": (tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (relu, lambda z: (z > 0).astype(np.result_type(z, np.float32), copy=False)),
    "leaky_relu": (leaky_relu, lambda z: np.where(z > 0, 1.0, 0.01).astype(
        np.result_type(z, np.float32), copy=False)),
    "elu": (elu, lambda z: np.where(z > 0, 1.0, np.exp(np.minimum(z, 0))).astype(
        np.result_type(z, np.float32), copy=False)),
}
KNOWN = tuple(_FUNCTIONS) + ("softmax",)


def get(name: str | Activation | None) -> Activation:
    """The Activation called ``name`` ('relu', 'sigmoid', ...); None means 'linear'."""
    if isinstance(name, Activation):
        return name
    if name is None:
        name = "linear"
    key = one_of(name, "activation", KNOWN)
    if key == "softmax":
        return Softmax()
    function, derivative = _FUNCTIONS[key]
    return (_Linear if key == "linear" else Activation)(key, function, derivative)
