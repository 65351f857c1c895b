"""An explorer's first frame: its stored layout, and a training explorer's first epoch.

The widget places a first frame's axes where ``nnlib/plots/layouts.json`` says constrained
layout puts them (computing that is a third of a first frame's time); a training explorer
shows its first epoch when its cell runs and plays the rest of the run once it is on the page.
"""
from __future__ import annotations

import io

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from nnlib.explore import REGISTRY, show  # noqa: E402
from nnlib.plots import layouts  # noqa: E402
from nnlib.plots.frames import figure_png  # noqa: E402

STORED = sorted(layouts.stored())
TRAINING = sorted(name for name, explorer in REGISTRY.items() if explorer.run_button)


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGB"))


def test_every_explorer_that_lays_itself_out_has_a_stored_layout():
    for name, explorer in sorted(REGISTRY.items()):
        fig, _ = explorer.render()
        if fig.get_layout_engine() is not None:
            assert name in STORED, f"{name}: no stored layout (run python tools/layouts.py)"


@pytest.mark.parametrize("name", STORED)
def test_a_stored_layout_is_where_constrained_layout_puts_the_axes(name):
    fig, _ = REGISTRY[name].render()
    figure_png(fig)  # the draw lays it out
    fresh, kept = np.array(layouts.places(fig)), np.array(layouts.stored()[name]["axes"])
    assert fresh.shape == kept.shape, f"{name}: axes changed (run python tools/layouts.py)"
    # within 3 pixels of a 900-pixel figure; a changed picture moves its axes further
    assert np.abs(fresh - kept).max() < 0.004, f"{name}: run python tools/layouts.py"


@pytest.mark.parametrize("name", ["softmax_temperature", "convolution", "gradient_flow"])
def test_the_widgets_first_picture_is_the_laid_out_picture_pixel_for_pixel(name):
    widget = show(name)
    assert widget.figure.get_layout_engine() is None  # frozen, as every later frame
    fig, _ = REGISTRY[name].render()
    assert np.array_equal(_pixels(widget.image.value), _pixels(figure_png(fig)))


def test_a_layout_for_another_figure_is_not_used():
    name = STORED[0]
    layout = layouts.stored()[name]
    other = Figure(figsize=(layout["figsize"][0] + 1, layout["figsize"][1]), dpi=layout["dpi"],
                   layout="constrained")
    for _ in layout["axes"]:
        other.add_subplot()
    assert not layouts.freeze(other, name)
    assert other.get_layout_engine() is not None
    same = Figure(figsize=layout["figsize"], dpi=layout["dpi"], layout="constrained")
    same.add_subplot()
    assert not layouts.freeze(same, "no such explorer")
    if len(layout["axes"]) != 1:
        assert not layouts.freeze(same, name)


@pytest.mark.parametrize("name", TRAINING)
def test_a_training_explorer_shows_an_early_frame_then_finishes_its_run(name):
    widget = show(name)
    first = widget._result
    assert first is not None and widget.image.value
    assert "Could not draw" not in widget.readout.value
    final = REGISTRY[name].final()
    assert first.get("progress", 1.0) < 1.0, f"{name}: its first frame is the whole run"
    assert widget.result["readout"] == final["readout"]  # reading result plays the rest
    assert widget.progress.value == 1.0
    assert widget.readout.value.endswith(f"{final['readout']}</span>")


def test_pressing_the_button_before_the_opening_run_ends_starts_a_new_run():
    widget = show("train_moons")
    widget.controls["epochs"].value = 100
    widget.button.click()
    assert widget.result["epochs"] == 100 and widget.result["epoch"] == 100
