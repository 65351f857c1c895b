"""Self-checks for lesson 04: the mean squared error, cross-entropy's gradient, and one step
of gradient descent.

The expected answers come from nnlib's losses (``MeanSquaredError`` and
``BinaryCrossentropy(from_logits=True)``) and its ``SGD`` optimizer on seeded random inputs.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations
from ..losses import BinaryCrossentropy, MeanSquaredError
from ..optimizers import SGD
from ._core import Case
from ._declare import checker, seeded_cases


# ---- Exercise: mean squared error -----------------------------------------------------------
def _mse_cases() -> list[Case]:
    def make(rng, shape):
        if shape == "column":  # 0/1 targets and predictions in [0, 1), shape (6, 1)
            y_true, y_pred = rng.integers(0, 2, size=(6, 1)).astype(float), rng.random((6, 1))
        else:
            y_true = rng.normal(size=shape)
            y_pred = y_true + rng.normal(0.0, 0.8, size=shape)
        return (y_true, y_pred), MeanSquaredError()(y_true, y_pred)

    # a single example comes after the others: there the RMSE |error| equals mean |error|
    return seeded_cases(11, ((8, "8 examples"), (1, "a single example"),
                             (50, "50 examples"),
                             ("column", "6 examples in a column, shape (6, 1)")), make)


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


@checker("my_mse", _mse_cases, mistakes=MSE_MISTAKES, hints={
    "type": "return one number, the mean: np.mean(...) gives it.",
    "shape": "return a single number, not one per example: take the mean of the squared "
             "errors.",
    "values": "square each error y_pred - y_true, then average over the examples."})
def check_mse(my_mse: Callable) -> bool:
    """``my_mse(y_true, y_pred)``: two arrays of the same shape; returns one number, the
    mean over every example of (y_pred - y_true)^2."""


# ---- Exercise: cross-entropy's gradient with respect to the weighted input ----------------
def _bce_cases() -> list[Case]:
    def make(rng, n, scale):
        y_true = rng.integers(0, 2, size=n).astype(float)
        z = rng.normal(0.0, scale, size=n)
        return (y_true, z), BinaryCrossentropy(from_logits=True).gradient(y_true, z)

    return seeded_cases(12, ((1, 3.0, "one example"), (10, 2.0, "10 examples"),
                             (40, 6.0, "40 examples, some confidently wrong")), make)


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


@checker("my_bce_gradient", _bce_cases, mistakes=BCE_MISTAKES, hints={
    "type": "return a numpy array with one gradient per example.",
    "shape": "one number per example: the result has the shape of z.",
    "values": "p = sigmoid(z); the gradient of the mean loss is (p - y_true) / n."})
def check_bce_gradient(my_bce_gradient: Callable) -> bool:
    """``my_bce_gradient(y_true, z)``: targets y_true (n,) of 0s and 1s and weighted inputs
    z (n,); returns d(mean binary cross-entropy of sigmoid(z))/dz, shape (n,)."""


# ---- Exercise: one step of gradient descent ------------------------------------------------
def _linear_mse_gradient(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(dJ/dw, dJ/db) of J = mean((w x + b - y)^2), from nnlib's MSE and the chain rule."""
    w, b = params
    dJ_dprediction = MeanSquaredError().gradient(y, w * x + b)  # (m,): 2 (pred - y) / m
    return np.array([np.sum(dJ_dprediction * x), np.sum(dJ_dprediction)])


def _reference_step(params: np.ndarray, x: np.ndarray, y: np.ndarray,
                    learning_rate: float) -> np.ndarray:
    new = [np.array(params, dtype=float)]
    SGD(learning_rate=learning_rate).step(new, [_linear_mse_gradient(params, x, y)])
    return new[0]


def _step_cases() -> list[Case]:
    def make(rng, m, rate):
        x = rng.uniform(-1.0, 3.0, size=m)
        y = (rng.random(m) < 0.5).astype(float)
        params = rng.normal(0.0, 2.0, size=2)
        return (params, x, y, rate), _reference_step(params, x, y, rate)

    return seeded_cases(13, ((5, 0.1, "5 examples, learning rate 0.1"),
                             (40, 0.3, "40 examples, learning rate 0.3"),
                             (1, 0.02, "one example, learning rate 0.02")), make)


def _one_at_a_time(params, x, y, rate):
    """w first, then b's gradient taken at the new w: not a step of gradient descent."""
    w, b = params
    w = w - rate * 2 * np.mean((w * x + b - y) * x)
    b = b - rate * 2 * np.mean(w * x + b - y)
    return np.array([w, b])


STEP_MISTAKES = {
    "the sign is flipped: the gradient points uphill, so the step subtracts it, "
    "params - learning_rate * gradient":
        lambda params, x, y, rate: params + rate * _linear_mse_gradient(params, x, y),
    "you forgot the learning rate: the step is learning_rate * gradient, not the whole "
    "gradient":
        lambda params, x, y, rate: params - _linear_mse_gradient(params, x, y),
    "you returned the step, learning_rate * gradient, instead of the new parameters "
    "params - learning_rate * gradient":
        lambda params, x, y, rate: rate * _linear_mse_gradient(params, x, y),
    "you returned the gradient itself; the new parameters are params - learning_rate * "
    "gradient":
        lambda params, x, y, rate: _linear_mse_gradient(params, x, y),
    "the factor 2 is missing: the derivative of (w x + b - y)^2 is 2 (w x + b - y) times "
    "x (for w) or 1 (for b)":
        lambda params, x, y, rate: params - rate * _linear_mse_gradient(params, x, y) / 2,
    "you summed over the examples where the mean belongs: J is a mean, so is its gradient":
        lambda params, x, y, rate: params - rate * len(x) * _linear_mse_gradient(params, x, y),
    "you updated w first and then took b's gradient at the new w: compute both partial "
    "derivatives at the old (w, b), then update both at once":
        _one_at_a_time,
}


@checker("my_gradient_step", _step_cases, mistakes=STEP_MISTAKES, inputs_unchanged=True,
         hints={
    "type": "return the new parameters as a numpy array, np.array([w_new, b_new]).",
    "shape": "return both new parameters, w and b, in one array of shape (2,).",
    "values": "error = w * x + b - y; dJ/dw = 2 * mean(error * x), dJ/db = 2 * "
              "mean(error); then params - learning_rate * np.array([dJ/dw, dJ/db])."})
def check_gradient_step(my_gradient_step: Callable) -> bool:
    """``my_gradient_step(params, x, y, learning_rate)``: params = np.array([w, b]) of a
    linear neuron y_hat = w x + b; x, y (m,); returns the new array([w, b]) after one step
    of gradient descent on J = mean((y_hat - y)^2), leaving ``params`` itself unchanged."""
