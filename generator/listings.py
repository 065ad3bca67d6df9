"""The lists that grow with the corpus, and the pages they are split into when one page would be
too long: the three site-wide ones (events by kind, the disputes, the sources), and an actor's or
a place's own lists (below: its months).

At 10,000 articles each was one page of 4.5–7.8 MB of Markdown (a browser takes seconds to lay
out the HTML MkDocs makes of it), and, being site-wide, all three were rendered again on every
rebuild, whatever changed: ~2 s of a one-article rebuild. Split, each is an index of parts (a
kind's year, a month) with their counts, and one page per part. A part page lists records whose own
pages are re-rendered whenever their line in the list could change, so the incremental plan
treats part pages like day and month pages (incremental.py): only the parts holding a changed
record are rendered again.

Below the limits a list stays on one page, as before (the bundled corpus has 157 events, a few
dozen disputes and 5 articles). Part addresses derive from a vocabulary id or a month, so they
stay the same as the corpus grows; a dossier that grows past a limit gains the part pages.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import wraps
from itertools import groupby
from operator import attrgetter, itemgetter

from . import model as m
from . import paths
from .index import Index, event_key

EVENTS_INLINE_MAX = 400          # events listed on the events-by-kind page before it is split by kind
DISPUTES_INLINE_MAX = 150        # disputed events (each with all its voices) before the page is split by month
SOURCES_INLINE_MAX = 400         # articles in the sources table before it is split by month of publication


def per_index(derive):
    """Memoise a whole-corpus listing on the index: the incremental plan asks for every part page,
    and rendering then asks for the same lists again (~0.15 s of a one-article rebuild at 10,000
    articles). An index that is updated (index_update) forgets them."""
    name = derive.__name__

    @wraps(derive)
    def memoised(ix: Index):
        found = ix.listings_memo.get(name)
        if found is None:
            found = ix.listings_memo[name] = derive(ix)
        return found

    return memoised


@dataclass(frozen=True)
class Part:
    key: object                  # (kind id, year), a (year, month) chronology bucket, or a (year, month) | None
    page: str                    # where the part is published when its list is split
    records: list                # events or articles, in the list's order


@dataclass(frozen=True)
class Listing:
    parts: list[Part]
    split: bool

    @property
    def total(self) -> int:
        return sum(len(p.records) for p in self.parts)


@per_index
def events_by_kind(ix: Index) -> Listing:
    """Events grouped by kind, in the vocabulary's order, each group in chronological order (one
    pass: scanning every event once per kind was ~1 s per build at 10,000 articles). A part is a
    kind's events starting in one year: a kind's page alone was up to 1 MB at 10,000 articles."""
    by_kind: dict[str, dict[int, list[m.Event]]] = {}
    for e in ix.events:
        by_kind.setdefault(e.kind, {}).setdefault(ix.event_period[e.id][0], []).append(e)
    parts = [Part((kind, year), paths.kind_events(kind, year), events)
             for kind in ix.corpus.vocab["event-kinds"].terms if kind in by_kind
             for year, events in by_kind[kind].items()]
    return Listing(parts, len(ix.events) > EVENTS_INLINE_MAX)


def update_events_by_kind(ix: Index, removed: list[m.Event], added: list[m.Event]) -> None:
    """Bring the memoised `events_by_kind` of an index being updated (index_update) up to date:
    the events removed (as they were) and added (as they are) taken out of and put into their
    kind's year, each list kept in `ix.events` order. Derived again, it was ~0.09 s of every
    one-article rebuild at 10,000 articles (33,000 events read to place ten)."""
    listing = ix.listings_memo.get("events_by_kind")
    if listing is None:
        return
    parts = {p.key: p for p in listing.parts}
    lists: dict[tuple[str, int], list[m.Event]] = {}

    def of(e: m.Event) -> list[m.Event]:
        key = (e.kind, e.date.start.year)            # the year of index.period_of
        if key not in lists:
            lists[key] = list(parts[key].records) if key in parts else []
        return lists[key]

    for e in removed:
        found = of(e)
        i = bisect_left(found, event_key(e), key=event_key)
        assert found[i] is e, e.id
        del found[i]
    for e in added:
        found = of(e)
        found.insert(bisect_left(found, event_key(e), key=event_key), e)
    for key, events in lists.items():
        if events:
            parts[key] = Part(key, paths.kind_events(*key), events)
        else:
            del parts[key]
    rank = {kind: i for i, kind in enumerate(ix.corpus.vocab["event-kinds"].terms)}
    ordered = sorted(parts.values(), key=lambda p: (rank[p.key[0]], p.key[1]))
    ix.listings_memo["events_by_kind"] = Listing(ordered, len(ix.events) > EVENTS_INLINE_MAX)


@per_index
def disputes(ix: Index) -> Listing:
    """Disputed events in chronological order, grouped by the chronology bucket they start in.
    Read from the disputes (every entry there holds at least one), sorted as `ix.events` is: not
    by testing each of the 33,000 events of a 10,000-article corpus (~0.06 s a rebuild)."""
    by_period: dict[tuple[int, int], list[m.Event]] = {}
    events, period = ix.corpus.events, ix.event_period
    for e in sorted(map(events.__getitem__, ix.disputes), key=event_key):
        by_period.setdefault(period[e.id], []).append(e)
    parts = [Part(ym, paths.period_disputes(*ym), events) for ym, events in sorted(by_period.items())]
    return Listing(parts, sum(map(len, by_period.values())) > DISPUTES_INLINE_MAX)


def articles_by_date(ix: Index, ids) -> list[m.Article]:
    """The articles of `ids` (repeats allowed) by publication date, then id; undated ones last.
    Many of them (a hub's thousands): picked out of every article in that order, C-level, rather
    than sorted by a key looked up for each."""
    rank, articles = ix.article_rank, ix.corpus.articles
    wanted = ids if isinstance(ids, (set, frozenset)) else set(ids)
    if len(wanted) * 8 > len(rank):
        return list(map(articles.__getitem__, filter(wanted.__contains__, ranked_articles(ix))))
    return [articles[i] for i in sorted(wanted, key=rank.__getitem__)]


@per_index
def ranked_articles(ix: Index) -> list[str]:
    """Every article id by publication date, then id; undated ones last (Index.article_rank)."""
    return sorted(ix.article_rank, key=ix.article_rank.__getitem__)


@per_index
def sources(ix: Index) -> Listing:
    """Articles by publication date (then id), grouped by month; undated ones last."""
    ordered = articles_by_date(ix, ix.corpus.articles)
    by_month: dict[tuple[int, int] | None, list[m.Article]] = {}
    for a in ordered:
        by_month.setdefault(ix.article_period[a.id], []).append(a)
    parts = [Part(ym, paths.month_sources(ym), arts) for ym, arts in by_month.items()]
    return Listing(parts, len(ordered) > SOURCES_INLINE_MAX)


def part_pages(ix: Index) -> list[str]:
    """Every part page of the lists that are split (pages the incremental plan decides about)."""
    return [p.page for listing in (events_by_kind(ix), disputes(ix), sources(ix)) if listing.split
            for p in listing.parts]


def parts_listing(ix: Index, page: str) -> list[str]:
    """The part pages on which the record of `page` (an event's or an article's page) has a line,
    whether or not its list is split (the plan drops pages that do not exist)."""
    if page.startswith("events/") and page.count("/") == 1:
        e = ix.corpus.events.get(page[len("events/"):-3])
        if e is None:
            return []
        period = ix.event_period[e.id]
        out = [paths.kind_events(e.kind, period[0])]
        if ix.disputes.get(e.id):
            out.append(paths.period_disputes(*period))
        return out
    if page.startswith("sources/") and page.count("/") == 1:
        a = ix.corpus.articles.get(page[len("sources/"):-3])
        return [paths.month_sources(ix.article_period[a.id])] if a is not None else []
    return []


# --- an actor's or a place's own lists --------------------------------------------------------

ENTITY_INLINE_MAX = 400          # lines on an actor's or place's page (events, reports citing it,
                                 # articles) before the page becomes a summary with one page per month


@dataclass(frozen=True)
class EntityPart:
    """What an actor's or place's page lists for one month: events starting in it (a chronology
    bucket, so month 0 is a year whose month is unknown), reports citing it on those events, and
    articles published in it (None: articles without a publication date)."""

    key: tuple[int, int] | None
    page: str
    events: list[tuple[m.Event, tuple[str, ...]]]
    cited: list[tuple[m.Event, m.Report]]
    articles: list[m.Article]            # articles that mention it
    published: list[m.Article]           # articles an outlet published
    relayed: list[m.Article]             # articles relaying it


def _entity_lists(ix: Index, e: m.Actor | m.Place) -> tuple[list, list, set, list, list]:
    if isinstance(e, m.Actor):
        return (ix.actor_events.get(e.id, []), ix.cited_in.get(e.id, []), ix.actor_articles.get(e.id, ()),
                ix.outlet_articles.get(e.id, []), ix.relaying_articles.get(e.id, []))
    return ix.place_events.get(e.id, []), [], ix.place_articles.get(e.id, ()), [], []


def entity_split(ix: Index, e: m.Actor | m.Place) -> bool:
    """Whether the entity's page lists too many lines to stay one page."""
    return sum(map(len, _entity_lists(ix, e))) > ENTITY_INLINE_MAX


def entity_parts(ix: Index, e: m.Actor | m.Place) -> list[EntityPart]:
    """The entity's lists cut by month, months in order, articles without a date last; every
    list keeps the order it has on an unsplit page. Memoised on the index: the entity's own page
    and each of its months ask for them."""
    page_of = paths.entity(e)
    found = ix.entity_parts_memo.get(page_of)
    if found is not None:
        return found
    events, cited, articles, published, relayed = _entity_lists(ix, e)
    period, month = ix.event_period, ix.article_period
    buckets: dict[tuple[int, int] | None, tuple[list, list, list, list, list]] = {}

    def bucket(key):
        found = buckets.get(key)
        if found is None:
            found = buckets[key] = ([], [], [], [], [])
        return found

    # Lines are cut into runs of one month, C-level (groupby over keys read by map): events come
    # in chronological order and articles by date, so a month is one run or a few (a hub's
    # thousands of lines, bucketed one by one, were ~0.1 s of a one-article rebuild)
    for i, pairs in ((0, events), (1, cited)):
        keys = map(period.__getitem__, map(_id, map(_first, pairs)))
        for key, run in groupby(zip(keys, pairs), key=_first):
            bucket(key)[i].extend(map(_second, run))
    for i, ids in ((2, articles), (3, published), (4, relayed)):
        listed = articles_by_date(ix, ids)
        for key, run in groupby(zip(map(month.__getitem__, map(_id, listed)), listed), key=_first):
            bucket(key)[i].extend(map(_second, run))
    page = paths.entity_part
    found = ix.entity_parts_memo[page_of] = [
        EntityPart(key, page(e, key), *lists)
        for key, lists in sorted(buckets.items(), key=lambda kv: month_order(kv[0]))]
    return found


def grown_entity_parts(ix: Index, e: m.Actor | m.Place, parts: list[EntityPart],
                       lines: tuple[list, list, set, list, list]) -> list[EntityPart]:
    """`entity_parts` of an entity whose lists only gained `lines` (index_update, when the corpus
    only grew: a curator adding an article): each new line put in its month, in its list's order
    (events and the reports citing it chronologically, articles by date); the other months are
    the very parts they were. Cut again from a hub's lists of thousands of lines, they were
    ~0.2 s of each such rebuild at 10,000 articles."""
    events, cited, articles, published, relayed = lines
    period, month, rank = ix.event_period, ix.article_period, ix.article_rank
    by_key = {p.key: p for p in parts}
    changed: dict = {}

    def lists(key) -> tuple[list, list, list, list, list]:
        if key not in changed:
            p = by_key.get(key)
            changed[key] = ([], [], [], [], []) if p is None else (
                list(p.events), list(p.cited), list(p.articles), list(p.published), list(p.relayed))
        return changed[key]

    def event_of(pair) -> tuple:
        return event_key(pair[0])

    for i, pairs in ((0, events), (1, cited)):
        for _, run in groupby(pairs, key=lambda pair: pair[0].id):     # an event's lines, in their order
            run = list(run)
            found = lists(period[run[0][0].id])[i]
            at = bisect_left(found, event_of(run[0]), key=event_of)
            found[at:at] = run
    for i, added in ((2, articles_by_date(ix, articles)), (3, articles_by_date(ix, published)),
                     (4, articles_by_date(ix, relayed))):
        for a in added:
            found = lists(month[a.id])[i]
            found.insert(bisect_left(found, rank[a.id], key=lambda b: rank[b.id]), a)
    for key, new in changed.items():
        by_key[key] = EntityPart(key, paths.entity_part(e, key), *new)
    return sorted(by_key.values(), key=lambda p: month_order(p.key))


def month_order(key: tuple[int, int] | None) -> tuple:
    """Months in order, then the articles without a date."""
    return key is None, key or (0, 0)


def entity_part_keys(ix: Index, e: m.Actor | m.Place) -> frozenset[tuple[int, int] | None]:
    """The months of a split entity (what `entity_parts` would cut, without cutting: the plan
    and a rebuild that keeps every month of an entity need only their addresses). Memoised on
    the index: the plan and the renderer both ask; read from its months when they are cut."""
    page_of = paths.entity(e)              # an actor and a place may share an id
    found = ix.entity_keys_memo.get(page_of)
    if found is not None:
        return found
    parts = ix.entity_parts_memo.get(page_of)
    if parts is not None:
        found = ix.entity_keys_memo[page_of] = frozenset(p.key for p in parts)
        return found
    events, cited, articles, published, relayed = _entity_lists(ix, e)
    period, month = ix.event_period.__getitem__, ix.article_period.__getitem__
    keys = set()          # by map: the hubs' thousands of lines, read on every rebuild (0.24 s at 10,000 articles)
    for pairs in (events, cited):
        keys.update(map(period, map(_id, map(_first, pairs))))
    for ids in (articles, published, relayed):
        keys.update(map(month, ids))
    ix.entity_keys_memo[page_of] = keys = frozenset(keys)
    return keys


_first, _second, _id = itemgetter(0), itemgetter(1), attrgetter("id")


@per_index
def split_entities(ix: Index) -> list[m.Actor | m.Place]:
    c = ix.corpus
    return [e for table in (c.actors, c.places) for e in table.values() if entity_split(ix, e)]


def entity_part_pages(ix: Index) -> list[str]:
    return [page for e in split_entities(ix) for page in entity_month_pages(ix, e)]


def entity_month_pages(ix: Index, e: m.Actor | m.Place) -> list[str]:
    """The addresses of a split entity's months (`entity_part_keys`), memoised on the index with
    them: the plan lists every page of the site on each rebuild (~7,600 months at 10,000 articles)."""
    page_of = paths.entity(e)
    found = ix.entity_pages_memo.get(page_of)
    if found is None:
        found = ix.entity_pages_memo[page_of] = [paths.entity_part(e, k) for k in entity_part_keys(ix, e)]
    return found


def entity_parts_listing(ix: Index, page: str) -> set[str]:
    """The months of split actors and places on which the record of `page` (an event's or an
    article's page) has a line, read from the record itself: an event is listed by its actors, its
    places and the actors its reports pass through; an article by its outlet, whom it relays and
    the actors, places and relayed actors of the events it reports."""
    c, out = ix.corpus, set()
    if page.startswith("events/") and page.count("/") == 1:
        e = c.events.get(page[len("events/"):-3])
        if e is None:
            return out
        key = ix.event_period[e.id]
        entities = [c.actors[p.actor] for p in e.actors] + [c.places[p.place] for p in e.places]
        entities += [c.actors[v.actor] for r in e.reports for v in r.via if v.actor]
    elif page.startswith("sources/") and page.count("/") == 1:
        a = c.articles.get(page[len("sources/"):-3])
        if a is None:
            return out
        key = ix.article_period[a.id]
        entities = [c.actors[i] for i in (a.outlet, *a.relays) if i]
        for e, r in ix.article_reports.get(a.id, ()):
            entities += [c.actors[p.actor] for p in e.actors] + [c.places[p.place] for p in e.places]
            entities += [c.actors[v.actor] for v in r.via if v.actor]
    else:
        return out
    for entity in entities:
        if entity_split(ix, entity):
            out.add(paths.entity_part(entity, key))
    return out
