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


# Parameter arrays this small are updated together, as one flat array: for small arrays
# the cost of each numpy call, not the arithmetic, is most of a step.
_SMALL = 32768
# Large arrays are updated in pieces of this many numbers: Adam makes twelve passes, and
# a piece of each of its five arrays stays in the processor's cache between them.
_PIECE = 65536
_WORKING = ("scratch", "root")  # working space in a slot, not state


class _Group:
    """Small parameters updated as one: one flat gradient buffer, one flat state.

    After the first step every parameter's own slot holds views of the flat state, so
    the state stays with the parameter if the group is given up; numbers in the state
    (Adam's step count) are copied back to the slots then (:meth:`release`).
    """

    def __init__(self, params: list[np.ndarray], indices: list[int]) -> None:
        self.params = params                    # the caller's list, held to check it is the same
        self.indices = indices
        self.members = set(indices)
        sizes = [params[i].size for i in indices]
        self.grad = np.empty(sum(sizes), dtype=params[indices[0]].dtype)
        self.bounds = np.cumsum([0] + sizes).tolist()
        self.slot: dict = {}
        self.direction: np.ndarray | None = None
        self.parts: list[np.ndarray] = []

    def views(self, flat: np.ndarray) -> list[np.ndarray]:
        """``flat`` cut into arrays shaped like the group's parameters (views, no copies)."""
        return [flat[a:b].reshape(self.params[i].shape) for i, a, b in
                zip(self.indices, self.bounds[:-1], self.bounds[1:])]

    def share_state(self, slots: dict) -> None:
        for key, value in self.slot.items():
            if key in _WORKING:
                continue
            parts = self.views(value) if isinstance(value, np.ndarray) else \
                [value] * len(self.indices)
            for i, part in zip(self.indices, parts):
                slots.setdefault(id(self.params[i]), {})[key] = part

    def release(self, slots: dict) -> None:
        for key, value in self.slot.items():
            if not isinstance(value, np.ndarray):
                for i in self.indices:
                    slots[id(self.params[i])][key] = value


class Optimizer:
    """The base: keeps one state per parameter array and optional gradient clipping.

    Subclasses write ``_direction(grad, slot)``: the array ``d`` with ``param -= d``,
    computed in place in the slot's own buffers (never in ``grad``, which belongs to
    the caller).
    """

    def __init__(self, learning_rate: float, clipnorm: float | None = None,
                 clipvalue: float | None = None) -> None:
        self.learning_rate = positive_number(learning_rate, "learning_rate")
        self.clipnorm = None if clipnorm is None else positive_number(clipnorm, "clipnorm")
        self.clipvalue = None if clipvalue is None else positive_number(clipvalue, "clipvalue")
        self.iterations = 0
        self._slots: dict[int, dict[str, np.ndarray]] = {}
        self._group: _Group | None = None

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
        for param, grad in zip(params, grads):
            if param.shape != np.shape(grad):
                raise ValueError(f"grads: expected a gradient of shape {param.shape}, got "
                                 f"shape {np.shape(grad)}")
        self.iterations += 1
        if self.clipvalue is not None or self.clipnorm is not None:
            grads = [self._clip(np.asarray(g, dtype=p.dtype)) for p, g in zip(params, grads)]
        group = self._group_for(params)
        grouped = () if group is None else group.members
        for i, (param, grad) in enumerate(zip(params, grads)):
            if i not in grouped:
                self._apply(param, np.asarray(grad, dtype=param.dtype), self._slot(param))
        if group is not None:
            np.concatenate([np.ravel(grads[i]) for i in group.indices], out=group.grad,
                           casting="same_kind")
            direction = self._direction(group.grad, group.slot)
            if direction is not group.direction:  # the first step: the state now exists
                group.direction, group.parts = direction, group.views(direction)
                group.share_state(self._slots)
            for i, part in zip(group.indices, group.parts):
                params[i] -= part

    def _group_for(self, params: list[np.ndarray]) -> _Group | None:
        """The small parameters to update together, or None. A group is made only for
        parameters with no state yet, and kept while the same arrays come back."""
        group = self._group
        if group is not None:
            if len(group.params) == len(params) and all(
                    a is b for a, b in zip(group.params, params)):
                return group
            group.release(self._slots)
            self._group = None
        small = [i for i, p in enumerate(params) if p.size <= _SMALL]
        if len(small) < 2 or len({params[i].dtype for i in small}) > 1 or any(
                id(params[i]) in self._slots for i in small):
            return None
        self._group = _Group(list(params), small)
        return self._group

    def _direction(self, grad: np.ndarray, slot: dict) -> np.ndarray:
        raise NotImplementedError

    def _apply(self, param: np.ndarray, grad: np.ndarray, slot: dict) -> None:
        """``param -= direction``; a subclass may do it a piece at a time."""
        param -= self._direction(grad, slot)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g})"


def _scratch(slot: dict, like: np.ndarray) -> np.ndarray:
    """Working space kept from step to step (not state: nothing carries over in it)."""
    scratch = slot.get("scratch")
    if scratch is None:
        scratch = slot["scratch"] = np.empty_like(like)
    return scratch


