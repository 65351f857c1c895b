"""A playground's whole state as one string, and its network as nnlib code.

:func:`encode` writes control values (and the two seeds) as ``name=value`` pairs joined
by ``&``, as TensorFlow Playground writes its address; :func:`decode` reads them back,
each value turned into the type of that control's default, so the same string always
gives the same network, the same points and the same losses, seed for seed.
:func:`to_code` writes Keras-style nnlib code that builds and compiles the network.
"""
from __future__ import annotations

from typing import Any

from ..features import FEATURES
from .playground import INITIALIZATIONS as INITIALIZERS

PREFIX = "playground:"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return ",".join(str(int(v)) for v in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def encode(values: dict[str, Any]) -> str:
    """One line: ``playground:name=value&name=value...`` in the order given."""
    for name, value in values.items():
        if any(mark in _text(value) for mark in "&=") or "&" in name:
            raise ValueError(f"settings: {name}={value!r} cannot be written into the string")
    return PREFIX + "&".join(f"{name}={_text(value)}" for name, value in values.items())


def _value(name: str, text: str, like: Any) -> Any:
    try:
        if isinstance(like, bool):
            if text not in ("true", "false"):
                raise ValueError
            return text == "true"
        if isinstance(like, (tuple, list)):
            return tuple(int(v) for v in text.split(",")) if text else ()
        if isinstance(like, int):
            return int(text)
        if isinstance(like, float):
            return float(text)
    except ValueError:
        raise ValueError(f"settings: {name} expected a value like {_text(like)!r}, got "
                         f"{text!r}") from None
    return text


def decode(text: Any, defaults: dict[str, Any]) -> dict[str, Any]:
    """The values a string from :func:`encode` holds, typed as ``defaults`` are; a name
    not in ``defaults`` is an error naming ``settings``."""
    if not isinstance(text, str) or not text.startswith(PREFIX):
        raise ValueError(f"settings: expected a string from widget.settings() starting with "
                         f"{PREFIX!r}, got {text!r:.80}")
    values = {}
    for pair in filter(None, text[len(PREFIX):].split("&")):
        name, equals, value = pair.partition("=")
        if not equals or name not in defaults:
            raise ValueError(f"settings: unknown entry {pair!r}; known names are "
                             f"{', '.join(defaults)}")
        values[name] = _value(name, value, defaults[name])
    return values


def to_code(values: dict[str, Any], n_outputs: int, problem: str) -> str:
    """Keras-style nnlib code that builds and compiles the network these control values
    describe, with ``n_outputs`` output units (1, or K for K classes)."""
    features = tuple(name for name in FEATURES if values.get(name))
    init = INITIALIZERS[values["initialization"]]
    kind, rate = values["regularization"], values["regularization_rate"]
    regularizer = f", kernel_regularizer={kind.upper()}({rate!r})" if kind != "none" else ""
    lines = ["import nnlib as nn",
             "from nnlib.layers import L1, L2, Dense, Dropout  # noqa: F401",
             "",
             f"# inputs: the features {', '.join(features) or '(none)'} of the points X (n, 2),",
             "# standardized with the training set's mean and spread:",
             f"# inputs = nn.data.standardize(nn.features.feature_map(X, {features!r}))[0]",
             "model = nn.Sequential(["]
    for units in values["layer_sizes"]:
        lines.append(f"    Dense({int(units)}, activation={values['activation']!r}, "
                     f"kernel_initializer={init!r}{regularizer}),")
        if values["dropout"] > 0:
            lines.append(f"    Dropout({values['dropout']!r}),")
    lines.append(f"    Dense({n_outputs}, kernel_initializer={init!r}{regularizer}),")
    if problem == "regression":
        loss = "nn.losses.MeanSquaredError()"
    elif n_outputs > 1:
        loss = "nn.losses.CategoricalCrossentropy(from_logits=True)"
    else:
        loss = "nn.losses.BinaryCrossentropy(from_logits=True)"
    optimizer = {"adam": "Adam", "sgd": "SGD"}[values["optimizer"]]
    lines += ["])",
              f"model.build({len(features)})",
              f"model.compile(optimizer=nn.optimizers.{optimizer}(learning_rate="
              f"{values['learning_rate']!r}),",
              f"              loss={loss})",
              f"# model.fit(inputs, y, epochs=100, batch_size={int(values['batch_size'])})"]
    return "\n".join(lines) + "\n"


def state_defaults(defaults: dict[str, Any]) -> dict[str, Any]:
    """What a settings string may hold: the controls, the seeds, hidden names, own data."""
    return {**defaults, "seed": 0, "data_seed": 0, "hide": "", "data": ""}


def describe(values: dict[str, Any]) -> str:
    """A short line naming a run's main settings, for the table of recorded runs."""
    features = "+".join(FEATURES[name][0] for name in FEATURES if values.get(name))
    layers = "-".join(str(n) for n in values["layer_sizes"]) or "none"
    text = (f"{values['dataset']}, {features or 'no features'}, layers {layers}, "
            f"{values['activation']}, {values['optimizer']} {values['learning_rate']:.3g}")
    if values["regularization"] != "none":
        text += f", {values['regularization']} {values['regularization_rate']:.3g}"
    if values["dropout"]:
        text += f", dropout {values['dropout']:.2g}"
    return text


def restore(settings: str | None, hide: Any, data: Any,
            defaults: dict[str, Any]) -> tuple[dict[str, Any], tuple[int, int], list[str]]:
    """What a playground opens with: the control values a settings string holds (or
    none), its (seed, data seed), and the names to hide (``hide`` and the string's)."""
    if not isinstance(hide, (list, tuple, set)):
        raise TypeError(f"hide: expected a list of control or part names, got {hide!r}")
    hidden, seeds, restored = list(hide), (0, 0), {}
    if settings is not None:
        restored = decode(settings, state_defaults(defaults))
        seeds = (restored.pop("seed", 0), restored.pop("data_seed", 0))
        hidden += [name for name in restored.pop("hide", "").split(",") if name]
        if restored.pop("data", "") and data is None:
            raise ValueError("settings: this string was made with the learner's own data; "
                             "pass the same points again as data=(X, y)")
    return restored, seeds, hidden
