"""Typed contexts for each page kind: what a template may show, precomputed from the index.

Templates format; they do not query. Every list here is already in reading order.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from . import listings
from . import model as m
from .dates import (PRECISION_AR, DateSpan, count, format_day, format_month, format_period, format_point, format_span,
                    month_name, number, weekday)
from .index import Dispute, Index, Origin, PossibleMatch, event_key
from .listings import EntityPart, Part
from .visuals import MapPoint

CHRONOLOGY_INLINE_MAX = 400   # above this many events the chronology index lists months only
TOP_RELATED = 30              # co-actors / places shown on an entity page before "and N more"


class Format:
    """Display helpers handed to every template as `fmt`."""

    span = staticmethod(format_span)
    month = staticmethod(format_period)
    count = staticmethod(count)
    month_name = staticmethod(month_name)
    weekday = staticmethod(weekday)

    @staticmethod
    def day(d: date) -> str:
        return format_day(d)

    @staticmethod
    def day_long(d: date) -> str:
        return format_day(d, levant=True, with_weekday=True)

    @staticmethod
    def url(page: str) -> str:
        from .paths import url

        return url(page)

    @staticmethod
    def part(period: tuple[int, int] | None) -> str:
        """The month of an entity's part page (listings.EntityPart.key)."""
        return "بلا تاريخ نشر" if period is None else format_period(*period, levant=True)

    @staticmethod
    def precision(span) -> str:
        """How precisely the date is known. An approximate day is not «يوم محدد» (it read
        «نحو 8 ديسمبر 2024 (يوم محدد)»)."""
        if span.approximate and span.precision in APPROXIMATE_AR:
            return APPROXIMATE_AR[span.precision]
        return PRECISION_AR[span.precision]

    number = staticmethod(number)

    @staticmethod
    def begins(span: DateSpan) -> str:
        """Where a date starts, as precisely as it is written («2011», «نحو 8 ديسمبر 2024»)."""
        return ("نحو " if span.approximate else "") + format_point(span.begin)

    @staticmethod
    def ends(span: DateSpan) -> str:
        return ("نحو " if span.approximate else "") + format_point(span.finish or span.begin)

    @staticmethod
    def language(code: str) -> str:
        """An article's language by its Arabic name; a code not listed here is shown as it is."""
        return LANGUAGES_AR.get(code, code)

    @staticmethod
    def published(art: m.Article) -> str:
        if not art.published:
            return "تاريخ النشر غير معروف"
        text = format_day(art.published)
        return f"{text}، {art.published_time}" if art.published_time else text


APPROXIMATE_AR = {"day": "يوم تقريبي", "range": "فترة تقريبية"}
LANGUAGES_AR = {"ar": "العربية", "en": "الإنجليزية", "fa": "الفارسية", "fr": "الفرنسية", "tr": "التركية",
                "he": "العبرية", "ru": "الروسية", "ku": "الكردية", "de": "الألمانية", "es": "الإسبانية"}
FORMAT = Format()


@dataclass(frozen=True)
class SiteInfo:
    counts: dict[str, int]
    first: DateSpan | None       # the date of the event that starts first
    last: DateSpan | None        # the date of the event that ends last
    vocab: dict[str, m.Vocabulary]
    time_labels: dict[str, str]

    @classmethod
    def from_index(cls, ix: Index) -> "SiteInfo":
        first = last = None
        if ix.events:      # as precisely as the dates are known: «2011», not «1 يناير 2011» for a year
            if ix.first_and_last is None:
                ix.first_and_last = first_and_last(ix.events)
            first, last = (e.date for e in ix.first_and_last)
        return cls(ix.counts(), first, last,
                   ix.corpus.vocab, ix.corpus.vocab["times-of-day"].labels())

    def label(self, vocabulary: str, term: str) -> str:
        return self.vocab[vocabulary].label(term)

    def plural(self, vocabulary: str, term: str) -> str:
        return self.vocab[vocabulary].terms[term].plural

    def when(self, span) -> str:
        return format_span(span, self.time_labels)


