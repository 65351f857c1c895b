"""Saving and loading models as ``.npz`` files that hold only numbers and text.

The file stores each layer's arrays plus a JSON description of the layers.
Loading uses ``allow_pickle=False``, so a file can never run code on load.
"""
from __future__ import annotations

import json
import os

import numpy as np

from . import layers as layer_module

_FORMAT = "nnlib-model-1"


def _layer_config(layer) -> dict:
    config = {"class": type(layer).__name__, "name": layer.name,
              "dtype": None if layer.dtype is None else str(layer.dtype),
              "n_in": layer.n_in}
    if isinstance(layer, layer_module.Dense):
        regularizer = layer.kernel_regularizer
        config.update(units=layer.units, activation=layer.activation.name,
                      use_bias=layer.use_bias, l2=None if regularizer is None else regularizer.l2)
    elif isinstance(layer, layer_module.Activation):
        config.update(activation=layer.activation.name)
    elif isinstance(layer, layer_module.Dropout):
        config.update(rate=layer.rate)
    elif isinstance(layer, layer_module.BatchNormalization):
        config.update(momentum=layer.momentum, epsilon=layer.epsilon)
    return config


def save_model(model, path) -> None:
    """Write ``model``'s layers and weights to ``path`` (an .npz file)."""
    if not model.built:
        raise ValueError("model: not built yet, so there are no weights to save; train it or "
                         "call it on data first")
    arrays = {}
    for i, layer in enumerate(model.layers):
        for key, value in {**layer.params, **layer.state}.items():
            arrays[f"layer{i}/{key}"] = value
    description = {"format": _FORMAT, "name": model.name, "dtype": str(model.dtype),
                   "layers": [_layer_config(layer) for layer in model.layers]}
    arrays["config"] = np.array(json.dumps(description))
    np.savez(os.fspath(path), **arrays)


def _make_layer(config: dict):
    kind = config["class"]
    dtype = config.get("dtype")
    if kind == "Dense":
        return layer_module.Dense(config["units"], activation=config["activation"],
                                  use_bias=config["use_bias"], kernel_regularizer=config["l2"],
                                  name=config["name"], dtype=dtype)
    if kind == "Activation":
        return layer_module.Activation(config["activation"], name=config["name"])
    if kind == "Dropout":
        return layer_module.Dropout(config["rate"], name=config["name"])
    if kind == "BatchNormalization":
        return layer_module.BatchNormalization(config["momentum"], config["epsilon"],
                                               name=config["name"], dtype=dtype)
    raise ValueError(f"path: the file names an unknown layer type {kind!r}")


def load_model(path):
    """Read a model written by ``model.save(path)``; never unpickles anything."""
    from .model import Sequential

    try:
        with np.load(os.fspath(path), allow_pickle=False) as data:
            description = json.loads(str(data["config"]))
            arrays = {key: data[key] for key in data.files if key != "config"}
    except ValueError as error:
        raise ValueError(f"path: {path} is not a plain nnlib model file (it holds pickled "
                         f"objects, which are never loaded: {error})") from None
    except KeyError:
        raise ValueError(f"path: {path} has no model description; was it written by "
                         f"model.save?") from None
    if description.get("format") != _FORMAT:
        raise ValueError(f"path: expected an nnlib model file, got format "
                         f"{description.get('format')!r}")
    model = Sequential(name=description["name"], dtype=description["dtype"])
    for i, config in enumerate(description["layers"]):
        layer = _make_layer(config)
        if layer.dtype is None:
            layer.dtype = model.dtype
        layer.build(config["n_in"], np.random.default_rng(0))
        for store in (layer.params, layer.state):
            for key in store:
                store[key] = arrays[f"layer{i}/{key}"].astype(store[key].dtype)
        model.add(layer)
    return model
