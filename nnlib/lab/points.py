"""The playground's data sets, in the plane [-6, 6]².

Classification sets (``circle``, ``xor``, ``gaussians``, ``spiral`` and the three-class
``three_classes``) give integer labels; regression sets (``plane`` and ``bumps``, as
TensorFlow Playground has) give a number in [-1, 1] at each point. Either kind serves
either problem: for regression a label k of K classes becomes the number 2k/(K-1) - 1,
and for classification a number becomes the class ``number > 0``.
"""
from __future__ import annotations

import numpy as np

from .. import _random, data
from .._checks import number_in, one_of

PLANE = 6.0  # the picture shows x1 and x2 from -6 to 6
N_POINTS = 400
# each classification set: its generator, its number of classes, the spread its clusters
# have at noise 0, and the factor that takes its native size (radius about 1) to the plane
CLASSIFICATION = {"circle": (data.circles, 2, 0.0, 5.0), "xor": (data.xor, 2, 0.3, 3.0),
                  "gaussians": (data.gaussians, 2, 0.4, 1.5),
                  "spiral": (data.spiral, 2, 0.0, 5.0),
                  "three_classes": (data.gaussians, 3, 0.4, 1.5)}
REGRESSION = ("plane", "bumps")
DATASETS = tuple(CLASSIFICATION) + REGRESSION
PROBLEMS = ("classification", "regression")
# Gaussian bumps: (x1, x2, height) of each, and their width
BUMPS = ((-3.5, 3.0, 1.0), (0.0, 3.0, -1.0), (3.5, 3.0, 1.0),
         (-3.5, -3.0, -1.0), (0.0, -3.0, 1.0), (3.5, -3.0, -1.0))
BUMP_WIDTH = 1.4


def regression_value(dataset: str, X: np.ndarray) -> np.ndarray:
    """The noiseless number in [-1, 1] that ``plane`` or ``bumps`` gives at points X."""
    if dataset == "plane":
        return np.clip((X[:, 0] + X[:, 1]) / (2 * PLANE), -1.0, 1.0)
    value = sum(height * np.exp(-((X[:, 0] - a) ** 2 + (X[:, 1] - b) ** 2)
                                / (2 * BUMP_WIDTH ** 2)) for a, b, height in BUMPS)
    return np.clip(value, -1.0, 1.0)


def _points(dataset: str, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray, int]:
    """X (n, 2), its targets, and the number of classes (0 for a regression set)."""
    if dataset in REGRESSION:
        rng = _random.rng(seed)
        X = rng.uniform(-PLANE, PLANE, size=(N_POINTS, 2))
        y = regression_value(dataset, X) + noise * rng.normal(size=N_POINTS)
        return X, np.clip(y, -1.0, 1.0), 0
    make, n_classes, spread, scale = CLASSIFICATION[dataset]
    extra = {"n_classes": n_classes} if n_classes > 2 else {}
    X, y = make(N_POINTS, noise=spread + noise, seed=seed, **extra)
    return np.clip(scale * X, -PLANE, PLANE), y, n_classes  # far-flung points stay visible


def as_problem(y: np.ndarray, n_classes: int, problem: str) -> tuple[np.ndarray, int]:
    """Targets for ``problem``, and its number of classes (0 for regression)."""
    if problem == "regression":
        if n_classes:
            return 2.0 * y / (n_classes - 1) - 1.0, 0
        return y.astype(float), 0
    if n_classes:
        return y.astype(np.int64), n_classes
    return (y > 0).astype(np.int64), 2


def make_data(dataset: str = "circle", noise: float = 0.1, train_fraction: float = 0.5,
              seed: int = 0, problem: str = "classification"):
    """X_train (n_train, 2), X_test (n_test, 2), y_train, y_test and the number of
    classes (0 for regression): ``N_POINTS`` points in the plane [-6, 6]². ``noise`` is
    added to the clusters' own spread, in units of the set's native size (radius about
    1); for a regression set it is the spread of the noise added to each number."""
    one_of(dataset, "dataset", DATASETS)
    noise = number_in(noise, "noise", 0.0, 1.0)
    X, y, n_classes = _points(dataset, noise, seed)
    y, n_classes = as_problem(y, n_classes, one_of(problem, "problem", PROBLEMS))
    X_train, X_test, y_train, y_test = data.train_test_split(
        X, y, test_fraction=1.0 - number_in(train_fraction, "train_fraction", 0.1, 0.9),
        seed=seed)
    return X_train, X_test, y_train, y_test, n_classes


def plane_points(resolution: int) -> np.ndarray:
    """A resolution x resolution grid over [-6, 6]², row by row from the bottom: (r², 2)."""
    side = np.linspace(-PLANE, PLANE, resolution)
    grid_x, grid_y = np.meshgrid(side, side)
    return np.column_stack([grid_x.ravel(), grid_y.ravel()])


def _own_problem(y: np.ndarray, problem: str | None) -> str:
    """The problem a learner's targets ask for: whole numbers with few distinct values are
    class labels, anything else is a regression target; ``problem`` overrides."""
    if problem is not None:
        return one_of(problem, "problem", PROBLEMS)
    whole = np.all(np.equal(np.mod(y, 1), 0))
    return "classification" if whole and len(np.unique(y)) <= 10 else "regression"


def own_data(data_: object, train_fraction: float = 0.5, seed: int = 0,
             problem: str | None = None):
    """A learner's own ``data = (X, y)`` as :func:`make_data` gives a built-in set.

    X (n, 2) is moved and scaled, each column on its own, to fill the plane [-6, 6]²;
    class labels (any whole numbers) become 0 .. K-1 in sorted order; a regression
    target is scaled to [-1, 1], the range the picture colours. Returns
    (X_train, X_test, y_train, y_test, n_classes, problem).
    """
    def bad(what: str) -> ValueError:
        return ValueError(f"data: expected a pair (X, y) with X of shape (n, 2), n >= 10, "
                          f"and y of n finite class labels or numbers; {what}")

    try:
        X, y = data_
    except (TypeError, ValueError):
        raise bad(f"got {type(data_).__name__} {data_!r:.80}") from None
    try:
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    except (TypeError, ValueError) as error:
        raise bad(f"could not read them as numbers ({error})") from None
    if X.ndim != 2 or X.shape[1] != 2:
        raise bad(f"got X of shape {X.shape}")
    y = y.reshape(-1) if y.ndim == 2 and 1 in y.shape else y
    if y.ndim != 1 or len(y) != len(X):
        raise bad(f"got X of shape {X.shape} and y of shape {y.shape}")
    if len(X) < 10:
        raise bad(f"got only {len(X)} points")
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
        raise bad("got NaN or infinite values")
    problem = _own_problem(y, problem)
    low, high = X.min(axis=0), X.max(axis=0)
    half = np.where(high > low, (high - low) / 2, 1.0)
    X = (X - (low + high) / 2) / half * (PLANE * 0.95)
    if problem == "classification":
        labels, y = np.unique(y, return_inverse=True)
        if len(labels) < 2:
            raise bad(f"got a single class ({labels[0]:g}): classification needs two or more")
        n_classes = len(labels)
    else:
        spread = np.max(np.abs(y - (y.max() + y.min()) / 2))
        y = (y - (y.max() + y.min()) / 2) / (spread if spread > 0 else 1.0)
        n_classes = 0
    X_train, X_test, y_train, y_test = data.train_test_split(
        X, y, test_fraction=1.0 - number_in(train_fraction, "train_fraction", 0.1, 0.9),
        seed=seed)
    return X_train, X_test, y_train, y_test, n_classes, problem
