"""Whole-site test on a small corpus: mkdocs --strict, RTL Arabic, no outside requests, data files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, Project, make_project
from sitecheck import broken_internal_links, external_requests, parse


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    project = make_project(tmp_path_factory.mktemp("site"))
    result = project.run("site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def test_mkdocs_strict_build_is_clean(built: Project):
    assert (built.root / "site" / "index.html").exists()


def test_a_warning_from_mkdocs_fails_the_site_and_keeps_the_previous_one(built: Project, tmp_path):
    """MkDocs ran with `--quiet`, which in 1.6 hides warnings from strict mode: a hand-written page
    linking to no page was published with exit status 0."""
    project = Project(tmp_path / "p")
    shutil.copytree(built.root, project.root, symlinks=True)
    before = os.readlink(project.root / "site")
    project.write("docs/notes.md", "# ملاحظات\n\n[رابط](missing-page.md)\n")
    result = project.run("site")
    assert result.returncode != 0
    assert "missing-page.md" in result.stderr and "the previous site/ is untouched" in result.stderr
    assert os.readlink(project.root / "site") == before


def test_an_article_address_is_a_working_link_as_the_curator_wrote_it(tmp_path):
    """The address was escaped twice (`&amp;amp;`, `<bdi>` inside the autolink) and shown as text."""
    project = make_project(tmp_path)
    path = project.data / "articles" / "alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "\ntitle:", '\nurl: "https://example.com/news?id=1&x=2|y"\ntitle:', 1), encoding="utf-8")
    result = project.run("site")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project.root / "site" / "sources" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert '<a dir="ltr" href="https://example.com/news?id=1&amp;x=2%7Cy">' in html or \
        '<a href="https://example.com/news?id=1&amp;x=2%7Cy" dir="ltr">' in html


def test_every_record_has_its_page(built: Project):
    site = built.root / "site"
    for rel in ["actors/iran", "actors/embassy", "places/damascus", "places/syria", "events/withdrawal",
                "events/embassy-emptied", "events/denial", "sources/alpha", "sources/beta",
                "dates/2024-12-05", "dates/2024-12-06", "dates/2024-12-07",
                "chronology/2024-12", "disputes", "actors", "places", "sources", "chronology"]:
        assert (site / rel / "index.html").exists(), rel


def test_pages_are_arabic_right_to_left(built: Project):
    for page in (built.root / "site").rglob("*.html"):
        attrs = parse(page).root_attrs
        assert attrs.get("lang") == "ar" and attrs.get("dir") == "rtl", page


def test_no_page_carries_a_hidden_colour_scheme_switch(built: Project):
    """With one colour scheme given as a list, Material wrote a 0×0 radio input into every header:
    an invisible Tab stop (the third on every page) that switched nothing."""
    for page in (built.root / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'name="__palette"' not in html and 'id="__palette_' not in html, page
    home = (built.root / "site" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-color-primary="blue-grey"' in home


def test_section_permalinks_are_named_for_screen_readers(built: Project):
    """A permalink's text is «#»: it was announced as «#»."""
    found = 0
    for page in (built.root / "site").rglob("index.html"):
        for link in re.findall(r'<a class="headerlink"[^>]*>', page.read_text(encoding="utf-8")):
            assert 'aria-label="رابط ثابت لهذا القسم"' in link, (page, link)
            found += 1
    assert found > 20


def test_the_site_requests_nothing_outside_itself(built: Project):
    assert external_requests(built.root / "site") == {}


def test_no_internal_link_is_broken(built: Project):
    assert broken_internal_links(built.root / "site") == []


