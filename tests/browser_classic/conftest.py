"""Fixtures for the classic Notebook 6 and Notebook 7 browser tests.

Each frontend runs from its own environment (``.ci/venvs.py``: "classic" is Notebook 6 with
ipywidgets 7.7.1, Colab's widgets; "notebook7" is Notebook 7 with ipywidgets 8), built by
``.ci/classic``. Where an environment, Chromium or Playwright is missing the tests skip,
saying how to get them; with ``NNLIB_REQUIRE_VENVS=1`` (set by ``.ci/run`` and
``.ci/classic``) that is a failure instead.
"""
from __future__ import annotations

import notebook_server
import pytest
from lab_server import CHROMIUM, copy_lessons, launch_chromium, lesson_notebooks

SCREENSHOTS = notebook_server.REPO_ROOT / "test-artifacts" / "screenshots"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: opens the lessons in a browser (needs Chromium and Playwright)")


def skip_or_fail(reason: str) -> None:
    if notebook_server.required():
        pytest.fail(f"NNLIB_REQUIRE_VENVS is set, so this is a failure: {reason}",
                    pytrace=False)
    pytest.skip(reason)


def _python(kind: str):
    venvs = notebook_server.venvs()
    if not venvs.built(kind):
        skip_or_fail(f"the {kind!r} environment is not built: run .ci/classic (or python "
                     f".ci/venvs.py make {kind}, then python -m pytest tests/browser_classic)")
    if not CHROMIUM.exists():
        skip_or_fail(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("Playwright for Python is not importable: pip install playwright")
    return venvs.python(kind)


@pytest.fixture(scope="session")
def chromium_browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is not importable: pip install playwright")

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


def _server(kind: str, tmp_path_factory):
    python = _python(kind)
    root = copy_lessons(lesson_notebooks(), tmp_path_factory.mktemp(kind))
    server = notebook_server.NotebookServer(kind, python, root)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def classic_server(tmp_path_factory):
    yield from _server("classic", tmp_path_factory)


@pytest.fixture(scope="module")
def notebook7_server(tmp_path_factory):
    yield from _server("notebook7", tmp_path_factory)


@pytest.fixture
def new_page(chromium_browser):
    """``new_page(name)``: a fresh browser tab; a screenshot of it is kept afterwards."""
    contexts = []

    def opener(name: str):
        context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append((name, context))
        return context.new_page()

    yield opener
    for name, context in contexts:
        for page in context.pages:
            try:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
            except Exception as error:  # noqa: BLE001 - keep the test's own failure
                print(f"no screenshot {name}: {error}")
        context.close()
