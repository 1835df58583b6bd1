#!/usr/bin/env bash
# Fetches NVIDIA's CUDA 13 libraries as pip wheels and unpacks their shared libraries into
# OUT_DIR/site-packages/nvidia/..., the layout `pip install` leaves, so that the tests can load
# the real NVRTC, cuBLAS and cuDNN (every library loads and NVRTC compiles without a GPU).
#
#   fetch.sh OUT_DIR
#
# A wheel is a zip file: `pip download --no-deps` fetches it from the configured pip index and
# Python's zipfile unpacks the libraries; the wheel itself is deleted afterwards (cuBLAS and
# cuDNN are about 1 GB together). A wheel already unpacked is not fetched again. Needs python3
# with pip (Debian/Ubuntu: apt-get install python3-pip).
#
# When a wheel cannot be fetched, OUT_DIR/unavailable.txt says why and the tests that need it
# are skipped with that message; with CI=true the build fails instead. PIP_DOWNLOAD_OPTIONS adds
# options to pip (for example "--no-index --find-links /path/to/wheels").
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: fetch.sh OUT_DIR" >&2
  exit 2
fi
out=$1
site=$out/site-packages
# The versions the tests were written against; the cuDNN wheel is for the convolution layers.
wheels=(nvidia-cuda-nvrtc==13.0.88 nvidia-cublas==13.1.1.3 nvidia-cudnn-cu13==9.24.0.43)
python=${PYTHON:-python3}

unavailable() {
  mkdir -p "$out"
  echo "$1" >"$out/unavailable.txt"
  if [ "${CI:-}" = true ]; then
    echo "[cuda-wheels] ERROR: $1" >&2
    echo "[cuda-wheels] CI=true: the real CUDA 13 libraries must be tested in CI." >&2
    exit 1
  fi
  echo "[cuda-wheels] WARNING: $1; the tests against the real CUDA 13 libraries are skipped" >&2
  exit 0
}

stamp() { echo "$site/.${1/==/-}.unpacked"; }
missing=()
for wheel in "${wheels[@]}"; do
  [ -f "$(stamp "$wheel")" ] || missing+=("$wheel")
done
if [ ${#missing[@]} -eq 0 ]; then
  rm -f "$out/unavailable.txt"
  echo "[cuda-wheels] up to date in $site"
  exit 0
fi

if ! command -v "$python" >/dev/null 2>&1; then
  unavailable "$python is not installed (Debian/Ubuntu: apt-get install python3 python3-pip)"
fi
if ! "$python" -m pip --version >/dev/null 2>&1; then
  unavailable "pip is not installed for $python (Debian/Ubuntu: apt-get install python3-pip)"
fi

download=$out/download
mkdir -p "$download" "$site"
for wheel in "${missing[@]}"; do
  rm -f "$download"/*.whl
  echo "[cuda-wheels] pip download --no-deps $wheel" >&2
  # --retries 0: where the index is local, pip need not wait on an unreachable pypi.org.
  # shellcheck disable=SC2086
  if ! "$python" -m pip download --no-deps --retries 0 --timeout 15 --disable-pip-version-check \
      --dest "$download" ${PIP_DOWNLOAD_OPTIONS:-} "$wheel" >"$download/pip.log" 2>&1; then
    unavailable "pip could not download $wheel from the configured index: $(tail -n 1 "$download/pip.log")"
  fi
  file=$(ls "$download"/*.whl)
  # Only the shared libraries (headers and Python files are not needed); not the .alt variants
  # of NVRTC, which the runtime never loads.
  "$python" - "$file" "$site" <<'PY'
import sys, zipfile
wheel, site = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as archive:
    names = [n for n in archive.namelist()
             if n.startswith("nvidia/") and "/lib/" in n and ".so" in n and ".alt." not in n]
    if not names:
        sys.exit(f"{wheel} holds no nvidia/*/lib/*.so*")
    for name in names:
        archive.extract(name, site)
PY
  rm -f "$file"
  touch "$(stamp "$wheel")"
  echo "[cuda-wheels] unpacked $(basename "$file") into $site" >&2
done
rm -f "$out/unavailable.txt"
echo "[cuda-wheels] $site: ${wheels[*]}"
