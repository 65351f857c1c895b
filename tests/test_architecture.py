"""The library's skeleton: the one training loop, layers that describe themselves, saving
by class name (old files too), seeded builds, and N-D inputs through the shared layers."""
from __future__ import annotations

import ast
import pathlib
import warnings

import numpy as np
import pytest

import nnlib
from nnlib import Sequential
from nnlib.gradcheck import check_layer
from nnlib.layers import (LAYER_CLASSES, L1, L2, Activation, BatchNormalization, Dense,
                          Dropout, layer_class)

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
PACKAGE = pathlib.Path(nnlib.__file__).parent


def _data(n=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = (X[:, 0] + X[:, 1] > 0).astype(float)
    return X, y


def _model(dtype=None):
    model = Sequential([Dense(6, activation="tanh", kernel_regularizer=L1(0.001)),
                        BatchNormalization(), Dropout(0.2, seed=1),
                        Dense(1, activation="sigmoid")], dtype=dtype)
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    return model


def test_train_epochs_yields_once_per_epoch_with_fits_logs():
    X, y = _data()
    model = _model()
    epochs = list(model.train_epochs(X, y, epochs=5, batch_size=8,
                                     rng=np.random.default_rng(0)))
    assert [e.number for e in epochs] == [1, 2, 3, 4, 5]
    assert all(e.diverged is None and set(e.logs) == {"loss", "accuracy"} for e in epochs)


def test_fit_is_the_loop_the_same_generator_gives_the_same_numbers():
    X, y = _data()
    histories = []
    for way in ("fit", "loop"):
        nnlib.set_random_seed(7)
        model = _model()
        model.build(3, np.random.default_rng(1))
        if way == "fit":
            logs = model.fit(X, y, epochs=4, batch_size=8, verbose=0,
                             rng=np.random.default_rng(2)).history["loss"]
        else:
            logs = [e.logs["loss"] for e in model.train_epochs(
                X, y, epochs=4, batch_size=8, rng=np.random.default_rng(2))]
        histories.append(logs)
    assert histories[0] == histories[1]


def test_the_loop_shuffles_with_the_generator_it_is_given():
    X, y = _data()
    runs = []
    for seed in (3, 3, 4):
        model = _model()
        model.build(3, np.random.default_rng(0))
        runs.append([e.logs["loss"] for e in model.train_epochs(
            X, y, epochs=3, batch_size=8, rng=np.random.default_rng(seed))])
    assert runs[0] == runs[1] and runs[0] != runs[2]


def test_a_diverging_run_yields_one_last_epoch_that_says_where():
    X, y = _data()
    model = Sequential([Dense(32, activation="relu"), Dense(1)])
    model.compile(nnlib.optimizers.SGD(learning_rate=1e6), "mse")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the loop itself is quiet: no RuntimeWarning
        epochs = list(model.train_epochs(X * 100, y, epochs=50, batch_size=8,
                                         rng=np.random.default_rng(0)))
    assert epochs[-1].diverged and "epoch" in epochs[-1].diverged
    assert all(e.diverged is None for e in epochs[:-1]) and len(epochs) < 50


def test_fit_warns_once_when_the_loop_diverges():
    X, y = _data()
    model = Sequential([Dense(32, activation="relu"), Dense(1)])
    model.compile(nnlib.optimizers.SGD(learning_rate=1e6), "mse")
    with pytest.warns(nnlib.TrainingDivergedWarning, match="epoch"):
        history = model.fit(X * 100, y, epochs=50, batch_size=8, verbose=0)
    assert history.stopped_early


def test_a_run_trained_a_piece_at_a_time_numbers_its_epochs_on():
    X, y = _data()
    whole, pieces = _model(), _model()
    for model in (whole, pieces):
        model.build(3, np.random.default_rng(1))
    expected = [(e.number, e.logs["loss"]) for e in whole.train_epochs(
        X, y, epochs=4, batch_size=8, rng=np.random.default_rng(2))]
    rng, got = np.random.default_rng(2), []
    for done in range(4):
        got += [(e.number, e.logs["loss"]) for e in pieces.train_epochs(
            X, y, epochs=done + 1, initial_epoch=done, batch_size=8, rng=rng)]
    assert got == expected
    model = Sequential([Dense(32, activation="relu"), Dense(1)])
    model.compile(nnlib.optimizers.SGD(learning_rate=1e6), "mse")
    last = list(model.train_epochs(X * 100, y, epochs=57, initial_epoch=50, batch_size=8,
                                   rng=np.random.default_rng(0)))[-1]
    assert last.diverged and f"at epoch {last.number}," in last.diverged and last.number > 50


def test_endless_loop_runs_until_the_caller_stops():
    X, y = _data()
    loop = _model().train_epochs(X, y, epochs=None, rng=np.random.default_rng(0))
    numbers = [next(loop).number for _ in range(12)]
    loop.close()
    assert numbers == list(range(1, 13))


def test_build_draws_every_layer_from_the_one_generator():
    weights = []
    for _ in range(2):
        nnlib.set_random_seed(0)
        nnlib.layers.Dense(3).build(2)  # moves the shared generator: must not matter
        model = Sequential([Dense(4), Dense(4), Dense(2)])
        model.build(5, np.random.default_rng(11))
        weights.append(model.get_weights())
    for a, b in zip(*weights):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("layer", [
    Dense(4, activation="relu", kernel_initializer="he_normal", use_bias=False,
          kernel_regularizer=L2(0.05)),
    Dense(2, kernel_initializer=nnlib.initializers.normal(0.3), kernel_regularizer="l1"),
    Activation("elu"), Dropout(0.3, seed=4), BatchNormalization(momentum=0.9, epsilon=1e-4),
], ids=lambda layer: type(layer).__name__)
def test_every_layer_describes_itself_and_comes_back_the_same(layer):
    config = layer.get_config()
    again = type(layer).from_config(config)
    assert again.get_config() == config
    assert layer_class(type(layer).__name__) is type(layer)


def test_every_layer_class_is_registered_by_its_name():
    for name, cls in LAYER_CLASSES.items():
        assert cls.__name__ == name


def test_saving_has_no_switch_over_layer_types():
    tree = ast.parse((PACKAGE / "saving.py").read_text())
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    assert not names & set(LAYER_CLASSES)


def test_a_model_saves_and_loads_with_every_layer_and_setting(tmp_path):
    X, y = _data()
    model = _model()
    model.fit(X, y, epochs=3, verbose=0)
    model.save(tmp_path / "m.npz")
    loaded = nnlib.load_model(tmp_path / "m.npz")
    np.testing.assert_allclose(loaded.predict(X), model.predict(X), rtol=1e-6)
    assert [layer.get_config() for layer in loaded.layers] == \
        [layer.get_config() for layer in model.layers]
    loaded.compile("adam", "binary_crossentropy")
    assert np.isclose(loaded.evaluate(X, y), model.evaluate(X, y)[0])  # the L1 penalty too


def test_a_file_of_the_first_format_still_loads():
    model = nnlib.load_model(FIXTURES / "model_format1.npz")
    X = np.load(FIXTURES / "model_format1_inputs.npy")
    expected = np.load(FIXTURES / "model_format1_outputs.npy")
    # float32 outputs: the last bit may differ from one processor's loops to another's
    np.testing.assert_allclose(model.predict(X), expected, rtol=1e-5, atol=1e-6)
    assert model.layers[0].kernel_regularizer.l2 == pytest.approx(0.01)


def test_a_file_naming_an_unknown_layer_is_refused_clearly(tmp_path):
    import json
    model = _model()
    model.build(3)
    model.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as data:
        arrays = dict(data)
    description = json.loads(str(arrays["config"]))
    description["layers"][0]["class"] = "Teleporter"
    arrays["config"] = np.array(json.dumps(description))
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ValueError, match="Teleporter"):
        nnlib.load_model(tmp_path / "bad.npz")


