"""The stored copies of the generated data sets: CSV files that ship inside the package.

``load_csv(name)`` reads ``<name>.csv`` from ``DATA_FOLDER`` (the ``stored`` folder of
this package, described by its README.md); ``write_csvs(folder)`` makes every file again
from the generators' defaults, so a test can check that the copies still match.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np

from .._checks import one_of
from .generators import GENERATED
from .tools import Dataset

FEATURE_NAMES = {name: ('x1', 'x2') for name in GENERATED}
FEATURE_NAMES.update(coffee=('temperature_c', 'duration_min'),
                     coffee_linear=('temperature_c', 'duration_min'),
                     fruit=('weight_g', 'elongation'))
CSV_FLOAT_FORMAT = '%.10g'   # 10 significant digits: relative rounding error <= 5e-10
# package data, so the files travel with every install (a wheel as well as a checkout)
DATA_FOLDER = resources.files(__package__) / 'stored'


def load_csv(name: str) -> Dataset:
    """The stored copy ``<name>.csv`` of a generated set: X (n, 2) float64, y (n,) int64."""
    key = one_of(name, 'name', GENERATED)
    path = DATA_FOLDER / f'{key}.csv'
    if not path.is_file():
        raise FileNotFoundError(f"name: no file {path.name} in the data folder {DATA_FOLDER}; "
                                f"nnlib.data.write_csvs(folder) writes it")
    with path.open(encoding='utf-8') as file:
        table = np.loadtxt(file, delimiter=',', skiprows=1, ndmin=2)
    return table[:, :-1].astype(np.float64), table[:, -1].astype(np.int64)


def write_csvs(folder: str | Path) -> list[Path]:
    """Write ``<name>.csv`` for every generated set, made with default arguments.

    Header row: the feature names, then ``label``; floats as ``CSV_FLOAT_FORMAT``.
    Returns the paths written.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in GENERATED.items():
        X, y = make()
        path = target / f'{name}.csv'
        np.savetxt(path, np.column_stack([X, y]), delimiter=',', comments='',
                   header=','.join(FEATURE_NAMES[name] + ('label',)),
                   fmt=[CSV_FLOAT_FORMAT] * X.shape[1] + ['%d'])
        written.append(path)
    return written
