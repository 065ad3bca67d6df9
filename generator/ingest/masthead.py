"""What a page says about the article itself: its headline, dateline, outlet and author.

Only lines near the top (or the very bottom) of the cleaned text can be the dateline: short
lines carrying a full date (day, month and year) and little else, or starting with a dateline
marker such as "نشر في". The outlet is recognised through the gazetteer's media actors on the
dateline ("نشر في الشروق الجديد يوم …"), on a masthead line that is only an outlet's name
("سيناء الإخبارية"), or on the site's logo line even though that line is removed from the text.
Nothing is guessed: what is not found stays unknown and the draft says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..arabic import normalize
from . import lexicon as lx
from .clean import Cleaned
from .datefinder import first_full_date
from .gazetteer import Gazetteer

MEDIA_KINDS = ("media-outlet", "news-agency")
TOP_LINES = 8
BOTTOM_LINES = 4
DATELINE_MAX_CHARS = 100
DATELINE_MAX_OTHER_WORDS = 6
TITLE_MAX_CHARS = 200

_MARKERS = tuple(normalize(m) for m in lx.DATELINE_MARKERS)
_CLOCK = re.compile(r"(?<!\d)(?P<h>[01]?\d|2[0-3])\s*:\s*(?P<m>[0-5]\d)(?!\d)"
                    r"(?:\s*(?P<ampm>ص|م|صباحا|مساء|am|pm)(?!\w))?")
_AUTHOR = re.compile(r"^\s*(?:الكاتب|كتب|كتبت|بقلم|إعداد|اعداد|تحرير)\s*[:：]?\s*(?P<name>[^:：]{2,60}?)\s*$")
_SENTENCE_END = re.compile(r"[.!؟?]\s*$")


@dataclass(frozen=True)
class Dateline:
    line: int
    text: str
    published: date
    time: str | None
    date_text: str


@dataclass(frozen=True)
class Outlet:
    id: str
    line: int
    how: str           # where it was recognised, for the curator


@dataclass(frozen=True)
class Title:
    text: str
    line: int | None
    supplied: bool     # True when the text has no headline and the draft proposes one


def _edges(cleaned: Cleaned) -> list[int]:
    kept = cleaned.kept
    top = kept[:TOP_LINES]
    return top + [n for n in kept[-BOTTOM_LINES:] if n not in top]


def find_dateline(cleaned: Cleaned) -> Dateline | None:
    """The first short line near the top (else the bottom) that is mostly a full date."""
    for number in _edges(cleaned):
        line = cleaned.line(number).strip()
        if len(line) > DATELINE_MAX_CHARS or _SENTENCE_END.search(line):
            continue
        mention = first_full_date(line)
        if mention is None:
            continue
        folded = normalize(line)
        rest = (line[:mention.start] + " " + line[mention.end:])
        rest = _CLOCK.sub(" ", normalize(rest))
        other_words = [w for w in re.findall(r"\w+", rest) if not w.isdigit()]
        if len(other_words) > DATELINE_MAX_OTHER_WORDS and not folded.lstrip("●•- ").startswith(_MARKERS) \
                and not folded.startswith(_MARKERS):
            continue
        return Dateline(number, line, date.fromisoformat(mention.value), _clock(line[mention.end:]), mention.text)
    return None


def _clock(text: str) -> str | None:
    m = _CLOCK.search(normalize(text))
    if not m:
        return None
    hour, minute = int(m.group("h")), int(m.group("m"))
    ampm = m.group("ampm")
    if ampm in ("م", "مساء", "pm") and hour < 12:
        hour += 12
    elif ampm in ("ص", "صباحا", "am") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _media(gazetteer: Gazetteer, text: str):
    for mention in gazetteer.find(text):
        for entry in mention.entries:
            if entry.type == "actor" and entry.kind in MEDIA_KINDS:
                yield mention, entry


def find_outlet(cleaned: Cleaned, gazetteer: Gazetteer, dateline: Dateline | None) -> Outlet | None:
    """The publishing outlet, when the page itself names it (not when the body quotes it)."""
    if dateline:
        for _, entry in _media(gazetteer, dateline.text):
            return Outlet(entry.id, dateline.line, f"named on the dateline «{dateline.text}»")
    for removal in cleaned.removed:
        if removal.reason == "site logo":
            for _, entry in _media(gazetteer, removal.text):
                return Outlet(entry.id, removal.line, f"named on the site's logo line «{removal.text.strip()}»")
    for number in cleaned.kept[:TOP_LINES]:
        line = cleaned.line(number).strip()
        for mention, entry in _media(gazetteer, line):
            if normalize(mention.text) == normalize(line):
                return Outlet(entry.id, number, f"masthead line «{line}»")
    return None


def masthead_lines(cleaned: Cleaned, gazetteer: Gazetteer) -> set[int]:
    """Kept lines near the top that are only an outlet's name: never a title or an event."""
    found = set()
    for number in cleaned.kept[:TOP_LINES]:
        line = cleaned.line(number).strip()
        if any(normalize(m.text) == normalize(line) for m, _ in _media(gazetteer, line)):
            found.add(number)
    return found


def find_title(cleaned: Cleaned, skip: set[int]) -> Title:
    """The first headline-like kept line; else the opening words of the text, marked as supplied."""
    for number in cleaned.kept[:TOP_LINES]:
        if number in skip:
            continue
        line = cleaned.line(number).strip()
        if len(re.findall(r"\w+", line)) < 3:
            continue
        if len(line) <= TITLE_MAX_CHARS and not line.endswith("."):
            return Title(line, number, False)
        break
    first = next((cleaned.line(n).strip() for n in cleaned.kept if n not in skip), "")
    words = re.split(r"\s+", re.split(r"[.،,؛:!؟?]", first)[0])[:10]
    return Title(" ".join(words) + ("…" if words else ""), None, True)


def find_author(cleaned: Cleaned) -> tuple[str, int] | None:
    for number in _edges(cleaned):
        m = _AUTHOR.match(cleaned.line(number))
        if m:
            return m.group("name").strip(), number
    return None
