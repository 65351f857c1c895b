"""The playground as a lab, used in JupyterLab in Chromium: a scratch notebook shows it,
and every control is moved, every button pressed (Step, Reset, Regenerate, Record, the
layers' + and −), every preset and every neuron of the inspect menu chosen, Play pressed;
then the panels the generic moves cannot judge are checked by what the page shows: the
inspected neuron's map and formula, the health table, the recorded runs, a preset's note,
and controls hidden with ``hide=[...]``."""
from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

NOTEBOOK = "playground_lab_scratch.ipynb"
CELLS = [
    "import nnlib as nn\n"
    "lab = nn.explore.show('playground', layer_sizes=(2, 2))\nlab",
    "quiet = nn.explore.show('playground', hide=['noise', 'regenerate', 'health'])\nquiet",
]


def _write_notebook(root) -> None:
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
              "source": source} for source in CELLS]
    notebook = {"cells": cells, "metadata": {"kernelspec": {
        "display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5}
    (root / "notebooks" / NOTEBOOK).write_text(json.dumps(notebook), encoding="utf-8")


def _wait_for_text(locator, text: str, timeout_ms: float = 15000) -> str:
    locator.page.wait_for_function(
        "([el, text]) => el.innerText.includes(text)", arg=[locator.element_handle(), text],
        timeout=timeout_ms, polling=50)
    return locator.inner_text()


def test_every_control_button_preset_and_neuron_of_the_playground_answers(
        lab, open_lesson, save_screenshot):
    _write_notebook(lab.root)
    page = open_lesson(NOTEBOOK)
    try:
        page.open()
        page.run_all()
        assert page.report.explorers == ["playground", "playground"], page.report.explorers
        box = page.explorer(0)
        controls = page.controls(box)
        labels = {c["label"] for c in controls if c["type"] == "dropdown"}
        assert {"preset (a failure or its cure)", "inspect a neuron"} <= labels
        buttons = {c["label"] for c in controls if c["type"] == "button"}
        assert {"Step", "Reset", "Regenerate", "Record"} <= buttons
        # first what the generic moves cannot judge, read off the page
        pw = page.page
        selects = box.locator("select")
        menus = [selects.nth(i) for i in range(selects.count())]

        def options(menu) -> str:
            # ipywidgets writes the spaces of an option's label as no-break spaces
            return menu.evaluate("el => [...el.options].map(o => o.text.replace(/\\u00a0/g, "
                                 "' ')).join('|')")

        inspect = next(m for m in menus if "output · neuron 1" in options(m))
        inspect.select_option(index=options(inspect).split("|").index("layer 2 · neuron 1"))
        _wait_for_text(box, "z = Σ wᵢaᵢ + b")
        neuron_img = box.locator("img").nth(1)
        pw.wait_for_function("(img) => Boolean(img.getAttribute('src')) && "
                             "img.getClientRects().length > 0",
                             arg=neuron_img.element_handle(), timeout=15000)
        assert "|∂L/∂W|" in box.inner_text() and "dead" in box.inner_text()
        box.get_by_role("button", name="Record").click()
        _wait_for_text(box, "recorded runs")
        preset = next(m for m in menus if "cure: dropout 0.2" in options(m))
        preset.select_option(index=options(preset).split("|").index(
            "dead ReLUs: learning rate 1"))
        readout = box.locator(".nnlib-readout")
        assert "layer 2 is dead" in _wait_for_text(readout, "look for")
        page.wait_until_idle(60)
        quiet = page.explorer(1)
        shown = {c["label"] for c in page.controls(quiet) if c["shown"]}
        assert "noise" not in shown and "Regenerate" not in shown and "dataset" in shown
        assert "|∂L/∂W|" not in quiet.inner_text()  # its health table is hidden
        page.explore()
        for problem in page.report.problems:
            print("problem:", problem)
        moves = page.report.moves
        tried = {(m.control, m.action) for m in moves if m.explorer == "playground"}
        for label in ("Step", "Reset", "Regenerate", "Record"):
            assert (label, f"click {label!r}") in tried, label
        chosen = [m for m in moves if m.control == "preset (a failure or its cure)"]
        assert len({m.after for m in chosen}) == 11  # ten presets and the defaults
        assert len([m for m in moves if m.control == "inspect a neuron"]) >= 5
        for name in ("show test", "discretize"):
            assert any(m.control == name and m.picture_changed for m in moves), name
        page.check_outputs("after checking the panels")
    finally:
        save_screenshot(page)
    report = page.report
    print(f"{len(report.moves)} moves; timings {report.timings}")
    for note in report.notes:
        print("note:", note)
    if report.problems:
        pytest.fail(f"{len(report.problems)} problem(s):\n\n" + "\n\n".join(report.problems),
                    pytrace=False)
