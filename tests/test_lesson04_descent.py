"""Lesson 04: the loss surfaces and descent of the 'descent_path' explorer, the loss shapes
of 'loss_shapes', the curve and contour plots, and the checkers for my_mse and
my_bce_gradient (each passes the solution and fails the usual slips)."""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

import nnlib as nn
from nnlib.explore import descent, loss_shapes
from nnlib.gradcheck import relative_error

POINTS = [(-4.0, 4.0), (0.5, -1.0), (2.0, -3.0), (-1.5, -4.5)]


# ---- the loss surfaces ------------------------------------------------------------------
@pytest.mark.parametrize("name", list(descent.SURFACES))
@pytest.mark.parametrize("w, b", POINTS)
def test_surface_gradient_matches_finite_differences(name, w, b):
    surface = descent.SURFACES[name]
    h = 1e-6
    numerical = [(surface.loss(w + h, b) - surface.loss(w - h, b)) / (2 * h),
                 (surface.loss(w, b + h) - surface.loss(w, b - h)) / (2 * h)]
    assert relative_error(surface.gradient(w, b), numerical) < 1e-7


@pytest.mark.parametrize("name", list(descent.SURFACES))
def test_surface_minimum_is_a_minimum(name):
    surface = descent.SURFACES[name]
    assert np.linalg.norm(surface.gradient(*surface.minimum)) < 1e-9
    assert np.all(np.linalg.eigvalsh(surface.hessian(surface.minimum)) > 0)
    X, Y, Z = surface.grid
    assert surface.loss(*surface.minimum) <= Z.min() + 1e-12


def test_linear_surface_is_least_squares_with_the_textbook_hessian():
    surface = descent.SURFACES["linear neuron, MSE"]
    x, y = descent.X_DATA, descent.Y_DATA
    design = np.column_stack([x, np.ones_like(x)])
    assert np.allclose(surface.minimum, np.linalg.lstsq(design, y, rcond=None)[0])
    hessian = 2 * design.T @ design / len(x)
    assert surface.curvature == pytest.approx(np.linalg.eigvalsh(hessian)[-1], rel=1e-6)


@pytest.mark.parametrize("name", list(descent.SURFACES))
def test_a_rate_below_two_over_l_settles_at_the_minimum(name):
    limit = 2 / descent.SURFACES[name].curvature
    result = descent.compute(surface=name, learning_rate=0.95 * limit, start_w=1.0,
                             start_b=-1.0, steps=200)
    if name.startswith("linear"):  # exactly quadratic: it must settle from anywhere
        result = descent.compute(surface=name, learning_rate=0.95 * limit, steps=200)
    assert result["diverged_at"] is None
    lowest = float(descent.SURFACES[name].loss(*result["minimum"]))
    assert result["losses"][-1] == pytest.approx(lowest, rel=1e-3)
    assert "cannot settle" not in result["readout"]


def test_a_rate_above_two_over_l_diverges_on_the_quadratic():
    limit = 2 / descent.SURFACES["linear neuron, MSE"].curvature
    result = descent.compute(learning_rate=1.05 * limit, steps=200)
    k = result["diverged_at"]
    assert k is not None and len(result["path"]) == k + 1
    assert f"diverged at step {k}" in result["readout"]
    assert result["losses"][-1] > 100 * result["losses"][0] >= result["losses"][-2]


def test_near_the_minimum_a_rate_above_two_over_l_cannot_settle():
    name = "sigmoid neuron, cross-entropy"
    surface = descent.SURFACES[name]
    start = surface.minimum + 0.01
    result = descent.compute(surface=name, learning_rate=1.2 * 2 / surface.curvature,
                             start_w=start[0], start_b=start[1], steps=200)
    distance = np.linalg.norm(result["path"] - surface.minimum, axis=1)
    assert distance[-1] > distance[0]
    assert "cannot settle" in result["readout"]


def test_descent_follows_the_update_rule_step_by_step():
    surface = descent.SURFACES["sigmoid neuron, MSE"]
    path, diverged = descent.descend(surface, (-1.0, 2.0), 0.7, 5)
    assert diverged is None and path.shape == (6, 2)
    for before, after in zip(path[:-1], path[1:]):
        assert np.allclose(after, before - 0.7 * surface.gradient(*before))


def test_cross_entropy_leaves_the_plateau_that_traps_mse():
    settings = dict(learning_rate=1.0, start_w=-4.0, start_b=4.0, steps=40)
    bce = descent.compute(surface="sigmoid neuron, cross-entropy", **settings)
    mse = descent.compute(surface="sigmoid neuron, MSE", **settings)
    bce_gap = bce["losses"][-1] - descent.SURFACES["sigmoid neuron, cross-entropy"].loss(
        *bce["minimum"])
    assert np.linalg.norm(bce["path"][-1] - bce["path"][0]) > 5
    assert np.linalg.norm(mse["path"][-1] - mse["path"][0]) < 2
    assert bce_gap < 0.1


