"""Lesson 02 explorer: an activation function g and its derivative g', flat zones shaded.

"Flat" is relative to the function's own largest slope: g' below 5% of its peak (for the
sigmoid, whose peak is 0.25, that is g' < 0.0125; for tanh, peak 1, g' < 0.05). The
slope there is small, not zero: only the step and ReLU's negative side are exactly flat.
"""
from __future__ import annotations

import numpy as np

from .. import activations
from ..plots.lesson02_activations import plot
from ..percents import share
from ._core import Control, Explorer, register

CHOICES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "step", "linear")
RANGES = {"sigmoid": "(0, 1)", "tanh": "(-1, 1)", "relu": "[0, ∞)", "leaky_relu": "(-∞, ∞)",
          "elu": "(-α, ∞) = (-1, ∞)", "step": "{0, 1}", "linear": "(-∞, ∞)"}
SATURATION = 0.05  # a zone is flat where g' < 5% of its largest value
LEAKY_SLOPE = 0.01  # nnlib's leaky ReLU alpha (PyTorch's default; Keras uses 0.2 or 0.3)


def function_and_derivative(name: str, z: np.ndarray, leaky_slope: float = LEAKY_SLOPE):
    """g(z) and g'(z) for the named activation; ``leaky_slope`` is leaky ReLU's alpha."""
    if name == "leaky_relu":
        return activations.leaky_relu(z, leaky_slope), np.where(z > 0, 1.0, leaky_slope)
    activation = activations.get(name)
    return activation(z), activation.derivative(z)


def compute(activation: str = "sigmoid", input_range: float = 8.0,
            leaky_slope: float = LEAKY_SLOPE) -> dict:
    """g and g' on [-input_range, input_range], with the flat stretches of z."""
    z = np.linspace(-input_range, input_range, 801)
    f, derivative = function_and_derivative(activation, z, leaky_slope)
    peak = float(derivative.max())
    saturated = (derivative < SATURATION * peak) if peak > 0 else np.ones_like(z, dtype=bool)
    if activation in ("relu", "linear", "leaky_relu", "step"):
        saturated = derivative == 0  # piecewise linear: flat means exactly zero slope
    at = float(z[np.argmax(derivative)])
    value_range = RANGES[activation]
    if activation == "leaky_relu":
        value_range = ("[0, ∞): with α = 0 it is plain ReLU" if leaky_slope == 0
                       else f"{value_range}, slope α = {leaky_slope:.2g} for z < 0")
    piecewise = activation in ("relu", "linear", "leaky_relu", "step")
    flat = ("g' > 0 everywhere: no flat zone" if piecewise and not saturated.any() else
            f"g' = 0 (exactly flat) on {share(saturated.mean())} of this input range" if piecewise
            else f"flat (g' < 5% of its peak, i.e. < {SATURATION * peak:.3g}) on "
                 f"{share(saturated.mean())} of this input range")
    readout = (f"{activation}: range {value_range}; largest derivative {peak:.3g}"
               + (f" at z = {at:.2g}" if activation in ("sigmoid", "tanh") else "")
               + (f"; {flat}" if peak > 0 else "; g' = 0 everywhere: no gradient to follow"))
    return {"z": z, "f": f, "derivative": derivative, "saturated": saturated, "peak": peak,
            "flat_share": float(saturated.mean()), "activation": activation,
            "readout": readout}


EXPLORER = register(Explorer(
    name="activation_function",
    title="Activation functions and their derivatives",
    controls=[
        Control("activation", "choice", "sigmoid", options=CHOICES),
        Control("input_range", "float", 8.0, low=1.0, high=20.0, step=0.5,
                label="input range ±"),
        Control("leaky_slope", "float", LEAKY_SLOPE, low=0.0, high=0.5, step=0.01,
                label="leaky slope α"),
    ],
    compute=compute,
    plot=plot,
    lesson="02_activation_functions",
    description="Pick an activation: see g and g' side by side, flat zones shaded.",
))
