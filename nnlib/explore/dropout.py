"""Lesson 08 explorers: dropout against overfitting, and the masks dropout draws.

``dropout_curves`` trains a network that memorises 60 noisy moons, with a Dropout
layer after each hidden layer, and draws training and test loss per epoch beside the
boundary it learned. ``dropout_masks`` shows the masks one Dropout layer draws, step
after step, and how their average approaches the activation inference would use.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from functools import lru_cache, partial

import numpy as np

from .. import activations, data, losses, optimizers
from ..grids import plane_grid
from ..layers import Dense, Dropout
from ..model import Sequential
from ..plots import lesson08_dropout as drawing
from ..percents import share
from ._core import Control, Explorer, register

N_TRAIN, N_TEST, NOISE, DATA_SEED = 60, 540, 0.35, 1
LEARNING_RATE, RECORD_EVERY, FRAMES, RESOLUTION = 0.01, 10, 5, 50
MASK_SHAPE = (6, 8)  # the 48 units of the layer whose masks are drawn
BLOCK = 64  # rows per matrix product: blocks this small stay on one core, quicker when shared


def _predict(model: Sequential, x: np.ndarray) -> np.ndarray:
    """The model's outputs in inference mode, computed BLOCK rows at a time."""
    return np.concatenate([model.forward(x[i:i + BLOCK]) for i in range(0, len(x), BLOCK)])


@lru_cache(maxsize=1)
def overfitting_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Noisy moons, few to learn from: X_train (60, 2), y_train (60,), X_test (540, 2), y_test."""
    X, y = data.moons(N_TRAIN + N_TEST, noise=NOISE, seed=DATA_SEED)
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


def build_network(rate: float, hidden_units: int = 64, seed: int = 0) -> Sequential:
    """2 -> hidden (relu) -> Dropout -> hidden (relu) -> Dropout -> 1 logit, compiled with Adam.

    The weights and the dropout masks come from ``seed`` alone, so the explorer never moves
    nnlib's shared generator (a lesson's own cells stay reproducible).
    """
    rng = np.random.default_rng(seed)
    model = Sequential([Dense(hidden_units, activation="relu"),
                        Dropout(rate, seed=int(rng.integers(2**31))),
                        Dense(hidden_units, activation="relu"),
                        Dropout(rate, seed=int(rng.integers(2**31))), Dense(1)])
    model.compile(optimizer=optimizers.Adam(learning_rate=LEARNING_RATE),
                  loss=losses.BinaryCrossentropy(from_logits=True))
    model.build(2, rng)
    return model


def class_frequency_baseline(y_train: np.ndarray, y_test: np.ndarray) -> tuple[float, float]:
    """Test loss and accuracy of always predicting the training set's class frequency."""
    frequency = float(np.mean(y_train))
    loss = -float(np.mean(y_test * np.log(frequency) + (1 - y_test) * np.log(1 - frequency)))
    return loss, float(np.mean(y_test == int(frequency > 0.5)))


