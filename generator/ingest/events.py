"""Propose draft events: sentences that report something happening to known actors or places.

Sentences end at . ! ? ؟ and at line breaks, never at the Arabic comma (which would cut a date
off its event). A sentence becomes a candidate when it has an action verb or event noun
(`lexicon.EVENT_KEYWORDS`, matched on the word once its proclitics are removed) and at least
one known actor, place or date. Everything pre-filled is a guess for the curator to check:
the first actor is the agent and the others participants, a place's role follows the
preposition before it, the kind is the first specific keyword (else `statement`), the date is
the sentence's first resolved date, and media outlets named in the sentence become its `via`.
The quote is the sentence verbatim, so it is always found in the cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..arabic import normalize, normalize_with_map, strip_proclitics
from . import lexicon as lx
from .datefinder import DateMention
from .gazetteer import Entry, Mention
from .masthead import MEDIA_KINDS

_SENTENCE_BREAK = re.compile(r"(?<=[.!?؟])[\"”»']?(?=\s|$)|\n")
_PLACE_ROLES = {normalize(w): role for w, role in (
    ("إلى", "destination"), ("الى", "destination"), ("نحو", "destination"), ("باتجاه", "destination"),
    ("صوب", "destination"), ("متجهة", "destination"), ("متجهين", "destination"), ("من", "origin"),
    ("عبر", "via"))}
_PLACE_PREPOSITIONS = frozenset(_PLACE_ROLES) | {normalize(w) for w in ("في", "داخل", "قرب", "بمدينة", "حول", "محيط")}


VERB_SUFFIXES = ("", "ت", "وا", "ا", "ته", "تها", "ها", "هم", "ه")
"""Endings a short stem takes in news prose ("وصل" → وصلت، وصلوا); longer stems match as prefixes."""


def _keyword_table() -> tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]:
    """Exact forms (stems of 3 letters or fewer), prefixes (longer stems), and phrases."""
    exact, prefixes, phrases = {}, {}, []
    for kind, words in lx.EVENT_KEYWORDS.items():
        for word in words:
            folded = normalize(word)
            if " " in folded:
                phrases.append((folded, kind))
            elif len(folded) <= 3:
                for suffix in VERB_SUFFIXES:
                    exact.setdefault(folded + suffix, kind)
            else:
                prefixes.setdefault(folded, kind)
    return exact, prefixes, phrases


_EXACT, _PREFIXES, _PHRASES = _keyword_table()
_BY_HEAD: dict[str, list[tuple[str, str]]] = {}
for _prefix, _kind in sorted(_PREFIXES.items(), key=lambda kv: -len(kv[0])):
    _BY_HEAD.setdefault(_prefix[:4], []).append((_prefix, _kind))


def _kind_of(form: str) -> str | None:
    if form in _EXACT:
        return _EXACT[form]
    return next((k for p, k in _BY_HEAD.get(form[:4], ()) if form.startswith(p)), None)


def keyword_kinds(sentence: str) -> list[tuple[int, str, str]]:
    """(position, kind, word as written) for every event keyword in the sentence, in order."""
    folded, where = normalize_with_map(sentence)
    found = []

    def shown(m: re.Match) -> str:
        return sentence[where[m.start()]:where[m.end() - 1] + 1]

    for m in re.finditer(r"\w+", folded):
        word = m.group(0)
        for form in (word, *strip_proclitics(word)):
            kind = _kind_of(form)
            if kind:
                found.append((m.start(), kind, shown(m)))
                break
    for phrase, kind in _PHRASES:
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded):
            found.append((m.start(), kind, shown(m)))
    return sorted(found)


@dataclass
class DraftEvent:
    id: str
    kind: str
    keyword: str
    sentence: str
    line: int
    actors: list[Entry] = field(default_factory=list)
    places: list[tuple[Entry, str]] = field(default_factory=list)      # (place, role)
    date: DateMention | None = None
    other_dates: list[DateMention] = field(default_factory=list)
    via: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """Sentence spans of `text` (offsets into it), stripped of surrounding spaces."""
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    result = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            result.append(Sentence(s + lead, s + lead + len(body), body))
    return result


def _preceding_word(text: str, offset: int) -> tuple[str, str]:
    """The proclitics glued to a mention and the word before it, both folded."""
    word_start = offset
    while word_start > 0 and text[word_start - 1].isalnum():
        word_start -= 1
    glued = normalize(text[word_start:offset])
    before = re.findall(r"\w+", text[max(0, word_start - 30):word_start])
    return glued, normalize(before[-1]) if before else ""


def _is_place_use(text: str, mention: Mention) -> tuple[bool, str]:
    """For a name that is both a state and a country: is it used as a place here, and how?"""
    glued, before = _preceding_word(text, mention.start)
    if before in _PLACE_ROLES:
        return True, _PLACE_ROLES[before]
    if before in _PLACE_PREPOSITIONS or glued in ("ب", "وب", "فب"):
        return True, "location"
    return False, "location"


def propose_events(text: str, mentions: list[Mention], dates: list[DateMention], *, line_of,
                   skip_lines: set[int], taken_ids: set[str]) -> list[DraftEvent]:
    """Draft events for the cleaned `text`; `line_of(offset)` gives a 1-based cleaned-text line."""
    drafts: list[DraftEvent] = []
    used = set(taken_ids)
    for sentence in sentences(text):
        line = line_of(sentence.start)
        if line in skip_lines:
            continue
        kinds = keyword_kinds(sentence.text)
        if not kinds:
            continue
        inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        when = [d for d in dates if sentence.start <= d.start and d.end <= sentence.end]
        if not inside and not when:
            continue
        specific = [k for k in kinds if k[1] != "statement"]
        _, kind, keyword = (specific or kinds)[0]
        draft = DraftEvent("", kind, keyword, sentence.text, line)
        for mention in inside:
            actors = [e for e in mention.entries if e.type == "actor"]
            places = [e for e in mention.entries if e.type == "place"]
            if actors and places:
                as_place, role = _is_place_use(text, mention)
                if as_place:
                    actors = []
                else:
                    places = []
            else:
                role = _is_place_use(text, mention)[1]
            for entry in actors:
                if entry.kind in MEDIA_KINDS:
                    if entry.id not in draft.via:
                        draft.via.append(entry.id)
                elif entry.id not in [a.id for a in draft.actors]:
                    draft.actors.append(entry)
            for entry in places:
                if entry.id not in [p.id for p, _ in draft.places]:
                    draft.places.append((entry, role))
        resolved = [d for d in when if d.value]
        draft.date = resolved[0] if resolved else None
        draft.other_dates = [d for d in when if d is not draft.date]
        draft.id = _unique(_event_id(draft), used)
        used.add(draft.id)
        drafts.append(draft)
    return drafts


def _event_id(draft: DraftEvent) -> str:
    who = draft.actors[0].id if draft.actors else draft.places[0][0].id if draft.places else "event"
    when = draft.date.value.replace("/", "-") if draft.date else "undated"
    return f"{draft.kind}-{who}-{when}"[:72].rstrip("-")


def _unique(base: str, used: set[str]) -> str:
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"
