#!/usr/bin/env bash
# Makes (on first use) the virtual environment with today's PyTorch for the CPU that bench.sh
# and CI compare with, target/bench-venv, from the configured pip index, never touching the
# system's Python; prints the path of its python. TORCH_VERSION picks another release
# (default 2.13.0+cpu); PYTHON the interpreter that makes the environment (default /usr/bin/python3).
#   scripts/torch-venv.sh        prints target/bench-venv/bin/python
set -euo pipefail
cd "$(dirname "$0")/.."

TORCH_VERSION="${TORCH_VERSION:-2.13.0+cpu}"
PYTHON="${PYTHON:-/usr/bin/python3}"
VENV=target/bench-venv
if ! "$VENV/bin/python" -c "import torch, numpy, sys; sys.exit(torch.__version__ != '$TORCH_VERSION')" 2>/dev/null; then
  echo "Installing torch==$TORCH_VERSION and numpy into $VENV" >&2
  rm -rf "$VENV"
  mkdir -p target
  "$PYTHON" -m venv "$VENV" >&2
  "$VENV/bin/pip" install -q --disable-pip-version-check --retries 0 --timeout 30 \
    "torch==$TORCH_VERSION" numpy >&2 || {
    echo "Could not install torch==$TORCH_VERSION from the configured pip index into $VENV;" \
      "point pip at an index that serves it (pip config, PIP_INDEX_URL or PIP_FIND_LINKS)." >&2
    exit 1
  }
fi
echo "$VENV/bin/python"
