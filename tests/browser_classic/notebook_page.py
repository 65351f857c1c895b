"""A lesson open in the classic Notebook 6 or in Notebook 7, used as a learner uses it.

The notebook itself differs between the two (the classic page's ``Jupyter.notebook`` and its
``.output_area``; Notebook 7's ``jupyterapp`` and JupyterLab's ``.jp-OutputArea``), while the
explorers are ipywidgets in both: their boxes carry the classes ``nnlib-explorer``,
``nnlib-readout`` and ``nnlib-prediction`` whichever frontend draws them. A slider is jQuery
UI's in ipywidgets 7 and noUiSlider's in ipywidgets 8.
"""
from __future__ import annotations

import re
import time

try:
    from playwright.sync_api import Error as PlaywrightError
except ModuleNotFoundError:  # without Playwright the conftest skips these tests, saying why

    class PlaywrightError(Exception):
        """Never raised: stands in so that the tests can be collected and skipped."""

OPEN_TIMEOUT = 120.0
RUN_ALL_TIMEOUT = 300.0
ANSWER_TIMEOUT = 15.0  # seconds a move may take to draw a new picture on a busy machine
ERROR_WORDS = re.compile(r"Traceback|Error")

CLASSIC_JS = {
    # ready once the widgets' extension (loaded after the notebook) listens to the kernel:
    # widgets a cell creates before that never show
    "ready": """() => Boolean(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
                 && Jupyter.notebook.kernel.is_connected() && Jupyter.notebook._fully_loaded
                 && Jupyter.notebook.kernel.widget_manager
                 && Jupyter.notebook.kernel.comm_manager.targets['jupyter.widget'])""",
    "run_all": "() => { Jupyter.notebook.execute_all_cells(); }",
    "busy": """() => Jupyter.notebook.get_cells().some(c => c.cell_type === 'code'
                 && c.input_prompt_number === '*')
               || !document.querySelector('#kernel_indicator_icon.kernel_idle_icon')""",
    "errors": """() => [...document.querySelectorAll('.output_error, .output_stderr')]
                 .map(node => node.innerText)""",
    "unrun": """() => Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code'
                 && c.get_text().trim() && typeof c.input_prompt_number !== 'number').length""",
    # widget outputs whose view has not been drawn yet (the view arrives after its output)
    "unrendered": """() => [...document.querySelectorAll('.output_subarea.jupyter-widgets-view')]
                 .filter(out => !out.querySelector('.jupyter-widgets')).length""",
}
NOTEBOOK7_JS = {
    "ready": """() => { const app = window.jupyterapp;
        const panel = app && app.shell && app.shell.currentWidget;
        const session = panel && panel.sessionContext && panel.sessionContext.session;
        return Boolean(session && session.kernel && session.kernel.status === 'idle'); }""",
    "run_all": "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }",
    "busy": """() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel
                 .status !== 'idle'
               || [...document.querySelectorAll('.jp-InputArea-prompt')]
                  .some(node => node.textContent.includes('[*]'))""",
    "errors": """() => [...document.querySelectorAll(
                 '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
                 .map(node => node.innerText)""",
    "unrun": """() => window.jupyterapp.shell.currentWidget.content.widgets
                 .filter(cell => cell.model.type === 'code' && cell.model.sharedModel
                         .getSource().trim() && !cell.model.executionCount).length""",
    "unrendered": """() => [...document.querySelectorAll('.jp-OutputArea-output'
                 + '[data-mime-type="application/vnd.jupyter.widget-view+json"]')]
                 .filter(out => !out.querySelector('.jupyter-widgets')
                                || /Loading widget/.test(out.textContent)).length""",
}


