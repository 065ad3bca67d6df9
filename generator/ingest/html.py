"""Turn a saved web page into plain article text with trafilatura, before the line cleaning.

trafilatura (pinned in requirements.txt) finds the main text of a page offline, with no model to
download. It is imported only for HTML input, so plain-text drafting does not pay its import
time. The publication date is read only from the page's own metadata tags: trafilatura's date
guessing (htmldate) falls back to years found in the text, which is not a dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_META_DATE_KEYS = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                   "publish-date", "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    published: date | None
    url: str | None


def looks_like_html(path: Path, raw: str) -> bool:
    return path.suffix.lower() in HTML_SUFFIXES or raw.lstrip().startswith("<")


def extract_page(raw: str) -> Page:
    import trafilatura
    from lxml import html as lxml_html

    text = trafilatura.extract(raw, output_format="txt", include_comments=False, include_tables=False,
                               include_images=False, include_links=False, deduplicate=False) or ""
    metadata = trafilatura.extract_metadata(raw)
    title = (metadata.title or "").strip() if metadata else ""
    url = (metadata.url or None) if metadata else None
    published = None
    try:
        tree = lxml_html.fromstring(raw)
    except (ValueError, Exception):  # lxml raises several parser errors on fragments
        tree = None
    if tree is not None:
        published = _meta_date(tree)
    return Page(text, title or None, published, url)


def _meta_date(tree) -> date | None:
    candidates = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _META_DATE_KEYS:
            candidates.append(meta.get("content") or "")
    for node in tree.xpath('//*[@itemprop="datePublished"]'):
        candidates.append(node.get("content") or node.get("datetime") or "")
    for value in candidates:
        m = _ISO_DAY.match(value)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None
