"""Lesson 12: the EKG-like signal generator and the maths behind the two explorers."""
from __future__ import annotations

import numpy as np
import pytest

import nnlib
from nnlib import ekg
from nnlib.explore import conv_vs_dense
from nnlib.explore import convolution as explorer
from nnlib.exercises import convolution as exercises
from nnlib.layers.conv import output_length


# ---- the EKG-like windows ----------------------------------------------------------------------
def test_ekg_windows_have_the_promised_shapes_and_labels():
    X, y, at = ekg.ekg_windows(200, length=120, seed=5, return_positions=True)
    assert X.shape == (200, 120, 1) and y.shape == (200,) and at.shape == (200,)
    assert X.dtype == np.float64 and set(np.unique(y)) == {0, 1}
    assert np.all((at == -1) == (y == 0))
    assert 0.35 < y.mean() < 0.65                      # abnormal_fraction 0.5
    assert np.all(np.isfinite(X))


def test_the_same_seed_gives_the_same_windows_and_another_seed_others():
    first, again = ekg.ekg_windows(20, seed=3), ekg.ekg_windows(20, seed=3)
    np.testing.assert_array_equal(first[0], again[0])
    assert not np.array_equal(first[0], ekg.ekg_windows(20, seed=4)[0])


def test_where_says_where_the_abnormal_beat_may_sit():
    length = 160
    _, y, at = ekg.ekg_windows(300, length, seed=0, abnormal_fraction=1.0, where=(0.4, 0.6),
                               return_positions=True)
    first, last = ekg.BEAT_BEFORE, length - 1 - ekg.BEAT_AFTER
    assert np.all(y == 1)
    assert at.min() >= np.floor(first + 0.4 * (last - first))
    assert at.max() <= np.ceil(first + 0.6 * (last - first))
    _, _, anywhere = ekg.ekg_windows(300, length, seed=1, abnormal_fraction=1.0,
                                     return_positions=True)
    assert anywhere.min() < first + 0.1 * (last - first) and anywhere.max() > last - 15


def test_the_abnormal_beat_is_the_tall_wide_one_at_its_position():
    X, y, at = ekg.ekg_windows(100, seed=2, noise=0.0, abnormal_fraction=1.0,
                               return_positions=True)
    t = np.arange(X.shape[1])
    for signal, position in zip(X[:, :, 0], at):
        near = np.abs(t - position) <= 1
        assert signal[near].max() > 0.95              # the tall spike, sampled anywhere near it
        wide = (t >= position - 2) & (t <= position + 1)   # a normal spike is 2 samples wide
        assert signal[wide].min() > 0.5               # and wide: 4 samples above half height


def test_normal_and_abnormal_beats_differ_in_shape():
    t = np.arange(-20.0, 30.0)
    normal, abnormal = ekg.normal_beat(t, 0.0), ekg.abnormal_beat(t, 0.0)
    p_wave = (t >= -10) & (t <= -7)
    assert normal[p_wave].max() > 0.1 and abnormal[p_wave].max() < 0.01   # no P wave
    assert normal[t == 10].item() > 0.2 and abnormal[t == 10].item() < -0.2  # T wave inverted
    assert (abnormal > 0.5).sum() > 2 * (normal > 0.5).sum()             # a wider spike


