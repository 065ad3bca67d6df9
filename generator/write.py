"""Stage 5: the only code that touches docs/. It owns the generated sections and nothing else.

Generated pages are written, as the renderer produces them, into a fresh private generation
folder `.dossier/gen/<n>/`; files whose
content did not change are hard-linked from the previous generation (same inode, same mtime:
"written only if changed"), then one atomic symlink swap (`.dossier/current`) publishes the whole
new tree at once. docs/ holds stable symlinks into `.dossier/current` for each generated section
(actors/, places/, …, index.md), so a build killed at any moment leaves the previous pages whole,
and the curator's own pages in docs/ are never opened for writing. A lock file serialises builds.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .paths import GENERATED_DIRS, GENERATED_TOP_FILES


KEEP = "\0keep"      # yielded instead of content: the page is unchanged, keep the previous file


class Pieces(tuple):
    """A file's content as consecutive UTF-8 byte strings, written one after another and never
    joined: events.json at 10,000 articles is 33,000 pieces, 56 MB that a join would copy once more
    at the build's memory peak. Any other content is staged as one piece."""


@dataclass
class WriteResult:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    timings: dict = field(default_factory=dict)
    write_seconds: float = 0.0          # time spent staging files (the rest of the stage is rendering)
    generation: str = ""                # name of the generation folder now published
    kept: int = 0                       # pages an incremental plan did not render (hard-linked as they were)
    planned: int | None = None          # record/day/month pages the plan rendered (None: a full render)

    def summary(self) -> str:
        text = (f"{self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{self.unchanged} unchanged")
        if self.planned is not None:
            text += f" (incremental: {self.planned} record pages rendered, {self.kept} kept)"
        return text


def workspace(docs: Path) -> Path:
    return docs.resolve().parent / ".dossier"


def generated_entries() -> list[str]:
    return [*GENERATED_DIRS, *GENERATED_TOP_FILES]


def _is_ours(docs: Path, name: str) -> bool:
    link = docs / name
    if not link.is_symlink():
        return False
    return os.readlink(link) == os.path.join(os.path.relpath(workspace(docs), docs.resolve()), "current", name)


def handwritten_pages(docs: Path) -> frozenset[str]:
    """Markdown pages in docs/ that a person wrote (anything not under our symlinks)."""
    if not docs.is_dir():
        return frozenset()
    found = set()
    for dirpath, dirnames, filenames in os.walk(docs):
        rel_dir = os.path.relpath(dirpath, docs)
        if rel_dir == ".":
            dirnames[:] = [d for d in dirnames if not _is_ours(docs, d)]
            filenames = [f for f in filenames if not _is_ours(docs, f)]
        for name in filenames:
            if name.endswith(".md"):
                found.add(os.path.normpath(os.path.join(rel_dir, name)).replace(os.sep, "/"))
    return frozenset(found)


