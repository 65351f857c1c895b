"""Lesson 03: the random-network explorer's maths, the network diagram, and the checkers
for my_dense_forward and my_sequential (each passes the solution and fails the usual slips)."""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

import nnlib as nn
from nnlib.explore import random_network as rn
from nnlib.gradcheck import relative_error


def nnlib_model(weights: list[np.ndarray], activation: str) -> nn.Sequential:
    """nnlib's Sequential with these weights: hidden layers ``activation``, linear output."""
    kernels = weights[::2]
    layers = [nn.layers.Dense(W.shape[1], activation=activation, input_dim=W.shape[0],
                              dtype="float64") for W in kernels[:-1]]
    layers.append(nn.layers.Dense(kernels[-1].shape[1], dtype="float64"))
    model = nn.Sequential(layers, dtype="float64")
    model.set_weights(weights)
    return model


# ---- the random network ------------------------------------------------------------------
@pytest.mark.parametrize("activation", rn.ACTIVATIONS)
def test_random_network_forward_matches_nnlib_sequential(activation):
    weights = rn.random_weights([2, 6, 5, 1], weight_scale=1.5, seed=4)
    x = np.random.default_rng(0).normal(size=(30, 2))
    output, _, weighted_inputs = rn.forward(x, weights, activation)
    model = nnlib_model(weights, activation)
    assert np.allclose(output, model.predict(x)[:, 0], rtol=1e-12, atol=1e-12)
    assert np.allclose(weighted_inputs[1], model.layers[1].z, rtol=1e-12, atol=1e-12)


def test_forward_slope_matches_finite_differences():
    weights = rn.random_weights([2, 7, 7, 1], weight_scale=2.0, seed=1)
    x = np.random.default_rng(2).normal(size=(12, 2))
    _, slope, _ = rn.forward(x, weights, "tanh")
    h = 1e-6
    numerical = np.column_stack([
        (rn.forward(x + h * e, weights, "tanh")[0] - rn.forward(x - h * e, weights, "tanh")[0])
        / (2 * h) for e in np.eye(2)])
    assert relative_error(slope, numerical) < 1e-7


def test_same_seed_draws_the_same_network_and_a_new_seed_another():
    first = rn.random_weights([1, 8, 8, 1], 1.5, seed=3)
    again = rn.random_weights([1, 8, 8, 1], 1.5, seed=3)
    other = rn.random_weights([1, 8, 8, 1], 1.5, seed=4)
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not np.allclose(first[0], other[0])


def test_weights_have_the_stated_spread():
    W = rn.random_weights([400, 300, 1], weight_scale=2.0, seed=0)[0]
    assert W.shape == (400, 300)
    assert np.std(W) == pytest.approx(2.0 / np.sqrt(400), rel=0.02)


@pytest.mark.parametrize("depth", [1, 3, 8])
def test_linear_network_stays_a_straight_line_or_plane_at_any_depth(depth):
    line = rn.compute(activation="linear", depth=depth, width=16, inputs="1-D")
    slope = np.diff(line["output"]) / np.diff(line["x"])
    assert np.ptp(slope) <= 1e-9 * np.max(np.abs(slope))
    assert "still a straight line" in line["readout"]
    plane = rn.compute(activation="linear", depth=depth, width=16, inputs="2-D")
    design = np.column_stack([rn.GRID_2D, np.ones(len(rn.GRID_2D))])
    coefficients = np.linalg.lstsq(design, plane["output"], rcond=None)[0]
    assert np.allclose(design @ coefficients, plane["output"], atol=1e-9 * np.ptp(
        plane["output"]))
    assert "still a flat plane" in plane["readout"]
    assert f"{coefficients[0]:.3g} x1" in plane["readout"]


def fine_grid_pieces(weights: list[np.ndarray], n: int = 200_001) -> int:
    """An independent count: the exact slope (from the on/off masks) on a very fine grid,
    a new piece wherever it changes. It can only miss pieces, never invent them."""
    x = np.linspace(-rn.INPUT_RANGE, rn.INPUT_RANGE, n)[:, None]
    a, slope = x, np.ones((n, 1))
    for W, b in zip(weights[:-2:2], weights[1:-2:2]):
        z = a @ W + b
        a, slope = np.maximum(z, 0), (slope @ W) * (z > 0)
    slope = (slope @ weights[-2])[:, 0]
    return 1 + int(np.count_nonzero(np.abs(np.diff(slope)) > 1e-9 * np.max(np.abs(slope))))


@pytest.mark.parametrize("depth, width, seed", [(1, 8, 0), (3, 8, 2), (2, 16, 5), (4, 12, 7)])
def test_relu_pieces_match_an_independent_fine_grid_count(depth, width, seed):
    result = rn.compute(activation="relu", depth=depth, width=width, seed=seed)
    assert result["pieces"] == fine_grid_pieces(result["weights"])
    assert f"ReLU: {result['pieces']} linear pieces" in result["readout"]


