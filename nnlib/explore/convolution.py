"""Lesson 12 explorer: a 3x3 kernel slid over a digit, or a 1-D kernel along an EKG signal.

``compute`` runs nnlib's own ``Conv2D`` (or ``Conv1D``) with the chosen kernel and also
works out, for one output unit, the window of the (padded) input it sees, so the picture
can show that the unit is the sum of window x kernel. A signal is an image one row high:
with the zero padding above and below it, only the kernel's middle row ever meets the
samples, so a signal gets the middle row as its kernel.
"""
from __future__ import annotations

from functools import lru_cache, partial

import numpy as np

from .. import data
from ..ekg import ekg_windows
from ..layers import Conv1D, Conv2D
from ..layers.conv import output_length, padding_for
from ..plots import lesson12_convolution as drawing
from ._core import Control, Explorer, register

KERNELS = {
    "vertical edges": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],       # Sobel: left-right changes
    "horizontal edges": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],     # top-bottom changes
    "blur": [[1 / 9] * 3] * 3,
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
}
OWN = "your own (sliders)"
WEIGHT_NAMES = [f"w{row}{column}" for row in range(3) for column in range(3)]
SIGNAL_LENGTH = 160


@lru_cache(maxsize=1)
def _digits() -> tuple[np.ndarray, np.ndarray]:
    X, y = data.digits()
    return X.reshape(-1, 8, 8), y


def digit_image(label: int) -> np.ndarray:
    """The first digit ``label`` of the 8x8 digits: (8, 8) pixels in [0, 1]."""
    images, labels = _digits()
    return images[np.flatnonzero(labels == label)[0]]


def ekg_signal(example: int) -> np.ndarray:
    """An EKG-like window of 160 samples with one abnormal beat: shape (160,)."""
    X, _ = ekg_windows(1, SIGNAL_LENGTH, seed=example, abnormal_fraction=1.0)
    return X[0, :, 0]


def feature_map(x: np.ndarray, kernel: np.ndarray, stride: int, padding: str) -> np.ndarray:
    """nnlib's convolution of one image (h, w) with a kernel (3, 3), or of one signal (steps,)
    with a kernel (3,), no bias: the feature map (out_h, out_w) or (out_steps,)."""
    layer = (Conv2D if x.ndim == 2 else Conv1D)(1, 3, strides=stride, padding=padding,
                                                use_bias=False, dtype="float64")
    layer.build(x.shape + (1,), np.random.default_rng(0))  # weights replaced just below
    layer.params["W"][..., 0, 0] = kernel
    return layer(x[None, ..., None])[0, ..., 0]


def compute(input: str = "digit", example: int = 3, kernel: str = OWN,
            w00: float = -1.0, w01: float = 0.0, w02: float = 1.0, w10: float = -2.0,
            w11: float = 0.0, w12: float = 2.0, w20: float = -1.0, w21: float = 0.0,
            w22: float = 1.0, stride: int = 1, padding: str = "valid",
            window: float = 0.4) -> dict:
    """The feature map, the padded input and the window of the unit at ``window`` (0 = the
    first output unit, 1 = the last, row by row)."""
    own = np.array([w00, w01, w02, w10, w11, w12, w20, w21, w22]).reshape(3, 3)
    weights = own if kernel == OWN else np.array(KERNELS[kernel], dtype=float)
    signal = input != "digit"
    x = ekg_signal(example) if signal else digit_image(example)
    used = weights[1] if signal else weights          # a signal meets the middle row only
    output = feature_map(x, used, stride, padding)
    pads = [padding_for(size, 3, stride, padding) for size in x.shape]
    padded = np.pad(x, pads)
    grid = output.reshape(-1, output.shape[-1]) if signal else output  # (rows, columns)
    unit = int(round(window * (output.size - 1)))
    row, column = divmod(unit, grid.shape[1])
    patch = (padded[column * stride:column * stride + 3] if signal else
             padded[row * stride:row * stride + 3, column * stride:column * stride + 3])
    sizes = x.shape if not signal else (len(x),)
    outs = [output_length(size, 3, stride, padding) for size in sizes]
    rule = (f"ceil({sizes[0]} / {stride}) = {outs[0]}" if padding == "same"
            else f"({sizes[0]} − 3) // {stride} + 1 = {outs[0]}")
    if signal:
        what = f"{len(x)} samples, kernel {np.round(used, 2).tolist()} (its middle row)"
        shape = f"{outs[0]} outputs"
    else:
        what = "8×8 digit, 3×3 kernel"
        shape = f"{outs[0]}×{outs[1]} outputs"
    readout = (f"{what}, stride {stride}, '{padding}': {shape} ({rule}); the red window "
               f"gives {grid[row, column]:.2f} = Σ window × kernel")
    return {"input": "signal" if signal else "digit", "kernel_name": kernel, "x": x,
            "padded": padded, "pads": pads,
            "kernel": weights, "used": used, "output": output, "row": row, "column": column,
            "stride": stride, "patch": patch, "value": float(grid[row, column]),
            "readout": readout}


EXPLORER = register(Explorer(
    name="convolution",
    title="A convolution: one kernel slid over every window",
    controls=[
        Control("input", "choice", "digit", options=("digit", "EKG signal")),
        Control("example", "int", 3, low=0, high=9, label="which digit (or signal)"),
        Control("kernel", "choice", OWN, options=(OWN,) + tuple(KERNELS)),
        *[Control(name, "float", default, low=-3.0, high=3.0, step=0.1,
                  label=f"your kernel, row {name[1]} column {name[2]}")
          for name, default in zip(WEIGHT_NAMES, np.ravel(KERNELS["vertical edges"]))],
        Control("stride", "int", 1, low=1, high=3),
        Control("padding", "choice", "valid", options=("valid", "same")),
        Control("window", "float", 0.4, low=0.0, high=1.0, step=0.01,
                label="window position (first to last output)"),
    ],
    compute=compute,
    plot=partial(drawing.plot, own=OWN),
    figsize=(9.5, 3.4),
    lesson="12_convolutional_layers",
    description="Slide a 3x3 kernel over a digit (or a 1-D kernel along a signal): each "
                "output is the sum of one window times the kernel.",
))
