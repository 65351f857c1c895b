"""How fast the explorers answer in a real JupyterLab, as multiples of the page's floor.

Opens every lesson notebook (``notebooks/NN_name.ipynb``) in JupyterLab in Chromium, runs all
cells, then moves every control of every explorer: each slider by a few arrow-key steps and to
both ends, each menu to every option, each checkbox both ways; a training explorer's controls
are changed and its button pressed. For each move it times, in the page with
``performance.now()``, the span from the key press, menu change or click to the moment the
explorer's picture (its ``<img>``) changes.

The **floor** is measured in the same page and kernel: the served copy of each lesson ends with
one more cell that shows, for every explorer of the lesson, a minimal widget of the same size:
a slider whose observer swaps between two ready-made PNGs (the explorer's first picture, and
the same with a small block inverted) in an ``ipywidgets.Image``, and writes a one-line
readout. Its slider gets the same moves as the explorers' sliders. The floor is the round
trip every picture pays: key press, message to the kernel, observer, PNG back, image decoded
and swapped in. Each explorer's median and worst are reported as multiples of its own floor's
median, with the median over all explorers.

Goals: a control move at most 3x the floor (median); no move outside a button over 10x.

Needs Chromium at /usr/bin/chromium and Playwright for Python (see tests/browser/).

Usage: python benchmarks/bench_browser.py [--lessons 01 06] [--steps 5] [--notebooks DIR]
                                          [--markdown]
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

import lab_server  # noqa: E402

GOAL_MEDIAN = 3.0   # a move's median, as a multiple of the floor's median
GOAL_WORST = 10.0   # any move outside a button, as a multiple of the floor's median
FLOOR = "floor-"    # the floor widget of explorer NAME is the explorer "floor-NAME" on the page
SHOWN = re.compile(r"""explore\.(?:show|predict)\(\s*['"](\w+)['"]""")  # predict shows one too

FLOOR_CELL = '''\
# The benchmark's floor: for each explorer, a slider that swaps two ready-made PNGs of its size.
import io as _io

import ipywidgets as _widgets
from IPython.display import display as _display
from PIL import Image as _Image, ImageOps as _ImageOps

from nnlib.explore import show as _show


def _floor(name):
    built = _show(name)  # not shown: only its first picture is used
    first = bytes(built.image.value)
    picture = _Image.open(_io.BytesIO(first)).convert("RGBA")
    picture.paste(_ImageOps.invert(picture.crop((0, 0, 16, 16)).convert("RGB")), (0, 0))
    buffer = _io.BytesIO()
    picture.save(buffer, format="png", compress_level=1)
    frames, shown = (first, buffer.getvalue()), [0]
    width, height = built.image.width, built.image.height
    image = _widgets.Image(value=first, format="png", width=width, height=height,
                           layout=_widgets.Layout(width=f"{width}px", height=f"{height}px"))
    readout = _widgets.HTML(value="")
    readout.add_class("nnlib-readout")
    slider = _widgets.IntSlider(value=0, min=0, max=40, description="",
                                layout=_widgets.Layout(width="auto"))

    def swap(change):
        shown[0] ^= 1
        image.value = frames[shown[0]]
        readout.value = f"<span>frame {change['new']}</span>"

    slider.observe(swap, names="value")
    label = _widgets.HTML(value="floor slider")
    label.add_class("nnlib-control-label")
    panel = _widgets.VBox([_widgets.VBox([label, slider])],
                          layout=_widgets.Layout(width="270px", min_width="270px"))
    box = _widgets.VBox([_widgets.HTML(value=f"<b>floor for {name}</b>"),
                         _widgets.HBox([panel, _widgets.VBox([image, readout])])])
    box.add_class("nnlib-explorer")
    box.add_class(f"nnlib-explorer-floor-{name}")
    _close(built.box)
    return box


def _close(widget):
    for child in getattr(widget, "children", ()):
        _close(child)
    widget.close()


_display(*[_floor(name) for name in NAMES])
'''


def explorers_shown(notebook: Path) -> list[str]:
    """The explorers a lesson shows (``explore.show("name")`` or ``explore.predict("name",
    ...)`` in its code cells), in order."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    names = [match for cell in nb.cells if cell.cell_type == "code"
             for match in SHOWN.findall(cell.source)]
    return list(dict.fromkeys(names))


def add_floor_cell(notebook: Path) -> list[str]:
    """Append the floor cell to the served copy of a lesson; the explorers it covers."""
    import nbformat

    names = explorers_shown(notebook)
    if names:
        nb = nbformat.read(notebook, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(FLOOR_CELL.replace("NAMES", repr(names))))
        nbformat.write(nb, notebook)
    return names


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=False,
                              timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())


def bench_moves(steps: int):
    """More moves than the tests make: ``steps`` arrow presses, both ends, every option."""
    from moves import back_to_start

    def moves(control: dict) -> list[tuple[str, object]]:
        if control["type"] == "slider":
            return ([("press ArrowRight", "ArrowRight")] * steps
                    + [("press End", "End"), ("press Home", "Home")]
                    + [("press ArrowRight", "ArrowRight")] * steps
                    + back_to_start(control))
        if control["type"] == "dropdown":
            count, start = control["count"], control["index"]
            return [(f"choose option {(start + k) % count + 1} of {count}", (start + k) % count)
                    for k in range(1, count + 1)]
        if control["type"] == "checkbox":
            return [("click the checkbox", None)] * 4
        return []
    return moves


def median_ms(times: list[float]) -> str:
    return f"{statistics.median(times):.0f} ms" if times else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lessons", nargs="*", default=[],
                        help="lesson numbers to run, e.g. 01 06 (default: all)")
    parser.add_argument("--only", default="", help="the same, comma-separated: 02,05")
    parser.add_argument("--steps", type=int, default=5, help="arrow presses per slider, twice")
    parser.add_argument("--notebooks", type=Path, default=None,
                        help="folder of NN_name.ipynb notebooks (default: notebooks/)")
    parser.add_argument("--markdown", action="store_true",
                        help="also print a table for benchmarks/README.md")
    args = parser.parse_args()

    problem = lab_server.browser_problem()
    if problem:
        print(f"cannot run the browser benchmark: {problem}")
        return 2
    notebooks = lab_server.lesson_notebooks(args.notebooks)
    wanted = {part.strip().zfill(2) for item in args.lessons + [args.only]
              for part in item.split(",") if part.strip()}
    if wanted:
        notebooks = [path for path in notebooks if path.name[:2] in wanted]
    if not notebooks:
        print("no lesson notebooks to open")
        return 2

    from playwright.sync_api import sync_playwright

    import lab_page

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    print(f"before: {uptime()}")
    root = lab_server.copy_lessons(notebooks, Path(tempfile.mkdtemp(prefix="nnlib-bench-")))
    for notebook in notebooks:
        add_floor_cell(root / "notebooks" / notebook.name)
    server = lab_server.LabServer(root)
    reports, loads = [], {}
    started = time.monotonic()
    try:
        with sync_playwright() as playwright:
            browser = lab_server.launch_chromium(playwright)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for notebook in notebooks:
                loads[notebook.name] = os.getloadavg()[0]
                lesson = lab_page.LessonPage(page, server.url, notebook.name,
                                             check_answers=False)
                try:
                    lesson.open()
                    lesson.run_all()
                    lesson.explore(moves=bench_moves(args.steps))
                finally:
                    lesson.close()
                reports.append(lesson.report)
                print(f"  {notebook.name}: {len(lesson.report.moves)} moves, load at its start "
                      f"{loads[notebook.name]:.2f} ({time.monotonic() - started:.0f} s so far)",
                      flush=True)
            browser.close()
    finally:
        server.stop()
    print(f"after: {uptime()}")
    return report(reports, loads, args.markdown)


def explorer_rows(reports: list, loads: dict) -> list[dict]:
    """Per explorer: its plain moves' times and its floor's, with the multiples."""
    rows = []
    for lesson in reports:
        plain = [m for m in lesson.moves if not m.behind_button and m.picture_changed]
        for name in dict.fromkeys(lesson.explorers):
            if name.startswith(FLOOR):
                continue
            times = [m.picture_ms for m in plain if m.explorer == name]
            floor = [m.picture_ms for m in plain if m.explorer == FLOOR + name]
            unchanged = sum(1 for m in lesson.moves if m.explorer == name
                            and not m.behind_button and not m.picture_changed)
            clicks = [m for m in lesson.moves if m.explorer == name
                      and (m.action.startswith("click '") or m.action == "press play")]
            row = {"lesson": lesson.notebook[:2], "explorer": name, "times": times,
                   "floor": floor, "unchanged": unchanged, "clicks": clicks,
                   "load": loads.get(lesson.notebook, float("nan"))}
            if floor:
                row["floor_ms"] = statistics.median(floor)
                if times:
                    row["multiple"] = statistics.median(times) / row["floor_ms"]
                    row["worst_multiple"] = max(times) / row["floor_ms"]
            rows.append(row)
    return rows


def report(reports: list, loads: dict, markdown: bool) -> int:
    rows = explorer_rows(reports, loads)
    print("\nmove -> new picture, per explorer, against its floor in the same page "
          "(moves behind a button are listed below)")
    print(f"  {'':3s}{'explorer':22s} {'moves':>5s} {'median':>8s} {'worst':>8s} "
          f"{'floor':>8s} {'x floor':>8s} {'worst x':>8s} {'load':>5s}")
    for row in rows:
        if not row["times"]:
            continue
        note = f"  ({row['unchanged']} moves changed no picture)" if row["unchanged"] else ""
        floor = f"{row['floor_ms']:6.0f}ms" if "floor_ms" in row else "  none  "
        multiple = (f"{row['multiple']:8.2f} {row['worst_multiple']:8.2f}"
                    if "multiple" in row else f"{'-':>8s} {'-':>8s}")
        print(f"  {row['lesson']} {row['explorer']:22s} {len(row['times']):5d} "
              f"{statistics.median(row['times']):6.0f}ms {max(row['times']):6.0f}ms "
              f"{floor} {multiple} {row['load']:5.2f}{note}")
    measured = [row for row in rows if "multiple" in row]
    times = [t for row in rows for t in row["times"]]
    floors = [t for row in rows for t in row["floor"]]
    if times and floors:
        print(f"\n  all moves: {len(times)}, median {statistics.median(times):.0f} ms, worst "
              f"{max(times):.0f} ms; floor: {len(floors)} moves, median "
              f"{statistics.median(floors):.0f} ms, worst {max(floors):.0f} ms")
    slowest = sorted((m for lesson in reports for m in lesson.moves
                      if not m.behind_button and m.picture_changed
                      and not m.explorer.startswith(FLOOR)), key=lambda m: m.picture_ms)
    if slowest:
        print("  slowest moves:")
        for move in slowest[-5:][::-1]:
            print(f"    {move.picture_ms:7.0f} ms  {move.describe()}")

    print("\nbehind a button (click -> first new picture, click -> training finished), "
          "as multiples of the explorer's floor")
    any_clicks = False
    for row in rows:
        for move in row["clicks"]:
            any_clicks = True
            floor = row.get("floor_ms")
            first = (f"{move.picture_ms:6.0f} ms" + (f" ({move.picture_ms / floor:5.1f}x)"
                                                     if floor else "")
                     if move.picture_changed else "no picture")
            if move.action == "press play":
                done = "(plays on until paused)"
            elif move.settled_ms is None:
                done = "finished: kernel still busy at the time limit"
            else:
                done = f"finished {move.settled_ms:6.0f} ms" + (
                    f" ({move.settled_ms / floor:5.1f}x)" if floor else "")
            print(f"  {row['lesson']} {row['explorer']:18s} {move.action:16s} first {first}  "
                  f"{done}")
    if not any_clicks:
        print("  none")

    problems = list(dict.fromkeys(p.splitlines()[0] for lesson in reports
                                  for p in lesson.problems))
    if problems:
        print(f"\n{len(problems)} problem(s) seen on the way (tests/browser fails on these):")
        for problem in problems[:20]:
            print("  " + problem[:200])
        if len(problems) > 20:
            print(f"  ... and {len(problems) - 20} more")

    if not measured:
        print("\nno explorer move measured against a floor")
        return 1
    multiples = [row["multiple"] for row in measured]
    overall = statistics.median(multiples)
    over_median = [row["explorer"] for row in measured if row["multiple"] > GOAL_MEDIAN]
    over_worst = [row["explorer"] for row in measured if row["worst_multiple"] > GOAL_WORST]
    print(f"\nmedian over the {len(measured)} explorers of their multiple of the floor: "
          f"{overall:.2f}x (lowest {min(multiples):.2f}x, highest {max(multiples):.2f}x)")
    print(f"goal: a move at most {GOAL_MEDIAN:.0f}x the floor (median) -> {overall:.2f}x, "
          f"{'met' if overall <= GOAL_MEDIAN else 'NOT met'}"
          + (f"; explorers over it: {', '.join(over_median)}" if over_median else
             "; every explorer within it"))
    print(f"goal: no move outside a button over {GOAL_WORST:.0f}x its floor -> "
          + ("met" if not over_worst else f"NOT met: {', '.join(over_worst)}"))
    if markdown:
        print_markdown(rows, overall)
    print(f"load average at the end {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


def print_markdown(rows: list[dict], overall: float) -> None:
    print("\n| lesson | explorer | moves | median | worst | floor | median / floor "
          "| worst / floor | load |\n|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        if not row["times"] or "multiple" not in row:
            continue
        print(f"| {row['lesson']} | {row['explorer']} | {len(row['times'])} "
              f"| {statistics.median(row['times']):.0f} ms | {max(row['times']):.0f} ms "
              f"| {row['floor_ms']:.0f} ms | {row['multiple']:.2f} "
              f"| {row['worst_multiple']:.1f} | {row['load']:.1f} |")
    times = [t for row in rows for t in row["times"]]
    floors = [t for row in rows for t in row["floor"]]
    print(f"| all | **median over explorers** | {len(times)} | {median_ms(times)} "
          f"| {max(times):.0f} ms | {median_ms(floors)} | **{overall:.2f}** | | |")


if __name__ == "__main__":
    sys.exit(main())
