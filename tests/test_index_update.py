"""The index a process that builds again keeps and updates (index_update.py) is, after every kind
of curator edit, the index `build_index` derives from scratch: every list in the same order, every
count, bucket and dispute; and what rendering memoised on it is what a fresh index would give.

Each build below runs in one process that keeps its cache and index (a `Memory`, as the worker
does); the update is checked against a fresh index right after it is made, before rendering.
"""

from __future__ import annotations

import dataclasses
import random
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from generator import contexts, index, index_update, listings, search_index, visuals
from generator.fragments import Fragments
from generator import model as m
from generator.build import build
from generator.buildcache import Memory
from generator.diagnostics import Diagnostics
from test_incremental import (EDITS, _age, _assert_equals_a_build_from_scratch, _copy, _dump, _load,  # noqa: F401
                              _split_lists, built_split)                          # built_split: a fixture

MEMOS = {"_origins", "entity_parts_memo", "entity_keys_memo", "entity_pages_memo", "listings_memo", "span_tally",
         "entity_tallies", "items_memo", "nested_memo", "together_memo",
         "first_and_last", "reports_total"}
RECORDS = (m.Event, m.Article)      # listed as the very objects of the corpus, not copies


def _plain(value):
    """A field's value with the dict order a lookup never sees and the empty entries a lookup on a
    defaultdict leaves behind taken out; list order kept."""
    if isinstance(value, Counter):
        return {k: v for k, v in value.items() if v}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not (isinstance(v, (list, set, Counter, dict)) and not v)}
    return value


def assert_same_index(got: index.Index, want: index.Index) -> None:
    assert got.corpus is want.corpus
    for f in dataclasses.fields(index.Index):
        if f.name == "corpus" or f.name in MEMOS:
            continue
        a, b = _plain(getattr(got, f.name)), _plain(getattr(want, f.name))
        if isinstance(a, dict):
            assert a.keys() == b.keys(), (f.name, sorted(map(str, a.keys() ^ b.keys()))[:5])
            wrong = [k for k in a if a[k] != b[k]]
            assert not wrong, (f.name, wrong[:5])
            lists = [k for k in a if isinstance(a[k], list)]
            assert all(x is y for k in lists for x, y in zip(a[k], b[k]) if isinstance(x, RECORDS)), f.name
        else:
            assert a == b, f.name


def assert_memos_hold(got: index.Index, want: index.Index) -> None:
    """Whatever rendering memoised on the kept index, and the update kept, is still true."""
    c = got.corpus
    for name, listing in got.listings_memo.items():       # kept by the update, or made since
        assert listing == getattr(listings, name)(want), name
    for (event_id, stance), origins in got._origins.items():
        assert origins == want.origins(c.events[event_id], stance), event_id
    for page, parts in got.entity_parts_memo.items():
        entity = _entity_of(c, page)
        assert entity is not None and parts == listings.entity_parts(want, entity), page
    for page, keys in got.entity_keys_memo.items():
        entity = _entity_of(c, page)
        assert entity is not None and keys == listings.entity_part_keys(want, entity), page
    tallies = {("span_tally",): (got.span_tally, visuals.SpanTally(want.events))} if got.span_tally else {}
    for (kind, rid), tally in got.entity_tallies.items():
        events = (want.actor_events if kind == "Actor" else want.place_events).get(rid, ())
        tallies[kind, rid] = (tally, visuals.SpanTally(e for e, _ in events))
    for place_id, nested in got.nested_memo.items():
        assert nested == contexts.nested_events(want, place_id), place_id
    if got.first_and_last is not None:
        assert got.first_and_last == contexts.first_and_last(want.events)
    if got.reports_total is not None:
        assert got.reports_total == index.Index(got.corpus).reported()
    for place_id, together in got.together_memo.items():
        assert together == contexts.places_together(want, place_id), place_id
    fragments = Fragments(want, contexts.SiteInfo.from_index(want))
    for event_id, by_depth in got.items_memo.items():     # an item used again is the item made afresh
        for depth, (e, disputed, text, links) in by_depth.items():
            if e is c.events.get(event_id) and disputed == want.is_disputed(e):
                assert (text, links) == fragments._item_uncached(e, disputed, depth), (event_id, depth)
    for key, (tally, fresh) in tallies.items():
        for f in ("total", "starts", "ends", "months", "years"):
            assert getattr(tally, f) == getattr(fresh, f), (key, f)
    for page, months in got.entity_pages_memo.items():
        entity = _entity_of(c, page)
        assert entity is not None and sorted(months) == sorted(listings.entity_month_pages(want, entity)), page


