"""``Sequential``: layers in a row, trained with the loop of lesson 05.

One training step is: forward pass, loss, backward pass (backpropagation),
optimizer update. :meth:`Sequential.train_epochs` repeats it over mini-batches and
yields after every epoch: it is the one training loop of nnlib. ``fit`` is built on it,
and so is every explorer that trains.

    >>> model = Sequential([Dense(25, activation='relu'), Dense(1, activation='sigmoid')])
    >>> model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
    >>> history = model.fit(X, y, epochs=10, verbose=0)
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from . import losses, metrics, optimizers, saving
from ._checks import as_array, positive_int
from ._random import rng as _shared_rng
from .callbacks import Callback, History, ProgressBar
from .layers import Layer
from .stack import LayerStack


class NotCompiledError(RuntimeError, ValueError):
    """fit or evaluate before compile."""


class TrainingDivergedWarning(UserWarning):
    """The loss stopped being a finite number, so training stopped."""


@dataclass
class Epoch:
    """What :meth:`Sequential.train_epochs` yields after each epoch.

    ``number`` counts from 1; ``logs`` holds the epoch's mean ``loss`` (and
    ``accuracy``, ``val_`` ones) as ``fit``'s History records them; ``diverged`` is
    None, or a sentence saying where the loss stopped being finite (the last epoch then).
    """

    number: int
    logs: dict
    diverged: str | None = None


class Sequential(LayerStack):
    """A stack of layers, each feeding the next, and the loop that trains them."""

    def __init__(self, layers: Iterable[Layer] | None = None, name: str = "sequential",
                 dtype: str | None = None) -> None:
        self.loss = self.optimizer = None
        self.metrics: list[str] = []
        self.stop_training = False
        super().__init__(layers, name, dtype)

    # ---- training ------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics: list | None = None) -> None:
        """Choose the optimizer, the loss and the metrics ('accuracy') for fit and evaluate."""
        if loss is None:
            raise ValueError("loss: expected a loss object or name such as "
                             "'binary_crossentropy', got None")
        self.optimizer = optimizers.get(optimizer)
        self.loss = losses.get(loss)
        self.metrics = []
        for metric in metrics or []:
            if metric not in ("accuracy", "acc"):
                raise ValueError(f"metrics: unknown metric {metric!r}; known metrics are "
                                 f"accuracy")
            self.metrics.append("accuracy")

    def _targets(self, x: np.ndarray, y, name: str = "y") -> np.ndarray:
        if self.loss is None:
            raise NotCompiledError("model: call model.compile(optimizer=..., loss=...) before "
                                   "fit or evaluate")
        y = as_array(y, name, ndim=(1, 2), dtype=self.dtype)
        if len(y) != len(x):
            raise ValueError(f"x and {name}: expected the same number of examples, got "
                             f"{len(x)} and {len(y)}")
        if isinstance(self.loss, losses.SparseCategoricalCrossentropy):
            n_out = self._n_outputs()
            if y.ndim != 1 or np.any(y != np.round(y)) or y.min() < 0 or y.max() >= n_out:
                raise ValueError(f"{name}: expected integer labels from 0 to {n_out - 1} for "
                                 f"{n_out} outputs, got values from {y.min():g} to {y.max():g}"
                                 f" and shape {y.shape}")
            return y.astype(np.int64)  # class indices, checked once here rather than per batch
        return y

    def _n_outputs(self) -> int:
        n = self.layers[0].n_in
        for layer in self.layers:
            n = layer.output_dim(n)
        return n

    def _accuracy(self, y: np.ndarray, output: np.ndarray) -> float:
        return metrics.accuracy(y, output, getattr(self.loss, "from_logits", False))

    def _penalty(self) -> float:
        return sum(layer.penalty() for layer in self.layers)

    def train_on_batch(self, x: np.ndarray, y: np.ndarray) -> float:
        """One step: forward, loss, backward, update. Returns the batch loss (inputs unchecked)."""
        return self._train_step(x, y, self.loss.value_and_gradient)

    def _train_step(self, x: np.ndarray, y: np.ndarray, loss_and_gradient) -> float:
        output = self.forward(x, training=True)
        loss, grad_output = loss_and_gradient(y, output)
        loss += self._penalty()
        self.backward(grad_output, need_input_grad=False)
        self.optimizer.step(self.params, self.grads)
        self._last_output = output
        return loss

    def train_epochs(self, x, y, epochs: int | None = 1, batch_size: int | None = 32,
                     rng: np.random.Generator | None = None, shuffle: bool = True,
                     validation_data: tuple | None = None,
                     callbacks: list | None = None,
                     initial_epoch: int = 0) -> Iterator[Epoch]:
        """The training loop: train epoch by epoch and yield an :class:`Epoch` after each.

        Every epoch shuffles the examples with ``rng`` (a ``numpy.random.Generator``;
        nnlib's shared one when None), then takes one step per mini-batch. A loss that
        stops being finite ends the run: the last Epoch says where in ``diverged``.
        ``epochs=None`` trains until the caller stops asking. Callbacks hear of every
        batch and epoch; a callback may set ``model.stop_training``. As in Keras, epochs
        are numbered from ``initial_epoch + 1`` up to ``epochs``, so that a run trained a
        piece at a time counts on (``epochs=k + 1, initial_epoch=k`` is epoch k + 1 alone).

            >>> for epoch in model.train_epochs(X, y, epochs=100, rng=np.random.default_rng(0)):
            ...     print(epoch.number, epoch.logs["loss"])
        """
        x = self._inputs(x)
        y = self._targets(x, y)
        if epochs is not None:
            epochs = positive_int(epochs, "epochs", minimum=0)
        initial_epoch = positive_int(initial_epoch, "initial_epoch", minimum=0)
        batch_size = len(x) if batch_size is None else positive_int(batch_size, "batch_size")
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise ValueError("validation_data: expected a tuple (x_val, y_val)")
            x_val = self._inputs(validation_data[0], "validation_data[0]")
            y_val = self._targets(x_val, validation_data[1], "validation_data[1]")
        rng = _shared_rng() if rng is None else rng
        hooks = list(callbacks or [])
        for hook in hooks:
            hook.model = self
            if hasattr(hook, "on_train_begin"):
                hook.on_train_begin({})
        self.stop_training = False
        try:
            number = initial_epoch
            while epochs is None or number < epochs:
                number += 1
                with np.errstate(all="ignore"):  # a diverging run is reported once, in logs
                    logs, diverged = self._one_epoch(x, y, batch_size, rng, shuffle, hooks,
                                                     number)
                    if validation_data is not None and diverged is None:
                        logs.update({f"val_{key}": value for key, value in
                                     self._evaluate(x_val, y_val).items()})
                if diverged is not None:
                    yield Epoch(number, logs, diverged)
                    return
                for hook in hooks:
                    if hasattr(hook, "on_epoch_end"):
                        hook.on_epoch_end(number - 1, logs)
                yield Epoch(number, logs)
                if self.stop_training:
                    return
        finally:
            for hook in hooks:
                if hasattr(hook, "on_train_end"):
                    hook.on_train_end({})

    def _one_epoch(self, x: np.ndarray, y: np.ndarray, batch_size: int,
                   rng: np.random.Generator, shuffle: bool, hooks: list,
                   number: int) -> tuple[dict, str | None]:
        n = len(x)
        order = rng.permutation(n) if shuffle else None
        total_loss, total_correct, seen = 0.0, 0.0, 0
        # the targets were checked once for the whole run (_targets), not again per batch
        loss_and_gradient = self.loss._checked_value_and_gradient
        batch_hooks = [hook.on_batch_end for hook in hooks if _listens(hook, "on_batch_end")]
        for batch, start in enumerate(range(0, n, batch_size)):
            rows = slice(start, start + batch_size)
            index = rows if order is None else order[rows]  # unshuffled, a batch is a view
            x_batch, y_batch = x[index], y[index]
            loss = self._train_step(x_batch, y_batch, loss_and_gradient)
            if not math.isfinite(loss):  # the one place a run is found to diverge
                logs = {"loss": float(loss)} if not seen else {"loss": total_loss / seen}
                return logs, f"loss became {loss} at epoch {number}, batch {batch + 1}"
            total_loss += loss * len(x_batch)
            seen += len(x_batch)
            if self.metrics:
                total_correct += self._accuracy(y_batch, self._last_output) * len(x_batch)
            for on_batch_end in batch_hooks:
                on_batch_end(batch, {"loss": loss})
        logs = {"loss": total_loss / n}
        if self.metrics:
            logs["accuracy"] = total_correct / n
        return logs, None

    def fit(self, x, y, batch_size: int | None = 32, epochs: int = 1, verbose="auto",
            callbacks: list | None = None, validation_data: tuple | None = None,
            shuffle: bool = True, rng: np.random.Generator | None = None) -> History:
        """Train for ``epochs`` passes over the data in mini-batches; returns a History.

        Built on :meth:`train_epochs`; shows a progress bar unless ``verbose=0`` and warns
        (:class:`TrainingDivergedWarning`) when the loss stops being finite."""
        epochs = positive_int(epochs, "epochs", minimum=0)
        verbose = 1 if verbose == "auto" else int(verbose)
        history = History()
        hooks = [history] + list(callbacks or [])
        if verbose:
            hooks.append(ProgressBar(epochs, verbose))
        for epoch in self.train_epochs(x, y, epochs, batch_size, rng=rng, shuffle=shuffle,
                                       validation_data=validation_data, callbacks=hooks):
            if epoch.diverged:
                history.stopped_early = epoch.diverged
                warnings.warn(f"Training stopped: the {epoch.diverged}. The updates overshoot; "
                              f"try a lower learning rate.", TrainingDivergedWarning,
                              stacklevel=2)
        return history

    def _evaluate(self, x: np.ndarray, y: np.ndarray) -> dict:
        with np.errstate(all="ignore"):
            output = self.forward(x)
            results = {"loss": self.loss(y, output) + self._penalty()}
        if self.metrics:
            results["accuracy"] = self._accuracy(y, output)
        return results

    def evaluate(self, x, y, batch_size: int | None = None, verbose: int = 0,
                 return_dict: bool = False):
        """The loss (and metrics) on ``x, y``: a float, or [loss, accuracy] with metrics."""
        x = self._inputs(x)
        results = self._evaluate(x, self._targets(x, y))
        if return_dict:
            return results
        return results["loss"] if len(results) == 1 else list(results.values())

    def save(self, path) -> None:
        """Write the model to an ``.npz`` file (see :func:`nnlib.saving.save_model`)."""
        saving.save_model(self, path)

    def __repr__(self) -> str:
        return f"Sequential({len(self.layers)} layers)"


def _listens(hook, name: str) -> bool:
    """Whether ``hook`` does something on ``name`` (the base Callback's hooks do nothing)."""
    method = getattr(type(hook), name, None)
    if method is None:
        return hasattr(hook, name)  # set on the object itself, as LambdaCallback does
    return method is not getattr(Callback, name) or name in vars(hook)


def load_model(path) -> Sequential:
    """Read a model written by ``model.save(path)``; never unpickles anything."""
    description, layers = saving.read_model_file(path)
    return Sequential(layers, name=description["name"], dtype=description["dtype"])
