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


# ---- many arrays at once: the fused update must equal the rule written out plainly -------

def _reference(kind, settings, params, grad_steps):
    """The update rules written the plain way, one array at a time, in float64."""
    params = [p.astype(np.float64) for p in params]
    state = [dict(m=np.zeros_like(p), v=np.zeros_like(p), vel=None) for p in params]
    for t, grads in enumerate(grad_steps, start=1):
        for p, g, s in zip(params, grads, state):
            g = g.astype(np.float64)
            if kind == "sgd":
                lr, mu = settings["learning_rate"], settings.get("momentum", 0.0)
                s["vel"] = g.copy() if s["vel"] is None else mu * s["vel"] + g
                p -= lr * (g + mu * s["vel"] if settings.get("nesterov") else s["vel"])
            elif kind == "rmsprop":
                lr, rho, eps = settings["learning_rate"], settings["rho"], settings["epsilon"]
                s["v"] = rho * s["v"] + (1 - rho) * g ** 2
                p -= lr * g / (np.sqrt(s["v"]) + eps)
            else:
                lr, b1, b2, eps = (settings[k] for k in
                                   ("learning_rate", "beta_1", "beta_2", "epsilon"))
                s["m"] = b1 * s["m"] + (1 - b1) * g
                s["v"] = b2 * s["v"] + (1 - b2) * g ** 2
                m_hat, v_hat = s["m"] / (1 - b1 ** t), s["v"] / (1 - b2 ** t)
                p -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return params


CASES = [
    ("sgd", SGD, dict(learning_rate=0.05)),
    ("sgd", SGD, dict(learning_rate=0.05, momentum=0.9)),
    ("sgd", SGD, dict(learning_rate=0.05, momentum=0.8, nesterov=True)),
    ("rmsprop", RMSprop, dict(learning_rate=0.01, rho=0.9, epsilon=1e-7)),
    ("adam", Adam, dict(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7)),
    ("adam", Adam, dict(learning_rate=0.02, beta_1=0.8, beta_2=0.9, epsilon=0.1)),
]
# a layer's worth of shapes: one array large enough to be updated a piece at a time (and
# its last piece shorter), one too big to be updated with the others, small ones that
# together are more than a piece
SHAPES = [(400, 350), (200, 200), (150, 200), (150, 200), (150, 200), (200,), (200, 10),
          (10,), (3, 4, 2)]


def _problem(dtype, steps=6, seed=0):
    rng = np.random.default_rng(seed)
    params = [rng.normal(size=s).astype(dtype) for s in SHAPES]
    grads = [[rng.normal(scale=10.0 ** rng.integers(-3, 2), size=s).astype(dtype)
              for s in SHAPES] for _ in range(steps)]
    return params, grads


@pytest.mark.parametrize("dtype, rtol, atol", [(np.float64, 1e-12, 1e-13),
                                              (np.float32, 1e-4, 1e-5)])
@pytest.mark.parametrize("kind, cls, settings", CASES)
def test_every_array_follows_the_plain_rule_over_several_steps(kind, cls, settings, dtype,
                                                                rtol, atol):
    params, grad_steps = _problem(dtype)
    expected = _reference(kind, settings, params, grad_steps)
    optimizer = cls(**settings)
    for grads in grad_steps:
        optimizer.step(params, grads)
    for ours, theirs in zip(params, expected):
        assert ours.dtype == dtype
        assert np.allclose(ours, theirs, rtol=rtol, atol=atol)
    assert optimizer.iterations == len(grad_steps)


@pytest.mark.parametrize("kind, cls, settings", CASES)
def test_the_step_leaves_the_callers_gradients_alone(kind, cls, settings):
    params, grad_steps = _problem(np.float64, steps=3)
    optimizer = cls(**settings)
    for grads in grad_steps:
        copies = [g.copy() for g in grads]
        optimizer.step(params, grads)
        for g, copy in zip(grads, copies):
            assert np.array_equal(g, copy)
    # a gradient may be the parameter's own array, or the same array twice
    param, shared = np.ones(3), np.full(3, 0.5)
    other = np.ones(3)
    cls(**settings).step([param, other], [shared, shared])
    assert np.array_equal(shared, np.full(3, 0.5))
    assert np.array_equal(param, other)


