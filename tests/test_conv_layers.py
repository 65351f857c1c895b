"""Conv1D, Conv2D, MaxPooling1D, MaxPooling2D and Flatten: gradients by finite differences,
values and gradients against PyTorch, training, saving, summary() and every bad input."""
from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

import nnlib
from nnlib import Sequential
from nnlib.gradcheck import check_layer
from nnlib.layers import (Conv1D, Conv2D, Dense, Flatten, MaxPooling1D, MaxPooling2D,
                          layer_class)
from nnlib.layers.conv import output_length, padding_for

GRADIENT_CASES = [
    (lambda: Conv2D(3, 3, dtype="float64"), (2, 6, 5, 2)),
    (lambda: Conv2D(3, 3, padding="same", activation="tanh", dtype="float64"), (2, 5, 6, 2)),
    (lambda: Conv2D(2, 3, strides=2, dtype="float64"), (2, 7, 6, 2)),
    (lambda: Conv2D(2, 3, strides=2, padding="same", dtype="float64"), (2, 6, 7, 1)),
    (lambda: Conv2D(2, (2, 3), strides=(1, 2), padding="same", use_bias=False,
                    activation="relu", dtype="float64"), (2, 5, 6, 3)),
    (lambda: Conv2D(2, 4, strides=3, padding="same", dtype="float64"), (1, 8, 7, 2)),
    (lambda: Conv1D(3, 4, dtype="float64"), (2, 9, 2)),
    (lambda: Conv1D(3, 4, strides=2, padding="same", activation="sigmoid", dtype="float64"),
     (2, 9, 2)),
    (lambda: Conv1D(2, 3, strides=3, padding="same", dtype="float64"), (2, 10, 1)),
    (lambda: MaxPooling2D(2, dtype="float64"), (2, 6, 5, 2)),
    (lambda: MaxPooling2D(3, strides=2, padding="same", dtype="float64"), (2, 7, 6, 2)),
    (lambda: MaxPooling2D((2, 3), strides=1, dtype="float64"), (2, 5, 6, 2)),
    (lambda: MaxPooling2D(2, padding="same", dtype="float64"), (2, 5, 5, 1)),
    (lambda: MaxPooling1D(2, dtype="float64"), (2, 9, 3)),
    (lambda: MaxPooling1D(3, strides=2, padding="same", dtype="float64"), (2, 8, 2)),
    (lambda: Flatten(dtype="float64"), (2, 3, 4, 2)),
]


@pytest.mark.parametrize("make, shape", GRADIENT_CASES,
                         ids=[f"{make().get_config()}-{shape}".replace(" ", "")
                              for make, shape in GRADIENT_CASES])
