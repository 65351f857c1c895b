"""Lesson 08 exercises: inverted dropout by hand.

``my_inverted_dropout(x, mask, rate)`` applies a given keep-mask and the 1/(1 - rate)
scale; its expected answers come from nnlib's own ``Dropout`` layer. ``my_dropout_forward(x,
rate, rng)`` also draws the mask, so no single answer is right: its checker tests the
properties every correct answer has (each unit is 0 or x / (1 - rate), about 1 - rate of
them are kept, the draws come from ``rng``, rate 0 and rate 1 behave).
"""
from __future__ import annotations

import warnings
from typing import Callable

import numpy as np

from ..layers import Dropout
from ..percents import share
from ._core import Case, Mistake, check_function


def _inverted_cases() -> list[Case]:
    rng = np.random.default_rng(808)
    cases = []
    for shape, rate, description in (((4, 6), 0.5, "rate 0.5, a batch of 4 examples"),
                                     ((3, 5), 0.2, "rate 0.2"),
                                     ((2, 3), 0.0, "rate 0: every unit kept")):
        x = rng.normal(0.0, 1.0, size=shape)
        layer = Dropout(rate, seed=int(rng.integers(1000)))
        expected = layer.forward(x, training=True)
        keep = layer.mask != 0 if layer.mask is not None else np.ones(shape, dtype=bool)
        cases.append(Case((x, keep, rate), expected, description))
    return cases


INVERTED_MISTAKES: list[Mistake] = [
    (("the kept units were not scaled: divide them by (1 - rate), so that on average the "
     "output equals x."), lambda x, mask, rate: x * mask),
    ("you multiplied by (1 - rate) instead of dividing by it.",
     lambda x, mask, rate: x * mask * (1 - rate)),
    ("you divided by rate; the scale is 1 / (1 - rate), one over the fraction kept.",
     lambda x, mask, rate: x * mask / rate if rate else x * mask),
]


def check_inverted_dropout(my_inverted_dropout: Callable) -> bool:
    """``my_inverted_dropout(x, mask, rate)``: x (n, units); mask (n, units) of True (kept) and
    False (dropped); rate in [0, 1). Returns x where kept, scaled by 1 / (1 - rate); 0 elsewhere.
    """
    return check_function(my_inverted_dropout, _inverted_cases(), "my_inverted_dropout",
                  hint="keep x where mask is True, 0 elsewhere, and divide by (1 - rate).",
                  mistakes=INVERTED_MISTAKES)


def _not_done(name: str, printer: Callable[[str], None]) -> bool:
    printer(f"… {name}: not done yet. Fill in the function, run its cell, then run this "
            f"check again.")
    return False


