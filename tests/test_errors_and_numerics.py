"""Bad input gets one clear sentence naming the argument, what was expected and what
was given; the stable functions stay finite and quiet at logits of +-1e4."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import nnlib
from nnlib import Sequential, activations, losses
from nnlib.layers import Dense, Dropout


def _compiled(loss="sparse_categorical_crossentropy", units=3):
    model = Sequential([Dense(4, activation="relu"), Dense(units)])
    model.compile(optimizer="sgd", loss=loss)
    return model


X = np.random.default_rng(0).normal(size=(10, 2))
LABELS = np.arange(10) % 3


@pytest.mark.parametrize("call, error, pattern", [
    (lambda: (lambda m: (m.fit(X, LABELS, verbose=0), m.predict(np.ones((3, 5)))))(_compiled()),
     ValueError, r"x: expected 2 features per example, got 5"),
    (lambda: _compiled().fit(X, LABELS[:7], verbose=0),
     ValueError, r"x and y: expected the same number of examples, got 10 and 7"),
    (lambda: _compiled().fit(X, LABELS + 5, verbose=0),
     ValueError, r"y: expected integer labels from 0 to 2 for 3 outputs, got values from 5"),
    (lambda: _compiled().fit(np.where(X > 1, np.nan, X), LABELS, verbose=0),
     ValueError, r"x: expected finite numbers, got \d+ NaN or infinite"),
    (lambda: _compiled().fit(X, np.full(10, np.inf), verbose=0),
     ValueError, r"y: expected finite numbers"),
    (lambda: _compiled().fit([["a", "b"]] * 10, LABELS, verbose=0),
     TypeError, r"x: expected numeric data, got"),
    (lambda: Dense(3, activation="swish"),
     ValueError, r"activation: unknown name 'swish'; known names are step, linear, sigmoid"),
    (lambda: _compiled(loss="hinge"),
     ValueError, r"loss: unknown name 'hinge'; known names are mse, mean_squared_error"),
    (lambda: Sequential([Dense(1)]).compile(optimizer="adamax", loss="mse"),
     ValueError, r"optimizer: unknown name 'adamax'; known names are sgd, rmsprop, adam"),
    (lambda: nnlib.optimizers.SGD(learning_rate=0),
     ValueError, r"learning_rate: expected a finite number > 0, got 0"),
    (lambda: nnlib.optimizers.Adam(learning_rate=-1e-3),
     ValueError, r"learning_rate: expected a finite number > 0, got -0.001"),
    (lambda: Dropout(1.5), ValueError, r"rate: expected a number in \[0.0, 1.0\], got 1.5"),
    (lambda: Dropout(-0.1), ValueError, r"rate: expected a number in \[0.0, 1.0\], got -0.1"),
    (lambda: Dense(0), ValueError, r"units: expected an int >= 1, got 0"),
    (lambda: Dense(2.5), TypeError, r"units: expected an int >= 1, got float 2.5"),
    (lambda: _compiled().fit(X, LABELS, batch_size=0, verbose=0),
     ValueError, r"batch_size: expected an int >= 1, got 0"),
    (lambda: Sequential([Dense(1)]).fit(X, LABELS, verbose=0),
     ValueError, r"model: call model.compile\(optimizer=..., loss=...\) before fit"),
    (lambda: _compiled().fit(X[:, 0], LABELS, verbose=0),
     ValueError, r"x: expected a 2-D array .* got shape \(10,\); for one feature use"),
    (lambda: _compiled().fit(X, LABELS, validation_data=X, verbose=0),
     ValueError, r"validation_data: expected a tuple \(x_val, y_val\)"),
    (lambda: losses.SparseCategoricalCrossentropy()(np.array([0, 4]), np.full((2, 3), 1 / 3)),
     ValueError, r"y_true: expected labels in 0..2 for 3 outputs"),
    (lambda: nnlib.initializers.get("orthogonal"),
     ValueError, r"initializer: unknown name 'orthogonal'"),
], ids=lambda value: "" if callable(value) or value is None else str(value)[:30])
def test_bad_input_gets_a_clear_error(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_wrong_feature_count_after_training_names_x():
    model = _compiled()
    model.fit(X, LABELS, verbose=0)
    with pytest.raises(ValueError, match="x: expected 2 features per example, got 1"):
        model.fit(X[:, :1], LABELS, verbose=0)


def test_fit_before_compile_is_also_a_runtime_error():
    with pytest.raises(RuntimeError):
        Sequential([Dense(1)]).fit(X, LABELS, verbose=0)


def test_dropout_rate_one_is_allowed_and_quiet():
    layer = Dropout(1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = layer.forward(np.ones((4, 3)), training=True)
        grad = layer.backward(np.ones((4, 3)))
    assert np.all(out == 0) and np.all(grad == 0)
    assert np.array_equal(layer(np.ones((4, 3))), np.ones((4, 3)))  # inference keeps all


BIG = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, 1e4]])


@pytest.mark.parametrize("logits", [BIG, -BIG, BIG.astype(np.float32)])
def test_stable_functions_are_finite_and_warning_free_at_huge_logits(logits):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is fine
            p = activations.softmax(logits)
            log_p = activations.log_softmax(logits)
            s = activations.sigmoid(logits)
            labels = np.array([0, 1, 2])
            values = [
                losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits),
                losses.CategoricalCrossentropy(from_logits=True)(np.eye(3), logits),
                losses.BinaryCrossentropy(from_logits=True)(np.ones((3, 3)), logits),
            ]
            grads = [
                losses.SparseCategoricalCrossentropy(from_logits=True).gradient(labels, logits),
                losses.BinaryCrossentropy(from_logits=True).gradient(np.ones((3, 3)), logits),
            ]
    for array in [p, log_p, s, *grads]:
        assert np.all(np.isfinite(array))
    assert all(np.isfinite(values))
    assert np.allclose(p.sum(axis=1), 1)
    assert np.allclose(s, (logits > 0) + 0.5 * (logits == 0))


def test_from_logits_loss_equals_two_step_loss_where_both_are_finite():
    logits = np.random.default_rng(1).normal(size=(6, 4))
    labels = np.arange(6) % 4
    one_step = losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits)
    two_step = losses.SparseCategoricalCrossentropy()(labels, activations.softmax(logits))
    assert one_step == pytest.approx(two_step, rel=1e-6)
