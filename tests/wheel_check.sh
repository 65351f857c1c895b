#!/usr/bin/env bash
# Does nnlib work when installed from a wheel, away from the repository?
#
# Builds a wheel from a clean copy of the tracked files, installs it into a fresh virtual
# environment (which reuses this Python's other packages, so nothing is downloaded but the
# build backend), checks that the kernels import that installed copy, and runs every lesson
# notebook from a folder that holds nothing but the notebooks. About a minute.
#
# Usage: tests/wheel_check.sh        (PYTHON=python3.11 tests/wheel_check.sh for another one)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PYTHONPATH="" MPLBACKEND=Agg OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

echo "== building the wheel from the tracked files"
mkdir "$work/src"
(cd "$repo" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$work/src"
"$python" -m pip wheel -q --no-deps -w "$work/wheel" "$work/src"

echo "== installing it into a fresh virtual environment"
"$python" -m venv --system-site-packages "$work/venv"
venv_python="$work/venv/bin/python"
"$venv_python" -m pip install -q --no-deps --no-index "$work"/wheel/*.whl

echo "== checking that a notebook kernel imports the wheel's nnlib"
mkdir "$work/where"
"$venv_python" - "$work/where/installed_nnlib.ipynb" <<'PY'
import json
import sys

check = ("import sys, nnlib\n"
         "print(nnlib.__file__)\n"
         "assert nnlib.__file__.startswith(sys.prefix), 'nnlib does not come from the wheel'\n"
         "assert nnlib.data.load_csv('moons')[0].shape == (200, 2)")
cell = {"cell_type": "code", "execution_count": None, "id": "check", "metadata": {},
        "outputs": [], "source": check.splitlines(keepends=True)}
notebook = {"cells": [cell], "metadata": {"kernelspec": {"display_name": "Python 3",
            "language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
with open(sys.argv[1], "w", encoding="utf-8") as file:
    json.dump(notebook, file, indent=1)
PY
(cd "$work/where" && "$venv_python" -m pytest --nbval-lax --nbval-current-env \
    -p no:cacheprovider -q installed_nnlib.ipynb)

echo "== running the lessons from a folder that holds only them"
mkdir "$work/lessons"
cp "$repo"/notebooks/*.ipynb "$work/lessons/"
cd "$work/lessons"
"$venv_python" -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider -q ./*.ipynb
