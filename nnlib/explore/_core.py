"""The explorer framework: pure compute, a plot, and a thin widget layer.

An explorer is an :class:`Explorer`: a list of :class:`Control` s (each with its
range or options), a pure ``compute(**values)`` that returns a result dict with a
one-line ``"readout"``, and a ``plot(fig, result, cache)`` that draws the result
into a matplotlib Figure. ``cache`` is a dict kept between calls, so a plot can
create its artists once and update them in place afterwards.

Every explorer is listed in :data:`REGISTRY`, so a test can drive every control
of every explorer to its extremes. The widget layer renders the Figure to a PNG
inside an ``ipywidgets.Image``: core widgets only, a fixed size, no flicker.

Explorers that train take a button (``run_button=True``) and may make
``compute`` a generator: it yields intermediate results (each with a
``"progress"`` between 0 and 1) and the widget draws them as they come.
"""
from __future__ import annotations

import io
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
from matplotlib.figure import Figure

REGISTRY: dict[str, Explorer] = {}


@dataclass
class Control:
    """One slider, menu, checkbox or number of an explorer.

    kind: ``"float"``, ``"int"``, ``"log"`` (a float slider on a log scale; ``low``
    and ``high`` are the values themselves), ``"choice"`` (``options``) or
    ``"bool"``.
    """

    name: str
    kind: str
    default: Any
    low: float | None = None
    high: float | None = None
    step: float | None = None
    options: tuple = ()
    label: str = ""
    continuous_update: bool = True

    def __post_init__(self) -> None:
        if self.kind not in ("float", "int", "log", "choice", "bool"):
            raise ValueError(f"kind: expected float, int, log, choice or bool, got {self.kind!r}")
        if self.kind == "choice" and self.default not in self.options:
            raise ValueError(f"default: {self.default!r} is not among options {self.options}")
        if self.kind in ("float", "int", "log"):
            if self.low is None or self.high is None or not self.low <= self.default <= self.high:
                raise ValueError(f"{self.name}: default {self.default} outside [{self.low}, "
                                 f"{self.high}]")

    def sweep_values(self) -> list:
        """The values a sweep test visits: the extremes and the default, or every option."""
        if self.kind == "choice":
            return list(self.options)
        if self.kind == "bool":
            return [False, True]
        values = [self.low, self.default, self.high]
        if self.kind == "int":
            values = [int(v) for v in values]
        return values


@dataclass
class Explorer:
    """A registered explorer. ``compute`` is pure; ``plot`` only draws."""

    name: str
    title: str
    controls: list[Control]
    compute: Callable[..., Any]
    plot: Callable[[Figure, dict, dict], None]
    figsize: tuple[float, float] = (9.0, 3.6)
    run_button: bool = False
    button_label: str = "Run"
    lesson: str = ""
    description: str = ""
    dpi: int = 80
    extra: dict = field(default_factory=dict)

    def defaults(self) -> dict:
        return {control.name: control.default for control in self.controls}

    def results(self, **values: Any) -> Iterator[dict]:
        """Every result ``compute`` gives for these values (one, or a generator's stream)."""
        settings = self.defaults()
        unknown = set(values) - set(settings)
        if unknown:
            raise TypeError(f"{self.name}: unknown control(s) {sorted(unknown)}; "
                            f"controls are {sorted(settings)}")
        settings.update(values)
        outcome = self.compute(**settings)
        if isinstance(outcome, dict):
            yield outcome
        else:
            yield from outcome

    def final(self, **values: Any) -> dict:
        """The last result for these values: what the explorer shows when it settles."""
        result = None
        for result in self.results(**values):  # noqa: B007 (the last one is the answer)
            pass
        return result

    def new_figure(self) -> Figure:
        return Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")

    def render(self, values: dict | None = None) -> tuple[Figure, dict]:
        """Compute and draw in one call, without widgets (for tests and static pages)."""
        result = self.final(**(values or {}))
        fig = self.new_figure()
        self.plot(fig, result, {})
        return fig, result


def register(explorer: Explorer) -> Explorer:
    """Add an explorer to :data:`REGISTRY` (its name must be new)."""
    if explorer.name in REGISTRY and REGISTRY[explorer.name] is not explorer:
        raise ValueError(f"name: an explorer called {explorer.name!r} is already registered")
    REGISTRY[explorer.name] = explorer
    return explorer


