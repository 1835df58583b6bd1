#!/usr/bin/env bash
# Trains the 784-256-128-10 MLP on Fashion-MNIST with Hypercolumn (Vector API and plain GEMM)
# and with two PyTorch builds in the same run: Debian's 1.13 with OpenBLAS, and today's pip
# build, torch 2.13.0+cpu with MKL and oneDNN, in a virtual environment under target/bench-venv
# (made on first use). Times the GEMM at the MLP's shapes against both BLAS libraries, prints
# one table and saves it to benchmarks/results/<date>-<time>-mlp.md.
#   ./bench.sh            5 epochs a configuration (4 steady-state epochs after the first; ours
#                         with the Vector API, tuned PyTorch 1.13 and PyTorch 2.13 3 times, side by
#                         side in lockstep), and the time from JVM start to the first training step
#   ./bench.sh --quick    2 epochs, fewer passes, no 2048^3 GEMM
#   ./bench.sh --sweep    training samples/s against batch size (16..1024) and width (hidden
#                         64..4096), Hypercolumn and tuned PyTorch: benchmarks/results/<date>-sweep.
#                         {csv,svg,md}, the plot also as benchmarks/results/sweep.svg (about 2 minutes)
#   ./bench.sh --jmh      the JMH GEMM benchmark at the MLP's shapes beside OpenBLAS and the FMA
#                         peak: benchmarks/results/<date>-jmh.md (about 1 minute)
#   ./bench.sh --jdks     the MLP (3 epochs, 5 inference passes) on every JDK 17+ installed under
#                         /usr/lib/jvm and with PyTorch (1.13 tuned and 2.13), all in one lockstep
#                         run, 3 rounds (ROUNDS=N for more), then the CNN of --cnn the same way (2
#                         epochs on 5,000 images, 3 inference passes, the same rounds); prints each
#                         JDK's ratio to the oldest JDK and to each PyTorch build:
#                         benchmarks/results/<date>-jdks.md (about 10 minutes on 2 idle cores).
#                         JDK_OPTIONS adds JVM options to the JDK sides, e.g. -XX:UseAVX=2 to
#                         generate the code of an AVX2-only machine on an AVX-512 one
#   ./bench.sh --cnn      the Fashion-MNIST CNN of ./demo.sh fashion-cnn (2 epochs on the first 5,000
#                         training images, 3 inference passes over the first 2,000 test images),
#                         Hypercolumn (Vector API) beside PyTorch 1.13 tuned and 2.13 in lockstep, 2
#                         rounds (ROUNDS=N for more); prints the ratios to the faster PyTorch and
#                         saves benchmarks/results/<date>-<time>-cnn.md (about 4 minutes on 2 idle cores, 10 at a load of 8)
set -euo pipefail
cd "$(dirname "$0")"

epochs=5; passes=5; runs=3; quick=""; mode=mlp
case "${1:-}" in
  "") ;;
  --quick) epochs=2; passes=3; runs=1; quick="--quick" ;;
  --sweep) mode=sweep ;;
  --jmh) mode=jmh ;;
  --jdks) mode=jdks; epochs=3 ;;
  --cnn) mode=cnn; epochs=2; passes=3; runs=2 ;;
  *) echo "Unknown argument '$1'; expected nothing, --quick, --sweep, --jmh, --jdks or --cnn" >&2; exit 2 ;;
esac
THREADS="${THREADS:-2}"
# ROUNDS=N repeats the lockstep rounds N times (default 3, --quick 1): more rounds, a firmer median.
runs="${ROUNDS:-$runs}"
OPENBLAS_OMP=/usr/lib/x86_64-linux-gnu/openblas-openmp
PYTHON=/usr/bin/python3

