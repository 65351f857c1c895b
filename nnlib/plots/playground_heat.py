"""The playground's output map: the network's output over the plane as colours, and the
same stretched to its panel's pixels so that a frame can paste it (``frames.paste_images``).
"""
from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgb

from .palette import CLASS_COLOURS, OUTPUT_CMAP

HEAT_PIXELS = 292  # the output map's panel, square, in screen pixels


def heat_rgb(result: dict) -> np.ndarray:
    """RGB (g, g, 3) of the output over the plane: the probability of class 1 or the
    regression number on the orange-white-blue map; for K classes each class's colour,
    faded to white where the network is unsure."""
    output = np.nan_to_num(result["output_map"])
    if output.ndim == 3:
        k = output.shape[-1]
        colours = np.array([to_rgb(CLASS_COLOURS[i % len(CLASS_COLOURS)]) for i in range(k)])
        sure = (output.max(axis=-1, keepdims=True) - 1 / k) / (1 - 1 / k)
        if result.get("discretize"):  # each point in the colour of the class picked there
            return colours[np.argmax(output, axis=-1)]
        return sure * (output @ colours) + (1 - sure) * np.ones(3)
    if result.get("problem") == "regression":
        output = output * 0.5 + 0.5
    values = np.clip(output, 0.0, 1.0)
    if result.get("discretize"):
        values = np.where(values > 0.5, 1.0, 0.0)
    return OUTPUT_CMAP(values)[..., :3]


def _stretch(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in) weights of linear interpolation between grid centres, edges held."""
    centres = np.clip((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0, n_in - 1)
    below = np.minimum(np.floor(centres).astype(int), n_in - 2) if n_in > 1 else \
        np.zeros(n_out, dtype=int)
    weights = np.zeros((n_out, n_in))
    if n_in == 1:
        weights[:, 0] = 1.0
        return weights
    share = centres - below
    weights[np.arange(n_out), below] = 1.0 - share
    weights[np.arange(n_out), below + 1] = share
    return weights


def heat_pixels(result: dict, size: int = HEAT_PIXELS) -> np.ndarray:
    """uint8 RGBA (size, size, 4): :func:`heat_rgb` stretched bilinearly to the panel."""
    rgb = heat_rgb(result).astype(np.float32) * 255.0
    rows, columns = (_stretch(n, size).astype(np.float32) for n in rgb.shape[:2])
    stretched = (rows @ rgb.transpose(2, 0, 1) @ columns.T).transpose(1, 2, 0)
    pixels = np.full((size, size, 4), 255, dtype=np.uint8)
    np.clip(stretched + 0.5, 0, 255, out=pixels[..., :3], casting="unsafe")
    return pixels
