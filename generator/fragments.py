"""Markdown for the pieces that repeat across thousands of pages, built once and reused.

An event appears as a row or list item on its actors', places', day and month pages and in the
indexes; rendering those through Jinja macros on every page dominated the build at scale. Every
generated page sits at depth 0 (index.md) or 1 (actors/x.md …), and links are written relative to
the site root with one "../" per level, so a fragment depends only on the record and the depth
of the page it goes into: it is cached on that. The output matches what the templates would
write (same escaping through `markdown.escape`, same relative `.md` links MkDocs checks).

Each method takes the page's `Linker` and adds the pages it links to to `L.targets`, like the
Linker's own links, so the build knows every page's outgoing links without reading them back out of
the Markdown (a regex pass over ~300 MB of pages, ~5 s at 10,000 articles). A cached fragment
keeps its targets beside its text.
"""

from __future__ import annotations

from functools import lru_cache
from sys import intern

from markupsafe import Markup

from . import model as m
from . import paths
from .dates import count, counted_unit, format_day, number
from .links import _span_target
from .markdown import clean, escape
from .textcheck import ID_IN_TEXT, squash

# A dispute is marked in the event's own cell: in a last column it sat off screen on a phone
TABLE_HEAD = ("| التاريخ | الحدث | النوع |{roles} الأماكن | مصادر مستقلة |\n"
              "|---|---|---|{roles_rule}---|---|\n")


