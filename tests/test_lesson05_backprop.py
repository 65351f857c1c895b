"""Lesson 05 (backpropagation): the step explorer's chain rule, the moons trainer, and the
Dense-backward exercise checker, each against an independent oracle."""
from __future__ import annotations

import numpy as np
import pytest

from nnlib import activations
from nnlib.exercises import check_dense_backward, check_tanh_dense_backward
from nnlib.exercises.backprop import (TANH_BACKWARD_MISTAKES, dense_backward_numerical,
                                      dense_backward_reference)
from nnlib.explore import REGISTRY
from nnlib.explore import backprop_steps as steps
from nnlib.explore import train_moons as moons
from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.value import Value

EXPRESSIONS = list(steps.EXPRESSIONS)


def _all_nodes(root: Value) -> list[Value]:
    seen, stack = [], [root]
    while stack:
        node = stack.pop()
        if not any(node is s for s in seen):
            seen.append(node)
            stack.extend(node.children)
    return seen


# ---- backprop_steps ------------------------------------------------------------------------
@pytest.mark.parametrize("expression", EXPRESSIONS)
@pytest.mark.parametrize("x", [-2.3, -0.4, 0.7, 2.9])
def test_step_explorer_gradients_match_finite_differences(expression, x):
    result = steps.compute(expression=expression, x=x, step=steps.MAX_STEPS)
    build = steps.EXPRESSIONS[expression]
    by_label = {node.label: grad for node, grad in result["final_grads"].items()}
    h = 1e-6
    # perturb the slider's input through the builder, the fixed leaves through their data
    up, down = build(x + h).data, build(x - h).data
    first_input = "x1" if "x1" in by_label else "x"
    assert by_label[first_input] == pytest.approx((up - down) / (2 * h), rel=1e-6, abs=1e-8)
    root = build(x)
    for leaf in _all_nodes(root):
        if leaf.children or leaf.label == first_input:
            continue
        original = leaf.data
        leaf.data = original + h
        plus = _evaluate(root)
        leaf.data = original - h
        minus = _evaluate(root)
        leaf.data = original
        assert by_label[leaf.label] == pytest.approx((plus - minus) / (2 * h), rel=1e-6,
                                                     abs=1e-8), leaf.label


def _evaluate(node: Value) -> float:
    """Recompute a graph's value from its leaves' data (the ops the explorer uses)."""
    if not node.children:
        return node.data
    values = [_evaluate(child) for child in node.children]
    if node.op == "+":
        return values[0] + values[1]
    if node.op == "-":
        return values[0] - values[1]
    if node.op == "*":
        return values[0] * values[1]
    if node.op == "tanh":
        return float(np.tanh(values[0]))
    if node.op.startswith("**"):
        return values[0] ** float(node.op[2:])
    raise AssertionError(f"unexpected op {node.op}")


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_each_steps_formula_adds_up_to_the_gradient_backward_computed(expression):
    result = steps.compute(expression=expression, x=1.1, step=steps.MAX_STEPS)
    for node in result["visited"][1:]:
        _, _, total = steps.gradient_formula(node, result["users"][node])
        assert total == pytest.approx(result["final_grads"][node], rel=1e-12, abs=1e-15)


def test_nodes_are_finished_after_every_node_they_feed():
    for expression in EXPRESSIONS:
        visited = steps.compute(expression=expression)["visited"]
        position = {node: i for i, node in enumerate(visited)}
        for node in visited:
            for child in node.children:
                assert position[child] > position[node]


def test_step_zero_shows_the_forward_pass_with_every_grad_zero():
    result = steps.compute(step=0)
    assert result["current"] is None
    assert all(node.grad == 0.0 for node in result["visited"])
    assert "forward pass" in result["readout"]
    assert result["root"].data == pytest.approx(np.tanh(1.5 * steps.WEIGHT + steps.BIAS))


def test_step_k_shows_k_finished_gradients_and_highlights_the_kth():
    result = steps.compute(step=3)
    visited = result["visited"]
    assert result["current"] is visited[2]
    assert result["readout"].startswith(f"step 3/{len(visited)}")
    for node in visited[:3]:
        assert node.grad == result["final_grads"][node]
    assert all(node.grad == 0.0 for node in visited[3:])


def test_weight_step_readout_names_input_times_upstream_gradient():
    result = steps.compute(expression="L = tanh(x·w + b)", x=1.5, step=5)
    assert result["current"].label == "w"
    upstream = 1 - np.tanh(1.5 * steps.WEIGHT + steps.BIAS) ** 2
    assert f"∂L/∂w = x · ∂L/∂xw = 1.5 × {upstream:.3g} = {1.5 * upstream:.3g}" in result["readout"]


