"""Lesson 05 explorer: train a small network on the moons, boundary and loss updating live.

The network is 2 inputs -> ``hidden_units`` with ``activation`` -> 1 output (a logit),
trained with binary cross-entropy by full-batch gradient descent: every epoch is one
pass of the lesson's loop, forward, backpropagation, update, over all 200 points.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache, partial

import numpy as np

from .. import activations, data, losses, optimizers
from ..grids import plane_grid
from ..layers import Dense
from ..model import Sequential
from ..plots import lesson05_train_moons as drawing
from ._core import Control, Explorer, register

N_POINTS, RESOLUTION, SEED = 200, 50, 0
FRAMES = 4  # results a run yields: few frames, so drawing never dominates the run
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")


@lru_cache(maxsize=16)
def moons_and_grid(noise: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The moons X (200, 2), labels y (200,), and the picture's grid points (2500, 2)."""
    X, y = data.moons(N_POINTS, noise=noise, seed=SEED)
    return X, y, plane_grid(X, RESOLUTION)[2]


def build_network(hidden_units: int, activation: str, learning_rate: float = 0.5,
                  seed: int = SEED) -> Sequential:
    """Dense(hidden_units, activation) then Dense(1), a logit: float64, compiled with binary
    cross-entropy and plain gradient descent, weights drawn from ``seed``."""
    model = Sequential([Dense(hidden_units, activation=activation), Dense(1)], dtype="float64")
    model.compile(optimizer=optimizers.SGD(learning_rate=learning_rate),
                  loss=losses.BinaryCrossentropy(from_logits=True))
    model.build(2, np.random.default_rng(seed))
    return model


def compute(hidden_units: int = 8, activation: str = "tanh", learning_rate: float = 0.5,
            epochs: int = 1000, noise: float = 0.15) -> Iterator[dict]:
    """Train and yield about ``FRAMES`` snapshots: losses so far, the output over the plane,
    accuracy, and ``progress`` in [0, 1]; a run whose loss stops being finite stops there."""
    X, y, grid = moons_and_grid(float(noise))
    model = build_network(int(hidden_units), activation, learning_rate)
    history = np.full(epochs, np.nan)
    every = max(1, epochs // FRAMES)
    # an epoch reports the loss of the weights it started from: keep those, so that a run
    # that diverges can show the last network whose loss was finite
    measured = before = model.get_weights()
    # the whole set is one batch, in order: every epoch is one step of gradient descent
    for epoch in model.train_epochs(X, y.reshape(-1, 1), epochs=epochs, batch_size=None,
                                    shuffle=False, rng=np.random.default_rng(SEED)):
        if epoch.diverged:
            model.set_weights(measured)
            yield _snapshot(model, X, y, grid, history, epoch.number - 1, epochs,
                            epoch.number, noise)
            return
        history[epoch.number - 1] = epoch.logs["loss"]
        measured, before = before, model.get_weights()
        if epoch.number % every == 0 and epoch.number < epochs:
            yield _snapshot(model, X, y, grid, history, epoch.number, epochs, None, noise)
    yield _snapshot(model, X, y, grid, history, epochs, epochs, None, noise)


def _snapshot(model, X, y, grid, history, epoch, epochs, diverged_at, noise) -> dict:
    with np.errstate(all="ignore"):
        logits = model.forward(X)[:, 0]
        surface = activations.sigmoid(model.forward(grid)[:, 0])
    accuracy = float(np.mean((logits > 0) == (y == 1)))
    loss = float(history[epoch - 1]) if epoch else float("nan")
    if diverged_at is not None:
        readout = (f"diverged at epoch {diverged_at}: the loss stopped being a finite number "
                   f"(the learning rate is too large); showing the last finite network")
    elif epoch < epochs:
        readout = f"training... epoch {epoch}/{epochs}: loss {loss:.3g}, accuracy {accuracy:.1%}"
    else:
        readout = f"after {epochs} epochs: accuracy {accuracy:.1%}, loss {loss:.3g}"
    return {"X": X, "y": y, "surface": np.nan_to_num(surface, nan=0.5), "losses": history,
            "epoch": epoch, "epochs": epochs, "accuracy": accuracy, "loss": loss,
            "diverged_at": diverged_at, "noise": noise,
            "progress": 1.0 if diverged_at is not None else epoch / epochs, "readout": readout}


EXPLORER = register(Explorer(
    name="train_moons",
    title="Train a small network on the moons",
    controls=[
        Control("hidden_units", "int", 8, low=1, high=32, label="hidden units"),
        Control("activation", "choice", "tanh", options=ACTIVATIONS),
        Control("learning_rate", "log", 0.5, low=0.001, high=30.0, label="learning rate"),
        Control("epochs", "int", 1000, low=50, high=2000, step=50, label="epochs"),
        Control("noise", "float", 0.15, low=0.0, high=0.4, step=0.05, label="data noise"),
    ],
    compute=compute,
    plot=partial(drawing.plot, resolution=RESOLUTION),
    figsize=(9.0, 3.8),
    run_button=True,
    button_label="Train",
    lesson="05_backpropagation",
    description="Forward, backpropagate, update, repeated: watch the boundary bend round "
                "the moons while the loss falls.",
))
