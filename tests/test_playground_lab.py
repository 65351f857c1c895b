"""The playground as a lab: shareable settings, hidden controls, exported code, own data,
the display toggles, Regenerate, inspecting a neuron, the health panel, recorded runs and
the confusion matrix. Each test drives the widget (or the lab's numbers) and checks what
it does, against numbers computed another way where there is one."""
from __future__ import annotations

import csv
import io

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import nnlib as nn  # noqa: E402
from nnlib import diagnostics  # noqa: E402
from nnlib.lab import health, runs, share  # noqa: E402
from nnlib.lab import playground as pg  # noqa: E402
from nnlib.plots import playground as drawing  # noqa: E402

CHANGED = dict(dataset="xor", noise=0.2, layer_sizes=(3, 2), activation="relu",
               learning_rate=0.1, regularization="l1", regularization_rate=0.003,
               dropout=0.1, batch_size=7, x1_x2=True)


def _show(**values):
    return nn.explore.show("playground", **values)


def _losses(widget, steps: int) -> list[float]:
    for _ in range(steps):
        widget.button.click()
    return widget.playground.history["test_loss"]


# ---- settings strings -------------------------------------------------------------------
def test_a_settings_string_restores_the_same_points_weights_and_losses_seed_for_seed():
    widget = _show(**CHANGED)
    widget.reset_button.click()
    widget.reset_button.click()
    widget.regenerate_button.click()  # seed 2, data seed 1: not the defaults
    text = widget.settings()
    assert "seed=2" in text and "data_seed=1" in text and "layer_sizes=3,2" in text
    restored = _show(settings=text)
    assert restored.settings() == text
    assert restored.values() == widget.values()
    assert np.array_equal(restored.playground.X_train, widget.playground.X_train)
    assert _losses(restored, 6) == _losses(widget, 6)  # dropout masks and shuffles too
    other = _show(settings=text.replace("seed=2", "seed=3"))
    assert _losses(other, 6) != widget.playground.history["test_loss"]


def test_controls_given_beside_a_settings_string_win_and_bad_strings_are_named():
    text = _show(**CHANGED).settings()
    assert _show(settings=text, dataset="circle").playground.dataset == "circle"
    with pytest.raises(ValueError, match="settings: expected a string from widget.settings"):
        _show(settings="dataset=xor")
    with pytest.raises(ValueError, match="settings: unknown entry 'colour=red'"):
        _show(settings="playground:colour=red")
    with pytest.raises(ValueError, match="settings: batch_size expected a value like '10', "
                                         "got 'many'"):
        _show(settings="playground:batch_size=many")


def test_hide_hides_the_chosen_controls_and_parts_and_travels_in_the_string():
    widget = _show(hide=["noise", "x1_x2", "regenerate", "health", "discretize"])
    panel = widget.box.children[1].children[0]

    def shown(widget_):
        return widget_.layout.display != "none"

    noise_box = widget._container(panel, widget.controls["noise"])
    assert noise_box is not widget.controls["noise"] and not shown(noise_box)
    assert widget.controls["noise"] in noise_box.children  # the label goes with it
    assert not shown(widget._container(panel, widget.controls["x1_x2"]))
    assert widget._container(panel, widget.controls["discretize"]) is \
        widget.controls["discretize"]  # a checkbox alone: not the row it shares
    assert not shown(widget.controls["discretize"]) and shown(widget.controls["show_test"])
    assert shown(widget.controls["x1"])
    assert not shown(widget.regenerate_button) and not shown(widget.health_panel)
    assert shown(widget._container(panel, widget.controls["dataset"])) and \
        shown(widget.record_button)
    again = _show(settings=widget.settings())
    assert again.hidden == widget.hidden
    assert not shown(again._container(again.box.children[1].children[0],
                                      again.controls["noise"]))
    with pytest.raises(ValueError, match=r"hide: unknown name\(s\) \['colour'\]"):
        _show(hide=["colour"])
    with pytest.raises(TypeError, match="hide: expected a list"):
        _show(hide="noise")


