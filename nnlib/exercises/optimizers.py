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


def _adam_slip(bias_m=True, bias_v=True, inside=False, scale_moments=True,
               corrected_moments=False):
    """An Adam step with one typical slip (each flag False/True away from the right step)."""
    def step(param, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        new_m = beta_1 * m + ((1 - beta_1) if scale_moments else 1.0) * grad
        new_v = beta_2 * v + ((1 - beta_2) if scale_moments else 1.0) * grad**2
        m_hat = new_m / (1 - beta_1**t) if bias_m else new_m
        v_hat = new_v / (1 - beta_2**t) if bias_v else new_v
        root = np.sqrt(v_hat + epsilon) if inside else np.sqrt(v_hat) + epsilon
        new_param = param - learning_rate * m_hat / root
        return (new_param, m_hat, v_hat) if corrected_moments else (new_param, new_m, new_v)
    return step


ADAM_MISTAKES = [
    ("you left out both bias corrections: at step 1 with the defaults the step is then about "
     "3.16 times the learning rate, not 1. Divide m by (1 - beta_1**t) and v by (1 - beta_2**t) "
     "before the step", _adam_slip(bias_m=False, bias_v=False)),
    ("you corrected m but not v: v starts 1000 times too small with beta_2 = 0.999, so the "
     "first step is about 31.6 times the learning rate. Divide v by (1 - beta_2**t) as well",
     _adam_slip(bias_v=False)),
    ("you corrected v but not m: the first step is then about 0.1 times the learning rate. "
     "Divide m by (1 - beta_1**t) as well", _adam_slip(bias_m=False)),
    ("you put epsilon inside the square root, sqrt(v_hat + epsilon): Adam (and nnlib) adds it "
     "after the root, sqrt(v_hat) + epsilon. It matters when the gradients are tiny",
     _adam_slip(inside=True)),
    ("you left out the (1 - beta) factors in the moment updates: m = beta_1 * m + "
     "(1 - beta_1) * grad and v = beta_2 * v + (1 - beta_2) * grad**2",
     _adam_slip(scale_moments=False)),
    ("you returned the bias-corrected m_hat and v_hat as the new moments: return the "
     "uncorrected new_m and new_v (the correction is applied afresh at every step)",
     _adam_slip(corrected_moments=True)),
]


def check_adam_step(my_adam_step) -> bool:
    """``my_adam_step(param, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon)``
    must return ``(new_param, new_m, new_v)`` after Adam's step number t, without changing
    its inputs in place."""
    return check_function(
        my_adam_step, _adam_cases(), "my_adam_step", mistakes=ADAM_MISTAKES,
        inputs_unchanged=True,
        hints={"type": "return a tuple (new_param, new_m, new_v) of numpy arrays.",
               "shape": "every array keeps the shape of param.",
               "values": "update m and v first, then divide each by (1 - beta**t) (bias "
                         "correction) and add epsilon after the square root: "
                         "param - lr * m_hat / (sqrt(v_hat) + epsilon)."})


def reference_accumulated_gradient(micro_batch_gradients):
    """The mean of equally sized micro-batches' mean gradients."""
    return np.mean(np.asarray(micro_batch_gradients, dtype=np.float64), axis=0)
