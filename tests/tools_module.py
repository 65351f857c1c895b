"""``tools/notebooks.py`` as a module, for the tests that drive it (it is a script beside
the course, not part of a package): loaded once, and the same module for every test."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
NAME = "course_notebooks"


def notebooks_tool() -> ModuleType:
    """The module of ``tools/notebooks.py`` (kept in ``sys.modules`` as ``course_notebooks``)."""
    if NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(NAME, ROOT / "tools" / "notebooks.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[NAME] = module  # before running it: its dataclasses look themselves up
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[NAME]
            raise
    return sys.modules[NAME]
