#!/usr/bin/python3
"""PyTorch peer of Hypercolumn's MLP benchmark.

Trains the 784-256-128-10 ReLU MLP (softmax cross-entropy, Adam 1e-3, batch 128) on
Fashion-MNIST with pixels in [0, 1], and prints one line of key=value results:
  train  median training samples/s over the steady-state epochs (the first epoch is skipped)
  infer  median inference samples/s over several passes over the test set
  acc    test accuracy after the last epoch
With --gemm it instead prints the GFLOP/s of torch.matmul (the BLAS sgemm) at given shapes;
with --sweep, training samples/s against batch size and width as SweepBenchmark.java does.
The BLAS, thread count and core type come from the environment (see bench.sh).
"""
import argparse
import gzip
import os
import statistics
import sys
import time

import numpy as np
import torch

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name, offset):
    path = os.path.join(DATA, name)
    opener = gzip.open if os.path.exists(path + ".gz") else open
    with opener(path + ".gz" if opener is gzip.open else path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def synthetic(count, seed):
    """Gaussian pixels and random labels in Fashion-MNIST's shape, as MlpBenchmark --synthetic."""
    g = torch.Generator().manual_seed(seed)
    return torch.randn(count, 784, generator=g), torch.randint(0, 10, (count,), generator=g)


def load():
    x_train = torch.from_numpy(idx("train-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float32) / 255.0)
    y_train = torch.from_numpy(idx("train-labels-idx1-ubyte", 8).astype(np.int64))
    x_test = torch.from_numpy(idx("t10k-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float32) / 255.0)
    y_test = torch.from_numpy(idx("t10k-labels-idx1-ubyte", 8).astype(np.int64))
    return x_train, y_train, x_test, y_test


def bench_mlp():
    return torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))


def wait_for_turn(lockstep):
    """With --lockstep, says so and waits for benchmarks/scripts/lockstep.py to let it run."""
    if lockstep:
        print("lockstep: ready", flush=True)
        sys.stdin.readline()


def train_epochs(model, optimizer, x, y, batch_size, epochs, lockstep=False):
    """Samples/s of each epoch of shuffled mini-batch training."""
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x.shape[0]
    rates = []
    for epoch in range(epochs):
        wait_for_turn(lockstep)
        order = torch.randperm(n, device=x.device)
        model.train()
        start = time.perf_counter()
        for begin in range(0, n, batch_size):
            batch = order[begin:begin + batch_size]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
        synchronize(x.device)
        rates.append(n / (time.perf_counter() - start))
    return rates


def synchronize(device):
    """Waits for queued GPU work, so a timing covers it."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def sweep(args):
    """As SweepBenchmark.java: a probe epoch, then 3 epochs of about --seconds; median of the last 2."""
    x_train, y_train, _, _ = load()
    batches, widths = args.sweep.split(";")

    def measure(model, batch):
        torch.manual_seed(args.seed)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        probe_size = min(x_train.shape[0], max(2048, 16 * batch))
        probe = train_epochs(model, optimizer, x_train[:probe_size], y_train[:probe_size], batch, 1)[0]
        size = int(min(x_train.shape[0], max(4 * batch, probe * args.seconds)))
        size -= size % batch
        rates = train_epochs(model, optimizer, x_train[:size], y_train[:size], batch, 3)
        return statistics.median(rates[1:])

    for batch in [int(b) for b in batches.split(",") if b]:
        print("sweep kind=batch batch=%d hidden=256 train=%.1f" % (batch, measure(bench_mlp(), batch)), flush=True)
    for hidden in [int(h) for h in widths.split(",") if h]:
        model = torch.nn.Sequential(torch.nn.Linear(784, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10))
        print("sweep kind=width batch=128 hidden=%d train=%.1f" % (hidden, measure(model, 128)), flush=True)


def mlp(args):
    torch.manual_seed(args.seed)
    if args.synthetic > 0:
        x_train, y_train = synthetic(args.synthetic, args.seed)
        x_test, y_test = synthetic(max(args.batch, args.synthetic // 6), args.seed + 1)
    else:
        x_train, y_train, x_test, y_test = load()
    device = torch.device(args.device)
    # On a GPU the whole data set lives in its memory, as a careful user would keep it.
    x_train, y_train, x_test, y_test = (t.to(device) for t in (x_train, y_train, x_test, y_test))
    model = bench_mlp().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    rates = train_epochs(model, optimizer, x_train, y_train, args.batch, args.epochs, args.lockstep)
    model.eval()
    infer = []
    with torch.no_grad():
        correct = 0
        for begin in range(0, x_test.shape[0], args.batch):
            out = model(x_test[begin:begin + args.batch])
            correct += int((out.argmax(1) == y_test[begin:begin + args.batch]).sum())
        for _ in range(args.infer_passes):
            wait_for_turn(args.lockstep)
            start = time.perf_counter()
            for begin in range(0, x_test.shape[0], args.batch):
                model(x_test[begin:begin + args.batch])
            synchronize(device)
            infer.append(x_test.shape[0] / (time.perf_counter() - start))
    steady = rates[1:] if len(rates) > 1 else rates
    where = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    print("train=%.1f infer=%.1f acc=%.4f epochs=%s threads=%d device=%s" % (
        statistics.median(steady), statistics.median(infer), correct / x_test.shape[0],
        "/".join("%.0f" % r for r in rates), torch.get_num_threads(), where.replace(" ", "_")))


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
    parser.add_argument("--sweep", default="", help="BATCHES;WIDTHS (comma lists) to sweep instead of training")
    parser.add_argument("--seconds", type=float, default=0.5, help="seconds per sweep epoch")
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument("--data", default="", help="directory of the Fashion-MNIST IDX files (.gz or plain)")
    parser.add_argument("--synthetic", type=int, default=0, help="train on N random samples instead")
    parser.add_argument("--lockstep", action="store_true",
                        help="before each epoch and inference pass, print 'lockstep: ready' and wait for a line on stdin")
    args = parser.parse_args()
    if args.data:
        global DATA
        DATA = args.data
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if args.gemm:
        gemm(args)
    elif args.sweep:
        sweep(args)
    else:
        mlp(args)


if __name__ == "__main__":
    main()
