"""One article from raw text to a drafted record: the stages in order, no file writing.

    extract (HTML only) → clean → dateline, outlet, title → entities → dates → events, new actors

Every stage is a function of its own module; this one only wires them and decides precedence:
what the curator passes on the command line wins over the page's metadata, which wins over
what the text says.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import model as m
from ..arabic import normalize
from .clean import Cleaned, clean_text
from .datefinder import DateMention, find_dates
from .events import DraftEvent, propose_events
from .gazetteer import EntityCount, Gazetteer, Mention, count_entities
from .html import extract_page, looks_like_html
from .ids import article_id
from .masthead import MEDIA_KINDS, Dateline, Title, find_author, find_dateline, find_outlet, find_title, masthead_lines
from .newactors import Proposal, propose_new_actors

NO_DATELINE = "لم يُعثر في النص على سطر تاريخ (dateline)، فتاريخ النشر غير معروف."
NO_OUTLET = "لا يرد في النص اسم الوسيلة الناشرة (لا في سطر التاريخ ولا في ترويسة الصفحة)."


@dataclass
class Options:
    url: str | None = None
    outlet: str | None = None          # an actor id or any of its names
    published: date | None = None
    source_name: str = ""              # the input file's name, kept as the article's `seed`


@dataclass
class Analysis:
    id: str
    title: Title
    outlet: str | None
    outlet_how: str
    published: date | None
    published_how: str
    published_time: str | None
    dateline: Dateline | None
    author: str | None
    relays: list[str]
    cleaned: Cleaned
    text: str
    mentions: list[Mention]
    entities: list[EntityCount]
    dates: list[DateMention]
    events: list[DraftEvent]
    new_actors: list[Proposal]
    url: str | None
    seed: str | None
    html: bool
    warnings: list[str] = field(default_factory=list)
    similar: list[str] = field(default_factory=list)      # curated articles this input looks like


def resolve_outlet(name: str, corpus: m.Corpus, gazetteer: Gazetteer) -> str | None:
    """An outlet given by the curator: an actor id, or a name/alias of a media outlet or agency."""
    if name in corpus.actors:
        return name
    for mention in gazetteer.find(name):
        if normalize(mention.text) == normalize(name):
            for entry in mention.entries:
                if entry.type == "actor" and entry.kind in MEDIA_KINDS:
                    return entry.id
    return None


class LineIndex:
    """1-based line of an offset in a text."""

    def __init__(self, text: str):
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def analyse(raw: str, path: Path, corpus: m.Corpus, options: Options, *, gazetteer: Gazetteer | None = None,
            event_ids: set[str] | frozenset[str] = frozenset()) -> Analysis:
    """Draft one article; `event_ids` are the curated event ids that draft ids must avoid."""
    gazetteer = gazetteer or Gazetteer.from_corpus(corpus)
    warnings: list[str] = []
    html = looks_like_html(path, raw)
    page = extract_page(raw) if html else None
    cleaned = clean_text(page.text if page else raw)
    text = cleaned.text

    dateline = find_dateline(cleaned)
    if options.published:
        published, how = options.published, "given with --published"
    elif page and page.published:
        published, how = page.published, "from the page's metadata"
    elif dateline:
        published, how = dateline.published, f"from the dateline «{dateline.text}»"
    else:
        published, how = None, "no dateline found"
    published_time = dateline.time if dateline and dateline.published == published else None

    outlet, outlet_how = None, "not named by the page"
    if options.outlet:
        outlet = resolve_outlet(options.outlet, corpus, gazetteer)
        outlet_how = "given with --outlet"
        if outlet is None:
            warnings.append(f"--outlet '{options.outlet}' is not an actor id or name in data/actors; "
                            "the draft leaves the outlet unknown")
            outlet_how = f"--outlet '{options.outlet}' is not in data/actors"
    else:
        found = find_outlet(cleaned, gazetteer, dateline)
        if found:
            outlet, outlet_how = found.id, found.how

    author = find_author(cleaned)
    masthead = masthead_lines(cleaned, gazetteer)
    furniture = masthead | ({dateline.line} if dateline else set()) | ({author[1]} if author else set())
    title = find_title(cleaned, furniture)
    if page and page.title and title.supplied:
        title = Title(page.title, None, False)

    mentions = gazetteer.find(text)
    dates = find_dates(text, published)
    line_of = LineIndex(text)
    clean_lines = cleaned.text_lines()
    skip = {clean_lines[n] for n in furniture | ({title.line} if title.line else set()) if n in clean_lines}
    relays = []
    for mention in mentions:
        if line_of(mention.start) in skip:
            continue
        for entry in mention.entries:
            if entry.type == "actor" and entry.kind in MEDIA_KINDS and entry.id != outlet and entry.id not in relays:
                relays.append(entry.id)

    record_id = article_id(outlet, published.isoformat() if published else None, title.text, text)
    events = propose_events(text, mentions, dates, line_of=line_of, skip_lines=skip,
                            taken_ids=set(corpus.events) | set(event_ids))
    proposals = propose_new_actors(text, gazetteer, mentions, line_of)
    similar = [a.id for a in corpus.articles.values()
               if (a.seed and a.seed == path.name) or normalize(a.title) == normalize(title.text)]
    return Analysis(record_id, title, outlet, outlet_how, published, how, published_time, dateline,
                    author[0] if author else None, relays, cleaned, text, mentions, count_entities(mentions), dates,
                    events, proposals, options.url or (page.url if page else None), options.source_name or path.name,
                    html, warnings, similar)

