"""The maths stands alone: importing nnlib, its maths modules or its exercise checkers loads
no picture or widget library and no explorer, so they work (and load quickly) anywhere.

Each check runs in a fresh interpreter, since this test process has long loaded them all.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import nnlib

NNLIB = Path(nnlib.__file__).parent
SCREEN_LIBRARIES = ("matplotlib", "ipywidgets", "IPython")
MATHS_MODULES = ("activations", "initializers", "layers", "losses", "optimizers", "model",
                 "value", "gradcheck", "diagnostics", "data", "saving", "callbacks",
                 "features", "grids", "scales", "regularizers", "metrics", "stack")

# Imports each module in turn and reports the unwanted modules that one import brought in.
PROBE = """
import importlib, json, sys
unwanted = lambda: sorted(m for m in sys.modules
                          if m.split('.')[0] in {screen!r} or m.startswith('nnlib.explore')
                          or m.startswith('nnlib.plots'))
found = {{}}
for name in {modules!r}:
    importlib.import_module(name)
    found[name] = unwanted()
print(json.dumps(found))
"""


def loaded_by(*modules: str) -> dict[str, list[str]]:
    """For each module, imported in this order in a fresh Python: the unwanted modules loaded
    by then."""
    code = PROBE.format(screen=SCREEN_LIBRARIES, modules=modules)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return json.loads(run.stdout)


def test_import_nnlib_loads_no_picture_or_widget_library():
    assert loaded_by("nnlib") == {"nnlib": []}


def test_exercise_checkers_load_no_explorer_picture_or_widget_library():
    assert loaded_by("nnlib.exercises") == {"nnlib.exercises": []}


def test_every_maths_module_loads_no_picture_or_widget_library():
    found = loaded_by(*(f"nnlib.{name}" for name in MATHS_MODULES))
    assert {name: modules for name, modules in found.items() if modules} == {}


def imported_names(path: Path) -> set[str]:
    """Every module an ``import`` anywhere in the file names (inside functions too), with
    relative imports written out from ``nnlib``."""
    package = ".".join(path.relative_to(NNLIB.parent).parts[:-1])  # e.g. nnlib.exercises
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_exercise_modules_import_nothing_from_explorers_or_plots_even_inside_functions():
    for path in sorted((NNLIB / "exercises").glob("*.py")):
        bad = {name for name in imported_names(path)
               if name.split(".")[0] in SCREEN_LIBRARIES
               or name.startswith(("nnlib.explore", "nnlib.plots"))}
        assert not bad, (path.name, bad)


def test_value_imports_no_picture_library_even_inside_a_method():
    bad = {name for name in imported_names(NNLIB / "value.py")
           if name.split(".")[0] in SCREEN_LIBRARIES or name.startswith("nnlib.plots")}
    assert not bad
