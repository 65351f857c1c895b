"""How long every lesson takes to run, and what its kernel uses.

Runs every lesson notebook (``notebooks/NN_name.ipynb``) in a fresh kernel, one lesson at a
time, cell after cell as "Run All" does, and prints for each:

- **Run All**: wall time from the first cell sent to the last cell's reply (the kernel is
  already started; its start is printed apart);
- **kernel CPU**: user + system seconds of the kernel process over Run All, from
  ``/proc/PID/stat`` (more than the wall time when BLAS threads work in parallel);
- **peak memory**: the kernel process's peak resident set (``VmHWM`` in ``/proc/PID/status``),
  read after the last cell, just before the kernel is shut down;

and the course's total, one lesson after another. Widget cells run as they do headless: the
widgets are built and drawn once, and nothing moves them. Matplotlib uses the kernel's own
inline backend, as in JupyterLab. The load average is printed before, during and after.

**The host's speed.** A virtual machine's processor can run at half its speed with a load
average near 0 (other machines on the same host). So just before each lesson the script
times a fixed piece of work of the same kinds as a lesson's (a Python loop, small numpy
products and one matplotlib figure drawn to PNG, a fifth of a second or so) and prints it
as ``host ref``. Two runs' times are comparable only when their references are close;
``Run All / ref`` is printed as a rough correction for runs whose references differ (rough:
a lesson's work is not the reference's mix).

Goals: every lesson's Run All at most 8 s; the whole course at most 60 s; at most 256 MiB
peak memory per lesson.

Usage: python benchmarks/bench_lessons.py [--lessons 01 06] [--repeat N] [--threads N]
                                          [--cells] [--markdown]
``--repeat N`` runs the course N times (lessons interleaved) and reports medians; ``--threads
N`` gives the kernels N BLAS threads (default: the machine's default); ``--cells`` prints
every cell's wall and CPU time and the kernel's peak memory after it, the slowest marked.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO_ROOT / "notebooks"
LESSON_PATTERN = "[0-9][0-9]_*.ipynb"
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
GOAL_LESSON_S = 8.0
GOAL_COURSE_S = 60.0
GOAL_MEMORY_MIB = 256.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
THREADS_CODE = ("from threadpoolctl import threadpool_info as _i; "
                "print(max([p['num_threads'] for p in _i() if p['user_api'] == 'blas'] "
                "or [0])); del _i")


@dataclass
class Cell:
    index: int
    first_line: str
    wall_s: float
    cpu_s: float
    peak_mib: float  # the kernel's peak so far, after this cell


@dataclass
class LessonRun:
    notebook: str
    run_all_s: float = 0.0
    cpu_s: float = 0.0
    peak_mib: float = 0.0
    start_s: float = 0.0
    elapsed_s: float = 0.0   # start, Run All and shutdown
    load: float = 0.0        # 1-minute load average when the lesson started
    reference_s: float = 0.0  # the host's speed just before it: host_reference()
    blas_threads: str = "?"
    error: str = ""
    cells: list[Cell] = field(default_factory=list)


def load_text() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min)"


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=False,
                              timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return f"load average {load_text()}"


def host_reference() -> float:
    """Seconds for a fixed piece of lesson-like work, in this process: the best of three."""
    import matplotlib
    matplotlib.use("Agg")
    import io

    import numpy as np
    from matplotlib.figure import Figure

    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(64, 64)), rng.normal(size=(64, 32))
    times = []
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(600_000):  # the interpreter
            total += i % 7
        for _ in range(600):      # small products and elementwise work, as in training
            np.tanh(a @ a) @ b
        fig = Figure(figsize=(6, 3), dpi=80)  # a small figure with text, drawn to PNG
        ax = fig.add_subplot()
        ax.plot(np.linspace(0, 1, 200), np.sin(np.linspace(0, 9, 200)), label="a line")
        ax.set(xlabel="x", ylabel="y", title="reference")
        ax.legend()
        fig.savefig(io.BytesIO(), format="png")
        times.append(time.perf_counter() - start)
    return min(times)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (all its threads) so far."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2:].split()  # the fields after the command name
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def peak_mib(pid: int) -> float:
    """Peak resident memory (VmHWM) of process ``pid``, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def kernel_pid(client: NotebookClient) -> int:
    process = getattr(client.km.provisioner, "process", None)
    if process is not None:
        return process.pid
    return int(ask(client, "import os; print(os.getpid())"))


def ask(client: NotebookClient, code: str) -> str:
    """Run ``code`` in the kernel, outside the notebook and its history; its stdout."""
    cell = nbformat.v4.new_code_cell(code)
    client.execute_cell(cell, 0, store_history=False)
    return "".join(out.get("text", "") for out in cell.outputs
                   if out.get("output_type") == "stream").strip()


