"""Lesson 03 explorer: what each hidden unit of the trained coffee network learned.

The network is the one the course notes train on the coffee roasts: 2 inputs, 3 sigmoid
hidden units, 1 sigmoid output, fitted here by ``Sequential.fit`` (full batch, Adam) from
one seeded start. Each hidden unit's output over the plane is a half-plane: it switches
on beyond its line ``w . x + b = 0``. The output unit combines the three. A switch turns
a unit off (its activation held at 0, as dropout would) to show what the output loses.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import activations, data
from ..layers import Dense
from ..model import Sequential
from ..optimizers import Adam
from ..plots.lesson03_coffee_units import plot
from ..plots.surfaces import plane_grid
from ._core import Control, Explorer, register

SEED, EPOCHS, LEARNING_RATE = 5, 500, 0.1
RESOLUTION = 60
UNITS = 3
NAMES = ("temperature (standardized)", "duration (standardized)")


def train_coffee_network(seed: int = SEED, epochs: int = EPOCHS) -> Sequential:
    """The coffee network 2-3-1 (sigmoid everywhere) trained on the standardized roasts of
    ``data.coffee()``: weights drawn from ``seed``, full-batch Adam, no shuffling."""
    X, y = lesson_data()
    model = Sequential([Dense(UNITS, activation="sigmoid"), Dense(1, activation="sigmoid")])
    model.build(2, rng=np.random.default_rng(seed))
    model.compile(optimizer=Adam(learning_rate=LEARNING_RATE), loss="binary_crossentropy",
                  metrics=["accuracy"])
    model.fit(X, y, epochs=epochs, batch_size=None, shuffle=False, verbose=0)
    return model


@lru_cache(maxsize=None)
def lesson_data() -> tuple[np.ndarray, np.ndarray]:
    """The standardized roasts X (200, 2) and labels y (200,) of ``data.coffee()``."""
    X, y = data.coffee()
    return data.standardize(X)[0], y


@lru_cache(maxsize=None)
def trained_weights() -> tuple[np.ndarray, ...]:
    """[W1 (2, 3), b1 (3,), W2 (3, 1), b2 (1,)] of the trained network, in float64."""
    return tuple(np.asarray(w, dtype=np.float64) for w in train_coffee_network().get_weights())


@lru_cache(maxsize=None)
def grid_points() -> np.ndarray:
    return plane_grid(lesson_data()[0], RESOLUTION)[2]


def forward(X: np.ndarray, switched_on: tuple[bool, ...] = (True,) * UNITS
            ) -> tuple[np.ndarray, np.ndarray]:
    """The hidden activations A1 (m, 3) and the output (m,), with the units whose entry in
    ``switched_on`` is False held at 0."""
    W1, b1, W2, b2 = trained_weights()
    hidden = activations.sigmoid(X @ W1 + b1) * np.asarray(switched_on, dtype=float)
    return hidden, activations.sigmoid(hidden @ W2 + b2)[:, 0]


def compute(unit_1: bool = True, unit_2: bool = True, unit_3: bool = True) -> dict:
    """Every unit's map, the output's, and the accuracy with the chosen units switched on."""
    switched_on = (bool(unit_1), bool(unit_2), bool(unit_3))
    X, y = lesson_data()
    hidden, output = forward(X, switched_on)
    grid_hidden, grid_output = forward(grid_points(), switched_on)
    correct = int(np.sum((output >= 0.5) == (y == 1)))
    full = int(np.sum((forward(X)[1] >= 0.5) == (y == 1)))
    off = [str(j + 1) for j, on in enumerate(switched_on) if not on]
    called_good = int(np.sum(output >= 0.5))
    if off:
        listed = off[0] if len(off) == 1 else f"{', '.join(off[:-1])} and {off[-1]}"
        which = f"unit{'s' if len(off) > 1 else ''} {listed} off"
        readout = (f"with {which}: {correct} of {len(y)} roasts right (all three on: {full}); "
                   f"it calls {called_good} roasts good, {int(y.sum())} are")
    else:
        readout = (f"all three units on: {correct} of {len(y)} roasts right; it calls "
                   f"{called_good} roasts good, {int(y.sum())} are")
    W1, b1 = trained_weights()[:2]
    return {"X": X, "y": y, "switched_on": switched_on, "hidden": hidden, "output": output,
            "grid_hidden": grid_hidden, "grid_output": grid_output, "W1": W1, "b1": b1,
            "W2": trained_weights()[2], "b2": trained_weights()[3], "correct": correct,
            "correct_all_on": full, "called_good": called_good, "readout": readout}


EXPLORER = register(Explorer(
    name="coffee_units",
    title="What each hidden unit of the coffee network learned",
    controls=[Control(f"unit_{j}", "bool", True, label=f"unit {j} on") for j in (1, 2, 3)],
    compute=compute,
    plot=plot,
    figsize=(9.2, 3.0),
    lesson="03_layers_and_forward_propagation",
    description="The trained coffee network's three hidden units, each a half-plane, and "
                "the output that combines them; switch a unit off to see what it did.",
))
