"""nnlib: a small, readable numpy library for learning how neural networks work.

The surface follows Keras, so code from course notes runs with its imports swapped::

    import nnlib
    from nnlib import Sequential
    from nnlib.layers import Dense
    model = Sequential([Dense(25, activation='relu'), Dense(10)])
"""
from . import (
    activations,
    callbacks,
    data,
    diagnostics,
    ekg,
    features,
    gradcheck,
    grids,
    initializers,
    layers,
    losses,
    optimizers,
    regularizers,
    saving,
    scales,
    threads,
    value,
)
from ._random import set_random_seed
from .environment import environment_report
from .model import NotCompiledError, Sequential, TrainingDivergedWarning, load_model

__version__ = "0.1.0"

# one BLAS thread unless NNLIB_BLAS_THREADS says otherwise: see nnlib/threads.py
threads.apply_environment()


def __getattr__(name: str):
    # the picture-drawing and widget modules load on first use, so `import nnlib` stays quick
    if name in ("plots", "explore", "exercises"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'nnlib' has no attribute {name!r}")


__all__ = [
    "NotCompiledError",
    "Sequential",
    "TrainingDivergedWarning",
    "activations",
    "callbacks",
    "data",
    "diagnostics",
    "ekg",
    "environment_report",
    "exercises",
    "explore",
    "features",
    "gradcheck",
    "grids",
    "initializers",
    "layers",
    "load_model",
    "losses",
    "optimizers",
    "plots",
    "regularizers",
    "saving",
    "scales",
    "set_random_seed",
    "threads",
    "value",
]
