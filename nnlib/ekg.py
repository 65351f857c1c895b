"""EKG-like signals (lesson 12): heartbeats in noise, and now and then an abnormal beat.

Not real EKGs: a toy trace with the parts a cardiologist would name. A normal beat is a
small P wave, a sharp QRS spike and a rounded T wave; an abnormal beat (shaped like a
premature ventricular contraction) has no P wave, a wide tall QRS and an inverted T wave.
Beats come about every 40 samples, over a wandering baseline and Gaussian noise.

    >>> X, y = ekg_windows(100, length=160, seed=0)
    >>> X.shape, y.shape     # 100 windows of 160 samples, one channel; y = 1: abnormal beat
    ((100, 160, 1), (100,))

The lesson asks whether a detector finds the abnormal beat wherever it sits, so ``where``
says where in the window (as fractions of its usable length) the abnormal beat may be.
"""
from __future__ import annotations

import numpy as np

from ._checks import number_in, positive_int

PERIOD = (34.0, 46.0)   # samples between beats, drawn per window
BEAT_BEFORE, BEAT_AFTER = 12, 16  # how far a beat reaches before and after its R peak


def _bump(t: np.ndarray, centre, width: float, height: float) -> np.ndarray:
    return height * np.exp(-0.5 * ((t - centre) / width) ** 2)


def normal_beat(t: np.ndarray, centre) -> np.ndarray:
    """A normal beat with its R peak at ``centre``: P wave, Q dip, R spike, S dip, T wave."""
    return (_bump(t, centre - 8.0, 1.6, 0.15) + _bump(t, centre - 1.6, 0.6, -0.12)
            + _bump(t, centre, 0.8, 1.0) + _bump(t, centre + 1.6, 0.6, -0.25)
            + _bump(t, centre + 10.0, 2.6, 0.3))


def abnormal_beat(t: np.ndarray, centre) -> np.ndarray:
    """An abnormal beat at ``centre``: no P wave, a wide tall QRS, an inverted T wave."""
    return (_bump(t, centre, 2.2, 1.25) + _bump(t, centre + 4.0, 1.6, -0.35)
            + _bump(t, centre + 10.0, 3.0, -0.35))


def ekg_windows(n: int, length: int = 160, seed: int | np.random.Generator = 0,
                abnormal_fraction: float = 0.5, where: tuple = (0.0, 1.0),
                noise: float = 0.05, return_positions: bool = False):
    """``n`` windows of an EKG-like trace: X (n, length, 1), y (n,) with 1 where the window
    holds one abnormal beat, 0 where every beat is normal.

    ``where=(low, high)``: the abnormal beat's R peak is drawn uniformly between these
    fractions of the stretch where a whole beat fits (0 = as early as possible, 1 = as
    late). With ``return_positions`` also returns positions (n,): the abnormal beat's
    sample, or -1. The beats of a window keep one rhythm through that position.
    """
    n = positive_int(n, "n")
    length = positive_int(length, "length", minimum=BEAT_BEFORE + BEAT_AFTER + 1)
    fraction = number_in(abnormal_fraction, "abnormal_fraction", 0.0, 1.0)
    low, high = (number_in(w, "where", 0.0, 1.0) for w in where)
    if low > high:
        raise ValueError(f"where: expected (low, high) with low <= high, got {where}")
    noise = number_in(noise, "noise", 0.0, 10.0)
    rng = np.random.default_rng(seed) if not isinstance(seed, np.random.Generator) else seed
    t = np.arange(length, dtype=float)
    first, last = BEAT_BEFORE, length - 1 - BEAT_AFTER  # a whole beat fits between these
    y = (rng.random(n) < fraction).astype(np.int64)
    anchor = first + rng.uniform(low, high, n) * (last - first)  # a beat's R peak
    period = rng.uniform(*PERIOD, n)
    signal = np.zeros((n, length))
    reach = int(np.ceil((length + BEAT_AFTER) / PERIOD[0])) + 1
    for k in range(-reach, reach + 1):  # beats k periods before and after the anchor
        centre = anchor + k * period + (k != 0) * rng.normal(0.0, 1.0, n)  # a little jitter
        visible = (centre > -BEAT_AFTER) & (centre < length + BEAT_BEFORE)
        abnormal = (k == 0) & (y == 1)
        beats = np.where(abnormal[:, None], abnormal_beat(t, centre[:, None]),
                         normal_beat(t, centre[:, None]))
        signal += np.where(visible[:, None], beats, 0.0)
    wander_period = rng.uniform(2.0, 4.0, n)[:, None] * length
    signal += 0.1 * np.sin(2 * np.pi * t / wander_period + rng.uniform(0, 2 * np.pi, (n, 1)))
    signal += rng.normal(0.0, noise, signal.shape)
    X = signal[:, :, None]
    if return_positions:
        return X, y, np.where(y == 1, np.round(anchor).astype(np.int64), -1)
    return X, y
