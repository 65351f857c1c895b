"""Lesson 07 explorer: watch hidden units die while a digit classifier trains.

A width-width-10 network (two hidden layers) learns the 8x8 digits with SGD, batch 32.
After every epoch we ask, with :func:`nnlib.diagnostics.dead_units`, which hidden units
are dead: their activation's derivative is 0 for every training example, so no
gradient reaches their weights. The picture shows the dead fraction and the accuracy
epoch by epoch, and a map of both hidden layers with every unit as one cell.
"""
from __future__ import annotations

from functools import partial
from typing import Iterator

import numpy as np

from .. import data, diagnostics
from ..layers import Dense
from ..losses import SparseCategoricalCrossentropy
from ..model import Sequential
from ..optimizers import SGD
from ..plots import lesson07_dead_relus as drawing
from ..percents import share
from ..plots.lesson07_dead_relus import DEAD_COLOR, unit_grid  # noqa: F401 (tests use both)
from ._core import Control, Explorer, register

EPOCHS = 30
BATCH_SIZE = 32
YIELD_EVERY = 10  # epochs between intermediate pictures
N_TRAIN = 1000  # a fixed subset of the 1797 digits keeps each run under two seconds
NAMES = {"relu": "ReLU", "leaky_relu": "leaky ReLU"}


def training_digits() -> tuple[np.ndarray, np.ndarray]:
    """The explorer's training set: N_TRAIN digits drawn once, X (N_TRAIN, 64), y (N_TRAIN,)."""
    X, _, y, _ = data.digits_subset(N_TRAIN, seed=0)
    return X.astype(np.float32), y


def build_network(width: int, activation: str, bias_init: float, seed: int = 0) -> Sequential:
    """A compiled width-width-10 network for the digits; the hidden biases start at
    ``bias_init`` and the weights are Glorot-uniform, drawn from ``seed``."""
    def hidden_bias(shape: tuple, rng: np.random.Generator) -> np.ndarray:
        return np.full(shape, bias_init)

    model = Sequential([Dense(width, activation=activation, bias_initializer=hidden_bias),
                        Dense(width, activation=activation, bias_initializer=hidden_bias),
                        Dense(10)])
    model.build(64, np.random.default_rng(seed))
    return model


def measure(model: Sequential, x: np.ndarray, y: np.ndarray) -> dict:
    """Dead units per hidden layer, each unit's share of examples with z > 0, accuracy.

    A unit is dead on ``x`` when it is dead on every block of ``x``, so we go block by
    block: small matmuls run on one thread and stay quick even on a busy machine.
    """
    dead, firing, correct = None, None, 0
    layers = diagnostics.dense_layers(model)
    for start in range(0, len(x), BATCH_SIZE):
        block = diagnostics.dead_units(model, x[start:start + BATCH_SIZE])  # sets every z
        dead = block if dead is None else [old & new for old, new in zip(dead, block)]
        counts = [np.sum(layer.z > 0, axis=0) for layer in layers[:-1]]
        firing = counts if firing is None else [old + new for old, new in zip(firing, counts)]
        logits = layers[-1].z
        correct += int(np.sum(np.argmax(logits, axis=1) == y[start:start + BATCH_SIZE]))
    total = sum(mask.size for mask in dead)
    return {"dead": dead, "firing": [count / len(x) for count in firing],
            "accuracy": correct / len(x),
            "dead_fraction": float(sum(mask.sum() for mask in dead) / total)}


def compute(learning_rate: float = 2.0, bias_init: float = 0.0, activation: str = "relu",
            width: int = 64) -> Iterator[dict]:
    """Train for EPOCHS epochs, measuring after each one and yielding every few epochs."""
    x, y = training_digits()
    model = build_network(width, activation, bias_init)
    model.compile(optimizer=SGD(learning_rate=learning_rate),
                  loss=SparseCategoricalCrossentropy(from_logits=True))
    what = (f"{NAMES[activation]}, learning rate {learning_rate:.3g}, initial bias "
            f"{bias_init:+.2g}; {width}-{width}-10 on {len(x)} of the 1797 digits")
    with np.errstate(all="ignore"):  # huge weights may overflow: the dead units still count
        snapshots = [measure(model, x, y)]
    yield _result(snapshots, what, 0.0, "", done=False)
    diverged = ""
    for epoch in model.train_epochs(x, y, epochs=EPOCHS, batch_size=BATCH_SIZE,
                                    rng=np.random.default_rng(1)):
        if epoch.diverged:
            diverged = epoch.diverged
            break
        with np.errstate(all="ignore"):
            snapshots.append(measure(model, x, y))
        if epoch.number % YIELD_EVERY == 0 and epoch.number < EPOCHS:
            # each picture costs time, so not every epoch
            yield _result(snapshots, what, epoch.number / EPOCHS, "", done=False)
    yield _result(snapshots, what, 1.0, diverged, done=True)


def _result(snapshots: list[dict], what: str, progress: float, diverged: str,
            done: bool) -> dict:
    """The result dict for the picture, from the snapshots after epochs 0, 1, 2, ..."""
    last = snapshots[-1]
    epoch, dead = len(snapshots) - 1, last["dead_fraction"]
    if diverged:
        readout = (f"Training diverged: the {diverged}; {share(dead)} of hidden units were dead "
                   f"after epoch {epoch}. {what}")
    elif done:
        readout = (f"{share(dead)} of hidden units dead after {epoch} epochs; training accuracy "
                   f"{share(last['accuracy'])}. {what}, batch {BATCH_SIZE}")
    else:
        readout = f"training… epoch {epoch} of {EPOCHS}: {share(dead)} of hidden units dead"
    return {**last, "epochs": np.arange(len(snapshots)),
            "dead_history": np.array([s["dead_fraction"] for s in snapshots]),
            "accuracy_history": np.array([s["accuracy"] for s in snapshots]),
            "diverged": diverged, "progress": progress, "readout": readout}


EXPLORER = register(Explorer(
    name="dead_relus",
    title="Dead ReLUs: which hidden units die while a digit classifier trains",
    controls=[
        Control("learning_rate", "log", 2.0, low=1e-3, high=5.0, label="learning rate"),
        Control("bias_init", "float", 0.0, low=-3.0, high=1.0, step=0.1,
                label="initial bias (hidden layers)"),
        Control("activation", "choice", "relu", options=("relu", "leaky_relu")),
        Control("width", "int", 64, low=4, high=96, step=4, label="width (units per layer)"),
    ],
    compute=compute,
    plot=partial(drawing.plot, epochs=EPOCHS),
    run_button=True,
    button_label="Train 30 epochs",
    lesson="07_dead_relus",
    description="Train a small digit classifier and watch which hidden units die.",
))
