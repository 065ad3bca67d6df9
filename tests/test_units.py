"""Stage-level tests: dates, Arabic folding, escaping, the index's derived facts, templates."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, Project
from generator.arabic import normalize, normalize_with_map, strip_proclitics
from generator.dates import DateError, count, counted_unit, format_span, parse_span
from generator.markdown import escape
from generator.search_index import index_keys


@pytest.mark.parametrize("value, options, start, end, precision, shown", [
    ("2024-12-05", {}, "2024-12-05", "2024-12-05", "day", "5 ديسمبر 2024"),
    ("2024-11-27", {"time": "06:00", "utc_offset": "+03:00"}, "2024-11-27", "2024-11-27", "day",
     "27 نوفمبر 2024، الساعة 06:00 (03:00 بتوقيت غرينتش)"),
    ("2024-11", {"part": "late"}, "2024-11-21", "2024-11-30", "month-part", "أواخر نوفمبر 2024"),
    ("2024-02", {}, "2024-02-01", "2024-02-29", "month", "فبراير 2024"),
    ("2011/2024", {}, "2011-01-01", "2024-12-31", "range", "2011–2024"),
    ("2024-12-05/2024-12-06", {"approximate": True}, "2024-12-05", "2024-12-06", "range", "نحو 5–6 ديسمبر 2024"),
    ("2024-11/2024-12", {}, "2024-11-01", "2024-12-31", "range", "نوفمبر – ديسمبر 2024"),   # the year once
    ("2023-06/2024-11", {}, "2023-06-01", "2024-11-30", "range", "يونيو 2023 – نوفمبر 2024"),
    ("2024-11-27/2024-12", {"approximate": True}, "2024-11-27", "2024-12-31", "range", "نحو 27 نوفمبر – ديسمبر 2024"),
    ("2024-11/2024-12-07", {}, "2024-11-01", "2024-12-07", "range", "نوفمبر – 7 ديسمبر 2024"),
    ("2024-12-27/2025-01", {}, "2024-12-27", "2025-01-31", "range", "27 ديسمبر 2024 – يناير 2025"),
])
def test_dates_keep_the_precision_the_source_gives(value, options, start, end, precision, shown):
    span = parse_span(value, times_of_day={"dawn"}, **options)
    assert (span.start.isoformat(), span.end.isoformat(), span.precision) == (start, end, precision)
    assert format_span(span) == shown


@pytest.mark.parametrize("value, options, code", [
    ("2023-02-29", {}, "date.impossible"), ("2024-00", {}, "date.impossible"),
    ("2024-12-09/2024-12-08", {}, "date.range-order"), ("2024-12", {"time": "06:00"}, "date.time"),
    ("2024-12-05", {"time": "25:00"}, "date.time"), ("2024-12-05", {"part": "late"}, "date.part"),
    ("Dec 5", {}, "date.malformed"),
])
def test_bad_dates_say_what_is_wrong(value, options, code):
    with pytest.raises(DateError) as err:
        parse_span(value, times_of_day={"dawn"}, **options)
    assert err.value.code == code


@pytest.mark.parametrize("n, noun, text", [(1, "event", "حدث واحد"), (2, "event", "حدثان"), (3, "event", "3 أحداث"),
                                           (11, "event", "11 حدثاً"), (100, "event", "100 حدث"), (157, "event", "157 حدثاً"),
                                           (0, "event", "لا أحداث"), (5, "article", "5 مقالات")])
def test_arabic_number_agreement(n, noun, text):
    assert count(n, noun) == text


def test_persian_letters_fold_to_their_arabic_counterparts():
    """Names of Iranian officials reach curators and readers in Persian spelling (عراقچی)."""
    from generator.arabic import normalize

    assert normalize("عراقچی") == normalize("عراقجي")
    assert normalize("پورهاشمی") == normalize("بورهاشمي")
    assert normalize("ژاله") == normalize("زاله") and normalize("ڤيينا") == normalize("فيينا")


def test_folding_keeps_a_map_to_the_original():
    folded, where = normalize_with_map("الأسدُ  و«عـسكر»")
    assert folded == "الاسد و«عسكر»"
    assert "الأسدُ  و«عـسكر»"[where[folded.index("عسكر")]] == "ع"


def test_proclitics_are_stripped_and_the_article_is_never_a_key():
    assert strip_proclitics(normalize("والميادين"))[:2] == ["الميادين", "ميادين"]
    assert index_keys(normalize("بالبوكمال")) == index_keys(normalize("البوكمال")) == {"بوكمال"}
    assert "وزير" in index_keys("وزير")                    # a root و is kept as a key too


def test_escape_makes_markdown_and_html_literal():
    out = escape('# [x](javascript:1) <b>&</b>\n!!! note')
    assert "\n" not in out and "<b>" not in out and "&amp;" in out
    assert out.startswith("\\#") and "\\[" in out and "\\!\\!\\!" in out
    assert escape("قال IRGC") == 'قال <bdi dir="ltr">IRGC</bdi>'


def test_escape_without_latin_letters_still_escapes_every_markdown_character():
    """Text with no Latin letter takes a shorter path (no search for Latin runs): it must escape
    the same characters, and the ones around a digit, as text with one."""
    specials = "\\`*_{}[]()#+-.!|:~^=\"'$%"
    arabic = "قال " + " ".join(f"{c}{i}" for i, c in enumerate(specials)) + " <&>"
    expected = "قال " + " ".join(f"\\{c}{i}" for i, c in enumerate(specials)) + " &lt;&amp;&gt;"
    assert escape(arabic) == expected
    assert escape(arabic + " x") == expected + ' <bdi dir="ltr">x</bdi>'


def test_a_latin_name_stays_one_left_to_right_run_with_its_digits_and_accents():
    """Split runs were reordered inside Arabic: «25th Division» showed as «th Division25», and
    «Türkiye» was cut at its «ü» into three runs."""
    assert escape("25th Division") == '<bdi dir="ltr">25th Division</bdi>'
    assert escape("تركيا Türkiye") == 'تركيا <bdi dir="ltr">Türkiye</bdi>'
    assert escape("الفرقة 25 وفيها 3 ألوية") == "الفرقة 25 وفيها 3 ألوية"      # digits alone need no run


def test_index_derives_reverse_relations_origins_and_disputes(project: Project):
    from generator.build import Project as P
    from generator.diagnostics import Diagnostics
    from generator.index import build_index
    from generator.load import load_corpus

    c = load_corpus(project.data, project.root, Diagnostics())
    ix = build_index(c)
    assert ix.actor_children["iran"] == ["embassy"] and ix.actor_members["iran"] == ["spokesman"]
    assert ix.place_children["syria"] == ["damascus"]
    assert [o.key for o in ix.origins(c.events["withdrawal"])] == ["actor:paper-n"]
    assert {d.kind for d in ix.disputes["embassy-emptied"]} == {"denial-report", "denial-event"}
    assert date(2024, 12, 8) not in ix.day_events            # dated 7–8 December: a period, listed apart
    assert [e.id for e in ix.day_periods[date(2024, 12, 8)]] == ["denial"]
    assert ix.days == [date(2024, 12, 5), date(2024, 12, 6), date(2024, 12, 7)]
    assert ix.counts()["dates"] == 3 and P(project.root).data == project.data


def test_a_pair_declared_on_both_records_is_one_possibility_told_from_each_side(project: Project):
    """Each page names the other actor once, its own record's note first (was: twice, the other
    record's note first on one of the two pages)."""
    from generator.diagnostics import Diagnostics
    from generator.index import PossibleMatch, build_index
    from generator.load import load_corpus

    project.write("data/actors/spokesman.yaml", "id: spokesman\nname: س\nkind: person\nmember_of: [iran]\n"
                  "possibly_same_as:\n  - {actor: embassy, note: من جهة المتحدث}\n")
    project.write("data/actors/embassy.yaml", "id: embassy\nname: ع\nkind: diplomatic-mission\npart_of: [iran]\n"
                  "possibly_same_as:\n  - {actor: spokesman, note: من جهة السفارة}\n")
    project.write("data/actors/agency-a.yaml", "id: agency-a\nname: وكالة أ\nkind: news-agency\n"
                  "possibly_same_as: [paper-n]\n")
    ix = build_index(load_corpus(project.data, project.root, Diagnostics()))
    assert ix.possibly_same["spokesman"] == [PossibleMatch("embassy", "من جهة المتحدث", "من جهة السفارة")]
    assert ix.possibly_same["embassy"] == [PossibleMatch("spokesman", "من جهة السفارة", "من جهة المتحدث")]
    assert ix.possibly_same["agency-a"] == [PossibleMatch("paper-n", None, None)]
    assert ix.possibly_same["paper-n"] == [PossibleMatch("agency-a", None, None)]