def _memoise_everything(ix: index.Index) -> None:
    c = ix.corpus
    for e in c.events.values():
        for stance in ("asserts", "denies"):
            ix.origins(e, stance)
    for entity in listings.split_entities(ix):
        listings.entity_parts(ix, entity)
        listings.entity_part_keys(ix, entity)
        listings.entity_month_pages(ix, entity)
    assert ix.entity_parts_memo, "no page is split: the memos of split pages are not checked"
    listings.part_pages(ix)
    ix.span_tally = visuals.SpanTally(ix.events)
    contexts.SiteInfo.from_index(ix)                   # first_and_last, reports_total
    for p in c.places:
        contexts.nested_events(ix, p)
        contexts.places_together(ix, p)
    fragments = Fragments(ix, contexts.SiteInfo.from_index(ix))
    for e in c.events.values():
        for depth in (1, 2):
            fragments._item(e.id, depth)
    for entity in [*c.actors.values(), *c.places.values()]:
        visuals.entity_tally(ix, entity)


def _entity_of(c, page: str):
    folder, name = page.split("/")
    return (c.actors if folder == "actors" else c.places).get(name[:-3])


def change_the_outlet_its_own_reports_stand_on(data: Path, rng: random.Random) -> None:
    """An outlet is the independent source of the reports of its article that cite no one: their
    events' source counts, memoised on the index, change with it (`change_outlet` may pick an
    article whose reports all cite someone)."""
    path = data / "articles" / "sinai-news-cutting-irans-tail.yaml"
    record = _load(path)
    record["outlet"] = "al-shorouk"
    _dump(path, record)


def add_an_event_of_a_year_its_kind_had_none_of(data: Path, rng: random.Random) -> None:
    """A kind's new year is a new part of the events-by-kind listing, which the update puts in its
    place among that kind's years (listings.update_events_by_kind), not after them."""
    from test_incremental import add_event

    add_event(data, rng)
    path = max((data / "events").glob("new-*.yaml"), key=lambda p: p.stat().st_mtime_ns)
    record = _load(path)
    record["date"] = "2019-03-05"
    _dump(path, record)


