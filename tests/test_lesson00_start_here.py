"""Lesson 00's exercise checker, against the right answer and the usual wrong ones."""
from __future__ import annotations

import numpy as np
import pytest

import nnlib as nn
from nnlib.exercises import start_here


def run(function) -> tuple[bool, str]:
    lines: list[str] = []
    result = start_here.check_function(
        function, start_here._standardize_cases(), "my_standardize",
        mistakes=start_here.STANDARDIZE_MISTAKES, inputs_unchanged=True, printer=lines.append)
    return bool(result), "\n".join(lines)


def test_the_right_answer_passes(capsys):
    assert nn.exercises.check_standardize(lambda X: (X - X.mean(axis=0)) / X.std(axis=0))
    assert "✓" in capsys.readouterr().out


def test_nnlibs_own_standardize_passes():
    assert run(lambda X: nn.data.standardize(X)[0])[0]


def test_the_untouched_stub_is_not_done_yet_and_does_not_raise():
    passed, text = run(lambda X: None)
    assert not passed and "not done yet" in text


@pytest.mark.parametrize("wrong,named", [
    (lambda X: (X - X.mean()) / X.std(), "whole table"),
    (lambda X: (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True), "each row"),
    (lambda X: X - X.mean(axis=0), "not scaled"),
    (lambda X: (X - X.mean(axis=0)) / X.var(axis=0), "variance"),
    (lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=1), "ddof=1"),
], ids=["whole-table", "rows", "centred-only", "variance", "sample-std"])
def test_typical_mistakes_fail_and_are_named(wrong, named):
    passed, text = run(wrong)
    assert not passed and named in text, text


def test_a_wrong_shape_and_changing_the_input_fail():
    passed, text = run(lambda X: X.mean(axis=0))
    assert not passed and "shape" in text

    def in_place(X):
        X -= X.mean(axis=0)
        X /= X.std(axis=0)
        return X

    passed, text = run(in_place)
    assert not passed


def test_the_cases_have_columns_of_very_different_sizes():
    for case in start_here._standardize_cases():
        X = case.args[0]
        spreads = X.std(axis=0)
        assert spreads.max() / spreads.min() > 4
        assert np.allclose(case.expected.mean(axis=0), 0) and np.allclose(
            case.expected.std(axis=0), 1)
