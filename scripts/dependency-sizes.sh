#!/usr/bin/env bash
# The total size of the jars a project pulls when it trains with Hypercolumn on CPUs only, with
# Hypercolumn on CUDA, with Deeplearning4j and with DJL: for each, a scratch project with just
# those dependencies runs `mvn dependency:copy-dependencies` and the copied jars are added up.
# Hypercolumn's artifacts come from this checkout, installed into a scratch local repository
# (never into ~/.m2, which other builds share). Prints a Markdown table.
#   scripts/dependency-sizes.sh                  every row
#   scripts/dependency-sizes.sh --third-party    DL4J's and DJL's rows only (no build here)
# REPO (default /tmp/seams-m2) is the scratch local repository; it starts as a copy of ~/.m2 so
# that the build finds its plugins without downloading them again.
set -euo pipefail
cd "$(dirname "$0")/.."

repo=${REPO:-/tmp/seams-m2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The project's version: the first <version> of the root pom.
version=$(grep -m 1 -oP '(?<=<version>)[^<]+' pom.xml)
dl4j=1.0.0-M2.1
djl_api=0.36.0
djl_pytorch=0.36.0
torch=2.7.1   # the PyTorch that pytorch-engine 0.36.0 loads

if [ ! -d "$repo" ]; then
  mkdir -p "$repo"
  cp -r "$HOME/.m2/repository/." "$repo/"
fi

# A dependency as groupId:artifactId:version[:classifier] -> its <dependency> element.
dependency() {
  IFS=: read -r g a v c <<< "$1"
  printf '<dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>%s</dependency>\n' \
    "$g" "$a" "$v" "${c:+<classifier>$c</classifier>}"
}

# Copies the runtime class path of a project with the given dependencies; prints
# "<jars> <bytes> <native bytes>", natives being the jars with .so, .dll, .dylib or .jnilib files.
measure() {
  local dir="$work/$1"; shift
  mkdir -p "$dir"
  {
    echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
    echo '<groupId>scratch</groupId><artifactId>scratch</artifactId><version>1</version>'
    echo '<dependencies>'
    for d in "$@"; do dependency "$d"; done
    echo '</dependencies></project>'
  } > "$dir/pom.xml"
  (cd "$dir" && mvn -B -q -Dmaven.repo.local="$repo" \
    org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory=lib) >&2
  local jars=0 bytes=0 natives=0 size
  for jar in "$dir"/lib/*.jar; do
    size=$(stat -c %s "$jar")
    jars=$((jars + 1)); bytes=$((bytes + size))
    # grep without -q reads the whole listing: an early exit would fail the pipe (pipefail).
    if unzip -Z1 "$jar" 2>/dev/null | grep -E '\.(so(\.[0-9]+)*|dll|dylib|jnilib)$' > /dev/null; then
      natives=$((natives + size))
    fi
  done
  largest=$(ls -S "$dir"/lib | head -n 3 | paste -sd, - | sed 's/,/, /g')
  echo "$jars $bytes $natives $largest"
}

row() {
  local name=$1; shift
  read -r jars bytes natives largest < <(measure "$(echo "$name" | tr -c 'a-zA-Z0-9' _)" "$@")
  awk -v n="$name" -v j="$jars" -v b="$bytes" -v nb="$natives" -v d="$*" -v l="$largest" 'BEGIN {
    gsub(/ /, "` `", d)
    printf "| %s | %d | %.1f MB | %.1f MB | `%s` | %s |\n", n, j, b / 1e6, nb / 1e6, d, l }'
}

echo "| project | jars | total | in jars with native libraries | dependencies | largest jars |"
echo "| --- | ---: | ---: | ---: | --- | --- |"
if [ "${1:-}" != "--third-party" ]; then
  mvn -B -q -o -Dmaven.repo.local="$repo" -DskipTests install \
    -pl annotations,runtime,runtime/cuda -am >&2
  row "Hypercolumn, CPU only" "dev.hypercolumn:hypercolumn-runtime:$version"
  row "Hypercolumn, CUDA" "dev.hypercolumn:hypercolumn-runtime-cuda:$version"
fi
row "DL4J, all platforms" "org.deeplearning4j:deeplearning4j-core:$dl4j" \
  "org.nd4j:nd4j-native-platform:$dl4j"
row "DL4J, linux-x86_64 only" "org.deeplearning4j:deeplearning4j-core:$dl4j" \
  "org.nd4j:nd4j-native:$dl4j" "org.nd4j:nd4j-native:$dl4j:linux-x86_64"
row "DJL with PyTorch (before its download)" "ai.djl:api:$djl_api" \
  "ai.djl.pytorch:pytorch-engine:$djl_pytorch"
# DJL downloads PyTorch's native library at first use unless these jars hold it: the same
# libraries, so their size is the download's.
row "DJL with PyTorch, natives as jars" "ai.djl:api:$djl_api" \
  "ai.djl.pytorch:pytorch-engine:$djl_pytorch" \
  "ai.djl.pytorch:pytorch-native-cpu:$torch:linux-x86_64" \
  "ai.djl.pytorch:pytorch-jni:$torch-$djl_pytorch"
