"""Mechanical edits and builds over the course's notebooks.

    python tools/notebooks.py apply [NOTEBOOK ...]
        tags + setup cell + badges (all lessons by default)
    python tools/notebooks.py tags [NOTEBOOK ...]
        turn NBVAL comment markers into nbval cell tags
    python tools/notebooks.py setup [NOTEBOOK ...]
        the install block atop the setup cell, and the badges
    python tools/notebooks.py check [NOTEBOOK ...]
        exit 1 if any of the above would change a notebook
    python tools/notebooks.py student-copies OUT_DIR
        the lessons without the exercises' solutions
    python tools/notebooks.py site OUT_DIR
        the course as static HTML pages, fetching nothing

Run ``apply`` again whenever a lesson is added: every edit is idempotent, touches only the
title cell, the setup cell and the markers, and keeps the file's JSON layout, so diffs stay
small and other edits to the lessons merge cleanly.

The course's address is read from ``[project.urls] Repository`` in pyproject.toml, the one
place it is written.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BRANCH = "main"  # the branch the Colab and Binder badges open
INSTALL_SOURCE_VARIABLE = "NNLIB_INSTALL_SOURCE"
DISTRIBUTION = "nn-hands-on"

# --- the course's address ---------------------------------------------------------------


def repository_url(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The course's repository address, from pyproject.toml's [project.urls] Repository."""
    text = pyproject.read_text(encoding="utf-8")
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11: the one line is easy to find
        match = re.search(r'^Repository\s*=\s*"([^"]+)"', text, re.MULTILINE)
        if not match:
            raise SystemExit("pyproject.toml has no [project.urls] Repository") from None
        return match.group(1).rstrip("/")
    return tomllib.loads(text)["project"]["urls"]["Repository"].rstrip("/")


def github_path(url: str) -> str:
    """'owner/name' of a GitHub address."""
    match = re.fullmatch(r"https://github\.com/([^/]+/[^/]+?)(?:\.git)?", url)
    if not match:
        raise ValueError(f"the badges need a GitHub address, got {url!r}")
    return match.group(1)


def colab_url(notebook: str, url: str | None = None) -> str:
    url = url or repository_url()
    return (f"https://colab.research.google.com/github/{github_path(url)}"
            f"/blob/{BRANCH}/notebooks/{notebook}")


def binder_url(notebook: str = "01_neuron.ipynb", url: str | None = None) -> str:
    url = url or repository_url()
    return (f"https://mybinder.org/v2/gh/{github_path(url)}/{BRANCH}"
            f"?urlpath=lab/tree/notebooks/{notebook}")


COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"


def badges_line(notebook: str, url: str | None = None) -> str:
    """The markdown line of badges that opens ``notebook`` in Colab and on Binder."""
    return (f"[![Open in Colab]({COLAB_BADGE})]({colab_url(notebook, url)}) "
            f"[![Launch on Binder]({BINDER_BADGE})]({binder_url(notebook, url)})")


BADGES = re.compile(r"^\[!\[Open in Colab\]\(.*$", re.MULTILINE)

# --- the setup cell's install block -----------------------------------------------------


def install_block(url: str | None = None) -> str:
    """The lines that open every lesson's setup cell: install the course where nnlib is
    missing (Colab, a fresh hub or kernel), and do nothing where it is installed.

    ``NNLIB_INSTALL_SOURCE`` replaces the source pip installs from (a local checkout in
    the tests). The requirement is quoted for the shell that ``%pip`` runs.
    """
    url = url or repository_url()
    return (
        "try:\n"
        "    import nnlib\n"
        "except ModuleNotFoundError:  # Colab or a fresh hub: install the course (about a minute)\n"
        "    import os\n"
        f'    COURSE = os.environ.get("{INSTALL_SOURCE_VARIABLE}", '
        f'"{DISTRIBUTION} @ git+{url}")\n'
        '    %pip install -q "$COURSE"\n'
    )