def test_batch_norm_normalizes_each_channel_of_a_feature_map():
    x = np.random.default_rng(0).normal(3, 2, size=(8, 5, 5, 4))
    layer = BatchNormalization(dtype="float64")
    out = layer.forward(x, training=True)
    assert layer.params["gamma"].shape == (4,)
    np.testing.assert_allclose(out.mean(axis=(0, 1, 2)), 0, atol=1e-10)
    errors = check_layer(BatchNormalization(dtype="float64"), x[:, :3, :3, :2],
                         training=True, h=1e-5)
    assert max(errors.values()) < 1e-6


def test_l1_penalty_gradient_matches_finite_differences():
    layer = Dense(3, kernel_regularizer=L1(0.1), dtype="float64")
    layer.build(4, np.random.default_rng(0))
    W = layer.params["W"]
    grad = layer.kernel_regularizer.gradient(W)
    h = 1e-6
    numeric = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        old = W[index]
        W[index] = old + h
        up = layer.penalty()
        W[index] = old - h
        down = layer.penalty()
        W[index] = old
        numeric[index] = (up - down) / (2 * h)
    np.testing.assert_allclose(grad, numeric, atol=1e-7)


def test_a_model_on_images_checks_the_example_shape():
    model = Sequential([Activation("relu")])
    model(np.ones((2, 4, 4, 1)))
    with pytest.raises(ValueError, match=r"x: expected \(4, 4, 1\)"):
        model(np.ones((2, 5, 4, 1)))
    with pytest.raises(ValueError, match="2-D"):
        Sequential([Dense(3)])(np.ones((2, 4, 4)))


