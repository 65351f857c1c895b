"""The playground's picture, drawn from a snapshot of a :class:`nnlib.lab.Playground`.

:func:`plot` draws three parts, once, then updates them in place: the network (a tile per
feature and unit with its output over the plane, an edge per weight, dark red positive and
dark grey negative, wider the larger |w|; dead units crossed out, the inspected one framed
in teal); the output over the plane with the train points (circles), the test points
(triangles) if ``show_test``, in steps if ``discretize``; the train and test loss per epoch
beside every recorded run's test loss (dashed, numbered). :func:`plot_neuron` draws one
unit's map large. The colours are public for lessons that draw the playground's results.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from .frames import paste_images
from .playground_heat import HEAT_PIXELS, heat_pixels, heat_rgb  # noqa: F401 (heat_rgb: tests)
from .palette import ACCENT, CLASS_COLOURS, INK, OUTPUT_CMAP, WEIGHT_NEGATIVE, WEIGHT_POSITIVE

__all__: list = []  # drawn through the playground explorer, not the package's namespace

ORANGE, BLUE = CLASS_COLOURS[:2]  # class 0 and negative values; class 1 and positive
COLORMAP = OUTPUT_CMAP
TILE_PIXELS, PITCH = 20, 1.3  # a tile is 1 unit wide, drawn with 20 pixels; rows 1.3 apart
NET_BOX = (22.0, 11.3)  # the network panel's width and height, in tile units
TOP = -0.9  # room above the tiles for the layer names
MAX_RECORDED = 6  # recorded runs whose test loss the loss chart shows
FRAME_PLAIN, FRAME_INSPECTED = (153, 153, 153, 255), (*(int(ACCENT[i:i + 2], 16)
                                                        for i in (1, 3, 5)), 255)
DEAD_MARK = (*(int(INK[i:i + 2], 16) for i in (1, 3, 5)), 255)
_ring = np.ones((TILE_PIXELS + 2, TILE_PIXELS + 2), dtype=bool)
_ring[1:-1, 1:-1] = False
CROWN = _ring  # a tile's one-pixel frame
OUTER = np.ones((TILE_PIXELS + 4, TILE_PIXELS + 4), dtype=bool)
OUTER[1:-1, 1:-1] = False  # a second pixel round it: the inspected tile's frame is 2 wide
_diagonal = np.eye(TILE_PIXELS, dtype=bool)
CROSS = _diagonal | _diagonal[::-1] | np.roll(_diagonal, 1, axis=1) | \
    np.roll(_diagonal[::-1], 1, axis=1)  # two pixels wide, corner to corner


def _tile_positions(layer_sizes: list[int]) -> list[np.ndarray]:
    """Top-left corners (n, 2) of each column's tiles: inputs, hidden layers, output."""
    columns, left = len(layer_sizes), 2.4
    spacing = min(6.0, (NET_BOX[0] - left - 1.3) / max(columns - 1, 1))
    centre = (8 - 1) * PITCH / 2
    return [np.column_stack([np.full(n, left + c * spacing),
                             centre - (n - 1) * PITCH / 2 + PITCH * np.arange(n)])
            for c, n in enumerate(layer_sizes)]


def _tile_rgba(values: np.ndarray, normalize: bool) -> np.ndarray:
    """Colours (20, 20, 4) for one unit's outputs over the plane; top row = largest x2."""
    scale = max(float(np.max(np.abs(values), initial=0.0)), 1.0) if normalize else 1.0
    return COLORMAP(np.clip(values[::-1] / scale, -1.0, 1.0) * 0.5 + 0.5, bytes=True)


