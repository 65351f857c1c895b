"""Lesson 03's newer explorers: universal approximation by bumps of steep sigmoid units, and
the hidden units of the trained coffee network (half-planes combined by the output)."""
from __future__ import annotations

import numpy as np
import pytest

import nnlib as nn
from nnlib.explore import coffee_units, universal

DOUBLING = np.array([2, 4, 8, 16, 32, 60])


# ---- universal approximation ------------------------------------------------------------------
def test_universal_approximation_is_registered_with_units_from_1_to_at_least_50():
    explorer = nn.explore.REGISTRY["universal_approximation"]
    units = {c.name: c for c in explorer.controls}["hidden_units"]
    assert units.kind == "int" and units.low == 1 and units.high >= 50
    assert "error" in explorer.final()


@pytest.mark.parametrize("target", list(universal.TARGETS))
def test_the_bump_network_is_an_nnlib_network(target):
    weights = universal.bump_network(target, 12, 800.0)
    assert [w.shape for w in weights] == [(1, 12), (12,), (12, 1), (1,)]
    model = nn.Sequential([nn.layers.Dense(12, activation="sigmoid", input_dim=1,
                                           dtype="float64"), nn.layers.Dense(1, dtype="float64")])
    model.set_weights(weights)
    x = np.linspace(-0.2, 1.2, 57)
    assert np.allclose(model.predict(x[:, None])[:, 0], universal.network_output(weights, x)[0])


def test_a_pair_of_steep_units_is_a_bump_as_tall_as_the_target_midway():
    result = universal.compute(hidden_units=2, target="bell", steepness=5000.0)
    inside = (result["x"] > 0.01) & (result["x"] < 0.99)
    assert np.allclose(result["output"][inside], universal.TARGETS["bell"](0.5), atol=1e-6)
    assert result["bumps"].shape == (len(result["x"]), 1)
    assert np.allclose(result["bumps"].sum(axis=1), result["output"])


def test_error_is_the_rms_gap_over_the_plotted_interval():
    result = universal.compute(hidden_units=10, target="sine")
    gap = result["output"] - result["target_curve"]
    assert result["x"][0] == 0 and result["x"][-1] == 1
    assert result["error"] == pytest.approx(np.sqrt(np.mean(gap ** 2)))
    assert result["errors"][9] == pytest.approx(result["error"])


@pytest.mark.parametrize("target", list(universal.TARGETS))
def test_the_error_falls_as_the_hidden_units_grow(target):
    errors = universal.compute(target=target)["errors"]
    assert np.all(np.diff(errors[DOUBLING - 1]) < 0)
    assert errors[49] < 0.05 < errors[1]


@pytest.mark.parametrize("target", list(universal.TARGETS))
def test_a_trained_network_with_the_same_units_reaches_the_same_order(target):
    x = np.linspace(0, 1, 200)[:, None]
    model = nn.Sequential([nn.layers.Dense(20, activation="sigmoid"), nn.layers.Dense(1)])
    model.build(1, rng=np.random.default_rng(0))
    model.compile(optimizer=nn.optimizers.Adam(learning_rate=0.05), loss="mse")
    model.fit(x, universal.TARGETS[target](x[:, 0]), epochs=1500, batch_size=None,
              shuffle=False, verbose=0)
    grid = universal.X_GRID
    trained = np.sqrt(np.mean((model.predict(grid[:, None])[:, 0]
                               - universal.TARGETS[target](grid)) ** 2))
    bumps = universal.compute(hidden_units=20, target=target)["error"]
    assert 0.05 < trained / bumps < 10


def test_an_odd_unit_has_no_partner_and_one_unit_makes_no_bump():
    assert universal.compute(hidden_units=7)["error"] == universal.compute(hidden_units=6)["error"]
    assert "odd unit" in universal.compute(hidden_units=7)["readout"]
    single = universal.compute(hidden_units=1)
    assert np.all(single["output"] == 0) and "no bump" in single["readout"]


