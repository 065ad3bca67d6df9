"""The feed's newest entries, found without dating every event (feed._newest_events), are the
ones dating every event finds."""

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
