"""Lesson 05's self-checks: a Dense layer's backward pass in matrix form, linear and then
through a tanh.

The expected answers come from nnlib's own ``Dense.backward`` on seeded random
inputs, and one case from finite differences (``nnlib.gradcheck``), an oracle that
does not share any code with the backward pass.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..gradcheck import numerical_gradient
from ..layers import Dense
from ._core import Case, check_function

SEED = 5


def dense_backward_reference(x: np.ndarray, W: np.ndarray, b: np.ndarray, grad_out: np.ndarray,
                             activation: str | None = None) -> tuple[np.ndarray, ...]:
    """(grad_W, grad_b, grad_x) from nnlib's Dense for the loss whose gradient is grad_out.

    x (n, n_in), W (n_in, units), b (units,), grad_out (n, units) = dL/d(output).
    """
    layer = Dense(W.shape[1], activation=activation, input_dim=W.shape[0], dtype="float64")
    layer.params["W"][...] = W
    layer.params["b"][...] = b
    layer.forward(np.array(x, dtype=np.float64), training=True)
    grad_x = layer.backward(np.array(grad_out, dtype=np.float64))
    return layer.grads["W"].copy(), layer.grads["b"].copy(), grad_x


def dense_backward_numerical(x: np.ndarray, W: np.ndarray, b: np.ndarray,
                             grad_out: np.ndarray, activation: str | None = None
                             ) -> tuple[np.ndarray, ...]:
    """The same three gradients of a Dense layer (linear, or ``'tanh'``) by centred finite
    differences.

    The loss sum(output * grad_out) has exactly grad_out as its output gradient.
    """
    x, W, b = (np.array(a, dtype=np.float64) for a in (x, W, b))
    g = np.tanh if activation == "tanh" else (lambda z: z)

    def loss() -> float:
        return float(np.sum(g(x @ W + b) * grad_out))

    return numerical_gradient(loss, W), numerical_gradient(loss, b), numerical_gradient(loss, x)


def _inputs(rng: np.random.Generator, n: int, n_in: int, units: int) -> tuple[np.ndarray, ...]:
    return (rng.normal(size=(n, n_in)), rng.normal(size=(n_in, units)), rng.normal(size=units),
            rng.normal(size=(n, units)))


# Typical slips, named when the answer equals one of them. On the square first case a
# transposed product has the right shape, so only its values can give it away.
DENSE_BACKWARD_MISTAKES = (
    ("grad_W is transposed: grad_out.T @ x is (units, n_in); W's gradient is x.T @ grad_out",
     lambda x, W, b, g: (g.T @ x, g.sum(axis=0), g @ W.T)),
    ("grad_x uses W instead of W.T: the gradient for the layer below is grad_out @ W.T",
     lambda x, W, b, g: (x.T @ g, g.sum(axis=0), g @ W)),
    ("grad_W and grad_x are both transposed (grad_out.T @ x and grad_out @ W)",
     lambda x, W, b, g: (g.T @ x, g.sum(axis=0), g @ W)),
    ("grad_b is summed over the wrong axis: sum over the examples, axis=0",
     lambda x, W, b, g: (x.T @ g, g.sum(axis=1), g @ W.T)),
    ("grad_b is a mean over the batch: the loss gradient is already per batch, so sum it",
     lambda x, W, b, g: (x.T @ g, g.mean(axis=0), g @ W.T)),
)


def check_dense_backward(my_dense_backward: Callable) -> bool:
    """Check ``my_dense_backward(x, W, b, grad_out) -> (grad_W, grad_b, grad_x)`` for a
    linear Dense layer, output = x @ W + b. Prints feedback; returns True when all pass."""
    rng = np.random.default_rng(SEED)
    cases = []
    # a square layer first: a swapped product or a missing transpose has the right shape
    # there, so the feedback is about values, not a crash
    for n, n_in, units, what in ((3, 3, 3, "3 examples, 3 inputs, 3 units"),
                                 (1, 4, 2, "1 example, 4 inputs, 2 units"),
                                 (6, 2, 5, "6 examples, 2 inputs, 5 units")):
        args = _inputs(rng, n, n_in, units)
        cases.append(Case(args, dense_backward_reference(*args), what))
    args = _inputs(rng, 4, 3, 2)
    cases.append(Case(args, dense_backward_numerical(*args),
                      "4 examples, 3 inputs, 2 units, against finite differences"))
    hints = {
        "type": "return the tuple (grad_W, grad_b, grad_x), three numpy arrays.",
        "shape": "each gradient has the shape of what it is the gradient of: grad_W like W "
                 "(n_in, units), grad_b like b (units,), grad_x like x (n, n_in). Which "
                 "product of x and grad_out is (n_in, units)? grad_b adds up one row per "
                 "example.",
        "values": "look at the transposes: grad_W pairs x.T (n_in, n) with grad_out "
                  "(n, units); grad_x pairs grad_out (n, units) with W.T (units, n_in); "
                  "grad_b is a sum over the batch, not a mean.",
    }
    return check_function(my_dense_backward, cases, "my_dense_backward", hints=hints,
                          mistakes=DENSE_BACKWARD_MISTAKES)


def _tanh_slips(x, W, b, g):
    a = np.tanh(x @ W + b)
    return a, x @ W + b


TANH_BACKWARD_MISTAKES = (
    ("you left out the tanh: the three gradients are those of a linear layer. First turn "
     "grad_out into grad_z = grad_out * (1 - a ** 2), with a = tanh(x @ W + b)",
     lambda x, W, b, g: (x.T @ g, g.sum(axis=0), g @ W.T)),
    ("you multiplied by tanh(z) instead of its slope 1 - tanh(z) ** 2",
     lambda x, W, b, g: (lambda gz: (x.T @ gz, gz.sum(axis=0), gz @ W.T))(
         g * _tanh_slips(x, W, b, g)[0])),
    ("you used 1 - z ** 2, with the weighted input z; the slope is 1 - a ** 2 with the "
     "activation a = tanh(z)",
     lambda x, W, b, g: (lambda gz: (x.T @ gz, gz.sum(axis=0), gz @ W.T))(
         g * (1 - _tanh_slips(x, W, b, g)[1] ** 2))),
    ("grad_x skips the tanh: it must use grad_z, like grad_W and grad_b, not grad_out",
     lambda x, W, b, g: (lambda gz: (x.T @ gz, gz.sum(axis=0), g @ W.T))(
         g * (1 - _tanh_slips(x, W, b, g)[0] ** 2))),
    ("grad_W is transposed: W's gradient is x.T @ grad_z, shape (n_in, units)",
     lambda x, W, b, g: (lambda gz: (gz.T @ x, gz.sum(axis=0), gz @ W.T))(
         g * (1 - _tanh_slips(x, W, b, g)[0] ** 2))),
)


def check_tanh_dense_backward(my_tanh_dense_backward: Callable) -> bool:
    """Check ``my_tanh_dense_backward(x, W, b, grad_out) -> (grad_W, grad_b, grad_x)`` for a
    Dense layer with a tanh, output = tanh(x @ W + b), against nnlib's ``Dense.backward``
    and finite differences. Prints feedback; returns True when all pass."""
    rng = np.random.default_rng(SEED + 1)
    cases = []
    for n, n_in, units, what in ((3, 3, 3, "3 examples, 3 inputs, 3 units"),
                                 (5, 4, 2, "5 examples, 4 inputs, 2 units")):
        args = _inputs(rng, n, n_in, units)
        cases.append(Case(args, dense_backward_reference(*args, activation="tanh"), what))
    args = _inputs(rng, 4, 3, 2)
    cases.append(Case(args, dense_backward_numerical(*args, activation="tanh"),
                      "4 examples, 3 inputs, 2 units, against finite differences"))
    hints = {
        "type": "return the tuple (grad_W, grad_b, grad_x), three numpy arrays.",
        "shape": "each gradient has the shape of what it is the gradient of: grad_W like W "
                 "(n_in, units), grad_b like b (units,), grad_x like x (n, n_in).",
        "values": "first the slope: a = np.tanh(x @ W + b), grad_z = grad_out * (1 - a ** 2); "
                  "then the linear layer's three products, with grad_z in place of grad_out.",
    }
    return check_function(my_tanh_dense_backward, cases, "my_tanh_dense_backward",
                          hints=hints, mistakes=TANH_BACKWARD_MISTAKES)
