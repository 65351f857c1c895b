"""Every lesson's checks hold on other processors and with the machine's default threads.

A learner's laptop, Colab and a class's server run numpy's BLAS with other kernels (SSE3 only,
AVX, AVX-512) and on as many threads as they have cores. Each kernel and each split over
threads adds a product's terms in its own order, so the last digits differ; a check that leans
on the last digits of a long training run then passes here and fails there.

OpenBLAS, as numpy's wheels ship it, picks its kernels at run time and lets the environment
variable OPENBLAS_CORETYPE choose older ones, so this machine can stand in for older
processors. numpy's own loops (exp, tanh, sums of arrays) pick SIMD code at run time too, and
NPY_DISABLE_CPU_FEATURES turns off the AVX2 and AVX-512 versions, whose last digits differ
from the plain ones. Each lesson runs once for each, with the thread variables of the test
run removed: the kernel starts with BLAS on every core, as a learner's does, and
`import nnlib` has to bring it down to one thread itself (nnlib/threads.py).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# name -> (environment, what OpenBLAS then reports or None for the machine's own kernels):
# Sandybridge's AVX kernels without FMA, the oldest SSE kernels OpenBLAS has (it reports them
# as "Katmai"), and numpy's loops without AVX2 and AVX-512
PROCESSORS = {
    "Sandybridge": ({"OPENBLAS_CORETYPE": "Sandybridge"}, "Sandybridge"),
    "Prescott": ({"OPENBLAS_CORETYPE": "Prescott"}, "Katmai"),
    "numpy without AVX2": ({"NPY_DISABLE_CPU_FEATURES": "X86_V3 X86_V4"}, None),
}
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                    "NNLIB_BLAS_THREADS")

PROBE = ("import json, numpy, threadpoolctl; "
         "from numpy._core._multiarray_umath import __cpu_features__ as cpu; "
         "blas = [p for p in threadpoolctl.threadpool_info() if p['user_api'] == 'blas']; "
         "import nnlib; "
         "after = [p for p in threadpoolctl.threadpool_info() if p['user_api'] == 'blas']; "
         "print(json.dumps([blas[0].get('architecture'), blas[0]['num_threads'], "
         "after[0]['num_threads'], bool(cpu.get('X86_V3'))]))")


def _environment(processor):
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    env.update(PROCESSORS[processor][0], MPLBACKEND="Agg")
    return env


def _probe(processor):
    done = subprocess.run([sys.executable, "-c", PROBE], env=_environment(processor),
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    if done.returncode:
        pytest.fail(f"probe failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module", params=PROCESSORS)
def processor(request):
    architecture, threads_before, threads_after, avx2 = _probe(request.param)
    expected = PROCESSORS[request.param][1]
    if expected is None:
        # numpy's loops without AVX2: on a processor without it this is the plain run
        if avx2:
            pytest.fail("NPY_DISABLE_CPU_FEATURES did not turn off numpy's AVX2 loops")
    elif architecture is None or architecture.lower() != expected.lower():
        pytest.skip(f"this numpy's BLAS cannot be switched to {request.param}'s kernels "
                    f"(it reports {architecture!r})")
    assert threads_after == 1, f"import nnlib left BLAS on {threads_after} threads"
    return request.param, threads_before


def test_import_nnlib_sets_one_thread_and_the_variable_overrides_it():
    code = ("import threadpoolctl, nnlib; print([p['num_threads'] for p in "
            "threadpoolctl.threadpool_info() if p['user_api'] == 'blas'][0])")
    base = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    counts = {}
    for value in (None, "2", "0"):
        env = dict(base) if value is None else dict(base, NNLIB_BLAS_THREADS=value)
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, timeout=120, cwd=ROOT, check=True)
        counts[value] = int(done.stdout.split()[-1])
    assert counts[None] == 1 and counts["2"] == 2
    assert counts["0"] == min(os.cpu_count() or 1, counts["0"]) >= 1  # the machine's default
    bad = subprocess.run([sys.executable, "-c", "import nnlib"], cwd=ROOT, text=True,
                         env=dict(base, NNLIB_BLAS_THREADS="two"), capture_output=True)
    assert bad.returncode and "NNLIB_BLAS_THREADS" in bad.stderr and "'two'" in bad.stderr


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_checks_hold_on_another_processor(processor, path):
    name, _ = processor
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        with client.setup_kernel(env=_environment(name)):
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type == "code":
                    client.execute_cell(cell, index)
    except CellExecutionError as error:
        pytest.fail(f"with {name} ({PROCESSORS[name][0]}) and the default threads:\n{error}",
                    pytrace=False)
