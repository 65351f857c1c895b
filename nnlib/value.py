"""A scalar that remembers how it was made, so gradients can flow back through it (lesson 05).

Every operation builds a new :class:`Value` from its inputs and states, in the same
line as its forward result, the local derivative of that result with respect to each
input. ``backward()`` then applies the chain rule from the output back to the leaves:
each node passes ``local derivative * its own grad`` on to its inputs. The picture of
the graph, ``nnlib.plots.draw_graph``, is drawn from the very same objects.

    >>> x, w, b = Value(2.0, 'x'), Value(-0.5, 'w'), Value(0.1, 'b')
    >>> out = (x * w + b).tanh()
    >>> out.backward()   # now w.grad == d out / d w == x * (1 - out ** 2)
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from numbers import Real


class Value:
    """One number in a computation, and the gradient of the final output with respect to it.

    ``data`` is the number (float); ``grad`` is d(root)/d(this node), filled in by
    ``backward`` and 0.0 until then; ``label`` names it in pictures; ``op`` is the
    operation that made it ('' for a leaf), ``children`` the Values it was made from and
    ``local_grads`` the local derivative d(this node)/d(child), one per child, in the
    same order (both empty for a leaf).
    """

    __array_ufunc__ = None  # numpy numbers defer to Value's operators: np.float64(2) * v works

    def __init__(self, data: float, label: str = "", _children: tuple[Value, ...] = (),
                 _op: str = "") -> None:
        if isinstance(data, bool) or not isinstance(data, Real):
            raise TypeError(f"data: expected a real number, got {type(data).__name__} {data!r}")
        if not isinstance(label, str):
            raise TypeError(f"label: expected a str, got {type(label).__name__} {label!r}")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.op = _op
        self.children = tuple(_children)
        self._local_grads: tuple[float, ...] = ()  # d(self)/d(child), one per child

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{label})"

    @property
    def local_grads(self) -> tuple[float, ...]:
        """d(self)/d(child) for each of ``children``, stored by the operation that made self."""
        return self._local_grads

    def _backward(self) -> None:
        """The chain rule, one step: each child gets d(self)/d(child) times self's grad."""
        for child, local_grad in zip(self.children, self._local_grads):
            child.grad += local_grad * self.grad  # += because a child may feed several nodes

    # Each operation: the forward result, then (input, d result / d input) for each input.
    def __add__(self, other: Value | float) -> Value:
        other = _as_value(other)
        return _node(self.data + other.data, "+", (self, 1.0), (other, 1.0))

    def __sub__(self, other: Value | float) -> Value:
        other = _as_value(other)
        return _node(self.data - other.data, "-", (self, 1.0), (other, -1.0))

    def __mul__(self, other: Value | float) -> Value:
        other = _as_value(other)
        return _node(self.data * other.data, "*", (self, other.data), (other, self.data))

    def __truediv__(self, other: Value | float) -> Value:
        other = _as_value(other)
        if other.data == 0:
            raise ZeroDivisionError(f"division by zero: {self!r} / {other!r}")
        return _node(self.data / other.data, "/",
                     (self, 1.0 / other.data), (other, -self.data / other.data ** 2))

    def __neg__(self) -> Value:
        return _node(-self.data, "neg", (self, -1.0))

    def __pow__(self, exponent: float) -> Value:
        if isinstance(exponent, Value):
            raise TypeError("exponent: expected a plain int or float, got a Value; Value ** Value "
                            "is not supported (write (b * a.log()).exp() for a ** b)")
        if isinstance(exponent, bool) or not isinstance(exponent, Real):
            raise TypeError(f"exponent: expected an int or float, got "
                            f"{type(exponent).__name__} {exponent!r}")
        try:
            result = math.pow(self.data, exponent)
        except (ValueError, OverflowError):
            raise ValueError(f"{self!r} ** {exponent!r} is not a finite real number") from None
        if exponent == 0:
            slope = 0.0
        elif self.data == 0 and exponent < 1:
            slope = math.inf  # a vertical tangent, as for x ** 0.5 at 0
        else:
            slope = exponent * math.pow(self.data, exponent - 1)
        return _node(result, f"**{exponent:g}", (self, slope))

    # A plain number on the left: 2 - v becomes Value(2) - v, so the graph shows it.
    def __radd__(self, other: float) -> Value:
        return _as_value(other) + self

    def __rsub__(self, other: float) -> Value:
        return _as_value(other) - self

    def __rmul__(self, other: float) -> Value:
        return _as_value(other) * self

    def __rtruediv__(self, other: float) -> Value:
        return _as_value(other) / self

    def exp(self) -> Value:
        if self.data > 709.78:
            raise OverflowError(f"exp of {self!r} overflows a float (limit about 709.78)")
        e = math.exp(self.data)
        return _node(e, "exp", (self, e))  # d e^x / dx = e^x

    def log(self) -> Value:
        if self.data <= 0:
            raise ValueError(f"log: expected a positive value, got {self!r}")
        return _node(math.log(self.data), "log", (self, 1.0 / self.data))

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        return _node(t, "tanh", (self, 1.0 - t * t))

    def sigmoid(self) -> Value:
        if self.data >= 0:
            s = 1.0 / (1.0 + math.exp(-self.data))
        else:  # e^x / (1 + e^x): the same number, without overflowing e^-x for very negative x
            e = math.exp(self.data)
            s = e / (1.0 + e)
        return _node(s, "sigmoid", (self, s * (1.0 - s)))

    def relu(self) -> Value:
        return _node(max(self.data, 0.0), "relu", (self, 1.0 if self.data > 0 else 0.0))

    def backward(self) -> None:
        """Fill each node's grad with d(self)/d(node), from self back to the leaves.

        Intermediate grads are recomputed on every call; leaf grads add up across calls,
        as in PyTorch, so call ``root.zero_grad()`` before each fresh pass.
        """
        order = topological_order(self)
        for node in order:
            if node.children:
                node.grad = 0.0
        self.grad = 1.0  # d(self)/d(self)
        for node in reversed(order):
            node._backward()

    def zero_grad(self) -> None:
        """Set the grad of every Value in this one's graph (itself included) to 0."""
        for node in topological_order(self):
            node.grad = 0.0