def train_curves(rate: float, hidden_units: int = 64, epochs: int = 300,
                 seed: int = 0) -> Iterator[tuple[Sequential, dict, str | None]]:
    """Full-batch training on the 60 points; yields (model, curves, diverged) about
    ``FRAMES`` times.

    ``curves`` holds ``epoch`` and both losses measured with dropout off (as the model is
    used), every ``RECORD_EVERY`` epochs: ``train`` on the 60 points, ``test`` on 540 new ones.
    ``diverged`` is None, or the training loop's sentence on where the loss stopped being
    finite (the last frame then).
    """
    X_train, y_train, X_test, y_test = overfitting_data()
    x_train, x_test = X_train.astype(np.float32), X_test.astype(np.float32)
    model = build_network(rate, hidden_units, seed)
    curves: dict[str, list] = {"epoch": [], "train": [], "test": []}
    chunk = max(RECORD_EVERY, epochs // FRAMES // RECORD_EVERY * RECORD_EVERY)
    # the 60 points are one batch, in order: every epoch is one step
    for epoch in model.train_epochs(x_train, y_train, epochs=epochs, batch_size=None,
                                    shuffle=False, rng=np.random.default_rng(seed)):
        if epoch.diverged:
            yield model, curves, epoch.diverged
            return
        if epoch.number % RECORD_EVERY == 0 or epoch.number == epochs:
            with np.errstate(under="ignore"):  # exp of a very negative logit is just 0
                curves["epoch"].append(epoch.number)
                curves["train"].append(model.loss(y_train, model.forward(x_train)))
                curves["test"].append(model.loss(y_test, _predict(model, x_test)))
        if epoch.number % chunk == 0 or epoch.number == epochs:
            yield model, curves, None


@lru_cache(maxsize=32)
def _without_dropout(hidden_units: int, epochs: int, seed: int) -> dict:
    _, curves, _ = deque(train_curves(0.0, hidden_units, epochs, seed), maxlen=1)[0]  # last
    return {key: np.array(values) for key, values in curves.items()}


def compute_curves(rate: float = 0.5, hidden_units: int = 64, epochs: int = 300,
                   seed: int = 0) -> Iterator[dict]:
    """Train with ``rate`` and yield losses so far, the learned boundary and ``progress``."""
    X_train, y_train, _, y_test = overfitting_data()
    reference = _without_dropout(int(hidden_units), int(epochs), int(seed))
    baseline_loss, _ = class_frequency_baseline(y_train, y_test)
    grid = plane_grid(X_train, RESOLUTION)[2].astype(np.float32)
    for model, curves, diverged in train_curves(rate, int(hidden_units), int(epochs),
                                                int(seed)):
        with np.errstate(under="ignore"):
            surface = activations.sigmoid(_predict(model, grid)[:, 0])
        train, test = curves["train"][-1], curves["test"][-1]
        done = curves["epoch"][-1]
        readout = f"train {train:.2f}, test {test:.2f}: gap {test - train:.2f}"
        if done < epochs:
            readout = f"epoch {done}/{epochs}: " + readout
        elif rate == 0.0:
            readout += " (no dropout)"
        else:
            no_gap = reference["test"][-1] - reference["train"][-1]
            readout += f" (without dropout: gap {no_gap:.2f})"
        if rate == 1.0:
            readout += f"; rate 1 drops every unit, class-frequency loss is {baseline_loss:.2f}"
        if diverged:
            readout = f"training stopped: the {diverged}; last measured at " + readout
        yield {"curves": {key: np.array(values) for key, values in curves.items()},
               "reference": reference, "baseline_loss": baseline_loss, "surface": surface,
               "rate": rate, "epochs": epochs, "progress": 1.0 if diverged else done / epochs,
               "readout": readout}


def compute_masks(rate: float = 0.5, step: int = 1, seed: int = 0) -> dict:
    """The masks a Dropout(rate) layer draws at steps ``step``, ``step + 1``, ``step + 2``,
    applied to a fixed activation (48 units), and the average output over steps 1 to step + 2.
    """
    activation = np.random.default_rng(100).uniform(0.2, 1.0, MASK_SHAPE[0] * MASK_SHAPE[1])
    layer = Dropout(rate, seed=seed)
    outputs = np.array([layer.forward(activation[None, :], training=True)[0]
                        for _ in range(step + 2)])
    shown = outputs[step - 1:]
    kept = float(np.mean(shown[0] != 0)) if rate < 1.0 else 0.0
    scale = 1.0 / (1.0 - rate) if rate < 1.0 else float("inf")
    average = outputs.mean(axis=0)
    scale_text = (f"survivors scaled by 1/(1-{rate:.2f}) = {scale:.2f}" if rate < 1.0
                  else "1/(1-rate) has no value at rate 1: every unit is dropped, output 0")
    readout = (f"step {step}: kept {share(kept)} of {activation.size} units "
               f"(expected {1 - rate:.0%}); {scale_text}")
    return {"activation": activation, "shown": shown, "average": average, "step": step,
            "steps_averaged": step + 2, "rate": rate, "scale": scale, "kept": kept,
            "readout": readout}


EXPLORER_CURVES = register(Explorer(
    name="dropout_curves",
    title="Dropout against overfitting: training and test loss",
    controls=[
        Control("rate", "float", 0.5, low=0.0, high=1.0, step=0.05, label="dropout rate"),
        Control("hidden_units", "int", 64, low=4, high=64, step=4, label="units per layer"),
        Control("epochs", "int", 300, low=50, high=500, step=50),
        Control("seed", "int", 0, low=0, high=9),
    ],
    compute=compute_curves,
    plot=partial(drawing.plot_curves, points=overfitting_data,
                 resolution=RESOLUTION),
    figsize=(9.0, 3.8),
    run_button=True,
    button_label="Train",
    lesson="08_dropout",
    description="A network memorises 60 noisy points; dropout narrows the gap between "
                "training and test loss.",
))


EXPLORER_MASKS = register(Explorer(
    name="dropout_masks",
    title="The masks a dropout layer draws",
    controls=[
        Control("rate", "float", 0.5, low=0.0, high=1.0, step=0.05, label="dropout rate"),
        Control("step", "int", 1, low=1, high=300, label="training step"),
        Control("seed", "int", 0, low=0, high=9),
    ],
    compute=compute_masks,
    plot=partial(drawing.plot_masks, mask_shape=MASK_SHAPE),
    figsize=(9.5, 3.0),
    lesson="08_dropout",
    description="Each training step drops different units and scales the rest by "
                "1/(1-rate); on average the output equals the inference output.",
))
