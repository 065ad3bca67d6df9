"""The worker's watch of the record folders (generator/watch.py): a rebuild in a process that
keeps its cache stats only the files an event named, and after every kind of change, and when
the watch loses track, it writes what a build from scratch writes."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from generator import watch as watching
from generator.build import build
from generator.buildcache import BuildCache, Memory, file_digest, record_key
from generator.diagnostics import CuratorError, Diagnostics
from test_incremental import _age, _assert_equals_a_build_from_scratch, _copy, add_event, built, remove_event  # noqa: F401

pytestmark = pytest.mark.skipif(watching._inotify() is None, reason="no inotify here")

RECORD_FOLDERS = ("articles", "actors", "places", "events")


def _started(built: Path, tmp_path: Path) -> tuple[Path, Memory]:
    """A copy of the built corpus and a process's memory after its first build (the watch begun)."""
    root = _copy(built, tmp_path / "watched")
    _age(root)
    memory = Memory()
    build(root, Diagnostics(), memory=memory)
    assert memory._watch is not None and memory._watch.active
    return root, memory


def _rebuilt(root: Path, memory: Memory, fresh: Path) -> None:
    """Rebuilt in the process: what a build from scratch writes, and every record file's cache
    entry made of the bytes on disk (an article text no page shows in full included)."""
    diags = Diagnostics()
    result = build(root, diags, memory=memory)
    assert not diags.errors, [str(d) for d in diags.errors]
    assert result.planned is not None
    _assert_equals_a_build_from_scratch(root, fresh)
    cache = memory._cache
    stale = [shown for shown in cache._seen
             if cache.files[shown].digest != file_digest(shown, [root / shown, *(p for p, _ in cache.files[shown].reads)])]
    assert stale == []


def _same_size_edit(path: Path, key: str = "name") -> None:
    """The last Arabic letter of the record's name (title) changed in place: same inode, size and mtime."""
    before = os.stat(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}: "))
    line = lines[at]
    i = max(i for i, c in enumerate(line) if "\u0621" <= c <= "\u064a")      # an Arabic letter: two bytes
    lines[at] = line[:i] + ("س" if line[i] != "س" else "ش") + line[i + 1:]
    data = "".join(lines).encode("utf-8")
    assert len(data) == before.st_size
    with open(path, "r+b") as handle:
        handle.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _renamed_name(path: Path) -> bytes:
    text = path.read_text(encoding="utf-8")
    return text.replace("\nname: ", "\nname: الـ", 1).encode("utf-8") if "\nname: " in text else \
        text.replace("name: ", "name: الـ", 1).encode("utf-8")


def in_place_keeping_the_size(data: Path, rng: random.Random) -> None:
    _same_size_edit(rng.choice(sorted((data / "actors").glob("*.yaml"))))


def by_rename(data: Path, rng: random.Random) -> None:
    """As editors save: a temporary file beside it, renamed over it."""
    path = rng.choice(sorted((data / "places").glob("*.yaml")))
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_bytes(_renamed_name(path))
    os.replace(tmp, path)


def new_file(data: Path, rng: random.Random) -> None:
    add_event(data, rng)


def deleted_file(data: Path, rng: random.Random) -> None:
    remove_event(data, rng)


def article_text(data: Path, rng: random.Random) -> None:
    """The article text, which its record reads: the record's quotes are checked against it."""
    path = rng.choice(sorted((data / "articles").glob("*.txt")))
    path.write_text(path.read_text(encoding="utf-8") + "\nسطر أضيف في آخر النص.\n", encoding="utf-8")


def moved_out_and_back(data: Path, rng: random.Random) -> None:
    """Moved out of data/, edited there keeping its size, and moved back, between two builds."""
    path = rng.choice(sorted((data / "actors").glob("*.yaml")))
    away = data.parent / path.name
    os.rename(path, away)
    _same_size_edit(away)
    os.rename(away, path)


CHANGES = [in_place_keeping_the_size, by_rename, new_file, deleted_file, article_text, moved_out_and_back]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_a_rebuild_with_the_watch_equals_a_build_from_scratch(built: Path, tmp_path: Path, change):
    root, memory = _started(built, tmp_path)
    for seed in (1, 2):
        change(root / "data", random.Random(seed))
        _rebuilt(root, memory, tmp_path / f"fresh-{seed}")
        assert memory._watch.vouching, "the rebuild stat'ed every file"


def _linked_into_a_sub_folder(events: Path, source: Path, sub: str) -> Path:
    """The record moved into a sub-folder of its folder, a symlink left in its place (as `add`'s
    drafts view links records that live elsewhere); the file it now lives in."""
    (events / sub).mkdir(exist_ok=True)
    target = events / sub / source.name
    os.rename(source, target)
    os.symlink(Path(sub) / target.name, source)
    return target


