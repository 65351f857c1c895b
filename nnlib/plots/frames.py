"""A drawn Figure as the PNG bytes a widget or a page shows."""
from __future__ import annotations

import io
import warnings

from matplotlib.figure import Figure

__all__ = ["figure_png"]


def figure_png(fig: Figure) -> bytes:
    """The Figure as PNG bytes, drawn by Agg without touching pyplot.

    Drawing straight on an Agg canvas and encoding with light compression is about a
    quarter quicker than ``savefig``, which matters at ten frames a second.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig.canvas.draw()
    image = Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba())
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()
