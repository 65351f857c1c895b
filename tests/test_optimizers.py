"""Optimizer steps equal updates computed by hand (torch.optim's rules, Keras's names)."""
from __future__ import annotations

import numpy as np
import pytest

from nnlib.optimizers import SGD, Adam, RMSprop, get


def _run(optimizer, grads):
    param = np.array([1.0, -2.0])
    path = []
    for grad in grads:
        optimizer.step([param], [np.array(grad)])
        path.append(param.copy())
    return path


GRADS = [[0.5, -1.0], [0.25, 2.0], [-1.0, 0.5]]


def test_plain_sgd_subtracts_learning_rate_times_gradient():
    path = _run(SGD(learning_rate=0.1), GRADS)
    assert np.allclose(path[0], [1.0 - 0.05, -2.0 + 0.1])
    assert np.allclose(path[-1], np.array([1.0, -2.0]) - 0.1 * np.sum(GRADS, axis=0))


def test_sgd_momentum_velocity_starts_at_first_gradient():
    path = _run(SGD(learning_rate=0.1, momentum=0.9), GRADS)
    v1 = np.array(GRADS[0])
    v2 = 0.9 * v1 + GRADS[1]
    v3 = 0.9 * v2 + GRADS[2]
    expected = np.array([1.0, -2.0]) - 0.1 * (v1 + v2 + v3)
    assert np.allclose(path[0], np.array([1.0, -2.0]) - 0.1 * v1)
    assert np.allclose(path[-1], expected)


def test_rmsprop_divides_by_running_root_mean_square():
    path = _run(RMSprop(learning_rate=0.01, rho=0.9, epsilon=1e-7), GRADS)
    param, square = np.array([1.0, -2.0]), np.zeros(2)
    for grad in map(np.array, GRADS):
        square = 0.9 * square + 0.1 * grad ** 2
        param = param - 0.01 * grad / (np.sqrt(square) + 1e-7)
    assert np.allclose(path[-1], param)


def test_adam_matches_algorithm_1_with_bias_correction_and_epsilon_outside_the_root():
    path = _run(Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.9, epsilon=0.1), GRADS)
    param, m, v = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2)
    for t, grad in enumerate(map(np.array, GRADS), start=1):
        m = 0.8 * m + 0.2 * grad
        v = 0.9 * v + 0.1 * grad ** 2
        m_hat, v_hat = m / (1 - 0.8 ** t), v / (1 - 0.9 ** t)
        param = param - 0.01 * m_hat / (np.sqrt(v_hat) + 0.1)  # a large epsilon shows its place
    assert np.allclose(path[-1], param, rtol=1e-12)
    # epsilon inside the root would give a different answer at this epsilon
    wrong = np.array([1.0, -2.0]) - 0.01 * np.array(GRADS[0]) / np.sqrt(
        np.array(GRADS[0]) ** 2 + 0.1)
    assert not np.allclose(path[0], wrong)


def test_adam_first_step_has_the_size_of_the_learning_rate_whatever_the_gradient_scale():
    for scale in (1e-6, 1.0, 1e6):
        param = np.array([0.0, 0.0])
        Adam(learning_rate=0.001, epsilon=1e-12).step([param], [np.array([scale, -scale])])
        assert np.allclose(np.abs(param), 0.001, rtol=1e-4)


def test_optimizer_matches_torch_when_installed():
    torch = pytest.importorskip("torch")
    for ours, theirs in [
        (SGD(learning_rate=0.1, momentum=0.9),
         lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
        (RMSprop(learning_rate=0.01, rho=0.9, epsilon=1e-7),
         lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-7)),
        (Adam(learning_rate=0.01, epsilon=1e-7),
         lambda p: torch.optim.Adam(p, lr=0.01, eps=1e-7)),
    ]:
        path = _run(ours, GRADS)
        tensor = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
        optimizer = theirs([tensor])
        for grad in GRADS:
            tensor.grad = torch.tensor(grad, dtype=torch.float64)
            optimizer.step()
        assert np.allclose(path[-1], tensor.detach().numpy()), ours


def test_clipnorm_rescales_a_long_gradient_to_the_given_norm():
    param = np.zeros(2)
    SGD(learning_rate=1.0, clipnorm=1.0).step([param], [np.array([3.0, 4.0])])
    assert np.allclose(param, [-0.6, -0.8])


def test_get_accepts_keras_names_and_lists_known_ones_otherwise():
    assert isinstance(get("adam"), Adam) and isinstance(get("SGD"), SGD)
    with pytest.raises(ValueError, match="optimizer: unknown name 'adamw'.*sgd, rmsprop, adam"):
        get("adamw")


@pytest.mark.parametrize("rate", [0, -0.1, float("nan")])
def test_learning_rate_must_be_positive(rate):
    with pytest.raises(ValueError, match="learning_rate: expected a finite number > 0"):
        Adam(learning_rate=rate)
