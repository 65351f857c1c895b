"""Lesson 10 explorers: optimizers racing over loss surfaces, and training curves on digits.

The paths are made by nnlib's own optimizers (``step(params, grads)``) on a two-number
parameter, so what the learner sees is exactly what trains the networks.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from .. import data, optimizers
from ..layers import Dense
from ..losses import SparseCategoricalCrossentropy
from ..model import Sequential
from ..plots import lesson10_optimizers as drawing
from ..plots.lesson10_optimizers import COLOURS, plot_curves  # noqa: F401 (lesson 10 uses COLOURS)
from ._core import Control, Explorer, register

# each surface: f(p), grad f(p), start, view box (xmin, xmax, ymin, ymax), minimum value
SURFACES = {
    "ill-conditioned valley": (
        lambda x, y: 0.5 * (0.1 * x ** 2 + 10 * y ** 2),
        lambda x, y: np.array([0.1 * x, 10 * y]),
        (-8.0, 0.8), (-9.0, 3.0, -1.5, 1.5), 0.0),
    "Rosenbrock banana": (
        lambda x, y: (1 - x) ** 2 + 100 * (y - x ** 2) ** 2,
        lambda x, y: np.array([-2 * (1 - x) - 400 * x * (y - x ** 2), 200 * (y - x ** 2)]),
        (-1.5, 2.0), (-2.0, 2.0, -1.0, 3.0), 0.0),
    "saddle": (
        lambda x, y: 0.5 * x ** 2 + 0.25 * y ** 4 - 0.5 * y ** 2,
        lambda x, y: np.array([x, y ** 3 - y]),
        (-2.5, 1e-3), (-3.0, 3.0, -1.6, 1.6), -0.25),
}
RACES = {
    "all four": ("gradient descent", "momentum", "RMSprop", "Adam"),
    "GD vs Adam": ("gradient descent", "Adam"),
    "GD vs momentum": ("gradient descent", "momentum"),
    "RMSprop vs Adam": ("RMSprop", "Adam"),
}
ESCAPE = 1e3  # a path this far out has diverged


def make_optimizer(name: str, learning_rate: float, beta_1: float = 0.9,
                   beta_2: float = 0.999, rho: float = 0.9) -> optimizers.Optimizer:
    """The nnlib optimizer a race calls ``name``; momentum uses beta_1 as its momentum,
    RMSprop its own rho (Keras's default 0.9)."""
    if name == "gradient descent":
        return optimizers.SGD(learning_rate)
    if name == "momentum":
        return optimizers.SGD(learning_rate, momentum=beta_1)
    if name == "RMSprop":
        return optimizers.RMSprop(learning_rate, rho=rho)
    return optimizers.Adam(learning_rate, beta_1=beta_1, beta_2=beta_2)


def optimizer_path(surface: str, optimizer: optimizers.Optimizer, steps: int) -> dict:
    """Run ``optimizer`` from the surface's start: the points, losses, and where it diverged."""
    f, grad, start, _, _ = SURFACES[surface]
    point = np.array(start, dtype=np.float64)
    points, losses = [point.copy()], [f(*point)]
    diverged_at = None
    for step in range(1, steps + 1):
        optimizer.step([point], [grad(*point)])
        if not np.all(np.isfinite(point)) or np.max(np.abs(point)) > ESCAPE:
            diverged_at = step
            break
        points.append(point.copy())
        losses.append(f(*point))
    return {"points": np.array(points), "losses": np.array(losses), "diverged_at": diverged_at}


def compute_race(surface: str = "ill-conditioned valley", race: str = "all four",
                 learning_rate: float = 0.1, steps: int = 100, beta_1: float = 0.9,
                 beta_2: float = 0.999, rho: float = 0.9) -> dict:
    """Every optimizer of the race on one surface, with a readout of where each ended
    (on the saddle: the step at which each left the ridge, |parameter 2| > 0.5)."""
    paths = {name: optimizer_path(surface, make_optimizer(name, learning_rate, beta_1, beta_2,
                                                          rho), steps)
             for name in RACES[race]}
    minimum = SURFACES[surface][4]
    parts = []
    for name, path in paths.items():
        if path["diverged_at"] is not None:
            parts.append(f"{name}: diverged at step {path['diverged_at']}")
        elif surface == "saddle":
            off = np.flatnonzero(np.abs(path["points"][:, 1]) > 0.5)
            path["left_ridge_at"] = int(off[0]) if off.size else None
            parts.append(f"{name}: left the ridge at step {off[0]}" if off.size
                         else f"{name}: still on the ridge")
        else:
            parts.append(f"{name}: {path['losses'][-1] - minimum:.2g}")
    if surface == "saddle":
        return {"surface": surface, "paths": paths, "steps": steps,
                "readout": "minima at (0, ±1) · " + " · ".join(parts)}
    readout = f"loss above the minimum after {steps} steps · " + " · ".join(parts)
    return {"surface": surface, "paths": paths, "steps": steps, "readout": readout}


register(Explorer(
    name="optimizer_race",
    title="Optimizers racing over a loss surface",
    controls=[
        Control("surface", "choice", "ill-conditioned valley", options=tuple(SURFACES)),
        Control("race", "choice", "all four", options=tuple(RACES)),
        Control("learning_rate", "log", 0.1, low=1e-4, high=1.0, label="learning rate"),
        Control("steps", "int", 100, low=10, high=500, step=10),
        Control("beta_1", "float", 0.9, low=0.0, high=0.99, step=0.01, label="β₁ (momentum)"),
        Control("beta_2", "float", 0.999, low=0.5, high=0.9999, step=0.0001, label="β₂"),
        Control("rho", "float", 0.9, low=0.5, high=0.999, step=0.001, label="ρ (RMSprop)"),
    ],
    compute=compute_race,
    plot=partial(drawing.plot_race, surfaces=SURFACES),
    figsize=(9.5, 3.8),
    lesson="10_optimizers_and_adam",
    description="The same learning rate for every optimizer: watch who gets to the minimum.",
))


def _digits_subset():
    X, _, y, _ = data.digits_subset(600, seed=0)
    return X.astype(np.float32), y


def compute_curves(learning_rate: float = 0.01, epochs: int = 15, batch_size: int = 32):
    """Train the same 64-32-10 network with each optimizer; yields after every epoch."""
    X, y = _digits_subset()
    names = ("gradient descent", "momentum", "RMSprop", "Adam")
    curves: dict[str, list] = {name: [] for name in names}
    diverged: dict[str, int] = {}
    for position, name in enumerate(names):
        model = Sequential([Dense(32, activation="relu", kernel_initializer="he_normal"),
                            Dense(10, kernel_initializer="he_normal")])
        model.compile(optimizer=make_optimizer(name, learning_rate),
                      loss=SparseCategoricalCrossentropy(from_logits=True))
        # every optimizer starts from the same weights and sees the same shuffles, so only
        # the optimizer differs
        model.build(64, np.random.default_rng(1))
        for epoch in model.train_epochs(X, y, epochs=epochs, batch_size=batch_size,
                                        rng=np.random.default_rng(0)):
            if epoch.diverged:
                diverged[name] = epoch.number
                break
            curves[name].append(epoch.logs["loss"])
            yield _curves_result(curves, diverged, epochs, (position * epochs + epoch.number)
                                 / (len(names) * epochs))
    yield _curves_result(curves, diverged, epochs, 1.0)


def _curves_result(curves: dict, diverged: dict, epochs: int, progress: float) -> dict:
    parts = []
    for name, losses in curves.items():
        if name in diverged:
            parts.append(f"{name}: diverged in epoch {diverged[name]}")
        elif losses:
            parts.append(f"{name} {losses[-1]:.3f}")
    readout = (f"training loss after {epochs} epochs: " + " · ".join(parts) if parts
               else "training…")
    return {"curves": {k: list(v) for k, v in curves.items()}, "epochs": epochs,
            "diverged": dict(diverged), "progress": progress, "readout": readout}


register(Explorer(
    name="optimizer_curves",
    title="Training curves on digits, one optimizer each",
    controls=[
        Control("learning_rate", "log", 0.01, low=1e-4, high=1.0, label="learning rate"),
        Control("epochs", "int", 15, low=1, high=30),
        Control("batch_size", "int", 32, low=8, high=256, step=8, label="batch size"),
    ],
    compute=compute_curves,
    plot=plot_curves,
    figsize=(7.0, 3.6),
    run_button=True,
    button_label="Train all four",
    lesson="10_optimizers_and_adam",
    description="Train the same network with each optimizer at one learning rate.",
))
