"""Declaring a checker: its cases drawn from one seeded generator, then a decorator that
turns a docstring-only function into a checker running :func:`check_function`.

A lesson's module then says what is checked (cases, hints, typical slips) and nothing of how.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Callable

import numpy as np

from ._core import Case, CheckResult, Mistake, check_function


def seeded_cases(seed: int, settings: Sequence[tuple],
                 make: Callable[..., tuple[tuple, Any]]) -> list[Case]:
    """One :class:`Case` per setting, drawn in order from one generator seeded with ``seed``.

    A setting's last item is the case's description; ``make(rng, *the other items)``
    returns the case's ``(args, expected)``.
    """
    rng = np.random.default_rng(seed)
    return [Case(*make(rng, *setting[:-1]), setting[-1]) for setting in settings]


def checker(name: str, cases: Callable[[], Sequence[Case]], *, hint: str = "",
            hints: dict[str, str] | None = None,
            mistakes: dict[str, Callable[..., Any]] | Sequence[Mistake] = (),
            **options: Any) -> Callable[[Callable], Callable[[Callable], CheckResult]]:
    """Decorator turning a declaration (a function holding only its docstring) into a checker.

    The checker runs :func:`check_function` on the learner's function called ``name``,
    with fresh ``cases()`` each time; ``mistakes`` may be a dict {what went wrong: slip}.
    ``options`` go to :func:`check_function` as they are (``rtol``, ``inputs_unchanged``...).
    """
    def decorate(declaration: Callable) -> Callable[[Callable], CheckResult]:
        @functools.wraps(declaration)
        def check(learner: Callable) -> CheckResult:
            named = list(mistakes.items()) if isinstance(mistakes, dict) else list(mistakes)
            return check_function(learner, cases(), name, hint=hint, hints=hints,
                                  mistakes=named, **options)
        return check
    return decorate
