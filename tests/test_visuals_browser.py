"""The home, an actor and a place page in real headless Chromium: the timeline, relations graph and
map render, the layout is right to left, and no request leaves the site. Screenshots are kept in
tests/artifacts/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import serve
from conftest import Project

ARTIFACTS = Path(__file__).parent / "artifacts"
PAGES = [("home", "", ["svg.dossier-timeline"]),
         ("actor", "actors/hezbollah/", ["svg.dossier-graph", "svg.dossier-timeline"]),
         ("place", "places/aleppo/", ["svg.dossier-map", "svg.dossier-timeline"]),
         ("places-index", "places/", ["svg.dossier-map"]),
         ("event", "events/fatemiyoun-leave-syria/", ["svg.dossier-map"])]


@pytest.fixture(scope="module")
def site(bundled: Project):
    with serve(bundled.root / "site") as base:
        yield base


@pytest.mark.parametrize("name, path, figures", PAGES, ids=[p[0] for p in PAGES])
def test_visuals_render_right_to_left_with_no_outside_request(site, chromium, name, path, figures):
    context = chromium.new_context(viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    requests, failed = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(site + path, wait_until="networkidle")
    for selector in figures:
        box = page.locator(selector).first.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 60, (selector, box)
        marks = page.locator(f"{selector} a").count()
        assert marks >= 2, f"{selector} has {marks} linked marks"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    logo = page.locator(".md-header .md-logo").first.bounding_box()
    search = page.locator("#dossier-search-input").bounding_box()
    assert logo["x"] > 1280 * 0.8 and search["x"] < 1280 / 2, "RTL: logo on the right, search on the left"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert all(u.startswith(site) for u in requests), [u for u in requests if not u.startswith(site)]
    assert not failed, failed
    context.close()


@pytest.mark.parametrize("path", ["", "actors/iran/", "actors/hezbollah/", "places/syria/", "sources/"])
def test_event_tables_fit_the_content_column_at_1280px(site, chromium, path):
    """Every column shows without scrolling sideways: the last one of the seven-column event tables is
    the dispute flag, and it was scrolled out of view behind the contents sidebar."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site + path, wait_until="networkidle")
    widths = page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
        .map(w => [w.querySelector('thead') ? w.querySelector('thead').textContent.trim().slice(0, 40) : '',
                   w.scrollWidth, w.clientWidth])""")
    context.close()
    assert widths, "no table on the page"
    assert [w for w in widths if w[1] > w[2] + 1] == [], widths


def test_the_home_timeline_stays_readable_on_a_phone(site, chromium):
    """Scaled to a 375 px screen, the timeline's axis labels were ~4 px high: it keeps a readable
    size and its box scrolls sideways; bars that run past the window end in an arrowhead."""
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site, wait_until="networkidle")
    sizes = page.evaluate("""() => {
        const svg = document.querySelector('svg.dossier-timeline');
        const box = svg.parentElement;
        const label = svg.querySelector('text').getBoundingClientRect();
        return [box.scrollWidth, box.clientWidth, label.height, getComputedStyle(box).overflowX,
                svg.querySelectorAll('path[d*="l6 4.5l-6 4.5z"]').length];
    }""")
    context.close()
    scroll_width, client_width, label_height, overflow, arrows = sizes
    assert scroll_width > client_width and overflow == "auto", sizes
    assert label_height >= 7, f"axis labels {label_height:.1f} px high"
    assert arrows >= 1, "no bar of the home timeline is marked as running past the window"


def test_the_relations_graph_stays_readable_on_a_phone(site, chromium):
    """Scaled to 375 px, the graph's names were ~5 px high."""
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site + "actors/javad-ghaffari/", wait_until="networkidle")
    size = page.evaluate("""() => {
        const svg = document.querySelector('svg.dossier-graph');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return scale * parseFloat(getComputedStyle(svg.querySelector('text')).fontSize);
    }""")
    context.close()
    assert size >= 8, f"names drawn at {size:.1f} px"


def test_a_dispute_mark_in_an_event_table_is_visible_on_a_phone(site, chromium):
    """The mark had its own last column, behind the table's horizontal scroll at 375 px."""
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site + "chronology/2024-12/", wait_until="networkidle")
    marks = page.evaluate("""() => [...document.querySelectorAll('article table td strong')]
        .filter(s => s.textContent.includes('متنازع عليه'))
        .map(s => { const r = s.getBoundingClientRect(); return [r.left, r.right]; })""")
    context.close()
    assert len(marks) >= 5 and all(0 <= left and right <= 375 for left, right in marks), marks


