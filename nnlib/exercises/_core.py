"""The self-check framework behind every exercise.

A checker calls the learner's function on fresh copies of some inputs and
compares with nnlib's reference answer, in this order, stopping at the first
problem: did it run, the type, then the shape, then the values. Each problem
has its own message and a hint. An untouched stub (one that returns None or
raises NotImplementedError) gets a friendly "not done yet", never an exception.

Checkers print their feedback and return a :class:`CheckResult`: true when every case
passed, false otherwise, and silent as a cell's last value, so the printed feedback is all
the learner sees under the exercise.
"""
from __future__ import annotations

import copy
import functools
import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

Mistake = tuple[str, Callable[..., Any]]  # (what the learner did, a function that does it)


class CheckResult:
    """A checker's verdict: ``bool(result)`` is True when every case passed.

    It compares equal to that bool, and shows nothing when it is a notebook cell's last
    value (no stray ``True``/``False`` under the checker's own message).
    """

    __slots__ = ("passed",)

    def __init__(self, passed: Any) -> None:
        self.passed = bool(passed)

    def __bool__(self) -> bool:
        return self.passed

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, (bool, CheckResult)):
            return self.passed == bool(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.passed)

    def __repr__(self) -> str:
        return ""

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        pass  # IPython's plain-text display: nothing

    def _ipython_display_(self) -> None:
        pass  # a notebook's display: nothing, not even an empty Out[] line


def reported(checker: Callable[..., Any]) -> Callable[..., CheckResult]:
    """``checker`` returning a :class:`CheckResult` whatever truth value it returns."""
    if getattr(checker, "_reported", False):
        return checker

    @functools.wraps(checker)
    def check(*args: Any, **kwargs: Any) -> CheckResult:
        return CheckResult(checker(*args, **kwargs))

    check._reported = True
    return check


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
        if answer.dtype == bool and expected.dtype != bool:
            return ("expected numbers, got an array of True/False. Turn it into 1.0 and 0.0 "
                    "with .astype(float).")
        return None
    if isinstance(expected, (float, int, np.floating, np.integer)):
        if isinstance(answer, np.ndarray) and answer.size == 1 and answer.ndim == 0:
            return None
        if not isinstance(answer, (float, int, np.floating, np.integer)) or isinstance(answer,
                                                                                        bool):
            return f"expected a number, got {type(answer).__name__} {_short(answer)}"
        return None
    if isinstance(expected, tuple):
        if not isinstance(answer, (tuple, list)):
            return f"expected a tuple of {len(expected)} items, got {type(answer).__name__}"
        if len(answer) != len(expected):
            return (f"expected a tuple of {len(expected)} items, got a "
                    f"{type(answer).__name__} of {len(answer)} item"
                    f"{'s' if len(answer) != 1 else ''}")
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


def _argument_names(learner: Callable, count: int) -> list[str]:
    """The names of the learner's first ``count`` parameters (``argument 1`` ... otherwise)."""
    try:
        names = [p.name for p in inspect.signature(learner).parameters.values()
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        names = []
    return (names + [f"argument {i + 1}" for i in range(len(names), count)])[:count]


def _shape_text(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"shape {value.shape}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)}"
    return type(value).__name__


def _shape_mismatch(error: Exception, learner: Callable, args: tuple) -> str | None:
    """A message naming the inputs' shapes when numpy refused to combine two arrays."""
    text = str(error)
    if not isinstance(error, ValueError) or not any(
            key in text for key in ("matmul", "not aligned", "could not be broadcast")):
        return None
    shapes = ", ".join(f"{name} {_shape_text(value)}"
                       for name, value in zip(_argument_names(learner, len(args)), args))
    if "could not be broadcast" in text:
        return (f"an elementwise operation in your function got arrays whose shapes do not "
                f"match. Your inputs: {shapes}. Elementwise + - * / need equal shapes, or a 1 "
                f"(or a missing axis) where they differ.")
    return (f"a matrix product in your function got factors whose shapes do not fit. Your "
            f"inputs: {shapes}. In A @ B the last axis of A must be as long as the first "
            f"axis of B, (m, n) @ (n, k) -> (m, k): check the order of the factors.")


def _changed_inputs(learner: Callable, before: tuple, after: tuple) -> list[str]:
    """The names of the array arguments the learner changed in place."""
    names = _argument_names(learner, len(before))
    return [name for name, old, new in zip(names, before, after)
            if isinstance(old, np.ndarray) and not np.array_equal(old, new, equal_nan=True)]


def check_function(learner: Callable, cases: Sequence[Case], name: str, hint: str = "",
                   hints: dict[str, str] | None = None, mistakes: Sequence[Mistake] = (),
                   rtol: float = 1e-5, atol: float = 1e-8,
                   printer: Callable[[str], None] = print,
                   inputs_unchanged: bool = False) -> CheckResult:
    """Run ``learner`` on every case and print precise feedback; true when all pass.

    ``hints`` may hold one hint per kind of problem ('type', 'shape', 'values');
    ``hint`` is used for a wrong value when ``hints`` has none. ``mistakes`` lists
    typical slips as ``(description, function)``: when the learner's answer equals a
    slip's, the hint names it ("it looks like you forgot the bias"). With
    ``inputs_unchanged`` a function that changes an input array in place fails too.
    """
    return CheckResult(_check(learner, cases, name, hint, hints, mistakes, rtol, atol, printer,
                              inputs_unchanged))


def _check(learner, cases, name, hint, hints, mistakes, rtol, atol, printer,
           inputs_unchanged) -> bool:
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
            mismatch = _shape_mismatch(error, learner, args)
            if mismatch:
                printer(f"✗ {name}, {label}: {mismatch}")
                return False
            printer(f"✗ {name}, {label}: your function raised {type(error).__name__}: {error}")
            if "truth value of an array" in str(error):
                printer("  Hint: your function gets a whole array at once, so `if z > 0:` "
                        "cannot decide; compare elementwise, e.g. np.where(z > 0, ..., ...).")
            return False
        if answer is None or answer is Ellipsis:
            printer(f"… {name}: not done yet (the function returns None). Fill it in and run "
                    f"this check again.")
            return False
        changed = _changed_inputs(learner, case.args, args) if inputs_unchanged else []
        if changed:
            printer(f"✗ {name}, {label}: your function changed its input "
                    f"{' and '.join(changed)} in place (with -= or an assignment into it). "
                    f"Compute a new array instead, e.g. {changed[0]} - ..., so the caller's "
                    f"values stay as they were.")
            return False
        found = _compare(answer, case.expected, rtol, atol)
        if found:
            kind, message = found
            printer(f"✗ {name}, {label}: {message}")
            # a wrong kind of answer is named by its type; a slip explains values and shapes
            slip = (None if kind == "type"
                    else _named_mistake(answer, case.args, mistakes, rtol, atol))
            if slip:
                printer(f"  Hint: it looks like {slip.rstrip('.')}.")
            elif hints.get(kind):
                printer(f"  Hint: {hints[kind]}")
            return False
    printer(f"✓ {name}: all {len(cases)} checks passed.")
    return True
