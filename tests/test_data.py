"""Tests for nnlib.data: the stored CSVs, the generators' promises and the data tools."""
import sys

import numpy as np
import pytest

from nnlib import _random, data

NAMES = list(data.GENERATED)
NOISY = ['fruit', 'moons', 'circles', 'xor', 'spiral', 'gaussians']


def stable_sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def logistic_regression_accuracy(X, y, steps=2000, learning_rate=1.0):
    """Accuracy of one sigmoid neuron trained by plain gradient descent on standardized X."""
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    A = np.column_stack([Z, np.ones(len(Z))])
    w = np.zeros(A.shape[1])
    for _ in range(steps):
        w -= learning_rate * A.T @ (stable_sigmoid(A @ w) - y) / len(y)
    return np.mean((A @ w > 0) == (y == 1))


def best_linear_threshold_score(X, y):
    """Most points any rule 'x . (cos a, sin a) + b > 0' labels right, over a grid of a and b."""
    angles = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    weights = np.column_stack([np.cos(angles), np.sin(angles)])            # (720, 2)
    biases = np.linspace(-2.0, 2.0, 801)                                  # (801,)
    scores = (X @ weights.T)[:, :, None] + biases[None, None, :]          # (4, 720, 801)
    correct = ((scores > 0) == (y[:, None, None] == 1)).sum(axis=0)
    return int(correct.max())


# --- the stored CSV files -------------------------------------------------------------------

@pytest.mark.parametrize('name', NAMES)
def test_csv_file_equals_what_its_generator_gives(name):
    X_file, y_file = data.load_csv(name)
    X_made, y_made = data.GENERATED[name]()
    assert X_file.shape == X_made.shape and y_file.shape == y_made.shape
    assert X_file.dtype == np.float64 and y_file.dtype == np.int64
    # '%.10g' keeps 10 significant digits: relative error at most 5e-10
    np.testing.assert_allclose(X_file, X_made, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(y_file, y_made)


@pytest.mark.parametrize('name', NAMES)
def test_csv_header_names_the_features_then_label(name):
    header = (data.DATA_FOLDER / f'{name}.csv').read_text().splitlines()[0]
    assert header.split(',') == list(data.FEATURE_NAMES[name]) + ['label']


def test_write_csvs_rewrites_the_stored_files_exactly(tmp_path):
    written = data.write_csvs(tmp_path / 'fresh')
    assert sorted(p.name for p in written) == sorted(f'{name}.csv' for name in NAMES)
    for path in written:
        assert path.read_text() == (data.DATA_FOLDER / path.name).read_text(), path.name


def test_load_csv_rejects_an_unknown_name():
    with pytest.raises(ValueError, match='name'):
        data.load_csv('penguins')


# --- the generators -------------------------------------------------------------------------

@pytest.mark.parametrize('name', NAMES)
def test_same_seed_gives_same_data_and_another_seed_other_data(name):
    make = data.GENERATED[name]
    X1, y1 = make(seed=7)
    X2, y2 = make(seed=7)
    X3, _ = make(seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize('name', NAMES)
def test_a_generator_as_seed_gives_the_same_data_as_its_int(name):
    X1, y1 = data.GENERATED[name](seed=3)
    X2, y2 = data.GENERATED[name](seed=np.random.default_rng(3))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)


@pytest.mark.parametrize('name', NAMES)
def test_generators_give_float_features_and_int_labels_of_the_right_shapes(name):
    X, y = data.GENERATED[name](n_samples=37)
    assert X.shape == (37, 2) and X.dtype == np.float64
    assert y.shape == (37,) and y.dtype == np.int64
    assert np.all(np.isfinite(X))
    n_classes = 4 if name == 'fruit' else 2
    assert set(np.unique(y)) <= set(range(n_classes))


@pytest.mark.parametrize('name', NOISY)
def test_noisy_generators_balance_their_classes(name):
    _, y = data.GENERATED[name](n_samples=103)
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1 and counts.sum() == 103


@pytest.mark.parametrize('make', [data.spiral, data.gaussians])
@pytest.mark.parametrize('n_classes', [2, 3, 5])
def test_multiclass_generators_use_every_class(make, n_classes):
    _, y = make(n_samples=100, n_classes=n_classes)
    assert sorted(np.unique(y)) == list(range(n_classes))


def test_noise_free_moons_and_circles_lie_on_their_arcs():
    X, y = data.moons(noise=0.0)
    centres = np.where(y[:, None] == 0, [0.0, 0.0], [1.0, 0.5])
    np.testing.assert_allclose(np.hypot(*(X - centres).T), 1.0)
    assert np.all(X[y == 0, 1] >= 0) and np.all(X[y == 1, 1] <= 0.5)
    X, y = data.circles(noise=0.0, factor=0.3)
    np.testing.assert_allclose(np.hypot(*X.T), np.where(y == 0, 1.0, 0.3))


def test_noise_free_xor_blobs_sit_on_their_quadrant_corners():
    X, y = data.xor(noise=0.0)
    assert set(map(tuple, X)) == {(1.0, 1.0), (-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0)}
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(int))


