#!/usr/bin/env bash
# Trains the 784-256-128-10 MLP on Fashion-MNIST with Hypercolumn (Vector API and plain GEMM)
# and with PyTorch in the same run, times the GEMM at the MLP's shapes against OpenBLAS, prints
# one table and saves it to benchmarks/results/<date>-<time>-mlp.md.
#   ./bench.sh            5 epochs a configuration (4 steady-state epochs after the first)
#   ./bench.sh --quick    2 epochs, fewer passes, no 2048^3 GEMM
set -euo pipefail
cd "$(dirname "$0")"

epochs=5; passes=5; quick=""
if [ "${1:-}" = "--quick" ]; then epochs=2; passes=3; quick="--quick"; fi
THREADS="${THREADS:-2}"
OPENBLAS_OMP=/usr/lib/x86_64-linux-gnu/openblas-openmp
PYTHON=/usr/bin/python3

missing=()
[ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
[ -x "$PYTHON" ] && "$PYTHON" -c "import torch" 2>/dev/null || missing+=(python3-torch)
[ -e "$OPENBLAS_OMP/libblas.so.3" ] || missing+=(libopenblas0-openmp)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >&2
fi

echo "Building (mvn -q -DskipTests package)..." >&2
mvn -B -q -Dstyle.color=never -DskipTests package >&2

classpath="benchmarks/target/classes"
for module in runtime annotations; do
  classpath="$classpath:$(ls "$module"/target/hypercolumn-"$module"-*.jar | head -n 1)"
done
JAVA="java -XX:+UseParallelGC -Dhypercolumn.threads=$THREADS -cp $classpath"
VECTOR="--add-modules jdk.incubator.vector"
quiet_vector() { grep -v "^WARNING: Using incubator modules" || true; }
torch_default() { env -u OMP_NUM_THREADS -u OPENBLAS_CORETYPE -u LD_LIBRARY_PATH "$PYTHON" benchmarks/scripts/torch_mlp.py "$@"; }
torch_tuned() {
  OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS OPENBLAS_CORETYPE=$coretype \
    LD_LIBRARY_PATH="$OPENBLAS_OMP${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    "$PYTHON" benchmarks/scripts/torch_mlp.py --threads "$THREADS" "$@"
}
# (c): (b) with OpenMP threads that sleep rather than spin while waiting: on cores shared with
# other processes, spinning OpenMP threads hold up the thread they wait for.
torch_passive() { OMP_WAIT_POLICY=PASSIVE torch_tuned "$@"; }

# The OpenBLAS core type: the one whose sgemm is fastest at the forward shape on this CPU
# (AVX2 only here, so no SkylakeX; Zen is OpenBLAS's own choice for this CPU).
best=0; coretype=Haswell; coretypes=""
for candidate in Haswell Zen SandyBridge; do
  coretype=$candidate
  # passive waiting, or on a loaded machine spinning OpenMP threads make every type look alike
  g=$(torch_passive --gemm "128,256,784,NT" | sed -n 's/.*gflops=//p')
  coretypes="$coretypes $candidate=$g"
  if awk -v a="$g" -v b="$best" 'BEGIN{exit !(a>b)}'; then best=$g; chosen=$candidate; fi
done
coretype=$chosen
echo "OpenBLAS core types (GFLOP/s at 128x256x784 NT):$coretypes; using $coretype" >&2

results=$(mktemp)
trap 'rm -f "$results"' EXIT
run() { # label, command...
  local label=$1; shift
  echo "Running: $label" >&2
  echo "$label|$("$@" | tail -n 1)" >> "$results"
}
run "hc-vector" bash -c "$JAVA $VECTOR hypercolumn.benchmarks.MlpBenchmark --epochs $epochs --infer-passes $passes 2>&1 | grep -v '^WARNING: Using incubator'"
run "hc-plain" $JAVA -Dhypercolumn.gemm=plain hypercolumn.benchmarks.MlpBenchmark --epochs $epochs --infer-passes $passes
run "torch-default" torch_default --epochs $epochs --infer-passes $passes
run "torch-tuned" torch_tuned --epochs $epochs --infer-passes $passes
run "torch-passive" torch_passive --epochs $epochs --infer-passes $passes
# GEMM: Java and OpenBLAS alternate, twice each; the report keeps each one's better median, so a
# burst of load from other processes penalizes neither side alone.
shapes="128,256,784,NT;256,784,128,TN;128,784,256,NN"
[ -z "$quick" ] && shapes="$shapes;2048,2048,2048,NN"
for round in 1 2; do
  echo "Running: GEMM, round $round" >&2
  $JAVA $VECTOR hypercolumn.benchmarks.GemmBenchmark $quick 2>&1 | quiet_vector | sed 's/^/java|/' >> "$results"
  torch_tuned --gemm "$shapes" | sed 's/^/openblas|/' >> "$results"
done

mkdir -p benchmarks/results
out="benchmarks/results/$(date -u +%Y-%m-%d-%H%M)-mlp.md"
"$PYTHON" benchmarks/scripts/report.py "$results" --epochs "$epochs" --threads "$THREADS" \
  --coretype "$coretype" --coretypes "$coretypes" --command "./bench.sh ${1:-}" | tee "$out"
echo "Saved $out" >&2