class Fragments:
    def __init__(self, ix, site):
        self.ix, self.site, self.c = ix, site, ix.corpus
        self._row = lru_cache(maxsize=None)(self._row_uncached)
        self._items = ix.items_memo
        self._article = lru_cache(maxsize=None)(self._article_uncached)
        self._when: dict[tuple, tuple[str, str]] = {}
        self._when_of: dict[tuple[int, int], tuple[object, tuple[str, str]]] = {}

    def clear(self, keep_items: bool = False) -> None:
        """Drop the cached fragments once the last page that uses them is rendered: at 10,000
        articles they hold ~100,000 rows and items, alive while the downloads, then the search
        index, are built (the build's peak). The caches go too: each holds a bound method of
        this object, a reference cycle that kept the index alive after the build in a process
        that builds again (worker.py), until a full collection. `keep_items`: the list items stay
        on the index for the next build of a process that keeps its index (see `_item`)."""
        if not keep_items:
            self._items.clear()
        for cached in (self._row, self._article):
            cached.cache_clear()
        del self._row, self._article, self._items
        self._when.clear()
        self._when_of.clear()

    # --- links -------------------------------------------------------------------------------

    @staticmethod
    def _link(depth: int, target: str, label: str, into: list[str]) -> str:
        into.append(intern(target))     # cached fragments keep it: one copy, shared with the link graph
        return f"[{escape(label)}]({'../' * depth + target})"

    def when(self, span, depth: int, into: list[str]) -> str:
        """The date as a link to its day or month page. Memoised on (span, depth): the 33,343 events
        of the 10,000-article corpus have 5,073 distinct (start, end, precision), each formatted and
        escaped once per depth instead of once per row and list item. Looked up first by the span
        object itself (each event has its own, alive as long as the corpus): hashing and comparing
        spans by value, field by field, on every lookup was ~0.8% of a 10,000-article build."""
        known = self._when_of.get((id(span), depth))
        if known is not None and known[0] is span:      # the entry holds its span: no id reused
            hit = known[1]
        else:
            hit = self._when.get((span, depth))
            if hit is None:
                target: list[str] = []
                text = self._link(depth, _span_target(span), self.site.when(span), target)
                hit = self._when[(span, depth)] = text, target[0]
            self._when_of[(id(span), depth)] = span, hit
        into.append(hit[1])
        return hit[0]

    def places(self, e: m.Event, depth: int, into: list[str]) -> str:
        return "، ".join(self._link(depth, paths.place(p.place), self.c.places[p.place].name, into) for p in e.places)

    # --- events --------------------------------------------------------------------------------

    def _row_uncached(self, event_id: str, depth: int) -> tuple[str, str, tuple[str, ...]]:
        """The cells before and after the optional roles column, and the pages they link to."""
        e = self.c.events[event_id]
        origins = len(self.ix.origins(e))
        disputed = " ⚠️ **متنازع عليه**" if self.ix.is_disputed(e) else ""
        # a range («نوفمبر 2024» or «2016» is not one), in the word the lists use: the «↔» tables
        # had was explained only on the chronology index, which itself shows no «↔»
        rng = " (فترة)" if e.date.finish else ""
        into: list[str] = []
        head = (f"| {self.when(e.date, depth, into)}{rng} | {self._link(depth, paths.event(e.id), e.title, into)}"
                f"{disputed} | {escape(self.site.label('event-kinds', e.kind))} |")
        tail = f" {self.places(e, depth, into)} | {origins} |"
        return head, tail, tuple(into)

    def event_table(self, rows, L, roles: bool = False) -> Markup:
        if not rows:
            return Markup("لا أحداث مسجّلة.\n")
        depth, targets = L.page.count("/"), L.targets
        out = [TABLE_HEAD.format(roles=" الدور |" if roles else "", roles_rule="---|" if roles else "")]
        for row in rows:
            head, tail, links = self._row(row.event.id, depth)
            targets.extend(links)
            if roles:
                labels = "، ".join(self.site.label("actor-roles", r) for r in row.roles)
                out.append(f"{head} {escape(labels)} |{tail}\n")
            else:
                out.append(f"{head}{tail}\n")
        return Markup("".join(out))

    def _item(self, event_id: str, depth: int) -> tuple[str, tuple[str, ...]]:
        """An event's list item, memoised on the index (Index.items_memo), which a process that
        builds again keeps: a kind's year of events is one page of up to thousands of items,
        rendered again whenever an event of that kind and year is added (~0.1 s a rebuild at
        10,000 articles). An item shows the event itself (its object: a record edited is another
        object), whether it is disputed, and vocabulary labels (the cache fingerprint's: other
        labels, another process)."""
        e = self.c.events[event_id]
        disputed = self.ix.is_disputed(e)
        by_depth = self._items.get(event_id)
        hit = by_depth.get(depth) if by_depth is not None else None
        if hit is not None and hit[0] is e and hit[1] == disputed:
            return hit[2], hit[3]
        text, links = self._item_uncached(e, disputed, depth)
        if by_depth is None:
            by_depth = self._items[event_id] = {}
        by_depth[depth] = (e, disputed, text, links)
        return text, links

    def _item_uncached(self, e: m.Event, disputed: bool, depth: int) -> tuple[str, tuple[str, ...]]:
        extra = "، فترة" if e.date.finish else ""
        disputed = " ⚠️ متنازع عليه" if disputed else ""
        into: list[str] = []
        return (f"- {self.when(e.date, depth, into)} — {self._link(depth, paths.event(e.id), e.title, into)} "
                f"({escape(self.site.label('event-kinds', e.kind))}{extra}){disputed}\n"), tuple(into)

    def event_list(self, rows, L) -> Markup:
        return self.events_list([row.event for row in rows], L)

    def events_list(self, events, L) -> Markup:
        """`event_list` of the events themselves: a kind's year (up to thousands of them) needs no
        row's counts (contexts.event_row: ~0.06 s a rebuild at 10,000 articles)."""
        depth, targets, out = L.page.count("/"), L.targets, []
        for e in events:
            text, links = self._item(e.id, depth)
            targets.extend(links)
            out.append(text)
        return Markup("".join(out))

    def day_item(self, row, L) -> str:
        """An event on a day page: what, and whether it is one day of a longer range. A day the
        sources only give as approximate says so («نحو 28 نوفمبر 2024»): among the exact days it
        read as one of them."""
        e, depth, into = row.event, L.page.count("/"), L.targets
        parts = [self._link(depth, paths.event(e.id), e.title, into), escape(self.site.label("event-kinds", e.kind))]
        if row.is_range:
            parts[-1] += f" · **فترة:** {escape(self.site.when(e.date))}"
        elif e.date.time or e.date.approximate:
            parts[-1] += f" · {escape(self.site.when(e.date))}"
        text = " — ".join(parts)
        if e.places:
            text += " · " + self.places(e, depth, into)
        if row.disputed:
            text += " · ⚠️ متنازع عليه"
        return f"- {text}\n"

    def day_list(self, rows, L) -> Markup:
        return Markup("".join(self.day_item(row, L) for row in rows))

    # --- articles --------------------------------------------------------------------------------

    def _article_uncached(self, article_id: str, depth: int) -> tuple[str, tuple[str, ...]]:
        a = self.c.articles[article_id]
        into: list[str] = []
        outlet = (self._link(depth, paths.actor(a.outlet), self.c.actors[a.outlet].name, into) if a.outlet
                  else "ناشر غير معروف")
        when = format_day(a.published) + (f"، {a.published_time}" if a.published and a.published_time else "") \
            if a.published else "تاريخ النشر غير معروف"
        return f"{self._link(depth, paths.article(a.id), a.label, into)} — {outlet}، {escape(when)}", tuple(into)

    def article_list(self, articles, L) -> Markup:
        """One "- " line per article, without a newline after the last (the template has it)."""
        depth, targets, out = L.page.count("/"), L.targets, []
        for a in articles:
            text, links = self._article(a.id, depth)
            targets.extend(links)
            out.append(f"- {text}")
        return Markup("\n".join(out))

    def cited_list(self, pairs, L) -> Markup:
        """The reports whose attribution chain passes through an entity, one line per event and
        article: the count of reports says how often that article cites it for the event (AFP's
        page listed one line three times, once per quote of the same article)."""
        grouped: dict[tuple[str, str], list] = {}
        for e, r in pairs:
            grouped.setdefault((e.id, r.article), [e, r.article, 0])[2] += 1
        out = []
        for e, article, n in grouped.values():
            more = f" ({count(n, 'report')})" if n > 1 else ""
            out.append(f"- {L.event(e)} — {L.article(article)}{more}")
        return Markup("\n".join(out))

    # --- reports -------------------------------------------------------------------------------

    def via_chain(self, r: m.Report, a: m.Article, depth: int, into: list[str], own: bool = False) -> str:
        """The article's outlet, then whom it relays, outward: الشروق ← فرانس برس ← ضابط سوري.
        Without an outlet the chain starts at the article, named by its headline; `own` (on the
        article's own page) calls it «هذا المقال»: every report line there named the page it was on."""
        if a.outlet:
            head = self._link(depth, paths.actor(a.outlet), self.c.actors[a.outlet].name, into)
        else:
            head = "هذا المقال" if own else self._link(depth, paths.article(a.id), _unknown_outlet_label(a), into)
        parts = [head]
        for v in r.via:
            if v.actor and v.description:
                text = self._described(v.description, v.actor, depth, into)
            elif v.actor:
                text = self._link(depth, paths.actor(v.actor), self.c.actors[v.actor].name, into)
            else:
                text = escape(v.description)
            parts.append(text + (f" [{v.count}]" if v.count else ""))
        return " ← ".join(parts)

    def _described(self, description: str, actor_id: str, depth: int, into: list[str]) -> str:
        """An unnamed source and the actor it belongs to: «مصدر ميداني في [حزب الله]» when the
        description names the actor (was «مصدر ميداني في حزب الله (حزب الله)»), else
        «مسؤولون أمنيون ([العراق])»."""
        actor = self.c.actors[actor_id]
        text = clean(description)
        for name in sorted({actor.name, *actor.aliases}, key=lambda n: (-len(n), n)):  # ties: fixed order
            at = text.find(name)
            if name and at >= 0:
                return (_escape_keeping_spaces(text[:at]) + self._link(depth, paths.actor(actor_id), name, into)
                        + _escape_keeping_spaces(text[at + len(name):]))
        return f"{escape(text)} ({self._link(depth, paths.actor(actor_id), actor.name, into)})"

    def figure(self, f: m.Figure) -> str:
        singular, plural = self.site.label("units", f.unit), self.site.plural("units", f.unit)
        if f.value is not None:          # «نحو» takes the genitive: «نحو حافلتين»
            amount = counted_unit(f.value, singular, plural, genitive=f.approximate)
        elif f.max is None:              # a lower bound alone: «أكثر من خمسة عقود» is not «نحو 50 سنة»
            amount = f"{counted_unit(f.min, singular, plural)} على الأقل"
        elif f.min is None:              # an upper bound alone: «حتى 2000 مقاتل»
            amount = f"{counted_unit(f.max, singular, plural)} على الأكثر"
        else:                            # a range is counted by its upper bound: «3–5 قادة», «10–20 شخصاً»
            upper = f"2 {plural}" if f.max == 2 else counted_unit(f.max, singular, plural)   # not «1–قائدان»
            amount = f"{number(f.min)}–{upper}"
        text = f"{'نحو ' if f.approximate else ''}{amount}{f' ({f.note})' if f.note else ''}"
        return escape(text)

    def _report_details(self, r: m.Report, depth: int, into: list[str]) -> str:
        out = ""
        if r.account:
            out += f"- **الرواية:** {escape(r.account)}\n"
        if r.figures:
            out += "- **الأرقام:** " + "؛ ".join(self.figure(f) for f in r.figures) + "\n\n"
        if r.note:
            out += f"- **ملاحظة المحرر:** {self._note(r.note, depth, into)}\n"
        return out

    # --- notes ---------------------------------------------------------------------------------

    def note(self, text: str, L) -> Markup:
        return Markup(self._note(text, L.page.count("/"), L.targets))

    def _note(self, text: str, depth: int, into: list[str]) -> str:
        """A curator's note, escaped, with each record id it names (validate.check_note_ids) as a
        link labelled with the record's name or the event's title: curators write
        «انظر الحدث baghaei-denies-embassy-evacuation», readers should not have to copy an id into
        the search box. Any other id is a redirect's old id («… سابقاً»; validation refuses the rest)
        and stays text: a record can only take it back by an edit of data/redirects.yaml, which is
        part of the build's fingerprint (buildcache), so every page is rendered again then."""
        text, out, pos = clean(text), [], 0
        for found in ID_IN_TEXT.finditer(text):
            target = self._record_link(found.group())
            if target is None:
                continue
            out.append(_escape_keeping_spaces(text[pos:found.start()]))
            out.append(self._link(depth, *target, into))
            pos = found.end()
        if not out:
            return escape(text)
        out.append(_escape_keeping_spaces(text[pos:]))
        return "".join(out)

    def _record_link(self, record_id: str) -> tuple[str, str] | None:
        c = self.c
        if record_id in c.events:
            return paths.event(record_id), c.events[record_id].title
        if record_id in c.actors:
            return paths.actor(record_id), c.actors[record_id].name
        if record_id in c.places:
            return paths.place(record_id), c.places[record_id].name
        if record_id in c.articles:
            return paths.article(record_id), c.articles[record_id].label
        return None

    def report_block(self, view, L, heading: bool = True) -> Markup:
        """A report on its event's page: which article (`heading`: the first of its article's
        reports; the others follow under it), through whom, its stance and words."""
        from .dates import format_day

        r, a, depth, into = view.report, view.article, L.page.count("/"), L.targets
        published = (format_day(a.published) + (f"، {a.published_time}" if a.published_time else "")
                     if a.published else "تاريخ النشر غير معروف")
        title = f"### {self._link(depth, paths.article(a.id), a.label, into)} {{: #{a.id} }}\n\n" if heading else ""
        return Markup(
            f"{title}{self.via_chain(r, a, depth, into)} · {escape(published)} · **{escape(self.site.label('stances', r.stance))}**\n\n"
            f"> «{escape(r.quote)}»\n\n{self._report_details(r, depth, into)}\n")

    def voices(self, disputes, L, indent: str = "") -> Markup:
        """The voices of a dispute as a list, one line per side: who says it (the attribution
        chain, not the article's headline: one headline stood for six voices of one box), whether
        it denies, its account and words, then the article. A denial event's reports from one
        article make one line (Baghaei's two sentences were two lines, on every event he denies),
        its sentences in the article's order (his «"…غير صحيحة"» came before the «نفى…» that opens it)."""
        depth, into = L.page.count("/"), L.targets
        groups: list[tuple[str, list]] = []           # (attribution chain, voices)
        for d in disputes:
            chain = self.via_chain(d.report, self.c.articles[d.report.article], depth, into)
            if groups and _same_denial(groups[-1], chain, d):
                groups[-1][1].append(d)
            else:
                groups.append((chain, [d]))
        lines = []
        for chain, group in groups:
            first = group[0]
            a = self.c.articles[first.report.article]
            if len(group) > 1:          # one article's sentences, in the order the article has them
                text = squash(a.text)
                group = sorted(group, key=lambda d: text.find(squash(d.report.quote)))
            # an assertion (another article telling what this one denies) is «رواية» like an
            # account: the reports' stance reads «يروي», and «تأكيد» said the sources vouch for it
            label = "**نفي**" if first.kind in ("denial-report", "denial-event") else "**رواية**"
            accounts = "".join(f"{escape(d.report.account)} — " for d in group if d.report.account)
            quotes = " … ".join(f"«{escape(d.report.quote)}»" for d in group)
            article = f" · {self._link(depth, paths.article(a.id), 'المقال', into)}" if a.outlet else ""  # else the chain links it
            # a denial that is an event of its own links to it by its headline (the link read
            # «نفي» alone: a link text that says nothing of where it goes)
            denial = "".join(f" · الحدث: {self._link(depth, paths.event(e.id), e.title, into)}"
                             for e in dict.fromkeys(d.event for d in group if d.kind == "denial-event"))
            # what of this event the denial covers, before its words: Baghaei's denial of the
            # embassy's evacuation stood first under «when did the Iranian forces leave?»
            scopes = "؛ ".join(escape(x) for x in dict.fromkeys(d.scope for d in group if d.scope))
            if scopes:
                label += f" (نطاق النفي: {scopes})"
            lines.append(f"{indent}- {label} · {chain}: {accounts}{quotes}{article}{denial}")
        return Markup("\n".join(lines) + "\n")

    def article_event(self, e: m.Event, L) -> Markup:
        """An event on the page of an article that tells it: its heading (id: the event's), date
        and kind; `article_report` follows for each of the article's reports of it."""
        depth, into = L.page.count("/"), L.targets
        return Markup(f"### {self._link(depth, paths.event(e.id), e.title, into)} {{: #{e.id} }}\n\n"
                      f"{self.when(e.date, depth, into)} · {escape(self.site.label('event-kinds', e.kind))}\n")

    def article_report(self, r: m.Report, a: m.Article, L) -> Markup:
        """One report of an event as its source article tells it: stance, through whom, words."""
        depth, into = L.page.count("/"), L.targets
        return Markup(
            f"**{escape(self.site.label('stances', r.stance))}** · عبر: {self.via_chain(r, a, depth, into, own=True)}\n\n"
            f"> «{escape(r.quote)}»\n\n{self._report_details(r, depth, into)}\n")


