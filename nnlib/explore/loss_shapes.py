"""Lesson 04 explorer: mean squared error beside binary cross-entropy, for one prediction.

A sigmoid neuron predicts p = sigmoid(z) from its weighted input z; the target y is 0 or 1.
The loss of this one example is written l (the cost J is its mean over the examples):

- MSE:            l = (p - y)^2,                      dl/dz = 2 (p - y) p (1 - p)
- cross-entropy:  l = -(y log p + (1 - y) log(1 - p)), dl/dz = p - y

The factor p (1 - p) is sigmoid's derivative: it vanishes when the neuron is sure,
right or wrong, so MSE barely corrects a confidently wrong neuron, while
cross-entropy's gradient stays near its largest size, 1.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from .._checks import number_in
from ..plots import lesson04_loss_shapes as drawing
from ._core import Control, Explorer, register

Z_RANGE = 10.0
Z_GRID = np.linspace(-Z_RANGE, Z_RANGE, 401)
P_GRID = np.linspace(0.001, 0.999, 400)
CONFIDENT = 0.9  # "confidently wrong": the wrong class gets probability above 0.9


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))  # |z| <= 10 here: no overflow


def losses(p: np.ndarray, target: int) -> dict[str, np.ndarray]:
    """Each loss of one prediction p in (0, 1) against the target 0 or 1."""
    cross_entropy = -np.log(p) if target == 1 else -np.log(1.0 - p)
    return {"MSE": (p - target) ** 2, "cross-entropy": cross_entropy}


def gradients(z: np.ndarray, target: int) -> dict[str, np.ndarray]:
    """dl/dz through the sigmoid, for each loss: the push that reaches the weighted input."""
    p = _sigmoid(z)
    return {"MSE": 2.0 * (p - target) * p * (1.0 - p), "cross-entropy": p - target}


def compute(target: int = 1, weighted_input: float = -4.0) -> dict:
    """Both losses over every prediction, both gradients over every z, and their values at
    the chosen weighted input."""
    if target not in (0, 1):
        raise ValueError(f"target: expected 0 or 1, got {target!r}")
    z = number_in(weighted_input, "weighted_input", -Z_RANGE, Z_RANGE)
    p = float(_sigmoid(np.array(z)))
    at_p = {name: float(value) for name, value in losses(np.array(p), target).items()}
    at_z = {name: float(value) for name, value in gradients(np.array(z), target).items()}
    ratio = abs(at_z["cross-entropy"]) / abs(at_z["MSE"])
    wrong = p < 1 - CONFIDENT if target == 1 else p > CONFIDENT
    verdict = "confidently wrong" if wrong else ("right" if round(p) == target else "unsure")
    readout = (f"z = {z:.2g}: p = {p:.3g} for target {target} ({verdict}); "
               f"|dℓ/dz|: cross-entropy {abs(at_z['cross-entropy']):.3g}, MSE "
               f"{abs(at_z['MSE']):.3g}, so cross-entropy's is {ratio:.3g}× larger")
    return {"target": target, "z": z, "p": p, "loss_at_p": at_p, "gradient_at_z": at_z,
            "loss_curves": losses(P_GRID, target), "gradient_curves": gradients(Z_GRID, target),
            "ratio": ratio, "readout": readout}


EXPLORER = register(Explorer(
    name="loss_shapes",
    title="Mean squared error or cross-entropy?",
    controls=[
        Control("target", "choice", 1, options=(1, 0), label="target y"),
        Control("weighted_input", "float", -4.0, low=-Z_RANGE, high=Z_RANGE, step=0.1,
                label="weighted input z"),
    ],
    compute=compute,
    plot=partial(drawing.plot, p_grid=P_GRID, z_grid=Z_GRID, confident=CONFIDENT),
    figsize=(9.0, 3.6),
    lesson="04_loss_and_gradient_descent",
    description="Both losses against the prediction, and the gradient each sends back to "
                "the weighted input through a sigmoid.",
))