def _as_value(other: Value | float) -> Value:
    if isinstance(other, Value):
        return other
    if isinstance(other, bool) or not isinstance(other, Real):
        raise TypeError(f"other operand: expected a Value or a number, got "
                        f"{type(other).__name__} {other!r}")
    return Value(other)


def _node(data: float, op: str, *inputs: tuple[Value, float]) -> Value:
    """A new Value made by ``op`` from ``inputs``: pairs of (input, d data / d input)."""
    out = Value(data, _children=tuple(child for child, _ in inputs), _op=op)
    out._local_grads = tuple(local_grad for _, local_grad in inputs)
    return out


def topological_order(root: Value) -> list[Value]:
    """Every Value ``root`` depends on, each once, every node after its children (leaves first)."""
    if not isinstance(root, Value):
        raise TypeError(f"root: expected a Value, got {type(root).__name__} {root!r}")
    order: list[Value] = []
    seen: set[Value] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:  # a loop, not recursion, so long chains do not hit Python's recursion limit
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.children))
    return order


def zero_grad(root: Value) -> None:
    """Set the grad of every Value in ``root``'s graph to 0: ``root.zero_grad()``."""
    if not isinstance(root, Value):
        raise TypeError(f"root: expected a Value, got {type(root).__name__} {root!r}")
    root.zero_grad()


def backward_steps(root: Value) -> Iterator[Value]:
    """``root.backward()`` one node at a time, for stepping through it.

    Zeroes every grad, sets ``root.grad = 1``, then yields each node (root first) right
    after it has passed its grad on to its children; a yielded node's grad is final.
    """
    order = topological_order(root)
    zero_grad(root)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()
        yield node
