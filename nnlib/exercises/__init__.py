"""Self-checks for the lessons' exercises: ``nn.exercises.check_<name>(my_function)``.

Each lesson's checkers live in a module here (``neuron``, ``activations``, ...);
every ``check_*`` function they define is available from this package, returning a
:class:`CheckResult` (true when every case passed, silent as a cell's last value).
"""
import importlib
import pkgutil

from ._core import Case, CheckResult, check_function, reported

__all__ = ["Case", "CheckResult", "check_function"]

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        _loaded = importlib.import_module(f"{__name__}.{_module.name}")
        for _name in dir(_loaded):
            if _name.startswith("check_"):
                globals()[_name] = reported(getattr(_loaded, _name))
                __all__.append(_name)