class NotebookPage:
    """``page`` showing ``notebooks/<notebook>`` on ``server`` (a NotebookServer)."""

    def __init__(self, page, server, notebook: str) -> None:
        self.page, self.notebook, self.kind, self.server = page, notebook, server.kind, server
        self.url = f"{server.url}/notebooks/notebooks/{notebook}"
        self.js = CLASSIC_JS if server.kind == "classic" else NOTEBOOK7_JS
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.page_errors: list[str] = []
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _quietly(self, script: str):
        try:
            return self.page.evaluate(script)
        except PlaywrightError:  # the page is still loading
            return None

    def _wait(self, condition, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.notebook} ({self.kind}): {what} within {timeout:.0f} s")
            time.sleep(0.2)

    def open(self) -> None:
        self.page.goto(self.url, timeout=OPEN_TIMEOUT * 1000)
        self._wait(lambda: self._quietly(self.js["ready"]), OPEN_TIMEOUT,
                   "the notebook or its kernel was not ready")
        if self.kind == "classic":
            # ipywidgets 7's manager asks the kernel for its widgets when it connects; widgets
            # created before that answer is in may be dropped (their outputs stay blank), so
            # wait for the answer to a later request before running anything
            self.page.evaluate("""() => new Promise(resolve => Jupyter.notebook.kernel.execute(
                '', {shell: {reply: resolve}}, {silent: true}))""")
            time.sleep(1.0)
        # Notebook 7's own start-up throws "reading 'schema'" while it loads its settings,
        # before any cell runs: what the page does before the kernel is ready is the
        # frontend's, and only kept as a note
        self.notes += [f"JavaScript error while the page loaded: {error}"
                       for error in self.page_errors]
        self.page_errors.clear()

    def wait_until_idle(self, timeout: float = RUN_ALL_TIMEOUT) -> None:
        quiet_since = [None]

        def idle_for_a_while() -> bool:  # idle for 1 s: Run All queues cell after cell
            if self._quietly(self.js["busy"]) is not False:
                quiet_since[0] = None
                return False
            quiet_since[0] = quiet_since[0] or time.monotonic()
            return time.monotonic() - quiet_since[0] > 1.0

        self._wait(idle_for_a_while, timeout, "the kernel did not finish")

    def run_all(self) -> float:
        """Run All, then wait until every explorer shows its picture; returns seconds."""
        start = time.monotonic()
        self.page.evaluate(self.js["run_all"])
        time.sleep(1.0)
        self.wait_until_idle()
        seconds = time.monotonic() - start
        unrun = self.page.evaluate(self.js["unrun"])
        if unrun:
            self.problems.append(f"{unrun} code cell(s) did not run")
        try:
            self._wait(lambda: self.page.evaluate(self.js["unrendered"]) == 0, 60,
                       "a widget output was not drawn")
        except TimeoutError as error:
            raise TimeoutError(f"{error}; the server's log ends:\n{self.server.log(3000)}") \
                from None
        self._wait(lambda: self.page.evaluate(
            "() => [...document.querySelectorAll('.nnlib-explorer img')]"
            ".every(img => img.getAttribute('src'))"), 60, "an explorer's picture did not show")
        self.check_outputs("after Run All")
        return seconds

    def check_outputs(self, when: str) -> None:
        for text in self.page.evaluate(self.js["errors"]):
            if ERROR_WORDS.search(text):
                self.problems.append(f"a cell shows an error {when}:\n{text[-1500:]}")
        broken = self.page.locator(".jupyter-widgets", has_text="Error displaying widget").count()
        if broken:
            self.problems.append(f"{broken} widget(s) failed to display {when}")
        for error in self.page_errors:
            self.problems.append(f"JavaScript error {when}: {error}")
        self.page_errors.clear()

    # ---- explorers ------------------------------------------------------------------------

    def explorers(self) -> list[str]:
        return self.page.evaluate("""() => [...document.querySelectorAll('.nnlib-explorer')]
            .map(box => ([...box.classList].find(c => c.startsWith('nnlib-explorer-')) || '')
                        .slice('nnlib-explorer-'.length))""")

    def explorer(self, name: str, nth: int = 0):
        return self.page.locator(f".nnlib-explorer-{name}").nth(nth)

    @staticmethod
    def picture(box) -> str:
        return box.locator("img").first.get_attribute("src") or ""

    def answer_predictions(self) -> int:
        """Commit the first option of every prediction; each must then show its answer."""
        boxes = self.page.locator(".nnlib-prediction")
        for index in range(boxes.count()):
            box = boxes.nth(index)
            box.scroll_into_view_if_needed()
            options = box.locator("input[type=radio]")
            if options.count():
                options.first.check()
            else:
                box.locator("input").first.fill("1")
            box.locator("button", has_text="Commit").click()
            feedback = box.locator(".nnlib-prediction-feedback")
            try:
                self._wait(lambda feedback=feedback: feedback.inner_text().strip(),
                           ANSWER_TIMEOUT,
                           "no feedback after Commit")
            except TimeoutError as error:
                self.problems.append(str(error))
                continue
            text = feedback.inner_text().strip()
            if not (text.startswith("Right.") or text.startswith("Not quite")):
                self.problems.append(f"prediction {index + 1}: after Commit the feedback "
                                     f"reads {text!r}")
        return boxes.count()

    def answers(self, box, action: str, act, timeout: float = ANSWER_TIMEOUT) -> bool:
        """Do ``act()`` and wait until the explorer in ``box`` shows a new picture."""
        box.scroll_into_view_if_needed()
        before = self.picture(box)
        try:
            act()
        except PlaywrightError as error:
            self.problems.append(f"could not {action}: {str(error).splitlines()[0]}")
            return False
        try:
            self._wait(lambda: self.picture(box) != before, timeout, "")
        except TimeoutError:
            self.problems.append(f"{action}: the picture did not change within {timeout:.0f} s")
            return False
        self.wait_until_idle(120)
        return True

    def press_slider(self, box, key: str = "ArrowRight", nth: int = 0) -> None:
        """A key on a slider's handle (jQuery UI's in ipywidgets 7, noUiSlider's in 8)."""
        handle = box.locator(".ui-slider-handle, .noUi-handle").nth(nth)
        handle.focus()
        handle.press(key)

    def click_slider(self, box, nth: int = 0) -> None:
        """A click on a slider's track, far from where its handle is (a fifth of the way
        along if the handle is in the right half, else four fifths)."""
        slider = box.locator(".widget-slider").nth(nth)
        track = slider.locator(".ui-slider, .noUi-base").first
        size = track.bounding_box()
        handle = slider.locator(".ui-slider-handle, .noUi-handle").first.bounding_box()
        now = (handle["x"] + handle["width"] / 2 - size["x"]) / size["width"]
        fraction = 0.2 if now > 0.5 else 0.8
        track.click(position={"x": fraction * size["width"], "y": size["height"] / 2})

    def choose(self, box, option: int, nth: int = 0) -> None:
        box.locator(".widget-dropdown select").nth(nth).select_option(index=option)

    def click(self, box, label: str) -> None:
        box.locator("button.widget-button", has_text=re.compile(f"^{label}$")).first.click()

    def play_button(self, box, which: int) -> None:
        """ipywidgets' Play widget: button 0 plays, 1 pauses."""
        box.locator(".widget-play button").nth(which).click()

    def pictures_while(self, box, seconds: float) -> int:
        """How many new pictures the explorer shows in the next ``seconds``."""
        seen, last = 0, self.picture(box)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            now = self.picture(box)
            if now != last:
                seen, last = seen + 1, now
            time.sleep(0.05)
        return seen
