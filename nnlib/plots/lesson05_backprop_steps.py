"""Lesson 05's picture of a backward pass: the graph with each node's gradient so far."""
from __future__ import annotations

from .graphs import draw_graph


def plot(fig, result: dict, cache: dict) -> None:
    """The graph with values and grads; gold: the node whose gradient was just computed."""
    if not cache:
        fig.set_layout_engine("none")  # draw_graph fits its text to the Axes' size: keep it
        cache["ax"] = fig.add_axes((0.005, 0.12, 0.99, 0.72))
        cache["title"] = fig.text(0.5, 0.97, "", ha="center", va="top", fontsize=12)
        fig.text(0.5, 0.02, "gold: the gradient computed at this step  ·  nodes not reached "
                 "yet still hold grad 0  ·  data: forward value, grad: ∂L/∂node",
                 ha="center", va="bottom", fontsize=9, color="0.35")
    ax = cache["ax"]
    for artist in list(ax.patches) + list(ax.texts):  # quicker than ax.clear()
        artist.remove()
    draw_graph(result["root"], ax=ax, highlight=result["current"], stacked=True)
    cache["title"].set_text(f"step {result['step']}/{result['n_steps']}:  {result['formula']}")
