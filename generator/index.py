"""Stage 3: derive every cross-reference once, after all records are loaded and valid.

Relations are declared one way in the data (an actor's part_of, a place's within, an event's
actors, places and reports, a denial's target); here the reverse directions, the timelines, the
co-occurrence counts, the day and month buckets, the disputes and the independent-source counts
are computed. Pure: no I/O. Renderers only read from `Index`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from . import model as m
from .dates import days_between

DAY_PAGE_MAX_DAYS = 31       # a period longer than this is shown on month pages, not on the day pages it spans
ONGOING_MAX_DAYS = 400       # longer spans are background, listed under their start month only
TIME_ORDER = {"dawn": "05:00", "morning": "09:00", "noon": "12:00", "afternoon": "15:00",
              "evening": "19:00", "night": "22:00", "midnight": "23:59"}


def period_of(span) -> tuple[int, int]:
    """The chronology bucket an event starts in: (year, month), or (year, 0) when only the year is known."""
    if span.begin.grain == "year":
        return (span.start.year, 0)
    return (span.start.year, span.start.month)


def ongoing_months(span) -> list[tuple[int, int]]:
    """The months after its first that a span runs into (listed there as ongoing), unless it is
    longer than ONGOING_MAX_DAYS or known only to the year."""
    out: list[tuple[int, int]] = []
    if span.days <= ONGOING_MAX_DAYS and span.begin.grain != "year":
        y, mo = span.start.year, span.start.month
        while True:
            mo += 1
            if mo == 13:
                y, mo = y + 1, 1
            if date(y, mo, 1) > span.end:
                break
            out.append((y, mo))
    return out


def count_in(counter: Counter, key, sign: int) -> None:
    """Count `key` in (`sign` 1) or out (-1) of `counter`, which keeps no key at zero: the memos a
    process that keeps its index updates (index_update) then equal those derived afresh, and
    their smallest and largest keys are those of what they count."""
    n = counter[key] + sign
    if n:
        counter[key] = n
    else:
        del counter[key]


def event_key(e: m.Event) -> tuple:
    """Chronological order. Within a day, events with a time come first, in its order, then those
    the sources give no time for («~» sorts after every time): listed first, the mutinies of 28
    November («within hours of the killing») came before the 06:00 meeting and the killing."""
    time = e.date.time
    return (e.date.start, e.date.end, TIME_ORDER.get(time, time) if time else "~", e.id)


@dataclass(frozen=True)
class Origin:
    """An independent origin of reports: an outlet/agency actor, or an article of unknown outlet."""

    key: str
    actor: str | None
    article: str | None
    label: str | None = None       # how the report describes it when unnamed: «موقع لم يُذكر اسمه (على الأرجح …)»


@dataclass(frozen=True)
class Dispute:
    """One voice that contradicts an event: a denying report, a denial event, or a differing account;
    on the page of an article that denies an event, the other articles' assertions of it."""

    kind: str                      # "denial-report" | "denial-event" | "account" | "assertion"
    event: m.Event                 # the event carrying the voice (the disputed one, or the denial event)
    report: m.Report
    scope: str | None = None       # a denial event's: what of the disputed event it covers


@dataclass(frozen=True)
class PossibleMatch:
    """An actor the sources may describe as the same as the page's, as seen from the page:
    `own_note` is the note on the page's own record (the other record's when only it has one),
    `other_note` the other record's when both have one. Curators often declare the pair on both
    records, each note written from its own side; the page showed the pair twice, its first bullet
    in the other record's words («قد يكون هو العميد جواد غفاري…» on Ghaffari's own page)."""

    actor: str
    own_note: str | None
    other_note: str | None


