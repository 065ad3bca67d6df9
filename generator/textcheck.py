"""Checks on text that will be shown to readers: ids, names, and invisible characters.

A name that mixes scripts inside a word (a Cyrillic "а" in an Arabic or Latin name) or hides
bidi controls can impersonate another entity on the page and in search; such input is refused.
Free text (summaries, quotes) may legitimately contain right-to-left marks copied from the web:
those are removed when rendered (see `markdown.py`), never interpreted.
"""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A record id written inside a curator's note: hyphenated, with a letter ("2011-2024" is a span).
# One-word ids (iran, afp) are not looked for: they read as words in Latin text.
ID_IN_TEXT = re.compile(r"(?<![A-Za-z0-9_-])(?=[0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)+(?![A-Za-z0-9_-])")
ID_MAX = 80
RESERVED_IDS = frozenset({"index", "assets", "data", "search"})

BIDI_CONTROLS = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
ZERO_WIDTH = frozenset(chr(c) for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD))
INVISIBLE = BIDI_CONTROLS | ZERO_WIDTH
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(INVISIBLE)) + "]")
_PLAIN = re.compile(r"^(?=.*\S)(?:[\u0621-\u064a\u0660-\u0669 0-9\-.,:!'’()«»،؛؟/]+|[A-Za-z0-9 \-.,:!?;'’()/&]+)$")

def id_problem(value: str) -> str | None:
    """Why `value` cannot be an id, or None. Ids are page addresses: a safe, boring alphabet."""
    if not ID_PATTERN.match(value):
        return (f"id '{_visible(value)}' must use lowercase Latin letters, digits and single hyphens "
                "(e.g. quds-force)")
    if len(value) > ID_MAX:
        return f"id is {len(value)} characters long; the limit is {ID_MAX}"
    if value in RESERVED_IDS:
        return f"id '{value}' is reserved for the site's own pages"
    return None


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff":
        return "arabic"
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    return name.split(" ")[0].lower() or "other"


def name_problem(value: str) -> str | None:
    """Why `value` cannot be a name or alias (invisible characters, mixed scripts), or None."""
    if _HIDDEN.search(value):
        hidden = sorted({f"U+{ord(c):04X}" for c in value if c in INVISIBLE or unicodedata.category(c) == "Cc"})
        return f"contains invisible or control characters ({', '.join(hidden)}); remove them"
    if _PLAIN.match(value):
        return None
    if not value.strip():
        return "is empty"
    for word in re.findall(r"\w+", value):
        scripts = {s for s in map(_script, word) if s}
        if len(scripts) > 1:
            return f"mixes scripts ({' and '.join(sorted(scripts))}) in the word '{word}'"
        if scripts and not scripts <= {"arabic", "latin"}:
            return f"uses {scripts.pop()} letters in '{word}'; names are written in Arabic or Latin script"
    return None


# C0 and C1 control characters (tab and line feed apart) and the two non-characters XML refuses:
# written as YAML escapes ("\x07"), they reached feed.xml and made it invalid XML.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def control_problem(value: str) -> str | None:
    """Why free text cannot hold `value` (control characters), or None. One regex scan."""
    if not _CONTROL.search(value):
        return None
    found = sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(value)})
    return f"contains control characters ({', '.join(found)}); remove them"


def _visible(value: str) -> str:
    return "".join(f"<U+{ord(c):04X}>" if c in INVISIBLE or not c.isprintable() else c for c in value)


_STRIP = {ord(c): None for c in INVISIBLE}
_ANY_INVISIBLE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


def strip_invisible(text: str) -> str:
    """`text` without invisible characters (a regex scan first: most texts have none)."""
    return text.translate(_STRIP) if _ANY_INVISIBLE.search(text) else text


def squash(text: str) -> str:
    """Runs of whitespace as one space, no invisible characters: the form in which a quote must
    occur in its article's text. `str.split()` splits on exactly what the regex `\\s+` matched
    (both use Python's Unicode whitespace test) at a fraction of the cost: every cited article's
    text is squashed, ~1 s of a 10,000-article build with the regex."""
    return " ".join(strip_invisible(text).split())