# An install block of any earlier version: from "try:" + "import nnlib" to the %pip line.
OLD_INSTALL = re.compile(r"\Atry:\n\s+import nnlib\n.*?^\s*%pip install[^\n]*\n\n?",
                         re.DOTALL | re.MULTILINE)

# --- reading and writing notebooks, keeping their layout --------------------------------


def lessons(folder: Path = NOTEBOOKS) -> list[Path]:
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def source(cell) -> str:
    text = cell["source"]
    return "".join(text) if isinstance(text, list) else text


def set_source(cell, text: str) -> None:
    """Store ``text`` in the cell the way the cell stored it (a list of lines or a string)."""
    if isinstance(cell["source"], list):
        cell["source"] = text.splitlines(keepends=True)
    else:
        cell["source"] = text


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def dumps(notebook: dict) -> str:
    """The layout Jupyter writes: one-space indent, UTF-8 text, a final newline."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def write(path: Path, notebook: dict) -> None:
    path.write_text(dumps(notebook), encoding="utf-8")


# --- markers -> tags --------------------------------------------------------------------

MARKER_TAGS = {
    "NBVAL_IGNORE_OUTPUT": "nbval-ignore-output",
    "NBVAL_CHECK_OUTPUT": "nbval-check-output",
    "NBVAL_SKIP": "nbval-skip",
    "NBVAL_RAISES_EXCEPTION": "nbval-raises-exception",
}
MARKER_LINE = re.compile(r"^[ \t]*#[ \t]*(" + "|".join(MARKER_TAGS) + r")[ \t]*(?:\n|\Z)",
                         re.MULTILINE)


def markers(text: str) -> list[str]:
    return MARKER_LINE.findall(text)


def tag_markers(notebook: dict) -> int:
    """Replace each marker comment of a code cell by its nbval tag; returns how many."""
    changed = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        text = source(cell)
        found = markers(text)
        if not found:
            continue
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        for marker in found:
            if MARKER_TAGS[marker] not in tags:
                tags.append(MARKER_TAGS[marker])
        set_source(cell, MARKER_LINE.sub("", text))
        changed += len(found)
    return changed


# --- setup cell and badges --------------------------------------------------------------


def setup_cell(notebook: dict):
    """The lesson's setup cell: its first code cell."""
    return next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")


def title_cell(notebook: dict):
    cell = notebook["cells"][0]
    if cell["cell_type"] != "markdown" or not source(cell).startswith("# "):
        raise ValueError("a lesson opens with a markdown title cell '# NN · Title'")
    return cell


def add_install_block(notebook: dict, url: str | None = None) -> bool:
    cell = setup_cell(notebook)
    text = source(cell)
    rest = OLD_INSTALL.sub("", text, count=1)
    new = install_block(url) + "\n" + rest
    if new == text:
        return False
    set_source(cell, new)
    return True


def add_badges(notebook: dict, name: str, url: str | None = None) -> bool:
    cell = title_cell(notebook)
    text = source(cell)
    line = badges_line(name, url)
    if BADGES.search(text):
        new = BADGES.sub(lambda _: line, text, count=1)
    else:
        heading, _, rest = text.partition("\n")
        new = heading + "\n\n" + line + ("\n" + rest if rest else "")
    if new == text:
        return False
    set_source(cell, new)
    return True


def remove_badges(text: str) -> str:
    """The title cell's text without its badges line (for pages that fetch nothing)."""
    return BADGES.sub("", text, count=1).replace("\n\n\n", "\n\n", 1)


def edit(path: Path, *, tags: bool = True, setup: bool = True, url: str | None = None) -> bool:
    """Apply the edits to one notebook in memory; write it if it changed. Returns changed."""
    before = path.read_text(encoding="utf-8")
    notebook = json.loads(before)
    if tags:
        tag_markers(notebook)
    if setup:
        add_install_block(notebook, url)
        add_badges(notebook, path.name, url)
    after = dumps(notebook)
    if after != before:
        path.write_text(after, encoding="utf-8")
        return True
    return False


