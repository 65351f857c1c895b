"""``python tools/notebooks.py student-copies OUT_DIR``: the lessons without the exercises'
solutions. No solution text is left, every lesson still runs under nbval, and every
checker still tells the untouched stub "not done yet"."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import nnlib as nn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
import test_exercise_solutions as exercises  # noqa: E402  (the same way to find exercises)
from tools_module import notebooks_tool  # noqa: E402


tool = notebooks_tool()


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    out = tmp_path_factory.mktemp("copies") / "students"
    assert tool.main(["student-copies", str(out)]) == 0
    return out


def _cells(path: Path):
    return json.loads(path.read_text())["cells"]


def _solution_lines(path: Path) -> set[str]:
    """The lines of a lesson's solutions that appear nowhere else in the lesson."""
    cells = _cells(path)
    solutions = [block for cell in cells if cell["cell_type"] == "markdown"
                 for block in exercises.SOLUTION.findall(tool.source(cell))]
    elsewhere = "\n".join(tool.source(cell) for cell in cells
                          if not exercises.SOLUTION.search(tool.source(cell)))
    lines = {line.strip() for block in solutions for line in block.splitlines()}
    return {line for line in lines if len(line) > 12 and line not in elsewhere}


def test_every_lesson_is_copied_and_loses_its_solutions(copies):
    originals = tool.lessons()
    assert sorted(p.name for p in copies.glob("*.ipynb")) == [p.name for p in originals]
    removed = 0
    for path in originals:
        copy = copies / path.name
        text = "\n".join(tool.source(cell) for cell in _cells(copy))
        assert "<details" not in text.lower(), f"{path.name}: a <details> block is left"
        left = [line for line in _solution_lines(path) if line in text]
        assert not left, f"{path.name}: solution lines left: {left}"
        removed += text.count(tool.SOLUTION_REMOVED)
    assert removed == len(exercises.EXERCISES)


def test_copies_change_nothing_but_the_solutions(copies):
    for path in tool.lessons():
        original, copy = _cells(path), _cells(copies / path.name)
        assert len(original) == len(copy)
        for before, after in zip(original, copy):
            if exercises.SOLUTION.search(tool.source(before)):
                assert tool.source(after) == tool.SOLUTION_REMOVED
            else:
                assert tool.source(after) == tool.source(before)


def test_checkers_still_say_not_done_yet_on_every_stub(copies, capsys):
    found = 0
    for path in sorted(copies.glob("*.ipynb")):
        for cell in _cells(path):
            if cell["cell_type"] != "code":
                continue
            text = tool.source(cell)
            for checker, function in exercises.CALL.findall(text):
                stub = exercises.CALL.sub("", text)
                check = getattr(nn.exercises, checker)
                assert not check(exercises._define(stub, function)), (path.name, checker)
                assert "not done yet" in capsys.readouterr().out, (path.name, checker)
                found += 1
    assert found == len(exercises.EXERCISES) > 0


def test_every_copy_runs_under_nbval(copies):
    env = dict(os.environ, MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "--nbval-lax", "--nbval-current-env", str(copies)],
                         cwd=copies.parent, env=env, capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "failed" not in run.stdout
