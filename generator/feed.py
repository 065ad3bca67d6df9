"""An Atom feed of the sources and events most recently added to the dossier (feed.xml).

A record's date in the feed is its `added` date when the curator (or `accept`) set one, else the
publication date of its article (for an event: of the latest article reporting it). The feed's
own `updated` is the newest of those, never the build time, so rebuilding changes nothing.
Links are relative to the feed's address (Atom resolves them against the document URI).
"""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from . import model as m
from . import paths
from .index import Index

FEED_PAGE = "feed.xml"
ENTRIES = 50


def _event_date(ix: Index, e: m.Event) -> date | None:
    if e.added:
        return e.added
    dates = [ix.corpus.articles[r.article].published for r in e.reports]
    return max((d for d in dates if d), default=None)


def render_feed(ix: Index, title: str) -> str:
    c = ix.corpus
    entries: list[tuple[date, str, str, str, str]] = []
    for a in c.articles.values():
        when = a.added or a.published
        if when:
            outlet = c.actors[a.outlet].name if a.outlet else "ناشر غير معروف"
            entries.append((when, f"urn:dossier:article:{a.id}", f"مصدر: {a.title}",
                            paths.url(paths.article(a.id), ""), f"{outlet}"))
    for e in ix.events:
        when = _event_date(ix, e)
        if when:
            entries.append((when, f"urn:dossier:event:{e.id}", e.summary, paths.url(paths.event(e.id), ""),
                            c.vocab["event-kinds"].label(e.kind)))
    entries.sort(key=lambda x: (x[0], x[1]), reverse=True)
    entries = entries[:ENTRIES]
    updated = entries[0][0] if entries else date(2000, 1, 1)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">',
           f"<title>{escape(title)}</title>", "<id>urn:dossier:feed</id>",
           f"<updated>{updated.isoformat()}T00:00:00Z</updated>",
           '<link rel="self" href="feed.xml"/>', '<link rel="alternate" type="text/html" href="./"/>',
           "<author><name>محررو الملف</name></author>"]
    for when, entry_id, text, href, summary in entries:
        out += ["<entry>", f"<title>{escape(text)}</title>", f"<id>{escape(entry_id)}</id>",
                f'<link rel="alternate" type="text/html" href="{escape(href)}"/>',
                f"<updated>{when.isoformat()}T00:00:00Z</updated>", f"<summary>{escape(summary)}</summary>",
                "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"
