"""Lesson 04 explorer: gradient descent on a loss surface, for any learning rate and start.

One small data set (40 points x in [-1, 3], labels y in {0, 1}) and one neuron with two
parameters, a weight w and a bias b, give three loss surfaces J(w, b):

- a linear neuron with MSE (linear regression): a tilted bowl, exactly quadratic;
- a sigmoid neuron with binary cross-entropy (logistic regression): a bowl with one
  steep side and one gentle one;
- a sigmoid neuron with MSE: flat plateaus wherever the neuron is confidently wrong.

Gradient descent repeats ``(w, b) <- (w, b) - learning_rate * grad J(w, b)``. Near the
minimum a surface is close to a quadratic whose curvatures are the eigenvalues of its
Hessian, from lambda_min (the flattest direction) to lambda_max (the steepest). Along an
eigenvector, one step multiplies the distance to the minimum by 1 - learning_rate *
lambda: a rate below 2 / lambda_max settles, one above it overshoots further at every
step, and the flattest direction's factor 1 - learning_rate * lambda_min says how slowly
a small rate gets there.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

import numpy as np

from .._checks import number_in, positive_int
from ..grids import grid_values
from ..plots import lesson04_descent as drawing
from ._core import Control, Explorer, register

X_DATA = np.linspace(-1.0, 3.0, 40)
_label_odds = 1.0 / (1.0 + np.exp(-1.5 * (X_DATA - 1.0)))
Y_DATA = (np.random.default_rng(4).random(40) < _label_odds).astype(float)  # (40,) of 0/1
BOX = (-5.0, 5.0)      # both parameters are drawn over [-5, 5]
ESCAPED = 1e6          # a parameter this large means the run has diverged
BLOWN_UP = 100.0       # ... and so does a loss 100 times the one it started from
Z_CLIP = 30.0          # sigmoid(30) = 1 - 9e-14: clipping z there changes nothing visible


def _weighted_inputs(w, b) -> np.ndarray:
    """z = w x + b for every data point; w and b may be grids: shape (..., 40)."""
    return np.asarray(w, dtype=float)[..., None] * X_DATA + np.asarray(b, dtype=float)[..., None]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -Z_CLIP, Z_CLIP)))


def _per_point_gradient(w: float, b: float, dloss_dz: np.ndarray) -> np.ndarray:
    """(dJ/dw, dJ/db) from dJ/dz per data point: z = w x + b, J a mean over points."""
    return np.array([np.mean(dloss_dz * X_DATA), np.mean(dloss_dz)])


def linear_mse(w, b) -> np.ndarray:
    """mean((w x + b - y)^2): a linear neuron with mean squared error."""
    error = _weighted_inputs(w, b) - Y_DATA
    return np.mean(error * error, axis=-1)


def linear_mse_gradient(w: float, b: float) -> np.ndarray:
    return _per_point_gradient(w, b, 2.0 * (_weighted_inputs(w, b) - Y_DATA))


def sigmoid_bce(w, b) -> np.ndarray:
    """-mean(y log p + (1 - y) log(1 - p)), p = sigmoid(w x + b), written from z so it
    never takes the log of 0: log(1 + e^z) - y z."""
    z = _weighted_inputs(w, b)
    softplus = np.maximum(z, 0.0) + np.log1p(np.exp(-np.minimum(np.abs(z), 700.0)))
    return np.mean(softplus - Y_DATA * z, axis=-1)


def sigmoid_bce_gradient(w: float, b: float) -> np.ndarray:
    return _per_point_gradient(w, b, _sigmoid(_weighted_inputs(w, b)) - Y_DATA)  # p - y


def sigmoid_mse(w, b) -> np.ndarray:
    """mean((sigmoid(w x + b) - y)^2): a sigmoid neuron with mean squared error."""
    error = _sigmoid(_weighted_inputs(w, b)) - Y_DATA
    return np.mean(error * error, axis=-1)


def sigmoid_mse_gradient(w: float, b: float) -> np.ndarray:
    p = _sigmoid(_weighted_inputs(w, b))
    return _per_point_gradient(w, b, 2.0 * (p - Y_DATA) * p * (1.0 - p))  # times sigmoid'


@dataclass
class LossSurface:
    """A loss J(w, b) (numpy, works on grids), its gradient at one point, and what is
    known about it: the minimum, and the largest and smallest curvatures there
    (lambda_max and lambda_min, the Hessian's eigenvalues)."""

    loss: Callable
    gradient: Callable[[float, float], np.ndarray]
    minimum: np.ndarray = None
    curvature: float = 0.0   # lambda_max
    flattest: float = 0.0    # lambda_min
    grid: tuple = ()

    def hessian(self, point: np.ndarray, h: float = 1e-5) -> np.ndarray:
        """The 2 x 2 matrix of second derivatives, by centred differences of the gradient."""
        columns = [(self.gradient(*(point + h * e)) - self.gradient(*(point - h * e))) / (2 * h)
                   for e in np.eye(2)]
        return 0.5 * (np.column_stack(columns) + np.column_stack(columns).T)

    def settle(self) -> None:
        """Find the minimum (Newton's method from the best grid point) and its curvatures."""
        X, Y, Z = self.grid = grid_values(self.loss, BOX, BOX, n=60)
        point = np.array([X.flat[np.argmin(Z)], Y.flat[np.argmin(Z)]])
        for _ in range(50):
            step = np.linalg.solve(self.hessian(point), self.gradient(*point))
            point = point - step
            if np.max(np.abs(step)) < 1e-12:
                break
        self.minimum = point
        self.flattest, self.curvature = (float(v) for v in np.linalg.eigvalsh(
            self.hessian(point))[[0, -1]])


SURFACES = {
    "linear neuron, MSE": LossSurface(linear_mse, linear_mse_gradient),
    "sigmoid neuron, cross-entropy": LossSurface(sigmoid_bce, sigmoid_bce_gradient),
    "sigmoid neuron, MSE": LossSurface(sigmoid_mse, sigmoid_mse_gradient),
}
for _surface in SURFACES.values():
    _surface.settle()  # once, at import: the explorer only follows paths


def descend(surface: LossSurface, start, learning_rate: float,
            steps: int) -> tuple[np.ndarray, int | None]:
    """Gradient descent from ``start``: the points visited, (steps + 1, 2) or fewer, and the
    step at which the run diverged (None if it did not). A run diverges when a parameter
    passes 1e6 or the loss grows to 100 times its starting value; the step that does it
    is the last point kept."""
    path = [np.asarray(start, dtype=float)]
    too_high = BLOWN_UP * max(float(surface.loss(*path[0])), 1e-3)
    for step in range(1, steps + 1):
        point = path[-1] - learning_rate * surface.gradient(*path[-1])
        if not np.all(np.abs(point) < ESCAPED):
            return np.array(path), step
        path.append(point)
        if surface.loss(*point) > too_high:
            return np.array(path), step
    return np.array(path), None


def step_factors(surface: LossSurface, learning_rate: float) -> tuple[float, float]:
    """|1 - rate * lambda_max| and |1 - rate * lambda_min|: what one step multiplies the
    distance to the minimum by, along the steepest and the flattest direction (exact on a
    quadratic, and near the minimum of any smooth surface)."""
    return (abs(1.0 - learning_rate * surface.curvature),
            abs(1.0 - learning_rate * surface.flattest))


def compute(surface: str = "linear neuron, MSE", learning_rate: float = 0.3,
            start_w: float = -4.0, start_b: float = 4.0, steps: int = 40) -> dict:
    """Follow gradient descent on the chosen surface; the readout gives the final loss or
    the step at which the run diverged, and what one step does near the minimum."""
    if surface not in SURFACES:
        raise ValueError(f"surface: unknown surface {surface!r}; known ones are "
                         f"{', '.join(SURFACES)}")
    name, chosen = surface, SURFACES[surface]
    rate = number_in(learning_rate, "learning_rate", 0.0, 1e3, include_low=False)
    start = (number_in(start_w, "start_w", -1e3, 1e3), number_in(start_b, "start_b", -1e3, 1e3))
    path, diverged_at = descend(chosen, start, rate, positive_int(steps, "steps"))
    losses = chosen.loss(path[:, 0], path[:, 1])
    limit = 2.0 / chosen.curvature
    steep, flat = step_factors(chosen, rate)
    where = "" if name.startswith("linear") else " near the minimum"
    per_step = f"per step{where}: distance to the minimum ×{steep:.3g} along the steepest direction"
    if steep < 1:
        per_step += f", ×{flat:.4g} along the flattest"
    if diverged_at is not None:
        readout = (f"diverged at step {diverged_at}: learning rate {rate:.3g} is above "
                   f"2/λ_max = {limit:.3g}; {per_step}")
    else:
        lowest = float(chosen.loss(*chosen.minimum))
        steps_taken = len(path) - 1
        readout = (f"after {steps_taken} step{'s' if steps_taken > 1 else ''}: loss "
                   f"{losses[-1]:.4g} (lowest possible {lowest:.4g}); learning rate "
                   f"{rate:.3g}, 2/λ_max = {limit:.3g}; {per_step}")
        if steep > 1:
            readout += " (above 1: it cannot settle at the minimum)"
    return {"surface": name, "path": path, "losses": losses, "diverged_at": diverged_at,
            "minimum": chosen.minimum, "limit": limit, "steep_factor": steep,
            "flat_factor": flat, "readout": readout}


EXPLORER = register(Explorer(
    name="descent_path",
    title="Gradient descent on a loss surface",
    controls=[
        Control("surface", "choice", "linear neuron, MSE", options=tuple(SURFACES)),
        Control("learning_rate", "log", 0.3, low=0.001, high=10.0, label="learning rate"),
        Control("start_w", "float", -4.0, low=BOX[0], high=BOX[1], step=0.1,
                label="start: weight w"),
        Control("start_b", "float", 4.0, low=BOX[0], high=BOX[1], step=0.1,
                label="start: bias b"),
        Control("steps", "int", 40, low=1, high=2000, label="steps"),
    ],
    compute=compute,
    plot=partial(drawing.plot, surfaces=SURFACES, box=BOX),
    figsize=(9.0, 3.6),
    lesson="04_loss_and_gradient_descent",
    description="Learning rate, start and number of steps: the path of gradient descent "
                "across a loss surface and the loss at every step.",
))
