"""Tests for nnlib.plots.draw_graph: the picture of a Value's computational graph."""
from __future__ import annotations

import itertools

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, FancyBboxPatch
from test_value import neuron

from nnlib.plots import draw_graph
from nnlib.value import Value, topological_order


def boxes(ax):
    """The Value boxes as (text inside, box patch) pairs."""
    patches = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    found = []
    for text in ax.texts:
        inside = [p for p in patches if p.get_bbox().contains(*text.get_position())]
        if inside:
            found.append((text.get_text(), inside[0]))
    assert len(found) == len(patches)  # one text in each box
    return found


def test_draw_graph_draws_one_box_per_value_and_one_oval_per_operation():
    out = neuron()
    out.backward()
    ax = draw_graph(out)
    order = topological_order(out)
    operations = [node for node in order if node.children]
    assert len(boxes(ax)) == len(order)
    assert len(ax.texts) == len(order) + len(operations)
    assert sum(isinstance(p, Ellipse) for p in ax.patches) == len(operations)
    shown = [text for text, _ in boxes(ax)]
    assert "w1 | data -3 | grad 1" in shown
    assert sorted(t.get_text() for t in ax.texts if t.get_text() not in shown) == \
        sorted(node.op for node in operations)


def test_draw_graph_highlights_the_given_values():
    out = neuron()
    nodes = {node.label: node for node in topological_order(out)}
    plain = draw_graph(out)
    colours = {tuple(box.get_facecolor()) for _, box in boxes(plain)}
    assert len(colours) == 1
    for highlight, labels in [(nodes["n"], {"n"}), ([nodes["b"], out], {"b", "out"})]:
        ax = draw_graph(out, highlight=highlight)
        accented = {text.split(" | ")[0] for text, box in boxes(ax)
                    if tuple(box.get_facecolor()) not in colours}
        assert accented == labels
    with pytest.raises(TypeError, match="highlight"):
        draw_graph(out, highlight=3)


def test_draw_graph_hides_grads_when_asked():
    out = neuron()
    assert all("grad" in text for text, _ in boxes(draw_graph(out)))
    assert not any("grad" in text for text, _ in boxes(draw_graph(out, show_grad=False)))


def test_draw_graph_draws_into_the_given_axes_without_pyplot():
    import matplotlib.pyplot as plt

    figures_before = plt.get_fignums()
    fig = Figure(figsize=(7, 3))
    ax = fig.add_subplot()
    assert draw_graph(neuron(), ax=ax) is ax
    assert len(boxes(ax)) == 10
    assert draw_graph(Value(1.0, "alone")).figure is not fig
    assert plt.get_fignums() == figures_before


def deep_expression():
    """15 Values with reuse, numbers on both sides and arrows that skip columns."""
    a, b = Value(1.5, "a"), Value(-2.0, "b")
    p = (a * a + b).sigmoid() / (2 - a)
    q = (a * b).exp().log() ** 2
    return p + q - a.relu()


@pytest.mark.parametrize("make, given_axes", [(neuron, False), (deep_expression, False),
                                               (deep_expression, True)])
def test_draw_graph_shapes_do_not_overlap_and_stay_inside_the_axes(make, given_axes):
    root = make()
    root.backward()
    if given_axes:
        fig = Figure(figsize=(12, 3))
        ax = draw_graph(root, ax=fig.add_subplot())
    else:
        ax = draw_graph(root)
        fig = ax.figure
    FigureCanvasAgg(fig).draw()
    shapes = [p.get_window_extent() for p in ax.patches if isinstance(p, (FancyBboxPatch, Ellipse))]
    assert len(boxes(ax)) == len(topological_order(root))
    for first, second in itertools.combinations(shapes, 2):
        assert not first.overlaps(second), (first, second)
    frame = ax.get_window_extent()
    for shape in shapes:
        assert frame.x0 <= shape.x0 and shape.x1 <= frame.x1
        assert frame.y0 <= shape.y0 and shape.y1 <= frame.y1
    for text in ax.texts:  # every label fits inside its box or oval
        words = text.get_window_extent()
        assert any(shape.x0 <= words.x0 and words.x1 <= shape.x1 and shape.y0 <= words.y0
                   and words.y1 <= shape.y1 for shape in shapes), text.get_text()


def test_draw_graph_of_a_single_leaf_is_one_box():
    ax = draw_graph(Value(4.0, "x"))
    assert [t.get_text() for t in ax.texts] == ["x | data 4 | grad 0"]
    assert [text for text, _ in boxes(ax)] == ["x | data 4 | grad 0"]
