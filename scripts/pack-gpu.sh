#!/usr/bin/env bash
# Builds Hypercolumn and writes a self-contained folder to run its tests (and a benchmark) on a
# GPU machine that has no Java, no Maven and no network: a jlink'ed Java 17 runtime, the jars,
# the test classes, the JUnit console launcher and run.sh. See scripts/README.md.
#
#   scripts/pack-gpu.sh [OUTPUT_DIR]     (default: target/gpu-pack)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
pack=${1:-$root/target/gpu-pack}
case $pack in /*) ;; *) pack=$PWD/$pack ;; esac
junit_console_version=1.14.4   # the platform release that goes with JUnit 5.14.4 (root pom)
console_jar=junit-platform-console-standalone-$junit_console_version.jar

say() { echo "[pack-gpu] $*" >&2; }

# The JDK: JAVA_HOME if set, else the one javac comes from. It must be 17: the pack's runtime
# is made from its modules and the classes target release 17.
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ]; then
    jdk=$JAVA_HOME
else
    jdk=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
fi
jdk_version=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F' = ' '/java.specification.version/ { print $2 }')
if [ "$jdk_version" != "17" ]; then
    say "ERROR: expected a JDK 17 (JAVA_HOME or javac on PATH), found $jdk_version at $jdk"
    exit 1
fi

say "building (mvn -B -q package -DskipTests)"
cd "$root"
# With each module's run-time dependencies copied to its target/dependency, so the CUDA
# device's (JCuda) come as Maven resolved them.
mvn -B -q -Dstyle.color=never package -DskipTests dependency:copy-dependencies \
    -DincludeScope=runtime -DexcludeGroupIds=dev.hypercolumn
mvn -B -q -Dstyle.color=never dependency:copy \
    -Dartifact=org.junit.platform:junit-platform-console-standalone:$junit_console_version \
    -DoutputDirectory="$root/target/pack-downloads"

cuda_jar=$(ls runtime/cuda/target/hypercolumn-runtime-cuda-*.jar | grep -v -e sources -e tests | head -n 1)
if ! unzip -l "$cuda_jar" | grep -q 'hypercolumn/runtime/cuda/linux-x86_64/libcublas.so.12'; then
    say "WARNING: $cuda_jar has no CUDA 13 forwarding libraries (was gcc missing?);"
    say "         the pack will only work where CUDA 12 libraries are installed"
fi

rm -rf "$pack"
mkdir -p "$pack/lib" "$pack/test-classes"

for module in annotations runtime runtime/cuda samples benchmarks; do
    cp "$(ls "$module"/target/hypercolumn-"${module/\//-}"-*.jar | grep -v -e sources -e tests | head -n 1)" \
        "$pack/lib/"
done
cp "$root/target/pack-downloads/$console_jar" "$pack/lib/"

# JCuda's jars; its natives jar loses the 24 MB PTX compiler, which nothing here uses (the
# runtime compiles with NVRTC and loads PTX with the driver API).
for jar in runtime/cuda/target/dependency/*.jar; do
    name=$(basename "$jar")
    case $name in
        jcuda-natives-*)
            scratch=$(mktemp -d)
            (cd "$scratch" && unzip -q "$root/$jar" && rm -f lib/libJNvPTXCompiler-*)
            "$jdk/bin/jar" --create --no-manifest --file "$pack/lib/$name" -C "$scratch" .
            rm -rf "$scratch"
            ;;
        *) cp "$jar" "$pack/lib/" ;;
    esac
done

# Test classes as directories, not jars: some tests open their fixtures as files.
for module in runtime runtime/cuda tests benchmarks; do
    if [ -d "$module/target/test-classes" ]; then
        cp -r "$module/target/test-classes" "$pack/test-classes/${module/\//-}"
    fi
done

# The Java runtime: what jdeps finds the jars and tests need, plus the modules named here
# (the Vector API, Unsafe for the tests, logging for JCuda, XML for the JUnit reports).
modules=$("$jdk/bin/jdeps" -q --multi-release 17 --ignore-missing-deps --print-module-deps \
    --class-path "$(ls "$pack"/lib/*.jar | paste -sd: -)" "$pack"/lib/*.jar "$pack"/test-classes/* 2> /dev/null || true)
modules=$(printf '%s\n' ${modules//,/ } java.base java.logging java.xml java.management \
    jdk.incubator.vector jdk.unsupported | sort -u | paste -sd, -)
say "jlink: $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=2 --output "$pack/jre"
# --strip-debug leaves the symbol tables of the JVM's own libraries (about 4 MB on Debian).
if command -v strip > /dev/null; then
    strip --strip-unneeded "$pack"/jre/lib/server/libjvm.so "$pack"/jre/lib/*.so
fi

cp "$root/scripts/gpu-pack-run.sh" "$pack/run.sh"
cp "$root/benchmarks/scripts/torch_mlp.py" "$pack/torch_mlp.py"
chmod +x "$pack/run.sh"

say "wrote $pack: $(du -sh "$pack" | cut -f1) ($(du -sb "$pack" | cut -f1) bytes)"
du -sh "$pack/jre" "$pack/lib" "$pack/test-classes" >&2
