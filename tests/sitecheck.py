"""Checks on a built site/ shared by the whole-site tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

REQUEST_ATTRS = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                 ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.requests: list[str] = []
        self.links: list[str] = []
        self.root_attrs: dict[str, str] = {}
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.root_attrs = {k: v or "" for k, v in attrs.items()}
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for (t, a) in REQUEST_ATTRS:
            if tag == t and attrs.get(a):
                if tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
                    continue
                self.requests.append(attrs[a])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def external_requests(site: Path) -> dict[str, list[str]]:
    """Resources a page would fetch from outside the site (scripts, styles, images, frames)."""
    found = {}
    for page in site.rglob("*.html"):
        outside = [u for u in parse(page).requests if EXTERNAL.match(u) or u.startswith("data:") is False and u.startswith("http")]
        if outside:
            found[str(page.relative_to(site))] = outside
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if EXTERNAL.match(url):
                found.setdefault(str(css.relative_to(site)), []).append(url)
    return found


def broken_internal_links(site: Path) -> list[str]:
    broken = []
    for page in site.rglob("*.html"):
        for href in parse(page).links:
            if EXTERNAL.match(href) or href.startswith(("mailto:", "#", "javascript:")):
                continue
            target = href.split("#")[0].split("?")[0]
            if not target:
                continue
            path = (site / target.lstrip("/")) if target.startswith("/") else (page.parent / target)
            path = path.resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(site)} → {href}")
    return broken


class _ContentLinks(HTMLParser):
    """The links inside the page's <article> (the content, not the theme's header and navigation,
    which link the current page as Material intends)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif tag == "a" and self.depth and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1


def links_to_itself(site: Path) -> list[str]:
    """Content links whose target is the page they are on (not a section of it): a reader clicks
    and nothing happens."""
    found = []
    for page in site.rglob("*.html"):
        collector = _ContentLinks()
        collector.feed(page.read_text(encoding="utf-8"))
        for href in collector.links:
            if EXTERNAL.match(href) or href.startswith(("mailto:", "#", "javascript:")) or "#" in href:
                continue
            target = (page.parent / href.split("?")[0]).resolve()
            if target.is_dir():
                target = target / "index.html"
            if target == page.resolve():
                found.append(f"{page.relative_to(site)} → {href}")
    return found
