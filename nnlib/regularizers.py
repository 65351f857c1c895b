"""Weight penalties added to the loss (Keras's ``keras.regularizers``; lessons 08 and 11).

L2 pulls every weight towards zero in proportion to its size; L1 pulls with the same
force whatever the size, so small weights reach zero and stay there (sparsity).

    >>> Dense(8, kernel_regularizer=L1(0.001))
"""
from __future__ import annotations

import numpy as np

from ._checks import positive_number


class Regularizer:
    """``penalty(W)`` is added to the loss; ``gradient(W)`` is its derivative dPenalty/dW."""

    def penalty(self, W: np.ndarray) -> float:
        raise NotImplementedError

    def gradient(self, W: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def get_config(self) -> dict:
        return dict(vars(self))


class L2(Regularizer):
    """``l2 * sum(W**2)``; its gradient is ``2 * l2 * W``."""

    def __init__(self, l2: float = 0.01) -> None:
        self.l2 = positive_number(l2, "l2", allow_zero=True)

    def penalty(self, W: np.ndarray) -> float:
        return float(self.l2 * np.sum(W * W))

    def gradient(self, W: np.ndarray) -> np.ndarray:
        return 2.0 * self.l2 * W


class L1(Regularizer):
    """``l1 * sum(|W|)``; its gradient is ``l1 * sign(W)`` (0 at exactly 0)."""

    def __init__(self, l1: float = 0.01) -> None:
        self.l1 = positive_number(l1, "l1", allow_zero=True)

    def penalty(self, W: np.ndarray) -> float:
        return float(self.l1 * np.sum(np.abs(W)))

    def gradient(self, W: np.ndarray) -> np.ndarray:
        return self.l1 * np.sign(W)


KNOWN = {"l1": L1, "l2": L2}


def get(regularizer) -> Regularizer | None:
    """None, a Regularizer, a number (an L2 rate, as older nnlib took), a name ``'l1'``/``'l2'``
    (Keras's default rate 0.01), or a saved config ``{'class': 'L1', 'l1': 0.001}``."""
    if regularizer is None or isinstance(regularizer, Regularizer):
        return regularizer
    if isinstance(regularizer, bool):
        raise TypeError("kernel_regularizer: expected None, 'l1', 'l2', L1(...) or L2(...), "
                        "got a bool")
    if isinstance(regularizer, (int, float)):
        return L2(regularizer)
    if isinstance(regularizer, str):
        key = regularizer.lower()
        if key not in KNOWN:
            raise ValueError(f"kernel_regularizer: unknown name {regularizer!r}; known names "
                             f"are {', '.join(KNOWN)}")
        return KNOWN[key]()
    if isinstance(regularizer, dict):
        config = dict(regularizer)
        kind = str(config.pop("class", "")).lower()
        if kind not in KNOWN:
            raise ValueError(f"kernel_regularizer: unknown regularizer {kind!r}")
        return KNOWN[kind](**config)
    raise TypeError(f"kernel_regularizer: expected None, 'l1', 'l2', L1(...) or L2(...), got "
                    f"{type(regularizer).__name__}")


def config_of(regularizer: Regularizer | None) -> dict | None:
    """The regularizer as plain data for a saved model (None stays None)."""
    if regularizer is None:
        return None
    return {"class": type(regularizer).__name__, **regularizer.get_config()}