def test_fruit_classes_are_told_apart_by_their_nearest_class_mean():
    X, y = data.fruit(n_samples=400)
    Z = np.log(X)  # weights span 5 g to 300 g: compare on a log scale
    means = np.array([Z[y == k].mean(axis=0) for k in range(4)])
    nearest = np.argmin(((Z[:, None, :] - means[None]) ** 2).sum(axis=2), axis=1)
    accuracy = np.mean(nearest == y)
    assert 0.85 <= accuracy < 1.0  # mostly separable, with some overlap
    assert data.FRUIT_NAMES == ('apple', 'orange', 'banana', 'grape')


def test_coffee_labels_follow_the_documented_triangle():
    X, y = data.coffee(n_samples=1000)
    temperature, duration = X.T
    assert temperature.min() >= 150 and temperature.max() <= 285
    assert duration.min() >= 11.5 and duration.max() <= 15.5
    good = (temperature >= 175) & (duration >= 12) & (3 * temperature + 85 * duration <= 1785)
    np.testing.assert_array_equal(y, good.astype(int))
    assert 0.1 < y.mean() < 0.4


def test_coffee_linear_has_one_boundary_and_a_gap_around_it():
    X, y = data.coffee_linear(n_samples=1000)
    score = X[:, 0] + 25 * X[:, 1]
    np.testing.assert_array_equal(y, (score >= 555).astype(int))
    assert np.abs(score - 555).min() >= 10
    assert 0.3 < y.mean() < 0.7


def test_one_sigmoid_neuron_separates_coffee_linear():
    X, y = data.coffee_linear()
    assert logistic_regression_accuracy(X, y) == 1.0


def test_no_straight_line_separates_coffee_but_one_separates_coffee_linear():
    optimize = pytest.importorskip('scipy.optimize')

    def separable(X, y):
        # feasible iff some w, b give sign(+-1 label) * (x . w + b) >= 1 for every point
        Z = (X - X.mean(axis=0)) / X.std(axis=0)
        signs = np.where(y == 1, 1.0, -1.0)
        A = -signs[:, None] * np.column_stack([Z, np.ones(len(Z))])
        result = optimize.linprog(np.zeros(3), A_ub=A, b_ub=-np.ones(len(Z)),
                                  bounds=[(None, None)] * 3, method='highs')
        assert result.status in (0, 2), result.message
        return result.status == 0

    assert not separable(*data.coffee())
    assert separable(*data.coffee_linear())


def test_no_linear_threshold_gets_all_four_xor_rows_but_one_gets_and():
    X, y = data.xor_table()
    assert X.shape == (4, 2) and X.dtype == np.float64 and y.dtype == np.int64
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]).astype(int))
    assert best_linear_threshold_score(X, y) == 3
    # the same grid is fine enough to find a rule for AND
    assert best_linear_threshold_score(X, (X[:, 0] * X[:, 1]).astype(int)) == 4


@pytest.mark.parametrize('call, argument', [
    (lambda: data.moons(n_samples=0), 'n_samples'),
    (lambda: data.moons(n_samples=2.5), 'n_samples'),
    (lambda: data.circles(noise=-0.1), 'noise'),
    (lambda: data.circles(factor=1.0), 'factor'),
    (lambda: data.spiral(n_classes=1), 'n_classes'),
    (lambda: data.xor(seed='a'), 'seed'),
    (lambda: data.coffee(seed=-1), 'seed'),
    (lambda: data.fruit(noise=float('nan')), 'noise'),
])
def test_bad_generator_arguments_raise_errors_naming_them(call, argument):
    with pytest.raises((ValueError, TypeError), match=argument):
        call()


def test_digits_are_1797_scaled_8x8_images():
    pytest.importorskip('sklearn')
    X, y = data.digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert X.min() >= 0 and X.max() <= 1
    assert y.dtype == np.int64 and sorted(np.unique(y)) == list(range(10))
    raw, _ = data.digits(scale=False)
    np.testing.assert_allclose(raw / 16, X)
    assert raw.max() == 16


