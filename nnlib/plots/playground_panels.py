"""The playground's panels beside its picture, drawn as HTML rather than pixels: a
neuron's formula with its live numbers, the network's health per layer, the confusion
matrix, and the recorded runs. Each function takes numbers from :mod:`nnlib.lab` and
returns one HTML string."""
from __future__ import annotations

from html import escape
from typing import Any

import numpy as np

from .palette import CLASS_COLOURS
from ..percents import share

__all__: list = []  # used by the playground explorer, not the package's namespace

CELL = "style='padding:1px 6px;text-align:right'"
HEAD = "style='padding:1px 6px;text-align:right;font-weight:600'"


def _table(header: list[str], rows: list[list[str]], caption: str = "") -> str:
    head = "".join(f"<th {HEAD}>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td {CELL}>{cell}</td>" for cell in row) + "</tr>"
                   for row in rows)
    title = f"<div style='font-weight:600'>{caption}</div>" if caption else ""
    return (f"{title}<table style='border-collapse:collapse;font-size:0.9em'>"
            f"<tr>{head}</tr>{body}</table>")


def _number(value: float) -> str:
    return f"{value:.3g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.1e}"


def neuron_html(facts: dict[str, Any]) -> str:
    """z = Σ wᵢaᵢ + b written out with the unit's live weights and the inputs at one
    training point, then a = f(z), f'(z), the loss's gradients and the unit's status."""
    terms = " + ".join(f"({_number(w)})·({_number(a)})"
                       for w, a in zip(facts["weights"], facts["inputs"]))
    f = facts["activation"]
    status = {"dead": "<b style='color:#b00'>dead</b>: f′(z) = 0 on every training point, "
                      "so no gradient reaches its weights",
              "saturated": "<b style='color:#b60'>saturated</b>: f′(z) is under 1% of its "
                           "peak on 90% or more of the points",
              "alive": "<b>alive</b>"}[facts["status"]]
    return (f"<div style='font-size:0.9em;max-width:330px'>"
            f"at training point {facts['point'] + 1}:<br>"
            f"z = Σ wᵢaᵢ + b = {terms or '0'} + ({_number(facts['bias'])}) "
            f"= <b>{_number(facts['z'])}</b><br>"
            f"a = {f}(z) = <b>{_number(facts['a'])}</b>, f′(z) = {_number(facts['derivative'])}"
            f"<br>over all training points: ∂L/∂b = {_number(facts['grad_bias'])}, "
            f"|∂L/∂w| = {_number(facts['grad_weights'])}<br>"
            f"active (f′ ≥ 1% of peak) on {share(facts['active_fraction'])} of the points<br>"
            f"{status}</div>")


def health_html(inside: dict[str, Any]) -> str:
    """Per layer: the gradient norm |∂L/∂W|, the dead fraction and the saturated one."""
    norms = inside["gradient_norm"]
    rows = []
    for i, norm in enumerate(norms):
        hidden = i < len(norms) - 1
        dead = share(inside['dead_fraction'][i]) if hidden else "–"
        saturated = inside["saturated_fraction"][i] if hidden else None
        rows.append([f"layer {i + 1}" if hidden else "output", _number(norm), dead,
                     "–" if saturated is None else share(saturated)])
    ratio = inside["ratio"]
    caption = "health"
    if ratio is not None:
        caption += f" · first layer's gradient / output's = {_number(ratio)}"
    return _table(["", "|∂L/∂W|", "dead", "saturated"], rows, caption)


def confusion_html(counts: np.ndarray | None) -> str:
    """Rows the true class, columns the class picked; the diagonal is right."""
    if counts is None:
        return ""
    k = len(counts)
    name = [f"<span style='color:{CLASS_COLOURS[i % len(CLASS_COLOURS)]}'>class {i}</span>"
            for i in range(k)]
    rows = [[f"true {name[i]}"] + [f"<b>{c}</b>" if i == j else str(c)
                                   for j, c in enumerate(counts[i])] for i in range(k)]
    right = int(np.trace(counts))
    caption = (f"confusion matrix (test points): {right} of {int(counts.sum())} right")
    return _table([""] + [f"picked {n}" for n in name], rows, caption)


def runs_html(runs: list[dict[str, Any]], described: list[str]) -> str:
    """The recorded runs, one row each, with a short description of their settings."""
    if not runs:
        return ("<div style='font-size:0.9em'>Record adds the run on show here (and to "
                "<code>widget.runs</code>); its test loss curve joins the loss chart.</div>")

    def tenths(value: float | None) -> str:
        return "–" if value is None else share(value, 1, strip=False)

    rows = [[str(run["run"]), str(run["epoch"]), f"{run['train_loss']:.4f}",
             f"{run['test_loss']:.4f}", tenths(run["train_accuracy"]),
             tenths(run["test_accuracy"]),
             f"<span style='text-align:left'>{escape(text)}</span>"]
            for run, text in zip(runs, described)]
    return _table(["run", "epoch", "train loss", "test loss", "train acc.", "test acc.",
                   "settings"], rows, "recorded runs (widget.runs, widget.runs_csv())")