missing=()
[ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
[ -x "$PYTHON" ] && "$PYTHON" -c "import torch" 2>/dev/null || missing+=(python3-torch)
[ -e "$OPENBLAS_OMP/libblas.so.3" ] || missing+=(libopenblas0-openmp)
"$PYTHON" -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >&2
fi

# Today's PyTorch for the CPU, from the configured pip index, in its own environment (never
# the system's), target/bench-venv. TORCH_VERSION picks another release.
TORCH_VERSION="${TORCH_VERSION:-2.13.0+cpu}"
TORCH2=$(TORCH_VERSION="$TORCH_VERSION" PYTHON="$PYTHON" scripts/torch-venv.sh)

echo "Building (mvn -q -DskipTests package)..." >&2
mvn -B -q -Dstyle.color=never -DskipTests package >&2

classpath="benchmarks/target/classes"
# The module's jar, not its test-jar (hypercolumn-runtime-*-tests.jar sorts first). The CPU
# benchmarks need neither the CUDA device's jar (runtime/cuda) nor JCuda.
for module in runtime annotations; do
  classpath="$classpath:$(ls "$module"/target/hypercolumn-"$module"-*.jar | grep -v -e -sources -e -tests | head -n 1)"
done
JVM_OPTIONS="-XX:+UseParallelGC -Dhypercolumn.threads=$THREADS -cp $classpath"
JAVA="java $JVM_OPTIONS"
VECTOR="--add-modules jdk.incubator.vector"
quiet_vector() { grep -v "^WARNING: Using incubator modules" || true; }
# The PyTorch side of the benchmark: the MLP's script, or the CNN's with --cnn. Exported, as the
# functions below are, for the commands lockstep.py runs.
export torch_script=benchmarks/scripts/torch_mlp.py
torch_default() { env -u OMP_NUM_THREADS -u OPENBLAS_CORETYPE -u LD_LIBRARY_PATH "$PYTHON" "$torch_script" "$@"; }
torch_tuned() {
  OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS OPENBLAS_CORETYPE=$coretype \
    LD_LIBRARY_PATH="$OPENBLAS_OMP${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    "$PYTHON" "$torch_script" --threads "$THREADS" "$@"
}
# (c): (b) with OpenMP threads that sleep rather than spin while waiting: on cores shared with
# other processes, spinning OpenMP threads hold up the thread they wait for.
torch_passive() { OMP_WAIT_POLICY=PASSIVE torch_tuned "$@"; }
# (d): PyTorch 2.13's CPU build (MKL and oneDNN, its own OpenMP) with the threads of (b).
torch_213() {
  env -u LD_LIBRARY_PATH -u OPENBLAS_CORETYPE OMP_NUM_THREADS=$THREADS \
    "$TORCH2" "$torch_script" --threads "$THREADS" "$@"
}

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
mkdir -p benchmarks/results
stamp=$(date -u +%Y-%m-%d-%H%M)
load() { cut -d' ' -f1-3 /proc/loadavg; }

if [ "$mode" = sweep ]; then
  echo "Running: sweep, Hypercolumn (load $(load))" >&2
  $JAVA $VECTOR hypercolumn.benchmarks.SweepBenchmark 2>&1 | quiet_vector | sed 's/^/hc-vector|/' >> "$results"
  echo "Running: sweep, PyTorch tuned (load $(load))" >&2
  torch_tuned --sweep "16,32,64,128,256,512,1024;64,128,256,512,1024,2048,4096" | sed 's/^/torch-tuned|/' >> "$results"
  echo "Running: sweep, PyTorch $TORCH_VERSION (load $(load))" >&2
  torch_213 --sweep "16,32,64,128,256,512,1024;64,128,256,512,1024,2048,4096" | sed 's/^/torch-213|/' >> "$results"
  out="benchmarks/results/$stamp-sweep"
  note="$(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $THREADS threads, load $(load), OpenBLAS core type $coretype"
  "$PYTHON" benchmarks/scripts/plot_sweep.py "$results" --csv "$out.csv" --svg "$out.svg" --note "$note"
  cp "$out.svg" benchmarks/results/sweep.svg
  { echo "# Training throughput sweep"; echo; echo "- $note"; echo "- Command: \`./bench.sh --sweep\`"; echo;
    echo '| kind | configuration | x | training samples/s |'; echo '|---|---|---:|---:|';
    tail -n +2 "$out.csv" | awk -F, '{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}'; } > "$out.md"
  cat "$out.md"
  echo "Saved $out.csv, $out.svg, $out.md and benchmarks/results/sweep.svg" >&2
  exit 0
fi

if [ "$mode" = jdks ]; then
  # Every distinct JDK 17 or later: the directories under /usr/lib/jvm are often links to one.
  sides=(); cnn_sides=(); seen=" "
  cnn_args="--epochs 2 --train-limit 5000 --test-limit 2000 --infer-passes 3 --lockstep"
  for candidate in /usr/lib/jvm/*/bin/java; do
    real=$(readlink -f "$candidate")
    case "$seen" in *" $real "*) continue ;; esac
    seen="$seen$real "
    version=$("$real" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
    [ "${version%%.*}" -ge 17 ] 2>/dev/null || continue
    sides+=("jdk-$version" "$real ${JDK_OPTIONS:-} $JVM_OPTIONS $VECTOR hypercolumn.benchmarks.MlpBenchmark --epochs $epochs --infer-passes $passes --lockstep")
    cnn_sides+=("jdk-$version" "$real ${JDK_OPTIONS:-} $JVM_OPTIONS $VECTOR hypercolumn.benchmarks.CnnBenchmark --threads $THREADS $cnn_args")
  done
  export THREADS coretype OPENBLAS_OMP PYTHON TORCH2
  export -f torch_tuned torch_213
  sides+=(torch-tuned "torch_tuned --epochs $epochs --infer-passes $passes --lockstep")
  sides+=(torch-213 "torch_213 --epochs $epochs --infer-passes $passes --lockstep")
  for round in $(seq 1 "$runs"); do
    echo "Running: ${sides[0]}, ${sides[2]}... and PyTorch in lockstep, round $round of $runs (load $(load))" >&2
    "$PYTHON" benchmarks/scripts/lockstep.py "${sides[@]}" >> "$results"
  done
  out="benchmarks/results/$stamp-jdks.md"
  "$PYTHON" benchmarks/scripts/jdk_ratios.py "$results" \
    --note "$(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $THREADS threads, load when done $(load), OpenBLAS core type $coretype, $epochs epochs and $passes inference passes a side, $runs rounds" | tee "$out"
  # The CNN, the same JDKs and PyTorch builds, after the MLP.
  torch_script=benchmarks/scripts/torch_cnn.py
  cnn_sides+=(torch-tuned "torch_tuned --final-eval-only $cnn_args")
  cnn_sides+=(torch-213 "torch_213 --final-eval-only $cnn_args")
  cnn_results="$results.cnn"
  for round in $(seq 1 "$runs"); do
    echo "Running: the CNN, ${cnn_sides[0]}, ${cnn_sides[2]}... and PyTorch in lockstep, round $round of $runs (load $(load))" >&2
    "$PYTHON" benchmarks/scripts/lockstep.py "${cnn_sides[@]}" >> "$cnn_results"
  done
  echo >> "$out"
  "$PYTHON" benchmarks/scripts/jdk_ratios.py "$cnn_results" --title "The Fashion-MNIST CNN on every installed JDK, in lockstep" \
    --note "$(date -u '+%Y-%m-%d %H:%M UTC'), load when done $(load); each side: 2 epochs on the first 5,000 training images (training samples/s of the epochs after the first), 3 inference passes on the first 2,000 test images; $runs rounds" | tee -a "$out"
  rm -f "$cnn_results"
  echo "Saved $out" >&2
  exit 0
fi

if [ "$mode" = cnn ]; then
  # The same shortened run on every side; the test set is cut too, so that the inference passes
  # (and the evaluation before them) take seconds, not minutes, on 2 cores.
  cnn_args="--epochs $epochs --train-limit 5000 --test-limit 2000 --infer-passes $passes --lockstep"
  torch_script=benchmarks/scripts/torch_cnn.py
  export THREADS coretype OPENBLAS_OMP PYTHON TORCH2
  export -f torch_tuned torch_213
  for round in $(seq 1 "$runs"); do
    echo "Running: the CNN, hc-vector, torch-tuned and torch-213 in lockstep, round $round of $runs (load $(load))" >&2
    "$PYTHON" benchmarks/scripts/lockstep.py \
      hc-vector "$JAVA $VECTOR hypercolumn.benchmarks.CnnBenchmark --threads $THREADS $cnn_args" \
      torch-tuned "torch_tuned --final-eval-only $cnn_args" \
      torch-213 "torch_213 --final-eval-only $cnn_args" >> "$results"
  done
  out="benchmarks/results/$stamp-cnn.md"
  "$PYTHON" benchmarks/scripts/cnn_report.py "$results" --command "${ROUNDS:+ROUNDS=$ROUNDS }./bench.sh --cnn" \
    --note "$(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $THREADS threads, load when done $(load), OpenBLAS core type $coretype; each side: $epochs epochs on the first 5,000 training images (training samples/s of the epochs after the first), the test accuracy and $passes timed inference passes on the first 2,000 test images; $runs rounds" | tee "$out"
  echo "Saved $out" >&2
  exit 0
fi

if [ "$mode" = jmh ]; then
  echo "Running: JMH GEMM benchmark (load $(load))" >&2
  jmh_cp="$classpath:benchmarks/target/lib/*"
  java -cp "$jmh_cp" hypercolumn.benchmarks.GemmJmh --threads "$THREADS" > "$results.jmh" 2>&1 || { cat "$results.jmh" >&2; exit 1; }
  grep '^gemm ' "$results.jmh" | sed 's/^/java|/' >> "$results"
  peak=$(sed -n 's/^FMA peak of [0-9]* cores: //p' "$results.jmh")
  shapes=$(grep '^gemm ' "$results.jmh" | awk '{split($2, d, "x"); printf "%s%s,%s,%s,%s", (NR > 1 ? ";" : ""), d[1], d[2], d[3], $3}')
  echo "Running: OpenBLAS at the same shapes (load $(load))" >&2
  torch_tuned --gemm "$shapes" | sed 's/^/openblas|/' >> "$results"
  out="benchmarks/results/$stamp-jmh.md"
  { echo "# GEMM at the MLP's shapes: JMH, $THREADS threads"; echo;
    echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), load when done: $(load)";
    echo "- Command: \`./bench.sh --jmh\`; OpenBLAS: torch.matmul, OpenMP build, core type $coretype";
    echo "- FMA peak, computed: $peak"; echo;
    echo '| Shape (m x n x k, op) | Hypercolumn vector, JMH (GFLOP/s) | OpenBLAS (GFLOP/s) | ours / OpenBLAS |';
    echo '|---|---:|---:|---:|';
    awk -F'|' '$1 == "java" { split($2, f, " "); sub("gflops=", "", f[5]); j[f[2] " " f[3]] = f[5]; order[++n] = f[2] " " f[3] }
               $1 == "openblas" { split($2, f, " "); sub("gflops=", "", f[4]); o[f[2] " " f[3]] = f[4] }
               END { for (i = 1; i <= n; i++) { k = order[i];
                 printf "| %s | %.1f | %.1f | %.0f%% |\n", k, j[k], o[k], (o[k] > 0 ? 100 * j[k] / o[k] : 0) } }' "$results"; } > "$out"
  rm -f "$results.jmh"
  cat "$out"
  echo "Saved $out" >&2
  exit 0
fi

run() { # label, command...
  local label=$1; shift
  echo "Running: $label" >&2
  echo "$label|$("$@" | tail -n 1)" >> "$results"
}
# The two configurations compared most closely run side by side in lockstep, $runs times: one
# epoch or inference pass of ours, then one of PyTorch's, and so on, never both at once, so that a
# burst of load from other processes (these are shared machines) falls on both alike. The report
# takes the median of the runs.
export THREADS coretype OPENBLAS_OMP PYTHON TORCH2
export -f torch_tuned torch_213
for round in $(seq 1 "$runs"); do
  echo "Running: hc-vector, torch-tuned and torch-213 in lockstep, round $round" >&2
  "$PYTHON" benchmarks/scripts/lockstep.py \
    hc-vector "$JAVA $VECTOR hypercolumn.benchmarks.MlpBenchmark --epochs $epochs --infer-passes $passes --lockstep" \
    torch-tuned "torch_tuned --epochs $epochs --infer-passes $passes --lockstep" \
    torch-213 "torch_213 --epochs $epochs --infer-passes $passes --lockstep" >> "$results"
done
run "hc-plain" $JAVA -Dhypercolumn.gemm=plain hypercolumn.benchmarks.MlpBenchmark --epochs $epochs --infer-passes $passes
# JVM start to the end of the first training step, data already loaded: each in a fresh JVM.
for attempt in 1 2 3; do
  run "startup" bash -c "$JAVA $VECTOR hypercolumn.benchmarks.StartupBenchmark 2>&1 | grep -v '^WARNING: Using incubator'"
done
run "torch-default" torch_default --epochs $epochs --infer-passes $passes
run "torch-passive" torch_passive --epochs $epochs --infer-passes $passes
# GEMM: Java, OpenBLAS (PyTorch 1.13) and MKL (PyTorch 2.13) alternate, twice each; the report
# keeps each one's better median, so a burst of load from other processes penalizes none alone.
shapes="128,256,784,NT;256,784,128,TN;128,784,256,NN"
[ -z "$quick" ] && shapes="$shapes;2048,2048,2048,NN"
for round in 1 2; do
  echo "Running: GEMM, round $round" >&2
  $JAVA $VECTOR hypercolumn.benchmarks.GemmBenchmark $quick 2>&1 | quiet_vector | sed 's/^/java|/' >> "$results"
  torch_tuned --gemm "$shapes" | sed 's/^/openblas|/' >> "$results"
  torch_213 --gemm "$shapes" | sed 's/^/mkl|/' >> "$results"
done

out="benchmarks/results/$stamp-mlp.md"
"$PYTHON" benchmarks/scripts/report.py "$results" --epochs "$epochs" --threads "$THREADS" \
  --coretype "$coretype" --coretypes "$coretypes" --command "./bench.sh ${1:-}" --runs "$runs" \
  --torch2 "$TORCH2" | tee "$out"
echo "Saved $out" >&2
