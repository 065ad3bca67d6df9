"""schema.org descriptions of entity and event pages, embedded as JSON-LD.

Search engines and citation tools read these; `sameAs` points to Wikidata where the curator gave
an id. The JSON is written with <, > and & escaped so no value can close the <script> element.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from . import model as m
from .markdown import clean

ORGANISATION_KINDS = {"government-body": "GovernmentOrganization", "media-outlet": "NewsMediaOrganization",
                      "news-agency": "NewsMediaOrganization", "state": "Country"}
PLACE_KINDS = {"country": "Country", "city": "City", "town": "City", "governorate": "AdministrativeArea",
               "airport": "Airport", "base": "Place", "crossing": "Place"}


def _clean(value):
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _script(data: dict) -> Markup:
    text = json.dumps(_clean(data), ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _same_as(wikidata: str | None) -> dict:
    return {"sameAs": f"https://www.wikidata.org/wiki/{wikidata}"} if wikidata else {}


def actor(a: m.Actor) -> Markup:
    kind = "Person" if a.kind == "person" else ORGANISATION_KINDS.get(a.kind, "Organization")
    data = {"@context": "https://schema.org", "@type": kind, "name": a.name, "identifier": a.id,
            "alternateName": [x for x in (a.latin, *a.aliases) if x], **_same_as(a.wikidata)}
    if a.description:
        data["description"] = a.description
    return _script(data)


def place(p: m.Place, parents: list[m.Place]) -> Markup:
    data = {"@context": "https://schema.org", "@type": PLACE_KINDS.get(p.kind, "Place"), "name": p.name,
            "identifier": p.id, "alternateName": [x for x in (p.latin, *p.aliases) if x], **_same_as(p.wikidata)}
    if p.coordinates:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": p.coordinates.lat, "longitude": p.coordinates.lon}
    if parents:
        data["containedInPlace"] = [{"@type": "Place", "name": x.name} for x in parents]
    return _script(data)


def event(e: m.Event, c: m.Corpus) -> Markup:
    data = {"@context": "https://schema.org", "@type": "Event", "name": e.summary, "identifier": e.id,
            "startDate": e.date.start.isoformat(), "endDate": e.date.end.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "location": [{"@type": "Place", "name": c.places[p.place].name} for p in e.places],
            "about": [{"@type": "Thing", "name": c.actors[p.actor].name} for p in e.actors],
            "subjectOf": [{"@type": "NewsArticle", "headline": c.articles[r.article].title,
                           **({"url": c.articles[r.article].url} if c.articles[r.article].url else {})}
                          for r in e.reports]}
    return _script(data)
