"""Lesson 01 explorer: one neuron, a = g(w1 x1 + w2 x2 + b), over the coffee-roasting plane.

Left: the neuron's output shaded over the (standardized) inputs, the labelled roasts and
the decision line, where the output crosses 0.5. Right: what the neuron does to each
roast: its weighted input z on the x axis, its output g(z) on the y axis. Class 0 is drawn
as a large hollow triangle and class 1 as a small filled circle, so two examples with the
same z (XOR's rows come in such pairs) both stay visible.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import activations, data, losses
from .._checks import one_of
from ..grids import plane_grid
from ..plots.palette import CLASS_COLOURS
from ..plots.surfaces import DecisionSurface
from ._core import Control, Explorer, register

ACTIVATIONS = ("sigmoid", "step", "linear", "tanh", "relu")
DATA_SETS = ("coffee roasts", "xor")
# the weighted input at which each activation's output crosses 0.5: the decision line
CROSSING = {"sigmoid": 0.0, "step": 0.0, "tanh": float(np.arctanh(0.5)), "relu": 0.5,
            "linear": 0.5}
RESOLUTION = 60
SLIDER_RANGE = 5.0  # w1, w2 and b each run over [-5, 5]
CLASS_NAMES = {"coffee roasts": ("under-roasted (0)", "good roast (1)"),
               "xor": ("x1 xor x2 = 0", "x1 xor x2 = 1")}
FEATURE_NAMES = {"coffee roasts": ("temperature (standardized)", "duration (standardized)"),
                 "xor": ("$x_1$ (standardized)", "$x_2$ (standardized)")}


@lru_cache(maxsize=None)
def lesson_data(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The standardized inputs X (n, 2) and labels y (n,) of 'coffee roasts' or 'xor'."""
    X, y = data.coffee_linear() if one_of(name, "data_set", DATA_SETS) == "coffee roasts" \
        else data.xor_table()
    return data.standardize(X)[0], y


@lru_cache(maxsize=None)
def grid_points() -> np.ndarray:
    """The (RESOLUTION**2, 2) points the surface is drawn at: the coffee data's box."""
    return plane_grid(lesson_data("coffee roasts")[0], RESOLUTION)[2]


@lru_cache(maxsize=None)
def best_line(name: str, points: int = 41) -> int:
    """The most examples of the data set any line w1 x1 + w2 x2 + b = 0 gets right, over a
    grid of ``points`` values per slider (w1, w2 and b in [-5, 5]), "1" on the side z >= 0."""
    X, y = lesson_data(name)
    values = np.linspace(-SLIDER_RANGE, SLIDER_RANGE, points)
    w1, w2 = (grid.ravel() for grid in np.meshgrid(values, values, indexing="ij"))
    weighted = X @ np.stack([w1, w2])  # (n, points**2): every example under every (w1, w2)
    best = 0
    for b in values:  # one bias at a time keeps the arrays small
        right = ((weighted + b >= 0) == (y[:, None] == 1)).sum(axis=0)
        best = max(best, int(right.max()))
    return best


