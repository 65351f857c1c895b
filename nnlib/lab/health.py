"""How a playground's network is doing inside (lessons 06 and 07 meet the capstone).

:func:`health` gives, per Dense layer, the norm of the loss's gradient with respect to
its weights, the fraction of its units that are dead (derivative 0 on every training
point) and the fraction of (point, unit) pairs that are saturated (derivative below 1% of
the activation's peak). :func:`neuron` gives one unit's formula with its live numbers.
Neither changes the network: the gradients come from a pass of their own, in inference
mode (no dropout), on the data loss without the penalty term.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..layers import Dense

PEAK_DERIVATIVE = {"sigmoid": 0.25, "tanh": 1.0}
SATURATED = 0.01  # a derivative below 1% of the peak counts as saturated
SATURATED_UNIT = 0.9  # a unit saturated on 90% of the points is called saturated


def dense_layers(model) -> list[Dense]:
    return [layer for layer in model.layers if isinstance(layer, Dense)]


def passes(playground) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """For the training points: each Dense layer's input a, weighted input z, and the
    loss's gradient dL/dz (float64, no layer's state touched)."""
    a = playground.inputs_train.astype(np.float64)
    inputs, zs = [], []
    layers = dense_layers(playground.model)
    for layer in layers:
        inputs.append(a)
        zs.append(a @ layer.params["W"].astype(np.float64) + layer.params["b"])
        a = layer.activation(zs[-1])
    grad = playground.loss.gradient(playground.targets_train, a).astype(np.float64)
    grads_z: list[np.ndarray] = []
    for layer, z in zip(reversed(layers), reversed(zs)):
        grad_z = layer.activation.backward(z, grad)
        grads_z.insert(0, grad_z)
        grad = grad_z @ layer.params["W"].astype(np.float64).T
    return inputs, zs, grads_z


def _derivatives(layer: Dense, z: np.ndarray) -> np.ndarray:
    return np.asarray(layer.activation.derivative(z), dtype=float)


def health(playground) -> dict[str, Any]:
    """Per Dense layer (hidden layers, then the output): ``gradient_norm`` |dL/dW|;
    per hidden layer ``dead`` (a boolean per unit), ``dead_fraction`` and
    ``saturated_fraction`` (None for an activation that cannot saturate: ReLU, linear);
    ``ratio``: the first layer's gradient norm over the last's."""
    with np.errstate(all="ignore"):
        inputs, zs, grads_z = passes(playground)
        layers = dense_layers(playground.model)
        norms = [float(np.linalg.norm(a.T @ g)) for a, g in zip(inputs, grads_z)]
        dead, dead_fraction, saturated = [], [], []
        for layer, z in zip(layers[:-1], zs[:-1]):
            derivative = _derivatives(layer, z)
            peak = PEAK_DERIVATIVE.get(layer.activation.name, 1.0)
            dead.append(np.all(derivative == 0, axis=0))
            dead_fraction.append(float(np.mean(dead[-1])))
            saturates = layer.activation.name in PEAK_DERIVATIVE  # a ReLU never saturates
            saturated.append(float(np.mean(derivative < SATURATED * peak)) if saturates
                             else None)
    ratio = norms[0] / norms[-1] if len(norms) > 1 and norms[-1] > 0 else None
    return {"gradient_norm": norms, "dead": dead, "dead_fraction": dead_fraction,
            "saturated_fraction": saturated, "ratio": ratio}


def neurons(playground) -> list[tuple[int, int, str]]:
    """Every unit that can be inspected: (layer, unit, name), layers counted from 1 (the
    first hidden layer) to the output layer."""
    sizes = playground.layer_sizes
    named = []
    for layer in range(1, len(sizes)):
        for unit in range(sizes[layer]):
            where = "output" if layer == len(sizes) - 1 else f"layer {layer}"
            named.append((layer, unit, f"{where} · neuron {unit + 1}"))
    return named


def neuron(playground, layer: int, unit: int, point: int = 0) -> dict[str, Any]:
    """One unit's formula z = Σ wᵢaᵢ + b with the live numbers at training point
    ``point``, its activation a = f(z) and f'(z) there, the loss's gradient with respect to
    its bias and its weights (over all training points), and its status: ``dead`` (f' = 0
    everywhere), ``saturated`` (f' below 1% of its peak on 90% of the points) or
    ``alive``, with the fraction of points where it is active."""
    layers = dense_layers(playground.model)
    if not 1 <= layer <= len(layers) or not 0 <= unit < layers[layer - 1].units:
        raise ValueError(f"neuron: expected a layer 1 to {len(layers)} and a unit in it, got "
                         f"layer {layer}, unit {unit}")
    dense = layers[layer - 1]
    with np.errstate(all="ignore"):
        inputs, zs, grads_z = passes(playground)
        a_in, z, grad_z = inputs[layer - 1], zs[layer - 1][:, unit], grads_z[layer - 1][:, unit]
        derivative = _derivatives(dense, zs[layer - 1])[:, unit]
        activation = np.asarray(dense.activation(zs[layer - 1]))[:, unit]
    peak = PEAK_DERIVATIVE.get(dense.activation.name, 1.0)
    active = float(np.mean(derivative >= SATURATED * peak))
    hidden = layer < len(layers)
    if hidden and np.all(derivative == 0):
        status = "dead"
    elif hidden and dense.activation.name in PEAK_DERIVATIVE and active <= 1 - SATURATED_UNIT:
        status = "saturated"
    else:
        status = "alive"
    return {"layer": layer, "unit": unit, "activation": dense.activation.name,
            "weights": dense.params["W"][:, unit].astype(float).copy(),
            "bias": float(dense.params["b"][unit]), "point": point,
            "inputs": a_in[point].copy(), "z": float(z[point]), "a": float(activation[point]),
            "derivative": float(derivative[point]),
            "grad_bias": float(grad_z.sum()),
            "grad_weights": float(np.linalg.norm(a_in.T @ grad_z)),
            "active_fraction": active, "status": status}