def test_digits_need_no_scikit_learn(monkeypatch):
    monkeypatch.setitem(sys.modules, 'sklearn', None)  # any import of it would now fail
    monkeypatch.setitem(sys.modules, 'sklearn.datasets', None)
    X, y = data.digits()
    assert X.shape == (1797, 64) and y.shape == (1797,) and 0 <= X.min() <= X.max() <= 1


def test_digits_subset_is_made_once_and_shared_read_only():
    pytest.importorskip('sklearn')
    first = data.digits_subset(300, 100, seed=4)
    assert data.digits_subset(300, 100, seed=4) is first
    X_train, X_test, y_train, y_test = first
    assert X_train.shape == (300, 64) and X_test.shape == (100, 64)
    assert y_train.shape == (300,) and y_test.shape == (100,)
    assert X_train.dtype == np.float64 and y_train.dtype == np.int64
    for array in first:
        with pytest.raises(ValueError, match='read-only'):
            array[0] = 0


def test_digits_subset_without_a_seed_takes_the_digits_in_their_own_order():
    pytest.importorskip('sklearn')
    X, y = data.digits()
    assert len(X) == data.N_DIGITS
    X_train, X_test, y_train, y_test = data.digits_subset(50, 20, seed=None)
    np.testing.assert_array_equal(X_test, X[:20])
    np.testing.assert_array_equal(X_train, X[20:70])
    np.testing.assert_array_equal(y_train, y[20:70])


def test_digits_subset_splits_like_train_test_split_and_keeps_rows_in_order():
    pytest.importorskip('sklearn')
    X, y = data.digits()
    n_test = 450
    X_train, X_test, y_train, y_test = data.digits_subset(len(X) - n_test, n_test, seed=3)
    split = data.train_test_split(X, y, test_fraction=n_test / len(X), seed=3)
    for mine, theirs in ((X_train, split[0]), (X_test, split[1])):
        assert len(mine) == len(theirs)
        assert {row.tobytes() for row in mine} == {row.tobytes() for row in theirs}
    row_of = {row.tobytes(): i for i, row in enumerate(X)}
    for rows in (X_train, X_test):  # each set in the data set's own order
        positions = [row_of[row.tobytes()] for row in rows]
        assert positions == sorted(positions)
    smaller = data.digits_subset(100, 50, seed=3)  # the same seed: a prefix of the same order
    assert {row.tobytes() for row in smaller[1]} <= {row.tobytes() for row in X_test}


def test_balanced_digits_subset_takes_the_first_digits_of_each_class():
    pytest.importorskip('sklearn')
    X, y = data.digits()
    X_train, X_test, y_train, y_test = data.digits_subset(100, 30, seed=None, balanced=True)
    assert list(np.bincount(y_train)) == [10] * 10 and list(np.bincount(y_test)) == [3] * 10
    for label in range(10):
        mine = np.flatnonzero(y == label)
        np.testing.assert_array_equal(X_test[y_test == label], X[mine[:3]])
        np.testing.assert_array_equal(X_train[y_train == label], X[mine[3:13]])


@pytest.mark.parametrize('call, match', [
    (lambda: data.digits_subset(1700, 100), 'at most 1797'),
    (lambda: data.digits_subset(0), 'n_train'),
    (lambda: data.digits_subset(10, -1), 'n_test'),
    (lambda: data.digits_subset(10, seed=-2), 'seed'),
    (lambda: data.digits_subset(15, balanced=True), 'multiples of 10'),
    (lambda: data.digits_subset(1500, 250, balanced=True), 'at most 174'),
])
def test_digits_subset_rejects_impossible_subsets_naming_the_argument(call, match):
    pytest.importorskip('sklearn')
    with pytest.raises(ValueError, match=match):
        call()


# --- the tools ------------------------------------------------------------------------------

def test_one_hot_round_trips_through_argmax():
    y = np.array([2, 0, 1, 2, 3])
    encoded = data.one_hot(y)
    assert encoded.shape == (5, 4) and encoded.dtype == np.float64
    np.testing.assert_array_equal(encoded.sum(axis=1), 1.0)
    np.testing.assert_array_equal(encoded.argmax(axis=1), y)
    wider = data.one_hot(y, num_classes=6)
    np.testing.assert_array_equal(wider[:, :4], encoded)
    np.testing.assert_array_equal(wider[:, 4:], 0.0)


