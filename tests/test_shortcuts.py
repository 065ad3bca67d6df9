"""Shortcuts that skip work over the whole corpus give what that work gives: the feed's newest
entries found without dating every event (feed._newest_events), a timeline known to be too
crowded without placing its events (visuals.LANE_HOLDS)."""

from __future__ import annotations

import dataclasses
import heapq
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def synthetic_index(tmp_path_factory):
    import synthetic
    from generator.diagnostics import Diagnostics
    from generator.index import build_index
    from generator.load import load_corpus

    root = tmp_path_factory.mktemp("feed")
    synthetic.generate(150, root)
    diags = Diagnostics()
    corpus = load_corpus(root / "data", root, diags)
    assert not diags.errors
    return corpus, build_index


def _every_event(ix):
    from generator.feed import _event_date

    return [(when, f"urn:dossier:event:{e.id}", e) for e in ix.events if (when := _event_date(ix, e))]


def _top(ranked, n):
    return [(when, urn) for when, urn, _ in heapq.nlargest(n, ranked, key=lambda x: (x[0], x[1]))]


@pytest.mark.parametrize("enough", [1, 7, 50, 400, 10**6])
@pytest.mark.parametrize("with_added", [False, True])
def test_newest_events_hold_the_newest_of_all(synthetic_index, enough, with_added):
    from generator.feed import _newest_events

    corpus, build_index = synthetic_index
    if with_added:           # a few events dated by the curator, one of them later than any article
        events = dict(corpus.events)
        for i, (eid, e) in enumerate(list(events.items())[::97]):
            events[eid] = dataclasses.replace(e, added=e.date.start.replace(year=2030 if i == 0 else 2001))
        corpus = dataclasses.replace(corpus, events=events)
    ix = build_index(corpus)
    every = _every_event(ix)
    assert len(every) > 400
    found = _newest_events(ix, enough)
    assert len(found) < len(every) or enough >= len(every)
    assert _top(found, enough) == _top(every, enough)


def test_one_lane_holds_fewer_events_than_lane_holds_says():
    """The densest lane possible: 8 px marks (the narrowest drawn), 2 px and a hair apart, from one
    end of the axis to the other."""
    from generator.visuals import LANE_HOLDS, TL_PAD, TL_WIDTH, place_in_lanes

    rights = [TL_WIDTH - TL_PAD + 4 - i * 10.001 for i in range(1000)]
    rights = [r for r in rights if r - 4 >= TL_PAD]                # a mark's middle stays on the axis
    assert place_in_lanes([(r, r - 8) for r in rights]) == [0] * len(rights)
    assert len(rights) < LANE_HOLDS


@pytest.mark.parametrize("lanes, known", [(1, True), (4, True), (12, False)])
def test_a_timeline_known_too_crowded_is_drawn_as_placing_its_events_would_draw_it(synthetic_index, monkeypatch,
                                                                                   lanes, known):
    """With the synthetic corpus's ~500 events, 4 lanes are known too few (4 × 73 < 500), 12 are
    not (12 × 73 > 500): the events are placed, whatever placing them ends in."""
    from generator import visuals
    from generator.contexts import SiteInfo
    from generator.links import Linker

    corpus, build_index = synthetic_index
    ix = build_index(corpus)
    site = SiteInfo.from_index(ix)
    monkeypatch.setattr(visuals, "MAX_LANES", lanes)       # the shortcut taken with the synthetic corpus's 500 events
    placed = []
    place = visuals.place_in_lanes
    monkeypatch.setattr(visuals, "place_in_lanes", lambda spans: placed.append(1) or place(spans))

    def draw() -> str:
        figures = visuals.Figures("index.md", ix, site, Linker("index.md", ix.corpus).targets, {})
        return str(figures.timeline(ix.events, listed="chronology/index.md"))

    shortcut = draw()
    assert bool(placed) != known, "the shortcut was not taken" if known else "the shortcut was taken"
    monkeypatch.setattr(visuals, "LANE_HOLDS", 10**9)
    assert draw() == shortcut
    assert placed
