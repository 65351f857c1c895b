"""The widget layer every explorer shares: controls, picture, readout, errors and buttons.

:class:`ExplorerWidget` renders an explorer's Figure to a PNG inside an
``ipywidgets.Image``: core widgets only, a fixed size, no flicker. An explorer with more
than sliders (the playground's Play, Step and Reset) subclasses it and uses its hooks:
:meth:`ExplorerWidget.add_button`, :meth:`ExplorerWidget.add_timer`, the ``outputs`` box
under the readout, and :meth:`ExplorerWidget.on_control`. An explorer names its widget


class in ``extra["widget"]``; ``extra["sections"]`` ({title: [control names]}) groups the
controls under headings.
"""
from __future__ import annotations

import time
import warnings
from typing import Any, Callable

import numpy as np

from ..plots.frames import figure_png
from ..plots.layouts import freeze
from ._controls import control_panel, make_controls
from ._core import REGISTRY, Explorer


class ExplorerWidget:
    """Controls on the left; on the right any buttons, the picture, the readout and any
    extra outputs.

    Attributes a test may drive: ``controls`` (name -> widget), ``image``, ``readout``,
    ``button`` (or None), ``progress``, ``play`` (a timer, or None) and ``result`` (the
    last one drawn). A subclass adds buttons and a timer in :meth:`setup`, says what a
    moved control does in :meth:`on_control` and draws its first frame in :meth:`start`.
    """

    def __init__(self, explorer: Explorer, **values: Any) -> None:
        import ipywidgets as widgets

        self.explorer = explorer
        self.controls = make_controls(explorer, values)
        self.figure = explorer.new_figure()
        self.cache: dict = {}
        self._result: dict | None = None
        self._rest = None  # a training run's frames after its first, drawn once it shows
        self.button = self.play = None
        self._idle_since = 0.0  # when the last action finished
        self._clock: tuple[float, int] | None = None  # (time, Play value) of a fresh tick
        width, height = (int(v * explorer.dpi) for v in explorer.figsize)
        self.image = widgets.Image(format="png", width=width, height=height,
                                   layout=widgets.Layout(width=f"{width}px",
                                                         height=f"{height}px"))
        self.readout = widgets.HTML(value="")
        self.readout.add_class("nnlib-readout")
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0,
                                              layout=widgets.Layout(width="160px"))
        self.toolbar = widgets.HBox([])  # buttons and a timer, above the picture
        self.outputs = widgets.VBox([])  # anything else to show, under the readout
        side = control_panel(explorer, self.controls)
        if explorer.run_button:
            self.button = widgets.Button(description=explorer.button_label,
                                         button_style="primary")
            self.button.on_click(lambda _: self.update())
            side += [self.button, self.progress]
        for name, widget in self.controls.items():
            widget.observe(lambda _, name=name: self.on_control(name), names="value")
        self.setup()
        title = widgets.HTML(value=f"<b>{explorer.title}</b>")
        panel = widgets.VBox(side, layout=widgets.Layout(width="270px", min_width="270px"))
        right = widgets.VBox([self.toolbar, self.image, self.readout, self.outputs])
        self.box = widgets.VBox([title, widgets.HBox([panel, right])])
        self.box.add_class("nnlib-explorer")
        self.box.add_class(f"nnlib-explorer-{explorer.name}")
        self.start()

    # ---- hooks for explorers with more than sliders -----------------------------------
    def setup(self) -> None:
        """Add buttons, a timer or outputs before the widget is laid out (none here)."""

    def start(self) -> None:
        """Draw the opening frame. A training explorer draws its first epoch only: the
        rest of the run plays on the page once it is shown (or when :attr:`result` is read)."""
        if not self.explorer.run_button:
            return self.update()
        stream = self.explorer.results(**self.values())

        def first() -> None:
            self._rest = stream
            self.draw(next(stream))
            self.progress.value = float(self._result.get("progress", 1.0))
        self.safely(first)

    def finish(self) -> None:
        """Play what :meth:`start` left of the opening run; nothing if it is done."""
        rest, self._rest = self._rest, None
        if rest is not None:
            self.safely(lambda: self._run(rest, drawn=True))

    @property
    def result(self) -> dict | None:
        """The last result drawn, once the opening run is finished."""
        self.finish()
        return self._result

    def on_control(self, name: str) -> None:
        """A control moved: redraw, unless the explorer waits for its button."""
        if not self.explorer.run_button:
            self.update()

    def add_button(self, description: str, action: Callable[[], None], tooltip: str = ""):
        """A button above the picture that runs ``action`` safely (see :meth:`safely`)."""
        import ipywidgets as widgets

        button = widgets.Button(description=description, tooltip=tooltip)
        button.on_click(lambda _: self.safely(action))
        self.toolbar.children += (button,)
        return button

    def add_timer(self, action: Callable[[], None], interval_ms: int):
        """A core ``Play`` widget (play, pause, stop) that runs ``action`` on each tick.

        No threads: the browser ticks. A tick that arrives while the last action runs waits
        in the queue and then runs at once, so a frame a little slower than the interval
        costs a few frames a second, not half of them. A tick that has fallen more than one
        and a half intervals behind the browser's clock is dropped (the clock read from the
        last tick that did not wait), so a busy machine shows fewer frames instead of lagging.
        """
        import ipywidgets as widgets

        self.play = widgets.Play(value=0, min=0, max=10 ** 7, step=1, interval=interval_ms,
                                 description="play")
        if self.play.has_trait("show_repeat"):
            self.play.show_repeat = False

        def tick(change: dict) -> None:
            if change["new"] <= change["old"]:  # the stop button rewinds the counter
                return
            now = time.perf_counter()
            if now - self._idle_since >= 0.01 or self._clock is None:  # it did not wait
                self._clock = (now, change["new"])
            elif self._playing():
                since, value = self._clock
                due = value + (now - since) * 1000.0 / interval_ms  # the browser's count now
                if change["new"] < due - 1.5:
                    return  # this tick waited too long behind slow frames: skip it
            self.safely(action)

        self.play.observe(tick, names="value")
        self.toolbar.children += (self.play,)
        return self.play

    def _playing_trait(self) -> str | None:  # 'playing' in ipywidgets 8, '_playing' in 7
        if self.play is None:
            return None
        return next((name for name in ("playing", "_playing") if self.play.has_trait(name)),
                    None)

    def _playing(self) -> bool:
        name = self._playing_trait()
        return bool(getattr(self.play, name)) if name else False

    def _set_playing(self, on: bool) -> None:
        name = self._playing_trait()
        if name:
            self.play.set_trait(name, on)

    # ---- computing and drawing --------------------------------------------------------
    def values(self) -> dict:
        return {name: widget.value for name, widget in self.controls.items()}

    def safely(self, action: Callable[[], None]) -> None:
        """Run ``action`` quietly; a failure shows in the readout, never as a traceback."""
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                action()
        except Exception as error:
            self.readout.value = (f"<span style='color:#b00'>Could not draw this setting: "
                                  f"{type(error).__name__}: {error}</span>")
        self._idle_since = time.perf_counter()

    def draw(self, result: dict) -> None:
        """Draw one result: the picture, then its readout."""
        self.explorer.plot(self.figure, result, self.cache)
        freeze(self.figure, self.explorer.name)  # a first frame: its stored layout, if any
        self.image.value = figure_png(self.figure)
        self.figure.set_layout_engine(None)  # keep the first layout: later frames are quicker
        self.readout.value = f"<span class='nnlib-readout-text'>{result['readout']}</span>"
        self._result = result

    def update(self) -> None:
        """Recompute for the current control values and redraw; never raises into the page."""
        self._rest = None
        self.safely(lambda: self._run(self.explorer.results(**self.values())))

    def _run(self, results, drawn: bool = False) -> None:
        last_draw = time.perf_counter() if drawn else 0.0  # drawn: a frame is showing
        pending = None
        for result in results:
            self.progress.value = float(result.get("progress", 1.0))
            pending = result
            # a stream draws at most ~8 frames a second, and always its last one
            if time.perf_counter() - last_draw > 0.12:
                self.draw(result)
                pending = None
                last_draw = time.perf_counter()
        if pending is not None:
            self.draw(pending)
        self.progress.value = 1.0

    def _ipython_display_(self) -> None:
        from IPython.display import display

        from ._static import display_bundle

        # the live widget, with a PNG of its picture and its readout for frontends
        # that cannot render widgets (a static page, nbviewer, a terminal)
        shown = display(display_bundle(self), raw=True, display_id=bool(self._rest))
        if self._rest is not None:  # the first epoch is on the page: now train, live
            self.finish()
            shown.update(display_bundle(self), raw=True)  # the still copy: the run's end


def show(name: str, **values: Any) -> ExplorerWidget:
    """Build the registered explorer ``name`` as widgets, optionally with starting values."""
    if name not in REGISTRY:
        raise ValueError(f"name: unknown explorer {name!r}; known explorers are "
                         f"{', '.join(sorted(REGISTRY))}")
    explorer = REGISTRY[name]
    return explorer.extra.get("widget", ExplorerWidget)(explorer, **values)
