"""Lesson 11: the maths of a playground in the spirit of TensorFlow Playground.

Pick a data set, the input features, the network's shape and the training settings;
a :class:`Playground` holds the data and the network and trains one epoch per
``tick()``. ``snapshot()`` returns everything the picture shows: the output over the
plane, every unit's own output over the plane (small tiles), the weights, and the
train and test loss per epoch. The pure ``compute(**settings, epochs=k)`` trains a
fresh network for ``k`` epochs and returns that snapshot. No widgets and no pictures
here: ``nnlib.explore.playground_picture`` draws a snapshot, and
``nnlib.explore.playground_widget`` is the explorer
with play, pause, step and reset (``open_playground()``).

The points fill the plane [-6, 6]²; the chosen features are standardized with the
training set's mean and spread before they reach the network, which ends in one
logit: the probability of class 1 (blue) is sigmoid(logit).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from . import _random, activations, data, losses, optimizers
from ._checks import number_in, one_of, positive_int
from .features import FEATURES, feature_map
from .layers import L2, Dense, Dropout
from .model import Sequential

__all__ = ["Playground", "compute", "feature_map", "make_data", "plane_points"]

PLANE = 6.0  # the picture shows x1 and x2 from -6 to 6
N_POINTS = 400
HEATMAP_GRID, TILE_GRID = 40, 20  # points per side: the output map and each unit's tile
# each data set: its generator, the spread its clusters have at noise 0, and the factor
# that takes its native size (radius about 1 or 2) to the plane
DATASETS = {"circle": (data.circles, 0.0, 5.0), "xor": (data.xor, 0.3, 3.0),
            "gaussians": (data.gaussians, 0.4, 1.5), "spiral": (data.spiral, 0.0, 5.0)}
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
OPTIMIZERS = ("adam", "sgd")


def make_data(dataset: str = "circle", noise: float = 0.1, train_fraction: float = 0.5,
              seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X_train (n_train, 2), X_test (n_test, 2), y_train, y_test: ``N_POINTS`` points of
    the data set in the plane [-6, 6]². ``noise`` is added to the clusters' own spread, in
    units of the data set's native size (its radius is about 1)."""
    make, spread, scale = DATASETS[one_of(dataset, "dataset", DATASETS)]
    noise = number_in(noise, "noise", 0.0, 1.0)
    X, y = make(N_POINTS, noise=spread + noise, seed=seed)
    X = np.clip(scale * X, -PLANE, PLANE)  # a far-flung noisy point stays on the picture
    return data.train_test_split(X, y, test_fraction=1.0 - train_fraction, seed=seed)


def plane_points(resolution: int) -> np.ndarray:
    """A resolution x resolution grid over [-6, 6]², row by row from the bottom: (r², 2)."""
    side = np.linspace(-PLANE, PLANE, resolution)
    grid_x, grid_y = np.meshgrid(side, side)
    return np.column_stack([grid_x.ravel(), grid_y.ravel()])


LIVE = ("learning_rate", "l2", "dropout", "batch_size")  # set_training changes these in place


