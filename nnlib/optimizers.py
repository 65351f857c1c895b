"""Optimizers (lessons 04 and 10): turn gradients into parameter updates.

``optimizer.step(params, grads)`` updates a list of arrays in place. The update
rules are those of ``torch.optim``; the argument names and defaults are Keras's.
For a parameter p with gradient g at step t:

- SGD:      v = momentum * v + g;             p -= learning_rate * v
- RMSprop:  s = rho * s + (1 - rho) * g^2;    p -= learning_rate * g / (sqrt(s) + epsilon)
- Adam:     m = beta_1 * m + (1 - beta_1) * g;  s = beta_2 * s + (1 - beta_2) * g^2
            p -= learning_rate * m_hat / (sqrt(s_hat) + epsilon),
            with m_hat = m / (1 - beta_1^t), s_hat = s / (1 - beta_2^t)  (Kingma & Ba, Alg. 1)
"""
from __future__ import annotations

import numpy as np

from ._checks import number_in, one_of, positive_number


class Optimizer:
    """The base: keeps one state per parameter array and optional gradient clipping."""

    def __init__(self, learning_rate: float, clipnorm: float | None = None,
                 clipvalue: float | None = None) -> None:
        self.learning_rate = positive_number(learning_rate, "learning_rate")
        self.clipnorm = None if clipnorm is None else positive_number(clipnorm, "clipnorm")
        self.clipvalue = None if clipvalue is None else positive_number(clipvalue, "clipvalue")
        self.iterations = 0
        self._slots: dict[int, dict[str, np.ndarray]] = {}

    def _slot(self, param: np.ndarray) -> dict[str, np.ndarray]:
        return self._slots.setdefault(id(param), {})

    def _clip(self, grad: np.ndarray) -> np.ndarray:
        if self.clipvalue is not None:
            grad = np.clip(grad, -self.clipvalue, self.clipvalue)
        if self.clipnorm is not None:
            norm = float(np.sqrt(np.sum(grad * grad)))
            if norm > self.clipnorm:  # rescale so the norm is exactly clipnorm
                grad = grad * (self.clipnorm / norm)
        return grad

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every array of ``params`` in place from the matching ``grads``."""
        if len(params) != len(grads):
            raise ValueError(f"grads: expected one gradient per parameter ({len(params)}), "
                             f"got {len(grads)}")
        self.iterations += 1
        for param, grad in zip(params, grads):
            if param.shape != np.shape(grad):
                raise ValueError(f"grads: expected a gradient of shape {param.shape}, got "
                                 f"shape {np.shape(grad)}")
            self._update(param, self._clip(np.asarray(grad, dtype=param.dtype)),
                         self._slot(param))

    def _update(self, param: np.ndarray, grad: np.ndarray, slot: dict) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g})"


class SGD(Optimizer):
    """Gradient descent, with optional momentum (a velocity that remembers past steps)."""

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0,
                 nesterov: bool = False, **clipping) -> None:
        super().__init__(learning_rate, **clipping)
        self.momentum = number_in(momentum, "momentum", 0.0, 1.0, include_high=False)
        self.nesterov = nesterov

    def _update(self, param, grad, slot) -> None:
        if self.momentum == 0.0:
            param -= self.learning_rate * grad
            return
        if "velocity" not in slot:
            slot["velocity"] = grad.copy()  # torch starts the velocity at the first gradient
        else:
            slot["velocity"] *= self.momentum
            slot["velocity"] += grad
        step = grad + self.momentum * slot["velocity"] if self.nesterov else slot["velocity"]
        param -= self.learning_rate * step


class RMSprop(Optimizer):
    """Divide each step by a running root-mean-square of that parameter's gradients."""

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9,
                 epsilon: float = 1e-7, **clipping) -> None:
        super().__init__(learning_rate, **clipping)
        self.rho = number_in(rho, "rho", 0.0, 1.0, include_high=False)
        self.epsilon = positive_number(epsilon, "epsilon")

    def _update(self, param, grad, slot) -> None:
        square = slot.setdefault("square_avg", np.zeros_like(param))
        square *= self.rho
        square += (1 - self.rho) * grad * grad
        param -= self.learning_rate * grad / (np.sqrt(square) + self.epsilon)


class Adam(Optimizer):
    """Momentum (first moment) and RMSprop (second moment), both bias-corrected."""

    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-7, **clipping) -> None:
        super().__init__(learning_rate, **clipping)
        self.beta_1 = number_in(beta_1, "beta_1", 0.0, 1.0, include_high=False)
        self.beta_2 = number_in(beta_2, "beta_2", 0.0, 1.0, include_high=False)
        self.epsilon = positive_number(epsilon, "epsilon")

    def _update(self, param, grad, slot) -> None:
        if "m" not in slot:
            slot.update(m=np.zeros_like(param), v=np.zeros_like(param), t=0)
        scratch = slot.setdefault("scratch", np.empty_like(param))  # working space, not state
        slot["t"] += 1
        t, m, v = slot["t"], slot["m"], slot["v"]
        # the same arithmetic as the docstring, written in place: no temporary arrays
        np.multiply(grad, 1 - self.beta_1, out=scratch)
        m *= self.beta_1
        m += scratch                                    # m = beta_1 m + (1 - beta_1) g
        np.multiply(grad, grad, out=scratch)
        scratch *= 1 - self.beta_2
        v *= self.beta_2
        v += scratch                                    # v = beta_2 v + (1 - beta_2) g^2
        bias_correction_1 = 1 - self.beta_1 ** t
        root_correction_2 = np.sqrt(1 - self.beta_2 ** t)
        # lr m_hat / (sqrt(v_hat) + eps) = (lr rc2 / bc1) m / (sqrt(v) + eps rc2),
        # with rc2 = sqrt(1 - beta_2^t): one pass fewer over every parameter
        np.sqrt(v, out=scratch)
        scratch += self.epsilon * root_correction_2     # epsilon outside the root (Alg. 1)
        np.divide(m, scratch, out=scratch)
        scratch *= self.learning_rate * root_correction_2 / bias_correction_1
        param -= scratch


_KNOWN = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam}


def get(name: str | Optimizer) -> Optimizer:
    """The optimizer called ``name`` ('sgd', 'rmsprop', 'adam') with Keras's defaults."""
    if isinstance(name, Optimizer):
        return name
    return _KNOWN[one_of(name, "optimizer", _KNOWN)]()
