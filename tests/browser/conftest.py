"""Fixtures for the browser tests: one JupyterLab server and one Chromium for the session.

Without Chromium at /usr/bin/chromium or Playwright for Python the tests skip, saying how to
install them; with ``NNLIB_REQUIRE_BROWSER=1`` (set by ``.ci/run``) that is a failure instead,
so a run can never pass by skipping them. Deselect them with ``-m "not browser"``.
"""
from __future__ import annotations

from pathlib import Path

import lab_server
import pytest

SCREENSHOTS = lab_server.REPO_ROOT / "test-artifacts" / "screenshots"
_saved: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: opens the lessons in JupyterLab in Chromium (needs a browser)")


def skip_or_fail(reason: str) -> None:
    if lab_server.browser_required():
        pytest.fail(f"NNLIB_REQUIRE_BROWSER is set, so this is a failure: {reason}",
                    pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_ready() -> None:
    problem = lab_server.browser_problem()
    if problem:
        skip_or_fail(problem)


@pytest.fixture(scope="session")
def lab(browser_ready, tmp_path_factory):
    """A JupyterLab server serving a copy of the lessons (so nothing on disk is changed)."""
    root = lab_server.copy_lessons(lab_server.lesson_notebooks(),
                                   tmp_path_factory.mktemp("lessons"))
    server = lab_server.LabServer(root)
    try:
        yield server
    finally:
        server.stop()


# One Chromium per test module, not per session: a running Playwright (its sync API keeps an
# event loop) would stop another suite's Playwright, such as the classic Notebook tests', from
# starting later in the same run.
@pytest.fixture(scope="module")
def chromium(browser_ready):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = lab_server.launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


class Tab:
    """The one browser page JupyterLab runs in, replaced by a fresh one after a failure."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = None

    def get(self):
        if self.page is None or self.page.is_closed():
            self.page = self.context.new_page()
        return self.page

    def discard(self) -> None:
        if self.page is not None and not self.page.is_closed():
            self.page.close()
        self.page = None


@pytest.fixture(scope="module")
def tab(chromium):
    tab = Tab(chromium)
    try:
        yield tab
    finally:
        tab.context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.browser_test_failed = report.failed


@pytest.fixture
def open_lesson(request, lab, tab):
    """``open_lesson(name)`` gives a :class:`lab_page.LessonPage`; it is closed afterwards."""
    import explorer_judge
    import lab_page

    pages = []

    def opener(name: str):
        page = lab_page.LessonPage(tab.get(), lab.url, name, judge=explorer_judge.change_due)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.close()
    if getattr(request.node, "browser_test_failed", True):
        tab.discard()  # whatever went wrong stays with the page it happened in


@pytest.fixture
def save_screenshot(browser_ready):
    """``save_screenshot(page)`` writes test-artifacts/screenshots/<notebook>.png."""
    from playwright.sync_api import Error as PlaywrightError

    def save(page) -> Path | None:
        try:
            path = page.screenshot(SCREENSHOTS / f"{Path(page.notebook).stem}.png")
        except PlaywrightError as error:  # keep the test's own failure, not this one
            print(f"no screenshot of {page.notebook}: {str(error).splitlines()[0]}")
            return None
        _saved.append(path)
        print(f"screenshot: {path}")
        return path

    return save


def pytest_terminal_summary(terminalreporter) -> None:
    if _saved:
        terminalreporter.write_sep("-", "lesson screenshots")
        for path in _saved:
            terminalreporter.write_line(str(path))
