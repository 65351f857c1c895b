"""Lesson 11 (capstone playground): the features, the network the playground trains, what
its picture shows, the widget's play/step/reset wiring, and the feature-map checker."""
from __future__ import annotations

import struct

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import nnlib as nn  # noqa: E402
from nnlib import activations  # noqa: E402
from nnlib.exercises import check_feature_map  # noqa: E402
from nnlib.exercises.capstone import FEATURE_MAP_MISTAKES  # noqa: E402
from nnlib.explore import REGISTRY  # noqa: E402
from nnlib.lab import playground as pg  # noqa: E402
from nnlib.lab import health, points  # noqa: E402
from nnlib.explore import playground_picture as drawing  # noqa: E402
from nnlib.explore import playground_widget  # noqa: E402

SQUARES = dict(x1_squared=True, x2_squared=True)


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])  # width and height from the IHDR chunk


# ---- features and data ---------------------------------------------------------------------
def test_feature_map_builds_each_named_column_in_order():
    X = np.array([[2.0, -3.0], [0.5, 1.0]])
    features = pg.feature_map(X, ("x2", "x1_squared", "x1_x2", "sin_x2", "x2_squared", "x1",
                                  "sin_x1"))
    x1, x2 = X[:, 0], X[:, 1]
    expected = np.column_stack([x2, x1 ** 2, x1 * x2, np.sin(x2), x2 ** 2, x1, np.sin(x1)])
    assert np.allclose(features, expected)
    assert pg.feature_map(X, ()).shape == (2, 0)


def test_feature_map_rejects_unknown_names_and_wrong_shapes():
    with pytest.raises(ValueError, match="unknown feature.*x3.*known features are x1"):
        pg.feature_map(np.zeros((3, 2)), ("x1", "x3"))
    with pytest.raises(ValueError, match="X: expected points in the plane"):
        pg.feature_map(np.zeros((3, 3)))


@pytest.mark.parametrize("dataset", list(points.DATASETS))
def test_data_fill_the_plane_split_by_the_train_fraction_and_repeat_with_the_seed(dataset):
    X_train, X_test, y_train, y_test, k = pg.make_data(dataset, 0.2, train_fraction=0.3, seed=4)
    assert len(X_train) + len(X_test) == points.N_POINTS
    assert len(X_train) == round(0.3 * points.N_POINTS)
    assert np.abs(np.vstack([X_train, X_test])).max() <= points.PLANE
    assert set(np.unique(np.concatenate([y_train, y_test]))) == set(range(k))
    again = pg.make_data(dataset, 0.2, train_fraction=0.3, seed=4)
    assert np.array_equal(X_train, again[0]) and np.array_equal(y_test, again[3])


def test_unknown_dataset_is_a_clear_error():
    with pytest.raises(ValueError, match="dataset: unknown name 'moon'"):
        pg.make_data("moon")


# ---- the network and its training ----------------------------------------------------------
def test_network_has_the_chosen_shape_and_standardized_inputs():
    playground = pg.Playground(layer_sizes=(5, 5, 5), sin_x1=True, x1_x2=True)
    assert playground.features == ("x1", "x2", "x1_x2", "sin_x1")
    assert playground.layer_sizes == [4, 5, 5, 5, 1]
    kernels = [layer.params["W"].shape for layer in playground.model.layers
               if "W" in layer.params]
    assert kernels == [(4, 5), (5, 5), (5, 5), (5, 1)]
    assert np.allclose(playground.inputs_train.mean(axis=0), 0, atol=1e-5)
    assert np.allclose(playground.inputs_train.std(axis=0), 1, atol=1e-4)


def test_the_same_seed_gives_the_same_run_and_another_seed_another_start():
    first = pg.compute(epochs=5, seed=3, dataset="xor")
    second = pg.compute(epochs=5, seed=3, dataset="xor")
    other = pg.compute(epochs=5, seed=4, dataset="xor")
    assert first["readout"] == second["readout"]
    assert all(np.array_equal(a, b) for a, b in zip(first["kernels"], second["kernels"]))
    assert not np.array_equal(first["kernels"][0], other["kernels"][0])
    assert np.array_equal(first["X_train"], other["X_train"])  # same points, new weights


