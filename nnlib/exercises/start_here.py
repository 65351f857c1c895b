"""Lesson 00 exercise: put every column of a table on one scale, ``my_standardize(X)``.

Every later lesson standardizes its inputs before training (``nn.data.standardize``):
each column minus its own mean, divided by its own standard deviation. The checker's
table has columns of very different size, like the coffee roasts' temperature (about
200-300 °C) and duration (about 12-15 minutes), so scaling by the wrong axis shows at once.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ._core import Case, Mistake, check_function


def _standardize(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _standardize_cases() -> list[Case]:
    rng = np.random.default_rng(0)
    roasts = np.column_stack([rng.uniform(175, 260, 6), rng.uniform(12, 15, 6)])
    mixed = np.column_stack([rng.normal(-3.0, 0.5, 5), rng.normal(40.0, 9.0, 5),
                             rng.normal(0.0, 2.0, 5)])
    return [Case((roasts,), _standardize(roasts), "6 roasts: temperature, duration"),
            Case((mixed,), _standardize(mixed), "5 rows, 3 columns of different spreads")]


STANDARDIZE_MISTAKES: list[Mistake] = [
    ("the mean and spread are of the whole table, not of each column: use "
     "X.mean(axis=0) and X.std(axis=0).", lambda X: (X - X.mean()) / X.std()),
    ("the mean and spread are of each row (axis=1): a column is one feature, so average "
     "down the rows with axis=0.",
     lambda X: (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)),
    ("the columns are centred but not scaled: divide by X.std(axis=0) too.",
     lambda X: X - X.mean(axis=0)),
    ("the columns are divided by their variance: divide by the standard deviation, "
     "X.std(axis=0) (the square root of the variance).",
     lambda X: (X - X.mean(axis=0)) / X.var(axis=0)),
    ("this is the sample standard deviation (ddof=1): use numpy's default, X.std(axis=0), "
     "as nn.data.standardize does.",
     lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)),
]


def check_standardize(my_standardize: Callable) -> bool:
    """Check ``my_standardize(X)`` = (X - X.mean(axis=0)) / X.std(axis=0) for X of shape
    (m, n), returning shape (m, n) without changing X."""
    return check_function(
        my_standardize, _standardize_cases(), "my_standardize",
        hint="each column minus its mean, divided by its standard deviation: "
             "(X - X.mean(axis=0)) / X.std(axis=0).",
        mistakes=STANDARDIZE_MISTAKES, inputs_unchanged=True)
