"""Lesson 06: vanishing and exploding gradients.

The lesson's claims about per-layer gradient norms, Nielsen's speed-of-learning
measurement and its unit conversion, the shared gradient bars, and the exercise
checkers (each passes the reference and fails the typical mistakes).
"""
from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import nnlib as nn  # noqa: E402
from nnlib.exercises import gradients as exercises  # noqa: E402
from nnlib.explore import gradient_flow, layer_speed  # noqa: E402
from nnlib.layers import Activation, BatchNormalization, Dense  # noqa: E402
from nnlib.plots.bars import gradient_bars  # noqa: E402
from nnlib.scales import bar_heights  # noqa: E402

SEEDS = range(8)


def geometric_mean(norms: np.ndarray) -> np.ndarray:
    return bar_heights(norms)[0]


# ---- gradient_flow: the claims ------------------------------------------------------------

@pytest.mark.parametrize("depth", [2, 5, 10])
def test_sigmoid_bias_gradients_grow_strictly_toward_the_last_hidden_layer(depth):
    measured = gradient_flow.measure(depth, "sigmoid", "normal", 1.0, seeds=SEEDS)
    hidden = measured["biases"][:, :-1]
    assert np.all(np.diff(hidden, axis=1) > 0), hidden  # in every single draw
    assert np.all(np.diff(geometric_mean(measured["weights"])[:-1]) > 0)  # on average


def test_sigmoid_first_to_last_ratio_falls_with_depth():
    ratios = [gradient_flow.first_to_last(gradient_flow.measure(d, "sigmoid", seeds=SEEDS)
                                          ["weights"]) for d in (1, 2, 4, 8, 16)]
    assert np.all(np.diff(ratios) < 0), ratios
    assert ratios[-1] < 1e-6


def test_relu_with_he_keeps_first_to_last_ratio_within_ten_at_depth_ten():
    measured = gradient_flow.measure(10, "relu", "he", seeds=SEEDS)
    for key in ("weights", "biases"):
        assert 0.1 < gradient_flow.first_to_last(measured[key]) < 10, key


def test_large_weight_scale_explodes_and_batch_norm_pulls_it_back():
    stable = gradient_flow.measure(10, "relu", "he", seeds=SEEDS)
    large = gradient_flow.measure(10, "relu", "normal", 3.0, seeds=SEEDS)
    normalized = gradient_flow.measure(10, "relu", "normal", 3.0, batch_norm=True, seeds=SEEDS)
    stable_largest = geometric_mean(stable["weights"]).max()
    assert geometric_mean(large["weights"]).min() > 100 * stable_largest
    assert gradient_flow.first_to_last(large["biases"]) > 100
    assert geometric_mean(normalized["weights"]).max() < 10 * stable_largest
    assert gradient_flow.first_to_last(normalized["biases"]) < 10


def test_measure_is_reproducible_and_seeds_differ():
    first = gradient_flow.measure(4, "tanh", seeds=(3,))
    again = gradient_flow.measure(4, "tanh", seeds=(3,))
    other = gradient_flow.measure(4, "tanh", seeds=(4,))
    np.testing.assert_array_equal(first["weights"], again["weights"])
    assert not np.allclose(first["weights"], other["weights"])


def test_build_network_puts_batch_norm_between_weighted_input_and_activation():
    model = gradient_flow.build_network(3, "relu", batch_norm=True)
    kinds = [type(layer) for layer in model.layers]
    assert kinds == [Dense, BatchNormalization, Activation] * 3 + [Dense]
    assert not model.layers[0].use_bias and model.layers[0].params["W"].dtype == np.float64
    plain = gradient_flow.build_network(3, "relu")
    assert [type(layer) for layer in plain.layers] == [Dense] * 4


def test_normal_initialization_scale_sets_the_weight_spread():
    model = gradient_flow.build_network(2, "relu", "normal", 2.0, width=400, n_in=400)
    assert np.std(model.layers[1].params["W"]) == pytest.approx(2.0 / np.sqrt(400), rel=0.02)


