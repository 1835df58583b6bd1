#!/usr/bin/env bash
# run.sh of the GPU pack (written by scripts/pack-gpu.sh): reports the GPU, the driver and the
# CUDA libraries it finds, then runs the test suite on the pack's own Java runtime, on the CUDA
# device when a driver is present, else on the CPU.
#
#   ./run.sh [--cuda-only] [--bench]
#     --cuda-only   only the tests tagged "cuda"
#     --bench       afterwards, the MLP training benchmark on the GPU, ours then PyTorch's
#                   (where python3 with torch is present); Fashion-MNIST from ./data when the
#                   IDX files were copied there, else random data of its shape
#
# Everything printed, and the JUnit XML reports, go under $OUT when it is set (else ./out).
set -uo pipefail

BENCH_CLASS=hypercolumn.benchmarks.MlpBenchmark

here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/out}
mkdir -p "$out"
exec > >(tee -a "$out/run.log") 2>&1

cuda_only=false
bench=false
for arg in "$@"; do
    case $arg in
        --cuda-only) cuda_only=true ;;
        --bench) bench=true ;;
        *) echo "usage: $0 [--cuda-only] [--bench]; unknown argument $arg"; exit 2 ;;
    esac
done

section() { printf '\n=== %s ===\n' "$*"; }

section "GPU and driver"
gpu=false
if [ -n "${HYPERCOLUMN_CUDA_EMULATOR:-}" ]; then
    # Rehearsal on a machine without a GPU: the CPU emulator of the CUDA libraries that the
    # tests module builds (tests/target/cuda-emulator) stands in for the driver and libraries.
    echo "REHEARSAL: the CUDA emulator in $HYPERCOLUMN_CUDA_EMULATOR stands in for a GPU"
    gpu=true
elif command -v nvidia-smi > /dev/null 2>&1; then
    nvidia-smi || true
    driver=$(nvidia-smi --query-gpu=driver_version --format=csv,noheader 2> /dev/null | head -n 1)
    [ -n "$driver" ] && gpu=true
    echo "driver version: ${driver:-unknown (nvidia-smi gave none)}"
elif [ -r /proc/driver/nvidia/version ]; then
    cat /proc/driver/nvidia/version
    gpu=true
else
    echo "NO GPU: no nvidia-smi and no /proc/driver/nvidia/version; no NVIDIA driver is loaded."
fi
libcuda=$( (ldconfig -p 2> /dev/null || true) | awk '/libcuda\.so\.1 / { print $NF; exit }')
echo "libcuda.so.1: ${libcuda:-not in the loader cache}"

section "CUDA libraries"
if [ -n "${HYPERCOLUMN_CUDA_EMULATOR:-}" ]; then
    found=""
    cuda_dirs=("$HYPERCOLUMN_CUDA_EMULATOR")
else
# The usual places: toolkits, distribution paths, conda, and the pip wheels of PyTorch
# (site-packages/nvidia/<component>/lib, or nvidia/cu13/lib for CUDA 13 wheels).
roots=()
for dir in ${CUDA_HOME:-} ${CUDA_PATH:-} /usr/local/cuda /usr/local/cuda-* /opt/cuda \
    /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /opt/conda/lib ${CONDA_PREFIX:+$CONDA_PREFIX/lib} \
    /usr/local/lib/python3*/dist-packages/nvidia /usr/local/lib/python3*/site-packages/nvidia \
    /usr/lib/python3/dist-packages/nvidia /opt/conda/lib/python3*/site-packages/nvidia \
    "$HOME"/.local/lib/python3*/site-packages/nvidia; do
    [ -d "$dir" ] && roots+=("$dir")
