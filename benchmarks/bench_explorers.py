"""How quickly every explorer answers in Python, as a multiple of the widget floor.

For every registered explorer and every control, moves the control through its sweep values
(extremes, default, every option) on the widget layer and times each move until the PNG and
readout are replaced; for explorers behind a button, the time includes the click and the
whole run.

The **floor** is measured in the same run, interleaved with the explorer's moves (one floor
move after each explorer move): a minimal widget, a slider whose observer swaps between two
ready-made PNGs of the explorer's own frame size (its first picture, and the same with a
small block inverted) in an ``ipywidgets.Image`` and writes a one-line readout. So the
floor is the time to set ``image.value`` to a prebuilt PNG of that size plus the widget
layer's fixed cost. That cost is made real here: each widget message is serialized and signed
as a kernel does for its IOPub channel (``jupyter_client.Session``), and only the socket send
is left out. Explorers pay the same cost, so the multiple of the floor is how much of a frame
is the explorer's own work: compute, drawing and PNG encoding.

Goal: the Python side of a slider or menu frame at most 2x the floor. Training explorers
are also timed from ``show`` (their cell's run) to their first picture: goal 300 ms.

``--profile N`` profiles one frame (the explorer at its opening settings, redrawn) of the N
slowest explorers outside a button with cProfile, and splits it into compute, updating the
artists, matplotlib's drawing, PNG encoding and the rest (widget layer, readout).

Usage: python benchmarks/bench_explorers.py [--repeats 1] [--profile 3] [NAME ...]
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import platform
import pstats
import statistics
import time
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")

import comm  # noqa: E402
from comm.base_comm import BaseComm  # noqa: E402
from jupyter_client.session import Session  # noqa: E402

GOAL_MULTIPLE = 2.0
_SESSION = Session(key=b"benchmark-key", username="benchmark")


class SerializingComm(BaseComm):
    """A comm that builds, serializes and signs every message as a kernel's IOPub does."""

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys) -> None:
        content = dict(data={} if data is None else data, comm_id=self.comm_id, **keys)
        message = _SESSION.msg(msg_type, content=content, parent={},
                               metadata={} if metadata is None else metadata)
        frames = _SESSION.serialize(message, ident=self.topic)
        frames.extend(memoryview(buffer).cast("B") for buffer in buffers or [])


comm.create_comm = SerializingComm  # before any widget exists

from nnlib.explore import REGISTRY, show  # noqa: E402


def swapped_png(png: bytes) -> bytes:
    """The same picture with a 16 x 16 block inverted, encoded as nnlib encodes frames."""
    from PIL import Image, ImageOps

    picture = Image.open(io.BytesIO(png)).convert("RGBA")
    block = picture.crop((0, 0, 16, 16)).convert("RGB")
    picture.paste(ImageOps.invert(block), (0, 0))
    buffer = io.BytesIO()
    picture.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class Floor:
    """A slider whose observer swaps between two ready-made PNGs, and a readout."""

    def __init__(self, png: bytes, width: int, height: int) -> None:
        import ipywidgets as widgets

        self.frames = (png, swapped_png(png))
        self.shown = 0
        self.slider = widgets.IntSlider(value=0, min=0, max=10 ** 6, description="")
        self.image = widgets.Image(value=png, format="png", width=width, height=height,
                                   layout=widgets.Layout(width=f"{width}px",
                                                         height=f"{height}px"))
        self.readout = widgets.HTML(value="")
        self.slider.observe(self._swap, names="value")

    def _swap(self, change: dict) -> None:
        self.shown ^= 1
        self.image.value = self.frames[self.shown]
        self.readout.value = f"<span>frame {change['new']}</span>"

    def move(self) -> float:
        start = time.perf_counter()
        self.slider.value += 1
        return time.perf_counter() - start


@dataclass
class Timing:
    name: str
    kind: str
    times: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    load: float = 0.0
    png_bytes: int = 0
    size: tuple[int, int] = (0, 0)

    @property
    def multiple(self) -> float:
        return statistics.median(self.times) / statistics.median(self.floor)


def close(widget) -> None:
    for child in getattr(widget, "children", ()):
        close(child)
    widget.close()


