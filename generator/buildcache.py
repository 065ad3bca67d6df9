"""What a rebuild remembers from the last successful build, so that it redoes only what changed.

Three things are kept under `.dossier/cache/`, each split into shards by a hash of its key so a
rebuild that changes one article rewrites a few shard files, not the whole cache:

- the parse cache: for every record file, the stat stamp it had (and those of the article text
  files it read), the records it produced, their digests and the diagnostics they raised. A file
  whose stamps still match is not parsed again (YAML parsing was 15–20 s of a 10,000-article
  build);
- the link graph of the published generation: for every generated page, the pages it links to.
  `incremental.plan` uses it to find the pages a changed record can appear on;
- the search index's keys and weights of every document, with a digest of the texts they were
  computed from (`search_index.SearchIndex`): a rebuild re-weighs only the documents whose texts
  changed.

Beside them, unsharded (`exports.pickle`): where the published events export holds each event
(`exports.EventsLayout`), so that a rebuild cuts the lines it keeps out of the file without
parsing it.

Everything is keyed by a fingerprint of the generator's code, the templates and the vocabularies:
when any of those change, the cache is ignored and the build starts from scratch. The link graph
is only trusted for the generation named in `meta.pickle`, written after the generation swap and
after every shard, so a build killed half-way through saving leads to a full render, never to a
stale page. A file whose mtime is within 100 ms of the moment we started reading it is not
trusted to its stamp (git's "racily clean" problem: a write in the same clock tick as our read
would leave the stamp unchanged); its records are kept for their digests and it is parsed again
next time.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Diagnostics
from .yamlfile import Kept

FORMAT = 2
SHARDS = 512          # a one-article rebuild at 10,000 articles dirties ~100 of them, ~13 MB to pickle (64: 63 MB)
RACY_NS = 100_000_000        # mtime granularity is a clock tick (~4 ms); keep a wide margin

Stamp = tuple[int, int, int, int] | None


def stamp(path: Path | str) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _stamp_of(st)


def _stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def _noted_stamp(path: str, watch) -> Stamp:
    """`stamp`, noting for `watch` a file it cannot vouch for (another hard link: its writes are
    reported to that link's folder)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if watch is not None and st.st_nlink > 1:
        watch.always.add(path)
    return _stamp_of(st)


def record_key(record) -> tuple[str, str]:
    return (type(record).__name__, record.id)


def file_digest(shown: str, paths: list[Path | str], kept: dict[str, bytes] | None = None) -> bytes:
    """What a record file's records are made of: its name, its bytes and the article texts it read.
    (Hashing bytes costs a fraction of pickling the records it produced.) `kept`: the bytes the
    loader already read, by path; other files are read here."""
    h = hashlib.blake2b(shown.encode("utf-8"), digest_size=16)
    for path in paths:
        data = kept.get(str(path)) if kept else None
        if data is None:
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                data = b"\0missing"
        h.update(data)
        h.update(b"\0")
    return h.digest()


def fingerprint(root: Path) -> str:
    """Everything besides the record files that decides what the generator writes."""
    extras = [*sorted((root / "templates").glob("*")), *sorted((root / "data" / "vocab").glob("*.yaml")),
              root / "data" / "redirects.yaml"]
    return _digest([*_code_files(), *extras])


def code_fingerprint() -> str:
    """The generator's own code and data files, as they are on disk now: a process that builds
    again (worker.py) compares it with the one it started with, since the code it runs is the
    code it imported then."""
    return _digest(_code_files())


def _code_files() -> list[Path]:
    package = Path(__file__).resolve().parent
    return sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".json", ".geojson"))


def _digest(files: list[Path]) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT} {sys.version}".encode())
    package = Path(__file__).resolve().parent
    for path in files:
        h.update(str(path.relative_to(package.parent) if path.is_relative_to(package.parent) else path.name).encode())
        try:
            with open(path, "rb") as handle:
                h.update(handle.read())
        except OSError:
            h.update(b"-")
    return h.hexdigest()


def _shard(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) % SHARDS


@dataclass(frozen=True)
class FileEntry:
    stamp: Stamp
    reads: tuple[tuple[str, Stamp], ...]
    records: tuple
    digest: bytes                      # of the file's bytes: every record in it shares it
    diagnostics: tuple[Diagnostic, ...]


