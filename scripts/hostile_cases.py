#!/usr/bin/env python3
"""Writes the hostile inputs of the first probe (issue #14) at the sizes it reported, so the
table in docs/hostile-inputs.md ("The probe's cases") can be measured again.

Usage: python3 scripts/hostile_cases.py DIR
Then:  for f in DIR/*.yaml; do /usr/bin/time -f "%e s %M KB" timeout 20 \\
           target/release-native/posture check "$f" --format sarif --fail-on none > /dev/null; done
"""
import json
import os
import sys

POD = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n"
       "    image: nginx\n    securityContext: {privileged: true}\n")


def json_pod(i):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"p{i}"},
            "spec": {"containers": [{"name": "c", "image": "nginx",
                                     "securityContext": {"privileged": True}}]}}


def quoted(s):
    return json.dumps(s)


def alias_levels(levels, per_level):
    inner = ("---\n" + POD) * 20
    for _ in range(levels):
        level = f"x: &v {quoted(inner)}\npacks:\n" + "- values: *v\n" * per_level
        inner = level
    return inner


def pods_list(count, ignore=False):
    out = ["apiVersion: v1\nkind: List\nitems:\n"]
    for i in range(count):
        ann = "\n    annotations:\n      posture.dev/ignore: \"LP102: needs the host\"" if ignore else ""
        out.append(f"- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p{i}{ann}\n  spec:\n"
                   "    containers:\n    - name: c\n      image: nginx\n"
                   "      securityContext: {privileged: true}\n")
    return "".join(out)


def minified(count):
    return json.dumps({"apiVersion": "v1", "kind": "List",
                       "items": [json_pod(i) for i in range(count)]}, separators=(",", ":"))


def configmap(keys):
    return ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ndata:\n"
            + "".join(f"  k{i}: v\n" for i in range(keys)))


CASES = {
    # pack values anchored once and reused through aliases, three levels, 40 per level
    "alias-values-3x40": lambda: alias_levels(3, 40),
    # one level, 2,000 aliases to a values string of about 120 bytes per alias
    # one level: a values string of about 220 KB reused through 2,000 aliases
    "alias-values-1x2000": lambda: (f"x: &v {quoted(('---' + chr(10) + POD) * 1_700)}\npacks:\n"
                                    + "- values: *v\n" * 2000),
    "unclosed-templates-3MB": lambda: "".join(f"a{i}: \"{{{{\"\n" for i in range(220_000)) + "z: \"}}\"\n",
    "open-braces-100k-lines": lambda: "a: {{\n" * 100_000,
    "annotations-100k": lambda: ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n"
                                 + "".join(f"    k{i}: v\n" for i in range(100_000))
                                 + "spec:\n  containers:\n  - name: c\n    image: nginx\n"),
    "configmap-100k-keys": lambda: configmap(100_000),
    "configmap-1M-keys": lambda: configmap(1_000_000),
    "minified-json-5k-pods": lambda: minified(5_000),
    "minified-json-100k-pods": lambda: minified(100_000),
    "quoted-json-values-5k-pods": lambda: ("spec:\n  template:\n    packs:\n    - name: app\n      values: "
                                           + quoted(minified(5_000).replace("},{", "},\n{")) + "\n"),
    "ignore-annotations-19k-pods": lambda: pods_list(19_000, ignore=True),
    "flow-sequence-10MB": lambda: "[" + "a," * 4_999_999 + "a]",
    "pod-list-100k": lambda: pods_list(100_000),
    "alias-containers-50k": lambda: ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                                     "  - &c {name: c, image: nginx, securityContext: {privileged: true}}\n"
                                     + "  - *c\n" * 50_000),
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, make in CASES.items():
        text = make()
        path = os.path.join(out, f"{name}.yaml")
        with open(path, "w") as f:
            f.write(text)
        print(f"{path} {len(text.encode())} bytes")


if __name__ == "__main__":
    main()