def test_a_node_used_twice_sums_one_term_per_path():
    result = steps.compute(expression="L = x·w + tanh(x)   (x used twice)", x=0.5,
                           step=steps.MAX_STEPS)
    x = result["visited"][-1]
    assert x.label == "x" and result["readout"].count("∂L/∂") == 3  # dL/dx = a·dL/dh + b·dL/dxw
    assert result["final_grads"][x] == pytest.approx(steps.WEIGHT + 1 - np.tanh(0.5) ** 2)


def test_steps_beyond_a_small_graph_stop_at_its_last_node():
    small = steps.compute(expression="L = tanh(x·w + b)", step=steps.MAX_STEPS)
    assert small["step"] == small["n_steps"] == 6
    assert "complete" in small["readout"]
    assert steps.MAX_STEPS == max(steps.compute(expression=e)["n_steps"] for e in EXPRESSIONS)


def _every_operation(a: float, b: float, c: float) -> Value:
    """An expression that uses every operation Value has, each node labelled but one
    number (the 2), so that formulas also write an unlabelled node."""
    a, b, c = Value(a, "a"), Value(b, "b"), Value(c, "c")

    def named(value: Value, label: str) -> Value:
        value.label = label
        return value

    growth = named(named(a * b, "ab").exp(), "g")
    ratio = named(named(c.log(), "l") / a, "r")
    gate = named(named(-b, "nb").sigmoid(), "s")
    square = named(named(growth + ratio, "t") - gate, "d") ** 2
    ramps = named(named(c - a, "u").relu(), "p") + named(named(a - c, "v").relu(), "q")
    return named(named(named(square, "d²") + ramps, "m") / 2 + b.tanh(), "L")


EVERY_OPERATION = (0.7, -0.4, 1.6)


def test_every_operation_appears_in_the_expression_for_the_step_explorer():
    ops = {node.op for node in _all_nodes(_every_operation(*EVERY_OPERATION))}
    assert ops >= {"+", "-", "*", "/", "neg", "**2", "exp", "log", "tanh", "sigmoid", "relu"}


def test_step_explorer_steps_through_every_operation_by_the_stored_local_derivatives():
    root = _every_operation(*EVERY_OPERATION)
    result = steps.backward_pass(root, len(_all_nodes(root)))
    assert "complete" in result["readout"]
    h = 1e-6
    by_label = {node.label: grad for node, grad in result["final_grads"].items()}
    for i, label in enumerate("abc"):
        up, down = list(EVERY_OPERATION), list(EVERY_OPERATION)
        up[i] += h
        down[i] -= h
        expected = (_every_operation(*up).data - _every_operation(*down).data) / (2 * h)
        assert by_label[label] == pytest.approx(expected, rel=1e-6, abs=1e-8), label
    for node in result["visited"][1:]:
        _, _, total = steps.gradient_formula(node, result["users"][node])
        assert total == pytest.approx(result["final_grads"][node], rel=1e-12, abs=1e-15)
    for step in range(result["n_steps"] + 1):  # every step has a readout, none raises
        readout = steps.backward_pass(_every_operation(*EVERY_OPERATION), step)["readout"]
        assert readout.startswith(f"step {step}/{result['n_steps']}")


@pytest.mark.parametrize("op, formula", [
    ("exp", "g"), ("log", "1/c"), ("sigmoid", "s·(1 − s)"), ("neg", "−1"), ("**2", "2·d")])
def test_local_derivative_writes_each_operation_in_the_nodes_names(op, formula):
    root = _every_operation(*EVERY_OPERATION)
    user = next(node for node in _all_nodes(root) if node.op == op)
    assert steps.local_derivative(user, 0) == (formula, user.local_grads[0])


def test_local_derivatives_of_a_division_and_of_relu():
    root = _every_operation(*EVERY_OPERATION)
    nodes = {node.label: node for node in _all_nodes(root)}
    assert steps.local_derivative(nodes["r"], 0)[0] == "1/a"
    assert steps.local_derivative(nodes["r"], 1)[0] == "−l/a²"
    assert steps.local_derivative(nodes["p"], 0) == ("1", 1.0)  # c - a > 0: passes the grad
    assert steps.local_derivative(nodes["q"], 0) == ("0", 0.0)  # a - c < 0: stops it
    halve = nodes["L"].children[0]  # m / 2: the 2 has no label, so its number stands in
    assert steps.local_derivative(halve, 0)[0] == "1/2"
    assert steps.local_derivative(halve, 1)[0] == "−m/2²"


# ---- train_moons ---------------------------------------------------------------------------
def test_default_training_bends_the_boundary_round_the_moons():
    result = REGISTRY["train_moons"].final()
    losses = result["losses"]
    assert result["accuracy"] >= 0.95
    assert losses[-1] < 0.25 * losses[0]
    assert result["diverged_at"] is None and result["progress"] == 1.0


