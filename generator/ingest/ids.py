"""Record ids for drafts: deterministic, so drafting the same input twice gives the same id.

An article id is built from what identifies the article: outlet id, publication date and the
headline's first words in a rough consonantal transliteration ("al-shorouk-2025-12-08-anshab-
airan-suria-qbl-squt"). When none of that is known the id falls back to a hash of the cleaned
text. The curator may rename a draft freely before accepting it; ids never change afterwards.
"""

from __future__ import annotations

import hashlib
import re

from ..arabic import normalize
from ..textcheck import ID_MAX

_LETTERS = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ء": "", "پ": "p", "چ": "ch", "ژ": "zh",
}
_SKIP_WORDS = frozenset(normalize(w) for w in ("من", "في", "على", "إلى", "عن", "و", "مع", "بعد", "قبل", "أن", "إن"))
TITLE_WORDS = 5


def transliterate_word(word: str) -> str:
    """One folded Arabic word in Latin letters; و/ي are w/y at the start and u/i inside."""
    out = []
    if word.startswith("ال") and len(word) > 3:
        out.append("al")
        word = word[2:]
    for i, ch in enumerate(word):
        if ch == "و":
            out.append("w" if i == 0 else "u")
        elif ch == "ي":
            out.append("y" if i == 0 else "i")
        elif ch.isascii() and ch.isalnum():
            out.append(ch.lower())
        else:
            out.append(_LETTERS.get(ch, ""))
    return "".join(out)


def slug(text: str, max_words: int = TITLE_WORDS) -> str:
    words = [w for w in re.findall(r"\w+", normalize(text)) if w not in _SKIP_WORDS]
    parts = [p for p in (transliterate_word(w) for w in words) if p]
    return "-".join(parts[:max_words])


def _fit(parts: list[str]) -> str:
    value = re.sub(r"-{2,}", "-", "-".join(p for p in parts if p)).strip("-")
    if len(value) > ID_MAX:
        value = value[:ID_MAX].rsplit("-", 1)[0]
    return value


def article_id(outlet: str | None, published: str | None, title: str | None, text: str) -> str:
    parts = [outlet or "", published or "", slug(title or "")]
    if not parts[2]:
        parts.append("article-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10])
    return _fit(parts)


def actor_id(name: str) -> str:
    return _fit([slug(name, max_words=4)]) or "new-actor"
