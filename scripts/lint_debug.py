"""Fails when Debug formatting (`{:?}`, `{name:?}`, `{:#?}`) appears in code the page ships.

The size-tuned release build compiles with -Zfmt-debug=none, so Debug output prints nothing
there: a message built with `{:?}` reaches users empty. clippy's use_debug only sees print!
and write!, not format!, so this scan covers the engine and the app's non-test code: files are
read up to their first `#[cfg(test)]`, and test-only modules (tests.rs, examples.rs) are skipped.

Usage: python3 scripts/lint_debug.py
"""
import pathlib
import re
import sys

ROOTS = ["src", "crates/engine/src"]
TEST_ONLY = {"tests.rs", "examples.rs"}
DEBUG = re.compile(r"\{[A-Za-z0-9_.]*:#?\?\}")

found = []
for root in ROOTS:
    for path in sorted(pathlib.Path(root).rglob("*.rs")):
        if path.name in TEST_ONLY:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if line.strip().startswith("#[cfg(test)]"):
                break
            if line.lstrip().startswith("//"):
                continue
            if DEBUG.search(line):
                found.append(f"{path}:{number}: {line.strip()}")
for line in found:
    print(line)
if found:
    sys.exit(f"{len(found)} use(s) of Debug formatting in shipped code; use Display or a name")
