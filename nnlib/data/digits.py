"""The 8x8 handwritten digits (lessons 06, 07, 10 and 11), whole or as a fixed subset.

``digits()`` returns all 1797 images; ``digits_subset(n_train, n_test, seed)`` returns
the same training and test digits every time it is asked for the same ones, drawn once
and shared (read-only), so explorers that train on a few hundred digits do not each
keep a copy of their own.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np

from .._checks import positive_int
from .tools import Dataset

N_DIGITS, N_CLASSES = 1797, 10  # images in the data set, and digits 0 to 9


def digits(scale: bool = True) -> Dataset:
    """The 8x8 handwritten digits (the copy scikit-learn bundles, stored inside nnlib):
    X (1797, 64) pixels, y (1797,) in 0..9.

    Pixels run from 0 to 16; ``scale=True`` divides them by 16, into [0, 1].
    """
    pixels, labels = _stored_digits()
    X = pixels.astype(np.float64)
    return (X / 16.0 if scale else X), labels.astype(np.int64)


@lru_cache(maxsize=1)
def _stored_digits() -> tuple[np.ndarray, np.ndarray]:
    with resources.as_file(resources.files(__package__) / "stored" / "digits.npz") as path, \
            np.load(path, allow_pickle=False) as stored:
        return stored["pixels"], stored["labels"]


@lru_cache(maxsize=None)
def digits_subset(n_train: int, n_test: int = 0, seed: int | None = 0,
                  balanced: bool = False
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X_train (n_train, 64), X_test (n_test, 64), y_train (n_train,), y_test (n_test,):
    a fixed subset of the digits, pixels scaled into [0, 1].

    seed: an int shuffles the 1797 digits with ``numpy.random.default_rng(seed)``; None
    keeps the data set's own order. As in ``train_test_split``, the test digits are the
    first ``n_test`` of that order and the training digits the next ``n_train``. With
    ``balanced``, each class gives the same number instead (n_train and n_test multiples
    of 10): the first n_test / 10 digits of each class for testing, the next n_train / 10
    for training. Each set keeps the rows in the data set's own order.

    Made once per setting and shared by every caller, so the arrays are read-only: copy
    one (``X.copy()``, ``X.astype(np.float32)``) to change it.
    """
    X, y = digits(scale=True)
    n_train = positive_int(n_train, 'n_train')
    n_test = positive_int(n_test, 'n_test', minimum=0)
    if n_train + n_test > len(X):
        raise ValueError(f"n_train, n_test: expected at most {len(X)} digits in all, got "
                         f"{n_train} + {n_test} = {n_train + n_test}")
    if seed is not None:
        seed = positive_int(seed, 'seed', minimum=0)
    order = np.arange(len(X)) if seed is None else np.random.default_rng(seed).permutation(len(X))
    if balanced:
        test, train = _balanced_picks(order, y, n_test, n_train)
    else:
        test, train = order[:n_test], order[n_test:n_test + n_train]
    subset = []
    for picks in (train, test):
        picks = np.sort(picks)
        subset += [X[picks], y[picks]]
    for array in subset:
        array.flags.writeable = False
    X_train, y_train, X_test, y_test = subset
    return X_train, X_test, y_train, y_test


def _balanced_picks(order: np.ndarray, y: np.ndarray, n_test: int, n_train: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Indices of n_test and then n_train digits, a tenth of each from every class, taken
    from each class's digits in ``order``."""
    if n_test % N_CLASSES or n_train % N_CLASSES:
        raise ValueError(f"n_train, n_test: a balanced subset takes the same number of each "
                         f"of the {N_CLASSES} classes, so expected multiples of {N_CLASSES}, "
                         f"got {n_train} and {n_test}")
    per_class = [order[y[order] == label] for label in range(N_CLASSES)]
    fewest = min(len(digits_of_class) for digits_of_class in per_class)
    test_each, train_each = n_test // N_CLASSES, n_train // N_CLASSES
    if test_each + train_each > fewest:
        raise ValueError(f"n_train, n_test: a balanced subset can take at most {fewest} digits "
                         f"of each class, got {test_each} + {train_each}")
    test = np.concatenate([picks[:test_each] for picks in per_class])
    train = np.concatenate([picks[test_each:test_each + train_each] for picks in per_class])
    return test, train