def test_bias_norms_behind_batch_norm_are_the_shift_gradients():
    model = gradient_flow.build_network(2, "sigmoid", batch_norm=True)
    x, labels = gradient_flow.example_batch()
    nn.diagnostics.gradient_norms(model, x, labels)
    norms = gradient_flow._bias_gradient_norms(model)
    assert norms[0] == pytest.approx(np.linalg.norm(model.layers[1].grads["beta"]))
    assert len(norms) == 3


def test_readout_names_the_ratio_and_the_verdict():
    vanishing = gradient_flow.compute(depth=10)
    assert vanishing["readout"].startswith("layer 1's gradient is 1e-06 × the last layer's")
    assert "vanishing" in vanishing["readout"]
    exploding = gradient_flow.compute(activation="relu", weight_scale=3.0)
    assert "every layer exploding" in exploding["readout"]
    steady = gradient_flow.compute(activation="relu", initialization="he")
    assert "steady" in steady["readout"]


def test_unknown_activation_is_a_clear_error():
    with pytest.raises(ValueError, match="activation"):
        gradient_flow.build_network(2, "swish")


# ---- layer_speed: Nielsen's measurement --------------------------------------------------

def test_nielsen_network_starts_as_his_default():
    model = layer_speed.nielsen_network(2, width=300, seed=1)
    W, b = model.layers[1].params["W"], model.layers[1].params["b"]
    assert np.std(W) == pytest.approx(1 / np.sqrt(300), rel=0.02)
    assert np.std(b) == pytest.approx(1.0, rel=0.15)
    assert model.layers[-1].activation.name == "sigmoid" and model.layers[-1].units == 10


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_speeds_are_nielsens_gradient_of_the_averaged_cost(cost):
    """Nielsen's delta for the output layer, by hand: (a - y) * sigmoid'(z) for his quadratic
    cost, (a - y) for his cross-entropy; averaged over the examples, then the norm."""
    x, targets = layer_speed.training_set()
    x, targets = x[:300], targets[:300]
    model = layer_speed.nielsen_network(1, cost=cost, seed=2)
    hidden, output = model.layers
    a_hidden = nn.activations.sigmoid(x @ hidden.params["W"] + hidden.params["b"])
    z_out = a_hidden @ output.params["W"] + output.params["b"]
    a_out = nn.activations.sigmoid(z_out)
    delta_out = a_out - targets
    if cost == "quadratic":
        delta_out = delta_out * a_out * (1 - a_out)
    delta_hidden = (delta_out @ output.params["W"].T) * a_hidden * (1 - a_hidden)
    by_hand = np.linalg.norm(delta_hidden.mean(axis=0))
    speeds, outputs = layer_speed.hidden_bias_speeds(model, x, targets, cost, chunk=70)
    assert speeds[0] == pytest.approx(by_hand, rel=1e-9)
    np.testing.assert_allclose(outputs, a_out, rtol=1e-12)


def test_chunked_speeds_equal_one_pass_over_all_examples():
    x, targets = layer_speed.training_set()
    model = layer_speed.nielsen_network(3)
    speeds, _ = layer_speed.hidden_bias_speeds(model, x, targets, chunk=250)
    whole = nn.diagnostics.gradient_norms(model, x, targets, param="b")[:-1] * 10
    np.testing.assert_allclose(speeds, whole, rtol=1e-10)


@pytest.mark.parametrize("hidden_layers", [2, 3, 4])
def test_nielsen_pattern_later_hidden_layers_learn_faster(hidden_layers):
    x, targets = layer_speed.training_set()
    speeds = np.array([layer_speed.hidden_bias_speeds(
        layer_speed.nielsen_network(hidden_layers, seed=seed), x, targets)[0]
        for seed in range(5)])
    assert np.all(np.diff(speeds, axis=1) > 0)


def test_training_story_reports_progress_and_ends_at_one():
    stories = list(layer_speed.compute(hidden_layers=2, epochs=8))
    progress = [story["progress"] for story in stories]
    assert progress == sorted(progress) and progress[-1] == 1.0 and len(stories) > 1
    final = stories[-1]
    assert final["speeds"].shape == (9, 2) and final["diverged"] is None
    assert final["readout"].startswith("epoch 8: hidden layer 1 learns")


