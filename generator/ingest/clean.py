"""Strip what a news site wraps around an article, line by line, and say why each line went.

A copied page is the article's lines (headline, dateline, body, subheadings) mixed with page
furniture: headline tickers, "شاهد ايضاً" links, related-news blocks, share buttons, image
widgets and placeholders, logos, menus, photo captions, repeated headlines. Each raw line is
classified on its own text, then two context rules run: a related-news header swallows the
teasers after it until the article resumes (`_block_ends`), and a line glued to a "Loading..."
image placeholder is the photo's alt text or caption. Nothing is rewritten: kept lines stay
verbatim, so quotes taken from the cleaned text are the article's own words.

The cleaned text follows data/articles/CLEANING.md: kept lines in raw order, one empty line where
the raw had blank lines between two kept lines, a final newline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..arabic import normalize
from . import lexicon as lx
from .datefinder import first_full_date


@dataclass(frozen=True)
class Removal:
    line: int           # 1-based, as `cat -n` numbers the raw text
    text: str
    reason: str


@dataclass
class Cleaned:
    raw_lines: list[str]
    kept: list[int] = field(default_factory=list)          # 1-based line numbers
    removed: list[Removal] = field(default_factory=list)

    @property
    def text(self) -> str:
        out: list[str] = []
        for n, line in self.text_lines().items():
            out.extend([""] * (line - len(out) - 1))
            out.append(self.raw_lines[n - 1])
        return "\n".join(out) + "\n" if out else ""

    def text_lines(self) -> dict[int, int]:
        """Raw line number of each kept line → its line number in the cleaned text."""
        mapping, line, previous = {}, 0, None
        for n in self.kept:
            if previous is not None and any(not self.raw_lines[i - 1].strip() for i in range(previous + 1, n)):
                line += 1
            line += 1
            mapping[n] = line
            previous = n
        return mapping

    def line(self, number: int) -> str:
        return self.raw_lines[number - 1]


def split_lines(raw: str) -> list[str]:
    """Raw lines as `cat -n` counts them (a last line without newline counts; CR dropped)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _fold_all(items) -> tuple[str, ...]:
    return tuple(normalize(i) for i in items)


_RELATED_PREFIXES = _fold_all(lx.RELATED_LINK_PREFIXES)
_BLOCK_HEADERS = frozenset(_fold_all(lx.RELATED_BLOCK_HEADERS))
_SHARE = frozenset(_fold_all(lx.SHARE_LINES))
_WIDGET = _fold_all(lx.IMAGE_WIDGET_PHRASES)
_SOURCE_LINK = _fold_all(lx.SOURCE_LINK_PHRASES)
_PLACEHOLDERS = frozenset(_fold_all(lx.IMAGE_PLACEHOLDERS))
_LOADING = frozenset(_fold_all(lx.LOADING_LINES))
_MENU = frozenset(_fold_all(lx.MENU_WORDS))
_CAPTION_MARKERS = _fold_all(lx.CAPTION_MARKERS)
_CREDITS = _fold_all(lx.PHOTO_CREDIT_AGENCIES)
_CONTINUATION = frozenset(_fold_all(lx.CONTINUATION_WORDS))

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_TICKER_GAP = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]{3,}")
_SHARE_BUTTONS = re.compile(r"^(?:facebook|twitter|x|linkedin|email|e-mail|whatsapp|telegram|messenger|"
                            r"pinterest|reddit|print|copy link|share|tumblr|viber|\s|[|•,·/])+$", re.I)
_EMBED = re.compile(r"pic\.twitter\.com/|twitter\.com/\w+/status|https?://t\.co/|"
                    r"—\s*[^—]{1,80}\(@\w{1,30}\)\s+\w+\s+\d{1,2},\s+\d{4}|"
                    r"view this post on instagram|a post shared by|instagram\.com/p/", re.I)
_CREDIT_AT_END = re.compile(r"\(([^()]{2,80})\)\s*\.?\s*$")
_TRAILING_PUNCT = re.compile(r"[\s:：؛;,،.\-–—…]+$")

TICKER_MIN_CHARS = 200
TICKER_MIN_SEGMENTS = 4
RESUME_MIN_CHARS = 40
SENTENCE_ENDS = ".!?؟»\"”)"


def _key(line: str) -> str:
    """A line folded for comparison: normalised, trailing colons and dots dropped."""
    return _TRAILING_PUNCT.sub("", normalize(line))


def _classify(line: str) -> str | None:
    """Why this line alone is junk, or None if it may be article text."""
    stripped = line.strip()
    key = _key(stripped)
    if len(stripped) >= TICKER_MIN_CHARS and len(_TICKER_GAP.split(stripped)) >= TICKER_MIN_SEGMENTS:
        return "headline ticker (unrelated headlines separated by runs of spaces)"
    if _EMBED.search(stripped):
        return "embedded social-media post"
    if key.startswith(_RELATED_PREFIXES) and key not in _BLOCK_HEADERS:
        return "link to another article («شاهد أيضاً» / «اقرأ أيضاً»)"
    if any(p in key for p in _WIDGET):
        return "image-report widget"
    if any(p in key for p in _SOURCE_LINK):
        return "link to the original source page"
    if key in _SHARE or _SHARE_BUTTONS.match(stripped):
        return "share buttons"
    if key in _LOADING:
        return "image placeholder (Loading...)"
    if key in _PLACEHOLDERS:
        return "image placeholder («صورة»)"
    if _is_logo(key):
        return "site logo"
    if _is_menu(stripped, key):
        return "site menu"
    if _is_caption(key):
        return "photo caption (credit line)"
    if not _ARABIC_LETTER.search(key) and first_full_date(stripped) is None:
        return "no Arabic text"
    return None


