"""A stack of layers: building, the forward and backward passes, parameters, summary.

:class:`nnlib.Sequential` is this stack plus training (``compile``, ``fit``); this
part knows nothing of losses or optimizers.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ._checks import as_array, positive_int
from ._random import rng as _shared_rng
from .layers import Layer, example_shape, shape_text


class LayerStack:
    """Layers in a row, each feeding the next."""

    def __init__(self, layers: Iterable[Layer] | None = None, name: str = "sequential",
                 dtype: str | None = None) -> None:
        self.name = name
        self.dtype = np.dtype(dtype or "float32")
        self.layers: list[Layer] = []
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

    def build(self, n_in, rng: np.random.Generator | None = None) -> None:
        """Create every layer's weights for examples of shape ``n_in`` (an int: the number
        of features; a tuple for images), drawing all of them from one generator ``rng``
        (nnlib's shared one when None), layer after layer."""
        rng = _shared_rng() if rng is None else rng
        for layer in self.layers:
            if not layer.built:
                layer.build(n_in, rng)
            n_in = layer.output_dim(n_in)

    def _inputs(self, x, name: str = "x") -> np.ndarray:
        if not self.layers:
            raise ValueError("model: has no layers yet; add some with model.add(Dense(...))")
        first = self.layers[0]
        x = as_array(x, name, dtype=self.dtype)
        if x.ndim < 2 or (first.input_ndim is not None and x.ndim != first.input_ndim):
            wanted = f"a {first.input_ndim}-D" if first.input_ndim else "an at least 2-D"
            hint = f"; for one feature use {name}.reshape(-1, 1)" if x.ndim == 1 else ""
            raise ValueError(f"{name}: expected {wanted} array {first.input_layout}, got shape "
                             f"{x.shape}{hint}")
        if not self.built:
            self.build(example_shape(x))
        elif example_shape(x) != first.n_in:
            what = "features" if isinstance(first.n_in, int) else "as the example shape"
            raise ValueError(f"{name}: expected {first.n_in} {what} per example, got "
                             f"{example_shape(x)} (shape {x.shape})")
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
                shape = shape_text(n_in)
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
