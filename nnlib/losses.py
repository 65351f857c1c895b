"""Losses (lessons 04 and 09): how wrong a prediction is, and which way to move it.

``loss(y_true, y_pred)`` is the mean over the batch, a float.
``loss.gradient(y_true, y_pred)`` is d(mean loss)/d(y_pred), shaped like ``y_pred``.
With ``from_logits=True`` the loss takes raw scores and applies sigmoid or softmax
inside, in a form that stays finite for any logits.
"""
from __future__ import annotations

import numpy as np

from . import activations
from ._checks import one_of

_CLIP = 1e-7  # probabilities are clipped to [_CLIP, 1 - _CLIP] before a log, as Keras does


def _binary_targets(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    y_true = np.asarray(y_true, dtype=y_pred.dtype)
    if y_true.shape != y_pred.shape:
        if y_true.size != y_pred.size:
            raise ValueError(f"y_true: expected {y_pred.shape[0]} targets to match y_pred of "
                             f"shape {y_pred.shape}, got shape {y_true.shape}")
        y_true = y_true.reshape(y_pred.shape)  # (n,) against (n, 1)
    return y_true


class Loss:
    """The base: a callable mean loss with its gradient."""

    name = "loss"

    def __call__(self, y_true: np.ndarray, y_pred: np.ndarray) -> float:
        raise NotImplementedError

    def gradient(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def value_and_gradient(self, y_true, y_pred) -> tuple[float, np.ndarray]:
        """Both at once, as a training step needs them (some losses share the work)."""
        return self(y_true, y_pred), self.gradient(y_true, y_pred)

    def _checked_value_and_gradient(self, y_true, y_pred) -> tuple[float, np.ndarray]:
        """The same, for targets the training loop checked once for the whole run."""
        return self.value_and_gradient(y_true, y_pred)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MeanSquaredError(Loss):
    """mean((y_pred - y_true)^2) over every element."""

    name = "mean_squared_error"

    def __call__(self, y_true, y_pred) -> float:
        y_pred = np.asarray(y_pred)
        error = y_pred - _binary_targets(y_true, y_pred)
        return float(np.mean(error * error))

    def gradient(self, y_true, y_pred) -> np.ndarray:
        y_pred = np.asarray(y_pred)
        return 2.0 * (y_pred - _binary_targets(y_true, y_pred)) / y_pred.size


class BinaryCrossentropy(Loss):
    """-mean(y log p + (1 - y) log(1 - p)); with from_logits, p = sigmoid(y_pred)."""

    name = "binary_crossentropy"

    def __init__(self, from_logits: bool = False) -> None:
        self.from_logits = from_logits

    def __call__(self, y_true, y_pred) -> float:
        y_pred = np.asarray(y_pred)
        y = _binary_targets(y_true, y_pred)
        if self.from_logits:
            # log(1 + e^z) - y z, written so that no exponent is positive
            per_element = np.maximum(y_pred, 0) - y_pred * y + np.log1p(np.exp(-np.abs(y_pred)))
        else:
            p = np.clip(y_pred, _CLIP, 1 - _CLIP)
            per_element = -(y * np.log(p) + (1 - y) * np.log(1 - p))
        return float(np.mean(per_element))

    def gradient(self, y_true, y_pred) -> np.ndarray:
        y_pred = np.asarray(y_pred)
        y = _binary_targets(y_true, y_pred)
        if self.from_logits:
            return (activations.sigmoid(y_pred) - y) / y_pred.size
        p = np.clip(y_pred, _CLIP, 1 - _CLIP)
        return (p - y) / (p * (1 - p)) / y_pred.size

    def __repr__(self) -> str:
        return f"BinaryCrossentropy(from_logits={self.from_logits})"


class CategoricalCrossentropy(Loss):
    """-mean over examples of sum_k y_k log p_k, for one-hot (or soft) targets of shape (n, k)."""

    name = "categorical_crossentropy"

    def __init__(self, from_logits: bool = False) -> None:
        self.from_logits = from_logits

    def _targets(self, y_true, y_pred) -> np.ndarray:
        y_true = np.asarray(y_true, dtype=y_pred.dtype)
        if y_true.shape != y_pred.shape:
            raise ValueError(f"y_true: expected one-hot targets of shape {y_pred.shape}, got "
                             f"shape {y_true.shape} (for integer labels use "
                             f"SparseCategoricalCrossentropy)")
        return y_true

    def __call__(self, y_true, y_pred) -> float:
        y_pred = np.asarray(y_pred)
        y = self._targets(y_true, y_pred)
        if self.from_logits:
            log_p = activations.log_softmax(y_pred)
        else:
            log_p = np.log(np.clip(y_pred, _CLIP, 1.0))
        return float(-np.sum(y * log_p) / y_pred.shape[0])

    def gradient(self, y_true, y_pred) -> np.ndarray:
        y_pred = np.asarray(y_pred)
        y = self._targets(y_true, y_pred)
        n = y_pred.shape[0]
        if self.from_logits:  # softmax and cross-entropy together: p - y
            return (activations.softmax(y_pred) * y.sum(axis=1, keepdims=True) - y) / n
        return -y / np.clip(y_pred, _CLIP, 1.0) / n

    def value_and_gradient(self, y_true, y_pred) -> tuple[float, np.ndarray]:
        if not self.from_logits:
            return super().value_and_gradient(y_true, y_pred)
        y_pred = np.asarray(y_pred)
        y = self._targets(y_true, y_pred)
        n = y_pred.shape[0]
        log_p = activations.log_softmax(y_pred)  # one softmax serves the loss and its gradient
        loss = float(-np.sum(y * log_p) / n)
        return loss, (np.exp(log_p) * y.sum(axis=1, keepdims=True) - y) / n

    def __repr__(self) -> str:
        return f"{type(self).__name__}(from_logits={self.from_logits})"


class SparseCategoricalCrossentropy(CategoricalCrossentropy):
    """Categorical cross-entropy for integer labels of shape (n,): label k means one-hot k."""

    name = "sparse_categorical_crossentropy"

    def _labels(self, y_true, y_pred) -> np.ndarray:
        """The labels as int64 of shape (n,), checked against y_pred's n and k."""
        labels = np.asarray(y_true)
        if labels.ndim == 2 and labels.shape[1] == 1:
            labels = labels[:, 0]
        n, k = y_pred.shape
        if labels.shape != (n,):
            raise ValueError(f"y_true: expected {n} integer labels, got shape {labels.shape}")
        if labels.dtype.kind == "f":
            if not np.all(labels == np.round(labels)):
                raise ValueError("y_true: expected integer class labels, got fractions")
        elif labels.dtype.kind not in "iub":
            raise TypeError(f"y_true: expected integer class labels, got dtype {labels.dtype}")
        if labels.size and (labels.min() < 0 or labels.max() >= k):
            raise ValueError(f"y_true: expected labels in 0..{k - 1} for {k} outputs, got "
                             f"labels from {labels.min():g} to {labels.max():g}")
        return labels.astype(np.int64, copy=False)

    def _targets(self, y_true, y_pred) -> np.ndarray:
        one_hot = np.zeros_like(y_pred)
        one_hot[np.arange(len(y_pred)), self._labels(y_true, y_pred)] = 1
        return one_hot

    def value_and_gradient(self, y_true, y_pred) -> tuple[float, np.ndarray]:
        if not self.from_logits:
            return super().value_and_gradient(y_true, y_pred)
        y_pred = np.asarray(y_pred)
        return self._from_logits(self._labels(y_true, y_pred), y_pred)

    def _checked_value_and_gradient(self, y_true, y_pred) -> tuple[float, np.ndarray]:
        if not self.from_logits:
            return super().value_and_gradient(y_true, y_pred)
        return self._from_logits(y_true, y_pred)  # int64 labels of shape (n,), in range

    @staticmethod
    def _from_logits(labels: np.ndarray, y_pred: np.ndarray) -> tuple[float, np.ndarray]:
        n = len(y_pred)
        rows = np.arange(n)
        shifted = y_pred - np.maximum.reduce(y_pred, axis=1, keepdims=True)
        exp = np.exp(shifted)
        total = np.add.reduce(exp, axis=1)
        # loss: -log p[label] = log(sum e^shifted) - shifted[label]; only the labels' entries
        per_example = np.log(total)
        per_example -= shifted[rows, labels]
        loss = float(np.add.reduce(per_example) / n)  # the mean, as np.mean computes it
        grad = np.divide(exp, total[:, None], out=exp)  # softmax
        grad[rows, labels] -= 1                          # p - y, without building y
        grad /= n
        return loss, grad


_KNOWN = {
    "mse": MeanSquaredError,
    "mean_squared_error": MeanSquaredError,
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
}


def get(name: str | Loss) -> Loss:
    """The loss called ``name`` ('mse', 'binary_crossentropy', ...), or the object itself."""
    if isinstance(name, Loss):
        return name
    return _KNOWN[one_of(name, "loss", _KNOWN)]()
