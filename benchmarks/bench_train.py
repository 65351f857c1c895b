"""How fast nnlib trains, as ratios against peers timed in the same run.

1. digits: 64 inputs, 64 ReLU, 10 outputs, Adam 1e-3, batch 200, 200 epochs, no early
   stopping, trained by nnlib, scikit-learn's MLPClassifier and (if installed) PyTorch,
   interleaved, ``--repeats`` times each; prints the median time ratio and test accuracies.
2. matrix-bound: 8192 x 784 inputs, 784-512-512-10 ReLU, batch 256, Adam: one epoch of
   nnlib against the bare matrix products of the same forward and backward passes.

Usage: python benchmarks/bench_train.py [--repeats 5] [--threads N] [--skip-matrix]
                                       [--skip-digits] [--skip-torch] [--breakdown]
``--threads N`` limits numpy's BLAS (nnlib and scikit-learn) and PyTorch alike to N threads.
``--breakdown`` adds, for the matrix-bound case, where nnlib's epoch goes (forward, loss,
backward, optimizer, the rest), timed in the same interleaved rounds.
The load average (``os.getloadavg``) is printed before and after each part.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import warnings

import numpy as np

import nnlib
from nnlib.layers import Dense
from nnlib.losses import SparseCategoricalCrossentropy
from nnlib.optimizers import Adam

EPOCHS, BATCH, RATE = 200, 200, 1e-3


def digits_split():
    X, y = nnlib.data.digits()
    return nnlib.data.train_test_split(X, y, test_fraction=0.25, seed=0)


def train_nnlib(X, X_test, y, y_test, seed):
    nnlib.set_random_seed(seed)
    model = nnlib.Sequential([Dense(64, activation="relu"), Dense(10)])
    model.compile(optimizer=Adam(RATE), loss=SparseCategoricalCrossentropy(from_logits=True))
    start = time.perf_counter()
    model.fit(X, y, epochs=EPOCHS, batch_size=BATCH, verbose=0)
    seconds = time.perf_counter() - start
    return seconds, float(np.mean(model.predict(X_test).argmax(axis=1) == y_test))


def train_sklearn(X, X_test, y, y_test, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    model = MLPClassifier(hidden_layer_sizes=(64,), activation="relu", solver="adam",
                          learning_rate_init=RATE, batch_size=BATCH, max_iter=EPOCHS, alpha=0.0,
                          n_iter_no_change=EPOCHS + 1, tol=0.0, random_state=seed)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    seconds = time.perf_counter() - start
    return seconds, float(model.score(X_test, y_test))


def train_torch(X, X_test, y, y_test, seed):
    import torch

    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
    optimizer = torch.optim.Adam(net.parameters(), lr=RATE)
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.int64)
    generator = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    for _ in range(EPOCHS):
        order = torch.randperm(len(Xt), generator=generator)
        for i in range(0, len(Xt), BATCH):
            index = order[i:i + BATCH]
            optimizer.zero_grad()
            loss_fn(net(Xt[index]), yt[index]).backward()
            optimizer.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        predicted = net(torch.tensor(X_test, dtype=torch.float32)).argmax(dim=1).numpy()
    return seconds, float(np.mean(predicted == y_test))


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def digits_benchmark(repeats: int, with_torch: bool = True) -> None:
    split = digits_split()
    runners = {"nnlib": train_nnlib, "scikit-learn": train_sklearn}
    try:
        if with_torch:
            import torch  # noqa: F401

            runners["pytorch"] = train_torch
    except ImportError:
        print("PyTorch not installed: comparing with scikit-learn only")
    print(f"\ndigits: start, {load()}")
    for runner in runners.values():  # warm up imports and caches
        runner(*split, seed=99)
    times = {name: [] for name in runners}
    accuracy = {name: [] for name in runners}
    for repeat in range(repeats):
        for name, runner in runners.items():  # interleaved, so load hits all alike
            seconds, acc = runner(*split, seed=repeat)
            times[name].append(seconds)
            accuracy[name].append(acc)
    print(f"digits, 64-64-10, Adam 1e-3, batch {BATCH}, {EPOCHS} epochs, {repeats} repeats, "
          f"end: {load()}")
    for name in runners:
        print(f"  {name:13s} median {statistics.median(times[name]):6.2f} s   "
              f"test accuracy mean {np.mean(accuracy[name]):.4f} (min {min(accuracy[name]):.4f})")
    ratios = [a / b for a, b in zip(times["nnlib"], times["scikit-learn"])]
    print(f"  nnlib / scikit-learn time: median ratio {statistics.median(ratios):.2f} "
          f"(each round: {' '.join(f'{r:.2f}' for r in ratios)}; target <= 0.50)")
    if "pytorch" in runners:
        ratios = [a / b for a, b in zip(times["nnlib"], times["pytorch"])]
        print(f"  nnlib / PyTorch time:      median ratio {statistics.median(ratios):.2f} "
              f"(target < 1)")


class _Stopwatch:
    """Adds up the time spent in chosen methods of chosen objects (``--breakdown``)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, owner, method: str, label: str) -> None:
        inner = getattr(owner, method)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - start

        setattr(owner, method, timed)

    def take(self) -> dict[str, float]:
        seconds, self.seconds = self.seconds, {}
        return seconds


