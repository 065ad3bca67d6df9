"""Bring the last build's index up to date with a corpus that differs from its own by a few records,
instead of deriving it all again: for a process that builds again and again (worker.py).

At 10,000 articles `build_index` takes ~1.2 s, a fifth of a one-article rebuild in the worker,
to find that nearly every list, count and bucket is what it was. A changed record touches a few
of them: its events' actors, places, days, months, articles and cited actors, and the disputes of
the events it denies. Every list of the index is in one known order (chronological, `event_key`,
for what is derived from events; publication order or load order for articles), so each change is
a removal and an insertion found by bisection, not a sort.

Which records changed is read from the records themselves: loading takes the records of an
unchanged file from the parse cache, the very objects the last index holds; any other object,
even with the same content (a file parsed again), is a change. A record changed is removed as it
was (from the last corpus) and added as it is.

The update must give exactly what `build_index` would: `tests/test_index_update.py` compares them
field by field, order included, after random edits of a synthetic corpus, and the incremental
tests compare the pages of a process that keeps its index with a build from scratch.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict

from . import listings
from . import model as m
from . import paths
from .dates import days_between
from .index import (DAY_PAGE_MAX_DAYS, Index, _by_publication, _days_and_months, _distinct, _hierarchies, count_in,
                    disputes_of, event_key, ongoing_months, period_of)

UPDATE_MAX = 500          # changed records beyond which deriving the index again is as quick, and simpler


def update_index(ix: Index, c: m.Corpus) -> bool:
    """Make `ix` (the index of the last build) the index of `c`, in place. False, and `ix` left as
    it was, when too much changed for an update to pay (then build the index from scratch)."""
    old = ix.corpus
    changed = {kind: _changed(old.table(kind), c.table(kind)) for kind in ("Event", "Article", "Actor", "Place")}
    if sum(map(len, changed.values())) > UPDATE_MAX:
        return False
    events, articles = changed["Event"], changed["Article"]
    before = [old.events[i] for i in events if i in old.events]
    after = [c.events[i] for i in events if i in c.events]
    arts_before = [old.articles[i] for i in articles if i in old.articles]
    arts_after = [c.articles[i] for i in articles if i in c.articles]
    touched = _Touched()
    if changed["Place"]:                # the places within others may change
        ix.nested_memo.clear()
    for e in before:
        _event(ix, e, -1, touched)
    for i in events:                    # their list items (fragments), kept for the events that stay
        ix.items_memo.pop(i, None)
    ix.corpus = c
    for e in after:
        _event(ix, e, +1, touched)
    listings.update_events_by_kind(ix, before, after)
    if ix.reports_total is not None:
        ix.reports_total += sum(len(e.reports) for e in after) - sum(len(e.reports) for e in before)
    if ix.first_and_last is not None:
        if before or not ix.events:             # the first or last may be gone: found again when asked
            ix.first_and_last = None
        elif after:
            from .contexts import first_key, last_key

            early, late = ix.first_and_last
            ix.first_and_last = (min(early, *after, key=first_key), min(late, *after, key=last_key))
    if changed["Actor"] or changed["Place"]:
        _rederive_hierarchies(ix)
    if articles:
        _articles(ix, c, set(articles), arts_before, arts_after, touched)
    _gather_articles(ix, touched)
    for event_id in touched.disputed:
        e = c.events.get(event_id)
        found = disputes_of(ix, e) if e is not None else None
        if found:
            ix.disputes[event_id] = found
        else:
            ix.disputes.pop(event_id, None)
    _days_and_months(ix)
    grown = not before and not arts_before and not any(i in old.table(kind) for kind in ("Actor", "Place")
                                                       for i in changed[kind])
    _forget_memos(ix, touched, {*changed["Actor"], *changed["Place"]}, grown)
    return True


def _changed(before: dict, now: dict) -> list[str]:
    """Ids whose record is not the very object it was: added, edited, parsed again, or removed."""
    found = [i for i, record in now.items() if before.get(i) is not record]
    found += [i for i in before.keys() - now.keys()]
    return found


class _Touched:
    """What the changes reached, for the sets, disputes and memos derived after the lists."""

    def __init__(self):
        self.actors: set[str] = set()         # their pages' memos
        self.places: set[str] = set()
        self.gained: dict[str, set[str]] = defaultdict(set)          # actor → articles it is now mentioned in
        self.place_gained: dict[str, set[str]] = defaultdict(set)
        self.recount: set[str] = set()        # actors whose articles are gathered again (something went)
        self.place_recount: set[str] = set()
        self.disputed: set[str] = set()       # events whose disputes may have changed
        self.origins: set[str] = set()        # events whose origins may have changed
        self.periods: dict[tuple[str, str], set] = defaultdict(set)   # (kind, id) → periods of events added
        # (kind, id) → the lines added to its lists (listings.entity_parts: events, cited, articles,
        # published, relayed), for its months when the corpus only grew
        self.lines: dict[tuple[str, str], tuple[list, list, set, list, list]] = defaultdict(
            lambda: ([], [], set(), [], []))


# --- events: every list is in event_key order ---------------------------------------------------


def _event(ix: Index, e: m.Event, sign: int, touched: _Touched) -> None:
    """Remove (`sign` -1) or add (+1) what `e` contributes to the index's lists, counts and buckets."""
    key = event_key(e)
    put = _insert if sign > 0 else _remove
    if sign > 0:
        ix.events.insert(bisect_left(ix.events, key, key=event_key), e)
    else:
        i = bisect_left(ix.events, key, key=event_key)
        assert ix.events[i] is e, e.id
        del ix.events[i]
    if ix.span_tally is not None:
        ix.span_tally.add(e, sign)
    actors = list(dict.fromkeys([p.actor for p in e.actors]))
    places = list(dict.fromkeys([p.place for p in e.places]))
    for a in actors:
        _takes_part(ix, "Actor", a, e, [p.role for p in e.actors if p.actor == a], key, sign, touched)
        if len(actors) > 1:
            for b in actors:
                if a != b:
                    _count(ix.co_actors, a, b, sign)
        for pl in places:
            _count(ix.actor_places, a, pl, sign)
            _count(ix.place_actors, pl, a, sign)
    for pl in places:
        _takes_part(ix, "Place", pl, e, [p.role for p in e.places if p.place == pl], key, sign, touched)
        if ix.nested_memo:
            for above in _places_above(ix, pl):
                if above in ix.nested_memo:
                    count_in(ix.nested_memo[above], e.id, sign)
        together = ix.together_memo.get(pl)
        if together is not None:
            for q in e.places:
                if q.place != pl:
                    count_in(together, q.place, sign)
    for target in dict.fromkeys(e.denies):
        put(ix.denied_by, target, key, [e] * e.denies.count(target))
    for target in dict.fromkeys(e.related):
        put(ix.related_from, target, key, [e] * e.related.count(target))
    by_article: dict[str, list] = {}
    cited: dict[str, list] = {}
    for r in e.reports:
        by_article.setdefault(r.article, []).append((e, r))
        for v in r.via:
            if v.actor:
                cited.setdefault(v.actor, []).append((e, r))
    for article, pairs in by_article.items():
        put(ix.article_reports, article, key, pairs)
    for actor, pairs in cited.items():
        put(ix.cited_in, actor, key, pairs)
        if sign > 0:
            touched.lines["Actor", actor][1].extend(pairs)
    span = e.date
    if span.start == span.end:
        put(ix.day_events, span.start, key, [e])
        period = (span.start.year, span.start.month)
    else:
        if span.days <= DAY_PAGE_MAX_DAYS:
            for d in days_between(span.start, span.end):
                put(ix.day_periods, d, key, [e])
        period = period_of(span)
        for ym in ongoing_months(span):
            put(ix.month_ongoing, ym, key, [e])
    put(ix.month_events, period, key, [e])
    if sign > 0:
        ix.event_period[e.id] = period
    else:
        ix.event_period.pop(e.id, None)
    touched.actors.update(actors, cited)
    touched.places.update(places)
    if sign > 0:                          # what it adds to the sets of articles mentioning them
        for a in (*actors, *cited):
            touched.periods["Actor", a].add(period)
        for pl in places:
            touched.periods["Place", pl].add(period)
        reported = {r.article for r in e.reports}
        for a in actors:
            touched.gained[a].update(reported)
        for pl in places:
            touched.place_gained[pl].update(reported)
        for a, pairs in cited.items():
            touched.gained[a].update(r.article for _, r in pairs)
    else:
        touched.recount.update(actors, cited)
        touched.place_recount.update(places)
    touched.disputed.update((e.id, *e.denies))
    touched.origins.add(e.id)


