"""Machine-readable copies of the dossier, published with the site under data/.

events.json, entities.json, articles.json, events.csv and places.geojson carry the same facts as the pages,
with Arabic text as is (UTF-8, no \\u escapes). Every object has a site-absolute `url`.
"""

from __future__ import annotations

import csv
import io
import mmap
import os
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import model as m
from . import paths
from .compactjson import dumps_bytes
from .index import Index, event_key
from .write import Pieces


def _via(c: m.Corpus, v: m.Via) -> dict:
    item: dict = {}
    if v.actor:
        item["id"] = v.actor
        item["name"] = c.actors[v.actor].name
    if v.description:
        item["description"] = v.description
    if v.count is not None:
        item["count"] = v.count
    return item


def _figure(f: m.Figure) -> dict:
    item: dict = {"unit": f.unit}
    if f.value is not None:
        item["value"] = f.value
    for bound in ("min", "max"):         # either or both: a bound alone is «أكثر من» / «حتى»
        if getattr(f, bound) is not None:
            item[bound] = getattr(f, bound)
    if f.approximate:
        item["approximate"] = True
    if f.note:
        item["note"] = f.note
    return item


def event_json(ix: Index, e: m.Event, base: str) -> dict:
    c = ix.corpus
    date = {"start": e.date.start.isoformat(), "end": e.date.end.isoformat(),
            "precision": e.date.precision, "as_written": e.date.iso()}
    for key in ("part", "time", "utc_offset", "label"):
        if getattr(e.date, key):
            date[key] = getattr(e.date, key)
    if e.date.approximate:
        date["approximate"] = True
    reports = []
    for r in e.reports:
        item = {"article": r.article, "quote": r.quote, "stance": r.stance,
                "via": [_via(c, v) for v in r.via], "origin": ix.origin(r).key}
        if r.figures:
            item["figures"] = [_figure(f) for f in r.figures]
        if r.account:
            item["account"] = r.account
        reports.append(item)
    data = {
        "id": e.id, "date": date, "kind": e.kind, "title": e.title, "summary": e.summary, "aliases": list(e.aliases),
        "actors": [{"id": p.actor, "name": c.actors[p.actor].name, "role": p.role} for p in e.actors],
        "places": [{"id": p.place, "name": c.places[p.place].name, "role": p.role} for p in e.places],
        "reports": reports,
        "independent_sources": len(ix.origins(e)),
        "disputed": ix.is_disputed(e),
        "url": paths.url(paths.event(e.id), base),
    }
    if e.denies:
        data["denies"] = list(e.denies)
    if e.denial_scopes:             # what of each denied event the denial covers, where narrowed
        data["denial_scopes"] = dict(e.denial_scopes)
    if e.dispute:
        data["dispute"] = e.dispute
    return data


def entity_json(e: m.Actor | m.Place, base: str) -> dict:
    data = {"id": e.id, "type": e.type, "kind": e.kind, "name": e.name, "latin": e.latin,
            "aliases": list(e.aliases), "url": paths.url(paths.entity(e), base)}
    if isinstance(e, m.Actor):
        data["part_of"], data["member_of"] = list(e.part_of), list(e.member_of)
    else:
        data["within"] = list(e.within)
        if e.coordinates:
            data["coordinates"] = {"lat": e.coordinates.lat, "lon": e.coordinates.lon}
    if e.wikidata:
        data["wikidata"] = e.wikidata
    return data


def article_json(a: m.Article, base: str) -> dict:
    return {"id": a.id, "title": a.title, "outlet": a.outlet,
            "published": a.published.isoformat() if a.published else None,
            "url": paths.url(paths.article(a.id), base), "original_url": a.url,
            "author": a.author, "relays": list(a.relays), "language": a.language}


# Each event's JSON is copied into a shared buffer as soon as it is encoded. Kept one by one, the
# 33,000 encodings at 10,000 articles each held the block orjson grows its output in, cut down to
# size behind it, and the gaps were too small for the next: the build's peak grew by ~75 MB.
FRESH_PIECE = 1 << 18