def pending(path: Path, *, url: str | None = None) -> bool:
    """Whether ``apply`` would change this notebook."""
    before = path.read_text(encoding="utf-8")
    notebook = json.loads(before)
    tag_markers(notebook)
    add_install_block(notebook, url)
    add_badges(notebook, path.name, url)
    return dumps(notebook) != before


# --- student copies --------------------------------------------------------------------

DETAILS = re.compile(r"<details\b.*?</details>[ \t]*\n?", re.DOTALL | re.IGNORECASE)
SOLUTION_REMOVED = "*The solution is not included in this copy.*"


def is_solution(block: str) -> bool:
    """A ``<details>`` block is a solution when its summary says so or it holds code."""
    summary = re.search(r"<summary>(.*?)</summary>", block, re.DOTALL | re.IGNORECASE)
    return bool(summary and "solution" in summary.group(1).lower()) or "```" in block


def strip_solutions(notebook: dict) -> int:
    """Remove the exercises' solution blocks from the markdown cells; returns how many.
    A cell that held only a solution keeps one line saying it was removed."""
    removed = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = source(cell)
        blocks = [block for block in DETAILS.findall(text) if is_solution(block)]
        if not blocks:
            continue
        for block in blocks:
            text = text.replace(block, "", 1)
        removed += len(blocks)
        set_source(cell, text.strip() + "\n" if text.strip() else SOLUTION_REMOVED)
    return removed


def student_copies(out_dir: Path, folder: Path = NOTEBOOKS) -> dict[str, int]:
    """Write every lesson into ``out_dir`` without its solutions; returns removed counts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for path in lessons(folder):
        notebook = read(path)
        counts[path.name] = strip_solutions(notebook)
        for cell in notebook["cells"]:  # a clean copy: no outputs, no run counts
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [], None
        write(out_dir / path.name, notebook)
    return counts


# --- static pages ------------------------------------------------------------------------

SITE_TEMPLATE = Path(__file__).resolve().parent / "site_template"
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"
STILL_NOTE = ("A still picture of the explorer's opening setting. Open the lesson in "
              "Jupyter, Colab or on Binder to move its controls.")
LIVE_ONLY_NOTE = ("A live control was here: open the lesson in Jupyter to use it.")

# Run in the kernel before a lesson while the site is built, and removed from the page:
# explorers display their still picture (image/png and text) beside the widget. Where the
# widget base already displays nnlib.explore._static.display_bundle, it changes nothing.
STILL_PICTURES = """\
def _show_with_still(self):
    from IPython.display import display
    from nnlib.explore._static import display_bundle
    display(display_bundle(self), raw=True)
def _still_pictures():
    import inspect
    import nnlib.explore as explore
    for cls in {explore.ExplorerWidget, *(e.extra["widget"] for e in explore.REGISTRY.values()
                                          if "widget" in e.extra)}:
        if "display_bundle" not in inspect.getsource(cls._ipython_display_):
            cls._ipython_display_ = _show_with_still