def test_each_tick_is_one_epoch_and_training_lowers_the_loss():
    playground = pg.Playground(dataset="gaussians")
    steps_before = playground.model.optimizer.iterations
    playground.tick()
    assert playground.epoch == 1
    assert playground.model.optimizer.iterations - steps_before == \
        int(np.ceil(len(playground.X_train) / playground.batch_size))
    for _ in range(20):
        playground.tick()
    history = playground.history
    assert history["epoch"] == list(range(22))
    assert history["train_loss"][-1] < 0.5 * history["train_loss"][0]
    assert history["test_loss"][-1] < 0.5 * history["test_loss"][0]


def test_losses_in_the_history_are_the_cross_entropy_of_the_current_network():
    playground = pg.Playground(dataset="circle", layer_sizes=(4,))
    playground.tick()
    logits = playground.model.predict(playground.inputs_test)[:, 0].astype(float)
    p = 1 / (1 + np.exp(-logits))
    y = playground.y_test
    by_hand = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert playground.history["test_loss"][-1] == pytest.approx(by_hand, rel=1e-4)


def test_training_settings_change_the_running_network_in_place():
    playground = pg.Playground(layer_sizes=(4, 4))
    playground.set_training(learning_rate=0.2, regularization="l2", regularization_rate=0.01,
                            dropout=0.3, batch_size=7)
    assert playground.model.optimizer.learning_rate == 0.2
    assert playground.batch_size == 7
    dense = [layer for layer in playground.model.layers if "W" in layer.params]
    dropouts = [layer for layer in playground.model.layers if "W" not in layer.params]
    assert all(layer.kernel_regularizer.l2 == 0.01 for layer in dense)
    assert len(dropouts) == 2 and all(layer.rate == 0.3 for layer in dropouts)
    with pytest.raises(ValueError, match="dropout"):
        playground.set_training(learning_rate=0.2, regularization="l2", regularization_rate=0.0,
                                dropout=1.5, batch_size=7)


def test_a_tick_whose_loss_overflows_stops_and_keeps_the_last_finite_weights():
    playground = pg.Playground(activation="linear", optimizer="sgd", learning_rate=1.0)
    for param in playground.model.params:
        param[...] = 1e30  # two layers on, the forward pass overflows float32 (max 3e38)
    before = playground.model.get_weights()
    playground.tick()
    assert playground.diverged_at == 1
    assert all(np.array_equal(a, b) for a, b in zip(before, playground.model.get_weights()))
    snapshot = playground.snapshot()
    assert snapshot["readout"].startswith("diverged: the loss became nan at epoch 1, batch 1")
    assert "showing epoch 0" in snapshot["readout"]
    playground.tick()
    assert playground.epoch == 1  # a diverged run does not go on


def test_no_ticked_feature_leaves_a_network_that_can_only_learn_the_base_rate():
    result = pg.compute(epochs=3, x1=False, x2=False)
    assert result["layer_sizes"][0] == 0
    assert "no input feature" in result["readout"]
    assert np.ptp(result["output_map"]) < 1e-6  # the same output everywhere


# ---- the lesson's claims ------------------------------------------------------------------
def test_squared_features_let_a_network_without_hidden_layers_solve_the_circle():
    assert pg.compute(epochs=100, dataset="circle", layer_sizes=(), **SQUARES)[
        "test_accuracy"] >= 0.95
    assert pg.compute(epochs=100, dataset="circle", layer_sizes=())["test_accuracy"] <= 0.6


def test_the_spiral_needs_hidden_layers():
    flat = pg.compute(epochs=100, dataset="spiral", layer_sizes=(), **SQUARES)
    deep = pg.compute(epochs=100, dataset="spiral", layer_sizes=(8, 8))
    assert flat["test_accuracy"] <= 0.75
    assert deep["test_accuracy"] >= 0.85


def _after(epochs, **settings):
    playground = pg.Playground(**settings)  # seed 0: what the widget opens with
    for _ in range(epochs):
        playground.tick()
    return playground


def test_the_try_this_prompts_numbers_hold_for_the_opening_weights():
    circle = _after(120)  # the readout the lesson quotes: train loss 0.009, test loss 0.072
    assert circle.history["train_loss"][-1] == pytest.approx(0.009, abs=0.003)
    assert circle.history["test_loss"][-1] == pytest.approx(0.072, abs=0.01)
    assert circle.accuracy() == pytest.approx(0.98, abs=0.01)
    assert min(circle.history["test_loss"][:21]) < 0.1  # within about 20 epochs
    assert 0.8 <= _after(100, dataset="spiral").accuracy() <= 0.9  # about 85%


