"""Batch normalization (lesson 06): each unit rescaled over the batch, then scaled and shifted.

Shapes: ``x`` is ``(n_examples, units)``, or ``(n_examples, ..., channels)`` for conv
feature maps, where each channel is normalized over the examples and positions (Keras's
``axis=-1``). ``gamma``, ``beta`` and the moving statistics have shape ``(units,)``.
"""
from __future__ import annotations

import numpy as np

from .._checks import number_in, positive_number
from .base import ExampleShape, Layer


class BatchNormalization(Layer):
    """Normalize each unit over the batch, then scale by ``gamma`` and shift by ``beta``.

    Training uses the batch's mean and variance and updates moving averages;
    inference uses the moving averages (Keras's defaults: momentum 0.99, epsilon 1e-3).
    """

    def __init__(self, momentum: float = 0.99, epsilon: float = 1e-3,
                 name: str | None = None, dtype: str | None = None) -> None:
        super().__init__(name, dtype)
        self.momentum = number_in(momentum, "momentum", 0.0, 1.0)
        self.epsilon = positive_number(epsilon, "epsilon")

    def build(self, n_in: ExampleShape, rng: np.random.Generator | None = None) -> None:
        dtype = self._floating_dtype()
        units = n_in if isinstance(n_in, int) else n_in[-1]
        self.params["gamma"] = np.ones(units, dtype=dtype)
        self.params["beta"] = np.zeros(units, dtype=dtype)
        self.state["moving_mean"] = np.zeros(units, dtype=dtype)
        self.state["moving_variance"] = np.ones(units, dtype=dtype)
        super().build(n_in)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._ensure_built(x)
        self.axes = tuple(range(x.ndim - 1))  # every axis but the units (channels)
        if training:
            mean, variance = x.mean(axis=self.axes), x.var(axis=self.axes)
            m = self.momentum
            self.state["moving_mean"] = m * self.state["moving_mean"] + (1 - m) * mean
            self.state["moving_variance"] = m * self.state["moving_variance"] + (1 - m) * variance
        else:
            mean, variance = self.state["moving_mean"], self.state["moving_variance"]
        self.training = training
        self.inv_std = 1.0 / np.sqrt(variance + self.epsilon)
        self.x_hat = (x - mean) * self.inv_std
        return self.params["gamma"] * self.x_hat + self.params["beta"]

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        axes = self.axes
        self.grads["gamma"] = np.sum(grad_out * self.x_hat, axis=axes)
        self.grads["beta"] = grad_out.sum(axis=axes)
        grad_x_hat = grad_out * self.params["gamma"]
        if not self.training:  # fixed moving statistics: a plain elementwise scale
            return grad_x_hat * self.inv_std
        # the batch mean and variance depend on every example, hence the two correction terms
        return self.inv_std * (grad_x_hat - grad_x_hat.mean(axis=axes)
                               - self.x_hat * np.mean(grad_x_hat * self.x_hat, axis=axes))

    def get_config(self) -> dict:
        return {**super().get_config(), "momentum": self.momentum, "epsilon": self.epsilon}
