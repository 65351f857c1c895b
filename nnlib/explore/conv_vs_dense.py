"""Lesson 12 explorer: a small conv network against a dense one as the training set grows.

Both networks read the 8x8 digits as images (8, 8, 1), train the same way (Adam, batch 32,
about 150 steps whatever the training-set size) through the one training loop, and are
tested on the same 797 digits, which neither ever trains on. The training sets are drawn
from the other 1000 digits.

- conv: Conv2D(16, 3x3, relu) -> MaxPooling2D(2) -> Flatten -> Dense(10): 1,610 parameters;
- dense: Flatten -> Dense(64, relu) -> Dense(10): 4,810 parameters.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from functools import lru_cache

import numpy as np

from .. import data, losses, optimizers
from .._checks import positive_int
from ..layers import Conv2D, Dense, Flatten, MaxPooling2D
from ..model import Epoch, Sequential
from ..plots.lesson12_conv_vs_dense import plot
from ._core import Control, Explorer, register

POOL = 1000                       # digits the training sets are drawn from; the rest test
STEPS, BATCH, LEARNING_RATE = 150, 32, 0.02


@lru_cache(maxsize=1)
def digit_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X_pool (1000, 8, 8, 1), y_pool (1000,), X_test (797, 8, 8, 1), y_test (797,)."""
    X, y = data.digits()
    images = X.reshape(-1, 8, 8, 1).astype(np.float32)
    order = np.random.default_rng(0).permutation(len(X))
    pool, test = order[:POOL], order[POOL:]
    return images[pool], y[pool], images[test], y[test]


def training_set(n_train: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n_train`` digits drawn from the pool (a different draw for each ``seed``)."""
    n_train = positive_int(n_train, "n_train")
    X_pool, y_pool, _, _ = digit_split()
    if n_train > POOL:
        raise ValueError(f"n_train: expected at most {POOL} digits, got {n_train}")
    pick = np.random.default_rng(seed).permutation(POOL)[:n_train]
    return X_pool[pick], y_pool[pick]


def conv_network() -> Sequential:
    """Conv2D(16, 3, relu) -> MaxPooling2D(2) -> Flatten -> Dense(10 logits)."""
    return Sequential([Conv2D(16, 3, activation="relu"), MaxPooling2D(2), Flatten(),
                       Dense(10)])


def dense_network() -> Sequential:
    """Flatten -> Dense(64, relu) -> Dense(10 logits): the dense network of lessons 07-11."""
    return Sequential([Flatten(), Dense(64, activation="relu"), Dense(10)])


NETWORKS = {"conv": conv_network, "dense": dense_network}


def epochs_for(n_train: int) -> int:
    """Epochs giving about ``STEPS`` steps of up to ``BATCH`` examples: a small set gets more."""
    batches = -(-n_train // BATCH)  # per epoch, the last one smaller
    return max(1, -(-STEPS // batches))


def train(kind: str, n_train: int, seed: int = 0) -> Iterator[tuple[Epoch, Sequential]]:
    """Train the ``kind`` network ('conv' or 'dense') on ``n_train`` digits; yields (Epoch,
    model) after every epoch. Weights, draw and shuffles all come from ``seed``."""
    model = NETWORKS[kind]()
    model.compile(optimizers.Adam(learning_rate=LEARNING_RATE),
                  losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    model.build((8, 8, 1), np.random.default_rng(seed))
    x, y = training_set(n_train, seed)
    for epoch in model.train_epochs(x, y, epochs=epochs_for(n_train), batch_size=BATCH,
                                    rng=np.random.default_rng(seed)):
        yield epoch, model


def accuracy(model: Sequential, x: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(model.predict(x).argmax(axis=1) == y))


def trained(kind: str, n_train: int, seed: int = 0) -> tuple[Sequential, str | None]:
    """The ``kind`` network after its last epoch on ``n_train`` digits, and ``diverged``
    (None, or where the loss stopped being finite)."""
    epoch, model = deque(train(kind, n_train, seed), maxlen=1)[0]
    return model, epoch.diverged


def measure(kind: str, n_train: int, seed: int = 0) -> dict:
    """Train to the end, then: ``train`` and ``test`` accuracy, ``gap`` (train - test),
    ``params`` and ``diverged``."""
    model, diverged = trained(kind, n_train, seed)
    x, y = training_set(n_train, seed)
    _, _, X_test, y_test = digit_split()
    train_accuracy, test_accuracy = accuracy(model, x, y), accuracy(model, X_test, y_test)
    return {"train": train_accuracy, "test": test_accuracy,
            "gap": train_accuracy - test_accuracy, "params": model.count_params(),
            "diverged": diverged}


def compute(n_train: int = 100, seed: int = 0) -> Iterator[dict]:
    """Train both networks side by side, epoch by epoch, yielding their test accuracy so
    far (with ``progress``); the last result also holds training accuracies and gaps."""
    n_train, epochs = int(n_train), epochs_for(int(n_train))
    x, y = training_set(n_train, seed)
    _, _, X_test, y_test = digit_split()
    curves: dict[str, list] = {"epoch": [], "conv": [], "dense": []}
    every = max(1, epochs // 12)  # test accuracy measured about 12 times in a run
    for (conv_epoch, conv), (dense_epoch, dense) in zip(train("conv", n_train, seed),
                                                        train("dense", n_train, seed)):
        diverged = conv_epoch.diverged or dense_epoch.diverged
        if conv_epoch.number % every and conv_epoch.number < epochs and not diverged:
            continue
        models = {"conv": conv, "dense": dense}
        curves["epoch"].append(conv_epoch.number)
        for kind, model in models.items():
            curves[kind].append(accuracy(model, X_test, y_test))
        result = {"curves": {key: np.array(value) for key, value in curves.items()},
                  "epochs": epochs, "n_train": n_train, "n_test": len(y_test),
                  "progress": conv_epoch.number / epochs,
                  "params": {kind: model.count_params() for kind, model in models.items()},
                  "train": {kind: accuracy(model, x, y) for kind, model in models.items()}}
        result["test"] = {kind: curves[kind][-1] for kind in models}
        result["readout"] = _readout(result, conv_epoch.number, diverged)
        yield result
        if diverged:
            return


def _readout(result: dict, epoch: int, diverged: str | None) -> str:
    test, params, gap = result["test"], result["params"], {
        kind: result["train"][kind] - result["test"][kind] for kind in result["test"]}
    text = (f"{result['n_train']} training digits: conv net {test['conv']:.1%} right on "
            f"{result['n_test']} test digits ({params['conv']:,} parameters), dense net "
            f"{test['dense']:.1%} ({params['dense']:,}); train-test gap "
            f"{gap['conv']:.1%} vs {gap['dense']:.1%}")
    if diverged:
        return f"diverged: the {diverged}; " + text
    return text if epoch == result["epochs"] else f"epoch {epoch}/{result['epochs']}: " + text


EXPLORER = register(Explorer(
    name="conv_vs_dense",
    title="Conv network against dense network as the training set grows",
    controls=[
        Control("n_train", "int", 100, low=50, high=1000, step=50, label="training digits",
                continuous_update=False),
        Control("seed", "int", 0, low=0, high=4, label="seed (draw, weights, shuffles)",
                continuous_update=False),
    ],
    compute=compute,
    plot=plot,
    figsize=(9.0, 3.4),
    run_button=True,
    button_label="Train both",
    lesson="12_convolutional_layers",
    description="Train a small conv network and a dense network on the same few digits: "
                "test accuracy, train-test gap and parameter counts.",
))
