"""Stage 1: read every file under data/ into the frozen model, checking each field as it goes.

Field checks (types, required keys, unknown keys, id syntax, date syntax) happen here, where the
line of each key is known. Checks that need other records (references, cycles, quotes against
article texts) live in `validate.py`. Loading never stops at the first problem: every file is
read and every problem reported.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from . import model as m
from .dates import CLOCK, DateError, parse_point, parse_span
from .diagnostics import Diagnostics, Source, relative
from .textcheck import control_problem, id_problem, name_problem
from .yamlfile import Kept, YList, YMap, load_yaml, read_text

if TYPE_CHECKING:
    from .buildcache import ParseCache

RECORD_DIRS = ("articles", "actors", "places", "events")
VOCABULARIES = ("actor-kinds", "place-kinds", "event-kinds", "actor-roles", "place-roles",
                "stances", "units", "times-of-day")


class Fields:
    """Typed access to one YAML mapping; remembers which keys were read to flag unknown ones."""

    def __init__(self, data: YMap, path: str, diags: Diagnostics):
        self.data, self.path, self.diags = data, path, diags
        self.seen: set[str] = set()
        self.ok = True

    def at(self, key: str | None = None) -> Source:
        return Source(self.path, self.data.at(key) if key else self.data.line)

    def error(self, key: str | None, code: str, message: str) -> None:
        self.ok = False
        self.diags.error(self.at(key), code, message)

    def raw(self, key: str, required: bool = False) -> Any:
        self.seen.add(key)
        value = self.data.get(key)
        if value is None and required:
            if key in self.data:        # `kind:` with nothing after it: at its own line
                self.error(key, "field.missing", f"'{key}' is empty")
            else:
                self.error(None, "field.missing", f"missing required field '{key}'")
        return value

    def text(self, key: str, required: bool = False, *, name: bool = False) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = _as_written(value)
        if not isinstance(value, str):
            self.error(key, "field.type", f"'{key}' must be text, not {_kind(value)}")
            return None
        value = value.strip()
        if not value:
            if required:
                self.error(key, "field.missing", f"'{key}' is empty")
            return None
        if name and (problem := name_problem(value)):
            self.error(key, "text.unsafe", f"'{key}' {problem}")
            return None
        if problem := control_problem(value):
            self.error(key, "text.control", f"'{key}' {problem}")
            return None
        return value

    def flag(self, key: str) -> bool:
        value = self.raw(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, "field.type", f"'{key}' must be true or false, not {_kind(value)}")
            return False
        return value

    def number(self, key: str, *, integer: bool = False, minimum: float | None = None) -> float | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
            self.error(key, "field.type", f"'{key}' must be {'a whole number' if integer else 'a number'}, not {_kind(value)}")
            return None
        value = int(value) if isinstance(value, int) else float(value)     # not the YAML reader's subclass
        if not math.isfinite(value):    # 1.0e+400 is inf: «inf» on the page, Infinity in events.json
            self.error(key, "field.range", f"'{key}' must be a finite number, not {_kind(value)}")
            return None
        if minimum is not None and value < minimum:
            self.error(key, "field.range", f"'{key}' is {value}; it cannot be below {minimum}")
            return None
        return value

    def items(self, key: str) -> list[tuple[Any, Source]]:
        """A list field (a single value is accepted as a one-item list), with each item's place."""
        value = self.raw(key)
        if value is None:
            return []
        if isinstance(value, YList):
            return [(item, Source(self.path, value.at(i))) for i, item in enumerate(value)]
        if isinstance(value, YMap):
            self.error(key, "field.type", f"'{key}' must be a list")
            return []
        return [(value, self.at(key))]

    def ids(self, key: str) -> tuple[str, ...]:
        result: dict[str, Source] = {}
        for item, where in self.items(key):
            self.id_item(key, item, where, result, "ids")
        return tuple(result)

    def id_item(self, key: str, item: Any, where: Source, result: dict, form: str) -> bool:
        """Add one id of the list `key` to `result`; report a non-id (`form` says what the items
        must be) or a malformed one. True when it is a well-formed id."""
        if not isinstance(item, str):
            self.ok = False
            self.diags.error(where, "field.type", f"'{key}' items must be {form}, not {_kind(item)}")
            return False
        if problem := id_problem(item):
            self.ok = False
            self.diags.error(where, "id.invalid", f"in '{key}': {problem}")
            return False
        self.once(key, item, where, result)
        return True

    def once(self, key: str, item: str, where: Source, seen: dict) -> None:
        """Add `item` to `seen` unless it is already there: a list naming the same thing twice is a
        slip (a relay counted twice, an actor shown twice with the same role), reported at the
        second mention with the line of the first."""
        if item in seen:
            self.diags.error(where, "field.repeated", f"'{key}' lists {item!r} twice (first at line {seen[item].line})")
        else:
            seen[item] = where

    def names(self, key: str) -> tuple[str, ...]:
        result: dict[str, Source] = {}
        for item, where in self.items(key):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = _as_written(item)
            if not isinstance(item, str) or not item.strip():
                self.diags.error(where, "field.type", f"'{key}' items must be non-empty text")
                continue
            if problem := name_problem(item):
                self.diags.error(where, "text.unsafe", f"alias {problem}")
                continue
            self.once(key, item.strip(), where, result)
        return tuple(result)

    def identifier(self) -> str | None:
        value = self.raw("id", required=True)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error("id", "id.invalid", f"id must be text, not {_kind(value)}")
            return None
        if problem := id_problem(value):
            self.error("id", "id.invalid", problem)
            return None
        return value

    def finish(self) -> None:
        for key in self.data:
            if key not in self.seen:
                self.error(key, "field.unknown", f"unknown field '{key}'" + _suggest(key, self.seen))