def test_relu_network_learns_where_the_deep_sigmoid_one_stalls():
    sigmoid = layer_speed.EXPLORER.final(activation="sigmoid", epochs=20)
    relu = layer_speed.EXPLORER.final(activation="relu", epochs=20)
    assert relu["accuracy"][-1] > 0.8 > 0.2 > sigmoid["accuracy"][-1]
    assert sigmoid["speeds"][-1, 0] / sigmoid["speeds"][-1, -1] < 0.05


def test_a_huge_learning_rate_never_raises():
    with np.errstate(all="raise"):
        final = layer_speed.EXPLORER.final(activation="relu", learning_rate=100.0, epochs=5)
    assert final["readout"]


# ---- the shared picture ------------------------------------------------------------------

def test_gradient_bars_draws_one_bar_per_layer_on_a_log_scale():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    assert gradient_bars([1e-6, 1e-3, 0.5], ax=ax, labels=["1", "2", "out"]) is ax
    assert ax.get_yscale() == "log" and len(ax.patches) == 3
    heights = sorted(patch.get_height() for patch in ax.patches)
    np.testing.assert_allclose(heights, [1e-6, 1e-3, 0.5])


def test_gradient_bars_of_several_draws_uses_the_geometric_mean_and_marks_zeros():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    gradient_bars(np.array([[1e-4, 0.0, 1.0], [1e-2, 0.0, 1.0]]), ax=ax)
    np.testing.assert_allclose([patch.get_height() for patch in ax.patches], [1e-3, 1.0])
    assert any(text.get_text() == "0" for text in ax.texts)


@pytest.mark.parametrize("norms, labels, match", [([1.0, -1.0], None, "norms"),
                                                  ([1.0, 2.0], ["a"], "labels")])
def test_gradient_bars_rejects_bad_input(norms, labels, match):
    with pytest.raises(ValueError, match=match):
        gradient_bars(norms, labels=labels)


# ---- exercises ---------------------------------------------------------------------------

def reference_chain(weights, biases, x):
    weights, biases = np.asarray(weights, float), np.asarray(biases, float)
    activation, weighted_inputs = float(x), []
    for w, b in zip(weights, biases):
        weighted_inputs.append(w * activation + b)
        activation = nn.activations.sigmoid(weighted_inputs[-1])
    slopes = [nn.activations.get("sigmoid").derivative(z) for z in weighted_inputs]
    grads, upstream = np.zeros(len(weights)), 1.0
    for j in reversed(range(len(weights))):
        grads[j] = upstream * slopes[j]
        upstream = grads[j] * weights[j]
    return grads


def forgets_own_derivative(weights, biases, x):
    return reference_chain(weights, biases, x) / _slopes(weights, biases, x)


def uses_sigmoid_not_its_derivative(weights, biases, x):
    weights = np.asarray(weights, float)
    values = [nn.activations.sigmoid(z) for z in _weighted_inputs(weights, biases, x)]
    return np.array([np.prod(values[j:]) * np.prod(weights[j + 1:])
                     for j in range(len(weights))])


def includes_own_weight(weights, biases, x):
    return reference_chain(weights, biases, x) * np.asarray(weights, float)


def _weighted_inputs(weights, biases, x):
    activation, found = float(x), []
    for w, b in zip(weights, biases):
        found.append(w * activation + b)
        activation = nn.activations.sigmoid(found[-1])
    return found


def _slopes(weights, biases, x):
    return np.array([nn.activations.get("sigmoid").derivative(z)
                     for z in _weighted_inputs(weights, biases, x)])


def test_chain_reference_matches_finite_differences():
    rng = np.random.default_rng(0)
    weights, biases = rng.normal(0, 2, 5), rng.normal(0, 1, 5)

    def last_activation():
        return float(nn.activations.sigmoid(_weighted_inputs(weights, biases, 0.3)[-1]))

    numerical = nn.gradcheck.numerical_gradient(last_activation, biases)
    analytic = exercises.chain_gradients(weights, biases, 0.3)
    assert nn.gradcheck.relative_error(analytic, numerical) < 1e-7


