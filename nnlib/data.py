"""The lesson data sets, and the small tools every training loop needs.

Each generator returns ``(X, y)``: ``X`` float64 of shape (n_samples, n_features),
``y`` int64 class labels of shape (n_samples,); ``noise`` is the standard deviation
of Gaussian noise per coordinate unless its docstring says otherwise. The same
``seed`` gives the same data. Except in the coffee sets, classes are balanced.

- ``coffee``: roasts by temperature (deg C) and duration (min); good roasts fill
  a triangle, so one neuron cannot fit them but three can (lessons 01 and 03).
- ``coffee_linear``: the same inputs, good = roasted enough, one straight line (01).
- ``xor_table``: the four rows of XOR, which no single neuron gets right (01).
- ``moons``: two interleaved half circles (05).
- ``fruit``: apple, orange, banana, grape by weight and elongation (09).
- ``circles``, ``xor``, ``spiral``, ``gaussians``: playground shapes (11).
- ``digits``: scikit-learn's 8x8 handwritten digits (07 and 11).

Tools: ``train_test_split``, ``one_hot``, ``standardize``, ``minibatches``.
``load_csv(name)`` reads the stored copy ``data/<name>.csv`` of a generated set;
``write_csvs(folder)`` regenerates every file from the generators' defaults.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Union

import numpy as np

from nnlib import _random
from nnlib._checks import as_array, number_in, one_of, positive_int, positive_number

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

Seed = Union[int, np.random.Generator, None]   # None: nnlib's shared generator
Dataset = tuple[np.ndarray, np.ndarray]


def _generator(seed: Seed) -> np.random.Generator:
    if seed is None or isinstance(seed, np.random.Generator):
        return _random.rng(seed)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed: expected an int >= 0, a numpy Generator or None, "
                        f"got {type(seed).__name__} {seed!r}")
    return _random.rng(positive_int(seed, 'seed', minimum=0))


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


def moons(n_samples: int = 200, noise: float = 0.1, seed: Seed = 0) -> Dataset:
    """Two interleaved half circles: class 0 the upper one round (0, 0), class 1 the lower
    one round (1, 0.5), both of radius 1."""
    n, sigma, rng = _start(n_samples, noise, seed)
    y = _balanced_labels(rng, n, 2)
    upper = _on_circle(1.0, rng.uniform(0.0, np.pi, size=n))
    lower = np.array([1.0, 0.5]) - upper
    X = np.where(y[:, None] == 0, upper, lower)
    return X + sigma * rng.standard_normal((n, 2)), y


def circles(n_samples: int = 200, noise: float = 0.05, factor: float = 0.5,
            seed: Seed = 0) -> Dataset:
    """A ring of radius 1 (class 0) around one of radius 0 < ``factor`` < 1 (class 1)."""
    n, sigma, rng = _start(n_samples, noise, seed)
    inner = number_in(factor, 'factor', 0.0, 1.0, include_low=False, include_high=False)
    y = _balanced_labels(rng, n, 2)
    X = _on_circle(np.where(y == 0, 1.0, inner), rng.uniform(0.0, 2 * np.pi, size=n))
    return X + sigma * rng.standard_normal((n, 2)), y


def xor(n_samples: int = 200, noise: float = 0.35, seed: Seed = 0) -> Dataset:
    """Four blobs centred at (+-1, +-1): X (n, 2), y (n,) = 1 where sign(x1) != sign(x2).

    Each point keeps the label of its blob's quadrant, so a large ``noise`` (the
    blobs' standard deviation) lets points stray across the axes.
    """
    n, sigma, rng = _start(n_samples, noise, seed)
    y = _balanced_labels(rng, n, 2)
    sign_1 = rng.choice([-1.0, 1.0], size=n)
    centres = np.column_stack([sign_1, np.where(y == 0, sign_1, -sign_1)])
    return centres + sigma * rng.standard_normal((n, 2)), y


def spiral(n_samples: int = 200, noise: float = 0.04, n_classes: int = 2,
           seed: Seed = 0) -> Dataset:
    """``n_classes`` arms of 1.25 turns out to radius 1 (noise: std per coordinate)."""
    n, sigma, rng = _start(n_samples, noise, seed)
    k = positive_int(n_classes, 'n_classes', minimum=2)
    y = _balanced_labels(rng, n, k)
    along = np.sqrt(rng.uniform(0.0, 1.0, size=n))  # sqrt: outer turns are longer
    X = _on_circle(0.1 + 0.9 * along, 2 * np.pi * (y / k + _SPIRAL_TURNS * along))
    return X + sigma * rng.standard_normal((n, 2)), y


def gaussians(n_samples: int = 200, noise: float = 0.5, n_classes: int = 2,
              seed: Seed = 0) -> Dataset:
    """One round blob per class (noise: its std), centred on a circle of radius 2."""
    n, sigma, rng = _start(n_samples, noise, seed)
    k = positive_int(n_classes, 'n_classes', minimum=2)
    y = _balanced_labels(rng, n, k)
    centres = _on_circle(2.0, np.pi / 4 + 2 * np.pi * y / k)
    return centres + sigma * rng.standard_normal((n, 2)), y


def digits(scale: bool = True) -> Dataset:
    """scikit-learn's 8x8 handwritten digits: X (1797, 64) pixels, y (1797,) in 0..9.

    Pixels run from 0 to 16; ``scale=True`` divides them by 16, into [0, 1].
    """
    try:
        from sklearn.datasets import load_digits
    except ImportError as error:
        raise ImportError("digits() reads the copy of the data that ships with "
                          "scikit-learn, which is not installed: pip install scikit-learn"
                          ) from error
    bunch = load_digits()
    X = np.asarray(bunch.data, dtype=np.float64)
    return (X / 16.0 if scale else X), np.asarray(bunch.target, dtype=np.int64)


def train_test_split(X: Any, y: Any, test_fraction: float = 0.25, seed: Seed = 0
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle, then split: X_train, X_test, y_train, y_test.

    X (n, d); y (n,) or (n, k) keeps its dtype; round(n * test_fraction) examples
    (at least 1, at most n - 1) go to the test set.
    """
    features = as_array(X, 'X', ndim=2)
    as_array(y, 'y', ndim=(1, 2))
    labels = np.asarray(y)
    _same_length(features, labels)
    fraction = number_in(test_fraction, 'test_fraction', 0.0, 1.0,
                         include_low=False, include_high=False)
    n = len(features)
    if n < 2:
        raise ValueError(f"X: expected at least 2 examples to split, got {n}")
    n_test = min(max(round(fraction * n), 1), n - 1)
    order = _generator(seed).permutation(n)
    test, train = order[:n_test], order[n_test:]
    return features[train], features[test], labels[train], labels[test]


