"""One place for randomness: every draw in nnlib goes through a numpy Generator.

``nnlib.set_random_seed(seed)`` resets the shared generator, so the same seed gives
the same weights, shuffles and dropout masks, run after run.
"""
from __future__ import annotations

import numpy as np

_generator = np.random.default_rng(0)


def set_random_seed(seed: int) -> None:
    """Seed nnlib's shared generator (Keras's name for the same call)."""
    global _generator
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed: expected an int, got {type(seed).__name__} {seed!r}")
    if seed < 0:
        raise ValueError(f"seed: expected a non-negative int, got {seed}")
    _generator = np.random.default_rng(int(seed))


def rng(seed: int | np.random.Generator | None = None) -> np.random.Generator:
    """The generator to draw from: the shared one, or a fresh one for an explicit ``seed``."""
    if seed is None:
        return _generator
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)
