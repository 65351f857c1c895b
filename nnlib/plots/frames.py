"""A drawn Figure as the PNG bytes a widget or a page shows.

A picture redrawn many times a second may mark some of its images as **pasted**
(:func:`paste_images`): RGBA bytes that cover their box at one pixel per screen pixel
and lie above everything else drawn in that box. Matplotlib composites an image through
its general resampling path, which costs a frame tens of milliseconds for a full-figure
layer of labels; :func:`figure_png` instead draws the figure without them and pastes their
pixels onto the canvas in numpy. ``savefig`` and anything else that draws the figure still
draws them the ordinary way, so the picture is the same either way.

A picture may also name its **moving** artists (:func:`blit`): the ones a frame changes,
drawn above everything else they overlap. Most of a frame's drawing is text (tick labels,
axis labels, legends, colour bars) that stays as it was, so :func:`figure_png` keeps the
pixels of everything else (the still layer) and, while nothing in it has changed, starts a
frame from a copy of them and draws only the moving artists. Matplotlib says when the still
layer has changed: moving artists are marked animated, so changing one leaves the figure's
``stale`` flag alone, and changing anything else (a limit, a label, a still line) sets it.
``savefig`` draws animated artists in their place, so a saved picture is the same too.
"""
from __future__ import annotations

import struct
import warnings
import zlib
from weakref import WeakKeyDictionary

import numpy as np
from matplotlib.figure import Figure

__all__ = ["blit", "figure_png", "paste_images", "png_bytes", "whole_pixels"]

_PASTED: WeakKeyDictionary = WeakKeyDictionary()  # figure -> images pasted, bottom first
_BLEND: WeakKeyDictionary = WeakKeyDictionary()  # image -> its data and what blending needs
_MOVING: WeakKeyDictionary = WeakKeyDictionary()  # figure -> its moving artists, bottom first
_STILL: WeakKeyDictionary = WeakKeyDictionary()  # figure -> (canvas size, the still layer)


def blit(fig: Figure, artists: list) -> None:
    """Name the artists of ``fig`` that its frames change; each must lie above every other
    artist it overlaps (a higher zorder than the spines, 2.5, inside an axes box).
    :func:`figure_png` then draws them, in the order matplotlib would, over a kept copy of
    the rest while the rest is unchanged. An empty list draws every frame whole again."""
    for artist in _MOVING.get(fig, ()):
        artist.set_animated(False)

    def order(artist) -> tuple:
        ax = artist.axes
        if ax is None or ax not in fig.axes:
            return (len(fig.axes), artist.get_zorder(), 0)
        children = ax.get_children()
        place = next((i for i, child in enumerate(children) if child is artist), len(children))
        return (fig.axes.index(ax), artist.get_zorder(), place)

    _MOVING[fig] = sorted(artists, key=order)
    for artist in artists:
        artist.set_animated(True)
    _STILL.pop(fig, None)
    fig.stale = True


def paste_images(fig: Figure, images: list) -> None:
    """Mark ``images`` (AxesImage or FigureImage artists of ``fig``, bottom first) to be
    pasted by :func:`figure_png`. Each must hold uint8 RGBA data of exactly its box's
    size in pixels, with nothing drawn above it; one that does not is drawn as usual."""
    _PASTED[fig] = list(images)


def _box(fig: Figure, image) -> tuple[int, int, int, int, bool, bool] | None:
    """(top row, left column, height, width, flip rows, flip columns) of the image on the
    canvas, when its data are uint8 RGBA covering that box one to one; None otherwise."""
    data = np.asarray(image.get_array())
    if data.dtype != np.uint8 or data.ndim != 3 or data.shape[2] != 4:
        return None
    upper = image.origin == "upper"
    if image.axes is None:  # a FigureImage: placed at (ox, oy) pixels, one to one
        left, bottom, flip_rows, flip_columns = image.ox, image.oy, not upper, False
        height, width = data.shape[:2]
    else:
        x_left, x_right, y_bottom, y_top = image.get_extent()
        (x0, y0), (x1, y1) = image.axes.transData.transform([(x_left, y_bottom),
                                                             (x_right, y_top)])
        # row 0 lies at y_top for origin "upper", at y_bottom for "lower"
        row0_y, other_y = (y1, y0) if upper else (y0, y1)
        flip_rows, flip_columns = row0_y < other_y, x1 < x0
        left, bottom = min(x0, x1), min(y0, y1)
        width, height = abs(x1 - x0), abs(y1 - y0)
    if (round(height), round(width)) != data.shape[:2] or abs(left - round(left)) > 0.01 \
            or abs(bottom - round(bottom)) > 0.01:
        return None
    top = round(fig.bbox.height) - round(bottom) - round(height)
    if top < 0 or round(left) < 0 or round(left) + round(width) > round(fig.bbox.width):
        return None
    return top, round(left), round(height), round(width), flip_rows, flip_columns


