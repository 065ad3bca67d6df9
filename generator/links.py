"""Markdown links from one page to another, built by the generator and therefore trusted.

Labels are escaped (they are data); targets are relative `.md` paths computed from ids, so
MkDocs' strict mode verifies every link and no record can make a link point elsewhere.
"""

from __future__ import annotations

from datetime import date
from sys import intern

from markupsafe import Markup

from . import model as m
from . import paths
from .dates import format_day, format_period
from .markdown import escape


class Linker:
    """Links from one page (`page`, a path under docs/) to the others.

    `targets` collects every path a link was made to (by this Linker, the page's `Fragments` and
    `Figures`), repeats included: the build's link graph, which tells a rebuild which kept pages
    show a record that changed (incremental.py)."""

    def __init__(self, page: str, corpus: m.Corpus):
        self.page = page
        self.corpus = corpus
        self.targets: list[str] = []

    def to(self, target: str, label: object, anchor: str | None = None) -> Markup:
        self.targets.append(target)
        return Markup(f"[{escape(label)}]({paths.link(self.page, target, anchor)})")

    def href(self, target: str, anchor: str | None = None) -> Markup:
        self.targets.append(target)
        return Markup(paths.link(self.page, target, anchor))

    def pages(self) -> frozenset[str]:
        """The generated pages linked to (files such as data/events.json or the basemap are not pages)."""
        found = {intern(t) for t in set(self.targets) if t.endswith(".md")}
        return frozenset(found)         # from a set, not an iterator: a table sized to fit (~47,000 kept)

    def actor(self, actor_id: str, label: object | None = None) -> Markup:
        a = self.corpus.actors[actor_id]
        return self.to(paths.actor(actor_id), label if label is not None else a.name)

    def place(self, place_id: str, label: object | None = None) -> Markup:
        p = self.corpus.places[place_id]
        return self.to(paths.place(place_id), label if label is not None else p.name)

    def entity(self, entity: m.Actor | m.Place) -> Markup:
        return self.actor(entity.id) if isinstance(entity, m.Actor) else self.place(entity.id)

    def event(self, e: m.Event, label: object | None = None) -> Markup:
        return self.to(paths.event(e.id), label if label is not None else e.title)

    def article(self, article_id: str, label: object | None = None) -> Markup:
        art = self.corpus.articles[article_id]
        return self.to(paths.article(article_id), label if label is not None else art.label)

    def day(self, d: date, label: object | None = None) -> Markup:
        return self.to(paths.day(d), label if label is not None else format_day(d))

    def when(self, span, label: object) -> Markup:
        """Link a date to its day page (a period: to the month it starts in, see `_span_target`)."""
        return self.to(_span_target(span), label)

    def month(self, year: int, month: int, label: object | None = None) -> Markup:
        return self.to(paths.month(year, month), label if label is not None else format_period(year, month))


def _span_target(span) -> str:
    """A one-day date links to its day page; any longer period to the page of the month (or year's
    month) it is filed under: only dated days have pages (index._calendar), and the target must
    not depend on other records, or adding one would move links on pages that did not change."""
    from .index import period_of

    if span.start == span.end:
        return paths.day(span.start)
    return paths.month(*period_of(span))