def _text_layer(fig: Figure, texts: list[tuple[float, float, str, dict]]) -> np.ndarray:
    """Labels (x, y in figure fractions, text, options) drawn once into an RGBA image the
    size of ``fig``: text is the slowest thing to draw, so every frame reuses this image."""
    scratch = Figure(figsize=fig.get_size_inches(), dpi=fig.dpi)
    scratch.patch.set_alpha(0.0)
    for x, y, text, options in texts:
        scratch.text(x, y, text, **options)
    canvas = FigureCanvasAgg(scratch)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def _build(fig: Figure, result: dict, cache: dict) -> None:
    fig.clear()
    fig.set_layout_engine("none")  # fixed panels: every frame has the same size and layout
    width_px, height_px = fig.get_size_inches() * fig.dpi

    def panel(left: float, bottom: float, width: float, height: float):  # in pixels
        return fig.add_axes((left / width_px, bottom / height_px, width / width_px,
                             height / height_px))

    width, height = NET_BOX
    # the network panel has exactly one pixel per canvas pixel: tiles stay crisp
    net = panel(8, 88, width * TILE_PIXELS, height * TILE_PIXELS)
    loss = panel(28, 30, 412, 48)
    heat = panel(458, 6, HEAT_PIXELS, HEAT_PIXELS)
    sizes = result["layer_sizes"]
    positions = _tile_positions(sizes)
    segments = [np.stack([np.repeat(start + [1.0, 0.5], len(end), axis=0),
                          np.tile(end + [0.0, 0.5], (len(start), 1))], axis=1)
                for start, end in zip(positions[:-1], positions[1:])]
    cache["edges"] = LineCollection(np.concatenate(segments) if segments else np.empty((0, 2, 2)),
                                    zorder=1, capstyle="butt")
    net.add_collection(cache["edges"])
    # RGBA bytes: the picture needs no colour mapping or conversion when it is drawn
    cache["canvas"] = np.zeros((round(height * TILE_PIXELS), round(width * TILE_PIXELS), 4),
                               dtype=np.uint8)
    cache["tiles"] = []  # (row, col) of each tile's top-left pixel, in unit order
    for column in positions:
        for x, y in column:
            row, col = round((y - TOP) * TILE_PIXELS), round(x * TILE_PIXELS)
            cache["canvas"][row - 1:row + TILE_PIXELS + 1, col - 1:col + TILE_PIXELS + 1] = \
                (153, 153, 153, 255)  # a thin grey frame round each tile
            cache["tiles"].append((row, col))
    cache["network"] = net.imshow(cache["canvas"], extent=(0, width, TOP + height, TOP),
                                  interpolation="nearest", zorder=2)
    net.set_xlim(0, width)
    net.set_ylim(TOP + height, TOP)
    net.axis("off")

    # the map at one pixel per screen pixel (bilinear from the grid, in numpy): a frame
    # pastes it under the points instead of resampling it through matplotlib
    cache["heat"] = heat.imshow(heat_pixels(result), origin="lower", extent=(-6, 6, -6, 6),
                                interpolation="nearest")
    cache["points"] = [heat.scatter(X[:, 0], X[:, 1], s=22, marker=marker, edgecolors=edge,
                                    facecolors=point_colours(result, y), linewidths=0.6,
                                    zorder=3)
                       for X, y, marker, edge in ((result["X_train"], result["y_train"], "o",
                                                   "white"),
                                                  (result["X_test"], result["y_test"], "^",
                                                   "black"))]
    cache["data"] = result["X_train"]
    heat.set_xlim(-6, 6)
    heat.set_ylim(-6, 6)
    heat.set_xticks([])
    heat.set_yticks([])

    cache["train_line"], = loss.plot([], [], color="0.55", lw=1.6)
    cache["test_line"], = loss.plot([], [], color="black", lw=1.1)
    loss.set_xticks([])  # the readout gives the epoch; tick labels would cost a frame 10 ms
    # the loss axis keeps a scale: 0 and one round value near the top (see _loss_ticks)
    loss.tick_params(axis="y", labelsize=9, length=2, pad=1)

    to_figure = fig.transFigure.inverted()

    def at(ax, x: float, y: float) -> tuple[float, float]:
        return tuple(to_figure.transform(ax.transData.transform((x, y))))

    small = {"fontsize": 9}
    names = ["inputs"] + [f"layer {i}" for i in range(1, len(sizes) - 1)] + ["output"]
    texts = [(*at(net, column[0, 0] + 0.5 if len(column) else 2.9, TOP + 0.55), name,
              {"ha": "center", "va": "bottom", **small})
             for column, name in zip(positions, names)]
    texts += [(*at(net, x - 0.15, y + 0.5), label, {"ha": "right", "va": "center", **small})
              for (x, y), label in zip(positions[0], result["feature_labels"])]
    texts += [(*at(heat, 0, 6.3), "output over the plane −6 … 6:  ● train  ▲ test",
               {"ha": "center", "va": "bottom", **small}),
              (234 / width_px, 12 / height_px, "loss over the epochs: grey train, black test,"
               " dashed teal: recorded runs' test loss",
               {"ha": "center", "va": "bottom", "fontsize": 9}),
              (234 / width_px, 79 / height_px, "edges: red + weight, grey − weight;"
               "  ✕ dead unit;  teal frame: inspected",
               {"ha": "center", "va": "bottom", "fontsize": 9})]
    labels = fig.figimage(_text_layer(fig, texts), origin="upper", zorder=5)
    # both cover their boxes pixel for pixel with nothing above: a frame pastes them
    paste_images(fig, [cache["heat"], cache["network"], labels])
    cache["axes"] = (net, loss, heat)
    cache["key"] = _key(result)


