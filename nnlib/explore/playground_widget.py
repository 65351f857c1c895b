"""Lesson 11 explorer: the playground, an explorer widget with play, pause, step and reset.

The maths lives in :mod:`nnlib.lab` (the data, a :class:`Playground` that trains one
epoch per tick, its health, presets, runs and settings strings), the picture in
:mod:`nnlib.plots.playground` and the HTML panels in :mod:`.playground_panels`. Here are
only the controls, grouped as the playground shows them, and what its buttons do: the
core ``ipywidgets.Play`` widget ticks from the browser (no threads), and each tick, like
each press of Step, trains one epoch and redraws.
"""
from __future__ import annotations

from typing import Any

from ._core import Control, Explorer, register
from ._controls import labelled
from ._widget import ExplorerWidget, figure_png
from ..lab import health, runs, share
from ..lab.playground import LIVE, Playground, compute
from ..lab.points import own_data
from ..lab.presets import NO_PRESET, PRESETS, preset_values
from ..plots.playground import plot, plot_neuron
from .playground_controls import CONTROLS, DISPLAY, PARTS, SECTIONS
from ..plots.playground_panels import confusion_html, health_html, neuron_html, runs_html

__all__ = ["CONTROLS", "EXPLORER", "SECTIONS", "PlaygroundWidget", "open_playground"]

NO_NEURON = "none"


def _labelled(text: str, menu):
    """A menu of the widget's own (not a control) with its label above, as controls have."""
    return labelled(Control(text, "choice", menu.value, options=tuple(menu.options),
                            label=text), menu)


