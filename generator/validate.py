"""Stage 2: checks across records. Each validator is a small function in `VALIDATORS`.

A validator receives the whole corpus and a Diagnostics to report into; none of them stops
the run. Field-level problems were already reported by `load.py`.
"""

from __future__ import annotations

from typing import Callable, Container, Iterable

from . import model as m
from .arabic import normalize
from .diagnostics import Diagnostic, Diagnostics, Source
from .findings import Findings
from .paths import by_type, record_page_owner
from .textcheck import ID_IN_TEXT, squash

Validator = Callable[[m.Corpus, Diagnostics, "Environment"], None]
OUTLET_KINDS = ("media-outlet", "news-agency")


class Environment:
    """What validators may know beyond the corpus: pages a curator wrote by hand in docs/, and,
    on a rebuild, which records differ from the last successful build."""

    def __init__(self, handwritten: frozenset[str] = frozenset(),
                 changed: frozenset[tuple[str, str]] | None = None, previous: Container[tuple[str, str]] = (),
                 nothing_removed: bool = False, findings: Findings | None = None):
        self.handwritten = handwritten
        # what the last validation in this process found (a worker's rebuild, see findings.py);
        # None: a process that checks once reads every record
        self.findings = findings
        # the records (type name, id) whose file bytes differ from the last successful build's, new
        # ones included; None: no last build, every record counts as changed. Checks that only read
        # one record and what it cites need not run on the others again (a rebuild's "quotes"
        # check). Read from this set, not found by testing each of the 46,000 records of a
        # 10,000-article corpus against the unchanged ones (~0.25 s of every rebuild)
        self.changed = changed
        # ... of those, the ones the last build had too (edited, not new): an unchanged event can
        # only cite an article that build had, so only an edited article's events are read again
        self.edited = frozenset(k for k in changed or () if k in previous)
        # ... and, when no record of that build is gone, whose ids and terms it found: every id
        # the unchanged records mention still exists and the vocabularies are the same (the cache's
        # fingerprint holds them), so the vocabulary and reference checks read only the changed
        # records (~1 s at 10,000 articles)
        self.settled = changed is not None and nothing_removed
        self._unsettled: tuple | None = None
        self._since: tuple | None = None

    def since_last_run(self, c: m.Corpus):
        """The events and articles changed since the last validation in this process (findings.Delta),
        worked out once per run; None: every event must be read."""
        if self.findings is None:
            return None
        if self._since is None:
            self._since = (self.findings.advance(c),)
        return self._since[0]

    def changed_records(self, c: m.Corpus, kind: type) -> list:
        """The records of one type in `changed` that loaded, in no particular order
        (diagnostics are sorted when shown)."""
        name = kind.__name__
        table = c.table(name)
        return [table[rid] for k, rid in self.changed if k == name and rid in table]


