"""How many threads numpy's matrix products run on.

`import nnlib` sets one thread. The course's matrices are small, so a second thread adds no
speed (it spins while it waits), and a product split over threads adds its terms in another
order: the last digits change, and a training run of many epochs can end somewhere else. With
one thread a lesson prints the same numbers on a laptop, on Colab and on a class's server.

Set the environment variable ``NNLIB_BLAS_THREADS`` before the import to choose another count
(``0`` leaves the machine's default), or call :func:`blas_threads` at any time.
"""
import os

VARIABLE = "NNLIB_BLAS_THREADS"


def blas_threads(count=1):
    """Let numpy's BLAS use `count` threads (None: the machine's default); returns the count
    it had, or None when it cannot be read (threadpoolctl missing)."""
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
        raise ValueError(f"blas_threads: count must be a whole number of at least 1 or None, "
                         f"got {count!r}")
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        return None
    before = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    if count is None:
        count = os.cpu_count() or 1
    threadpool_limits(limits=count, user_api="blas")
    return before[0] if before else None


def count_from_environment(environ=os.environ):
    """The count `import nnlib` sets: NNLIB_BLAS_THREADS if given (0 for the default), else 1."""
    text = environ.get(VARIABLE, "1").strip()
    try:
        count = int(text)
    except ValueError:
        raise ValueError(f"{VARIABLE} must be a whole number (0 for the machine's default), "
                         f"got {text!r}") from None
    if count < 0:
        raise ValueError(f"{VARIABLE} must be 0 or more, got {count}")
    return count


def apply_environment():
    count = count_from_environment()
    if count:
        blas_threads(count)
