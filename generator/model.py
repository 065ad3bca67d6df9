"""The dossier's data model: small frozen records, no I/O, no behaviour beyond derived names.

Each record carries the `Source` (file:line) it was read from so any later stage can report a
problem where the curator will look for it. Relations are stored one way only (part_of, within,
an event's actors); `index.py` derives the reverse directions after everything is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .dates import DateSpan
from .diagnostics import Source


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: an id used in records and its Arabic labels."""

    id: str
    ar: str
    plural: str
    description: str | None
    source: Source


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: dict[str, Term]

    def label(self, term_id: str) -> str:
        return self.terms[term_id].ar

    def labels(self) -> dict[str, str]:
        """Each term's Arabic label by id (what `dates.format_span` takes for times of day)."""
        return {t.id: t.ar for t in self.terms.values()}

    def __contains__(self, term_id: object) -> bool:
        return term_id in self.terms


@dataclass(frozen=True)
class PossibleIdentity:
    """The sources suggest, without settling it, that two actors may be one."""

    actor: str
    note: str | None
    source: Source


class _Named:
    """What actors and places share beyond their fields."""

    __slots__ = ()

    @property
    def other_names(self) -> tuple[str, ...]:
        """The aliases not already shown as the name or the Latin name (curators list the Latin
        name among the aliases, for matching: pages, JSON-LD and search excerpts showed it twice)."""
        return tuple(x for x in self.aliases if x != self.name and x != self.latin)


@dataclass(frozen=True)
class Actor(_Named):
    id: str
    name: str
    kind: str
    source: Source
    latin: str | None = None
    aliases: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    member_of: tuple[str, ...] = ()
    possibly_same_as: tuple[PossibleIdentity, ...] = ()
    description: str | None = None
    wikidata: str | None = None
    ref_lines: dict = field(default_factory=dict, compare=False, hash=False)

    type = "actor"


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True)
class Place(_Named):
    id: str
    name: str
    kind: str
    source: Source
    latin: str | None = None
    aliases: tuple[str, ...] = ()
    within: tuple[str, ...] = ()
    coordinates: Coordinates | None = None
    description: str | None = None
    wikidata: str | None = None
    ref_lines: dict = field(default_factory=dict, compare=False, hash=False)

    type = "place"


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    source: Source
    text: str
    text_path: str
    outlet: str | None = None          # actor id; None when unknown (outlet_note says why)
    outlet_note: str | None = None
    title_supplied: bool = False
    published: date | None = None      # None when unknown (published_note says why)
    published_time: str | None = None
    published_note: str | None = None
    url: str | None = None
    author: str | None = None
    language: str = "ar"
    relays: tuple[str, ...] = ()
    seed: str | None = None
    note: str | None = None
    added: date | None = None          # when the curator added it to the dossier (for the feed)
    ref_lines: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def label(self) -> str:
        """The title as links to the article show it. A title the curator wrote for an article that
        has none says so wherever it stands, not only on the article's own page: a reader citing it
        from an event page cited a headline that never existed."""
        return f"{self.title} [عنوان وضعه المحرر]" if self.title_supplied else self.title


@dataclass(frozen=True)
class Via:
    """One link of an attribution chain: a known actor, or an unnamed source described."""

    source: Source
    actor: str | None = None
    description: str | None = None
    count: int | None = None


@dataclass(frozen=True)
class Figure:
    unit: str
    source: Source
    value: float | None = None
    min: float | None = None
    max: float | None = None
    approximate: bool = False
    note: str | None = None


@dataclass(frozen=True)
class Report:
    """One article saying (or denying) that an event happened, in its own words."""

    article: str
    quote: str
    stance: str
    source: Source
    via: tuple[Via, ...] = ()
    figures: tuple[Figure, ...] = ()
    account: str | None = None
    note: str | None = None
    quote_line: int = 0


@dataclass(frozen=True)
class Participant:
    actor: str
    role: str
    source: Source


@dataclass(frozen=True)
class EventPlace:
    place: str
    role: str
    source: Source


@dataclass(frozen=True)
class Event:
    id: str
    kind: str
    date: DateSpan
    title: str          # a headline («مقتل بورهاشمي في حلب»): page heading, list and table label
    summary: str        # what happened, in full: the event page's opening paragraph
    source: Source
    actors: tuple[Participant, ...] = ()
    places: tuple[EventPlace, ...] = ()
    reports: tuple[Report, ...] = ()
    denies: tuple[str, ...] = ()
    dispute: str | None = None
    related: tuple[str, ...] = ()
    note: str | None = None
    added: date | None = None
    aliases: tuple[str, ...] = ()      # the names readers know it by («سقوط حلب»): search finds it by them
    # (denied event id, what of it this denial covers): Baghaei's denial names four events but
    # covers only the embassy; without it, it read as a denial of the troops' withdrawal too
    denial_scopes: tuple[tuple[str, str], ...] = ()
    ref_lines: dict = field(default_factory=dict, compare=False, hash=False)

    def denial_scope(self, event_id: str) -> str | None:
        """What of the denied event `event_id` this denial covers, when the curator narrowed it."""
        return next((scope for denied, scope in self.denial_scopes if denied == event_id), None)


@dataclass(frozen=True)
class Redirect:
    """An old id that must keep working after a rename or merge: its page forwards to `target`."""

    old: str
    target: str
    type: str          # actor | place | event | article
    source: Source
    note: str | None = None


@dataclass(frozen=True)
class Unfinished:
    """A record with errors of its own, holding what of it could be read (a required field may be
    None, a list holds only its valid items). Its references, terms and quotes are still checked
    against the rest, so one run reports every problem: a bad date used to hide a misspelt actor
    until the date was fixed. Never indexed or rendered: a run with errors writes nothing."""

    record: "Actor | Place | Article | Event"

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def source(self) -> Source:
        return self.record.source


@dataclass(frozen=True)
class Corpus:
    """Everything loaded from data/, keyed by id. Built once by `load`, never mutated."""

    vocab: dict[str, Vocabulary]
    articles: dict[str, Article]
    actors: dict[str, Actor]
    places: dict[str, Place]
    events: dict[str, Event]
    redirects: tuple[Redirect, ...] = ()
    unfinished: tuple[Unfinished, ...] = ()        # records with errors (see Unfinished): validation only

    def unfinished_of(self, kind: type) -> list:
        """The unfinished records of one type (`Event`, …), as records."""
        return [u.record for u in self.unfinished if type(u.record) is kind]

    def table(self, kind: str) -> dict:
        """The loaded records of one type, by id; `kind` is the type's name ("Event", …), as in
        the build cache's record keys."""
        return {"Actor": self.actors, "Place": self.places, "Article": self.articles, "Event": self.events}[kind]

    def checked(self, kind: type) -> list:
        """Every record of one type that validation reads: the loaded ones, then the unfinished."""
        return [*self.table(kind.__name__).values(), *self.unfinished_of(kind)]

    def entity(self, entity_id: str) -> Actor | Place | None:
        return self.actors.get(entity_id) or self.places.get(entity_id)