def _paste(fig: Figure, pixels: np.ndarray, image) -> None:
    top, left, height, width, flip_rows, flip_columns = _box(fig, image)
    data = np.asarray(image.get_array())
    if flip_rows:
        data = data[::-1]
    if flip_columns:
        data = data[:, ::-1]
    region = pixels[top:top + height, left:left + width]
    alpha = data[..., 3]
    if alpha.min() == 255:  # opaque everywhere: one copy
        region[...] = data
        return
    shown = alpha > 0
    if alpha.max() == 255 and np.all(alpha[shown] == 255):  # opaque where shown
        region[shown] = data[shown]
        return
    kept = _BLEND.get(image)
    if kept is None or kept[0] is not image.get_array():  # a label layer is kept as is
        where = np.nonzero(shown)
        a = alpha[where][:, None].astype(np.float32) / 255.0
        kept = (image.get_array(), where, a, data[where].astype(np.float32) * a)
        _BLEND[image] = kept
    _, where, a, over = kept
    under = region[where].astype(np.float32)
    blended = over + under * (1.0 - a)  # straight alpha, over the canvas
    blended[:, 3] = 255.0 * a[:, 0] + under[:, 3] * (1.0 - a[:, 0])
    region[where] = np.round(blended).astype(np.uint8)


def _drawn_above(image) -> list:
    """The artists its axes draws above ``image``, bottom first, as ``Axes.draw`` picks
    them: no background patch, and no spines or axis when the axes is switched off."""
    ax = image.axes
    if ax is None:
        return []
    skipped = {id(image), id(ax.patch)}
    if not ax.axison:
        skipped |= {id(artist) for artist in [*ax.spines.values(), ax.xaxis, ax.yaxis]}
    return sorted((artist for artist in ax.get_children()
                   if id(artist) not in skipped and artist.get_visible()
                   and artist.get_zorder() > image.get_zorder()),
                  key=lambda artist: artist.get_zorder())


def png_bytes(pixels: np.ndarray) -> bytes:
    """A PNG of ``pixels`` (height, width, 4) uint8 RGBA, written directly: RGB when every
    pixel is opaque (a quarter fewer bytes), rows unfiltered, zlib at level 1. A frame's
    flat areas compress well without PNG's row filters, so this is about three times
    quicker than Pillow's encoder at its lightest and gives a smaller file."""
    height, width, _ = pixels.shape
    opaque = bool(pixels[..., 3].min() == 255)
    channels, colour_type = (3, 2) if opaque else (4, 6)
    rows = np.empty((height, width * channels + 1), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 (none) for every row
    rows[:, 1:].reshape(height, width, channels)[...] = pixels[..., :channels]

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + chunk(b"IEND", b""))


def figure_png(fig: Figure) -> bytes:
    """The Figure as PNG bytes, drawn by Agg without touching pyplot.

    Drawing straight on an Agg canvas, pasting the marked images, drawing only the moving
    artists while the rest is unchanged (:func:`blit`) and writing the PNG with
    :func:`png_bytes` is several times quicker than ``savefig``, which matters at twenty
    frames a second.
    """
    _agg_canvas(fig)
    moving = _MOVING.get(fig)
    if not moving:
        _draw_whole(fig)
        return png_bytes(np.asarray(fig.canvas.buffer_rgba()))
    size = fig.canvas.get_width_height()
    still = _STILL.get(fig)
    if still is None or still[0] != size or fig.stale:
        _draw_whole(fig)  # the moving artists are animated: this draws the still layer
        still = (size, fig.canvas.copy_from_bbox(fig.bbox))
        _STILL[fig] = still
    else:
        fig.canvas.restore_region(still[1])
    renderer = fig.canvas.get_renderer()
    pixels = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for artist in moving:
            if not artist.get_visible():
                continue
            if artist in _PASTED.get(fig, ()) and _box(fig, artist) is not None:
                if pixels is None:
                    pixels = np.asarray(fig.canvas.buffer_rgba())
                _paste(fig, pixels, artist)
            else:
                artist.draw(renderer)
    # pasting shows hidden artists again, and drawing a legend or an annotation touches its
    # parts: both mark the figure stale. Anything still changed before this frame was seen
    # above, so the flag starts clean
    fig.stale = False
    return png_bytes(np.asarray(fig.canvas.buffer_rgba()))


def whole_pixels(fig: Figure) -> np.ndarray:
    """The picture :func:`figure_png` would give with no artist drawn apart from the rest:
    every artist in its place (a copy of the canvas, (height, width, 4) RGBA). For checking
    that blitting changes no pixel."""
    _agg_canvas(fig)
    moving = _MOVING.get(fig, [])
    for artist in moving:
        artist.set_animated(False)
    try:
        _draw_whole(fig)
        return np.asarray(fig.canvas.buffer_rgba()).copy()
    finally:
        for artist in moving:
            artist.set_animated(True)
        _STILL.pop(fig, None)


def _agg_canvas(fig: Figure) -> None:
    """Give ``fig`` an Agg canvas unless it has one (drawing then never touches pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)


def _draw_whole(fig: Figure) -> None:
    """Draw ``fig`` on its Agg canvas (all but animated artists), pasting marked images."""
    pasted = [image for image in _PASTED.get(fig, ())
              if image.get_visible() and not image.get_animated()
              and image in fig.images + [artist for ax in fig.axes for artist in ax.images]
              and _box(fig, image) is not None]
    # what an axes draws above a pasted image is drawn again after the paste, in order
    above = {id(image): [artist for artist in _drawn_above(image)
                         if not artist.get_animated()] for image in pasted}
    hidden = pasted + [artist for artists in above.values() for artist in artists]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for artist in hidden:
            artist.set_visible(False)
        try:
            fig.canvas.draw()
        finally:
            for artist in hidden:
                artist.set_visible(True)
        if pasted:
            pixels = np.asarray(fig.canvas.buffer_rgba())
            renderer = fig.canvas.get_renderer()
            for image in pasted:
                _paste(fig, pixels, image)
                for artist in above[id(image)]:
                    artist.draw(renderer)
