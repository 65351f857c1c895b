"""Analytic gradients equal centred finite differences in float64, for every
activation, layer and loss (relative error below 1e-6)."""
from __future__ import annotations

import numpy as np
import pytest

from nnlib import activations, losses
from nnlib.gradcheck import check_layer, numerical_gradient, relative_error
from nnlib.layers import L2, Activation, BatchNormalization, Dense, Dropout

TOLERANCE = 1e-6
ELEMENTWISE = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu"]


def _inputs(shape=(6, 5), seed=0):
    z = np.random.default_rng(seed).normal(0, 2, size=shape)
    # keep away from the kinks of relu-like functions, where no derivative exists
    return np.where(np.abs(z) < 1e-3, 0.5, z)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activation_derivative_matches_finite_differences(name):
    activation = activations.get(name)
    z = _inputs()
    # elementwise, so d f(z_i) / d z_i is the gradient of sum(f(z)) at z_i
    numerical = numerical_gradient(lambda: float(np.sum(activation(z))), z)
    assert relative_error(activation.derivative(z), numerical) < TOLERANCE


def test_step_derivative_is_zero_everywhere_it_exists():
    z = _inputs()
    assert np.all(activations.get("step").derivative(z) == 0)


@pytest.mark.parametrize("name", ["softmax"])
def test_softmax_jacobian_and_backward_match_finite_differences(name):
    activation = activations.get(name)
    z = _inputs((4, 3))
    grad_out = np.random.default_rng(1).normal(size=z.shape)
    numerical = numerical_gradient(lambda: float(np.sum(activation(z) * grad_out)), z)
    assert relative_error(activation.backward(z, grad_out), numerical) < TOLERANCE
    jacobian = activation.derivative(z)
    assert relative_error(np.einsum("nij,ni->nj", jacobian, grad_out), numerical) < TOLERANCE


def test_log_softmax_equals_log_of_softmax():
    z = _inputs((4, 3))
    assert np.allclose(activations.log_softmax(z), np.log(activations.softmax(z)))


@pytest.mark.parametrize("activation", ELEMENTWISE + ["softmax"])
def test_dense_backward_matches_finite_differences(activation):
    layer = Dense(4, activation=activation, input_dim=5, dtype="float64",
                  bias_initializer="glorot_uniform")
    errors = check_layer(layer, _inputs())
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < TOLERANCE, errors


def test_dense_with_l2_regularizer_gradient_includes_the_penalty():
    layer = Dense(3, input_dim=4, dtype="float64", kernel_regularizer=L2(0.1))
    x = _inputs((5, 4))
    weights = np.random.default_rng(2).normal(size=(5, 3))

    def loss():
        return float(np.sum(layer.forward(x) * weights) + layer.penalty())

    layer.forward(x)
    layer.backward(weights)
    assert relative_error(layer.grads["W"],
                          numerical_gradient(loss, layer.params["W"])) < TOLERANCE


@pytest.mark.parametrize("layer", [Activation("tanh"), Dropout(0.4, seed=3), Dropout(0.0),
                                   Dropout(1.0)], ids=["activation", "dropout", "dropout0",
                                                       "dropout1"])
def test_parameter_free_layers_backward_matches_finite_differences(layer):
    errors = check_layer(layer, _inputs(), training=True)
    assert errors["x"] < TOLERANCE or np.all(layer.backward(np.ones((6, 5))) == 0)


@pytest.mark.parametrize("training", [True, False])
def test_batch_normalization_backward_matches_finite_differences(training):
    layer = BatchNormalization(dtype="float64")
    layer.build(5)
    rng = np.random.default_rng(4)
    layer.params["gamma"][:] = rng.uniform(0.5, 2.0, 5)
    layer.params["beta"][:] = rng.normal(size=5)
    layer.state["moving_mean"][:] = rng.normal(size=5)
    # h = 1e-5: the batch statistics make the x-gradient small beside the loss's value,
    # so at 1e-6 the finite difference's rounding error already shows
    errors = check_layer(layer, _inputs(), training=training, h=1e-5)
    assert max(errors.values()) < TOLERANCE, errors


LOSS_CASES = [
    (losses.MeanSquaredError(), "regression"),
    (losses.BinaryCrossentropy(), "probability"),
    (losses.BinaryCrossentropy(from_logits=True), "logit"),
    (losses.CategoricalCrossentropy(), "simplex"),
    (losses.CategoricalCrossentropy(from_logits=True), "logits"),
    (losses.SparseCategoricalCrossentropy(), "simplex"),
    (losses.SparseCategoricalCrossentropy(from_logits=True), "logits"),
]


def _loss_inputs(kind, sparse):
    rng = np.random.default_rng(5)
    if kind in ("regression", "probability", "logit"):
        y_true = rng.integers(0, 2, size=(8, 1)).astype(float)
        y_pred = {"regression": rng.normal(size=(8, 1)),
                  "probability": rng.uniform(0.05, 0.95, size=(8, 1)),
                  "logit": rng.normal(0, 3, size=(8, 1))}[kind]
        return y_true, y_pred
    labels = rng.integers(0, 4, size=8)
    logits = rng.normal(0, 2, size=(8, 4))
    y_pred = logits if kind == "logits" else activations.softmax(logits)
    return (labels if sparse else np.eye(4)[labels]), y_pred


@pytest.mark.parametrize("loss, kind", LOSS_CASES, ids=[repr(c[0]) for c in LOSS_CASES])
def test_loss_gradient_matches_finite_differences(loss, kind):
    y_true, y_pred = _loss_inputs(kind, isinstance(loss, losses.SparseCategoricalCrossentropy))
    numerical = numerical_gradient(lambda: loss(y_true, y_pred), y_pred)
    analytic = loss.gradient(y_true, y_pred)
    assert analytic.shape == y_pred.shape
    assert relative_error(analytic, numerical) < TOLERANCE


def test_binary_targets_may_come_as_n_or_n_by_1():
    y_pred = np.array([[0.2], [0.9], [0.6]])
    loss = losses.BinaryCrossentropy()
    assert loss(np.array([0, 1, 1]), y_pred) == loss(np.array([[0], [1], [1]]), y_pred)
    assert loss.gradient(np.array([0, 1, 1]), y_pred).shape == (3, 1)


@pytest.mark.parametrize("loss, kind", LOSS_CASES, ids=[repr(c[0]) for c in LOSS_CASES])
def test_value_and_gradient_equals_the_two_separate_calls(loss, kind):
    y_true, y_pred = _loss_inputs(kind, isinstance(loss, losses.SparseCategoricalCrossentropy))
    value, gradient = loss.value_and_gradient(y_true, y_pred)
    assert value == pytest.approx(loss(y_true, y_pred), rel=1e-12)
    assert np.allclose(gradient, loss.gradient(y_true, y_pred), rtol=1e-12, atol=1e-15)