def test_gentle_steps_blur_the_bumps_and_the_readout_says_so():
    sharp = universal.compute(hidden_units=40, steepness=3000.0)
    blurred = universal.compute(hidden_units=40, steepness=30.0)
    assert blurred["error"] > 2 * sharp["error"]
    assert "too gentle" in blurred["readout"] and "too gentle" not in sharp["readout"]


def test_outside_the_interval_the_network_is_flat():
    weights = universal.bump_network("sine", 60, 1000.0)
    beyond = np.linspace(1.05, 2.0, 50)
    output = universal.network_output(weights, beyond)[0]
    assert np.ptp(output) < 1e-6
    assert universal.rms_error("sine", weights, beyond) > 10 * universal.rms_error("sine", weights)


def test_universal_approximation_rejects_an_unknown_target():
    with pytest.raises(ValueError, match="target"):
        universal.compute(target="square")


# ---- the coffee network's hidden units --------------------------------------------------------
def test_the_explorer_shows_the_network_fit_trains():
    model = coffee_units.train_coffee_network()
    assert all(np.allclose(a, b) for a, b in zip(model.get_weights(),
                                                 coffee_units.trained_weights()))
    X, y = coffee_units.lesson_data()
    assert model.evaluate(X, y)[1] == 1.0


def test_each_hidden_unit_is_a_half_plane_that_vetoes_one_side():
    result = coffee_units.compute()
    y = result["y"]
    points = coffee_units.grid_points()
    z = points @ result["W1"] + result["b1"]
    assert np.array_equal(result["grid_hidden"] > 0.5, z > 0)      # one side of a line each
    assert np.all(result["W2"] < 0) and np.all(result["hidden"][y == 1] < 0.5)
    caught = result["hidden"][y == 0] > 0.5
    assert np.all(caught.any(axis=1))
    assert np.all((caught & (caught.sum(axis=1, keepdims=True) == 1)).any(axis=0))
    assert result["correct"] == 200 and "all three units on" in result["readout"]
    assert np.array_equal(result["output"] >= 0.5, np.all(result["hidden"] < 0.5, axis=1))


@pytest.mark.parametrize("unit", [1, 2, 3])
def test_switching_a_unit_off_opens_its_side(unit):
    result = coffee_units.compute(**{f"unit_{unit}": False})
    assert np.all(result["hidden"][:, unit - 1] == 0)
    assert result["called_good"] > result["y"].sum() and result["correct"] < 200
    assert f"unit {unit} off" in result["readout"]


def test_with_every_unit_off_the_output_sees_only_its_bias():
    result = coffee_units.compute(unit_1=False, unit_2=False, unit_3=False)
    expected = nn.activations.sigmoid(result["b2"][0])
    assert np.allclose(result["output"], expected) and result["called_good"] == 200


def test_predictions_on_the_new_explorers_compute_their_answers():
    widget = nn.explore.predict(
        "coffee_units", unit_1=False, question="?", options=["little", "opens", "all bad"],
        answer=lambda r: 1 if r["called_good"] > 1.5 * r["y"].sum() else 0, explanation=".")
    assert widget.prediction.answer == 1
    widget = nn.explore.predict(
        "universal_approximation", question="?", options=["2", "about 30"],
        answer=lambda r: int(np.flatnonzero(r["errors"] < 0.05)[0] + 1 > 10), explanation=".")
    assert widget.prediction.answer == 1


def test_the_steepness_prompt_reads_as_the_lesson_says_at_the_sliders_stop():
    stop = 10 ** 1.5                       # the log slider's stop nearest 30
    assert universal.compute(hidden_units=50)["readout"].endswith("RMS error 0.0305 over [0, 1]")
    gentle = universal.compute(hidden_units=40, steepness=stop)["readout"]
    assert "RMS error 0.0902" in gentle and "about 0.13 in x" in gentle