@pytest.mark.parametrize("path", ["actors/irgc/", "actors/javad-ghaffari/", "actors/iran/"])
def test_relations_graph_names_stay_inside_it_and_apart(site, chromium, path):
    """Names at the sides were cut by the picture's edge («…ظفون السوريون في القسم القنصلي»), and
    eight names in the row below ran into each other."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + path, wait_until="networkidle")
    found = page.evaluate("""() => {
        const svg = document.querySelector('svg.dossier-graph');
        const frame = svg.getBoundingClientRect();
        const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
        const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
        const out = [];
        boxes.forEach(([name, box], i) => {
            if (box.left < frame.left || box.right > frame.right) out.push(name + ' / the edge');
            boxes.slice(i + 1).forEach(([other, b]) => { if (meet(box, b)) out.push(name + ' / ' + other); });
        });
        return [boxes.length, out];
    }""")
    context.close()
    names, problems = found
    assert names >= 5 and problems == [], found


@pytest.mark.parametrize("path", ["actors/irgc/", "actors/iran/", "actors/javad-ghaffari/"])
def test_no_line_of_the_relations_graph_shows_through_a_name(site, chromium, path):
    """Lines up to 6 units wide ran through the actor's own name under the middle and through the
    names of the ring (a 3-unit halo hid them only right round the letters): they read struck
    through. With the names hidden, the picture is blank inside every name's box."""
    import base64

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + path, wait_until="networkidle")
    page.add_style_tag(content="svg.dossier-graph text { visibility: hidden !important; }")
    graph = page.locator("svg.dossier-graph")
    graph.scroll_into_view_if_needed()
    png = base64.b64encode(graph.screenshot()).decode()
    found = page.evaluate("""async (png) => {
        const svg = document.querySelector('svg.dossier-graph');
        const frame = svg.getBoundingClientRect();
        const image = new Image();
        image.src = 'data:image/png;base64,' + png;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width; canvas.height = image.height;
        const g = canvas.getContext('2d');
        g.drawImage(image, 0, 0);
        return [...svg.querySelectorAll('text')].map(t => {
            const r = t.getBoundingClientRect();      // less 2 px all round: the edges are anti-aliased
            const x = Math.ceil(r.left - frame.left + 2), y = Math.ceil(r.top - frame.top + 2);
            const w = Math.floor(r.width - 4), h = Math.floor(r.height - 4);
            const px = g.getImageData(x, y, w, h).data;
            let inked = 0;
            for (let i = 0; i < px.length; i += 4) if (Math.min(px[i], px[i + 1], px[i + 2]) < 215) inked++;
            return [t.textContent, inked];
        });
    }""", png)
    context.close()
    assert len(found) >= 5 and [f for f in found if f[1]] == [], found


def test_the_relations_graph_starts_at_its_middle_on_a_phone(site, chromium):
    """At 375 px the 800 px graph sits in a 343 px box scrolled right to left: it started at its
    right edge, the actor in the middle and everything left of it out of view with no sign of them.
    It starts at its middle now, the actor in view, and its legend stays in view."""
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site + "actors/iran/", wait_until="networkidle")
    found = page.evaluate("""() => {
        const svg = document.querySelector('svg.dossier-graph');
        const box = svg.parentElement.getBoundingClientRect();
        const middle = svg.querySelector(':scope > circle').getBoundingClientRect();
        const legend = svg.parentElement.querySelector('.dossier-legend').getBoundingClientRect();
        return {box: [box.left, box.right], middle: (middle.left + middle.right) / 2,
                legend: [legend.left, legend.right], scroll: svg.parentElement.scrollLeft,
                extra: svg.parentElement.scrollWidth - svg.parentElement.clientWidth};
    }""")
    context.close()
    (left, right), middle = found["box"], found["middle"]
    assert found["extra"] > 100, found                       # it does scroll sideways
    assert abs(middle - (left + right) / 2) < 20, found      # the actor in the middle of the box
    assert left - 1 <= found["legend"][0] and found["legend"][1] <= right + 1, found


@pytest.mark.parametrize("width, shown", [(375, 2), (1280, 0)])
def test_a_figure_wider_than_the_screen_says_it_scrolls(site, chromium, width, shown):
    """On a phone the graph and the timeline scroll sideways, cut at both edges, and nothing said
    so. A line above each says it, at the widths where it is true only."""
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site + "actors/iran/", wait_until="networkidle")
    found = page.evaluate("""() => [...document.querySelectorAll('.dossier-scroll-hint')].map(p => ({
        visible: p.getBoundingClientRect().height > 0, text: p.textContent,
        next: p.nextElementSibling.querySelector(':scope > svg').getAttribute('class'),
        wider: p.nextElementSibling.scrollWidth > p.nextElementSibling.clientWidth + 1}))""")
    context.close()
    assert sorted(f["next"] for f in found) == ["dossier-graph", "dossier-timeline"], found
    assert [f for f in found if f["visible"]] == [f for f in found if f["wider"]], found
    assert len([f for f in found if f["visible"]]) == shown, found
    assert all("اسحبه جانباً" in f["text"] for f in found)