def _unknown_outlet_label(a: m.Article, words: int = 4) -> str:
    """An article of unknown outlet, named by the start of its headline: two such articles were
    both «مقال لناشر غير معروف» in one dispute box, and a reader could not tell them apart. A
    title the curator supplied is not put in quotation marks, which would make it the article's."""
    head = a.title.split()
    short = " ".join(head[:words]).rstrip("،,.:؛…") + ("…" if len(head) > words else "")
    return f"مقال بلا عنوان ({short}) لناشر غير معروف" if a.title_supplied else f"مقال «{short}» لناشر غير معروف"


def _same_denial(group: tuple[str, list], chain: str, d) -> bool:
    """Whether a dispute's voice `d` is one more sentence of the denial `group` already holds: the
    same article, through the same chain, denying, and no second denial event. Baghaei's statement
    was two lines on the embassy's page, one per half of it: the report that denies the evacuation
    and the report of the denial event («نفي بقائي…»), same article, same words around them."""
    held_chain, held = group
    first = held[0]
    if d.kind not in ("denial-report", "denial-event") or first.kind not in ("denial-report", "denial-event"):
        return False
    if chain != held_chain or d.report.article != first.report.article:
        return False
    if d.kind == "denial-event":
        return all(x.kind != "denial-event" or x.event is d.event for x in held)
    return True


def _escape_keeping_spaces(piece: str) -> str:
    """`escape` strips its text; a piece of a note between two links keeps the spaces around it."""
    core = escape(piece)
    if not core:
        return " " if piece else ""
    return (" " if piece[0].isspace() else "") + core + (" " if piece[-1].isspace() else "")
