"""Stored first-frame layouts: where constrained layout puts each explorer's axes.

An explorer's figure is laid out once, on its first frame, and kept: later frames are quicker
without a layout engine. Constrained layout is a third of a first frame's drawing time,
and it always lands in the same place for the same figure, so the places are stored in
``layouts.json`` (written by ``python tools/layouts.py``, checked against a fresh layout by
the tests) and the widget sets them instead. Every later frame, at any setting, uses the
first frame's places already; a stored layout only saves computing them.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from matplotlib.figure import Figure

FILE = Path(__file__).with_name("layouts.json")


@lru_cache(maxsize=1)
def stored() -> dict:
    """{explorer name: {"figsize": [w, h], "dpi": d, "axes": [[x0, y0, w, h], ...]}}."""
    return json.loads(FILE.read_text()) if FILE.exists() else {}


def places(fig: Figure) -> list[list[float]]:
    """Each Axes' position in figure fractions, in ``fig.axes`` order."""
    return [list(ax.get_position(original=True).bounds) for ax in fig.axes]


def freeze(fig: Figure, name: str) -> bool:
    """Place ``fig``'s axes where the stored layout of ``name`` has them and switch its
    layout engine off. Does nothing (False) when the figure has no engine, no layout is
    stored, or the stored one is for another size or another number of axes."""
    layout = stored().get(name)
    if (fig.get_layout_engine() is None or layout is None
            or list(fig.get_size_inches()) != layout["figsize"] or fig.dpi != layout["dpi"]
            or len(fig.axes) != len(layout["axes"])):
        return False
    fig.set_layout_engine(None)
    for ax, bounds in zip(fig.axes, layout["axes"]):
        ax.set_position(bounds)
    return True
