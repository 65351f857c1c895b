"""Lesson 06 explorer: the size of the gradient in every layer of a deep network.

A network of ``depth`` hidden layers (32 units each) reads 64 handwritten digits
(standardized) and classifies them with a softmax over 10 outputs. One backward
pass gives every layer's gradient; the bars show their norms on a log scale,
beside the spread of each hidden layer's activations. Each picture is the mean
of three random draws of the weights, with whiskers from the smallest to the largest.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from .. import data, diagnostics, initializers, losses
from .._checks import number_in, one_of, positive_int
from ..layers import Activation, BatchNormalization, Dense
from ..model import Sequential
from ..plots import lesson06_gradient_flow as drawing
from ..scales import bar_heights
from ._core import Control, Explorer, register

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")
INITIALIZATIONS = ("normal", "xavier", "he")
GRADIENTS = ("weights dC/dW", "biases dC/db")
WIDTH = 32
N_EXAMPLES = 64
SEEDS = (0, 1, 2)
NAMES = {"normal": "normal", "xavier": "Xavier", "he": "He"}
VANISHING, EXPLODING = 1e-2, 1e2  # first-to-last ratios beyond these get a name in the readout


def example_batch(n_examples: int = N_EXAMPLES) -> tuple[np.ndarray, np.ndarray]:
    """The first ``n_examples`` digits, standardized over the whole set: x (n, 64), labels (n,)."""
    n_examples = positive_int(n_examples, "n_examples")
    X, _, y, _ = data.digits_subset(data.N_DIGITS, seed=None)  # all of them, in their order
    return data.standardize(X)[0][:n_examples], y[:n_examples]


def kernel_initializer(initialization: str, weight_scale: float, n_in: int):
    """'normal': N(0, weight_scale^2 / n_in), so scale 1 is N(0, 1/n_in) and scale sqrt(2)
    is He's; 'xavier': Glorot normal, N(0, 2 / (n_in + n_out)); 'he': N(0, 2 / n_in)."""
    if initialization == "normal":
        return initializers.normal(weight_scale / np.sqrt(n_in))
    return initializers.get({"xavier": "glorot_normal", "he": "he_normal"}[initialization])


def build_network(depth: int, activation: str = "sigmoid", initialization: str = "normal",
                  weight_scale: float = 1.0, batch_norm: bool = False, width: int = WIDTH,
                  n_in: int = 64, n_out: int = 10, seed: int = 0) -> Sequential:
    """``depth`` hidden layers of ``width`` units, then ``n_out`` linear outputs (logits),
    compiled with softmax cross-entropy; float64, weights drawn from ``seed``.

    Without batch norm a hidden layer is ``Dense(width, activation)``; with it,
    ``Dense(width, use_bias=False) -> BatchNormalization -> Activation(activation)``:
    the normalization sits between the weighted input and the nonlinearity.
    """
    depth = positive_int(depth, "depth")
    activation = one_of(activation, "activation", ACTIVATIONS)
    initialization = one_of(initialization, "initialization", INITIALIZATIONS)
    weight_scale = number_in(weight_scale, "weight_scale", 0.0, 1e3, include_low=False)
    layers, fan_in = [], n_in
    for index in range(depth + 1):
        hidden = index < depth
        units = width if hidden else n_out
        kernel = kernel_initializer(initialization, weight_scale, fan_in)
        if hidden and batch_norm:
            layers += [Dense(units, None, use_bias=False, kernel_initializer=kernel),
                       BatchNormalization(), Activation(activation)]
        else:
            layers.append(Dense(units, activation if hidden else None, kernel_initializer=kernel))
        fan_in = units
    model = Sequential(layers, dtype="float64")
    model.compile(optimizer="sgd", loss=losses.SparseCategoricalCrossentropy(from_logits=True))
    model.build(n_in, np.random.default_rng(seed))
    return model


def _nonlinearities(model: Sequential) -> list:
    """The hidden layers that apply the activation (a Dense, or the Activation after a BN)."""
    return [layer for layer in model.layers
            if isinstance(layer, Activation)
            or (isinstance(layer, Dense) and layer.activation.name != "linear")]


def _bias_gradient_norms(model: Sequential) -> np.ndarray:
    """||dC/db|| per layer from the last backward pass; behind a batch norm the shift
    beta plays the bias's part (the Dense before it has none)."""
    norms = []
    for layer in model.layers:
        if isinstance(layer, BatchNormalization):
            norms.append(np.linalg.norm(layer.grads["beta"]))
        elif isinstance(layer, Dense) and "b" in layer.grads:
            norms.append(np.linalg.norm(layer.grads["b"]))
    return np.array(norms)


