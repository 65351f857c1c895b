"""Self-checks for lesson 04: the mean squared error, and cross-entropy's gradient.

The expected answers come from nnlib's losses (``MeanSquaredError`` and
``BinaryCrossentropy(from_logits=True)``) on seeded random inputs.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations
from ..losses import BinaryCrossentropy, MeanSquaredError
from ._core import Case, check_function


# ---- Exercise: mean squared error -----------------------------------------------------------
def _mse_cases() -> list[Case]:
    rng = np.random.default_rng(11)
    cases = []
    for n, label in ((1, "a single example"), (8, "8 examples"), (50, "50 examples")):
        y_true = rng.normal(size=n)
        y_pred = y_true + rng.normal(0.0, 0.8, size=n)
        cases.append(Case((y_true, y_pred), MeanSquaredError()(y_true, y_pred), label))
    y_true, y_pred = rng.integers(0, 2, size=(6, 1)).astype(float), rng.random((6, 1))
    cases.append(Case((y_true, y_pred), MeanSquaredError()(y_true, y_pred),
                      "6 examples in a column, shape (6, 1)"))
    return cases


MSE_MISTAKES = {
    "you summed the squared errors: the mean divides the sum by the number of examples":
        lambda y_true, y_pred: np.sum((y_pred - y_true) ** 2),
    "you took the mean of |error| without squaring it":
        lambda y_true, y_pred: np.mean(np.abs(y_pred - y_true)),
    "you halved it: nnlib (like Keras) uses mean(error^2), without the 1/2":
        lambda y_true, y_pred: 0.5 * np.mean((y_pred - y_true) ** 2),
    "you took the square root (that is the RMSE, not the MSE)":
        lambda y_true, y_pred: np.sqrt(np.mean((y_pred - y_true) ** 2)),
}


def check_mse(my_mse: Callable) -> bool:
    """``my_mse(y_true, y_pred)``: two arrays of the same shape; returns one number, the
    mean over every example of (y_pred - y_true)^2."""
    cases = _mse_cases()
    return check_function(my_mse, cases, "my_mse", hints={
        "type": "return one number, the mean: np.mean(...) gives it.",
        "shape": "return a single number, not one per example: take the mean of the squared "
                 "errors.",
        "values": "square each error y_pred - y_true, then average over the examples."},
                          mistakes=list(MSE_MISTAKES.items()))


# ---- Exercise: cross-entropy's gradient with respect to the weighted input ----------------
def _bce_cases() -> list[Case]:
    rng = np.random.default_rng(12)
    cases = []
    for n, scale, label in ((1, 3.0, "one example"), (10, 2.0, "10 examples"),
                            (40, 6.0, "40 examples, some confidently wrong")):
        y_true = rng.integers(0, 2, size=n).astype(float)
        z = rng.normal(0.0, scale, size=n)
        expected = BinaryCrossentropy(from_logits=True).gradient(y_true, z)
        cases.append(Case((y_true, z), expected, label))
    return cases


BCE_MISTAKES = {
    "you left out the division by n: the loss is a mean over the examples, so is its "
    "gradient":
        lambda y_true, z: activations.sigmoid(z) - y_true,
    "the sign is flipped: it is (p - y) / n, pointing uphill, as every gradient does":
        lambda y_true, z: (y_true - activations.sigmoid(z)) / len(z),
    "you used z itself where the prediction p = sigmoid(z) belongs":
        lambda y_true, z: (z - y_true) / len(z),
    "that is mean squared error's gradient, 2 (p - y) p (1 - p) / n, not cross-entropy's":
        lambda y_true, z: (2 * (activations.sigmoid(z) - y_true) * activations.sigmoid(z)
                           * (1 - activations.sigmoid(z)) / len(z)),
}


def check_bce_gradient(my_bce_gradient: Callable) -> bool:
    """``my_bce_gradient(y_true, z)``: targets y_true (n,) of 0s and 1s and weighted inputs
    z (n,); returns d(mean binary cross-entropy of sigmoid(z))/dz, shape (n,)."""
    cases = _bce_cases()
    return check_function(my_bce_gradient, cases, "my_bce_gradient", hints={
        "type": "return a numpy array with one gradient per example.",
        "shape": "one number per example: the result has the shape of z.",
        "values": "p = sigmoid(z); the gradient of the mean loss is (p - y_true) / n."},
                          mistakes=list(BCE_MISTAKES.items()))
