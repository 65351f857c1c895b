"""Lesson 02: the derivative checkers (they pass the solutions and catch the usual slips),
the linear-stack explorer's claims and the activation explorer's readout."""
from __future__ import annotations

import numpy as np
import pytest

import nnlib as nn
from nnlib.explore import activations as activation_explorer
from nnlib.explore import linear_stack


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ---- the exercise checkers -------------------------------------------------------------------
def test_check_sigmoid_derivative_passes_the_solution():
    assert nn.exercises.check_sigmoid_derivative(lambda z: _sigmoid(z) * (1 - _sigmoid(z)))


def test_check_sigmoid_derivative_fails_sigmoid_squared_and_names_it(capsys):
    assert not nn.exercises.check_sigmoid_derivative(lambda z: _sigmoid(z) ** 2)
    assert "squared the sigmoid" in capsys.readouterr().out


@pytest.mark.parametrize("mistake", [
    _sigmoid,                                    # the function, not its slope
    lambda z: z * (1 - z),                       # z where sigmoid(z) belongs
    lambda z: _sigmoid(z) * (1 + _sigmoid(z)),   # sign slip
    lambda z: np.mean(_sigmoid(z) * (1 - _sigmoid(z))),  # one number, not elementwise
], ids=["sigmoid-itself", "z-for-s", "sign", "mean"])
def test_check_sigmoid_derivative_fails_other_typical_mistakes(mistake, capsys):
    assert not nn.exercises.check_sigmoid_derivative(mistake)
    assert "✗" in capsys.readouterr().out


def test_check_relu_derivative_passes_the_solution_written_either_way():
    assert nn.exercises.check_relu_derivative(lambda z: (z > 0).astype(float))
    assert nn.exercises.check_relu_derivative(lambda z: np.where(z > 0, 1.0, 0.0))


def test_check_relu_derivative_asks_at_exactly_zero_and_names_z_at_least_zero(capsys):
    assert not nn.exercises.check_relu_derivative(lambda z: (z >= 0).astype(float))
    out = capsys.readouterr().out
    assert "exactly 0 included" in out and "counted z = 0 as positive" in out


def test_check_relu_derivative_wants_numbers_not_true_and_false(capsys):
    assert not nn.exercises.check_relu_derivative(lambda z: z > 0)
    out = capsys.readouterr().out
    assert "array of True/False" in out and ".astype(float)" in out
    assert "looks like" not in out  # the type is the problem, not a slip in the values


@pytest.mark.parametrize("mistake, named", [
    (lambda z: np.maximum(z, 0.0), "returned ReLU itself"),
    (lambda z: np.sign(z), "sign of z"),
    (lambda z: (z < 0).astype(float), "swapped"),
    (lambda z: 1.0 if z > 0 else 0.0, "whole array"),
], ids=["relu-itself", "sign", "swapped", "python-if"])
def test_check_relu_derivative_fails_typical_mistakes_and_names_them(mistake, named, capsys):
    assert not nn.exercises.check_relu_derivative(mistake)
    assert named in capsys.readouterr().out


def test_derivative_checkers_tell_an_untouched_stub_it_is_not_done(capsys):
    assert not nn.exercises.check_sigmoid_derivative(lambda z: None)
    assert not nn.exercises.check_relu_derivative(lambda z: None)
    assert capsys.readouterr().out.count("not done yet") == 2


# ---- the linear-stack explorer ---------------------------------------------------------------
@pytest.mark.parametrize("depth", [1, 2, 5, 10])
def test_a_stack_without_activation_is_the_one_layer_it_collapses_to(depth):
    result = linear_stack.compute(activation="none", depth=depth, width=7, seed=3)
    a, c = result["collapsed"]
    assert np.allclose(result["y"], a * result["x"] + c)
    assert np.allclose(result["slope"], a)
    assert result["straight"] and "still a straight line" in result["readout"]


def test_collapse_multiplies_the_weight_matrices():
    layers = [(np.array([[2.0, -1.0]]), np.array([0.5, 1.0])),
              (np.array([[3.0], [4.0]]), np.array([-2.0]))]
    # y = (x [2, -1] + [0.5, 1]) [3, 4]^T - 2 = 2x + 1.5 + 4 - 2
    assert linear_stack.collapse(layers) == pytest.approx((2.0, 3.5))