def one_hot(y: Any, num_classes: int | None = None) -> np.ndarray:
    """Labels y (n,) -> float64 (n, num_classes), a 1 in each label's column.

    ``num_classes`` defaults to the largest label + 1: one_hot([2, 0]) is
    [[0, 0, 1], [1, 0, 0]].
    """
    values = as_array(y, 'y', ndim=1)
    bad = values[(values < 0) | (values != np.round(values))]
    if bad.size:
        raise ValueError(f"y: expected non-negative whole-number class labels, "
                         f"got {bad.size} other value(s) such as {float(bad[0])!r}")
    labels = values.astype(np.int64)
    largest = int(labels.max()) if labels.size else -1
    k = largest + 1 if num_classes is None else positive_int(num_classes, 'num_classes')
    if largest >= k:
        raise ValueError(f"y: expected labels from 0 to {k - 1} (num_classes={k}), "
                         f"got label {largest}")
    encoded = np.zeros((len(labels), k))
    encoded[np.arange(len(labels)), labels] = 1.0
    return encoded


def standardize(X: Any, mean: Any = None, std: Any = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Z = (X - mean) / std per column, with the mean (d,) and std (d,) used.

    Without ``mean`` and ``std`` they are X's own, and columns that do not vary
    keep std 1. To standardize test data, pass the training set's mean and std.
    """
    data = as_array(X, 'X', ndim=2)
    if (mean is None) != (std is None):
        raise ValueError(f"mean, std: expected both (the training set's) or neither, got "
                         f"only {'mean' if std is None else 'std'}")
    if mean is None:
        if len(data) == 0:
            raise ValueError("X: expected at least one row to take a mean of, got 0 rows")
        mean, std = data.mean(axis=0), data.std(axis=0)
        std = np.where(std <= 1e-12 * np.abs(mean), 1.0, std)  # constant column: no scaling
    else:
        mean, std = as_array(mean, 'mean', ndim=1), as_array(std, 'std', ndim=1)
        for name, value in (('mean', mean), ('std', std)):
            if value.shape != (data.shape[1],):
                raise ValueError(f"{name}: expected shape ({data.shape[1]},) for X's "
                                 f"{data.shape[1]} columns, got shape {value.shape}")
        if np.any(std <= 0):
            raise ValueError(f"std: expected numbers > 0, got {float(std.min())!r}")
    return (data - mean) / std, mean, std


def minibatches(X: Any, y: Any, batch_size: int, shuffle: bool = True,
                seed: Seed = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield (X_batch, y_batch) pairs that use every example exactly once.

    Each batch holds ``batch_size`` rows (the last may hold fewer); with ``shuffle``
    the order is drawn anew, from nnlib's shared generator unless ``seed`` is given.
    """
    features, labels = np.asarray(X), np.asarray(y)
    _same_length(features, labels)
    size = positive_int(batch_size, 'batch_size')
    n = len(features)
    order = _generator(seed).permutation(n) if shuffle else np.arange(n)
    return ((features[order[start:start + size]], labels[order[start:start + size]])
            for start in range(0, n, size))


def _same_length(features: np.ndarray, labels: np.ndarray) -> None:
    if features.ndim == 0 or labels.ndim == 0 or len(features) != len(labels):
        count = [len(a) if a.ndim else 'a scalar' for a in (features, labels)]
        raise ValueError(f"X, y: expected one label per example, got X with {count[0]} "
                         f"rows and y with {count[1]}")


GENERATED: dict[str, Callable[..., Dataset]] = {
    'coffee': coffee, 'coffee_linear': coffee_linear, 'fruit': fruit, 'moons': moons,
    'circles': circles, 'xor': xor, 'spiral': spiral, 'gaussians': gaussians,
}
FEATURE_NAMES = {name: ('x1', 'x2') for name in GENERATED}
FEATURE_NAMES.update(coffee=('temperature_c', 'duration_min'),
                     coffee_linear=('temperature_c', 'duration_min'),
                     fruit=('weight_g', 'elongation'))
CSV_FLOAT_FORMAT = '%.10g'   # 10 significant digits: relative rounding error <= 5e-10
DATA_FOLDER = Path(__file__).resolve().parent.parent / 'data'


def load_csv(name: str) -> Dataset:
    """The stored copy ``data/<name>.csv`` of a generated set: X (n, 2) float64, y (n,) int64."""
    key = one_of(name, 'name', GENERATED)
    path = DATA_FOLDER / f'{key}.csv'
    if not path.is_file():
        raise FileNotFoundError(f"name: no file {path.name} in the data folder {DATA_FOLDER}; "
                                f"nnlib.data.write_csvs(folder) writes it")
    table = np.loadtxt(path, delimiter=',', skiprows=1, ndmin=2)
    return table[:, :-1].astype(np.float64), table[:, -1].astype(np.int64)


def write_csvs(folder: str | Path) -> list[Path]:
    """Write ``<name>.csv`` for every generated set, made with default arguments.

    Header row: the feature names, then ``label``; floats as ``CSV_FLOAT_FORMAT``.
    Returns the paths written.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in GENERATED.items():
        X, y = make()
        path = target / f'{name}.csv'
        np.savetxt(path, np.column_stack([X, y]), delimiter=',', comments='',
                   header=','.join(FEATURE_NAMES[name] + ('label',)),
                   fmt=[CSV_FLOAT_FORMAT] * X.shape[1] + ['%d'])
        written.append(path)
    return written
