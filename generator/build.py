"""The build as a short script of named stages: load → validate → index → render → write.

Nothing touches docs/ until every record has been read, checked and indexed. Rendering and
writing are interleaved into a private staging folder (memory stays flat at any size); docs/
changes only in the final atomic swap, so a run with any error, or one killed midway, leaves
the previous pages as they were.
"""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import CuratorError, Diagnostics, Source
from .load import load_corpus
from .validate import Environment, validate


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def templates(self) -> Path:
        return self.root / "templates"


def _load_and_validate(root: Path, diags: Diagnostics, docs: Path | None = None):
    from .write import handwritten_pages

    project = Project(root)
    corpus = load_corpus(project.data, root, diags)
    validate(corpus, diags, Environment(handwritten_pages(docs or project.docs)))
    return corpus


def check(root: Path, diags: Diagnostics) -> dict[str, int]:
    """Validate everything and return the counts a curator wants to see."""
    from .index import build_index
    from .write import OWNERSHIP, not_ours

    corpus = _load_and_validate(root, diags)
    for name in not_ours(Project(root).docs):
        diags.error(Source(f"docs/{name}"), "docs.not-generated", f"{OWNERSHIP}; `build` would refuse to write")
    if diags.errors:
        return {}
    return build_index(corpus).counts()


class Stopwatch:
    """Named stage timings, so `--timings` and the benchmark can show where the time goes."""

    def __init__(self):
        self.stages: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.stages[name] = now - self._last
        self._last = now


