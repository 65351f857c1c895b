"""Lesson 03 explorer: the function a random network computes, for any depth and width.

Every weight and bias is drawn from N(0, (weight_scale / sqrt(n_in))^2), where n_in is
the number of inputs of the unit; the hidden layers use the chosen activation and the
single output unit is linear, so the picture is the network's function itself.

With ReLU the function is made of straight pieces (flat facets in 2-D): between two
kinks every unit is either on or off, so the network is one linear function there.
A network with the linear activation stays a single straight line (a plane in 2-D),
however deep it is.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from .. import activations
from .._checks import number_in, one_of, positive_int
from ..plots import lesson03_random_network as drawing
from ._core import Control, Explorer, register

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
INPUTS = ("1-D", "2-D")
INPUT_RANGE = 3.0  # the inputs run over [-3, 3] (and the square [-3, 3]^2 in 2-D)
GRID_1D = np.linspace(-INPUT_RANGE, INPUT_RANGE, 2001)[:, None]              # (2001, 1)
_AXIS_2D = np.linspace(-INPUT_RANGE, INPUT_RANGE, 121)
GRID_2D = np.stack(np.meshgrid(_AXIS_2D, _AXIS_2D), axis=-1).reshape(-1, 2)  # (14641, 2)


def random_weights(layer_sizes: list[int], weight_scale: float = 1.0,
                   seed: int = 0) -> list[np.ndarray]:
    """[W1, b1, W2, b2, ...] for these layer sizes (inputs first), the order of
    ``Sequential.get_weights``: W of shape (n_in, n_out), b of shape (n_out,), each entry
    drawn from N(0, (weight_scale / sqrt(n_in))^2)."""
    rng = np.random.default_rng(seed)
    weights = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = weight_scale / np.sqrt(n_in)
        weights += [rng.normal(0.0, std, size=(n_in, n_out)), rng.normal(0.0, std, size=n_out)]
    return weights


def forward(x: np.ndarray, weights: list[np.ndarray], activation: str,
            with_slope: bool = True) -> tuple[np.ndarray, np.ndarray | None, list[np.ndarray]]:
    """The forward pass in matrix form, with the slope carried along.

    x: (n, d) inputs. Returns the output (n,), its gradient with respect to the input
    (n, d) (None unless ``with_slope``), and each hidden layer's weighted input z,
    (n, units). The last layer is linear.
    """
    f = activations.get(activation)
    n_layers = len(weights) // 2
    if n_layers < 1:
        raise ValueError("weights: expected at least one (W, b) pair")
    n, d = x.shape
    # the slope along input k starts as the unit vector e_k; it rides along below the
    # activations, so one matrix product per layer moves both
    a = x
    slope = np.repeat(np.eye(d), n, axis=0) if with_slope else np.empty((0, d))  # (d * n, d)
    weighted_inputs = []
    for layer in range(n_layers):
        W, b = weights[2 * layer], weights[2 * layer + 1]
        both = np.concatenate([a, slope]) @ W
        z, slope = both[:n] + b, both[n:]
        if layer == n_layers - 1:  # the output unit is linear
            slope = slope[:, 0].reshape(d, n).T if with_slope else None
            return z[:, 0], slope, weighted_inputs
        weighted_inputs.append(z)
        a = f(z)
        if with_slope:
            slope = slope * np.tile(f.derivative(z), (d, 1))  # the chain rule: times f'(z)
    raise AssertionError("unreachable")


def relu_pieces(weights: list[np.ndarray], low: float = -INPUT_RANGE,
                high: float = INPUT_RANGE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The exact linear pieces of a 1-D ReLU network over [low, high].

    Between two inputs where no hidden unit switches, every weighted input is a straight
    line in x; a unit whose z changes sign between them switches exactly where that line
    crosses 0. Going layer by layer finds every switch. Returns the breakpoints xs (k,),
    sorted and including both ends, the output there (k,), and the kinks (the breakpoints
    where the slope really changes; a unit may switch without changing the output).
    """
    xs = np.array([low, high], dtype=float)
    for layer in range(len(weights) // 2 - 1):
        z = forward(xs[:, None], weights, "relu", with_slope=False)[2][layer]  # (k, units)
        i, j = np.nonzero(z[:-1] * z[1:] < 0)       # unit j switches between xs[i], xs[i+1]
        crossing = xs[i] + (xs[i + 1] - xs[i]) * z[i, j] / (z[i, j] - z[i + 1, j])
        xs = np.unique(np.concatenate([xs, crossing]))
    output = forward(xs[:, None], weights, "relu", with_slope=False)[0]
    # each stretch's slope, exact: from the chain rule at its middle, not from differences
    slopes = forward(((xs[:-1] + xs[1:]) / 2)[:, None], weights, "relu")[1][:, 0]
    scale = max(float(np.max(np.abs(slopes))), 1e-12)
    changes = np.abs(np.diff(slopes)) > 1e-9 * scale
    return xs, output, xs[1:-1][changes]


def count_regions(weighted_inputs: list[np.ndarray]) -> tuple[int, np.ndarray]:
    """The number of distinct on/off patterns of the hidden ReLUs over the 2-D grid, and a
    boolean (121, 121) image that is True where the pattern changes (region borders)."""
    pattern = np.concatenate([z > 0 for z in weighted_inputs], axis=1)  # (n, hidden units)
    packed = np.packbits(pattern, axis=1)
    n_regions = len(np.unique(packed.view(np.dtype((np.void, packed.shape[1]))).ravel()))
    side = len(_AXIS_2D)
    image = packed.reshape(side, side, -1)
    border = np.zeros((side, side), dtype=bool)
    border[:, 1:] |= np.any(image[:, 1:] != image[:, :-1], axis=-1)
    border[1:, :] |= np.any(image[1:, :] != image[:-1, :], axis=-1)
    return n_regions, border


def _term(value: float) -> str:
    """'+ 0.5' or '- 0.5': a term of a sum as a reader writes it."""
    return f"{'-' if value < 0 else '+'} {abs(value):.3g}"


def _turning_points(output: np.ndarray) -> int:
    step = np.diff(output)
    scale = max(float(np.max(np.abs(step))), 1e-300)
    signs = np.sign(np.where(np.abs(step) > 1e-9 * scale, step, 0.0))
    signs = signs[signs != 0]
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def compute(activation: str = "relu", depth: int = 3, width: int = 8,
            weight_scale: float = 1.5, inputs: str = "1-D", seed: int = 2) -> dict:
    """Draw a network with ``depth`` hidden layers of ``width`` units and evaluate it on a
    grid over [-3, 3] (1-D) or [-3, 3]^2 (2-D)."""
    activation = one_of(activation, "activation", ACTIVATIONS)
    depth, width = positive_int(depth, "depth"), positive_int(width, "width")
    weight_scale = number_in(weight_scale, "weight_scale", 0.0, 100.0, include_low=False)
    n_inputs = 1 if one_of(inputs, "inputs", [i.lower() for i in INPUTS]) == "1-d" else 2
    layer_sizes = [n_inputs] + [width] * depth + [1]
    weights = random_weights(layer_sizes, weight_scale, seed)
    grid = GRID_1D if n_inputs == 1 else GRID_2D
    output, slope, weighted_inputs = forward(grid, weights, activation,
                                             with_slope=n_inputs == 1 and activation != "relu")
    result = {"layer_sizes": layer_sizes, "weights": weights, "activation": activation,
              "n_inputs": n_inputs, "x": grid[:, 0], "output": output,
              "kinks": np.empty(0), "kink_outputs": np.empty(0)}
    shape = (f"{depth} hidden layer{'s' if depth > 1 else ''} × {width} "
             f"unit{'s' if width > 1 else ''}")
    flat = float(np.ptp(output)) < 1e-9 * max(1.0, float(np.max(np.abs(output))))
    if n_inputs == 1:
        if activation == "relu":  # exact: the curve is drawn through its breakpoints
            result["x"], result["output"], kinks = relu_pieces(weights)
            result.update(kinks=kinks, pieces=len(kinks) + 1,
                          kink_outputs=forward(kinks[:, None], weights, "relu")[0])
        if activation == "linear":
            readout = (f"linear: still a straight line, y = {slope[0, 0]:.3g} x "
                       f"{_term(output[len(output) // 2])}, with {shape}")
        elif activation == "relu":
            pieces = result["pieces"]
            readout = (f"ReLU: {pieces} linear piece{'s' if pieces > 1 else ''} over [-3, 3] "
                       f"({shape})")
        else:
            turns = _turning_points(output)
            readout = (f"{activation}: a smooth curve, no kinks; {turns} turning point"
                       f"{'s' if turns != 1 else ''}, steepest slope "
                       f"{float(np.max(np.abs(slope))):.3g} ({shape})")
    else:
        result["border"] = np.zeros((len(_AXIS_2D),) * 2, dtype=bool)
        if activation == "linear":
            at = forward(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), weights, "linear")[0]
            readout = (f"linear: still a flat plane, y = {at[1] - at[0]:.3g} x1 "
                       f"{_term(at[2] - at[0])} x2 {_term(at[0])} ({shape})")
        elif activation == "relu":
            regions, result["border"] = count_regions(weighted_inputs)
            result["regions"] = regions
            readout = (f"ReLU: at least {regions} region{'s' if regions > 1 else ''}, a flat "
                       f"plane on each (counted on a {len(_AXIS_2D)}×{len(_AXIS_2D)} grid, "
                       f"which misses regions smaller than its cells; {shape})")
        else:
            readout = (f"{activation}: a smooth surface, no creases; output from "
                       f"{float(output.min()):.3g} to {float(output.max()):.3g} ({shape})")
    if flat and activation == "relu":
        readout += ": constant, every path through the network is switched off"
    elif flat and activation != "linear":
        readout += ": practically constant"
    result["readout"] = readout
    return result


EXPLORER = register(Explorer(
    name="random_network",
    title="What a random network computes",
    controls=[
        Control("activation", "choice", "relu", options=ACTIVATIONS),
        Control("depth", "int", 3, low=1, high=8, label="depth (hidden layers)",
                continuous_update=False),  # the deepest, widest networks take longest
        Control("width", "int", 8, low=1, high=32, label="width (units per layer)",
                continuous_update=False),
        Control("weight_scale", "log", 1.5, low=0.1, high=10.0, label="weight scale"),
        Control("inputs", "choice", "1-D", options=INPUTS, label="input"),
        Control("seed", "int", 2, low=0, high=20, label="draw (seed)"),
    ],
    compute=compute,
    plot=partial(drawing.plot, input_range=INPUT_RANGE),
    figsize=(9.0, 3.6),
    lesson="03_layers_and_forward_propagation",
    description="Depth, width, activation and weight scale of a random network, and the "
                "function it computes over a 1-D or 2-D input.",
))
