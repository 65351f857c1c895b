"""Lesson 10's picture of Adam's bias correction over the first steps."""
from __future__ import annotations

import numpy as np

from .palette import LINE_COLOURS

VARIANTS = ("both corrections", "no correction", "only m corrected", "only v corrected")
# one colour per moment across both panels: m plum, v ochre; a variant that corrects only
# one moment takes that moment's colour, "both" ink and "none" grey
M_COLOUR, V_COLOUR = LINE_COLOURS[2], LINE_COLOURS[3]
VARIANT_COLOURS = dict(zip(VARIANTS, (LINE_COLOURS[0], "0.6", M_COLOUR, V_COLOUR)))


def plot_bias(fig, result: dict, cache: dict) -> None:
    """Left: the moments as fractions of their true values; right: step / α per variant.

    The axes and lines are made on the first frame; later frames only give the lines new
    data and the axes new limits (making the figure again cost most of a frame).
    """
    if not cache:
        ax_m, ax_s = fig.subplots(1, 2)
        cache["axes"] = ax_m, ax_s
        cache["moments"] = [
            ax_m.plot([], [], "-", color=M_COLOUR, label="m / g")[0],
            ax_m.plot([], [], "-", color=V_COLOUR, label="v / g²")[0],
            ax_m.plot([], [], "--", color=M_COLOUR, label="m̂ / g")[0],
            ax_m.plot([], [], "--", color=V_COLOUR, lw=2, label="v̂ / g²")[0]]
        ax_m.set_xlabel("step t")
        ax_m.set_ylabel("moment ÷ its true value")
        ax_m.set_ylim(0, 1.1)
        ax_m.set_title("constant gradient g: the moments", fontsize=10)
        ax_m.legend(fontsize=9, loc="center right")
        cache["steps"] = {name: ax_s.plot([], [], "-", color=VARIANT_COLOURS[name],
                                          lw=2.2 if name == "both corrections" else 1.5,
                                          label=name)[0]
                          for name in result["step"]}
        ax_s.set_yscale("log")
        ax_s.set_xlabel("step t")
        ax_s.set_ylabel("step size ÷ α")
        ax_s.set_title("the step, with and without each correction", fontsize=10)
        ax_s.legend(fontsize=9, loc="upper right")
        for ax in (ax_m, ax_s):
            ax.tick_params(labelsize=9)
    ax_m, ax_s = cache["axes"]
    t = np.arange(1, result["steps"] + 1)
    g = result["gradient"]
    moments = (result["m"] / g, result["v"] / g ** 2, result["m_hat"] / g,
               result["v_hat"] / g ** 2)
    for line, values in zip(cache["moments"], moments):
        line.set_data(t, values)
    for name, line in cache["steps"].items():
        line.set_data(t, result["step"][name] / result["learning_rate"])
    for ax in (ax_m, ax_s):
        ax.relim()
        ax.autoscale_view(scaley=ax is ax_s)  # the moments' panel keeps its 0 to 1.1