@dataclass
class EventsLayout:
    """Where each event's line and CSV record lie in the events.json and events.csv of one
    generation, so the next incremental build copies each run of lines it keeps as one slice of
    the mapped file, without parsing either file (reading 33,000 CSV records and finding their
    lines was 0.3 s of every rebuild at 10,000 articles; cutting each event's line where a dict of
    offsets said, checking its id and filling the next dict, still ~0.35 s).

    `ids`: the events in file order; `json_at`: where each one's line starts in events.json, then
    where a line after the last would (two bytes past its end); `csv_at`: where each one's record
    starts in events.csv, in bytes, then the file's size. `generation` and `stamps` (size and mtime
    of both files) name the published files it describes, set once they are published
    (`publish`): a file replaced since (damaged, restored by hand) no longer matches.

    `texts`: the JSON text of each record of entities.json, articles.json and places.geojson, by
    (file, id), with the record it was made from: in a process that builds again (worker.py, which
    keeps the cache and so this layout), encoding the ~22,500 records again was ~0.15 s of a
    one-article rebuild at 10,000 articles. A record is frozen, and one that did not change is the
    very object of the last build (buildcache.put gives a file parsed again to the same records its
    old objects back): the same object gives the same text. Not saved with the cache: records read
    back from disk are other objects."""

    ids: list[str] = field(default_factory=list)
    json_at: array = field(default_factory=lambda: array("q"))
    csv_at: array = field(default_factory=lambda: array("q"))
    generation: str | None = None
    stamps: tuple = ()
    texts: dict[tuple[str, str], tuple] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "texts": {}}

    def publish(self, generation: Path) -> None:
        """Describe the files of `generation`, the one just published."""
        self.generation, self.stamps = generation.name, _stamps(generation)


def _stamps(generation: Path) -> tuple:
    """events.json's and events.csv's (size, mtime): not the ctime, which the next build's hard link
    to the file moves (write.py links published files into the spare generation), nor the inode,
    which a copy of the project changes (shutil.copytree and `cp -a` keep the mtime)."""
    try:
        found = [os.stat(generation / "data" / name) for name in ("events.json", "events.csv")]
    except OSError:
        return ()
    return tuple((st.st_size, st.st_mtime_ns) for st in found)


def render_exports(c: m.Corpus, ix: Index, site, base: str = "/", render: set[str] | None = None,
                   previous: Path | None = None, layout: EventsLayout | None = None,
                   layout_out: EventsLayout | None = None) -> Iterator[tuple[str, str | bytes | Pieces]]:
    """The files of data/, one at a time. events.json is written from one compact JSON text per
    event, as UTF-8 pieces the writer writes one after another: at 10,000 articles the list of
    33,000 event dicts and its 56 MB dump, held together with the other files, were the build's
    memory peak (+275 MB); joining the pieces cost another 56 MB there.

    One event per line (compact JSON never holds a raw newline), so a curator's diff of two exports
    shows the events that changed, and an incremental build (`render`: the pages its plan renders,
    `previous`: the generation it was made against) copies the lines and CSV records of the events
    whose page it keeps from the previous files instead of encoding them again (~2 s at 10,000
    articles). A kept event page means nothing the event's entry shows has changed: the page shows
    all of it (names, dates, quotes, sources, dispute), see incremental.py. `layout`: where the
    previous files hold each event, if known; `layout_out` receives where these files do.

    entities.json, articles.json and places.geojson are joined from one JSON text per record; those
    of the last build are in `layout.texts` (in a process that builds again: see EventsLayout) and
    reused while the record is the very object they were made from (`_encoded`)."""
    found = _previous_events(previous, layout) if render is not None and previous is not None else None
    out = layout_out if layout_out is not None else EventsLayout()
    json_parts, csv_parts = _events_files(ix, base, render, found, out)
    del found
    yield "data/events.json", Pieces(json_parts)
    del json_parts
    yield "data/events.csv", Pieces(csv_parts)
    del csv_parts
    last = layout.texts if layout is not None else {}
    now = out.texts = {}
    entities = [_encoded(last, now, "actor", a, base, entity_json) for a in _by_id(c.actors)]
    entities += [_encoded(last, now, "place", p, base, entity_json) for p in _by_id(c.places)]
    yield "data/entities.json", b"[" + b",".join(entities) + b"]\n"
    del entities
    articles = [_encoded(last, now, "article", a, base, article_json) for a in _by_id(c.articles)]
    yield "data/articles.json", b"[" + b",".join(articles) + b"]\n"
    del articles
    features = [_encoded(last, now, "feature", p, base, _place_feature, len(ix.place_events.get(p.id, ())))
                for p in _by_id(c.places) if p.coordinates]
    yield "data/places.geojson", b'{"type":"FeatureCollection","features":[' + b",".join(features) + b"]}\n"


