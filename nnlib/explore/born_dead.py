"""Lesson 07 explorer: how often a freshly initialized deep, narrow ReLU network is born dead.

A network is *born dead* on a set of examples when, before any training, some hidden
layer outputs 0 from every unit for every example. With zero biases every later layer
then sees only zeros, so its weighted inputs are 0, ReLU's derivative there is 0, and
the network's output is the same constant (the output layer's bias) for every example:
no gradient reaches any weight below the dead layer.

All trials run at once: the weights of ``trials`` networks are stacked into arrays of
shape ``(trials, n_in, width)`` and pushed through the layers with one batched matmul
per layer.
"""
from __future__ import annotations

import numpy as np

from .. import data
from .._checks import as_array, positive_int
from ..plots.lesson07_born_dead import plot
from ..percents import percent
from ._core import Control, Explorer, register

N_EXAMPLES = 100  # ten digits of each class
MAP_TRIALS = 40   # networks shown, one row each, in the map of dead layers


def digit_examples() -> np.ndarray:
    """The inputs every trial network sees: (100, 64), the first ten digits of each class."""
    return data.digits_subset(N_EXAMPLES, seed=None, balanced=True)[0]


def layer_alive_fractions(depth: int, width: int, trials: int, x: np.ndarray | None = None,
                          seed: int = 0) -> np.ndarray:
    """For ``trials`` random ReLU networks (He-normal weights, zero biases) of ``depth``
    hidden layers of ``width`` units, the fraction of each layer's units that output
    something above 0 for at least one example of ``x`` (n_examples, n_features).

    Returns an array of shape (trials, depth); a row's first 0 marks the layer where
    that network is born dead (every later entry is 0 too).
    """
    depth = positive_int(depth, "depth")
    width = positive_int(width, "width")
    trials = positive_int(trials, "trials")
    x = digit_examples() if x is None else as_array(x, "x", ndim=2)
    rng = np.random.default_rng(seed)
    alive = np.zeros((trials, depth))
    # Activations are kept as (trials, width, n_examples), so each layer is one stacked
    # matmul W^T a and the "any example" test runs along the last, contiguous axis.
    # Layer 1 for every trial at once: (trials * width, n_in) @ (n_in, n_examples).
    weights = rng.standard_normal((trials * width, x.shape[1]), dtype=np.float32)
    weights *= np.float32(np.sqrt(2.0 / x.shape[1]))  # He normal: N(0, 2 / fan_in)
    weighted_input = (weights @ x.T.astype(np.float32)).reshape(trials, width, len(x))
    living = np.arange(trials)  # a dead layer stays dead, so dead trials are dropped
    for layer in range(depth):
        fires = np.any(weighted_input > 0, axis=2)           # (living trials, width)
        alive[living, layer] = fires.mean(axis=1)
        keep = fires.any(axis=1)
        living = living[keep]
        if living.size == 0 or layer == depth - 1:
            break
        activation = weighted_input if keep.all() else weighted_input[keep]
        np.maximum(activation, 0.0, out=activation)          # ReLU, in place
        weights = rng.standard_normal((living.size, width, width), dtype=np.float32)
        weights *= np.float32(np.sqrt(2.0 / width))
        weighted_input = weights @ activation                 # the next layer's z
    return alive


def born_dead_chance(depth: int, width: int, trials: int = 500, seed: int = 0) -> float:
    """The share of ``trials`` random networks that are born dead on the digit examples."""
    alive = layer_alive_fractions(depth, width, trials, seed=seed)
    return float(np.mean(np.any(alive == 0, axis=1)))


def one_example_bound(depth: np.ndarray | int, width: int) -> np.ndarray:
    """1 - (1 - 2^-width)^depth: the chance of being born dead on a single example.

    For one example, each unit of a layer is negative with chance 1/2, independently
    (the weights are symmetric), so a layer is all zero with chance 2^-width. Dead on
    every example needs at least this, so the chance over many examples is no larger.
    """
    return 1.0 - (1.0 - 0.5 ** width) ** np.asarray(depth, dtype=np.float64)


def compute(depth: int = 10, width: int = 2, trials: int = 2000) -> dict:
    """The chance of being born dead at every depth up to ``depth``, for this width."""
    alive = layer_alive_fractions(depth, width, trials)
    dead_by_depth = np.cumsum(alive == 0, axis=1) > 0      # (trials, depth)
    chance_by_depth = dead_by_depth.mean(axis=0)
    chance = float(chance_by_depth[-1])
    first_dead = np.where(dead_by_depth.any(axis=1), np.argmax(dead_by_depth, axis=1) + 1, 0)
    typical = (f" (half of those by layer {int(np.median(first_dead[first_dead > 0]))})"
               if chance >= 0.02 else "")
    dead = percent(int(dead_by_depth[:, -1].sum()), trials)  # 0% and 100% only when exact
    readout = (f"{dead} of {trials} random ReLU networks of depth {depth} and width "
               f"{width} are born dead on 100 digits{typical}")
    return {"depths": np.arange(1, depth + 1), "chance_by_depth": chance_by_depth,
            "bound": one_example_bound(np.arange(1, depth + 1), width),
            "alive_map": alive[:MAP_TRIALS], "chance": chance, "depth": depth,
            "width": width, "trials": trials, "readout": readout}


EXPLORER = register(Explorer(
    name="born_dead",
    title="Born dead: random deep, narrow ReLU networks before any training",
    controls=[
        Control("depth", "int", 10, low=1, high=50, label="depth (hidden layers)",
                continuous_update=False),
        Control("width", "int", 2, low=1, high=16, label="width (units per layer)",
                continuous_update=False),
        Control("trials", "int", 2000, low=50, high=2000, step=50,
                label="trials (random networks)", continuous_update=False),
    ],
    compute=compute,
    plot=plot,
    lesson="07_dead_relus",
    description="How often does a random deep, narrow ReLU network output the same constant "
                "for every digit before training even starts?",
))
