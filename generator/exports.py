"""Machine-readable copies of the dossier, published with the site under data/.

events.json, entities.json, articles.json, events.csv and places.geojson carry the same facts as the pages,
with Arabic text as is (UTF-8, no \\u escapes). Every object has a site-absolute `url`.
"""

from __future__ import annotations

import csv
import io
import mmap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import model as m
from . import paths
from .compactjson import dumps_bytes
from .index import Index
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


def _dump(data) -> bytes:
    return dumps_bytes(data) + b"\n"


# Each event's JSON is copied into a shared buffer as soon as it is encoded. Kept one by one, the
# 33,000 encodings at 10,000 articles each held the block orjson grows its output in, cut down to
# size behind it, and the gaps were too small for the next: the build's peak grew by ~75 MB.
FRESH_PIECE = 1 << 18


@dataclass
class EventsLayout:
    """Where each event's line and CSV record lie in the events.json and events.csv of one
    generation, so the next incremental build takes them without parsing either file (reading
    33,000 CSV records and finding their lines was 0.3 s of every rebuild at 10,000 articles).
    `generation`: the generation whose files it describes, set once they are published."""

    events: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)   # id → json start, stop; csv start, stop
    json_bytes: int = 0
    csv_chars: int = 0              # of events.csv as text, its BOM included
    generation: str | None = None


def render_exports(c: m.Corpus, ix: Index, site, base: str = "/", render: set[str] | None = None,
                   previous: Path | None = None, layout: EventsLayout | None = None,
                   layout_out: EventsLayout | None = None) -> Iterator[tuple[str, str | bytes | Pieces]]:
    """The files of data/, one at a time. events.json is written from one compact JSON text per
    event, as UTF-8 pieces the writer writes one after another: at 10,000 articles the list of
    33,000 event dicts and its 56 MB dump, held together with the other files, were the build's
    memory peak (+275 MB); joining the pieces cost another 56 MB there.

    One event per line (compact JSON never holds a raw newline), so a curator's diff of two exports
    shows the events that changed, and an incremental build (`render`: the pages its plan renders,
    `previous`: the generation it was made against) takes the line and the CSV row of every event
    whose page it keeps from the previous files instead of encoding them again (~2 s at 10,000
    articles). A kept event page means nothing the event's entry shows has changed: the page shows
    all of it (names, dates, quotes, sources, dispute), see incremental.py. `layout`: where the
    previous files hold each event, if known; `layout_out` receives where these files do."""
    kept = _previous_events(previous, layout) if render is not None and previous is not None else {}
    where = layout_out.events if layout_out is not None else None
    size = 1                            # bytes of events.json so far: "["
    parts: list[bytes | memoryview] = [b"["]
    fresh = bytearray()                 # the events encoded here, a piece of ~256 KB at a time
    table = io.StringIO()
    table.write(CSV_BOM)
    rows = csv.writer(table, lineterminator="\n")
    rows.writerow(CSV_COLUMNS)
    for i, e in enumerate(ix.events):          # in event_key order
        hit = kept.get(e.id) if kept and paths.event(e.id) not in render else None
        if fresh and (hit is not None or len(fresh) >= FRESH_PIECE):
            parts.append(bytes(fresh))
            fresh.clear()
        row = table.tell()
        if hit is None:
            data = event_json(ix, e, base)
            line = dumps_bytes(data)
            fresh += b",\n" if i else b"\n"
            fresh += line
            rows.writerow(_csv_row(data))
        else:
            line = hit[0]
            parts += (b",\n" if i else b"\n"), line
            table.write(hit[1])
        size += 2 if i else 1
        if where is not None:
            where[e.id] = (size, size + len(line), row, table.tell())
        size += len(line)
    if layout_out is not None:
        layout_out.json_bytes, layout_out.csv_chars = size + 3, table.tell()
    parts += bytes(fresh), b"\n]\n"
    del fresh
    del kept
    yield "data/events.json", Pieces(parts)
    del parts
    yield "data/events.csv", table.getvalue()
    del table
    entities = [entity_json(a, base) for a in sorted(c.actors.values(), key=lambda a: a.id)]
    entities += [entity_json(p, base) for p in sorted(c.places.values(), key=lambda p: p.id)]
    yield "data/entities.json", _dump(entities)
    yield "data/articles.json", _dump([article_json(a, base) for a in sorted(c.articles.values(), key=lambda a: a.id)])
    yield "data/places.geojson", _dump(_places_geojson(c, ix, base))


