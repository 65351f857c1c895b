"""Lesson 10 self-checks: one Adam step, and gradient accumulation."""
from __future__ import annotations

import numpy as np

from ..optimizers import Adam
from ._core import Case, check_function


def reference_adam_step(param, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999,
                        epsilon=1e-7):
    """nnlib's Adam from the state (m, v) after t - 1 steps: returns (param, m, v) after step t."""
    param, m, v = (np.array(a, dtype=np.float64) for a in (param, m, v))
    adam = Adam(learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon)
    adam._slot(param).update(m=m, v=v, t=t - 1)
    adam.step([param], [np.asarray(grad, dtype=np.float64)])
    return param, m, v


def _adam_cases() -> list[Case]:
    rng = np.random.default_rng(10)
    cases = []
    for t, scale, settings in [(1, 1.0, (0.001, 0.9, 0.999, 1e-7)),
                               (1, 1e-4, (0.01, 0.9, 0.999, 1e-7)),
                               (5, 3.0, (0.05, 0.8, 0.99, 0.1))]:
        param = rng.normal(size=(3, 2))
        grad = rng.normal(0, scale, size=(3, 2))
        m = np.zeros((3, 2)) if t == 1 else rng.normal(0, 0.5, size=(3, 2))
        v = np.zeros((3, 2)) if t == 1 else rng.uniform(0.1, 2.0, size=(3, 2))
        args = (param, grad, m, v, t, *settings)
        cases.append(Case(args, reference_adam_step(*args),
                          f"step t={t}, gradients of size ~{scale:g}"))
    return cases


def check_adam_step(my_adam_step) -> bool:
    """``my_adam_step(param, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon)``
    must return ``(new_param, new_m, new_v)`` after Adam's step number t."""
    return check_function(
        my_adam_step, _adam_cases(), "my_adam_step",
        hints={"type": "return a tuple (new_param, new_m, new_v) of numpy arrays.",
               "shape": "every array keeps the shape of param.",
               "values": "update m and v first, then divide each by (1 - beta**t) (bias "
                         "correction) and add epsilon after the square root: "
                         "param - lr * m_hat / (sqrt(v_hat) + epsilon)."})


def reference_accumulated_gradient(micro_batch_gradients):
    """The mean of equally sized micro-batches' mean gradients."""
    return np.mean(np.asarray(micro_batch_gradients, dtype=np.float64), axis=0)