def time_moves(name: str, repeats: int) -> Timing:
    explorer = REGISTRY[name]
    timing = Timing(name, "button" if explorer.run_button else "slider",
                    load=os.getloadavg()[0])
    widget = show(name)
    png = bytes(widget.image.value)
    timing.png_bytes = len(png)
    timing.size = (int(widget.image.width), int(widget.image.height))
    floor = Floor(png, *timing.size)
    floor.move()  # its first move builds what later ones reuse
    for _ in range(repeats):
        for control in explorer.controls:
            for value in control.sweep_values() + [control.default]:
                if widget.controls[control.name].value == value and not explorer.run_button:
                    continue
                start = time.perf_counter()
                widget.controls[control.name].value = value
                if widget.button is not None:
                    widget.button.click()
                timing.times.append(time.perf_counter() - start)
                timing.floor.append(floor.move())
    close(widget.box)
    for part in (floor.slider, floor.image, floor.readout):
        part.close()
    return timing


def time_play(ticks: int = 60) -> dict:
    """The playground's Play at its default setting: each tick arrives as the browser sends
    it (a change of the Play widget's value, while playing) and trains one epoch and draws
    it. Frames a second = the ticks a second the widget asks for, or fewer if a frame takes
    longer than the interval (a tick waits for the frame before it)."""
    widget = show("playground")
    widget._set_playing(True)
    interval = widget.play.interval / 1000.0
    for _ in range(3):  # warm: the first epochs build what later ones reuse
        widget.play.value += 1
    gc.collect()
    frames = []
    for _ in range(ticks):
        widget._idle_since = 0.0  # each tick as if it had not waited (the kernel idle)
        start = time.perf_counter()
        widget.play.value += 1
        frames.append(time.perf_counter() - start)
    widget._set_playing(False)
    close(widget.box)
    frame = statistics.median(frames)
    return {"interval": interval, "frame": frame, "worst": max(frames),
            "fps": 1.0 / max(interval, frame), "epochs": widget.playground.epoch,
            "load": os.getloadavg()[0]}


def time_first_pictures(repeats: int = 3) -> list[dict]:
    """Training explorers: from ``show`` (the cell's run) to the first picture, and to the
    end of the opening run (where the first picture used to wait). The first time in the
    process is "cold" (its data loaded, its code first run); then the median of ``repeats``."""
    rows = []
    for name in sorted(n for n, e in REGISTRY.items() if e.run_button):
        first, whole = [], []
        for _ in range(1 + repeats):
            start = time.perf_counter()
            widget = show(name)
            first.append(time.perf_counter() - start)
            widget.finish()
            whole.append(time.perf_counter() - start)
            close(widget.box)
        rows.append({"name": name, "cold": first[0], "first": statistics.median(first[1:]),
                     "whole": statistics.median(whole[1:]), "load": os.getloadavg()[0]})
    return rows


