"""The checker framework: type, then shape, then values, each with its own message; a
friendly word for an untouched stub; a named slip when a wrong answer matches one."""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.exercises import Case, CheckResult, check_function

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
    assert bool(passed) is expected_text.startswith("✓")
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


def test_a_checkers_result_is_a_truth_value_that_shows_nothing_in_a_notebook(capsys):
    passed, _ = _check(lambda x: 2 * x, capsys)
    failed, _ = _check(lambda x: 3 * x, capsys)
    assert passed and not failed and passed == True and failed == False  # noqa: E712
    assert repr(passed) == repr(failed) == ""
    assert passed._ipython_display_() is None  # IPython shows no Out[] for it
    import nnlib as nn
    assert isinstance(nn.exercises.check_dropout_forward(lambda x, rate, rng: None),
                      CheckResult)  # a checker that prints its own verdict, wrapped too


def test_a_checker_shown_in_ipython_leaves_no_output():
    from IPython.core.interactiveshell import InteractiveShell

    formatter = InteractiveShell.instance().display_formatter
    data, _ = formatter.format(CheckResult(False))
    assert data == {}


def test_a_shape_error_in_a_matrix_product_names_the_inputs_shapes(capsys):
    def wrong_order(A_in, W):
        return W @ A_in

    cases = [Case((np.ones((4, 2)), np.ones((2, 3))), np.full((4, 3), 2.0), "a batch")]
    assert not check_function(wrong_order, cases, "my_layer")
    out = capsys.readouterr().out
    assert "A_in shape (4, 2), W shape (2, 3)" in out and "order of the factors" in out
    assert "gufunc" not in out


def test_a_broadcast_error_names_the_inputs_shapes(capsys):
    cases = [Case((np.ones((4, 2)), np.ones(3)), np.ones((4, 2)), "a batch")]
    assert not check_function(lambda x, b: x + b, cases, "my_add")
    assert "x shape (4, 2), b shape (3,)" in capsys.readouterr().out


def test_a_tuple_of_the_wrong_length_is_named(capsys):
    cases = [Case((2.0,), (1.0, 2.0), "a pair")]
    assert not check_function(lambda x: (1.0, 2.0, 3.0), cases, "my_pair")
    assert "expected a tuple of 2 items, got a tuple of 3 items" in capsys.readouterr().out


def test_true_and_false_where_numbers_belong_are_named(capsys):
    cases = [Case((X,), (X > 2).astype(float), "a mask")]
    assert not check_function(lambda x: x > 2, cases, "my_mask")
    assert "array of True/False" in capsys.readouterr().out


def test_changing_an_input_in_place_fails_when_the_checker_forbids_it(capsys):
    def halves_in_place(x):
        x /= 2
        return x

    cases = [Case((X.copy(),), X / 2, "halving")]
    assert check_function(halves_in_place, cases, "my_half", printer=lambda _: None)
    assert not check_function(halves_in_place, cases, "my_half", inputs_unchanged=True)
    assert "changed its input x in place" in capsys.readouterr().out


def test_seeded_cases_draw_in_order_from_one_generator():
    from nnlib.exercises._declare import seeded_cases
    cases = seeded_cases(7, ((2, "two"), (3, "three")),
                         lambda rng, n: ((rng.normal(size=n),), n))
    rng = np.random.default_rng(7)
    first, second = rng.normal(size=2), rng.normal(size=3)
    assert [case.description for case in cases] == ["two", "three"]
    assert [case.expected for case in cases] == [2, 3]
    np.testing.assert_array_equal(cases[0].args[0], first)
    np.testing.assert_array_equal(cases[1].args[0], second)


def test_a_declared_checker_runs_fresh_cases_and_names_a_dict_slip(capsys):
    from nnlib.exercises._declare import checker
    made = []

    def cases():
        made.append(1)
        return [Case((X.copy(),), 2 * X, "doubling")]

    @checker("my_double", cases, mistakes=dict(SLIPS), hints={"values": "multiply by 2"},
             inputs_unchanged=True)
    def check_double(my_double):
        """Check ``my_double(x)`` = 2 x."""

    assert check_double.__name__ == "check_double"
    assert check_double.__doc__ == "Check ``my_double(x)`` = 2 x."
    assert check_double(lambda x: 2 * x) and isinstance(check_double(lambda x: 2 * x),
                                                        CheckResult)
    capsys.readouterr()
    assert not check_double(lambda x: x + 2)
    assert "it looks like you added instead of multiplying." in capsys.readouterr().out
    assert not check_double(lambda x: 2 * x + 1)
    assert "Hint: multiply by 2" in capsys.readouterr().out

    def doubles_in_place(x):
        x *= 2
        return x

    assert not check_double(doubles_in_place)  # the option reaches check_function
    assert len(made) == 5  # one fresh set of cases per call
