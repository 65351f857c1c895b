"""Lesson 09 explorers: softmax beside independent sigmoids, and multi-class regions.

``softmax_temperature`` turns 2 to 4 logits and a temperature into softmax
probabilities and, beside them, one sigmoid per logit. ``class_regions`` trains two
models on the fruit data (one sigmoid per class, "one-vs-all", and one softmax) and
draws the regions each gives to apple, orange, banana and grape.
"""
from __future__ import annotations

from functools import lru_cache, partial

import numpy as np

from .. import activations, data, losses, optimizers
from ..grids import plane_grid
from ..layers import Dense
from ..model import Sequential
from ..plots import lesson09_softmax as drawing
from ..plots.lesson09_softmax import plot_probabilities
from ..percents import share
from ._core import Control, Explorer, register

RESOLUTION, EPOCHS, LEARNING_RATE, SEED = 100, 300, 0.05, 0
KINDS = ("one-vs-all", "softmax")


def compute_probabilities(z1: float = -0.21, z2: float = 0.47, z3: float = 1.72,
                          z4: float = 0.0, classes: int = 3, temperature: float = 1.0) -> dict:
    """softmax(z / T) and sigmoid(z / T) for the first ``classes`` logits."""
    logits = np.array([z1, z2, z3, z4][:classes], dtype=np.float64)
    scaled = logits / temperature
    softmax = activations.softmax(scaled)
    sigmoids = activations.sigmoid(scaled)
    top = int(np.argmax(softmax))
    largest = (f"every p is {softmax[top]:.2f}" if np.ptp(softmax) < 0.005 else
               f"the largest is p{top + 1} = {softmax[top]:.2f}")
    readout = (f"softmax sums to {softmax.sum():.2f}; sigmoids sum to {sigmoids.sum():.2f}; "
               f"{largest}")
    return {"logits": logits, "temperature": temperature, "softmax": softmax,
            "sigmoids": sigmoids, "readout": readout}


@lru_cache(maxsize=1)
def fruit_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The fruit X (200, 2) in grams and length/width, labels y (200,), and the mean
    and std that standardize X before it meets a model."""
    X, y = data.fruit()
    _, mean, std = data.standardize(X)
    return X, y, mean, std


@lru_cache(maxsize=16)
def trained_model(kind: str, hidden_units: int) -> Sequential:
    """A model of ``kind`` ('one-vs-all' or 'softmax') trained on the fruit, cached.

    Both end in 4 logits. One-vs-all reads each through its own sigmoid and learns with
    binary cross-entropy per class; softmax learns with categorical cross-entropy.
    ``hidden_units`` 0 means no hidden layer (logistic regression, four or one).
    """
    X, y, mean, std = fruit_data()
    layers = ([Dense(hidden_units, activation="relu")] if hidden_units else []) + [Dense(4)]
    model = Sequential(layers, dtype="float64")
    if kind == "one-vs-all":
        loss, targets = losses.BinaryCrossentropy(from_logits=True), data.one_hot(y, 4)
    else:
        loss, targets = losses.SparseCategoricalCrossentropy(from_logits=True), y
    model.compile(optimizer=optimizers.Adam(learning_rate=LEARNING_RATE), loss=loss)
    model.build(2, np.random.default_rng(SEED))
    # full batch, in order: every epoch is one step of Adam
    model.fit((X - mean) / std, targets, batch_size=None, epochs=EPOCHS, shuffle=False,
              verbose=0, rng=np.random.default_rng(SEED))
    return model


def class_outputs(kind: str, hidden_units: int, points: np.ndarray) -> np.ndarray:
    """The trained model's four outputs at ``points`` (m, 2): sigmoids or softmax, (m, 4)."""
    _, _, mean, std = fruit_data()
    with np.errstate(under="ignore"):
        logits = trained_model(kind, hidden_units).forward((points - mean) / std)
        if kind == "one-vs-all":
            return activations.sigmoid(logits)
        return activations.softmax(logits)


def compute_regions(hidden_units: int = 0) -> dict:
    """Both models' outputs over the fruit plane, how many classes claim each point, accuracy."""
    X, y, _, _ = fruit_data()
    points = plane_grid(X, RESOLUTION)[2]
    result = {"hidden_units": hidden_units}
    for kind in KINDS:
        outputs = class_outputs(kind, hidden_units, points)
        result[kind] = outputs
        result[f"{kind} accuracy"] = float(np.mean(
            np.argmax(class_outputs(kind, hidden_units, X), axis=1) == y))
    claims = np.sum(result["one-vs-all"] > 0.5, axis=1)
    result["claims"] = claims
    result["sums"] = {kind: result[kind].sum(axis=1) for kind in KINDS}
    unclaimed, shared = share(np.mean(claims == 0)), share(np.mean(claims >= 2))
    result["readout"] = (f"one-vs-all: no fruit claims {unclaimed} of the plane, two or more "
                         f"claim {shared}; training accuracy "
                         f"{share(result['one-vs-all accuracy'])} vs softmax "
                         f"{share(result['softmax accuracy'])}")
    return result


EXPLORER_PROBABILITIES = register(Explorer(
    name="softmax_temperature",
    title="Softmax beside independent sigmoids",
    controls=[
        Control("z1", "float", -0.21, low=-5.0, high=5.0, step=0.01, label="logit z1"),
        Control("z2", "float", 0.47, low=-5.0, high=5.0, step=0.01, label="logit z2"),
        Control("z3", "float", 1.72, low=-5.0, high=5.0, step=0.01, label="logit z3"),
        Control("z4", "float", 0.0, low=-5.0, high=5.0, step=0.01, label="logit z4"),
        Control("classes", "int", 3, low=2, high=4, label="classes used"),
        Control("temperature", "log", 1.0, low=0.1, high=10.0, label="temperature T"),
    ],
    compute=compute_probabilities,
    plot=plot_probabilities,
    figsize=(9.0, 3.4),
    lesson="09_softmax_and_multiclass",
    description="Softmax shares one unit of probability among the classes; sigmoids judge "
                "each class alone.",
))


EXPLORER_REGIONS = register(Explorer(
    name="class_regions",
    title="Fruit regions: one sigmoid per class beside softmax",
    controls=[Control("hidden_units", "choice", 0, options=(0, 4, 16),
                      label="hidden units (0 = none)")],
    compute=compute_regions,
    plot=partial(drawing.plot_regions, points=fruit_data, kinds=KINDS,
                 resolution=RESOLUTION),
    figsize=(9.0, 3.8),
    lesson="09_softmax_and_multiclass",
    description="Where no sigmoid says yes, or several do, one-vs-all has no clear answer; "
                "softmax always picks one fruit.",
))
