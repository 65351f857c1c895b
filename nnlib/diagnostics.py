"""Looking inside a network (lessons 06 and 07): gradient norms, activation
statistics, and how many units are dead or saturated.

All functions take a built ``Sequential`` and data; they read the cached weighted
inputs ``z`` that each Dense layer keeps from its last forward pass.
"""
from __future__ import annotations

import numpy as np

from .layers import Dense

_PEAK_DERIVATIVE = {"sigmoid": 0.25, "tanh": 1.0}


def dense_layers(model) -> list[Dense]:
    """The model's Dense layers, in order."""
    return [layer for layer in model.layers if isinstance(layer, Dense)]


def gradient_norms(model, x: np.ndarray, y: np.ndarray, param: str = "W") -> np.ndarray:
    """The L2 norm of dC/d``param`` ('W' or 'b') for every Dense layer, first to last,
    for the compiled loss C averaged over the examples ``x, y``. Weights are unchanged.
    """
    x = model._inputs(x)
    y = model._targets(x, y)
    output = model.forward(x, training=True)
    model.backward(model.loss.gradient(y, output))
    return np.array([np.linalg.norm(layer.grads[param]) for layer in dense_layers(model)])


def weighted_inputs(model, x: np.ndarray) -> list[np.ndarray]:
    """z = x W + b of every Dense layer for the examples ``x`` (inference mode)."""
    model(x)
    return [layer.z for layer in dense_layers(model)]


def activation_stats(model, x: np.ndarray) -> list[dict]:
    """Per Dense layer: the mean and standard deviation of its activations over ``x``."""
    stats = []
    for layer, z in zip(dense_layers(model), weighted_inputs(model, x)):
        a = layer.activation(z)
        stats.append({"name": layer.name, "mean": float(a.mean()), "std": float(a.std()),
                      "z_std": float(z.std())})
    return stats


def dead_units(model, x: np.ndarray) -> list[np.ndarray]:
    """Per hidden Dense layer, a boolean per unit: True if its activation's derivative is 0
    for every example in ``x`` (a ReLU whose weighted input is never positive).
    """
    hidden = dense_layers(model)[:-1]
    masks = []
    for layer, z in zip(hidden, weighted_inputs(model, x)):
        masks.append(np.all(layer.activation.derivative(z) == 0, axis=0))
    return masks


def dead_fraction(model, x: np.ndarray) -> float:
    """The fraction of all hidden units that are dead on ``x`` (0 to 1)."""
    masks = dead_units(model, x)
    total = sum(mask.size for mask in masks)
    return float(sum(mask.sum() for mask in masks) / total) if total else 0.0


def saturated_fraction(model, x: np.ndarray, threshold: float = 0.01) -> list[float]:
    """Per hidden Dense layer, the fraction of (example, unit) pairs whose derivative is below
    ``threshold`` times the activation's peak derivative (sigmoid 0.25, tanh 1, others 1).
    """
    fractions = []
    hidden = dense_layers(model)[:-1]
    for layer, z in zip(hidden, weighted_inputs(model, x)):
        peak = _PEAK_DERIVATIVE.get(layer.activation.name, 1.0)
        fractions.append(float(np.mean(layer.activation.derivative(z) < threshold * peak)))
    return fractions