def measure(depth: int, activation: str = "sigmoid", initialization: str = "normal",
            weight_scale: float = 1.0, batch_norm: bool = False, seeds=SEEDS,
            x: np.ndarray | None = None, labels: np.ndarray | None = None,
            width: int = WIDTH) -> dict:
    """One backward pass per seed on a fresh network (training mode: batch norm uses the
    batch's statistics). Returns arrays with one row per seed:
    'weights' ||dC/dW|| (n_seeds, depth + 1), 'biases' ||dC/db|| (n_seeds, depth + 1),
    'spread' the std of each hidden layer's activations (n_seeds, depth).
    """
    if x is None:
        x, labels = example_batch()
    rows = {"weights": [], "biases": [], "spread": []}
    with np.errstate(under="ignore"):  # tiny gradients may round to 0: that is the point
        for seed in seeds:
            model = build_network(depth, activation, initialization, weight_scale, batch_norm,
                                  width=width, n_in=x.shape[1], seed=seed)
            rows["weights"].append(diagnostics.gradient_norms(model, x, labels, param="W"))
            rows["biases"].append(_bias_gradient_norms(model))
            rows["spread"].append([float(np.std(layer.activation(layer.z)))
                                   for layer in _nonlinearities(model)])
    return {key: np.array(value) for key, value in rows.items()}


def first_to_last(norms: np.ndarray) -> float:
    """The first layer's norm over the last layer's, from the geometric means over draws."""
    heights = bar_heights(norms)[0]
    return float(heights[0] / heights[-1]) if heights[-1] > 0 else float("inf")


_references: dict[tuple, np.ndarray] = {}


def stable_start(activation: str) -> str:
    """The initialization designed for ``activation``: He for the ReLU family, else Xavier."""
    return "he" if activation in ("relu", "leaky_relu") else "xavier"


def reference_norms(depth: int, activation: str, gradient: str = GRADIENTS[0]) -> np.ndarray:
    """Bar heights of the same network started as designed (``stable_start``, no batch norm)."""
    key = (depth, activation, gradient)
    if key not in _references:
        measured = measure(depth, activation, stable_start(activation))
        _references[key] = bar_heights(measured[_KEYS[gradient]])[0]
    return _references[key]


_KEYS = {GRADIENTS[0]: "weights", GRADIENTS[1]: "biases"}


def verdict(ratio: float, size: float, reference: str) -> str:
    """Words for a first-to-last ``ratio`` and for ``size``, the largest norm over the
    largest norm of the ``reference`` start."""
    if ratio < VANISHING:
        return "vanishing"
    if ratio > EXPLODING:
        return "exploding"
    if size > EXPLODING:
        return f"every layer exploding: the largest is {size:.0e} × the {reference} start's"
    if size < VANISHING:
        return f"every layer vanishing: the largest is {size:.0e} × the {reference} start's"
    return "a steady flow"


def compute(depth: int = 10, activation: str = "sigmoid", initialization: str = "normal",
            weight_scale: float = 1.0, batch_norm: bool = False,
            gradient: str = GRADIENTS[0]) -> dict:
    """Per-layer gradient norms and activation spreads, with the first-to-last ratio."""
    gradient = gradient if gradient in _KEYS else one_of(gradient, "gradient", GRADIENTS)
    measured = measure(depth, activation, initialization, weight_scale, batch_norm)
    norms = measured[_KEYS[gradient]]
    heights = bar_heights(norms)[0]
    reference = reference_norms(depth, activation, gradient)
    ratio = first_to_last(norms)
    size = float(heights.max() / reference.max()) if reference.max() > 0 else 1.0
    readout = (f"layer 1's gradient is {ratio:.1g} × the last layer's "
               f"({verdict(ratio, size, NAMES[stable_start(activation)])})")
    if initialization != "normal":
        readout += f"; {NAMES[initialization]} ignores the weight scale"
    return {"norms": norms, "heights": heights, "reference": reference,
            "spread": measured["spread"], "ratio": ratio, "size": size, "depth": depth,
            "activation": activation, "batch_norm": batch_norm,
            "initialization": initialization, "weight_scale": weight_scale,
            "gradient": gradient, "readout": readout}


EXPLORER = register(Explorer(
    name="gradient_flow",
    title="Gradient flow: how big is each layer's gradient?",
    controls=[
        Control("depth", "int", 10, low=1, high=30, label="hidden layers",
                continuous_update=False),
        Control("activation", "choice", "sigmoid", options=ACTIVATIONS),
        Control("initialization", "choice", "normal", options=INITIALIZATIONS),
        Control("weight_scale", "log", 1.0, low=0.1, high=10.0, step=0.05,
                label="weight scale (normal: std = scale/√n_in)", continuous_update=False),
        Control("batch_norm", "bool", False, label="batch normalization"),
        Control("gradient", "choice", GRADIENTS[0], options=GRADIENTS, label="measure"),
    ],
    compute=compute,
    plot=partial(drawing.plot, names=NAMES, designed=stable_start,
                 gradients=GRADIENTS),
    figsize=(9.5, 3.8),
    lesson="06_vanishing_and_exploding_gradients",
    description="Depth, activation, initialization, weight scale and batch norm against the "
                "size of every layer's gradient.",
))
