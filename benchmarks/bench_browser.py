"""How fast the explorers answer in a real JupyterLab, measured in the browser.

Opens every lesson notebook (``notebooks/NN_name.ipynb``) in JupyterLab in Chromium, runs all
cells, then moves every control of every explorer: each slider by a few arrow-key steps and to
both ends, each menu to every option, each checkbox both ways; a training explorer's controls
are changed and its button pressed. For each move it times, in the page with
``performance.now()``, the span from the key press, menu change or click to the moment the
explorer's picture (its ``<img>``) changes. Prints the median and the worst per explorer and
overall, and lists the moves behind a button (first new picture, and training finished).

Goal: median below 150 ms; no move that is not behind a button above 1 s.

Needs Chromium at /usr/bin/chromium and Playwright for Python (see tests/browser/).

Usage: python benchmarks/bench_browser.py [--only 02,05] [--steps 5] [--notebooks DIR]
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

import lab_server  # noqa: E402

GOAL_MEDIAN_MS = 150.0
GOAL_WORST_MS = 1000.0


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


def summary(times: list[float]) -> str:
    if not times:
        return "no picture changed"
    return (f"{len(times):4d} moves  median {statistics.median(times):7.0f} ms  "
            f"worst {max(times):7.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="lesson numbers to run, e.g. 02,05")
    parser.add_argument("--steps", type=int, default=5, help="arrow presses per slider, twice")
    parser.add_argument("--notebooks", type=Path, default=None,
                        help="folder of NN_name.ipynb notebooks (default: notebooks/)")
    args = parser.parse_args()

    problem = lab_server.browser_problem()
    if problem:
        print(f"cannot run the browser benchmark: {problem}")
        return 2
    notebooks = lab_server.lesson_notebooks(args.notebooks)
    if args.only:
        wanted = {number.strip().zfill(2) for number in args.only.split(",")}
        notebooks = [path for path in notebooks if path.name[:2] in wanted]
    if not notebooks:
        print("no lesson notebooks to open")
        return 2

    from playwright.sync_api import sync_playwright

    import lab_page

    print(f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
          f"load average at start {os.getloadavg()[0]:.1f}")
    root = lab_server.copy_lessons(notebooks, Path(tempfile.mkdtemp(prefix="nnlib-bench-")))
    server = lab_server.LabServer(root)
    reports = []
    started = time.monotonic()
    try:
        with sync_playwright() as playwright:
            browser = lab_server.launch_chromium(playwright)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for notebook in notebooks:
                lesson = lab_page.LessonPage(page, server.url, notebook.name,
                                             check_answers=False)
                try:
                    lesson.open()
                    lesson.run_all()
                    lesson.explore(moves=bench_moves(args.steps))
                finally:
                    lesson.close()
                reports.append(lesson.report)
                print(f"  {notebook.name}: {len(lesson.report.moves)} moves "
                      f"({time.monotonic() - started:.0f} s so far)", flush=True)
            browser.close()
    finally:
        server.stop()
    return report(reports)


def report(reports: list) -> int:
    moves = [move for lesson in reports for move in lesson.moves]
    plain = [move for move in moves if not move.behind_button]
    print("\nmove -> new picture, per explorer (moves behind a button are listed below)")
    for lesson in reports:
        for name in dict.fromkeys(lesson.explorers):
            mine = [m for m in plain if m.notebook == lesson.notebook and m.explorer == name]
            if not mine:
                continue
            times = [m.picture_ms for m in mine if m.picture_changed]
            unchanged = len(mine) - len(times)
            note = f"  ({unchanged} moves changed no picture)" if unchanged else ""
            print(f"  {lesson.notebook[:2]} {name:28s} {summary(times)}{note}")
    times = [m.picture_ms for m in plain if m.picture_changed]
    print(f"\n  overall{'':25s} {summary(times)}")
    if times:
        slowest = sorted((m for m in plain if m.picture_changed), key=lambda m: m.picture_ms)
        print("  slowest moves:")
        for move in slowest[-5:][::-1]:
            print(f"    {move.picture_ms:7.0f} ms  {move.describe()}")

    print("\nbehind a button (click -> first new picture, click -> training finished)")
    clicks = [m for m in moves if m.action.startswith("click '") or m.action == "press play"]
    for move in clicks:
        first = f"{move.picture_ms:7.0f} ms" if move.picture_changed else "no picture"
        if move.action == "press play":
            done = "(plays on until paused)"
        elif move.settled_ms is None:
            done = "finished: kernel still busy at the time limit"
        else:
            done = f"finished {move.settled_ms:7.0f} ms"
        print(f"  {move.notebook[:2]} {move.explorer:20s} {move.action:26s} first {first}  {done}")
    if not clicks:
        print("  none")

    problems = list(dict.fromkeys(p.splitlines()[0] for lesson in reports
                                  for p in lesson.problems))
    if problems:
        print(f"\n{len(problems)} problem(s) seen on the way (tests/browser fails on these):")
        for problem in problems[:20]:
            print("  " + problem[:200])
        if len(problems) > 20:
            print(f"  ... and {len(problems) - 20} more")

    if not times:
        return 1
    median, worst = statistics.median(times), max(times)
    print(f"\ngoal: median below {GOAL_MEDIAN_MS:.0f} ms: {median:.0f} ms -> "
          f"{'met' if median < GOAL_MEDIAN_MS else 'NOT met'}")
    print(f"goal: no move outside a button above {GOAL_WORST_MS:.0f} ms: worst {worst:.0f} ms "
          f"-> {'met' if worst <= GOAL_WORST_MS else 'NOT met'}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
