"""What rendering memoises on the index, derived ahead by a worker while it waits (Memory.prime).

A worker's first request usually changes nothing (the cache read from disk, nothing rendered), so
the memos a rebuild reads (index_update keeps them up to date from then on) were made by the
first rebuild after an edit: the tallies of the timelines, the months of every split actor and
place, the events within and beside each place, each event's list item and its independent
sources (the rows of a day's or a month's events), the first and last events, the downloads'
record texts, the search pages' numbering. That first one-article rebuild took 2.6 s at 10,000
articles against 1.4 s for the next. Made here instead, between requests, as rendering would make them; each is a lookup when it is
already there, so priming after every build costs next to nothing.
"""

from __future__ import annotations

from . import contexts as cx
from . import listings
from .exports import EventsLayout, warm_texts
from .fragments import Fragments
from .search_index import numbers_of
from .visuals import SpanTally, entity_tally

KIND_PART_DEPTH = 2          # events/kinds/<kind>-<year>.md: where the longest lists of items are


def warm(ix, cache=None) -> None:
    """`cache` (buildcache.BuildCache): the downloads' record texts and the search pages' numbering
    are made ahead too."""
    site = cx.SiteInfo.from_index(ix)             # the first and last events, the count of reports
    if ix.span_tally is None and ix.events:
        ix.span_tally = SpanTally(ix.events)
    for entity in listings.split_entities(ix):
        listings.entity_parts(ix, entity)
        listings.entity_month_pages(ix, entity)
        entity_tally(ix, entity)
    for place_id in ix.corpus.places:
        cx.nested_events(ix, place_id)
        cx.places_together(ix, place_id)
    listings.part_pages(ix)                      # the events-by-kind listing, which the update keeps
    if cache is not None:
        warm_texts(ix.corpus, ix, cache.exports if isinstance(cache.exports, EventsLayout) else None)
        if cache.search:
            numbers_of(list(cache.search))       # the numbering search_patch starts from
    for e in ix.events:                          # each event's independent sources (its rows)
        ix.origins(e)
    fragments = Fragments(ix, site)
    try:
        for event_id in ix.corpus.events:
            fragments._item(event_id, KIND_PART_DEPTH)
    finally:
        fragments.clear(keep_items=True)
