"""One lesson notebook open in JupyterLab, used the way a learner uses it.

:class:`LessonPage` opens a notebook in a browser page (one page can hold JupyterLab for many
notebooks in turn, each closed with its kernel shut down before the next), runs every cell,
then moves every control of every explorer with the keyboard, the mouse or a menu, and records
what the page did: when the picture and the readout changed (timestamps from
``performance.now()`` in the page), what the kernel wrote to stderr, and the problems found.
The browser tests assert on these records and the browser benchmark times them.
"""
from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path

from moves import SETTABLE, Move, Report, control_moves, one_move
from page_scripts import CONTROL_SELECTOR, CONTROLS_JS, WATCH_KERNEL_JS, WATCH_WIDGETS_JS
from playwright.sync_api import Error as PlaywrightError

PLAIN_TIMEOUT = 5.0     # seconds a plain control may take to change the picture
BUTTON_TIMEOUT = 15.0   # seconds a training button may take to show its first new picture
TRAINING_LIMIT = 120.0  # seconds a training run may take to finish
OPEN_TIMEOUT = 120.0    # seconds to load JupyterLab and start the kernel
RUN_ALL_TIMEOUT = 300.0
AFTER_IDLE = 1.5        # seconds the front end may take to show what the kernel sent
ERROR_WORDS = re.compile(r"Traceback|Error")
ANSI_CODES = re.compile(r"\x1b\[[0-9;]*m")
FAILED_DRAW = "Could not draw"


