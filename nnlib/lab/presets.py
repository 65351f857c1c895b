"""Presets: one per lesson's failure and one for its cure, each with what to look for.

Each preset is the settings it changes from the playground's defaults, the number of
epochs to play before its note holds, and the note the readout shows. The notes are
measured claims: ``tests/test_playground_presets.py`` plays every preset for its epochs
from the widget's opening weights (seed 0, data seed 0) and checks its note.
"""
from __future__ import annotations

from typing import Any

DEEP_SIGMOID = dict(dataset="circle", layer_sizes=(8,) * 6, activation="sigmoid",
                    optimizer="sgd", learning_rate=0.3)
RELU = dict(dataset="circle", layer_sizes=(8, 8), activation="relu", initialization="he")
OVERFIT = dict(dataset="xor", noise=0.4, train_fraction=0.1, layer_sizes=(8, 8, 8))

PRESETS: dict[str, dict[str, Any]] = {
    "vanishing: 6 sigmoid layers": dict(
        settings=DEEP_SIGMOID, epochs=50,
        note="play 50 epochs: layer 1's gradient stays under 1/1000 of the output layer's "
             "(health table) and the test accuracy stays below 60%: the early layers "
             "hardly learn"),
    "cure: the same stack with tanh": dict(
        settings={**DEEP_SIGMOID, "activation": "tanh"}, epochs=50,
        note="play 50 epochs: the test accuracy passes 90% within ten epochs, then swings "
             "from epoch to epoch at this high rate but averages over 85% in the last ten, and "
             "layer 1's gradient never falls below 1/30 of the output layer's (under 1/1000 "
             "with sigmoid)"),
    "dead ReLUs: learning rate 1": dict(
        settings={**RELU, "optimizer": "adam", "learning_rate": 1.0}, epochs=10,
        note="play 10 epochs: every unit of layer 2 is dead (crossed-out tiles, health "
             "table 100%) and the test accuracy stays below 60%"),
    "cure: ReLUs at learning rate 0.03": dict(
        settings={**RELU, "optimizer": "adam", "learning_rate": 0.03}, epochs=10,
        note="play 10 epochs: at most a quarter of any layer is dead, against all of "
             "layer 2 at rate 1, and the test accuracy passes 90%"),
    "overfitting: 40 noisy points": dict(
        settings=OVERFIT, epochs=200,
        note="play 200 epochs: the train loss falls below 0.1 while the test loss climbs "
             "to over twice its lowest value: the net learns the noise"),
    "cure: dropout 0.2": dict(
        settings={**OVERFIT, "dropout": 0.2}, epochs=200,
        note="play 200 epochs: the test loss ends at less than half the overfitting net's "
             "(record both runs to compare), at about the same test accuracy"),
    "spiral without hidden layers": dict(
        settings=dict(dataset="spiral", layer_sizes=()), epochs=100,
        note="play 100 epochs: one straight boundary cannot follow the arms; the test "
             "accuracy stays below 75%"),
    "cure: the spiral with 3 hidden layers": dict(
        settings=dict(dataset="spiral", layer_sizes=(8, 8, 8)), epochs=100,
        note="play 100 epochs: three hidden layers bend the boundary round the arms; "
             "the test accuracy passes 85%"),
    "XOR without the product feature": dict(
        settings=dict(dataset="xor", layer_sizes=()), epochs=100,
        note="play 100 epochs: x1 and x2 alone with no hidden layer give one straight "
             "line, and no line splits XOR; the test accuracy stays near 50%"),
    "cure: XOR with x1·x2": dict(
        settings=dict(dataset="xor", layer_sizes=(), x1_x2=True), epochs=100,
        note="play 100 epochs: the sign of x1·x2 is the class, so a network with no "
             "hidden layer passes 95% test accuracy"),
}
NO_PRESET = "(defaults)"


def preset_values(name: str, defaults: dict[str, Any]) -> dict[str, Any]:
    """Every control's value for preset ``name``: the defaults, changed by the preset."""
    if name == NO_PRESET:
        return dict(defaults)
    if name not in PRESETS:
        raise ValueError(f"preset: unknown name {name!r}; presets are {', '.join(PRESETS)}")
    return {**defaults, **PRESETS[name]["settings"]}