def _ref(diags: Diagnostics, where: Source, table: dict, ref: str, what: str, field: str) -> None:
    if ref not in table:
        if (what, ref) in diags.unloaded:
            # the record is there but did not load: its own errors say what to fix; one more
            # error here per reference (ten, in six files, for one bad date) only hid them
            return
        # the record's own file is there but could not be read: say so, rather than «unknown»
        # beside the file's own error (a headline «ديبو: …» left unquoted broke one event file,
        # and every event relating to it reported an unknown event)
        own = f"data/{what}s/{ref}.yaml"
        if any(x.source.path == own for x in diags.errors):
            diags.error(where, "ref.unknown", f"{field}: {what} '{ref}' was not read: {own} has errors")
            return
        import difflib

        close = difflib.get_close_matches(ref, list(table), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        diags.error(where, "ref.unknown", f"{field}: unknown {what} '{ref}'{hint}")


def _term(diags: Diagnostics, where: Source, vocab: m.Vocabulary, term: str | None, field: str) -> None:
    if term is not None and term not in vocab:        # None: an unfinished record's missing field, reported
        diags.error(where, "vocab.unknown",
                    f"{field}: '{term}' is not in data/vocab/{vocab.name}.yaml "
                    f"(known: {', '.join(sorted(vocab.terms)[:12])}{'…' if len(vocab.terms) > 12 else ''})")


def _line(record, key: str, item: str | None = None) -> Source:
    """Where `key` (or, given, the `item` of its list) is written in the record."""
    lines = record.ref_lines
    return Source(record.source.path,
                  (item is not None and lines.get(f"{key}:{item}")) or lines.get(key) or record.source.line)


def check_vocabulary_use(c: m.Corpus, d: Diagnostics, env: Environment) -> None:
    """Every kind, role, stance, unit and time of day is defined in data/vocab."""
    actors, places, events = _unsettled(c, env)
    for a in actors:
        _term(d, _line(a, "kind"), c.vocab["actor-kinds"], a.kind, "kind")
    for p in places:
        _term(d, _line(p, "kind"), c.vocab["place-kinds"], p.kind, "kind")
    for e in events:
        _term(d, _line(e, "kind"), c.vocab["event-kinds"], e.kind, "kind")
        for who in e.actors:
            _term(d, who.source, c.vocab["actor-roles"], who.role, "role")
        for where in e.places:
            _term(d, where.source, c.vocab["place-roles"], where.role, "place role")
        for r in e.reports:
            _term(d, r.source, c.vocab["stances"], r.stance, "stance")
            for fig in r.figures:
                _term(d, fig.source, c.vocab["units"], fig.unit, "unit")


def _unsettled(c: m.Corpus, env: Environment) -> tuple[list[m.Actor], list[m.Place], list[m.Event]]:
    """The actors, places and events the vocabulary and reference checks must read (see
    Environment.settled), the unfinished ones included (see model.Unfinished). Both checks ask:
    worked out once per run."""
    if not env.settled:
        return c.checked(m.Actor), c.checked(m.Place), c.checked(m.Event)
    if env._unsettled is None:
        env._unsettled = tuple(env.changed_records(c, kind) + c.unfinished_of(kind)
                               for kind in (m.Actor, m.Place, m.Event))
    return env._unsettled


def check_references(c: m.Corpus, d: Diagnostics, env: Environment) -> None:
    """Every id a record mentions exists, in the table it must be in."""
    actors, places, events = _unsettled(c, env)
    for a in actors:
        for ref in a.part_of:
            _ref(d, _line(a, "part_of", ref), c.actors, ref, "actor", "part_of")
        for ref in a.member_of:
            _ref(d, _line(a, "member_of", ref), c.actors, ref, "actor", "member_of")
        for p in a.possibly_same_as:
            _ref(d, p.source, c.actors, p.actor, "actor", "possibly_same_as")
            if p.actor == a.id:
                d.error(p.source, "ref.self", "an actor cannot be 'possibly the same as' itself")
    for p in places:
        for ref in p.within:
            _ref(d, _line(p, "within", ref), c.places, ref, "place", "within")
    for art in _articles_to_check(c, env):
        if art.outlet:
            _ref(d, _line(art, "outlet"), c.actors, art.outlet, "actor", "outlet")
            outlet = c.actors.get(art.outlet)
            if outlet and outlet.kind not in OUTLET_KINDS:
                d.error(_line(art, "outlet"), "article.outlet-kind",
                        f"outlet '{outlet.id}' is of kind '{outlet.kind}'; an outlet is an actor of kind "
                        f"{' or '.join(OUTLET_KINDS)} (who relays or speaks goes in 'relays' or a report's 'via')")
        for ref in art.relays:
            _ref(d, _line(art, "relays"), c.actors, ref, "actor", "relays")
    for e in events:
        for who in e.actors:
            _ref(d, who.source, c.actors, who.actor, "actor", "actors")
        for where in e.places:
            _ref(d, where.source, c.places, where.place, "place", "places")
        for r in e.reports:
            _ref(d, r.source, c.articles, r.article, "article", "report")
            for v in r.via:
                if v.actor:
                    _ref(d, v.source, c.actors, v.actor, "actor", "via")
        for ref in e.denies:
            _ref(d, _line(e, "denies"), c.events, ref, "event", "denies")
            if ref == e.id:
                d.error(_line(e, "denies"), "ref.self", "an event cannot deny itself")
        for ref in e.related:
            _ref(d, _line(e, "related"), c.events, ref, "event", "related")
            if ref == e.id:
                d.error(_line(e, "related"), "ref.self", "an event cannot be related to itself")


def _articles_to_check(c: m.Corpus, env: Environment) -> list[m.Article]:
    """The articles whose references must be read: in a settled rebuild, the changed and
    unfinished ones, and those whose outlet is an edited actor (its kind may no longer be an
    outlet's); every article otherwise (10,000 of them: 0.05 s of every rebuild)."""
    if not env.settled:
        return c.checked(m.Article)
    edited = {rid for kind, rid in env.edited if kind == "Actor"}
    articles = env.changed_records(c, m.Article) + c.unfinished_of(m.Article)
    if edited:
        articles += [a for a in c.articles.values() if a.outlet in edited and ("Article", a.id) not in env.changed]
    return articles


def _cycles(graph: dict[str, Iterable[str]]) -> list[list[str]]:
    """Each cycle once, as the list of ids around it (iterative DFS, deterministic order)."""
    colour: dict[str, int] = {}
    found: list[list[str]] = []
    seen_cycles: set[frozenset] = set()
    for root in sorted(graph):
        if colour.get(root):
            continue
        stack = [(root, iter(sorted(graph.get(root, ()))))]
        path = [root]
        colour[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = 2
                stack.pop()
                path.pop()
                continue
            if child not in graph:
                continue
            if colour.get(child) == 1:
                cycle = path[path.index(child):]
                key = frozenset(cycle)
                if key not in seen_cycles:
                    seen_cycles.add(key)
                    found.append(cycle)
            elif not colour.get(child):
                colour[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(graph.get(child, ())))))
    return found