def _takes_part(ix: Index, kind: str, rid: str, e: m.Event, roles: list[str], key: tuple, sign: int,
                touched: _Touched) -> None:
    """`e` (with its `roles`) taken out of or put into the events of an actor or a place, and into
    what is kept of them: the tally of its timeline and, for an event added, its new lines."""
    pairs = [(e, _distinct(roles))]
    (_insert if sign > 0 else _remove)(ix.actor_events if kind == "Actor" else ix.place_events, rid, key, pairs)
    if sign > 0:
        touched.lines[kind, rid][0].extend(pairs)
    tally = ix.entity_tallies.get((kind, rid))
    if tally is not None:
        tally.add(e, sign)


def _places_above(ix: Index, place_id: str) -> set[str]:
    """The places `place_id` lies within, directly or not (cycles are refused by validation)."""
    found: set[str] = set()
    stack = list(ix.corpus.places[place_id].within) if place_id in ix.corpus.places else []
    while stack:
        p = stack.pop()
        if p not in found:
            found.add(p)
            stack.extend(ix.corpus.places[p].within if p in ix.corpus.places else ())
    return found


def _event_of(item) -> m.Event:
    """Lists hold events, or pairs whose first member is the event: (event, roles), (event, report)."""
    return item[0] if type(item) is tuple else item


