"""Stage 5: the only code that touches docs/. It owns the generated sections and nothing else.

Generated pages are written, as the renderer produces them, into a private generation folder
`.dossier/gen/<n>/`, then one atomic symlink swap (`.dossier/current`) publishes the whole new
tree at once. docs/ holds stable symlinks into `.dossier/current` for each generated section
(actors/, places/, …, index.md), so a build killed at any moment leaves the previous pages whole,
and the curator's own pages in docs/ are never opened for writing. A lock file serialises builds.

Files whose content did not change keep their inode and mtime ("written only if changed"). The
generation a swap unpublishes is kept as the *spare* (`.dossier/spare.json` names it and the
files where it differs from the published one): the next build brings those files level and
writes only what it changed into it, instead of hard-linking every file into an empty folder
and deleting the old tree (at 10,000 articles, 58,000 links and 58,000 unlinks, ~1.5 s of a
one-article rebuild). Without a spare it can trust, a build starts from an empty folder.
A new file never reuses an inode: shared with the published tree, it would change that too.
"""

from __future__ import annotations

import errno
import fcntl
import json
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


SPARE = "spare.json"
PUBLISHED = "published.json"    # which generation is published, and when: pages written after it are a person's
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
    kept: int = 0                       # pages an incremental plan did not render (kept as they were)
    planned: int | None = None          # record/day/month pages the plan rendered (None: a full render)
    changed: set[str] = field(default_factory=set, repr=False)   # files added, updated or removed

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
    differs = _take_spare(ws, old_root, new_root)
    try:
        if differs is None:
            result = _stage(new_root, old_root, pages)
        else:
            result = _stage_into_spare(new_root, old_root, pages, differs)
    except BaseException:
        shutil.rmtree(new_root, ignore_errors=True)      # docs/ still shows the previous generation
        raise
    tmp_link = ws / f"current.{os.getpid()}.tmp"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    os.symlink(os.path.relpath(new_root, ws), tmp_link)
    os.replace(tmp_link, current)
    _link_sections(docs)
    keep = {new_root.resolve(), *([old_root] if old_root else [])}
    for stale in gen_dir.iterdir():
        if stale.resolve() not in keep:
            shutil.rmtree(stale, ignore_errors=True)
    if old_root is not None:
        _put_spare(ws, old_root.name, new_root.name, result.changed)
    _note_published(ws, new_root.name)
    result.generation = new_root.name
    return result


def _note_published(ws: Path, generation: str) -> None:
    """Record when `generation` was published, after every file of it was written and the stale
    generations were removed. A file's mtime is taken from the kernel's coarse clock, which never
    runs ahead of `time_ns`, so none of the generation's own pages is later than this."""
    tmp = ws / f"{PUBLISHED}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(dict(format=1, generation=generation, at=time.time_ns()), handle)
    os.replace(tmp, ws / PUBLISHED)


def pages_written_by_hand(docs: Path, watch=None) -> list[str]:
    """Pages of the published generation written after it was published, as paths under docs/.

    docs/actors/, docs/events/ … are links into the generation and look like any folder: a page a
    curator saved there, or a generated page edited in place, was deleted or overwritten by the
    next build that changed anything, without a word. The build refuses instead (build.build).
    One stat per page (~0.2 s at 10,000 articles); only Markdown pages (the data files the build
    patches are checked otherwise: a damaged one is rebuilt). Unknown without a record of the
    publication (a workspace from older code): nothing is reported then.
    `watch` (watch.PageWatch, kept by a worker): only the pages it names are stat'ed, when it
    can vouch for the others."""
    published = _published_at(docs)
    if published is None:
        return []
    current, at = published
    names = watch.written(current) if watch is not None else None
    if names is None:
        return _walk_written(current, at)
    found = []
    for rel in names:
        if rel.endswith(".md"):
            try:
                st = os.lstat(f"{current}/{rel}")
            except OSError:                     # gone again
                continue
            if not stat.S_ISDIR(st.st_mode) and st.st_mtime_ns > at:
                found.append(rel)
    return sorted(found)


def watch_pages(docs: Path, watch) -> None:
    """Arm `watch` (watch.PageWatch) on the published generation (see pages_written_by_hand)."""
    published = _published_at(docs)
    if published is None:
        watch.close()
        return
    current, at = published
    watch.arm(current, lambda: _walk_written(current, at))


def _published_at(docs: Path) -> tuple[Path, int] | None:
    """The published generation and when it was published, if the workspace says."""
    ws = workspace(docs)
    current = current_generation(docs)
    try:
        with open(ws / PUBLISHED, encoding="utf-8") as handle:
            state = json.load(handle)
        at = int(state["at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if current is None or state.get("generation") != current.name:
        return None
    return current, at


def _walk_written(current: Path, at: int) -> list[str]:
    found: list[str] = []
    stack = [(str(current), "")]
    while stack:
        folder, rel = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, rel + entry.name + "/"))
                elif entry.name.endswith(".md") and entry.stat(follow_symlinks=False).st_mtime_ns > at:
                    found.append(rel + entry.name)
    return sorted(found)


