"""The picture of a computational graph (lesson 05), drawn from the ``Value`` objects
the maths of ``nnlib.value`` builds: the boxes hold each node's ``data`` and ``grad``.

    >>> x, w = Value(2.0, 'x'), Value(-0.5, 'w')
    >>> out = (x * w).tanh()
    >>> out.backward()
    >>> ax = draw_graph(out, highlight=w)   # doctest: +SKIP
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path

from ..value import Value, topological_order

__all__ = ["draw_graph"]

# Sizes are in ems (one font size); a monospace font makes text widths predictable.
_ROW, _BEND_ROW, _GAP, _CHAR = 2.6, 1.0, 1.5, 0.64  # rows of a box and a bend, gap, character
_BOX, _LINE, _ACCENT, _ACCENT_LINE = "#e8f0fa", "#4a5563", "#ffc857", "#c47f00"


def _box_text(node: Value, show_grad: bool, stacked: bool = False) -> str:
    """"label | data .. | grad ..", or with ``stacked`` the grad on a second line."""
    parts = [node.label] if node.label else []
    parts.append(f"data {node.data + 0.0:.4g}")  # + 0.0 turns -0.0 into 0.0
    grad = [f"grad {node.grad + 0.0:.4g}"] if show_grad else []
    if stacked:
        return "\n".join([" | ".join(parts), *grad])
    return " | ".join(parts + grad)


def _spread(wanted: list[float], sizes: list[float]) -> list[float]:
    """The rows nearest ``wanted`` (least squares) that keep their order and do not overlap.

    Neighbours i and i + 1 stay (sizes[i] + sizes[i + 1]) / 2 apart (pool adjacent violators).
    """
    offsets = [0.0]
    for above, below in zip(sizes, sizes[1:]):
        offsets.append(offsets[-1] + (above + below) / 2)
    blocks: list[tuple[float, int]] = []  # pooled (sum, count) of wanted - offset
    for target, offset in zip(wanted, offsets):
        blocks.append((target - offset, 1))
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1] = (blocks[-1][0] + total, blocks[-1][1] + count)
    pooled = [total / count for total, count in blocks for _ in range(count)]
    return [z + offset for z, offset in zip(pooled, offsets)]


def _layout(order: list[Value], box_row: float = _ROW) -> tuple[dict, dict, dict]:
    """Depth (column) and row of every Value, and the bends of arrows that skip columns.

    Each node sits as far right as its users allow (just left of its first user), so the
    root's depth is the longest path from the leaves. An arrow over several columns gets a
    bend in each column it crosses; bends take rows too, so arrows pass between boxes.
    """
    steps_to_root = {order[-1]: 0}  # the longest path from each node up to the root
    for node in reversed(order):
        for child in node.children:
            steps_to_root[child] = max(steps_to_root.get(child, 0), steps_to_root[node] + 1)
    longest = max(steps_to_root.values())
    depth: dict = {node: longest - steps for node, steps in steps_to_root.items()}
    before, after = defaultdict(list), defaultdict(list)  # inputs and users, with the bends
    bends: dict = {}
    columns: dict[int, list] = {}
    for node in order:  # leaves first, inputs in argument order: ties keep this order
        for i, child in enumerate(node.children):
            bends[node, i] = [object() for _ in range(depth[node] - depth[child] - 1)]
            for k, bend in enumerate(bends[node, i]):
                depth[bend] = depth[child] + k + 1
                columns.setdefault(depth[bend], []).append(bend)
            path = [child, *bends[node, i], node]
            for source, target in zip(path, path[1:]):
                after[source].append(target)
                before[target].append(source)
        columns.setdefault(depth[node], []).append(node)
    row = {order[-1]: 0.0}
    for towards_users in (True, False):  # line items up with their users, then their inputs
        for d in sorted(columns, reverse=towards_users):
            wanted = {}
            for item in columns[d]:
                near = after[item] if towards_users else before[item]
                wanted[item] = sum(row[n] for n in near) / len(near) if near else row[item]
            items = columns[d] = sorted(columns[d], key=wanted.get)  # stable: ties keep order
            sizes = [box_row if isinstance(item, Value) else _BEND_ROW for item in items]
            row.update(zip(items, _spread([wanted[item] for item in items], sizes)))
    return depth, row, bends


def draw_graph(root: Value, ax: Axes | None = None,
               highlight: Value | Sequence[Value] | None = None, show_grad: bool = True,
               stacked: bool = False) -> Axes:
    """Draw ``root``'s computational graph, leaves on the left, ``root`` on the right.

    One box per Value (``label | data | grad``; no grad when ``show_grad`` is False), one
    oval per operation between its inputs and its output; ``highlight``: Value(s) drawn in
    an accent colour; ``stacked``: each box's grad on a second line (narrower boxes, so a
    wide graph's text stays larger). Without ``ax``, makes a Figure of fitting size (never
    pyplot); with one, fits the drawing inside it (clear it first when redrawing). Returns the Axes.
    """
    order = topological_order(root)
    marked = list(highlight) if isinstance(highlight, (list, tuple, set)) else [highlight]
    marked = [node for node in marked if node is not None]
    if not all(isinstance(node, Value) for node in marked):
        raise TypeError(f"highlight: expected a Value or a list of Values, got {highlight!r}")
    text = {node: _box_text(node, show_grad, stacked) for node in order}
    lines = max(t.count("\n") + 1 for t in text.values())
    box_row = _ROW + 1.2 * (lines - 1)  # a line of text is 1.2 ems
    depth, row, bends = _layout(order, box_row)
    size = {node: (_CHAR * max(map(len, text[node].split("\n"))) + 0.7, 1.8 + 1.2 * (lines - 1))
            for node in order}  # box, in ems
    oval = {node: (max(1.6, 0.85 * _CHAR * len(node.op) + 0.9), 1.6) for node in order}
    n_columns = 2 * depth[root] + 1  # Values in even columns, ops in the odd ones between
    widths, gaps = [0.0] * n_columns, [_GAP] * n_columns
    for node in order:
        widths[2 * depth[node]] = max(widths[2 * depth[node]], size[node][0])
        if node.children:
            widths[2 * depth[node] - 1] = max(widths[2 * depth[node] - 1], oval[node][0])
    for (node, i), path in bends.items():  # steep arrows need room: slopes of at most 1.5
        path = [node.children[i], *path, node]
        for source, target in zip(path, path[1:]):
            gap = abs(row[source] - row[target]) / 1.5
            gaps[2 * depth[target] - 1] = max(gaps[2 * depth[target] - 1], gap)
    ends = [sum(widths[:i + 1]) + sum(gaps[1:i + 1]) for i in range(n_columns)]
    box_x = {node: ends[2 * depth[node]] - size[node][0] / 2 for node in order}  # right-aligned
    width, top, bottom = ends[-1], min(row.values()), max(row.values())
    height = bottom - top + box_row

    if ax is None:  # very large graphs get smaller text rather than a huge figure
        fontsize = min(9.0, 16 * 72 / (width + 1))
        ax = Figure(figsize=((width + 1) * fontsize / 72, height * fontsize / 72)).add_axes(
            (0, 0, 1, 1))
    box = ax.get_position()
    ax_width = box.width * ax.figure.get_figwidth() * 72  # points
    ax_height = box.height * ax.figure.get_figheight() * 72
    fontsize = min(9.0, ax_width / (width + 1), ax_height / height)
    half_x, half_y = ax_width / fontsize / 2, ax_height / fontsize / 2  # an em is fontsize points
    ax.set_xlim(width / 2 - half_x, width / 2 + half_x)
    ax.set_ylim((top + bottom) / 2 + half_y, (top + bottom) / 2 - half_y)  # first row on top
    ax.set_axis_off()

    def arrow(points: list[tuple[float, float]]) -> None:
        ax.add_patch(FancyArrowPatch(path=Path(points), arrowstyle="-|>", color=_LINE, lw=0.9,
                                     mutation_scale=fontsize, zorder=1))

    for node in order:
        accent = any(node is m for m in marked)
        (w, h), x, y = size[node], box_x[node], row[node]
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, zorder=2,
                                    boxstyle="round,pad=0,rounding_size=0.3",
                                    fc=_ACCENT if accent else _BOX,
                                    ec=_ACCENT_LINE if accent else _LINE,
                                    lw=1.6 if accent else 0.8))
        ax.text(x, y, text[node], ha="center", va="center", fontsize=fontsize,
                family="monospace", zorder=3)
        if not node.children:
            continue
        x = ends[2 * depth[node] - 1] - widths[2 * depth[node] - 1] / 2
        y, (a, b) = row[node], (oval[node][0] / 2, oval[node][1] / 2)
        ax.add_patch(Ellipse((x, y), 2 * a, 2 * b, fc=_ACCENT if accent else "white",
                             ec=_ACCENT_LINE if accent else _LINE, lw=0.9, zorder=2))
        ax.text(x, y, node.op, ha="center", va="center", fontsize=fontsize,
                family="monospace", zorder=3)
        arrow([(x + a, y), (box_x[node] - size[node][0] / 2, y)])
        for i, child in enumerate(node.children):
            points = [(box_x[child] + size[child][0] / 2, row[child])]
            for bend in bends[node, i]:  # run straight through each column it crosses
                column = 2 * depth[bend]
                points += [(ends[column] - widths[column], row[bend]), (ends[column], row[bend])]
            repeats = sum(c is child for c in node.children[:i])
            if repeats:  # a * a: the second arrow from a kinks below the first
                points.append(((points[-1][0] + x) / 2, (points[-1][1] + y) / 2 + 0.8 * repeats))
            dx, dy = points[-1][0] - x, points[-1][1] - y
            t = 1 / math.hypot(dx / a, dy / b)  # where the line to the oval's centre meets it
            arrow(points + [(x + t * dx, y + t * dy)])
    return ax