@pytest.mark.parametrize("path, figures", [("", 1), ("actors/iran/", 2), ("places/aleppo/", 2),
                                           ("events/hts-captures-homs/", 1)])
def test_figures_add_no_tab_stops_and_are_groups_of_links(site, chromium, path, figures):
    """Every mark was a focusable link inside <svg role="img">: the home page's timeline added 157
    Tab stops, Iran's page 18 for the graph and 28 for the timeline, to links an image's role hides
    from assistive technology anyway. Tab steps over a figure now (its events are listed as text),
    and the figure is a named group whose links assistive technology can still see."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + path, wait_until="networkidle")
    svgs = page.locator("svg[class^='dossier-']")
    assert svgs.count() == figures
    landed = []
    for i in range(figures):
        page.evaluate("""(i) => {            // a stop just before the figure; Tab from it
            const svg = document.querySelectorAll("svg[class^='dossier-']")[i];
            const before = document.createElement('button');
            before.id = 'before-figure';
            svg.parentElement.before(before);
            before.focus();
        }""", i)
        page.keyboard.press("Tab")
        landed.append(page.evaluate("""(i) => {
            const svg = document.querySelectorAll("svg[class^='dossier-']")[i];
            document.getElementById('before-figure').remove();
            return [svg.contains(document.activeElement), svg.querySelectorAll('a').length,
                    [...svg.querySelectorAll('a')].filter(a => a.tabIndex >= 0).length];
        }""", i))
        landed[-1].append(svgs.nth(i).aria_snapshot())
    context.close()
    assert all(marks >= 1 and not inside and tabbable == 0 for inside, marks, tabbable, _ in landed), \
        [f[:3] for f in landed]
    for *_, snapshot in landed:
        assert snapshot.startswith("- group ") and "- link " in snapshot, snapshot[:200]


@pytest.mark.parametrize("path", ["places/", "places/homs/", "places/damascus/"])
def test_map_names_neither_overlap_nor_cover_a_dot(site, chromium, path):
    """Names were drawn wherever they fell: حلب over مطار النيرب العسكري, دمشق over السيدة زينب."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + path, wait_until="networkidle")
    clashes = page.evaluate("""() => {
        const svg = document.querySelector('svg.dossier-map');
        const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
        const dots = [...svg.querySelectorAll('circle')].map(c => c.getBoundingClientRect());
        const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
        const out = [];
        boxes.forEach(([name, box], i) => {
            boxes.slice(i + 1).forEach(([other, b]) => { if (meet(box, b)) out.push(name + ' / ' + other); });
            dots.forEach(d => { if (meet(box, d)) out.push(name + ' / a dot'); });
        });
        return [boxes.length, out];
    }""")
    context.close()
    names, overlaps = clashes
    assert names >= 3 and overlaps == [], clashes


EDGE_MAPS = ["places/latakia-port/", "places/hmeimim-air-base/", "places/al-qaim/", "places/iraq/", "places/lebanon/",
             "places/tehran/", "events/haj-javad-evacuated-via-hmeimim/", "events/iran-begins-evacuation-from-syria/",
             "events/iranian-fighters-evacuated-via-hmeimim/", "places/", "places/homs/"]


@pytest.mark.parametrize("width", [1280, 375])
def test_map_names_stay_inside_the_map(site, chromium, width):
    """A name left of the westernmost dot ran past the map's edge: «ميناء اللاذقية» read «ميناء
    اللاذ», «قاعدة حميميم» «قاعدة حمي». Every name's drawn box lies inside the map's."""
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    outside, names = [], 0
    for path in EDGE_MAPS:
        page.goto(site + path, wait_until="load")
        found = page.evaluate("""() => {
            const svg = document.querySelector('svg.dossier-map');
            const frame = svg.getBoundingClientRect();
            const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
            return [boxes.length, boxes.filter(([, b]) => b.left < frame.left - 0.5 || b.right > frame.right + 0.5
                                                       || b.top < frame.top - 0.5 || b.bottom > frame.bottom + 0.5)
                                       .map(([name, b]) => [name, Math.round(b.left), Math.round(b.right),
                                                            Math.round(frame.left), Math.round(frame.right)])];
        }""")
        names += found[0]
        outside += [[path, *o] for o in found[1]]
    context.close()
    assert names >= 2 * len(EDGE_MAPS) and outside == [], outside