# ---- exported code and the live model --------------------------------------------------------
@pytest.mark.parametrize("values", [
    {}, CHANGED, dict(dataset="three_classes", layer_sizes=(5,), initialization="he"),
    dict(problem="regression", dataset="bumps", layer_sizes=(), optimizer="sgd",
         regularization="l2", regularization_rate=0.01, sin_x1=True),
    dict(layer_sizes=(8,) * 6, activation="sigmoid", initialization="zeros")])
def test_exported_code_run_on_its_own_builds_the_same_network(values):
    widget = _show(**values)
    widget.button.click()
    namespace: dict = {}
    exec(widget.to_code(), namespace)  # a fresh namespace: the code imports what it needs
    model, live = namespace["model"], widget.model
    assert model.count_params() == live.count_params()
    dense = [(layer.units, layer.activation.name, type(layer.kernel_regularizer).__name__)
             for layer in model.layers if "W" in layer.params]
    assert dense == [(layer.units, layer.activation.name,
                      type(layer.kernel_regularizer).__name__)
                     for layer in live.layers if "W" in layer.params]
    assert type(model.loss) is type(live.loss)
    assert type(model.optimizer) is type(live.optimizer)
    assert model.optimizer.learning_rate == pytest.approx(live.optimizer.learning_rate)
    model.set_weights(live.get_weights())  # same shapes, so the same function
    inputs = widget.playground.inputs_test
    assert np.allclose(model.predict(inputs), live.predict(inputs), atol=1e-6)


def test_the_model_attribute_is_the_network_that_trains():
    widget = _show()
    assert widget.model is widget.playground.model
    before = widget.model.get_weights()[0].copy()
    widget.button.click()
    assert not np.array_equal(widget.model.get_weights()[0], before)


# ---- show test, discretize, Regenerate --------------------------------------------------------
def test_show_test_and_discretize_redraw_the_same_network():
    widget = _show()
    widget.button.click()
    running, picture = widget.playground, widget.image.value
    widget.controls["show_test"].value = False
    assert widget.playground is running and running.epoch == 1
    assert not widget.cache["points"][1].get_visible() and widget.cache["points"][0].get_visible()
    assert widget.image.value != picture
    widget.controls["discretize"].value = True
    rgb = drawing.heat_rgb(widget.result)
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) == 2  # two colours: the two classes
    assert widget.playground is running
    three = pg.compute(epochs=5, dataset="three_classes")
    stepped = drawing.heat_rgb({**three, "discretize": True})
    picked = np.argmax(three["output_map"], axis=-1)
    from matplotlib.colors import to_rgb

    from nnlib.plots.palette import CLASS_COLOURS
    assert np.allclose(stepped, np.array([to_rgb(c) for c in CLASS_COLOURS[:3]])[picked])


def test_regenerate_draws_new_points_for_the_same_starting_weights():
    widget = _show()
    start, points = widget.model.get_weights()[0].copy(), widget.playground.X_train.copy()
    widget.button.click()
    widget.regenerate_button.click()
    assert widget.data_seed == 1 and widget.playground.epoch == 0
    assert not np.array_equal(widget.playground.X_train, points)
    assert np.array_equal(widget.model.get_weights()[0], start)


# ---- own data --------------------------------------------------------------------------------
def test_own_labels_give_a_classifier_and_own_numbers_a_regression():
    rng = np.random.default_rng(1)
    X = rng.normal(5.0, 3.0, size=(120, 2))
    labels = np.where(X[:, 0] > 5, 7, 3)
    widget = _show(data=(X, labels))
    playground = widget.playground
    assert widget.controls["problem"].value == "classification" and playground.n_classes == 2
    assert set(np.unique(playground.y_train)) == {0, 1}  # 3 -> 0, 7 -> 1
    assert np.abs(np.vstack([playground.X_train, playground.X_test])).max() <= 6.0
    for _ in range(30):
        widget.button.click()
    assert playground.accuracy() >= 0.9  # a straight boundary: it learns it
    numbers = _show(data=(X, X[:, 0] - X[:, 1]))
    assert numbers.playground.problem == "regression"
    assert np.abs(numbers.playground.y_train).max() <= 1.0
    forced = _show(data=(X, labels), problem="regression")
    assert forced.playground.problem == "regression"
    assert "data=own" in widget.settings()
    with pytest.raises(ValueError, match="settings: this string was made with the learner's"):
        _show(settings=widget.settings())
    assert _show(settings=widget.settings(), data=(X, labels)).playground.n_classes == 2


