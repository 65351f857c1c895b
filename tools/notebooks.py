"""Mechanical edits and builds over the course's notebooks.

    python tools/notebooks.py apply [NOTEBOOK ...]   tags + setup cell + badges (all lessons by default)
    python tools/notebooks.py tags [NOTEBOOK ...]    turn NBVAL comment markers into nbval cell tags
    python tools/notebooks.py setup [NOTEBOOK ...]   the install block atop the setup cell, and the badges
    python tools/notebooks.py check [NOTEBOOK ...]   exit 1 if any of the above would change a notebook

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
    args = parser.parse_args(argv)

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
