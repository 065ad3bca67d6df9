"""Propose people the gazetteer does not know yet: names that follow a title or an office.

"العقيد محمد ديبو", "وزير الخارجية، فؤاد حسين", "المتحدث باسم الخارجية الأميركية فيدانت باتل":
after a title (`lexicon.TITLES`, with its proclitics: "للواء") come the words of the office
(`lexicon.PORTFOLIO_WORDS`, or any word with the article), then the name: up to three words,
the first without the article, ending at punctuation, a function word or a verb. A name that
overlaps a gazetteer match, or is itself a known name, is not proposed. A third name word must
carry the article ("محمد سلمان الصفطلي") unless a link word such as أبو or عبد came before.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from ..arabic import normalize, normalize_with_map
from . import lexicon as lx
from .events import keyword_kinds
from .gazetteer import Gazetteer, Mention
from .ids import actor_id

_STOP = frozenset(normalize(w) for w in lx.NAME_STOPWORDS)
_PORTFOLIO = frozenset(normalize(w) for w in lx.PORTFOLIO_WORDS)
_LINKS = frozenset(normalize(w) for w in lx.NAME_LINKS)
MAX_OFFICE_WORDS = 4
MAX_NAME_WORDS = 3
_POSSESSIVE = ("ته", "تها", "هم", "هما", "ها", "كم", "نا")
"""A word with a possessive ending ("روايته") is not part of a name."""


def _title_pattern() -> re.Pattern:
    forms = []
    for title in lx.TITLES:
        folded = normalize(title)
        if folded.startswith("ال"):
            stem = folded[2:]
            forms.append(rf"(?:[وفبك]?ال|[وف]?لل){re.escape(stem)}")
        else:
            forms.append(rf"(?:[وفبلك]|[وف][بل])?{re.escape(folded)}")
    return re.compile(rf"(?<!\w)(?P<title>{'|'.join(sorted(forms, key=len, reverse=True))})(?!\w)")


_TITLE = _title_pattern()
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Proposal:
    id: str
    name: str
    title: str
    line: int
    context: str
    mentions: int


def propose_new_actors(text: str, gazetteer: Gazetteer, mentions: list[Mention], line_of) -> list[Proposal]:
    folded, where = normalize_with_map(text)
    known_spans = [(m.start, m.end) for m in mentions]
    found: "OrderedDict[str, list]" = OrderedDict()
    for tm in _TITLE.finditer(folded):
        span = _name_after(folded, tm.end())
        if span is None:
            continue
        start, end = where[span[0]], where[span[1] - 1] + 1
        if any(start < e and s < end for s, e in known_spans):
            continue
        name = text[start:end]
        key = normalize(name)
        if key in gazetteer.keys or len(key) < 3:
            continue
        title_text = text[where[tm.start()]:where[tm.end() - 1] + 1]
        if key in found:
            found[key][3] += 1
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        context = text[line_start:line_end if line_end >= 0 else len(text)].strip()
        found[key] = [name, title_text, line_of(start), 1, _clip(context, start - line_start)]
    return [Proposal(actor_id(name), name, title, line, context, count)
            for name, title, line, count, context in found.values()]


def _name_after(folded: str, offset: int) -> tuple[int, int] | None:
    """The span of the name after a title ending at `offset`, or None."""
    tokens = [(m.start() + offset, m.end() + offset, m.group(0)) for m in _TOKEN.finditer(folded[offset:offset + 160])]
    i, office = 0, 0
    while i < len(tokens) and office < MAX_OFFICE_WORDS:
        word = tokens[i][2]
        if word in _PORTFOLIO or (word.startswith("ال") and word.isalpha()) or word in ('"', "«", "»", "“", "”"):
            i += 1
            office += word.isalpha()
            continue
        break
    if i < len(tokens) and tokens[i][2] in ("،", ","):
        i += 1
    name: list[tuple[int, int, str]] = []
    while i < len(tokens) and len(name) < MAX_NAME_WORDS:
        start, end, word = tokens[i]
        if not word.isalpha() or not ("\u0621" <= word[0] <= "\u064a") or word in _STOP or len(word) < 2:
            break
        if not name and word.startswith("ال"):
            break
        if not name and keyword_kinds(word):
            break
        if name and keyword_kinds(word) and word not in _LINKS:
            break
        if name and word.endswith(_POSSESSIVE) and word not in _LINKS:
            break
        if len(name) == 2 and not word.startswith("ال") and not any(w in _LINKS for _, _, w in name):
            break
        name.append(tokens[i])
        i += 1
        if word in _LINKS and i < len(tokens) and tokens[i][2].isalpha():
            name.append(tokens[i])
            i += 1
    if not name or (len(name) == 1 and name[0][2] in _LINKS):
        return None
    return name[0][0], name[-1][1]


def _clip(line: str, at: int, width: int = 160) -> str:
    if len(line) <= width:
        return line
    begin = max(0, at - width // 2)
    return ("…" if begin else "") + line[begin:begin + width] + ("…" if begin + width < len(line) else "")
