"""``Sequential``: layers in a row, trained with the loop of lesson 05.

One training step is: forward pass, loss, backward pass (backpropagation),
optimizer update. ``fit`` repeats it over mini-batches and epochs.

    >>> model = Sequential([Dense(25, activation='relu'), Dense(1, activation='sigmoid')])
    >>> model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
    >>> history = model.fit(X, y, epochs=10, verbose=0)
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np

from . import losses, optimizers
from ._checks import as_array, positive_int
from ._random import rng as _shared_rng
from .callbacks import History, ProgressBar
from .layers import Dense, Layer


class NotCompiledError(RuntimeError, ValueError):
    """fit or evaluate before compile."""


class TrainingDivergedWarning(UserWarning):
    """The loss stopped being a finite number, so training stopped."""


class Sequential:
    """A stack of layers, each feeding the next."""

    def __init__(self, layers: Iterable[Layer] | None = None, name: str = "sequential",
                 dtype: str | None = None) -> None:
        self.name = name
        self.dtype = np.dtype(dtype or "float32")
        self.layers: list[Layer] = []
        self.loss = self.optimizer = None
        self.metrics: list[str] = []
        self.stop_training = False
        for layer in layers or []:
            self.add(layer)

    def add(self, layer: Layer) -> None:
        """Append a layer."""
        if not isinstance(layer, Layer):
            raise TypeError(f"layer: expected an nnlib layer such as Dense, got "
                            f"{type(layer).__name__}")
        if not layer.explicit_dtype and (layer.dtype is None or layer.dtype != self.dtype):
            layer.dtype = self.dtype
            for store in (layer.params, layer.state):  # built early through input_dim
                for key in store:
                    store[key] = store[key].astype(self.dtype)
        taken = {other.name for other in self.layers}
        if layer.name in taken:  # dense, dense_1, dense_2, ... as in Keras
            base, number = layer.name, 1
            while f"{base}_{number}" in taken:
                number += 1
            layer.name = f"{base}_{number}"
        self.layers.append(layer)
        if self.layers[0].built:  # the input size is known, so the new layer can be built now
            self.build(self.layers[0].n_in)

    # ---- building and running ------------------------------------------------------------
    @property
    def built(self) -> bool:
        return bool(self.layers) and all(layer.built for layer in self.layers)

    def build(self, n_in: int) -> None:
        """Create every layer's weights for inputs with ``n_in`` features."""
        rng = _shared_rng()
        for layer in self.layers:
            if not layer.built:
                layer.build(n_in, rng)
            n_in = layer.output_dim(n_in)

    def _inputs(self, x, name: str = "x") -> np.ndarray:
        if not self.layers:
            raise ValueError("model: has no layers yet; add some with model.add(Dense(...))")
        x = as_array(x, name, ndim=(1, 2), dtype=self.dtype)
        if x.ndim == 1:
            raise ValueError(f"{name}: expected a 2-D array (n_examples, n_features), got shape "
                             f"{x.shape}; for one feature use {name}.reshape(-1, 1)")
        if not self.built:
            self.build(x.shape[1])
        elif x.shape[1] != self.layers[0].n_in:
            raise ValueError(f"{name}: expected {self.layers[0].n_in} features per example, got "
                             f"{x.shape[1]} (shape {x.shape})")
        return x

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """The output of the last layer (no input checks: for code that checked already)."""
        for layer in self.layers:
            x = layer.forward(x, training=training)
        return x

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """Backpropagate dL/d(output) through every layer; fills each layer's grads and
        returns dL/d(input) (None when ``need_input_grad`` is False, which saves the first
        layer one matrix product)."""
        for layer in reversed(self.layers[1:]):
            grad_out = layer.backward(grad_out)
        return self.layers[0].backward(grad_out, need_input_grad=need_input_grad)

    def __call__(self, x) -> np.ndarray:
        return self.forward(self._inputs(x), training=False)

    def predict(self, x, batch_size: int | None = None, verbose: int = 0) -> np.ndarray:
        """The model's outputs for ``x`` (inference mode: no dropout, moving batch-norm stats)."""
        x = self._inputs(x)
        if batch_size is None:
            return self.forward(x)
        batch_size = positive_int(batch_size, "batch_size")
        return np.concatenate([self.forward(x[i:i + batch_size])
                               for i in range(0, len(x), batch_size)])

    # ---- parameters ----------------------------------------------------------------------
    @property
    def params(self) -> list[np.ndarray]:
        return [p for layer in self.layers for p in layer.params.values()]

    @property
    def grads(self) -> list[np.ndarray]:
        return [layer.grads[key] for layer in self.layers for key in layer.params]

    def count_params(self) -> int:
        """How many numbers training can change."""
        if not self.built:
            raise ValueError("model: not built yet; call it on data or give the first layer "
                             "input_dim")
        return sum(layer.count_params() for layer in self.layers)

    def get_weights(self) -> list[np.ndarray]:
        return [p.copy() for p in self.params]

    def set_weights(self, weights: list) -> None:
        """Replace every parameter, in the order of ``get_weights``."""
        params = self.params
        if len(weights) != len(params):
            raise ValueError(f"weights: expected {len(params)} arrays, got {len(weights)}")
        for i, (param, value) in enumerate(zip(params, weights)):
            value = as_array(value, f"weights[{i}]")
            if value.shape != param.shape:
                raise ValueError(f"weights[{i}]: expected shape {param.shape}, got {value.shape}")
            param[...] = value

    def summary(self, print_fn=print) -> None:
        """Print each layer's output shape and parameter count, like Keras."""
        rows = [("Layer (type)", "Output Shape", "Param #")]
        n_in = self.layers[0].n_in if self.layers and self.layers[0].built else None
        for layer in self.layers:
            if n_in is None:
                shape = "(None, ?)"
            else:
                n_in = layer.output_dim(n_in)
                shape = f"(None, {n_in})"
            count = layer.count_params() if layer.built else "?"
            rows.append((f"{layer.name} ({type(layer).__name__})", shape, str(count)))
        widths = [max(len(row[i]) for row in rows) + 3 for i in range(3)]
        rule = "=" * sum(widths)
        lines = [f'Model: "{self.name}"', rule]
        for i, row in enumerate(rows):
            lines.append("".join(cell.ljust(width) for cell, width in zip(row, widths)))
            lines.append(rule if i == 0 else "-" * sum(widths))
        total = self.count_params() if self.built else "? (not built yet)"
        lines.append(f"Total params: {total}")
        print_fn("\n".join(lines))

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
        if output.shape[1] == 1:
            threshold = 0.0 if getattr(self.loss, "from_logits", False) else 0.5
            return float(np.mean((output[:, 0] > threshold) == (y.reshape(-1) > 0.5)))
        labels = y if y.ndim == 1 else np.argmax(y, axis=1)
        return float(np.mean(np.argmax(output, axis=1) == labels))

    def _penalty(self) -> float:
        return sum(layer.penalty() for layer in self.layers if isinstance(layer, Dense))

    def train_on_batch(self, x: np.ndarray, y: np.ndarray) -> float:
        """One step: forward, loss, backward, update. Returns the batch loss (inputs unchecked)."""
        output = self.forward(x, training=True)
        loss, grad_output = self.loss.value_and_gradient(y, output)
        loss += self._penalty()
        self.backward(grad_output, need_input_grad=False)
        self.optimizer.step(self.params, self.grads)
        self._last_output = output
        return loss

    def fit(self, x, y, batch_size: int | None = 32, epochs: int = 1, verbose="auto",
            callbacks: list | None = None, validation_data: tuple | None = None,
            shuffle: bool = True) -> History:
        """Train for ``epochs`` passes over the data in mini-batches; returns a History."""
        x = self._inputs(x)
        y = self._targets(x, y)
        epochs = positive_int(epochs, "epochs", minimum=0)
        batch_size = len(x) if batch_size is None else positive_int(batch_size, "batch_size")
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise ValueError("validation_data: expected a tuple (x_val, y_val)")
            x_val = self._inputs(validation_data[0], "validation_data[0]")
            y_val = self._targets(x_val, validation_data[1], "validation_data[1]")
        verbose = 1 if verbose == "auto" else int(verbose)
        history = History()
        hooks = [history] + list(callbacks or [])
        if verbose:
            hooks.append(ProgressBar(epochs, verbose))
        for hook in hooks:
            hook.model = self
            if hasattr(hook, "on_train_begin"):
                hook.on_train_begin({})
        self.stop_training = False
        rng, n = _shared_rng(), len(x)
        with np.errstate(all="ignore"):  # a diverging run is reported once, below
            for epoch in range(epochs):
                order = rng.permutation(n) if shuffle else np.arange(n)
                total_loss, total_correct = 0.0, 0.0
                for batch, start in enumerate(range(0, n, batch_size)):
                    index = order[start:start + batch_size]
                    x_batch, y_batch = x[index], y[index]
                    loss = self.train_on_batch(x_batch, y_batch)
                    if not np.isfinite(loss):
                        self._diverged(history, epoch, batch, loss)
                        break
                    total_loss += loss * len(index)
                    if self.metrics:
                        total_correct += self._accuracy(y_batch, self._last_output) * len(index)
                    for hook in hooks:
                        if hasattr(hook, "on_batch_end"):
                            hook.on_batch_end(batch, {"loss": loss})
                if history.stopped_early:
                    break
                logs = {"loss": total_loss / n}
                if self.metrics:
                    logs["accuracy"] = total_correct / n
                if validation_data is not None:
                    logs.update({f"val_{key}": value for key, value in
                                 self._evaluate(x_val, y_val).items()})
                for hook in hooks:
                    if hasattr(hook, "on_epoch_end"):
                        hook.on_epoch_end(epoch, logs)
                if self.stop_training:
                    break
        for hook in hooks:
            if hasattr(hook, "on_train_end"):
                hook.on_train_end({})
        return history

    def _diverged(self, history: History, epoch: int, batch: int, loss: float) -> None:
        history.stopped_early = f"loss became {loss} at epoch {epoch + 1}, batch {batch + 1}"
        warnings.warn(f"Training stopped: the {history.stopped_early}. The updates overshoot; "
                      f"try a lower learning rate.", TrainingDivergedWarning, stacklevel=3)

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
        from .saving import save_model

        save_model(self, path)

    def __repr__(self) -> str:
        return f"Sequential({len(self.layers)} layers)"