def _tile_marks(result: dict) -> dict[int, set]:
    """Tile index -> its marks, "dead" and/or "inspected" (tiles count the inputs first,
    then each layer's units)."""
    starts = np.cumsum([0] + list(result["layer_sizes"]))
    marks: dict[int, set] = {}
    for layer, dead in enumerate(result.get("dead", []), start=1):
        for unit in np.flatnonzero(dead):
            marks.setdefault(int(starts[layer] + unit), set()).add("dead")
    if result.get("inspected") is not None:
        layer, unit = result["inspected"]
        marks.setdefault(int(starts[layer] + unit), set()).add("inspected")
    return marks


def _recorded_lines(axes, recorded: list[dict], cache: dict) -> None:
    """One dashed teal line per recorded run's test loss, numbered at its end."""
    key = tuple((run["run"], len(run["epoch"])) for run in recorded)
    if cache.get("recorded_key") == key:
        return
    for artist in cache.pop("recorded_artists", []):
        artist.remove()
    artists = []
    for run in recorded:
        line, = axes.plot(run["epoch"], run["test_loss"], color=ACCENT, lw=0.9,
                          ls=(0, (3, 2)), zorder=1)
        top = min(run["test_loss"][-1], 5.0)
        artists += [line, axes.text(run["epoch"][-1], top, f" {run['run']}", color=ACCENT,
                                    fontsize=9, va="center", ha="left", clip_on=True)]
    cache["recorded_artists"], cache["recorded_key"] = artists, key


def point_colours(result: dict, y: np.ndarray) -> np.ndarray:
    """RGBA (n, 4): a class's colour, or for regression the number's colour on the map."""
    if result.get("problem") == "regression":
        return COLORMAP(np.clip(y, -1, 1) * 0.5 + 0.5)
    return np.array([to_rgba(CLASS_COLOURS[int(label) % len(CLASS_COLOURS)]) for label in y])


def _key(result: dict) -> tuple:
    """What the artists depend on: shapes and labels, never the identity of the data."""
    return (tuple(result["layer_sizes"]), tuple(result["feature_labels"]),
            result.get("problem"), result["X_train"].shape, result["X_test"].shape)


