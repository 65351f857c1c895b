"""Self-checks for lesson 03: the forward pass of one dense layer, then of a whole network.

The expected answers come from nnlib's own ``Dense`` and ``Sequential`` on seeded random
inputs and weights. When an answer is wrong, the checker also tries the usual slips (a
forgotten bias, a missing activation, ...) and names the one the answer matches.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations
from ..layers import Dense
from ..model import Sequential
from ._core import Case
from ._declare import checker, seeded_cases


def _reference_model(weights: list[np.ndarray], activation: str) -> Sequential:
    """nnlib's Sequential holding exactly these [W1, b1, W2, b2, ...] (float64)."""
    layers = [Dense(W.shape[1], activation=activation, input_dim=W.shape[0],
                    kernel_initializer="zeros", dtype="float64") for W in weights[::2]]
    model = Sequential(layers, dtype="float64")
    model.set_weights(weights)
    return model


def _random_weights(rng: np.random.Generator, sizes: list[int]) -> list[np.ndarray]:
    weights = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        weights += [rng.normal(0, 1.5, size=(n_in, n_out)), rng.normal(0, 1.0, size=n_out)]
    return weights


# ---- Exercise: one dense layer ------------------------------------------------------------
def _dense_cases() -> list[Case]:
    def make(rng, n_examples, n_in, units, name):
        A_in = rng.normal(size=(n_examples, n_in))
        W, b = _random_weights(rng, [n_in, units])
        expected = _reference_model([W, b], name).predict(A_in)
        return (A_in, W, b, getattr(activations, name)), expected

    return seeded_cases(3, (
        (1, 2, 3, "sigmoid", "one roast, the coffee network's hidden layer"),
        (5, 4, 3, "relu", "a batch of 5 examples, ReLU"),
        (6, 3, 2, "linear", "a batch of 6 examples, no activation (linear)")), make)


DENSE_MISTAKES = {
    "you left out the bias b (the weighted input is A_in @ W + b)":
        lambda A_in, W, b, g: g(A_in @ W),
    "you applied the activation before adding the bias: g(A_in @ W) + b":
        lambda A_in, W, b, g: g(A_in @ W) + b,
    "you returned the weighted input z without applying the activation":
        lambda A_in, W, b, g: A_in @ W + b,
}


@checker("my_dense_forward", _dense_cases, mistakes=DENSE_MISTAKES, hints={
    "type": "return the activations as a numpy array: activation(z).",
    "shape": "one row per example and one column per unit: A_in @ W has shape "
             "(m, units). Check the order of A_in and W in the product.",
    "values": "z = A_in @ W + b, then apply activation to z."})
def check_dense_forward(my_dense_forward: Callable) -> bool:
    """``my_dense_forward(A_in, W, b, activation)``: A_in (m, n_in), W (n_in, units),
    b (units,), activation a function such as ``nn.activations.sigmoid``; returns the
    layer's activations, (m, units)."""


# ---- Exercise: a whole network --------------------------------------------------------------
def _sequential_cases() -> list[Case]:
    def make(rng, n_examples, sizes):
        X = rng.normal(size=(n_examples, sizes[0]))
        weights = _random_weights(rng, sizes)
        return (X, weights), _reference_model(weights, "sigmoid").predict(X)

    return seeded_cases(5, ((4, [2, 3, 1], "the coffee network's shape, 2-3-1"),
                            (6, [3, 4, 4, 2], "two hidden layers, 3-4-4-2"),
                            (3, [5, 2], "a single layer")), make)


def _every_layer(X, weights, with_bias=True, last_activation=True):
    a = X
    for i in range(0, len(weights), 2):
        z = a @ weights[i] + (weights[i + 1] if with_bias else 0.0)
        last = i == len(weights) - 2
        a = activations.sigmoid(z) if (last_activation or not last) else z
    return a


SEQUENTIAL_MISTAKES = {
    "you left out the biases (each layer is sigmoid(a @ W + b))":
        lambda X, weights: _every_layer(X, weights, with_bias=False),
    "the output layer has no sigmoid: every layer, the last one too, applies it":
        lambda X, weights: _every_layer(X, weights, last_activation=False),
    "you stopped after the first layer: the loop must visit every (W, b) pair":
        lambda X, weights: activations.sigmoid(X @ weights[0] + weights[1]),
}


@checker("my_sequential", _sequential_cases, mistakes=SEQUENTIAL_MISTAKES, hints={
    "type": "return the last layer's activations as a numpy array.",
    "shape": "the output has one row per example and one column per unit of the last "
             "layer. Loop over the pairs: W = weights[i], b = weights[i + 1].",
    "values": "each layer computes a = sigmoid(a @ W + b) from the previous a, "
              "starting from a = X."})
def check_sequential(my_sequential: Callable) -> bool:
    """``my_sequential(X, weights)``: X (m, n_in); weights = [W1, b1, W2, b2, ...] in the
    order of ``model.get_weights()``; every layer is a sigmoid layer. Returns the last
    layer's activations, (m, units of the last layer)."""