@dataclass
class BuildCache:
    root: Path
    fingerprint: str
    files: dict[str, FileEntry] = field(default_factory=dict)
    links: dict[str, frozenset[str]] = field(default_factory=dict)
    search: dict[str, tuple] = field(default_factory=dict)   # url → search_index.Weighed
    generation: str | None = None           # the generation the link graph describes
    exports: object | None = None           # exports.EventsLayout of that generation's events export
    _previous_files: dict[str, FileEntry] = field(default_factory=dict)    # as the last saved build left them
    _dirty: set[tuple[str, int]] = field(default_factory=set)
    _seen: set[str] = field(default_factory=set)
    _reading: dict[str, tuple[int, Stamp]] = field(default_factory=dict)   # shown → (time, stamp) before reading
    _shards: dict[str, int] = field(default_factory=dict)    # key → its shard, as read (crc32 of 150,000 keys: 0.4 s)
    _exports_dirty: bool = False
    watch: object | None = None             # watch.Watch: what changed in data/ since the last build of this process
    _run: int = 0                           # builds of this process with this cache (`again`)
    _replaced: dict[str, FileEntry | None] = field(default_factory=dict)    # shown → its entry before this run's put
    _digested: tuple | None = None          # (run, its _seen, its digests, whether each key came from one file)
    _previous_digested: dict | None = None  # previous_digests(), when the last save could tell it without a walk
    # what the last validation of these very records found (findings.Findings), for the next
    # build in this process; never saved: read back from disk, the records are other objects
    findings: object | None = None

    @property
    def folder(self) -> Path:
        return self.root / ".dossier" / "cache"

    # --- reading -------------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path, empty: bool = False) -> "BuildCache":
        """The cache of the last build, or an empty one (first build, other code, damaged files,
        or `empty`: a full build that ignores it and writes a fresh one)."""
        cache = cls(root, fingerprint(root))
        if empty:
            return cache
        try:
            with open(cache.folder / "meta.pickle", "rb") as handle:
                meta = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            return cache
        if not isinstance(meta, dict) or meta.get("fingerprint") != cache.fingerprint:
            return cache
        enabled = gc.isenabled()
        gc.disable()           # unpickling ~10^6 objects with the collector on is ~7× slower
        try:
            links_ok = True
            for kind, target in (("files", cache.files), ("links", cache.links), ("search", cache.search)):
                for n in range(SHARDS):
                    try:
                        with open(cache.folder / f"{kind}-{n:02d}.pickle", "rb") as handle:
                            version, part = pickle.load(handle)
                    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
                        version, part = None, {}
                    # A shard of other code, or lost: its records are not trusted and, without their
                    # old digests, neither is the plan. A lost search shard only means re-weighing its
                    # documents (each entry carries the digest of the texts it was computed from).
                    if not (isinstance(version, str) and version.startswith(cache.fingerprint + ":")):
                        if kind != "search":
                            links_ok = False
                        continue
                    if kind == "links" and version != meta["links"].get(n):
                        links_ok = False
                    target.update(part)
                    cache._shards.update(dict.fromkeys(part, n))
        finally:
            if enabled:
                gc.enable()
        try:
            with open(cache.folder / "exports.pickle", "rb") as handle:
                version, layout = pickle.load(handle)
            if isinstance(version, str) and version.startswith(cache.fingerprint + ":"):
                cache.exports = layout        # exports.render_exports checks it names the generation it patches
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            pass
        cache._previous_files = dict(cache.files)
        if links_ok:
            cache.generation = meta.get("generation")
        else:
            cache.links = {}
        return cache

    # --- the parse cache (used by load.load_corpus) ----------------------------------------------

    def get(self, shown: str, path: Path | str):
        """The records and diagnostics (a tuple) of a file whose stamps match, or None: parse it."""
        entry, watch = self.files.get(shown), self.watch
        if entry is None or entry.stamp is None:        # `put` stamps it from the loader's read
            self._reading[shown] = (time.time_ns(), None)
            return None
        vouched = watch is not None and watch.vouching and path not in watch.touched and path not in watch.always
        if vouched and (not entry.reads or all(watch.vouches_for(p) for p, _ in entry.reads)):
            self._seen.add(shown)               # no event since the last build verified it: no stat
            return entry.records, entry.diagnostics
        now = time.time_ns()
        current = entry.stamp if vouched else stamp(path) if watch is None else _noted_stamp(path, watch)
        self._reading[shown] = (now, current)
        if entry.stamp != current:
            return None
        if entry.reads and any((s if watch is not None and watch.vouches_for(p) else _noted_stamp(p, watch)) != s
                               for p, s in entry.reads):    # events, actors, places read none
            return None
        del self._reading[shown]            # a hit is not put back: nothing to check it against
        self._seen.add(shown)
        return entry.records, entry.diagnostics

    def put(self, shown: str, path: Path | str, reads: list[Path], records: list, diagnostics: list,
            kept: Kept | None = None) -> list:
        """`kept`: the files the loader read, with their stats taken before reading (a file it
        could not read is stamped here). Returns the records to load: the last build's very
        objects when the file was parsed again to the same records (saved again unchanged, or
        too fresh to trust), so that what did not change is the same object from build to build
        (index_update reads a change from that)."""
        before = self.files.get(shown)
        if before is not None and before.records == tuple(records):
            records = list(before.records)
        self._replaced.setdefault(shown, before)
        self._seen.add(shown)
        self._dirty.add(("files", self._shard_of(shown)))
        started, first = self._reading.pop(shown, None) or (time.time_ns(), None)
        stats = kept.stats if kept is not None else {}

        def stamp_read(p) -> Stamp:
            st = stats.get(str(p))
            return stamp(p) if st is None else _stamp_of(st)

        stamps = [first or stamp_read(path), *map(stamp_read, reads)]
        if self.watch is not None:          # a write through another link is not reported to this folder's watch
            self.watch.always.update(p for p, st in stats.items() if st.st_nlink > 1)
        if any(s is not None and s[0] >= started - RACY_NS for s in stamps):
            stamps[0] = None        # too fresh to trust its mtime: parse it again next time (kept for its digests)
        d = file_digest(shown, [path, *reads], kept)
        self.files[shown] = FileEntry(stamps[0], tuple((str(p), s) for p, s in zip(reads, stamps[1:])),
                                      tuple(records), d, tuple(diagnostics))
        return records

    def digests(self, corpus) -> dict[tuple[str, str], bytes]:
        """Digest of every record in `corpus` (records from files parsed this run were digested on put).

        In a process that builds again, the last run's digests brought up to date with the files
        parsed again, gone or back since (a walk of every entry: 0.16 s at 10,000 articles). Only
        while every key comes from one file: with two (a duplicate id, which validation refuses),
        which digest a walk keeps depends on the order of a set, and the walk decides as before."""
        last, seen = self._digested, self._seen
        out = None
        if last is not None and last[0] == self._run - 1 and last[3]:
            out = self._digests_since(last[1], last[2])
        one_each = out is not None
        if out is None:
            out, count = {}, 0
            for shown in seen:
                entry = self.files.get(shown)
                count += len(entry.records)
                for record in entry.records:
                    out.setdefault(record_key(record), entry.digest)
            one_each = count == len(out)
        self._digested = (self._run, seen, out, one_each)
        return dict(out)

    def _digests_since(self, seen_then: set[str], then: dict) -> dict | None:
        """`then` (the digests of the files `seen_then`, one file per key) with the records of the
        files parsed again or gone since taken out and those of the files parsed again or back put
        in; None when a key put in is another file's."""
        seen, files, replaced = self._seen, self.files, self._replaced
        out = dict(then)
        try:
            for shown in seen_then - seen:
                for record in files[shown].records:
                    del out[record_key(record)]
            for shown, before in replaced.items():
                if before is not None and shown in seen_then:
                    for record in before.records:
                        del out[record_key(record)]
        except KeyError:            # not the entries `then` was made of (a bug): the walk is right anyway
            return None
        for shown in (seen - seen_then).union(replaced):
            entry = files[shown]
            for record in entry.records:
                key = record_key(record)
                if key in out:
                    return None
                out[key] = entry.digest
        return out

    def same_files_as_last_build(self) -> bool:
        """Whether this run read exactly the record files the last build read, each with the same
        bytes (and the same article texts): with the same fingerprint, the same pages follow."""
        previous = self._previous_files
        return self._seen == previous.keys() and all(self.files[s].digest == previous[s].digest for s in self._seen)

    def previous_digests(self) -> dict[tuple[str, str], bytes]:
        if self._previous_digested is not None:
            return dict(self._previous_digested)
        out: dict[tuple[str, str], bytes] = {}
        for entry in self._previous_files.values():
            for record in entry.records:
                out[record_key(record)] = entry.digest
        return out

    # --- writing -------------------------------------------------------------------------------

    def _shard_of(self, key: str) -> int:
        n = self._shards.get(key)
        if n is None:
            n = self._shards[key] = _shard(key)
        return n

    def forget_files_not_seen(self) -> None:
        for shown in [s for s in self.files if s not in self._seen]:
            del self.files[shown]
            self._dirty.add(("files", self._shard_of(shown)))

    def set_links(self, links: dict[str, frozenset[str]], full: bool) -> None:
        if full:
            self._dirty.update(("links", n) for n in range(SHARDS))
            self.links = dict(links)
            return
        for page in [p for p in self.links if p not in links]:
            del self.links[page]
            self._dirty.add(("links", self._shard_of(page)))
        for page, targets in links.items():
            old = self.links.get(page)
            if old is not targets and old != targets:      # a kept page's set is the same object: not compared item by item
                self.links[page] = targets
                self._dirty.add(("links", self._shard_of(page)))

    def search_changed_since(self, before: dict[str, tuple]) -> None:
        """Mark the search shards whose entries this build added, replaced or removed."""
        for url in before.keys() | self.search.keys():
            if before.get(url) is not self.search.get(url):
                self._dirty.add(("search", self._shard_of(url)))

    def set_exports(self, layout) -> None:
        """Where the events export just published holds each event (exports.EventsLayout): one
        file, written whole on each save (every offset after a changed event moves)."""
        self.exports, self._exports_dirty = layout, True

    def save(self, generation: str) -> None:
        """Write the shards that changed, then meta.pickle naming the generation they describe."""
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            with open(self.folder / "meta.pickle", "rb") as handle:
                old_meta = pickle.load(handle)
            versions = dict(old_meta["links"]) if old_meta.get("fingerprint") == self.fingerprint else {}
        except Exception:
            versions = {}
        if not versions:
            self._dirty.update((kind, n) for kind in ("files", "links", "search") for n in range(SHARDS))
        buckets: dict[tuple[str, int], dict] = {key: {} for key in self._dirty}
        shard = self._shard_of
        for kind, table in (("files", self.files), ("links", self.links), ("search", self.search)):
            for key, value in table.items():
                bucket = buckets.get((kind, shard(key)))
                if bucket is not None:
                    bucket[key] = value
        for (kind, n), part in sorted(buckets.items()):
            version = f"{self.fingerprint}:{generation}:{time.time_ns()}"
            if kind == "links":
                versions[n] = version
            _atomic_pickle(self.folder / f"{kind}-{n:02d}.pickle", (version, part))
        if self._exports_dirty:
            _atomic_pickle(self.folder / "exports.pickle", (f"{self.fingerprint}:{generation}", self.exports))
            self._exports_dirty = False
        _atomic_pickle(self.folder / "meta.pickle", dict(fingerprint=self.fingerprint, generation=generation,
                                                         links=versions))
        self._dirty.clear()
        self.generation, self._previous_files = generation, dict(self.files)   # for a next build in this process
        # The walk of previous_digests over those entries gives this run's digests when they are
        # the entries of the files it read, each key from one file.
        last = self._digested
        exact = last is not None and last[0] == self._run and last[3] and len(self.files) == len(self._seen)
        self._previous_digested = last[2] if exact else None

    def again(self) -> None:
        """Ready for another build in this process (see Memory). The previous files stay those of
        the last saved build, whatever a build stopped at validation parsed since."""
        self._seen, self._reading, self._replaced = set(), {}, {}
        self._run += 1