_still_pictures()
del _still_pictures
"""


def find_mathjax() -> Path | None:
    """A local MathJax 2 (the folder holding MathJax.js): the jupyter-server-mathjax
    package, Debian's libjs-mathjax, or the classic Notebook's copy; None if there is none."""
    candidates = []
    try:
        import jupyter_server_mathjax

        candidates.append(Path(jupyter_server_mathjax.__file__).parent / "static")
    except ImportError:
        pass
    candidates.append(Path("/usr/share/javascript/mathjax"))
    try:
        import notebook

        candidates.append(Path(notebook.__file__).parent / "static" / "components" / "MathJax")
    except ImportError:
        pass
    return next((path for path in candidates if (path / "MathJax.js").is_file()), None)


def _html_escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def still_outputs(notebook: dict) -> tuple[int, int]:
    """Outputs for a page without widgets: an explorer's bundle becomes its picture with
    the readout as caption; a widget with no picture becomes a one-line note.
    Returns (pictures, notes)."""
    pictures = notes = 0
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "application/vnd.jupyter.widget-view+json" not in data:
                continue
            if "image/png" in data:
                caption = _html_escape(str(data.get("text/plain", "")))
                output["data"] = {
                    "text/html": (
                        "<figure class='nnlib-still'>"
                        f"<img alt='{caption}' src='data:image/png;base64,{data['image/png']}'>"
                        f"<figcaption><span class='nnlib-readout-text'>{caption}</span><br>"
                        f"<small>{STILL_NOTE}</small></figcaption></figure>"),
                    "text/plain": data.get("text/plain", ""),
                }
                pictures += 1
            else:
                output["data"] = {"text/html": f"<p class='nnlib-live-only'><i>{LIVE_ONLY_NOTE}"
                                               "</i></p>", "text/plain": LIVE_ONLY_NOTE}
                notes += 1
            output.get("metadata", {}).pop("application/vnd.jupyter.widget-view+json", None)
    notebook["metadata"].pop("widgets", None)
    return pictures, notes


def plain_links_for_badges(notebook: dict, name: str, url: str | None = None) -> None:
    """Badges are pictures from outside; on a page that fetches nothing they become links."""
    cell = title_cell(notebook)
    line = f"[Open in Colab]({colab_url(name, url)}) · [Launch on Binder]({binder_url(name, url)})"
    set_source(cell, BADGES.sub(lambda _: line, source(cell), count=1))


def _first_paragraph(text: str) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n")[1:] if p.strip()]
    prose = [p for p in paragraphs if not p.startswith(("[", "#", "**", "-", "|"))]
    return " ".join(prose[0].split()) if prose else ""


def lesson_title(notebook: dict) -> str:
    return source(title_cell(notebook)).splitlines()[0].lstrip("# ").strip()


def execute(notebook: dict, folder: Path, timeout: int = 600) -> float:
    """Run the notebook top to bottom in a fresh kernel (cwd ``folder``); returns seconds."""
    import time

    import nbformat
    from nbclient import NotebookClient

    still = {"cell_type": "code", "execution_count": None, "id": "nnlib-still-pictures",
             "metadata": {}, "outputs": [], "source": STILL_PICTURES}
    node = nbformat.reads(dumps({**notebook, "cells": [still, *notebook["cells"]]}),
                          as_version=4)
    client = NotebookClient(node, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}},
                            store_widget_state=False)
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    executed = json.loads(nbformat.writes(node))
    notebook["cells"], notebook["metadata"] = executed["cells"][1:], executed["metadata"]
    for cell in notebook["cells"]:  # number the runs as if the hidden cell had not run
        if cell["cell_type"] == "code" and cell.get("execution_count"):
            cell["execution_count"] -= 1
            for output in cell.get("outputs", []):
                if output.get("execution_count"):
                    output["execution_count"] -= 1
    return seconds


def _page(notebook: dict, mathjax_url: str) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="nn_site", extra_template_basedirs=[str(SITE_TEMPLATE)])
    exporter.mathjax_url = mathjax_url
    body, _ = exporter.from_notebook_node(nbformat.reads(dumps(notebook), as_version=4))
    # lessons link to each other as .ipynb: on the site they are .html pages
    return re.sub(r'href="(\d\d_[\w]+)\.ipynb"', r'href="\1.html"', body)


def site(out_dir: Path, folder: Path = NOTEBOOKS, *, names: list[str] | None = None,
         log=print) -> dict:
    """Build the course as static HTML pages in ``out_dir``: every lesson executed, its
    explorers as still pictures, and ``index.html`` with the lesson map. The pages fetch
    nothing from outside: MathJax is copied from a local installation."""
    import shutil

    out_dir.mkdir(parents=True, exist_ok=True)
    mathjax = find_mathjax()
    mathjax_url = ""
    if mathjax is not None:
        target = out_dir / "_static" / "mathjax"
        if not (target / "MathJax.js").is_file():
            shutil.copytree(mathjax, target, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.eot", "*.otf", "*.svg", "tests"))
        mathjax_url = f"_static/mathjax/MathJax.js?config={MATHJAX_CONFIG}"
    else:
        log("no local MathJax found (pip install jupyter-server-mathjax): formulas stay as TeX")

    built = {}
    for path in lessons(folder):
        if names and path.name not in names:
            continue
        notebook = read(path)
        plain_links_for_badges(notebook, path.name)
        seconds = execute(notebook, folder)
        pictures, notes = still_outputs(notebook)
        page = out_dir / (path.stem + ".html")
        page.write_text(_page(notebook, mathjax_url), encoding="utf-8")
        built[path.name] = {"page": page.name, "title": lesson_title(notebook),
                            "summary": _first_paragraph(source(title_cell(notebook))),
                            "seconds": seconds, "pictures": pictures, "notes": notes}
        log(f"{page.name}: {seconds:.1f} s, {pictures} explorer picture(s)")
    (out_dir / "index.html").write_text(index_page(built), encoding="utf-8")
    return built


def index_page(built: dict) -> str:
    rows = "\n".join(
        f"<tr><td><a href='{info['page']}'>{_html_escape(info['title'])}</a></td>"
        f"<td>{_html_escape(info['summary'])}</td><td>{info['seconds']:.0f} s</td></tr>"
        for info in built.values())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Neural networks, hands on</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .45rem .5rem; text-align: left;
         vertical-align: top; }}
td:last-child, th:last-child {{ white-space: nowrap; text-align: right; }}
</style></head>
<body>
<h1>Neural networks, hands on</h1>
<p>A course of notebooks that shows how neural networks work, from one neuron to Adam.
These pages show every lesson already run, with each explorer as a still picture of its
opening setting. To move the sliders, open a lesson in Jupyter, Colab or on Binder
(each page links to both).</p>
<table id="lesson-map">
<tr><th>Lesson</th><th>What you will see</th><th>Run all</th></tr>
{rows}
</table>
<p><small>Code under the MIT licence; lesson text under CC BY 4.0.
"Run all" is how long the lesson took to run when these pages were built.</small></p>
</body></html>
"""