def _take_spare(ws: Path, published: Path | None, new_root: Path) -> set[str] | None:
    """Move the spare generation to `new_root` and return the files where it differs from
    `published`; None (and no folder) when there is no spare to trust. The record is deleted
    first: a build killed from here on leaves a folder nothing names, removed by the next swap."""
    record = ws / SPARE
    try:
        with open(record, encoding="utf-8") as handle:
            state = json.load(handle)
        os.unlink(record)
    except (OSError, ValueError):
        return None
    if not (isinstance(state, dict) and state.get("format") == 1 and published is not None
            and state.get("published") == published.name and isinstance(state.get("spare"), str)
            and isinstance(state.get("differs"), list)):
        return None
    spare = ws / "gen" / state["spare"]
    if "/" in state["spare"] or spare.resolve() == published or not spare.is_dir():
        return None
    os.rename(spare, new_root)
    return set(state["differs"])


def _put_spare(ws: Path, spare: str, published: str, differs: set[str]) -> None:
    tmp = ws / f"{SPARE}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(dict(format=1, spare=spare, published=published, differs=sorted(differs)), handle,
                  ensure_ascii=False)
    os.replace(tmp, ws / SPARE)


OWNERSHIP = "exists and was not written by the generator; it holds generated pages. Move your file elsewhere in docs/"


def not_ours(docs: Path) -> list[str]:
    """The entries of docs/ that stand where a generated section goes but were not written by the
    generator (`check` reports them too: it passed, and `build` then refused)."""
    return [name for name in generated_entries()
            if ((docs / name).exists() or (docs / name).is_symlink()) and not _is_ours(docs, name)]


def _check_ownership(docs: Path) -> None:
    for name in not_ours(docs):
        raise OwnershipError(f"docs/{name} {OWNERSHIP} (nothing was written).")


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
    """Write every page into the empty, private `new_root`, hard-linking unchanged ones from `old_root`."""
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
        else:
            data = _changed(previous, content, result, rel)
            if data is None:
                os.link(previous, target)
            else:
                _write(target, data)
        result.write_seconds += clock() - started
    if old_root and old_root.is_dir():
        for rel in _files(old_root) - written:
            result.removed += 1
            result.changed.add(rel)
    return result


def _stage_into_spare(root: Path, published: Path, pages: Iterable[tuple[str, str | bytes | Pieces]],
                      differs: set[str]) -> WriteResult:
    """Bring the spare generation, now at `root`, level with `published` (the files in `differs`),
    then write into it only the pages whose content changed and remove the pages no longer made.
    A page kept by the plan, or rendered the same, is already there: nothing is done for it."""
    result = WriteResult()
    clock = time.perf_counter
    base, old_base = str(root) + "/", str(published) + "/"
    for rel in differs:
        _unlink(base + rel)
        if os.path.lexists(old_base + rel):       # else removed from the published generation
            os.makedirs(os.path.dirname(base + rel), exist_ok=True)
            os.link(old_base + rel, base + rel)
    written: set[str] = set()
    for rel, content in pages:
        started = clock()
        if rel in written:
            raise RuntimeError(f"two pages rendered to {rel}")
        written.add(rel)
        if content is KEEP:
            result.unchanged += 1
            result.kept += 1
        else:
            data = _changed(old_base + rel, content, result, rel)
            if data is not None:
                target = base + rel
                if not _unlink(target):
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                _write(target, data)
        result.write_seconds += clock() - started
    present = _files(root)
    missing = sorted(written - present)
    if missing:             # a file under .dossier/gen was deleted: the plan's kept pages are not to be trusted
        raise KeptPageMissing(missing[0])
    for rel in present - written:
        os.unlink(base + rel)
        result.removed += 1
        result.changed.add(rel)
        _remove_empty_folders(root, rel)
    return result


def _changed(previous: str | None, content, result: WriteResult, rel: str) -> Pieces | None:
    """None if the file at `previous` holds `content` already (counted unchanged); else the bytes
    to write (counted updated or added, and recorded as changed)."""
    data = _as_pieces(content)
    size = _file_size(previous) if previous else None
    if size is not None:
        if size == sum(map(len, data)) and _holds(previous, data):
            result.unchanged += 1
            return None
        result.updated += 1
    else:
        result.added += 1
    result.changed.add(rel)
    return data


def _as_pieces(content) -> Pieces:
    kind = type(content)
    return content if kind is Pieces else Pieces((content if kind is bytes else content.encode("utf-8"),))


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC


def _write(target: str, data: Pieces) -> None:
    """A page is one piece: written with one `os.write`. Python's `open()` adds an `fstat`, an
    `ioctl` (isatty) and an `lseek` to every file and builds two objects around the descriptor
    (~58,000 files at 10,000 articles). The export built of many pieces goes through a buffered
    file, which gathers them into few writes."""
    if len(data) != 1:
        with open(target, "wb") as handle:
            handle.writelines(data)
        return
    fd = os.open(target, _CREATE, 0o666)
    try:
        view = memoryview(data[0])
        while view:                     # a regular file takes it all at once; POSIX allows less
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _unlink(path: str) -> bool:
    """Remove the file at `path`; whether there was one."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    return True


def _files(root: Path) -> set[str]:
    """Every file under `root`, as paths relative to it (os.walk: no stat per file)."""
    base = str(root)
    cut = len(base) + 1
    found: set[str] = set()
    for dirpath, _, filenames in os.walk(base):
        folder = (dirpath + "/")[cut:]
        found.update(folder + name for name in filenames)
    return found


def _remove_empty_folders(root: Path, rel: str) -> None:
    folder = os.path.dirname(rel)
    while folder:
        try:
            os.rmdir(os.path.join(root, folder))
        except OSError:
            return
        folder = os.path.dirname(folder)


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