class Memory:
    """The cache of a process's last build, kept for its next build (worker.py): the rebuild then
    skips reading it back from disk (unpickling ~2.35 million objects, 2–2.5 s at 10,000 articles).

    It is given back only while it still describes what is on disk: the same project, the same
    fingerprint (code, templates, vocabularies), and the generation `.dossier/cache/meta.pickle`
    names, which a build by another process, or a save that failed, changes. A build takes it,
    and gives it back only once it has saved it, or when validation stopped it (nothing was
    rendered, and what it parsed is still true of the files); after anything else the next build
    reads the cache from disk."""

    def __init__(self, save_when_idle: bool = False):
        self._cache: BuildCache | None = None
        self._watch = None              # watch.Watch of the project's record folders
        self._index = None
        self._unindexed = None          # the corpus of a build that derived no index (prime)
        # A worker answers once the pages are published and writes the cache to disk afterwards,
        # while it waits for the next request (~0.3 s of a one-article rebuild at 10,000 articles:
        # the shards that changed, pickled). Nothing it serves is read from disk in between: the
        # next build takes the cache from here, and saves what is pending first.
        self.save_when_idle = save_when_idle
        self._unsaved: str | None = None        # the generation the kept cache describes, not yet saved
        self.unsaved_error: str | None = None   # why the last deferred save failed (said by the next build)
        self.docs: Path | None = None           # where the last build published (for `pages`)
        self.pages = None                       # watch.PageWatch of the published generation, armed in `prime`

    def open(self, root: Path, empty: bool = False) -> BuildCache:
        self.save_pending()
        cache, self._cache = self._cache, None
        trusted = not (cache is None or empty or cache.root != root or cache.generation is None
                       or cache.fingerprint != fingerprint(root) or _saved_generation(cache) != cache.generation)
        if trusted:
            cache.again()
        else:
            self._index = self._unindexed = None
            cache = BuildCache.open(root, empty)
        cache.watch = self._watching(root, trusted)
        return cache

    def _watching(self, root: Path, trusted: bool):
        """The watch of the record folders, begun for this build (None where there can be none).
        `trusted`: the build continues the last one's cache, whose stamps the watch can vouch for."""
        from .load import RECORD_DIRS
        from .watch import Watch

        if self._watch is None or self._watch.data != root / "data":
            if self._watch is not None:
                self._watch.close()
            self._watch = Watch(root / "data", RECORD_DIRS)
        self._watch.begin(trusted)
        return self._watch if self._watch.active else None

    def keep(self, cache: BuildCache, unsaved: str | None = None) -> None:
        """Keep the cache for the next build; `unsaved`: the generation it describes, which it
        was not saved for yet (see `save_when_idle`)."""
        self._cache, self._unsaved = cache, unsaved

    def save_pending(self) -> None:
        """Save the kept cache if a build left it unsaved. When that fails, the cache is dropped
        with the index (the next build reads what is on disk, whose meta names another
        generation: it renders everything) and the reason is kept for that build to say."""
        if self._unsaved is None:
            return
        generation, self._unsaved = self._unsaved, None
        try:
            self._cache.save(generation)
        except OSError as exc:
            self._cache = self._index = self._unindexed = None
            self.unsaved_error = str(exc.strerror or exc)

    def _watch_pages(self) -> None:
        if self.docs is None:
            return
        from .watch import PageWatch
        from .write import current_generation, watch_pages

        if self.pages is None:
            self.pages = PageWatch()
        if self.pages.generation != current_generation(self.docs):
            watch_pages(self.docs, self.pages)

    def take_index(self):
        """The last build's index (index.Index), if it was kept with the cache `open` gave back:
        its records are then the cache's (see index_update). Taken: a build that fails midway
        leaves none behind, half updated."""
        index, self._index, self._unindexed = self._index, None, None
        return index

    def keep_index(self, index, corpus=None) -> None:
        """Keep the build's index; or, when it derived none (nothing had changed), its corpus, to
        derive the index from when the process has nothing else to do (`prime`)."""
        self._index, self._unindexed = index, (corpus if index is None else None)

    def prime(self) -> None:
        """Derive the index a build left underived (~1.2 s at 10,000 articles), and what a
        validation that read every event left out (findings.Findings.cite): the worker does it
        while it waits for the next request, which then only updates them. Its first request,
        with nothing changed since the last build, derives no index. A cache left unsaved is
        saved first, and the published pages are watched (`pages`); then what rendering memoises
        on the index is made ahead (warm.py)."""
        self.save_pending()
        self._watch_pages()
        if self._index is None and self._unindexed is not None:
            from .build import collector_off
            from .index import build_index

            with collector_off():
                self._index = build_index(self._unindexed)
        self._unindexed = None
        if self._cache is not None and self._cache.findings is not None:
            self._cache.findings.prime()
        if self._index is not None:
            from .build import collector_off
            from .warm import warm

            with collector_off():
                warm(self._index, self._cache)


def _saved_generation(cache: BuildCache) -> str | None:
    try:
        with open(cache.folder / "meta.pickle", "rb") as handle:
            meta = pickle.load(handle)
        return meta["generation"] if meta.get("fingerprint") == cache.fingerprint else None
    except Exception:          # gone or damaged: not what this process saved
        return None


def _atomic_pickle(path: Path, value) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        pickle.dump(value, handle, protocol=5)
    os.replace(tmp, path)
