"""Build the static site with MkDocs (as a separate process) and swap it in whole.

`mkdocs build --strict` writes into a fresh folder under `.dossier/sites/`; only when it succeeds
does the `site` symlink move to it (one atomic rename), so readers and a killed build never see
a half-written site. The generator itself never imports MkDocs.

MkDocs runs without `--quiet`: in MkDocs 1.6 `--quiet` drops warnings before strict mode counts
them, and a page linking nowhere was published with exit status 0. Its INFO lines are left out
of what is shown.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .write import build_lock, workspace


def publish_site(root: Path, docs: Path | None = None, quiet: bool = False) -> int:
    docs = docs or root / "docs"
    ws = workspace(docs)
    sites = ws / "sites"
    sites.mkdir(parents=True, exist_ok=True)
    site_link = root / "site"
    with build_lock(docs):
        target = sites / f"{time.time_ns()}-{os.getpid()}"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target),
             "--config-file", str(root / "mkdocs.yml")],
            cwd=root, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            shutil.rmtree(target, ignore_errors=True)
            print("site: mkdocs build failed; the previous site/ is untouched", file=sys.stderr)
            return proc.returncode
        said = "".join(line for line in proc.stderr.splitlines(keepends=True) if not line.startswith("INFO"))
        if said.strip() and not quiet:
            sys.stderr.write(said)
        if site_link.exists() and not site_link.is_symlink():
            shutil.move(str(site_link), str(sites / f"previous-{time.time_ns()}"))
        tmp = root / f".site.{os.getpid()}.tmp"
        if tmp.is_symlink():
            tmp.unlink()
        os.symlink(os.path.relpath(target, root), tmp)
        os.replace(tmp, site_link)
        for old in sites.iterdir():
            if old.resolve() != target.resolve():
                shutil.rmtree(old, ignore_errors=True)
        pages = sum(1 for _ in target.rglob("index.html"))
        print(f"site: {pages} pages built by mkdocs in {time.perf_counter() - started:.1f} s → site/ "
              f"(view it: `make serve`, then open http://127.0.0.1:8000/)")
    return 0
