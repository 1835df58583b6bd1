#!/usr/bin/env python3
"""Mutation score per package from PIT's mutations.xml files (scripts/mutation.sh).

The score is PIT's: detected mutants (killed, timed out, memory or run error) over all
mutants, the uncovered ones counted as survivors. Subpackages are listed on their own and
folded into the package named on the command line (hypercolumn.processor.plan counts
hypercolumn.processor.plan.pointwise too). With --survivors, every mutant that was not
detected is listed (class, line, mutator, method, what PIT changed), the start of the
survivors report (scripts/mutation-survivors.md).

Exit status 2 when a package is under --target percent, so that a script can tell.
"""
import argparse
import collections
import sys
import xml.etree.ElementTree as ET

DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}


def mutants(paths):
    for path in paths:
        for m in ET.parse(path).getroot().iter("mutation"):
            yield {
                "status": m.get("status"),
                "cls": m.findtext("mutatedClass"),
                "method": m.findtext("mutatedMethod"),
                "line": int(m.findtext("lineNumber")),
                "mutator": m.findtext("mutator").rsplit(".", 1)[-1],
                "description": m.findtext("description"),
            }


def package_of(cls):
    return cls.rsplit(".", 1)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml", nargs="+", help="PIT mutations.xml files")
    parser.add_argument("--packages", required=True,
                        help="comma-separated packages to score, subpackages folded in")
    parser.add_argument("--target", type=float, default=80.0)
    parser.add_argument("--survivors", action="store_true")
    args = parser.parse_args()

    all_mutants = list(mutants(args.xml))
    roots = args.packages.split(",")
    rows = []
    for root in roots:
        inside = [m for m in all_mutants
                  if package_of(m["cls"]) == root or m["cls"].startswith(root + ".")]
        subs = sorted({package_of(m["cls"]) for m in inside} - {root})
        rows.append((root, inside, True))
        for sub in subs:
            rows.append(("  " + sub, [m for m in inside if package_of(m["cls"]) == sub], False))

    print(f"{'package':44} {'mutants':>7} {'killed':>7} {'survived':>8} {'no cover':>8} {'score':>6}")
    below = []
    for name, ms, scored in rows:
        count = collections.Counter(m["status"] for m in ms)
        detected = sum(count[s] for s in DETECTED)
        score = 100.0 * detected / len(ms) if ms else float("nan")
        print(f"{name:44} {len(ms):7} {detected:7} {count['SURVIVED']:8} "
              f"{count['NO_COVERAGE']:8} {score:5.1f}%")
        if scored and ms and score < args.target:
            below.append(name)

    if args.survivors:
        print()
        print("| class | line | mutator | method | change | status |")
        print("|---|---|---|---|---|---|")
        for m in sorted(all_mutants, key=lambda m: (m["cls"], m["line"], m["mutator"])):
            if m["status"] in DETECTED:
                continue
            if not any(m["cls"].startswith(r + ".") for r in roots):
                continue
            print(f"| {m['cls'].rsplit('.', 1)[-1]} | {m['line']} | {m['mutator']} | "
                  f"{m['method']} | {m['description']} | {m['status']} |")

    if below:
        print(f"\nunder {args.target:.0f}%: {', '.join(below)}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