def test_relu_curve_is_straight_between_its_kinks():
    result = rn.compute(activation="relu", depth=3, width=8, seed=2)
    x, kinks = rn.GRID_1D[:, 0], result["kinks"]
    output = rn.forward(rn.GRID_1D, result["weights"], "relu")[0]
    slope = np.diff(output) / np.diff(x)
    piece = np.searchsorted(kinks, x)                  # which piece each grid point is on
    same = piece[1:] == piece[:-1]                     # both ends of a gap on one piece
    for k in np.unique(piece):
        inside = slope[same & (piece[:-1] == k)]
        if inside.size:
            assert np.ptp(inside) <= 1e-8 * max(1.0, np.max(np.abs(inside)))
    # and the breakpoints the explorer draws lie on the network's own curve
    assert np.allclose(result["output"], rn.forward(result["x"][:, None], result["weights"],
                                                    "relu")[0])


def test_relu_pieces_by_hand_and_a_switch_that_changes_nothing():
    # two hidden units switch at x = -1 and x = 0.5; the second one's output weight is 0
    weights = [np.array([[1.0, 2.0]]), np.array([1.0, -1.0]), np.array([[3.0], [0.0]]),
               np.array([0.5])]
    xs, output, kinks = rn.relu_pieces(weights)
    assert np.allclose(xs, [-3.0, -1.0, 0.5, 3.0])
    assert np.allclose(kinks, [-1.0])  # output = 3 * relu(x + 1) + 0.5: one kink only
    assert np.allclose(output, 3 * np.maximum(xs + 1, 0) + 0.5)


def test_one_layer_of_relus_has_at_most_one_kink_per_unit():
    for seed in range(15):
        for width in (1, 4, 8):
            assert rn.compute(depth=1, width=width, seed=seed)["pieces"] <= width + 1


def test_relu_regions_in_2d_count_distinct_on_off_patterns():
    result = rn.compute(activation="relu", depth=2, width=5, inputs="2-D", seed=3)
    _, _, weighted_inputs = rn.forward(rn.GRID_2D, result["weights"], "relu")
    patterns = {tuple(row) for row in np.hstack([z > 0 for z in weighted_inputs])}
    assert result["regions"] == len(patterns) > 1
    assert result["border"].shape == (len(rn._AXIS_2D),) * 2 and result["border"].any()


def test_a_dead_relu_network_is_reported_constant():
    flat = [rn.compute(depth=8, width=1, seed=seed) for seed in range(20)]
    dead = [r for r in flat if np.ptp(r["output"]) == 0]
    assert dead, "no seed gave a network with every path switched off"
    for result in dead:
        assert result["pieces"] == 1 and "switched off" in result["readout"]


def test_compute_rejects_bad_settings_by_name():
    with pytest.raises(ValueError, match="activation"):
        rn.compute(activation="swish")
    with pytest.raises(ValueError, match="width"):
        rn.compute(width=0)


# ---- the network diagram ----------------------------------------------------------------
def _diagram(sizes, weights=None, **options):
    ax = Figure().add_subplot()
    nn.plots.network_diagram(sizes, weights, ax=ax, **options)
    return ax


def test_network_diagram_draws_every_unit_and_every_weight():
    ax = _diagram([2, 3, 1])
    lines, units = ax.collections
    assert len(units.get_offsets()) == 6
    assert len(lines.get_segments()) == 2 * 3 + 3 * 1


def test_network_diagram_colours_and_sizes_lines_by_weight():
    W1 = np.array([[2.0, -2.0, 0.1]])
    W2 = np.array([[1.0], [-0.5], [0.0]])
    lines = _diagram([1, 3, 1], [W1, np.zeros(3), W2, np.zeros(1)]).collections[0]
    colours, widths = lines.get_colors(), lines.get_linewidths()
    positive, negative = to_rgb(nn.plots.palette.WEIGHT_POSITIVE), to_rgb(
        nn.plots.palette.WEIGHT_NEGATIVE)
    assert np.allclose(colours[0, :3], positive) and np.allclose(colours[1, :3], negative)
    assert widths[0] == widths[1] > widths[3] > widths[4] > widths[2]


def test_weight_colours_are_never_class_colours():
    palette = nn.plots.palette
    weight_ends = [to_rgb(palette.WEIGHT_POSITIVE), to_rgb(palette.WEIGHT_NEGATIVE)]
    for colour in palette.CLASS_COLOURS[:4]:
        for end in weight_ends:
            assert np.abs(np.subtract(to_rgb(colour), end)).sum() > 0.3