@dataclass
class Index:
    corpus: m.Corpus
    events: list[m.Event] = field(default_factory=list)
    actor_events: dict[str, list[tuple[m.Event, tuple[str, ...]]]] = field(default_factory=dict)
    place_events: dict[str, list[tuple[m.Event, tuple[str, ...]]]] = field(default_factory=dict)
    actor_children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    actor_members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    place_children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    possibly_same: dict[str, list[PossibleMatch]] = field(default_factory=lambda: defaultdict(list))
    place_of_actor: dict[str, str] = field(default_factory=dict)   # a state and its country: one Wikidata item
    actor_of_place: dict[str, str] = field(default_factory=dict)
    co_actors: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    actor_places: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    place_actors: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    actor_articles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    place_articles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    outlet_articles: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    relaying_articles: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    cited_in: dict[str, list[tuple[m.Event, m.Report]]] = field(default_factory=lambda: defaultdict(list))
    article_reports: dict[str, list[tuple[m.Event, m.Report]]] = field(default_factory=lambda: defaultdict(list))
    day_events: dict[date, list[m.Event]] = field(default_factory=lambda: defaultdict(list))   # dated that day
    day_periods: dict[date, list[m.Event]] = field(default_factory=lambda: defaultdict(list))  # a short period holds it
    day_articles: dict[date, list[m.Article]] = field(default_factory=lambda: defaultdict(list))
    month_events: dict[tuple[int, int], list[m.Event]] = field(default_factory=lambda: defaultdict(list))
    month_ongoing: dict[tuple[int, int], list[m.Event]] = field(default_factory=lambda: defaultdict(list))
    month_articles: dict[tuple[int, int], list[m.Article]] = field(default_factory=lambda: defaultdict(list))
    denied_by: dict[str, list[m.Event]] = field(default_factory=lambda: defaultdict(list))
    related_from: dict[str, list[m.Event]] = field(default_factory=lambda: defaultdict(list))
    disputes: dict[str, list[Dispute]] = field(default_factory=dict)
    days: list[date] = field(default_factory=list)
    months: list[tuple[int, int]] = field(default_factory=list)
    event_period: dict[str, tuple[int, int]] = field(default_factory=dict)          # event id → period_of(date)
    article_period: dict[str, tuple[int, int] | None] = field(default_factory=dict)  # article id → month published
    article_rank: dict[str, int] = field(default_factory=dict)   # article id → place in (published, id) order
    _origins: dict[tuple[str, str], list[Origin]] = field(default_factory=dict, repr=False)
    entity_parts_memo: dict[str, list] = field(default_factory=dict, repr=False)   # listings.entity_parts, per page
    entity_keys_memo: dict[str, frozenset] = field(default_factory=dict, repr=False)  # listings.entity_part_keys
    entity_pages_memo: dict[str, list] = field(default_factory=dict, repr=False)  # listings.entity_month_pages
    listings_memo: dict[str, object] = field(default_factory=dict, repr=False)   # listings.per_index
    span_tally: object = field(default=None, repr=False)     # visuals.SpanTally of `events`, once drawn
    entity_tallies: dict[tuple[str, str], object] = field(default_factory=dict, repr=False)   # visuals.entity_tally
    items_memo: dict[str, dict] = field(default_factory=dict, repr=False)    # fragments.Fragments._item
    # contexts.place_page: a place's events in the places within it, each counted once per such place
    nested_memo: dict[str, Counter] = field(default_factory=dict, repr=False)
    together_memo: dict[str, Counter] = field(default_factory=dict, repr=False)   # contexts.places_together
    first_and_last: tuple | None = field(default=None, repr=False)   # contexts.first_and_last of `events`
    reports_total: int | None = field(default=None, repr=False)      # counts()["reports"], once counted

    # --- questions templates ask ---------------------------------------------------------

    def origin(self, report: m.Report) -> Origin:
        """Whose reporting this ultimately is: the first relayed actor, else the article's outlet."""
        if report.via and report.via[0].actor:
            first = report.via[0]
            # an unnamed source counts as its affiliation, but is shown as the report describes it:
            # «المصادر: ميدل إيست آي» stated a name the article never gives (the curator's inference)
            return Origin(f"actor:{first.actor}", first.actor, None, first.description)
        art = self.corpus.articles[report.article]
        if art.outlet:
            return Origin(f"actor:{art.outlet}", art.outlet, None)
        return Origin(f"article:{art.id}", None, art.id)

    def origins(self, e: m.Event, stance: str = "asserts") -> list[Origin]:
        key = (e.id, stance)
        if key not in self._origins:
            self._origins[key] = self._count_origins(e, stance)
        return self._origins[key]

    def _count_origins(self, e: m.Event, stance: str) -> list[Origin]:
        seen: dict[str, Origin] = {}
        for r in e.reports:
            if r.stance == stance:
                o = self.origin(r)
                seen.setdefault(o.key, o)
        return list(seen.values())

    def is_disputed(self, e: m.Event) -> bool:
        return bool(self.disputes.get(e.id))

    def reported(self) -> int:
        """Every event's reports, counted once per index (index_update keeps the count)."""
        if self.reports_total is None:
            self.reports_total = sum(map(len, map(_reports, self.corpus.events.values())))
        return self.reports_total

    def counts(self) -> dict[str, int]:
        c = self.corpus
        return {
            "articles": len(c.articles),
            "events": len(c.events),
            "reports": self.reported(),
            "actors": len(c.actors),
            "places": len(c.places),
            "dates": len(self.days),
            "disputes": sum(1 for found in self.disputes.values() if found),   # an entry per disputed event
        }


