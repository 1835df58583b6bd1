#!/usr/bin/python3
"""PyTorch peer of Hypercolumn's MLP benchmark.

Trains the 784-256-128-10 ReLU MLP (softmax cross-entropy, Adam 1e-3, batch 128) on
Fashion-MNIST with pixels in [0, 1], and prints one line of key=value results:
  train  median training samples/s over the steady-state epochs (the first epoch is skipped)
  infer  median inference samples/s over several passes over the test set
  acc    test accuracy after the last epoch
With --gemm it instead prints the GFLOP/s of torch.matmul (the BLAS sgemm) at given shapes.
The BLAS, thread count and core type come from the environment (see bench.sh).
"""
import argparse
import gzip
import os
import statistics
import time

import numpy as np
import torch

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name, offset):
    with gzip.open(os.path.join(DATA, name + ".gz"), "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load():
    x_train = torch.from_numpy(idx("train-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float32) / 255.0)
    y_train = torch.from_numpy(idx("train-labels-idx1-ubyte", 8).astype(np.int64))
    x_test = torch.from_numpy(idx("t10k-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float32) / 255.0)
    y_test = torch.from_numpy(idx("t10k-labels-idx1-ubyte", 8).astype(np.int64))
    return x_train, y_train, x_test, y_test


def mlp(args):
    torch.manual_seed(args.seed)
    x_train, y_train, x_test, y_test = load()
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x_train.shape[0]
    rates = []
    for epoch in range(args.epochs):
        order = torch.randperm(n)
        model.train()
        start = time.perf_counter()
        for begin in range(0, n, args.batch):
            batch = order[begin:begin + args.batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
        rates.append(n / (time.perf_counter() - start))
    model.eval()
    infer = []
    with torch.no_grad():
        correct = 0
        for begin in range(0, x_test.shape[0], args.batch):
            out = model(x_test[begin:begin + args.batch])
            correct += int((out.argmax(1) == y_test[begin:begin + args.batch]).sum())
        for _ in range(args.infer_passes):
            start = time.perf_counter()
            for begin in range(0, x_test.shape[0], args.batch):
                model(x_test[begin:begin + args.batch])
            infer.append(x_test.shape[0] / (time.perf_counter() - start))
    steady = rates[1:] if len(rates) > 1 else rates
    print("train=%.1f infer=%.1f acc=%.4f epochs=%s threads=%d" % (
        statistics.median(steady), statistics.median(infer), correct / x_test.shape[0],
        "/".join("%.0f" % r for r in rates), torch.get_num_threads()))


def gemm(args):
    # shapes as m,n,k,op: op(A) is m x k, op(B) is k x n; NT means B is stored n x k.
    for shape in args.gemm.split(";"):
        m, n, k, op = shape.split(",")
        m, n, k = int(m), int(n), int(k)
        a = torch.rand(k, m) if op[0] == "T" else torch.rand(m, k)
        b = torch.rand(n, k) if op[1] == "T" else torch.rand(k, n)
        opa = a.t() if op[0] == "T" else a
        opb = b.t() if op[1] == "T" else b
        c = torch.empty(m, n)
        flops = 2.0 * m * n * k
        reps = max(3, int(2e9 / flops))
        for _ in range(reps):
            torch.matmul(opa, opb, out=c)
        samples = []
        for _ in range(7):
            start = time.perf_counter()
            for _ in range(reps):
                torch.matmul(opa, opb, out=c)
            samples.append(flops * reps / (time.perf_counter() - start) / 1e9)
        print("gemm %dx%dx%d %s gflops=%.2f" % (m, n, k, op, statistics.median(samples)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads; 0 keeps the default")
    parser.add_argument("--infer-passes", type=int, default=5)
    parser.add_argument("--gemm", default="", help="m,n,k,OP;... to time sgemm instead of training")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if args.gemm:
        gemm(args)
    else:
        mlp(args)


if __name__ == "__main__":
    main()