def matrix_benchmark(repeats: int, breakdown: bool = False) -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(8192, 784)).astype(np.float32)
    y = rng.integers(0, 10, size=8192)
    batch = 256
    nnlib.set_random_seed(0)
    model = nnlib.Sequential([Dense(512, activation="relu"), Dense(512, activation="relu"),
                              Dense(10)])
    model.compile(optimizer=Adam(RATE), loss=SparseCategoricalCrossentropy(from_logits=True))
    W = [rng.normal(size=s).astype(np.float32) for s in [(784, 512), (512, 512), (512, 10)]]
    print(f"\nmatrix-bound: start, {load()}")

    def bare_products():
        for i in range(0, len(X), batch):
            x = X[i:i + batch]
            h1 = x @ W[0]
            h2 = h1 @ W[1]
            out = h2 @ W[2]
            g3 = out  # stand-in gradients of the right shapes
            _ = h2.T @ g3
            g2 = g3 @ W[2].T
            _ = h1.T @ g2
            g1 = g2 @ W[1].T
            _ = x.T @ g1

    def nnlib_epoch():
        model.fit(X, y, epochs=1, batch_size=batch, verbose=0)

    nnlib_epoch()
    bare_products()
    watch = _Stopwatch()
    if breakdown:  # the same epoch, its parts timed (a few microseconds of overhead a call)
        watch.wrap(model, "forward", "forward")
        checked = "_checked_value_and_gradient"  # the loop's call (value_and_gradient before)
        watch.wrap(model.loss, checked if hasattr(model.loss, checked) else
                   "value_and_gradient", "loss")
        watch.wrap(model, "backward", "backward")
        watch.wrap(model.optimizer, "step", "optimizer")
    ratios, parts = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        nnlib_epoch()
        ours = time.perf_counter() - start
        start = time.perf_counter()
        bare_products()
        bare = time.perf_counter() - start
        ratios.append(ours / bare)
        if breakdown:
            seconds = watch.take()
            seconds["rest (batches, loop)"] = ours - sum(seconds.values())
            parts.append({key: value / bare for key, value in seconds.items()})
    print(f"matrix-bound: 8192 x 784, 784-512-512-10, batch {batch}, Adam, one epoch, "
          f"{repeats} repeats, end: {load()}")
    print(f"  nnlib / bare matrix products: median ratio {statistics.median(ratios):.2f} "
          f"(each round: {' '.join(f'{r:.2f}' for r in ratios)}; target <= 1.40)")
    if breakdown:
        print("  nnlib's epoch in parts, as multiples of the bare products (medians):")
        for key in parts[0]:
            print(f"    {key:22s} {statistics.median(p[key] for p in parts):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-matrix", action="store_true")
    parser.add_argument("--skip-digits", action="store_true")
    parser.add_argument("--skip-torch", action="store_true",
                        help="compare the digits run with scikit-learn only")
    parser.add_argument("--breakdown", action="store_true",
                        help="time the parts of nnlib's matrix-bound epoch")
    parser.add_argument("--threads", type=int, default=0,
                        help="BLAS and PyTorch threads (default: leave as the machine sets)")
    args = parser.parse_args()
    if args.threads:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads)
        try:
            import torch

            torch.set_num_threads(args.threads)
        except ImportError:
            pass
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
          f"{platform.python_version()}, numpy {np.__version__}, threads: "
          f"{args.threads or 'default'}")
    if not args.skip_digits:
        digits_benchmark(args.repeats, with_torch=not args.skip_torch)
    if not args.skip_matrix:
        matrix_benchmark(args.repeats, breakdown=args.breakdown)


if __name__ == "__main__":
    main()
