"""Lesson 11: the maths of a playground in the spirit of TensorFlow Playground.

Pick a problem (classification or regression), a data set, the input features, the
network's shape (``layer_sizes``, the hidden layers' widths) and the training settings;
a :class:`Playground` holds the data and the network and trains one epoch per
``tick()``, always through ``Sequential.train_epochs``. ``snapshot()`` returns
everything the picture shows: the output over the plane, every unit's own output over
the plane (small tiles), the weights, and the train and test loss per epoch. The pure
``compute(**settings, epochs=k)`` trains a fresh network for ``k`` epochs and returns
that snapshot. ``nnlib.explore.playground_picture`` draws a snapshot and
``nnlib.explore.playground_widget`` is the explorer.

The chosen features are standardized with the training set's mean and spread before
they reach the network. Its output: for two classes one logit (the probability of
class 1, blue, is sigmoid(logit)); for K > 2 classes K logits and a softmax; for
regression one linear unit trained on the mean squared error.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .. import _random, activations, losses, optimizers
from .. import data as datasets
from .._checks import number_in, one_of, positive_int
from ..features import FEATURES, feature_map
from ..layers import L1, L2, Dense, Dropout
from ..model import Sequential
from .health import health
from .points import DATASETS, PROBLEMS, make_data, own_data, plane_points
from ..percents import share

__all__ = ["Playground", "compute", "feature_map", "make_data", "plane_points"]

HEATMAP_GRID, TILE_GRID = 40, 20  # points per side: the output map and each unit's tile
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
OPTIMIZERS = ("adam", "sgd")
REGULARIZATIONS = ("none", "l1", "l2")
INITIALIZATIONS = {"glorot": "glorot_uniform", "he": "he_normal", "normal": "normal",
                   "zeros": "zeros"}
NEAR_ZERO = 0.01  # a weight this small counts as switched off in the readout
# set_training changes these in place
LIVE = ("learning_rate", "regularization", "regularization_rate", "dropout", "batch_size")


def hidden_sizes(layer_sizes: Any) -> tuple[int, ...]:
    """The hidden layers' widths as a tuple of 0 to 6 numbers, each 1 to 8."""
    try:
        sizes = tuple(int(n) for n in layer_sizes)
    except TypeError:
        raise TypeError(f"layer_sizes: expected a tuple of hidden-layer widths such as (4, 2),"
                        f" got {layer_sizes!r}") from None
    if len(sizes) > 6 or any(not 1 <= n <= 8 for n in sizes):
        raise ValueError(f"layer_sizes: expected 0 to 6 hidden layers of 1 to 8 neurons, got "
                         f"{sizes}")
    return sizes