_FINE = {"day": 0, "month": 1, "year": 2}


def first_and_last(events: list[m.Event]) -> tuple[m.Event, m.Event]:
    """The event that starts first, the finest-grained of those starting that day (the first of
    them in `events`, sorted by index.event_key), and the one that ends last, likewise: the
    smallest by `first_key`, by `last_key`. Only the few events sharing the first start or the
    last end are compared: over the 33,000 events of a 10,000-article corpus the keys were 0.15 s
    of every build. Memoised on the index (Index.first_and_last), which index_update keeps while
    events are only added."""
    start = events[0].date.start
    early = min(itertools.takewhile(lambda e: e.date.start == start, events),
                key=lambda e: _FINE[e.date.begin.grain])
    ends = [e.date.end for e in events]
    end = max(ends)
    late = max((e for e, d in zip(events, ends) if d == end),
               key=lambda e: -_FINE[(e.date.finish or e.date.begin).grain])
    return early, late


def first_key(e: m.Event) -> tuple:
    return e.date.start, _FINE[e.date.begin.grain], event_key(e)


def last_key(e: m.Event) -> tuple:
    return -e.date.end.toordinal(), _FINE[(e.date.finish or e.date.begin).grain], event_key(e)


@dataclass(frozen=True)
class EventRow:
    """An event as one line of a list or table, wherever it appears."""

    event: m.Event
    origins: int
    denials: int
    disputed: bool
    roles: tuple[str, ...] = ()
    is_range: bool = False

    @property
    def day(self) -> date:
        return self.event.date.start


def event_row(ix: Index, e: m.Event, roles: tuple[str, ...] = ()) -> EventRow:
    return EventRow(e, len(ix.origins(e)), len(ix.disputes.get(e.id, [])), ix.is_disputed(e), roles,
                    e.date.days > 1)


def _counted(counter: Counter, limit: int = TOP_RELATED) -> tuple[list[tuple[str, int]], int]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:limit], max(0, len(ranked) - limit)


# --- entity pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorPage:
    actor: m.Actor
    events: list[EventRow]              # empty when the page is split (then see `parts`)
    children: list[m.Actor]
    members: list[m.Actor]
    parents: list[m.Actor]
    groups: list[m.Actor]
    possibly_same: list[PossibleMatch]
    co_actors: list[tuple[str, int]]
    co_actors_more: int
    places: list[tuple[str, int]]
    places_more: int
    articles: list[m.Article]
    published: list[m.Article]          # when the actor is an outlet
    relayed_by: list[m.Article]         # articles that relay this actor
    cited: list[tuple[m.Event, m.Report]]  # reports whose attribution chain passes through it
    timeline: list[m.Event]             # every event, split or not
    parts: list[EntityPart]             # one per month when the lists are too long for one page
    same_place: m.Place | None = None   # the place that is this actor (one Wikidata item: index._same_entity)

    def co_actor_records(self, corpus: m.Corpus) -> list[tuple[m.Actor, int]]:
        return [(corpus.actors[i], n) for i, n in self.co_actors]

    @property
    def month_columns(self) -> list[tuple[str, str]]:
        return _month_columns(self.parts)


MONTH_COLUMNS = (("الأحداث", "events"), ("تقارير في سلسلة إسنادها", "cited"), ("المقالات المنشورة", "published"),
                 ("مقالات ناقلة", "relayed"), ("المصادر", "articles"))


def _month_columns(parts: list[EntityPart]) -> list[tuple[str, str]]:
    """The columns of a split page's table of months: the lists the entity has at all."""
    return [(label, attr) for label, attr in MONTH_COLUMNS if any(getattr(p, attr) for p in parts)]