_reports = attrgetter("reports")


def build_index(c: m.Corpus) -> Index:
    ix = Index(c)
    ix.events = sorted(c.events.values(), key=event_key)
    _hierarchies(ix)
    _participation(ix)
    _sources(ix)
    _calendar(ix)
    _disputes(ix)
    return ix


def _hierarchies(ix: Index) -> None:
    c = ix.corpus
    notes: dict[tuple[str, str], str | None] = {}       # (record, the actor it may be) → its note
    for a in sorted(c.actors.values(), key=lambda a: a.id):
        for parent in a.part_of:
            ix.actor_children[parent].append(a.id)
        for group in a.member_of:
            ix.actor_members[group].append(a.id)
        for p in a.possibly_same_as:
            notes[(a.id, p.actor)] = notes.get((a.id, p.actor)) or p.note
    for a, b in sorted({tuple(sorted(pair)) for pair in notes}):
        for this, other in ((a, b), (b, a)):
            own, theirs = notes.get((this, other)), notes.get((other, this))
            ix.possibly_same[this].append(PossibleMatch(other, own or theirs, theirs if own and theirs != own else None))
    for p in sorted(c.places.values(), key=lambda p: p.id):
        for parent in p.within:
            ix.place_children[parent].append(p.id)
    _same_entity(ix)


def _same_entity(ix: Index) -> None:
    """An actor and a place that name one Wikidata item are one entity seen two ways (Syria the
    state, Syria the country): each page links the other. The actor «سوريا» took part in no event
    and its page ended there, while the place «سوريا» holds 58."""
    c = ix.corpus
    actors: dict[str, list[str]] = defaultdict(list)
    places: dict[str, list[str]] = defaultdict(list)
    for a in c.actors.values():
        if a.wikidata:
            actors[a.wikidata].append(a.id)
    for p in c.places.values():
        if p.wikidata:
            places[p.wikidata].append(p.id)
    for item in sorted(actors.keys() & places.keys()):
        if len(actors[item]) == len(places[item]) == 1:       # never guess between two
            ix.place_of_actor[actors[item][0]] = places[item][0]
            ix.actor_of_place[places[item][0]] = actors[item][0]


def _participation(ix: Index) -> None:
    actor_roles: dict[str, dict[str, list[str]]] = defaultdict(dict)
    place_roles: dict[str, dict[str, list[str]]] = defaultdict(dict)
    co_actors, actor_places, place_actors = ix.co_actors, ix.actor_places, ix.place_actors
    for e in ix.events:
        actors = list(dict.fromkeys([p.actor for p in e.actors]))
        places = list(dict.fromkeys([p.place for p in e.places]))
        for p in e.actors:
            actor_roles[p.actor].setdefault(e.id, []).append(p.role)
        for p in e.places:
            place_roles[p.place].setdefault(e.id, []).append(p.role)
        for a in actors:
            if len(actors) > 1:
                with_a = co_actors[a]
                for b in actors:
                    if a != b:
                        with_a[b] += 1
            if places:
                at = actor_places[a]
                for pl in places:
                    at[pl] += 1
                    place_actors[pl][a] += 1
        for e_id in e.denies:
            ix.denied_by[e_id].append(e)
        for e_id in e.related:
            ix.related_from[e_id].append(e)
    by_id = ix.corpus.events
    ix.actor_events = {a: [(by_id[e], _distinct(r)) for e, r in evs.items()] for a, evs in actor_roles.items()}
    ix.place_events = {p: [(by_id[e], _distinct(r)) for e, r in evs.items()] for p, evs in place_roles.items()}


