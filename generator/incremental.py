"""Which pages a rebuild must render again, from what changed since the last build.

A page shows its own record and, through links, other records; it can only change when one of
those changes. The planner starts from the records whose digest changed (added, edited, removed)
and marks, conservatively:

1. the page of every changed record;
2. the pages of everything a changed record refers to now, with their ancestors (an event is
   listed on its actors', places', articles' and related events' pages, and place and actor pages
   aggregate what happens below them), and the day and month pages its dates fall on; for an
   article, the pages of the articles published the same day (each lists the others); an actor's
   or place's twin (the same Wikidata item: each page links the other);
3. "derived" records: events whose shown state depends on a changed record without being edited
   themselves (an event becomes disputed when a denial is added; its source count changes when an
   article's outlet does); they count as changed for rule 4;
4. every page that linked, in the previous output, to the page of a changed or derived record, or
   to a page that no longer exists (it shows that record's name, date or state), and, for a place
   page, the places it lies within (they count its events: a removed event is only known through
   the pages that linked to it);
5. pages that appear or disappear, and the pages next to them (previous/next links: days, months,
   an entity's months, which its own page lists too), and for an appearing day the events known
   only to a period that holds it (their pages list the day pages in it; a disappearing one is
   reached by rule 4);
6. the list-part pages (listings.py: a kind's events, a month's disputes or sources) holding a
   line for an event or article whose page is rendered: that line shows nothing its page does
   not; and the months of a long actor's or place's page holding a line for a changed or derived
   event or article (rule 4 reaches the months that held it before; the other rendered records,
   rendered because they show a changed one, show it on their own page, not in their line);
7. the page of an actor or place one of whose months is rendered (it counts each month's lines),
   and, rule 4's place family last, the places it lies within.

Site-wide pages (home, indexes, chronology, disputes, search, exports, feed) are always rendered.
`tests/test_incremental.py` checks the plan the only way that matters: after random edits, an
incremental build writes byte-for-byte the same files as a build from scratch.
"""

from __future__ import annotations

from bisect import bisect_left

from . import listings
from . import model as m
from . import paths
from .dates import days_between
from .index import DAY_PAGE_MAX_DAYS, Index, ongoing_months, period_of

PAGE_OF = {"Actor": paths.actor, "Place": paths.place, "Event": paths.event, "Article": paths.article}


def record_pages(corpus: m.Corpus, ix: Index) -> list[str]:
    """Every page rendered from a record, a day, a month or a part of a split list (the pages the
    plan decides about)."""
    out = [paths.actor(i) for i in corpus.actors]
    out += [paths.place(i) for i in corpus.places]
    out += [paths.event(i) for i in corpus.events]
    out += [paths.article(i) for i in corpus.articles]
    out += [paths.day(d) for d in ix.days]
    out += [paths.month(*ym) for ym in ix.months]
    out += listings.part_pages(ix)
    out += listings.entity_part_pages(ix)
    return out


def _closure(start: str, table: dict, parents, into: set[str]) -> None:
    """`start` and everything reachable from it through `parents(record)` (cycles are harmless)."""
    stack = [start]
    while stack:
        key = stack.pop()
        if key in into:
            continue
        into.add(key)
        record = table.get(key)
        if record:
            stack.extend(parents(record))


def _actor_family(c: m.Corpus, actor_id: str, into: set[str]) -> None:
    _closure(actor_id, c.actors, lambda a: (*a.part_of, *a.member_of, *(p.actor for p in a.possibly_same_as)), into)


def _place_family(c: m.Corpus, place_id: str, into: set[str]) -> None:
    _closure(place_id, c.places, lambda p: p.within, into)


def _event_months(span) -> list[tuple[int, int]]:
    return [period_of(span), *ongoing_months(span)]


def _refers_to(c: m.Corpus, ix: Index, kind: str, record) -> set[str]:
    """Pages listing `record` (rule 2): what it refers to, with ancestors, and its dates; for an
    actor or place, also the place or actor that is the same entity (it links it from now on)."""
    actors: set[str] = set()
    places: set[str] = set()
    pages: set[str] = set()
    if kind == "Event":
        for p in record.actors:
            _actor_family(c, p.actor, actors)
        for p in record.places:
            _place_family(c, p.place, places)
        for r in record.reports:
            pages.add(paths.article(r.article))
            for v in r.via:
                if v.actor:
                    _actor_family(c, v.actor, actors)
        pages.update(paths.event(e) for e in (*record.related, *record.denies))
        span = record.date
        if span.days <= DAY_PAGE_MAX_DAYS:
            pages.update(paths.day(d) for d in days_between(span.start, span.end))
        pages.update(paths.month(*ym) for ym in _event_months(span))
    elif kind == "Article":
        for a in (record.outlet, *record.relays):
            if a:
                _actor_family(c, a, actors)
        if record.published:
            pages.add(paths.day(record.published))
            pages.add(paths.month(record.published.year, record.published.month))
            # the other articles of that day list it (the one it left is reached by rule 4: it linked here)
            pages.update(paths.article(a.id) for a in ix.day_articles.get(record.published, ()))
    elif kind == "Actor":
        _actor_family(c, record.id, actors)
        if record.id in ix.place_of_actor:
            pages.add(paths.place(ix.place_of_actor[record.id]))
    elif kind == "Place":
        _place_family(c, record.id, places)
        if record.id in ix.actor_of_place:
            pages.add(paths.actor(ix.actor_of_place[record.id]))
    pages.update(paths.actor(a) for a in actors)
    pages.update(paths.place(p) for p in places)
    return pages


