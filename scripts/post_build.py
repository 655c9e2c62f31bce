"""Trunk post-build hook: the steps that rewrite the staged index.html, one after the other
(Trunk starts separate hooks of a stage at the same time, and two writers of index.html race)."""
import os
import runpy

here = os.path.dirname(os.path.abspath(__file__))
for step in ("externalize_init.py", "minify_imports.py", "minify_glue.py"):
    runpy.run_path(os.path.join(here, step), run_name="__main__")