def test_zoomed_maps_keep_country_names_and_borders_at_a_readable_size(site, chromium):
    """The base map was one picture scaled with each map's crop: zoomed ~8× on Homs or Aleppo its
    9-unit country names were letters ~50 px high cut by the edge («وريا») and its borders 4.5 px
    wide. On maps zoomed 1.3× to 8.4×, the borders (in the base map drawn for that zoom) stay
    under 1.3 px on screen, the base map has no names, and the map's own country names are 8–20 px."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for path in ["events/hts-captures-homs/", "events/pourhashemi-killed-in-aleppo/", "places/latakia-port/", "places/"]:
        page.goto(site + path, wait_until="load")
        found[path] = page.evaluate("""async () => {
            const svg = document.querySelector('svg.dossier-map');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const image = svg.querySelector('image');
            const base = new DOMParser().parseFromString(await (await fetch(image.href.baseVal, {cache: 'no-store'})).text(),
                                                         'image/svg+xml');
            const widths = [...base.querySelectorAll('[stroke-width]')].map(e => parseFloat(e.getAttribute('stroke-width')));
            const names = [...svg.querySelectorAll('.dossier-countries text')]
                .map(t => [t.textContent, t.getBoundingClientRect().height]);
            return {zoom: svg.viewBox.baseVal.width, borders: widths.map(w => w * scale),
                    baseNames: base.querySelectorAll('text').length, names};
        }""")
    context.close()
    for path, f in found.items():
        assert f["borders"] and all(0.4 <= w <= 1.3 for w in f["borders"]), (path, f)
        assert f["baseNames"] == 0, (path, f)
        assert f["names"] and all(8 <= h <= 20 for _, h in f["names"]), (path, [n for n in f["names"] if not 8 <= n[1] <= 20])
    assert "سوريا" in [n for n, _ in found["events/hts-captures-homs/"]["names"]], found


@pytest.mark.parametrize("path", ["", "chronology/2024-12/", "actors/iran/", "places/homs/", "sources/"])
def test_tables_are_one_block_per_row_on_a_phone(site, chromium, path):
    """At 375 px the seven-column event tables left the date ~55 px wide and scrolled the places and
    sources out of view. Each row is a block now: the headline whole, then each cell under its
    column's heading (no header row to look up)."""
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site + path, wait_until="networkidle")
    tables = page.evaluate("""() => [...document.querySelectorAll('article table')]
        .filter(t => t.querySelectorAll('thead th').length >= 4).map(t => {
            const wrap = t.closest('.md-typeset__scrollwrap') || t;
            const row = t.querySelector('tbody tr');
            const cells = [...row.children].filter(td => td.textContent.trim());
            return {kind: t.dataset.cards, overflow: wrap.scrollWidth - wrap.clientWidth,
                    first: row.children[0].textContent.trim(),
                    widths: cells.map(td => td.getBoundingClientRect().width),
                    labels: cells.map(td => getComputedStyle(td, '::before').content),
                    heads: [...t.querySelectorAll('thead th')].map(th => th.textContent.trim())};
        })""")
    context.close()
    assert tables, "no wide table on the page"
    for t in tables:
        assert t["overflow"] <= 1, t
        assert t["kind"] == ("" if path == "" else "titled"), t
        if t["kind"] == "titled":          # the headline (title) first, full width and unlabelled
            assert t["labels"][1] == "none" and t["widths"][1] > 300, t
            assert t["labels"][0] == f'"{t["heads"][0]}: "', t
        else:                              # the home page's counts: each under its heading
            assert all(label.startswith(f'"{head}') for label, head in zip(t["labels"], t["heads"])), t


