"""Lesson 01: the neuron explorer's maths, the shared decision-surface picture, and the
my_neuron checker (it passes the solution and catches the usual slips)."""
from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import nnlib as nn  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from nnlib.explore import neuron  # noqa: E402
from nnlib.grids import plane_grid  # noqa: E402
from nnlib.plots.surfaces import DecisionSurface, decision_regions  # noqa: E402


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ---- the exercise checker -------------------------------------------------------------------
def test_check_neuron_passes_the_solution(capsys):
    assert nn.exercises.check_neuron(lambda x, w, b: _sigmoid(x @ w + b))
    assert "✓" in capsys.readouterr().out


def test_check_neuron_fails_a_forgotten_bias_and_names_it(capsys):
    assert not nn.exercises.check_neuron(lambda x, w, b: _sigmoid(x @ w))
    assert "bias b is missing" in capsys.readouterr().out


@pytest.mark.parametrize("mistake", [
    lambda x, w, b: x @ w + b,                          # no sigmoid
    lambda x, w, b: _sigmoid(-(x @ w + b)),             # sign flipped
    lambda x, w, b: _sigmoid(x @ w.reshape(-1, 1) + b),  # shape (n, 1)
    lambda x, w, b: _sigmoid(x @ (w + b)),              # bias added to every weight
], ids=["no-sigmoid", "sign-flipped", "column-shape", "bias-in-weights"])
def test_check_neuron_fails_other_typical_mistakes(mistake, capsys):
    assert not nn.exercises.check_neuron(mistake)
    assert "✗" in capsys.readouterr().out


def test_check_neuron_tells_an_untouched_stub_it_is_not_done(capsys):
    def stub(x, w, b):
        raise NotImplementedError

    assert not nn.exercises.check_neuron(lambda x, w, b: None)
    assert not nn.exercises.check_neuron(stub)
    assert capsys.readouterr().out.count("not done yet") == 2


def test_check_neuron_does_not_let_the_learner_change_its_cases():
    def vandal(x, w, b):
        x[:] = 0.0
        w[:] = 0.0
        return _sigmoid(x @ w + b)

    assert not nn.exercises.check_neuron(vandal)
    assert nn.exercises.check_neuron(lambda x, w, b: _sigmoid(x @ w + b))


# ---- the neuron explorer ---------------------------------------------------------------------
def test_a_sigmoid_neuron_separates_the_coffee_roasts():
    result = neuron.compute(w1=1.0, w2=0.7, b=0.0, activation="sigmoid")
    assert result["accuracy"] == 1.0
    assert "100%" in result["readout"] and "200 of 200" in result["readout"]


def test_explorer_accuracy_and_loss_match_a_direct_count():
    X, y = neuron.lesson_data("coffee roasts")
    for w1, w2, b in [(1.0, 0.0, 0.0), (-2.0, 3.0, 0.5), (0.3, 0.4, -1.0)]:
        result = neuron.compute(w1=w1, w2=w2, b=b, activation="sigmoid")
        output = _sigmoid(X @ np.array([w1, w2]) + b)
        assert result["accuracy"] == np.mean((output >= 0.5) == y)
        log_loss = -np.mean(y * np.log(output) + (1 - y) * np.log(1 - output))
        assert result["loss"] == pytest.approx(log_loss, rel=1e-6)


def test_zero_weights_give_one_output_everywhere_and_log_loss_ln2():
    result = neuron.compute(w1=0.0, w2=0.0, b=0.0, activation="sigmoid")
    assert np.allclose(result["grid_output"], 0.5)
    assert result["loss"] == pytest.approx(np.log(2))
    assert "same everywhere" in result["readout"]


def test_data_were_standardized_and_the_grid_covers_them():
    X, _ = neuron.lesson_data("coffee roasts")
    assert np.allclose(X.mean(axis=0), 0) and np.allclose(X.std(axis=0), 1)
    grid = neuron.grid_points()
    assert grid.shape == (neuron.RESOLUTION ** 2, 2)
    assert np.all(grid.min(axis=0) < X.min(axis=0)) and np.all(grid.max(axis=0) > X.max(axis=0))


@pytest.mark.parametrize("activation", neuron.ACTIVATIONS)
def test_decision_line_is_where_the_output_crosses_one_half(activation):
    w, b = np.array([1.3, -0.8]), 0.4
    crossing = neuron.CROSSING[activation]
    line = neuron.decision_line(w, b, crossing, (-2, 2, -2, 2))
    assert np.allclose(line @ w + b, crossing)
    g = nn.activations.get(activation)
    just_below, just_above = g(np.array([crossing - 1e-6, crossing + 1e-6]))
    assert just_below < 0.5 <= just_above


def test_decision_line_is_empty_when_both_weights_are_zero():
    assert neuron.decision_line(np.zeros(2), 0.5, 0.0, (-2, 2, -2, 2)).shape == (0, 2)