def _as_written(number: int | float) -> str:
    """A number where text is expected, as the curator wrote it (`title: 3.10` is «3.10»)."""
    return getattr(number, "text", None) or str(number)


def _kind(value: Any) -> str:
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"


def _suggest(key: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(known), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _mapping(item: Any, where: Source, what: str, diags: Diagnostics) -> YMap | None:
    if not isinstance(item, YMap):
        diags.error(where, "field.type", f"{what} must be a mapping (key: value lines), not {_kind(item)}")
        return None
    return item


# --- vocabularies ---------------------------------------------------------------------------


def _absent(path: Path | str, shown: str, diags: Diagnostics) -> str | None:
    """None when `path` is there; "missing" when it is not; "unreadable" (reported) when it cannot
    even be looked at: a folder on the way without permission, a symlink loop. `Path.exists`
    raised PermissionError out of `check` when data/ or data/vocab was chmod 000."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except OSError as exc:
        diags.error(Source(shown, 1), "file.unreadable", f"cannot read file: {exc.strerror or exc}")
        return "unreadable"
    return None


def load_vocabulary(name: str, path: Path, shown: str, diags: Diagnostics) -> m.Vocabulary:
    data = None
    absent = _absent(path, shown, diags)
    if absent == "missing":
        diags.error(Source(shown, 1), "vocab.missing", f"vocabulary file is missing (needed: {name})")
    elif absent is None:
        data = load_yaml(path, shown, diags)
    terms: dict[str, m.Term] = {}
    if data is None:
        return m.Vocabulary(name, terms)
    if not isinstance(data, YMap):
        diags.error(Source(shown, 1), "field.type", "a vocabulary is a mapping of id: {ar: …, plural: …}")
        return m.Vocabulary(name, terms)
    for term_id, body in data.items():
        where = Source(shown, data.at(term_id))
        if problem := id_problem(term_id):
            diags.error(where, "id.invalid", problem)
            continue
        if isinstance(body, str):
            terms[term_id] = m.Term(term_id, body, body, None, where)
            continue
        body = _mapping(body, where, f"vocabulary entry '{term_id}'", diags)
        if body is None:
            continue
        f = Fields(body, shown, diags)
        ar = f.text("ar", required=True, name=True)
        plural = f.text("plural") or ar
        description = f.text("description")
        f.finish()
        if ar:
            terms[term_id] = m.Term(term_id, ar, plural, description, where)
    return m.Vocabulary(name, terms)


# --- records --------------------------------------------------------------------------------


def load_actor(f: Fields) -> m.Actor | m.Unfinished | None:
    record_id = f.identifier()
    name = f.text("name", required=True, name=True)
    kind = f.text("kind", required=True)
    possibly = []
    for item, where in f.items("possibly_same_as"):
        if isinstance(item, str):
            possibly.append(m.PossibleIdentity(item, None, where))
            continue
        body = _mapping(item, where, "possibly_same_as item", f.diags)
        if body is None:
            continue
        sub = Fields(body, f.path, f.diags)
        other, note = sub.text("actor", required=True), sub.text("note")
        sub.finish()
        if other:
            possibly.append(m.PossibleIdentity(other, note, where))
    actor = dict(latin=f.text("latin", name=True), aliases=f.names("aliases"), part_of=f.ids("part_of"),
                 member_of=f.ids("member_of"), possibly_same_as=tuple(possibly),
                 description=f.text("description"), wikidata=_wikidata(f))
    f.finish()
    if not record_id:
        return None
    record = m.Actor(record_id, name, kind, f.at(), ref_lines=_ref_lines(f, "kind", "part_of", "member_of", items=True),
                     **actor)
    return record if f.ok and name and kind else m.Unfinished(record)


def load_place(f: Fields) -> m.Place | m.Unfinished | None:
    record_id = f.identifier()
    name = f.text("name", required=True, name=True)
    kind = f.text("kind", required=True)
    place = dict(latin=f.text("latin", name=True), aliases=f.names("aliases"), within=f.ids("within"),
                 coordinates=_coordinates(f), description=f.text("description"), wikidata=_wikidata(f))
    f.finish()
    if not record_id:
        return None
    record = m.Place(record_id, name, kind, f.at(), ref_lines=_ref_lines(f, "kind", "within", items=True), **place)
    return record if f.ok and name and kind else m.Unfinished(record)


def _ref_lines(f: Fields, *keys: str, items: bool = False) -> dict[str, int]:
    """The line of each key; with `items`, also of each id a block list names, as "key:id" (an
    unknown parent or a cycle is reported at the item, not at its list's key)."""
    lines = {k: f.data.at(k) for k in keys}
    if items:
        for k in keys:
            value = f.data.get(k)
            if isinstance(value, YList):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        lines.setdefault(f"{k}:{item}", value.at(i))
    return lines


def _day(f: Fields, key: str):
    """An optional full date (YYYY-MM-DD)."""
    value = f.text(key)
    if value is None:
        return None
    try:
        point = parse_point(value)
    except DateError as exc:
        f.error(key, exc.code, str(exc))
        return None
    if point.grain != "day":
        f.error(key, "date.malformed", f"'{key}' must be a full day (YYYY-MM-DD)")
        return None
    return point.first


def _clock(f: Fields, key: str) -> str | None:
    """An optional 24-hour clock time, HH:MM (what `add` reads off a dateline)."""
    value = f.text(key)
    if value is not None and not CLOCK.match(value):
        f.error(key, "field.format", f"'{key}' must be a 24-hour time HH:MM, e.g. \"13:44\", not '{value}'")
        return None
    return value


def _wikidata(f: Fields) -> str | None:
    value = f.text("wikidata")
    if value and not (value[0] == "Q" and value[1:].isdigit()):
        f.error("wikidata", "field.format", f"wikidata id '{value}' must look like Q858")
        return None
    return value


def _coordinates(f: Fields) -> m.Coordinates | None:
    value = f.raw("coordinates")
    if value is None:
        return None
    body = _mapping(value, f.at("coordinates"), "coordinates", f.diags)
    if body is None:
        f.ok = False
        return None
    sub = Fields(body, f.path, f.diags)
    lat, lon = sub.number("lat"), sub.number("lon")
    sub.finish()
    if lat is None or lon is None:
        sub.error(None, "field.missing", "coordinates need both lat and lon")
    elif not (-90 <= lat <= 90 and -180 <= lon <= 180):
        sub.error(None, "field.range", f"coordinates ({lat}, {lon}) are outside the globe")
    if not sub.ok:
        f.ok = False
        return None
    return m.Coordinates(float(lat), float(lon))


def load_article(f: Fields, data_dir: Path, root: Path, reads: list[Path] | None = None,
                 kept: Kept | None = None) -> m.Article | m.Unfinished | None:
    record_id = f.identifier()
    title = f.text("title", required=True)
    outlet = f.text("outlet", required=True)
    outlet_note = f.text("outlet_note")
    if outlet == "unknown":
        outlet = None
        if not outlet_note:
            f.error("outlet", "article.unknown-without-note", "outlet is unknown: say why in 'outlet_note'")
    published_raw = f.text("published", required=True)
    published_note = f.text("published_note")
    published = None
    if published_raw == "unknown":
        if not published_note:
            f.error("published", "article.unknown-without-note",
                    "publication date is unknown: say why in 'published_note' (never guess)")
    elif published_raw:
        try:
            point = parse_point(published_raw)
            if point.grain != "day":
                f.error("published", "date.malformed",
                        f"publication date '{published_raw}' must be a full day (YYYY-MM-DD) or 'unknown'")
            else:
                published = point.first
        except DateError as exc:
            f.error("published", exc.code, str(exc))
    text_name = f.text("text") or (f"{record_id}.txt" if record_id else None)
    article = dict(
        title_supplied=f.flag("title_supplied"), outlet_note=outlet_note, published_time=_clock(f, "published_time"),
        published_note=published_note, url=f.text("url"), author=f.text("author"),
        language=f.text("language") or "ar", relays=f.ids("relays"), seed=f.text("seed"), note=f.text("note"),
        added=_day(f, "added"))
    if article["url"] and not article["url"].startswith(("https://", "http://")):
        f.error("url", "field.format", "url must start with https:// or http://")
    f.finish()
    text, text_path = None, ""
    if text_name:
        path = (Path(f.path) if Path(f.path).is_absolute() else root / f.path).parent / text_name
        text_path = relative(path, root)
        if reads is not None:
            reads.append(path)          # the parse cache re-reads the record when this file changes
        if "/" in text_name or "\\" in text_name or text_name.startswith("."):
            f.error("text", "field.format", "text must be a file name beside the record, e.g. my-article.txt")
        elif absent := _absent(path, text_path, f.diags):
            f.ok = False                # unreadable: reported by _absent
            if absent == "missing":
                f.error("text" if "text" in f.data else None, "article.text-missing",
                        f"the article text {text_path} does not exist")
        else:
            text = read_text(path, text_path, f.diags, kept=kept)
            if text is None:
                f.ok = False
            elif not text.strip():
                # reported at the text, not through the record: the article is still loaded, so its
                # events' reports are not «unknown article» and its quotes are not looked for
                # (an emptied text gave one quote.not-found per quote, none naming the .txt)
                f.diags.error(Source(text_path, 1), "article.text-empty",
                              "the article text is empty; paste the article's cleaned text into it")
    if not record_id:
        return None
    record = m.Article(record_id, title, f.at(), text, text_path, outlet=outlet, published=published,
                       ref_lines=_ref_lines(f, "outlet", "relays", "note"), **article)
    return record if f.ok and title and text is not None else m.Unfinished(record)


def load_event(f: Fields, vocab: dict[str, m.Vocabulary]) -> m.Event | m.Unfinished | None:
    record_id = f.identifier()
    kind = f.text("kind", required=True)
    title = _title(f)
    summary = f.text("summary", required=True)
    span = _date(f, vocab)
    actors = tuple(p for p in (_participant(item, where, f) for item, where in f.items("actors")) if p)
    places = tuple(p for p in (_event_place(item, where, f) for item, where in f.items("places")) if p)
    seen: dict = {}
    for p in actors:     # an actor may play two roles in one event, not the same one twice
        f.once("actors", f"{p.actor} ({p.role})", p.source, seen)
    seen = {}
    for p in places:
        f.once("places", f"{p.place} ({p.role})", p.source, seen)
    report_items = f.items("reports")
    reports = tuple(r for r in (_report(item, where, f) for item, where in report_items) if r)
    if not report_items and f.ok:
        f.error(None if "reports" not in f.data else "reports", "event.no-report",
                "an event needs at least one report (which article says so, in which words)")
    dispute = f.raw("dispute")
    question = None
    if dispute is not None:
        body = _mapping(dispute, f.at("dispute"), "dispute", f.diags)
        if body is not None:
            sub = Fields(body, f.path, f.diags)
            question = sub.text("question", required=True)
            sub.finish()
            f.ok &= sub.ok
        else:
            f.ok = False
    denies, scopes = _denials(f)
    rest = dict(denies=denies, denial_scopes=scopes, related=f.ids("related"), note=f.text("note"),
                added=_day(f, "added"), aliases=f.names("aliases"))
    f.finish()
    if not record_id:
        return None
    record = m.Event(record_id, kind, span, title, summary, f.at(), actors, places, reports, dispute=question,
                     ref_lines=_ref_lines(f, "kind", "title", "denies", "related", "date", "note"), **rest)
    return record if f.ok and kind and title and summary and span else m.Unfinished(record)


def _denials(f: Fields) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """`denies`: event ids, or `{event: id, scope: what of it is denied}` where a denial covers
    only part of an event it names."""
    ids: dict[str, Source] = {}
    scopes: list[tuple[str, str]] = []
    for item, where in f.items("denies"):
        if isinstance(item, YMap):
            sub = Fields(item, f.path, f.diags)
            event_id, scope = sub.text("event", required=True), sub.text("scope", required=True)
            sub.finish()
            f.ok &= sub.ok
            if event_id is None or scope is None:
                f.ok = False
                continue
        else:
            event_id, scope = item, None
        first = isinstance(event_id, str) and event_id not in ids
        if f.id_item("denies", event_id, where, ids, "ids or {event: id, scope: text}") and scope and first:
            scopes.append((event_id, scope))
    return tuple(ids), tuple(scopes)


TITLE_MAX = 90


def _title(f: Fields) -> str | None:
    """An event's headline: what every list, table, search result and the page heading show, so
    it is one short line (the summary says the rest; a line break is refused like any control
    character); the date and sources are shown beside it."""
    title = f.text("title", required=True, name=True)
    if title is None:
        return None
    if len(title) > TITLE_MAX:
        f.error("title", "event.title-long", f"'title' has {len(title)} characters; a headline has at most "
                f"{TITLE_MAX} (the summary is where the details go)")
        return None
    return title


def _date(f: Fields, vocab: dict[str, m.Vocabulary]):
    value = f.raw("date", required=True)
    if value is None:
        return None
    options: dict[str, Any] = {}
    if isinstance(value, YMap):
        sub = Fields(value, f.path, f.diags)
        raw = sub.raw("value", required=True)
        options = dict(time=sub.text("time"), utc_offset=sub.text("utc_offset"), part=sub.text("part"),
                       approximate=sub.flag("approximate"), label=sub.text("label"))
        sub.finish()
        if not sub.ok or raw is None:
            f.ok = False
            return None
        value = raw
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        f.error("date", "date.malformed", f"date must be text like 2024-12-05, not {_kind(value)}")
        return None
    try:
        return parse_span(str(value), times_of_day=set(vocab["times-of-day"].terms), **options)
    except DateError as exc:
        f.error("date", exc.code, str(exc))
        return None


def _participant(item: Any, where: Source, f: Fields) -> m.Participant | None:
    if isinstance(item, str):
        f.ok = False            # at the item's line, not the `actors:` key's
        f.diags.error(where, "field.type", f"actor '{item}' needs a role: write {{actor: {item}, role: agent}}")
        return None
    body = _mapping(item, where, "an event's actor", f.diags)
    if body is None:
        f.ok = False
        return None
    sub = Fields(body, f.path, f.diags)
    actor, role = sub.text("actor", required=True), sub.text("role", required=True)
    sub.finish()
    if not (sub.ok and actor and role):
        f.ok = False
        return None
    return m.Participant(actor, role, where)


def _event_place(item: Any, where: Source, f: Fields) -> m.EventPlace | None:
    if isinstance(item, str):
        return m.EventPlace(item, "location", where)
    body = _mapping(item, where, "an event's place", f.diags)
    if body is None:
        f.ok = False
        return None
    sub = Fields(body, f.path, f.diags)
    place, role = sub.text("place", required=True), sub.text("role") or "location"
    sub.finish()
    if not (sub.ok and place):
        f.ok = False
        return None
    return m.EventPlace(place, role, where)


def _report(item: Any, where: Source, f: Fields) -> m.Report | None:
    body = _mapping(item, where, "a report", f.diags)
    if body is None:
        f.ok = False
        return None
    sub = Fields(body, f.path, f.diags)
    article, quote = sub.text("article", required=True), sub.text("quote", required=True)
    stance = sub.text("stance") or "asserts"
    via = tuple(v for v in (_via(i, w, sub) for i, w in sub.items("via")) if v)
    figures = tuple(x for x in (_figure(i, w, sub) for i, w in sub.items("figures")) if x)
    account, note = sub.text("account"), sub.text("note")
    sub.finish()
    if not (sub.ok and article and quote):
        f.ok = False
        return None
    return m.Report(article, quote, stance, where, via, figures, account, note, quote_line=body.at("quote"))


def _via(item: Any, where: Source, f: Fields) -> m.Via | None:
    if isinstance(item, str):
        if problem := id_problem(item):
            f.error("via", "id.invalid", f"via item: {problem}; describe an unnamed source as "
                    "{description: …}")
            return None
        return m.Via(where, actor=item)
    body = _mapping(item, where, "a via item", f.diags)
    if body is None:
        f.ok = False
        return None
    sub = Fields(body, f.path, f.diags)
    actor, description = sub.text("actor"), sub.text("description")
    count = sub.number("count", integer=True, minimum=1)
    sub.finish()
    if not (actor or description):
        sub.error(None, "field.missing", "a via item needs an 'actor' id or a 'description'")
    if not sub.ok:
        f.ok = False
        return None
    return m.Via(where, actor=actor, description=description, count=int(count) if count is not None else None)


def _figure(item: Any, where: Source, f: Fields) -> m.Figure | None:
    body = _mapping(item, where, "a figure", f.diags)
    if body is None:
        f.ok = False
        return None
    sub = Fields(body, f.path, f.diags)
    # figures count people, vehicles, days, dollars…: never below zero (vocab/units.yaml)
    value, lo, hi = sub.number("value", minimum=0), sub.number("min", minimum=0), sub.number("max", minimum=0)
    unit = sub.text("unit", required=True)
    approximate, note = sub.flag("approximate"), sub.text("note")
    sub.finish()
    if value is None and lo is None and hi is None:
        sub.error(None, "figure.value", "a figure needs 'value', or 'min' and/or 'max' (a bound alone: «أكثر من», «حتى»)")
    elif value is not None and (lo is not None or hi is not None):
        sub.error("value", "figure.value", "a figure has either 'value' or bounds ('min', 'max'), not both")
    elif lo is not None and hi is not None and hi < lo:
        sub.error("max", "figure.value", f"max {hi} is below min {lo}")
    if not (sub.ok and unit):
        f.ok = False
        return None
    return m.Figure(unit, where, value, lo, hi, approximate, note)


# --- the whole corpus -----------------------------------------------------------------------

LOADERS: dict[str, Callable] = {
    "actors": lambda f, ctx: load_actor(f),
    "places": lambda f, ctx: load_place(f),
    "articles": lambda f, ctx: load_article(f, ctx["data_dir"], ctx["root"], ctx["reads"], ctx["kept"]),
    "events": lambda f, ctx: load_event(f, ctx["vocab"]),
}


def load_corpus(data_dir: Path, root: Path, diags: Diagnostics, cache: "ParseCache | None" = None) -> m.Corpus:
    """Read vocabularies, then every record file; report all problems; return what was valid.

    With a `cache` (a rebuild), a record file whose bytes (and article text) did not change since
    the last run is not parsed again: its records and diagnostics are taken from the cache.
    """
    vocab = {name: load_vocabulary(name, data_dir / "vocab" / f"{name}.yaml",
                                   relative(data_dir / "vocab" / f"{name}.yaml", root), diags)
             for name in VOCABULARIES}
    ctx = {"data_dir": data_dir, "root": root, "vocab": vocab, "reads": [], "kept": Kept()}
    tables: dict[str, dict] = {}
    unfinished: list[m.Unfinished] = []
    for folder in RECORD_DIRS:
        table: dict[str, Any] = {}
        defined: dict[str, Source] = {}         # every id of the folder, the unfinished ones too
        where = data_dir / folder
        shown_folder = relative(where, root)
        watch = getattr(cache, "watch", None)     # in a process that builds again: the listing it keeps
        names = watch.listing(where, shown_folder, diags) if watch is not None else _yaml_names(where, shown_folder, diags)
        prefix = os.path.join(where, "")          # a str: pathlib costs ~50 µs per file at 45,000 files,
        for name, linked in names:                # os.path.join ~2 µs
            path = prefix + name
            # a symlinked record (the drafts view of `add`/`accept`) is shown, and finds its text, where it lives
            shown = relative(Path(path), root) if linked else f"{shown_folder}/{name}"
            hit = cache.get(shown, path) if cache is not None else None
            if hit is None:
                found = Diagnostics()
                ctx["reads"], ctx["kept"] = [], Kept()
                records = _read_record_file(folder, path, shown, found, ctx)
                if cache is not None:
                    records = cache.put(shown, path, ctx["reads"], records, found.items, ctx["kept"])
                diags.extend(found)
            else:
                records, said = hit
                if said:
                    diags.items.extend(said)
            for record in records:
                if record.id in defined:
                    diags.error(record.source, "id.duplicate",
                                f"duplicate {folder[:-1]} id '{record.id}' (first defined at {defined[record.id]})")
                    continue
                defined[record.id] = record.source
                if type(record) is m.Unfinished:
                    unfinished.append(record)
                    diags.unloaded.setdefault((folder[:-1], record.id), record.source)
                else:
                    table[record.id] = record
        tables[folder] = table
    return m.Corpus(vocab=vocab, redirects=load_redirects(data_dir / "redirects.yaml", root, diags),
                    unfinished=tuple(unfinished), **tables)


def _yaml_names(folder: Path, shown: str, diags: Diagnostics) -> list[tuple[str, bool]]:
    """The record files in `folder`, sorted, each with whether it is a symlink. What looks like a
    record file but cannot be read as one (a folder x.yaml, a broken or looping symlink, x.yml)
    is reported: each was skipped without a word, and its records were «unknown» elsewhere."""
    found = []
    try:
        with os.scandir(folder) as entries:
            for e in entries:
                listed = yaml_entry(e)
                if listed is None:
                    continue
                if type(listed) is bool:
                    found.append((e.name, listed))
                else:
                    say_unlisted(diags, shown, e.name, listed)
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        diags.error(Source(shown, 1), "folder.not-folder", f"{shown} is a file; it must be a folder of record files")
        return []
    except OSError as exc:
        diags.error(Source(shown, 1), "folder.unreadable", f"cannot read the folder {shown}: {exc.strerror or exc}")
        return []
    return sorted(found)


def yaml_entry(e) -> bool | tuple[str, str, str] | None:
    """What one entry of a record folder is to the loader (`e`: an `os.DirEntry`, or anything with
    its `name`, `path` and `is_*` methods): a record file (whether it is a symlink); a problem to
    report (level, code, message); or nothing (a hidden file, an article text). One rule for the
    folder listed whole (`_yaml_names`) and for the names a watch saw change (watch.py)."""
    name = e.name
    if name.startswith("."):
        return None
    if name.endswith(".yaml"):
        try:
            if e.is_file():
                return e.is_symlink()
            problem = _not_a_record_file(e)
        except OSError as exc:          # a symlink loop: ELOOP
            problem = f"cannot be read: {exc.strerror or exc}"
        return ("error", "file.not-regular", f"{problem}; its records are not read")
    if name.endswith(".yml"):
        return ("warning", "file.yml", f"is not read: record files end in .yaml; rename it to {name[:-4]}.yaml")
    return None


def say_unlisted(diags: Diagnostics, shown: str, name: str, problem: tuple[str, str, str]) -> None:
    level, code, message = problem
    (diags.error if level == "error" else diags.warning)(Source(f"{shown}/{name}", 1), code, message)


def _not_a_record_file(entry: os.DirEntry) -> str:
    """Why a directory entry named like a record file is not one."""
    if entry.is_dir():
        return "is a folder, not a record file"
    if entry.is_symlink():
        try:
            os.stat(entry.path)
        except FileNotFoundError:
            return f"is a symbolic link to {os.readlink(entry.path)}, which does not exist"
    return "is not a regular file"


def _read_record_file(folder: str, path: str, shown: str, diags: Diagnostics, ctx: dict) -> list:
    """Every record in one file (a mapping or a list of mappings), those with errors as
    `m.Unfinished`; problems go to `diags`."""
    before = len(diags.items)
    data = load_yaml(path, shown, diags, ctx["kept"])
    if data is None:
        if len(diags.items) == before:          # a document that is only `~`, `null` or `---`
            diags.error(Source(shown, 1), "yaml.empty", "file holds no record (its document is null); "
                        "delete it or add a record")
        return []
    items = [(data, Source(shown, data.line))] if isinstance(data, YMap) else \
        [(item, Source(shown, data.at(i))) for i, item in enumerate(data)] if isinstance(data, YList) else []
    if not items:
        diags.error(Source(shown, 1), "field.type", "a record file holds a mapping or a list of mappings")
    records = []
    for item, where in items:
        body = _mapping(item, where, "a record", diags)
        if body is None:
            continue
        record = LOADERS[folder](Fields(body, shown, diags), ctx)
        if record is not None:                  # None: no usable id, nothing can refer to it
            records.append(record)
    return records


REDIRECT_TYPES = ("actor", "place", "event", "article")


def load_redirects(path: Path, root: Path, diags: Diagnostics) -> tuple[m.Redirect, ...]:
    """data/redirects.yaml: a list of {from: old-id, to: new-id, type: actor|place|event|article}."""
    shown = relative(path, root)
    if _absent(path, shown, diags):
        return ()
    data = load_yaml(path, shown, diags)
    if data is None:
        return ()
    if not isinstance(data, YList):
        diags.error(Source(shown, 1), "field.type", "redirects.yaml holds a list of {from, to, type}")
        return ()
    found = []
    for i, item in enumerate(data):
        body = _mapping(item, Source(shown, data.at(i)), "a redirect", diags)
        if body is None:
            continue
        f = Fields(body, shown, diags)
        old, target = f.text("from", required=True), f.text("to", required=True)
        kind, note = f.text("type", required=True), f.text("note")
        f.finish()
        for key, value in (("from", old), ("to", target)):
            if value and (problem := id_problem(value)):
                f.error(key, "id.invalid", problem)
        if kind and kind not in REDIRECT_TYPES:
            f.error("type", "vocab.unknown", f"type '{kind}' must be one of: {', '.join(REDIRECT_TYPES)}")
        if f.ok and old and target and kind:
            found.append(m.Redirect(old, target, kind, f.at(), note))
    return tuple(found)