@contextmanager
def build_lock(docs: Path):
    """Hold `.dossier/lock` for the whole build; a second build waits instead of interleaving."""
    ws = workspace(docs)
    ws.mkdir(parents=True, exist_ok=True)
    with open(ws / "lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            print("build: another build is running; waiting for it to finish…", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class KeptPageMissing(Exception):
    """A page the incremental plan keeps is not in the published generation (someone deleted files
    under .dossier/current): the build renders everything instead (see build.build)."""

    def __init__(self, rel: str):
        super().__init__(rel)
        self.rel = rel


class OwnershipError(Exception):
    """docs/ has a real file where the generator needs its symlink: refuse rather than overwrite."""


def current_generation(docs: Path) -> Path | None:
    """The generation folder docs/ shows now, if any."""
    current = workspace(docs) / "current"
    return current.resolve() if current.exists() else None


def write_generated(docs: Path, pages: Iterable[tuple[str, str | bytes | Pieces]], *, expected: Path | None = None) -> WriteResult:
    """Stage `pages` into a new generation and publish it; the caller holds `build_lock` (the build
    holds it from reading the data on). `expected`: the generation an incremental plan was made
    against (its kept pages come from it)."""
    docs.mkdir(parents=True, exist_ok=True)
    _check_ownership(docs)
    ws = workspace(docs)
    current = ws / "current"
    old_root = current.resolve() if current.exists() else None
    if expected is not None and old_root != expected:
        raise RuntimeError(f"the published generation changed during the build ({expected} → {old_root})")
    gen_dir = ws / "gen"
    gen_dir.mkdir(exist_ok=True)
    new_root = gen_dir / f"{time.time_ns()}-{os.getpid()}"
    try:
        result = _stage(new_root, old_root, pages)
    except BaseException:
        shutil.rmtree(new_root, ignore_errors=True)      # docs/ still shows the previous generation
        raise
    tmp_link = ws / f"current.{os.getpid()}.tmp"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    os.symlink(os.path.relpath(new_root, ws), tmp_link)
    os.replace(tmp_link, current)
    _link_sections(docs)
    for stale in gen_dir.iterdir():
        if stale.resolve() != new_root.resolve():
            shutil.rmtree(stale, ignore_errors=True)
    result.generation = new_root.name
    return result


def _check_ownership(docs: Path) -> None:
    for name in generated_entries():
        path = docs / name
        if (path.exists() or path.is_symlink()) and not _is_ours(docs, name):
            raise OwnershipError(
                f"docs/{name} exists and was not written by the generator; it holds generated pages. "
                f"Move your file elsewhere in docs/ (nothing was written).")


def keep_published(docs: Path, published: Path) -> WriteResult:
    """Nothing the pages are made from changed since `published` was written: it stays as it is
    (a rebuild with no edit at 10,000 articles would otherwise render the site-wide pages, the
    downloads and the search index again, and hard-link 50,000 files into a new generation)."""
    _check_ownership(docs)
    _link_sections(docs)
    result = WriteResult(generation=published.name, planned=0)
    for _, _, filenames in os.walk(published):
        result.unchanged += len(filenames)
    result.kept = result.unchanged
    return result


def _stage(new_root: Path, old_root: Path | None, pages: Iterable[tuple[str, str | bytes | Pieces]]) -> WriteResult:
    """Write every page into the private `new_root`, hard-linking unchanged ones from `old_root`."""
    result = WriteResult()
    written: set[str] = set()
    folders: set[str] = set()
    clock = time.perf_counter
    new_base, old_base = str(new_root) + "/", (str(old_root) + "/") if old_root else None
    for rel, content in pages:                  # str paths: pathlib cost ~40 µs per page at 50,000 pages
        started = clock()
        if rel in written:
            raise RuntimeError(f"two pages rendered to {rel}")   # a bug: validation prevents it
        written.add(rel)
        target = new_base + rel
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        previous = old_base + rel if old_base else None
        if content is KEEP:
            if previous is None:
                raise RuntimeError(f"{rel}: kept by the plan but there is no previous generation")
            try:
                os.link(previous, target)
            except FileNotFoundError:
                raise KeptPageMissing(rel) from None
            result.unchanged += 1
            result.kept += 1
            result.write_seconds += clock() - started
            continue
        kind = type(content)
        data = content if kind is Pieces else Pieces((content if kind is bytes else content.encode("utf-8"),))
        size = _file_size(previous) if previous else None
        if size is not None:
            if size == sum(map(len, data)) and _holds(previous, data):
                os.link(previous, target)
                result.unchanged += 1
                result.write_seconds += clock() - started
                continue
            result.updated += 1
        else:
            result.added += 1
        with open(target, "wb") as handle:
            handle.writelines(data)
        result.write_seconds += clock() - started
    if old_root and old_root.is_dir():
        cut = len(old_base)                     # walk paths start with it: no relpath per file
        for dirpath, _, filenames in os.walk(str(old_root)):
            folder = (dirpath + "/")[cut:]
            for name in filenames:
                if folder + name not in written:
                    result.removed += 1
    return result


def _file_size(path: str) -> int | None:
    """Size of the regular file at `path`, None if there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def _holds(path: str, pieces: Pieces) -> bool:
    """Whether the file at `path` starts with `pieces`, read piece by piece (the caller has
    compared the sizes)."""
    with open(path, "rb") as handle:
        return all(handle.read(len(piece)) == piece for piece in pieces)


def _link_sections(docs: Path) -> None:
    ws_rel = os.path.relpath(workspace(docs), docs.resolve())
    for name in generated_entries():
        link = docs / name
        if not link.is_symlink():
            os.symlink(os.path.join(ws_rel, "current", name), link)
