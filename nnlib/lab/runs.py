"""Recorded runs side by side, and the confusion matrix of a classifier.

A run is a dict: its number, the settings string that restores it, the epoch it was
recorded at, the train and test loss and accuracy (None in regression), and the loss
curves (``history``). :func:`runs_csv` writes the runs as CSV, one row each, without
the curves.
"""
from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np

COLUMNS = ("run", "epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
           "settings")


def record(playground, number: int, settings: str) -> dict[str, Any]:
    """The run ``playground`` is now, as a dict (see the module docstring)."""
    history = playground.history
    return {"run": number, "epoch": playground.epoch,
            "train_loss": history["train_loss"][-1], "test_loss": history["test_loss"][-1],
            "train_accuracy": playground.accuracy("train"),
            "test_accuracy": playground.accuracy("test"), "settings": settings,
            "history": {key: list(values) for key, values in history.items()}}


def runs_csv(runs: list[dict[str, Any]]) -> str:
    """The runs as CSV text: a header row, then a row per run (curves left out)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for run in runs:
        writer.writerow(["" if run[name] is None else run[name] for name in COLUMNS])
    return buffer.getvalue()


def confusion_matrix(playground, which: str = "test") -> np.ndarray | None:
    """Counts (K, K): row = the true class, column = the class the network picks; None
    in regression."""
    if playground.problem == "regression":
        return None
    inputs, y = ((playground.inputs_test, playground.y_test) if which == "test"
                 else (playground.inputs_train, playground.y_train))
    k = max(playground.n_classes, 2)
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (y.astype(int), playground.predicted_class(inputs)), 1)
    return counts
