"""Every lesson, opened in a real JupyterLab in Chromium and used as a learner would.

For each notebook ``notebooks/NN_name.ipynb`` (found when the tests are collected): open it,
run all cells, and check that no cell shows an error; then move every control of every
explorer (sliders with the keyboard, menus to every option, checkboxes and training buttons
with the mouse) and check that the picture and the readout answer in time, with no error,
traceback or warning; move each control of any ``interact`` and check its output is redrawn.
A screenshot of each lesson is kept in test-artifacts/screenshots/.
"""
from __future__ import annotations

import lab_server
import pytest

pytestmark = pytest.mark.browser

NOTEBOOKS = [path.name for path in lab_server.lesson_notebooks()]


def test_there_are_lessons_to_open():
    if not NOTEBOOKS:
        message = f"no lesson notebooks ({lab_server.LESSON_PATTERN}) to open in the browser"
        if lab_server.browser_required():
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_lesson_runs_and_its_explorers_answer_in_the_browser(notebook, open_lesson,
                                                              save_screenshot):
    page = open_lesson(notebook)
    try:
        page.open()
        page.run_all()
        ran_cleanly = list(page.report.problems)
        page.explore()
    finally:
        save_screenshot(page)
    report = page.report
    print(f"{notebook}: {len(report.explorers)} explorer(s) {report.explorers}, "
          f"{report.interacts} interact(s), {report.predictions} prediction(s) answered, "
          f"{len(report.moves)} moves, timings {report.timings}")
    for name in dict.fromkeys(report.explorers):
        moves = [move for move in report.moves if move.explorer == name]
        answered = sum(move.picture_changed for move in moves)
        clicks = sorted({move.action for move in moves
                         if move.action.startswith("click '") or move.action == "press play"})
        print(f"  {name}: {len(moves)} moves, {answered} drew a new picture; {clicks or ''}")
    for note in report.notes:
        print("note:", note)
    if ran_cleanly:
        pytest.fail("Run All did not run cleanly:\n" + "\n\n".join(ran_cleanly), pytrace=False)
    if not report.explorers:
        pytest.fail(f"{notebook} shows no explorer after Run All", pytrace=False)
    if not any(move.picture_changed for move in report.moves):
        pytest.fail(f"{notebook}: no move of any control changed any picture", pytrace=False)
    if report.problems:
        pytest.fail(f"{len(report.problems)} problem(s) using {notebook}:\n\n"
                    + "\n\n".join(report.problems), pytrace=False)