def _distinct(roles: list[str]) -> tuple[str, ...]:
    return (roles[0],) if len(roles) == 1 else tuple(dict.fromkeys(roles))


def _by_publication(c: m.Corpus) -> list[m.Article]:
    """Articles in the order of `article_rank`: by publication date, then id, undated ones last."""
    return sorted(c.articles.values(), key=lambda a: (a.published or date.max, a.id))


def _sources(ix: Index) -> None:
    c = ix.corpus
    article_reports, cited_in, actor_articles, place_articles = (ix.article_reports, ix.cited_in, ix.actor_articles,
                                                                 ix.place_articles)
    for rank, art in enumerate(_by_publication(c)):
        ix.article_rank[art.id] = rank
        if art.outlet:
            ix.outlet_articles[art.outlet].append(art.id)
            ix.actor_articles[art.outlet].add(art.id)
        for r in art.relays:
            ix.relaying_articles[r].append(art.id)
            ix.actor_articles[r].add(art.id)
    for e in ix.events:
        for r in e.reports:
            article_reports[r.article].append((e, r))
            for v in r.via:
                if v.actor:
                    cited_in[v.actor].append((e, r))
                    actor_articles[v.actor].add(r.article)
        cited = [r.article for r in e.reports]
        for p in e.actors:
            actor_articles[p.actor].update(cited)
        for p in e.places:
            place_articles[p.place].update(cited)


def _calendar(ix: Index) -> None:
    """Days and months. A day has a page when an event is dated to it or an article was published
    on it. An event known only to a short period (a range of days, part of a month, a month) is
    listed on the day pages inside it, apart, but creates none: a month-precision event made a page
    for each of its 30 days, which the day index then listed as days on which something happened
    (52 of the bundled dossier's 63 day pages)."""
    day_events, month_events, event_period = ix.day_events, ix.month_events, ix.event_period
    for e in ix.events:
        span = e.date
        if span.start == span.end:        # a day (most events): its month, nothing ongoing
            day = span.start
            day_events[day].append(e)
            period = event_period[e.id] = (day.year, day.month)
            month_events[period].append(e)
            continue
        if span.days <= DAY_PAGE_MAX_DAYS:
            for d in days_between(span.start, span.end):
                ix.day_periods[d].append(e)
        period = ix.event_period[e.id] = period_of(span)
        ix.month_events[period].append(e)
        for ym in ongoing_months(span):
            ix.month_ongoing[ym].append(e)
    for art in ix.corpus.articles.values():
        if art.published:
            ix.day_articles[art.published].append(art)
            ix.month_articles[(art.published.year, art.published.month)].append(art)
        ix.article_period[art.id] = (art.published.year, art.published.month) if art.published else None
    _days_and_months(ix)


def _days_and_months(ix: Index) -> None:
    """The days with a page and the months of the chronology, from the buckets (only those that
    hold something: a lookup may have left an empty one behind)."""
    ix.days = sorted({d for d, found in ix.day_events.items() if found} | {d for d, found in ix.day_articles.items() if found})
    ix.months = sorted({ym for ym, found in ix.month_events.items() if found} | {(d.year, d.month) for d in ix.days})


def _disputes(ix: Index) -> None:
    for e in ix.events:
        found = disputes_of(ix, e)
        if found:
            ix.disputes[e.id] = found


def disputes_of(ix: Index, e: m.Event) -> list[Dispute]:
    """The voices contradicting `e`: its denying reports, the denial events aimed at it, the
    differing accounts of a disputed event; one per quoted passage."""
    found: list[Dispute] = [Dispute("denial-report", e, r) for r in e.reports if r.stance == "denies"]
    for denial in ix.denied_by.get(e.id, []):
        scope = denial.denial_scope(e.id)
        found.extend(Dispute("denial-event", denial, r, scope) for r in denial.reports if r.stance == "asserts")
    if e.dispute:
        found.extend(Dispute("account", e, r) for r in e.reports if r.account)
    unique: dict[tuple[str, str], Dispute] = {}
    for d in found:
        unique.setdefault((d.report.article, d.report.quote), d)
    return list(unique.values())
