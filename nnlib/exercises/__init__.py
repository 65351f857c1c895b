"""Self-checks for the lessons' exercises: ``nn.exercises.check_<name>(my_function)``.

Each lesson's checkers live in a module here (``neuron``, ``activations``, ...);
every ``check_*`` function they define is available from this package.
"""
import importlib
import pkgutil

from ._core import Case, check_function

__all__ = ["Case", "check_function"]

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        _loaded = importlib.import_module(f"{__name__}.{_module.name}")
        for _name in dir(_loaded):
            if _name.startswith("check_"):
                globals()[_name] = getattr(_loaded, _name)
                __all__.append(_name)
