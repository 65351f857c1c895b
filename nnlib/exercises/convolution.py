"""Lesson 12 exercises: a convolution's forward pass, the output-size rule, and the gradient
of max pooling.

Expected answers come from nnlib's own ``Conv2D``, ``output_length`` and ``MaxPooling2D``,
on inputs drawn from seeded generators.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..layers import Conv2D, MaxPooling2D
from ..layers.conv import output_length
from ._core import Case, Mistake, check_function


def conv_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """nnlib's Conv2D with kernel ``W`` (kh, kw, c_in, filters) and bias ``b`` (filters,),
    stride 1, padding 'valid', on ``x`` (n, height, width, c_in)."""
    layer = Conv2D(W.shape[-1], W.shape[:2], dtype="float64")
    layer.build(x.shape[1:], np.random.default_rng(0))  # weights replaced just below
    layer.params["W"][...], layer.params["b"][...] = W, b
    return layer(np.asarray(x, dtype=float))


def _conv_cases() -> list[Case]:
    rng = np.random.default_rng(1200)
    cases = []
    for x_shape, w_shape, description in (
            ((1, 5, 5, 1), (3, 3, 1, 1), "one 5x5 image, one 3x3 kernel"),
            ((2, 6, 5, 2), (3, 2, 2, 3), "2 images of 2 channels, 3 filters of 3x2"),
            ((3, 8, 8, 1), (3, 3, 1, 4), "3 digits' worth, 4 filters")):
        x, W = rng.normal(size=x_shape), rng.normal(size=w_shape)
        b = rng.normal(size=w_shape[-1])
        cases.append(Case((x, W, b), conv_forward(x, W, b), description))
    return cases


CONV_MISTAKES: list[Mistake] = [
    ("you flipped the kernel: that is the mathematicians' convolution. Layers (Keras, "
     "PyTorch, nnlib) compute a cross-correlation: window[u, v] meets W[u, v], unflipped",
     lambda x, W, b: conv_forward(x, W[::-1, ::-1], b)),
    ("you forgot the bias: add b, one number per filter, to every output position",
     lambda x, W, b: conv_forward(x, W, np.zeros_like(b))),
    ("you swapped the kernel's rows and columns: W[u, v] meets the window's row u, "
     "column v", lambda x, W, b: conv_forward(x, W.transpose(1, 0, 2, 3), b)
     if W.shape[0] == W.shape[1] else None),
    ("you stopped one window short: a kernel of height kh fits height - kh + 1 times "
     "(the first window counts too)", lambda x, W, b: conv_forward(x, W, b)[:, :-1, :-1]),
]


def check_conv_forward(my_conv_forward: Callable) -> bool:
    """``my_conv_forward(x, W, b)``: x (n, height, width, c_in), W (kh, kw, c_in, filters),
    b (filters,); stride 1, 'valid'. Returns (n, height - kh + 1, width - kw + 1, filters)."""
    return check_function(
        my_conv_forward, _conv_cases(), "my_conv_forward", mistakes=CONV_MISTAKES,
        hints={"shape": "one output per window position: (n, height - kh + 1, "
                        "width - kw + 1, filters).",
               "values": "out[i, p, q, f] = b[f] + the sum over u, v, c of "
                         "x[i, p + u, q + v, c] * W[u, v, c, f]."},
        rtol=1e-7, atol=1e-9)


def _size_cases() -> list[Case]:
    settings = [(8, 3, 1, "valid"), (8, 3, 2, "valid"), (9, 3, 2, "valid"), (28, 5, 3, "valid"),
                (8, 3, 1, "same"), (8, 3, 2, "same"), (7, 3, 2, "same"), (5, 7, 1, "same"),
                (160, 9, 4, "same"), (8, 2, 1, "same"), (9, 4, 2, "same")]
    return [Case(setting, output_length(*setting), f"size {setting[0]}, kernel {setting[1]}, "
                 f"stride {setting[2]}, '{setting[3]}'") for setting in settings]


def _valid_only(rule: Callable) -> Callable:
    return lambda size, kernel, stride, padding: (rule(size, kernel, stride) if padding ==
                                                  "valid" else output_length(size, kernel,
                                                                             stride, padding))


SIZE_MISTAKES: list[Mistake] = [
    ("you are off by one: the first window counts too, so 'valid' gives "
     "(size - kernel) // stride + 1", _valid_only(lambda n, k, s: (n - k) // s)),
    ("you forgot the stride: windows start every `stride` steps, so divide (size - kernel) "
     "by it", _valid_only(lambda n, k, s: n - k + 1)),
    ("you divided with /, which leaves a fraction: a window either fits or it does not, so "
     "use // (floor division)", _valid_only(lambda n, k, s: (n - k) / s + 1)),
    ("you gave 'same' the input's size whatever the stride: that holds at stride 1 only; "
     "with stride s it is ceil(size / s)", lambda n, k, s, padding: n if padding == "same"
     else output_length(n, k, s, padding)),
    ("you rounded down: 'same' keeps a last, partly padded window, so it is "
     "ceil(size / stride)", lambda n, k, s, padding: n // s if padding == "same"
     else output_length(n, k, s, padding)),
    ("you padded (kernel - 1) // 2 on each side, which is right for odd kernels only: with an "
     "even kernel 'same' pads one more cell after the image than before it, and the output is "
     "ceil(size / stride) whatever the kernel", lambda n, k, s, padding:
     (n + 2 * ((k - 1) // 2) - k) // s + 1 if padding == "same"
     else output_length(n, k, s, padding)),
]


def check_output_size(my_output_size: Callable) -> bool:
    """``my_output_size(size, kernel, stride, padding)`` -> the number of outputs along one
    axis, as Keras computes it ('valid' or 'same')."""
    return check_function(
        my_output_size, _size_cases(), "my_output_size", mistakes=SIZE_MISTAKES,
        hints={"type": "return one whole number, such as 6.",
               "values": "'valid': (size - kernel) // stride + 1; 'same': ceil(size / "
                         "stride), whatever the kernel."})


def max_pool_backward(x: np.ndarray, grad_out: np.ndarray) -> np.ndarray:
    """dL/dx of nnlib's MaxPooling2D(2) on ``x`` (n, h, w, c), given dL/d(output)."""
    layer = MaxPooling2D(2, dtype="float64")
    layer.forward(np.asarray(x, dtype=float), training=True)
    return layer.backward(np.asarray(grad_out, dtype=float))


