"""Stage 4: turn the model and index into Markdown pages (in memory) with Jinja2 templates.

One template per page kind (`templates/<kind>.md.j2`), partials prefixed with `_`. Templates get
a typed context (`contexts.py`) and a `Linker` for the page being rendered. `StrictUndefined`
turns a template typo into an error. Every value printed by a template passes through the
Markdown-aware `finalize` (`markdown.escape`) and becomes literal Markdown text unless the
generator marked it as `Markup` (its own links and fragments). Jinja's HTML autoescaping is off:
it only wrapped each already-escaped value in `Markup` again (3.4 million times at 10,000
articles); the output is byte-for-byte the same on the bundled and the hostile corpora.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import jinja2
from markupsafe import Markup

from . import contexts as cx
from . import jsonld
from . import listings
from . import model as m
from . import paths
from .exports import render_exports
from .feed import FEED_PAGE, render_feed
from .fragments import Fragments
from .index import Index
from .links import Linker
from .search_index import build_search_index
from .search_patch import patched_files
from .template_code import PlainCodeGenerator, PlainEnvironment
from .visuals import BASEMAP_ZOOMS, Figures, basemap_page, basemap_svg
from .markdown import escape, escape_attr, escape_cache_clear, href, yaml_string
from .textcheck import ID_PATTERN
from .write import KEEP


def environment(templates: Path, cache: Path | None = None) -> jinja2.Environment:
    """Jinja2 configured for Markdown output. `cache` keeps compiled templates between runs.

    Jinja keys compiled templates on the template's source only, not on the environment that
    compiled them (autoescape, finalize, filters): code compiled by another version of the
    generator would be reused and print what that version printed. So `cache` must be a folder
    of this code's own (`bytecode_folder`)."""
    bytecode = None
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(cache))
    env = PlainEnvironment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=bytecode,
        auto_reload=False,          # one build, fixed templates: no stat of the template per page
        undefined=jinja2.StrictUndefined,
        finalize=escape,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.code_generator_class = PlainCodeGenerator
    _refuse_context_callables(env)
    env.filters["href"] = href
    env.filters["yaml"] = lambda value: Markup(yaml_string(value))
    env.filters["code_id"] = code_id
    env.filters["anchor"] = anchor
    env.filters["html"] = lambda value: Markup(escape_attr(value))
    env.filters["page_title"] = page_title
    return env


def _refuse_context_callables(env: jinja2.Environment) -> None:
    """Templates call functions directly (template_code.py): Jinja's context or environment is
    never passed in, so no global may ask for it."""
    from jinja2.utils import _PassArg

    for name, value in env.globals.items():
        if _PassArg.from_obj(value) is not None:
            raise TypeError(f"template global {name!r} wants Jinja's context; templates call directly")


def bytecode_folder(root: Path, fingerprint: str) -> Path:
    """`.dossier/templates-cache/<fingerprint of the generator code and templates>`; the folders
    of other code are removed (found when a build after the autoescape change printed `&lt;bdi`:
    the old compiled templates escaped every value a second time)."""
    import shutil

    parent = root / ".dossier" / "templates-cache"
    folder = parent / fingerprint
    if parent.is_dir():
        for old in parent.iterdir():
            if old != folder:
                shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
    return folder


def page_title(value: object) -> Markup:
    """Front matter `title:` for a page. MkDocs and Material print the title into <title> and the
    header without escaping, so it is HTML-escaped here (and quoted as a YAML string)."""
    return Markup(yaml_string(escape_attr(value)))


