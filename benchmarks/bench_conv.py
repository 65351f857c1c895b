"""How fast nnlib's convolutions are, as ratios against PyTorch's CPU convolution in one run.

1. Conv2D / Conv1D forward plus backward (input, kernel and bias gradients) against
   ``torch.nn.functional.conv2d`` / ``conv1d`` with autograd, on lesson 12's shapes and on
   a 28x28x8 -> 16 filters 3x3 'same' layer, batch 64. The two run in turns, ``--repeats``
   rounds of ``--inner`` calls each; the ratio is the median over rounds. Torch uses the
   same number of threads as numpy's BLAS. Target: at most 3x PyTorch's time.
2. Lesson 12's conv network (Conv2D(16, 3, relu), MaxPooling2D(2), Flatten, Dense(10)) for
   one epoch on 1000 digits, batch 32, Adam. Target: under 1 s.

Usage: python benchmarks/bench_conv.py [--repeats 15] [--inner 5] [--threads N]
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np

import nnlib
from nnlib.layers import Conv1D, Conv2D
from nnlib.layers.conv import padding_for

CASES = [  # (label, batch, spatial, channels, filters, kernel, strides, padding)
    ("lesson: digits 8x8x1 -> 16 filters 3x3, batch 32", 32, (8, 8), 1, 16, 3, 1, "valid"),
    ("lesson: second layer 6x6x8 -> 16, 3x3, batch 32", 32, (6, 6), 8, 16, 3, 1, "valid"),
    ("lesson: EKG 160x1 -> 4 filters of 9, batch 16", 16, (160,), 1, 4, 9, 1, "valid"),
    ("28x28x8 -> 16 filters 3x3 'same', batch 64", 64, (28, 28), 8, 16, 3, 1, "same"),
    ("28x28x8 -> 16 filters 3x3 'same' stride 2, batch 64", 64, (28, 28), 8, 16, 3, 2, "same"),
]


def blas_threads() -> int:
    from threadpoolctl import threadpool_info

    counts = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    return max(counts) if counts else 1


def conv_pair(batch, spatial, channels, filters, kernel, strides, padding):
    """nnlib's step and torch's step for the same layer, weights and gradients."""
    import torch

    rng = np.random.default_rng(0)
    rank = len(spatial)
    layer = (Conv2D if rank == 2 else Conv1D)(filters, kernel, strides=strides, padding=padding)
    x = rng.normal(size=(batch, *spatial, channels)).astype(np.float32)
    layer.build(x.shape[1:], rng)
    grad_out = rng.normal(size=(batch, *layer.output_dim(x.shape[1:]))).astype(np.float32)

    def ours():
        layer.forward(x, training=True)
        layer.backward(grad_out)

    first = (0, rank + 1) + tuple(range(1, rank + 1))           # channels last -> first
    kernel_order = (rank + 1, rank) + tuple(range(rank))        # (k.., c, f) -> (f, c, k..)
    wt = torch.tensor(layer.params["W"]).permute(*kernel_order).contiguous().requires_grad_()
    bt = torch.zeros(filters, requires_grad=True)
    peers = {"NCHW": torch.contiguous_format}
    if rank == 2:  # torch also offers nnlib's own layout, often quicker on a CPU
        peers["channels last"] = torch.channels_last
    return ours, {name: torch_step(torch.tensor(x).permute(*first), wt, bt,
                                   torch.tensor(grad_out).permute(*first), layout, spatial,
                                   kernel, strides, padding)
                  for name, layout in peers.items()}


def torch_step(x, wt, bt, grad_out, layout, spatial, kernel, strides, padding):
    """One forward and backward pass of torch's convolution, inputs in memory ``layout``."""
    import torch.nn.functional as F

    xt = x.contiguous(memory_format=layout).requires_grad_()
    gt = grad_out.contiguous(memory_format=layout)
    pads = [padding_for(size, kernel, strides, padding) for size in spatial]
    conv = F.conv2d if len(spatial) == 2 else F.conv1d
    if all(before == after for before, after in pads):  # torch pads by itself, no copy
        def step(x_):
            return conv(x_, wt, bt, stride=strides, padding=[before for before, _ in pads])
    else:  # Keras's 'same' with the odd zero after: pad a copy first
        flat = [amount for pair in reversed(pads) for amount in pair]

        def step(x_):
            return conv(F.pad(x_, flat), wt, bt, stride=strides)

    def theirs():
        for tensor in (xt, wt, bt):
            tensor.grad = None
        step(xt).backward(gt)

    return theirs


def timed(run, inner: int) -> float:
    start = time.perf_counter()
    for _ in range(inner):
        run()
    return (time.perf_counter() - start) / inner


def conv_benchmark(repeats: int, inner: int) -> None:
    print("\nConv forward + backward, nnlib against PyTorch (median of interleaved rounds)")
    print(f"{'case':54s} {'torch layout':13s} {'nnlib ms':>9s} {'torch ms':>9s} {'ratio':>6s}")
    for label, *shape in CASES:
        ours, peers = conv_pair(*shape)
        runs = {"nnlib": ours, **peers}
        for run in runs.values():
            run()  # warm up
        times: dict[str, list] = {name: [] for name in runs}
        for _ in range(repeats):  # in turns, so that every run meets the same machine
            for name, run in runs.items():
                times[name].append(timed(run, inner))
        for name in peers:
            ratio = statistics.median(a / b for a, b in zip(times["nnlib"], times[name]))
            print(f"{label:54s} {name:13s} {1000 * statistics.median(times['nnlib']):9.3f} "
                  f"{1000 * statistics.median(times[name]):9.3f} {ratio:6.2f}")
            label = ""
    print("target: ratio <= 3")


def training_benchmark(repeats: int) -> None:
    from nnlib.explore import conv_vs_dense

    x, y = conv_vs_dense.training_set(1000, seed=0)
    times = []
    for repeat in range(repeats):
        model = conv_vs_dense.conv_network()
        model.compile(nnlib.optimizers.Adam(learning_rate=conv_vs_dense.LEARNING_RATE),
                      nnlib.losses.SparseCategoricalCrossentropy(from_logits=True),
                      metrics=["accuracy"])
        model.build((8, 8, 1), np.random.default_rng(repeat))
        start = time.perf_counter()
        for _ in model.train_epochs(x, y, epochs=1, batch_size=32,
                                    rng=np.random.default_rng(repeat)):
            pass
        times.append(time.perf_counter() - start)
    print(f"\nLesson 12's conv network, one epoch on 1000 digits (batch 32, Adam): median "
          f"{1000 * statistics.median(times):.0f} ms, worst {1000 * max(times):.0f} ms over "
          f"{repeats} runs (target < 1000 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--inner", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0,
                        help="BLAS and PyTorch threads (default: numpy's BLAS default)")
    args = parser.parse_args()
    import torch

    if args.threads:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads)
    threads = args.threads or blas_threads()
    torch.set_num_threads(threads)
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
          f"{platform.python_version()}, numpy {np.__version__}, torch {torch.__version__}, "
          f"threads: {threads} (numpy BLAS and torch), load average "
          f"{' '.join(f'{value:.2f}' for value in load)}")
    conv_benchmark(args.repeats, args.inner)
    training_benchmark(max(3, args.repeats // 3))


if __name__ == "__main__":
    main()
