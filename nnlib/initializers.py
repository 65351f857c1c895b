"""Weight initializers (lesson 06): where training starts decides whether it can.

An initializer is a function ``init(shape, rng) -> array`` for a weight matrix of
shape ``(n_in, n_out)``. Glorot (Xavier) keeps the variance of activations and
gradients about equal across tanh/sigmoid layers: Var(W) = 2 / (n_in + n_out).
He keeps it for ReLU layers, which zero half their inputs: Var(W) = 2 / n_in.

    >>> W = get('he_normal')((64, 32), np.random.default_rng(0))
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ._checks import one_of, positive_number

Initializer = Callable[[tuple, np.random.Generator], np.ndarray]


def _fans(shape: tuple) -> tuple[int, int]:
    """Inputs and outputs of one unit: ``(n_in, n_out)`` for a Dense kernel; for a conv
    kernel ``(k, c_in, filters)`` or ``(kh, kw, c_in, filters)`` each input channel counts
    once per kernel position, as in Keras."""
    if len(shape) == 1:
        return int(shape[0]), int(shape[0])
    receptive_field = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return int(shape[-2]) * receptive_field, int(shape[-1]) * receptive_field


def zeros(shape: tuple, rng: np.random.Generator | None = None) -> np.ndarray:
    """All zeros: fine for biases, a trap for weights (every unit stays the same)."""
    return np.zeros(shape)


def normal(std: float = 0.05) -> Initializer:
    """An initializer drawing from N(0, std^2): ``normal(1.0)((3, 4), rng)``."""
    std = positive_number(std, "std", allow_zero=True)

    def init(shape: tuple, rng: np.random.Generator) -> np.ndarray:
        return rng.normal(0.0, std, size=shape)

    init.__name__ = f"normal(std={std:g})"
    init.config = {"name": "normal", "std": std}
    return init


def glorot_uniform(shape: tuple, rng: np.random.Generator) -> np.ndarray:
    """U(-l, l) with l = sqrt(6 / (n_in + n_out)) (Glorot & Bengio, 2010)."""
    fan_in, fan_out = _fans(shape)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape)


def glorot_normal(shape: tuple, rng: np.random.Generator) -> np.ndarray:
    """N(0, 2 / (n_in + n_out))."""
    fan_in, fan_out = _fans(shape)
    return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=shape)


def he_normal(shape: tuple, rng: np.random.Generator) -> np.ndarray:
    """N(0, 2 / n_in) (He et al., 2015)."""
    fan_in, _ = _fans(shape)
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)


def he_uniform(shape: tuple, rng: np.random.Generator) -> np.ndarray:
    """U(-l, l) with l = sqrt(6 / n_in)."""
    fan_in, _ = _fans(shape)
    limit = np.sqrt(6.0 / fan_in)
    return rng.uniform(-limit, limit, size=shape)


_KNOWN = {
    "zeros": zeros,
    "normal": normal(),
    "glorot_uniform": glorot_uniform,
    "glorot_normal": glorot_normal,
    "xavier_uniform": glorot_uniform,
    "xavier_normal": glorot_normal,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
}


def get(name: str | dict | Initializer) -> Initializer:
    """The initializer called ``name``, ``name`` itself if it is already callable, or one
    rebuilt from :func:`config_of`'s description."""
    if callable(name):
        return name
    if isinstance(name, dict):
        if name.get("name") == "normal":
            return normal(name.get("std", 0.05))
        name = name.get("name")
    return _KNOWN[one_of(name, "initializer", _KNOWN)]


def config_of(init: Initializer) -> str | dict | None:
    """The initializer as plain data for a saved model; None for a function of the
    learner's own (the saved weights are loaded anyway)."""
    if hasattr(init, "config"):
        return dict(init.config)
    for known_name, known in _KNOWN.items():
        if known is init:
            return known_name
    return None