def percent(count: int, total: int) -> str:
    """count / total as a percentage, rounded down: 199 of 200 is "99.5%", never "100%"."""
    value = int(1000 * count // total) / 10  # tenths, rounded down (in integers: exact)
    return f"{value:.0f}%" if value == int(value) else f"{value:.1f}%"


def neuron_output(X: np.ndarray, w: np.ndarray, b: float, activation: str) -> np.ndarray:
    """a = g(X @ w + b) for X (n, 2), w (2,): shape (n,)."""
    return activations.get(activation)(X @ w + b)


def compute(w1: float = 1.0, w2: float = 0.0, b: float = 0.0, activation: str = "sigmoid",
            data_set: str = "coffee roasts") -> dict:
    """The neuron's outputs on the data and on the plane, its loss and its accuracy."""
    activation = one_of(activation, "activation", ACTIVATIONS)
    X, y = lesson_data(data_set)
    w = np.array([w1, w2], dtype=float)
    weighted_input = X @ w + b
    output = activations.get(activation)(weighted_input)
    predicted = (output >= 0.5).astype(int)  # "good roast" when the output reaches 0.5
    correct = int(np.sum(predicted == y))
    if activation == "sigmoid":  # logistic regression's loss
        loss_name, loss = "log loss", losses.BinaryCrossentropy()(y, output)
    else:  # the output is not a probability: measure it with squared error
        loss_name, loss = "squared error", losses.MeanSquaredError()(y, output)
    readout = (f"{activation} neuron: accuracy {percent(correct, len(y))} ({correct} of "
               f"{len(y)} {'roasts' if data_set == 'coffee roasts' else 'rows'} right), "
               f"{loss_name} {loss:.3f}")
    best = best_line(data_set)
    if data_set == "xor":
        readout += f"; no slider setting gets more than {best} of {len(y)}"
    if w1 == 0 and w2 == 0:
        readout += "; with both weights 0 the output is the same everywhere"
    return {"X": X, "y": y, "w": w, "b": float(b), "activation": activation,
            "data_set": data_set, "weighted_input": weighted_input, "output": output,
            "grid_output": neuron_output(grid_points(), w, b, activation),
            "crossing": CROSSING[activation], "accuracy": correct / len(y), "loss": loss,
            "correct": correct, "best_correct": best, "readout": readout}


def decision_line(w: np.ndarray, b: float, crossing: float, box: tuple) -> np.ndarray:
    """Two points (2, 2) on the line w . x + b = crossing, spanning the box (x0, x1, y0, y1);
    empty (0, 2) when both weights are 0."""
    x0, x1, y0, y1 = box
    if abs(w[1]) >= abs(w[0]) and w[1] != 0:
        xs = np.array([x0, x1])
        return np.column_stack([xs, (crossing - b - w[0] * xs) / w[1]])
    if w[0] != 0:
        ys = np.array([y0, y1])
        return np.column_stack([(crossing - b - w[1] * ys) / w[0], ys])
    return np.empty((0, 2))


def _signed(value: float) -> str:
    """'+ 0.5' or '− 0.5': a term of a sum as a reader writes it."""
    return f"{'−' if value < 0 else '+'} {abs(value):.3g}"


def _output_limits(activation: str, reach: float) -> tuple[float, float]:
    if activation in ("sigmoid", "step"):
        return -0.08, 1.08
    if activation == "tanh":
        return -1.1, 1.1
    if activation == "relu":
        return -0.05 * reach, reach
    return -reach, reach


def plot(fig, result: dict, cache: dict) -> None:
    """The surface with the decision line and w (left); output against weighted input (right)."""
    if not cache:
        left, right = fig.subplots(1, 2, width_ratios=(1.2, 1))
        # fixed margins: the first frame's layout must also fit later, wider tick labels
        fig.set_layout_engine(None)
        fig.subplots_adjust(left=0.075, right=0.985, bottom=0.13, top=0.91, wspace=0.2)
        X, y = lesson_data("coffee roasts")
        cache["surface"] = DecisionSurface(left, X, y, resolution=RESOLUTION,
                                           boundary=False, colorbar_label="neuron output a",
                                           legend=None)
        cache["surface"].colorbar.set_ticks([0.0, 0.5, 1.0])
        for axis in (left.xaxis, left.yaxis, right.xaxis, right.yaxis):
            axis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))  # fewer labels: quicker
        cache["box"] = (*left.get_xlim(), *left.get_ylim())
        cache["line"], = left.plot([], [], color="k", lw=2)
        cache["arrow"] = left.annotate("w", xy=(0, 0), xytext=(0, 0), fontsize=11,
                                       arrowprops=dict(arrowstyle="<-", color="k", lw=1.5),
                                       annotation_clip=True, ha="center", va="center")
        cache["curve"], = right.plot([], [], color="0.3", lw=1.5, zorder=1)
        # class 0: a large hollow triangle; class 1: a small filled circle drawn over it
        cache["dots"] = [right.scatter([], [], s=70, marker="^", facecolors="none",
                                       edgecolors=CLASS_COLOURS[0], linewidths=1.6, zorder=3),
                         right.scatter([], [], s=20, marker="o", color=CLASS_COLOURS[1],
                                       edgecolors="k", linewidths=0.4, zorder=4)]
        right.axhline(0.5, color="k", lw=0.8, ls="--")
        cache["vline"] = right.axvline(0.0, color="k", lw=2)
        cache["legend"] = right.legend([*cache["dots"], cache["line"]],
                                       [*CLASS_NAMES["coffee roasts"], "decision: a = 0.5"],
                                       loc="upper left", fontsize=9, framealpha=0.9)
        right.set_xlabel("weighted input z = w·x + b")
        right.set_ylabel("output a = g(z)")
        cache["axes"] = (left, right)
        cache["data_set"] = None
    left, right = cache["axes"]
    surface: DecisionSurface = cache["surface"]
    if cache["data_set"] != result["data_set"]:
        surface.set_points(result["X"], result["y"])
        for text, name in zip(cache["legend"].get_texts(), CLASS_NAMES[result["data_set"]]):
            text.set_text(name)
        xlabel, ylabel = FEATURE_NAMES[result["data_set"]]
        left.set_xlabel(xlabel)
        left.set_ylabel(ylabel)
        cache["data_set"] = result["data_set"]
    surface.update(result["grid_output"])
    w, b, crossing = result["w"], result["b"], result["crossing"]
    line = decision_line(w, b, crossing, cache["box"])
    cache["line"].set_data(line[:, 0], line[:, 1])
    arrow = cache["arrow"]
    if line.size:  # w points from the line towards larger outputs, at right angles to it
        foot = (crossing - b) * w / (w @ w)  # the point of the line nearest the origin
        arrow.xy, arrow.xyann = tuple(foot), tuple(foot + 0.9 * w / np.sqrt(w @ w))
        arrow.set_visible(True)
    else:
        arrow.set_visible(False)
    left.set_title(f"a = {result['activation']}({w[0]:.3g}·x1 {_signed(w[1])}·x2 {_signed(b)})",
                   fontsize=10)
    z, y = result["weighted_input"], result["y"]
    reach = max(3.0, 1.05 * float(np.max(np.abs(z))))
    zs = np.linspace(-reach, reach, 301)
    cache["curve"].set_data(zs, activations.get(result["activation"])(zs))
    for label, dots in enumerate(cache["dots"]):
        dots.set_offsets(np.column_stack([z[y == label], result["output"][y == label]]))
    cache["vline"].set_xdata([crossing, crossing])
    right.set_xlim(-reach, reach)
    right.set_ylim(*_output_limits(result["activation"], reach))
    right.set_title(f"each example's z and a: accuracy "
                    f"{percent(result['correct'], len(y))}", fontsize=10)


EXPLORER = register(Explorer(
    name="neuron",
    title="One neuron: a = g(w1·x1 + w2·x2 + b)",
    controls=[
        Control("w1", "float", 1.0, low=-5.0, high=5.0, step=0.05, label="w1 (temperature)"),
        Control("w2", "float", 0.0, low=-5.0, high=5.0, step=0.05, label="w2 (duration)"),
        Control("b", "float", 0.0, low=-5.0, high=5.0, step=0.05, label="bias b"),
        Control("activation", "choice", "sigmoid", options=ACTIVATIONS),
        Control("data_set", "choice", "coffee roasts", options=DATA_SETS, label="data"),
    ],
    compute=compute,
    plot=plot,
    figsize=(9.2, 3.7),
    lesson="01_neuron",
    description="Move w1, w2 and b: the decision line turns and shifts; the activation "
                "shapes the output on either side of it.",
))