done
for python in python3 python; do
    if command -v "$python" > /dev/null 2>&1; then
        while IFS= read -r dir; do
            [ -d "$dir/nvidia" ] && roots+=("$dir/nvidia")
        done < <("$python" -c 'import site, sys
for p in site.getsitepackages() + [site.getusersitepackages()] + sys.path: print(p)' 2> /dev/null)
    fi
done
pattern=(-name 'libcublas.so.*' -o -name 'libcublasLt.so.*' -o -name 'libnvrtc.so.*'
    -o -name 'libnvrtc-builtins.so.*')
found=$( ( [ ${#roots[@]} -gt 0 ] && find -L "${roots[@]}" -maxdepth 5 -type f \( "${pattern[@]}" \) \
    2> /dev/null ) | sort -u)
if ! grep -q 'libcublas\.so\.' <<< "$found"; then
    echo "(none in the usual places; searching all of / for up to 60 s)"
    # Not /tmp, and not build outputs: Hypercolumn's own forwarders and its CUDA emulator
    # have the same names but are not NVIDIA's libraries.
    found=$(timeout 60 find / -xdev \( -path /tmp -o -path /proc -o -path "$here" \) -prune \
        -o -type f \( "${pattern[@]}" \) -print 2> /dev/null \
        | grep -v -e /hypercolumn/runtime/cuda/ -e /cuda-emulator/ -e /target/ | sort -u)
fi
if [ -z "$found" ]; then
    echo "no libcublas / libnvrtc found"
fi
cuda_dirs=()
add_dir() {
    local dir=$1 known
    for known in "${cuda_dirs[@]}"; do [ "$known" = "$dir" ] && return; done
    cuda_dirs+=("$dir")
}
# Directories with CUDA 13 libraries first, then CUDA 12 ones.
for major in 13 12; do
    while IFS= read -r file; do
        [ -z "$file" ] && continue
        case $(basename "$file") in
            libcublas.so.$major* | libnvrtc.so.$major*) add_dir "$(dirname "$file")" ;;
        esac
    done <<< "$found"
done
while IFS= read -r file; do
    [ -z "$file" ] && continue
    soname=$(readelf -d "$file" 2> /dev/null | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
    echo "$file  (soname ${soname:-?})"
done <<< "$found"
fi
cuda_path=$(IFS=:; echo "${cuda_dirs[*]}")
echo "hypercolumn.cuda.path=${cuda_path:-<none>}"

section "Real CUDA 13 libraries for the tests of hypercolumn.tests.cuda13"
# The tests that load NVIDIA's NVRTC and cuBLAS 13 read them from a site-packages tree: here the
# CUDA 13 wheels that PyTorch installed (nvidia/cu13/lib), or in a rehearsal the ones the build
# unpacked (HYPERCOLUMN_CUDA_WHEELS=tests/target/cuda-wheels); beside the machine's own driver.
wheels=${HYPERCOLUMN_CUDA_WHEELS:-}
if [ -z "$wheels" ]; then
    while IFS= read -r file; do
        case $file in
            */nvidia/cu13/lib/libnvrtc.so.13)
                wheels=$out/cuda-wheels
                mkdir -p "$wheels"
                ln -sfn "${file%/nvidia/cu13/lib/libnvrtc.so.13}" "$wheels/site-packages"
                break ;;
        esac
    done <<< "$found"
fi
real_driver=()
if [ -z "${HYPERCOLUMN_CUDA_EMULATOR:-}" ] && [ -n "$libcuda" ]; then
    real_driver=(-Dhypercolumn.test.realDriver="$(dirname "$(readlink -f "$libcuda")")")
fi
echo "hypercolumn.test.cudaWheels=${wheels:-<none: those tests skip>}"

section "Tests"
classpath=$(ls "$here"/lib/*.jar | grep -v junit-platform-console | paste -sd: -)
test_dirs=$(ls -d "$here"/test-classes/* | paste -sd: -)
jvm=("$here/jre/bin/java" --add-modules jdk.incubator.vector)
if $gpu; then
    jvm+=(-Dhypercolumn.device=cuda)
    echo "device: cuda"
else
    echo "device: cpu (no GPU or driver found, so only the CPU paths run; CUDA tests skip)"
fi
if [ -n "$cuda_path" ]; then
    jvm+=(-Dhypercolumn.cuda.path="$cuda_path")
    # Also for the dynamic loader, so that a forwarder opening libcublas.so.13 by soname
    # finds it even when the runtime did not load it by path first.
    export LD_LIBRARY_PATH="$cuda_path${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
[ -n "$wheels" ] && jvm+=(-Dhypercolumn.test.cudaWheels="$wheels")
jvm+=("${real_driver[@]}")
"${jvm[0]}" -version 2>&1 | head -n 1
# The emulator's own tests check the emulator, not a GPU.
filter=(--exclude-tag emulator)
$cuda_only && filter+=(--include-tag cuda)
"${jvm[@]}" -jar "$here"/lib/junit-platform-console-standalone-*.jar execute \
    --disable-banner --disable-ansi-colors --details=tree --class-path "$classpath:$test_dirs" \
    --scan-class-path "$test_dirs" "${filter[@]}" --reports-dir "$out/junit"
tests_status=$?
echo "tests exit status: $tests_status (JUnit XML under $out/junit)"

if $bench; then
    section "Benchmark"
    if [ -d "$here/data" ]; then data_args=(--data "$here/data"); else data_args=(--synthetic "${BENCH_SAMPLES:-60000}"); fi
    device=cpu
    $gpu && device=cuda
    for run in 1 2 3; do
        echo "hypercolumn|$("${jvm[@]}" -cp "$classpath" "$BENCH_CLASS" --device "$device" "${data_args[@]}" | tail -n 1)"
    done
    if command -v python3 > /dev/null 2>&1 && python3 -c 'import torch' 2> /dev/null; then
        python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'
        for run in 1 2 3; do
            echo "pytorch|$(python3 "$here/torch_mlp.py" --device "$device" "${data_args[@]}" | tail -n 1)"
        done
    else
        echo "no python3 with torch: PyTorch's side skipped"
    fi
fi
exit $tests_status