def plan(previous_links: dict[str, frozenset[str]], previous: dict[tuple[str, str], bytes],
         current: dict[tuple[str, str], bytes], c: m.Corpus, ix: Index) -> set[str]:
    """The record, day and month pages to render again; the others are kept from the last build."""
    changed = {k for k, _ in previous.items() ^ current.items()}       # added, edited, removed (C-level: ~10x
                                                                          # a test of each of 150,000 keys)
    render: set[str] = set()
    hot: set[str] = set()                 # pages whose referrers must be rendered again (rule 4)
    derived: set[str] = set()             # event ids (rule 3)
    changed_pages = {PAGE_OF[kind](rid) for kind, rid in changed}
    for kind, rid in changed:
        page = PAGE_OF[kind](rid)
        render.add(page)
        hot.add(page)
        record = c.table(kind).get(rid)
        if record is None:
            continue
        render |= _refers_to(c, ix, kind, record)
        if kind == "Event":
            derived.update(record.denies, record.related)
            derived.update(e.id for e in ix.denied_by.get(rid, ()))
            derived.update(e.id for e in ix.related_from.get(rid, ()))
        elif kind == "Article":
            derived.update(e.id for e, _ in ix.article_reports.get(rid, ()))
    if changed_pages:
        for page, targets in previous_links.items():          # events that showed a changed record
            if page.startswith("events/") and page.count("/") == 1 and not changed_pages.isdisjoint(targets):
                derived.add(page[len("events/"):-3])
    for event_id in derived:
        page = paths.event(event_id)
        hot.add(page)
        if event_id in c.events:
            render.add(page)
            render |= _refers_to(c, ix, "Event", c.events[event_id])

    now = record_pages(c, ix)
    now_set = set(now)
    hot |= previous_links.keys() - now_set                     # pages that disappear (rule 5)
    for page in now_set - previous_links.keys():               # pages that appear (rule 5)
        render.add(page)
        render |= _neighbours(page, ix)
    if hot:
        for page, targets in previous_links.items():
            if not hot.isdisjoint(targets):
                render.add(page)
    for page in list(render):                                   # rule 6
        render.update(listings.parts_listing(ix, page))
    for page in hot:                                            # rule 6, entities' months
        render.update(listings.entity_parts_listing(ix, page))
    render.update({e for e in map(paths.entity_of_part, render) if e})   # rule 7: its months' counts
    for page in [p for p in render if p.startswith("places/") and p.count("/") == 1]:
        family: set[str] = set()               # a place page counts the events of the places within it
        _place_family(c, page[len("places/"):-3], family)   # (rule 4 reaches the one that lost an event)
        render.update(paths.place(p) for p in family)
    return render & now_set


def _neighbours(page: str, ix: Index) -> set[str]:
    """A new day or month page changes the previous/next links of the pages beside it."""
    out: set[str] = set()
    if page.startswith("dates/") and page != "dates/index.md":
        from datetime import date

        d = date.fromisoformat(page[len("dates/"):-3])
        i = bisect_left(ix.days, d)
        for j in (i - 1, i + 1):
            if 0 <= j < len(ix.days):
                out.add(paths.day(ix.days[j]))
        out.add(paths.month(d.year, d.month))
        out.update(paths.event(e.id) for e in ix.day_periods.get(d, ()))   # they list the day pages in them
    elif entity := paths.entity_of_part(page):
        out.add(entity)                                 # an entity's month: its page and its neighbours
        folder, entity_id = page.split("/")[:2]
        table = ix.corpus.actors if folder == "actors" else ix.corpus.places
        if entity_id in table:
            keys = sorted(listings.entity_part_keys(ix, table[entity_id]), key=listings.month_order)
            parts = [paths.entity_part(table[entity_id], k) for k in keys]
            if page in parts:
                i = parts.index(page)
                out.update(parts[j] for j in (i - 1, i + 1) if 0 <= j < len(parts))
    elif page.startswith("chronology/"):
        for i, ym in enumerate(ix.months):
            if paths.month(*ym) == page:
                out.update(paths.month(*ix.months[j]) for j in (i - 1, i + 1) if 0 <= j < len(ix.months))
    return out