def test_surfaces_stay_finite_far_out():
    for surface in descent.SURFACES.values():
        with np.errstate(all="raise"):
            assert np.isfinite(surface.loss(1e5, -1e5))
            assert np.all(np.isfinite(surface.gradient(-1e5, 1e5)))


def test_descent_rejects_an_unknown_surface():
    with pytest.raises(ValueError, match="surface: unknown surface 'bowl'"):
        descent.compute(surface="bowl")


# ---- the loss shapes --------------------------------------------------------------------
@pytest.mark.parametrize("target", [0, 1])
def test_loss_shape_gradients_match_finite_differences(target):
    z = np.linspace(-6, 6, 25)
    h = 1e-6
    analytic = loss_shapes.gradients(z, target)
    for name in ("MSE", "cross-entropy"):
        numerical = (loss_shapes.losses(loss_shapes._sigmoid(z + h), target)[name]
                     - loss_shapes.losses(loss_shapes._sigmoid(z - h), target)[name]) / (2 * h)
        assert relative_error(analytic[name], numerical) < 1e-6


def test_loss_shapes_agree_with_nnlib_losses():
    p = np.array([0.02, 0.3, 0.7, 0.98])
    for target in (0, 1):
        shapes = loss_shapes.losses(p, target)
        y = np.full(4, float(target))
        for i in range(4):
            assert shapes["MSE"][i] == pytest.approx(
                nn.losses.MeanSquaredError()(y[i:i + 1], p[i:i + 1]))
            assert shapes["cross-entropy"][i] == pytest.approx(
                nn.losses.BinaryCrossentropy()(y[i:i + 1], p[i:i + 1]))


def test_cross_entropy_pushes_a_confidently_wrong_neuron_far_harder():
    for z, target in ((-4.0, 1), (-8.0, 1), (4.0, 0)):
        result = loss_shapes.compute(target=target, weighted_input=z)
        p = result["p"]
        assert result["ratio"] == pytest.approx(1 / (2 * p * (1 - p)))
        assert result["ratio"] > 25
        assert "confidently wrong" in result["readout"]
    unsure = loss_shapes.compute(target=1, weighted_input=0.0)
    assert unsure["ratio"] == pytest.approx(2.0) and "unsure" in unsure["readout"]


# ---- the plots ----------------------------------------------------------------------------
def _bowl(w, b):
    return w ** 2 + 10 * b ** 2


def test_contour_with_paths_draws_each_path_and_drops_what_diverged():
    ax = Figure().add_subplot()
    paths = {"a": np.array([[4.0, 4.0], [2.0, -2.0], [1.0, 1.0]]),
             "b": np.array([[-4.0, 3.0], [-3.0, 1.0], [np.inf, np.nan], [0.0, 0.0]])}
    returned = nn.plots.contour_with_paths(_bowl, paths, (-5, 5), (-5, 5), ax=ax,
                                           minimum=(0, 0))
    assert returned is ax
    labelled = {line.get_label(): line for line in ax.lines}
    assert set(labelled) >= {"a", "b", "minimum"}
    assert len(labelled["a"].get_xdata()) == 3 and len(labelled["b"].get_xdata()) == 2
    assert ax.get_xlim() == (-5, 5) and ax.get_xlabel() == "w"
    with pytest.raises(ValueError, match="paths\\['c'\\]: expected points of shape"):
        nn.plots.contour_with_paths(_bowl, {"c": np.zeros(3)}, (-1, 1), (-1, 1), ax=ax)


def test_grid_values_evaluates_the_surface_and_checks_its_shape():
    X, Y, Z = nn.grids.grid_values(_bowl, (-1, 1), (-2, 2), n=5)
    assert Z.shape == (5, 5) and np.allclose(Z, X ** 2 + 10 * Y ** 2)
    with pytest.raises(ValueError, match="f: expected f\\(X, Y\\) to return shape"):
        nn.grids.grid_values(lambda w, b: np.sum(w), (-1, 1), (-1, 1))


def test_loss_curves_draws_a_history_and_dashes_its_validation_curve():
    history = nn.callbacks.History()
    for epoch, (loss, val) in enumerate([(1.0, 1.2), (0.5, 0.8), (0.2, 0.7)]):
        history.on_epoch_end(epoch, {"loss": loss, "accuracy": 0.5, "val_loss": val})
    ax = nn.plots.loss_curves(history, ax=Figure().add_subplot(), log_scale=True)
    lines = {line.get_label(): line for line in ax.lines}
    assert set(lines) == {"loss", "val_loss"}  # accuracy is not a loss
    assert lines["val_loss"].get_linestyle() == "--"
    assert lines["val_loss"].get_color() == lines["loss"].get_color()
    assert list(lines["loss"].get_xdata()) == [1, 2, 3] and ax.get_yscale() == "log"


