"""Lesson 10: the optimizer race, the training curves, and the Adam-step checker."""
from __future__ import annotations

import numpy as np
import pytest

import nnlib as nn
from nnlib.explore.optimizers import SURFACES, compute_curves, compute_race
from nnlib.gradcheck import numerical_gradient


def _adam(param, grad, m, v, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-7, bias=True, inside=False):
    m = b1 * m + (1 - b1) * grad
    v = b2 * v + (1 - b2) * grad ** 2
    m_hat, v_hat = (m / (1 - b1 ** t), v / (1 - b2 ** t)) if bias else (m, v)
    denominator = np.sqrt(v_hat + eps) if inside else np.sqrt(v_hat) + eps
    return param - lr * m_hat / denominator, m, v


def test_adam_checker_passes_a_correct_step():
    assert nn.exercises.check_adam_step(_adam)


@pytest.mark.parametrize("mistake", [dict(bias=False), dict(inside=True)],
                         ids=["no bias correction", "epsilon inside the root"])
def test_adam_checker_fails_typical_mistakes(mistake, capsys):
    def wrong(*args):
        return _adam(*args, **mistake)

    assert not nn.exercises.check_adam_step(wrong)
    assert "values differ" in capsys.readouterr().out


def test_adam_checker_rejects_a_step_that_changes_inputs_in_place(capsys):
    def in_place(param, grad, m, v, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
        new_param, new_m, new_v = _adam(param, grad, m, v, t, lr, b1, b2, eps)
        m[...] = new_m  # harmless to the checker: it passes fresh copies each call
        return new_param, new_m, new_v

    assert nn.exercises.check_adam_step(in_place)


@pytest.mark.parametrize("surface", list(SURFACES))
def test_surface_gradients_match_finite_differences(surface):
    f, grad, start, _, _ = SURFACES[surface]
    point = np.array(start) + 0.3
    numerical = numerical_gradient(lambda: float(f(*point)), point)
    assert np.allclose(grad(*point), numerical, rtol=1e-5, atol=1e-6)


def test_adam_beats_gradient_descent_on_the_valley_at_the_same_rate():
    race = compute_race("ill-conditioned valley", "GD vs Adam", learning_rate=0.1, steps=100)
    losses = {name: path["losses"][-1] for name, path in race["paths"].items()}
    assert losses["Adam"] < losses["gradient descent"] / 5


def test_race_reports_divergence_with_its_step():
    race = compute_race("ill-conditioned valley", "GD vs Adam", learning_rate=1.0, steps=50)
    assert race["paths"]["gradient descent"]["diverged_at"] is not None
    assert "gradient descent: diverged at step" in race["readout"]


def test_curves_stream_progress_and_adam_learns_faster_than_plain_sgd():
    results = list(compute_curves(learning_rate=0.01, epochs=4))
    progress = [r["progress"] for r in results]
    assert progress == sorted(progress) and progress[-1] == 1.0
    final = results[-1]["curves"]
    assert all(len(losses) == 4 for losses in final.values())
    assert final["Adam"][-1] < final["gradient descent"][-1]


def test_at_a_high_rate_rmsprop_blows_up_and_the_adaptive_ones_end_behind_plain_sgd():
    final = list(compute_curves(learning_rate=0.3, epochs=15))[-1]
    curves = final["curves"]
    assert final["diverged"] == {} and "diverged" not in final["readout"]  # finite throughout
    assert curves["RMSprop"][0] > 100 * max(curves["gradient descent"])
    assert curves["Adam"][0] > np.log(10)  # worse than guessing one digit in ten
    for name in ("RMSprop", "Adam"):
        assert curves[name][-1] > 10 * curves["gradient descent"][-1]
