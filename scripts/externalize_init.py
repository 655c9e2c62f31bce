"""Trunk post-build hook: move Trunk's inline start-up script into its own file.

Trunk writes a `<script type="module">` into index.html that imports and starts the wasm. An
inline script would need a CSP exception; as a file it is covered by `script-src 'self'`.
"""
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("TRUNK_STAGING_DIR is not set; run this from Trunk's post_build hook")
index = os.path.join(staging, "index.html")
html = open(index, encoding="utf-8").read()
# Trunk's minifier (release builds) may drop the quotes around attribute values.
pattern = re.compile(r'<script type=(?:"module"|module)(?P<attrs>[^>]*)>(?P<body>.*?)</script>', re.S)
match = pattern.search(html)
if not match:
    sys.exit("no inline module script found in index.html")
# The same script starts the checking worker, which has no `window`; `globalThis` is both.
body = match.group("body").strip().replace("window.wasmBindings", "globalThis.wasmBindings") + "\n"
name = "init-" + hashlib.sha256(body.encode()).hexdigest()[:16] + ".js"
with open(os.path.join(staging, name), "w", encoding="utf-8") as f:
    f.write(body)
attrs = re.sub(r'\s*(nonce|integrity)=("[^"]*"|[^\s>]*)', "", match.group("attrs"))
html = html[: match.start()] + f'<script type="module" src="./{name}"{attrs}></script>' + html[match.end():]
if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
    sys.exit("an inline script is still present in index.html")
open(index, "w", encoding="utf-8").write(html)
