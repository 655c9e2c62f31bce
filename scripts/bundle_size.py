"""Prints the gzip size of each shipped .wasm, .js and .css in a build and fails above the budget.

Usage: python3 scripts/bundle_size.py DIST BUDGET_BYTES
"""
import gzip
import pathlib
import sys

dist = pathlib.Path(sys.argv[1])
budget = int(sys.argv[2])
files = sorted(p for p in dist.iterdir() if p.suffix in {".wasm", ".js", ".css"})
if not files:
    sys.exit(f"no .wasm/.js/.css files in {dist}; was it built?")
total = 0
for path in files:
    data = path.read_bytes()
    # mtime=0 keeps the figure deterministic.
    size = len(gzip.compress(data, compresslevel=9, mtime=0))
    total += size
    print(f"  {path.name:<48} {len(data):>9,} B raw {size:>9,} B gzip")
print(f"  {'total':<48} {'':>16} {total:>9,} B gzip (budget {budget:,} B)")
if total > budget:
    sys.exit(f"bundle is {total - budget:,} B over the {budget:,} B budget")
