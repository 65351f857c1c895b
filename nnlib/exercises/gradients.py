"""Self-checks for lesson 06: the product of factors behind a vanishing gradient, and clipping.

Expected answers come from nnlib itself: backpropagation through a chain of one-unit
Dense layers, and the clipping inside nnlib's optimizers.
"""
from __future__ import annotations

import numpy as np

from ..layers import Dense
from ..model import Sequential
from ..optimizers import SGD
from ._core import Case
from ._declare import checker


def chain_network(weights: np.ndarray, biases: np.ndarray) -> Sequential:
    """A chain of one-neuron sigmoid layers, a_j = sigmoid(w_j a_(j-1) + b_j), in float64.

    weights, biases: shape (L,), one per layer, first layer first.
    """
    model = Sequential(dtype="float64")
    for w, b in zip(np.asarray(weights, dtype=float), np.asarray(biases, dtype=float)):
        layer = Dense(1, "sigmoid", dtype="float64")
        layer.build(1, np.random.default_rng(0))  # overwritten below; leaves the shared draw alone
        layer.params["W"][...] = w
        layer.params["b"][...] = b
        model.add(layer)
    return model


def chain_gradients(weights: np.ndarray, biases: np.ndarray, x: float) -> np.ndarray:
    """d a_L / d b_j for every layer j of the chain, by nnlib's backpropagation: shape (L,)."""
    model = chain_network(weights, biases)
    model.forward(np.array([[float(x)]]), training=True)
    model.backward(np.ones((1, 1)))  # start from d a_L / d a_L = 1
    return np.array([layer.grads["b"][0] for layer in model.layers])


def _chain_cases() -> list[Case]:
    rng = np.random.default_rng(6)
    cases = [([1.5], [0.2], 0.7, "one layer: just sigmoid'(z_1)"),
             (rng.normal(0, 1, 3), rng.normal(0, 1, 3), 0.5, "three layers, weights N(0, 1)"),
             (rng.normal(0, 1, 6), rng.normal(0, 1, 6), -1.0, "six layers"),
             ([4.0, -8.0, 6.0, 5.0], [-2.0, 3.0, -0.5, -3.0], 0.5, "large weights")]
    return [Case((np.array(w, dtype=float), np.array(b, dtype=float), x),
                 chain_gradients(w, b, x), description)
            for w, b, x, description in cases]


@checker("my_chain_gradients", _chain_cases, rtol=1e-6, atol=1e-12, hints={
    "shape": "one number per layer: an array of shape (L,), first layer first.",
    "values": "d a_L / d b_j = sigmoid'(z_j) * w_(j+1) sigmoid'(z_(j+1)) * ... * "
              "w_L sigmoid'(z_L): a derivative sigmoid'(z) = sigmoid(z)(1 - "
              "sigmoid(z)) for layer j and every layer after it, and the weights "
              "of the layers after j only (not w_j)."})
def check_chain_gradients(learner) -> bool:
    """Check ``my_chain_gradients(weights, biases, x)`` -> d a_L / d b_j for every j, shape (L,)."""


def clip_by_norm(grad: np.ndarray, max_norm: float) -> np.ndarray:
    """``grad`` rescaled to length ``max_norm`` if it is longer, as nnlib's optimizers do with
    ``clipnorm``; any shape, the norm taken over every element."""
    param = np.zeros_like(np.asarray(grad, dtype=float))
    SGD(learning_rate=1.0, clipnorm=max_norm).step([param], [grad])  # param = -clipped grad
    return -param


def _clip_cases() -> list[Case]:
    rng = np.random.default_rng(16)
    cases = [(np.array([3.0, 4.0]), 1.0, "length 5, clipped to 1"),
             (np.array([0.3, -0.4]), 1.0, "length 0.5: left alone"),
             (rng.normal(0, 10, (3, 4)), 2.0, "a weight matrix: one norm over every element"),
             (np.array([50.0, 0.1, -0.2]), 5.0, "one large entry: the direction must not change")]
    return [Case((grad, max_norm), clip_by_norm(grad, max_norm), description)
            for grad, max_norm, description in cases]


@checker("my_clip_by_norm", _clip_cases, rtol=1e-9, atol=1e-12, hints={
    "shape": "return an array shaped like grad.",
    "values": "take one norm over every element, sqrt(sum(grad**2)); if it is above "
              "max_norm, multiply the whole array by max_norm / norm, else return "
              "grad unchanged. Clipping each entry separately (that is clipvalue) "
              "turns the gradient's direction."})
def check_clip_gradient_norm(learner) -> bool:
    """Check ``my_clip_by_norm(grad, max_norm)`` -> grad, rescaled if its norm > max_norm."""
