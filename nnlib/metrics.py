"""Accuracy, the metric ``compile(metrics=['accuracy'])`` adds (lessons 01, 08, 09, 11)."""
from __future__ import annotations

import numpy as np


def accuracy(y_true: np.ndarray, y_pred: np.ndarray, from_logits: bool = False) -> float:
    """The fraction of examples whose predicted class is the true one.

    ``y_pred`` is ``(n, 1)`` for a binary output (a probability, or a logit when
    ``from_logits``: the threshold is then 0) or ``(n, classes)``; ``y_true`` holds
    labels ``(n,)`` or ``(n, 1)``, or one-hot rows ``(n, classes)``.
    """
    if y_pred.shape[1] == 1:
        threshold = 0.0 if from_logits else 0.5
        return float(np.mean((y_pred[:, 0] > threshold) == (y_true.reshape(-1) > 0.5)))
    labels = y_true if y_true.ndim == 1 else np.argmax(y_true, axis=1)
    return float(np.mean(np.argmax(y_pred, axis=1) == labels))