def check_cycles(c: m.Corpus, d: Diagnostics, env: Environment) -> None:
    """part_of / member_of and within must form hierarchies, never loops. The last successful
    build had none, and only an actor's or a place's own lists draw the graph: a rebuild that
    changed neither finds none."""
    if env.changed is not None and not any(kind in ("Actor", "Place") for kind, _ in env.changed):
        return
    actors = {a.id: set(a.part_of) | set(a.member_of) for a in c.actors.values()}
    for cycle in _cycles(actors):
        first, following = c.actors[cycle[0]], (cycle[1:] or cycle)[0]
        # at the item that leads on around the loop: a member_of cycle was shown at part_of
        key = "part_of" if following in first.part_of else "member_of"
        d.error(_line(first, key, following), "hierarchy.cycle",
                "part_of/member_of cycle: " + " → ".join([*cycle, cycle[0]]))
    places = {p.id: set(p.within) for p in c.places.values()}
    for cycle in _cycles(places):
        d.error(_line(c.places[cycle[0]], "within", (cycle[1:] or cycle)[0]), "hierarchy.cycle",
                "within cycle: " + " → ".join([*cycle, cycle[0]]))


def check_quotes(c: m.Corpus, d: Diagnostics, env: Environment) -> None:
    """Every quote occurs verbatim in its article's cleaned text (whitespace runs compared as one)."""
    if env.changed is None:
        events = c.checked(m.Event)
    else:
        events = env.changed_records(c, m.Event)
        edited = {rid for kind, rid in env.edited if kind == "Article"}
        if edited:
            events += [e for e in c.events.values() if ("Event", e.id) not in env.changed
                       and not edited.isdisjoint([r.article for r in e.reports])]
        events += c.unfinished_of(m.Event)
    cited = {r.article for e in events for r in e.reports}
    squashed = {a: squash(c.articles[a].text) for a in cited if a in c.articles}
    for e in events:
        for r in e.reports:
            if not squashed.get(r.article):     # unknown, or an empty text (reported at the text)
                continue
            if squash(r.quote) not in squashed[r.article]:
                from .arabic import normalize

                hint = ""
                if normalize(r.quote) in normalize(c.articles[r.article].text):
                    hint = " (it matches once hamza, diacritics or ة/ه are ignored: copy it exactly)"
                d.error(Source(r.source.path, r.quote_line or r.source.line), "quote.not-found",
                        f"quote not found in {c.articles[r.article].text_path}{hint}: «{_clip(r.quote)}»")


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# The titles of the last full run, folded: a process that reads every title again (a worker whose
# cache was set aside) folds only the new ones (118 ms for the 33,000 titles of a 10,000-article
# corpus). Replaced on each such run, so it holds no more than the titles of one corpus.
_folded_titles: dict[str, str] = {}