def code_id(value: str) -> Markup:
    """An id shown as code. Ids are validated to [a-z0-9-], so they are safe verbatim."""
    if not ID_PATTERN.match(value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(f'<code dir="ltr">{value}</code>')


def anchor(value: str) -> Markup:
    """A heading's id (`{: #id }`), verbatim: record ids and vocabulary terms are [a-z0-9-], and
    an escaped id would carry `<bdi>` into the attribute."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise ValueError(f"not an anchor: {value!r}")
    return Markup(value)


_SELF_ANCHOR = '<a href="./"'
_SELF_LINK = re.compile(r'<a href="\./"(?: tabindex="-1")?>(.*?)</a>', re.S)      # a figure's mark: out of the Tab order


def unlink_self(path: str, text: str) -> str:
    """The page with its links to itself turned into their plain labels. Fragments are cached per
    record and folder depth, not per page, so a page would link to itself wherever it shows its own
    record: a month page linked «نحو نوفمبر 2024» to itself on every period event (50 times on
    /chronology/2024-11/), a source page of unknown outlet began every attribution chain with
    «مصدر مجهول الناشر» linking to itself (74 times), a place's map its own dot (`<a href="./" tabindex="-1">`,
    the one link a figure makes to its page). Links to a section (`page.md#id`) stay."""
    target = "(" + "../" * path.count("/") + path + ")"
    if target in text:
        text = _drop_links_to(target, text)
    if _SELF_ANCHOR in text:
        text = _SELF_LINK.sub(r"\1", text)
    return text


def _drop_links_to(target: str, text: str) -> str:
    """`[label](target)` → `label` for every link to `target`. Found from the target backwards to
    its label's unescaped `[` (labels are escaped: a bracket inside one is `\\[`): a regex trying
    every `[` of the page took 0.75 s over the 1,237 self-linking pages at 10,000 articles."""
    out, pos, size = [], 0, len(target)
    found = text.find(target)
    while found != -1:
        close = found - 1
        start = text.rfind("[", pos, close) if close >= pos and text[close] == "]" else -1
        while start > pos and _escaped(text, start):
            start = text.rfind("[", pos, start)
        if start == -1 or _escaped(text, start):
            out.append(text[pos:found + size])                 # not a link label: leave it as it is
        else:
            out.append(text[pos:start])
            out.append(text[start + 1:close])
        pos = found + size
        found = text.find(target, pos)
    out.append(text[pos:])
    return "".join(out)


def _escaped(text: str, i: int) -> bool:
    """Whether the character at `i` follows an odd number of backslashes."""
    n = 0
    while i - n - 1 >= 0 and text[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def render_site(corpus: m.Corpus, ix: Index, templates: Path, root: Path, only: set[str] | None = None,
                previous: dict[str, frozenset[str]] | None = None,
                links: dict[str, frozenset[str]] | None = None,
                fingerprint: str | None = None, search_memo: dict | None = None,
                generation: Path | None = None, exports_layout=None,
                exports_out=None, keep_fragments: bool = False) -> Iterator[tuple[str, str | bytes]]:
    """Every generated file as (path under docs/, content: str, or UTF-8 bytes), one at a time.

    Pages are produced lazily so the writer can stage each one as it comes: at 10,000 articles
    holding ~50,000 rendered pages in memory at once is what pushed the build past 1 GB.
    With `only` (an incremental plan, see incremental.py), record, day, month and list-part pages
    (listings.py) outside it are yielded as `KEEP`; site-wide pages are always rendered. `links`
    receives, for each of those pages, the pages it links to as its `Linker` collected them while
    it rendered (kept pages keep theirs from `previous`).
    `search_memo`: the search documents' keys and weights from the last build (see search_index).
    `generation`: the published generation the plan was made against: the search files and the
    events export are patched from its files (see search_patch, exports); `exports_layout`: where
    that generation's events export holds each event, if known, and `exports_out` (an empty
    exports.EventsLayout) receives where this one does. `keep_fragments`: the index is kept for
    the next build (a worker): the event list items rendered stay on it (fragments.Fragments._item).
    """
    if fingerprint is None:                       # the build passes the one its cache computed
        from .buildcache import fingerprint as code_fingerprint

        fingerprint = code_fingerprint(root)
    env = environment(templates, bytecode_folder(root, fingerprint))
    site = cx.SiteInfo.from_index(ix)
    fragments = Fragments(ix, site)
    maps: dict = {}                   # small maps drawn, shared by the pages (Figures.map)

    def page(path: str, template: str, context, linker: Linker | None = None) -> tuple[str, str]:
        L = linker or Linker(path, corpus)
        text = env.get_template(template).render(
            ctx=context, L=L, V=Figures(path, ix, site, L.targets, maps), F=fragments, site=site, fmt=cx.FORMAT, LD=jsonld)
        return path, unlink_self(path, text) if path in L.targets else text    # scanning every page: ~1 s at 10k

    def record_page(path: str, template: str, make_context, arg) -> tuple[str, str]:
        if only is not None and path not in only:
            if links is not None:
                links[path] = previous[path]
            return path, KEEP
        linker = Linker(path, corpus)
        out = page(path, template, make_context(ix, arg), linker)
        if links is not None:
            links[path] = linker.pages()
        return out

    for a in corpus.actors.values():
        yield record_page(paths.actor(a.id), "actor.md.j2", cx.actor_page, a)
    for p in corpus.places.values():
        yield record_page(paths.place(p.id), "place.md.j2", cx.place_page, p)
    for entity in listings.split_entities(ix):
        months = listings.entity_month_pages(ix, entity)
        if only is not None and only.isdisjoint(months):      # kept: no need to cut its lists
            yield from (record_page(path, "", None, None) for path in months)
            continue
        for path, arg in cx.entity_part_args(ix, entity):
            yield record_page(path, "entity_part.md.j2", cx.entity_part, arg)
    for e in corpus.events.values():
        yield record_page(paths.event(e.id), "event.md.j2", cx.event_page, e)
    for art in corpus.articles.values():
        yield record_page(paths.article(art.id), "article.md.j2", cx.article_page, art)
    for i, d in enumerate(ix.days):
        yield record_page(paths.day(d), "day.md.j2", cx.day_page, i)
    for ym in ix.months:
        yield record_page(paths.month(*ym), "month.md.j2", cx.month_page, ym)
    kinds, disputed, sources = listings.events_by_kind(ix), listings.disputes(ix), listings.sources(ix)
    for listing, template, make_context in ((kinds, "events_kind.md.j2", cx.kind_part),
                                            (disputed, "disputes_part.md.j2", cx.disputes_part),
                                            (sources, "sources_part.md.j2", cx.sources_part)):
        if listing.split:
            for part in listing.parts:
                yield record_page(part.page, template, make_context, part)
    for r in corpus.redirects:
        old, target = paths.by_type(r.type, r.old), paths.by_type(r.type, r.target)
        yield old, env.get_template("redirect.md.j2").render(
            redirect=r, target_url=paths.html_link(old, target), L=Linker(old, corpus), target=target)
    yield page(paths.HOME, "home.md.j2", cx.home_page(ix))
    yield page(paths.ACTORS_INDEX, "actors_index.md.j2", cx.actors_index(ix))
    yield page(paths.PLACES_INDEX, "places_index.md.j2", cx.places_index(ix))
    yield page(paths.SOURCES_INDEX, "sources_index.md.j2", cx.sources_index(ix, sources))
    yield page(paths.CHRONOLOGY_INDEX, "chronology_index.md.j2", cx.chronology_index(ix))
    yield page("dates/index.md", "dates_index.md.j2", cx.dates_index(ix))
    yield page("events/index.md", "events_index.md.j2", cx.events_index(ix, kinds))
    yield page(paths.DISPUTES_INDEX, "disputes.md.j2", cx.disputes_page(ix, disputed))
    fragments.clear(keep_fragments)   # no page below uses them; neither do the escaped-text memos
    maps.clear()
    escape_cache_clear()
    yield from render_exports(corpus, ix, site, render=only, previous=generation, layout=exports_layout,
                              layout_out=exports_out)
    search = None
    if only is not None and generation is not None and search_memo is not None:
        search = patched_files(ix, site, search_memo, only, generation)
    yield from search if search is not None else build_search_index(ix, site, search_memo).files()
    for zoom in BASEMAP_ZOOMS:
        yield basemap_page(zoom), basemap_svg(zoom)
    yield FEED_PAGE, render_feed(ix, "ملف انسحاب إيران من سوريا: الجديد")
