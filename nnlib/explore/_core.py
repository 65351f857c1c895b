"""The explorer framework: pure compute, a plot, and a thin widget layer (``_widget``).

An explorer is an :class:`Explorer`: a list of :class:`Control` s (each with its
range or options), a pure ``compute(**values)`` that returns a result dict with a
one-line ``"readout"``, and a ``plot(fig, result, cache)`` that draws the result
into a matplotlib Figure. ``cache`` is a dict kept between calls, so a plot can
create its artists once and update them in place afterwards.

Every explorer is listed in :data:`REGISTRY`, so a test can drive every control
of every explorer to its extremes.

Explorers that train take a button (``run_button=True``) and may make
``compute`` a generator: it yields intermediate results (each with a
``"progress"`` between 0 and 1) and the widget draws them as they come.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Callable

from matplotlib.figure import Figure

REGISTRY: dict[str, Explorer] = {}


@dataclass
class Control:
    """One slider, menu, checkbox or number of an explorer.

    kind: ``"float"``, ``"int"``, ``"log"`` (a float slider on a log scale; ``low``
    and ``high`` are the values themselves), ``"choice"`` (``options``) or
    ``"bool"`` or ``"sizes"`` (a tuple of layer widths: ``low`` to ``high`` neurons
    each, at most ``options[0]`` layers; the widget has +/− per layer).
    """

    name: str
    kind: str
    default: Any
    low: float | None = None
    high: float | None = None
    step: float | None = None
    options: tuple = ()
    label: str = ""
    continuous_update: bool = True

    def __post_init__(self) -> None:
        if self.kind not in ("float", "int", "log", "choice", "bool", "sizes"):
            raise ValueError(f"kind: expected float, int, log, choice, bool or sizes, got "
                             f"{self.kind!r}")
        if self.kind == "choice" and self.default not in self.options:
            raise ValueError(f"default: {self.default!r} is not among options {self.options}")
        if self.kind in ("float", "int", "log"):
            if self.low is None or self.high is None or not self.low <= self.default <= self.high:
                raise ValueError(f"{self.name}: default {self.default} outside [{self.low}, "
                                 f"{self.high}]")

    def sweep_values(self) -> list:
        """The values a sweep test visits: the extremes and the default, or every option."""
        if self.kind == "choice":
            return list(self.options)
        if self.kind == "bool":
            return [False, True]
        if self.kind == "sizes":  # no layer, the default, the most layers of the most units
            return [(), tuple(self.default), (int(self.high),) * int(self.options[0])]
        values = [self.low, self.default, self.high]
        if self.kind == "int":
            values = [int(v) for v in values]
        return values


@dataclass
class Explorer:
    """A registered explorer. ``compute`` is pure; ``plot`` only draws."""

    name: str
    title: str
    controls: list[Control]
    compute: Callable[..., Any]
    plot: Callable[[Figure, dict, dict], None]
    figsize: tuple[float, float] = (9.0, 3.6)
    run_button: bool = False
    button_label: str = "Run"
    lesson: str = ""
    description: str = ""
    dpi: int = 80
    extra: dict = field(default_factory=dict)

    def defaults(self) -> dict:
        return {control.name: control.default for control in self.controls}

    def results(self, **values: Any) -> Iterator[dict]:
        """Every result ``compute`` gives for these values (one, or a generator's stream)."""
        settings = self.defaults()
        unknown = set(values) - set(settings)
        if unknown:
            raise TypeError(f"{self.name}: unknown control(s) {sorted(unknown)}; "
                            f"controls are {sorted(settings)}")
        settings.update(values)
        outcome = self.compute(**settings)
        if isinstance(outcome, dict):
            yield outcome
        else:
            yield from outcome

    def final(self, **values: Any) -> dict:
        """The last result for these values: what the explorer shows when it settles."""
        result = None
        for result in self.results(**values):  # noqa: B007 (the last one is the answer)
            pass
        return result

    def new_figure(self) -> Figure:
        return Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")

    def render(self, values: dict | None = None) -> tuple[Figure, dict]:
        """Compute and draw in one call, without widgets (for tests and static pages)."""
        result = self.final(**(values or {}))
        fig = self.new_figure()
        self.plot(fig, result, {})
        return fig, result


def register(explorer: Explorer) -> Explorer:
    """Add an explorer to :data:`REGISTRY` (its name must be new)."""
    if explorer.name in REGISTRY and REGISTRY[explorer.name] is not explorer:
        raise ValueError(f"name: an explorer called {explorer.name!r} is already registered")
    REGISTRY[explorer.name] = explorer
    return explorer
