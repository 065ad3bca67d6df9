"""Stage 2: checks across records. Each validator is a small function in `VALIDATORS`.

A validator receives the whole corpus and a Diagnostics to report into; none of them stops
the run. Field-level problems were already reported by `load.py`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Container, Iterable

from . import model as m
from .arabic import normalize
from .diagnostics import Diagnostics, Source
from .paths import output_paths
from .textcheck import ID_IN_TEXT, squash

Validator = Callable[[m.Corpus, Diagnostics, "Environment"], None]
OUTLET_KINDS = ("media-outlet", "news-agency")


class Environment:
    """What validators may know beyond the corpus: pages a curator wrote by hand in docs/, and,
    on a rebuild, which records differ from the last successful build."""

    def __init__(self, handwritten: frozenset[str] = frozenset(),
                 changed: frozenset[tuple[str, str]] | None = None, previous: Container[tuple[str, str]] = (),
                 nothing_removed: bool = False):
        self.handwritten = handwritten
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
    for art in c.checked(m.Article):     # few: an article is its events' tenth
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
    """part_of / member_of and within must form hierarchies, never loops."""
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


# The titles of the last run, folded: a process that builds again (worker.py) folds only the new
# ones (118 ms for the 33,000 titles of a 10,000-article corpus). Replaced on each run, so it holds
# no more than the titles of one corpus.
_folded_titles: dict[str, str] = {}


def check_event_titles(c: m.Corpus, d: Diagnostics, env: Environment) -> None:
    """Two events with one headline look like one in every list and search result. Compared
    folded (arabic.normalize: «مقتل بورهاشمي» and «مَقتل بورهاشمى» are one title); a warning, as
    two events may truly share a headline (the date beside it tells them apart)."""
    global _folded_titles
    first: dict[str, m.Event] = {}
    known, folded = _folded_titles, {}
    for e in c.events.values():          # in the order the files were read (sorted paths)
        key = known.get(e.title)
        if key is None:
            key = normalize(e.title)
        folded[e.title] = key
        other = first.setdefault(key, e)
        if other is not e:
            d.warning(_line(e, "title"), "event.title-duplicate",
                      f"the title «{e.title}» is also the title of '{other.id}' ({_line(other, 'title')}); "
                      f"readers cannot tell the two apart in lists and search results: say what differs")
    _folded_titles = folded


def check_event_logic(c: m.Corpus, d: Diagnostics, env: Environment) -> None:
    """Disputes need accounts; reports cannot predate the events they describe as past."""
    published = {a.id: a.published for a in c.articles.values() if a.published}
    for e in c.events.values():
        if e.dispute:
            accounts = [r for r in e.reports if r.account]
            if len(accounts) < 2:
                d.error(e.source, "dispute.accounts",
                        f"event '{e.id}' has a dispute but {len(accounts)} report(s) with an 'account'; "
                        "give each side's version in its report's 'account'")
        start = e.date.start
        for r in e.reports:
            day = published.get(r.article)
            if day is not None and day < start:
                d.warning(r.source, "date.after-publication",
                          f"the event starts {start} but article '{r.article}' was published "
                          f"{day}: check the date, or mark it as a forecast in the summary")


def check_page_collisions(c: m.Corpus, d: Diagnostics, env: Environment) -> None:
    """Two records must never write the same page (compared case-insensitively). The first claim
    on each page is kept, the others listed apart: a list and a label for each of the 60,000
    pages of a 10,000-article corpus, and sorting them all, were 0.14 s of every rebuild."""
    first: dict[str, tuple[str, Source]] = {}
    more: dict[str, list[tuple[str, Source]]] = defaultdict(list)

    def claim(path: str, label, source: Source) -> None:
        key = path.casefold()
        if key in first:
            more[key].append((label, source))
        else:
            first[key] = (label, source)

    for page in env.handwritten:
        claim(page, f"the hand-written page docs/{page}", Source(f"docs/{page}", 1))
    for path, (what, rid, source) in output_paths(c).items():
        claim(path, (what, rid), source)
    for path in sorted(more):
        owner = _owner(first[path][0])
        for label, source in more[path]:
            d.error(source, "page.collision",
                    f"{_owner(label)} would write {path}, already written for {owner} ({first[path][1]})")


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
    of a redirect (history, kept as text). Checked for every note on every build: removing a
    record breaks the notes that name it without changing them."""
    known = c.actors.keys() | c.places.keys() | c.events.keys() | c.articles.keys()
    known |= {r.old for r in c.redirects}
    known |= {ref for _, ref in d.unloaded}      # there, with errors of its own: no redirect needed
    notes: list[tuple[Source, str]] = []
    for e in c.checked(m.Event):
        if e.note:
            notes.append((_line(e, "note"), e.note))
        notes.extend((r.source, r.note) for r in e.reports if r.note)
    notes.extend((_line(a, "note"), a.note) for a in c.checked(m.Article) if a.note)
    notes.extend((p.source, p.note) for a in c.checked(m.Actor) for p in a.possibly_same_as if p.note)
    for source, text in notes:
        for token in ID_IN_TEXT.findall(text):
            if token not in known:
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
