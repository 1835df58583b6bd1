#!/usr/bin/python3
"""Turns the result lines of bench.sh --cnn (LABEL|train=... infer=... acc=... ...) into a table.

  cnn_report.py RESULTS --note TEXT --command TEXT

RESULTS has one line per side and lockstep round, the sides hc-vector, torch-tuned and
torch-213. The table gives each side's median training and inference samples/s over the rounds
with their range and its median test accuracy, then Hypercolumn's ratio to the faster PyTorch
build: in each round Hypercolumn's figure over the larger of the two PyTorch figures of that
round (the sides of one round ran under the same load), the median of those ratios, and each
round's after it.
"""
import argparse
import re
import statistics
import sys

SIDES = (("hc-vector", "Hypercolumn, Vector API GEMM"),
         ("torch-tuned", "PyTorch 1.13 (Debian), tuned"),
         ("torch-213", "PyTorch 2.13 CPU build"))
TORCHES = ("torch-tuned", "torch-213")


def read(path):
    rounds = {}
    for line in open(path):
        label, _, text = line.rstrip("\n").partition("|")
        values = dict(re.findall(r"(\w+)=(\S+)", text))
        if "train" not in values or "infer" not in values:
            sys.exit("cnn_report.py: no train= and infer= in the line %r of %s" % (line.rstrip("\n"), path))
        rounds.setdefault(label, []).append(
            (float(values["train"]), float(values["infer"]), float(values.get("acc", "nan"))))
    missing = [label for label, _ in SIDES if label not in rounds]
    if missing:
        sys.exit("cnn_report.py: no results for %s in %s" % (", ".join(missing), path))
    counts = {label: len(rounds[label]) for label, _ in SIDES}
    if len(set(counts.values())) != 1:
        sys.exit("cnn_report.py: the sides have different numbers of rounds: %s" % counts)
    return rounds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--note", default="")
    parser.add_argument("--command", default="./bench.sh --cnn")
    args = parser.parse_args()
    rounds = read(args.results)

    def median(label, which):
        return statistics.median(r[which] for r in rounds[label])

    def spread(label, which):
        values = [r[which] for r in rounds[label]]
        return "{:,.0f}..{:,.0f}".format(min(values), max(values))

    def ratio_to_faster_torch(which):
        per_round = []
        for i, ours in enumerate(rounds["hc-vector"]):
            faster = max(rounds[label][i][which] for label in TORCHES)
            per_round.append(ours[which] / faster)
        return "**%.2fx** (%s)" % (statistics.median(per_round), " / ".join("%.2f" % r for r in per_round))

    print("# The Fashion-MNIST CNN against PyTorch, in lockstep")
    print()
    print("- " + args.note)
    print("- Command: `%s`; the figures are medians over the rounds, the range in brackets" % args.command)
    print("- Network: conv 5x5x32 SAME ReLU, max pool 2, conv 5x5x64 SAME ReLU, max pool 2, dense 1024"
          " ReLU, dropout 0.4, dense 10 (3,274,634 parameters); Adam 1e-3, batch 128, pixels"
          " standardized with the training images' mean and deviation")
    print()
    print("| side | training samples/s | inference samples/s | test accuracy |")
    print("|---|---:|---:|---:|")
    for label, name in SIDES:
        print("| %s | %s (%s) | %s (%s) | %.4f |" % (
            name, "{:,.0f}".format(median(label, 0)), spread(label, 0),
            "{:,.0f}".format(median(label, 1)), spread(label, 1), median(label, 2)))
    print("| **Hypercolumn against the faster PyTorch** | %s | %s | |" % (
        ratio_to_faster_torch(0), ratio_to_faster_torch(1)))
    print()
    print("Raw lines, one per side and round:")
    print()
    print("```")
    with open(args.results) as f:
        sys.stdout.write(f.read())
    print("```")


if __name__ == "__main__":
    main()