def test_text_is_set_in_the_arabic_font_list(site, chromium):
    """The list was set on :root as --md-text-font-family, which Material sets again on body: pages
    read in Material's Latin-first list (-apple-system, Helvetica, Arial …)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site, wait_until="networkidle")
    family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
    widths = page.evaluate("""() => [...document.querySelector('article table tbody tr').children]
        .map(td => td.getBoundingClientRect().width)""")
    context.close()
    assert family.startswith('"Noto Naskh Arabic", "Noto Sans Arabic"'), family
    # the home page's counts: the events' count was 12em wide, a rule meant for event headlines
    assert len(widths) == 7 and widths[1] < 1.5 * sorted(widths)[3], widths


def test_event_headings_leave_room_on_a_phone(site, chromium):
    """The heading was the whole summary (79 words for this event) and took the whole first screen
    of a 375 × 800 phone; it is the event's headline now, the summary the paragraph under it."""
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site + "events/pourhashemi-killed-in-aleppo/", wait_until="networkidle")
    height, lead, h1_size, h2_size = page.evaluate("""() => {
        const h1 = document.querySelector('.md-typeset h1'), h2 = document.querySelector('.md-typeset h2');
        const size = e => parseFloat(getComputedStyle(e).fontSize);
        return [h1.getBoundingClientRect().height, h1.nextElementSibling.textContent, size(h1), size(h2)];
    }""")
    context.close()
    assert height < 800 * 0.15, f"heading {height:.0f} px high"
    assert h1_size > h2_size, (h1_size, h2_size)     # the page's title, not smaller than its sections
    assert lead.startswith("قُتل العميد في الحرس الثوري الإيراني كيومرس بورهاشمي")


def test_figure_marks_link_to_existing_pages(bundled: Project):
    from sitecheck import broken_internal_links

    assert broken_internal_links(bundled.root / "site") == []


def test_figures_degrade_to_readable_lists(bundled: Project):
    html = (bundled.root / "site" / "places" / "aleppo" / "index.html").read_text(encoding="utf-8")
    assert "<table>" in html and 'href="../../events/' in html.split('class="dossier-figure"')[-1]


def test_event_permalinks_have_a_copy_button_and_entities_carry_json_ld(bundled: Project, chromium, site):
    import json
    import re

    for path, kind in [("events/fatemiyoun-leave-syria/", "Event"), ("actors/bashar-al-assad/", "Person"),
                       ("places/aleppo/", "City")]:
        html = (bundled.root / "site" / path / "index.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert blocks, path
        data = json.loads(blocks[0])
        assert data["@type"] == kind
        assert "dossier-cite" in html and "dossier-copy" in html
    assert json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                                 (bundled.root / "site" / "actors" / "bashar-al-assad" / "index.html").read_text(encoding="utf-8"),
                                 re.S)[0])["sameAs"].startswith("https://www.wikidata.org/wiki/Q")
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site + "events/fatemiyoun-leave-syria/")
    page.click("button.dossier-copy")
    page.wait_for_function("document.querySelector('button.dossier-copy').dataset.done === '1'")
    assert page.evaluate("navigator.clipboard.readText()") == site + "events/fatemiyoun-leave-syria/"
    assert page.inner_text(".dossier-cite-url") == site + "events/fatemiyoun-leave-syria/"
    from datetime import date

    from generator.arabic import GULF_MONTHS

    seen = date(*page.evaluate("[new Date().getFullYear(), new Date().getMonth() + 1, new Date().getDate()]"))
    assert page.inner_text(".dossier-cite-date") == \
        f"، تاريخ الاطلاع {seen.day} {GULF_MONTHS[seen.month - 1]} {seen.year}"     # the browser's day, in words
    context.close()


def test_feed_and_downloads_are_linked_from_every_page(bundled: Project):
    import json
    from xml.etree import ElementTree

    site = bundled.root / "site"
    for path in ["index.html", "actors/irgc/index.html", "dates/2024-12-08/index.html"]:
        html = (site / path).read_text(encoding="utf-8")
        assert 'type="application/atom+xml"' in html and "feed.xml" in html
    feed = ElementTree.parse(site / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert 10 <= len(entries) <= 50
    for entry in entries[:5]:
        href = entry.find("{http://www.w3.org/2005/Atom}link").get("href")
        assert (site / href / "index.html").exists(), href
    summaries = {e.find("{http://www.w3.org/2005/Atom}link").get("href"): e.find("{http://www.w3.org/2005/Atom}summary").text
                 for e in entries}          # what happened when, on what evidence (was the kind word alone)
    entry = {e.find("{http://www.w3.org/2005/Atom}link").get("href"): e for e in entries}["events/pourhashemi-killed-in-aleppo/"]
    assert entry.find("{http://www.w3.org/2005/Atom}title").text == "مقتل كيومرس بورهاشمي في حلب"   # the headline
    assert summaries["events/pourhashemi-killed-in-aleppo/"].startswith("قُتل العميد في الحرس الثوري")  # what happened
    assert summaries["events/pourhashemi-killed-in-aleppo/"].endswith(
        " — مقتل · نحو 28 نوفمبر 2024، صباحاً · 8 تقارير من مصدرين مستقلين")
    geo = json.loads((site / "data" / "places.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) >= 30
    lon, lat = next(f for f in geo["features"] if f["id"] == "damascus")["geometry"]["coordinates"]
    assert 36 < lon < 37 and 33 < lat < 34
