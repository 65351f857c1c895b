"""Whether moving a control ought to change an explorer's picture or readout.

Some settings cannot change what an explorer shows (the leaky-ReLU slope while the menu says
sigmoid; a playground's learning rate before it trains). When the page shows no change after
a move, the browser tests ask nnlib itself: the same explorer widget ``nnlib.explore.show``
builds is built in this process with the settings before and with those after the move (read
back from the page's controls), and their pictures and readouts are compared.
"""
from __future__ import annotations

import warnings

import numpy as np
from moves import SETTABLE

_shown: dict = {}
PLAIN_KINDS = ("float", "int", "log", "choice", "bool")


def settings(name: str, controls: list[dict]) -> dict | None:
    """The explorer's control values shown by the page's controls, or None if unknown.

    Page controls are matched to the registry's by their label, else by their order.
    """
    from nnlib.explore import REGISTRY

    explorer = REGISTRY.get(name)
    shown = [c for c in controls if c["type"] in SETTABLE]
    # a control made of buttons (the playground's hidden layers) has no single page element
    # to read: both sides of a move keep its default, which that move did not change
    plain = [c for c in explorer.controls if c.kind in PLAIN_KINDS] if explorer else []
    by_label = {(c.label or c.name.replace("_", " ")): c for c in plain}
    if len(shown) > len(plain) and set(by_label) <= {c["label"] for c in shown}:
        # menus of the widget's own (the playground's preset and inspected neuron) beside
        # the controls: only the controls say what a fresh widget shows
        shown = [c for c in shown if c["label"] in by_label]
    if explorer is None or len(shown) != len(plain):
        return None
    labels = [element["label"] for element in shown]
    if len(set(labels)) == len(labels) and set(labels) == set(by_label):
        pairs = [(by_label[element["label"]], element) for element in shown]
    else:
        pairs = list(zip(plain, shown))
    values = {}
    for control, element in pairs:
        if control.kind in ("float", "int", "log"):
            if element["type"] != "slider" or element["raw"] is None:
                return None
            raw = float(element["raw"])  # the slider's own value (a log slider's exponent)
            if control.kind == "log":
                values[control.name] = 10.0 ** raw
            else:
                values[control.name] = round(raw) if control.kind == "int" else raw
        elif control.kind == "choice":
            options = {str(option): option for option in control.options}
            if element["type"] != "dropdown" or element["value"] not in options:
                return None
            values[control.name] = options[element["value"]]
        else:
            if element["type"] != "checkbox":
                return None
            values[control.name] = bool(element["value"])
    return values


def shown_for(name: str, values: dict) -> tuple[bytes, str]:
    """The PNG and readout a freshly shown explorer has for these settings."""
    from nnlib.explore import show

    key = (name, tuple(sorted((k, repr(v)) for k, v in values.items())))
    if key not in _shown:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                widget = show(name, **values)
                _shown[key] = (bytes(widget.image.value), str(widget.readout.value))
                _close(widget.box)
            except Exception as error:  # noqa: BLE001 - the page shows such a failure too
                _shown[key] = (b"", f"failed: {type(error).__name__}: {error}")
    return _shown[key]


def _close(widget) -> None:
    for child in getattr(widget, "children", ()):
        _close(child)
    widget.close()


def change_due(name: str, before: list[dict], after: list[dict]) -> tuple[bool, bool] | None:
    """(picture due to change, readout due to change) for a move, or None if not known."""
    old, new = settings(name, before), settings(name, after)
    if old is None or new is None:
        return None
    (old_png, old_readout), (new_png, new_readout) = shown_for(name, old), shown_for(name, new)
    return old_png != new_png, old_readout != new_readout