def test_a_linear_hidden_layer_stays_a_straight_boundary():
    straight = REGISTRY["train_moons"].final(activation="linear")
    bent = REGISTRY["train_moons"].final(activation="tanh")
    assert straight["accuracy"] < 0.9 < bent["accuracy"]


def test_training_streams_progress_and_repeats_exactly():
    results = list(REGISTRY["train_moons"].results(epochs=200))
    progress = [r["progress"] for r in results]
    assert len(results) >= moons.FRAMES and progress == sorted(progress) and progress[-1] == 1.0
    again = REGISTRY["train_moons"].final(epochs=200)
    np.testing.assert_array_equal(results[-1]["losses"], again["losses"])


def test_a_too_large_learning_rate_reports_where_it_diverged():
    result = REGISTRY["train_moons"].final(activation="linear", learning_rate=30.0)
    k = result["diverged_at"]
    assert k is not None and f"diverged at epoch {k}" in result["readout"]
    assert np.all(np.isfinite(result["losses"][:k - 1]))
    assert np.all(np.isfinite(result["surface"]))


def test_the_moons_picture_reads_its_output_on_a_colour_bar_and_draws_the_loss_in_ink():
    from matplotlib.colors import to_rgb

    from nnlib.plots import palette

    explorer = REGISTRY["train_moons"]
    fig, _ = explorer.render({"epochs": 50})
    bars = [ax._colorbar for ax in fig.axes if hasattr(ax, "_colorbar")]
    assert len(bars) == 1
    bar = bars[0]
    assert "P(class 1)" in bar.ax.get_ylabel() and bar.extend == "neither"
    assert list(bar.get_ticks()) == [0, 0.25, 0.5, 0.75, 1.0]
    assert bar.mappable.cmap is palette.OUTPUT_CMAP
    loss_line = fig.axes[1].get_lines()[0]
    assert to_rgb(loss_line.get_color()) == to_rgb(palette.INK)
    # new data redraw the plane; the one colour bar stays, with its levels
    cache: dict = {}
    fig = explorer.new_figure()
    explorer.plot(fig, explorer.final(epochs=50), cache)
    explorer.plot(fig, explorer.final(epochs=50, noise=0.4), cache)
    bars = [ax._colorbar for ax in fig.axes if hasattr(ax, "_colorbar")]
    assert len(bars) == 1 and list(bars[0].get_ticks()) == [0, 0.25, 0.5, 0.75, 1.0]


def test_training_loop_gradients_match_finite_differences():
    model = moons.build_network(3, "tanh")
    X, y, _ = moons.moons_and_grid(0.15)
    targets = y[:20].reshape(-1, 1).astype(float)
    x = X[:20]

    def loss() -> float:
        return model.loss(targets, model.forward(x))

    logits = model.forward(x, training=True)
    model.backward(model.loss.gradient(targets, logits))
    for layer in model.layers:
        for key, param in layer.params.items():
            assert relative_error(layer.grads[key], numerical_gradient(loss, param)) < 1e-6


# ---- the exercise checker ------------------------------------------------------------------
def solution(x, W, b, grad_out):
    return x.T @ grad_out, grad_out.sum(axis=0), grad_out @ W.T


MISTAKES = {
    "transposed product x @ grad_out": lambda x, W, b, g: (x @ g, g.sum(axis=0), g @ W.T),
    "grad_out.T @ x (wrong shape)": lambda x, W, b, g: (g.T @ x, g.sum(axis=0), g @ W.T),
    "grad_b not summed over the batch": lambda x, W, b, g: (x.T @ g, g, g @ W.T),
    "grad_b averaged instead of summed": lambda x, W, b, g: (x.T @ g, g.mean(axis=0), g @ W.T),
    "W instead of W.T for grad_x": lambda x, W, b, g: (x.T @ g, g.sum(axis=0), g @ W),
    "x.T @ W for grad_x": lambda x, W, b, g: (x.T @ g, g.sum(axis=0), x @ W @ W.T),
    "gradients in the wrong order": lambda x, W, b, g: (g @ W.T, g.sum(axis=0), x.T @ g),
}


def test_checker_passes_the_solution(capsys):
    assert check_dense_backward(solution)
    assert "all 4 checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_checker_fails_a_typical_mistake(mistake, capsys):
    assert not check_dense_backward(MISTAKES[mistake])
    assert "✗" in capsys.readouterr().out


def test_checker_names_the_shape_when_grad_b_keeps_the_batch(capsys):
    check_dense_backward(MISTAKES["grad_b not summed over the batch"])
    out = capsys.readouterr().out
    assert "expected shape (3,) in item 1" in out and "Hint" in out