def warm_texts(c: m.Corpus, ix: Index, layout: "EventsLayout | None", base: str = "/") -> None:
    """Make the JSON texts `render_exports` joins, into `layout.texts` (the last build's, which it
    reuses): a worker does it while it waits (warm.py), so that its first rebuild after a request
    that rendered nothing does not encode every record (~0.1 s at 10,000 articles)."""
    if layout is None:
        return
    texts = layout.texts
    for what, table, encode in (("actor", c.actors, entity_json), ("place", c.places, entity_json),
                                ("article", c.articles, article_json)):
        for record in table.values():
            _encoded(texts, texts, what, record, base, encode)
    for p in c.places.values():
        if p.coordinates:
            _encoded(texts, texts, "feature", p, base, _place_feature, len(ix.place_events.get(p.id, ())))


def _by_id(table: dict) -> list:
    return [table[k] for k in sorted(table)]


def _encoded(last: dict, now: dict, what: str, record, base: str, encode, shown=None) -> bytes:
    """The JSON text of one record of entities.json, articles.json or places.geojson: the last
    build's (`last`) when the record is the very object it encoded, with the same base and `shown`
    (what else the entry shows: a place's event count), else encoded; kept in `now` either way."""
    key = (what, record.id)
    hit = last.get(key)
    if hit is None or hit[0] is not record or hit[1] != base or hit[2] != shown:
        data = encode(record, base) if shown is None else encode(record, base, shown)
        hit = (record, base, shown, dumps_bytes(data))
    now[key] = hit
    return hit[3]


def _events_files(ix: Index, base: str, render: set[str] | None, found: "_Previous | None",
                  out: EventsLayout) -> tuple[list, list]:
    """events.json and events.csv as pieces, and where they hold each event (into `out`). The events
    `found` says the previous files hold, kept by the plan, are copied a run at a time; the others
    are encoded."""
    events = ix.events
    ids = out.ids                                  # copied a run at a time: reading each event's id was ~13 ms
    runs = _kept_runs(ix, render, found) if found is not None else None
    runs = [*(runs or ()), (len(events), 0, 0)]
    json_parts: list = [b"["]
    csv_parts: list = [CSV_HEAD]
    json_at, csv_at = out.json_at, out.csv_at
    size, csv_size = 1, len(CSV_HEAD)               # of each file so far
    fresh, fresh_csv = bytearray(), bytearray()    # events encoded here, a piece of ~256 KB at a time
    rows = _CsvRows()
    at = 0
    for new, old, count in runs:
        for e in events[at:new]:
            ids.append(e.id)
            data = event_json(ix, e, base)
            line = dumps_bytes(data)
            fresh += b",\n" if size > 1 else b"\n"
            size += 2 if size > 1 else 1
            json_at.append(size)
            fresh += line
            size += len(line)
            row = rows.encode(data)
            csv_at.append(csv_size)
            fresh_csv += row
            csv_size += len(row)
            if len(fresh) >= FRESH_PIECE:
                json_parts.append(bytes(fresh))
                csv_parts.append(bytes(fresh_csv))
                fresh.clear()
                fresh_csv.clear()
        if count:
            if fresh:
                json_parts.append(bytes(fresh))
                csv_parts.append(bytes(fresh_csv))
                fresh.clear()
                fresh_csv.clear()
            layout = found.layout
            ids += layout.ids[old:old + count]
            json_parts.append(b",\n" if size > 1 else b"\n")
            size += 2 if size > 1 else 1
            start, stop = layout.json_at[old], layout.json_at[old + count] - 2
            shift = size - start
            json_at.extend([x + shift for x in layout.json_at[old:old + count]])
            json_parts.append(found.json[start:stop])
            size += stop - start
            start, stop = layout.csv_at[old], layout.csv_at[old + count]
            shift = csv_size - start
            csv_at.extend([x + shift for x in layout.csv_at[old:old + count]])
            csv_parts.append(found.csv[start:stop])
            csv_size += stop - start
        at = new + count
    json_parts += bytes(fresh), b"\n]\n"
    csv_parts.append(bytes(fresh_csv))
    json_at.append(size + 2)
    csv_at.append(csv_size)
    return json_parts, csv_parts


