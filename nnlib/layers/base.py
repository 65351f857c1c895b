"""The layer contract every layer keeps, and the registry that finds a layer by name.

- ``forward(x, training=False)`` returns the output and caches what backward needs;
  ``layer(x)`` is the same in inference mode.
- ``backward(grad_out)`` takes dL/d(output) and returns dL/d(input), filling
  ``grads`` with the same keys as ``params``.
- ``get_config()`` describes the layer with Keras's argument names, and
  ``from_config(config)`` builds it again: saving and loading need nothing else, so a
  new layer type needs no change to :mod:`nnlib.saving`.

Shapes: ``x`` is ``(n_examples, *example_shape)``. A layer's ``n_in`` is the shape of
one example: an int for flat features, a tuple such as ``(height, width, channels)``
for images.
"""
from __future__ import annotations

from typing import Any, Union

import numpy as np

ExampleShape = Union[int, tuple]

LAYER_CLASSES: dict[str, type] = {}


def example_shape(x: np.ndarray) -> ExampleShape:
    """The shape of one example of the batch ``x``: an int for (n, features), else a tuple."""
    return int(x.shape[1]) if x.ndim == 2 else tuple(int(d) for d in x.shape[1:])


def shape_text(shape: ExampleShape) -> str:
    """``(None, 8)`` or ``(None, 6, 6, 4)``, as Keras prints an output shape."""
    dims = (shape,) if isinstance(shape, int) else tuple(shape)
    return "(" + ", ".join(["None"] + [str(d) for d in dims]) + ")"


def layer_class(name: str) -> type:
    """The layer class registered under ``name`` (its class name)."""
    if name not in LAYER_CLASSES:
        raise ValueError(f"class: unknown layer type {name!r}; known layer types are "
                         f"{', '.join(sorted(LAYER_CLASSES))}")
    return LAYER_CLASSES[name]


class Layer:
    """The base of every layer: parameters, their gradients, and the forward/backward pair.

    ``input_ndim`` is the number of dimensions a batch must have (2 for Dense's
    ``(n, features)``), or None for layers that take any shape.
    """

    input_ndim: int | None = None
    input_layout = "(n_examples, ...)"
    _checked_shape: tuple | None = None  # a batch's shape[1:] that passed _ensure_built

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__name__.startswith("_"):  # a shared private base is never a saved layer
            LAYER_CLASSES[cls.__name__] = cls  # found by class name when a model is loaded

    def __init__(self, name: str | None = None, dtype: str | None = None) -> None:
        self.name = name or _snake_case(type(self).__name__)
        self.dtype = np.dtype(dtype) if dtype is not None else None
        self.explicit_dtype = dtype is not None  # else the model's dtype applies
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.state: dict[str, np.ndarray] = {}  # saved with the model but not trained
        self.built = False
        self.n_in: ExampleShape | None = None

    def build(self, n_in: ExampleShape, rng: np.random.Generator | None = None) -> None:
        """Create the weights for examples of shape ``n_in``, drawing from ``rng``."""
        self.n_in = n_in
        self.built = True
        self._checked_shape = None

    def _floating_dtype(self) -> np.dtype:
        if self.dtype is None:
            self.dtype = np.dtype("float32")
        return self.dtype

    def _ensure_built(self, x: np.ndarray) -> None:
        if self.built and x.shape[1:] == self._checked_shape:
            return  # the same example shape as a batch checked before: nothing to check
        if x.ndim < 2 or (self.input_ndim is not None and x.ndim != self.input_ndim):
            wanted = f"a {self.input_ndim}-D" if self.input_ndim else "an at least 2-D"
            raise ValueError(f"x: {self.name} expected {wanted} array {self.input_layout}, "
                             f"got shape {x.shape}")
        shape = example_shape(x)
        if not self.built:
            if self.dtype is None:
                self.dtype = x.dtype if x.dtype in (np.float32, np.float64) else np.dtype("float32")
            self.build(shape)
        elif shape != self.n_in:
            what = "features" if isinstance(shape, int) else "as the example shape"
            raise ValueError(f"x: {self.name} expected {self.n_in} {what} per example, "
                             f"got {shape} (shape {x.shape})")
        self._checked_shape = x.shape[1:]

    def output_dim(self, n_in: ExampleShape) -> ExampleShape:
        """The shape of one output example for input examples of shape ``n_in``."""
        return n_in

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray, need_input_grad: bool = True) -> np.ndarray:
        """dL/d(input) from dL/d(output); fills ``grads``. A first layer may skip the
        input gradient (``need_input_grad=False``): nothing upstream uses it."""
        raise NotImplementedError

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(np.asarray(x), training=False)

    def count_params(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    def penalty(self) -> float:
        """The regularization term this layer adds to the loss (0 for most layers)."""
        return 0.0

    def get_config(self) -> dict:
        """The layer's arguments under Keras's names; ``from_config`` takes them back."""
        return {"name": self.name,
                "dtype": str(self.dtype) if self.explicit_dtype else None}

    @classmethod
    def from_config(cls, config: dict) -> Layer:
        return cls(**config)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


def _snake_case(class_name: str) -> str:
    """``BatchNormalization`` -> ``batch_normalization``, ``Conv2D`` -> ``conv2d``."""
    out = []
    for i, char in enumerate(class_name):
        if char.isupper() and i and not class_name[i - 1].isupper() \
                and not class_name[i - 1].isdigit():
            out.append("_")
        out.append(char.lower())
    return "".join(out)