class Playground:
    """Data, features and a network, trained one epoch (one pass in mini-batches) per tick.

    ``seed`` draws the starting weights, the shuffles and the dropout masks; ``data_seed``
    draws the points.

    Data-set, feature and architecture settings are fixed for its life (change them by
    building a new one); the ``LIVE`` ones, ``learning_rate``, ``l2``, ``dropout`` and
    ``batch_size``, may be changed between ticks with :meth:`set_training`.
    """

    def __init__(self, dataset: str = "circle", noise: float = 0.1,
                 train_fraction: float = 0.5, x1: bool = True, x2: bool = True,
                 x1_squared: bool = False, x2_squared: bool = False, x1_x2: bool = False,
                 sin_x1: bool = False, sin_x2: bool = False, hidden_layers: int = 2,
                 neurons: int = 4, activation: str = "tanh", optimizer: str = "adam",
                 learning_rate: float = 0.03, l2: float = 0.0, dropout: float = 0.0,
                 batch_size: int = 10, seed: int = 0, data_seed: int = 0) -> None:
        chosen = dict(x1=x1, x2=x2, x1_squared=x1_squared, x2_squared=x2_squared,
                      x1_x2=x1_x2, sin_x1=sin_x1, sin_x2=sin_x2)
        self.features = tuple(name for name in FEATURES if chosen[name])
        self.dataset = dataset
        self.X_train, self.X_test, self.y_train, self.y_test = make_data(
            dataset, noise, number_in(train_fraction, "train_fraction", 0.1, 0.9), data_seed)
        # standardized with the training set's numbers: the test set and the plane reuse them
        inputs, self.mean, self.std = data.standardize(feature_map(self.X_train, self.features))
        self.inputs_train = inputs.astype(np.float32)
        self.inputs_test = self.standardized(self.X_test)
        self.targets_train = self.y_train.reshape(-1, 1).astype(np.float32)
        self.targets_test = self.y_test.reshape(-1, 1).astype(np.float32)
        self.rng = _random.rng(seed)
        self.layer_sizes = [len(self.features)] + [positive_int(neurons, "neurons")] * \
            positive_int(hidden_layers, "hidden_layers", minimum=0) + [1]
        self.model = self._build(one_of(activation, "activation", ACTIVATIONS))
        self.loss = losses.BinaryCrossentropy(from_logits=True)
        kind = one_of(optimizer, "optimizer", OPTIMIZERS)
        self.model.compile(optimizer=optimizers.Adam() if kind == "adam" else optimizers.SGD(),
                           loss=self.loss)
        self.set_training(learning_rate, l2, dropout, batch_size)
        self.epoch, self.diverged_at, self.divergence = 0, None, None
        self.history: dict[str, list[float]] = {"epoch": [], "train_loss": [], "test_loss": []}
        self._record()

    def _build(self, activation: str) -> Sequential:
        """Dense hidden layers (each followed by a Dropout) and a one-logit Dense output,
        every weight and dropout mask drawn from this playground's own generator."""
        layers = []
        for units in self.layer_sizes[1:-1]:
            layers += [Dense(units, activation=activation, kernel_regularizer=L2(0.0)),
                       Dropout(0.0, seed=int(self.rng.integers(2 ** 31)))]
        model = Sequential(layers + [Dense(1, kernel_regularizer=L2(0.0))])
        model.build(self.layer_sizes[0], self.rng)
        return model

    def set_training(self, learning_rate: float, l2: float, dropout: float,
                     batch_size: int) -> None:
        """Change the settings that training may change on the fly."""
        self.model.optimizer.learning_rate = number_in(learning_rate, "learning_rate", 1e-6,
                                                       10.0)
        penalty = number_in(l2, "l2", 0.0, 1.0)
        rate = number_in(dropout, "dropout", 0.0, 0.9)
        for layer in self.model.layers:
            if isinstance(layer, Dense):
                layer.kernel_regularizer.l2 = penalty
            else:
                layer.rate = rate
        self.batch_size = positive_int(batch_size, "batch_size")

    def standardized(self, X: np.ndarray) -> np.ndarray:
        """The network's inputs for points X (n, 2): features, standardized (n, k) float32."""
        return ((feature_map(X, self.features) - self.mean) / self.std).astype(np.float32)

    def tick(self) -> None:
        """One epoch of the training loop: every training point once, in shuffled
        mini-batches. A run whose loss stops being finite stops, keeping the last finite
        weights, and ``divergence`` says where."""
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
        """Append this epoch's train and test loss (cross-entropy, without the L2 term);
        if either is not finite, say so instead."""
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

    def accuracy(self, which: str = "test") -> float:
        """The fraction of the train or test points on the right side of the boundary."""
        inputs, y = ((self.inputs_test, self.y_test) if which == "test"
                     else (self.inputs_train, self.y_train))
        with np.errstate(all="ignore"):
            logits = self.model.forward(inputs)[:, 0]
        return float(np.mean((logits > 0) == (y == 1)))

    def snapshot(self) -> dict[str, Any]:
        """What the picture shows now (see the module docstring), with a one-line readout."""
        heatmap, tiles = plane_points(HEATMAP_GRID), plane_points(TILE_GRID)
        with np.errstate(all="ignore"):
            outputs = [self.standardized(np.vstack([heatmap, tiles]))]
            for layer in self.model.layers:
                if isinstance(layer, Dense):  # a Dropout changes nothing at inference
                    outputs.append(layer.forward(outputs[-1]))
            probability = activations.sigmoid(outputs[-1][:, 0].astype(np.float64))
        n = len(heatmap)
        unit_maps = [np.nan_to_num(layer_out[n:].T.reshape(-1, TILE_GRID, TILE_GRID))
                     for layer_out in outputs[:-1]] + \
            [probability[n:].reshape(1, TILE_GRID, TILE_GRID) * 2 - 1]
        train_loss, test_loss = self.history["train_loss"][-1], self.history["test_loss"][-1]
        test_accuracy = self.accuracy("test")
        readout = (f"epoch {self.epoch} · train loss {train_loss:.3f} · test loss "
                   f"{test_loss:.3f} · test accuracy {test_accuracy:.0%}")
        if self.diverged_at is not None:
            readout = (f"diverged: the {self.divergence} (lower the learning rate) · showing "
                       f"epoch {self.epoch - 1}")
        elif not self.features:
            readout += " · no input feature is ticked: the network sees nothing"
        return {"X_train": self.X_train, "y_train": self.y_train, "X_test": self.X_test,
                "y_test": self.y_test, "output_map": probability[:n].reshape(
                    HEATMAP_GRID, HEATMAP_GRID), "unit_maps": unit_maps,
                "feature_labels": [FEATURES[name][0] for name in self.features],
                "layer_sizes": list(self.layer_sizes), "dataset": self.dataset,
                "kernels": [layer.params["W"].copy() for layer in self.model.layers
                            if isinstance(layer, Dense)],
                "history": {key: list(values) for key, values in self.history.items()},
                "epoch": self.epoch, "diverged_at": self.diverged_at,
                "divergence": self.divergence,
                "train_loss": train_loss, "test_loss": test_loss,
                "train_accuracy": self.accuracy("train"), "test_accuracy": test_accuracy,
                "readout": readout}


def compute(epochs: int = 3, seed: int = 0, **settings: Any) -> dict[str, Any]:
    """Train a fresh :class:`Playground` built from ``settings`` for ``epochs`` ticks and
    return its snapshot. The registry's sweep uses a few epochs; lessons ask for more."""
    playground = Playground(seed=seed, **settings)
    for _ in range(positive_int(epochs, "epochs", minimum=0)):
        playground.tick()
    return playground.snapshot()
