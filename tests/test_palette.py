"""One colour, one meaning: pictures that show no classes draw nothing in a class colour.

Class 0 is orange, class 1 blue, class 2 green and class 3 purple in every decision picture;
an explorer about gradients, dead units, optimizers or kernels that drew a bar blue or a
line green would make a learner look for a class that is not there.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import nnlib as nn  # noqa: E402
from matplotlib.collections import Collection  # noqa: E402
from matplotlib.colors import to_rgba, to_rgba_array  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.text import Text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CLASSLESS = ["activation_function", "adam_bias_correction", "backprop_steps", "born_dead",
             "conv_vs_dense", "convolution", "dead_relus", "descent_path", "gradient_flow",
             "layer_speed", "linear_stack", "loss_shapes", "optimizer_curves",
             "optimizer_race"]
SETTINGS = [(name, {}) for name in CLASSLESS] + [
    ("convolution", {"input": "EKG signal"}), ("gradient_flow", {"activation": "relu"})]
CLASS_RGB = [np.array(to_rgba(colour)[:3]) for colour in nn.plots.palette.CLASS_COLOURS[:4]]


def _colours(fig):
    """Every visible colour a line, patch, collection or text of ``fig`` is drawn in."""
    found = []
    for artist in fig.findobj():
        if not artist.get_visible() or artist is fig.patch:
            continue
        if isinstance(artist, Line2D) and len(artist.get_xdata()):
            if artist.get_linestyle() not in ("None", "", " "):
                found.append(("line", artist.get_color()))
            if artist.get_marker() not in ("None", "", " ", None):
                found.append(("marker edge", artist.get_markeredgecolor()))
                if artist.get_marker() in Line2D.filled_markers:
                    found.append(("marker", artist.get_markerfacecolor()))
        elif isinstance(artist, Patch) and artist.axes is not None \
                and artist is not artist.axes.patch:
            found += [("patch", artist.get_facecolor()), ("edge", artist.get_edgecolor())]
        elif isinstance(artist, Collection) and len(artist.get_paths()) \
                and artist.get_array() is None:  # a colour map's cells carry numbers
            found += [("collection", c) for c in to_rgba_array(artist.get_facecolor())]
            found += [("collection edge", c) for c in to_rgba_array(artist.get_edgecolor())]
        elif isinstance(artist, Text) and artist.get_text():
            found.append(("text " + repr(artist.get_text()[:20]), artist.get_color()))
    return [(kind, to_rgba(colour)) for kind, colour in found
            if not (isinstance(colour, str) and colour == "none")]


@pytest.mark.parametrize("name, values", SETTINGS, ids=[f"{n}-{v}" for n, v in SETTINGS])
def test_pictures_without_classes_use_no_class_colour(name, values):
    fig, _ = nn.explore.REGISTRY[name].render(values)
    fig.canvas.draw()
    for kind, rgba in _colours(fig):
        if rgba[3] == 0:
            continue
        for index, rgb in enumerate(CLASS_RGB):
            assert not np.allclose(rgba[:3], rgb, atol=0.02), \
                f"{name}: a {kind} drawn in class {index}'s colour {rgba}"


def test_the_check_catches_a_class_coloured_line():
    fig, _ = nn.explore.REGISTRY["gradient_flow"].render({})
    fig.axes[0].plot([0, 1], [1, 1], color="tab:blue")
    assert any(np.allclose(rgba[:3], CLASS_RGB[1], atol=0.02) for _, rgba in _colours(fig))


def test_no_picture_names_a_tab_colour():
    """matplotlib's tab: colours are the class colours; pictures take theirs from the
    palette instead, so that changing a class colour cannot leave a stray copy behind."""
    sources = {path.relative_to(ROOT): path.read_text(encoding="utf-8")
               for path in (ROOT / "nnlib").rglob("*.py") if path.name != "palette.py"}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        sources[path.relative_to(ROOT)] = "\n".join(
            "".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    stray = {str(path): re.findall(r"""["']tab:\w+["']""", text)
             for path, text in sources.items()}
    assert not {path: found for path, found in stray.items() if found}
