"""The playground's controls, grouped as its panel shows them, and the names beside them
that ``hide=[...]`` may name."""
from __future__ import annotations

from ._core import Control
from ..lab.playground import ACTIVATIONS, FEATURES, INITIALIZATIONS, OPTIMIZERS, REGULARIZATIONS
from ..lab.points import DATASETS, PROBLEMS

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
    Control("show_test", "bool", True, label="show test"),
    Control("discretize", "bool", False, label="discretize"),
]
SECTIONS = {"Data": ["problem", "dataset", "noise", "train_fraction"],
            "Features": list(FEATURES),
            "Network": ["layer_sizes", "activation", "initialization"],
            "Training": ["optimizer", "learning_rate", "regularization", "regularization_rate",
                         "dropout", "batch_size"],
            "Output": ["show_test", "discretize"]}
DISPLAY = ("show_test", "discretize")  # they change the picture, not the network
# what hide=[...] may name beside the controls
PARTS = ("play", "step", "reset", "regenerate", "record", "preset", "inspect", "health",
         "confusion", "runs")