def actor_page(ix: Index, a: m.Actor) -> ActorPage:
    c = ix.corpus
    pairs = ix.actor_events.get(a.id, [])
    split = listings.entity_split(ix, a)
    rows = [] if split else [event_row(ix, e, roles) for e, roles in pairs]
    co, co_more = _counted(ix.co_actors.get(a.id, Counter()))
    pl, pl_more = _counted(ix.actor_places.get(a.id, Counter()))
    listed = (lambda table: []) if split else (lambda table: listings.articles_by_date(ix, table.get(a.id, ())))
    return ActorPage(
        a, rows,
        children=[c.actors[i] for i in ix.actor_children.get(a.id, [])],
        members=[c.actors[i] for i in ix.actor_members.get(a.id, [])],
        parents=[c.actors[i] for i in a.part_of], groups=[c.actors[i] for i in a.member_of],
        possibly_same=ix.possibly_same.get(a.id, []),
        co_actors=co, co_actors_more=co_more, places=pl, places_more=pl_more,
        articles=listed(ix.actor_articles), published=listed(ix.outlet_articles),
        relayed_by=listed(ix.relaying_articles),
        cited=[] if split else ix.cited_in.get(a.id, []),
        timeline=[e for e, _ in pairs], parts=listings.entity_parts(ix, a) if split else [],
        same_place=c.places.get(ix.place_of_actor.get(a.id, "")),
    )


@dataclass(frozen=True)
class PlacePage:
    place: m.Place
    events: list[EventRow]              # empty when the page is split (then see `parts`)
    chain: list[list[m.Place]]          # each path from a top-level place down to this one
    children: list[m.Place]
    actors: list[tuple[str, int]]
    actors_more: int
    articles: list[m.Article]
    nested_events: int                  # events in places contained in this one
    map_points: list[MapPoint]
    timeline: list[m.Event]
    parts: list[EntityPart]
    same_actor: m.Actor | None = None   # the actor that is this place (one Wikidata item)

    @property
    def month_columns(self) -> list[tuple[str, str]]:
        return _month_columns(self.parts)


def _place_chains(c: m.Corpus, p: m.Place, depth: int = 0) -> list[list[m.Place]]:
    if not p.within or depth > 20:
        return [[p]]
    chains = []
    for parent in p.within:
        for chain in _place_chains(c, c.places[parent], depth + 1):
            chains.append([*chain, p])
    return chains


def _descendants(ix: Index, place_id: str) -> set[str]:
    found, stack = set(), [place_id]
    while stack:
        for child in ix.place_children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def nested_events(ix: Index, place_id: str, inner: set[str] | None = None) -> Counter:
    """The events of the places within `place_id` (`inner`, if known), each counted once per
    such place: the page shows how many distinct ones. Memoised on the index, which index_update
    keeps up to date: the country hubs hold most events (~0.07 s a rebuild at 10,000 articles)."""
    found = ix.nested_memo.get(place_id)
    if found is None:
        inner = _descendants(ix, place_id) if inner is None else inner
        found = ix.nested_memo[place_id] = Counter(e.id for d in inner for e, _ in ix.place_events.get(d, []))
    return found


def places_together(ix: Index, place_id: str) -> Counter:
    """The other places of a place's events, each counted once per mention. Memoised on the
    index, which index_update keeps up to date (a country hub's events: ~0.04 s a rebuild)."""
    found = ix.together_memo.get(place_id)
    if found is None:
        found = ix.together_memo[place_id] = Counter(
            q.place for e, _ in ix.place_events.get(place_id, []) for q in e.places if q.place != place_id)
    return found