# ---- imports --------------------------------------------------------------------------------
def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_modules(path: pathlib.Path, modules: set[str]) -> set[str]:
    """The nnlib modules ``path`` names in its relative ``from . import`` statements,
    wherever they stand (inside functions too): ``from .x import y`` is module x, or
    module x.y when y is a module itself."""
    package = _module_name(path) if path.name == "__init__.py" else \
        _module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
        source = f"{base}.{node.module}" if node.module else base
        for alias in node.names:
            found.add(f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules
                      else source)
    return found


def test_no_module_of_nnlib_imports_itself_round_a_cycle():
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = {name: _imported_modules(path, set(paths)) & set(paths) - {name}
             for name, path in paths.items()}
    state: dict[str, str] = {}  # "open" while its imports are walked, then "done"

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for imported in sorted(graph[name]):
            if state.get(imported) == "open":
                cycle = trail[trail.index(imported):] + [imported]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if imported not in state:
                visit(imported, trail + [imported])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert "nnlib.lab.playground" in graph  # the walk did see the explorers


def _lines(path: pathlib.Path) -> int:
    return len(path.read_text().splitlines())


def test_pictures_import_nothing_from_the_explorers():
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    plots = {name: path for name, path in paths.items() if name.startswith("nnlib.plots")}
    assert "nnlib.plots.lesson08_dropout" in plots  # the walk did see the explorers' pictures
    for name, path in plots.items():
        absolute = {node.module if isinstance(node, ast.ImportFrom) else alias.name
                    for node in ast.walk(ast.parse(path.read_text()))
                    if isinstance(node, (ast.Import, ast.ImportFrom)) and
                    not getattr(node, "level", 0) for alias in node.names}
        explorers = {imported for imported in _imported_modules(path, set(paths)) | absolute
                     if imported and imported.startswith("nnlib.explore")}
        assert not explorers, f"{name} imports {sorted(explorers)}"


def test_the_explorers_hold_at_most_a_third_of_the_library():
    """An explorer is controls, compute and a call to its picture (in ``nnlib.plots``):
    the widgets must not grow into a second library beside the maths."""
    total = sum(_lines(path) for path in PACKAGE.rglob("*.py"))
    explorers = sum(_lines(path) for path in (PACKAGE / "explore").rglob("*.py"))
    assert explorers <= total / 3, f"nnlib/explore/ holds {explorers} of {total} lines"


def test_no_module_of_the_library_is_over_300_lines():
    long = {str(path.relative_to(PACKAGE)): _lines(path) for path in PACKAGE.rglob("*.py")
            if _lines(path) > 300}
    assert not long, f"modules over 300 lines: {long}"
