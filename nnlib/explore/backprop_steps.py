"""Lesson 05 explorer: a backward pass on a small graph, one node at a time.

Step 0 is the forward pass alone: every node holds its value and a grad of 0. Step 1
sets the output's grad to 1; each later step finishes one more node's gradient, in the
order ``nnlib.value.backward_steps`` visits them, and the readout shows the chain rule
that produced it: the node's local derivative times the gradient of each node it feeds.
The local derivatives are the ones each operation stored on its output (``local_grads``).
"""
from __future__ import annotations

from typing import Callable

from ..plots.lesson05_backprop_steps import plot
from ..value import Value, backward_steps, topological_order
from ._core import Control, Explorer, register

WEIGHT, BIAS, TARGET = -0.8, 0.3, 1.0  # fixed leaves; the input x follows the slider
SECOND_INPUT, SECOND_WEIGHT = 0.5, 1.2


def _named(value: Value, label: str) -> Value:
    value.label = label
    return value


def _neuron(x: float) -> Value:
    x, w, b = Value(x, "x"), Value(WEIGHT, "w"), Value(BIAS, "b")
    return _named(_named(_named(x * w, "xw") + b, "z").tanh(), "L")


def _squared_error(x: float) -> Value:
    x, w, b, y = Value(x, "x"), Value(WEIGHT, "w"), Value(BIAS, "b"), Value(TARGET, "y")
    prediction = _named(_named(x * w, "xw") + b, "p")
    return _named(_named(prediction - y, "e") ** 2, "L")


def _two_inputs(x: float) -> Value:
    x1, w1, b = Value(x, "x1"), Value(WEIGHT, "w1"), Value(BIAS, "b")
    x2, w2 = Value(SECOND_INPUT, "x2"), Value(SECOND_WEIGHT, "w2")
    weighted_sum = _named(_named(x1 * w1, "x1w1") + _named(x2 * w2, "x2w2"), "s")
    return _named(_named(weighted_sum + b, "z").tanh(), "L")


def _used_twice(x: float) -> Value:
    x, w = Value(x, "x"), Value(WEIGHT, "w")
    return _named(_named(x * w, "xw") + _named(x.tanh(), "h"), "L")


EXPRESSIONS: dict[str, Callable[[float], Value]] = {
    "L = tanh(x·w + b)": _neuron,
    "L = (x·w + b − y)²": _squared_error,
    "L = tanh(x1·w1 + x2·w2 + b)": _two_inputs,
    "L = x·w + tanh(x)   (x used twice)": _used_twice,
}
MAX_STEPS = max(len(topological_order(build(1.0))) for build in EXPRESSIONS.values())


def _name(node: Value) -> str:
    """How a formula writes a node: its label, or its number when it has none."""
    return node.label or _number(node.data)


# d user / d input, written with the nodes' names: (user, the input's position) -> formula.
# The numbers never come from here but from what each operation stored (``local_grads``).
_FORMULAS: dict[str, Callable[[Value, int], str]] = {
    "+": lambda user, index: "1",
    "-": lambda user, index: "1" if index == 0 else "−1",
    "neg": lambda user, index: "−1",
    "*": lambda user, index: _name(user.children[1 - index]),
    "/": lambda user, index: (f"1/{_name(user.children[1])}" if index == 0 else
                              f"−{_name(user.children[0])}/{_name(user.children[1])}²"),
    "exp": lambda user, index: _name(user),  # d e^x / dx = e^x, the node itself
    "log": lambda user, index: f"1/{_name(user.children[0])}",
    "tanh": lambda user, index: f"(1 − {_name(user)}²)",
    "sigmoid": lambda user, index: f"{_name(user)}·(1 − {_name(user)})",
    "relu": lambda user, index: "1" if user.local_grads[index] > 0 else "0",
}


def _power_formula(user: Value) -> str:
    power, base = float(user.op[2:]), _name(user.children[0])
    if power == 2:
        return f"2·{base}"
    return f"{power:g}·{base}^{power - 1:g}"


