#!/usr/bin/env bash
# Builds and runs the project of the README's "Use it in your project" section as a user would:
# its files exactly as written (.ci/readme-project.py takes them from the README), the README's
# install command, then its run command, once on each JDK given as a JAVA_HOME (default: the
# java on the PATH). Fails if the README's commands change without this script, if the project
# does not build, or if the example's test accuracy is below 0.9. A scratch copy of
# ~/.m2/repository stands in for the user's own, so nothing is installed into that.
set -euo pipefail
cd "$(dirname "$0")/.."

INSTALL="mvn -B install -DskipTests"
RUN="mvn -q compile exec:java"
work=target/readme-project
rm -rf "$work"
mkdir -p "$work"
python3 .ci/readme-project.py README.md "$work/project" | tee "$work/extract.txt"
for command in "$INSTALL" "$RUN"; do
  if ! sed -n '/^commands:$/,$p' "$work/extract.txt" | grep -qxF -- "$command"; then
    echo "ERROR: the README's 'Use it in your project' no longer shows '$command';" \
      "update .ci/readme-project.sh to run what it shows." >&2
    exit 1
  fi
done

repo="$PWD/$work/m2"
if [ -d "$HOME/.m2/repository" ]; then
  cp -a "$HOME/.m2/repository" "$repo"
fi
echo "readme-project: $INSTALL (local repository $repo)" >&2
$INSTALL -q -Dmaven.repo.local="$repo" -Dstyle.color=never

[ $# -gt 0 ] || set -- "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
for jdk in "$@"; do
  version=$("$jdk/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  log="$PWD/$work/run-jdk-$version.log"
  rm -rf "$work/project/target" "$work/project/iris.safetensors"
  echo "readme-project: $RUN on JDK $version" >&2
  if ! (cd "$work/project" && JAVA_HOME="$jdk" $RUN -Dmaven.repo.local="$repo" -Dstyle.color=never) \
      >"$log" 2>&1; then
    cat "$log" >&2
    echo "ERROR: the README's project failed to build or run on JDK $version (log: $log)" >&2
    exit 1
  fi
  accuracy=$(sed -n 's/^Test: loss [0-9.]*  acc \([0-9.]*\) over .*/\1/p' "$log")
  if [ -z "$accuracy" ] || ! python3 -c "import sys; sys.exit(not float('$accuracy') >= 0.9)"; then
    cat "$log" >&2
    echo "ERROR: the README's project on JDK $version: expected a test accuracy of at least 0.9," \
      "found '${accuracy:-no Test: line}'" >&2
    exit 1
  fi
  grep -q ' cm: ' "$log" || { cat "$log" >&2; echo "ERROR: no prediction line on JDK $version" >&2; exit 1; }
  echo "readme-project: JDK $version: test accuracy $accuracy; $(grep ' cm: ' "$log")"
done