def kernel_env(threads: int, ipython_dir: str) -> dict:
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # the kernel's inline backend, as a learner has it
    for variable in THREAD_VARIABLES:
        env.pop(variable, None)
        if threads:
            env[variable] = str(threads)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT),
                                                      os.environ.get("PYTHONPATH", "")]))
    env["IPYTHONDIR"] = ipython_dir  # no user start-up files or history
    return env


def run_lesson(path: Path, env: dict, with_cells: bool, log) -> LessonRun:
    nb = nbformat.read(path, as_version=4)
    run = LessonRun(path.name, load=os.getloadavg()[0], reference_s=host_reference())
    client = NotebookClient(nb, kernel_name="python3", timeout=600, allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    began = time.perf_counter()
    with client.setup_kernel(env=env, stdout=log, stderr=log):  # the kernel's own log
        pid = kernel_pid(client)
        run.start_s = time.perf_counter() - began
        cpu_before = cpu_seconds(pid)
        start = time.perf_counter()
        try:
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                cell_start, cell_cpu = time.perf_counter(), cpu_seconds(pid)
                client.execute_cell(cell, index)
                if with_cells:
                    first = next((line for line in cell.source.splitlines()
                                  if line.strip() and not line.startswith("#")),
                                 cell.source.splitlines()[0] if cell.source else "")
                    run.cells.append(Cell(index, first.strip(),
                                          time.perf_counter() - cell_start,
                                          cpu_seconds(pid) - cell_cpu, peak_mib(pid)))
        except CellExecutionError as error:
            run.error = str(error).strip().splitlines()[-1][:200]
        run.run_all_s = time.perf_counter() - start
        run.cpu_s = cpu_seconds(pid) - cpu_before
        run.peak_mib = peak_mib(pid)  # the last reading before shutdown
        try:
            run.blas_threads = ask(client, THREADS_CODE) or "?"
        except CellExecutionError:
            run.blas_threads = "?"
    run.elapsed_s = time.perf_counter() - began
    return run


def lesson_paths(wanted: list[str]) -> list[Path]:
    paths = sorted(NOTEBOOKS.glob(LESSON_PATTERN))
    numbers = {part.strip().zfill(2) for item in wanted for part in item.split(",")
               if part.strip()}
    return [path for path in paths if not numbers or path.name[:2] in numbers]


def median_run(runs: list[LessonRun]) -> LessonRun:
    """The medians of one lesson's repeats (cells matched by their index)."""
    middle = LessonRun(runs[0].notebook)
    for name in ("run_all_s", "cpu_s", "peak_mib", "start_s", "elapsed_s", "load",
                 "reference_s"):
        setattr(middle, name, statistics.median(getattr(run, name) for run in runs))
    middle.blas_threads = runs[0].blas_threads
    middle.error = next((run.error for run in runs if run.error), "")
    for position, cell in enumerate(runs[0].cells):
        same = [run.cells[position] for run in runs if len(run.cells) > position]
        middle.cells.append(Cell(cell.index, cell.first_line,
                                 statistics.median(c.wall_s for c in same),
                                 statistics.median(c.cpu_s for c in same),
                                 statistics.median(c.peak_mib for c in same)))
    return middle


def mark(ok: bool) -> str:
    return "" if ok else " (over)"


def print_table(lessons: list[LessonRun], course_run_all: float, course_elapsed: float) -> None:
    print(f"\n{'lesson':42s} {'Run All':>8s} {'CPU':>7s} {'peak MiB':>9s} {'start':>6s} "
          f"{'load':>5s} {'host ref':>9s} {'Run All / ref':>14s}")
    for run in lessons:
        note = f"  FAILED: {run.error}" if run.error else ""
        print(f"{run.notebook:42s} {run.run_all_s:7.2f}s {run.cpu_s:6.2f}s {run.peak_mib:9.0f} "
              f"{run.start_s:5.2f}s {run.load:5.2f} {run.reference_s:8.3f}s "
              f"{run.run_all_s / run.reference_s:14.1f}{note}")
    print(f"{'course, one lesson after another':42s} {course_run_all:7.2f}s "
          f"{sum(run.cpu_s for run in lessons):6.2f}s {max(run.peak_mib for run in lessons):9.0f}"
          f"   (with kernel starts and shutdowns: {course_elapsed:.1f} s)")


def print_markdown(lessons: list[LessonRun], course_run_all: float, course_elapsed: float,
                   repeats: int) -> None:
    print("\n| lesson | Run All | kernel CPU | peak memory | load | host ref |\n"
          "|---|---|---|---|---|---|")
    for run in lessons:
        failed = " (failed)" if run.error else ""
        print(f"| {run.notebook[:-6]}{failed} | {run.run_all_s:.1f} s"
              f"{mark(run.run_all_s <= GOAL_LESSON_S)} | {run.cpu_s:.1f} s | {run.peak_mib:.0f} MiB"
              f"{mark(run.peak_mib <= GOAL_MEMORY_MIB)} | {run.load:.1f} | "
              f"{run.reference_s:.2f} s |")
    print(f"| **course** | **{course_run_all:.1f} s**{mark(course_run_all <= GOAL_COURSE_S)} "
          f"| {sum(run.cpu_s for run in lessons):.1f} s "
          f"| {max(run.peak_mib for run in lessons):.0f} MiB (largest) | | "
          f"{statistics.median(run.reference_s for run in lessons):.2f} s (median) |")
    print(f"\nWith the kernels' starts and shutdowns the course took {course_elapsed:.1f} s"
          f"{' (median of ' + str(repeats) + ' runs)' if repeats > 1 else ''}.")


def print_cells(lessons: list[LessonRun], top: int = 3) -> None:
    for run in lessons:
        slowest = {cell.index for cell in sorted(run.cells, key=lambda c: -c.wall_s)[:top]}
        print(f"\n{run.notebook}: Run All {run.run_all_s:.2f} s")
        for cell in run.cells:
            star = "*" if cell.index in slowest else " "
            share = 100 * cell.wall_s / run.run_all_s if run.run_all_s else 0.0
            print(f" {star} cell {cell.index:3d} {cell.wall_s:7.3f} s {share:4.0f}%  "
                  f"cpu {cell.cpu_s:6.2f} s  peak {cell.peak_mib:4.0f} MiB  "
                  f"{cell.first_line[:60]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", nargs="*", default=[],
                        help="lesson numbers to run, e.g. 01 06 (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of the course; medians")
    parser.add_argument("--threads", type=int, default=0,
                        help="BLAS threads in the kernels (default: the machine's default)")
    parser.add_argument("--cells", action="store_true", help="print every cell's time")
    parser.add_argument("--markdown", action="store_true",
                        help="also print a table for benchmarks/README.md")
    args = parser.parse_args()
    paths = lesson_paths(args.lessons)
    if not paths:
        print("no lesson notebooks to run")
        return 2

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
          f"BLAS threads in the kernels: {args.threads or 'default'}")
    print(f"before: {uptime()}")
    runs: dict[str, list[LessonRun]] = {path.name: [] for path in paths}
    course_run_all, course_elapsed = [], []
    with tempfile.TemporaryDirectory(prefix="nnlib-lessons-") as scratch:
        env = kernel_env(args.threads, str(Path(scratch) / "ipython"))
        log = (Path(scratch) / "kernels.log").open("wb")
        for repeat in range(args.repeat):
            started = time.perf_counter()
            for path in paths:
                run = run_lesson(path, env, args.cells, log)
                runs[path.name].append(run)
                failed = f"  FAILED: {run.error}" if run.error else ""
                print(f"  run {repeat + 1}: {path.name:42s} {run.run_all_s:6.2f} s  cpu "
                      f"{run.cpu_s:6.2f} s  peak {run.peak_mib:5.0f} MiB  load {run.load:.2f}  "
                      f"host ref {run.reference_s:.3f} s"
                      f"  BLAS threads {run.blas_threads}{failed}", flush=True)
            course_elapsed.append(time.perf_counter() - started)
            course_run_all.append(sum(runs[path.name][-1].run_all_s for path in paths))
        log.close()
        kernel_log = (Path(scratch) / "kernels.log").read_text(errors="replace")
        if any(run.error for lesson in runs.values() for run in lesson):
            print(f"the kernels wrote:\n{kernel_log[-3000:]}")
    print(f"after: {uptime()}")

    lessons = [median_run(runs[path.name]) for path in paths]
    total, elapsed = statistics.median(course_run_all), statistics.median(course_elapsed)
    if args.repeat > 1:
        print(f"\nmedians of {args.repeat} runs")
    print_table(lessons, total, elapsed)
    over = [run.notebook for run in lessons if run.run_all_s > GOAL_LESSON_S]
    heavy = [run.notebook for run in lessons if run.peak_mib > GOAL_MEMORY_MIB]
    print(f"\ngoal: every lesson's Run All at most {GOAL_LESSON_S:.0f} s -> "
          f"{'met' if not over else 'NOT met: ' + ', '.join(over)}")
    if len(lessons) == len(sorted(NOTEBOOKS.glob(LESSON_PATTERN))):
        print(f"goal: the course at most {GOAL_COURSE_S:.0f} s -> {total:.1f} s, "
              f"{'met' if total <= GOAL_COURSE_S else 'NOT met'}")
    print(f"goal: at most {GOAL_MEMORY_MIB:.0f} MiB per lesson -> "
          f"{'met' if not heavy else 'NOT met: ' + ', '.join(heavy)}")
    if args.cells:
        print_cells(lessons)
    if args.markdown:
        print_markdown(lessons, total, elapsed, args.repeat)
    print(f"\nload average at the end: {load_text()}")
    return 1 if any(run.error for run in lessons) else 0


if __name__ == "__main__":
    sys.exit(main())
