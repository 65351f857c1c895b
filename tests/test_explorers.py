"""Every registered explorer, driven to every control's extremes and default.

No setting may raise, warn, or leave the readout empty; the widget layer must
redraw the picture and readout when a control moves.
"""
from __future__ import annotations

import contextlib
import io
import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.text import Text  # noqa: E402

from nnlib.explore import REGISTRY, Control, Explorer, figure_png, show  # noqa: E402

SETTINGS = [(name, control.name, value)
            for name, explorer in sorted(REGISTRY.items())
            for control in explorer.controls
            for value in control.sweep_values()]


def test_registry_lists_explorers_with_valid_controls():
    assert REGISTRY, "no explorer is registered"
    for name, explorer in REGISTRY.items():
        assert explorer.name == name
        assert explorer.controls, f"{name} has no controls"
        defaults = explorer.defaults()
        assert set(defaults) == {c.name for c in explorer.controls}


@pytest.mark.parametrize("name, control, value", SETTINGS,
                         ids=[f"{n}-{c}-{v}" for n, c, v in SETTINGS])
def test_explorer_setting_draws_without_error_or_warning(name, control, value):
    explorer = REGISTRY[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is fine
            fig, result = explorer.render({control: value})
        png = figure_png(fig)
    assert isinstance(result["readout"], str) and result["readout"].strip()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000


def _log_axis_labels(ax, axis: str) -> int:
    """How many tick labels a log axis shows inside its limits."""
    low, high = sorted(getattr(ax, f"get_{axis}lim")())
    ticks = getattr(ax, f"{axis}axis")
    labels = ticks.get_majorticklabels() + ticks.get_minorticklabels()
    where = 0 if axis == "x" else 1
    return sum(1 for label in labels if label.get_visible() and label.get_text().strip()
               and low * (1 - 1e-9) <= label.get_position()[where] <= high * (1 + 1e-9))


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_opening_picture_is_readable_as_shown(name):
    """At the size the widget shows it: no text under 9 px, every log axis with at least two
    labelled ticks, and saving it (as a learner might) prints and warns nothing."""
    explorer = REGISTRY[name]
    printed = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(printed), \
            contextlib.redirect_stderr(printed):
        warnings.simplefilter("error")
        fig, _ = explorer.render()
        fig.savefig(io.BytesIO(), format="png")
    assert not printed.getvalue(), printed.getvalue()
    small = sorted({f"{text.get_text()[:20]!r} {text.get_fontsize() * explorer.dpi / 72:.1f} px"
                    for text in fig.findobj(Text)
                    if text.get_visible() and text.get_text().strip()
                    and (text.axes is None or text.axes.get_visible())
                    and text.get_fontsize() * explorer.dpi / 72 < 9})
    assert not small, f"{name}: text under 9 px: {small[:5]}"
    for ax in fig.axes:
        for axis in "xy":
            if ax.get_visible() and getattr(ax, f"get_{axis}scale")() == "log":
                assert _log_axis_labels(ax, axis) >= 2, f"{name}: {axis} axis of {ax.get_title()!r}"


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_widget_redraws_picture_and_readout_when_a_control_moves(name):
    widget = show(name)
    assert "Could not draw" not in widget.readout.value
    first_image, first_readout = widget.image.value, widget.readout.value
    assert first_image and first_readout
    changed = False
    for control in REGISTRY[name].controls:
        current = widget.controls[control.name].value
        others = [v for v in control.sweep_values() if v != current]
        widget.controls[control.name].value = others[-1]
        if widget.button is not None:
            widget.button.click()
        assert "Could not draw" not in widget.readout.value, widget.readout.value
        changed |= widget.image.value != first_image
    assert changed, f"{name}: no control changed the picture"


def test_unknown_explorer_name_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown explorer 'nope'.*activation_function"):
        show("nope")


def test_control_rejects_a_default_outside_its_range():
    with pytest.raises(ValueError, match="outside"):
        Control("rate", "float", 5.0, low=0.0, high=1.0)


def test_widget_shows_a_failing_setting_as_a_readout_not_a_traceback():
    def compute(x=0.0):
        if x > 0.5:
            raise ArithmeticError("boom")
        return {"readout": f"x = {x}"}

    explorer = Explorer("failing_demo", "demo", [Control("x", "float", 0.0, low=0.0, high=1.0)],
                        compute, lambda fig, result, cache: fig.add_subplot().plot([0, 1]))
    widget = show.__globals__["ExplorerWidget"](explorer)
    widget.controls["x"].value = 1.0
    assert "Could not draw" in widget.readout.value and "boom" in widget.readout.value


def test_a_widget_adds_buttons_a_timer_and_outputs_through_the_base_hooks():
    import ipywidgets

    from nnlib.explore import ExplorerWidget

    class Counter(ExplorerWidget):
        def setup(self):
            self.count = 0
            self.add_timer(self.bump, interval_ms=50)
            self.button = self.add_button("Bump", self.bump)
            self.add_button("Fail", lambda: 1 / 0)
            self.outputs.children += (ipywidgets.HTML("extra"),)

        def start(self):
            self.draw({"readout": "count 0"})

        def bump(self):
            self.count += 1
            self.draw({"readout": f"count {self.count}"})

    explorer = Explorer("counter_demo", "demo", [Control("x", "float", 0.0, low=0.0, high=1.0)],
                        lambda x=0.0: {"readout": "unused"},
                        lambda fig, result, cache: fig.add_subplot().plot([0, 1]))
    widget = Counter(explorer)
    assert [type(w).__name__ for w in widget.toolbar.children] == ["Play", "Button", "Button"]
    assert widget.outputs.children[0].value == "extra"
    widget.button.click()
    widget.play.value += 1
    assert widget.count == 2 and "count 2" in widget.readout.value
    widget.play.value = 0  # stop rewinds the counter: no tick
    assert widget.count == 2
    widget.toolbar.children[2].click()
    assert "Could not draw" in widget.readout.value and "ZeroDivisionError" in widget.readout.value
