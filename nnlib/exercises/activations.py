"""Lesson 02 exercises: the derivatives of sigmoid and ReLU, elementwise.

``my_sigmoid_derivative(z)`` is sigmoid(z) * (1 - sigmoid(z)); ``my_relu_derivative(z)``
is 1.0 where z > 0 and 0.0 elsewhere, 0 included: at exactly 0 ReLU has no derivative,
and nnlib (like most libraries) takes 0 there. Both take an array z of any shape and
return one of the same shape.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations
from ._core import Case, Mistake, check_function


def _inputs() -> list[tuple[np.ndarray, str]]:
    rng = np.random.default_rng(202)
    wide = rng.uniform(-8.0, 8.0, size=(3, 4))
    return [(np.array([-2.0, -0.5, 0.5, 2.0]), "z = [-2, -0.5, 0.5, 2]"),
            (wide, "z of shape (3, 4) between -8 and 8"),
            (np.array([-30.0, 30.0]), "far out: z = [-30, 30]"),
            (np.array([-1.0, 0.0, 1.0]), "z = [-1, 0, 1]: exactly 0 included")]


def _cases(name: str) -> list[Case]:
    derivative = activations.get(name).derivative
    return [Case((z,), derivative(z).astype(float), description) for z, description in _inputs()]


SIGMOID_MISTAKES: list[Mistake] = [
    ("you squared the sigmoid: the derivative is sigmoid(z) * (1 - sigmoid(z)), not "
     "sigmoid(z) ** 2.", lambda z: activations.sigmoid(z) ** 2),
    ("you returned the sigmoid itself; its derivative is sigmoid(z) * (1 - sigmoid(z)).",
     lambda z: activations.sigmoid(z)),
    ("you used z where sigmoid(z) belongs: the derivative is s * (1 - s) with "
     "s = sigmoid(z), not z * (1 - z).", lambda z: z * (1 - z)),
    ("the sign is off: it is sigmoid(z) * (1 - sigmoid(z)), with 1 minus.",
     lambda z: activations.sigmoid(z) * (1 + activations.sigmoid(z))),
]

RELU_MISTAKES: list[Mistake] = [
    ("you counted z = 0 as positive (z >= 0): at exactly 0 nnlib takes ReLU's slope to be "
     "0, so compare with z > 0.", lambda z: (z >= 0).astype(float)),
    ("you returned ReLU itself, max(0, z); its derivative is the slope: 1 where z > 0, "
     "0 where z < 0.", lambda z: np.maximum(z, 0.0)),
    ("the 1s and 0s are swapped: the slope is 1 where z > 0 and 0 where z < 0.",
     lambda z: (z < 0).astype(float)),
    ("you returned the sign of z; on the negative side ReLU is flat, so its slope is 0 "
     "there, not -1.", lambda z: np.sign(z)),
]


def check_sigmoid_derivative(my_sigmoid_derivative: Callable) -> bool:
    """Check ``my_sigmoid_derivative(z)`` = sigmoid(z) * (1 - sigmoid(z)), same shape as z."""
    return check_function(my_sigmoid_derivative, _cases("sigmoid"), "my_sigmoid_derivative",
                  hint="with s = 1 / (1 + np.exp(-z)), the derivative is s * (1 - s).",
                  mistakes=SIGMOID_MISTAKES)


def check_relu_derivative(my_relu_derivative: Callable) -> bool:
    """Check ``my_relu_derivative(z)``: 1.0 where z > 0, 0.0 elsewhere (z = 0 included),
    same shape as z."""
    return check_function(my_relu_derivative, _cases("relu"), "my_relu_derivative",
                  hint="compare z with 0: (z > 0) is True where the slope is 1; "
                       "turn it into numbers with .astype(float).",
                  mistakes=RELU_MISTAKES)
