"""Shared test settings for tests/ and notebooks/: a picture backend that needs no
screen, one BLAS thread, and a fixed seed."""
import os

os.environ.setdefault("MPLBACKEND", "Agg")
# The lessons' matrices are small: one BLAS thread is faster for them and keeps runs steady
# on a busy machine. Notebook kernels started by nbval inherit these.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import matplotlib
import pytest

matplotlib.use("Agg")

try:  # numpy may already be loaded in this process: limit its BLAS threads directly
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
except ImportError:
    pass


@pytest.fixture(autouse=True)
def _seeded():
    import nnlib

    nnlib.set_random_seed(0)
    yield