class _CsvRows:
    """One events.csv record at a time, as UTF-8 (csv.writer quotes and ends it)."""

    def __init__(self):
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")

    def encode(self, data: dict) -> bytes:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(_csv_row(data))
        return self.buffer.getvalue().encode("utf-8")


@dataclass
class _Previous:
    """The previous generation's events.json and events.csv, mapped, and where they hold each event."""
    json: memoryview
    csv: memoryview
    layout: EventsLayout


def _previous_events(generation: Path, layout: EventsLayout | None = None) -> _Previous | None:
    """The previous files and where they hold each event: as `layout` says when it describes these
    very files (their generation, sizes and mtimes), else found by reading them (a new
    process whose cache lost its layout); None when they are missing or not in the form
    render_exports writes.

    Mapped, not read: read and split, the 56 MB of events.json at 10,000 articles were held twice
    at the incremental build's memory peak (+116 MB)."""
    try:
        with open(generation / "data" / "events.json", "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        with open(generation / "data" / "events.csv", "rb") as handle:
            text = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    if (layout is None or layout.generation != generation.name or not layout.stamps
            or layout.stamps != _stamps(generation) or len(layout.json_at) != len(layout.ids) + 1
            or len(data) != layout.json_at[-1] + 1 or len(text) != layout.csv_at[-1]):
        layout = _read_layout(data, text)
        if layout is None:
            return None
    return _Previous(memoryview(data), memoryview(text), layout)


def _read_layout(data: mmap.mmap, raw: mmap.mmap) -> EventsLayout | None:
    """Where the events.json and events.csv of a generation hold each event, found by reading them
    (both must name the same events in the same order); None if they are not in the form
    render_exports writes."""
    try:
        text = raw[:].decode("utf-8")           # as written: no newline translation
    except UnicodeDecodeError:
        return None
    if not text.startswith(CSV_BOM):
        return None
    physical = text[len(CSV_BOM):].splitlines(keepends=True)
    del text
    records = csv.reader(physical)
    try:
        if next(records, None) != CSV_COLUMNS or data[:2] != b"[\n" or data[-3:] != b"\n]\n":
            return None
    except csv.Error:
        return None
    out = EventsLayout()
    start, line, at = 2, 1, len(CSV_HEAD)
    end = len(data) - 3
    try:
        for row in records:
            stop = data.find(b",\n", start, end)
            stop = end if stop < 0 else stop
            if data[start:start + 7] != b'{"id":"' or data[start + 7:data.find(b'"', start + 7)].decode() != row[0]:
                return None
            out.ids.append(row[0])
            out.json_at.append(start)
            out.csv_at.append(at)
            at += sum(len(p.encode("utf-8")) for p in physical[line:records.line_num])
            start, line = stop + 2, records.line_num
    except (csv.Error, IndexError, UnicodeDecodeError):
        return None
    if start != end + 2 or at != len(raw):
        return None
    out.json_at.append(start)
    out.csv_at.append(at)
    return out


def _kept_runs(ix: Index, render: set[str], found: _Previous) -> list[tuple[int, int, int]] | None:
    """The events whose lines are copied, as runs (position in `ix.events`, position in the
    previous files, count): events kept by the plan, in the same order in both (a kept event did
    not change, so neither did its place in event_key order), cut wherever an event is encoded
    here or was there and is gone. None when the previous files do not hold every kept event, or
    not where the layout says (each run's ends are checked against the ids it names)."""
    layout = found.layout
    old = layout.ids
    table = ix.corpus.events
    rendered = {p[7:-3] for p in render if p.startswith("events/") and p.count("/") == 1}
    old_out = [i for i, x in enumerate(old) if x in rendered or x not in table]
    new_out = []
    for event_id in rendered & table.keys():
        e = table[event_id]
        i = bisect_left(ix.events, event_key(e), key=event_key)
        if i == len(ix.events) or ix.events[i] is not e:
            return None
        new_out.append(i)
    new_out.sort()
    events = len(ix.events)
    if len(old) - len(old_out) != events - len(new_out):
        return None                 # an event neither in the previous files nor rendered again
    runs = []
    new_out.append(events)
    old_out.append(len(old))
    i = j = a = b = 0               # positions in the new and old order; in new_out and old_out
    while True:
        while i == new_out[a] and i < events:
            i, a = i + 1, a + 1
        while j == old_out[b] and j < len(old):
            j, b = j + 1, b + 1
        if i == events:
            break
        count = min(new_out[a] - i, old_out[b] - j)
        if count <= 0:
            return None
        runs.append((i, j, count))
        i, j = i + count, j + count
    json, text = found.json, found.csv
    for new, at, count in runs:
        for k in (0, count - 1):
            event_id = ix.events[new + k].id
            head, row = b'{"id":"' + event_id.encode() + b'"', event_id.encode() + b","
            start, csv_start = layout.json_at[at + k], layout.csv_at[at + k]
            if (old[at + k] != event_id or json[start:start + len(head)] != head
                    or text[csv_start:csv_start + len(row)] != row):
                return None
    return runs


def _place_feature(p: m.Place, base: str, events: int) -> dict:
    """A place with coordinates as a GeoJSON feature (lon, lat order, as GeoJSON wants)."""
    return {"type": "Feature", "id": p.id,
            "geometry": {"type": "Point", "coordinates": [p.coordinates.lon, p.coordinates.lat]},
            "properties": {"id": p.id, "name": p.name, "latin": p.latin, "kind": p.kind,
                           "within": list(p.within), "events": events,
                           "url": paths.url(paths.place(p.id), base)}}


# start/end are the bounds of the period the date allows; as_written, approximate, time and label
# say how precise the sources are («2024-11» late, approximately, at dawn): without them a
# spreadsheet showed the 06:00 meeting and «late November» as plain days.
CSV_COLUMNS = ["id", "start", "end", "precision", "as_written", "approximate", "time", "label", "kind", "title",
               "summary", "actors", "places", "articles", "independent_sources", "disputed", "url"]
CSV_BOM = "\ufeff"       # spreadsheet programs read a CSV without it in the local code page: Arabic garbled


def _csv_row(e: dict) -> list:
    """One events.csv line from the event's JSON object."""
    return [
        e["id"], e["date"]["start"], e["date"]["end"], e["date"]["precision"], e["date"]["as_written"],
        "yes" if e["date"].get("approximate") else "no", e["date"].get("time", ""), e["date"].get("label", ""),
        e["kind"], e["title"], e["summary"],
        "; ".join(f"{a['id']}:{a['role']}" for a in e["actors"]),
        "; ".join(p["id"] for p in e["places"]),
        "; ".join(dict.fromkeys(r["article"] for r in e["reports"])),
        e["independent_sources"], "yes" if e["disputed"] else "no", e["url"],
    ]


CSV_HEAD = (CSV_BOM + ",".join(CSV_COLUMNS) + "\n").encode("utf-8")     # as csv.writer writes the header
