"""The widget for a ``"sizes"`` control: layer widths with + and − per layer.

A VBox whose ``value`` is the tuple of widths: a row per layer (−, its width, +) and a
row to add or remove a layer. Core widgets only, so it shows wherever ipywidgets does.
"""
from __future__ import annotations

import ipywidgets as widgets
import traitlets


class SizesWidget(widgets.VBox):
    """Layer widths from ``low`` to ``high`` neurons, at most ``most`` layers."""

    value = traitlets.Tuple()

    def __init__(self, value: tuple, low: int, high: int, most: int) -> None:
        super().__init__(layout=widgets.Layout(width="auto"))
        self.low, self.high, self.most = low, high, most
        self.value = tuple(value)
        self._lay_out()
        self.observe(lambda _: self._lay_out(), names="value")

    def _button(self, text: str, action, tooltip: str) -> widgets.Button:
        button = widgets.Button(description=text, tooltip=tooltip,
                                layout=widgets.Layout(width="30px"))
        button.on_click(lambda _: action())
        return button

    def _set(self, layer: int, change: int) -> None:
        sizes = list(self.value)
        sizes[layer] = min(self.high, max(self.low, sizes[layer] + change))
        self.value = tuple(sizes)

    def _lay_out(self) -> None:
        """A row for every possible layer, built once; rows past the last layer are hidden,
        so the page always holds the same buttons."""
        if not self.children:
            rows = []
            for layer in range(self.most):
                rows.append(widgets.HBox([
                    self._button("−", lambda layer=layer: self._set(layer, -1),
                                 "one neuron less"),
                    widgets.Label(""),
                    self._button("+", lambda layer=layer: self._set(layer, +1),
                                 "one neuron more")]))
            more = self._button("+", lambda: self._resize(+1), "add a hidden layer")
            fewer = self._button("−", lambda: self._resize(-1), "remove the last hidden layer")
            rows.append(widgets.HBox([fewer, widgets.Label(""), more]))
            self.children = rows
        for layer, row in enumerate(self.children[:-1]):
            shown = layer < len(self.value)
            row.layout.display = None if shown else "none"
            if shown:
                row.children[1].value = f"layer {layer + 1}: {self.value[layer]} neurons"
        self.children[-1].children[1].value = f"{len(self.value)} hidden layers"

    def _resize(self, change: int) -> None:
        if change > 0 and len(self.value) < self.most:
            self.value = self.value + (self.value[-1] if self.value else 4,)
        elif change < 0 and self.value:
            self.value = self.value[:-1]
