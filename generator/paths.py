"""Where each page lives. Page addresses derive from ids only, so they never change when a name
is edited. One function per page kind; templates link with `link(from_page, to_page)`, which
emits relative `.md` links so that `mkdocs build --strict` re-checks every one of them.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from datetime import date

from . import model as m
from .diagnostics import Source

HOME = "index.md"
ACTORS_INDEX = "actors/index.md"
PLACES_INDEX = "places/index.md"
SOURCES_INDEX = "sources/index.md"
CHRONOLOGY_INDEX = "chronology/index.md"
DISPUTES_INDEX = "disputes.md"
GENERATED_DIRS = ("actors", "places", "events", "sources", "dates", "chronology", "data", "search", "maps")
GENERATED_TOP_FILES = (HOME, DISPUTES_INDEX, "feed.xml")


def actor(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def place(place_id: str) -> str:
    return f"places/{place_id}.md"


def entity(e: m.Actor | m.Place) -> str:
    return actor(e.id) if isinstance(e, m.Actor) else place(e.id)


def event(event_id: str) -> str:
    return f"events/{event_id}.md"


def article(article_id: str) -> str:
    return f"sources/{article_id}.md"


def day(d: date) -> str:
    return f"dates/{d.isoformat()}.md"


def month(year: int, month_number: int) -> str:
    """A month's chronology page; month 0 is the page of a year's events whose month is unknown."""
    if month_number == 0:
        return f"chronology/{year:04d}.md"
    return f"chronology/{year:04d}-{month_number:02d}.md"


def kind_events(kind: str, year: int) -> str:
    """The events of one kind starting in one year, when the events index is too long for one page
    (listings.py). One level below events/ (no event id holds a "/"); the year is always the last
    four digits, so no two (kind, year) share an address."""
    return f"events/kinds/{kind}-{year:04d}.md"


def period_disputes(year: int, month_number: int) -> str:
    """The disputed events of one chronology bucket (a month, or month 0: a year whose month is
    unknown), when the disputes page is too long for one page (listings.py)."""
    stem = f"{year:04d}" if month_number == 0 else f"{year:04d}-{month_number:02d}"
    return f"events/disputes/{stem}.md"


def month_sources(period: tuple[int, int] | None) -> str:
    """The articles published in one month (None: those without a publication date), when the
    sources index is too long for one page (listings.py)."""
    return "sources/months/undated.md" if period is None else f"sources/months/{period[0]:04d}-{period[1]:02d}.md"


def entity_part(e: m.Actor | m.Place, period: tuple[int, int] | None) -> str:
    """One month of an actor's or a place's lists, when its page is too long for one page
    (listings.py): a folder beside the entity's page, named by its id (`actors/iran.md` is
    published at /actors/iran/, its months at /actors/iran/2024-12/). Month 0 is a year whose month
    is unknown; None, the articles without a publication date."""
    folder = entity(e)[:-3]
    if period is None:
        return f"{folder}/undated.md"
    stem = f"{period[0]:04d}" if period[1] == 0 else f"{period[0]:04d}-{period[1]:02d}"
    return f"{folder}/{stem}.md"


def entity_of_part(page: str) -> str | None:
    """The actor's or place's page a month page (`entity_part`) belongs to; None for other pages."""
    if page.count("/") == 2 and page.startswith(("actors/", "places/")):
        return page.rsplit("/", 1)[0] + ".md"
    return None


def link(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """Relative link between two generated Markdown files: one "../" per level of `from_page`,
    then the target's path from the site root (MkDocs resolves and checks it like any link)."""
    rel = "../" * from_page.count("/") + to_page
    return f"{rel}#{anchor}" if anchor else rel


def url(page: str, base: str = "/") -> str:
    """The site-absolute address MkDocs gives a page (directory URLs)."""
    if page == "index.md":
        return base
    stem = page[:-3]
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return f"{base}{stem}/"


FOLDERS = {"actors": ("actor", "actors"), "places": ("place", "places"), "events": ("event", "events"),
           "sources": ("article", "articles")}        # a record page's folder: its type, its table


def record_page_owner(c: m.Corpus, page: str) -> tuple[str, str, Source] | None:
    """The record whose own page `page` is, as (what, its id, where it is written), for collision
    checks: `what` is "actor", "place", "event" or "article". Each is the page of one id in its
    type's folder (see `actor`, `place`, `event`, `article`)."""
    folder, _, name = page.partition("/")
    kind = FOLDERS.get(folder)
    if kind is None or not name.endswith(".md"):
        return None
    record = getattr(c, kind[1]).get(name[:-3])
    return (kind[0], record.id, record.source) if record is not None else None


def by_type(kind: str, record_id: str) -> str:
    return {"actor": actor, "place": place, "event": event, "article": article}[kind](record_id)


@lru_cache(maxsize=None)
def html_link(from_page: str, to_page: str) -> str:
    """Relative URL between two pages as MkDocs publishes them (directory URLs), for raw HTML.

    `posixpath.relpath` on the two site-absolute URLs, without its normalisation (the URLs are
    built here and already normal); figures call this ~150,000 times at 10,000 articles."""
    def folder(page: str) -> str:
        return url(page, "/") if page.endswith(".md") else "/" + page
    src = folder(from_page)
    dst = folder(to_page)
    src_dir = src if src.endswith("/") else posixpath.dirname(src) + "/"
    start = [x for x in src_dir.split("/") if x]
    path = [x for x in dst.split("/") if x]
    common = 0
    for a, b in zip(start, path):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(start) - common) + path[common:]) or "."
    return rel + "/" if dst.endswith("/") and rel != "." else ("./" if rel == "." else rel)