def check_event_titles(c: m.Corpus, d: Diagnostics, env: Environment) -> None:
    """Two events with one headline look like one in every list and search result. Compared
    folded (arabic.normalize: «مقتل بورهاشمي» and «مَقتل بورهاشمى» are one title); a warning, as
    two events may truly share a headline (the date beside it tells them apart).

    A rebuild in the worker (env.findings) keeps the events of each folded title from the last
    run, in the order the files were read, and moves only the changed ones (0.05 s at 10,000
    articles when every title was read). That order is their sources' (file names sorted, then
    lines; a file's records are all the same objects as the last run's, or all new ones, see
    BuildCache.put), so a title's list is sorted again only when one of its events changed."""
    global _folded_titles
    memo = env.findings
    delta = env.since_last_run(c)
    if delta is None:
        titled: dict[str, list[str]] = {}
        known, folded = _folded_titles, {}
        for e in c.events.values():          # in the order the files were read (sorted paths)
            key = known.get(e.title)
            if key is None:
                key = normalize(e.title)
            folded[e.title] = key
            ids = titled.get(key)
            if ids is None:
                titled[key] = [e.id]
            else:
                ids.append(e.id)
        _folded_titles = folded
        shared = {key for key, ids in titled.items() if len(ids) > 1}
        if memo is not None:
            memo.titled, memo.shared = titled, shared
    else:
        titled, shared, touched = memo.titled, memo.shared, set()
        for old in delta.gone:
            key = normalize(old.title)
            touched.add(key)
            titled[key].remove(old.id)
            if not titled[key]:
                del titled[key]
        for e in delta.events:
            key = normalize(e.title)
            touched.add(key)
            titled.setdefault(key, []).append(e.id)
        for key in touched:
            ids = titled.get(key, ())
            if len(ids) > 1:
                ids.sort(key=lambda eid: (c.events[eid].source.path, c.events[eid].source.line))   # stable: one line's records keep their order
                shared.add(key)
            else:
                shared.discard(key)
    for key in shared:
        ids = titled[key]
        other = c.events[ids[0]]
        for eid in ids[1:]:
            e = c.events[eid]
            d.warning(_line(e, "title"), "event.title-duplicate",
                      f"the title «{e.title}» is also the title of '{other.id}' ({_line(other, 'title')}); "
                      f"readers cannot tell the two apart in lists and search results: say what differs")


def check_event_logic(c: m.Corpus, d: Diagnostics, env: Environment) -> None:
    """Disputes need accounts; reports cannot predate the events they describe as past.

    An event's findings depend on it and on the publication dates of the articles it cites: a
    rebuild in the worker (env.findings) checks again only the events that changed and those
    citing an article whose date did, and reports the others' findings of the last run (0.14 s at
    10,000 articles when every event was read)."""
    memo = env.findings
    delta = env.since_last_run(c)
    if delta is None:
        events, found = c.events.values(), {}
        published = {a.id: a.published for a in c.articles.values() if a.published}
    else:
        events, found = _event_logic_again(c, memo, delta), memo.logic
        cited = (c.articles.get(r.article) for e in events for r in e.reports)
        published = {a.id: a.published for a in cited if a is not None and a.published}
    for e in events:
        out = None
        if e.dispute:
            accounts = [r for r in e.reports if r.account]
            if len(accounts) < 2:
                out = [Diagnostic(e.source, "dispute.accounts",
                                  f"event '{e.id}' has a dispute but {len(accounts)} report(s) with an 'account'; "
                                  "give each side's version in its report's 'account'")]
        start = e.date.start
        for r in e.reports:
            day = published.get(r.article)
            if day is not None and day < start:
                out = out or []
                out.append(Diagnostic(r.source, "date.after-publication",
                                      f"the event starts {start} but article '{r.article}' was published "
                                      f"{day}: check the date, or mark it as a forecast in the summary", "warning"))
        if out:
            found[e.id] = tuple(out)
    if memo is not None and delta is None:
        memo.logic = found
    for ds in found.values():
        d.items.extend(ds)


def _event_logic_again(c: m.Corpus, memo: Findings, delta) -> list[m.Event]:
    """The events whose findings on dates and disputes must be worked out again: the changed ones
    and those citing an article whose date changed. Their findings of the last run, and those of
    the events gone, are dropped; what each event cites is brought up to date."""
    found, citing = memo.logic, memo.citing
    if citing is not None:
        for old in delta.gone:
            for r in old.reports:
                ids = citing.get(r.article)
                if ids is not None and old.id in ids:
                    ids.remove(old.id)
                    if not ids:
                        del citing[r.article]
        for e in delta.events:
            for r in e.reports:
                ids = citing.setdefault(r.article, [])
                if e.id not in ids:
                    ids.append(e.id)
    elif delta.redated:         # a run that read every event left them out (Findings.cite): as they are now
        citing = memo.citing = memo.cite(c.events)
    again = {e.id: e for e in delta.events}
    for article in delta.redated:
        for eid in citing.get(article, ()):
            if eid not in again:
                again[eid] = c.events[eid]
    for eid in again:
        found.pop(eid, None)
    for old in delta.gone:
        found.pop(old.id, None)
    return list(again.values())