def test_loss_curves_compares_runs_and_ends_a_diverged_one():
    runs = {"slow": [3.0, 2.0, 1.5], "diverged": [3.0, 30.0, float("inf")]}
    ax = nn.plots.loss_curves(runs, ax=Figure().add_subplot())
    diverged = [line for line in ax.lines if line.get_label() == "diverged"][0]
    assert np.isnan(diverged.get_ydata()[-1])
    with pytest.raises(TypeError, match="history_or_dict"):
        nn.plots.loss_curves([1.0, 2.0])
    with pytest.raises(TypeError, match="history_or_dict\\['bad'\\]"):
        nn.plots.loss_curves({"bad": ["a", "b"]}, ax=Figure().add_subplot())


# ---- the checkers -------------------------------------------------------------------------
def test_mse_checker_passes_the_solution():
    assert nn.exercises.check_mse(lambda y_true, y_pred: np.mean((y_pred - y_true) ** 2))


@pytest.mark.parametrize("mistake, named", [
    (lambda y_true, y_pred: np.sum((y_pred - y_true) ** 2), "summed"),
    (lambda y_true, y_pred: np.mean(np.abs(y_pred - y_true)), "without squaring"),
    (lambda y_true, y_pred: 0.5 * np.mean((y_pred - y_true) ** 2), "halved"),
    (lambda y_true, y_pred: np.sqrt(np.mean((y_pred - y_true) ** 2)), "RMSE, not the MSE"),
    (lambda y_true, y_pred: (y_pred - y_true) ** 2, None),
], ids=["sum", "absolute", "halved", "rmse", "per-example"])
def test_mse_checker_fails_typical_mistakes(mistake, named, capsys):
    assert not nn.exercises.check_mse(mistake)
    out = capsys.readouterr().out
    assert "✗ my_mse" in out
    if named:
        assert named in out


def test_bce_gradient_checker_passes_the_solution():
    def solution(y_true, z):
        return (nn.activations.sigmoid(z) - y_true) / len(z)

    assert nn.exercises.check_bce_gradient(solution)


@pytest.mark.parametrize("mistake, named", [
    (lambda y, z: nn.activations.sigmoid(z) - y, "left out the division by n"),
    (lambda y, z: (y - nn.activations.sigmoid(z)) / len(z), "sign is flipped"),
    (lambda y, z: (z - y) / len(z), "used z itself"),
    (lambda y, z: 2 * (nn.activations.sigmoid(z) - y) * nn.activations.sigmoid(z)
     * (1 - nn.activations.sigmoid(z)) / len(z), "mean squared error's gradient"),
])
def test_bce_gradient_checker_fails_typical_mistakes(mistake, named, capsys):
    assert not nn.exercises.check_bce_gradient(mistake)
    assert named in capsys.readouterr().out


def test_lesson_04_checkers_say_not_done_for_stubs(capsys):
    assert not nn.exercises.check_mse(lambda y_true, y_pred: None)
    assert not nn.exercises.check_bce_gradient(lambda y_true, z: None)
    assert capsys.readouterr().out.count("not done yet") == 2


# ---- the gradient-step checker --------------------------------------------------------------
def gradient_step(params, x, y, learning_rate):
    w, b = params
    error = w * x + b - y
    gradient = np.array([2 * np.mean(error * x), 2 * np.mean(error)])
    return params - learning_rate * gradient


def _in_place(params, x, y, learning_rate):
    w, b = params
    error = w * x + b - y
    params -= learning_rate * np.array([2 * np.mean(error * x), 2 * np.mean(error)])
    return params  # the right numbers, but the caller's array has changed too


def _sign(params, x, y, rate):
    return 2 * params - gradient_step(params, x, y, rate)


def _no_rate(params, x, y, rate):
    return gradient_step(params, x, y, 1.0)


def _no_two(params, x, y, rate):
    return gradient_step(params, x, y, rate / 2)


def _summed(params, x, y, rate):
    return gradient_step(params, x, y, rate * len(x))


def _w_first(params, x, y, rate):
    w, b = params
    w = w - rate * 2 * np.mean((w * x + b - y) * x)
    b = b - rate * 2 * np.mean(w * x + b - y)
    return np.array([w, b])


def test_gradient_step_checker_passes_the_solution(capsys):
    assert nn.exercises.check_gradient_step(gradient_step)
    assert "all 3 checks passed" in capsys.readouterr().out


