"""Sequential end to end: Keras code runs with swapped imports, nets learn, fit reports
progress and divergence, and models save, load and refuse pickles."""
from __future__ import annotations

import io
import pickle
import warnings
from contextlib import redirect_stdout

import numpy as np
import pytest

import nnlib
from nnlib import Sequential
from nnlib.layers import BatchNormalization, Dense, Dropout
from nnlib.losses import BinaryCrossentropy, SparseCategoricalCrossentropy
from nnlib.optimizers import SGD, Adam


@pytest.fixture(scope="module")
def digits_split():
    X, y = nnlib.data.digits()
    return nnlib.data.train_test_split(X, y, test_fraction=0.25, seed=0)


def test_keras_softmax_example_runs_with_swapped_imports(digits_split):
    X, X_test, y, y_test = digits_split
    nnlib.set_random_seed(0)
    model = Sequential([
        Dense(units=25, activation='relu'),
        Dense(units=15, activation='relu'),
        Dense(units=10, activation='linear'),
    ])
    model.compile(optimizer=Adam(learning_rate=1e-3),
                  loss=SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(X, y, epochs=100, verbose=0)
    probabilities = nnlib.activations.softmax(model(X_test))
    assert np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)
    assert history.history["loss"][-1] < history.history["loss"][0] / 5
    assert np.mean(probabilities.argmax(axis=1) == y_test) > 0.9


def test_keras_binary_example_runs_with_swapped_imports():
    X, Y = nnlib.data.coffee()
    X = nnlib.data.standardize(X)[0]
    Y = Y.reshape(-1, 1)
    nnlib.set_random_seed(1)
    model = Sequential([
        Dense(units=25, activation='sigmoid'),
        Dense(units=15, activation='sigmoid'),
        Dense(units=1, activation='sigmoid'),
    ])
    model.compile(loss=BinaryCrossentropy())
    with redirect_stdout(io.StringIO()):
        history = model.fit(X, Y, epochs=100)
    assert len(history.history["loss"]) == 100
    assert model.predict(X).shape == (len(X), 1)