class SGD(Optimizer):
    """Gradient descent, with optional momentum (a velocity that remembers past steps)."""

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0,
                 nesterov: bool = False, **clipping) -> None:
        super().__init__(learning_rate, **clipping)
        self.momentum = number_in(momentum, "momentum", 0.0, 1.0, include_high=False)
        self.nesterov = nesterov

    def _direction(self, grad, slot) -> np.ndarray:
        step = _scratch(slot, grad)
        if self.momentum == 0.0:
            return np.multiply(grad, self.learning_rate, out=step)
        if "velocity" not in slot:
            slot["velocity"] = grad.copy()  # torch starts the velocity at the first gradient
        else:
            slot["velocity"] *= self.momentum
            slot["velocity"] += grad
        if self.nesterov:                   # g + momentum v
            np.multiply(slot["velocity"], self.momentum, out=step)
            step += grad
        else:
            step[...] = slot["velocity"]
        step *= self.learning_rate
        return step


class RMSprop(Optimizer):
    """Divide each step by a running root-mean-square of that parameter's gradients."""

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9,
                 epsilon: float = 1e-7, **clipping) -> None:
        super().__init__(learning_rate, **clipping)
        self.rho = number_in(rho, "rho", 0.0, 1.0, include_high=False)
        self.epsilon = positive_number(epsilon, "epsilon")

    def _direction(self, grad, slot) -> np.ndarray:
        if "square_avg" not in slot:
            slot["square_avg"] = np.zeros_like(grad)
        root = slot.get("root")  # working space, as the scratch
        if root is None:
            root = slot["root"] = np.empty_like(grad)
        square, step = slot["square_avg"], _scratch(slot, grad)
        np.multiply(grad, 1 - self.rho, out=step)
        step *= grad
        square *= self.rho
        square += step                                  # s = rho s + (1 - rho) g^2
        np.sqrt(square, out=root)
        root += self.epsilon
        np.multiply(grad, self.learning_rate, out=step)
        step /= root                                    # lr g / (sqrt(s) + eps)
        return step


class Adam(Optimizer):
    """Momentum (first moment) and RMSprop (second moment), both bias-corrected."""

    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-7, **clipping) -> None:
        super().__init__(learning_rate, **clipping)
        self.beta_1 = number_in(beta_1, "beta_1", 0.0, 1.0, include_high=False)
        self.beta_2 = number_in(beta_2, "beta_2", 0.0, 1.0, include_high=False)
        self.epsilon = positive_number(epsilon, "epsilon")

    def _direction(self, grad, slot) -> np.ndarray:
        return self._adam(grad, slot)

    def _apply(self, param, grad, slot) -> None:
        self._adam(grad, slot, param)

    def _adam(self, grad: np.ndarray, slot: dict, param: np.ndarray | None = None):
        """Advance the moments by one step and return the step (or take it from
        ``param``); large arrays a piece at a time, with the same arithmetic."""
        if "m" not in slot:
            slot.update(m=np.zeros_like(grad), v=np.zeros_like(grad), t=0)
        scratch = _scratch(slot, grad)
        slot["t"] += 1
        t = slot["t"]
        bias_correction_1 = 1 - self.beta_1 ** t
        # a numpy float64 on purpose: with float32 parameters numpy then computes the two
        # passes that use it (epsilon, the step size) in float64 and rounds once, as nnlib
        # always has. A Python float would make them float32 passes, several times quicker,
        # but every step would move by about one rounding, and a chaotic training run (a
        # deep tanh network at a high learning rate) would then end somewhere else.
        root_correction_2 = np.sqrt(1 - self.beta_2 ** t)
        # lr m_hat / (sqrt(v_hat) + eps) = (lr rc2 / bc1) m / (sqrt(v) + eps rc2),
        # with rc2 = sqrt(1 - beta_2^t): one pass fewer over every parameter
        epsilon = self.epsilon * root_correction_2
        scale = self.learning_rate * root_correction_2 / bias_correction_1
        arrays = [grad, slot["m"], slot["v"], scratch]
        if param is not None:
            arrays.append(param)
        whole = grad.size < 2 * _PIECE or not all(a.flags.c_contiguous for a in arrays)
        if whole:
            self._adam_piece(*arrays[:4], epsilon, scale)
            if param is not None:
                param -= scratch
            return scratch
        flat = [a.reshape(-1) for a in arrays]  # views: every array is contiguous
        for start in range(0, grad.size, _PIECE):
            piece = [a[start:start + _PIECE] for a in flat]
            self._adam_piece(*piece[:4], epsilon, scale)
            if param is not None:
                piece[4] -= piece[3]
        return scratch

    def _adam_piece(self, grad, m, v, scratch, epsilon, scale) -> None:
        # the same arithmetic as the docstring, written in place: no temporary arrays
        np.multiply(grad, 1 - self.beta_1, out=scratch)
        m *= self.beta_1
        m += scratch                                    # m = beta_1 m + (1 - beta_1) g
        np.multiply(grad, grad, out=scratch)
        scratch *= 1 - self.beta_2
        v *= self.beta_2
        v += scratch                                    # v = beta_2 v + (1 - beta_2) g^2
        np.sqrt(v, out=scratch)
        scratch += epsilon                              # epsilon outside the root (Alg. 1)
        np.divide(m, scratch, out=scratch)
        scratch *= scale                                # the step: param -= scratch


_KNOWN = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam}


def get(name: str | Optimizer) -> Optimizer:
    """The optimizer called ``name`` ('sgd', 'rmsprop', 'adam') with Keras's defaults."""
    if isinstance(name, Optimizer):
        return name
    return _KNOWN[one_of(name, "optimizer", _KNOWN)]()