def test_squared_features_draw_the_circle_and_stall_on_the_spiral_however_long():
    assert _after(100, layer_sizes=(), **SQUARES).accuracy() == pytest.approx(0.99, abs=0.01)
    spiral = pg.Playground(dataset="spiral", layer_sizes=(), **SQUARES)
    at = {}
    for epoch in range(1, 201):
        spiral.tick()
        at[epoch] = spiral.accuracy()
    assert abs(at[100] - 0.67) < 0.03 and at[200] <= at[100] + 0.01  # near 67%, no better


def _middle_saturation(playground):
    fractions = nn.diagnostics.saturated_fraction(playground.model, playground.inputs_train, 0.02)
    return float(np.mean(fractions[1:5]))


def test_a_deep_tanh_stack_saturates_at_the_default_rate_and_learns_at_a_lower_one():
    deep = dict(dataset="spiral", layer_sizes=(8, 8, 8, 8, 8, 8))
    stuck = _after(100, **deep)
    # tanh stalls below three quarters at 0.03 (where exactly depends on the processor's
    # rounding: 47% to 67% on those tried), with about half or more of the middle layers'
    # units at tanh's flat ends (the flat deep-orange and deep-blue tiles)
    assert stuck.accuracy() < 0.75
    assert _middle_saturation(stuck) > 0.45
    # ... and it is the learning rate: at 0.003 the same network learns, seed after seed (Reset)
    for seed in (0, 1, 2):
        lower = pg.Playground(seed=seed, learning_rate=0.003, **deep)
        for _ in range(100):
            lower.tick()
        assert 0.9 <= lower.accuracy() <= 0.93  # about 90%
        assert _middle_saturation(lower) < 0.1


@pytest.mark.parametrize("seed", [0, 1, 2, 3])  # the prompt comes after a few Resets
def test_the_overfitting_prompt_l2_keeps_the_test_loss_low_and_l1_switches_weights_off(seed):
    few = dict(dataset="xor", noise=0.3, train_fraction=0.1, layer_sizes=(8, 8, 8), epochs=200)
    plain = pg.compute(seed=seed, **few)
    l2 = pg.compute(seed=seed, regularization="l2", regularization_rate=0.003, **few)
    l1 = pg.compute(seed=seed, regularization="l1", regularization_rate=0.003, **few)
    assert plain["train_loss"] < 0.01 and plain["test_loss"] > 0.8  # climbs past 0.8
    assert plain["test_loss"] > 2 * min(plain["history"]["test_loss"])  # after a dip
    assert l2["test_loss"] < 0.45
    assert 0.65 <= l1["near_zero"] <= 0.85 and l2["near_zero"] < 0.3  # about 3/4, under 30%


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_regression_prompt_a_plane_cannot_draw_the_bumps_and_two_layers_can(seed):
    flat = pg.compute(seed=seed, epochs=100, problem="regression", dataset="bumps",
                      layer_sizes=())
    layered = pg.compute(seed=seed, epochs=100, problem="regression", dataset="bumps")
    average = np.mean((flat["y_test"] - flat["y_train"].mean()) ** 2)
    assert average == pytest.approx(0.20, abs=0.01)  # always answering the average
    assert flat["test_loss"] == pytest.approx(0.18, abs=0.01)
    assert layered["test_loss"] < 0.07


# ---- what the picture shows ----------------------------------------------------------------
def test_unit_tiles_are_each_units_activation_over_the_plane():
    playground = pg.Playground(layer_sizes=(3, 3), activation="tanh", x1_squared=True)
    for _ in range(3):
        playground.tick()
    result = playground.snapshot()
    points = pg.plane_points(pg.TILE_GRID)
    inputs = (pg.feature_map(points, playground.features) - playground.mean) / playground.std
    dense = [layer for layer in playground.model.layers if "W" in layer.params]
    a = inputs
    assert np.allclose(result["unit_maps"][0], inputs.T.reshape(3, 20, 20), atol=1e-5)
    for layer_number, layer in enumerate(dense[:-1], start=1):
        a = np.tanh(a @ layer.params["W"].astype(float) + layer.params["b"])
        assert np.allclose(result["unit_maps"][layer_number], a.T.reshape(3, 20, 20), atol=1e-4)
    logit = a @ dense[-1].params["W"].astype(float) + dense[-1].params["b"]
    assert np.allclose(result["unit_maps"][-1][0], (2 * activations.sigmoid(logit) - 1)
                       .reshape(20, 20), atol=1e-4)
    assert result["output_map"].shape == (pg.HEATMAP_GRID, pg.HEATMAP_GRID)
    assert result["output_map"].min() >= 0 and result["output_map"].max() <= 1