def profile_frame(name: str, frames: int = 5) -> None:
    """cProfile of ``frames`` redraws of the explorer at its opening settings, split up."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from nnlib.plots import frames as frame_module

    explorer = REGISTRY[name]
    widget = show(name)
    redraw = getattr(widget, "update", None) or widget.reset  # the playground rebuilds
    redraw()  # warm: caches filled as after the first visit
    gc.collect()  # a collection of earlier explorers' garbage would land in some frame
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for _ in range(frames):
        redraw()
    profiler.disable()
    total = (time.perf_counter() - start) / frames
    stats = pstats.Stats(profiler)

    def key_of(function) -> tuple:
        while hasattr(function, "func"):  # a functools.partial: the function inside
            function = function.func
        code = function.__code__
        return (code.co_filename, code.co_firstlineno, code.co_name)

    def cumulative(key, caller=None) -> float:
        entry = stats.stats.get(key)
        if entry is None:
            return 0.0
        if caller is None:
            return entry[3] / frames
        return entry[4].get(caller, (0, 0, 0, 0.0))[3] / frames

    computes = [explorer.compute]
    if "widget" in explorer.extra:  # the playground builds a Playground and snapshots it
        from nnlib.lab import Playground

        computes = [Playground.__init__, Playground.snapshot]
    png_key = key_of(frame_module.figure_png)
    parts = {
        "compute": sum(cumulative(key_of(function)) for function in computes),
        "plot (update artists)": cumulative(key_of(explorer.plot)),
        "matplotlib draw (Agg)": cumulative(key_of(FigureCanvasAgg.draw), png_key),
        "PNG encode": cumulative(key_of(frame_module.png_bytes), png_key),
    }
    profiled = sum(entry[2] for entry in stats.stats.values()) / frames
    parts["rest (widget layer, readout)"] = max(profiled - sum(parts.values()), 0.0)
    print(f"\n{name}: one frame {1000 * total:.0f} ms under the profiler "
          f"(load {os.getloadavg()[0]:.2f})")
    for part, seconds in parts.items():
        print(f"  {part:30s} {1000 * seconds:7.1f} ms  {100 * seconds / profiled:4.0f}%")
    inside_plot = cumulative(key_of(FigureCanvasAgg.draw)) - parts["matplotlib draw (Agg)"]
    if inside_plot > 0.0005:
        print(f"  (plot itself makes Agg draw for {1000 * inside_plot:.1f} ms of its time)")
    plot_key = key_of(explorer.plot)
    inside = sorted(((cumulative(key, plot_key), key) for key, entry in stats.stats.items()
                     if plot_key in entry[4]), reverse=True)[:3]
    if inside and inside[0][0] > 0.0005:
        print("  plot's largest calls: " + ", ".join(
            f"{name} {1000 * seconds:.1f} ms" for seconds, (_, _, name) in inside))
    print("  most time of its own:")
    own = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:8]
    for (filename, line, function), entry in own:
        where = "/".join(filename.split("/")[-2:])
        print(f"    {1000 * entry[2] / frames:6.1f} ms  {function} ({where}:{line})")
    close(widget.box)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="profile one frame of the N slowest explorers outside a button")
    parser.add_argument("names", nargs="*", help="explorers to time (default: all)")
    args = parser.parse_args()
    names = args.names or sorted(REGISTRY)
    import numpy as np

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
          f"numpy {np.__version__}, matplotlib {matplotlib.__version__}")
    print(f"load average at start {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"\n{'explorer':22s} {'kind':7s} {'moves':>5s} {'median':>8s} {'worst':>8s} "
          f"{'floor':>8s} {'x floor':>8s} {'worst x':>8s} {'PNG':>7s} {'load':>5s}")
    timings = []
    for name in names:
        timing = time_moves(name, args.repeats)
        timings.append(timing)
        floor = statistics.median(timing.floor)
        print(f"{name:22s} {timing.kind:7s} {len(timing.times):5d} "
              f"{1000 * statistics.median(timing.times):6.1f}ms {1000 * max(timing.times):6.0f}ms "
              f"{1000 * floor:6.2f}ms {timing.multiple:8.0f} {max(timing.times) / floor:8.0f} "
              f"{timing.png_bytes / 1024:5.0f}kB {timing.load:5.2f}", flush=True)
    for kind, label in (("slider", "sliders and menus"), ("button", "button runs")):
        mine = [t for t in timings if t.kind == kind]
        if not mine:
            continue
        times = [x for t in mine for x in t.times]
        floors = [x for t in mine for x in t.floor]
        print(f"\n{label}: {len(times)} moves, median {1000 * statistics.median(times):.0f} ms, "
              f"worst {1000 * max(times):.0f} ms; floor median "
              f"{1000 * statistics.median(floors):.2f} ms")
        multiples = [t.multiple for t in mine]
        print(f"  median over the explorers of their multiple of the floor: "
              f"{statistics.median(multiples):.0f}x (lowest {min(multiples):.0f}x, "
              f"highest {max(multiples):.0f}x)")
        if kind == "slider":
            met = statistics.median(multiples) <= GOAL_MULTIPLE
            print(f"  goal: a frame at most {GOAL_MULTIPLE:.0f}x the floor -> "
                  f"{'met' if met else 'NOT met'}")
    if "playground" in names:
        play = time_play()
        print(f"\nplayground Play at its default setting: a frame (one epoch, trained and "
              f"drawn) median {1000 * play['frame']:.0f} ms, worst {1000 * play['worst']:.0f} "
              f"ms over 60 ticks; ticks every {1000 * play['interval']:.0f} ms -> "
              f"{play['fps']:.1f} frames a second (load {play['load']:.2f}); goal at least 20 "
              f"-> {'met' if play['fps'] >= 20 - 1e-9 else 'NOT met'}")
    firsts = time_first_pictures() if any(REGISTRY[n].run_button for n in names) else []
    if firsts:
        print("\ntraining explorers, cell run to first picture (goal at most 300 ms) and to "
              "the end of the opening run:")
        for row in firsts:
            print(f"  {row['name']:18s} first picture {1000 * row['first']:4.0f} ms (cold "
                  f"{1000 * row['cold']:4.0f} ms), run done {1000 * row['whole']:5.0f} ms, "
                  f"load {row['load']:.2f}")
        worst = max(row["first"] for row in firsts)
        print(f"  goal -> {'met' if worst <= 0.3 else 'NOT met'} (slowest {1000 * worst:.0f} ms)")
    print(f"\nload average at the end {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if args.profile:
        plain = sorted((t for t in timings if t.kind == "slider"),
                       key=lambda t: -statistics.median(t.times))
        for timing in plain[:args.profile]:
            profile_frame(timing.name)


if __name__ == "__main__":
    main()
