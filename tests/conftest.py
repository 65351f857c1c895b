"""Shared test settings: a picture backend that needs no screen, and a fixed seed."""
import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _seeded():
    import nnlib

    nnlib.set_random_seed(0)
    yield
