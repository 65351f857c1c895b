"""Write nnlib/plots/layouts.json: every explorer's first-frame layout at its defaults.

    python tools/layouts.py

Run it again when an explorer's picture changes its axes (tests/test_explorers.py says
when). Each explorer is drawn once with constrained layout; the places it chose are stored.
"""
from __future__ import annotations

import json
import sys

import matplotlib

matplotlib.use("Agg")

from nnlib.explore import REGISTRY  # noqa: E402
from nnlib.plots import layouts  # noqa: E402
from nnlib.plots.frames import figure_png  # noqa: E402


def layout_of(name: str) -> dict | None:
    """The constrained layout of the explorer's opening frame, or None if it sets its own."""
    explorer = REGISTRY[name]
    fig, _ = explorer.render()
    if fig.get_layout_engine() is None:
        return None
    figure_png(fig)  # the draw runs the layout
    return {"figsize": list(fig.get_size_inches()), "dpi": fig.dpi,
            "axes": layouts.places(fig)}


def main() -> int:
    found = {name: layout_of(name) for name in sorted(REGISTRY)}
    found = {name: layout for name, layout in found.items() if layout is not None}
    lines = [f"{json.dumps(name)}: {json.dumps(layout)}" for name, layout in found.items()]
    layouts.FILE.write_text("{\n" + ",\n".join(lines) + "\n}\n")  # an explorer a line
    print(f"{len(found)} layouts written to {layouts.FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