class Playground:
    """Data, features and a network, trained one epoch (one pass in mini-batches) per tick.

    ``seed`` draws the starting weights, the shuffles and the dropout masks; ``data_seed``
    draws the points. Data, feature and architecture settings are fixed for its life;
    the ``LIVE`` ones may be changed between ticks with :meth:`set_training`.
    """

    def __init__(self, problem: str = "classification", dataset: str = "circle",
                 noise: float = 0.1, train_fraction: float = 0.5, x1: bool = True,
                 x2: bool = True, x1_squared: bool = False, x2_squared: bool = False,
                 x1_x2: bool = False, sin_x1: bool = False, sin_x2: bool = False,
                 layer_sizes: Any = (4, 4), activation: str = "tanh",
                 initialization: str = "glorot", optimizer: str = "adam",
                 learning_rate: float = 0.03, regularization: str = "none",
                 regularization_rate: float = 0.0, dropout: float = 0.0,
                 batch_size: int = 10, seed: int = 0, data_seed: int = 0,
                 data: Any = None) -> None:
        chosen = dict(x1=x1, x2=x2, x1_squared=x1_squared, x2_squared=x2_squared,
                      x1_x2=x1_x2, sin_x1=sin_x1, sin_x2=sin_x2)
        self.features = tuple(name for name in FEATURES if chosen[name])
        if data is None:
            self.problem, self.dataset = one_of(problem or "classification", "problem",
                                                  PROBLEMS), dataset
            one_of(dataset, "dataset", DATASETS)
            self.X_train, self.X_test, self.y_train, self.y_test, self.n_classes = make_data(
                dataset, noise, train_fraction, data_seed, problem)
        else:  # the learner's own points: the problem is the one given (or follows from y)
            self.dataset = "own data"
            (self.X_train, self.X_test, self.y_train, self.y_test, self.n_classes,
             self.problem) = own_data(data, train_fraction, data_seed, problem)
        # standardized with the training set's numbers: the test set and the plane reuse them
        inputs, self.mean, self.std = datasets.standardize(feature_map(self.X_train, self.features))
        self.inputs_train = inputs.astype(np.float32)
        self.inputs_test = self.standardized(self.X_test)
        self.targets_train, self.targets_test = (self.targets(y)
                                                 for y in (self.y_train, self.y_test))
        self.rng = _random.rng(seed)
        outputs = self.n_classes if self.n_classes > 2 else 1
        self.layer_sizes = [len(self.features), *hidden_sizes(layer_sizes), outputs]
        self.initialization = one_of(initialization, "initialization", INITIALIZATIONS)
        self.model = self._build(one_of(activation, "activation", ACTIVATIONS))
        self.loss = (losses.MeanSquaredError() if self.problem == "regression" else
                     losses.CategoricalCrossentropy(from_logits=True) if outputs > 1 else
                     losses.BinaryCrossentropy(from_logits=True))
        kind = one_of(optimizer, "optimizer", OPTIMIZERS)
        self.model.compile(optimizer=optimizers.Adam() if kind == "adam" else optimizers.SGD(),
                           loss=self.loss)
        self.set_training(learning_rate, regularization, regularization_rate, dropout,
                          batch_size)
        self.epoch, self.diverged_at, self.divergence = 0, None, None
        self.history: dict[str, list[float]] = {"epoch": [], "train_loss": [], "test_loss": []}
        self._record()

    def targets(self, y: np.ndarray) -> np.ndarray:
        """What the loss compares the output with: numbers, 0/1 or one-hot rows."""
        if self.n_classes > 2:
            return datasets.one_hot(y, self.n_classes).astype(np.float32)
        return y.reshape(-1, 1).astype(np.float32)

    def _build(self, activation: str) -> Sequential:
        """Dense hidden layers (each followed by a Dropout) and a Dense output, every
        weight and dropout mask drawn from this playground's own generator."""
        init = INITIALIZATIONS[self.initialization]
        layers = []
        for units in self.layer_sizes[1:-1]:
            layers += [Dense(units, activation=activation, kernel_initializer=init),
                       Dropout(0.0, seed=int(self.rng.integers(2 ** 31)))]
        model = Sequential(layers + [Dense(self.layer_sizes[-1], kernel_initializer=init)])
        model.build(self.layer_sizes[0], self.rng)
        return model

    def set_training(self, learning_rate: float, regularization: str = "none",
                     regularization_rate: float = 0.0, dropout: float = 0.0,
                     batch_size: int = 10) -> None:
        """Change the settings that training may change on the fly."""
        self.model.optimizer.learning_rate = number_in(learning_rate, "learning_rate", 1e-6,
                                                       10.0)
        kind = one_of(regularization, "regularization", REGULARIZATIONS)
        rate = number_in(regularization_rate, "regularization_rate", 0.0, 1.0)
        dropping = number_in(dropout, "dropout", 0.0, 0.9)
        for layer in self.model.layers:
            if isinstance(layer, Dense):
                layer.kernel_regularizer = None if kind == "none" else \
                    {"l1": L1, "l2": L2}[kind](rate)
            else:
                layer.rate = dropping
        self.batch_size = positive_int(batch_size, "batch_size")

    def standardized(self, X: np.ndarray) -> np.ndarray:
        """The network's inputs for points X (n, 2): features, standardized (n, k) float32."""
        return ((feature_map(X, self.features) - self.mean) / self.std).astype(np.float32)

    def tick(self) -> None:
        """One epoch of the training loop. A run whose loss stops being finite stops,
        keeping the last finite weights, and ``divergence`` says where."""
        if self.diverged_at is not None:
            return
        kept = self.model.get_weights()
        for epoch in self.model.train_epochs(self.inputs_train, self.targets_train,
                                             epochs=self.epoch + 1, initial_epoch=self.epoch,
                                             batch_size=self.batch_size, rng=self.rng):
            self.epoch = epoch.number
            self.divergence = epoch.diverged or self._record()
        if self.divergence:
            self.diverged_at = self.epoch
            self.model.set_weights(kept)

    def _record(self) -> str | None:
        """Append this epoch's train and test loss (without the penalty term); if either
        is not finite, say so instead."""
        with np.errstate(all="ignore"):
            now = {"train": self.loss(self.targets_train, self.model.forward(self.inputs_train)),
                   "test": self.loss(self.targets_test, self.model.forward(self.inputs_test))}
        for which, value in now.items():
            if not np.isfinite(value):
                return f"{which} loss became {value} after epoch {self.epoch}"
        for key, value in (("epoch", self.epoch), ("train_loss", now["train"]),
                           ("test_loss", now["test"])):
            self.history[key].append(float(value))
        return None

    def predicted_class(self, inputs: np.ndarray) -> np.ndarray:
        """The class the network picks for standardized inputs (classification only)."""
        with np.errstate(all="ignore"):
            logits = self.model.forward(inputs)
        return np.argmax(logits, axis=1) if logits.shape[1] > 1 else (logits[:, 0] > 0) * 1

    def accuracy(self, which: str = "test") -> float | None:
        """The fraction of the train or test points classified right (None in regression)."""
        if self.problem == "regression":
            return None
        inputs, y = ((self.inputs_test, self.y_test) if which == "test"
                     else (self.inputs_train, self.y_train))
        return float(np.mean(self.predicted_class(inputs) == y))

    def output_map(self, logits: np.ndarray) -> np.ndarray:
        """The output the picture colours: a probability of class 1 (n,), the class
        probabilities (n, K), or the regression number (n,)."""
        logits = logits.astype(np.float64)
        if self.problem == "regression":
            return logits[:, 0]
        if logits.shape[1] > 1:
            return activations.softmax(logits)
        return activations.sigmoid(logits[:, 0])

    def near_zero_fraction(self) -> float:
        """The fraction of all weights (kernels, not biases) with |w| < ``NEAR_ZERO``."""
        kernels = np.concatenate([layer.params["W"].ravel() for layer in self.model.layers
                                  if isinstance(layer, Dense)])
        return float(np.mean(np.abs(kernels) < NEAR_ZERO))

    def snapshot(self) -> dict[str, Any]:
        """What the picture shows now (see the module docstring), with a one-line readout."""
        heatmap, tiles = plane_points(HEATMAP_GRID), plane_points(TILE_GRID)
        with np.errstate(all="ignore"):
            outputs = [self.standardized(np.vstack([heatmap, tiles]))]
            for layer in self.model.layers:
                if isinstance(layer, Dense):  # a Dropout changes nothing at inference
                    outputs.append(layer.forward(outputs[-1]))
            shown = self.output_map(outputs[-1])
        n = len(heatmap)
        last = shown[n:].reshape(TILE_GRID * TILE_GRID, -1).T
        last = last if self.problem == "regression" else last * 2 - 1
        unit_maps = [np.nan_to_num(layer_out[n:].T.reshape(-1, TILE_GRID, TILE_GRID))
                     for layer_out in outputs[:-1]] + \
            [np.clip(np.nan_to_num(last), -1, 1).reshape(-1, TILE_GRID, TILE_GRID)]
        large_maps = [np.nan_to_num(layer_out[:n].T.reshape(-1, HEATMAP_GRID, HEATMAP_GRID))
                      for layer_out in outputs[1:]]
        inside = health(self)
        train_loss, test_loss = self.history["train_loss"][-1], self.history["test_loss"][-1]
        train_accuracy, test_accuracy = self.accuracy("train"), self.accuracy("test")
        readout = (f"epoch {self.epoch} · train loss {train_loss:.3f} · test loss "
                   f"{test_loss:.3f}")
        if test_accuracy is not None:
            readout += f" · test accuracy {share(test_accuracy)}"
        near_zero = self.near_zero_fraction()
        readout += f" · weights near 0: {share(near_zero)}"
        if self.diverged_at is not None:
            readout = (f"diverged: the {self.divergence} (lower the learning rate) · showing "
                       f"epoch {self.epoch - 1}")
        elif not self.features:
            readout += " · no input feature is ticked: the network sees nothing"
        return {"X_train": self.X_train, "y_train": self.y_train, "X_test": self.X_test,
                "y_test": self.y_test, "problem": self.problem, "n_classes": self.n_classes,
                "output_map": shown[:n].reshape(HEATMAP_GRID, HEATMAP_GRID, *shown.shape[1:]),
                "unit_maps": unit_maps,
                "feature_labels": [FEATURES[name][0] for name in self.features],
                "layer_sizes": list(self.layer_sizes), "dataset": self.dataset,
                "kernels": [layer.params["W"].copy() for layer in self.model.layers
                            if isinstance(layer, Dense)],
                "history": {key: list(values) for key, values in self.history.items()},
                "epoch": self.epoch, "diverged_at": self.diverged_at,
                "divergence": self.divergence, "near_zero": near_zero,
                "train_loss": train_loss, "test_loss": test_loss,
                "train_accuracy": train_accuracy, "test_accuracy": test_accuracy,
                "large_maps": large_maps, "health": inside, "dead": inside["dead"],
                "readout": readout}


def compute(epochs: int = 3, seed: int = 0, show_test: bool = True, discretize: bool = False,
            **settings: Any) -> dict[str, Any]:
    """Train a fresh :class:`Playground` built from ``settings`` for ``epochs`` ticks and
    return its snapshot, with the two display settings the picture reads (``show_test``:
    draw the test points; ``discretize``: the output map in steps). The registry's sweep
    uses a few epochs; lessons ask for more."""
    playground = Playground(seed=seed, **settings)
    for _ in range(positive_int(epochs, "epochs", minimum=0)):
        playground.tick()
    return {**playground.snapshot(), "show_test": bool(show_test),
            "discretize": bool(discretize)}