@contextmanager
def collector_off():
    """Keep Python's cycle collector off for the whole build.

    Loading, validating and indexing only create objects that live until the end of the build
    (~1.5 million at 10,000 articles), yet the collector kept re-scanning all of them (10,000
    collections, ~7.6 s of a 10,000-article build, measured with gc.callbacks). Rendering leaves
    next to no cycles: left on for it (model frozen, first threshold 50,000), the collector ran
    97 times at 10,000 articles, for ~1 s, to find 1,682 objects (one closure of
    `contexts.places_index`), re-scanning the caches rendering keeps each time. A test holds
    rendering to that (test_units: fewer objects left in cycles than files rendered).
    The collector's state is restored on exit: in one process that builds again (tests,
    `make serve`), the last build's objects are collected then. They are first moved to the
    oldest generation (`freeze`, then `unfreeze`): switched back on with millions of objects
    counted as new, the collector scanned them all at the first allocation after the build
    (1.35 s at 10,000 articles).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def build(root: Path, diags: Diagnostics, docs_dir: Path | None = None, full: bool = False, memory=None):
    """One build. A rebuild reuses the last one's parse cache and renders only the pages the
    incremental plan selects (`full=True`: parse and render everything, then refresh the cache).
    `memory` (buildcache.Memory): a process that builds again keeps the cache there instead of
    reading it back from disk (without one, the cache is read from disk and kept nowhere).

    Stage names stay the five of the design: the plan is part of "index", saving the cache part
    of "write".
    """
    from .buildcache import Memory
    from .exports import EventsLayout
    from .findings import Findings
    from .incremental import plan
    from .index import build_index
    from .render import render_site
    from .write import (KeptPageMissing, build_lock, current_generation, handwritten_pages, keep_published,
                        write_generated)

    project = Project(root)
    if not project.data.is_dir():              # a mistyped --root: say so, and create nothing there
        diags.error(Source(str(project.data)), "project.no-data",
                    "no data/ folder here: is --root the project's folder? (nothing was created)")
        raise CuratorError(diags)
    docs = docs_dir or project.docs
    docs.mkdir(parents=True, exist_ok=True)
    with build_lock(docs), collector_off():
        clock = Stopwatch()
        memory = Memory() if memory is None else memory
        cache = memory.open(root, empty=full)
        memory.docs = docs
        _said_unsaved(memory, diags)
        kept_index = memory.take_index()
        corpus = load_corpus(project.data, root, diags, cache)
        digests, previous = cache.digests(corpus), cache.previous_digests()
        clock.lap("load")
        changed = frozenset(k for k, _ in digests.items() - previous.items()) if previous else None
        cache.findings = cache.findings or Findings()
        validate(corpus, diags, Environment(handwritten_pages(docs), changed, previous,
                                            nothing_removed=previous.keys() <= digests.keys(),
                                            findings=cache.findings))
        _refuse_pages_written_by_hand(docs, diags, memory.pages)
        clock.lap("validate")
        if diags.errors:
            memory.keep(cache)
            memory.keep_index(kept_index)       # untouched: the index comes after validation
            raise CuratorError(diags)
        published = current_generation(docs)
        planned = bool(cache.links) and published is not None and cache.generation == published.name
        if planned and cache.same_files_as_last_build():
            clock.lap("index")
            result = keep_published(docs, published)
            clock.lap("render")
            _save_cache(cache, result.generation, diags, memory, kept_index, corpus)   # files parsed again (too
            return _finish(result, clock, set())                                      # fresh to trust) keep their entries
        index = kept_index if kept_index is not None and _updated(kept_index, corpus) else build_index(corpus)
        only = plan(cache.links, previous, digests, corpus, index) if planned else None
        clock.lap("index")
        links: dict[str, frozenset[str]] = {}
        search_before = dict(cache.search)
        layout = EventsLayout()
        pages = render_site(corpus, index, project.templates, root, only=only, previous=cache.links, links=links,
                            fingerprint=cache.fingerprint, search_memo=cache.search,
                            generation=published if only is not None else None,
                            exports_layout=cache.exports, exports_out=layout, keep_fragments=memory.save_when_idle)
        try:
            result = write_generated(docs, pages, expected=published if only is not None else None)
        except KeptPageMissing as missing:
            diags.warning(Source(f".dossier/current/{missing.rel}"), "build.generation-damaged",
                          "a page the last build wrote is gone from the published site; every page was "
                          "rendered again")
            only, links, layout = None, {}, EventsLayout()
            pages = render_site(corpus, index, project.templates, root, links=links,
                                fingerprint=cache.fingerprint, search_memo=cache.search, exports_out=layout)
            result = write_generated(docs, pages)
        clock.lap("render")
        cache.forget_files_not_seen()
        cache.set_links(links, full=only is None)
        cache.search_changed_since(search_before)
        layout.publish(current_generation(docs))
        cache.set_exports(layout)
        _save_cache(cache, result.generation, diags, memory, index)
        return _finish(result, clock, only)


def _updated(index, corpus) -> bool:
    """Whether the last build's index could be brought up to date with `corpus` (index_update).
    An inconsistency it finds on the way is a bug in the update, not in the data: the index is
    then derived again from scratch, as it is when much changed."""
    from .index_update import update_index

    try:
        return update_index(index, corpus)
    except (AssertionError, KeyError, IndexError):
        return False


def _save_cache(cache, generation: str, diags: Diagnostics, memory, index=None, corpus=None) -> None:
    """Save what the next rebuild reuses. The pages are published by now: a cache that cannot be
    written (a full disk, .dossier/cache not writable) costs the next build a full render, said
    as a warning, not a traceback after the site changed. A half-saved cache is safe: each shard
    names the generation it describes, and a mismatch makes the next build trust none of the plan."""
    if memory.save_when_idle:
        memory.keep(cache, unsaved=generation)
        memory.keep_index(index, corpus)
        return
    try:
        cache.save(generation)
        memory.keep(cache)
        memory.keep_index(index, corpus)
    except OSError as exc:
        diags.warning(Source(".dossier/cache"), "build.cache-unsaved",
                      f"the rebuild cache could not be saved ({exc.strerror or exc}); the pages are "
                      f"published, and the next build will parse and render everything")


def _said_unsaved(memory, diags: Diagnostics) -> None:
    """A worker's save after its last answer failed (Memory.save_when_idle): this build, which
    reads the cache from disk, renders everything; say why."""
    if memory.unsaved_error is not None:
        diags.warning(Source(".dossier/cache"), "build.cache-unsaved",
                      f"the rebuild cache could not be saved after the last build ({memory.unsaved_error}); "
                      f"this build parses and renders everything")
        memory.unsaved_error = None


def _refuse_pages_written_by_hand(docs: Path, diags: Diagnostics, watch=None) -> None:
    """A page saved in a generated folder, or a generated page edited, after the last build: that
    build's files are about to be replaced, so nothing is written until the curator moves it."""
    from .write import pages_written_by_hand

    for rel in pages_written_by_hand(docs, watch):
        diags.error(Source(f"docs/{rel}", 1), "docs.written-in-generated-folder",
                    f"this page was saved after the last build, but docs/{rel.split('/')[0]} belongs to "
                    f"the generator, which rebuilds it from data/: the build would delete or overwrite "
                    f"your page. Move it to a page of your own in docs/ (or delete the file to let the "
                    f"build write its own); nothing was written")


def _finish(result, clock: Stopwatch, only: set[str] | None):
    clock.lap("save")
    clock.stages["render"] -= result.write_seconds
    clock.stages["write"] = result.write_seconds + clock.stages.pop("save")
    result.timings = clock.stages
    result.planned = None if only is None else len(only)
    return result
