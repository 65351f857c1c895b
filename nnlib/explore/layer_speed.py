"""Lesson 06 explorer: how fast each hidden layer learns while a network trains.

Nielsen's measurement (Neural Networks and Deep Learning, ch. 5): the speed at
which hidden layer l learns is the length of the cost's gradient with respect to
its biases, ||dC/db_l||, over the training examples. His networks: 30 sigmoid
units per hidden layer, 10 sigmoid outputs, weights N(0, 1/n_in), biases N(0, 1).
Here they read 1000 of the 8x8 digits (64 inputs) and train by mini-batch
gradient descent; at the start of every epoch, and after the last, the gradient
over all 1000 examples is measured, as his script did.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

from .. import data, initializers, losses
from .._checks import number_in, one_of, positive_int
from ..layers import Dense
from ..model import Sequential
from ..optimizers import SGD
from ..percents import share
from ..plots.lesson06_layer_speed import plot
from ._core import Control, Explorer, register

ACTIVATIONS = ("sigmoid", "tanh", "relu")
COSTS = ("quadratic", "cross_entropy")
WIDTH = 30
N_TRAIN = 1000
# nnlib's losses average over the 10 outputs as well as the examples; Nielsen's costs sum over
# the outputs (and the quadratic one carries a 1/2). These factors turn our dC/db into his.
COST_SCALE = {"quadratic": 10 / 2, "cross_entropy": 10.0}


def training_set() -> tuple[np.ndarray, np.ndarray]:
    """The first 1000 digits: pixels scaled into [0, 1], x (1000, 64); one-hot (1000, 10)."""
    X, _, y, _ = data.digits_subset(N_TRAIN, seed=None)
    return X, data.one_hot(y, 10)


def nielsen_network(hidden_layers: int, activation: str = "sigmoid",
                    cost: str = "cross_entropy", width: int = WIDTH, n_in: int = 64,
                    n_out: int = 10, seed: int | np.random.Generator = 0,
                    learning_rate: float = 1.0) -> Sequential:
    """Nielsen's network: ``hidden_layers`` layers of ``width`` units and ``n_out`` sigmoid
    outputs, float64, weights N(0, 1/n_in) and biases N(0, 1) (his default start).
    With ReLU hidden layers the start is He's instead, N(0, 2/n_in) and zero biases, so that
    no unit starts dead. ``cost``: 'quadratic' (MSE) or 'cross_entropy' (binary, per output),
    minimized by plain gradient descent at ``learning_rate``.
    """
    hidden_layers = positive_int(hidden_layers, "hidden_layers")
    activation = one_of(activation, "activation", ACTIVATIONS)
    cost = one_of(cost, "cost", COSTS)
    layers, fan_in = [], n_in
    for index in range(hidden_layers + 1):
        hidden = index < hidden_layers
        relu = hidden and activation == "relu"
        layers.append(Dense(width if hidden else n_out, activation if hidden else "sigmoid",
                            kernel_initializer=initializers.normal(
                                (2.0 if relu else 1.0) ** 0.5 / np.sqrt(fan_in)),
                            bias_initializer="zeros" if relu else initializers.normal(1.0)))
        fan_in = width
    model = Sequential(layers, dtype="float64")
    model.compile(optimizer=SGD(learning_rate=learning_rate),
                  loss="mse" if cost == "quadratic" else losses.BinaryCrossentropy())
    model.build(n_in, np.random.default_rng(seed))
    return model


def hidden_bias_speeds(model: Sequential, x: np.ndarray, targets: np.ndarray,
                       cost: str = "cross_entropy", chunk: int = 250
                       ) -> tuple[np.ndarray, np.ndarray]:
    """||dC/db|| of every hidden layer, shape (hidden_layers,), for the cost averaged over
    all of ``x`` (n, 64), in Nielsen's units (his costs sum over the outputs); and the
    network's outputs (n, 10). Weights are unchanged.

    It is the norm of the averaged gradient, gathered over chunks of ``chunk`` examples
    (the same numbers as one pass over all of them; small matrices are quicker).
    """
    dense = [layer for layer in model.layers if isinstance(layer, Dense)][:-1]
    total = [np.zeros(layer.units) for layer in dense]
    outputs = []
    for start in range(0, len(x), chunk):
        x_chunk, t_chunk = x[start:start + chunk], targets[start:start + chunk]
        outputs.append(model.forward(x_chunk, training=True))
        model.backward(model.loss.gradient(t_chunk, outputs[-1]))
        for grad_sum, layer in zip(total, dense):
            grad_sum += layer.grads["b"] * (len(x_chunk) / len(x))  # chunk mean -> set mean
    speeds = np.array([np.linalg.norm(grad_sum) for grad_sum in total]) * COST_SCALE[cost]
    return speeds, np.concatenate(outputs)


def train(hidden_layers: int = 4, activation: str = "sigmoid", learning_rate: float = 1.0,
          epochs: int = 30, cost: str = "cross_entropy", batch_size: int = 50,
          seed: int = 0, report_every: int | None = None) -> Iterator[dict]:
    """Mini-batch gradient descent on the 1000 digits, measuring every hidden layer's speed
    of learning before the first epoch and after each one. Yields the story at the start and
    every ``report_every`` epochs: 'speeds' (measurements, hidden_layers) in Nielsen's units,
    'accuracy' on the training set at each measurement, 'progress', and 'diverged' (the
    epoch in which training broke down, or None).
    """
    learning_rate = number_in(learning_rate, "learning_rate", 0.0, 1e3, include_low=False)
    epochs = positive_int(epochs, "epochs")
    report_every = report_every or max(1, epochs // 3)  # a few frames: each one costs a redraw
    x, targets = training_set()
    labels = targets.argmax(axis=1)
    model = nielsen_network(hidden_layers, activation, cost, seed=seed,
                            learning_rate=learning_rate)
    speeds, accuracy, diverged = [], [], None

    def measure() -> None:
        with np.errstate(all="ignore"):  # huge weights may overflow: the story still goes on
            speed, output = hidden_bias_speeds(model, x, targets, cost)
        speeds.append(speed)
        accuracy.append(float(np.mean(output.argmax(axis=1) == labels)))

    measure()
    yield _story(speeds, accuracy, None, 0.0)  # the start: a first picture before training
    for epoch in model.train_epochs(x, targets, epochs=epochs, batch_size=batch_size,
                                    rng=np.random.default_rng(seed)):
        if epoch.diverged:
            diverged = epoch.number
            break
        measure()
        if epoch.number % report_every == 0 and epoch.number < epochs:
            yield _story(speeds, accuracy, None, epoch.number / epochs)
    yield _story(speeds, accuracy, diverged, 1.0)


def _story(speeds: list, accuracy: list, diverged: int | None, progress: float) -> dict:
    return {"speeds": np.array(speeds), "accuracy": np.array(accuracy), "diverged": diverged,
            "progress": progress}


def _times(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2g} ×" if denominator > 0 else "(no gradient at all)"


def compute(hidden_layers: int = 4, activation: str = "sigmoid", learning_rate: float = 1.0,
            epochs: int = 30) -> Iterator[dict]:
    """The training story with a readout: how fast layer 1 learns next to the last layer."""
    for story in train(hidden_layers, activation, learning_rate, epochs):
        speeds = story["speeds"]
        if len(speeds) == 0:
            readout = f"diverged in epoch {story['diverged']}: try a lower learning rate"
        else:
            now, start = speeds[-1], speeds[0]
            if hidden_layers == 1:
                comparison = f"one hidden layer, ‖dC/db‖ = {now[0]:.2g}"
            elif now[-1] == 0:
                comparison = f"hidden layer {hidden_layers} has no gradient left (dead units)"
            else:
                comparison = (f"hidden layer 1 learns {_times(now[0], now[-1])} as fast as "
                              f"hidden layer {hidden_layers}")
                if len(speeds) > 1:
                    comparison += f" (at the start {_times(start[0], start[-1])})"
            when = f"epoch {len(speeds) - 1}" if len(speeds) > 1 else "before training"
            readout = f"{when}: {comparison}; training accuracy {share(story['accuracy'][-1])}"
            if story["diverged"]:
                readout = f"diverged in epoch {story['diverged']}; before that, " + readout
        story.update(readout=readout, hidden_layers=hidden_layers, activation=activation,
                     epochs=epochs)
        yield story


EXPLORER = register(Explorer(
    name="layer_speed",
    title="Speed of learning per layer while training (Nielsen, ch. 5)",
    controls=[
        Control("hidden_layers", "int", 4, low=1, high=5, label="hidden layers"),
        Control("activation", "choice", "sigmoid", options=ACTIVATIONS),
        Control("learning_rate", "log", 1.0, low=0.01, high=100.0, step=0.1,
                label="learning rate"),
        Control("epochs", "int", 30, low=5, high=40, step=5),
    ],
    compute=compute,
    plot=plot,
    figsize=(9.5, 3.8),
    run_button=True,
    button_label="Train",
    lesson="06_vanishing_and_exploding_gradients",
    description="Train on 1000 digits and watch each hidden layer's ||dC/db|| over the epochs.",
))
