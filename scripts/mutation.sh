#!/usr/bin/env bash
# Mutation testing with PIT: how many small bugs planted in the code do the tests catch?
#
#   scripts/mutation.sh              both parts below, then the score per package
#   scripts/mutation.sh runtime      only the runtime's train, io and cpu packages
#   scripts/mutation.sh processor    only the processor's check and plan packages
#   scripts/mutation.sh scores       only print the scores of the last run's reports
#
# Extra arguments after the part go to Maven (for example -o once everything is downloaded).
#
# What runs (the `mutation` profile of the poms; a plain `mvn verify` never runs PIT):
#   runtime    PIT runs in the tests module and mutates the runtime's classes (crossModule),
#              running every suite that reaches them: the tests module's (PyTorch goldens,
#              gradient checks, both devices, the CUDA device on the emulator) and the
#              runtime's own. Report: tests/target/pit-reports/index.html.
#   processor  PIT runs in the processor module with its own tests (compile-testing runs the
#              processor in the test's JVM). The tests module cannot kill these mutants: there
#              the processor runs inside javac while the networks compile, not in the JVM that
#              runs the tests. Report: processor/target/pit-reports/index.html.
# Both write mutations.xml next to index.html; scripts/mutation_scores.py reads them.
# Surefire is skipped in the profile: PIT runs each suite unmutated first and stops when one
# fails. Benchmarks (*Bench) are excluded. The survivors and their reasons:
# scripts/mutation-survivors.md.
#
# Exit status: Maven's when it fails; otherwise 2 when a package scores under 80%.
set -euo pipefail
cd "$(dirname "$0")/.."

part=${1:-all}
[ $# -gt 0 ] && shift
case "$part" in
  all) skip=() ;;
  runtime) skip=(-Dmutation.skip.processor=true) ;;
  processor) skip=(-Dmutation.skip.runtime=true) ;;
  scores) skip=() ;;
  *) echo "usage: $0 [all|runtime|processor|scores] [maven arguments]" >&2; exit 64 ;;
esac

runtime_xml=tests/target/pit-reports/mutations.xml
processor_xml=processor/target/pit-reports/mutations.xml
start=$(date +%s)
if [ "$part" != scores ]; then
  # `test`, not `verify`: the tests module must see the runtime's test classes as a directory
  # (the reactor's stand-in for the test-jar before it is packaged), where PIT looks for tests.
  mvn -B -Pmutation "${skip[@]}" "$@" test -pl annotations,processor,runtime,runtime/cuda,tests
fi
elapsed=$(( $(date +%s) - start ))

status=0
print_scores() { # label, packages, report
  if [ -f "$3" ]; then
    echo "== $1 ($3)"
    python3 scripts/mutation_scores.py --packages "$2" "$3" || status=$?
  else
    echo "== $1: no report at $3"
  fi
}
[ "$part" = processor ] || print_scores runtime \
  hypercolumn.runtime.train,hypercolumn.runtime.io,hypercolumn.runtime.cpu "$runtime_xml"
[ "$part" = runtime ] || print_scores processor \
  hypercolumn.processor.check,hypercolumn.processor.plan "$processor_xml"
[ "$part" = scores ] || printf 'mutation.sh %s took %dm%02ds\n' "$part" $((elapsed / 60)) $((elapsed % 60))
exit $status
