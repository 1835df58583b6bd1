#!/usr/bin/python3
"""Turns bench.sh --sweep's raw lines (label|sweep kind=... batch=B hidden=H train=R) into a CSV
and an SVG plot of two panels: training samples/s against batch size and against width, one
line per label. Plain SVG, so nothing beyond Python's standard library is needed."""
import argparse
import collections
import math
import re

COLORS = {"hc-vector": "#1f77b4", "hc-plain": "#7fb2dd", "torch-tuned": "#d62728", "torch-default": "#f2a0a0",
          "torch-213": "#2ca02c"}
NAMES = {"hc-vector": "Hypercolumn (Vector API)", "hc-plain": "Hypercolumn (plain Java)",
         "torch-tuned": "PyTorch 1.13 (OpenBLAS), tuned", "torch-default": "PyTorch, as installed",
         "torch-213": "PyTorch 2.13 (MKL, oneDNN)"}
W, H = 460, 320  # one panel
LEFT, RIGHT, TOP, BOTTOM = 70, 15, 40, 50


def read(path):
    points = collections.defaultdict(list)  # (kind, label) -> [(x, rate)]
    for line in open(path):
        label, _, rest = line.strip().partition("|")
        f = dict(re.findall(r"(\w+)=(\S+)", rest))
        if "kind" not in f:
            continue
        x = int(f["batch"] if f["kind"] == "batch" else f["hidden"])
        points[(f["kind"], label)].append((x, float(f["train"])))
    return points


def ticks(lo, hi):
    """Powers of 10 (with 2 and 5) between lo and hi, for a log axis."""
    out = []
    for e in range(int(math.floor(math.log10(lo))), int(math.ceil(math.log10(hi))) + 1):
        for m in (1, 2, 5):
            v = m * 10 ** e
            if lo <= v <= hi:
                out.append(v)
    return out


def panel(points, kind, title, xlabel, x0):
    series = {label: sorted(p) for (k, label), p in points.items() if k == kind}
    if not series:
        return []
    xs = sorted({x for p in series.values() for x, _ in p})
    ys = [r for p in series.values() for _, r in p]
    ylo, yhi = min(ys) / 1.3, max(ys) * 1.3
    lx = lambda x: x0 + LEFT + (math.log2(x) - math.log2(xs[0])) / max(1e-9, math.log2(xs[-1]) - math.log2(xs[0])) * (W - LEFT - RIGHT)
    ly = lambda y: TOP + (math.log10(yhi) - math.log10(y)) / (math.log10(yhi) - math.log10(ylo)) * (H - TOP - BOTTOM)
    svg = ['<text x="%d" y="22" font-size="14" font-weight="bold">%s</text>' % (x0 + LEFT, title)]
    svg.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#888"/>'
               % (x0 + LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM))
    for x in xs:
        svg.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#eee"/>' % (lx(x), TOP, lx(x), H - BOTTOM))
        svg.append('<text x="%.1f" y="%d" font-size="11" text-anchor="middle">%d</text>' % (lx(x), H - BOTTOM + 15, x))
    for y in ticks(ylo, yhi):
        svg.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#eee"/>' % (x0 + LEFT, ly(y), x0 + W - RIGHT, ly(y)))
        svg.append('<text x="%d" y="%.1f" font-size="11" text-anchor="end">%s</text>'
                   % (x0 + LEFT - 5, ly(y) + 4, "{:,}".format(int(y))))
    svg.append('<text x="%d" y="%d" font-size="12" text-anchor="middle">%s</text>'
               % (x0 + LEFT + (W - LEFT - RIGHT) / 2, H - 12, xlabel))
    svg.append('<text x="%d" y="%d" font-size="12" text-anchor="middle" transform="rotate(-90 %d %d)">'
               'training samples/s (log)</text>' % (x0 + 14, TOP + (H - TOP - BOTTOM) / 2, x0 + 14, TOP + (H - TOP - BOTTOM) / 2))
    for label, p in series.items():
        color = COLORS.get(label, "#555")
        path = " ".join("%s%.1f,%.1f" % ("M" if i == 0 else "L", lx(x), ly(r)) for i, (x, r) in enumerate(p))
        svg.append('<path d="%s" fill="none" stroke="%s" stroke-width="2"/>' % (path, color))
        for x, r in p:
            svg.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (lx(x), ly(r), color))
    return svg


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--csv", required=True)
    parser.add_argument("--svg", required=True)
    parser.add_argument("--note", default="")
    args = parser.parse_args()
    points = read(args.results)
    with open(args.csv, "w") as out:
        out.write("kind,label,x,train_samples_per_s\n")
        for (kind, label), p in sorted(points.items()):
            for x, r in sorted(p):
                out.write("%s,%s,%d,%.1f\n" % (kind, label, x, r))
    labels = sorted({label for _, label in points}, key=lambda l: list(NAMES).index(l) if l in NAMES else 9)
    height = H + 30 + 18 * len(labels)
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif">' % (2 * W, height),
           '<rect width="100%" height="100%" fill="white"/>']
    svg += panel(points, "batch", "MLP 784-256-128-10: batch size", "batch size (log)", 0)
    svg += panel(points, "width", "MLP 784-H-10, batch 128: width", "hidden width H (log)", W)
    for i, label in enumerate(labels):
        y = H + 10 + 18 * i
        svg.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="3"/>'
                   % (LEFT, y, LEFT + 24, y, COLORS.get(label, "#555")))
        svg.append('<text x="%d" y="%d" font-size="12">%s</text>' % (LEFT + 30, y + 4, NAMES.get(label, label)))
    if args.note:
        svg.append('<text x="%d" y="%d" font-size="11" fill="#555">%s</text>' % (LEFT, height - 8, args.note))
    svg.append("</svg>")
    with open(args.svg, "w") as out:
        out.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