def _pool_cases() -> list[Case]:
    rng = np.random.default_rng(1212)
    cases = []
    for shape, description in (((1, 2, 2, 1), "one window"), ((1, 4, 4, 1), "a 4x4 image"),
                               ((3, 6, 4, 2), "3 examples, 2 channels")):
        x = rng.normal(size=shape)  # no ties: every window has one largest value
        grad_out = rng.normal(size=(shape[0], shape[1] // 2, shape[2] // 2, shape[3]))
        cases.append(Case((x, grad_out), max_pool_backward(x, grad_out), description))
    return cases


def _upsampled(grad_out: np.ndarray) -> np.ndarray:
    return grad_out.repeat(2, axis=1).repeat(2, axis=2)


POOL_MISTAKES: list[Mistake] = [
    ("you spread the gradient evenly over the window (that is average pooling's backward): "
     "only the largest value moved the output, so it gets all of it and the other three "
     "get 0", lambda x, grad_out: _upsampled(grad_out) / 4),
    ("every cell of the window got the whole gradient: only the cell holding the maximum "
     "should", lambda x, grad_out: _upsampled(grad_out)),
    ("you sent the gradient to the smallest value of each window, not the largest",
     lambda x, grad_out: max_pool_backward(-x, grad_out)),
]


def check_max_pool_backward(my_max_pool_backward: Callable) -> bool:
    """``my_max_pool_backward(x, grad_out)``: x (n, h, w, c) with h, w even; grad_out
    (n, h/2, w/2, c) = dL/d(output) of 2x2 max pooling with stride 2. Returns dL/dx."""
    return check_function(
        my_max_pool_backward, _pool_cases(), "my_max_pool_backward", mistakes=POOL_MISTAKES,
        hints={"shape": "the gradient has the shape of x.",
               "values": "in each 2x2 window, put grad_out of that window where x is "
                         "largest, and 0 in the other three cells."},
        rtol=1e-7, atol=1e-9)
