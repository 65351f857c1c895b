"""Lesson 09 explorers: softmax beside independent sigmoids, and multi-class regions.

``softmax_temperature`` turns 2 to 4 logits and a temperature into softmax
probabilities and, beside them, one sigmoid per logit. ``class_regions`` trains two
models on the fruit data (one sigmoid per class, "one-vs-all", and one softmax) and
draws the regions each gives to apple, orange, banana and grape.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import activations, data, losses, optimizers
from ..grids import plane_grid
from ..layers import Dense
from ..model import Sequential
from ..plots.surfaces import DecisionSurface
from ..plots.palette import ACCENT, INK
from ._core import Control, Explorer, register

SOFTMAX_COLOR, SIGMOID_COLOR = ACCENT, INK  # not class colours: the bars are no classes
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
    readout = (f"softmax sums to {softmax.sum():.2f}; sigmoids sum to {sigmoids.sum():.2f}; "
               f"class {top + 1} gets softmax {softmax[top]:.2f}")
    return {"logits": logits, "temperature": temperature, "softmax": softmax,
            "sigmoids": sigmoids, "readout": readout}


def plot_probabilities(fig, result: dict, cache: dict) -> None:
    """Left: the logits; middle: softmax and sigmoid bars per class; right: their sums."""
    if not cache:
        left, middle, right = fig.subplots(1, 3, width_ratios=(1, 1.6, 0.8))
        cache["axes"] = left, middle, right
        slots = np.arange(4)
        cache["logit_bars"] = left.bar(slots, np.zeros(4), color="0.5")
        left.axhline(0, color="k", lw=0.8)
        left.set_ylim(-5.5, 5.5)
        left.set_yticks([-5, 0, 5])  # few ticks: text is most of the drawing time
        left.set_title("logits z", fontsize=10)
        cache["soft_bars"] = middle.bar(slots - 0.2, np.zeros(4), width=0.4,
                                        color=SOFTMAX_COLOR, label="softmax(z/T)")
        cache["sig_bars"] = middle.bar(slots + 0.2, np.zeros(4), width=0.4,
                                       color=SIGMOID_COLOR, label="sigmoid(z/T)")
        cache["labels"] = [middle.text(0, 0, "", ha="center", va="bottom", fontsize=7)
                           for _ in range(8)]
        middle.set_ylim(0, 1.12)
        middle.set_yticks([0, 0.5, 1])
        middle.set_ylabel("probability")
        middle.legend(fontsize=8, loc="upper left")
        middle.set_title("per class", fontsize=10)
        # one segment per class, in the column's colour, fading from class 1 to class 4
        cache["stacks"] = [[right.bar(column, 0.0, width=0.6, bottom=0.0, color=color,
                                      alpha=1.0 - 0.2 * k, edgecolor="white")[0]
                            for k in range(4)]
                           for column, color in enumerate((SOFTMAX_COLOR, SIGMOID_COLOR))]
        right.axhline(1.0, color="k", lw=1, ls="--")
        right.set_xticks([0, 1], ["softmax", "sigmoids"])
        right.set_ylim(0, 4.1)
        right.set_yticks([0, 1, 2, 3, 4])
        right.set_title("sum over classes", fontsize=10)
        cache["sums"] = [right.text(column, 0, "", ha="center", va="bottom", fontsize=9)
                         for column in (0, 1)]
    left, middle, right = cache["axes"]
    n = len(result["logits"])
    if cache.get("classes") != n:  # new ticks only when the number of classes changes
        for axes, prefix in ((left, "z"), (middle, "class ")):
            axes.set_xticks(np.arange(n), [f"{prefix}{k + 1}" for k in range(n)])
            axes.set_xlim(-0.6, n - 0.4)
        cache["classes"] = n
    columns = (result["softmax"], result["sigmoids"])
    for k in range(4):
        shown = k < n
        cache["logit_bars"][k].set_height(result["logits"][k] if shown else 0.0)
        for bars, values, label, shift in ((cache["soft_bars"], columns[0], cache["labels"][k],
                                            -0.2),
                                           (cache["sig_bars"], columns[1],
                                            cache["labels"][4 + k], 0.2)):
            bars[k].set_height(values[k] if shown else 0.0)
            label.set_text(f"{values[k]:.2f}" if shown else "")
            label.set_position((k + shift, (values[k] if shown else 0.0) + 0.01))
    for column, values in enumerate(columns):
        bottom = 0.0
        for k, bar in enumerate(cache["stacks"][column]):
            height = float(values[k]) if k < n else 0.0
            bar.set_y(bottom)
            bar.set_height(height)
            bottom += height
        cache["sums"][column].set_position((column, bottom + 0.05))
        cache["sums"][column].set_text(f"{bottom:.2f}")
    middle.set_title(f"per class, temperature T = {result['temperature']:.3g}", fontsize=10)


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
    result["readout"] = (f"one-vs-all: no fruit claims {np.mean(claims == 0):.0%} of the "
                         f"plane, two or more claim {np.mean(claims >= 2):.0%}; training accuracy "
                         f"{result['one-vs-all accuracy']:.0%} vs softmax "
                         f"{result['softmax accuracy']:.0%}")
    return result


def plot_regions(fig, result: dict, cache: dict) -> None:
    """Each model's regions over the fruit; one-vs-all's unclaimed and contested points marked."""
    X, y, _, _ = fruit_data()
    if not cache:
        left, right = fig.subplots(1, 2)
        cache["axes"] = left, right
        for ax, kind in zip((left, right), KINDS):
            cache[kind] = DecisionSurface(ax, X, y, resolution=RESOLUTION,
                                          class_names=data.FRUIT_NAMES,
                                          feature_names=("weight (g)", "length / width"),
                                          legend="upper right" if kind == "softmax" else None)
        xs, ys, _ = plane_grid(X, RESOLUTION)
        cache["overlay"] = left.imshow(np.zeros((RESOLUTION, RESOLUTION, 4)), origin="lower",
                                       extent=(xs[0], xs[-1], ys[0], ys[-1]), aspect="auto",
                                       interpolation="bilinear", zorder=1)
        left.legend(handles=[left.scatter([], [], marker="s", s=60, color="0.8",
                                          label="no fruit > 0.5"),
                             left.scatter([], [], marker="s", s=60, color="0.25",
                                          label="two or more > 0.5")],
                    loc="upper right", fontsize=7, framealpha=0.85)
    left, right = cache["axes"]
    for kind in KINDS:
        cache[kind].update(result[kind])
    overlay = np.zeros((len(result["claims"]), 4))
    overlay[result["claims"] == 0] = (0.8, 0.8, 0.8, 0.85)
    overlay[result["claims"] >= 2] = (0.25, 0.25, 0.25, 0.55)
    cache["overlay"].set_data(overlay.reshape(RESOLUTION, RESOLUTION, 4))
    sums = result["sums"]["one-vs-all"]
    left.set_title(f"one sigmoid per class: outputs sum to {sums.min():.2f} to "
                   f"{sums.max():.2f}", fontsize=9)
    right.set_title("softmax: outputs sum to 1 everywhere", fontsize=9)


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
    plot=plot_regions,
    figsize=(9.0, 3.8),
    lesson="09_softmax_and_multiclass",
    description="Where no sigmoid says yes, or several do, one-vs-all has no clear answer; "
                "softmax always picks one fruit.",
))
