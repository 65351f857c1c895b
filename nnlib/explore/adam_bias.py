"""Lesson 10 explorer: Adam's moments and its step over the first steps, for a constant gradient.

With a constant gradient g, m = (1 - beta_1^t) g and v = (1 - beta_2^t) g^2 exactly, so the
bias corrections give m_hat = g and v_hat = g^2 at every step. The explorer shows what each
correction does to the step by leaving it out.
"""
from __future__ import annotations

import numpy as np

from ..plots.lesson10_adam_bias import plot_bias
from ._core import Control, Explorer, register

SCALES = 10.0 ** np.arange(-4, 5)  # gradient sizes for the first-step sweep


def adam_moments(gradient: float, steps: int, beta_1: float = 0.9, beta_2: float = 0.999,
                 learning_rate: float = 0.001, epsilon: float = 1e-7) -> dict:
    """m, v, m_hat, v_hat and the step of every variant, for steps t = 1 .. steps."""
    m, v = 0.0, 0.0
    rows = []
    for t in range(1, steps + 1):
        m = beta_1 * m + (1 - beta_1) * gradient
        v = beta_2 * v + (1 - beta_2) * gradient ** 2
        rows.append((m, v, m / (1 - beta_1 ** t), v / (1 - beta_2 ** t)))
    m, v, m_hat, v_hat = (np.array(column) for column in zip(*rows))
    pairs = {"both corrections": (m_hat, v_hat), "no correction": (m, v),
             "only m corrected": (m_hat, v), "only v corrected": (m, v_hat)}
    step = {name: learning_rate * np.abs(top) / (np.sqrt(bottom) + epsilon)
            for name, (top, bottom) in pairs.items()}
    return {"m": m, "v": v, "m_hat": m_hat, "v_hat": v_hat, "step": step}


def compute_bias(gradient: float = 1.0, steps: int = 50, beta_1: float = 0.9,
                 beta_2: float = 0.999) -> dict:
    lr = 0.001
    moments = adam_moments(gradient, steps, beta_1, beta_2, lr)
    first = {name: float(s[0] / lr) for name, s in moments["step"].items()}
    first_by_scale = np.array([adam_moments(g, 1, beta_1, beta_2, lr)["step"]
                               ["both corrections"][0] / lr for g in SCALES])
    readout = ("first step in units of α · " +
               " · ".join(f"{name} {value:.3g}" for name, value in first.items()) +
               f" · with both, over gradients 1e-4 … 1e4: {first_by_scale.min():.3g}"
               f" … {first_by_scale.max():.3g} α")
    return {**moments, "gradient": gradient, "steps": steps, "learning_rate": lr,
            "first": first, "first_by_scale": first_by_scale, "readout": readout}


register(Explorer(
    name="adam_bias_correction",
    title="Adam's bias correction over the first steps",
    controls=[
        Control("gradient", "log", 1.0, low=1e-4, high=1e4, label="gradient g"),
        Control("steps", "int", 50, low=5, high=500, step=5),
        Control("beta_1", "float", 0.9, low=0.0, high=0.99, step=0.01, label="β₁"),
        Control("beta_2", "float", 0.999, low=0.5, high=0.9999, step=0.0001, label="β₂"),
    ],
    compute=compute_bias,
    plot=plot_bias,
    figsize=(9.5, 3.6),
    lesson="10_optimizers_and_adam",
    description="Leave out one bias correction, or both, and watch the first steps.",
))
