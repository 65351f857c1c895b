"""Every lesson runs top to bottom twice in one kernel.

A learner presses Run All, changes a cell, and presses Run All again in the same kernel.
nbval runs each lesson once in a fresh kernel, so it cannot see a cell that works only on
its first run (a gradient that accumulates, a list that grows, a name that a later cell
deletes). This test runs every code cell of a lesson, then every code cell again, in one
kernel, and fails on the first cell that raises either time.
"""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_there_are_lessons_to_run():
    assert len(LESSONS) >= 12, [p.name for p in LESSONS]


def _run_all(client, notebook, pass_number):
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        try:
            client.execute_cell(cell, index)
        except CellExecutionError as error:
            source = cell.source.strip().splitlines()
            first = source[0] if source else ""
            pytest.fail(f"run {pass_number}, cell {index} ({first!r}) raised:\n{error}",
                        pytrace=False)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_twice_in_one_kernel(path):
    notebook = nbformat.read(path, as_version=4)
    env = dict(os.environ, MPLBACKEND="Agg")
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            allow_errors=False)
    with client.setup_kernel(env=env):
        _run_all(client, notebook, 1)
        _run_all(client, notebook, 2)