class PlaygroundWidget(ExplorerWidget):
    """The explorer base with Play/Step/Reset/Regenerate/Record over the picture, a preset
    menu, a neuron to inspect, the network's health, a confusion matrix and the runs.

    Changing a data, feature or network setting builds a fresh network (a reset); the
    ``LIVE`` settings (learning rate, regularization, dropout, batch size) change the
    running network in place; ``show_test`` and ``discretize`` only redraw. Beyond the
    base's attributes: ``play``, ``button`` (Step), ``reset_button``,
    ``regenerate_button``, ``record_button``, ``preset`` and ``inspect`` (menus),
    ``playground`` (the :class:`Playground` being trained), ``model`` (its live
    ``Sequential``), ``runs`` (the recorded runs), ``seed`` and ``data_seed``.
    """

    INTERVAL_MS = 50  # Play's tick, 20 a second; a tick far behind is dropped (add_timer)

    def __init__(self, explorer: Explorer, settings: str | None = None, hide: Any = (),
                 data: Any = None, **values: Any) -> None:
        import ipywidgets as widgets

        restored, self._seeds, hidden = share.restore(settings, hide, data,
                                                      explorer.defaults())
        self.data = data
        if data is not None and "problem" not in values and "problem" not in restored:
            restored["problem"] = own_data(data)[5]  # the problem y asks for
        known = {control.name for control in explorer.controls} | set(PARTS)
        unknown = sorted(set(hidden) - known)
        if unknown:
            raise ValueError(f"hide: unknown name(s) {unknown}; names are {sorted(known)}")
        self.hidden = tuple(dict.fromkeys(hidden))
        self.runs: list[dict[str, Any]] = []
        self._note, self._holding = "", False
        self.neuron_figure = explorer.new_figure()
        self.neuron_figure.set_size_inches(3.4, 2.7)
        self.neuron_cache: dict = {}
        self.neuron_image = widgets.Image(format="png", layout=widgets.Layout(
            width=f"{int(3.4 * explorer.dpi)}px", height=f"{int(2.7 * explorer.dpi)}px"))
        self.neuron_text, self.health_panel, self.confusion_panel, self.runs_panel = (
            widgets.HTML("") for _ in range(4))
        super().__init__(explorer, **{**restored, **values})

    def setup(self) -> None:
        import ipywidgets as widgets

        self.playground: Playground | None = None
        self.seed, self.data_seed = self._seeds
        self.add_timer(self._train_one_epoch, self.INTERVAL_MS)
        self.button = self.add_button("Step", self._train_one_epoch, "train one epoch")
        self.reset_button = self.add_button("Reset", self._new_weights, "new starting weights")
        self.regenerate_button = self.add_button("Regenerate", self._new_points,
                                                 "new points (a new data seed)")
        self.record_button = self.add_button("Record", self.record,
                                             "add this run to the table and the loss chart")
        layout = widgets.Layout(width="auto")
        self.preset = widgets.Dropdown(options=[NO_PRESET, *PRESETS], value=NO_PRESET,
                                       layout=layout)
        self.preset.observe(lambda change: self.safely(lambda: self.apply_preset(
            change["new"])), names="value")
        self.inspect = widgets.Dropdown(options=[NO_NEURON], value=NO_NEURON, layout=layout)
        self.inspect.observe(lambda _: self._inspect_changed(), names="value")
        inspector = widgets.VBox([_labelled("inspect a neuron", self.inspect),
                                  self.neuron_image, self.neuron_text],
                                 layout=widgets.Layout(width="360px"))
        self._parts = {"inspect": inspector, "health": self.health_panel,
                       "confusion": self.confusion_panel, "runs": self.runs_panel}
        self.outputs.children += (widgets.HBox([inspector, widgets.VBox(
            [self.health_panel, self.confusion_panel])]), self.runs_panel)

    def start(self) -> None:
        panel = self.box.children[1].children[0]
        self._parts["preset"] = _labelled("preset (a failure or its cure)", self.preset)
        panel.children = (self._parts["preset"], *panel.children)
        self._parts.update(play=self.play, step=self.button, reset=self.reset_button,
                           regenerate=self.regenerate_button, record=self.record_button)
        for name in self.hidden:
            target = self._parts.get(name) or self._container(panel, self.controls[name])
            target.layout.display = "none"
        self.reset()

    @staticmethod
    def _container(root, widget):
        """The labelled box that holds ``widget`` in the panel (or the widget itself)."""
        for child in getattr(root, "children", ()):
            if child is widget:
                return widget
            found = PlaygroundWidget._container(child, widget)
            if found is widget:  # a label above it (not a checkbox row): hide them both
                first = child.children[0]
                return child if "nnlib-control-label" in first._dom_classes else widget
            if found is not None:
                return found
        return None

    # ---- what the controls and buttons do -----------------------------------------------
    def on_control(self, name: str) -> None:
        if self._holding:
            return
        self._note = ""
        if name in DISPLAY:
            self.safely(self._draw_playground)
        elif name in LIVE:
            values = self.values()
            self.safely(lambda: self.playground.set_training(
                **{key: values[key] for key in LIVE}))
        else:
            self.reset()

    def apply_preset(self, name: str) -> None:
        """Set every control to preset ``name`` (see :mod:`nnlib.lab.presets`), start from
        the opening weights and points, and say in the readout what to look for."""
        values = preset_values(name, self.explorer.defaults())
        self._holding = True
        try:
            for key, value in values.items():
                self.controls[key].value = value
        finally:
            self._holding = False
        self.seed = self.data_seed = 0
        self._note = "" if name == NO_PRESET else f"{name}: {PRESETS[name]['note']}"
        self._rebuild()

    def reset(self) -> None:
        """Build a fresh network (and data) from the current settings, and draw it."""
        self.safely(self._rebuild)

    def step(self) -> None:  # train one epoch and draw the new frame
        self.safely(self._train_one_epoch)

    def network_values(self) -> dict[str, Any]:
        """The control values a :class:`Playground` is built from (no display settings)."""
        return {key: value for key, value in self.values().items() if key not in DISPLAY}

    def _rebuild(self) -> None:
        self.playground = Playground(seed=self.seed, data_seed=self.data_seed, data=self.data,
                                     **self.network_values())
        names = [NO_NEURON] + [name for _, _, name in health.neurons(self.playground)]
        if list(self.inspect.options) != names:
            kept = self.inspect.value if self.inspect.value in names else NO_NEURON
            self._holding = True
            try:
                self.inspect.options = names
                self.inspect.value = kept
            finally:
                self._holding = False
        self._draw_playground()

    def _new_weights(self) -> None:
        self.seed += 1
        self._rebuild()

    def _new_points(self) -> None:
        self.data_seed += 1
        self._rebuild()

    def _train_one_epoch(self) -> None:
        self.playground.tick()
        self._draw_playground()

    def _inspect_changed(self) -> None:
        if not self._holding:
            self.safely(self._draw_playground)

    def _inspected(self) -> tuple[int, int] | None:
        for layer, unit, name in health.neurons(self.playground):
            if name == self.inspect.value:
                return layer, unit
        return None

    def _draw_playground(self) -> None:
        values = self.values()
        result = {**self.playground.snapshot(), "show_test": values["show_test"],
                  "discretize": values["discretize"], "inspected": self._inspected(),
                  "recorded": [{"run": run["run"], **run["history"]} for run in self.runs]}
        if self._note:
            result["readout"] += f"<br><b>look for</b> · {self._note}"
        self.draw(result)
        self._draw_panels(result)
        if self.result["diverged_at"] is not None:
            self._set_playing(False)  # nothing more to train: pause rather than spin

    def _draw_panels(self, result: dict) -> None:
        self.health_panel.value = health_html(result["health"])
        self.confusion_panel.value = confusion_html(runs.confusion_matrix(self.playground))
        inspected = result["inspected"]
        if inspected is None:
            self.neuron_image.layout.display = "none"
            self.neuron_text.value = ("<div style='font-size:0.9em'>Pick a neuron to see its "
                                      "map large, its formula with the live numbers, and "
                                      "whether it is dead or saturated.</div>")
            return
        layer, unit = inspected
        facts = health.neuron(self.playground, layer, unit)
        plot_neuron(self.neuron_figure, result["large_maps"][layer - 1][unit],
                    f"{self.inspect.value} ({facts['activation']})", self.neuron_cache,
                    label="activation a" if layer < len(result["large_maps"]) else "output z")
        self.neuron_image.value = figure_png(self.neuron_figure)
        self.neuron_image.layout.display = None
        self.neuron_text.value = neuron_html(facts)

    # ---- sharing and recording ----------------------------------------------------------
    @property
    def model(self):
        """The live ``Sequential`` being trained."""
        return self.playground.model

    def settings(self) -> str:
        """The whole state as one string: every control, both seeds, any hidden names;
        ``nn.explore.show('playground', settings=...)`` restores it."""
        state = {**self.values(), "seed": self.seed, "data_seed": self.data_seed}
        if self.hidden:
            state["hide"] = ",".join(self.hidden)
        if self.data is not None:
            state["data"] = "own"
        return share.encode(state)

    def to_code(self) -> str:
        """nnlib code (Keras style) that builds and compiles the network on show."""
        return share.to_code(self.values(), self.playground.layer_sizes[-1],
                             self.playground.problem)

    def record(self) -> dict[str, Any]:
        """Add the run on show to ``runs`` and to the loss chart; returns its row."""
        run = runs.record(self.playground, len(self.runs) + 1, self.settings())
        self.runs.append(run)
        described = [share.describe(share.decode(r["settings"], self._settings_defaults()))
                     for r in self.runs]
        self.runs_panel.value = runs_html(self.runs, described)
        self._draw_playground()
        return run

    def _settings_defaults(self) -> dict[str, Any]:
        return share.state_defaults(self.explorer.defaults())

    def runs_csv(self, path: Any = None) -> str:
        """The recorded runs as CSV text (written to ``path`` too, if given)."""
        text = runs.runs_csv(self.runs)
        if path is not None:
            with open(path, "w", encoding="utf-8") as file:
                file.write(text)
        return text


EXPLORER = register(Explorer(
    name="playground",
    title="Playground: data, features, layers and training, all live",
    controls=CONTROLS,
    compute=compute,
    plot=plot,
    figsize=(10.5, 4.5),
    dpi=72,
    lesson="11_capstone_playground",
    description="Build a small network for a 2-D data set and watch every unit learn.",
    extra={"widget": PlaygroundWidget, "sections": SECTIONS},
))


def open_playground(**settings: Any) -> PlaygroundWidget:
    """The full playground, with play, pause, step and reset, starting from ``settings``."""
    return PlaygroundWidget(EXPLORER, **settings)
