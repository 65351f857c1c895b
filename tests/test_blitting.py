"""Explorers that draw only their moving artists (``nnlib.plots.frames.blit``) give the
same pixels as drawing the whole figure, frame after frame, and do keep the rest."""
from __future__ import annotations

import io

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from PIL import Image  # noqa: E402

from nnlib.explore import REGISTRY, show  # noqa: E402
from nnlib.plots import frames  # noqa: E402

BLITTED = ["neuron"]


def shown_pixels(widget) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(bytes(widget.image.value))).convert("RGBA"))


def moves(name: str) -> list[tuple[str, object]]:
    """Every control through its sweep values and back to its default, and small drags of
    every number slider around its default (the frames blitting is for)."""
    out = []
    for control in REGISTRY[name].controls:
        values = control.sweep_values() + [control.default]
        if isinstance(control.default, float) and not isinstance(control.default, bool):
            low, high = min(values), max(values)
            step = (high - low) / 40
            values += [control.default + k * step for k in (1, 2, 3, -1, -2)
                       if low <= control.default + k * step <= high] + [control.default]
        out += [(control.name, value) for value in values]
    return out


@pytest.mark.parametrize("name", BLITTED)
def test_blitted_frames_match_the_whole_picture(name):
    widget = show(name)
    fig = widget.figure
    assert frames._MOVING.get(fig), f"{name} names no moving artists"
    kept = 0
    for control, value in moves(name):
        before = frames._STILL.get(fig)
        widget.controls[control].value = value
        after = frames._STILL.get(fig)
        kept += before is not None and after is before
        shown = shown_pixels(widget)
        whole = frames.whole_pixels(fig)
        assert shown.shape == whole.shape
        differing = np.any(shown != whole, axis=2)
        assert not differing.any(), (
            f"{name}, {control}={value!r}: {int(differing.sum())} pixels differ from the "
            f"whole picture, around rows/columns {np.argwhere(differing).mean(axis=0)}")
        frames.figure_png(fig)  # the kept layer again, as the next frame starts
    assert kept >= 5, f"{name} kept its still layer in only {kept} frames"


def test_whole_pixels_include_the_moving_artists():
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2, 2), dpi=50)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    line, = ax.plot([0, 1], [0, 1], color="k", lw=6, zorder=3)
    frames.blit(fig, [line])
    frames.figure_png(fig)
    still_only = np.asarray(fig.canvas.buffer_rgba()).copy()
    fig.canvas.draw()  # the canvas alone leaves out animated artists
    assert np.array_equal(np.asarray(fig.canvas.buffer_rgba()), np.full_like(still_only, 255))
    assert not np.array_equal(frames.whole_pixels(fig), np.full_like(still_only, 255))
    # changing a still artist redraws the kept layer
    ax.plot([0, 1], [1, 0], color="r", lw=6)
    assert fig.stale
    frames.figure_png(fig)
    assert np.array_equal(np.asarray(fig.canvas.buffer_rgba()), frames.whole_pixels(fig))
    plt.close(fig)
