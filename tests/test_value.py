"""Tests for nnlib.value: the scalar autograd Value and its graph walks.

Gradients are checked against centred finite differences of the same expression
computed with plain floats (and against PyTorch's autograd when it is installed).
"""
from __future__ import annotations

import math
import warnings
from operator import methodcaller
from types import SimpleNamespace

import numpy as np
import pytest
from nnlib.value import Value, backward_steps, topological_order, zero_grad

UNARY = ("exp", "log", "tanh", "sigmoid", "relu")
# The same expression text runs on floats, on Values and on torch tensors.
FLOAT_OPS = SimpleNamespace(exp=math.exp, log=math.log, tanh=math.tanh,
                            sigmoid=lambda x: 1.0 / (1.0 + math.exp(-x)),
                            relu=lambda x: max(x, 0.0))
VALUE_OPS = SimpleNamespace(**{name: methodcaller(name) for name in UNARY})

CASES = {
    "add": (lambda m, a, b: a + b, (1.3, -0.4)),
    "sub": (lambda m, a, b: a - b, (1.3, -0.4)),
    "mul": (lambda m, a, b: a * b, (1.3, -0.4)),
    "div": (lambda m, a, b: a / b, (1.3, -0.4)),
    "neg": (lambda m, a: -a, (0.7,)),
    "pow_cube_of_negative": (lambda m, a: a ** 3, (-1.3,)),
    "pow_negative_exponent": (lambda m, a: a ** -2, (0.9,)),
    "pow_fractional": (lambda m, a: a ** 0.5, (2.2,)),
    "pow_negative_fractional": (lambda m, a: a ** -1.5, (0.7,)),
    "exp": (lambda m, a: m.exp(a), (0.4,)),
    "log": (lambda m, a: m.log(a), (0.8,)),
    "tanh": (lambda m, a: m.tanh(a), (-0.6,)),
    "sigmoid": (lambda m, a: m.sigmoid(a), (-0.9,)),
    "relu_positive": (lambda m, a: m.relu(a), (0.6,)),
    "relu_negative": (lambda m, a: m.relu(a), (-0.6,)),
    "number_left_add": (lambda m, a: 3 + a, (0.4,)),
    "number_left_sub": (lambda m, a: 2 - a, (0.4,)),
    "number_left_mul": (lambda m, a: 2.5 * a, (0.4,)),
    "number_left_div": (lambda m, a: 1 / a, (0.4,)),
    "numbers_right": (lambda m, a: (a - 2) / 4 * 3 + 1, (0.4,)),
    "reused_add": (lambda m, a: a + a, (0.4,)),
    "reused_mul": (lambda m, a: a * a, (-0.4,)),
    "reused_deep": (lambda m, a, b: (a * b + a) * m.tanh(a), (0.7, -1.1)),
    "neuron": (lambda m, x1, w1, x2, w2, b: m.tanh(x1 * w1 + x2 * w2 + b),
               (0.5, -1.2, -1.5, 0.8, 0.3)),
    "composite": (lambda m, a, b, c: m.sigmoid(m.exp(a * b) - m.log(c) / (a - c) ** 2),
                  (0.3, -0.8, 1.7)),
    "squared_error_of_relu_unit": (lambda m, x, w, b, y: (m.relu(x * w + b) - y) ** 2 / 2,
                                   (1.5, 0.9, -0.2, 0.4)),
}


def build(expression, inputs):
    """The expression on fresh leaf Values named x0, x1, ...; returns (output, leaves)."""
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(inputs)]
    return expression(VALUE_OPS, *leaves), leaves


def finite_difference(expression, inputs, i, h=1e-6):
    """Centred difference of the float expression with respect to input i."""
    up, down = list(inputs), list(inputs)
    up[i] += h
    down[i] -= h
    return (expression(FLOAT_OPS, *up) - expression(FLOAT_OPS, *down)) / (2 * h)


def neuron():
    """tanh(x1*w1 + x2*w2 + b) with every node labelled."""
    x1, w1 = Value(2.0, "x1"), Value(-3.0, "w1")
    x2, w2 = Value(0.0, "x2"), Value(1.0, "w2")
    b = Value(6.8813735870195432, "b")
    x1w1, x2w2 = x1 * w1, x2 * w2
    x1w1.label, x2w2.label = "x1*w1", "x2*w2"
    weighted_sum = x1w1 + x2w2
    weighted_sum.label = "x1*w1 + x2*w2"
    n = weighted_sum + b
    n.label = "n"
    out = n.tanh()
    out.label = "out"
    return out


