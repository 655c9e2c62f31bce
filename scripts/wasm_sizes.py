#!/usr/bin/env python3
"""What each part of the engine and app costs in the wasm: code bytes per module path.

Reads a wasm file built with its name section (cargo's own output, before wasm-bindgen and
wasm-opt strip it), attributes each function body's size to its demangled path, and sums
them per prefix. Sizes are before wasm-opt and gzip, so compare them with each other, not
with the bundle budget.

    python3 scripts/wasm_sizes.py target/web/wasm32-unknown-unknown/release/posture-app.wasm [DEPTH]
    python3 scripts/wasm_sizes.py NEW.wasm DEPTH OLD.wasm     # and what changed
"""
import re
import sys
from collections import Counter


def leb(data, i):
    result = shift = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def sections(data):
    i = 8
    while i < len(data):
        sid = data[i]
        size, j = leb(data, i + 1)
        yield sid, data[j:j + size]
        i = j + size


def function_sizes(path):
    data = open(path, "rb").read()
    imported = 0
    bodies = []
    names = {}
    for sid, body in sections(data):
        if sid == 2:  # imports: functions among them take the first indices
            count, i = leb(body, 0)
            for _ in range(count):
                for _ in range(2):
                    n, i = leb(body, i)
                    i += n
                kind = body[i]
                i += 1
                if kind == 0:
                    _, i = leb(body, i)
                    imported += 1
                elif kind == 1:
                    i += 1
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 2:
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 3:
                    i += 2
        elif sid == 10:
            count, i = leb(body, 0)
            for _ in range(count):
                size, i = leb(body, i)
                bodies.append(size)
                i += size
        elif sid == 0:
            n, i = leb(body, 0)
            if body[i:i + n] != b"name":
                continue
            i += n
            while i < len(body):
                sub = body[i]
                size, i = leb(body, i + 1)
                end = i + size
                if sub == 1:
                    count, k = leb(body, i)
                    for _ in range(count):
                        idx, k = leb(body, k)
                        ln, k = leb(body, k)
                        names[idx] = body[k:k + ln].decode("utf-8", "replace")
                        k += ln
                i = end
    sizes = Counter()
    for n, size in enumerate(bodies):
        sizes[names.get(imported + n, "?")] += size
    return sizes


def v0_path(name):
    """The crate and the identifiers after it in a v0-mangled symbol (`_RNv…14posture_engine
    10frameworks3all` → posture_engine::frameworks::all): enough to group by module."""
    m = re.search(r"C(?:s[0-9A-Za-z]*_)?(\d+)", name)
    if not m:
        return None
    parts = []
    i = m.start(1)
    while i < len(name):
        d = re.match(r"(\d+)", name[i:])
        if not d:
            i += 1
            continue
        n = int(d.group(1))
        start = i + len(d.group(1))
        ident = name[start:start + n]
        if n and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", ident):
            parts.append(ident)
            i = start + n
        else:
            i = start
    return "::".join(parts)


def module_of(name, depth):
    # Legacy mangling demangled by the name section already looks like `a::b::c::h1234`;
    # generic impls look like `<a::b::T as c::d::Trait>::f`: take the implementing type.
    if name.startswith("_R"):
        name = v0_path(name) or name
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    m = re.match(r"<(?:&(?:mut )?)?([\w:]+)", name)
    path = m.group(1) if m and name.startswith("<") else name
    parts = [p for p in path.split("::") if p]
    return "::".join(parts[:depth]) if parts else "?"


def totals(path, depth):
    out = Counter()
    for name, size in function_sizes(path).items():
        out[module_of(name, depth)] += size
    return out


def main():
    path = sys.argv[1]
    depth = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    new = totals(path, depth)
    if len(sys.argv) > 3:
        old = totals(sys.argv[3], depth)
        delta = Counter({k: new[k] - old[k] for k in set(new) | set(old)})
        print(f"{'change':>9}  {'now':>9}  module")
        for k, d in sorted(delta.items(), key=lambda kv: -abs(kv[1]))[:40]:
            if d:
                print(f"{d:+9,}  {new[k]:9,}  {k}")
        print(f"{sum(new.values()) - sum(old.values()):+9,}  {sum(new.values()):9,}  total")
        return
    for k, size in new.most_common(40):
        print(f"{size:9,}  {k}")
    print(f"{sum(new.values()):9,}  total code")


if __name__ == "__main__":
    main()