def test_without_abnormal_beats_every_label_is_0_and_noise_0_keeps_the_signal_smooth():
    X, y = ekg.ekg_windows(10, seed=1, abnormal_fraction=0.0, noise=0.0)
    assert not y.any()
    assert np.abs(np.diff(X[:, :, 0], axis=1)).max() < 0.9  # no jumps beyond the spikes' own


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 0}, "n: expected an int >= 1, got 0"),
    ({"n": 5, "length": 10}, "length: expected an int >= 29, got 10"),
    ({"n": 5, "abnormal_fraction": 1.5}, "abnormal_fraction: expected a number in"),
    ({"n": 5, "where": (0.7, 0.2)}, "where: expected (low, high) with low <= high"),
    ({"n": 5, "where": (0.0, 2.0)}, "where: expected a number in"),
])
def test_bad_generator_arguments_are_refused_by_name(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ekg.ekg_windows(**kwargs)


# ---- the convolution explorer ------------------------------------------------------------------
def _correlate(image, kernel, stride):
    """A plain-loop cross-correlation of a 2-D image with a 3x3 kernel ('valid')."""
    out_h, out_w = (image.shape[0] - 3) // stride + 1, (image.shape[1] - 3) // stride + 1
    return np.array([[np.sum(image[p * stride:p * stride + 3, q * stride:q * stride + 3] * kernel)
                      for q in range(out_w)] for p in range(out_h)])


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_the_explorer_feature_map_is_the_window_by_window_sum(stride, padding):
    result = explorer.compute(kernel="sharpen", stride=stride, padding=padding, window=0.7)
    expected = _correlate(result["padded"], result["kernel"], stride)
    if padding == "same":
        expected = expected[:-(-8 // stride), :-(-8 // stride)]
    np.testing.assert_allclose(result["output"], expected, atol=1e-12)
    size = -(-8 // stride) if padding == "same" else (8 - 3) // stride + 1
    assert result["output"].shape == (size, size)
    assert f"{size}×{size} outputs" in result["readout"]
    assert np.isclose(result["value"], np.sum(result["patch"] * result["kernel"]))


def test_same_padding_with_stride_2_pads_only_the_bottom_and_right():
    result = explorer.compute(stride=2, padding="same")
    assert result["pads"] == [(0, 1), (0, 1)] and result["padded"].shape == (9, 9)
    assert np.all(result["padded"][8] == 0) and np.all(result["padded"][:, 8] == 0)


def test_the_window_slider_runs_from_the_first_unit_to_the_last():
    first, last = explorer.compute(window=0.0), explorer.compute(window=1.0)
    assert (first["row"], first["column"]) == (0, 0)
    assert (last["row"], last["column"]) == (5, 5)
    assert last["value"] == pytest.approx(last["output"][5, 5])


def test_your_own_kernel_comes_from_the_sliders():
    weights = dict(zip(explorer.WEIGHT_NAMES, np.arange(9.0) - 4))
    result = explorer.compute(kernel=explorer.OWN, **weights)
    np.testing.assert_array_equal(result["kernel"], (np.arange(9.0) - 4).reshape(3, 3))
    assert not np.array_equal(explorer.compute(kernel="blur", **weights)["kernel"],
                              result["kernel"])


def test_a_signal_meets_only_the_middle_row_of_the_kernel():
    result = explorer.compute(input="EKG signal", kernel="vertical edges", window=0.5)
    signal = explorer.ekg_signal(3)
    np.testing.assert_array_equal(result["used"], [-2.0, 0.0, 2.0])
    expected = np.array([np.dot(signal[i:i + 3], [-2.0, 0.0, 2.0])
                         for i in range(len(signal) - 2)])
    np.testing.assert_allclose(result["output"], expected, atol=1e-12)
    assert "158 outputs" in result["readout"]
    assert explorer.compute(input="EKG signal", kernel="horizontal edges")["output"].any() \
        == False  # noqa: E712 (its middle row is all zeros)


def test_every_preset_kernel_is_3x3_and_the_digits_are_the_classes_asked_for():
    assert all(np.array(kernel).shape == (3, 3) for kernel in explorer.KERNELS.values())
    X, y = nnlib.data.digits()
    for label in (0, 3, 9):
        np.testing.assert_array_equal(explorer.digit_image(label).ravel(),
                                      X[np.flatnonzero(y == label)[0]])


# ---- conv against dense ------------------------------------------------------------------------
def test_the_split_keeps_test_digits_out_of_every_training_set():
    X_pool, y_pool, X_test, y_test = conv_vs_dense.digit_split()
    assert X_pool.shape == (1000, 8, 8, 1) and X_test.shape == (797, 8, 8, 1)
    pool_rows = {row.tobytes() for row in X_pool.reshape(1000, -1)}
    test_rows = [row.tobytes() for row in X_test.reshape(797, -1)]
    assert sum(row in pool_rows for row in test_rows) < 5   # the data set has a few duplicates
    x, y = conv_vs_dense.training_set(50, seed=1)
    assert x.shape == (50, 8, 8, 1) and y.shape == (50,)
    np.testing.assert_array_equal(x, conv_vs_dense.training_set(50, seed=1)[0])
    with pytest.raises(ValueError, match="n_train: expected at most 1000"):
        conv_vs_dense.training_set(1001)


@pytest.mark.parametrize("n_train", [50, 100, 333, 1000])
def test_every_training_size_gets_about_150_steps(n_train):
    steps = conv_vs_dense.epochs_for(n_train) * -(-n_train // conv_vs_dense.BATCH)
    assert conv_vs_dense.STEPS <= steps < conv_vs_dense.STEPS + 32


def test_the_networks_have_the_parameter_counts_the_lesson_gives():
    for make, count in ((conv_vs_dense.conv_network, 3 * 3 * 16 + 16 + 144 * 10 + 10),
                        (conv_vs_dense.dense_network, 64 * 64 + 64 + 64 * 10 + 10)):
        model = make()
        model.build((8, 8, 1))
        assert model.count_params() == count


def test_compute_streams_progress_and_ends_with_both_networks_measured():
    nnlib.set_random_seed(123)
    shared = nnlib._random.rng().random()
    nnlib.set_random_seed(123)
    results = list(conv_vs_dense.compute(n_train=200, seed=1))
    assert nnlib._random.rng().random() == shared        # the shared generator is left alone
    progress = [result["progress"] for result in results]
    assert progress == sorted(progress) and progress[-1] == 1.0 and len(results) > 2
    last = results[-1]
    assert last["params"] == {"conv": 1610, "dense": 4810}
    measured = conv_vs_dense.measure("conv", 200, seed=1)
    assert last["test"]["conv"] == pytest.approx(measured["test"])
    assert last["train"]["conv"] == pytest.approx(measured["train"])
    assert "200 training digits" in last["readout"] and "epoch" not in last["readout"]
    assert "epoch 1/" in results[0]["readout"] or results[0]["progress"] == 1.0


# ---- the exercises' checkers ------------------------------------------------------------------

CHECKERS = [(exercises.check_conv_forward, exercises.CONV_MISTAKES),
            (exercises.check_output_size, exercises.SIZE_MISTAKES),
            (exercises.check_max_pool_backward, exercises.POOL_MISTAKES)]


@pytest.mark.parametrize("checker, mistake", [(checker, mistake) for checker, mistakes
                                              in CHECKERS for mistake in mistakes],
                         ids=lambda item: getattr(item, "__name__", None) or item[0][:30])
def test_each_checker_fails_its_typical_mistakes_and_names_them(checker, mistake, capsys):
    message, wrong = mistake
    assert not checker(wrong)
    assert message.split(":")[0] in capsys.readouterr().out


def test_the_size_checker_catches_symmetric_padding_on_an_even_kernel(capsys):
    message, symmetric = exercises.SIZE_MISTAKES[-1]          # (kernel - 1) // 2 on each side
    assert symmetric(8, 3, 1, "same") == output_length(8, 3, 1, "same")  # odd kernels agree
    assert not exercises.check_output_size(symmetric)
    assert "odd kernels only" in capsys.readouterr().out
    assert exercises.check_output_size(output_length)


def test_the_prompt_on_training_size_the_gap_shrinks_and_the_lead_is_largest_at_100():
    results = {n: conv_vs_dense.EXPLORER.final(n_train=n) for n in (50, 100, 1000)}
    lead = {n: r["test"]["conv"] - r["test"]["dense"] for n, r in results.items()}
    gaps = {n: [r["train"][net] - r["test"][net] for net in ("conv", "dense")]
            for n, r in results.items()}
    assert min(gaps[50]) > 0.12 and max(gaps[1000]) < 0.02    # about 15 points, about 1
    assert 0.025 < lead[100] < 0.04 and 0 < lead[1000] < 0.005 and 0 < lead[50] < 0.02
