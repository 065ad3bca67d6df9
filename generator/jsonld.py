"""schema.org descriptions of entity and event pages, embedded as JSON-LD.

Search engines and citation tools read these; `sameAs` points to Wikidata where the curator gave
an id. The JSON is written with <, > and & escaped so no value can close the <script> element.
"""

from __future__ import annotations

from markupsafe import Markup

from . import model as m
from .compactjson import dumps
from .markdown import clean

ORGANISATION_KINDS = {"government-body": "GovernmentOrganization", "media-outlet": "NewsMediaOrganization",
                      "news-agency": "NewsMediaOrganization", "state": "Country"}
PLACE_KINDS = {"country": "Country", "city": "City", "town": "City", "governorate": "AdministrativeArea",
               "airport": "Airport", "base": "Place", "crossing": "Place"}


def _script(data: dict) -> Markup:
    """`data` holds only cleaned strings (see `clean`), numbers, lists and dicts."""
    text = dumps(data)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _same_as(wikidata: str | None) -> dict:
    return {"sameAs": clean(f"https://www.wikidata.org/wiki/{wikidata}")} if wikidata else {}


def _names(values) -> list[str]:
    return [clean(x) for x in values if x]


def actor(a: m.Actor) -> Markup:
    kind = "Person" if a.kind == "person" else ORGANISATION_KINDS.get(a.kind, "Organization")
    data = {"@context": "https://schema.org", "@type": kind, "name": clean(a.name), "identifier": clean(a.id),
            "alternateName": _names((a.latin, *a.other_names)), **_same_as(a.wikidata)}
    if a.description:
        data["description"] = clean(a.description)
    return _script(data)


def place(p: m.Place, parents: list[m.Place]) -> Markup:
    data = {"@context": "https://schema.org", "@type": PLACE_KINDS.get(p.kind, "Place"), "name": clean(p.name),
            "identifier": clean(p.id), "alternateName": _names((p.latin, *p.other_names)), **_same_as(p.wikidata)}
    if p.coordinates:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": p.coordinates.lat, "longitude": p.coordinates.lon}
    if parents:
        data["containedInPlace"] = [{"@type": "Place", "name": clean(x.name)} for x in parents]
    return _script(data)


def event(e: m.Event, c: m.Corpus) -> Markup:
    def article(article_id: str) -> dict:
        art = c.articles[article_id]
        return {"@type": "NewsArticle", "headline": clean(art.title), **({"url": clean(art.url)} if art.url else {})}

    data = {"@context": "https://schema.org", "@type": "Event", "name": clean(e.title),
            "description": clean(e.summary), "identifier": clean(e.id),
            **({"alternateName": _names(e.aliases)} if e.aliases else {}),
            # as precise as the sources: «2023», «2024-11», «2024-12-06» (ISO 8601 allows each);
            # no eventStatus: schema.org's values are for announced events, not reported ones
            "startDate": e.date.begin.iso(), "endDate": (e.date.finish or e.date.begin).iso(),
            "location": [{"@type": "Place", "name": clean(c.places[p.place].name)} for p in e.places],
            "about": [{"@type": "Thing", "name": clean(c.actors[p.actor].name)} for p in e.actors],
            # each article once, however many of its reports the event holds (an article quoted
            # twice was two identical NewsArticle objects)
            "subjectOf": [article(a) for a in dict.fromkeys(r.article for r in e.reports)]}
    return _script(data)
