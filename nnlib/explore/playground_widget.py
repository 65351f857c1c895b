"""Lesson 11 explorer: the playground, an explorer widget with play, pause, step and reset.

The maths lives in :mod:`nnlib.lab` (the data, the features and a :class:`Playground`
that trains one epoch per tick) and the picture in :mod:`.playground_picture`. Here are
only the controls, grouped as the playground shows them, and what its buttons do: the
core ``ipywidgets.Play`` widget ticks from the browser (no threads), and each tick, like
each press of Step, trains one epoch and redraws.
"""
from __future__ import annotations

from typing import Any

from ._core import Control, Explorer, register
from ._widget import ExplorerWidget
from ..lab.playground import (ACTIVATIONS, FEATURES, INITIALIZATIONS, LIVE, OPTIMIZERS,
                              REGULARIZATIONS, Playground, compute)
from ..lab.points import DATASETS, PROBLEMS
from .playground_picture import plot

CONTROLS = [
    Control("problem", "choice", "classification", options=PROBLEMS),
    Control("dataset", "choice", "circle", options=DATASETS),
    Control("noise", "float", 0.1, low=0.0, high=0.5, step=0.01),
    Control("train_fraction", "float", 0.5, low=0.1, high=0.9, step=0.05,
            label="train fraction"),
    *[Control(name, "bool", name in ("x1", "x2"), label=label)
      for name, (label, _) in FEATURES.items()],
    Control("layer_sizes", "sizes", (4, 4), low=1, high=8, options=(6,),
            label="hidden layers"),
    Control("activation", "choice", "tanh", options=ACTIVATIONS),
    Control("initialization", "choice", "glorot", options=tuple(INITIALIZATIONS)),
    Control("optimizer", "choice", "adam", options=OPTIMIZERS),
    # 0.003 * 10**(k * 0.05): the default 0.03 lies on the slider's grid
    Control("learning_rate", "log", 0.03, low=0.003, high=3.0, step=0.05,
            label="learning rate"),
    Control("regularization", "choice", "none", options=REGULARIZATIONS),
    Control("regularization_rate", "float", 0.0, low=0.0, high=0.03, step=0.001,
            label="regularization rate"),
    Control("dropout", "float", 0.0, low=0.0, high=0.8, step=0.05),
    Control("batch_size", "int", 10, low=1, high=30, label="batch size"),
]
SECTIONS = {"Data": ["problem", "dataset", "noise", "train_fraction"],
            "Features": list(FEATURES),
            "Network": ["layer_sizes", "activation", "initialization"],
            "Training": ["optimizer", "learning_rate", "regularization", "regularization_rate",
                         "dropout", "batch_size"]}


class PlaygroundWidget(ExplorerWidget):
    """The explorer base with a Play/Step/Reset bar over the picture.

    Changing a data, feature or network setting builds a fresh network (a reset); the
    ``LIVE`` settings (learning rate, regularization, dropout, batch size) change the
    running network in place. Attributes beyond the base's: ``play``, ``button`` (Step),
    ``reset_button``
    and ``playground`` (the :class:`Playground` being trained).
    """

    INTERVAL_MS = 100  # Play's tick; a tick that arrives while the last is drawing is dropped

    def setup(self) -> None:
        self.playground: Playground | None = None
        self.seed = 0
        self.add_timer(self._train_one_epoch, self.INTERVAL_MS)
        self.button = self.add_button("Step", self._train_one_epoch, "train one epoch")
        self.reset_button = self.add_button("Reset", self._new_weights, "new starting weights")

    def start(self) -> None:
        self.reset()

    def on_control(self, name: str) -> None:
        if name not in LIVE:
            self.reset()
            return
        values = self.values()
        self.safely(lambda: self.playground.set_training(**{key: values[key] for key in LIVE}))

    def reset(self) -> None:
        """Build a fresh network (and data) from the current settings, and draw it."""
        self.safely(self._rebuild)

    def step(self) -> None:
        """Train one epoch and draw the new frame."""
        self.safely(self._train_one_epoch)

    def _rebuild(self) -> None:
        self.playground = Playground(seed=self.seed, **self.values())
        self._draw_playground()

    def _new_weights(self) -> None:
        self.seed += 1
        self._rebuild()

    def _train_one_epoch(self) -> None:
        self.playground.tick()
        self._draw_playground()

    def _draw_playground(self) -> None:
        self.draw(self.playground.snapshot())
        if self.result["diverged_at"] is not None:
            self._set_playing(False)  # nothing more to train: pause rather than spin


EXPLORER = register(Explorer(
    name="playground",
    title="Playground: data, features, layers and training, all live",
    controls=CONTROLS,
    compute=compute,
    plot=plot,
    figsize=(10.5, 4.5),
    dpi=72,
    lesson="11_capstone_playground",
    description="Build a small network for a 2-D data set and watch every unit learn.",
    extra={"widget": PlaygroundWidget, "sections": SECTIONS},
))


def open_playground(**settings: Any) -> PlaygroundWidget:
    """The full playground, with play, pause, step and reset, starting from ``settings``."""
    return PlaygroundWidget(EXPLORER, **settings)