# --- command line -----------------------------------------------------------------------


def _paths(names: list[str]) -> list[Path]:
    return [Path(name) for name in names] if names else lessons()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/notebooks.py", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in [("apply", "tags, setup cell and badges"),
                       ("tags", "NBVAL comment markers -> nbval cell tags"),
                       ("setup", "install block and badges"),
                       ("check", "exit 1 if apply would change a notebook")]:
        command = commands.add_parser(name, help=text)
        command.add_argument("notebooks", nargs="*", help="default: every lesson in notebooks/")
    command = commands.add_parser("student-copies", help="the lessons without their solutions")
    command.add_argument("out_dir", type=Path)
    command = commands.add_parser("site", help="the course as static HTML pages")
    command.add_argument("out_dir", type=Path)
    command.add_argument("--only", nargs="*", default=None, help="lesson file names")
    args = parser.parse_args(argv)

    if args.command == "student-copies":
        counts = student_copies(args.out_dir)
        for name, removed in counts.items():
            print(f"{args.out_dir / name}: {removed} solution(s) removed")
        return 0
    if args.command == "site":
        site(args.out_dir, names=args.only)
        print(f"open {args.out_dir / 'index.html'}")
        return 0

    if args.command == "check":
        stale = [path for path in _paths(args.notebooks) if pending(path)]
        for path in stale:
            print(f"{path}: not up to date (run: python tools/notebooks.py apply {path})")
        return 1 if stale else 0
    for path in _paths(args.notebooks):
        changed = edit(path, tags=args.command in ("apply", "tags"),
                       setup=args.command in ("apply", "setup"))
        print(f"{path}: {'updated' if changed else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