def figure_png(fig: Figure) -> bytes:
    """The Figure as PNG bytes, drawn by Agg without touching pyplot.

    Drawing straight on an Agg canvas and encoding with light compression is about a
    quarter quicker than ``savefig``, which matters at ten frames a second.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig.canvas.draw()
    image = Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba())
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _label(control: Control) -> str:
    return control.label or control.name.replace("_", " ")


def _widget_for(control: Control):
    """The core widget for one control. Sliders and menus carry no description of their
    own: ``labelled`` puts the label above them, so a long label never squeezes a slider."""
    import ipywidgets as widgets

    layout = widgets.Layout(width="auto")
    if control.kind == "bool":
        return widgets.Checkbox(value=control.default, description=_label(control),
                                layout=layout, indent=False)
    common = dict(description="", layout=layout, continuous_update=control.continuous_update)
    if control.kind == "float":
        step = control.step or (control.high - control.low) / 100
        return widgets.FloatSlider(value=control.default, min=control.low, max=control.high,
                                   step=step, readout_format=".3g", **common)
    if control.kind == "int":
        return widgets.IntSlider(value=control.default, min=int(control.low),
                                 max=int(control.high), step=int(control.step or 1), **common)
    if control.kind == "log":
        step = control.step or 0.05
        return widgets.FloatLogSlider(value=control.default, base=10,
                                      min=float(np.log10(control.low)),
                                      max=float(np.log10(control.high)),
                                      step=step, readout_format=".3g", **common)
    return widgets.Dropdown(options=list(control.options), value=control.default,
                            description="", layout=layout)


def make_controls(explorer: Explorer, values: dict) -> dict:
    """A widget per control (name -> widget), set to the starting ``values`` given."""
    controls = {control.name: _widget_for(control) for control in explorer.controls}
    for name, value in values.items():
        if name not in controls:
            raise TypeError(f"{explorer.name}: unknown control {name!r}; controls are "
                            f"{sorted(controls)}")
        controls[name].value = value
    return controls


def labelled(control: Control, widget):
    """The control as the panel shows it: its label on a line above the widget."""
    import ipywidgets as widgets

    if control.kind == "bool":
        return widget  # a checkbox has its label beside it
    label = widgets.HTML(value=f"<span style='font-size:0.92em'>{_label(control)}</span>",
                         layout=widgets.Layout(margin="2px 0 -6px 2px"))
    label.add_class("nnlib-control-label")
    return widgets.VBox([label, widget], layout=widgets.Layout(width="auto"))


class ExplorerWidget:
    """The widget layer: controls on the left, picture and readout on the right.

    Attributes a test may drive: ``controls`` (name -> widget), ``image``,
    ``readout``, ``button`` (or None), ``progress`` and ``result`` (the last one drawn).
    """

    def __init__(self, explorer: Explorer, **values: Any) -> None:
        import ipywidgets as widgets

        self.explorer = explorer
        self.controls = make_controls(explorer, values)
        self.figure = explorer.new_figure()
        self.cache: dict = {}
        self.result: dict | None = None
        width, height = (int(v * explorer.dpi) for v in explorer.figsize)
        self.image = widgets.Image(format="png", width=width, height=height,
                                   layout=widgets.Layout(width=f"{width}px",
                                                         height=f"{height}px"))
        self.readout = widgets.HTML(value="")
        self.readout.add_class("nnlib-readout")
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0,
                                              layout=widgets.Layout(width="160px"))
        self.button = None
        side = [labelled(control, self.controls[control.name]) for control in explorer.controls]
        if explorer.run_button:
            self.button = widgets.Button(description=explorer.button_label,
                                         button_style="primary")
            self.button.on_click(lambda _: self.update())
            side += [self.button, self.progress]
        else:
            for widget in self.controls.values():
                widget.observe(lambda _: self.update(), names="value")
        title = widgets.HTML(value=f"<b>{explorer.title}</b>")
        panel = widgets.VBox(side, layout=widgets.Layout(width="270px", min_width="270px"))
        right = widgets.VBox([self.image, self.readout])
        self.box = widgets.VBox([title, widgets.HBox([panel, right])])
        self.box.add_class("nnlib-explorer")
        self.box.add_class(f"nnlib-explorer-{explorer.name}")
        self.update()

    def values(self) -> dict:
        return {name: widget.value for name, widget in self.controls.items()}

    def _draw(self, result: dict) -> None:
        self.explorer.plot(self.figure, result, self.cache)
        self.image.value = figure_png(self.figure)
        self.figure.set_layout_engine(None)  # keep the first layout: later frames are quicker
        self.readout.value = f"<span class='nnlib-readout-text'>{result['readout']}</span>"
        self.result = result

    def update(self) -> None:
        """Recompute for the current control values and redraw; never raises into the page."""
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                self._run()
        except Exception as error:  # shown as a readout, never as a traceback
            self.readout.value = f"<span style='color:#b00'>Could not draw this setting: " \
                                 f"{type(error).__name__}: {error}</span>"

    def _run(self) -> None:
        last_draw = 0.0
        pending = None
        for result in self.explorer.results(**self.values()):
            self.progress.value = float(result.get("progress", 1.0))
            pending = result
            # a stream draws at most ~8 frames a second, and always its last one
            if time.perf_counter() - last_draw > 0.12:
                self._draw(result)
                pending = None
                last_draw = time.perf_counter()
        if pending is not None:
            self._draw(pending)
        self.progress.value = 1.0

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def show(name: str, **values: Any) -> ExplorerWidget:
    """Build the registered explorer ``name`` as widgets, optionally with starting values."""
    if name not in REGISTRY:
        raise ValueError(f"name: unknown explorer {name!r}; known explorers are "
                         f"{', '.join(sorted(REGISTRY))}")
    explorer = REGISTRY[name]
    # an explorer may bring its own widget layer (the playground's play, step and reset)
    return explorer.extra.get("widget", ExplorerWidget)(explorer, **values)
