"""Lesson 02 explorer: a stack of layers over a 1-D input, with and without a non-linearity.

The same random weights are run twice: once with the chosen activation after every
hidden layer, once with none. Without one, any number of layers is a single straight
line, y = a x + c; with ReLU the line gets kinks, with tanh or sigmoid it bends.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from .. import activations
from .._checks import one_of, positive_int, positive_number
from ..percents import share
from ..plots import lesson02_linear_stack as drawing
from ._core import Control, Explorer, register

CHOICES = ("relu", "none", "leaky_relu", "tanh", "sigmoid", "elu")
PIECEWISE_LINEAR = ("relu", "leaky_relu")
X_RANGE = 3.0
N_POINTS = 801


def random_stack(depth: int, width: int, weight_scale: float, seed: int
                 ) -> list[tuple[np.ndarray, np.ndarray]]:
    """(W, b) for ``depth`` hidden layers of ``width`` units, then one output unit.

    Shapes: W (1, width), (width, width) ... (width, 1); b (width,) ... (1,). Weights are
    N(0, weight_scale^2 / fan_in), biases N(0, 1), drawn from ``seed``.
    """
    rng = np.random.default_rng(seed)
    sizes = [1] + [width] * depth + [1]
    return [(rng.normal(0.0, weight_scale / np.sqrt(n_in), size=(n_in, n_out)),
             rng.normal(0.0, 1.0, size=n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def run_stack(x: np.ndarray, layers: list, activation: str) -> tuple[np.ndarray, np.ndarray]:
    """The stack's output y (n,) at inputs x (n,) and its slope dy/dx (n,).

    The activation follows every hidden layer (``'none'``: no activation); the output
    layer is linear. The slope is carried forward layer by layer with the chain rule.
    """
    g = activations.get("linear" if activation == "none" else activation)
    a, slope = x[:, None], np.ones((len(x), 1))
    for i, (W, b) in enumerate(layers):
        weighted_input, slope = a @ W + b, slope @ W
        if i < len(layers) - 1:
            a, slope = g(weighted_input), g.derivative(weighted_input) * slope
        else:
            a = weighted_input
    return a[:, 0], slope[:, 0]


def collapse(layers: list) -> tuple[float, float]:
    """The one linear layer (a, c) that a stack without activations equals: y = a x + c."""
    W_total, b_total = np.eye(1), np.zeros(1)
    for W, b in layers:
        W_total, b_total = W_total @ W, b_total @ W + b
    return float(W_total[0, 0]), float(b_total[0])


def kink_positions(slope: np.ndarray) -> np.ndarray:
    """Indices i where the slope jumps between samples i and i + 1: a piecewise line's kinks."""
    tolerance = 1e-9 * max(1.0, float(np.max(np.abs(slope))))
    return np.flatnonzero(np.abs(np.diff(slope)) > tolerance)


def compute(activation: str = "relu", depth: int = 3, width: int = 8,
            weight_scale: float = 1.5, seed: int = 5) -> dict:
    """The stack's output with the activation and without one, and how straight each is."""
    activation = one_of(activation, "activation", CHOICES)
    layers = random_stack(positive_int(depth, "depth"), positive_int(width, "width"),
                          positive_number(weight_scale, "weight_scale"), seed)
    x = np.linspace(-X_RANGE, X_RANGE, N_POINTS)
    with np.errstate(under="ignore"):  # e^-z rounding to 0 far out on a sigmoid is correct
        y, slope = run_stack(x, layers, activation)
    y_linear, slope_linear = run_stack(x, layers, "none")
    a, c = collapse(layers)
    line = np.polyval(np.polyfit(x, y, 1), x)
    spread = float(np.ptp(y))
    gap = float(np.max(np.abs(y - line)))
    straight = gap <= 1e-9 * max(1.0, float(np.max(np.abs(y))))
    at_kinks = kink_positions(slope) if activation in PIECEWISE_LINEAR else np.array([], int)
    kinks = len(at_kinks)
    sign = "-" if c < 0 else "+"
    collapsed = f"y = {a:.3g}x {sign} {abs(c):.3g}"
    layers_text = f"{depth} layer{'s' if depth > 1 else ''} of {width}"
    if activation == "none":
        readout = f"no activation: {layers_text} are still a straight line, {collapsed}: one layer"
    elif activation in PIECEWISE_LINEAR:
        pieces = f"{kinks + 1} straight pieces" if kinks else "one straight piece in view"
        readout = (f"{activation}: {kinks} kink{'s' if kinks != 1 else ''}, {pieces}; "
                   f"without it the same weights give one line, {collapsed}")
    elif straight:
        readout = f"{activation}: straight here; without it the same weights give {collapsed}"
    else:
        readout = (f"{activation}: curved, up to {gap:.2g} ({share(gap / spread)} of its range) "
                   f"off the nearest line; without it: one line, {collapsed}")
    return {"x": x, "y": y, "slope": slope, "y_linear": y_linear, "slope_linear": slope_linear,
            "collapsed": (a, c), "kinks": kinks, "at_kinks": at_kinks, "gap": gap,
            "straight": straight, "activation": activation, "readout": readout}


EXPLORER = register(Explorer(
    name="linear_stack",
    title="Stacked layers: with and without a non-linearity",
    controls=[
        Control("activation", "choice", "relu", options=CHOICES),
        Control("depth", "int", 3, low=1, high=10, label="hidden layers"),
        Control("width", "int", 8, low=1, high=32, label="units per layer"),
        Control("weight_scale", "log", 1.5, low=0.1, high=5.0, label="weight scale"),
        Control("seed", "int", 5, low=0, high=20),
    ],
    compute=compute,
    plot=partial(drawing.plot, x_range=X_RANGE,
                 piecewise_linear=PIECEWISE_LINEAR),
    lesson="02_activation_functions",
    description="A stack of layers over one input: with an activation it bends; without one "
                "it is a straight line however many layers there are.",
))
