"""Text from articles is data: it must never become markup, links, includes or HTML by accident.

Every `{{ value }}` in a template passes through `escape` (wired as Jinja's `finalize`) unless
the template marks it as trusted `Markup` (links the generator built itself). Escaping:
- removes bidi overrides/isolates and zero-width characters that could re-order what is shown,
- folds line breaks into spaces, so a value can never start a Markdown block (heading, list,
  admonition `!!!`, snippet `--8<--`, front matter `---`, table, footnote definition),
- backslash-escapes every character Python-Markdown and the enabled extensions treat as syntax,
- turns `<`, `>` and `&` into entities, so no HTML element or entity is created by data,
- wraps runs of Latin script in <bdi> so the bidi algorithm keeps them intact inside Arabic.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

from .textcheck import BIDI_CONTROLS, ZERO_WIDTH

_INVISIBLE = {ord(c): None for c in (BIDI_CONTROLS | ZERO_WIDTH) - {"\u200c"}}
_NEWLINES = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_NEEDS_CLEANING = re.compile("[\r\n\u2028\u2029\x0b\x0c\x85" + "".join(sorted(map(chr, _INVISIBLE))) + "]")
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|:~^=\"'$%]")
# Latin letters with their accented forms (Türkiye, Ḥamāh), the signs × and ÷ left out.
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
# A run starts at a letter or at digits joined to one ("25th Division"): left outside, the digits
# were placed by the bidi algorithm on the far side of the run («th Division25»).
_LATIN_RUN = re.compile(f"[0-9]*[{_LATIN}](?:[{_LATIN}0-9 .,'’&@/_-]*[{_LATIN}0-9])?")
# Most text holds no Latin letter: one scan for one says so ~5x faster than looking for runs,
# whose leading [0-9]* is tried at every position.
_ANY_LATIN = re.compile(f"[{_LATIN}]")


def clean(text: str) -> str:
    """Drop invisible direction/zero-width characters and fold line breaks; no escaping.

    Almost no text holds any of them: one regex scan is ~10x cheaper than `str.translate` with a
    dict (called ~10^6 times at 10,000 articles). The result is always a plain `str`: a `Markup`
    would escape the arguments of every later `.replace`."""
    text = str.__str__(text) if isinstance(text, str) else str(text)
    if _NEEDS_CLEANING.search(text) is None:
        return text.strip()
    return _NEWLINES.sub(" ", text.translate(_INVISIBLE)).strip()


def _backslashed(found: re.Match) -> str:
    return "\\" + found.group()


def _escape_plain(text: str) -> str:
    """A function as the replacement: with the template `\\\1` each match was expanded by the
    template machinery, ~2x slower over the ~100,000 quotes of 10,000 articles."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(_backslashed, text)


def escape(value: object) -> str:
    """Make any value literal text in Markdown (see module docstring). Plain `str` is tested first:
    it is most of the ~4.6 million values printed at 10,000 articles."""
    if type(value) is str:
        return _escape_text(value)
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    return _escape_text(str(value))


@lru_cache(maxsize=200_000)
def _escape_text(value: str) -> str:
    """Names and labels repeat on thousands of pages: escape each distinct string once."""
    text = clean(value)
    if _ANY_LATIN.search(text) is None:
        return _escape_plain(text)
    out, pos = [], 0
    for m in _LATIN_RUN.finditer(text):
        out.append(_escape_plain(text[pos:m.start()]))
        out.append(f'<bdi dir="ltr">{_escape_plain(m.group())}</bdi>')
        pos = m.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def escape_cache_clear() -> None:
    _escape_text.cache_clear()


def escape_attr(value: object) -> str:
    """Text for an HTML attribute value inside raw HTML written by templates."""
    text = clean(str(value))
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;")
            .replace("<", "&lt;").replace(">", "&gt;"))


def href(url: object) -> Markup:
    """An address for an `href` in raw HTML a template writes: characters a URL may not hold as
    they are (spaces, `|`, which would end a Markdown table cell, quotes, angle brackets) are
    percent-encoded, then the rest is escaped for the attribute. Trusted (`Markup`), so Jinja's
    `finalize` does not escape it again: an `&` in an article's address became `&amp;amp;`."""
    from urllib.parse import quote

    return Markup(escape_attr(quote(clean(str(url)), safe=":/?#[]@!$&'()*+,;=%~")))


def yaml_string(value: object) -> str:
    """A value for the front matter (JSON is valid YAML; quotes and newlines are escaped)."""
    import json

    return json.dumps(clean(str(value)), ensure_ascii=False)