def place_page(ix: Index, p: m.Place) -> PlacePage:
    c = ix.corpus
    pairs = ix.place_events.get(p.id, [])
    split = listings.entity_split(ix, p)
    rows = [] if split else [event_row(ix, e, roles) for e, roles in pairs]
    actors, more = _counted(ix.place_actors.get(p.id, Counter()))
    inner = _descendants(ix, p.id)
    nested = nested_events(ix, p.id, inner)
    together = places_together(ix, p.id)
    # the 60 places most often beside it, ties by id: not by when each was first counted, which an
    # index kept up to date (index_update) and one derived afresh do not agree on
    busiest = heapq.nsmallest(60, together.items(), key=lambda kv: (-kv[1], kv[0]))
    points = [MapPoint(p, 1, True)] + [MapPoint(c.places[i], n) for i, n in busiest]
    points += [MapPoint(c.places[i], len(ix.place_events.get(i, [])) or 1) for i in sorted(inner) if i not in together][:60]
    return PlacePage(p, rows, [ch[:-1] for ch in _place_chains(c, p)],
                     [c.places[i] for i in ix.place_children.get(p.id, [])], actors, more,
                     [] if split else listings.articles_by_date(ix, ix.place_articles.get(p.id, ())), len(nested), points,
                     [e for e, _ in pairs], listings.entity_parts(ix, p) if split else [],
                     c.actors.get(ix.actor_of_place.get(p.id, "")))


@dataclass(frozen=True)
class EntityPartPage:
    entity: m.Actor | m.Place
    part: EntityPart
    events: list[EventRow]
    previous: EntityPart | None
    next: EntityPart | None

    @property
    def is_actor(self) -> bool:
        return isinstance(self.entity, m.Actor)


def entity_part_args(ix: Index, e: m.Actor | m.Place) -> list[tuple[str, tuple]]:
    """Every month page of a split entity, with what `entity_part` needs to make its context: the
    entity, all its parts and the part's place among them (the page links to its neighbours)."""
    parts = listings.entity_parts(ix, e)
    return [(part.page, (e, parts, i)) for i, part in enumerate(parts)]


def entity_part(ix: Index, arg) -> EntityPartPage:
    e, parts, i = arg
    part = parts[i]
    return EntityPartPage(e, part, [event_row(ix, ev, roles) for ev, roles in part.events],
                          parts[i - 1] if i else None, parts[i + 1] if i + 1 < len(parts) else None)


# --- events and sources ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReportView:
    report: m.Report
    article: m.Article
    origin: Origin


@dataclass(frozen=True)
class EventPage:
    event: m.Event
    row: EventRow
    reports: list[ReportView]
    origins: list[Origin]
    disputes: list[Dispute]
    denies: list[m.Event]
    denied_by: list[m.Event]
    related: list[m.Event]
    days: list[date]
    map_points: list[MapPoint]
    arrows: list[tuple[m.Place, m.Place]]


def event_page(ix: Index, e: m.Event) -> EventPage:
    c = ix.corpus
    first = {}
    for r in e.reports:                  # an article's reports together, under one heading (in the
        first.setdefault(r.article, len(first))   # order the curator gave): the contents listed one
    reports = [ReportView(r, c.articles[r.article], ix.origin(r))            # title four times
               for r in sorted(e.reports, key=lambda r: first[r.article])]
    denies, denied_by = [c.events[i] for i in e.denies], ix.denied_by.get(e.id, [])
    shown = {x.id for x in (*denies, *denied_by)}         # an event listed as «ينفي»/«نفاه» is not listed again
    related = [c.events[i] for i in e.related if i not in shown] + \
        [x for x in ix.related_from.get(e.id, []) if x.id not in e.related and x.id not in shown]
    from .index import DAY_PAGE_MAX_DAYS

    days = [] if e.date.start == e.date.end or e.date.days > DAY_PAGE_MAX_DAYS else \
        ix.days[bisect.bisect_left(ix.days, e.date.start):bisect.bisect_right(ix.days, e.date.end)]
    points = [MapPoint(c.places[p.place], 1, p.role == "location") for p in e.places]
    origins = [c.places[p.place] for p in e.places if p.role in ("origin", "location")]
    targets = [c.places[p.place] for p in e.places if p.role in ("destination", "via")]
    arrows = [(a, b) for a in origins for b in targets] if any(p.role == "origin" for p in e.places) else []
    return EventPage(e, event_row(ix, e), reports, ix.origins(e),
                     ix.disputes.get(e.id, []), denies, denied_by, related, days, points, arrows)


