"""The small tools every training loop needs: split, one-hot, standardize, mini-batches.

Random draws go through a ``seed``: an int (the same int gives the same draw), a numpy
Generator, or None for nnlib's shared generator (``nnlib.set_random_seed``).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Union

import numpy as np

from .. import _random
from .._checks import as_array, number_in, positive_int

Seed = Union[int, np.random.Generator, None]   # None: nnlib's shared generator
Dataset = tuple[np.ndarray, np.ndarray]


def _generator(seed: Seed) -> np.random.Generator:
    if seed is None or isinstance(seed, np.random.Generator):
        return _random.rng(seed)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed: expected an int >= 0, a numpy Generator or None, "
                        f"got {type(seed).__name__} {seed!r}")
    return _random.rng(positive_int(seed, 'seed', minimum=0))


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
