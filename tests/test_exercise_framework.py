"""The checker framework: type, then shape, then values, each with its own message; a
friendly word for an untouched stub; a named slip when a wrong answer matches one."""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.exercises import Case, check_function

X = np.arange(6.0).reshape(2, 3)
CASES = [Case((X,), 2 * X, "doubling")]
SLIPS = [("you added instead of multiplying", lambda x: x + 2)]


def _check(function, capsys):
    passed = check_function(function, CASES, "my_double", hint="multiply by 2",
                            mistakes=SLIPS)
    return passed, capsys.readouterr().out


@pytest.mark.parametrize("function, expected_text", [
    (lambda x: 2 * x, "✓ my_double: all 1 checks passed"),
    (lambda x: None, "not done yet"),
    (lambda x: (_ for _ in ()).throw(NotImplementedError()), "not done yet"),
    (lambda x: (2 * x).tolist(), "expected a numpy array, got list"),
    (lambda x: 2 * x.T, "expected shape (2, 3), got (3, 2)"),
    (lambda x: 2 * x + 1, "values differ"),
    (lambda x: x + 2, "it looks like you added instead of multiplying."),
    (lambda x: 1 / 0, "your function raised ZeroDivisionError"),
    (lambda x: 2 * x if x > 0 else 0, "compare elementwise"),
])
def test_feedback_names_the_first_problem(function, expected_text, capsys):
    passed, out = _check(function, capsys)
    assert passed is (expected_text.startswith("✓"))
    assert expected_text in out


def test_a_wrong_value_without_a_known_slip_gets_the_general_hint(capsys):
    passed, out = _check(lambda x: 3 * x, capsys)
    assert not passed and "Hint: multiply by 2" in out and "looks like" not in out


def test_learner_cannot_change_the_checkers_inputs(capsys):
    def doubles_in_place(x):
        x *= 2
        return x

    assert check_function(doubles_in_place, CASES * 2, "in_place", printer=lambda _: None)
    assert np.array_equal(CASES[0].args[0], np.arange(6.0).reshape(2, 3))
