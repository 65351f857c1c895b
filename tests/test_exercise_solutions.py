"""Every exercise in every lesson: the collapsed solution passes its checker, and the
untouched stub gets "not done yet" (a false result) without raising.

Convention in a lesson: a code cell defines a stub ``def my_thing(...)`` and calls
``nn.exercises.check_thing(my_thing)``; a markdown cell's ``<details>`` block holds a
```python fenced solution that defines ``my_thing`` using only ``np`` and ``nn``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import nnlib as nn

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CALL = re.compile(r"^\s*(?:nn\.)?(?:exercises\.)?(check_\w+)\((\w+)\)", re.MULTILINE)
SOLUTION = re.compile(r"<details.*?```python\n(.*?)```.*?</details>", re.DOTALL)


def _source(cell) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def _exercises():
    found = []
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text())["cells"]
        solutions = [block for cell in cells if cell["cell_type"] == "markdown"
                     for block in SOLUTION.findall(_source(cell))]
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            text = _source(cell)
            for checker, function in CALL.findall(text):
                stub = CALL.sub("", text)
                solution = next((s for s in solutions if f"def {function}(" in s), None)
                found.append(pytest.param(path.name, checker, function, stub, solution,
                                          id=f"{path.stem}-{checker}"))
    return found


EXERCISES = _exercises()


def _define(code: str, function: str):
    namespace = {"np": np, "nn": nn}
    exec(compile(code, f"<{function}>", "exec"), namespace)
    return namespace[function]


def test_lessons_have_exercises():
    if NOTEBOOKS:
        assert EXERCISES, "lessons exist but no exercise check call was found"


@pytest.mark.parametrize("notebook, checker, function, stub, solution", EXERCISES)
def test_solution_passes_and_stub_is_told_not_done(notebook, checker, function, stub, solution,
                                                    capsys):
    assert hasattr(nn.exercises, checker), f"{notebook}: nn.exercises has no {checker}"
    assert solution is not None, f"{notebook}: no <details> solution defines {function}"
    check = getattr(nn.exercises, checker)
    assert check(_define(solution, function)), capsys.readouterr().out
    assert not check(_define(stub, function))
    assert "not done yet" in capsys.readouterr().out
