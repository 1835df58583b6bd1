#!/usr/bin/env python3
"""Fails when a test was skipped that .ci/allowed-skips.txt does not allow.

    check-skips.py REPORTS_DIR...   check the surefire reports in these folders (Maven calls it
                                    per module at verify when CI=true, see the parent pom)
    check-skips.py --summary ROOT   the same over every module under ROOT, then print the test
                                    counts and the allowed skips with their reasons (.ci/run
                                    ends with it)

A test that is skipped silently is a check that did not run while the build says it passed:
with CI=true every precondition must be present, so a skip is a failure unless it is listed,
with its reason, in .ci/allowed-skips.txt ("Class#method  reason", '#' comments).
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

ALLOWED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "allowed-skips.txt")


def allowed_skips():
    allowed = {}
    with open(ALLOWED, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            test, _, reason = line.partition(" ")
            if "#" not in test or not reason.strip():
                sys.exit(f"{ALLOWED}:{number}: expected 'Class#method  reason', found: {line}")
            allowed[test] = reason.strip()
    return allowed


def results(report_dirs):
    """(tests, failures, skipped [(test, message)]) over the TEST-*.xml files in these folders."""
    tests = failures = 0
    skipped = []
    for folder in report_dirs:
        for path in sorted(glob.glob(os.path.join(folder, "TEST-*.xml"))):
            for case in ET.parse(path).getroot().iter("testcase"):
                tests += 1
                name = f"{case.get('classname')}#{case.get('name')}"
                if case.find("failure") is not None or case.find("error") is not None:
                    failures += 1
                skip = case.find("skipped")
                if skip is not None:
                    text = (skip.text or "").strip().splitlines()
                    message = skip.get("message") or (text[0] if text else "")
                    skipped.append((name, message))
    return tests, failures, skipped


def is_allowed(name, allowed):
    # Parameterized cases are reported as method(args)[n]: an entry names the method.
    method = name.split("(")[0].split("[")[0]
    return name in allowed or method in allowed


def main(argv):
    summary = len(argv) == 2 and argv[0] == "--summary"
    if summary:
        folders = sorted(glob.glob(os.path.join(argv[1], "*", "target", "surefire-reports"))
                         + glob.glob(os.path.join(argv[1], "*", "*", "target", "surefire-reports")))
    else:
        folders = [d for d in argv if os.path.isdir(d)]
    allowed = allowed_skips()
    tests, failures, skipped = results(folders)
    unexplained = [(n, m) for n, m in skipped if not is_allowed(n, allowed)]
    if summary:
        for folder in folders:
            module = folder.split(os.sep)[-3]
            t, f, s = results([folder])
            print(f"tests: {module}: {t} run, {f} failed, {len(s)} skipped")
        print(f"tests: all modules: {tests} run, {failures} failed, {len(skipped)} skipped, "
              f"{len(unexplained)} of them not allowed")
        explained = [(n, allowed.get(n) or allowed[n.split("(")[0].split("[")[0]])
                     for n, _ in skipped if is_allowed(n, allowed)]
        print("allowed skips: " + ("none" if not explained else ""))
        for name, reason in explained:
            print(f"  {name}: {reason}")
    for name, message in unexplained:
        print(f"[ERROR] skipped, and not allowed by .ci/allowed-skips.txt: {name}: {message}")
    if unexplained:
        print("[ERROR] With CI=true every test must run: install what it needs (see .ci/run), or "
              "add it to .ci/allowed-skips.txt with the reason.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