def _item_key(item) -> tuple:
    return event_key(_event_of(item))


def _insert(table: dict, k, key: tuple, items: list) -> None:
    """Put `items`, all of one event whose `event_key` is `key`, in their place in the list table[k]."""
    found = table.get(k)
    if found is None:
        table[k] = list(items)
    else:
        i = bisect_left(found, key, key=_item_key)
        found[i:i] = items


def _remove(table: dict, k, key: tuple, items: list) -> None:
    """Take `items` (as `_insert` put them) out of table[k]; an emptied list goes with its key."""
    found = table[k]
    i = bisect_left(found, key, key=_item_key)
    assert all(_event_of(found[i + j]) is _event_of(item) for j, item in enumerate(items)), k
    del found[i:i + len(items)]
    if not found:
        del table[k]


def _count(table: dict, a: str, b: str, sign: int) -> None:
    counter = table.get(a)
    if counter is None:
        counter = table[a] = Counter()
    count_in(counter, b, sign)
    if not counter:
        del table[a]


# --- articles ------------------------------------------------------------------------------------


def _articles(ix: Index, c: m.Corpus, ids: set[str], before: list[m.Article], after: list[m.Article],
              touched: _Touched) -> None:
    """Publication order shifts every later article's rank: it is taken again (~10 ms at 10,000
    articles). The lists an article is on are taken again from their other articles and its new
    version: by rank (an outlet's, a relaying actor's), in load order (a day's, a month's)."""
    ix.article_rank.clear()
    for rank, art in enumerate(_by_publication(c)):
        ix.article_rank[art.id] = rank
    order = {i: n for n, i in enumerate(c.articles)}
    outlets: set[str] = set()
    relays: set[str] = set()
    days: set = set()
    for art, went in [*((a, True) for a in before), *((a, False) for a in after)]:
        if art.outlet:
            outlets.add(art.outlet)
        relays.update(art.relays)
        if art.published:
            days.add(art.published)
        named = [a for a in (art.outlet, *art.relays) if a]
        touched.actors.update(named)
        if went:
            touched.recount.update(named)
        else:
            for a in named:
                touched.gained[a].add(art.id)
            if art.outlet:
                touched.lines["Actor", art.outlet][3].append(art.id)
            for a in dict.fromkeys(art.relays):
                touched.lines["Actor", a][4].append(art.id)
        for e, r in ix.article_reports.get(art.id, ()):          # its period and rank are on their lists
            touched.actors.update(p.actor for p in e.actors)
            touched.actors.update(v.actor for v in r.via if v.actor)
            touched.places.update(p.place for p in e.places)
            touched.origins.add(e.id)
    rank = ix.article_rank.__getitem__
    for table, keys, of in ((ix.outlet_articles, outlets, lambda a: (a.outlet,)),
                            (ix.relaying_articles, relays, lambda a: a.relays)):
        for k in keys:
            kept = [i for i in table.get(k, ()) if i not in ids]
            for art in after:
                kept += [art.id] * of(art).count(k)          # an actor relayed twice is listed twice
            _set_list(table, k, sorted(kept, key=rank))
    months = {(d.year, d.month) for d in days}
    for table, keys, bucket in ((ix.day_articles, days, lambda a: a.published),
                                (ix.month_articles, months, lambda a: (a.published.year, a.published.month))):
        for k in keys:
            kept = [a for a in table.get(k, ()) if a.id not in ids]
            kept += [a for a in after if a.published and bucket(a) == k]
            _set_list(table, k, sorted(kept, key=lambda a: order[a.id]))
    for art in before:
        ix.article_period.pop(art.id, None)
    for art in after:
        ix.article_period[art.id] = (art.published.year, art.published.month) if art.published else None