class LessonPage:
    """A notebook in JupyterLab in ``page``: ``open``, ``run_all``, ``explore``, ``close``."""

    def __init__(self, page, base_url: str, notebook: str, judge=None,
                 check_answers: bool = True) -> None:
        self.notebook = notebook
        self.check_answers = check_answers  # False: only time the answers (the benchmark)
        self.path = f"notebooks/{notebook}"
        self.base_url = base_url
        self.judge = judge  # judge(name, controls_before, controls_after) -> (bool, bool) | None
        self.report = Report(notebook)
        self.page = page
        self.viewport = dict(page.viewport_size)
        self.page_errors: list[str] = []
        self._outputs_seen: set[str] = set()
        self._on_error = lambda error: self.page_errors.append(str(error))
        self.page.on("pageerror", self._on_error)

    # ---- opening and running -------------------------------------------------------------

    def open(self) -> None:
        """Open the notebook: in the JupyterLab already loaded in the page, or load it."""
        start = time.monotonic()
        if self._evaluate_quietly("() => Boolean(window.jupyterapp && window.jupyterapp.shell)"):
            self.page.evaluate("(path) => { window.jupyterapp.commands.execute("
                               "'docmanager:open', {path, factory: 'Notebook'}); }", self.path)
        else:  # ?reset: a fresh workspace, so no earlier notebook is reopened with it
            self.page.goto(f"{self.base_url}/lab/tree/{self.path}?reset",
                           timeout=OPEN_TIMEOUT * 1000)
        deadline = time.monotonic() + OPEN_TIMEOUT
        ready_js = """(path) => {
            const app = window.jupyterapp;
            const widget = app && app.shell && app.shell.currentWidget;
            if (!widget || !widget.context || widget.context.path !== path) return false;
            const session = widget.sessionContext.session;
            return Boolean(session && session.kernel && session.kernel.status === 'idle');
        }"""
        while not self._evaluate_quietly(ready_js, self.path):
            self._accept_dialogs()  # e.g. a kernel choice, should one ever be asked
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.notebook}: JupyterLab or its kernel was not ready "
                                   f"within {OPEN_TIMEOUT:.0f} s")
            time.sleep(0.1)
        self.page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
        self.page.evaluate(WATCH_KERNEL_JS)
        self.report.timings["open_s"] = time.monotonic() - start

    def _evaluate_quietly(self, script: str, arg=None):
        try:
            return self.page.evaluate(script, arg)
        except PlaywrightError:  # the page is still loading: its scripts are not there yet
            return None

    def _accept_dialogs(self) -> None:
        accept = self.page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
        if accept.count():
            accept.first.click()

    def run_all(self) -> None:
        """Run every cell (the Run menu's "Run All Cells") and wait until all widgets show."""
        start = time.monotonic()
        ran = self.page.evaluate(
            "async () => await window.jupyterapp.commands.execute('notebook:run-all-cells')")
        if ran is False:
            self.report.problems.append(f"{self.notebook}: Run All stopped at a failing cell")
        self.wait_until_idle(RUN_ALL_TIMEOUT)
        running = self.page.locator(".jp-InputArea-prompt", has_text="[*]").count()
        if running:
            self.report.problems.append(f"{self.notebook}: {running} cell(s) still running")
        self.report.timings["run_all_s"] = time.monotonic() - start
        self._wait_for_widgets()
        self.check_outputs("after Run All")
        found = self.page.evaluate(WATCH_WIDGETS_JS)
        self.report.explorers = found["explorers"]
        self.report.interacts = len(found["interacts"])

    def _wait_for_widgets(self, timeout: float = 60.0) -> None:
        pending_js = """() => [...document.querySelectorAll(
              '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]')]
            .filter(out => !out.querySelector('.jupyter-widgets')
                           || /Loading widget/.test(out.textContent)).length"""
        deadline = time.monotonic() + timeout
        while self.page.evaluate(pending_js):
            if time.monotonic() > deadline:
                self.report.problems.append(
                    f"{self.notebook}: {self.page.evaluate(pending_js)} widget output(s) did "
                    f"not render within {timeout:.0f} s")
                return
            time.sleep(0.2)
        # an explorer's picture arrives with its model; wait until every <img> has one
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('.nnlib-explorer img')]"
            ".every(img => img.getAttribute('src'))", timeout=timeout * 1000)

    def kernel_status(self) -> str:
        return self.page.evaluate("() => window.__nn.status")

    def wait_until_idle(self, timeout: float) -> bool:
        try:
            self.page.wait_for_function(
                "() => window.__nn.status === 'idle' || window.__nn.status === 'dead'",
                timeout=timeout * 1000, polling=50)
        except PlaywrightError:  # a time-out
            return False
        if self.kernel_status() == "dead":
            self.report.problems.append(f"{self.notebook}: the kernel died")
        return True

    # ---- what the page shows ------------------------------------------------------------

    def check_outputs(self, when: str) -> None:
        """Record error outputs in cells, widget render errors and kernel stderr as problems."""
        texts = self.page.evaluate("""() => [...document.querySelectorAll(
              '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
              .map(out => out.innerText)""")
        for text in texts:
            if text in self._outputs_seen:
                continue
            self._outputs_seen.add(text)
            if ERROR_WORDS.search(text):
                self.report.problems.append(f"{self.notebook}: a cell shows an error {when}:\n"
                                            f"{text[-1500:]}")
            else:
                self.report.notes.append(f"{self.notebook}: stderr {when}: {text[:300]}")
        broken = self.page.locator(".jupyter-widgets", has_text="Error displaying widget").count()
        if broken:
            self.report.problems.append(f"{self.notebook}: {broken} widget(s) failed to display")
        written = [ANSI_CODES.sub("", text)
                   for text in self.page.evaluate("() => window.__nn.stderr.splice(0)")]
        for text in dict.fromkeys(written):  # each distinct text once
            if ERROR_WORDS.search(text) or (when != "after Run All" and "Warning" in text):
                times = f" ({written.count(text)} times)" if written.count(text) > 1 else ""
                self.report.problems.append(f"{self.notebook}: the kernel wrote to stderr "
                                            f"{when}{times}:\n...{text[-600:]}")
        for error in self.page_errors:
            self.report.problems.append(f"{self.notebook}: JavaScript error {when}: {error}")
        self.page_errors.clear()

    def explorer(self, index: int):
        return self.page.locator(f'.nnlib-explorer[data-nn-index="{index}"]')

    def controls(self, box) -> list[dict]:
        return self.page.evaluate(CONTROLS_JS, [box.element_handle(), CONTROL_SELECTOR])

    def readout(self, index: int) -> str:
        return self.explorer(index).locator(".nnlib-readout").inner_text()

    def _counts(self, index: int) -> dict:
        return self.page.evaluate(
            "(i) => ({pictures: __nn.pictures[i].length, readouts: __nn.readouts[i].length,"
            " idle: __nn.idle})", index)

    # ---- moving controls ----------------------------------------------------------------

    def _act(self, box, control: dict, how) -> None:
        """Arm the move clock, then move ``control`` inside ``box`` by ``how``."""
        element = box.locator(f'[data-nn-control="{control["position"]}"]')
        self.page.evaluate("() => { window.__nn.armed = true; }")
        if control["type"] == "slider" and isinstance(how, tuple):  # ("track", fraction)
            track = element.locator(".noUi-base")
            size = track.bounding_box()
            track.click(position={"x": how[1] * size["width"], "y": size["height"] / 2})
        elif control["type"] == "slider":
            handle = element.locator(".noUi-handle")
            handle.focus()
            handle.press(how)
        elif control["type"] == "dropdown":
            element.locator("select").select_option(index=how)
        elif control["type"] == "checkbox":
            element.locator("input").click()
        elif control["type"] == "button":
            element.click()
        elif control["type"] == "play":  # how: 0 play, 1 pause (ipywidgets' button order)
            element.locator("button").nth(how).click()

    @staticmethod
    def _value(control: dict):
        if control["type"] == "slider":
            return control["text"]
        if control["type"] == "button":
            return control["label"]
        return control["value"]

    def _since_move(self, store: str, index: int, count: int) -> float | None:
        return self.page.evaluate(
            "([store, i, n]) => { const t = __nn[store][i]; "
            "return t.length > n ? t[n] - __nn.moveAt : null; }", [store, index, count])

    def _settle(self, counts: dict, timeout: float) -> bool:
        """Wait until the kernel has answered the move (it went busy, then idle again)."""
        try:
            self.page.wait_for_function(
                "(idle) => __nn.idle > idle && __nn.status === 'idle'", arg=counts["idle"],
                timeout=timeout * 1000, polling=20)
            return True
        except PlaywrightError:  # a time-out
            return False

    def _drawn_after_idle(self, index: int, counts: dict, grace: float = AFTER_IDLE) -> None:
        """The front end applies widget updates in turn, so a move that updates many widgets
        (a playground preset sets every control) may show its picture and readout a moment
        after the kernel went idle: wait that moment for both before reading them."""
        try:
            self.page.wait_for_function(
                "([i, n, m]) => __nn.pictures[i].length > n && __nn.readouts[i].length > m",
                arg=[index, counts["pictures"], counts["readouts"]], timeout=grace * 1000,
                polling=20)
        except PlaywrightError:  # a time-out: this move changed less than both
            pass

    def move(self, index: int, control: dict, action: str, how, *, behind_button: bool = False,
             timeout: float = PLAIN_TIMEOUT, check: str = "judged",
             drawn_with: list | None = None) -> Move | None:
        """Make one move and record when the picture and the readout changed.

        ``check``: "judged" (the picture and readout must change in time unless ``judge``
        says the new setting cannot change them), "picture" (the picture must change in time,
        as after a Step or Reset button) or "none" (only no failure may show). ``drawn_with``
        is the controls' state the picture on show was drawn with, when that is not their
        state just before this move (a training button draws only on a click).
        Returns None when the move left the control as it was (e.g. Home at the bottom),
        since the page has nothing to answer then.
        """
        name = self.report.explorers[index]
        box = self.explorer(index)
        box.scroll_into_view_if_needed()
        controls = self.controls(box)
        before = self._value(controls[control["position"]])
        readout_before = self.readout(index)
        counts = self._counts(index)
        try:
            self._act(box, controls[control["position"]], how)
        except PlaywrightError as error:
            self.report.problems.append(f"{self.notebook}: explorer {name!r}: could not "
                                        f"{action} on {control['label']!r}: "
                                        f"{str(error).splitlines()[0]}")
            return None
        controls_after = self.controls(box)
        after = self._value(controls_after[control["position"]])
        if control["type"] in SETTABLE and \
                controls_after[control["position"]] == controls[control["position"]]:
            return None  # nothing changed (a slider's own value, not only its rounded text)
        answered = self._settle(counts, timeout)
        if answered and check != "none":
            self._drawn_after_idle(index, counts)
        move = Move(self.notebook, name, control["label"] or control["type"], action, before,
                    after, behind_button=behind_button)
        move.picture_ms = self._since_move("pictures", index, counts["pictures"])
        move.readout_ms = self._since_move("readouts", index, counts["readouts"])
        if answered:
            move.settled_ms = self.page.evaluate("() => performance.now() - __nn.moveAt")
        elif not self.wait_until_idle(TRAINING_LIMIT):  # never pile moves onto a busy kernel
            self.report.problems.append(f"{move.describe()}: the kernel was still busy after "
                                        f"{TRAINING_LIMIT:.0f} s")
        move.readout_before, move.readout_after = readout_before, self.readout(index)
        self.report.moves.append(move)
        if FAILED_DRAW in move.readout_after:
            self.report.problems.append(f"{move.describe()}: the readout says "
                                        f"{move.readout_after!r}")
        if check != "none" and self.check_answers:
            due = (self.judge(name, drawn_with or controls, controls_after)
                   if self.judge and check == "judged" else None)
            self._check_answer(move, due, timeout, readout=check == "judged")
        return move

    def _check_answer(self, move: Move, due: tuple[bool, bool] | None, timeout: float,
                      readout: bool) -> None:
        """A move must change the picture in time, unless it cannot change what is drawn.

        ``due`` is (picture due to change, readout due to change) as ``judge`` found by
        building the same explorer in this process for both settings, or None if unknown.
        """
        picture_due, readout_due = due if due is not None else (True, True)
        in_time = move.picture_ms is not None and move.picture_ms <= timeout * 1000
        if not in_time:
            if not picture_due:
                self.report.notes.append(f"{move.describe()}: no new picture, and none was "
                                         f"due (this setting does not change the drawing)")
            elif move.picture_ms is None:
                self.report.problems.append(f"{move.describe()}: the picture did not change "
                                            f"within {timeout:.0f} s")
            else:
                self.report.problems.append(f"{move.describe()}: the picture took "
                                            f"{move.picture_ms / 1000:.1f} s to change "
                                            f"(limit {timeout:.0f} s)")
        if readout and readout_due and move.readout_after == move.readout_before:
            why = "" if due is None else ", though this setting's readout differs"
            self.report.problems.append(f"{move.describe()}: the readout stayed "
                                        f"{move.readout_after!r}{why}")

    def explore(self, moves=control_moves) -> None:
        """Move every control of every explorer, then of every ``interact``.

        ``moves(control)`` lists the (action, how) moves made on a plain explorer's control.
        Predictions are answered first, as a learner must before the explorer shows its answer.
        """
        self.answer_predictions()
        seen = set()
        for index in range(len(self.report.explorers)):
            # an explorer shown again in the same lesson (say the playground at other
            # settings) is judged once, on its first showing, where every option is tried
            if self.report.explorers[index] in seen:
                continue
            seen.add(self.report.explorers[index])
            box = self.explorer(index)
            box.scroll_into_view_if_needed()
            controls = [c for c in self.controls(box) if c["shown"]]  # hidden: not for use
            self._check_sliders_usable(index, controls)
            settable = [c for c in controls if c["type"] in SETTABLE]
            buttons = [c for c in controls if c["type"] == "button"]
            if buttons and any(c["type"] == "progress" for c in controls):
                self._train(index, settable, buttons[0])  # draws only when its button is pressed
                continue
            for control in settable:
                for action, how in moves(control):
                    self.move(index, control, action, how)
            for button in buttons:  # e.g. Step and Reset: each must draw a new picture
                self.move(index, button, f"click {button['label']!r}", None,
                          behind_button=True, timeout=BUTTON_TIMEOUT, check="picture")
            for play in (c for c in controls if c["type"] == "play"):
                self._play(index, play)
        for index in range(self.report.interacts):
            self._interact(index)
        self.check_outputs("after moving the controls")

    def answer_predictions(self, timeout: float = PLAIN_TIMEOUT) -> None:
        """Each prediction: its explorer's answer is hidden until an option is committed;
        after Commit the answer shows, marked right or wrong."""
        predictions = self.page.locator(".nnlib-prediction")
        for index in range(predictions.count()):
            box = predictions.nth(index)
            box.scroll_into_view_if_needed()
            guarded = box.locator("xpath=following-sibling::*[contains(@class, "
                                  "'nnlib-explorer')][1]")
            where = f"{self.notebook}: prediction {index + 1}"
            readout = guarded.locator(".nnlib-readout")
            if guarded.count() != 1 or readout.evaluate(
                    "el => getComputedStyle(el).visibility") != "hidden":
                self.report.problems.append(f"{where}: the explorer's readout shows before "
                                            f"the learner commits")
                continue
            options = box.locator("input[type=radio]")
            if options.count():
                options.first.check()
            else:
                box.locator("input").first.fill("1")
            box.get_by_role("button", name="Commit").click()
            feedback = box.locator(".nnlib-prediction-feedback")
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and (
                    readout.evaluate("el => getComputedStyle(el).visibility") == "hidden"
                    or not feedback.inner_text().strip()):
                time.sleep(0.05)
            text = feedback.inner_text().strip()
            if not (text.startswith("Right.") or text.startswith("Not quite")):
                self.report.problems.append(f"{where}: after Commit the feedback reads {text!r}")
            elif readout.evaluate("el => getComputedStyle(el).visibility") == "hidden":
                self.report.problems.append(f"{where}: the answer stayed hidden after Commit")
            else:
                self.report.predictions += 1

    def _check_sliders_usable(self, index: int, controls: list, narrowest: int = 40) -> None:
        """A slider squeezed to a stub (say by a long label) cannot be seen or dragged."""
        for control in controls:
            if control["type"] == "slider" and control["track"] < narrowest:
                self.report.problems.append(
                    f"{self.notebook}: explorer {self.report.explorers[index]!r}: the slider "
                    f"{control['label']!r} is {control['track']} px wide, too narrow to see or "
                    f"drag (is its label too long for the panel?)")

    def _train(self, index: int, settable: list, button: dict) -> None:
        """Change every control by one step, then press the button and wait for training."""
        box = self.explorer(index)
        drawn_with = self.controls(box)
        for control in settable:
            action, how = one_move(self.controls(box)[control["position"]])
            self.move(index, control, action, how, behind_button=True, check="none")
        move = self.move(index, button, f"click {button['label']!r}", None, behind_button=True,
                         timeout=BUTTON_TIMEOUT, drawn_with=drawn_with)
        progress = [c for c in self.controls(box) if c["type"] == "progress"]
        if move is not None and progress and progress[0]["width"] != "100%":
            self.report.problems.append(f"{move.describe()}: the progress bar ended at "
                                        f"{progress[0]['width']}, not 100%")

    def _play(self, index: int, play: dict, frames: int = 3) -> None:
        """Press play, wait for a few new pictures, press pause."""
        box = self.explorer(index)
        box.scroll_into_view_if_needed()
        counts = self._counts(index)
        self._act(box, play, 0)
        move = Move(self.notebook, self.report.explorers[index], play["label"], "press play",
                    "paused", "playing", behind_button=True)
        try:
            self.page.wait_for_function("([i, n]) => __nn.pictures[i].length >= n",
                                        arg=[index, counts["pictures"] + frames],
                                        timeout=BUTTON_TIMEOUT * 1000, polling=20)
        except PlaywrightError:  # a time-out
            self.report.problems.append(f"{move.describe()}: fewer than {frames} new pictures "
                                        f"within {BUTTON_TIMEOUT:.0f} s")
        move.picture_ms = self._since_move("pictures", index, counts["pictures"])
        self._act(box, play, 1)
        self.wait_until_idle(TRAINING_LIMIT)
        self.page.wait_for_timeout(300)  # a tick already on its way may still arrive
        self.wait_until_idle(TRAINING_LIMIT)
        move.readout_after = self.readout(index)
        self.report.moves.append(move)
        if FAILED_DRAW in move.readout_after:
            self.report.problems.append(f"{move.describe()}: the readout says "
                                        f"{move.readout_after!r}")

    def _interact(self, index: int) -> None:
        """Move each control of an ``interact`` once: its output must be redrawn."""
        box = self.page.locator(f'.widget-interact[data-nn-interact="{index}"]')
        box.scroll_into_view_if_needed()
        controls = self.controls(box)
        buttons = [c for c in controls if c["type"] == "button"]
        for control in (c for c in controls if c["type"] in SETTABLE):
            before = self.page.evaluate(f"() => __nn.outputs[{index}].length")
            self._act(box, control, one_move(self.controls(box)[control["position"]])[1])
            if buttons:  # interact_manual: the learner presses its button
                self._act(box, buttons[0], None)
            try:
                self.page.wait_for_function(f"() => __nn.outputs[{index}].length > {before}",
                                            timeout=PLAIN_TIMEOUT * 1000, polling=20)
            except PlaywrightError:  # a time-out
                self.report.problems.append(
                    f"{self.notebook}: interact {index + 1}, control {control['label']!r}: its "
                    f"output was not redrawn within {PLAIN_TIMEOUT:.0f} s")
            self.wait_until_idle(TRAINING_LIMIT)

    # ---- leaving -------------------------------------------------------------------------

    def screenshot(self, path: Path, limit: int = 16000) -> Path:
        """The whole notebook panel, however long: the page grows to show every cell."""
        path.parent.mkdir(parents=True, exist_ok=True)
        size = self.page.evaluate("""() => {
            const panel = window.jupyterapp.shell.currentWidget.node;
            const scroller = panel.querySelector('.jp-WindowedPanel-outer')
                             || panel.querySelector('.jp-Notebook');
            return {extra: scroller.scrollHeight - scroller.clientHeight,
                    height: window.innerHeight, width: window.innerWidth};
        }""")
        height = min(size["height"] + size["extra"] + 20, limit)
        self.page.set_viewport_size({"width": size["width"], "height": height})
        self.page.wait_for_timeout(500)  # let JupyterLab lay the taller page out
        self.page.evaluate("() => window.jupyterapp.shell.currentWidget.node"
                           ".querySelector('.jp-WindowedPanel-outer')?.scrollTo(0, 0)")
        self.page.locator(".jp-NotebookPanel:visible").first.screenshot(path=str(path))
        if size["height"] + size["extra"] + 20 > limit:
            self.report.notes.append(f"{self.notebook}: screenshot cut at {limit} px")
        return path

    def close(self) -> None:
        """Shut the kernel down and close the notebook without saving it."""
        self.page.remove_listener("pageerror", self._on_error)
        with contextlib.suppress(PlaywrightError):
            self.page.set_viewport_size(self.viewport)
            self.page.evaluate("""async (path) => {
                const app = window.jupyterapp;
                const widget = [...app.shell.widgets('main')].find(w => w.context
                                                              && w.context.path === path);
                if (!widget) return;
                await widget.sessionContext.shutdown();
                widget.dispose();  // closed as is: nothing is saved
            }""", self.path)