def test_a_page_does_not_link_to_itself():
    from generator.render import unlink_self

    text = "[نحو نوفمبر 2024](../chronology/2024-11.md) و[أ \\] ب](../chronology/2024-11.md) [س](../chronology/2024-12.md)"
    assert unlink_self("chronology/2024-11.md", text) == "نحو نوفمبر 2024 وأ \\] ب [س](../chronology/2024-12.md)"
    assert unlink_self("chronology/2024-11.md", "[ق](../chronology/2024-11.md#x)") == "[ق](../chronology/2024-11.md#x)"
    assert unlink_self("disputes.md", "[الخلافات](disputes.md)") == "الخلافات"
    svg = '<svg><a href="../aleppo/"><title>حلب</title></a><a href="./"><title>حمص</title><circle/></a></svg>'
    assert unlink_self("places/homs.md", svg) == '<svg><a href="../aleppo/"><title>حلب</title></a><title>حمص</title><circle/></svg>'
    marks = svg.replace('">', '" tabindex="-1">', 2)           # a figure's marks are out of the Tab order
    assert unlink_self("places/homs.md", marks) == '<svg><a href="../aleppo/" tabindex="-1"><title>حلب</title></a><title>حمص</title><circle/></svg>'


def test_no_template_line_loses_its_newline():
    """trim_blocks eats the newline after a block tag: a content line must not end with one."""
    bad = []
    for path in (ROOT / "templates").glob("*.j2"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\S.*\{%-? *(endif|endfor|else|elif[^%]*) *-?%\}$", line) and not line.lstrip().startswith("{%"):
                bad.append(f"{path.name}:{n}")
    assert not bad, bad


def test_the_generator_never_imports_mkdocs():
    for path in (ROOT / "generator").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+mkdocs", text, re.M), path


def test_a_histogram_counts_year_only_events_on_their_year_not_in_january():
    """A split page lists an event known only to its year on the year's page (`<yyyy>`), so its
    histogram must count it there: counted in January, the January bar said 3 and linked to a
    page listing 1."""
    from generator import model as m
    from generator.diagnostics import Source
    from generator.visuals import YEAR_ONLY, timeline_svg

    def event(n: int, when: str) -> m.Event:
        return m.Event(f"e{n}", "strike", parse_span(when), f"ضربة {n}", "", Source("x.yaml", n))

    events = [event(1, "2023-01-05"), event(2, "2023"), event(3, "2023"), event(4, "2023-06-01")]
    svg = str(timeline_svg(events, lambda e: "", lambda y, mo: f"/{y}-{mo}", "t", set(), {}, counts=True))
    bars = re.findall(r'<a href="/(\d+)-(\d+)"[^>]*><title>([^<]*)</title><rect [^>]*?(fill-opacity="0.35")?/>', svg)
    assert [(y, mo, title.split(":")[0], bool(light)) for y, mo, title, light in bars] == [
        ("2023", "0", "2", True), ("2023", "1", "1", False), ("2023", "6", "1", False)]
    assert YEAR_ONLY in svg


@pytest.mark.parametrize("mix", ["days", "months", "years", "long-ranges", "few"])
def test_a_timeline_drawn_from_a_tally_of_its_events_is_the_one_drawn_from_the_events(mix: str):
    """The home page draws every event from the index's SpanTally, which a process that keeps its
    index updates event by event: counted in and out, it must draw what the events themselves
    draw, whichever window they focus it on (days, months, years), by month or by year, and when
    they are few enough to be drawn one by one."""
    import itertools
    import random

    from generator import model as m
    from generator.diagnostics import Source
    from generator.visuals import LANE_HOLDS, MAX_LANES, SpanTally, timeline_svg

    rng = random.Random(mix)

    def when() -> str:
        year, month, day = rng.randint(2011, 2024), rng.randint(1, 12), rng.randint(1, 28)
        form = rng.random()
        if mix == "days" or form < 0.6:
            return f"2024-{month:02d}-{day:02d}" if mix != "years" else f"{year}-{month:02d}-{day:02d}"
        if mix == "months" or form < 0.8:
            return f"{year}-{month:02d}"
        if mix == "long-ranges":
            return f"{year}/2024"
        return str(year)

    def event(n: int) -> m.Event:
        return m.Event(f"e{n}", "strike", parse_span(when()), f"ضربة {n}", "", Source("x.yaml", n))

    size = 40 if mix == "few" else 2 * MAX_LANES * LANE_HOLDS       # most of them in the window it focuses on
    events = [event(n) for n in range(size)]
    tally = SpanTally(events)
    for n in range(size, size + 200):            # the worker's rebuilds: events come and go
        if rng.random() < 0.5:
            gone = events.pop(rng.randrange(len(events)))
            tally.add(gone, -1)
        else:
            events.append(event(n))
            tally.add(events[-1], 1)
    first, last = min(e.date.start for e in events), max(e.date.end for e in events)
    month = (events[0].date.start.year, events[0].date.start.month)
    going = [e.date.start == first or e.date.end == last or (e.date.start.year, e.date.start.month) == month
             for e in events]                   # the window's ends and a whole month's bar go
    for gone in itertools.compress(events, going):
        tally.add(gone, -1)
    events = [e for e, goes in zip(events, going) if not goes]
    args = (lambda e: f"/e/{e.id}", lambda y, mo: f"/{y}-{mo}", "t", set(), {})
    drawn = str(tally.timeline(events, *args, listed="/chronology"))
    assert drawn == str(timeline_svg(events, *args, listed="/chronology"))
    assert ("<rect" in drawn and "<circle" not in drawn) == (mix != "few")     # counts, or one by one
    assert str(tally.timeline(events, *args, counts=True)) == str(timeline_svg(events, *args, counts=True))


@pytest.mark.parametrize("n, approximate, expected", [
    (1, False, "شهر واحد"), (2, False, "شهران"), (2, True, "شهرين"), (3, False, "3 أشهر"), (10, False, "10 أشهر"),
    (13, False, "13 شهراً"), (99, False, "99 شهراً"), (100, False, "100 شهر"), (2000, False, "2000 شهر"),
    (2013, False, "2013 شهراً"), (1.5, False, "1.5 شهر"), (12500, False, "12\u066c500 شهر"),
])
def test_a_figure_takes_the_form_arabic_counting_requires(n, approximate, expected):
    assert counted_unit(n, "شهر", "أشهر", genitive=approximate) == expected


@pytest.mark.parametrize("n, noun, text", [
    (1, "other-event", "حدث آخر"), (2, "other-event", "حدثان آخران"), (5, "other-event", "5 أحداث أخرى"),
    (19, "other-event", "19 حدثاً آخر"), (1, "shared-event", "حدث مشترك"), (2, "shared-event", "حدثان مشتركان"),
    (1, "other-place", "مكان آخر"), (3, "other-actor", "3 أطراف أخرى"), (1, "event", "حدث واحد"),
])
def test_phrases_with_an_adjective_count_without_wahid(n, noun, text):
    assert count(n, noun) == text


def test_a_year_page_is_never_titled_as_december():
    from generator.dates import format_month

    assert format_month(2011, 0, levant=True) == "2011 (الشهر غير محدد)"


def test_a_feminine_unit_keeps_its_ta_marbuta_in_the_accusative_and_the_dual():
    assert counted_unit(17, "حافلة", "حافلات") == "17 حافلة"
    assert counted_unit(2, "حافلة", "حافلات") == "حافلتان"
    assert counted_unit(1, "سنة", "سنوات") == "سنة واحدة"


def test_a_count_after_a_preposition_puts_the_dual_in_the_genitive():
    assert count(2, "source") == "مصدران مستقلان"
    assert count(2, "source", genitive=True) == "مصدرين مستقلين"
    assert count(5, "source", genitive=True) == count(5, "source")


def test_search_keys_are_memoised_and_excerpts_cut_between_words():
    """`index_keys` runs ~1.6 million times at 10,000 articles on ~100,000 distinct words: a function
    once inserted between it and its `lru_cache` took the cache (caught by a review, not a test)."""
    from generator.search_index import EXCERPT_CHARS, _clip

    assert index_keys.cache_info().maxsize >= 100_000
    text = "كلمة " * 300
    clipped = _clip(text)
    assert len(clipped) <= EXCERPT_CHARS and clipped.endswith(" كلمة …")
    assert _clip("قصير") == "قصير"


@pytest.fixture(scope="module")
def bundled_index():
    """The bundled corpus (data/), loaded and indexed in this process."""
    from generator.diagnostics import Diagnostics
    from generator.index import build_index
    from generator.load import load_corpus

    return build_index(load_corpus(ROOT / "data", ROOT, Diagnostics()))


def test_rendering_leaves_fewer_objects_in_cycles_than_it_renders_files(tmp_path, bundled_index):
    """The build runs with the cycle collector off (build.collector_off): what rendering leaves in
    reference cycles stays in memory until the build ends. Today that is a fixed few hundred
    objects (compiled templates, one closure), whatever the corpus size; a cycle made per page
    (a closure, a self-referencing context) would add at least one object per file rendered and
    grow with the corpus until the build ran out of memory."""
    import gc

    from generator.render import render_site

    index = bundled_index
    gc.collect()
    gc.disable()
    try:
        files = sum(1 for _ in render_site(index.corpus, index, ROOT / "templates", tmp_path))
        in_cycles = gc.collect()
    finally:
        gc.enable()
    assert files > 1000
    assert in_cycles < files, f"{in_cycles} objects left in reference cycles by rendering {files} files"


def test_a_map_drawn_once_is_reused_only_where_it_is_the_same_picture(bundled_index):
    """Figures.map draws a small map once per build for a given set of points, arrows and links.
    Each page must still get the map it would have drawn itself (links relative to its own URL)
    and record the pages it links to, whether the map was drawn for it or reused."""
    from generator import contexts as cx
    from generator.visuals import Figures

    ix = bundled_index
    site = cx.SiteInfo.from_index(ix)
    event = next(e for e in ix.corpus.events.values() if len(e.places) >= 2)
    page = cx.event_page(ix, event)
    shared: dict = {}
    for path in ("events/a.md", "events/b.md", "index.md", "places/x/events-2024-11.md"):
        alone, reused = Figures(path, ix, site), Figures(path, ix, site, maps=shared)
        expected = alone.map(page.map_points, "أماكن الحدث", page.arrows)
        assert reused.map(page.map_points, "أماكن الحدث", page.arrows) == expected, path
        assert set(reused.targets) == set(alone.targets) and any(t.startswith("places/") for t in reused.targets)
    assert len(shared) == 3          # events/a.md and events/b.md share one picture; the others link differently


def _map_place(pid: str, name: str, lon: float, lat: float):
    from generator import model as m
    from generator.diagnostics import Source

    return m.Place(pid, name, "city", Source("places.yaml", 1), coordinates=m.Coordinates(lat, lon))


def _drawn_names(svg: str) -> tuple[list[float], list[tuple[str, tuple[float, float, float, float]]]]:
    """The map's viewBox and each place name's box as the generator estimates it (`_name_width`)."""
    from generator.visuals import _name_width

    view = [float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split()]
    names = []
    for x, y, size, anchor, name in re.findall(
            r'<text x="([-\d.]+)" y="([-\d.]+)" font-size="([\d.]+)"[^>]*text-anchor="(start|end)">([^<]+)</text>', svg):
        x, y, size = float(x), float(y), float(size)
        width = _name_width(name, size)
        left = x - width if anchor == "start" else x          # right to left: «start» is the right edge
        names.append((name, (left, y - size * 0.96, left + width, y + size * 0.28)))
    return view, names


def test_a_map_name_with_no_free_side_inside_the_map_widens_it():
    """«ميناء اللاذقية», the westernmost dot, had its name left of it, past the map's edge (the
    right side was taken by a neighbour's dot): «ميناء اللاذ». The map widens to hold it."""
    from generator.visuals import MapPoint, map_svg

    port = _map_place("port", "ميناء اللاذقية", 35.77, 35.52)
    points = [MapPoint(port, focus=True), MapPoint(_map_place("near", "جبلة", 36.3, 35.52)),
              MapPoint(_map_place("far", "طهران", 51.39, 35.69))]
    svg = str(map_svg(points, lambda p: f"/{p.id}/", "region.svg", "خريطة"))
    (x0, y0, w, h), names = _drawn_names(svg)
    assert "ميناء اللاذقية" in [n for n, _ in names], names
    assert abs(w / h - 1.5) < 0.01, (w, h)
    for name, (left, top, right, bottom) in names:
        assert x0 <= left and right <= x0 + w and y0 <= top and bottom <= y0 + h, (name, (left, right), (x0, x0 + w))


def test_a_zoomed_map_uses_a_base_map_drawn_for_its_zoom_and_names_countries_at_its_own_size():
    """One base map scaled ~8× for a map of Homs drew borders 8× as thick and «سوريا» in letters
    ~50 px high, cut by the map's edge («وريا»)."""
    from generator.visuals import WIDTH, MapPoint, basemap_svg, basemap_zoom, map_svg

    for zoom in (1, 2, 4, 8):                # the borders as drawn on screen: the same width at each zoom
        stroke = float(re.search(r'stroke-width="([\d.]+)"', basemap_svg(zoom)).group(1))
        assert abs(stroke * zoom - 1.2) < 0.01 and "<text" not in basemap_svg(zoom), zoom
    for width in [121.5 * 1.05 ** i for i in range(46)]:
        assert 2 ** -0.5 - 1e-9 <= WIDTH / width / basemap_zoom(width) <= 2 ** 0.5 + 1e-9, width
    svg = str(map_svg([MapPoint(_map_place("homs", "حمص", 36.72, 34.73), focus=True)], lambda p: "", "../maps/region.svg", "خريطة"))
    assert '<image href="../maps/region-8.svg"' in svg
    (x0, y0, w, h), _ = _drawn_names(svg)
    size = float(re.search(r'class="dossier-countries" font-size="([\d.]+)"', svg).group(1))
    assert abs(size - w / 100 * 1.9) < 0.1
    countries = re.findall(r'<text x="([\d.]+)" y="([\d.]+)">([^<]+)</text>', svg)
    assert "سوريا" in [name for _, _, name in countries], countries
    for x, y, name in countries:
        assert x0 < float(x) < x0 + w and y0 < float(y) < y0 + h, name


def test_templates_compiled_to_plain_calls_render_what_jinja_renders(tmp_path, bundled_index, monkeypatch):
    """template_code.py compiles a template's calls to plain calls, and templates get their
    globals as a plain dict. Every file of the bundled dossier is the same, byte for byte, as with
    Jinja's own code generator."""
    import jinja2.compiler

    from generator import render

    def files():
        return dict(render.render_site(bundled_index.corpus, bundled_index, ROOT / "templates", tmp_path,
                                       fingerprint="plain-or-not"))

    monkeypatch.setattr(render, "bytecode_folder", lambda root, fingerprint: None)
    ours = files()
    monkeypatch.setattr(render, "PlainCodeGenerator", jinja2.compiler.CodeGenerator)
    theirs = files()
    assert len(ours) > 1000
    assert sorted(ours) == sorted(theirs)
    assert [path for path in ours if ours[path] != theirs[path]] == []


def test_templates_compiled_to_plain_calls_keep_jinjas_answers_for_keys_and_missing_names():
    """With calls compiled as plain calls (template_code.py), a call passes its arguments as
    written, `x.name` on a dict is its key, and a missing name is an error that names it
    (StrictUndefined), as with Jinja's own code."""
    from types import SimpleNamespace

    import jinja2

    from generator.render import environment

    env = environment(ROOT / "templates")
    template = env.from_string("{{ d.key }}|{{ o.n }}|{{ f(1, b=o.n) }}|{% for x in d.values() %}{{ x }}{% endfor %}")
    assert template.render(d={"key": "قيمة"}, o=SimpleNamespace(n=3), f=lambda a, b: a + b) == "قيمة|3|4|قيمة"
    with pytest.raises(jinja2.UndefinedError, match="no attribute 'nothing'"):
        env.from_string("{{ d.nothing }}").render(d={})
    with pytest.raises(jinja2.UndefinedError, match="'ghost' is undefined"):
        env.from_string("{{ ghost.name }}").render()


def test_a_template_global_that_wants_jinjas_context_is_refused(monkeypatch):
    """Calls are compiled as plain calls: a global marked `pass_context` would be called without
    the context it expects, so the environment refuses to be made with one."""
    import jinja2

    from generator import render

    monkeypatch.setitem(jinja2.defaults.DEFAULT_NAMESPACE, "needs_context", jinja2.pass_context(lambda ctx: ctx))
    with pytest.raises(TypeError, match="needs_context"):
        render.environment(ROOT / "templates")


def test_the_search_addresses_a_rebuild_lists_are_those_of_every_document_and_give_it_back(bundled_index):
    """An incremental build finds the search documents that came and went from `document_urls`,
    and makes those it needs by address (`document_at`), without walking `document_sources`: all
    three must name the same pages, and the same Document for each."""
    from generator import paths
    from generator.contexts import SiteInfo
    from generator.search_index import document_at, document_sources, document_urls

    site = SiteInfo.from_index(bundled_index)
    docs = {paths.url(page, ""): make() for page, make in document_sources(bundled_index, site)}
    assert sorted(document_urls(bundled_index)) == sorted(docs)
    assert any(ym[1] == 0 for ym in bundled_index.months), "no year page: a month's address is only half tested"
    at = document_at(bundled_index, site)
    for url, doc in docs.items():
        assert at(url) == doc, url
    some_day = bundled_index.days[0]
    for url in ("actors/iran/2024-12/", "events/kinds/withdrawal-2024/", "sources/months/2024-12/", "actors/nobody/",
                f"dates/{some_day.replace(year=2099)}/", "dates/2024-13-01/", "chronology/2024-00/", "chronology/1999/",
                "chronology/24-12/", "nowhere/", "data/events.json"):
        assert at(url) is None, url