def _set_list(table: dict, k, items: list) -> None:
    if items:
        table[k] = items
    else:
        table.pop(k, None)


def _gather_articles(ix: Index, touched: _Touched) -> None:
    """The sets of articles mentioning an actor or a place: what was added joins them; where
    something went (an event or article removed or edited), they are gathered again (a hub's: a
    few ms)."""
    for kind, recount, gained, table, gather in (
            ("Actor", touched.recount, touched.gained, ix.actor_articles, _actor_articles),
            ("Place", touched.place_recount, touched.place_gained, ix.place_articles, _place_articles)):
        for k in recount:
            gather(ix, k)
        for k, found in gained.items():
            if k not in recount:
                touched.lines[kind, k][2].update(found - table.get(k, set()))     # new lines of its months
                table[k].update(found)


def _actor_articles(ix: Index, a: str) -> None:
    """The articles that mention `a`, as `_sources` gathers them."""
    found = set(ix.outlet_articles.get(a, ())) | set(ix.relaying_articles.get(a, ()))
    found.update(r.article for _, r in ix.cited_in.get(a, ()))
    for e, _ in ix.actor_events.get(a, ()):
        found.update(r.article for r in e.reports)
    _set_list(ix.actor_articles, a, found)


def _place_articles(ix: Index, p: str) -> None:
    found: set[str] = set()
    for e, _ in ix.place_events.get(p, ()):
        found.update(r.article for r in e.reports)
    _set_list(ix.place_articles, p, found)


# --- the rest ------------------------------------------------------------------------------------


def _rederive_hierarchies(ix: Index) -> None:
    """Parents, members, twins: read from actors and places only, and quick to derive (~30 ms)."""
    for name in ("actor_children", "actor_members", "place_children", "possibly_same"):
        setattr(ix, name, defaultdict(list))
    ix.place_of_actor, ix.actor_of_place = {}, {}
    _hierarchies(ix)


def _forget_memos(ix: Index, touched: _Touched, records: set[str], grown: bool) -> None:
    """Drop what rendering memoised about what changed: origins of events whose reports or
    articles changed, the month lists of the actors and places whose lists changed; and the
    site-wide listings (listings.per_index), derived again at ~0.15 s.

    `grown`: the corpus only gained records (a curator adding an article). Then no line of an
    actor's or place's lists went or moved to another month, so the months it has
    (listings.entity_part_keys) are those it had and those of its new lines: gathered again, a
    hub's thousands of lines were ~0.13 s of each such rebuild at 10,000 articles."""
    for name in [k for k in ix.listings_memo if k != "events_by_kind"]:     # (that one is updated)
        del ix.listings_memo[name]
    if touched.origins and ix._origins:
        for k in [k for k in ix._origins if k[0] in touched.origins]:
            del ix._origins[k]
    entities = [("Actor", a, paths.actor(a)) for a in touched.actors | records]
    entities += [("Place", p, paths.place(p)) for p in touched.places | records]
    keys = ix.entity_keys_memo
    for kind, rid, page in entities:
        parts = ix.entity_parts_memo.pop(page, None)
        if grown and parts is not None and (kind, rid) in touched.lines:
            entity = (ix.corpus.actors if kind == "Actor" else ix.corpus.places)[rid]
            ix.entity_parts_memo[page] = listings.grown_entity_parts(ix, entity, parts, touched.lines[kind, rid])
        ix.entity_pages_memo.pop(page, None)
        if page not in keys:
            continue
        if not grown:
            del keys[page]
            continue
        gained = (touched.gained if kind == "Actor" else touched.place_gained).get(rid, ())
        keys[page] = keys[page] | touched.periods.get((kind, rid), set()) | {ix.article_period[i] for i in gained}
