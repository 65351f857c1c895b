"""Lesson 09: softmax and cross-entropy claims, the explorers' numbers, the exercise checkers."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import nnlib as nn
from nnlib.explore import softmax as explorer
from nnlib.gradcheck import numerical_gradient, relative_error

EXAMPLE = np.array([-0.21, 0.47, 1.72])


def _naive_softmax(z):
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


# ---- softmax ------------------------------------------------------------------------------
def test_the_notes_example_is_about_a_tenth_a_fifth_and_seven_tenths():
    p = nn.activations.softmax(EXAMPLE)
    assert np.allclose(p, [0.1, 0.2, 0.7], atol=0.005)
    assert p.sum() == pytest.approx(1.0)


def test_softmax_rows_sum_to_one_and_sigmoids_do_not():
    z = np.random.default_rng(0).normal(0, 3, size=(50, 4))
    assert np.allclose(nn.activations.softmax(z).sum(axis=1), 1.0)
    sigmoid_sums = nn.activations.sigmoid(z).sum(axis=1)
    assert np.all(np.abs(sigmoid_sums - 1.0) > 1e-3)


def test_a_naive_softmax_overflows_near_1000_and_the_shifted_one_does_not():
    z = np.array([1000.0, 1001.0, 1002.0])
    with warnings.catch_warnings(record=True) as caught, np.errstate(over="warn",
                                                                      invalid="warn"):
        warnings.simplefilter("always")
        naive = _naive_softmax(z)
    assert any(issubclass(w.category, RuntimeWarning) for w in caught)
    assert np.all(np.isnan(naive))
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        stable = nn.activations.softmax(z)
    assert np.allclose(stable, nn.activations.softmax(np.array([0.0, 1.0, 2.0])))


def test_softmax_jacobian_matches_finite_differences_and_its_columns_sum_to_zero():
    z = EXAMPLE.copy()
    jacobian = nn.activations.get("softmax").derivative(z)[0]
    for j in range(3):
        numerical = numerical_gradient(lambda j=j: float(nn.activations.softmax(z)[j]), z)
        assert relative_error(jacobian[j], numerical) < 1e-7
    assert np.allclose(jacobian.sum(axis=0), 0.0)


def test_cross_entropy_gradient_from_logits_is_p_minus_y():
    rng = np.random.default_rng(1)
    logits, labels = rng.normal(size=(5, 4)), rng.integers(0, 4, size=5)
    loss = nn.losses.SparseCategoricalCrossentropy(from_logits=True)
    numerical = numerical_gradient(lambda: loss(labels, logits), logits)
    p_minus_y = (nn.activations.softmax(logits) - nn.data.one_hot(labels, 4)) / 5
    assert relative_error(p_minus_y, numerical) < 1e-7


def test_loss_from_logits_equals_the_two_step_loss_where_both_are_finite():
    rng = np.random.default_rng(2)
    logits, labels = rng.normal(0, 3, size=(20, 4)), rng.integers(0, 4, size=20)
    from_logits = nn.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits)
    p = nn.activations.softmax(logits)
    two_step = -np.mean(np.log(p[np.arange(20), labels]))
    assert from_logits == pytest.approx(two_step, rel=1e-12)


def test_loss_from_logits_stays_finite_where_the_two_step_loss_does_not():
    logits, labels = np.array([[0.0, 1000.0]]), np.array([0])
    with np.errstate(divide="ignore"):
        two_step = -np.log(nn.activations.softmax(logits)[0, 0])
    assert np.isinf(two_step)
    loss = nn.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits)
    assert loss == pytest.approx(1000.0)
    clipped = nn.losses.SparseCategoricalCrossentropy()(labels, nn.activations.softmax(logits))
    assert clipped == pytest.approx(-np.log(1e-7), rel=1e-6)  # finite, but far from 1000


# ---- softmax_temperature ------------------------------------------------------------------
def test_a_softmax_hidden_layer_lets_one_unit_on_and_passes_back_less_gradient():
    X, y = nn.data.fruit()
    X_std = nn.data.standardize(X)[0].astype("float32")
    gradient, on = {}, {}
    for activation in ("relu", "softmax"):
        nn.set_random_seed(0)
        model = nn.Sequential([nn.layers.Dense(8, activation=activation), nn.layers.Dense(4)])
        model.compile(optimizer="adam",
                      loss=nn.losses.SparseCategoricalCrossentropy(from_logits=True))
        model.build(2)
        logits = model.forward(X_std, training=True)
        model.backward(model.loss.gradient(y, logits))
        gradient[activation] = np.linalg.norm(model.grads[0])
        units = model.layers[0](X_std)
        on[activation] = (units > (0.5 if activation == "softmax" else 0.0)).sum(axis=1).max()
    assert gradient["relu"] > 2 * gradient["softmax"], gradient
    assert on["softmax"] <= 1 < on["relu"], on


def test_probabilities_readout_reports_both_sums():
    result = explorer.compute_probabilities()
    assert np.allclose(result["softmax"], nn.activations.softmax(EXAMPLE))
    sigmoid_sum = nn.activations.sigmoid(EXAMPLE).sum()
    assert f"softmax sums to 1.00; sigmoids sum to {sigmoid_sum:.2f}" in result["readout"]


def test_temperature_sharpens_or_flattens_the_softmax():
    cold = explorer.compute_probabilities(temperature=0.1)["softmax"]
    hot = explorer.compute_probabilities(temperature=10.0)["softmax"]
    assert cold.max() > 0.99 and np.argmax(cold) == 2
    assert np.ptp(hot) < 0.1 and hot.sum() == pytest.approx(1.0)


def test_fewer_classes_use_only_the_first_logits():
    result = explorer.compute_probabilities(classes=2)
    assert result["softmax"].shape == (2,)


# ---- class_regions ------------------------------------------------------------------------
def test_one_vs_all_leaves_points_unclaimed_and_contested_while_softmax_sums_to_one():
    result = explorer.compute_regions(hidden_units=0)
    claims = result["claims"]
    assert np.any(claims == 0) and np.any(claims >= 2)
    assert np.allclose(result["sums"]["softmax"], 1.0)
    assert np.ptp(result["sums"]["one-vs-all"]) > 1.0
    for kind in explorer.KINDS:
        assert result[f"{kind} accuracy"] > 0.85
    assert "no fruit claims" in result["readout"]


def test_trained_models_are_cached_per_setting():
    first = explorer.trained_model("softmax", 4)
    assert explorer.trained_model("softmax", 4) is first


# ---- exercise checkers --------------------------------------------------------------------
def _softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def _whole_array(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def _down_the_columns(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=0)


def _cross_entropy(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return -np.mean(log_p[np.arange(len(labels)), labels])


def _two_step(logits, labels):
    return -np.mean(np.log(_softmax(logits)[np.arange(len(labels)), labels]))


def _summed(logits, labels):
    return len(labels) * _cross_entropy(logits, labels)


def test_softmax_checker_passes_the_reference(capsys):
    assert nn.exercises.check_softmax(_softmax)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize("mistake, message", [
    (_naive_softmax, "subtract each row's largest logit"),
    (_whole_array, "whole array"),
    (_down_the_columns, "axis=0"),
])
def test_softmax_checker_fails_each_typical_mistake(mistake, message, capsys):
    assert not nn.exercises.check_softmax(mistake)
    assert message in capsys.readouterr().out


def test_cross_entropy_checker_passes_the_reference_and_fails_the_slips(capsys):
    assert nn.exercises.check_cross_entropy(_cross_entropy)
    capsys.readouterr()
    assert not nn.exercises.check_cross_entropy(_two_step)
    assert "np.log of the softmax" in capsys.readouterr().out
    assert not nn.exercises.check_cross_entropy(_summed)
    assert "summed over the examples" in capsys.readouterr().out


def test_stubs_are_told_not_done_yet(capsys):
    assert not nn.exercises.check_softmax(lambda z: None)
    assert not nn.exercises.check_cross_entropy(lambda logits, labels: None)
    assert capsys.readouterr().out.count("not done yet") == 2


def test_softmax_checker_names_the_global_maximum_slip(capsys):
    def global_max(z):
        e = np.exp(z - z.max())
        return e / e.sum(axis=-1, keepdims=True)

    assert not nn.exercises.check_softmax(global_max)
    out = capsys.readouterr().out
    assert "largest logit of the whole batch" in out and "z.max(axis=-1" in out

    def row_max(z):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    assert nn.exercises.check_softmax(row_max)