def test_links_go_both_ways(built: Project):
    site = built.root / "site"
    actor = (site / "actors" / "embassy" / "index.html").read_text(encoding="utf-8")
    event = (site / "events" / "embassy-emptied" / "index.html").read_text(encoding="utf-8")
    day = (site / "dates" / "2024-12-05" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../events/embassy-emptied/"' in actor
    assert 'href="../../actors/embassy/"' in event
    assert 'href="../../dates/2024-12-05/"' in event
    assert 'href="../../events/embassy-emptied/"' in day
    parent = (site / "actors" / "iran" / "index.html").read_text(encoding="utf-8")
    assert 'href="../embassy/"' in parent                     # part_of, seen from the parent


def test_a_range_shows_apart_on_the_day_pages_inside_it_and_makes_none(built: Project):
    """The denial is dated 7–8 December: 7 December has a page (an article was published that
    day) and lists it under the period heading; 8 December has nothing dated to it, so no page."""
    site = built.root / "site"
    html = (site / "dates" / "2024-12-07" / "index.html").read_text(encoding="utf-8")
    dated, _, during = html.partition("أحداث في فترة تشمل هذا اليوم")
    assert 'href="../../events/denial/"' in during and 'href="../../events/denial/"' not in dated
    assert "فترة" in during
    assert not (site / "dates" / "2024-12-08").exists()
    event = (site / "events" / "denial" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../chronology/2024-12/"' in event and 'href="../../dates/2024-12-07/"' in event


def test_date_pages_link_to_previous_and_next(built: Project):
    html = (built.root / "site" / "dates" / "2024-12-06" / "index.html").read_text(encoding="utf-8")
    assert 'href="../2024-12-05/"' in html and 'href="../2024-12-07/"' in html


def test_denial_shows_as_a_dispute_on_the_event_it_denies(built: Project):
    html = (built.root / "site" / "events" / "embassy-emptied" / "index.html").read_text(encoding="utf-8")
    assert "روايات متعارضة" in html
    assert "نفى المتحدث أن تكون السفارة قد أُخليت" in html
    assert 'href="../denial/"' in html


def test_two_articles_relaying_the_same_paper_count_once(built: Project):
    events = json.loads((built.root / "site" / "data" / "events.json").read_text(encoding="utf-8"))
    withdrawal = next(e for e in events if e["id"] == "withdrawal")
    assert len(withdrawal["reports"]) == 2
    assert withdrawal["independent_sources"] == 1


def test_machine_readable_data_is_published(built: Project):
    data = built.root / "site" / "data"
    events = json.loads((data / "events.json").read_text(encoding="utf-8"))
    e = next(e for e in events if e["id"] == "embassy-emptied")
    assert e["date"] == {"start": "2024-12-05", "end": "2024-12-05", "precision": "day",
                         "as_written": "2024-12-05", "time": "evening"}
    assert e["actors"] == [{"id": "embassy", "name": "السفارة الإيرانية في دمشق", "role": "subject"}]
    assert e["places"] == [{"id": "damascus", "name": "دمشق", "role": "location"}]
    assert e["reports"][1]["stance"] == "denies"
    assert e["reports"][1]["via"] == [{"id": "spokesman", "name": "المتحدث باسم الخارجية"}]
    assert e["url"] == "/events/embassy-emptied/"
    entities = json.loads((data / "entities.json").read_text(encoding="utf-8"))
    damascus = next(x for x in entities if x["id"] == "damascus")
    assert {k: damascus[k] for k in ("type", "kind", "name", "url")} == \
        {"type": "place", "kind": "city", "name": "دمشق", "url": "/places/damascus/"}
    articles = json.loads((data / "articles.json").read_text(encoding="utf-8"))
    assert {a["id"]: a["published"] for a in articles} == {"alpha": "2024-12-07", "beta": None}
    raw = (data / "events.csv").read_text(encoding="utf-8")
    assert raw.startswith("\ufeff")                            # spreadsheets then read it as UTF-8
    csv_text = raw[1:]
    assert csv_text.splitlines()[0].startswith("id,start,end,precision,as_written,approximate,time,label,kind,title,summary")
    assert "أُخليت السفارة الإيرانية في دمشق." in csv_text      # Arabic as is, not escaped


def test_an_event_is_named_by_its_headline_and_told_by_its_summary(built: Project):
    """The headline labels the event wherever it is listed (tables, lists, timelines, search, feed,
    JSON-LD); the summary opens its page, describes it to link previews and stays in the data."""
    site = built.root / "site"
    headline, summary = "إخلاء السفارة الإيرانية في دمشق", "أُخليت السفارة الإيرانية في دمشق."
    page = (site / "events" / "embassy-emptied" / "index.html").read_text(encoding="utf-8")
    assert f"<title>{headline} - " in page and f'<meta name="description" content="{summary}"' in page
    assert re.search(rf'<h1[^>]*>{headline}<a class="headerlink"|<h1[^>]*>{headline}</h1>', page)
    assert re.search(rf"</h1>\s*<p>{re.escape(summary)}</p>", page)
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert (ld["name"], ld["description"]) == (headline, summary)
    for rel in ["actors/embassy", "places/damascus", "dates/2024-12-05", "sources/alpha", "chronology/2024-12"]:
        html = (site / rel / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'href="[./]*events/embassy-emptied/"[^>]*>{headline}</a>', html), rel
        assert summary not in html, rel                         # lists show the headline, not the account
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert f"<title>{headline}</title>" in feed
    event = next(e for e in json.loads((site / "data" / "events.json").read_text(encoding="utf-8"))
                 if e["id"] == "embassy-emptied")
    assert (event["title"], event["summary"]) == (headline, summary)
    docs = [d for f in sorted((site / "search" / "d").glob("*.json"))
            for d in json.loads(f.read_text(encoding="utf-8")) if d]
    found = next(d for d in docs if "events/embassy-emptied/" in json.dumps(d, ensure_ascii=False))
    assert headline in json.dumps(found, ensure_ascii=False) and summary in json.dumps(found, ensure_ascii=False)


def test_generated_pages_are_not_listed_in_the_navigation(built: Project):
    html = (built.root / "site" / "index.html").read_text(encoding="utf-8")
    assert "events/withdrawal" not in html.split('<div class="md-content"')[0]


def test_long_lists_split_into_part_pages_build_strict_with_working_links(tmp_path, monkeypatch):
    """Above their limits the events-by-kind, disputes and sources lists become indexes of part
    pages (listings.py) one folder deeper; with the limits lowered, the bundled corpus must still
    build with mkdocs --strict (mkdocs.yml keeps the part folders out of the navigation), every
    link must resolve, and each index must reach every record through its parts."""
    from conftest import ROOT
    from generator import listings
    from generator.build import build
    from generator.diagnostics import Diagnostics
    from generator.publish import publish_site

    monkeypatch.setattr(listings, "EVENTS_INLINE_MAX", 10)
    monkeypatch.setattr(listings, "DISPUTES_INLINE_MAX", 3)
    monkeypatch.setattr(listings, "SOURCES_INLINE_MAX", 2)
    monkeypatch.setattr(listings, "ENTITY_INLINE_MAX", 30)
    project = make_project(tmp_path, corpus=None)
    shutil.rmtree(project.data)
    shutil.copytree(ROOT / "data", project.data)
    build(project.root, Diagnostics())
    assert publish_site(project.root, quiet=True) == 0
    site = project.root / "site"
    assert broken_internal_links(site) == []

    for index, folder, records in (("events/index.md", "events/kinds", "events"),
                                   ("disputes.md", "events/disputes", "events"),
                                   ("sources/index.md", "sources/months", "sources")):
        text = project.page(index)
        parts = sorted({p for p in re.findall(r"\]\(\.?\.?/?([^()]+?\.md)\)", text) if p.startswith(folder + "/")})
        assert len(parts) >= 2, index
        reached = set()
        for part in parts:
            assert (site / part[:-3] / "index.html").exists(), part
            reached |= set(re.findall(rf"\]\(\.\./\.\./{records}/([a-z0-9-]+)\.md\)", project.page(part))) - {"index"}
        if index == "events/index.md":
            assert reached == {p.stem for p in (project.data / "events").glob("*.yaml")}
        elif index == "sources/index.md":
            assert reached == {p.stem for p in (project.data / "articles").glob("*.yaml")}
        else:
            assert len(reached) >= 7            # the 7 disputed events, and the denial events among the voices

    # Syria's page (58 events) becomes a summary with a table of months; its months list every
    # event that happened there, each once, and each month links back to the page
    text = project.page("places/syria.md")
    count = int(re.search(r"## الأحداث \((\d+)\)", text).group(1))
    months = re.findall(r"\]\(\.\./places/syria/([0-9a-z-]+)\.md\)", text)
    assert len(months) >= 3 and "](../events/" not in text       # no event table on the page itself
    listed = []
    for month in months:
        page = project.page(f"places/syria/{month}.md")
        assert "](../../places/syria.md)" in page
        table = page.split("## الأحداث", 1)[1].split("\n## ", 1)[0] if "## الأحداث" in page else ""
        listed += re.findall(r"\]\(\.\./\.\./events/([a-z0-9-]+)\.md\)", table)
    assert len(listed) == len(set(listed)) == count == 58


@pytest.mark.parametrize("page, tab", [
    ("actors/embassy", "الفاعلون"), ("places/damascus", "الأماكن"), ("sources/alpha", "المصادر"),
    ("events/withdrawal", "التسلسل الزمني"), ("dates/2024-12-05", "التسلسل الزمني"),
    ("chronology/2024-12", "التسلسل الزمني"), ("actors", "الفاعلون"), ("disputes", "الخلافات"), ("", "الرئيسية"),
])
def test_a_page_outside_the_navigation_lights_the_tab_of_its_section(built: Project, page, tab):
    html = (built.root / "site" / page / "index.html").read_text(encoding="utf-8")
    active = re.findall(r'md-tabs__item--active">\s*<a [^>]*>\s*([^<]*?)\s*</a>', html)
    assert active == [tab]
    rest = (built.root / "site" / "actors" / "embassy" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall("md-tabs__item--active", rest)) == 1       # the mark does not stay on later pages


def test_a_known_address_fills_the_sitemap_and_gives_canonical_links(tmp_path):
    """Without `site_url` MkDocs wrote an empty sitemap.xml and 404.html loaded its styles from the
    host's root («/assets/…»), unstyled under a sub-path; `DOSSIER_SITE_URL` gives it the address.
    The sitemap leaves out the pages of old ids, which only forward."""
    project = make_project(tmp_path)
    project.write("data/redirects.yaml", "- {from: old-withdrawal, to: withdrawal, type: event}\n")
    env = dict(os.environ, DOSSIER_SITE_URL="https://example.org/dossier/")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "site"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project.root / "site"
    locs = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    pages = list(site.rglob("index.html"))
    assert (site / "events" / "old-withdrawal" / "index.html") in pages       # it forwards: not listed
    assert len(locs) == len(pages) - 1 > 10 and not any("old-withdrawal" in x for x in locs)
    assert all(x.startswith("https://example.org/dossier/") for x in locs)
    event = (site / "events" / "withdrawal" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/dossier/events/withdrawal/">' in event
    assert 'href="/dossier/assets/dossier.css"' in (site / "404.html").read_text(encoding="utf-8")
