"""The lessons in the classic Notebook 6 with ipywidgets 7.7.1 (Colab's widget version), and
a smoke test in Notebook 7, driven in Chromium as a learner uses them.

Classic Notebook: lessons 01, 06 and 11 Run All with no error output; in 01 and 06 an
explorer answers a slider moved with the keyboard, a click on a slider's track and a menu
changed (predictions committed first, since they hide their explorer's answer); in 11 the
playground's Step, Reset, Play and Pause answer. Notebook 7: lesson 01 Runs All with no
error and a click on a slider's track changes the picture (the arrow keys do not move
sliders there: jupyter/notebook#7716).
"""
from __future__ import annotations

import pytest
from notebook_page import NotebookPage

pytestmark = pytest.mark.browser

# lesson, and the explorer whose first slider and first menu are moved
EXPLORED = [("01_neuron.ipynb", "neuron"),
            ("06_vanishing_and_exploding_gradients.ipynb", "gradient_flow")]


def answers(page: NotebookPage, box, action: str, act) -> None:
    assert page.answers(box, action, act), f"{page.notebook} ({page.kind}): " + \
        "\n".join(page.problems)


def opened(server, new_page, notebook: str) -> NotebookPage:
    page = NotebookPage(new_page(f"{server.kind}-{notebook[:-6]}"), server, notebook)
    page.open()
    seconds = page.run_all()
    print(f"{server.kind}: {notebook} Run All took {seconds:.1f} s")
    for note in page.notes:
        print("note:", note)
    assert not page.problems, f"Run All in {server.kind} Notebook:\n" + "\n".join(page.problems)
    return page


@pytest.mark.parametrize("notebook,name", EXPLORED)
def test_classic_lesson_runs_and_its_explorer_answers(classic_server, new_page, notebook,
                                                      name):
    page = opened(classic_server, new_page, notebook)
    assert name in page.explorers(), page.explorers()
    page.answer_predictions()
    box = page.explorer(name)
    answers(page, box, "press ArrowRight on the first slider", lambda: page.press_slider(box))
    answers(page, box, "press ArrowLeft on the first slider",
            lambda: page.press_slider(box, "ArrowLeft"))
    answers(page, box, "click the first slider's track", lambda: page.click_slider(box))
    answers(page, box, "choose the menu's second option", lambda: page.choose(box, 1))
    page.check_outputs("after moving the controls")
    assert not page.problems, "\n".join(page.problems)


def test_classic_playground_buttons_answer(classic_server, new_page):
    page = opened(classic_server, new_page, "11_capstone_playground.ipynb")
    box = page.explorer("playground")
    answers(page, box, "click Step", lambda: page.click(box, "Step"))
    answers(page, box, "click Reset", lambda: page.click(box, "Reset"))
    box.scroll_into_view_if_needed()
    page.play_button(box, 0)
    played = page.pictures_while(box, 8.0)
    page.play_button(box, 1)
    page.wait_until_idle(120)
    page.pictures_while(box, 1.0)  # a tick already on its way may still arrive
    after_pause = page.pictures_while(box, 3.0)
    print(f"classic playground: {played} pictures in 8 s of Play, {after_pause} in 3 s "
          f"after Pause")
    assert played >= 2, f"Play drew {played} new picture(s) in 8 s"
    assert after_pause == 0, f"after Pause the playground drew {after_pause} more picture(s)"
    page.check_outputs("after the playground's buttons")
    assert not page.problems, "\n".join(page.problems)


def test_notebook7_runs_lesson_01_and_a_slider_click_answers(notebook7_server, new_page):
    page = opened(notebook7_server, new_page, "01_neuron.ipynb")
    page.answer_predictions()
    box = page.explorer("neuron")
    answers(page, box, "click the first slider's track", lambda: page.click_slider(box))
    page.check_outputs("after the click")
    assert not page.problems, "\n".join(page.problems)