@pytest.mark.parametrize("kind, cls, settings", CASES)
def test_the_state_stays_with_each_array_when_the_list_changes(kind, cls, settings):
    """Three steps on all arrays, then steps on a list in another order with one more
    array: each array goes on from its own state, the new one starts fresh."""
    params, grad_steps = _problem(np.float64, steps=5)
    extra, extra_grads = np.zeros(4), [np.full(4, 0.5), np.full(4, -1.0)]
    expected = _reference(kind, settings, params, grad_steps)
    expected_extra = _reference(kind, settings, [extra], [[g] for g in extra_grads])[0]
    optimizer = cls(**settings)
    for grads in grad_steps[:3]:
        optimizer.step(params, grads)
    order = [4, 2, 0, 5, 3, 1, 8, 6, 7]
    for grads, extra_grad in zip(grad_steps[3:], extra_grads):
        optimizer.step([params[i] for i in order] + [extra],
                       [grads[i] for i in order] + [extra_grad])
    for ours, theirs in zip(params + [extra], expected + [expected_extra]):
        assert np.allclose(ours, theirs, rtol=1e-12, atol=1e-13)


def test_clipping_applies_to_each_array_before_the_update():
    params, grad_steps = _problem(np.float64, steps=3)
    clipped = [[g * min(1.0, 0.5 / np.linalg.norm(g)) for g in grads] for grads in grad_steps]
    settings = dict(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
    expected = _reference("adam", settings, params, clipped)
    optimizer = Adam(clipnorm=0.5, **settings)
    for grads in grad_steps:
        optimizer.step(params, grads)
    for ours, theirs in zip(params, expected):
        assert np.allclose(ours, theirs, rtol=1e-12, atol=1e-13)


def test_many_arrays_match_torch_when_installed():
    torch = pytest.importorskip("torch")
    params, grad_steps = _problem(np.float64, steps=5)
    tensors = [torch.tensor(p, requires_grad=True) for p in params]
    ours = Adam(learning_rate=0.01, epsilon=1e-7)
    theirs = torch.optim.Adam(tensors, lr=0.01, eps=1e-7)
    for grads in grad_steps:
        ours.step(params, grads)
        for tensor, g in zip(tensors, grads):
            tensor.grad = torch.tensor(g)
        theirs.step()
    for p, tensor in zip(params, tensors):
        assert np.allclose(p, tensor.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_a_wrong_gradient_shape_is_named_before_anything_changes():
    params = [np.ones((2, 2)), np.ones(2)]
    before = [p.copy() for p in params]
    optimizer = Adam()
    with pytest.raises(ValueError, match=r"grads: expected a gradient of shape \(2,\), got "
                                         r"shape \(3,\)"):
        optimizer.step(params, [np.ones((2, 2)), np.ones(3)])
    assert all(np.array_equal(p, b) for p, b in zip(params, before))
    assert optimizer.iterations == 0


def test_float32_adam_rounds_every_step_as_one_array_at_a_time_bit_for_bit():
    """float32 parameters, in pieces and as one flat array: each number comes out exactly
    as the plain update computes it (epsilon and the step size applied in float64 and
    rounded once), so a chaotic training run ends where it always has."""
    params, grad_steps = _problem(np.float32, steps=4)
    plain = [p.copy() for p in params]
    m, v = [np.zeros_like(p) for p in plain], [np.zeros_like(p) for p in plain]
    optimizer = Adam(learning_rate=0.01)
    for t, grads in enumerate(grad_steps, start=1):
        optimizer.step(params, grads)
        root = np.float64(np.sqrt(1 - 0.999 ** t))
        for p, g, m_i, v_i in zip(plain, grads, m, v):
            m_i *= 0.9
            m_i += g * 0.1
            v_i *= 0.999
            v_i += (g * g) * (1 - 0.999)
            step = np.sqrt(v_i)
            step += 1e-7 * root                   # a float64 number: computed in float64
            step = m_i / step
            step *= 0.01 * root / (1 - 0.9 ** t)
            p -= step
    for ours, theirs in zip(params, plain):
        assert np.array_equal(ours, theirs)