def test_small_network_solves_xor():
    X, y = nnlib.data.xor_table()
    nnlib.set_random_seed(0)
    model = Sequential([Dense(8, activation="tanh"), Dense(1, activation="sigmoid")])
    model.compile(optimizer=Adam(learning_rate=0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    model.fit(X, y, epochs=300, batch_size=4, verbose=0)
    assert np.array_equal((model.predict(X)[:, 0] > 0.5).astype(int), y)


def test_sequential_reaches_96_percent_on_digits(digits_split):
    X, X_test, y, y_test = digits_split
    nnlib.set_random_seed(0)
    model = Sequential([Dense(64, activation="relu"), Dense(10)])
    model.compile(optimizer=Adam(1e-3), loss=SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    history = model.fit(X, y, epochs=60, batch_size=32, verbose=0,
                        validation_data=(X_test, y_test))
    loss, accuracy = model.evaluate(X_test, y_test)
    assert accuracy >= 0.96, accuracy
    assert history.history["val_accuracy"][-1] == pytest.approx(accuracy)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}


def test_same_seed_gives_same_predictions_and_other_seed_does_not():
    X, y = nnlib.data.moons(100)

    def train(seed):
        nnlib.set_random_seed(seed)
        model = Sequential([Dense(8, activation="relu"), Dropout(0.2), Dense(1, "sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X, y, epochs=5, batch_size=16, verbose=0)
        return model.predict(X)

    assert np.array_equal(train(3), train(3))
    assert not np.array_equal(train(3), train(4))


def test_float32_by_default_and_float64_on_request():
    X, y = nnlib.data.moons(20)
    assert Sequential([Dense(2)]).predict(X).dtype == np.float32
    assert Sequential([Dense(2)], dtype="float64").predict(X).dtype == np.float64
    assert Dense(2, dtype="float64")(X).dtype == np.float64


def test_save_and_load_round_trip_gives_the_same_predictions(tmp_path):
    X, y = nnlib.data.moons(64)
    nnlib.set_random_seed(0)
    model = Sequential([Dense(6, activation="tanh"), BatchNormalization(), Dropout(0.1),
                        Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(X, y, epochs=3, verbose=0)
    model.save(tmp_path / "model.npz")
    loaded = nnlib.load_model(tmp_path / "model.npz")
    assert np.array_equal(loaded.predict(X), model.predict(X))
    assert [type(layer) for layer in loaded.layers] == [type(layer) for layer in model.layers]


class _Payload:
    ran = False

    def __reduce__(self):
        return (_Payload._run, ())

    @staticmethod
    def _run():
        _Payload.ran = True
        return "ran"


def test_load_model_refuses_a_pickled_object_and_never_runs_it(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, config=np.array([_Payload()], dtype=object))
    assert not _Payload.ran
    with pytest.raises(ValueError, match="pickled"):
        nnlib.load_model(path)
    assert not _Payload.ran
    assert pickle.dumps(_Payload())  # the payload really would run if unpickled


def test_fit_stops_with_a_clear_warning_when_the_loss_stops_being_finite():
    X, y = nnlib.data.moons(64)
    nnlib.set_random_seed(0)
    model = Sequential([Dense(32, activation="relu"), Dense(32, activation="relu"), Dense(1)])
    model.compile(optimizer=SGD(learning_rate=50.0), loss="mse")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(X, y * 100, epochs=50, verbose=0)
    messages = [str(w.message) for w in caught]
    assert any("Training stopped" in m and "lower learning rate" in m for m in messages)
    assert all(issubclass(w.category, nnlib.TrainingDivergedWarning) for w in caught), messages
    assert len(history.history.get("loss", [])) < 50
    assert all(np.isfinite(history.history.get("loss", [])))


def test_progress_bar_updates_in_place_in_a_terminal():
    X, y = nnlib.data.moons(32)
    model = Sequential([Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    out = io.StringIO()
    with redirect_stdout(out):
        model.fit(X, y, epochs=3, verbose=1)
    text = out.getvalue()
    assert "\r" in text and "Epoch 3/3" in text and "accuracy" in text
    assert text.count("\n") == 1  # one line, redrawn in place
    out = io.StringIO()
    with redirect_stdout(out):
        model.fit(X, y, epochs=3, verbose=0)
    assert out.getvalue() == ""


def test_summary_counts_inputs_plus_one_times_units():
    model = Sequential([Dense(25, activation="relu", input_dim=64), Dense(15), Dense(10)])
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert f"Total params: {65 * 25 + 26 * 15 + 16 * 10}" in text
    assert model.count_params() == 65 * 25 + 26 * 15 + 16 * 10
    assert "dense_1 (Dense)" in text and "(None, 15)" in text


def test_callbacks_see_every_epoch_and_can_stop_training():
    X, y = nnlib.data.moons(32)
    seen = []

    def on_epoch_end(epoch, logs):
        seen.append(epoch)
        if epoch == 2:
            model.stop_training = True

    model = Sequential([Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    history = model.fit(X, y, epochs=10, verbose=0,
                        callbacks=[nnlib.callbacks.LambdaCallback(on_epoch_end=on_epoch_end)])
    assert seen == [0, 1, 2] and history.epoch == [0, 1, 2]


def test_model_dtype_reaches_layers_built_early_through_input_dim():
    model = Sequential([Dense(9, input_dim=8), Dense(4)], dtype="float64")
    assert all(p.dtype == np.float64 for p in model.params)
    assert model.predict(np.ones((2, 8))).dtype == np.float64
    mixed = Sequential([Dense(9, input_dim=8, dtype="float32"), Dense(4)], dtype="float64")
    assert mixed.layers[0].params["W"].dtype == np.float32  # a layer's own dtype wins
    assert mixed.layers[1].params["W"].dtype == np.float64


def test_fit_equals_the_steps_written_out_by_hand():
    """fit's loop (labels checked once, the optimizer's fused update) takes exactly the
    steps of a forward pass, the loss's own gradient, backward and the plain Adam rule."""
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(96, 5)), rng.integers(0, 3, size=96)

    def fresh():
        nnlib.set_random_seed(7)
        model = Sequential([Dense(6, activation="relu"), Dense(3)], dtype="float64")
        model.compile(optimizer=Adam(0.05), loss=SparseCategoricalCrossentropy(from_logits=True))
        model.build(5)
        return model

    model = fresh()
    history = model.fit(X, y.astype(float), epochs=3, batch_size=32, verbose=0,
                        rng=np.random.default_rng(0))  # labels as floats: checked, then used
    by_hand = fresh()
    loss = SparseCategoricalCrossentropy(from_logits=True)
    order_rng, m, v, t, losses = np.random.default_rng(0), None, None, 0, []
    for _ in range(3):
        order, total = order_rng.permutation(96), 0.0
        for start in range(0, 96, 32):
            rows = order[start:start + 32]
            output = by_hand.forward(X[rows], training=True)
            total += loss(y[rows], output) * len(rows)
            by_hand.backward(loss.gradient(y[rows], output))
            params, grads = by_hand.params, by_hand.grads
            m = [np.zeros_like(p) for p in params] if m is None else m
            v = [np.zeros_like(p) for p in params] if v is None else v
            t += 1
            for p, g, m_i, v_i in zip(params, grads, m, v):
                m_i[...] = 0.9 * m_i + 0.1 * g
                v_i[...] = 0.999 * v_i + 0.001 * g ** 2
                p -= 0.05 * (m_i / (1 - 0.9 ** t)) / (np.sqrt(v_i / (1 - 0.999 ** t)) + 1e-7)
        losses.append(total / 96)
    assert np.allclose(history.history["loss"], losses, rtol=1e-12)
    for ours, theirs in zip(model.get_weights(), by_hand.get_weights()):
        assert np.allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_batch_callbacks_hear_every_batch_whatever_their_kind():
    X, y = nnlib.data.moons(40)

    class Counter(nnlib.callbacks.Callback):
        def __init__(self):
            self.batches = []

        def on_batch_end(self, batch, logs=None):
            self.batches.append((batch, logs["loss"]))

    class Plain:  # not a Callback at all
        def __init__(self):
            self.batches = 0

        def on_batch_end(self, batch, logs=None):
            self.batches += 1

    counter, plain, seen = Counter(), Plain(), []
    lam = nnlib.callbacks.LambdaCallback(on_batch_end=lambda batch, logs: seen.append(batch))
    model = Sequential([Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    model.fit(X, y, epochs=2, batch_size=16, verbose=0, callbacks=[counter, plain, lam])
    assert [b for b, _ in counter.batches] == [0, 1, 2] * 2
    assert all(np.isfinite(loss) for _, loss in counter.batches)
    assert plain.batches == 6 and seen == [0, 1, 2] * 2


def test_a_layer_checks_a_new_batch_shape_after_training():
    model = Sequential([Dense(4, activation="relu"), Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.ones((8, 3)), np.ones((8, 2)), epochs=1, verbose=0)
    layer = model.layers[0]
    assert layer(np.ones((5, 3))).shape == (5, 4)  # a known shape, any batch size
    with pytest.raises(ValueError, match=r"x: dense expected 3 features per example, got 5"):
        layer(np.ones((2, 5)))
    with pytest.raises(ValueError, match=r"x: dense expected a 2-D array"):
        layer(np.ones((2, 3, 1)))