def local_derivative(user: Value, index: int) -> tuple[str, float]:
    """d user / d (its input number ``index``): a formula in the nodes' labels, and the
    number the operation stored for it (``user.local_grads[index]``)."""
    local = user.local_grads[index]
    if user.op in _FORMULAS:
        return _FORMULAS[user.op](user, index), local
    if user.op.startswith("**"):
        return _power_formula(user), local
    return _number(local), local  # an operation without a formula: its number alone


def gradient_formula(node: Value, users: list[tuple[Value, int]]) -> tuple[str, str, float]:
    """The chain rule for ``node``: (formula, the same with numbers, the sum).

    ``users`` lists (node it feeds, input position there); the gradient is
    sum over users of local derivative x the user's gradient.
    """
    symbols, numbers, total = [], [], 0.0
    for user, index in users:
        symbol, local = local_derivative(user, index)
        upstream = f"∂L/∂{_name(user)}"
        symbols.append(upstream if symbol == "1" else f"{symbol} · {upstream}")
        numbers.append(_number(user.grad) if symbol == "1"
                       else f"{_number(local)} × {_number(user.grad)}")
        total += local * user.grad
    return " + ".join(symbols), " + ".join(numbers), total


def _number(value: float) -> str:
    """A number for a formula: 3 significant digits, in brackets when negative."""
    text = f"{value:.3g}"
    return f"({text})" if value < 0 else text


def compute(expression: str = "L = tanh(x·w + b)", x: float = 1.5, step: int = 5) -> dict:
    """The graph of ``expression`` at input ``x``, with the first ``step`` gradients known
    (see :func:`backward_pass`)."""
    return backward_pass(EXPRESSIONS[expression](x), step)


def backward_pass(root: Value, step: int) -> dict:
    """The graph of ``root``, any expression of Values, with the first ``step`` gradients known.

    Returns the root, the nodes in the order their gradients are finished (``visited``),
    the node finished at this step (``current``, None at step 0) and the chain-rule readout.
    """
    visited = list(backward_steps(root))  # each yielded node's grad is final when yielded
    final = {node: node.grad for node in visited}
    users: dict[Value, list[tuple[Value, int]]] = {node: [] for node in visited}
    for node in visited:
        for index, child in enumerate(node.children):
            users[child].append((node, index))
    total = len(visited)
    shown = min(step, total)
    for position, node in enumerate(visited):  # the picture: grads not reached yet are 0
        node.grad = final[node] if position < shown else 0.0
    current = visited[shown - 1] if shown else None
    prefix = f"step {shown}/{total}: "
    if current is None:
        formula = (f"forward pass done, {_name(root)} = {root.data:.3g}; every grad starts at 0")
    elif current is root:
        formula = "∂L/∂L = 1 (the output's gradient with respect to itself)"
    else:
        symbols, numbers, value = gradient_formula(current, users[current])
        formula = f"∂L/∂{_name(current)} = {symbols} = "
        if numbers.strip("()") != f"{value:.3g}":  # a lone upstream grad needs no arithmetic
            formula += f"{numbers} = "
        formula += f"{value:.3g}"
    done = "  (backward pass complete)" if shown == total and step >= total else ""
    return {"root": root, "visited": visited, "current": current, "users": users,
            "step": shown, "n_steps": total, "formula": formula, "final_grads": final,
            "readout": prefix + formula + done}


EXPLORER = register(Explorer(
    name="backprop_steps",
    title="Backpropagation, one node at a time",
    controls=[
        Control("expression", "choice", "L = tanh(x·w + b)", options=tuple(EXPRESSIONS)),
        Control("x", "float", 1.5, low=-3.0, high=3.0, step=0.1, label="input x",
                continuous_update=False),
        Control("step", "int", 5, low=0, high=MAX_STEPS, label="step"),
    ],
    compute=compute,
    plot=plot,
    figsize=(10.0, 2.4),
    lesson="05_backpropagation",
    description="Step through the backward pass: each step finishes one node's gradient "
                "by the chain rule.",
))