def test_relu_bends_the_same_weights_into_kinks():
    result = linear_stack.compute(activation="relu")
    assert result["kinks"] > 0 and not result["straight"]
    assert np.allclose(result["y_linear"], np.polyval(result["collapsed"], result["x"]))


@pytest.mark.parametrize("seed", range(5))
def test_one_relu_layer_has_at_most_one_kink_per_unit(seed):
    result = linear_stack.compute(activation="relu", depth=1, width=6, seed=seed)
    assert 0 <= result["kinks"] <= 6


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "elu", "relu"])
def test_stack_slope_matches_finite_differences(activation):
    layers = linear_stack.random_stack(3, 5, 1.5, seed=1)
    x = np.linspace(-2.9, 2.9, 57) + 1e-3
    _, slope = linear_stack.run_stack(x, layers, activation)
    h = 1e-6
    numerical = (linear_stack.run_stack(x + h, layers, activation)[0]
                 - linear_stack.run_stack(x - h, layers, activation)[0]) / (2 * h)
    at_kink = np.abs(numerical - slope) > 1e-4  # a relu kink inside [x - h, x + h]
    assert at_kink.sum() <= 2
    assert np.allclose(slope[~at_kink], numerical[~at_kink], atol=1e-5)


def test_smooth_activations_bend_the_line():
    result = linear_stack.compute(activation="tanh")
    assert result["gap"] > 0.01 and "curved" in result["readout"]


def test_random_stack_is_repeatable_by_seed():
    first = linear_stack.random_stack(2, 4, 1.0, seed=7)
    again = linear_stack.random_stack(2, 4, 1.0, seed=7)
    other = linear_stack.random_stack(2, 4, 1.0, seed=8)
    assert all(np.array_equal(W, V) for (W, _), (V, _) in zip(first, again))
    assert not np.array_equal(first[0][0], other[0][0])


# ---- the activation explorer -----------------------------------------------------------------
def test_sigmoid_readout_shows_its_largest_slope_is_a_quarter():
    result = activation_explorer.compute(activation="sigmoid", input_range=8.0)
    assert result["peak"] == pytest.approx(0.25)
    assert "largest derivative 0.25 at z = 0" in result["readout"]


def test_step_readout_says_there_is_no_gradient():
    result = activation_explorer.compute(activation="step")
    assert result["peak"] == 0 and "no gradient" in result["readout"]


def test_leaky_relu_with_zero_slope_is_plain_relu():
    leaky = activation_explorer.compute(activation="leaky_relu", leaky_slope=0.0)
    relu = activation_explorer.compute(activation="relu")
    assert np.array_equal(leaky["f"], relu["f"]) and "[0, ∞)" in leaky["readout"]


def test_linear_stack_names_a_bad_setting():
    with pytest.raises(ValueError, match="depth: expected an int >= 1"):
        linear_stack.compute(depth=0)
    with pytest.raises(ValueError, match="activation: unknown name 'softmax'"):
        linear_stack.compute(activation="softmax")


def test_the_readout_defines_flat_and_tanh_is_flatter_than_the_sigmoid():
    sigmoid = activation_explorer.compute(activation="sigmoid")
    tanh = activation_explorer.compute(activation="tanh")
    assert "5% of its peak, i.e. < 0.0125" in sigmoid["readout"]
    assert "< 0.05" in tanh["readout"]
    assert round(sigmoid["flat_share"], 2) == 0.46 and round(tanh["flat_share"], 2) == 0.73
    z = sigmoid["z"]
    assert np.mean(nn.activations.get("tanh").derivative(z) < 0.0125) > sigmoid["flat_share"]


def test_leaky_relu_opens_at_nnlibs_alpha_and_has_no_flat_zone():
    control = {c.name: c for c in activation_explorer.EXPLORER.controls}["leaky_slope"]
    assert control.default == 0.01 == nn.activations.get("leaky_relu").derivative(
        np.array([-1.0]))[0]
    assert "no flat zone" in activation_explorer.compute(activation="leaky_relu")["readout"]


def test_sigmoid_and_tanh_tails_are_small_but_never_zero():
    result = activation_explorer.compute(activation="sigmoid", input_range=20.0)
    assert np.all(result["derivative"] > 0)