def check_page_collisions(c: m.Corpus, d: Diagnostics, env: Environment) -> None:
    """Two records must never write the same page (compared case-insensitively). Ids are lowercase
    Latin, digits and hyphens and each type has its own folder, so two records, or a record and a
    redirect (which claims its old id's page only when no record has it), never share a page:
    only a page written by hand can, with a record's page or with another hand-written one
    differing in case. So the hand-written pages are looked up among the records, and the ~60,000
    pages of the records of a 10,000-article corpus are never listed (0.11 s of every rebuild).
    The first claim on a page is kept, the hand-written ones before the records'."""
    claims: dict[str, list[tuple[str | tuple[str, str], Source]]] = {}
    for page in env.handwritten:
        claims.setdefault(page.casefold(), []).append((f"the hand-written page docs/{page}", Source(f"docs/{page}", 1)))
    redirects = None
    for key, claimed in claims.items():
        owner = record_page_owner(c, key)
        if owner is None:
            if redirects is None:
                redirects = {}
                for r in c.redirects:
                    redirects.setdefault(by_type(r.type, r.old), r)
            r = redirects.get(key)
            owner = ("redirect from", r.old, r.source) if r is not None else None
        if owner is not None:
            claimed.append(((owner[0], owner[1]), owner[2]))
    for key in sorted(claims):
        (first, where), *more = claims[key]
        for label, source in more:
            d.error(source, "page.collision",
                    f"{_owner(label)} would write {key}, already written for {_owner(first)} ({where})")


def _owner(label: str | tuple[str, str]) -> str:
    return label if isinstance(label, str) else f"{label[0]} '{label[1]}'"


def check_redirects(c: m.Corpus, d: Diagnostics, env: Environment) -> None:
    """A redirect points to a live record, from an id no live record uses, once."""
    tables = {"actor": c.actors, "place": c.places, "event": c.events, "article": c.articles}
    seen: dict[str, Source] = {}
    for r in c.redirects:
        table = tables[r.type]
        if r.old in table:
            d.error(r.source, "redirect.live", f"'{r.old}' is still {_a(r.type)}; a redirect is for an id that is gone")
        else:
            live = [kind for kind, other in tables.items() if r.old in other]
            if live:
                d.warning(r.source, "redirect.other-type",
                          f"'{r.old}' is {_a(live[0])}, not {_a(r.type)}: check the redirect's type")
        if r.target not in table:
            _ref(d, r.source, table, r.target, r.type, "redirect to")
        if r.old in seen:       # notes name old ids without a type: one old id, one redirect
            d.error(r.source, "redirect.duplicate", f"'{r.old}' is already redirected at {seen[r.old]}")
        seen.setdefault(r.old, r.source)


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def check_note_ids(c: m.Corpus, d: Diagnostics, env: Environment) -> None:
    """Every record id a note names exists (the page links it, fragments.note), or is the old id
    of a redirect (history, kept as text). Checked for every note whenever a record is gone:
    removing a record breaks the notes that name it without changing them. Otherwise (a settled
    rebuild, see Environment.settled) only the notes of the changed and unfinished records are
    read: every id the others named at the last successful build still exists, the redirects are
    the same (the cache's fingerprint holds them), and that build had no record left unloaded, so
    the ids known now are those known then and more (0.10 s at 10,000 articles when every note
    was read)."""
    redirected = {r.old for r in c.redirects}
    unloaded = {ref for _, ref in d.unloaded}      # there, with errors of its own: no redirect needed
    tables = (c.actors, c.places, c.events, c.articles)
    actors, _, events = _unsettled(c, env)
    articles = (env.changed_records(c, m.Article) + c.unfinished_of(m.Article) if env.settled
                else c.checked(m.Article))
    notes: list[tuple[Source, str]] = []
    for e in events:
        if e.note:
            notes.append((_line(e, "note"), e.note))
        notes.extend((r.source, r.note) for r in e.reports if r.note)
    notes.extend((_line(a, "note"), a.note) for a in articles if a.note)
    notes.extend((p.source, p.note) for a in actors for p in a.possibly_same_as if p.note)
    for source, text in notes:
        for token in ID_IN_TEXT.findall(text):
            if not (token in redirected or token in unloaded or any(token in table for table in tables)):
                d.error(source, "note.unknown-id",
                        f"the note names '{token}', which is no record's id nor a redirect's old id; "
                        f"correct the id, or add a redirect (data/redirects.yaml) if the record was renamed or merged")


VALIDATORS: list[Validator] = [
    check_vocabulary_use,
    check_references,
    check_note_ids,
    check_cycles,
    check_quotes,
    check_event_titles,
    check_event_logic,
    check_redirects,
    check_page_collisions,
]


def validate(corpus: m.Corpus, diags: Diagnostics, env: Environment | None = None) -> None:
    env = env or Environment()
    for validator in VALIDATORS:
        validator(corpus, diags, env)
