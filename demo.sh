#!/usr/bin/env bash
# Builds Hypercolumn if needed and runs one of its samples.
#   ./demo.sh                 the Fashion-MNIST MLP (the default)
#   ./demo.sh list            the samples there are
#   ./demo.sh NAME [ARGS...]  one sample, for example ./demo.sh perceptron or
#                             ./demo.sh fashion-cnn --epochs 1 --train-limit 20000
set -euo pipefail
cd "$(dirname "$0")"

sample="${1:-fashion-mnist}"
[ $# -gt 0 ] && shift

if [[ "$sample" = fashion-mnist || "$sample" = fashion-cnn ]] && [ ! -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] \
    && [ -z "${HYPERCOLUMN_FASHION_MNIST:-}" ]; then
  echo "Fashion-MNIST is missing; installing Debian's dataset-fashion-mnist package." >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q dataset-fashion-mnist >&2
fi

if [ "$sample" = iris ] && [ ! -e /usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv ] \
    && [[ " $* " != *" --data "* ]]; then
  echo "The iris data set is missing; installing Debian's python3-sklearn package, which ships it." >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q python3-sklearn >&2
fi

echo "Building (mvn -q -DskipTests package)..." >&2
# Debian's Maven 3.8.7 prints colour resets even when quiet: show its output only on failure.
if ! build_log=$(mvn -B -q -DskipTests package 2>&1); then
  printf '%s\n' "$build_log" >&2
  exit 1
fi

# The samples' classes, then the runtime, the CUDA device and their dependencies (written by the build).
classpath="samples/target/classes:$(cat samples/target/run-class-path.txt)"
# The Vector API module enables the faster GEMM (see CpuDevice#gemmKernel); the JVM warns once that it is incubating.
exec java -XX:+UseParallelGC --add-modules jdk.incubator.vector -cp "$classpath" hypercolumn.samples.Samples "$sample" "$@"