@pytest.mark.parametrize("name", CASES)
def test_forward_value_matches_float_arithmetic(name):
    expression, inputs = CASES[name]
    out, _ = build(expression, inputs)
    assert isinstance(out, Value)
    assert out.data == pytest.approx(expression(FLOAT_OPS, *inputs), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("name", CASES)
def test_gradients_match_centred_finite_differences(name):
    expression, inputs = CASES[name]
    out, leaves = build(expression, inputs)
    out.backward()
    for i, leaf in enumerate(leaves):
        expected = finite_difference(expression, inputs, i)
        assert leaf.grad == pytest.approx(expected, rel=1e-5, abs=1e-7), f"input {i}"


@pytest.mark.parametrize("name", CASES)
def test_values_and_gradients_match_torch_autograd(name):
    torch = pytest.importorskip("torch")
    torch_ops = SimpleNamespace(exp=torch.exp, log=torch.log, tanh=torch.tanh,
                                sigmoid=torch.sigmoid, relu=torch.relu)
    expression, inputs = CASES[name]
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    torch_out = expression(torch_ops, *tensors)
    torch_out.backward()
    out, leaves = build(expression, inputs)
    out.backward()
    assert out.data == pytest.approx(torch_out.item(), rel=1e-12, abs=1e-15)
    for leaf, tensor in zip(leaves, tensors):
        assert leaf.grad == pytest.approx(tensor.grad.item(), rel=1e-10, abs=1e-14)


def test_neuron_gradients_follow_the_chain_rule_by_hand():
    out = neuron()
    out.backward()
    nodes = {node.label: node for node in topological_order(out)}
    local = 1 - out.data ** 2  # d tanh(n) / dn
    assert nodes["n"].grad == pytest.approx(local)
    assert nodes["b"].grad == pytest.approx(local)
    assert nodes["w1"].grad == pytest.approx(local * nodes["x1"].data)
    assert nodes["x1"].grad == pytest.approx(local * nodes["w1"].data)


def test_value_starts_with_zero_grad_and_records_how_it_was_made():
    a, b = Value(2, label="a"), Value(-1.5)
    product = a * b
    assert (a.data, a.grad, a.label, a.op, a.children) == (2.0, 0.0, "a", "", ())
    assert isinstance(a.data, float)
    assert product.op == "*" and product.children == (a, b)
    assert (a ** 2).op == "**2" and a.tanh().op == "tanh"


def test_numpy_number_on_the_left_gives_a_value():
    a = Value(3.0)
    out = np.float64(2.0) * a
    assert isinstance(out, Value) and out.data == 6.0
    out.backward()
    assert a.grad == 2.0


def test_backward_twice_adds_up_leaf_grads_but_recomputes_the_rest():
    out = neuron()
    out.backward()
    first = {node.label: node.grad for node in topological_order(out)}
    out.backward()
    for node in topological_order(out):
        factor = 1 if node.children else 2
        assert node.grad == pytest.approx(factor * first[node.label])


# Each operation alone, on leaves: (the operation on Values, the leaves' numbers).
OPERATIONS = {
    "add": (lambda a, b: a + b, (1.3, -0.4)),
    "sub": (lambda a, b: a - b, (1.3, -0.4)),
    "mul": (lambda a, b: a * b, (1.3, -0.4)),
    "div": (lambda a, b: a / b, (1.3, -0.4)),
    "neg": (lambda a: -a, (0.7,)),
    "pow_square": (lambda a: a ** 2, (-0.8,)),
    "pow_cube_of_negative": (lambda a: a ** 3, (-1.3,)),
    "pow_negative_fractional": (lambda a: a ** -1.5, (0.7,)),
    "pow_zero": (lambda a: a ** 0, (0.7,)),
    "exp": (lambda a: a.exp(), (0.4,)),
    "log": (lambda a: a.log(), (0.8,)),
    "tanh": (lambda a: a.tanh(), (-0.6,)),
    "sigmoid": (lambda a: a.sigmoid(), (-0.9,)),
    "relu_positive": (lambda a: a.relu(), (0.6,)),
    "relu_negative": (lambda a: a.relu(), (-0.6,)),
}


@pytest.mark.parametrize("name", OPERATIONS)
def test_each_operation_stores_its_local_derivatives_as_finite_differences_give_them(name):
    operation, inputs = OPERATIONS[name]
    leaves = [Value(x) for x in inputs]
    out = operation(*leaves)
    assert out.children == tuple(leaves)
    assert len(out.local_grads) == len(leaves)
    h = 1e-6
    for i, x in enumerate(inputs):
        up = [Value(x + h if j == i else other) for j, other in enumerate(inputs)]
        down = [Value(x - h if j == i else other) for j, other in enumerate(inputs)]
        expected = (operation(*up).data - operation(*down).data) / (2 * h)
        assert out.local_grads[i] == pytest.approx(expected, rel=1e-6, abs=1e-8), f"input {i}"


def test_a_leaf_stores_no_local_derivatives():
    assert Value(2.0).local_grads == () and Value(2.0).children == ()


def test_backward_multiplies_the_stored_local_derivatives_along_the_path():
    x, w = Value(0.8, "x"), Value(-1.1, "w")
    product = x * w
    out = product.tanh()
    out.backward()
    assert x.grad == out.local_grads[0] * product.local_grads[0]
    assert w.grad == out.local_grads[0] * product.local_grads[1]


def test_zero_grad_method_zeroes_every_node_so_the_next_backward_starts_afresh():
    out = neuron()
    out.backward()
    once = {node.label: node.grad for node in topological_order(out)}
    out.backward()  # accumulates into the leaves, as PyTorch does
    assert topological_order(out)[0].grad == pytest.approx(2 * once["x1"])
    out.zero_grad()
    assert all(node.grad == 0.0 for node in topological_order(out))
    out.backward()
    assert {node.label: node.grad for node in topological_order(out)} == pytest.approx(once)


def test_zero_grad_resets_every_grad_in_the_graph():
    out = neuron()
    out.backward()
    assert any(node.grad != 0 for node in topological_order(out))
    zero_grad(out)
    assert all(node.grad == 0.0 for node in topological_order(out))


def test_topological_order_lists_each_node_once_after_its_children():
    a = Value(1.5, "a")
    out = ((a * a + a).exp() - a) / 3
    order = topological_order(out)
    assert order[-1] is out and order[0] is a
    assert len({id(node) for node in order}) == len(order) == 7  # a, a*a, +, exp, -, 3, /
    position = {id(node): i for i, node in enumerate(order)}
    for node in order:
        assert all(position[id(child)] < position[id(node)] for child in node.children)


def test_backward_handles_long_chains_without_hitting_the_recursion_limit():
    x = Value(1.0, "x")
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    assert x.grad == pytest.approx(1.0001 ** 5000, rel=1e-9)


def test_backward_steps_yields_every_node_once_root_first():
    out = neuron()
    steps = list(backward_steps(out))
    order = topological_order(out)
    assert steps[0] is out
    assert len(steps) == len(order)
    assert {id(node) for node in steps} == {id(node) for node in order}


def test_backward_steps_ends_with_the_same_grads_as_backward():
    out = neuron()
    out.backward()
    expected = {node.label: node.grad for node in topological_order(out)}
    for node in topological_order(out):
        node.grad = 7.0  # stale grads from an earlier pass must not leak in
    for _ in backward_steps(out):
        pass
    assert {node.label: node.grad for node in topological_order(out)} == pytest.approx(expected)


def test_each_node_yielded_by_backward_steps_already_has_its_final_grad():
    out = neuron()
    seen = [(node, node.grad) for node in backward_steps(out)]
    assert all(node.grad == grad for node, grad in seen)


def test_backward_steps_passes_the_root_grad_to_its_children_one_step_at_a_time():
    out = neuron()
    steps = backward_steps(out)
    assert next(steps) is out
    n = out.children[0]
    assert out.grad == 1.0
    assert n.grad == pytest.approx(1 - out.data ** 2)
    assert all(child.grad == 0.0 for child in n.children)  # n has not run its step yet
    assert next(steps) is n
    assert all(child.grad == pytest.approx(n.grad) for child in n.children)


def test_value_power_value_raises_type_error():
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(TypeError, match=r"\*\*"):
        2 ** Value(3.0)
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** "3"


@pytest.mark.parametrize("data", [0.0, -2.0])
def test_log_of_a_non_positive_value_raises_value_error_naming_it(data):
    with pytest.raises(ValueError, match=rf"log.*data={data:.6g}"):
        Value(data, "x").log()


def test_other_bad_input_gets_clear_errors():
    with pytest.raises(ValueError, match=r"\*\* 0.5"):
        Value(-8.0) ** 0.5
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        Value(1.0) / 0
    with pytest.raises(OverflowError, match="exp"):
        Value(1000.0).exp()
    with pytest.raises(TypeError, match="data"):
        Value("3")
    with pytest.raises(TypeError, match="Value or a number"):
        Value(1.0) + "a"
    with pytest.raises(TypeError, match="root"):
        topological_order(3.0)


def test_sigmoid_is_finite_and_warning_free_at_large_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for x, expected in [(1e4, 1.0), (-1e4, 0.0)]:
            leaf = Value(x)
            out = leaf.sigmoid()
            out.backward()
            assert out.data == expected
            assert math.isfinite(leaf.grad) and leaf.grad == 0.0
        moderate = Value(-30.0).sigmoid().data
        assert moderate == pytest.approx(math.exp(-30) / (1 + math.exp(-30)), rel=1e-12)
