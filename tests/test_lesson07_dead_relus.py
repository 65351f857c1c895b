"""Lesson 07: dead ReLUs. The lesson's claims, the two explorers, and the exercise checkers."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import nnlib as nn
from nnlib.explore import born_dead, dead_relus
from nnlib.percents import share
from nnlib.layers import Dense
from nnlib.losses import SparseCategoricalCrossentropy
from nnlib.optimizers import SGD


# ---- the lesson's claims, on all 1797 digits with fit --------------------------------------
def _train_digits(activation: str, learning_rate: float, seed: int):
    """64-64-10 on the digits, SGD, batch 32, 30 epochs. Returns the model with the weights
    of its last completed epoch (finite even if training diverged later; None if it diverged
    in its first epoch), the number of completed epochs, and the divergence warnings."""
    X, y = nn.data.digits()
    nn.set_random_seed(seed)
    model = nn.Sequential([Dense(64, activation=activation), Dense(64, activation=activation),
                           Dense(10)])
    model.compile(optimizer=SGD(learning_rate=learning_rate),
                  loss=SparseCategoricalCrossentropy(from_logits=True))
    weights = []

    def after_epoch(epoch, logs):
        weights.append(model.get_weights())

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", nn.TrainingDivergedWarning)
        model.fit(X, y, batch_size=32, epochs=30, verbose=0,
                  callbacks=[nn.callbacks.LambdaCallback(on_epoch_end=after_epoch)])
    diverged = [w for w in caught if issubclass(w.category, nn.TrainingDivergedWarning)]
    if not weights:
        return None, 0, diverged
    model.set_weights(weights[-1])
    return model, len(weights), diverged


def _unit_gradient_norms(model) -> np.ndarray:
    """||dC/dW[:, j]|| for every hidden unit j of every hidden layer, on all the digits."""
    X, y = nn.data.digits()
    nn.diagnostics.gradient_norms(model, X, y)  # fills each layer's grads
    return np.concatenate([np.linalg.norm(layer.grads["W"], axis=0)
                           for layer in nn.diagnostics.dense_layers(model)[:-1]])


@pytest.mark.parametrize("seed", [0, 1])
def test_learning_rate_two_leaves_most_units_dead_and_one_hundredth_few(seed):
    X, _ = nn.data.digits()
    fast, epochs, diverged = _train_digits("relu", 2.0, seed)
    assert not diverged and epochs == 30
    slow, _, _ = _train_digits("relu", 0.01, seed)
    dead_fast = nn.diagnostics.dead_fraction(fast, X)
    dead_slow = nn.diagnostics.dead_fraction(slow, X)
    assert dead_fast > 0.5 and dead_slow < 0.1, (dead_fast, dead_slow)
    assert np.sum(_unit_gradient_norms(fast) == 0) >= dead_fast * 128  # no gradient


@pytest.mark.parametrize("seed", [0, 1])
def test_leaky_relu_keeps_every_units_gradient_alive_where_relus_die(seed):
    # at rate 1 about nine ReLUs in ten die (0.89 to 0.95 over seeds and processors); leaky
    # ReLU at the same rate trains all 30 epochs with no dead unit
    X, _ = nn.data.digits()
    relu, _, _ = _train_digits("relu", 1.0, seed)
    assert nn.diagnostics.dead_fraction(relu, X) > 0.8
    model, epochs, diverged = _train_digits("leaky_relu", 1.0, seed)
    assert epochs == 30 and not diverged
    assert not any(mask.any() for mask in nn.diagnostics.dead_units(model, X))
    norms = _unit_gradient_norms(model)
    assert np.all(np.isfinite(norms)) and np.all(norms > 0)


@pytest.mark.parametrize("seed", [0, 1])
def test_leaky_relu_at_learning_rate_two_diverges_or_keeps_every_unit(seed):
    # at rate 2 a run may blow up (in which epoch depends on the processor's rounding, as
    # lesson 07 says); the epochs it finishes leave no unit dead
    model, epochs, diverged = _train_digits("leaky_relu", 2.0, seed)
    assert epochs == 30 or diverged
    if model is not None:
        X, _ = nn.data.digits()
        assert not any(mask.any() for mask in nn.diagnostics.dead_units(model, X))
        norms = _unit_gradient_norms(model)
        assert np.all(np.isfinite(norms)) and np.all(norms > 0)


def test_a_dead_unit_passes_no_gradient_to_its_weights_or_bias():
    X, y = nn.data.digits()
    model = nn.Sequential([Dense(16, activation="relu"), Dense(10)])
    model.compile(optimizer="sgd", loss=SparseCategoricalCrossentropy(from_logits=True))
    model(X)
    model.layers[0].params["b"][3] = -100.0  # z = x W - 100 < 0 for every digit
    nn.diagnostics.gradient_norms(model, X, y)
    assert nn.diagnostics.dead_units(model, X)[0][3]
    assert np.all(model.layers[0].grads["W"][:, 3] == 0) and model.layers[0].grads["b"][3] == 0
    assert np.all(np.linalg.norm(np.delete(model.layers[0].grads["W"], 3, axis=1), axis=0) > 0)


# ---- explorer 'dead_relus' -------------------------------------------------------------------
def test_explorer_kills_most_units_at_rate_two_and_few_at_one_hundredth():
    fast = dead_relus.EXPLORER.final(learning_rate=2.0)
    slow = dead_relus.EXPLORER.final(learning_rate=0.01)
    assert fast["dead_fraction"] > 0.5 and slow["dead_fraction"] < 0.1
    assert fast["readout"].startswith(f"{share(fast['dead_fraction'])} of hidden units dead "
                                      f"after 30 epochs")
    assert slow["accuracy"] > 0.8 > 0.2 > fast["accuracy"]


def test_explorer_readout_says_what_it_trained():
    readout = dead_relus.EXPLORER.final()["readout"]
    for words in ("30 epochs", "1000 of the 1797 digits", "batch 32", "64-64-10", "ReLU",
                  "learning rate 2"):
        assert words in readout, (words, readout)


def test_explorer_counts_dead_units_exactly_as_diagnostics_does_on_the_whole_set():
    x, y = dead_relus.training_digits()
    model = dead_relus.build_network(32, "relu", -0.4)
    snapshot = dead_relus.measure(model, x, y)
    masks = nn.diagnostics.dead_units(model, x)
    assert 0 < snapshot["dead_fraction"] < 1
    assert all(np.array_equal(a, b) for a, b in zip(snapshot["dead"], masks))
    assert snapshot["dead_fraction"] == nn.diagnostics.dead_fraction(model, x)
    output = model.predict(x)
    assert snapshot["accuracy"] == pytest.approx(np.mean(np.argmax(output, axis=1) == y))
    for firing, dead in zip(snapshot["firing"], snapshot["dead"]):
        assert np.all(firing[dead] == 0) and np.all(firing[~dead] > 0)


def test_first_layer_units_never_come_back_to_life_under_plain_sgd():
    # their inputs are the fixed pixels and their weights get no gradient: dead for good
    previous = None
    for result in dead_relus.EXPLORER.results(learning_rate=0.1, bias_init=-0.5):
        if previous is not None:
            assert np.all(result["dead"][0][previous])
        previous = result["dead"][0]
    assert previous.any()


def test_a_very_negative_initial_bias_kills_every_unit_before_training():
    result = dead_relus.EXPLORER.final(bias_init=-3.0, learning_rate=0.01)
    assert result["dead_history"][0] == 1.0 and result["dead_fraction"] == 1.0


def test_leaky_relu_units_are_never_dead_in_the_explorer():
    for result in dead_relus.EXPLORER.results(activation="leaky_relu"):
        assert not any(mask.any() for mask in result["dead"])
        assert np.all(result["dead_history"] == 0)


def test_a_diverging_run_says_where_it_stopped_and_keeps_finite_numbers():
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        result = dead_relus.EXPLORER.final(activation="leaky_relu", learning_rate=5.0)
    assert result["readout"].startswith("Training diverged: the loss became")
    assert "at epoch 1, batch" in result["readout"]
    assert np.all(np.isfinite(result["dead_history"]))
    assert len(result["epochs"]) == len(result["dead_history"]) == len(result["accuracy_history"])


def test_explorer_stream_reports_progress_and_is_repeatable():
    results = list(dead_relus.EXPLORER.results(width=8))
    progress = [r["progress"] for r in results]
    assert progress == sorted(progress) and progress[0] == 0.0 and progress[-1] == 1.0
    again = dead_relus.EXPLORER.final(width=8)
    assert np.array_equal(again["dead_history"], results[-1]["dead_history"])


def test_explorers_leave_the_shared_random_generator_alone():
    nn.set_random_seed(3)
    expected = nn._random.rng().random(3)
    nn.set_random_seed(3)
    dead_relus.EXPLORER.final(width=8)
    born_dead.compute(depth=5, width=2, trials=50)
    assert np.array_equal(nn._random.rng().random(3), expected)


def test_unit_grid_paints_dead_units_red_and_pads_with_white():
    firing = np.array([0.0, 0.5, 1.0, 0.0, 0.2])
    dead = np.array([True, False, False, False, False])
    picture = dead_relus.unit_grid(firing, dead, pixels=4)
    assert picture.shape == (2 * 4, 3 * 4, 4)
    assert np.allclose(picture[2, 2], dead_relus.DEAD_COLOR)           # unit 0
    assert picture[2, 6, 2] > picture[2, 6, 0]                          # unit 1: blue
    assert not np.allclose(picture[6, 2], dead_relus.DEAD_COLOR)       # unit 3: silent, alive
    assert np.allclose(picture[6, 10], 1.0)                             # padding after unit 4


# ---- explorer 'born_dead' --------------------------------------------------------------------
def test_at_depth_ten_width_two_is_born_dead_far_more_often_than_width_ten():
    narrow = born_dead.born_dead_chance(10, 2, trials=1000)
    wide = born_dead.born_dead_chance(10, 10, trials=1000)
    assert narrow > 0.5 and wide < 0.05 and narrow > 10 * max(wide, 1e-3), (narrow, wide)


def test_vectorized_trials_agree_with_networks_built_from_nnlib_layers():
    x = born_dead.digit_examples()
    trials, depth, width = 300, 6, 2
    rng = np.random.default_rng(11)
    dead_count = 0
    for _ in range(trials):
        model = nn.Sequential([Dense(width, activation="relu", kernel_initializer="he_normal")
                               for _ in range(depth)] + [Dense(1)])
        for layer, n_in in zip(model.layers, [64] + [width] * depth):
            layer.build(n_in, rng)
        output = model.predict(x)
        layer_dead = [mask.all() for mask in nn.diagnostics.dead_units(model, x)]
        if any(layer_dead):
            dead_count += 1
            assert np.ptp(output) == 0  # born dead: the same output for every digit
    by_layers = dead_count / trials
    vectorized = born_dead.born_dead_chance(depth, width, trials=2000, seed=3)
    tolerance = 4 * np.sqrt(vectorized * (1 - vectorized) / trials) + 0.01
    assert abs(by_layers - vectorized) < tolerance, (by_layers, vectorized)


def test_on_a_single_example_the_chance_matches_the_formula():
    one_digit = born_dead.digit_examples()[:1]
    trials = 4000
    alive = born_dead.layer_alive_fractions(5, 2, trials, x=one_digit, seed=5)
    chance = np.mean(np.any(alive == 0, axis=1))
    expected = float(born_dead.one_example_bound(5, 2))  # 1 - (3/4)^5
    assert abs(chance - expected) < 4 * np.sqrt(expected * (1 - expected) / trials)


@pytest.mark.parametrize("width", [1, 2, 3, 4])
def test_dead_on_every_digit_is_never_likelier_than_on_one(width):
    result = born_dead.compute(depth=12, width=width, trials=1000)
    noise = 3 * np.sqrt(0.25 / 1000)
    assert np.all(result["chance_by_depth"] <= result["bound"] + noise)
    assert np.all(np.diff(result["chance_by_depth"]) >= 0)  # deeper: never less likely


def test_once_a_layer_is_dead_every_later_layer_is_dead_too():
    alive = born_dead.layer_alive_fractions(20, 2, 300)
    first_dead = np.argmax(alive == 0, axis=1)
    for row, start in zip(alive, first_dead):
        if np.any(row == 0):
            assert np.all(row[start:] == 0) and np.all(row[:start] > 0)


def test_born_dead_readout_and_bad_input():
    result = born_dead.compute()
    assert result["readout"].startswith("90.1% of 2000 random ReLU networks "
                                        "of depth 10 and width 2")
    # the explorer opens on the same 2000 networks the lesson counts with born_dead_chance
    assert result["chance"] == born_dead.born_dead_chance(depth=10, width=2, trials=2000)
    with pytest.raises(ValueError, match="depth"):
        born_dead.layer_alive_fractions(0, 2, 10)
    with pytest.raises(TypeError, match="width"):
        born_dead.layer_alive_fractions(3, 2.5, 10)


# ---- exercise checkers -----------------------------------------------------------------------
def test_dead_fraction_checker_passes_the_reference(capsys):
    def reference(weighted_inputs):
        return float(np.mean(np.all(weighted_inputs <= 0, axis=0)))

    assert nn.exercises.check_dead_fraction(reference)
    assert "all 3 checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("message, mistake", nn.exercises.dead_relus.DEAD_FRACTION_MISTAKES,
                         ids=["any", "strict", "axis", "entries", "count"])
def test_dead_fraction_checker_names_each_typical_mistake(message, mistake, capsys):
    assert not nn.exercises.check_dead_fraction(mistake)
    assert message in capsys.readouterr().out


def test_dead_fraction_checker_catches_counting_units_dead_on_any_example(capsys):
    assert not nn.exercises.check_dead_fraction(
        lambda z: float(np.mean(np.any(z <= 0, axis=0))))
    assert "EVERY example" in capsys.readouterr().out


def test_leaky_relu_derivative_checker_passes_the_reference(capsys):
    assert nn.exercises.check_leaky_relu_derivative(
        lambda z, alpha=0.01: np.where(z > 0, 1.0, alpha))


@pytest.mark.parametrize("message, mistake", nn.exercises.dead_relus.LEAKY_MISTAKES,
                         ids=["relu", "function", "alpha_times_z", "fixed_alpha", "one_at_zero"])
def test_leaky_relu_derivative_checker_names_each_typical_mistake(message, mistake, capsys):
    assert not nn.exercises.check_leaky_relu_derivative(mistake)
    assert message in capsys.readouterr().out


def test_leaky_relu_derivative_checker_rejects_slope_one_at_zero_as_nnlib_does(capsys):
    # nnlib's own leaky ReLU has slope alpha at exactly z = 0, the rule the lesson states
    assert nn.activations.get("leaky_relu").derivative(np.array([0.0]))[0] == 0.01
    assert not nn.exercises.check_leaky_relu_derivative(
        lambda z, alpha=0.01: np.where(z >= 0, 1.0, alpha))
    assert "z >= 0" in capsys.readouterr().out


def test_stubs_are_told_not_done_yet(capsys):
    assert not nn.exercises.check_dead_fraction(lambda weighted_inputs: None)
    assert not nn.exercises.check_leaky_relu_derivative(lambda z, alpha=0.01: None)
    assert capsys.readouterr().out.count("not done yet") == 2


def test_born_dead_readout_never_rounds_to_100_or_0_percent_unless_exact():
    nearly_all = born_dead.compute(depth=10, width=1)   # 1995 of the 2000 are born dead
    assert round(nearly_all["chance"] * 2000) == 1995
    assert nearly_all["readout"].startswith("99.7% of 2000")
    assert born_dead.compute(depth=30, width=2)["readout"].startswith("100% of 2000")
    assert share(0.0004) == "0.04%" and share(0.9996) == "99.9%" and share(0.0) == "0%"
    assert share(0.901) == "90%" and share(1.0) == "100%"


def test_the_born_dead_prompts_widths_and_the_deep_stack_read_as_the_lesson_says():
    # "under 1% at width 8 (the readout's 0.5%: 10 of the 2000 networks)"
    at_eight = born_dead.compute(depth=10, width=8)
    assert round(at_eight["chance"] * 2000) == 10 and at_eight["readout"].startswith("0.5% of")
    # width 10, depth 50: about 2% die, none by layer 10, half of them by layer 35
    deep = born_dead.compute(depth=50, width=10)
    by_depth = dict(zip(deep["depths"], deep["chance_by_depth"]))
    assert 0.01 <= deep["chance"] <= 0.03 and by_depth[10] == 0
    assert "half of those by layer 35" in deep["readout"]