def test_gradient_step_checker_expects_what_sgd_does():
    from nnlib.exercises.descent import _step_cases

    for case in _step_cases():
        params, x, y, rate = case.args
        model = nn.Sequential([nn.layers.Dense(1, input_dim=1, dtype="float64")])
        model.set_weights([np.array([[params[0]]]), np.array([params[1]])])
        model.compile(optimizer=nn.optimizers.SGD(learning_rate=rate), loss="mse")
        model.fit(x[:, None], y, batch_size=len(x), epochs=1, verbose=0, shuffle=False)
        W, b = model.get_weights()
        assert np.allclose(case.expected, [W[0, 0], b[0]])


@pytest.mark.parametrize("mistake, named", [
    (_in_place, "changed its input params in place"),
    (_sign, "sign is flipped"),
    (_no_rate, "forgot the learning rate"),
    (lambda params, x, y, rate: params - gradient_step(params, x, y, rate), "returned the step"),
    (lambda params, x, y, rate: (params - gradient_step(params, x, y, 1.0)),
     "returned the gradient itself"),
    (_no_two, "factor 2 is missing"),
    (_summed, "summed over the examples"),
    (_w_first, "updated w first"),
    (lambda params, x, y, rate: tuple(gradient_step(params, x, y, rate)),
     "expected a numpy array, got tuple"),
    (lambda params, x, y, rate: gradient_step(params, x, y, rate)[:1], "shape (2,)"),
], ids=["in-place", "sign", "no-rate", "step", "gradient", "no-two", "sum", "w-first",
        "tuple", "only-w"])
def test_gradient_step_checker_fails_each_typical_mistake_with_its_message(mistake, named,
                                                                          capsys):
    assert not nn.exercises.check_gradient_step(mistake)
    out = capsys.readouterr().out
    assert "✗ my_gradient_step" in out and named in out


def test_gradient_step_checker_says_not_done_for_a_stub(capsys):
    assert not nn.exercises.check_gradient_step(lambda params, x, y, learning_rate: None)
    assert "not done yet" in capsys.readouterr().out


# ---- the readout's step factors and the notation ------------------------------------------
@pytest.mark.parametrize("rate", [0.01, 0.3, 0.34, 0.345, 0.4])
def test_readout_gives_each_steps_factor_along_the_steepest_and_flattest_directions(rate):
    surface = descent.SURFACES["linear neuron, MSE"]
    result = descent.compute(learning_rate=rate, steps=5)
    assert result["steep_factor"] == pytest.approx(abs(1 - rate * surface.curvature))
    assert result["flat_factor"] == pytest.approx(abs(1 - rate * surface.flattest))
    assert f"×{result['steep_factor']:.3g} along the steepest" in result["readout"]
    assert "2/λ_max" in result["readout"] and "2/L" not in result["readout"]


def test_the_flattest_factor_predicts_how_slowly_a_small_rate_settles():
    surface = descent.SURFACES["linear neuron, MSE"]
    result = descent.compute(learning_rate=0.01, steps=2000)
    distance = np.linalg.norm(result["path"] - surface.minimum, axis=1)
    late = distance[1500] / distance[1000]
    assert late == pytest.approx(result["flat_factor"] ** 500, rel=1e-3)


def test_steps_reach_2000_and_the_edge_of_convergence_is_two_over_lambda_max():
    steps = {c.name: c for c in descent.EXPLORER.controls}["steps"]
    assert steps.high >= 2000
    limit = 2 / descent.SURFACES["linear neuron, MSE"].curvature
    assert descent.compute(learning_rate=0.99 * limit, steps=2000)["diverged_at"] is None
    assert descent.compute(learning_rate=1.01 * limit, steps=2000)["diverged_at"] is not None


def test_cross_entropy_is_a_bowl_and_the_sigmoid_neurons_mse_is_not():
    points = np.stack(np.meshgrid(np.linspace(-5, 5, 9), np.linspace(-5, 5, 9)),
                      axis=-1).reshape(-1, 2)
    smallest = {name: min(np.linalg.eigvalsh(descent.SURFACES[name].hessian(p))[0]
                          for p in points) for name in descent.SURFACES}
    assert smallest["sigmoid neuron, cross-entropy"] > -1e-6
    assert smallest["linear neuron, MSE"] > 0
    assert smallest["sigmoid neuron, MSE"] < -0.1


def test_loss_shapes_speak_of_one_examples_loss():
    fig, _ = loss_shapes.EXPLORER.render()
    left = fig.axes[0]
    assert "ℓ" in left.get_ylabel() and "ℓ" in loss_shapes.compute()["readout"]
