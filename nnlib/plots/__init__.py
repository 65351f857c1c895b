"""The pictures the lessons share, drawn with matplotlib.

Every function draws into an ``ax`` (or ``fig``) it is given, or makes its own
Figure when none is given, and returns what it drew into. Topics live in their
own modules here (``surfaces``, ``networks``, ``curves``, ...); every public
function they list in ``__all__`` is available from this package.

The explorers' pictures live here too, one module per explorer module
(``lesson08_dropout`` draws what ``nnlib.explore.dropout`` computes): each takes the
explorer's result dict and a cache, and draws; nothing here imports an explorer.
"""
import importlib
import pkgutil

__all__: list = []

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        _loaded = importlib.import_module(f"{__name__}.{_module.name}")
        for _name in getattr(_loaded, "__all__", []):
            globals()[_name] = getattr(_loaded, _name)
            __all__.append(_name)
