"""MkDocs hook: a record page lights up the tab of the section it belongs to.

Record pages (an actor, a place, an event, a source, a day, a month) are outside the nav by
design (55,000 entries at 10,000 articles), so Material marks no tab active on them and a reader
who followed a link cannot tell which part of the dossier they are in. Before a page outside the
nav is rendered, the section page its folder belongs to is marked active (Material then
highlights its tab, and opens it in the mobile drawer); the mark is taken back after the page.
"""

# Folder prefix of a page outside the nav → the nav page of its section; longest prefix first.
SECTIONS = (
    ("events/disputes/", "disputes.md"),
    ("actors/", "actors/index.md"),
    ("places/", "places/index.md"),
    ("sources/", "sources/index.md"),
    ("events/", "chronology/index.md"),
    ("dates/", "chronology/index.md"),
    ("chronology/", "chronology/index.md"),
)

_marked = []


def section_of(src_uri: str) -> str | None:
    """The nav page whose tab a page outside the nav belongs under (None: none does)."""
    for prefix, section in SECTIONS:
        if src_uri.startswith(prefix):
            return section
    return None


def on_page_context(context, page, config, nav):
    if page.active and any(p is page for p in nav.pages):
        return context
    section = section_of(page.file.src_uri)
    for candidate in nav.pages:
        if candidate.file.src_uri == section and not candidate.active:
            candidate.active = True
            _marked.append(candidate)
    return context


def on_post_page(output, page, config):
    while _marked:
        _marked.pop().active = False
    return output
