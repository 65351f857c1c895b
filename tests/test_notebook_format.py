"""The lessons' mechanical parts: nbval cell tags instead of comment markers, one install
block atop every setup cell, Colab and Binder badges in every title cell, all of them as
tools/notebooks.py writes them from the one address in pyproject.toml."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from tools_module import notebooks_tool

ROOT = Path(__file__).resolve().parent.parent


tool = notebooks_tool()
LESSONS = tool.lessons()
NBVAL_TAGS = {"nbval-ignore-output", "nbval-check-output", "nbval-skip",
              "nbval-raises-exception", "raises-exception"}
ANY_MARKER = re.compile(r"^\s*#\s*(NBVAL_\w+|PYTEST_VALIDATE_\w+)", re.MULTILINE)


def test_there_are_lessons():
    assert len(LESSONS) >= 11


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_no_test_markers_in_cells(path):
    """Learners never read nbval's comment markers: cells carry tags instead."""
    for index, cell in enumerate(tool.read(path)["cells"]):
        found = ANY_MARKER.findall(tool.source(cell))
        assert not found, (f"{path.name} cell {index} has {found}: "
                           f"run python tools/notebooks.py tags {path.relative_to(ROOT)}")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_only_nbval_tags_nbval_knows(path):
    for index, cell in enumerate(tool.read(path)["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        assert isinstance(tags, list), f"{path.name} cell {index}: tags must be a list"
        unknown = [tag for tag in tags if tag.startswith("nbval") and tag not in NBVAL_TAGS]
        assert not unknown, f"{path.name} cell {index}: nbval does not know {unknown}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_setup_cell_opens_with_the_one_install_block(path):
    notebook = tool.read(path)
    text = tool.source(tool.setup_cell(notebook))
    assert text.startswith(tool.install_block() + "\n"), (
        f"{path.name}: the setup cell must open with the shared install block "
        f"(run python tools/notebooks.py setup)")
    assert "import nnlib as nn" in text and "nn.set_random_seed(0)" in text


def test_install_block_is_identical_across_lessons():
    blocks = {tool.source(tool.setup_cell(tool.read(path))).split("\n\n")[0] for path in LESSONS}
    assert len(blocks) == 1, blocks


def test_install_block_uses_the_address_in_pyproject_and_can_be_overridden():
    block = tool.install_block()
    assert f"git+{tool.repository_url()}" in block
    assert 'os.environ.get("NNLIB_INSTALL_SOURCE"' in block
    assert '%pip install -q "$COURSE"' in block
    # the distribution is not PyPI's unrelated "nnlib"
    assert "nn-hands-on @ " in block and "install nnlib" not in block


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_title_cell_has_colab_and_binder_badges(path):
    title = tool.source(tool.title_cell(tool.read(path)))
    lines = title.splitlines()
    assert lines[0].startswith("# ") and lines[1] == ""
    assert lines[2] == tool.badges_line(path.name)
    assert f"blob/{tool.BRANCH}/notebooks/{path.name}" in lines[2]
    assert f"urlpath=lab/tree/notebooks/{path.name}" in lines[2]


def test_every_lesson_is_up_to_date():
    stale = [path.name for path in LESSONS if tool.pending(path)]
    assert not stale, f"run python tools/notebooks.py apply: {stale}"


def test_address_is_written_once_in_pyproject():
    url = tool.repository_url()
    assert url.startswith("https://github.com/")
    assert tool.github_path(url).count("/") == 1


# --- the tool itself, on a made-up notebook ---------------------------------------------

def _notebook(as_list: bool):
    def cell(kind, text, **extra):
        body = text.splitlines(keepends=True) if as_list else text
        base = {"cell_type": kind, "id": f"c{len(cells)}", "metadata": {}, "source": body}
        if kind == "code":
            base.update(execution_count=None, outputs=[])
        base.update(extra)
        return base

    cells = []
    cells.append(cell("markdown", "# 99 · Made up\n\nOne sentence."))
    cells.append(cell("code", "import numpy as np\nimport nnlib as nn\n\nnn.set_random_seed(0)"))
    cells.append(cell("code", "# NBVAL_IGNORE_OUTPUT\nnn.explore.show('neuron')"))
    cells.append(cell("code", "x = 1\n  # NBVAL_CHECK_OUTPUT\nprint(x)"))
    cells.append(cell("markdown", "# NBVAL_IGNORE_OUTPUT is only text here"))
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


@pytest.mark.parametrize("as_list", [True, False], ids=["lines", "string"])
def test_tool_edits_are_right_and_idempotent(tmp_path, as_list):
    path = tmp_path / "99_made_up.ipynb"
    tool.write(path, _notebook(as_list))
    assert tool.edit(path) is True
    first = path.read_text()
    assert tool.edit(path) is False and path.read_text() == first

    cells = json.loads(first)["cells"]
    assert cells[2]["metadata"]["tags"] == ["nbval-ignore-output"]
    assert tool.source(cells[2]) == "nn.explore.show('neuron')"
    assert cells[3]["metadata"]["tags"] == ["nbval-check-output"]
    assert tool.source(cells[3]) == "x = 1\nprint(x)"
    assert tool.source(cells[4]).startswith("# NBVAL_IGNORE_OUTPUT")  # markdown untouched
    assert isinstance(cells[1]["source"], list) is as_list  # the cell keeps its layout
    assert tool.source(cells[1]) == (tool.install_block() + "\nimport numpy as np\n"
                                     "import nnlib as nn\n\nnn.set_random_seed(0)")
    assert tool.source(cells[0]) == ("# 99 · Made up\n\n" + tool.badges_line(path.name)
                                     + "\n\nOne sentence.")


def test_tool_replaces_an_older_install_block(tmp_path):
    notebook = _notebook(True)
    old = ("try:\n    import nnlib\nexcept ImportError:\n    %pip install -q nnlib-old\n\n"
           "import numpy as np\n")
    notebook["cells"][1]["source"] = old.splitlines(keepends=True)
    path = tmp_path / "99_made_up.ipynb"
    tool.write(path, copy.deepcopy(notebook))
    tool.edit(path)
    text = tool.source(tool.setup_cell(tool.read(path)))
    assert text == tool.install_block() + "\nimport numpy as np\n"


def test_check_command_reports_a_stale_notebook(tmp_path, capsys):
    path = tmp_path / "99_made_up.ipynb"
    tool.write(path, _notebook(True))
    assert tool.main(["check", str(path)]) == 1
    assert "not up to date" in capsys.readouterr().out
    tool.main(["apply", str(path)])
    assert tool.main(["check", str(path)]) == 0


# --- where a learner starts, and the map of the lessons ---------------------------------

def test_the_readmes_first_command_opens_lesson_00():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```bash\n(.*?)\n```", readme, re.DOTALL).group(1)
    assert first.strip().endswith("jupyter lab notebooks/00_start_here.ipynb"), first
    assert (ROOT / "notebooks" / "00_start_here.ipynb").is_file()


@pytest.mark.parametrize("document", ["README.md", "TEACHING.md",
                                      "notebooks/00_start_here.ipynb"])
def test_every_lesson_is_on_the_map(document):
    """README's and TEACHING's lesson tables and lesson 00's map have a row per lesson."""
    text = (ROOT / document).read_text(encoding="utf-8")
    if document.endswith(".ipynb"):
        text = "\n".join(tool.source(cell) for cell in tool.read(ROOT / document)["cells"])
    rows = set(re.findall(r"^\|\s*(\d\d)\s*\|", text, re.MULTILINE))
    numbers = {path.name[:2] for path in LESSONS}
    assert numbers <= rows, f"{document} has no row for lesson(s) {sorted(numbers - rows)}"


def test_lesson_00s_map_links_every_lesson():
    text = "\n".join(tool.source(cell) for cell in
                     tool.read(ROOT / "notebooks" / "00_start_here.ipynb")["cells"])
    for path in LESSONS:
        assert f"]({path.name})" in text, f"lesson 00's map does not link {path.name}"
