"""An explorer's display bundle: the live widget, a PNG of its opening frame and its
readout as text, so a frontend without the widget manager still shows the picture."""
import base64
import io
import json
from types import SimpleNamespace

import pytest
from PIL import Image

import nnlib as nn
from nnlib.explore._static import WIDGET_VIEW, display_bundle, readout_text

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("name", ["neuron", "gradient_flow", "playground"])
def test_bundle_carries_widget_picture_and_readout(name):
    widget = nn.explore.show(name)
    bundle = display_bundle(widget)
    assert set(bundle) == {WIDGET_VIEW, "image/png", "text/plain"}
    assert bundle[WIDGET_VIEW] == {"version_major": 2, "version_minor": 0,
                                   "model_id": widget.box.model_id}
    picture = base64.b64decode(bundle["image/png"])
    assert picture.startswith(PNG_SIGNATURE)
    assert picture == bytes(widget.image.value)  # the opening frame, as drawn
    width, height = Image.open(io.BytesIO(picture)).size
    assert width > 100 and height > 100
    text = bundle["text/plain"]
    assert "\n" not in text and "<" not in text
    assert text.endswith(readout_text(widget)) and readout_text(widget)
    assert text.startswith(widget.explorer.title)
    json.dumps(bundle)  # a display message must be JSON


def _fake(readout_html, picture):
    return SimpleNamespace(box=SimpleNamespace(model_id="abc"),
                           image=SimpleNamespace(value=picture),
                           readout=SimpleNamespace(value=readout_html),
                           explorer=SimpleNamespace(title="Made up", name="made_up"))


def test_readout_is_plain_text_on_one_line():
    widget = _fake("<span class='x'>layer 1 is 3e-06 &times; layer 10's\n  gradient</span>",
                   b"")
    assert readout_text(widget) == "layer 1 is 3e-06 × layer 10's gradient"


def test_an_empty_picture_is_left_out():
    bundle = display_bundle(_fake("", b""))
    assert "image/png" not in bundle
    assert bundle["text/plain"] == "Made up"
    assert bundle[WIDGET_VIEW]["model_id"] == "abc"


def test_a_memoryview_picture_is_encoded():
    bundle = display_bundle(_fake("ok", memoryview(PNG_SIGNATURE + b"rest")))
    assert base64.b64decode(bundle["image/png"]) == PNG_SIGNATURE + b"rest"


def test_ipython_publishes_the_bundle_as_given():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    existed = InteractiveShell.initialized()
    shell = InteractiveShell.instance()
    published = []
    original = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append(data)
    try:
        widget = nn.explore.show("neuron")
        display(display_bundle(widget), raw=True)
    finally:
        shell.display_pub.publish = original
        if not existed:
            InteractiveShell.clear_instance()
    assert published and set(published[0]) == {WIDGET_VIEW, "image/png", "text/plain"}