@dataclass(frozen=True)
class ArticleEvent:
    """An event as one article tells it: under one heading, however many of its reports the
    article holds (the page listed «انهار حكم بشار الأسد…» three times, 47 repeats on one page)."""
    event: m.Event
    reports: list[m.Report]             # the article's reports of it, in the event's order
    others_disagree: list[Dispute]      # voices from other articles against what it says

    @property
    def denies(self) -> bool:
        return all(r.stance == "denies" for r in self.reports)


@dataclass(frozen=True)
class ArticlePage:
    article: m.Article
    items: list[ArticleEvent]
    same_day: list[m.Article]

    @property
    def report_count(self) -> int:
        return sum(len(item.reports) for item in self.items)

    @property
    def events(self) -> int:
        """How many events the article's reports are about (the sources list counts these)."""
        return len(self.items)


def article_page(ix: Index, art: m.Article) -> ArticlePage:
    items: list[ArticleEvent] = []
    for e, r in ix.article_reports.get(art.id, []):      # an event's reports are consecutive
        if not items or items[-1].event is not e:
            items.append(ArticleEvent(e, [], []))
        item = items[-1]
        item.reports.append(r)
        if r.stance == "denies":
            others = _assertions_against(ix, e, art.id)
        else:
            others = [d for d in ix.disputes.get(e.id, []) if d.report.article != art.id]
        item.others_disagree.extend(d for d in others if d not in item.others_disagree)
    same_day = [a for a in ix.day_articles.get(art.published, []) if a.id != art.id] if art.published else []
    return ArticlePage(art, items, same_day)


def _assertions_against(ix: Index, e: m.Event, article_id: str) -> list[Dispute]:
    """For a denying report: the other articles that assert the event (the other side)."""
    return [Dispute("assertion", e, r) for r in e.reports if r.stance == "asserts" and r.article != article_id]


# --- calendar pages -------------------------------------------------------------------------


@dataclass(frozen=True)
class DayPage:
    day: date
    events: list[EventRow]
    articles: list[m.Article]
    previous: date | None
    next: date | None
    during: list[EventRow]          # events known only to a short period that holds this day


def day_page(ix: Index, i: int) -> DayPage:
    d = ix.days[i]
    return DayPage(d, [event_row(ix, e) for e in ix.day_events.get(d, [])], ix.day_articles.get(d, []),
                   ix.days[i - 1] if i > 0 else None, ix.days[i + 1] if i + 1 < len(ix.days) else None,
                   [event_row(ix, e) for e in sorted(ix.day_periods.get(d, []), key=_narrowest_first)])


def _narrowest_first(e: m.Event) -> tuple:
    """A day page lists the periods that hold it narrowest first: «5–6 ديسمبر» says more about the
    day than «نوفمبر – ديسمبر 2024» (a day inside the offensive is held by 65 periods)."""
    return (e.date.days, event_key(e))


@dataclass(frozen=True)
class MonthPage:
    year: int
    month: int
    events: list[EventRow]
    ongoing: list[EventRow]
    days: list[date]
    previous: tuple[int, int] | None
    next: tuple[int, int] | None
    articles: list[m.Article]        # published in the month, by day then id


def month_page(ix: Index, ym: tuple[int, int]) -> MonthPage:
    i = ix.months.index(ym)
    return MonthPage(ym[0], ym[1], [event_row(ix, e) for e in ix.month_events.get(ym, [])],
                     [event_row(ix, e) for e in ix.month_ongoing.get(ym, [])],
                     [d for d in ix.days if (d.year, d.month) == ym],
                     ix.months[i - 1] if i > 0 else None, ix.months[i + 1] if i + 1 < len(ix.months) else None,
                     sorted(ix.month_articles.get(ym, []), key=lambda a: (a.published, a.id)))