@pytest.mark.parametrize("data, given", [
    (np.zeros((20, 2)), "got ndarray"),
    ((np.zeros((20, 3)), np.zeros(20)), r"got X of shape \(20, 3\)"),
    ((np.zeros((20, 2)), np.zeros(19)), r"got X of shape \(20, 2\) and y of shape \(19,\)"),
    ((np.zeros((5, 2)), np.arange(5)), "got only 5 points"),
    ((np.full((20, 2), np.nan), np.arange(20) % 2), "got NaN or infinite values"),
    ((np.zeros((20, 2)), np.ones(20, dtype=int)), r"got a single class \(1\)"),
    ((np.zeros((20, 2)), ["a"] * 20), "could not read them as numbers")])
def test_bad_own_data_is_a_clear_error_naming_data(data, given):
    with pytest.raises(ValueError, match=r"data: expected a pair \(X, y\) with X of shape "
                                         r"\(n, 2\).*" + given):
        _show(data=data)


# ---- inspecting a neuron, health -----------------------------------------------------------
def test_the_inspect_menu_lists_every_unit_and_shows_its_formula_with_live_numbers():
    widget = _show(layer_sizes=(3, 2))
    assert list(widget.inspect.options) == [
        "none", "layer 1 · neuron 1", "layer 1 · neuron 2", "layer 1 · neuron 3",
        "layer 2 · neuron 1", "layer 2 · neuron 2", "output · neuron 1"]
    widget.button.click()
    picture = widget.image.value
    widget.inspect.value = "layer 2 · neuron 2"
    assert widget.image.value != picture  # its tile is framed
    dense = [layer for layer in widget.model.layers if "W" in layer.params]
    a = widget.playground.inputs_train[:1].astype(float)
    a = np.tanh(a @ dense[0].params["W"] + dense[0].params["b"])
    z = float((a @ dense[1].params["W"] + dense[1].params["b"])[0, 1])
    facts = health.neuron(widget.playground, 2, 1)
    assert facts["z"] == pytest.approx(z, rel=1e-5) and facts["a"] == pytest.approx(np.tanh(z))
    assert facts["derivative"] == pytest.approx(1 - np.tanh(z) ** 2, rel=1e-5)
    assert f"<b>{facts['z']:.3g}</b>" in widget.neuron_text.value
    assert widget.neuron_image.value and widget.neuron_image.layout.display is None
    values = widget.result["large_maps"][1][1]
    assert widget.neuron_cache["neuron_image"].get_clim() == pytest.approx(
        (-np.abs(values).max(), np.abs(values).max()))
    widget.button.click()  # the numbers are live: the next epoch changes them
    assert health.neuron(widget.playground, 2, 1)["z"] != facts["z"]
    widget.controls["layer_sizes"].value = (4,)  # the unit is gone: back to none
    assert widget.inspect.value == "none" and len(widget.inspect.options) == 6


def test_a_dead_relu_is_called_dead_marked_on_its_tile_and_gets_no_gradient():
    widget = _show(activation="relu", layer_sizes=(4, 4))
    dense = [layer for layer in widget.model.layers if "W" in layer.params]
    dense[1].params["W"][:, 2] = -1.0
    dense[1].params["b"][2] = -50.0  # z < 0 at every point: the unit is dead
    widget.inspect.value = "layer 2 · neuron 3"
    facts = health.neuron(widget.playground, 2, 2)
    assert facts["status"] == "dead" and facts["grad_weights"] == 0.0
    assert "dead" in widget.neuron_text.value
    inside = widget.result["health"]
    assert list(inside["dead"][1]) == [False, False, True, False]
    assert inside["dead_fraction"][1] == 0.25
    row, col = widget.cache["tiles"][2 + 4 + 2]  # inputs, layer 1, then the third unit
    tile = widget.cache["canvas"][row:row + drawing.TILE_PIXELS, col:col + drawing.TILE_PIXELS]
    assert np.all(tile[drawing.CROSS][:, :3] == drawing.DEAD_MARK[:3])
    assert "25%" in widget.health_panel.value


