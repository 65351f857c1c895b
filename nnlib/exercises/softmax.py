"""Lesson 09 exercises: a softmax that never overflows, and cross-entropy from logits.

``my_softmax(z)`` works along the last axis of z (one row per example) and must stay
finite for logits in the thousands. ``my_cross_entropy(logits, labels)`` is the mean
loss of integer labels, computed from the logits without taking the log of a rounded-off
0. Expected answers come from ``nnlib.activations.softmax`` and nnlib's
``SparseCategoricalCrossentropy(from_logits=True)``.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations, losses
from ._core import Case, CheckResult, Mistake, check_function


def _quietly(learner: Callable) -> Callable:
    """The learner's function with numpy's overflow warnings silenced: an overflow shows up
    as inf or NaN in the answer, which the checker reports with a hint."""
    def call(*args):
        with np.errstate(all="ignore"):
            return learner(*args)
    return call


MIXED_SCALES = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -999.0, -998.0]])
GLOBAL_MAX_MESSAGE = (
    "✗ my_softmax, a batch of mixed scales (one row near 1000, one near -1000): rows that "
    "are fine on their own came out NaN or infinite. It looks like you subtracted the "
    "largest logit of the whole batch, z - z.max(): for the row near -1000 every exponent "
    "is then about -2000, np.exp gives 0 for all of them and 0 / 0 is NaN. Subtract each "
    "row's own largest logit: z - z.max(axis=-1, keepdims=True).")


def _global_max(z: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max())
        return e / e.sum(axis=-1, keepdims=True)


def _looks_like_global_max(my_softmax: Callable) -> bool:
    """True when the learner's answer on the mixed batch is non-finite exactly where the
    global-maximum slip's is, and right where that slip is right."""
    try:
        answer = np.asarray(_quietly(my_softmax)(MIXED_SCALES.copy()), dtype=float)
    except Exception:
        return False
    wrong = _global_max(MIXED_SCALES)
    if answer.shape != wrong.shape:
        return False
    bad = ~np.isfinite(wrong)
    return bool(bad.any() and np.array_equal(~np.isfinite(answer), bad)
                and np.allclose(answer[~bad], wrong[~bad]))


def _softmax_cases() -> list[Case]:
    rng = np.random.default_rng(909)
    batch = rng.normal(0.0, 2.0, size=(5, 4))
    # every row's largest logit is 0: shifted or not, a slip gives one answer to recognise
    batch -= batch.max(axis=1, keepdims=True)
    large = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    inputs = ((np.array([-0.21, 0.47, 1.72]), "the notes' logits [-0.21, 0.47, 1.72]"),
              (batch, "a batch of 5 examples with 4 classes each, one per row"),
              (large, "large logits such as 1000"),
              (MIXED_SCALES, "a batch of mixed scales: one row near 1000, one near -1000"))
    return [Case((z,), activations.softmax(z), description) for z, description in inputs]


def _exp_over(z: np.ndarray, axis: int | None) -> np.ndarray:
    with np.errstate(all="ignore"):  # a slip on large logits overflows; only its value matters
        e = np.exp(z)
        return e / np.sum(e, axis=axis, keepdims=axis is not None)


SOFTMAX_MISTAKES: list[Mistake] = [
    (("you normalized over the whole array: each row (example) must sum to 1 on its own, so "
     "sum along the last axis, np.sum(e, axis=-1, keepdims=True)."),
     lambda z: _exp_over(z, None)),
    (("you normalized down the columns (axis=0): each row is one example, so sum along the "
     "last axis, axis=-1."), lambda z: _exp_over(z, 0)),
]


def check_softmax(my_softmax: Callable) -> bool:
    """``my_softmax(z)``: z (k,) or (n, k) logits; returns probabilities of the same shape,
    each row summing to 1, finite even for logits of 1000."""
    if _looks_like_global_max(my_softmax):
        print(GLOBAL_MAX_MESSAGE)
        return CheckResult(False)
    return check_function(_quietly(my_softmax), _softmax_cases(), "my_softmax",
                  hint="subtract each row's largest logit first, z - z.max(axis=-1, "
                       "keepdims=True): softmax does not change and np.exp can no longer "
                       "overflow. Then divide by the sum along axis=-1 with keepdims=True.",
                  mistakes=SOFTMAX_MISTAKES)


def _cross_entropy_cases() -> list[Case]:
    rng = np.random.default_rng(910)
    reference = losses.SparseCategoricalCrossentropy(from_logits=True)
    inputs = ((rng.normal(0.0, 1.5, size=(6, 4)), rng.integers(0, 4, size=6),
               "6 examples, 4 classes"),
              (np.array([[-0.21, 0.47, 1.72]]), np.array([2]),
               "the notes' logits, true class 2"),
              (np.array([[0.0, 1000.0], [1000.0, 0.0], [5.0, -5.0]]), np.array([0, 0, 1]),
               "large logits: a confident wrong answer costs about 1000"))
    return [Case((logits, labels), reference(labels, logits), description)
            for logits, labels, description in inputs]


def _two_step(logits: np.ndarray, labels: np.ndarray) -> float:
    with np.errstate(divide="ignore"):  # log(0) = -inf is the point of this slip
        return float(-np.mean(np.log(activations.softmax(logits)[np.arange(len(labels)), labels])))


CROSS_ENTROPY_MISTAKES: list[Mistake] = [
    (("you took np.log of the softmax: once a probability rounds to 0 its log is -inf. Work "
     "with log-probabilities from the logits instead (log-softmax)."), _two_step),
    (("you summed over the examples: the loss is the mean, so divide by the number of "
     "examples (np.mean)."),
     lambda logits, labels: len(labels) * losses.SparseCategoricalCrossentropy(
         from_logits=True)(labels, logits)),
]


def check_cross_entropy(my_cross_entropy: Callable) -> bool:
    """``my_cross_entropy(logits, labels)``: logits (n, k), labels (n,) integers in 0..k-1;
    returns the mean of -log softmax(logits)[label], a float, finite for any logits."""
    return check_function(_quietly(my_cross_entropy), _cross_entropy_cases(), "my_cross_entropy",
                  hint="work with log-probabilities: log_p = z - max - log(sum(exp(z - max))) "
                       "per row, then the mean of -log_p[i, labels[i]]. Taking np.log of "
                       "softmax gives log(0) = -inf once a probability rounds to 0.",
                  mistakes=CROSS_ENTROPY_MISTAKES)