@pytest.fixture
def checked_updates(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Check every update the builds make against a fresh index; the list holds one entry per
    update: "updated" (with the memos of the render before it checked too), "updated, nothing
    memoised" (a primed index, never rendered from), "declined" when it left the index to be
    derived again, or "wrong: …"."""
    made: list[str] = []
    real = index_update.update_index

    def update_and_check(ix, corpus):
        scalars = {"span_tally", "first_and_last", "reports_total"}
        memos = {name: dict(getattr(ix, name)) for name in MEMOS - scalars}
        memos.update((name, getattr(ix, name) is not None) for name in scalars)
        _memoise_everything(ix)           # so that a memo the update forgets to drop is there to be seen
        if not real(ix, corpus):
            made.append("declined")
            return False
        fresh = index.build_index(corpus)
        try:          # the build takes a failed update for a bug and derives the index again: say it here
            assert_same_index(ix, fresh)
            assert_memos_hold(ix, fresh)
        except AssertionError as failed:
            made.append(f"wrong: {failed}")
            raise
        made.append("updated" if any(memos.values()) else "updated, nothing memoised")
        return True

    monkeypatch.setattr(index_update, "update_index", update_and_check)
    return made


def test_every_edit_of_the_bundled_corpus_updates_the_index_as_a_build_from_scratch_derives_it(
        built_split, tmp_path: Path, checked_updates: list[str], monkeypatch: pytest.MonkeyPatch):
    """With its lists split (test_incremental.SPLIT_LIMITS): the pages of its busiest actors and
    places are cut by month, from lists memoised on the index."""
    _split_lists(monkeypatch)
    root = _copy(built_split, tmp_path / "kept")
    memory = Memory(save_when_idle=True)     # as the worker's
    build(root, Diagnostics(), memory=memory)       # nothing changed: no index derived…
    memory.prime()                                  # …until the worker is idle, with its memos (warm.py)
    ix = memory._index
    assert ix.span_tally is not None and ix.first_and_last is not None and ix.items_memo.keys() == ix.corpus.events.keys()
    split = {f"{'actors' if isinstance(e, m.Actor) else 'places'}/{e.id}.md" for e in listings.split_entities(ix)}
    assert split and split <= ix.entity_parts_memo.keys() and ix.nested_memo.keys() == ix.corpus.places.keys()
    assert {(e.id, "asserts") for e in ix.events} <= ix._origins.keys()
    cache = memory._cache                           # the downloads' texts and the search numbering, too
    assert len(cache.exports.texts) >= len(ix.corpus.articles) and search_index.known_numbering(cache.search.keys())
    rng = random.Random(5)
    for edit in [*EDITS, change_the_outlet_its_own_reports_stand_on, add_an_event_of_a_year_its_kind_had_none_of]:
        edit(root / "data", rng)
        _age(root)
        diags = Diagnostics()
        assert build(root, diags, memory=memory).planned is not None, edit.__name__
        assert not diags.errors, [str(d) for d in diags.errors]
    assert checked_updates == ["updated"] * (len(EDITS) + 2), "\n".join(checked_updates)
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def test_a_synthetic_corpus_grown_and_edited_keeps_its_index_as_a_build_from_scratch_derives_it(
        tmp_path: Path, checked_updates: list[str], monkeypatch: pytest.MonkeyPatch):
    """Several articles a day, hubs split by month, undated articles, periods and denials: what
    the bundled corpus has too little of."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic
    from test_incremental import (add_event, drop_report, move_event_date, redate_article_to_the_day_of_another,
                                  remove_event, retitle_article)

    monkeypatch.setattr(listings, "ENTITY_INLINE_MAX", 60)      # its hubs' pages cut by month
    root = tmp_path / "synthetic"
    manifest = synthetic.generate(150, root)
    synthetic.scaffold(root)
    memory = Memory(save_when_idle=True)     # as the worker's
    assert not build(root, Diagnostics(), memory=memory).planned
    rng = random.Random(13)
    steps = [move_event_date, redate_article_to_the_day_of_another, remove_event, drop_report, add_event,
             retitle_article]
    for i in range(12):
        if i % 2 == 0:
            synthetic.add_article(root, manifest, serial=i)
        else:
            steps[i // 2](root / "data", rng)
        _age(root)
        diags = Diagnostics()
        assert build(root, diags, memory=memory).planned is not None, i
        assert not diags.errors, [str(d) for d in diags.errors]
    assert checked_updates == ["updated"] * 12, "\n".join(checked_updates)
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def test_much_changed_is_derived_again_not_updated(built_split, tmp_path: Path, checked_updates: list[str],
                                                   monkeypatch: pytest.MonkeyPatch):
    _split_lists(monkeypatch)
    root = _copy(built_split, tmp_path / "many")
    memory = Memory(save_when_idle=True)     # as the worker's
    build(root, Diagnostics(), memory=memory)
    memory.prime()
    monkeypatch.setattr(index_update, "UPDATE_MAX", 1)
    EDITS[0](root / "data", random.Random(1))
    EDITS[-1](root / "data", random.Random(1))
    _age(root)
    build(root, Diagnostics(), memory=memory)
    assert checked_updates == ["declined"]
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")
