#!/usr/bin/python3
"""Turns bench.sh's raw result lines (label|key=value ...) into the Markdown report."""
import argparse
import datetime
import os
import re
import statistics
import subprocess


def sh(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def fields(text):
    return dict(re.findall(r"(\w+)=(\S+)", text))


def combined(runs):
    """One configuration's figures: a single run's as they are, several runs' medians."""
    if len(runs) == 1:
        return runs[0]
    result = dict(runs[0])
    for key in ("train", "infer"):
        result[key] = "%.1f" % statistics.median([float(r[key]) for r in runs])
    result["epochs"] = "runs, train: %s; inference: %s" % (
        " / ".join("{:,.0f}".format(float(r["train"])) for r in runs),
        " / ".join("{:,.0f}".format(float(r["infer"])) for r in runs))
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--coretype")
    parser.add_argument("--coretypes", default="")
    parser.add_argument("--command", default="./bench.sh")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--torch2", default="target/bench-venv/bin/python",
                        help="the Python of the environment with today's PyTorch (d)")
    args = parser.parse_args()
    mlp, java_gemm, blas_gemm, mkl_gemm, startups = {}, {}, {}, {}, []
    for line in open(args.results):
        label, _, rest = line.strip().partition("|")
        if label == "java":
            f = fields(rest)
            key = (rest.split()[1], rest.split()[2], f["kernel"])
            java_gemm[key] = max(java_gemm.get(key, 0.0), float(f["gflops"]))
        elif label == "openblas":
            f = fields(rest)
            key = (rest.split()[1], rest.split()[2])
            blas_gemm[key] = max(blas_gemm.get(key, 0.0), float(f["gflops"]))
        elif label == "mkl":
            f = fields(rest)
            key = (rest.split()[1], rest.split()[2])
            mkl_gemm[key] = max(mkl_gemm.get(key, 0.0), float(f["gflops"]))
        elif label == "startup":
            startups.append(fields(rest))
        else:
            mlp.setdefault(label, []).append(fields(rest))

    model = sh("lscpu | sed -n 's/^Model name: *//p'")
    cpus = sh("nproc")
    mhz = sh("lscpu | sed -n 's/^CPU max MHz: *//p'") or sh("lscpu | sed -n 's/^CPU MHz: *//p'") \
        or sh("grep -m1 'cpu MHz' /proc/cpuinfo | sed 's/.*: *//'")
    flags = " ".join(sorted(set(re.findall(r"\b(avx\w*|fma)\b", sh("grep -m1 flags /proc/cpuinfo")))))
    jdk = sh("java -version 2>&1 | head -n 1")
    torch = sh("/usr/bin/python3 -c 'import torch; print(torch.__version__)'")
    torch2 = sh("%s -c 'import torch; print(torch.__version__, \"MKL\" if torch.backends.mkl.is_available() "
                "else \"no MKL\", \"oneDNN\" if torch.backends.mkldnn.is_available() else \"no oneDNN\")'"
                % args.torch2)
    load = os.getloadavg()
    out = []
    out.append("# MLP 784-256-128-10 on Fashion-MNIST: Hypercolumn vs PyTorch")
    out.append("")
    out.append("- Date: %s" % datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"))
    out.append("- Command: `%s`" % args.command)
    out.append("- CPU: %s, %s logical CPUs, %s; JDK: %s" % (model, cpus, flags, jdk))
    out.append("- PyTorch builds: Debian's %s with OpenBLAS (/usr/bin/python3), configurations (a) to (c); "
               "pip's %s (%s), configuration (d)" % (torch, torch2 or "(missing)", args.torch2))
    out.append("- Load average when the report was written: %.2f %.2f %.2f (other processes share the cores)" % load)
    out.append("- Batch 128, Adam 1e-3, %d epochs, pixels in [0,1]; training samples/s is the median of the "
               "epochs after the first; inference is the median of passes over the 10,000 test images "
               "(batch 128)." % args.epochs)
    if args.runs > 1:
        out.append("- Hypercolumn (Vector API), PyTorch (b) and PyTorch (d) ran %d times, each time side by "
                   "side in lockstep (benchmarks/scripts/lockstep.py: one epoch or inference pass of one, "
                   "then one of the next, never two at once), so that a burst of load from other processes "
                   "falls on all alike; their figures are the medians of the runs' figures, each run's "
                   "listed in the epochs column. The other configurations ran once, alone." % args.runs)
        out.append("- In lockstep each side's inference pass comes after one of the other side's, which has "
                   "pushed the test set out of the shared L3 cache; run alone, a benchmark finds part of it "
                   "still cached from its previous pass. So the inference figures of (a), (c) and the plain "
                   "path, run alone, are not on the same footing as the lockstep pair's, nor are the "
                   "inference ratios to (a) and (c).")
    out.append("- Hypercolumn: %d threads. PyTorch (a) as installed: no environment settings; "
               "(b) tuned: torch.set_num_threads(%d), OMP_NUM_THREADS=%d, OpenBLAS OpenMP build, "
               "OPENBLAS_CORETYPE=%s (sgemm GFLOP/s at 128x256x784 NT per core type:%s); "
               "(d) PyTorch 2.13 with the threads of (b) and its own MKL and OpenMP."
               % (args.threads, args.threads, args.threads, args.coretype, args.coretypes))
    out.append("")
    names = [("hc-vector", "Hypercolumn, Vector API GEMM"), ("hc-plain", "Hypercolumn, plain-Java GEMM"),
             ("torch-default", "PyTorch (a) as installed"), ("torch-tuned", "PyTorch (b) tuned"),
             ("torch-passive", "PyTorch (c) = (b) + OMP_WAIT_POLICY=PASSIVE"),
             ("torch-213", "PyTorch (d) 2.13 CPU build (MKL, oneDNN), threads as (b)")]
    out.append("| Configuration | train samples/s | inference samples/s | test accuracy | epochs (samples/s) "
               "| train vs (a) | train vs (b) | train vs (c) | train vs (d) | inference vs (a) "
               "| inference vs (b) | inference vs (c) | inference vs (d) |")
    out.append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    mlp = {label: combined(runs) for label, runs in mlp.items()}
    a, b, c = mlp.get("torch-default", {}), mlp.get("torch-tuned", {}), mlp.get("torch-passive", {})
    d = mlp.get("torch-213", {})

    def ratio(x, y, key):
        try:
            return "%.2fx" % (float(x[key]) / float(y[key]))
        except (KeyError, ValueError, ZeroDivisionError):
            return "-"

    for label, name in names:
        r = mlp.get(label)
        if not r:
            continue
        hc = label.startswith("hc")
        ratios = [ratio(r, peer, key) if hc else "" for key in ("train", "infer") for peer in (a, b, c, d)]
        out.append("| %s | %s | %s | %s | %s | %s |" % (
            name, "{:,.0f}".format(float(r["train"])), "{:,.0f}".format(float(r["infer"])), r["acc"],
            r.get("epochs", ""), " | ".join(ratios)))
    out.append("")
    # The faster of the two PyTorch builds, each as run in lockstep with ours: (b) and (d).
    ours = mlp.get("hc-vector")
    if ours:
        lines = []
        for key, what in (("train", "training"), ("infer", "inference")):
            peers = [(float(p[key]), name) for p, name in ((b, "(b) PyTorch 1.13"), (d, "(d) PyTorch 2.13")) if p]
            if peers:
                rate, name = max(peers)
                lines.append("%s %.2fx of %s (%s samples/s)" % (
                    what, float(ours[key]) / rate, name, "{:,.0f}".format(rate)))
        if lines:
            out.append("**Against the faster PyTorch build** (Hypercolumn, Vector API): " + "; ".join(lines) + ".")
            out.append("")
    if startups:
        def startup(key):
            return statistics.median([int(s[key]) for s in startups])
        out.append("Time from JVM start to the end of the first training step, data already loaded "
                   "(StartupBenchmark, Vector API path, median of %d fresh JVMs): **%d ms** "
                   "(JVM start to main %d ms, device and network built %d ms, first step %d ms; "
                   "target: under 1,000 ms)." % (len(startups), startup("first_step_ms"),
                                                 startup("jvm_to_main_ms"), startup("build_ms"), startup("step_ms")))
        out.append("")
    out.append("## GEMM, GFLOP/s (%d threads; median of 7 rounds after a warm-up, better of 2 alternating runs)"
               % args.threads)
    out.append("")
    out.append("| Shape (m x n x k, op) | Hypercolumn vector | Hypercolumn plain | OpenBLAS (PyTorch 1.13 "
               "matmul, tuned) | MKL (PyTorch 2.13 matmul) | vector / faster BLAS | plain / faster BLAS |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for (shape, op) in blas_gemm:
        v = java_gemm.get((shape, op, "vector"))
        p = java_gemm.get((shape, op, "plain"))
        o = blas_gemm[(shape, op)]
        m = mkl_gemm.get((shape, op))
        best = max(o, m or 0.0)
        fmt = lambda x: "%.1f" % x if x is not None else "-"
        rel = lambda x: "%.0f%%" % (100 * x / best) if x is not None else "-"
        out.append("| %s %s | %s | %s | %.1f | %s | %s | %s |" % (shape, op, fmt(v), fmt(p), o, fmt(m), rel(v), rel(p)))
    out.append("")
    try:
        peak = float(cpus) * float(mhz) / 1000 * 32
        out.append("FMA peak, computed (not measured): %s cores x %.2f GHz (lscpu or /proc/cpuinfo, nominal) x 2 FMA units x 8 floats x "
                   "2 flops = %.0f GFLOP/s." % (cpus, float(mhz) / 1000, peak))
    except ValueError:
        out.append("FMA peak: lscpu gives no clock rate, so none is computed.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