def test_backward_matches_finite_differences(make, shape):
    x = np.random.default_rng(0).normal(size=shape)
    errors = check_layer(make(), x)
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("size, kernel, stride, expected", [
    (8, 3, 1, (1, 1)), (8, 3, 2, (0, 1)), (7, 3, 2, (1, 1)), (8, 4, 1, (1, 2)),
    (6, 1, 3, (0, 0)), (5, 5, 2, (2, 2)), (10, 4, 3, (1, 2)),
])
def test_same_padding_puts_the_odd_zero_at_the_end_as_tensorflow(size, kernel, stride,
                                                                   expected):
    out = -(-size // stride)
    assert padding_for(size, kernel, stride, "same") == expected
    assert sum(expected) == max((out - 1) * stride + kernel - size, 0)
    assert output_length(size, kernel, stride, "same") == out
    assert padding_for(size, kernel, stride, "valid") == (0, 0)
    assert output_length(size, kernel, stride, "valid") == (size - kernel) // stride + 1


# ---- against PyTorch ------------------------------------------------------------------------
def _torch_pad(x, kernel, stride, padding, value=0.0):
    """Pad a (n, c, *spatial) tensor as Keras's 'same' would (the odd zero at the end)."""
    import torch.nn.functional as F

    if padding == "valid":
        return x
    pads = []
    for size, k, s in reversed(list(zip(x.shape[2:], kernel, stride))):
        total = max((-(-size // s) - 1) * s + k - size, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads, value=value)


CONV_CASES = [  # (spatial, channels, filters, kernel, strides, padding)
    ((8, 8), 1, 4, (3, 3), (1, 1), "valid"),
    ((8, 8), 2, 3, (3, 3), (2, 2), "same"),   # even size, stride 2
    ((7, 9), 2, 3, (3, 3), (2, 2), "same"),   # odd sizes, stride 2
    ((6, 7), 3, 2, (4, 2), (1, 3), "same"),
    ((9, 8), 2, 2, (3, 2), (2, 1), "valid"),
    ((12,), 2, 3, (3,), (1,), "valid"),
    ((12,), 2, 3, (4,), (2,), "same"),
    ((11,), 1, 2, (5,), (2,), "same"),
]


@pytest.mark.parametrize("spatial, channels, filters, kernel, strides, padding", CONV_CASES)
def test_conv_values_and_gradients_match_pytorch(spatial, channels, filters, kernel, strides,
                                                 padding):
    torch = pytest.importorskip("torch")
    import torch.nn.functional as F

    rng = np.random.default_rng(1)
    rank = len(spatial)
    layer = (Conv2D if rank == 2 else Conv1D)(filters, kernel, strides=strides,
                                              padding=padding, dtype="float64")
    x = rng.normal(size=(3, *spatial, channels))
    out = layer.forward(x, training=True)
    layer.params["b"][...] = rng.normal(size=filters)
    out = layer.forward(x, training=True)
    grad_out = rng.normal(size=out.shape)
    grad_x = layer.backward(grad_out)

    first = (0, rank + 1) + tuple(range(1, rank + 1))  # channels last -> channels first
    back = (0,) + tuple(range(2, rank + 2)) + (1,)
    xt = torch.tensor(x).permute(*first).requires_grad_()
    # nnlib (k..., c_in, filters) -> torch (filters, c_in, k...)
    kernel_order = (rank + 1, rank) + tuple(range(rank))
    Wt = torch.tensor(layer.params["W"]).permute(*kernel_order).requires_grad_()
    bt = torch.tensor(layer.params["b"]).requires_grad_()
    conv = F.conv2d if rank == 2 else F.conv1d
    outt = conv(_torch_pad(xt, kernel, strides, padding), Wt, bt, stride=strides)
    outt.backward(torch.tensor(grad_out).permute(*first))

    np.testing.assert_allclose(out, outt.detach().permute(*back).numpy(), atol=1e-12)
    np.testing.assert_allclose(grad_x, xt.grad.permute(*back).numpy(), atol=1e-12)
    np.testing.assert_allclose(layer.grads["W"],
                               Wt.grad.permute(*np.argsort(kernel_order)).numpy(), atol=1e-12)
    np.testing.assert_allclose(layer.grads["b"], bt.grad.numpy(), atol=1e-12)


@pytest.mark.parametrize("kernel", [3, 4])
def test_conv2d_same_with_stride_1_matches_pytorchs_own_same_padding(kernel):
    torch = pytest.importorskip("torch")
    import torch.nn.functional as F

    x = np.random.default_rng(2).normal(size=(2, 7, 6, 2))
    layer = Conv2D(3, kernel, padding="same", dtype="float64")
    out = layer(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # an even kernel: torch pads a copy
        expected = F.conv2d(torch.tensor(x).permute(0, 3, 1, 2),
                            torch.tensor(layer.params["W"]).permute(3, 2, 0, 1),
                            torch.tensor(layer.params["b"]), padding="same")
    np.testing.assert_allclose(out, expected.permute(0, 2, 3, 1).numpy(), atol=1e-12)


@pytest.mark.parametrize("spatial, pool, strides, padding", [
    ((6, 6), (2, 2), None, "valid"), ((7, 5), (2, 2), None, "valid"),
    ((7, 6), (3, 3), (2, 2), "same"), ((5, 5), (2, 2), None, "same"),
    ((6, 7), (2, 3), (1, 1), "valid"), ((10,), (2,), None, "valid"), ((9,), (3,), (2,), "same"),
])
def test_max_pooling_values_and_gradients_match_pytorch(spatial, pool, strides, padding):
    torch = pytest.importorskip("torch")
    import torch.nn.functional as F

    rng = np.random.default_rng(3)
    rank = len(spatial)
    layer = (MaxPooling2D if rank == 2 else MaxPooling1D)(pool, strides, padding)
    x = rng.normal(size=(2, *spatial, 3))
    out = layer.forward(x, training=True)
    grad_out = rng.normal(size=out.shape)
    grad_x = layer.backward(grad_out)

    first = (0, rank + 1) + tuple(range(1, rank + 1))
    back = (0,) + tuple(range(2, rank + 2)) + (1,)
    xt = torch.tensor(x).permute(*first).requires_grad_()
    stride = strides or pool
    pool_fn = F.max_pool2d if rank == 2 else F.max_pool1d
    outt = pool_fn(_torch_pad(xt, pool, stride, padding, value=-np.inf), pool, stride)
    outt.backward(torch.tensor(grad_out).permute(*first))
    np.testing.assert_allclose(out, outt.detach().permute(*back).numpy())
    np.testing.assert_allclose(grad_x, xt.grad.permute(*back).numpy(), atol=1e-12)


def test_max_pooling_sends_each_gradient_to_the_first_maximum_only():
    x = np.array([[1.0, 3.0], [3.0, 3.0]]).reshape(1, 2, 2, 1)  # a tie: the first one wins
    layer = MaxPooling2D(2)
    assert layer.forward(x, training=True).item() == 3.0
    grad = layer.backward(np.ones((1, 1, 1, 1)))
    np.testing.assert_array_equal(grad[0, :, :, 0], [[0.0, 1.0], [0.0, 0.0]])


def test_max_pooling_breaks_ties_as_pytorch_does():
    torch = pytest.importorskip("torch")
    import torch.nn.functional as F

    x = np.random.default_rng(4).integers(0, 3, size=(4, 6, 6, 2)).astype(float)  # many ties
    layer = MaxPooling2D(2)
    layer.forward(x, training=True)
    grad_x = layer.backward(np.ones((4, 3, 3, 2)))
    xt = torch.tensor(x).permute(0, 3, 1, 2).requires_grad_()
    F.max_pool2d(xt, 2).sum().backward()
    np.testing.assert_array_equal(grad_x, xt.grad.permute(0, 2, 3, 1).numpy())


def test_flatten_lays_out_channels_last_in_c_order():
    x = np.arange(2 * 2 * 3 * 4).reshape(2, 2, 3, 4).astype(float)
    np.testing.assert_array_equal(Flatten()(x), x.reshape(2, 24))


def test_cross_correlation_does_not_flip_the_kernel():
    image = np.zeros((1, 3, 3, 1))
    image[0, 0, 0, 0] = 1.0   # one bright pixel in the top-left corner
    layer = Conv2D(1, 3, use_bias=False, dtype="float64")
    layer.build((3, 3, 1))
    layer.params["W"][..., 0, 0] = np.arange(9.0).reshape(3, 3)
    assert layer(image).item() == 0.0   # W[0, 0] meets the pixel; a convolution would use W[2, 2]


# ---- in a model ------------------------------------------------------------------------------
def _digit_model():
    return Sequential([Conv2D(8, 3, activation="relu"), MaxPooling2D(2),
                       Conv2D(4, 2, strides=2, padding="same"), Flatten(), Dense(10)])


def test_a_conv_model_trains_saves_loads_and_evaluates(tmp_path):
    X, y = nnlib.data.digits()
    images = X[:300].reshape(-1, 8, 8, 1)
    model = _digit_model()
    model.compile(nnlib.optimizers.Adam(learning_rate=0.01),
                  nnlib.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    model.build((8, 8, 1), np.random.default_rng(0))
    before = model.evaluate(images, y[:300])[0]
    history = model.fit(images, y[:300], epochs=15, verbose=0, rng=np.random.default_rng(0))
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert model.evaluate(images, y[:300])[0] < 0.5 * before
    model.save(tmp_path / "conv.npz")
    loaded = nnlib.load_model(tmp_path / "conv.npz")
    np.testing.assert_array_equal(loaded.predict(images), model.predict(images))
    assert [layer.get_config() for layer in loaded.layers] == \
        [layer.get_config() for layer in model.layers]


def test_a_conv1d_model_on_signals_trains_and_comes_back_from_a_file(tmp_path):
    rng = np.random.default_rng(0)
    signals = rng.normal(size=(64, 30, 2))
    labels = (signals[:, 10:14, 0].sum(axis=1) > 0).astype(float)
    model = Sequential([Conv1D(4, 5, padding="same", activation="relu"), MaxPooling1D(3),
                        Flatten(), Dense(1)], dtype="float64")
    model.compile(nnlib.optimizers.Adam(learning_rate=0.01),
                  nnlib.losses.BinaryCrossentropy(from_logits=True))
    losses = [e.logs["loss"] for e in model.train_epochs(signals, labels, epochs=30,
                                                         rng=np.random.default_rng(1))]
    assert losses[-1] < 0.7 * losses[0]
    model.save(tmp_path / "signal.npz")
    np.testing.assert_array_equal(nnlib.load_model(tmp_path / "signal.npz").predict(signals),
                                  model.predict(signals))


def test_summary_prints_keras_output_shapes_and_parameter_counts():
    model = _digit_model()
    model.build((8, 8, 1))
    lines = []
    model.summary(print_fn=lines.append)
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines[0].splitlines()]
    assert ["conv2d (Conv2D)", "(None, 6, 6, 8)", "80"] in rows            # 3*3*1*8 + 8
    assert ["max_pooling2d (MaxPooling2D)", "(None, 3, 3, 8)", "0"] in rows
    assert ["conv2d_1 (Conv2D)", "(None, 2, 2, 4)", "132"] in rows         # 2*2*8*4 + 4
    assert ["flatten (Flatten)", "(None, 16)", "0"] in rows
    assert ["dense (Dense)", "(None, 10)", "170"] in rows
    assert "Total params: 382" in lines[0] and model.count_params() == 382
    signal = Sequential([Conv1D(4, 9, input_shape=(160, 1)), MaxPooling1D(152), Flatten()])
    signal.summary(print_fn=lines.append)
    assert "(None, 152, 4)" in lines[1] and "(None, 1, 4)" in lines[1] and " 40 " in lines[1]


@pytest.mark.parametrize("layer", [
    Conv2D(8, (3, 2), strides=(2, 1), padding="same", activation="relu", use_bias=False,
           kernel_initializer="he_normal"),
    Conv1D(4, 5, strides=2, kernel_initializer=nnlib.initializers.normal(0.1)),
    MaxPooling2D((2, 3), strides=1, padding="same"), MaxPooling1D(4), Flatten(),
], ids=lambda layer: type(layer).__name__)
def test_new_layers_describe_themselves_and_come_back_the_same(layer):
    config = layer.get_config()
    assert type(layer).from_config(config).get_config() == config
    assert layer_class(type(layer).__name__) is type(layer)


def test_conv_kernel_and_bias_have_kerass_shapes():
    layer = Conv2D(16, (3, 5), input_shape=(28, 28, 8))
    assert layer.params["W"].shape == (3, 5, 8, 16) and layer.params["b"].shape == (16,)
    assert Conv1D(6, 7, input_shape=(100, 2)).params["W"].shape == (7, 2, 6)
    assert layer.params["W"].dtype == np.float32


# ---- bad input -------------------------------------------------------------------------------
def test_a_2d_array_into_conv2d_names_x_and_the_shape_it_expects():
    with pytest.raises(ValueError, match=re.escape(
            "x: conv2d expected a 4-D array (n_examples, height, width, channels), got shape "
            "(5, 64)")):
        Conv2D(4, 3)(np.ones((5, 64)))
    with pytest.raises(ValueError, match=re.escape(
            "x: expected a 4-D array (n_examples, height, width, channels), got shape (5, 64)")):
        Sequential([Conv2D(4, 3), Flatten(), Dense(2)])(np.ones((5, 64)))
    with pytest.raises(ValueError, match=re.escape(
            "x: conv1d expected a 3-D array (n_examples, steps, channels), got shape "
            "(5, 8, 8, 1)")):
        Conv1D(4, 3)(np.ones((5, 8, 8, 1)))


@pytest.mark.parametrize("make, shape, message", [
    (lambda: Conv2D(4, 3), (2, 2, 2, 1),
     "kernel_size: (3, 3) is larger than the input's (2, 2) (height, width) with "
     "padding='valid'; use padding='same' or a smaller kernel_size"),
    (lambda: Conv2D(4, (1, 5)), (2, 6, 4, 1),
     "kernel_size: (1, 5) is larger than the input's (6, 4) (height, width) with "
     "padding='valid'; use padding='same' or a smaller kernel_size"),
    (lambda: Conv1D(4, 9), (2, 8, 1),
     "kernel_size: (9,) is larger than the input's (8,) (steps) with padding='valid'; use "
     "padding='same' or a smaller kernel_size"),
    (lambda: MaxPooling2D(3), (2, 2, 5, 1),
     "pool_size: (3, 3) is larger than the input's (2, 5) (height, width) with "
     "padding='valid'; use padding='same' or a smaller pool_size"),
])
def test_a_window_larger_than_a_valid_input_is_refused_by_name(make, shape, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make()(np.ones(shape))
    make()(np.ones(shape[:1] + tuple(d + 9 for d in shape[1:-1]) + shape[-1:]))  # fits: fine


def test_same_padding_takes_a_kernel_larger_than_the_input():
    assert Conv2D(2, 5, padding="same")(np.ones((1, 2, 3, 1))).shape == (1, 2, 3, 2)


@pytest.mark.parametrize("make, error, message", [
    (lambda: Conv2D(4, 3, strides=0), ValueError, "strides: expected an int >= 1, got 0"),
    (lambda: Conv2D(4, 3, strides=(1, 0)), ValueError, "strides: expected an int >= 1, got 0"),
    (lambda: Conv1D(4, 3, strides=-2), ValueError, "strides: expected an int >= 1, got -2"),
    (lambda: MaxPooling2D(2, strides=0), ValueError, "strides: expected an int >= 1, got 0"),
    (lambda: Conv2D(4, 0), ValueError, "kernel_size: expected an int >= 1, got 0"),
    (lambda: MaxPooling1D(0), ValueError, "pool_size: expected an int >= 1, got 0"),
    (lambda: Conv2D(0, 3), ValueError, "filters: expected an int >= 1, got 0"),
    (lambda: Conv2D(4, 3, padding="full"), ValueError,
     "padding: unknown name 'full'; known names are valid, same"),
    (lambda: MaxPooling2D(2, padding="causal"), ValueError,
     "padding: unknown name 'causal'; known names are valid, same"),
    (lambda: Conv2D(4, 3, strides=1.5), TypeError,
     "strides: expected an int >= 1 or a tuple of 2 such ints, got float 1.5"),
    (lambda: Conv2D(4, (3, 3, 3)), TypeError,
     "kernel_size: expected an int >= 1 or a tuple of 2 such ints, got tuple (3, 3, 3)"),
    (lambda: Conv1D(4, (3, 3)), TypeError,
     "kernel_size: expected an int >= 1 or a tuple of 1 such ints, got tuple (3, 3)"),
])
def test_bad_layer_arguments_get_a_clear_error_naming_the_argument(make, error, message):
    with pytest.raises(error, match=re.escape(message)):
        make()


def test_a_conv_layer_after_flat_features_says_what_example_shape_it_needs():
    model = Sequential([Dense(8), Conv2D(2, 3)])
    with pytest.raises(ValueError, match=re.escape(
            "input_shape: conv2d expects examples of shape (height, width, channels), got 8")):
        model.build(4)


def test_images_of_another_shape_after_building_are_refused():
    model = Sequential([Conv2D(2, 3), Flatten(), Dense(2)])
    model(np.ones((1, 8, 8, 1)))
    with pytest.raises(ValueError, match=re.escape(
            "x: expected (8, 8, 1) as the example shape per example, got (8, 8, 3)")):
        model(np.ones((1, 8, 8, 3)))
