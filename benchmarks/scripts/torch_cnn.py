#!/usr/bin/python3
"""PyTorch peer of the fashion-cnn sample and of Hypercolumn's CnnBenchmark.

Trains the Fashion-MNIST CNN (conv 5x5x32 SAME ReLU, max pool 2, conv 5x5x64 SAME ReLU, max
pool 2, flatten, dense 1024 ReLU, dropout 0.4, dense 10; softmax cross-entropy, Adam 1e-3,
batch 128) as the sample does: the first --train-limit training images, each pixel
standardized with the mean and population standard deviation of those images, and the weights
drawn as Hypercolumn draws them (convolutions as PyTorch does, uniform within 1/sqrt(fan_in),
bias too; the dense layer before the ReLU He-uniform, the output layer Glorot-uniform, both
biases zero). After each epoch it prints the epoch's line with the loss and accuracy on the
test set (unless --final-eval-only), then one line of key=value results, as torch_mlp.py:
  train    median training samples/s over the epochs after the first (the only one if one)
  infer    median inference samples/s over --infer-passes passes over the test set (0: none)
  acc      test accuracy after the last epoch
  loss     test loss after the last epoch
  seconds  wall time of training, the test evaluations after each epoch included

    /work/main/target/torch-venv/bin/python benchmarks/scripts/torch_cnn.py --epochs 1 \
        --train-limit 20000 --threads 2
"""
import argparse
import math
import statistics
import time

import numpy as np
import torch

# The IDX reader, its data directory and the lockstep turn are the MLP script's, beside this one.
import torch_mlp
from torch_mlp import idx, wait_for_turn


def load(train_limit, test_limit):
    """Images as (N, 1, 28, 28) float32 standardized per pixel with the training images' statistics."""
    x_train = idx("train-images-idx3-ubyte", 16).reshape(-1, 784)[:train_limit].astype(np.float64) / 255.0
    y_train = idx("train-labels-idx1-ubyte", 8)[:train_limit].astype(np.int64)
    x_test = idx("t10k-images-idx3-ubyte", 16).reshape(-1, 784)[:test_limit].astype(np.float64) / 255.0
    y_test = idx("t10k-labels-idx1-ubyte", 8)[:test_limit].astype(np.int64)
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)  # population deviation, as Hypercolumn's StandardScaler
    std[std == 0] = 1.0

    def standardize(x):
        return torch.from_numpy(((x - mean) / std).astype(np.float32).reshape(-1, 1, 28, 28))

    return standardize(x_train), torch.from_numpy(y_train), standardize(x_test), torch.from_numpy(y_test)


def fashion_cnn():
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(64 * 7 * 7, 1024), torch.nn.ReLU(),
        torch.nn.Dropout(0.4),
        torch.nn.Linear(1024, 10))
    hidden, logits = model[7], model[10]
    with torch.no_grad():
        bound = math.sqrt(6.0 / hidden.in_features)
        hidden.weight.uniform_(-bound, bound)
        hidden.bias.zero_()
        torch.nn.init.xavier_uniform_(logits.weight)
        logits.bias.zero_()
    return model


def evaluate(model, x, y, batch_size):
    """Mean loss and accuracy in inference mode (no dropout)."""
    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for begin in range(0, x.shape[0], batch_size):
            out = model(x[begin:begin + batch_size])
            target = y[begin:begin + batch_size]
            loss_sum += float(torch.nn.functional.cross_entropy(out, target, reduction="sum"))
            correct += int((out.argmax(1) == target).sum())
    return loss_sum / x.shape[0], correct / x.shape[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--train-limit", type=int, default=60000, help="train on the first N training images")
    parser.add_argument("--test-limit", type=int, default=10000, help="test on the first N test images")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads; 0 keeps the default")
    parser.add_argument("--infer-passes", type=int, default=0, help="timed passes over the test set after training")
    parser.add_argument("--final-eval-only", action="store_true", help="evaluate the test set only after the last epoch")
    parser.add_argument("--data", default="", help="directory of the Fashion-MNIST IDX files (.gz or plain)")
    parser.add_argument("--lockstep", action="store_true",
                        help="before each epoch and inference pass, print 'lockstep: ready' and wait for a line on stdin")
    args = parser.parse_args()
    if args.data:
        torch_mlp.DATA = args.data
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    start = time.perf_counter()
    x_train, y_train, x_test, y_test = load(args.train_limit, args.test_limit)
    print("Fashion-MNIST: {:,} training and {:,} test images ({:.1f}s to load); torch {}, {} threads".format(
        x_train.shape[0], x_test.shape[0], time.perf_counter() - start, torch.__version__, torch.get_num_threads()),
        flush=True)
    model = fashion_cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    # Cosine annealing stepped per epoch, as the sample's LearningRateSchedule.cosine(): epoch e
    # (0-based) trains at 1e-3 * (1 + cos(pi * e / epochs)) / 2, so a one-epoch run is unchanged.
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x_train.shape[0]
    rates = []
    test_loss, test_acc = float("nan"), float("nan")
    train_start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        wait_for_turn(args.lockstep)
        epoch_start = time.perf_counter()
        order = torch.randperm(n)
        model.train()
        loss_sum, correct = 0.0, 0
        for begin in range(0, n, args.batch):
            batch = order[begin:begin + args.batch]
            optimizer.zero_grad(set_to_none=True)
            out = model(x_train[batch])
            loss = loss_fn(out, y_train[batch])
            loss.backward()
            optimizer.step()
            loss_sum += float(loss.detach()) * batch.shape[0]
            correct += int((out.argmax(1) == y_train[batch]).sum())
        schedule.step()
        rates.append(n / (time.perf_counter() - epoch_start))
        if not args.final_eval_only or epoch == args.epochs:
            test_loss, test_acc = evaluate(model, x_test, y_test, args.batch)
        print("epoch %d/%d  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  %.1fs  %.0f samples/s" % (
            epoch, args.epochs, loss_sum / n, correct / n, test_loss, test_acc,
            time.perf_counter() - epoch_start, rates[-1]), flush=True)
    seconds = time.perf_counter() - train_start
    infer = []
    model.eval()
    with torch.no_grad():
        for _ in range(args.infer_passes):
            wait_for_turn(args.lockstep)
            pass_start = time.perf_counter()
            for begin in range(0, x_test.shape[0], args.batch):
                model(x_test[begin:begin + args.batch])
            infer.append(x_test.shape[0] / (time.perf_counter() - pass_start))
    steady = rates[1:] if len(rates) > 1 else rates
    print("train=%.1f infer=%.1f acc=%.4f loss=%.4f seconds=%.1f epochs=%s threads=%d torch=%s" % (
        statistics.median(steady), statistics.median(infer) if infer else float("nan"), test_acc, test_loss,
        seconds, "/".join("%.0f" % r for r in rates), torch.get_num_threads(), torch.__version__))


if __name__ == "__main__":
    main()
