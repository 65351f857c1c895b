"""Input checks that turn bad input into one clear sentence.

Every message names the argument, what was expected and what was given, so a
learner never meets a numpy broadcasting error from deep inside the library.
"""
from __future__ import annotations

from collections.abc import Iterable
from numbers import Real
from typing import Any

import numpy as np


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def as_array(value: Any, name: str, ndim: int | tuple[int, ...] | None = None,
             dtype: Any = np.float64) -> np.ndarray:
    """``value`` as a finite float array, or a ValueError/TypeError naming ``name``.

    ``ndim`` may be one number or a tuple of the allowed numbers of dimensions.
    """
    try:
        array = np.asarray(value)
    except Exception as error:  # ragged lists and the like
        raise ValueError(f"{name}: expected a numeric array, got {_describe(value)} "
                         f"({error})") from None
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number)
                                     or array.dtype == bool):
        raise TypeError(f"{name}: expected numeric data, got {_describe(value)}")
    if np.iscomplexobj(array):
        raise TypeError(f"{name}: expected real numbers, got complex values")
    array = array.astype(dtype, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            wanted = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name}: expected a {wanted} array, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name}: expected finite numbers, got {bad} NaN or infinite value(s)")
    return array


def positive_number(value: Any, name: str, allow_zero: bool = False) -> float:
    """A real number > 0 (or >= 0), else a clear error."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name}: expected a number, got {_describe(value)}")
    number = float(value)
    if not np.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name}: expected a finite number {bound}, got {value!r}")
    return number


def number_in(value: Any, name: str, low: float, high: float,
              include_low: bool = True, include_high: bool = True) -> float:
    """A real number in the interval from ``low`` to ``high``."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name}: expected a number, got {_describe(value)}")
    number = float(value)
    above = number >= low if include_low else number > low
    below = number <= high if include_high else number < high
    if not (np.isfinite(number) and above and below):
        left = "[" if include_low else "("
        right = "]" if include_high else ")"
        raise ValueError(f"{name}: expected a number in {left}{low}, {high}{right}, got {value!r}")
    return number


def positive_int(value: Any, name: str, minimum: int = 1) -> int:
    """A whole number >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name}: expected an int >= {minimum}, got {_describe(value)}")
    if value < minimum:
        raise ValueError(f"{name}: expected an int >= {minimum}, got {value}")
    return int(value)


def one_of(value: Any, name: str, known: Iterable[str]) -> str:
    """A name from ``known`` (case-insensitive), else an error listing them."""
    known = list(known)
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected one of {known} or an object, got {_describe(value)}")
    key = value.lower()
    if key not in known:
        raise ValueError(f"{name}: unknown name {value!r}; known names are {', '.join(known)}")
    return key