def test_chain_checker_passes_the_reference_and_fails_typical_mistakes(capsys):
    assert nn.exercises.check_chain_gradients(reference_chain)
    for mistake in (forgets_own_derivative, uses_sigmoid_not_its_derivative,
                    includes_own_weight, lambda w, b, x: reference_chain(w, b, x)[::-1]):
        assert not nn.exercises.check_chain_gradients(mistake)
    assert "✗" in capsys.readouterr().out
    assert not nn.exercises.check_chain_gradients(lambda w, b, x: None)
    assert "not done yet" in capsys.readouterr().out


def test_chain_checker_does_not_touch_the_shared_generator():
    nn.set_random_seed(5)
    expected = nn._random.rng().normal()
    nn.set_random_seed(5)
    nn.exercises.check_chain_gradients(reference_chain)
    assert nn._random.rng().normal() == expected


def clip_reference(grad, max_norm):
    norm = np.sqrt(np.sum(grad ** 2))
    return grad * (max_norm / norm) if norm > max_norm else grad


def test_clip_checker_passes_the_reference_and_fails_typical_mistakes(capsys):
    assert nn.exercises.check_clip_gradient_norm(clip_reference)
    mistakes = (lambda g, m: np.clip(g, -m, m),                         # that is clipvalue
                lambda g, m: g * m / np.sqrt(np.sum(g ** 2)),           # rescales short ones too
                lambda g, m: g / np.maximum(1, np.linalg.norm(g, axis=-1, keepdims=True) / m))
    for mistake in mistakes:
        assert not nn.exercises.check_clip_gradient_norm(mistake)
    assert "Hint" in capsys.readouterr().out


def test_clip_reference_keeps_direction_and_caps_length():
    grad = np.array([[30.0, -40.0], [0.0, 0.0]])
    clipped = exercises.clip_by_norm(grad, 5.0)
    assert np.linalg.norm(clipped) == pytest.approx(5.0)
    np.testing.assert_allclose(clipped / np.linalg.norm(clipped), grad / np.linalg.norm(grad))


# ---- batch normalization at inference (the lesson's section on running statistics) ----------
def test_running_statistics_still_carry_their_start_after_few_steps():
    rng = np.random.default_rng(6)
    layer = BatchNormalization(dtype="float64")       # momentum 0.99, as Keras
    z = rng.normal(0.3, 0.2, size=(64, 5))            # variance 0.04, far from the start's 1
    for _ in range(190):
        layer.forward(z, training=True)
    expected = 0.99 ** 190 * 1.0 + (1 - 0.99 ** 190) * z.var(axis=0)
    assert np.allclose(layer.state["moving_variance"], expected)
    assert np.all(layer.state["moving_variance"] > 3 * z.var(axis=0))


def test_momentum_zero_pass_makes_the_running_statistics_the_batch_ones():
    rng = np.random.default_rng(7)
    layer = BatchNormalization(momentum=0.0, dtype="float64")
    z = rng.normal(2.0, 3.0, size=(200, 4))
    trained = layer.forward(z, training=True)
    assert np.allclose(layer.state["moving_mean"], z.mean(axis=0))
    assert np.allclose(layer.state["moving_variance"], z.var(axis=0))
    assert np.allclose(layer.forward(z, training=False), trained)  # inference = the batch's


def test_one_example_in_training_mode_is_normalized_to_beta():
    layer = BatchNormalization(dtype="float64")
    layer.build(3)
    layer.params["beta"][:] = [0.5, -1.0, 2.0]
    out = layer.forward(np.array([[4.0, -7.0, 0.1]]), training=True)
    assert np.allclose(out, [[0.5, -1.0, 2.0]])      # its own variance is 0: z_hat = 0


def test_gamma_sigma_beta_mu_makes_batch_norm_the_identity_on_its_batch():
    rng = np.random.default_rng(8)
    layer = BatchNormalization(dtype="float64")
    z = rng.normal(-1.0, 0.5, size=(100, 6))
    layer.build(6)
    layer.params["gamma"][:] = np.sqrt(z.var(axis=0) + layer.epsilon)
    layer.params["beta"][:] = z.mean(axis=0)
    assert np.allclose(layer.forward(z, training=True), z)