def test_edges_are_red_for_positive_weights_grey_for_negative_and_wider_when_larger():
    result = pg.compute(epochs=5, layer_sizes=(3, 3))
    fig = REGISTRY["playground"].new_figure()
    cache: dict = {}
    drawing.plot(fig, result, cache)
    weights = np.concatenate([w.reshape(-1) for w in result["kernels"]])
    sizes = result["layer_sizes"]
    assert len(cache["edges"].get_segments()) == sum(a * b for a, b in zip(sizes, sizes[1:]))
    colours = cache["edges"].get_colors()
    from nnlib.plots.palette import WEIGHT_NEGATIVE, WEIGHT_POSITIVE
    red, grey = (matplotlib.colors.to_rgba(c, 0.8) for c in (WEIGHT_POSITIVE, WEIGHT_NEGATIVE))
    assert np.allclose(colours[weights > 0], red) and np.allclose(colours[weights < 0], grey)
    widths = np.asarray(cache["edges"].get_linewidths())
    order = np.argsort(np.abs(weights))
    assert np.all(np.diff(widths[order]) >= 0) and widths[order[-1]] > widths[order[0]]


def test_later_frames_update_the_same_artists_at_the_same_size():
    playground = pg.Playground(dataset="xor", layer_sizes=(6, 6, 6))
    fig = REGISTRY["playground"].new_figure()
    cache: dict = {}
    drawing.plot(fig, playground.snapshot(), cache)
    first_png = nn.explore.figure_png(fig)
    artists = (cache["network"], cache["heat"], cache["edges"], cache["train_line"])
    for _ in range(5):
        playground.tick()
    drawing.plot(fig, playground.snapshot(), cache)
    later_png = nn.explore.figure_png(fig)
    assert artists == (cache["network"], cache["heat"], cache["edges"], cache["train_line"])
    assert len(cache["train_line"].get_xdata()) == 6
    assert later_png != first_png and _png_size(later_png) == _png_size(first_png) == (756, 324)


# ---- the widget ------------------------------------------------------------------------------
def test_show_opens_the_full_playground_widget_named_in_the_registry():
    widget = nn.explore.show("playground", dataset="spiral")
    assert isinstance(widget, playground_widget.PlaygroundWidget)
    assert widget.playground.dataset == "spiral" and widget.playground.epoch == 0
    assert REGISTRY["playground"].extra["widget"] is playground_widget.PlaygroundWidget
    assert "epoch 0 · train loss" in widget.readout.value
    with pytest.raises(TypeError, match="unknown control 'colour'"):
        playground_widget.open_playground(colour="red")


def test_play_ticks_and_step_each_train_one_epoch_and_stop_does_not():
    widget = playground_widget.open_playground()
    first = widget.image.value
    widget.play.value += 1
    widget.play.value += 1
    assert widget.playground.epoch == 2
    widget.button.click()
    assert widget.playground.epoch == 3
    assert widget.image.value != first and widget.readout.value.count("epoch 3 ·") == 1
    widget.play.value = 0  # the stop button rewinds the counter
    assert widget.playground.epoch == 3


def test_a_tick_that_waited_runs_unless_it_fell_far_behind_the_clock():
    import time

    widget = playground_widget.open_playground()
    widget._set_playing(True)
    widget.play.value += 1  # a fresh tick: it trains, and sets the clock
    assert widget.playground.epoch == 1
    since, value = widget._clock
    interval = widget.play.interval / 1000.0
    widget._idle_since = float("inf")  # as if the last frame had just been drawn
    widget._clock = (time.perf_counter() - 1.2 * interval, value)  # one tick due: on time
    widget.play.value += 1
    assert widget.playground.epoch == 2
    widget._idle_since = float("inf")
    widget._clock = (time.perf_counter() - 10 * interval, value)  # ten due, this is the 3rd
    widget.play.value += 1
    assert widget.playground.epoch == 2  # dropped
    widget._idle_since = 0.0  # idle: the next tick is fresh and runs
    widget.play.value += 1
    assert widget.playground.epoch == 3 and widget._clock[1] == widget.play.value


