"""The lesson data sets that nnlib makes itself, from a seed.

Each generator returns ``(X, y)``: ``X`` float64 of shape (n_samples, n_features),
``y`` int64 class labels of shape (n_samples,); ``noise`` is the standard deviation
of Gaussian noise per coordinate unless its docstring says otherwise. The same
``seed`` gives the same data. Except in the coffee sets, classes are balanced.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._checks import number_in, positive_int, positive_number
from .tools import Dataset, Seed, _generator

FRUIT_NAMES = ('apple', 'orange', 'banana', 'grape')
TEMPERATURE_RANGE = (150.0, 285.0)   # coffee: degrees C, drawn uniformly
DURATION_RANGE = (11.5, 15.5)        # coffee: minutes, drawn uniformly
ROAST_SCORE_THRESHOLD = 555.0        # coffee_linear: good when temperature + 25 * duration >= it
ROAST_SCORE_MARGIN = 10.0            # coffee_linear: no scores this close to the threshold
# Per fruit: typical weight (g), its spread, typical length/width, its spread.
# Spreads are relative (log-normal), so weights and elongations stay positive.
_FRUIT_SHAPES = np.array([
    [150.0, 0.15, 1.05, 0.06],   # apple
    [220.0, 0.14, 0.95, 0.05],   # orange
    [120.0, 0.17, 3.80, 0.12],   # banana
    [6.0, 0.30, 1.30, 0.08],     # grape
])
_SPIRAL_TURNS = 1.25


def _start(n_samples: int, noise: float, seed: Seed) -> tuple[int, float, np.random.Generator]:
    """Checked n_samples and noise, and the generator to draw from."""
    n = positive_int(n_samples, 'n_samples')
    return n, positive_number(noise, 'noise', allow_zero=True), _generator(seed)


def _balanced_labels(rng: np.random.Generator, n_samples: int, n_classes: int) -> np.ndarray:
    """Shuffled labels (n_samples,) whose class sizes differ by at most one."""
    return rng.permutation(np.arange(n_samples, dtype=np.int64) % n_classes)


def _on_circle(radius: np.ndarray | float, angle: np.ndarray) -> np.ndarray:
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])


def _roast_inputs(rng: np.random.Generator, n_samples: int) -> np.ndarray:
    return np.column_stack([rng.uniform(*TEMPERATURE_RANGE, size=n_samples),
                            rng.uniform(*DURATION_RANGE, size=n_samples)])


def coffee(n_samples: int = 200, seed: Seed = 0) -> Dataset:
    """Coffee roasts: X (n, 2) = [temperature deg C, duration min], y (n,) = 1 if good.

    Good: temperature >= 175 (else under-roasted), duration >= 12 (else too short)
    and duration <= 21 - 3 * temperature / 85 (else burnt: too hot for too long).
    These three lines bound a triangle, which one sigmoid neuron cannot fit.
    """
    X = _roast_inputs(_generator(seed), positive_int(n_samples, 'n_samples'))
    temperature, duration = X[:, 0], X[:, 1]
    good = (temperature >= 175) & (duration >= 12) & (duration <= 21 - 3 * temperature / 85)
    return X, good.astype(np.int64)


def coffee_linear(n_samples: int = 200, seed: Seed = 0) -> Dataset:
    """Coffee roasts split by one line: X (n, 2) as in ``coffee``, y (n,) = 1 if good.

    Good when roasted enough: temperature + 25 * duration >= 555. Roasts scoring
    within 10 of 555 are left out, so the classes have a visible gap.
    """
    n = positive_int(n_samples, 'n_samples')
    rng = _generator(seed)
    X = np.empty((0, 2))
    while len(X) < n:
        candidates = _roast_inputs(rng, 2 * n)
        score = candidates[:, 0] + 25 * candidates[:, 1]
        X = np.vstack([X, candidates[np.abs(score - ROAST_SCORE_THRESHOLD) >= ROAST_SCORE_MARGIN]])
    X = X[:n]
    return X, (X[:, 0] + 25 * X[:, 1] >= ROAST_SCORE_THRESHOLD).astype(np.int64)


def xor_table() -> Dataset:
    """The XOR truth table: X (4, 2) of 0s and 1s, y (4,) = x1 xor x2."""
    return np.array([[0.0, 0.0], [0, 1], [1, 0], [1, 1]]), np.array([0, 1, 1, 0], dtype=np.int64)


def fruit(n_samples: int = 200, noise: float = 1.0, seed: Seed = 0) -> Dataset:
    """Four fruits: X (n, 2) = [weight g, elongation = length/width], y (n,) in 0..3.

    Labels index ``FRUIT_NAMES``. ``noise`` scales each fruit's natural spread:
    1.0 is realistic (apples and oranges overlap a little), 0 puts each kind on a point.
    """
    n, spread, rng = _start(n_samples, noise, seed)
    y = _balanced_labels(rng, n, len(FRUIT_NAMES))
    weight, weight_spread, elongation, elongation_spread = _FRUIT_SHAPES[y].T
    z = rng.standard_normal((n, 2))
    X = np.column_stack([weight * np.exp(spread * weight_spread * z[:, 0]),
                         elongation * np.exp(spread * elongation_spread * z[:, 1])])
    return X, y


def _labelled_points(n_samples: int, noise: float, n_classes: int, seed: Seed,
                     place: Callable[[np.random.Generator, np.ndarray, int], np.ndarray]
                     ) -> Dataset:
    """The recipe of every set below: balanced labels y (n,), the noiseless points (n, 2)
    ``place(rng, y, n_classes)`` puts them at, and Gaussian noise of std ``noise`` on top."""
    n, sigma, rng = _start(n_samples, noise, seed)
    k = positive_int(n_classes, 'n_classes', minimum=2)
    y = _balanced_labels(rng, n, k)
    return place(rng, y, k) + sigma * rng.standard_normal((n, 2)), y


def moons(n_samples: int = 200, noise: float = 0.1, seed: Seed = 0) -> Dataset:
    """Two interleaved half circles: class 0 the upper one round (0, 0), class 1 the lower
    one round (1, 0.5), both of radius 1."""
    def place(rng, y, _):
        upper = _on_circle(1.0, rng.uniform(0.0, np.pi, size=len(y)))
        return np.where(y[:, None] == 0, upper, np.array([1.0, 0.5]) - upper)
    return _labelled_points(n_samples, noise, 2, seed, place)


def circles(n_samples: int = 200, noise: float = 0.05, factor: float = 0.5,
            seed: Seed = 0) -> Dataset:
    """A ring of radius 1 (class 0) around one of radius 0 < ``factor`` < 1 (class 1)."""
    inner = number_in(factor, 'factor', 0.0, 1.0, include_low=False, include_high=False)
    return _labelled_points(n_samples, noise, 2, seed, lambda rng, y, _: _on_circle(
        np.where(y == 0, 1.0, inner), rng.uniform(0.0, 2 * np.pi, size=len(y))))


def xor(n_samples: int = 200, noise: float = 0.35, seed: Seed = 0) -> Dataset:
    """Four blobs centred at (+-1, +-1): X (n, 2), y (n,) = 1 where sign(x1) != sign(x2).

    Each point keeps the label of its blob's quadrant, so a large ``noise`` (the
    blobs' standard deviation) lets points stray across the axes.
    """
    def place(rng, y, _):
        sign_1 = rng.choice([-1.0, 1.0], size=len(y))
        return np.column_stack([sign_1, np.where(y == 0, sign_1, -sign_1)])
    return _labelled_points(n_samples, noise, 2, seed, place)


def spiral(n_samples: int = 200, noise: float = 0.04, n_classes: int = 2,
           seed: Seed = 0) -> Dataset:
    """``n_classes`` arms of 1.25 turns out to radius 1 (noise: std per coordinate)."""
    def place(rng, y, k):
        along = np.sqrt(rng.uniform(0.0, 1.0, size=len(y)))  # sqrt: outer turns are longer
        return _on_circle(0.1 + 0.9 * along, 2 * np.pi * (y / k + _SPIRAL_TURNS * along))
    return _labelled_points(n_samples, noise, n_classes, seed, place)


def gaussians(n_samples: int = 200, noise: float = 0.5, n_classes: int = 2,
              seed: Seed = 0) -> Dataset:
    """One round blob per class (noise: its std), centred on a circle of radius 2."""
    return _labelled_points(n_samples, noise, n_classes, seed, lambda rng, y, k: _on_circle(
        2.0, np.pi / 4 + 2 * np.pi * y / k))


GENERATED: dict[str, Callable[..., Dataset]] = {
    'coffee': coffee, 'coffee_linear': coffee_linear, 'fruit': fruit, 'moons': moons,
    'circles': circles, 'xor': xor, 'spiral': spiral, 'gaussians': gaussians,
}


GENERATED: dict[str, Callable[..., Dataset]] = {
    'coffee': coffee, 'coffee_linear': coffee_linear, 'fruit': fruit, 'moons': moons,
    'circles': circles, 'xor': xor, 'spiral': spiral, 'gaussians': gaussians,
}