def _is_logo(key: str) -> bool:
    words = key.split()
    return 0 < len(words) <= 6 and (words[-1] in lx.LOGO_WORDS or words[0] == "شعار")


def _is_menu(stripped: str, key: str) -> bool:
    if " " not in key and len(key) >= 20:
        return sum(1 for w in _MENU if w in key) >= 3
    parts = [p.strip() for p in re.split(r"[|•·]|\s{2,}", stripped) if p.strip()]
    return len(parts) >= 3 and all(normalize(p) in _MENU for p in parts)


def _is_caption(key: str) -> bool:
    if key.startswith(_CAPTION_MARKERS):
        return True
    m = _CREDIT_AT_END.search(key)
    if not m:
        return False
    inside = m.group(1).strip()
    parts = [p.strip() for p in inside.split("/")]
    return any(p in _CREDITS for p in parts) and ("/" in inside or inside in _CREDITS)


def _block_header(line: str) -> str | None:
    key = _key(line.strip())
    return line.strip().rstrip(":： ") if key in _BLOCK_HEADERS else None


def _full_sentence(line: str) -> bool:
    """A paragraph of prose: long enough and ending like a sentence (teaser headlines do not)."""
    stripped = line.strip()
    return len(stripped) >= RESUME_MIN_CHARS and stripped[-1] in SENTENCE_ENDS


def _continues(line: str) -> bool:
    """Does the line open like a sentence that continues the article: و…/ف…/أما/كما…?"""
    words = _key(line.strip()).split()
    if not words:
        return False
    first = words[0]
    return first in _CONTINUATION or (first[0] in "وف" and len(first) >= 4 and first not in _MENU)


def _block_ends(line: str, previous: str) -> bool:
    """Does the article resume on this line, inside a related-news block?

    A block is its header and teasers: other stories' headlines (no final stop), each maybe
    with its summary (the full sentence under the headline), picture (placeholder, alt text)
    and section label. So a full sentence ends the block when it continues the article
    (و…/ف…/أما…), or when no teaser headline stands above it: straight under the header (the
    header headed nothing: «شاهد أيضاً» left above the lead) or under another full sentence (a
    teaser has one summary). Word overlap with the body was tried and does not separate the two.
    `previous` is the shape of the block's last line (see `_shape`).
    """
    return _full_sentence(line) and (_continues(line) or previous in ("header", "sentence"))


def _shape(line: str, junk: bool, previous: str) -> str:
    """The shape of a line inside a block: "sentence" for a summary under a teaser headline,
    "headline" for a line without a final stop, "other" for junk of its own (a placeholder, a
    menu) and for a sentence under it (the picture's alt text)."""
    if junk:
        return "other"
    if not _full_sentence(line):
        return "headline"
    return "sentence" if previous == "headline" else "other"


def clean_text(raw: str) -> Cleaned:
    """Classify every raw line; see the module docstring for the rules and their order."""
    lines = split_lines(raw)
    result = Cleaned(lines)
    reasons: dict[int, str] = {}
    seen: set[str] = set()
    block: str | None = None
    previous = "header"                  # the shape of the block's last line (`_shape`)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        key = _key(line)
        reason = _classify(line)
        header = _block_header(line)
        if header:
            block, previous = header, "header"
            reason = reason or f"related-news block header («{header}»)"
        elif block is not None:
            if reason is None and _block_ends(line, previous):
                block = None
            else:
                previous = _shape(line, reason is not None, previous)
                reason = reason or f"teaser in a related-news block («{block}»)"
        if reason is None and key in seen and len(key.split()) >= 2:
            reason = "repeated line (identical to an earlier line)"
        seen.add(key)
        if reason:
            reasons[number] = reason
    _glued_to_placeholders(lines, reasons)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if number in reasons:
            result.removed.append(Removal(number, line, reasons[number]))
        else:
            result.kept.append(number)
    return result


def _glued_to_placeholders(lines: list[str], reasons: dict[int, str]) -> None:
    """A sentence directly above or below a "Loading..." image placeholder describes the image.

    Alt texts and captions are full descriptive sentences ("طفل يرتدي سترة …، في خلفية مظلمة.");
    a headline (no full stop) or a paragraph that continues the article (و…/ف…) is left alone.
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip() or _key(line) not in _LOADING:
            continue
        for other in (number - 1, number + 1):
            if not (1 <= other <= len(lines)) or other in reasons:
                continue
            text = lines[other - 1].strip()
            words = _key(text).split()
            if text.endswith(".") and words and not (words[0] in _CONTINUATION or words[0][0] in "وف"):
                reasons[other] = "photo alt text or caption (next to an image placeholder)"
