"""Arabic text normalisation and calendar words, defined once in `arabic.json`.

The same table drives the generator's entity matching and the site's search script (the JSON is
published with the site), so what the index contains and what a reader types fold the same way:
no diacritics or tatweel, one alef, ى→ي, ة→ه, hamza carriers ؤ/ئ→ء (so Egyptian مسئول meets
Levantine مسؤول), Arabic-Indic and Persian digits → ASCII, Latin case folded, invisible and bidi
control characters removed. `normalize_with_map` keeps each output character's offset in the
input so matches can be shown in the original spelling.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_PATH = Path(__file__).with_name("arabic.json")
DATA: dict = json.loads(DATA_PATH.read_text(encoding="utf-8"))


def _drop_set() -> frozenset[str]:
    chars = set()
    for lo, hi in DATA["drop_ranges"]:
        chars.update(chr(c) for c in range(int(lo, 16), int(hi, 16) + 1))
    return frozenset(chars)


_DROP = _drop_set()
_FOLD: dict[str, str] = dict(DATA["fold"])
for _digits in DATA["digits"]:
    for _i, _ch in enumerate(_digits):
        _FOLD[_ch] = str(_i)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in _FOLD:
        return _FOLD[ch]
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if c in _DROP:
            continue
        c = _FOLD.get(c, c)
        out.append(c.casefold() if c.isascii() or not ("\u0600" <= c <= "\u06ff") else c)
    return "".join(out)


def _translation() -> dict[int, str]:
    """`_fold_char` for every character of the Basic Multilingual Plane where it changes it,
    so `normalize` runs as one C-level str.translate (same result as the per-character loop)."""
    table = {}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        if ch.isspace():
            continue
        folded = _fold_char(ch)
        if folded != ch:
            table[code] = folded
    return table


_TABLE = _translation()
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_WORD = re.compile(r"[^\W_]+")
_fold_char.cache_clear()


def normalize(text: str) -> str:
    """Fold `text` for matching (see the module docstring); whitespace runs become one space."""
    if text.isascii():
        return " ".join(text.lower().split())
    if _ASTRAL.search(text):
        return normalize_with_map(text)[0]
    return " ".join(text.translate(_TABLE).split())


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Return the folded text and, for each of its characters, the index in `text` it came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if out and not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        folded = _fold_char(ch)
        if not folded:
            continue
        space = False
        for c in folded:
            out.append(c)
            where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def is_word_char(ch: str) -> bool:
    return ch.isalnum()


def words(normalized: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the words (runs of letters and digits) in normalised text."""
    return [m.span() for m in _WORD.finditer(normalized)]


def word_list(normalized: str) -> list[str]:
    return _WORD.findall(normalized)


PROCLITICS: tuple[str, ...] = tuple(normalize(p) for p in DATA["proclitics"])


def strip_proclitics(word: str, min_stem: int = 2) -> list[str]:
    """The forms of a normalised word with attached و ف ب ل ك and ال removed (longest first).

    "للحرس" gives ["حرس"]; "والأسد" gives ["الاسد", "اسد"]. The word itself is not included.
    Only Arabic words are stripped and the remaining stem must keep `min_stem` letters.
    """
    if not word or not ("\u0621" <= word[0] <= "\u064a"):
        return []
    forms: list[str] = []
    for p in PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= min_stem:
            stem = word[len(p):]
            if p in ("لل", "ولل", "فلل"):
                forms.append("ال" + stem)
            elif p.endswith("ال") and p != "ال":
                forms.append("ال" + stem)
            forms.append(stem)
    seen, result = set(), []
    for f in forms:
        if f != word and f not in seen:
            seen.add(f)
            result.append(f)
    return result


GULF_MONTHS: list[str] = DATA["months"]["gulf"]
LEVANT_MONTHS: list[str] = DATA["months"]["levant"]
WEEKDAYS: list[str] = DATA["weekdays"]
MONTH_PARTS: dict[str, str] = DATA["month_parts"]


def month_numbers() -> dict[str, int]:
    """Normalised month name (either calendar, and common variants) → month number."""
    table = {}
    for names in (GULF_MONTHS, LEVANT_MONTHS):
        for i, name in enumerate(names, start=1):
            table[normalize(name)] = i
    for name, number in DATA["months"]["variants"].items():
        table[normalize(name)] = number
    return table
