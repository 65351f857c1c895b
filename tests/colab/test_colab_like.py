"""Every lesson run the way Colab runs it: a fresh environment with Colab's widget stack
(ipywidgets 7.7.1, numpy, matplotlib, scikit-learn) and no nnlib, a folder holding only
the notebooks, and each lesson's own setup cell installing the course, here from this
checkout (``NNLIB_INSTALL_SOURCE``), before nbval runs the lesson. The course is built
from this checkout once, as ``pip install git+...`` builds it (a wheel, not an editable
install), and each lesson's setup cell installs that wheel.

The environment is ``.ci/venvs.py``'s "colab" set. Where it is not built these tests skip,
saying how to build it; ``NNLIB_REQUIRE_VENVS=1`` (set by ``.ci/run`` and ``.ci/colab``)
makes that a failure. Each lesson starts without the course installed, as a fresh Colab
runtime does, so each lesson's install line is tested, not only the first one's.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
DISTRIBUTION = "nn-hands-on"
LESSON_TIMEOUT = 600  # seconds for one lesson, its install included


def _venvs():
    spec = importlib.util.spec_from_file_location("ci_venvs", ROOT / ".ci" / "venvs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


venvs = _venvs()
pytestmark = pytest.mark.colab


@pytest.fixture(scope="module")
def colab_python() -> Path:
    if not venvs.built("colab"):
        reason = ("the Colab-like environment is not built: run .ci/colab "
                  "(or python .ci/venvs.py make colab, then python -m pytest tests/colab)")
        if os.environ.get("NNLIB_REQUIRE_VENVS", "") not in ("", "0"):
            pytest.fail(f"NNLIB_REQUIRE_VENVS is set, so this is a failure: {reason}",
                        pytrace=False)
        pytest.skip(reason)
    return venvs.python("colab")


@pytest.fixture(scope="module")
def notebooks_only(tmp_path_factory) -> Path:
    """A folder holding nothing but copies of the notebooks, as a Colab runtime does."""
    folder = tmp_path_factory.mktemp("colab") / "notebooks"
    folder.mkdir()
    for name in LESSONS:
        shutil.copy2(ROOT / "notebooks" / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def course_wheel(colab_python, tmp_path_factory) -> Path:
    """The course built from this checkout as pip builds it from the repository: from a
    copy that holds what a fresh clone holds (no environments, builds or caches)."""
    out = tmp_path_factory.mktemp("wheel")
    source = out / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".test-venvs", ".ci-venv", ".venv", "build", "*.egg-info", "__pycache__",
        "test-artifacts", ".ipynb_checkpoints"))
    built = subprocess.run([str(colab_python), "-m", "pip", "wheel", "-q", "--no-deps",
                            "-w", str(out), str(source)], env=learner_env(), text=True,
                           capture_output=True, timeout=600, cwd=out)
    assert built.returncode == 0, built.stdout + built.stderr
    wheels = sorted(out.glob("nn_hands_on-*.whl"))
    assert len(wheels) == 1, f"expected one wheel of the course, found {wheels}"
    return wheels[0]


def learner_env(source: Path | None = None) -> dict:
    """The environment a Colab kernel has: this checkout is not on any path."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "NNLIB_INSTALL_SOURCE")}
    if source is not None:
        env["NNLIB_INSTALL_SOURCE"] = str(source)
    env.update({"MPLBACKEND": "Agg",
                "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    return env


def run(python: Path, *args: str, cwd: Path, timeout: float = 300,
        source: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), *args], cwd=cwd, env=learner_env(source), text=True,
                          capture_output=True, timeout=timeout)


def where_nnlib(python: Path, cwd: Path) -> str | None:
    found = run(python, "-c", "import importlib.util as u; s = u.find_spec('nnlib'); "
                "print(s.origin if s else '')", cwd=cwd)
    return found.stdout.strip() or None


def test_the_environment_has_colabs_widgets(colab_python, notebooks_only):
    shown = run(colab_python, "-c", "import ipywidgets; print(ipywidgets.__version__)",
                cwd=notebooks_only)
    assert shown.stdout.strip() == "7.7.1", shown.stdout + shown.stderr


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_installs_the_course_and_runs_as_in_colab(lesson, colab_python, notebooks_only,
                                                        course_wheel):
    # a fresh runtime: the course is not installed
    run(colab_python, "-m", "pip", "uninstall", "-y", "-q", DISTRIBUTION, cwd=notebooks_only)
    assert where_nnlib(colab_python, notebooks_only) is None, "nnlib is importable before " \
        "the lesson installs it: the test would not test the install line"

    result = run(colab_python, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
                 "-p", "no:cacheprovider", "-q", "--rootdir", str(notebooks_only), lesson,
                 cwd=notebooks_only, timeout=LESSON_TIMEOUT, source=course_wheel)
    assert result.returncode == 0, (f"nbval failed on {lesson} in the Colab-like "
                                    f"environment:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}")

    installed = where_nnlib(colab_python, notebooks_only)
    site = Path(venvs.folder("colab")).resolve()
    assert installed and Path(installed).resolve().is_relative_to(site), (
        f"after {lesson} nnlib should be installed in the environment, found {installed!r}")
    widgets = run(colab_python, "-c", "import ipywidgets; print(ipywidgets.__version__)",
                  cwd=notebooks_only)
    assert widgets.stdout.strip() == "7.7.1", "installing the course changed ipywidgets"