def test_reset_draws_new_weights_and_settings_reset_or_apply_live():
    widget = playground_widget.open_playground()
    start = widget.playground.model.get_weights()[0]
    for _ in range(3):
        widget.button.click()
    widget.reset_button.click()
    assert widget.playground.epoch == 0
    assert not np.array_equal(widget.playground.model.get_weights()[0], start)
    widget.controls["layer_sizes"].value = (7, 7)  # an architecture setting: a fresh network
    assert widget.playground.layer_sizes == [2, 7, 7, 1]
    widget.button.click()
    running = widget.playground
    widget.controls["learning_rate"].value = 0.1  # a training setting: the same network
    widget.controls["batch_size"].value = 25
    assert widget.playground is running and running.epoch == 1
    assert running.model.optimizer.learning_rate == pytest.approx(0.1)
    assert running.batch_size == 25


def test_a_diverged_run_pauses_play_and_says_so():
    widget = playground_widget.open_playground(activation="linear", optimizer="sgd")
    for param in widget.playground.model.params:
        param[...] = 1e30
    widget._set_playing(True)
    widget.button.click()
    assert "diverged: the loss became nan at epoch 1, batch 1" in widget.readout.value
    assert not widget._playing()


# ---- the exercise ----------------------------------------------------------------------------
def _reference(X):
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([x1, x2, x1 ** 2, x2 ** 2, x1 * x2])


def test_feature_map_checker_passes_the_reference(capsys):
    assert check_feature_map(_reference)
    assert "all 3 checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("mistake", list(FEATURE_MAP_MISTAKES))
def test_feature_map_checker_fails_and_names_each_typical_mistake(mistake, capsys):
    assert not check_feature_map(FEATURE_MAP_MISTAKES[mistake])
    assert mistake in capsys.readouterr().out


def test_feature_map_checker_fails_a_forgotten_product_and_rows_for_columns(capsys):
    assert not check_feature_map(lambda X: _reference(X)[:, :4])
    assert "expected shape (6, 5), got (6, 4)" in capsys.readouterr().out
    assert not check_feature_map(lambda X: _reference(X).T)
    assert "as rows instead of columns" in capsys.readouterr().out


def test_feature_map_checker_tells_an_untouched_stub_it_is_not_done(capsys):
    assert not check_feature_map(lambda X: None)
    assert "not done yet" in capsys.readouterr().out


@pytest.mark.parametrize("dataset", ["plane", "bumps"])
def test_regression_trains_a_linear_output_on_the_mean_squared_error(dataset):
    playground = pg.Playground(problem="regression", dataset=dataset)
    assert isinstance(playground.loss, nn.losses.MeanSquaredError)
    for _ in range(20):
        playground.tick()
    result = playground.snapshot()
    outputs = playground.model.predict(playground.inputs_test).astype(float)
    assert result["test_loss"] == pytest.approx(np.mean((outputs[:, 0] - playground.y_test)
                                                        ** 2), rel=1e-4)
    assert result["test_loss"] < 0.5 * np.var(playground.y_test)  # it learned something
    assert result["test_accuracy"] is None and "accuracy" not in result["readout"]
    assert result["output_map"].shape == (pg.HEATMAP_GRID, pg.HEATMAP_GRID)


def test_three_classes_get_a_softmax_output_and_a_colour_each():
    result = pg.compute(epochs=20, dataset="three_classes")
    assert result["layer_sizes"][-1] == 3 and result["n_classes"] == 3
    assert result["output_map"].shape == (pg.HEATMAP_GRID, pg.HEATMAP_GRID, 3)
    assert np.allclose(result["output_map"].sum(axis=-1), 1.0)
    assert result["test_accuracy"] > 0.9
    rgb = drawing.heat_rgb(result)
    from matplotlib.colors import to_rgb

    from nnlib.plots.palette import CLASS_COLOURS
    surest = np.unravel_index(np.argmax(result["output_map"][..., 2]), rgb.shape[:2])
    assert np.allclose(rgb[surest], to_rgb(CLASS_COLOURS[2]), atol=0.05)


def test_l1_switches_weights_off_where_l2_only_shrinks_them():
    common = dict(dataset="xor", layer_sizes=(8, 8), epochs=60, regularization_rate=0.01)
    l1 = pg.compute(regularization="l1", **common)
    l2 = pg.compute(regularization="l2", **common)
    plain = pg.compute(**{**common, "regularization_rate": 0.0})
    assert l1["near_zero"] > 0.3 > l2["near_zero"]
    assert plain["near_zero"] < 0.1
    assert "weights near 0" in l1["readout"]


