"""Lesson 12's picture of a convolutional network against a dense one, as data grow."""
from __future__ import annotations

from .curves import epoch_lines
from ..percents import share
from .palette import CONV, DENSE, MARK

COLOURS = {"conv": CONV, "dense": DENSE}


def plot(fig, result: dict, cache: dict) -> None:
    """Left: test accuracy per epoch for both networks. Right: training and test accuracy
    after the last epoch so far, the gap between them marked."""
    if not cache:
        left, right = fig.subplots(1, 2, width_ratios=(1.3, 1))
        cache["axes"] = left, right
        lines = epoch_lines(left, {f"{kind} network": dict(color=COLOURS[kind], lw=2, marker="o",
                                                            ms=2) for kind in COLOURS},
                            "test accuracy")
        cache["conv"], cache["dense"] = lines["conv network"], lines["dense network"]
        left.set_ylim(0, 1.02)
        left.legend(loc="lower right", fontsize=8.5)
        cache["bars"] = right.bar([0, 1, 3, 4], [0, 0, 0, 0], color=[
            COLOURS["conv"], "white", COLOURS["dense"], "white"],
            edgecolor=[COLOURS["conv"]] * 2 + [COLOURS["dense"]] * 2, hatch=["", "//"] * 2)
        cache["labels"] = [right.text(x, 0, "", ha="center", va="bottom", fontsize=8.5)
                           for x in (0, 1, 3, 4)]
        cache["gaps"] = [right.text(x, 1.13, "", ha="center", fontsize=8.5, color=MARK)
                         for x in (0.5, 3.5)]
        right.set_xticks([0, 1, 3, 4], ["conv\ntrain", "conv\ntest", "dense\ntrain",
                                        "dense\ntest"])
        right.set_ylim(0, 1.25)
        right.set_ylabel("accuracy")
    left, right = cache["axes"]
    curves = result["curves"]
    for kind in ("conv", "dense"):
        cache[kind].set_data(curves["epoch"], curves[kind])
    left.set_xlim(0, result["epochs"] + 0.5)
    left.set_title(f"trained on {result['n_train']} digits, tested on {result['n_test']}",
                   fontsize=10)
    heights = [result["train"]["conv"], result["test"]["conv"], result["train"]["dense"],
               result["test"]["dense"]]
    for bar, label, height in zip(cache["bars"], cache["labels"], heights):
        bar.set_height(height)
        label.set_position((label.get_position()[0], height + 0.01))
        label.set_text(share(height))
    for text, kind in zip(cache["gaps"], ("conv", "dense")):
        text.set_text(f"gap {result['train'][kind] - result['test'][kind]:.1%}")
    params = result["params"]
    right.set_xlabel(f"parameters: conv {params['conv']:,}, dense {params['dense']:,}",
                     fontsize=9)
    right.set_title("after the last epoch", fontsize=10)
