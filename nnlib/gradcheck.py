"""Gradient checking (lesson 05): compare backpropagation with finite differences.

The centred difference (f(x + h) - f(x - h)) / 2h has an error of order h^2, so
in float64 with h = 1e-6 it agrees with a correct analytic gradient to about
1e-8 relative error; a bug shows up as 1e-2 or worse.
"""
from __future__ import annotations

from typing import Callable

import numpy as np


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """d f() / d x by centred differences, perturbing ``x`` in place one entry at a time.

    ``f`` takes no arguments and reads ``x``; ``x`` is restored afterwards.
    """
    grad = np.zeros_like(x, dtype=np.float64)
    flat_x, flat_grad = x.reshape(-1), grad.reshape(-1)
    for i in range(flat_x.size):
        original = flat_x[i]
        flat_x[i] = original + h
        f_plus = f()
        flat_x[i] = original - h
        f_minus = f()
        flat_x[i] = original
        flat_grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(analytic: np.ndarray, numerical: np.ndarray) -> float:
    """||a - n|| / (||a|| + ||n||): 0 when the two agree, 1 when one of them is 0.

    Norms over the whole array, so entries that are almost 0 (where rounding in the
    finite difference dominates) do not swamp the comparison.
    """
    analytic, numerical = np.asarray(analytic, float), np.asarray(numerical, float)
    scale = np.linalg.norm(analytic) + np.linalg.norm(numerical)
    return float(np.linalg.norm(analytic - numerical) / scale) if scale > 0 else 0.0


def check_layer(layer, x: np.ndarray, training: bool = False, seed: int = 0,
                h: float = 1e-6) -> dict[str, float]:
    """Relative errors of ``layer.backward`` against finite differences, per parameter and
    for the input (key ``'x'``), for the scalar loss sum(output * R) with a fixed random R.

    Use float64 inputs and a float64 layer. A layer that draws randomness in training
    (Dropout) must draw the same mask on every call: give it a fixed ``seed``.
    """
    x = np.array(x, dtype=np.float64)
    output = layer.forward(x, training=training)
    weights = np.random.default_rng(seed).normal(size=output.shape)

    def loss() -> float:
        _reseed(layer, seed)
        return float(np.sum(layer.forward(x, training=training) * weights))

    _reseed(layer, seed)
    layer.forward(x, training=training)
    grad_x = layer.backward(weights)
    analytic = {"x": grad_x, **{key: layer.grads[key].copy() for key in layer.params}}
    errors = {"x": relative_error(analytic["x"], numerical_gradient(loss, x, h))}
    for key, param in layer.params.items():
        errors[key] = relative_error(analytic[key], numerical_gradient(loss, param, h))
    return errors


def _reseed(layer, seed: int) -> None:
    if getattr(layer, "_rng", None) is not None:
        layer._rng = np.random.default_rng(seed)
