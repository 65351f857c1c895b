"""Lesson 01 explorer: one neuron, a = g(w1 x1 + w2 x2 + b), over the coffee-roasting plane.

Left: the neuron's output shaded over the (standardized) inputs, the labelled roasts and
the decision line, where the output crosses 0.5. Right: what the neuron does to each
roast: its weighted input z on the x axis, its output g(z) on the y axis. Class 0 is drawn
as a large hollow triangle and class 1 as a small filled circle, so two examples with the
same z (XOR's rows come in such pairs) both stay visible.
"""
from __future__ import annotations

from functools import lru_cache, partial

import numpy as np

from .. import activations, data, losses
from .._checks import one_of
from ..grids import plane_grid
from ..plots import lesson01_neuron as drawing
from ..plots.lesson01_neuron import decision_line, percent  # noqa: F401 (tests use both)
from ._core import Control, Explorer, register

ACTIVATIONS = ("sigmoid", "step", "linear", "tanh", "relu")
DATA_SETS = ("coffee roasts", "xor")
# the weighted input at which each activation's output crosses 0.5: the decision line
CROSSING = {"sigmoid": 0.0, "step": 0.0, "tanh": float(np.arctanh(0.5)), "relu": 0.5,
            "linear": 0.5}
RESOLUTION = 60
SLIDER_RANGE = 5.0  # w1, w2 and b each run over [-5, 5]


@lru_cache(maxsize=None)
def lesson_data(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The standardized inputs X (n, 2) and labels y (n,) of 'coffee roasts' or 'xor'."""
    X, y = data.coffee_linear() if one_of(name, "data_set", DATA_SETS) == "coffee roasts" \
        else data.xor_table()
    return data.standardize(X)[0], y


@lru_cache(maxsize=None)
def grid_points() -> np.ndarray:
    """The (RESOLUTION**2, 2) points the surface is drawn at: the coffee data's box."""
    return plane_grid(lesson_data("coffee roasts")[0], RESOLUTION)[2]


@lru_cache(maxsize=None)
def best_line(name: str, points: int = 41) -> int:
    """The most examples of the data set any line w1 x1 + w2 x2 + b = 0 gets right, over a
    grid of ``points`` values per slider (w1, w2 and b in [-5, 5]), "1" on the side z >= 0."""
    X, y = lesson_data(name)
    values = np.linspace(-SLIDER_RANGE, SLIDER_RANGE, points)
    w1, w2 = (grid.ravel() for grid in np.meshgrid(values, values, indexing="ij"))
    weighted = X @ np.stack([w1, w2])  # (n, points**2): every example under every (w1, w2)
    best = 0
    for b in values:  # one bias at a time keeps the arrays small
        right = ((weighted + b >= 0) == (y[:, None] == 1)).sum(axis=0)
        best = max(best, int(right.max()))
    return best


def neuron_output(X: np.ndarray, w: np.ndarray, b: float, activation: str) -> np.ndarray:
    """a = g(X @ w + b) for X (n, 2), w (2,): shape (n,)."""
    return activations.get(activation)(X @ w + b)


def compute(w1: float = 1.0, w2: float = 0.0, b: float = 0.0, activation: str = "sigmoid",
            data_set: str = "coffee roasts") -> dict:
    """The neuron's outputs on the data and on the plane, its loss and its accuracy."""
    activation = one_of(activation, "activation", ACTIVATIONS)
    X, y = lesson_data(data_set)
    w = np.array([w1, w2], dtype=float)
    weighted_input = X @ w + b
    output = activations.get(activation)(weighted_input)
    predicted = (output >= 0.5).astype(int)  # "good roast" when the output reaches 0.5
    correct = int(np.sum(predicted == y))
    if activation == "sigmoid":  # logistic regression's loss
        loss_name, loss = "log loss", losses.BinaryCrossentropy()(y, output)
    else:  # the output is not a probability: measure it with squared error
        loss_name, loss = "squared error", losses.MeanSquaredError()(y, output)
    readout = (f"{activation} neuron: accuracy {percent(correct, len(y))} ({correct} of "
               f"{len(y)} {'roasts' if data_set == 'coffee roasts' else 'rows'} right), "
               f"{loss_name} {loss:.3f}")
    best = best_line(data_set)
    if data_set == "xor":
        readout += f"; no slider setting gets more than {best} of {len(y)}"
    if w1 == 0 and w2 == 0:
        readout += "; with both weights 0 the output is the same everywhere"
    return {"X": X, "y": y, "w": w, "b": float(b), "activation": activation,
            "data_set": data_set, "weighted_input": weighted_input, "output": output,
            "grid_output": neuron_output(grid_points(), w, b, activation),
            "crossing": CROSSING[activation], "accuracy": correct / len(y), "loss": loss,
            "correct": correct, "best_correct": best, "readout": readout}


EXPLORER = register(Explorer(
    name="neuron",
    title="One neuron: a = g(w1·x1 + w2·x2 + b)",
    controls=[
        Control("w1", "float", 1.0, low=-5.0, high=5.0, step=0.05, label="w1 (temperature)"),
        Control("w2", "float", 0.0, low=-5.0, high=5.0, step=0.05, label="w2 (duration)"),
        Control("b", "float", 0.0, low=-5.0, high=5.0, step=0.05, label="bias b"),
        Control("activation", "choice", "sigmoid", options=ACTIVATIONS),
        Control("data_set", "choice", "coffee roasts", options=DATA_SETS, label="data"),
    ],
    compute=compute,
    plot=partial(drawing.plot, resolution=RESOLUTION,
                 box_points=lambda: lesson_data("coffee roasts")),
    figsize=(9.2, 3.7),
    lesson="01_neuron",
    description="Move w1, w2 and b: the decision line turns and shifts; the activation "
                "shapes the output on either side of it.",
))