def check_dropout_forward(my_dropout_forward: Callable,
                          printer: Callable[[str], None] = print) -> bool:
    """``my_dropout_forward(x, rate, rng)``: x (n, units), rate in [0, 1], rng a numpy
    Generator to draw the mask from. Returns the training-time output, shape of x."""
    name = "my_dropout_forward"
    x = np.random.default_rng(809).uniform(0.5, 1.5, size=(200, 50))
    rate = 0.3

    def call(rate_: float, seed: int):
        with warnings.catch_warnings(), np.errstate(all="raise"):
            warnings.simplefilter("error")
            return my_dropout_forward(x.copy(), rate_, np.random.default_rng(seed))

    def fail(message: str, hint: str) -> bool:
        printer(f"✗ {name}, {message}")
        printer(f"  Hint: {hint}")
        return False

    try:
        answer = call(rate, 1)
    except NotImplementedError:
        return _not_done(name, printer)
    except Exception as error:  # noqa: BLE001 (the learner's code may fail in any way)
        return fail(f"rate {rate}: your function raised {type(error).__name__}: {error}",
                    "draw keep = rng.random(x.shape) >= rate, then return x * keep / (1 - rate).")
    if answer is None or answer is Ellipsis:
        return _not_done(name, printer)
    if not isinstance(answer, np.ndarray):
        return fail(f"expected a numpy array, got {type(answer).__name__}.",
                    "build the output with numpy: x * keep / (1 - rate).")
    if answer.shape != x.shape:
        return fail(f"expected the shape of x, {x.shape}, got {answer.shape}.",
                    "draw one mask entry per unit: rng.random(x.shape).")
    scaled = x / (1 - rate)
    dropped, kept = answer == 0, np.isclose(answer, scaled)
    if not np.all(dropped | kept):
        unscaled = np.isclose(answer, x) & ~dropped
        if np.all(dropped | unscaled):
            return fail("the kept units equal x: they were not scaled.",
                        "divide the kept units by (1 - rate), so that on average the output "
                        "equals x (the expected activation in training = the inference one).")
        return fail("some units are neither 0 nor x / (1 - rate).",
                    "each unit is dropped (0) or kept and scaled: x / (1 - rate).")
    # a fair mask decides every unit of every example on its own: no row (an example) or
    # column (a unit) of 50 or 200 entries comes out all kept or all dropped
    whole_rows = np.all(kept.all(axis=1) | dropped.all(axis=1))
    whole_columns = np.all(kept.all(axis=0) | dropped.all(axis=0))
    if whole_rows or whole_columns:
        what = ("each example is kept or dropped whole: one choice per row"
                if whole_rows else "every example drops the same units: one mask for all rows")
        return fail(f"{what}.", "draw one random number per unit of every example, "
                                "rng.random(x.shape), not rng.random((n, 1)) or "
                                "rng.random(x.shape[1]).")
    fraction = float(np.mean(kept))
    # a fair draw keeps 1 - rate of the units, give or take sqrt(p (1 - p) / n) = 0.0046 here;
    # 6 of those (0.028) is a margin no correct answer misses
    margin = 6 * np.sqrt(rate * (1 - rate) / x.size)
    if abs(fraction - (1 - rate)) > margin:
        if abs(fraction - rate) <= margin:
            shown = share(fraction, 1, strip=False)
            return fail(f"rate {rate}: you kept {shown} of the units.",
                        "rate is the fraction DROPPED: keep a unit when rng.random() >= rate, "
                        "so that 1 - rate of them survive.")
        shown = share(fraction, 1, strip=False)
        return fail(f"rate {rate}: you kept {shown} of the units, expected about "
                    f"{1 - rate:.0%}.", "keep a unit when rng.random(x.shape) >= rate.")
    if not np.array_equal(call(rate, 1), answer):
        return fail("two calls with generators of the same seed gave different masks.",
                    "draw every random number from the rng argument (rng.random(...)), not "
                    "from np.random.")
    if np.array_equal(call(rate, 2), answer):
        return fail("generators with different seeds gave the same mask.",
                    "draw the mask from the rng argument; do not make a new generator inside.")
    try:
        unchanged, silent = call(0.0, 3), call(1.0, 4)
    except Exception as error:  # noqa: BLE001 (the learner's code may fail in any way)
        return fail(f"rate 0 or 1: your function raised {type(error).__name__}: {error}",
                    "at rate 1.0 every unit is dropped: return np.zeros_like(x) before "
                    "dividing by 1 - rate = 0.")
    if not (isinstance(unchanged, np.ndarray) and np.allclose(unchanged, x)):
        return fail("rate 0: expected x unchanged (nothing dropped, scale 1).",
                    "with rate 0, rng.random() >= 0 keeps every unit and 1 / (1 - 0) = 1.")
    if not (isinstance(silent, np.ndarray) and silent.shape == x.shape
            and np.all(silent == 0)):
        return fail("rate 1: expected zeros of the shape of x.",
                    "at rate 1.0 every unit is dropped: return np.zeros_like(x).")
    shown = share(fraction, 1, strip=False)
    printer(f"✓ {name}: all 7 checks passed (kept {shown} at rate {rate}).")
    return True
