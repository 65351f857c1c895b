"""The pictures of lessons 01-04's explorers: drawn without layout messages, text large
enough at the size shown, axes labelled, colour bars on [0, 1] without extend arrows, and
the course's colours (classes orange and blue; weights never in a class colour)."""
from __future__ import annotations

import io
import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import nnlib as nn  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.text import Text  # noqa: E402

EXPLORERS = ["neuron", "activation_function", "linear_stack", "random_network", "coffee_units",
             "universal_approximation", "loss_shapes", "descent_path"]
SETTINGS = [(name, {}) for name in EXPLORERS] + [
    ("neuron", {"data_set": "xor"}), ("random_network", {"inputs": "2-D"}),
    ("random_network", {"depth": 8, "width": 32}), ("coffee_units", {"unit_2": False}),
    ("descent_path", {"surface": "sigmoid neuron, MSE", "learning_rate": 1.0}),
    ("loss_shapes", {"target": 0})]
MIN_POINTS = 8.5  # explorers draw at 80 dpi: 8.5 pt is 9.4 px


def _render(name, values):
    fig, result = nn.explore.REGISTRY[name].render(values)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "There are no gridspecs with layoutgrids" is one
        fig.savefig(io.BytesIO(), dpi=fig.dpi)
    return fig, result


@pytest.mark.parametrize("name, values", SETTINGS, ids=[f"{n}-{v}" for n, v in SETTINGS])
def test_explorer_pictures_draw_without_messages_and_with_readable_text(name, values):
    fig, _ = _render(name, values)
    small = [(t.get_text(), t.get_fontsize()) for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.get_fontsize() < MIN_POINTS]
    assert not small, f"{name}: text below {MIN_POINTS} pt: {small[:5]}"


@pytest.mark.parametrize("name, values", SETTINGS, ids=[f"{n}-{v}" for n, v in SETTINGS])
def test_explorer_axes_are_labelled_and_colour_bars_carry_levels(name, values):
    fig, _ = _render(name, values)
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        if hasattr(ax, "_colorbar"):
            bar = ax._colorbar
            label = bar.ax.get_ylabel() or bar.ax.get_xlabel()
            assert label and len(bar.get_ticks()) >= 3, f"{name}: a colour bar without levels"
            assert bar.extend == "neither"
            continue
        assert ax.get_xlabel(), f"{name}: an unlabelled x axis"


def test_decision_pictures_use_orange_for_class_0_and_blue_for_class_1():
    palette = nn.plots.palette
    fig, _ = _render("neuron", {})
    surface_ax = fig.axes[0]
    faces = [to_rgb(c.get_facecolor()[0]) for c in surface_ax.collections if len(c.get_offsets())]
    assert np.allclose(faces[0], to_rgb(palette.CLASS_COLOURS[0]))
    assert np.allclose(faces[1], to_rgb(palette.CLASS_COLOURS[1]))
    low, high = palette.OUTPUT_CMAP(0.0), palette.OUTPUT_CMAP(1.0)
    assert np.allclose(low[:3], to_rgb(palette.CLASS_COLOURS[0]))
    assert np.allclose(high[:3], to_rgb(palette.CLASS_COLOURS[1]))


def test_decision_regions_colour_bar_has_levels_and_no_extend_arrows():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    X, y = np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0, 1])
    nn.plots.decision_regions(lambda p: p[:, 0], X, y, ax=ax, resolution=10)
    bar = [a for a in ax.figure.axes if hasattr(a, "_colorbar")][0]._colorbar
    assert bar.extend == "neither" and list(bar.get_ticks()) == [0, 0.25, 0.5, 0.75, 1.0]


def test_the_network_diagram_draws_its_weight_scale():
    fig, result = _render("random_network", {})
    bars = [a for a in fig.axes if hasattr(a, "_colorbar")]
    labels = [a._colorbar.ax.get_xlabel() for a in bars]
    assert any(label.startswith("weight") for label in labels)
    largest = max(float(np.max(np.abs(w))) for w in result["weights"][::2])
    weight_bar = [a._colorbar for a in bars if a._colorbar.ax.get_xlabel().startswith("weight")][0]
    assert np.allclose(weight_bar.get_ticks(), [-largest, 0.0, largest])


def test_neuron_right_panel_keeps_both_rows_of_a_coincident_xor_pair_visible():
    fig, result = _render("neuron", {"data_set": "xor"})
    right = fig.axes[1]
    hollow, filled = right.collections[:2]
    assert len(hollow.get_offsets()) == len(filled.get_offsets()) == 2
    assert np.allclose(np.sort(hollow.get_offsets()[:, 0]), np.sort(filled.get_offsets()[:, 0]))
    assert len(hollow.get_facecolor()) == 0 or hollow.get_facecolor()[0][3] == 0  # hollow
    assert hollow.get_sizes()[0] > filled.get_sizes()[0]


def test_descent_contours_carry_heights_and_a_short_log_axis_shows_more_labels():
    fig, _ = _render("descent_path", {"surface": "sigmoid neuron, MSE", "learning_rate": 1.0})
    left, right = fig.axes[:2]
    assert any(t.get_visible() and t.get_text() for t in left.texts)   # contour labels
    fig.canvas.draw()
    labels = [t.get_text() for t in right.get_yticklabels(minor=True) + right.get_yticklabels()
              if t.get_text()]
    assert len(labels) >= 3, labels
