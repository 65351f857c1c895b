"""Saving and loading models as ``.npz`` files that hold only numbers and text.

The file stores each layer's arrays plus a JSON description: for every layer its class
name, its ``get_config()`` and the shape of its input examples. Loading finds the class
by name (:func:`nnlib.layers.layer_class`) and calls ``from_config``, so a new layer type
needs no change here. Loading uses ``allow_pickle=False``: a file can never run code.
"""
from __future__ import annotations

import json
import os

import numpy as np

from .layers import Layer, layer_class

FORMAT = "nnlib-model-2"
_OLD_FORMAT = "nnlib-model-1"  # flat layer descriptions, still read


def _shape_to_json(shape):
    return list(shape) if isinstance(shape, tuple) else shape


def _shape_from_json(shape):
    return tuple(shape) if isinstance(shape, list) else shape


def save_model(model, path) -> None:
    """Write ``model``'s layers and weights to ``path`` (an .npz file)."""
    if not model.built:
        raise ValueError("model: not built yet, so there are no weights to save; train it or "
                         "call it on data first")
    arrays = {}
    for i, layer in enumerate(model.layers):
        for key, value in {**layer.params, **layer.state}.items():
            arrays[f"layer{i}/{key}"] = value
    description = {"format": FORMAT, "name": model.name, "dtype": str(model.dtype),
                   "layers": [{"class": type(layer).__name__, "config": layer.get_config(),
                               "n_in": _shape_to_json(layer.n_in)}
                              for layer in model.layers]}
    arrays["config"] = np.array(json.dumps(description))
    np.savez(os.fspath(path), **arrays)


def _upgrade(old: dict) -> dict:
    """A format-1 layer description (arguments beside class and n_in) in today's form."""
    config = {key: value for key, value in old.items() if key not in ("class", "n_in")}
    if "l2" in config:
        l2 = config.pop("l2")
        config["kernel_regularizer"] = None if l2 is None else {"class": "L2", "l2": l2}
    if old["class"] in ("Activation", "Dropout"):
        config.pop("dtype", None)  # format 1 saved the model's dtype for these
    return {"class": old["class"], "config": config, "n_in": old["n_in"]}


def read_model_file(path) -> tuple[dict, list[Layer]]:
    """The description and the built layers (weights loaded) of a saved model file."""
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
    file_format = description.get("format")
    if file_format not in (FORMAT, _OLD_FORMAT):
        raise ValueError(f"path: expected an nnlib model file, got format {file_format!r}")
    layers = []
    for i, entry in enumerate(description["layers"]):
        if file_format == _OLD_FORMAT:
            entry = _upgrade(entry)
        try:
            layer = layer_class(entry["class"]).from_config(dict(entry["config"]))
        except ValueError as error:
            raise ValueError(f"path: {path} describes a layer nnlib cannot make: "
                             f"{error}") from None
        if layer.dtype is None:
            layer.dtype = np.dtype(description["dtype"])
        layer.build(_shape_from_json(entry["n_in"]), np.random.default_rng(0))
        for store in (layer.params, layer.state):
            for key in store:
                store[key] = arrays[f"layer{i}/{key}"].astype(store[key].dtype)
        layers.append(layer)
    return description, layers