def plot(fig: Figure, result: dict[str, Any], cache: dict) -> None:
    """Draw a playground snapshot; artists are built once per network and data set."""
    if cache.get("key") != _key(result):
        cache.clear()
        _build(fig, result, cache)
    if cache.get("data") is not result["X_train"]:  # new points of the same shapes
        for points, X, y in zip(cache["points"], (result["X_train"], result["X_test"]),
                                (result["y_train"], result["y_test"])):
            points.set_offsets(X)
            points.set_facecolors(point_colours(result, y))
        cache["data"] = result["X_train"]
    canvas = cache["canvas"]
    maps = [tile for layer in result["unit_maps"] for tile in layer]
    n_outputs = len(result["unit_maps"][-1])
    marks = _tile_marks(result)
    for i, ((row, col), values) in enumerate(zip(cache["tiles"], maps)):
        canvas[row:row + TILE_PIXELS, col:col + TILE_PIXELS] = \
            _tile_rgba(values, normalize=i < len(maps) - n_outputs)  # outputs: probabilities
        canvas[row - 2:row + TILE_PIXELS + 2, col - 2:col + TILE_PIXELS + 2][OUTER] = \
            FRAME_INSPECTED if "inspected" in marks.get(i, ()) else (0, 0, 0, 0)
        canvas[row - 1:row + TILE_PIXELS + 1, col - 1:col + TILE_PIXELS + 1][CROWN] = \
            FRAME_INSPECTED if "inspected" in marks.get(i, ()) else FRAME_PLAIN
        if "dead" in marks.get(i, ()):
            canvas[row:row + TILE_PIXELS, col:col + TILE_PIXELS][CROSS] = DEAD_MARK
    cache["network"].set_data(canvas)
    weights = np.concatenate([w.reshape(-1) for w in result["kernels"]]).astype(float)
    if weights.size:
        colours = np.where(weights[:, None] > 0, to_rgba(WEIGHT_POSITIVE, 0.8),
                           to_rgba(WEIGHT_NEGATIVE, 0.8))
        cache["edges"].set_color(colours)
        cache["edges"].set_linewidth(0.25 + 2.75 * np.tanh(np.abs(weights)))
    cache["heat"].set_data(heat_pixels(result))
    cache["points"][1].set_visible(bool(result.get("show_test", True)))
    history = result["history"]
    cache["train_line"].set_data(history["epoch"], history["train_loss"])
    cache["test_line"].set_data(history["epoch"], history["test_loss"])
    loss_axes = cache["axes"][1]
    recorded = list(result.get("recorded", ()))[-MAX_RECORDED:]
    _recorded_lines(loss_axes, recorded, cache)
    last = max([history["epoch"][-1]] + [run["epoch"][-1] for run in recorded])
    loss_axes.set_xlim(0, max(10, last) * (1.06 if recorded else 1.0))  # room for numbers
    top = max(history["train_loss"] + history["test_loss"]
              + [loss for run in recorded for loss in run["test_loss"]])
    high = max(0.8, min(top, 5.0) * 1.1)
    loss_axes.set_ylim(0, high)
    ticks = _loss_ticks(high)
    if cache.get("loss_ticks") != ticks:  # labels change only when the scale does
        loss_axes.set_yticks(ticks, [f"{t:g}" for t in ticks])
        cache["loss_ticks"] = ticks


def _loss_ticks(high: float) -> tuple[float, ...]:
    """0 and the largest of 0.5, 1, 2, 5 x 10^k below ``high``: two labels fit 48 px."""
    step = max(s * 10.0 ** k for k in range(-2, 2) for s in (1, 2, 5) if s * 10.0 ** k < high)
    return (0.0, step)


def plot_neuron(fig: Figure, values: np.ndarray, title: str, cache: dict,
                label: str = "activation a") -> None:
    """One unit's output over the plane (g, g; the first row at x2 = -6), large, with a
    colour bar: orange negative, white 0, blue positive, symmetric about 0."""
    scale = max(float(np.max(np.abs(values), initial=0.0)), 1e-6)
    if "neuron_image" not in cache:
        fig.clear()
        ax = fig.add_subplot()
        cache["neuron_image"] = ax.imshow(values, origin="lower", extent=(-6, 6, -6, 6),
                                          cmap=COLORMAP, vmin=-scale, vmax=scale,
                                          interpolation="bilinear")
        ax.set_xlabel("x1", fontsize=9)
        ax.set_ylabel("x2", fontsize=9)
        ax.tick_params(labelsize=9)
        colorbar = fig.colorbar(cache["neuron_image"], ax=ax, fraction=0.08, pad=0.04)
        colorbar.set_label(label, fontsize=9)
        colorbar.ax.tick_params(labelsize=9)
        cache["neuron_title"] = ax.set_title(title, fontsize=9)
        cache["neuron_colorbar"] = colorbar
    image = cache["neuron_image"]
    image.set_data(values)
    image.set_clim(-scale, scale)
    cache["neuron_title"].set_text(title)
    cache["neuron_colorbar"].set_label(label, fontsize=9)