def test_no_slider_setting_gets_xor_right():
    X, y = neuron.lesson_data("xor")
    values = np.linspace(-5, 5, 41)  # the sliders' range
    w1, w2, b = (grid.ravel() for grid in np.meshgrid(values, values, values, indexing="ij"))
    fires = (X @ np.stack([w1, w2]) + b >= 0).astype(int)
    assert (fires == y[:, None]).sum(axis=0).max() == 3
    assert neuron.compute(w1=1.0, w2=1.0, b=0.0, data_set="xor")["accuracy"] == 0.75


# ---- the shared decision-surface picture -----------------------------------------------------
def test_plane_grid_runs_row_by_row_over_the_widened_box():
    X = np.array([[0.0, 10.0], [2.0, 20.0]])
    xs, ys, points = plane_grid(X, resolution=5, margin=0.1)
    assert xs[0] == pytest.approx(-0.2) and xs[-1] == pytest.approx(2.2)
    assert ys[0] == pytest.approx(9.0) and ys[-1] == pytest.approx(21.0)
    assert np.allclose(points[1 * 5 + 3], [xs[3], ys[1]])


def test_decision_regions_shades_the_output_and_draws_the_half_contour():
    X, y = nn.data.coffee_linear()
    X = nn.data.standardize(X)[0]
    ax = Figure().add_subplot()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        returned = decision_regions(lambda p: _sigmoid(p @ np.array([1.0, 0.7])), X, y, ax=ax,
                                    resolution=40)
    assert returned is ax
    image = ax.get_images()[0]
    assert image.get_array().shape == (40, 40)
    assert len(ax.collections) >= 3  # two classes of points and the boundary
    boundary = [c for c in ax.collections if hasattr(c, "levels")]
    assert len(boundary) == 1 and list(boundary[0].levels) == [0.5]


def test_decision_surface_updates_in_place_and_skips_a_missing_boundary():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    y = np.array([0, 1, 1])
    ax = Figure().add_subplot()
    surface = DecisionSurface(ax, X, y, resolution=10)
    image = surface.image
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        surface.update(np.full(100, 0.7))  # constant: no 0.5 contour exists
        assert surface.contour is None
        surface.update(surface.points[:, 0])
        assert surface.contour is not None
        surface.update(np.column_stack([surface.points[:, 0], 1 - surface.points[:, 0],
                                        np.zeros(100)]))  # three class probabilities
    assert surface.image is image and surface.contour is None
    assert image.get_array().shape == (10, 10, 4)


def test_decision_surface_bad_input_is_a_clear_error():
    ax = Figure().add_subplot()
    with pytest.raises(TypeError, match="predict_fn"):
        decision_regions("not a function", np.zeros((3, 2)), np.zeros(3), ax=ax)
    with pytest.raises(ValueError, match="X: expected points in a plane"):
        decision_regions(lambda p: p[:, 0], np.zeros((3, 3)), np.zeros(3), ax=ax)
    with pytest.raises(ValueError, match="y: expected one label per point"):
        DecisionSurface(ax, np.zeros((3, 2)), np.zeros(4))
    surface = DecisionSurface(Figure().add_subplot(), np.eye(2), np.array([0, 1]),
                              resolution=4)
    with pytest.raises(ValueError, match="outputs: expected .* 16 grid points"):
        surface.update(np.zeros(15))


def test_neuron_explorer_names_a_bad_setting():
    with pytest.raises(ValueError, match="activation: unknown name 'elu'"):
        neuron.compute(activation="elu")
    with pytest.raises(ValueError, match="data_set: unknown name 'moons'"):
        neuron.compute(data_set="moons")


def test_accuracy_is_never_rounded_up_to_100_percent():
    assert neuron.percent(199, 200) == "99.5%" and neuron.percent(200, 200) == "100%"
    assert neuron.percent(1, 3) == "33.3%" and neuron.percent(2, 3) == "66.6%"
    assert neuron.percent(1, 2000) == "0.05%" and neuron.percent(0, 2000) == "0%"
    result = neuron.compute(w1=1.0, w2=0.75)
    assert result["correct"] == 199 and "99.5% (199 of 200" in result["readout"]


def test_the_readout_says_100_percent_only_when_every_roast_is_right_at_every_w2_step():
    # the lesson's first prompt turns w2 from 0 to 1 at w1 = 1; 0.5 gets 198, 0.75 gets 199
    for step in range(21):
        result = neuron.compute(w1=1.0, w2=round(0.05 * step, 2))
        says_all = "accuracy 100%" in result["readout"]
        assert says_all == (result["correct"] == 200), result["readout"]
        assert f"({result['correct']} of 200 roasts right)" in result["readout"]
    assert neuron.compute(w1=1.0, w2=0.5)["correct"] == 198


def test_the_best_any_slider_setting_can_do_is_3_of_4_on_xor_and_all_on_the_roasts():
    assert neuron.best_line("xor") == 3 and neuron.best_line("coffee roasts") == 200
    result = neuron.compute(data_set="xor")
    assert result["best_correct"] == 3 and "no slider setting gets more than 3 of 4" in \
        result["readout"]
