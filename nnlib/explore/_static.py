"""What an explorer shows where widgets cannot render.

A notebook output may carry several representations of one thing. An explorer's display
carries three in one bundle: the live widget (for JupyterLab, Notebook and Colab), a PNG of
the picture it opened on, and its one-line readout as text. A frontend that has the widget
manager shows the widget; one that has not (GitHub, nbviewer, a static HTML page, a bare
hub without the widgets extension) shows the PNG; a terminal shows the text.

    from IPython.display import display
    display(display_bundle(widget), raw=True)
"""
from __future__ import annotations

import base64
import html
import re

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_TAG = re.compile(r"<[^>]+>")


def readout_text(widget) -> str:
    """The explorer's readout as one line of plain text (its HTML without tags)."""
    value = getattr(getattr(widget, "readout", None), "value", "") or ""
    text = html.unescape(_TAG.sub("", value))
    return " ".join(text.split())


def _title(widget) -> str:
    explorer = getattr(widget, "explorer", None)
    return getattr(explorer, "title", "") or getattr(explorer, "name", "") or "Explorer"


def display_bundle(widget) -> dict:
    """The display bundle of an explorer widget (anything with ``box``, ``image`` and
    ``readout`` widgets, as ``ExplorerWidget`` and the playground have).

    Returns ``{'application/vnd.jupyter.widget-view+json': {...}, 'image/png': base64 text,
    'text/plain': 'Title: readout'}``; ``image/png`` is left out while the picture is empty.
    """
    bundle = {
        WIDGET_VIEW: {"version_major": 2, "version_minor": 0,
                      "model_id": widget.box.model_id},
    }
    picture = getattr(widget.image, "value", b"") or b""
    if isinstance(picture, memoryview):
        picture = picture.tobytes()
    if picture:
        bundle["image/png"] = base64.b64encode(bytes(picture)).decode("ascii")
    readout = readout_text(widget)
    title = _title(widget)
    bundle["text/plain"] = f"{title}: {readout}" if readout else title
    return bundle
