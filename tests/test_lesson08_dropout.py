"""Lesson 08: inverted dropout, the dropout explorers' claims, and the exercise checkers."""
from __future__ import annotations

import warnings
from collections import deque

import numpy as np
import pytest

import nnlib as nn
from nnlib.explore import dropout as explorer
from nnlib.layers import Dropout


# ---- the layer ------------------------------------------------------------------------------
@pytest.mark.parametrize("rate", [0.2, 0.5, 0.8])
def test_inverted_dropout_keeps_the_expected_activation_of_inference(rate):
    activation = np.array([0.5, 1.0, 2.0, 0.1, 3.0])
    n = 40_000
    outputs = Dropout(rate, seed=1).forward(np.tile(activation, (n, 1)), training=True)
    # each output is a * B / (1 - rate), B ~ Bernoulli(1 - rate): its mean over n draws has
    # standard error a * sqrt(rate / ((1 - rate) n))
    standard_error = activation * np.sqrt(rate / ((1 - rate) * n))
    assert np.all(np.abs(outputs.mean(axis=0) - activation) < 5 * standard_error)
    assert np.array_equal(Dropout(rate)(activation[None, :])[0], activation)  # inference


def test_dropout_keeps_one_minus_rate_of_the_units_and_scales_them():
    x = np.ones((100, 100))
    output = Dropout(0.3, seed=2).forward(x, training=True)
    kept = output != 0
    assert abs(kept.mean() - 0.7) < 6 * np.sqrt(0.3 * 0.7 / x.size)
    assert np.allclose(output[kept], 1 / 0.7)


def test_rate_one_outputs_zeros_quietly_and_passes_no_gradient():
    layer = Dropout(1.0)
    x = np.random.default_rng(0).normal(size=(4, 3))
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        output = layer.forward(x, training=True)
        grad = layer.backward(np.ones_like(x))
    assert np.all(output == 0) and np.all(grad == 0)


def test_rate_zero_changes_nothing_even_in_training():
    x = np.random.default_rng(0).normal(size=(4, 3))
    assert np.array_equal(Dropout(0.0).forward(x, training=True), x)


# ---- dropout_curves -------------------------------------------------------------------------
def _final(rate, seed=0, **settings):
    return explorer.EXPLORER_CURVES.final(rate=rate, seed=seed, **settings)


def test_the_overfitting_network_memorises_its_training_set():
    result = _final(0.0)
    train, test = result["curves"]["train"][-1], result["curves"]["test"][-1]
    assert train < 0.02 and test - train > 1.0
    assert "gap" in result["readout"] and "no dropout" in result["readout"]


def test_a_moderate_rate_narrows_the_train_test_gap_on_every_seed():
    gaps = {}
    for rate in (0.0, 0.5):
        results = [_final(rate, seed) for seed in range(3)]
        gaps[rate] = np.array([r["curves"]["test"][-1] - r["curves"]["train"][-1]
                               for r in results])
    assert np.all(gaps[0.5] < gaps[0.0]), gaps
    assert gaps[0.5].mean() < 0.75 * gaps[0.0].mean(), gaps


def test_dropout_slows_learning_and_does_not_lower_the_best_test_loss():
    curves = {rate: _final(rate)["curves"] for rate in (0.0, 0.8)}
    # the first recorded epoch with a training loss below 0.3 (dropout off)
    below = {rate: int(c["epoch"][np.argmax(c["train"] < 0.3)]) for rate, c in curves.items()}
    assert below[0.8] > 3 * below[0.0], below
    lowest = {rate: float(np.min(c["test"])) for rate, c in curves.items()}
    assert abs(lowest[0.8] - lowest[0.0]) < 0.03, lowest
    assert curves[0.8]["test"][-1] < curves[0.0]["test"][-1] / 2   # but it climbs far less


def test_rate_one_learns_only_the_output_bias_and_predicts_the_class_frequency():
    X_train, y_train, X_test, y_test = explorer.overfitting_data()
    model = explorer.build_network(1.0, seed=0)
    before = model.get_weights()
    model, _, _ = deque(explorer.train_curves(1.0, seed=0), maxlen=1)[0]  # after the last epoch
    moved = [not np.array_equal(a, b) for a, b in zip(before, model.get_weights())]
    assert moved == [False] * (len(moved) - 1) + [True]  # only the last bias learned
    in_training = nn.activations.sigmoid(model.forward(X_train.astype(np.float32),
                                                       training=True))
    assert np.allclose(in_training, y_train.mean(), atol=0.01)
    baseline_loss, baseline_accuracy = explorer.class_frequency_baseline(y_train, y_test)
    test_logits = model.forward(X_test.astype(np.float32))[:, 0]
    # at inference the untrained random weights only add noise to the class frequency
    accuracy = np.mean((test_logits > 0) == (y_test == 1))
    assert accuracy <= baseline_accuracy + 0.02
    assert model.loss(y_test, test_logits[:, None]) >= baseline_loss - 0.02


