"""Build the static site with MkDocs (as a separate process) and swap it in whole.

`mkdocs build --strict` writes into a fresh folder under `.dossier/sites/`; only when it succeeds
does the `site` symlink move to it (one atomic rename), so readers and a killed build never see
a half-written site. The generator itself never imports MkDocs.

MkDocs runs without `--quiet`: in MkDocs 1.6 `--quiet` drops warnings before strict mode counts
them, and a page linking nowhere was published with exit status 0. Its INFO lines are left out
of what is shown.

`changed=True` (`site --changed`): the new folder starts as hard links to the published site and
MkDocs renders only the pages and copies only the files the last builds changed
(tools/mkdocs_changed.py). That is ~300 pages after one new article at 10,000 articles instead
of 55,000 (README, "Scale"). The whole site is built instead when there is no published site to
start from, when anything else the HTML depends on changed since it was built (mkdocs.yml,
overrides/, hooks/, the MkDocs or Material version, DOSSIER_SITE_URL: `site_fingerprint`), or
when a page or file was removed (see the tool). Either way the new site is swapped in whole.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .write import build_lock, workspace

CHANGED_TOOL = Path(__file__).resolve().parent.parent / "tools" / "mkdocs_changed.py"
STALE = 3                       # the tool's status when the whole site must be built
STAMP = "site.json"             # in .dossier/: the published site's folder and what it was built from


def site_fingerprint(root: Path) -> str:
    """What a page's HTML depends on besides its own Markdown (and what `--changed` cannot see
    in mtimes): the config, the theme overrides, the hooks, the tool itself, the versions of
    MkDocs and Material, and the site address."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    for name in ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown"):
        try:
            h.update(f"{name}={version(name)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{name}=none\n".encode())
    h.update(f"url={os.environ.get('DOSSIER_SITE_URL', '')}\n".encode())
    files = [root / "mkdocs.yml", CHANGED_TOOL]
    for folder in ("overrides", "hooks"):
        files += sorted(p for p in (root / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        h.update(f"{path.relative_to(root) if path.is_relative_to(root) else path.name}\n".encode())
        h.update(path.read_bytes() if path.is_file() else b"(none)")
    return h.hexdigest()


def _site_to_start_from(site_link: Path, stamp: Path, fingerprint: str) -> Path | None:
    """The published site, if it was built from what builds this one (same fingerprint)."""
    import json

    try:
        said = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not site_link.is_symlink() or said.get("fingerprint") != fingerprint:
        return None
    published = site_link.resolve()
    return published if published.is_dir() and published.name == said.get("site") else None


def _link_tree(source: Path, target: Path) -> None:
    """`target` as a tree of hard links to the files of `source`."""
    base = str(source)
    for folder, _, names in os.walk(base):
        out = str(target) + folder[len(base):]
        os.makedirs(out, exist_ok=True)
        for name in names:
            os.link(os.path.join(folder, name), os.path.join(out, name))


def _count(site: Path, reused: bool) -> tuple[int, int | None]:
    """The pages of `site` (its index.html files) and, when it started from the published site,
    its files that are not hard links to that one (the files MkDocs wrote); one walk for both."""
    pages, written = 0, 0
    for folder, _, names in os.walk(site):
        pages += "index.html" in names
        if reused:
            written += sum(1 for name in names if os.stat(os.path.join(folder, name)).st_nlink == 1)
    return pages, written if reused else None


def swap_in(root: Path, target: Path, fingerprint: str, docs: Path | None = None) -> None:
    """Publish the site built in `target` (a folder of `.dossier/sites/`): `site` is moved to it in
    one atomic rename, the stamp says what it was built from, and the other sites are removed."""
    import json

    sites = target.parent
    site_link = root / "site"
    if site_link.exists() and not site_link.is_symlink():
        shutil.move(str(site_link), str(sites / f"previous-{time.time_ns()}"))
    tmp = root / f".site.{os.getpid()}.tmp"
    if tmp.is_symlink():
        tmp.unlink()
    os.symlink(os.path.relpath(target, root), tmp)
    os.replace(tmp, site_link)
    stamp = workspace(docs or root / "docs") / STAMP
    stamp_tmp = stamp.with_name(f"{STAMP}.{os.getpid()}.tmp")
    stamp_tmp.write_text(json.dumps(dict(site=target.name, fingerprint=fingerprint)), encoding="utf-8")
    os.replace(stamp_tmp, stamp)
    for old in sites.iterdir():
        if old.resolve() != target.resolve():
            shutil.rmtree(old, ignore_errors=True)


def publish_site(root: Path, docs: Path | None = None, quiet: bool = False, changed: bool = False) -> int:
    docs = docs or root / "docs"
    ws = workspace(docs)
    sites = ws / "sites"
    sites.mkdir(parents=True, exist_ok=True)
    site_link = root / "site"
    stamp = ws / STAMP
    with build_lock(docs):
        target = sites / f"{time.time_ns()}-{os.getpid()}"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        started = time.perf_counter()
        fingerprint = site_fingerprint(root)
        start_from = _site_to_start_from(site_link, stamp, fingerprint) if changed else None
        proc = None
        if start_from is not None:
            _link_tree(start_from, target)
            proc = subprocess.run([sys.executable, str(CHANGED_TOOL), str(root / "mkdocs.yml"), str(target)],
                                  cwd=root, env=env, capture_output=True, text=True)
            if proc.returncode == STALE:
                if not quiet:
                    sys.stderr.write(proc.stderr)
                shutil.rmtree(target, ignore_errors=True)
                proc = None
        reused = proc is not None
        if proc is None:
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
        pages, rendered = _count(target, reused)
        swap_in(root, target, fingerprint, docs)
        what = f"{pages} pages" if rendered is None else (f"{pages} pages ({rendered} files written again, the "
                                                          f"others kept from the last site)")
        print(f"site: {what} built by mkdocs in {time.perf_counter() - started:.1f} s → site/ "
              f"(view it: `make serve`, then open http://127.0.0.1:8000/)")
    return 0
