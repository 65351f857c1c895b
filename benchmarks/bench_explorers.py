"""How quickly every explorer answers: from a control's new value to the new picture.

For every registered explorer and every control, moves the control through its sweep
values (extremes, default, every option) on the widget layer and times each move until
the PNG and readout are replaced; for explorers behind a button, the time includes the
click and the whole run. Prints the median and worst per explorer and overall.

Usage: python benchmarks/bench_explorers.py [--repeats 3] [NAME ...]
"""
from __future__ import annotations

import argparse
import statistics
import time

import matplotlib

matplotlib.use("Agg")

from nnlib.explore import REGISTRY, show  # noqa: E402


def time_moves(name: str, repeats: int) -> list[float]:
    widget = show(name)
    explorer = REGISTRY[name]
    times = []
    for _ in range(repeats):
        for control in explorer.controls:
            for value in control.sweep_values() + [control.default]:
                if widget.controls[control.name].value == value and not explorer.run_button:
                    continue
                start = time.perf_counter()
                widget.controls[control.name].value = value
                if widget.button is not None:
                    widget.button.click()
                times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("names", nargs="*", help="explorers to time (default: all)")
    args = parser.parse_args()
    names = args.names or sorted(REGISTRY)
    print(f"{'explorer':24s} {'kind':8s} {'moves':>5s} {'median ms':>10s} {'worst ms':>9s}")
    instant, buttons = [], []
    for name in names:
        times = time_moves(name, args.repeats)
        kind = "button" if REGISTRY[name].run_button else "slider"
        (buttons if kind == "button" else instant).extend(times)
        print(f"{name:24s} {kind:8s} {len(times):5d} {1000 * statistics.median(times):10.0f} "
              f"{1000 * max(times):9.0f}")
    for label, times, target in (("sliders and menus", instant, "target 100 ms"),
                                 ("button runs", buttons, "target 2000 ms")):
        if times:
            print(f"{label}: median {1000 * statistics.median(times):.0f} ms, worst "
                  f"{1000 * max(times):.0f} ms over {len(times)} moves ({target})")


if __name__ == "__main__":
    main()
