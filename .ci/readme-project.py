#!/usr/bin/env python3
"""Writes the project of the README's "Use it in your project" section into a directory.

Each file is a fenced block whose paragraph before it starts with the file's path in
backticks, for example "`pom.xml`: the runtime as a dependency ...". The section's shell
commands are printed, one per line, after "commands:", so the caller can check it runs the
ones the README shows. Exits 1, saying what is missing, if the section has none of the files.
"""
import pathlib
import re
import sys

SECTION = "## Use it in your project"
EXPECTED_FILES = ["pom.xml", ".mvn/jvm.config"]


def main(readme, target):
    text = pathlib.Path(readme).read_text(encoding="utf-8")
    start = text.find(SECTION)
    if start < 0:
        sys.exit(f"{readme}: no section '{SECTION}'")
    end = text.find("\n## ", start + len(SECTION))
    section = text[start:end if end > 0 else len(text)]
    files, commands = {}, []
    # A paragraph (lines without a blank one between them), a blank line, a fenced block.
    block = re.compile(r"^((?:(?!```)[^\n]+\n)+)\n```(\w*)\n(.*?)\n```", re.M | re.S)
    for paragraph, info, body in block.findall(section):
        named = re.match(r"`([\w.][\w./-]*)`", paragraph)
        if named:
            files[named.group(1)] = body + "\n"
        elif info == "":
            commands.extend(line for line in body.split("\n") if line.startswith("mvn "))
    missing = [f for f in EXPECTED_FILES if f not in files] + ([] if any(f.endswith(".java") for f in files) else ["a .java file"])
    if missing:
        sys.exit(f"{readme}: section '{SECTION}' lacks {', '.join(missing)}; found {sorted(files)}")
    root = pathlib.Path(target)
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
        print(f"wrote {path}")
    print("commands:")
    for command in commands:
        print(command)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: readme-project.py README.md TARGET_DIRECTORY")
    main(sys.argv[1], sys.argv[2])
