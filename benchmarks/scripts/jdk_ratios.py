#!/usr/bin/python3
"""Turns the result lines of bench.sh --jdks (label|train=... infer=... ...) into a table.

  jdk_ratios.py RESULTS --note TEXT [--title TEXT]

Each label (jdk-VERSION, torch-tuned, torch-213, or torch-default) has one line a lockstep round. The table
gives each side's median training and inference samples/s over the rounds with the range, each
JDK's ratio to the oldest JDK (medians of the per-round ratios: the sides of one round ran
under the same load) and each JDK's ratio to each PyTorch build.
"""
import argparse
import re
import statistics


def version_key(label):
    return [int(part) for part in re.findall(r"\d+", label)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--note", default="")
    parser.add_argument("--title", default="The MLP on every installed JDK, in lockstep")
    args = parser.parse_args()
    rounds = {}
    for line in open(args.results):
        label, _, text = line.rstrip("\n").partition("|")
        values = dict(re.findall(r"(\w+)=(\S+)", text))
        if "train" in values and "infer" in values:
            rounds.setdefault(label, []).append((float(values["train"]), float(values["infer"])))
    jdks = sorted((label for label in rounds if label.startswith("jdk-")), key=version_key)
    torches = [label for label in ("torch-default", "torch-tuned", "torch-213") if label in rounds]
    if not jdks:
        raise SystemExit("jdk_ratios.py: no jdk-* results in " + args.results)

    def median(label, which):
        return statistics.median(r[which] for r in rounds[label])

    def spread(label, which):
        values = [r[which] for r in rounds[label]]
        return "{:,.0f}..{:,.0f}".format(min(values), max(values))

    def ratio(label, base, which):
        pairs = zip(rounds[label], rounds[base])
        per_round = [a[which] / b[which] for a, b in pairs]
        return "%.2fx (%s)" % (statistics.median(per_round),
                              " / ".join("%.2f" % r for r in per_round))

    print("# " + args.title)
    print()
    print("- " + args.note)
    print("- Command: `./bench.sh --jdks`; the figures are medians over the rounds, the range in"
          " brackets; a ratio is the median of the rounds' ratios, each round's after it")
    print()
    print("| side | training samples/s | inference samples/s |")
    print("|---|---:|---:|")
    for label in jdks + torches:
        print("| %s | %s (%s) | %s (%s) |" % (
            label, "{:,.0f}".format(median(label, 0)), spread(label, 0),
            "{:,.0f}".format(median(label, 1)), spread(label, 1)))
    print()
    print("| ratio | training | inference |")
    print("|---|---:|---:|")
    base = jdks[0]
    for label in jdks[1:]:
        print("| %s / %s | %s | %s |" % (label, base, ratio(label, base, 0), ratio(label, base, 1)))
    for label in jdks:
        for torch in torches:
            print("| %s / %s | %s | %s |" % (
                label, torch, ratio(label, torch, 0), ratio(label, torch, 1)))


if __name__ == "__main__":
    main()