@pytest.mark.parametrize('labels, num_classes', [
    ([0, -1, 2], None), ([0, 1.5], None), ([0, 3], 3), ([[0, 1]], None),
])
def test_one_hot_rejects_bad_labels_naming_y(labels, num_classes):
    with pytest.raises(ValueError, match='y'):
        data.one_hot(labels, num_classes=num_classes)


def test_standardize_gives_mean_0_std_1_and_leaves_constant_columns_unscaled():
    rng = np.random.default_rng(1)
    X = np.column_stack([rng.normal(200, 30, 50), rng.normal(13, 1, 50), np.full(50, 0.1)])
    Z, _, std = data.standardize(X)
    np.testing.assert_allclose(Z[:, :2].mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z[:, :2].std(axis=0), 1.0)
    assert std[2] == 1.0 and np.all(np.isfinite(Z))
    np.testing.assert_allclose(Z[:, 2], 0.0, atol=1e-12)


def test_standardize_applies_the_training_mean_and_std_to_test_data():
    X_train = np.array([[0.0, 10.0], [2.0, 30.0]])
    X_test = np.array([[4.0, 20.0]])
    _, mean, std = data.standardize(X_train)
    Z_test, mean_out, std_out = data.standardize(X_test, mean, std)
    np.testing.assert_allclose(Z_test, [[3.0, 0.0]])
    np.testing.assert_array_equal(mean_out, mean)
    np.testing.assert_array_equal(std_out, std)
    with pytest.raises(ValueError, match='mean'):
        data.standardize(X_test, mean[:1], std[:1])
    with pytest.raises(ValueError, match='std'):
        data.standardize(X_test, mean=mean)


def test_minibatches_use_every_example_once_in_batches_of_the_given_size():
    X = np.arange(23, dtype=float)[:, None] * [1.0, -1.0]
    y = np.arange(23)
    batches = list(data.minibatches(X, y, batch_size=5, seed=0))
    assert [len(yb) for _, yb in batches] == [5, 5, 5, 5, 3]
    seen = np.concatenate([yb for _, yb in batches])
    assert sorted(seen) == list(range(23)) and not np.array_equal(seen, y)
    for Xb, yb in batches:
        np.testing.assert_array_equal(Xb[:, 0], yb)  # rows stay with their labels
    in_order = np.concatenate([yb for _, yb in data.minibatches(X, y, 5, shuffle=False)])
    np.testing.assert_array_equal(in_order, y)


def test_minibatches_follow_nnlib_shared_seed(monkeypatch):
    monkeypatch.setattr(_random, '_generator', _random._generator)  # restored afterwards
    X, y = np.zeros((10, 1)), np.arange(10)

    def order():
        return np.concatenate([yb for _, yb in data.minibatches(X, y, 4)])
    _random.set_random_seed(5)
    first = order()
    _random.set_random_seed(5)
    np.testing.assert_array_equal(order(), first)


def test_minibatches_reject_mismatched_lengths_and_bad_batch_size():
    with pytest.raises(ValueError, match='X, y') as error:
        data.minibatches(np.zeros((5, 2)), np.zeros(4), batch_size=2)
    assert '5' in str(error.value) and '4' in str(error.value)
    with pytest.raises(ValueError, match='batch_size'):
        data.minibatches(np.zeros((5, 2)), np.zeros(5), batch_size=0)


def test_train_test_split_shuffles_and_keeps_rows_with_their_labels():
    X = np.arange(200, dtype=float).reshape(100, 2)
    y = np.arange(100)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_fraction=0.25, seed=1)
    assert len(X_test) == len(y_test) == 25 and len(X_train) == len(y_train) == 75
    assert sorted(np.concatenate([y_train, y_test])) == list(range(100))
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)
    np.testing.assert_array_equal(X_test[:, 0], 2 * y_test)
    assert not np.array_equal(y_train, np.sort(y_train))
    again = data.train_test_split(X, y, test_fraction=0.25, seed=1)
    np.testing.assert_array_equal(again[3], y_test)
    with pytest.raises(ValueError, match='X, y'):
        data.train_test_split(X, y[:-1])
    with pytest.raises(ValueError, match='test_fraction'):
        data.train_test_split(X, y, test_fraction=1.0)


def test_the_stored_digits_are_scikit_learns_exactly():
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    bunch = sklearn_datasets.load_digits()
    X, y = data.digits(scale=False)
    np.testing.assert_array_equal(X, bunch.data)
    np.testing.assert_array_equal(y, bunch.target)
    X_scaled, _ = data.digits()
    np.testing.assert_allclose(X_scaled, bunch.data / 16.0)
