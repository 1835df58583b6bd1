#!/usr/bin/python3
"""Times torch.nn.functional.conv2d at ConvBenchmark's shapes (the Fashion-MNIST CNN's two 5x5
SAME convolutions at batch 128) and prints lines in ConvBenchmark's format: forward, backward
data and backward filter with bias, each through aten.convolution_backward with only that
gradient asked for, the median of 5 rounds of about 0.2 s after 1 s of warm-up.

    /work/main/target/torch-venv/bin/python benchmarks/scripts/torch_conv.py --threads 2
"""

import argparse
import statistics
import time

import torch
import torch.nn.functional as F

SHAPES = {"conv1": (128, 1, 28, 28, 32), "conv2": (128, 32, 14, 14, 64)}


def timed(call, rounds):
    end = time.perf_counter() + 1.0
    while time.perf_counter() < end:
        call()
    millis = []
    for _ in range(rounds):
        calls = 0
        start = time.perf_counter()
        while True:
            call()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= 0.2:
                break
        millis.append(elapsed * 1e3 / calls)
    return statistics.median(millis)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print("conv torch", torch.__version__, "threads", torch.get_num_threads(),
          "mkldnn", torch.backends.mkldnn.is_available())
    aten = torch.ops.aten
    with torch.no_grad():
        for name, (n, c, h, w, k) in SHAPES.items():
            x = torch.rand(n, c, h, w) * 2 - 1
            weight = torch.rand(k, c, 5, 5) * 2 - 1
            bias = torch.rand(k) * 2 - 1
            y = F.conv2d(x, weight, bias, padding=2)
            flops = 2.0 * y.numel() * c * 25

            def backward(mask):
                return lambda: aten.convolution_backward(y, x, weight, [k], [1, 1], [2, 2], [1, 1],
                                                         False, [0, 0], 1, mask)

            passes = [("forward", lambda: F.conv2d(x, weight, bias, padding=2)),
                      ("backward-data", backward([True, False, False])),
                      ("backward-filter+bias", backward([False, True, True]))]
            for label, call in passes:
                ms = timed(call, args.rounds)
                print("conv %s %s impl=torch ms=%.3f gflops=%.1f" % (name, label, ms, flops / ms / 1e6))


if __name__ == "__main__":
    main()
