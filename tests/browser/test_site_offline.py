"""The static pages (``python tools/notebooks.py site OUT_DIR``), opened from disk in
Chromium with every request that is not a local file refused: each lesson's explorers show
their picture and readout, the formulas are typeset by the local MathJax, the lesson map
links every page, and no page asks for anything from outside."""
from __future__ import annotations

import json
import re
import sys

import lab_server
import pytest

sys.path.insert(0, str(lab_server.REPO_ROOT / "tests"))
from tools_module import notebooks_tool  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = lab_server.REPO_ROOT


tool = notebooks_tool()
LESSONS = [path.name for path in tool.lessons()]


def _explorer_calls(name: str) -> int:
    cells = json.loads((ROOT / "notebooks" / name).read_text())["cells"]
    return sum(len(re.findall(r"^[^#\n]*\bexplore\.show\(", tool.source(cell), re.MULTILINE))
               for cell in cells if cell["cell_type"] == "code")


@pytest.fixture(scope="module")
def built_site(browser_ready, tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    built = tool.site(out, log=lambda *_: None)
    return out, built


@pytest.fixture
def offline_page(chromium):
    """A page that may load file://, data: and about:blank URLs only; every other request is refused
    and recorded in ``page.outside``."""
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("file://", "data:", "about:blank")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.outside = outside
    try:
        yield page
    finally:
        context.close()


def test_site_has_a_page_per_lesson_and_a_map(built_site):
    out, built = built_site
    assert list(built) == LESSONS
    for name in LESSONS:
        assert (out / name.replace(".ipynb", ".html")).is_file()
    assert (out / "index.html").is_file()
    assert (out / "_static" / "mathjax" / "MathJax.js").is_file(), \
        "no local MathJax was copied: pip install jupyter-server-mathjax"


def test_index_links_every_lesson_and_fetches_nothing(built_site, offline_page):
    out, built = built_site
    offline_page.goto((out / "index.html").as_uri())
    offline_page.wait_for_load_state("load")
    links = offline_page.eval_on_selector_all("#lesson-map a", "els => els.map(e => e.href)")
    assert [link.rsplit("/", 1)[1] for link in links] == [info["page"] for info in built.values()]
    assert not offline_page.outside, offline_page.outside


@pytest.mark.parametrize("notebook", LESSONS)
def test_lesson_page_shows_every_explorer_offline(built_site, offline_page, notebook):
    out, built = built_site
    page = offline_page
    page.goto((out / built[notebook]["page"]).as_uri())
    page.wait_for_load_state("load")
    # MathJax 2 typesets after load; wait until its queue is empty
    page.wait_for_function("() => !window.MathJax || (MathJax.Hub && MathJax.Hub.queue"
                           " && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running"
                           " === 0)", timeout=60_000)
    page.wait_for_timeout(300)
    assert not page.outside, f"{notebook} fetched from outside: {page.outside}"

    expected = _explorer_calls(notebook)
    stills = page.eval_on_selector_all(
        "figure.nnlib-still",
        "els => els.map(f => { const i = f.querySelector('img');"
        " return {w: i.naturalWidth, h: i.naturalHeight, done: i.complete,"
        " caption: f.querySelector('.nnlib-readout-text').textContent}; })")
    assert len(stills) == expected, f"{notebook}: {len(stills)} pictures for {expected} explorers"
    for still in stills:
        assert still["done"] and still["w"] > 100 and still["h"] > 100, still
        assert ":" in still["caption"] and still["caption"].strip(), still
    assert page.locator(".jupyter-widgets").count() == 0  # no empty live-widget boxes
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").filter(
        has_text="Traceback").count() == 0
    if "$" in (ROOT / "notebooks" / notebook).read_text():
        assert page.locator(".MathJax_CHTML, .MathJax, mjx-container").count() > 0, \
            f"{notebook}: the formulas were not typeset"
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    local_ipynb = [h for h in hrefs if h.endswith(".ipynb") and "://" not in h]
    assert not local_ipynb, f"links still point at notebooks: {local_ipynb}"
    for href in hrefs:
        if re.fullmatch(r"\d\d_\w+\.html", href):
            assert (out / href).is_file(), f"{notebook} links to a missing page {href}"
