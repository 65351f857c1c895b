"""Moves a learner makes on an explorer's controls, and the record of what each one did."""
from __future__ import annotations

from dataclasses import dataclass, field

SETTABLE = ("slider", "dropdown", "checkbox")


@dataclass
class Move:
    """One move of one control and what the page did after it."""

    notebook: str
    explorer: str
    control: str
    action: str
    before: object
    after: object
    behind_button: bool = False
    picture_ms: float | None = None   # move -> first new picture
    readout_ms: float | None = None   # move -> first new readout
    settled_ms: float | None = None   # move -> kernel idle again
    readout_before: str = ""
    readout_after: str = ""

    @property
    def picture_changed(self) -> bool:
        return self.picture_ms is not None

    def describe(self) -> str:
        where = f"{self.notebook}: explorer {self.explorer!r}, control {self.control!r}"
        return f"{where}, {self.action} ({self.before!r} -> {self.after!r})"


@dataclass
class Report:
    """What happened on one notebook's page."""

    notebook: str
    explorers: list[str] = field(default_factory=list)
    interacts: int = 0
    moves: list[Move] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    predictions: int = 0  # predictions answered before their explorers were moved


def back_to_start(control: dict) -> list[tuple[str, object]]:
    """A click on a slider's track where its handle started (so later controls are tried in
    the explorer's opening state, not with every earlier slider at its bottom)."""
    low, high = float(control["low"]), float(control["high"])
    if control.get("track", 0) < 40:
        return []  # no track to click (reported as a problem of its own)
    fraction = (float(control["raw"]) - low) / (high - low) if high > low else 0.0
    if fraction < 0.02 or fraction > 0.98:
        return []  # it started at an end, where Home or End leaves it
    return [(f"click the track near {control['text']}", ("track", fraction))]


def control_moves(control: dict) -> list[tuple[str, object]]:
    """The moves a learner makes on a control: a step, both ends and back near the start, or
    every option of a menu, or a checkbox both ways."""
    if control["type"] == "slider":
        return [("press ArrowRight", "ArrowRight"), ("press End", "End"),
                ("press Home", "Home")] + back_to_start(control)
    if control["type"] == "dropdown":
        count, start = control["count"], control["index"]
        return [(f"choose option {(start + k) % count + 1} of {count}", (start + k) % count)
                for k in range(1, count + 1)]  # every option, ending where it started
    if control["type"] == "checkbox":
        return [("click the checkbox", None), ("click the checkbox again", None)]
    return []


def one_move(control: dict) -> tuple[str, object]:
    """A single small move that changes the control's value (before a training button)."""
    if control["type"] == "slider":
        at_top = control["raw"] is not None and control["high"] is not None \
            and float(control["raw"]) >= float(control["high"])
        return ("press ArrowLeft", "ArrowLeft") if at_top else ("press ArrowRight", "ArrowRight")
    if control["type"] == "dropdown":
        target = (control["index"] + 1) % control["count"]
        return (f"choose option {target + 1} of {control['count']}", target)
    return ("click the checkbox", None)
