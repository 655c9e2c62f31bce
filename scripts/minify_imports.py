"""Trunk post-build step: give the wasm module's imports and exports short names.

wasm-bindgen names each JavaScript function the module imports after the Web API it calls plus
a 16-digit hash (`__wbg_addEventListener_f2d27251d333a631`), and each name is written twice:
in the module's import section and as a key of the glue's import object. About 180 such
names are some 13 KB of text, a fifth of it random hex that gzip cannot shrink; short names
save about 4 KB gzip of the bundle budget. Exports with long names (`__wbindgen_malloc`,
closure shims) are renamed the same way: the glue reads them as `wasm.<name>`; and the import
module `./posture-app_bg.js`, written before each import's name, becomes `m`.

The names are replaced as whole words in the glue and nowhere else; the step fails if a name
it renames does not occur in the glue, or if a new name already occurs there. The wasm file's
subresource-integrity hash in index.html is updated to match (the glue's is updated by the
minify step that runs after this one)."""
import base64
import glob
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wasm_sizes import leb  # noqa: E402  (the same LEB128 reader)


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def name(data, i):
    n, i = leb(data, i)
    return data[i:i + n].decode(), i + n


def short_names(taken):
    """`$0`, `$1`, … `$a`, …: valid JavaScript identifiers that wasm-bindgen never writes."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    n = 0
    while True:
        k, s = n, ""
        while True:
            s = digits[k % len(digits)] + s
            k //= len(digits)
            if not k:
                break
        n += 1
        if "$" + s not in taken:
            yield "$" + s


def import_entry_end(body, i):
    """The offset after an import entry's description, from just after its two names."""
    kind = body[i]
    i += 1
    if kind == 0:  # function: type index
        _, i = leb(body, i)
    elif kind == 1:  # table: element type, limits
        i += 1
        flags, i = leb(body, i)
        _, i = leb(body, i)
        if flags & 1:
            _, i = leb(body, i)
    elif kind == 2:  # memory: limits
        flags, i = leb(body, i)
        _, i = leb(body, i)
        if flags & 1:
            _, i = leb(body, i)
    elif kind == 3:  # global: value type, mutability
        i += 2
    else:
        sys.exit(f"minify_imports: unknown import kind {kind}")
    return i


# The glue's one import module, written before every import's name; it becomes `m`.
GLUE_MODULE = "./posture-app_bg.js"


def rename_section(body, renames, fresh, is_import):
    count, i = leb(body, 0)
    out = bytearray(uleb(count))
    for _ in range(count):
        if is_import:
            module, i = name(body, i)
            module = "m" if module == GLUE_MODULE else module
            out += uleb(len(module.encode())) + module.encode()
        field, i = name(body, i)
        start = i
        if is_import:
            i = import_entry_end(body, i)
        else:
            i += 1  # export kind
            _, i = leb(body, i)
        # Only wasm-bindgen's long generated names: `memory` and the like stay as they are.
        if len(field) > 8 and field.startswith(("__wbg", "__wbindgen", "__externref", "closure", "wasm_bindgen")):
            renames.setdefault(field, next(fresh))
            field = renames[field]
        out += uleb(len(field.encode())) + field.encode() + body[start:i]
    return bytes(out)


def main():
    staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else None)
    if not staging:
        sys.exit("TRUNK_STAGING_DIR is not set; run this from Trunk's post_build hook")
    index = os.path.join(staging, "index.html")
    html = open(index, encoding="utf-8").read()
    for wasm_path in glob.glob(os.path.join(staging, "posture-app-*_bg.wasm")):
        js_path = wasm_path[: -len("_bg.wasm")] + ".js"
        js = open(js_path, encoding="utf-8").read()
        data = open(wasm_path, "rb").read()
        taken = set(re.findall(r"\$[0-9A-Za-z]+", js))
        fresh = short_names(taken)
        renames = {}
        out = bytearray(data[:8])
        i = 8
        while i < len(data):
            sid = data[i]
            size, j = leb(data, i + 1)
            body = data[j:j + size]
            if sid in (2, 7):
                body = rename_section(body, renames, fresh, is_import=sid == 2)
            out += bytes([sid]) + uleb(len(body)) + body
            i = j + size
        # The import object's key for the glue module, written once in the glue.
        key = '"' + GLUE_MODULE + '":'
        if js.count(key) != 1:
            sys.exit(f"minify_imports: expected the key {key} once in {os.path.basename(js_path)}")
        js = js.replace(key, "m:")
        for old, new in renames.items():
            pattern = re.compile(r"(?<![\w$])" + re.escape(old) + r"(?![\w$])")
            js, count = pattern.subn(new, js)
            if count == 0:
                sys.exit(f"minify_imports: {old} is not in {os.path.basename(js_path)}")
        open(js_path, "w", encoding="utf-8").write(js)
        open(wasm_path, "wb").write(bytes(out))
        digest = base64.b64encode(hashlib.sha384(bytes(out)).digest()).decode()
        wasm_name = re.escape(os.path.basename(wasm_path))
        link = re.compile(r'(<link[^>]*href="?(?:\./|/)?' + wasm_name + r'"?[^>]*integrity=)("?)sha384-[A-Za-z0-9+/=]+')
        html, count = link.subn(lambda m: f"{m.group(1)}{m.group(2)}sha384-{digest}", html)
        if count != 1:
            sys.exit(f"expected one integrity attribute for {os.path.basename(wasm_path)}, found {count}")
        print(f"minify_imports: {len(renames)} names shortened in {os.path.basename(wasm_path)}")
    open(index, "w", encoding="utf-8").write(html)


if __name__ == "__main__":
    main()