def _previous_events(generation: Path, layout: EventsLayout | None = None) -> dict[str, tuple[memoryview, str]]:
    """event id → (its events.json line, its events.csv record as written) in `generation`; empty
    when the files are missing or not in the form render_exports writes. Cut where `layout` says
    when it describes these files, else found by reading them.

    The lines are views of the mapped file, not copies: read and split, the 56 MB of events.json
    at 10,000 articles were held twice at the incremental build's memory peak (+116 MB)."""
    try:
        with open(generation / "data" / "events.json", "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        text = (generation / "data" / "events.csv").read_bytes().decode("utf-8")    # as written: no newline translation
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if layout is not None and layout.generation == generation.name:
        found = _cut(data, text, layout)
        if found is not None:
            return found
    text = text.removeprefix(CSV_BOM)
    physical = text.splitlines(keepends=True)
    del text
    records = csv.reader(physical)
    try:
        if next(records, None) != CSV_COLUMNS or data[:2] != b"[\n" or data[-3:] != b"\n]\n":
            return {}
    except csv.Error:
        return {}
    view, out, start, line = memoryview(data), {}, 2, 1
    end = len(data) - 3
    try:
        for row in records:
            stop = data.find(b",\n", start, end)
            stop = end if stop < 0 else stop
            if data[start:start + 7] != b'{"id":"' or data[start + 7:data.find(b'"', start + 7)].decode() != row[0]:
                return {}
            out[row[0]] = view[start:stop], "".join(physical[line:records.line_num])
            start, line = stop + 2, records.line_num
    except (csv.Error, IndexError, UnicodeDecodeError):
        return {}
    return out if start == end + 2 else {}


def _cut(data: mmap.mmap, text: str, layout: EventsLayout) -> dict[str, tuple[memoryview, str]] | None:
    """The events' lines and records where `layout` puts them; None if the files are not the ones
    it describes (their sizes, or a line or record not starting with its event's id)."""
    if len(data) != layout.json_bytes or len(text) != layout.csv_chars:
        return None
    view, out = memoryview(data), {}
    for event_id, (start, stop, row, row_end) in layout.events.items():
        head = b'{"id":"' + event_id.encode() + b'"'
        if (data[start - 1] != 10 or data[start:start + len(head)] != head or data[stop] not in b",\n"
                or text[row - 1] != "\n" or not text.startswith(event_id + ",", row) or text[row_end - 1] != "\n"):
            return None
        out[event_id] = view[start:stop], text[row:row_end]
    return out


def _places_geojson(c: m.Corpus, ix: Index, base: str) -> dict:
    """Places with coordinates as a GeoJSON FeatureCollection (lon, lat order, as GeoJSON wants)."""
    features = []
    for p in sorted(c.places.values(), key=lambda p: p.id):
        if p.coordinates:
            features.append({"type": "Feature", "id": p.id,
                             "geometry": {"type": "Point", "coordinates": [p.coordinates.lon, p.coordinates.lat]},
                             "properties": {"id": p.id, "name": p.name, "latin": p.latin, "kind": p.kind,
                                            "within": list(p.within), "events": len(ix.place_events.get(p.id, [])),
                                            "url": paths.url(paths.place(p.id), base)}})
    return {"type": "FeatureCollection", "features": features}


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
