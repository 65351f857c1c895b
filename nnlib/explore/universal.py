"""Lesson 03 explorer: universal approximation, the visual proof in Nielsen's chapter 4.

A hidden unit ``sigmoid(s (x - t))`` with a large steepness ``s`` is a step at ``x = t``
(its weight is ``s``, its bias ``-s t``). Two such units, one added and one subtracted by
the output unit, make a bump: ``h [sigmoid(s (x - t1)) - sigmoid(s (x - t2))]`` is about
``h`` between ``t1`` and ``t2`` and about 0 elsewhere. With ``2k`` hidden units the network
puts ``k`` bumps side by side over [0, 1], each as tall as the target curve at its middle:
a staircase that follows any continuous curve more closely the more units it has.

``error`` is the root-mean-square gap between the target and the network over [0, 1],
the interval drawn.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import activations
from .._checks import number_in, one_of, positive_int
from ..plots.lesson03_universal import plot
from ._core import Control, Explorer, register

X_GRID = np.linspace(0.0, 1.0, 801)
MAX_UNITS = 60
TARGETS = {
    "wiggle": lambda x: 0.2 + 0.4 * x ** 2 + 0.3 * x * np.sin(15 * x) + 0.05 * np.cos(50 * x),
    "sine": lambda x: np.sin(2 * np.pi * x),
    "bell": lambda x: np.exp(-0.5 * ((x - 0.5) / 0.1) ** 2),
    "kink": lambda x: np.abs(x - 0.4),
}


def bump_network(target: str, hidden_units: int, steepness: float) -> list[np.ndarray]:
    """The weights ``[W1 (1, n), b1 (n,), W2 (n, 1), b2 (1,)]`` (the order of
    ``Sequential.get_weights``) of a 1-n-1 network, sigmoid hidden layer and linear output,
    whose hidden units pair up into ``n // 2`` bumps over [0, 1]. An odd last unit gets
    zero weights: it has no partner."""
    n = positive_int(hidden_units, "hidden_units")
    f = TARGETS[one_of(target, "target", list(TARGETS))]
    bumps = n // 2
    W1, b1, W2 = np.zeros((1, n)), np.zeros(n), np.zeros((n, 1))
    if bumps:
        edges = np.linspace(0.0, 1.0, bumps + 1)
        heights = f((edges[:-1] + edges[1:]) / 2)  # each bump as tall as the target mid-way
        starts, ends = np.arange(0, 2 * bumps, 2), np.arange(1, 2 * bumps, 2)
        W1[0, :2 * bumps] = steepness
        b1[starts], b1[ends] = -steepness * edges[:-1], -steepness * edges[1:]
        W2[starts, 0], W2[ends, 0] = heights, -heights  # step up at the start, down at the end
    return [W1, b1, W2, np.zeros(1)]


def network_output(weights: list[np.ndarray], x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The network's output at x (m,), and each hidden unit's contribution W2 * a, (m, n)."""
    W1, b1, W2, b2 = weights
    hidden = activations.sigmoid(x[:, None] @ W1 + b1)  # (m, n)
    contributions = hidden * W2[:, 0]
    return contributions.sum(axis=1) + b2[0], contributions


def rms_error(target: str, weights: list[np.ndarray], x: np.ndarray = X_GRID) -> float:
    """The root-mean-square gap between the target curve and the network at the points x."""
    return float(np.sqrt(np.mean((network_output(weights, x)[0] - TARGETS[target](x)) ** 2)))


@lru_cache(maxsize=64)
def errors_by_units(target: str, steepness: float) -> np.ndarray:
    """The error for 1, 2, ..., MAX_UNITS hidden units (index n - 1), at this steepness."""
    return np.array([rms_error(target, bump_network(target, n, steepness))
                     for n in range(1, MAX_UNITS + 1)])


def compute(hidden_units: int = 6, target: str = "wiggle", steepness: float = 1000.0) -> dict:
    """The bump network for this target and number of units, its output, bumps and error."""
    target = one_of(target, "target", list(TARGETS))
    n = positive_int(hidden_units, "hidden_units")
    s = number_in(steepness, "steepness", 1.0, 1e5)
    weights = bump_network(target, n, s)
    output, contributions = network_output(weights, X_GRID)
    bumps = n // 2
    pairs = contributions[:, 0:2 * bumps:2] + contributions[:, 1:2 * bumps:2]  # (m, bumps)
    error = rms_error(target, weights)
    errors = errors_by_units(target, float(s)).copy()
    if bumps == 0:
        readout = (f"1 hidden unit: no pair, so no bump yet; the output stays 0 and misses the "
                   f"{target} by {error:.3g} (RMS over [0, 1])")
    else:
        spare = " (the odd unit has no partner)" if n % 2 else ""
        readout = (f"{n} hidden units = {bumps} bump{'s' if bumps > 1 else ''}{spare}: RMS "
                   f"error {error:.3g} over [0, 1]")
        width, blur = 1.0 / bumps, 4.0 / s  # a sigmoid climbs from 0.12 to 0.88 over 4 / s
        if blur > 0.5 * width:
            readout += (f"; the steps are too gentle for bumps this narrow (each step takes "
                        f"about {blur:.2g} in x, a bump is {width:.2g} wide): raise the "
                        f"steepness")
    return {"x": X_GRID, "target_curve": TARGETS[target](X_GRID), "output": output,
            "bumps": pairs, "error": error, "errors": errors, "hidden_units": n,
            "target": target, "steepness": s, "weights": weights, "readout": readout}


EXPLORER = register(Explorer(
    name="universal_approximation",
    title="Universal approximation: bumps add up to any curve",
    controls=[
        Control("hidden_units", "int", 6, low=1, high=MAX_UNITS, label="hidden units"),
        Control("target", "choice", "wiggle", options=tuple(TARGETS), label="target curve"),
        Control("steepness", "log", 1000.0, low=10.0, high=10000.0,
                label="steepness s (each unit's weight)"),
    ],
    compute=compute,
    plot=plot,
    figsize=(9.0, 3.6),
    lesson="03_layers_and_forward_propagation",
    description="Pairs of steep sigmoid units make bumps; more units, more and narrower "
                "bumps, and the network follows the target more closely.",
))