@pytest.mark.parametrize("width", [1, 8, 16, 17, 18, 24, 32])
def test_network_diagram_units_keep_a_gap_between_them_at_every_width(width):
    # at width 32 the rings touched and every layer read as one dark bar
    fig, _ = rn.EXPLORER.render({"width": width})
    diagram = fig.axes[0]
    units = diagram.collections[1]
    across = np.sqrt(units.get_sizes()[0]) + units.get_linewidths()[0]  # points, outline too
    pitch = diagram.bbox.height * 72 / fig.dpi / np.ptp(diagram.get_ylim())
    assert across <= 0.8 * pitch
    ring = to_rgb(units.get_facecolor()[0]) == (1.0, 1.0, 1.0)
    assert ring == (width <= 17)  # white rings while they fit, grey dots when they would touch


def test_network_diagram_of_a_small_network_draws_white_rings():
    units = _diagram([2, 3, 1]).collections[1]
    assert to_rgb(units.get_facecolor()[0]) == (1.0, 1.0, 1.0)
    assert units.get_linewidths()[0] == 1.0


def test_network_diagram_max_lines_keeps_the_largest_weights_of_every_layer():
    weights = rn.random_weights([1, 20, 20, 1], 1.5, seed=0)
    lines = _diagram([1, 20, 20, 1], weights, max_lines=50).collections[0]
    kept = len(lines.get_segments())
    assert kept <= 52
    assert kept >= 3  # every layer keeps at least one line


def test_network_diagram_rejects_weights_of_the_wrong_shape():
    with pytest.raises(ValueError, match="weights: expected matrix 0 to have shape \\(2, 3\\)"):
        _diagram([2, 3, 1], [np.zeros((3, 2)), np.zeros((3, 1))])
    with pytest.raises(ValueError, match="layer_sizes"):
        _diagram([4])
    with pytest.raises(ValueError, match="input_labels"):
        _diagram([2, 1], input_labels=["only one"])


# ---- the checkers -------------------------------------------------------------------------
def dense_forward(A_in, W, b, activation):
    return activation(A_in @ W + b)


def sequential(X, weights):
    A = X
    for i in range(0, len(weights), 2):
        A = nn.activations.sigmoid(A @ weights[i] + weights[i + 1])
    return A


def test_dense_checker_passes_the_solution(capsys):
    assert nn.exercises.check_dense_forward(dense_forward)
    assert "all 3 checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("mistake, named", [
    (lambda A_in, W, b, g: g(A_in @ W), "left out the bias"),
    (lambda A_in, W, b, g: g(A_in @ W) + b, "activation before adding the bias"),
    (lambda A_in, W, b, g: A_in @ W + b, "without applying the activation"),
    (lambda A_in, W, b, g: g(W.T @ A_in.T + b[:, None]), None),
])
def test_dense_checker_fails_typical_mistakes(mistake, named, capsys):
    assert not nn.exercises.check_dense_forward(mistake)
    out = capsys.readouterr().out
    assert "✗ my_dense_forward" in out
    if named:
        assert named in out


def test_dense_checker_names_the_shapes_when_a_product_does_not_fit(capsys):
    assert not nn.exercises.check_dense_forward(lambda A_in, W, b, g: g(W @ A_in + b))
    out = capsys.readouterr().out
    assert "A_in shape (1, 2), W shape (2, 3), b shape (3,)" in out
    assert "order of the factors" in out and "gufunc" not in out


def test_dense_checker_says_not_done_for_a_stub(capsys):
    def stub(A_in, W, b, activation):
        raise NotImplementedError

    assert not nn.exercises.check_dense_forward(stub)
    assert "not done yet" in capsys.readouterr().out


def test_sequential_checker_passes_the_solution():
    assert nn.exercises.check_sequential(sequential)


def _without_biases(X, weights):
    A = X
    for i in range(0, len(weights), 2):
        A = nn.activations.sigmoid(A @ weights[i])
    return A


def _linear_output(X, weights):
    A = X
    for i in range(0, len(weights), 2):
        Z = A @ weights[i] + weights[i + 1]
        A = Z if i == len(weights) - 2 else nn.activations.sigmoid(Z)
    return A


@pytest.mark.parametrize("mistake, named", [
    (_without_biases, "left out the biases"),
    (_linear_output, "output layer has no sigmoid"),
    (lambda X, weights: nn.activations.sigmoid(X @ weights[0] + weights[1]),
     "stopped after the first layer"),
])
def test_sequential_checker_fails_typical_mistakes(mistake, named, capsys):
    assert not nn.exercises.check_sequential(mistake)
    assert named in capsys.readouterr().out


def test_checkers_leave_the_shared_random_stream_alone():
    nn.set_random_seed(7)
    expected = nn._random.rng().random()
    nn.set_random_seed(7)
    nn.exercises.check_dense_forward(dense_forward)
    nn.exercises.check_sequential(sequential)
    assert nn._random.rng().random() == expected