# --- index pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HomePage:
    events: list[m.Event]
    recent_articles: list[m.Article]
    disputed: list[EventRow]
    # (month, events starting in it, events running on into it, articles published in it)
    months: list[tuple[tuple[int, int], int, int, int]]
    top_actors: list[tuple[m.Actor, int]]
    top_places: list[tuple[m.Place, int]]


def home_page(ix: Index) -> HomePage:
    c = ix.corpus
    arts = sorted(c.articles.values(), key=lambda a: (a.published or date.min, a.id), reverse=True)[:10]
    actors = sorted(((c.actors[i], len(v)) for i, v in ix.actor_events.items()), key=lambda x: (-x[1], x[0].id))[:12]
    places = sorted(((c.places[i], len(v)) for i, v in ix.place_events.items()), key=lambda x: (-x[1], x[0].id))[:12]
    disputed = itertools.islice((e for e in ix.events if ix.is_disputed(e)), 20)   # rows for the 20 shown, not all 3,700
    return HomePage(ix.events, arts, [event_row(ix, e) for e in disputed],
                    [(ym, len(ix.month_events.get(ym, [])), len(ix.month_ongoing.get(ym, [])),
                      len(ix.month_articles.get(ym, []))) for ym in ix.months],
                    actors, places)


@dataclass(frozen=True)
class KindGroup:
    kind: str
    entities: list[tuple[m.Actor, int, int, int]]     # actor, its events, reports relayed from it, articles it published


def actors_index(ix: Index) -> list[KindGroup]:
    c = ix.corpus
    groups = []
    for kind in c.vocab["actor-kinds"].terms:
        members = sorted((a for a in c.actors.values() if a.kind == kind), key=lambda a: a.name)
        if members:
            groups.append(KindGroup(kind, [(a, len(ix.actor_events.get(a.id, [])), len(ix.cited_in.get(a.id, [])),
                                            len(ix.outlet_articles.get(a.id, []))) for a in members]))
    return groups


@dataclass(frozen=True)
class TreeNode:
    place: m.Place
    events: int
    depth: int


@dataclass(frozen=True)
class PlacesIndex:
    nodes: list[TreeNode]
    map_points: list[MapPoint]


def places_index(ix: Index) -> PlacesIndex:
    """Places as a tree (depth-first); a place inside two others appears under each."""
    c = ix.corpus
    nodes: list[TreeNode] = []

    def by_name(ids) -> list[str]:
        return sorted(ids, key=lambda i: c.places[i].name)

    # A stack, not a recursive closure: one that calls itself holds itself, and the index, in a
    # reference cycle, which a process building again (worker.py) kept until a full collection.
    stack = [(pid, 0, frozenset({pid})) for pid in reversed(by_name(p.id for p in c.places.values() if not p.within))]
    while stack:
        pid, depth, trail = stack.pop()
        nodes.append(TreeNode(c.places[pid], len(ix.place_events.get(pid, [])), depth))
        stack.extend((child, depth + 1, trail | {child}) for child in reversed(by_name(ix.place_children.get(pid, [])))
                     if child not in trail)
    points = [MapPoint(p, len(ix.place_events.get(p.id, [])) or 1) for p in c.places.values() if p.coordinates]
    return PlacesIndex(nodes, points)


@dataclass(frozen=True)
class SourceRow:
    article: m.Article
    reports: int
    events: int


def _source_rows(ix: Index, articles: list[m.Article]) -> list[SourceRow]:
    rows = []
    for art in articles:
        reps = ix.article_reports.get(art.id, [])
        rows.append(SourceRow(art, len(reps), len({e.id for e, _ in reps})))
    return rows


@dataclass(frozen=True)
class SourcesIndex:
    total: int
    rows: list[SourceRow]               # every article, when the table fits one page
    parts: list[Part]                   # the months, when it does not (then `rows` is empty)


