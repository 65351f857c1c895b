"""The lesson data sets, and the small tools every training loop needs.

Each generator returns ``(X, y)``: ``X`` float64 of shape (n_samples, n_features),
``y`` int64 class labels of shape (n_samples,). The same ``seed`` gives the same data.

- ``coffee``: roasts by temperature (deg C) and duration (min); good roasts fill
  a triangle, so one neuron cannot fit them but three can (lessons 01 and 03).
- ``coffee_linear``: the same inputs, good = roasted enough, one straight line (01).
- ``xor_table``: the four rows of XOR, which no single neuron gets right (01).
- ``moons``: two interleaved half circles (05).
- ``fruit``: apple, orange, banana, grape by weight and elongation (09).
- ``circles``, ``xor``, ``spiral``, ``gaussians``: playground shapes (11).
- ``digits``: scikit-learn's 8x8 handwritten digits (06, 07, 10 and 11), and
  ``digits_subset``: a fixed, shared training and test subset of them.

Tools: ``train_test_split``, ``one_hot``, ``standardize``, ``minibatches``.
``load_csv(name)`` reads the stored copy ``<name>.csv`` of a generated set, which ships
inside the package (``DATA_FOLDER``); ``write_csvs(folder)`` regenerates every file from
the generators' defaults.

The parts live in ``generators``, ``digits``, ``tools`` and ``files``; every public name
is available from here, as ``nnlib.data.moons`` and so on.
"""
from .digits import N_DIGITS, digits, digits_subset
from .files import CSV_FLOAT_FORMAT, DATA_FOLDER, FEATURE_NAMES, load_csv, write_csvs
from .generators import (
    DURATION_RANGE,
    FRUIT_NAMES,
    GENERATED,
    ROAST_SCORE_MARGIN,
    ROAST_SCORE_THRESHOLD,
    TEMPERATURE_RANGE,
    circles,
    coffee,
    coffee_linear,
    fruit,
    gaussians,
    moons,
    spiral,
    xor,
    xor_table,
)
from .tools import Dataset, Seed, minibatches, one_hot, standardize, train_test_split

__all__ = [
    "CSV_FLOAT_FORMAT", "DATA_FOLDER", "DURATION_RANGE", "Dataset", "FEATURE_NAMES",
    "FRUIT_NAMES", "GENERATED", "N_DIGITS", "ROAST_SCORE_MARGIN", "ROAST_SCORE_THRESHOLD",
    "Seed", "TEMPERATURE_RANGE", "circles", "coffee", "coffee_linear", "digits",
    "digits_subset", "fruit", "gaussians", "load_csv", "minibatches", "moons", "one_hot",
    "spiral", "standardize", "train_test_split", "write_csvs", "xor", "xor_table",
]