def test_checker_says_not_done_yet_to_an_untouched_stub(capsys):
    assert not check_dense_backward(lambda x, W, b, grad_out: None)
    assert "not done yet" in capsys.readouterr().out


@pytest.mark.parametrize("activation", [None, "tanh", "relu"])
def test_reference_dense_backward_matches_a_per_example_chain_rule(activation):
    rng = np.random.default_rng(3)
    x, W, b, grad_out = (rng.normal(size=s) for s in ((5, 3), (3, 4), (4,), (5, 4)))
    grad_W, grad_b, grad_x = dense_backward_reference(x, W, b, grad_out, activation)
    f = activations.get(activation)
    expected_W, expected_b = np.zeros_like(W), np.zeros_like(b)
    for i in range(len(x)):
        delta = grad_out[i] * f.derivative(x[i] @ W + b)
        expected_W += np.outer(x[i], delta)
        expected_b += delta
        np.testing.assert_allclose(grad_x[i], W @ delta, rtol=1e-12)
    np.testing.assert_allclose(grad_W, expected_W, rtol=1e-12)
    np.testing.assert_allclose(grad_b, expected_b, rtol=1e-12)


def test_the_two_oracles_of_the_checker_agree():
    rng = np.random.default_rng(8)
    args = tuple(rng.normal(size=s) for s in ((4, 3), (3, 2), (2,), (4, 2)))
    for exact, numerical in zip(dense_backward_reference(*args), dense_backward_numerical(*args)):
        np.testing.assert_allclose(exact, numerical, rtol=1e-7, atol=1e-9)


# ---- the checker names a transpose even when the shapes are square -----------------------
@pytest.mark.parametrize("mistake, expected", [
    (lambda x, W, b, g: (g.T @ x, g.sum(axis=0), g @ W.T), "grad_W is transposed"),
    (lambda x, W, b, g: (x.T @ g, g.sum(axis=0), g @ W), "grad_x uses W instead of W.T"),
    (lambda x, W, b, g: (g.T @ x, g.sum(axis=0), g @ W), "both transposed"),
    (lambda x, W, b, g: (x.T @ g, g.sum(axis=1), g @ W.T), "wrong axis"),
    (lambda x, W, b, g: (x.T @ g, g.mean(axis=0), g @ W.T), "mean over the batch"),
])
def test_dense_backward_checker_names_each_slip(mistake, expected, capsys):
    assert not check_dense_backward(mistake)
    out = capsys.readouterr().out
    assert "Hint: it looks like" in out and expected in out, out


def test_dense_backward_checker_passes_the_solution(capsys):
    assert check_dense_backward(lambda x, W, b, g: (x.T @ g, g.sum(axis=0), g @ W.T))
    assert "all 4 checks passed" in capsys.readouterr().out


# ---- exercise 2: a backward pass through a tanh ----------------------------------------------


def _tanh_solution(x, W, b, grad_out):
    a = np.tanh(x @ W + b)
    grad_z = grad_out * (1 - a ** 2)
    return x.T @ grad_z, grad_z.sum(axis=0), grad_z @ W.T


def test_tanh_checker_passes_the_solution(capsys):
    assert check_tanh_dense_backward(_tanh_solution)
    assert "all 3 checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("message, mistake", TANH_BACKWARD_MISTAKES,
                         ids=["no_tanh", "tanh_not_slope", "z_not_a", "grad_x_skips", "transposed"])
def test_tanh_checker_names_each_typical_mistake(message, mistake, capsys):
    assert not check_tanh_dense_backward(mistake)
    assert message.split(":")[0] in capsys.readouterr().out


def test_tanh_reference_matches_finite_differences_and_torch():
    rng = np.random.default_rng(11)
    x, W, b, grad_out = (rng.normal(size=s) for s in ((4, 3), (3, 2), (2,), (4, 2)))
    numerical = dense_backward_numerical(x, W, b, grad_out, activation="tanh")
    for exact, approx in zip(dense_backward_reference(x, W, b, grad_out, "tanh"), numerical):
        assert np.allclose(exact, approx, rtol=1e-6, atol=1e-8)
    torch = pytest.importorskip("torch")
    xt, Wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, W, b))
    torch.tanh(xt @ Wt + bt).backward(torch.tensor(grad_out))
    for mine, theirs in zip(_tanh_solution(x, W, b, grad_out), (Wt.grad, bt.grad, xt.grad)):
        assert np.allclose(mine, theirs.numpy())


def test_tanh_stub_is_told_not_done_yet(capsys):
    assert not check_tanh_dense_backward(lambda x, W, b, grad_out: None)
    assert "not done yet" in capsys.readouterr().out
