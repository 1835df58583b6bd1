#!/usr/bin/env bash
# Plants four known bugs, one at a time, each in a scratch clone of the committed tree, runs the
# whole test suite there, and expects it to fail, naming the tests that caught each:
#
#   dropout-scale     inverted dropout scales kept values by 1-p instead of 1/(1-p)
#   cuda-nan          every generated CUDA kernel stores NaN
#   adam-sqrt         Adam's second-moment bias correction loses its square root
#   golden-over-bug   the dropout bug, then the processor's goldens regenerated over it: the
#                     golden test passes, and an independent test must still fail
#
#   scripts/plant-mutants.sh [SCRATCH_DIR] [MUTANT...]
#
# Exits 0 when every mutant was caught by the tests expected to catch it, else 1. Takes about
# three minutes a mutant on two cores (a full build and `mvn verify` each). Not part of CI.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${1:-$(mktemp -d -t hypercolumn-mutants-XXXXXX)}"
[ $# -gt 0 ] && shift
mutants=("$@")
[ ${#mutants[@]} -gt 0 ] || mutants=(dropout-scale cuda-nan adam-sqrt golden-over-bug)
unset CI # the skip check is CI's business; here only failures count

# replace FILE OLD NEW: exactly one occurrence, or the mutant is not planted and the script stops.
replace() {
  python3 - "$@" <<'PY'
import sys
path, old, new = sys.argv[1:4]
text = open(path, encoding="utf-8").read()
if text.count(old) != 1:
    sys.exit(f"plant-mutants: expected one occurrence of {old!r} in {path}, found {text.count(old)}")
open(path, "w", encoding="utf-8").write(text.replace(old, new))
PY
}

plant() {
  case "$1" in
    dropout-scale|golden-over-bug)
      replace processor/src/main/java/hypercolumn/processor/plan/pointwise/PointwiseKernels.java \
        'return 1f / (float) (1.0 - rate);' 'return (float) (1.0 - rate);' ;;
    cuda-nan)
      replace processor/src/main/java/hypercolumn/processor/emit/cuda/CudaKernelWriter.java \
        'return element(store.buffer()) + " = " + expr(store.value()) + ";";' \
        'return element(store.buffer()) + " = (" + expr(store.value()) + ") * (0.0f / 0.0f);";' ;;
    adam-sqrt)
      replace runtime/src/main/java/hypercolumn/runtime/AdamBiasCorrection.java \
        'return (float) Math.sqrt(1 - Math.pow(beta2, step));' 'return (float) (1 - Math.pow(beta2, step));' ;;
    *) echo "plant-mutants: unknown mutant $1" >&2; exit 2 ;;
  esac
}

# The test classes each mutant must be caught by (at least these; others may fail too).
expected_catchers() {
  case "$1" in
    dropout-scale) echo "DropoutStatisticsTest" ;;
    cuda-nan) echo "CudaKernelsOnHostTest" ;;
    adam-sqrt) echo "AdamTest OptimizerGoldenTest" ;;
    golden-over-bug) echo "DropoutStatisticsTest" ;;
  esac
}

# failed_tests: Class#method of every failure or error in the clone's surefire reports.
failed_tests() {
  python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
for path in sorted(glob.glob("*/target/surefire-reports/TEST-*.xml")):
    for case in ET.parse(path).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            print(f"{case.get('classname').rsplit('.', 1)[-1]}#{case.get('name')}")
PY
}

survivors=()
for mutant in "${mutants[@]}"; do
  clone="$scratch/$mutant"
  rm -rf "$clone"
  git clone -q --no-hardlinks "$root" "$clone"
  echo "== $mutant: planted in $clone"
  (
    cd "$clone"
    plant "$mutant"
    git --no-pager diff --stat
    if [ "$mutant" = golden-over-bug ]; then
      # The processor's tests need the runtime in the reactor.
      if ! mvn -B -o verify -pl annotations,runtime,processor -Dtest=GeneratedCodeTest \
          -Dsurefire.failIfNoSpecifiedTests=false -Dhypercolumn.regenerateGolden=true \
          > "$clone/regenerate.log" 2>&1; then
        echo "   regenerating the goldens failed (log: $clone/regenerate.log)" >&2
        exit 1
      fi
      git --no-pager diff --stat -- processor/src/test/resources/golden
    fi
    mvn -B -o verify -Dmaven.test.failure.ignore=true > "$clone/verify.log" 2>&1 || true
  )
  caught="$(cd "$clone" && failed_tests)"
  if [ -z "$caught" ]; then
    echo "   SURVIVED: no test failed (log: $clone/verify.log)"
    survivors+=("$mutant")
    continue
  fi
  echo "   caught by $(echo "$caught" | wc -l) tests:"
  echo "$caught" | sed 's/^/     /'
  for test in $(expected_catchers "$mutant"); do
    if ! grep -q "^$test#" <<<"$caught"; then
      echo "   but not by $test, which should catch it"
      survivors+=("$mutant")
    fi
  done
  if [ "$mutant" = golden-over-bug ] && grep -q "^GeneratedCodeTest#" <<<"$caught"; then
    echo "   (the regenerated goldens still failed: the regeneration did not take)"
    survivors+=("$mutant")
  fi
done

if [ ${#survivors[@]} -gt 0 ]; then
  echo "plant-mutants: not caught as expected: ${survivors[*]}"
  exit 1
fi
echo "plant-mutants: every mutant was caught (${mutants[*]})"
