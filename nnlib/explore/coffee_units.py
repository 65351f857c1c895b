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
from ..plots.palette import CLASS_COLOURS, CLASS_MARKERS
from ..plots.surfaces import DecisionSurface, plane_grid
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


def plot(fig, result: dict, cache: dict) -> None:
    """Each hidden unit's activation over the plane (greys), then the output (orange-blue)."""
    X, y = result["X"], result["y"]
    if not cache:
        fig.set_layout_engine(None)
        lefts = (0.065, 0.25, 0.435, 0.73)
        axes = [fig.add_axes((left, 0.17, 0.16, 0.7)) for left in lefts]
        bar_ax = fig.add_axes((0.605, 0.17, 0.01, 0.7))
        output_bar_ax = fig.add_axes((0.9, 0.17, 0.01, 0.7))
        xs, ys = plane_grid(X, RESOLUTION)[:2]
        extent = (xs[0], xs[-1], ys[0], ys[-1])
        cache["images"] = []
        for ax in axes[:3]:
            image = ax.imshow(np.zeros((RESOLUTION, RESOLUTION)), origin="lower", extent=extent,
                              aspect="auto", cmap="Greys", vmin=0.0, vmax=1.0, alpha=0.75)
            cache["images"].append(image)
            for label in (0, 1):
                ax.scatter(*X[y == label].T, s=7, marker=CLASS_MARKERS[label],
                           color=CLASS_COLOURS[label], edgecolors="k", linewidths=0.2)
            ax.set_xlim(extent[:2])
            ax.set_ylim(extent[2:])
            ax.set_xlabel("temperature")
            ax.tick_params(labelsize=8.5)
        axes[0].set_ylabel("duration")
        bar = fig.colorbar(cache["images"][0], cax=bar_ax)
        bar.set_ticks([0, 0.5, 1])
        bar.set_label("activation a")
        surface = DecisionSurface(axes[3], X, y, resolution=RESOLUTION, legend=None,
                                  feature_names=("temperature", ""))
        for scatter in surface.scatters:
            scatter.set_sizes([10])
        output_bar = fig.colorbar(surface.image, cax=output_bar_ax)
        output_bar.set_ticks([0, 0.5, 1])
        output_bar.set_label("output: P(good)")
        axes[3].tick_params(labelsize=8.5)
        cache.update(axes=axes, surface=surface, lines=[])
    axes = cache["axes"]
    for line in cache["lines"]:
        line.remove()
    cache["lines"] = []
    W1, b1 = result["W1"], result["b1"]
    for j, ax in enumerate(axes[:3]):
        on = result["switched_on"][j]
        values = result["grid_hidden"][:, j].reshape(RESOLUTION, RESOLUTION)
        cache["images"][j].set_data(values)
        # the unit's line w . x + b = 0, where its activation crosses 0.5
        x0, x1 = ax.get_xlim()
        if abs(W1[1, j]) > 1e-12:
            xs = np.array([x0, x1])
            cache["lines"] += ax.plot(xs, -(b1[j] + W1[0, j] * xs) / W1[1, j], "k-", lw=1.2)
        else:
            cache["lines"].append(ax.axvline(-b1[j] / W1[0, j], color="k", lw=1.2))
        ax.set_title(f"unit {j + 1}" + ("" if on else ": off (a = 0)"), fontsize=9,
                     color="k" if on else "#b00")
    cache["surface"].update(result["grid_output"])
    axes[3].set_title(f"output: {result['correct']} of {len(y)} right", fontsize=9)


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
