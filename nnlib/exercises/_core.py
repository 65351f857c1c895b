"""The self-check framework behind every exercise.

A checker calls the learner's function on fresh copies of some inputs and
compares with nnlib's reference answer, in this order, stopping at the first
problem: did it run, the type, then the shape, then the values. Each problem
has its own message and a hint. An untouched stub (one that returns None or
raises NotImplementedError) gets a friendly "not done yet", never an exception.

Checkers print their feedback and return True or False.
"""
from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

Mistake = tuple[str, Callable[..., Any]]  # (what the learner did, a function that does it)


@dataclass
class Case:
    """One call to check: positional ``args`` and the ``expected`` answer."""

    args: tuple
    expected: Any
    description: str = ""


def _short(value: Any) -> str:
    if isinstance(value, (np.generic, np.ndarray)) and np.ndim(value) == 0:
        return f"{float(value):.6g}" if np.isreal(value) else repr(value)
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=4, threshold=12, edgeitems=3,
                               suppress_small=True)
        return text.replace("\n", " ")
    return repr(value)


def _type_problem(answer: Any, expected: Any) -> str | None:
    if isinstance(expected, np.ndarray):
        if not isinstance(answer, np.ndarray):
            return (f"expected a numpy array, got {type(answer).__name__}. "
                    f"Build the result with numpy operations (np.exp, @, np.sum, ...).")
        return None
    if isinstance(expected, (float, int, np.floating, np.integer)):
        if isinstance(answer, np.ndarray) and answer.size == 1 and answer.ndim == 0:
            return None
        if not isinstance(answer, (float, int, np.floating, np.integer)) or isinstance(answer,
                                                                                        bool):
            return f"expected a number, got {type(answer).__name__} {_short(answer)}"
        return None
    if isinstance(expected, tuple):
        if not isinstance(answer, (tuple, list)) or len(answer) != len(expected):
            return f"expected a tuple of {len(expected)} items, got {type(answer).__name__}"
    return None


def _compare(answer: Any, expected: Any, rtol: float, atol: float,
             path: str = "") -> tuple[str, str] | None:
    """(kind, message) of the first difference, or None when they agree."""
    where = f" in {path}" if path else ""
    problem = _type_problem(answer, expected)
    if problem:
        return "type", problem + where
    if isinstance(expected, tuple):
        for i, (a, e) in enumerate(zip(answer, expected)):
            found = _compare(a, e, rtol, atol, f"item {i}" + (f" of {path}" if path else ""))
            if found:
                return found
        return None
    answer_array = np.asarray(answer, dtype=float)
    expected_array = np.asarray(expected, dtype=float)
    if answer_array.shape != expected_array.shape:
        return "shape", f"expected shape {expected_array.shape}{where}, got {answer_array.shape}"
    if not np.all(np.isfinite(answer_array)):
        return "values", f"the result{where} has NaN or infinite values: {_short(answer_array)}"
    if not np.allclose(answer_array, expected_array, rtol=rtol, atol=atol):
        worst = np.unravel_index(np.argmax(np.abs(answer_array - expected_array)),
                                 answer_array.shape) if answer_array.ndim else ()
        position = f" at index {tuple(int(i) for i in worst)}" if worst else ""
        return "values", (f"values differ{where}{position}: expected "
                          f"{_short(expected_array[worst])}, got {_short(answer_array[worst])}")
    return None


def _same(answer: Any, wrong: Any, rtol: float, atol: float) -> bool:
    """Equal in shape and value; equal infinities count (a slip may overflow too), NaNs
    never do (they would make every overflowing slip look alike)."""
    if isinstance(wrong, tuple):
        return (isinstance(answer, (tuple, list)) and len(answer) == len(wrong)
                and all(_same(a, w, rtol, atol) for a, w in zip(answer, wrong)))
    try:
        answer_array = np.asarray(answer, dtype=float)
        wrong_array = np.asarray(wrong, dtype=float)
    except (TypeError, ValueError):
        return False
    return (answer_array.shape == wrong_array.shape
            and bool(np.allclose(answer_array, wrong_array, rtol=rtol, atol=atol)))


def _named_mistake(answer: Any, args: tuple, mistakes: Sequence[Mistake], rtol: float,
                   atol: float) -> str | None:
    """The description of the known mistake that gives exactly ``answer``, if any."""
    for description, mistake in mistakes:
        try:
            wrong = mistake(*copy.deepcopy(args))
        except Exception:  # a mistake that cannot run on these inputs explains nothing
            continue
        if _same(answer, wrong, rtol, atol):
            return description
    return None


def check_function(learner: Callable, cases: Sequence[Case], name: str, hint: str = "",
                   hints: dict[str, str] | None = None, mistakes: Sequence[Mistake] = (),
                   rtol: float = 1e-5, atol: float = 1e-8,
                   printer: Callable[[str], None] = print) -> bool:
    """Run ``learner`` on every case and print precise feedback; True when all pass.

    ``hints`` may hold one hint per kind of problem ('type', 'shape', 'values');
    ``hint`` is used for a wrong value when ``hints`` has none. ``mistakes`` lists
    typical slips as ``(description, function)``: when the learner's answer equals a
    slip's, the hint names it ("it looks like you forgot the bias").
    """
    hints = dict(hints or {})
    hints.setdefault("values", hint)
    if not callable(learner):
        printer(f"✗ {name}: expected a function, got {type(learner).__name__}.")
        return False
    for number, case in enumerate(cases, start=1):
        args = copy.deepcopy(case.args)  # the learner may change its inputs; ours stay intact
        label = f"case {number}" + (f" ({case.description})" if case.description else "")
        try:
            answer = learner(*args)
        except NotImplementedError:
            printer(f"… {name}: not done yet. Fill in the function, run its cell, then run "
                    f"this check again.")
            return False
        except Exception as error:
            printer(f"✗ {name}, {label}: your function raised {type(error).__name__}: {error}")
            if "truth value of an array" in str(error):
                printer("  Hint: your function gets a whole array at once, so `if z > 0:` "
                        "cannot decide; compare elementwise, e.g. np.where(z > 0, ..., ...).")
            return False
        if answer is None or answer is Ellipsis:
            printer(f"… {name}: not done yet (the function returns None). Fill it in and run "
                    f"this check again.")
            return False
        found = _compare(answer, case.expected, rtol, atol)
        if found:
            kind, message = found
            printer(f"✗ {name}, {label}: {message}")
            slip = _named_mistake(answer, case.args, mistakes, rtol, atol)
            if slip:
                printer(f"  Hint: it looks like {slip.rstrip('.')}.")
            elif hints.get(kind):
                printer(f"  Hint: {hints[kind]}")
            return False
    printer(f"✓ {name}: all {len(cases)} checks passed.")
    return True
