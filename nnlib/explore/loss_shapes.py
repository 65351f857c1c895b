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

import numpy as np

from .._checks import number_in
from ..plots.palette import ACCENT, INK
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


COLOURS = {"MSE": ACCENT, "cross-entropy": INK}


def plot(fig, result: dict, cache: dict) -> None:
    """Losses against the prediction on the left, |dl/dz| against z on the right."""
    if not cache:
        fig.set_layout_engine(None)  # fixed positions below
        left = fig.add_axes((0.07, 0.14, 0.38, 0.74))
        right = fig.add_axes((0.57, 0.14, 0.38, 0.74))
        cache.update(left=left, right=right, lines={}, dots={})
        for name, colour in COLOURS.items():
            cache["lines"][name] = (left.plot([], [], color=colour, lw=2, label=name)[0],
                                    right.plot([], [], color=colour, lw=2, label=name)[0])
            cache["dots"][name] = (left.plot([], [], "o", color=colour, ms=7)[0],
                                   right.plot([], [], "o", color=colour, ms=7)[0])
        left.set_xlim(0, 1)
        left.set_ylim(0, 5)
        left.set_xlabel("prediction p = sigmoid(z)")
        left.set_ylabel("loss ℓ of this example")
        right.set_xlim(-Z_RANGE, Z_RANGE)
        right.set_ylim(0, 1.05)
        right.set_xlabel("weighted input z")
        right.set_ylabel("|dℓ/dz|, the push on z")
        for ax in (left, right):
            ax.grid(alpha=0.3)
        cache["shades"] = []
    left, right = cache["left"], cache["right"]
    target = result["target"]
    if cache.get("target") != target:  # the curves, shading and legends change with y only
        cache["target"] = target
        for name in COLOURS:
            loss_line, gradient_line = cache["lines"][name]
            loss_line.set_data(P_GRID, result["loss_curves"][name])
            gradient_line.set_data(Z_GRID, np.abs(result["gradient_curves"][name]))
        for shade in cache["shades"]:
            shade.remove()
        wrong_z = np.log(CONFIDENT / (1 - CONFIDENT))  # sigmoid(2.2) = 0.9
        p_span = (0, 1 - CONFIDENT) if target == 1 else (CONFIDENT, 1)
        z_span = (-Z_RANGE, -wrong_z) if target == 1 else (wrong_z, Z_RANGE)
        cache["shades"] = [left.axvspan(*p_span, color="0.45", alpha=0.18),
                           right.axvspan(*z_span, color="0.45", alpha=0.18,
                                         label="confidently wrong")]
        left.legend(fontsize=9, loc="upper right" if target == 1 else "upper left")
        right.legend(fontsize=9, loc="center right" if target == 1 else "center left")
    for name in COLOURS:
        loss_dot, gradient_dot = cache["dots"][name]
        loss_dot.set_data([result["p"]], [min(result["loss_at_p"][name], 4.95)])
        gradient_dot.set_data([result["z"]], [abs(result["gradient_at_z"][name])])
    left.set_title(f"loss of one prediction, target y = {target}", fontsize=9, y=1.0)
    right.set_title(f"push on z: cross-entropy's is {result['ratio']:.3g}× MSE's here",
                    fontsize=9, y=1.0)


EXPLORER = register(Explorer(
    name="loss_shapes",
    title="Mean squared error or cross-entropy?",
    controls=[
        Control("target", "choice", 1, options=(1, 0), label="target y"),
        Control("weighted_input", "float", -4.0, low=-Z_RANGE, high=Z_RANGE, step=0.1,
                label="weighted input z"),
    ],
    compute=compute,
    plot=plot,
    figsize=(9.0, 3.6),
    lesson="04_loss_and_gradient_descent",
    description="Both losses against the prediction, and the gradient each sends back to "
                "the weighted input through a sigmoid.",
))