def test_class_frequency_baseline_matches_a_hand_computation():
    loss, accuracy = explorer.class_frequency_baseline(np.array([1, 1, 1, 0]),
                                                       np.array([1, 0]))
    assert loss == pytest.approx(-(np.log(0.75) + np.log(0.25)) / 2)
    assert accuracy == 0.5


def test_curves_stream_progress_and_finish_at_one():
    progress = [r["progress"] for r in explorer.EXPLORER_CURVES.results(epochs=100)]
    assert len(progress) > 1 and progress == sorted(progress) and progress[-1] == 1.0


def test_explorer_leaves_the_shared_random_generator_alone():
    nn.set_random_seed(5)
    expected = nn._random.rng().random()
    nn.set_random_seed(5)
    _final(0.3, epochs=50)
    assert nn._random.rng().random() == expected


# ---- dropout_masks --------------------------------------------------------------------------
def test_masks_readout_gives_the_fraction_kept_and_the_scale():
    result = explorer.compute_masks(rate=0.25, step=4, seed=3)
    kept = np.mean(result["shown"][0] != 0)
    assert result["kept"] == kept
    assert "1/(1-0.25) = 1.33" in result["readout"] and f"kept {kept:.0%}" in result["readout"]
    assert np.allclose(result["shown"][result["shown"] != 0] / 1.3333333,
                       np.tile(result["activation"], (3, 1))[result["shown"] != 0], rtol=1e-5)


def test_masks_average_approaches_the_inference_activation():
    early = explorer.compute_masks(rate=0.5, step=1)
    late = explorer.compute_masks(rate=0.5, step=300)
    error = [np.abs(r["average"] - r["activation"]).mean() for r in (early, late)]
    assert error[1] < 0.1 < error[0]


def test_masks_at_rate_one_say_everything_is_dropped():
    result = explorer.compute_masks(rate=1.0)
    assert np.all(result["shown"] == 0) and "every unit is dropped" in result["readout"]


# ---- exercise checkers ----------------------------------------------------------------------
def _dropout_forward(x, rate, rng):
    if rate == 1.0:
        return np.zeros_like(x)
    return x * (rng.random(x.shape) >= rate) / (1.0 - rate)


def _unscaled(x, rate, rng):
    if rate == 1.0:
        return np.zeros_like(x)
    return x * (rng.random(x.shape) >= rate)


def _rate_is_keep_probability(x, rate, rng):
    if rate == 1.0:
        return np.zeros_like(x)
    return x * (rng.random(x.shape) < rate) / (1.0 - rate)


def _global_random(x, rate, rng):
    if rate == 1.0:
        return np.zeros_like(x)
    return x * (np.random.random(x.shape) >= rate) / (1.0 - rate)


def _fixed_generator(x, rate, rng):
    if rate == 1.0:
        return np.zeros_like(x)
    return x * (np.random.default_rng(0).random(x.shape) >= rate) / (1.0 - rate)


def _one_choice_per_example(x, rate, rng):
    if rate == 1.0:
        return np.zeros_like(x)
    return x * (rng.random((x.shape[0], 1)) >= rate) / (1.0 - rate)


def _one_mask_for_every_example(x, rate, rng):
    if rate == 1.0:
        return np.zeros_like(x)
    return x * (rng.random(x.shape[1]) >= rate) / (1.0 - rate)


def _divides_by_zero_at_rate_one(x, rate, rng):
    return x * (rng.random(x.shape) >= rate) / (1.0 - rate)


def test_dropout_forward_checker_passes_a_correct_answer_drawn_any_fair_way(capsys):
    def binomial(x, rate, rng):
        if rate == 1.0:
            return np.zeros_like(x)
        return x * rng.binomial(1, 1 - rate, size=x.shape) / (1 - rate)

    assert nn.exercises.check_dropout_forward(_dropout_forward)
    assert nn.exercises.check_dropout_forward(binomial)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize("mistake, message", [
    (_unscaled, "not scaled"),
    (_rate_is_keep_probability, "fraction DROPPED"),
    (_global_random, "same seed"),
    (_fixed_generator, "different seeds"),
    (_divides_by_zero_at_rate_one, "rate 1.0"),
    (_one_choice_per_example, "one choice per row"),
    (_one_mask_for_every_example, "one mask for all rows"),
])
def test_dropout_forward_checker_names_each_typical_mistake(mistake, message, capsys):
    assert not nn.exercises.check_dropout_forward(mistake)
    assert message in capsys.readouterr().out


def test_inverted_dropout_checker_passes_the_reference_and_names_a_missing_scale(capsys):
    assert nn.exercises.check_inverted_dropout(lambda x, mask, rate: x * mask / (1 - rate))
    capsys.readouterr()
    assert not nn.exercises.check_inverted_dropout(lambda x, mask, rate: x * mask)
    assert "not scaled" in capsys.readouterr().out
    assert not nn.exercises.check_inverted_dropout(
        lambda x, mask, rate: x * mask * (1 - rate))


def test_stubs_are_told_not_done_yet(capsys):
    assert not nn.exercises.check_dropout_forward(lambda x, rate, rng: None)
    assert not nn.exercises.check_inverted_dropout(lambda x, mask, rate: None)
    assert capsys.readouterr().out.count("not done yet") == 2