def sources_index(ix: Index, listing: listings.Listing | None = None) -> SourcesIndex:
    listing = listing or listings.sources(ix)
    if listing.split:
        return SourcesIndex(listing.total, [], listing.parts)
    return SourcesIndex(listing.total, _source_rows(ix, [a for p in listing.parts for a in p.records]), [])


@dataclass(frozen=True)
class SourcesPart:
    period: tuple[int, int] | None
    rows: list[SourceRow]


def sources_part(ix: Index, part: Part) -> SourcesPart:
    return SourcesPart(part.key, _source_rows(ix, part.records))


@dataclass(frozen=True)
class ChronologyIndex:
    months: list[tuple[tuple[int, int], list[EventRow]]]
    inline: bool
    total: int


def chronology_index(ix: Index) -> ChronologyIndex:
    inline = len(ix.events) <= CHRONOLOGY_INLINE_MAX
    months = [(ym, [event_row(ix, e) for e in ix.month_events.get(ym, [])] if inline else
               [None] * len(ix.month_events.get(ym, []))) for ym in ix.months]
    return ChronologyIndex(months, inline, len(ix.events))


def dates_index(ix: Index) -> list[tuple[tuple[int, int], list[tuple[date, int, int]]]]:
    grouped: dict[tuple[int, int], list[tuple[date, int, int]]] = {}
    for d in ix.days:
        grouped.setdefault((d.year, d.month), []).append(
            (d, len(ix.day_events.get(d, [])), len(ix.day_articles.get(d, []))))
    return list(grouped.items())


@dataclass(frozen=True)
class EventsIndex:
    total: int
    groups: list[tuple[str, list[EventRow]]]    # kind → its events, when they fit one page
    parts: list[tuple[str, list[Part]]]         # kind → its years, when they do not (then `groups` is empty)


def events_index(ix: Index, listing: listings.Listing | None = None) -> EventsIndex:
    """Events grouped by kind (listings.events_by_kind: parts are a kind's years, in order)."""
    listing = listing or listings.events_by_kind(ix)
    by_kind: dict[str, list[Part]] = {}
    for part in listing.parts:
        by_kind.setdefault(part.key[0], []).append(part)
    if listing.split:
        return EventsIndex(listing.total, [], list(by_kind.items()))
    return EventsIndex(listing.total, [(kind, [event_row(ix, e) for p in parts for e in p.records])
                                       for kind, parts in by_kind.items()], [])


@dataclass(frozen=True)
class KindPart:
    kind: str
    year: int
    events: list[m.Event]        # listed as items (Fragments.events_list): no row's counts needed


def kind_part(ix: Index, part: Part) -> KindPart:
    return KindPart(*part.key, part.records)


@dataclass(frozen=True)
class DisputeView:
    event: m.Event
    row: EventRow
    supporting: list[ReportView]
    voices: list[Dispute]


def _dispute_views(ix: Index, events: list[m.Event]) -> list[DisputeView]:
    c = ix.corpus
    views = []
    for e in events:
        supporting = [ReportView(r, c.articles[r.article], ix.origin(r)) for r in e.reports
                      if r.stance == "asserts" and not (e.dispute and r.account)]
        views.append(DisputeView(e, event_row(ix, e), supporting, ix.disputes[e.id]))
    return views


@dataclass(frozen=True)
class DisputesIndex:
    total: int
    views: list[DisputeView]            # every disputed event, when they fit one page
    parts: list[Part]                   # the months, when they do not (then `views` is empty)


def disputes_page(ix: Index, listing: listings.Listing | None = None) -> DisputesIndex:
    listing = listing or listings.disputes(ix)
    if listing.split:
        return DisputesIndex(listing.total, [], listing.parts)
    return DisputesIndex(listing.total, _dispute_views(ix, [e for e in ix.events if ix.disputes.get(e.id)]), [])


@dataclass(frozen=True)
class DisputesPart:
    period: tuple[int, int]
    views: list[DisputeView]


def disputes_part(ix: Index, part: Part) -> DisputesPart:
    return DisputesPart(part.key, _dispute_views(ix, part.records))