def test_health_gradient_norms_match_the_library_and_finite_differences():
    playground = pg.Playground(activation="sigmoid", layer_sizes=(5, 5, 5), dataset="xor")
    for _ in range(2):
        playground.tick()
    inside = health.health(playground)
    by_library = diagnostics.gradient_norms(playground.model, playground.inputs_train,
                                            playground.targets_train)
    assert np.allclose(inside["gradient_norm"], by_library, rtol=1e-3)
    assert inside["ratio"] == pytest.approx(inside["gradient_norm"][0]
                                            / inside["gradient_norm"][-1])
    # one weight by central differences, in float64
    W = playground.model.layers[0].params["W"]
    inputs, _, grads_z = health.passes(playground)
    analytic = (inputs[0].T @ grads_z[0])[1, 3]

    def loss(shift: float) -> float:
        W[1, 3] += shift
        value = playground.loss(playground.targets_train,
                                playground.model.forward(playground.inputs_train))
        W[1, 3] -= shift
        return float(value)

    assert (loss(1e-2) - loss(-1e-2)) / 2e-2 == pytest.approx(analytic, rel=0.02)
    assert all(0 <= s <= 1 for s in inside["saturated_fraction"])
    assert health.health(pg.Playground(activation="relu"))["saturated_fraction"] == [None] * 2


# ---- recorded runs and the confusion matrix ------------------------------------------------------
def test_record_keeps_each_run_overlays_its_curve_and_exports_csv(tmp_path):
    widget = _show()
    for _ in range(4):
        widget.button.click()
    widget.record_button.click()
    first = widget.runs[-1]
    widget.controls["learning_rate"].value = 0.3
    for _ in range(3):
        widget.button.click()
    second = widget.record()
    history = widget.playground.history
    assert [run["run"] for run in widget.runs] == [1, 2]
    assert first["epoch"] == 4 and second["epoch"] == 7
    assert second["test_loss"] == history["test_loss"][-1]
    assert second["test_accuracy"] == widget.playground.accuracy("test")
    assert first["history"]["test_loss"] == history["test_loss"][:5]
    assert len(widget.cache["recorded_artists"]) == 4  # a line and a number per run
    assert widget.cache["recorded_artists"][2].get_ydata().tolist() == pytest.approx(
        history["test_loss"])
    assert "adam 0.3" in widget.runs_panel.value and "adam 0.03" in widget.runs_panel.value
    text = widget.runs_csv(tmp_path / "runs.csv")
    assert (tmp_path / "runs.csv").read_text() == text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [float(row["test_loss"]) for row in rows] == [first["test_loss"],
                                                         second["test_loss"]]
    assert rows[1]["settings"] == second["settings"]
    # a run recorded without mid-run changes restores: the same loss at the same epoch
    replay = _show(settings=first["settings"])
    assert _losses(replay, 4)[-1] == first["test_loss"]


def test_confusion_matrix_counts_true_against_picked_classes():
    playground = pg.Playground(dataset="three_classes")
    for _ in range(5):
        playground.tick()
    counts = runs.confusion_matrix(playground)
    picked = playground.predicted_class(playground.inputs_test)
    assert counts.shape == (3, 3) and counts.sum() == len(playground.y_test)
    assert counts[1, 2] == np.sum((playground.y_test == 1) & (picked == 2))
    assert np.trace(counts) / counts.sum() == pytest.approx(playground.accuracy())
    assert runs.confusion_matrix(pg.Playground(problem="regression", dataset="plane")) is None
    widget = _show(dataset="three_classes")
    assert "picked" in widget.confusion_panel.value and "right" in widget.confusion_panel.value
    assert _show(problem="regression", dataset="plane").confusion_panel.value == ""


def test_settings_strings_refuse_values_that_would_break_them():
    with pytest.raises(ValueError, match="settings: dataset='a&b'"):
        share.encode({"dataset": "a&b"})