def test_a_symlinked_record_in_a_sub_folder_is_read_again_when_its_target_changes(built: Path, tmp_path: Path):
    """Sub-folders are not watched (the loader reads none of their files), but a record file may
    be a symlink into one: a write to the target is reported to the sub-folder, never to the
    record folder, so a symlink is stat'ed on every build: one there when the watch started, and
    one made since, into a new sub-folder."""
    root = _copy(built, tmp_path / "watched")
    events = root / "data" / "events"
    first = _linked_into_a_sub_folder(events, sorted(events.glob("*.yaml"))[3], "kept")
    _age(root)
    memory = Memory()
    build(root, Diagnostics(), memory=memory)
    second = _linked_into_a_sub_folder(events, sorted(events.glob("*.yaml"))[5], "later")
    _rebuilt(root, memory, tmp_path / "fresh-1")
    for target in (first, second):
        text = target.read_text(encoding="utf-8")
        _same_size_edit(target, "title")
        assert target.read_text(encoding="utf-8") != text
    _rebuilt(root, memory, tmp_path / "fresh-2")
    assert memory._watch.vouching


def test_a_lost_event_queue_makes_the_rebuild_stat_every_file(built: Path, tmp_path: Path):
    """More events between two builds than the kernel queues (max_queued_events) drop the rest,
    the edit after the flood included: the rebuild cannot vouch for any file and stats them all."""
    root, memory = _started(built, tmp_path)
    limit = int(Path("/proc/sys/fs/inotify/max_queued_events").read_text())
    a, b = sorted((root / "data" / "events").glob("*.yaml"))[:2]
    for i in range(limit // 2 + 100):          # alternating: identical events in a row are merged
        os.utime(a)
        os.utime(b)
    in_place_keeping_the_size(root / "data", random.Random(5))
    _rebuilt(root, memory, tmp_path / "fresh-1")
    assert not memory._watch.vouching
    in_place_keeping_the_size(root / "data", random.Random(6))      # and it watches again
    _rebuilt(root, memory, tmp_path / "fresh-2")
    assert memory._watch.vouching


def test_a_record_folder_replaced_makes_the_rebuild_stat_every_file(built: Path, tmp_path: Path):
    root, memory = _started(built, tmp_path)
    actors = root / "data" / "actors"
    shutil.copytree(actors, root / "data" / "actors-copy")
    shutil.rmtree(actors)
    os.rename(root / "data" / "actors-copy", actors)
    in_place_keeping_the_size(root / "data", random.Random(3))
    _rebuilt(root, memory, tmp_path / "fresh-1")
    assert not memory._watch.vouching
    in_place_keeping_the_size(root / "data", random.Random(4))
    _rebuilt(root, memory, tmp_path / "fresh-2")
    assert memory._watch.vouching


def test_a_rebuild_with_the_watch_stats_no_unchanged_record_file(built: Path, tmp_path: Path, monkeypatch):
    root, memory = _started(built, tmp_path)
    data = root / "data"
    edited = sorted((data / "actors").glob("*.yaml"))[5]
    _same_size_edit(edited)
    statted, real_stat = [], os.stat

    def counting_stat(path, *args, **kwargs):
        statted.append(os.path.abspath(os.fspath(path)))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting_stat)
    _rebuilt(root, memory, tmp_path / "fresh")
    monkeypatch.undo()
    folders = tuple(str(data / name) + os.sep for name in RECORD_FOLDERS)
    in_folders = [p for p in statted if p.startswith(folders)]
    files = sum(len(os.listdir(data / name)) for name in RECORD_FOLDERS)
    assert files > 200 and set(in_folders) <= {str(edited)}, sorted(set(in_folders))[:10]


def _walked(cache: BuildCache) -> tuple[dict, dict]:
    """The digests as a walk of every entry gives them (what they were before the watch)."""
    now, then = {}, {}
    for shown in cache._seen:
        for record in cache.files[shown].records:
            now.setdefault(record_key(record), cache.files[shown].digest)
    for entry in cache._previous_files.values():
        for record in entry.records:
            then[record_key(record)] = entry.digest
    return now, then


def test_the_digests_brought_up_to_date_equal_a_walk_of_every_entry(built: Path, tmp_path: Path, monkeypatch):
    """Through edits, a new and a removed file, a build stopped by a duplicate id (two files, one
    key) and the builds after it."""
    root, memory = _started(built, tmp_path)
    data = root / "data"
    compared, updated, real_digests, real_since = [], [], BuildCache.digests, BuildCache._digests_since

    def digests_and_compare(cache, corpus):
        got = real_digests(cache, corpus)
        assert (got, cache.previous_digests()) == _walked(cache)
        compared.append(cache)
        return got

    def since_and_note(cache, *args):
        got = real_since(cache, *args)
        updated.append(got is not None)
        return got

    monkeypatch.setattr(BuildCache, "digests", digests_and_compare)
    monkeypatch.setattr(BuildCache, "_digests_since", since_and_note)
    rng = random.Random(8)
    for change in (in_place_keeping_the_size, new_file, deleted_file, by_rename):
        change(data, rng)
        build(root, Diagnostics(), memory=memory)
    source = sorted((data / "events").glob("*.yaml"))[7]
    twin = source.with_name("twin-" + source.name)
    shutil.copy(source, twin)
    with pytest.raises(CuratorError):
        build(root, Diagnostics(), memory=memory)
    twin.unlink()
    new_file(data, rng)
    build(root, Diagnostics(), memory=memory)
    in_place_keeping_the_size(data, rng)
    build(root, Diagnostics(), memory=memory)
    assert len(compared) == 7 and memory._watch.vouching
    # brought up to date, not walked, but where the duplicate was (put in: a key already there) and
    # in the build after it (its digests do not come from one file each)
    assert updated == [True, True, True, True, False, True], updated
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")