def test_layer_sizes_are_checked_and_the_sweep_reaches_both_ends():
    with pytest.raises(ValueError, match="layer_sizes"):
        pg.Playground(layer_sizes=(9,))
    with pytest.raises(TypeError, match="layer_sizes"):
        pg.Playground(layer_sizes=4)
    control = next(c for c in playground_widget.CONTROLS if c.name == "layer_sizes")
    assert control.sweep_values() == [(), (4, 4), (8,) * 6]


def test_plus_and_minus_change_one_layer_or_the_number_of_layers():
    widget = nn.explore.show("playground", layer_sizes=(4, 2))
    sizes = widget.controls["layer_sizes"]
    assert widget.playground.layer_sizes == [2, 4, 2, 1]
    sizes.children[1].children[2].click()  # + on layer 2
    assert widget.playground.layer_sizes == [2, 4, 3, 1]
    sizes.children[-1].children[2].click()  # add a layer
    assert widget.playground.layer_sizes == [2, 4, 3, 3, 1]
    sizes.children[-1].children[0].click()  # remove it
    sizes.children[0].children[0].click()  # − on layer 1
    assert widget.playground.layer_sizes == [2, 3, 3, 1]


@pytest.mark.parametrize("initialization", list(pg.INITIALIZATIONS))
def test_the_initialization_menu_sets_the_starting_weights(initialization):
    playground = pg.Playground(initialization=initialization, layer_sizes=(8, 8))
    W = playground.model.layers[2].params["W"]
    spread = {"zeros": 0.0, "normal": 0.05, "glorot": np.sqrt(2 / 16), "he": np.sqrt(2 / 8)}
    assert W.std() == pytest.approx(spread[initialization], rel=0.35, abs=1e-9)


def test_new_points_of_the_same_shapes_do_not_rebuild_the_picture():
    fig = playground_widget.EXPLORER.new_figure()
    cache: dict = {}
    drawing.plot(fig, pg.compute(epochs=0, data_seed=0), cache)
    network = cache["network"]
    drawing.plot(fig, pg.compute(epochs=0, data_seed=1), cache)
    assert cache["network"] is network  # same artists, new points
    assert np.allclose(cache["points"][0].get_offsets(), pg.compute(epochs=0, data_seed=1)[
        "X_train"])


# ---- the lab's tools, as the lesson's prompts use them --------------------------------------
def test_the_recorded_comparison_prompt_holds_both_runs_with_their_curves():
    widget = nn.explore.show("playground", dataset="xor", noise=0.3, train_fraction=0.1,
                             layer_sizes=(8, 8, 8))
    for _ in range(200):
        widget.playground.tick()
    plain = widget.record()
    widget.controls["regularization"].value = "l2"
    widget.controls["regularization_rate"].value = 0.003
    widget.reset_button.click()
    for _ in range(200):
        widget.playground.tick()
    with_l2 = widget.record()
    assert [run["run"] for run in widget.runs] == [1, 2]
    assert plain["test_loss"] == pytest.approx(0.83, abs=0.02)  # about 0.83 ...
    assert with_l2["test_loss"] < 0.45  # ... against about 0.4
    assert abs(plain["test_accuracy"] - with_l2["test_accuracy"]) < 0.05
    assert len(with_l2["history"]["test_loss"]) == 201
    assert widget.runs_csv().count("\n") >= 3  # a header and one row per run


def test_the_dead_unit_prompt_inspects_a_dead_neuron_with_no_gradient():
    widget = nn.explore.show("playground")
    widget.apply_preset("dead ReLUs: learning rate 1")
    for _ in range(10):
        widget.button.click()
    widget.inspect.value = "layer 2 · neuron 1"
    assert "dead" in widget.neuron_text.value
    unit = health.neuron(widget.playground, 2, 0)
    assert unit["status"] == "dead" and unit["z"] < 0 and unit["derivative"] == 0
    assert unit["grad_weights"] == 0
    report = health.health(widget.playground)
    assert report["dead_fraction"][1] == 1.0
    assert np.ptp(widget.playground.snapshot()["output_map"]) == 0  # one flat colour
    widget.apply_preset("cure: ReLUs at learning rate 0.03")
    for _ in range(10):
        widget.playground.tick()
    assert max(health.health(widget.playground)["dead_fraction"]) <= 0.25
