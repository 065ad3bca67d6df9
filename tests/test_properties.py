"""Property-based tests (hypothesis): random valid corpora keep the build's invariants; random
invalid ones always end in clear diagnostics (path:line: severity: message [code]), never a
traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةى"
LATIN = "abcdefghijklmnopqrstuvwxyz"
SPECIAL = " <>[]()*_#!|{}%-:\"'&/.,؟«»"
DIAG = re.compile(r"^(?P<path>[^\s]+):(?P<line>[1-9]\d*): (error|warning): .+ \[[a-z]+(?:[.-][a-z]+)*\]$")

word = st.one_of(st.text(ARABIC, min_size=2, max_size=7), st.text(LATIN, min_size=2, max_size=7))
name = st.lists(st.text(ARABIC, min_size=2, max_size=7), min_size=1, max_size=3).map(" ".join)
# a headline: words of one script each (a word mixing scripts is refused as spoofing), markup between them
headline = st.lists(st.one_of(word, st.sampled_from(list(SPECIAL.strip()))), min_size=1, max_size=8).map(" ".join)
free_text = st.text(ARABIC + LATIN + SPECIAL + "0123456789", min_size=1, max_size=40).filter(lambda s: s.strip())
day = st.dates(min_value=__import__("datetime").date(2020, 1, 1), max_value=__import__("datetime").date(2025, 12, 31))


def _date_form(draw, d):
    form = draw(st.sampled_from(["day", "range", "month", "part", "year", "time"]))
    if form == "day":
        return d.isoformat()
    if form == "range":
        return f"{d.isoformat()}/{(d + __import__('datetime').timedelta(days=draw(st.integers(0, 40)))).isoformat()}"
    if form == "month":
        return f"{d:%Y-%m}"
    if form == "part":
        return {"value": f"{d:%Y-%m}", "part": draw(st.sampled_from(["early", "mid", "late"]))}
    if form == "year":
        return f"{d.year}"
    return {"value": d.isoformat(), "time": draw(st.sampled_from(["dawn", "evening", "06:00"]))}


@st.composite
def corpora(draw):
    """A valid random corpus as {relative path: text}."""
    files: dict[str, str] = {}
    actors = [f"a{i}" for i in range(draw(st.integers(1, 5)))]
    places = [f"p{i}" for i in range(draw(st.integers(1, 4)))]
    for i, a in enumerate(actors):
        rec = {"id": a, "name": draw(name), "kind": draw(st.sampled_from(["state", "person", "armed-group", "news-agency"])),
               "aliases": draw(st.lists(name, max_size=2, unique=True)), "description": draw(free_text)}
        if i and draw(st.booleans()):
            rec["part_of"] = [actors[draw(st.integers(0, i - 1))]]
        files[f"data/actors/{a}.yaml"] = json.dumps(rec, ensure_ascii=False)
    for i, p in enumerate(places):
        rec = {"id": p, "name": draw(name), "kind": "city", "coordinates": {"lat": draw(st.floats(20, 43)), "lon": draw(st.floats(24, 64))}}
        if i and draw(st.booleans()):
            rec["within"] = [places[draw(st.integers(0, i - 1))]]
        files[f"data/places/{p}.yaml"] = json.dumps(rec, ensure_ascii=False)
    files["data/actors/m0.yaml"] = json.dumps({"id": "m0", "name": "وكالة", "kind": "news-agency"}, ensure_ascii=False)
    outlets = ["m0"]                    # an outlet is a media outlet or a news agency (check refuses a state)
    articles = {}
    for i in range(draw(st.integers(1, 3))):
        sentences = draw(st.lists(free_text, min_size=1, max_size=5))
        art = f"art{i}"
        articles[art] = sentences
        files[f"data/articles/{art}.yaml"] = json.dumps(
            {"id": art, "title": draw(free_text), "outlet": draw(st.sampled_from(outlets)),
             "published": draw(day).isoformat() if draw(st.booleans()) else "unknown",
             "published_note": "لا تاريخ", "relays": draw(st.lists(st.sampled_from(actors), max_size=2, unique=True))},
            ensure_ascii=False)
        files[f"data/articles/{art}.txt"] = "\n".join(sentences) + "\n"
    events = []
    for i in range(draw(st.integers(1, 6))):
        reports = []
        for _ in range(draw(st.integers(1, 3))):
            art = draw(st.sampled_from(sorted(articles)))
            reports.append({"article": art, "quote": draw(st.sampled_from(articles[art])),
                            "stance": draw(st.sampled_from(["asserts", "asserts", "denies"])),
                            "via": draw(st.lists(st.sampled_from(actors), max_size=2))})
        rec = {"id": f"e{i}", "kind": draw(st.sampled_from(["withdrawal", "statement", "denial", "meeting"])),
               "date": _date_form(draw, draw(day)), "title": draw(headline), "summary": draw(free_text),
               "actors": [{"actor": a, "role": "agent"} for a in draw(st.lists(st.sampled_from(actors), max_size=3, unique=True))],
               "places": draw(st.lists(st.sampled_from(places), max_size=2, unique=True)), "reports": reports}
        if events and draw(st.booleans()):
            rec["denies"] = [draw(st.sampled_from(events))]
        events.append(rec["id"])
        files[f"data/events/e{i}.yaml"] = json.dumps(rec, ensure_ascii=False)
    return files


def _project(files: dict[str, str]) -> Path:
    root = Path(tempfile.mkdtemp(prefix="prop-"))
    shutil.copytree(ROOT / "data" / "vocab", root / "data" / "vocab")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "about.md", root / "docs" / "about.md")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


LINK = re.compile(r"\]\(([^)\s]+\.md)(?:#[^)]*)?\)")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(corpora())
def test_random_valid_corpora_keep_the_invariants(files):
    from generator.build import build
    from generator.diagnostics import Diagnostics

    root = _project(files)
    try:
        diags = Diagnostics()
        first = build(root, diags)
        assert not diags.errors, [str(d) for d in diags.errors]
        docs = root / "docs"
        pages = {}
        for dirpath, _, names in os.walk(docs, followlinks=True):
            for n in names:
                if n.endswith(".md"):
                    p = Path(dirpath) / n
                    pages[p.relative_to(docs).as_posix()] = p.read_text(encoding="utf-8")
        for rel in files:
            kind, _, fname = rel.partition("/")[2].partition("/")
            if fname.endswith(".yaml"):
                folder = {"actors": "actors", "places": "places", "events": "events", "articles": "sources"}[kind]
                assert f"{folder}/{fname[:-5]}.md" in pages, f"no page for {rel}"
        for rel, text in pages.items():
            for target in LINK.findall(text):
                resolved = os.path.normpath(os.path.join(os.path.dirname(rel), target))
                assert resolved in pages, f"{rel} links to missing {target}"
        second = build(root, Diagnostics())
        assert (second.added, second.updated, second.removed) == (0, 0, 0)
        assert second.unchanged == first.added
    finally:
        shutil.rmtree(root, ignore_errors=True)


@st.composite
def broken_corpora(draw):
    files = draw(corpora())
    yaml_files = sorted(f for f in files if f.endswith(".yaml"))
    target = draw(st.sampled_from(yaml_files))
    record = json.loads(files[target])
    how = draw(st.sampled_from(["drop", "type", "unknown", "ref", "date", "bytes", "dupkey", "id", "truncate"]))
    if how == "drop":
        record.pop(draw(st.sampled_from(sorted(k for k in record if k in ("id", "name", "kind", "title", "summary", "reports", "date", "outlet", "published")) or ["id"])), None)
        files[target] = json.dumps(record, ensure_ascii=False)
    elif how == "type":
        key = draw(st.sampled_from(sorted(record)))
        record[key] = draw(st.sampled_from([[1, 2], {"x": 1}, 7, True, None]))
        files[target] = json.dumps(record, ensure_ascii=False)
    elif how == "unknown":
        record[draw(st.text(LATIN, min_size=3, max_size=8).filter(lambda k: k not in record))] = "x"
        files[target] = json.dumps(record, ensure_ascii=False)
    elif how == "ref":
        if "reports" in record:
            record["reports"][0]["article"] = "nowhere"
        elif "part_of" in record or "kind" in record and "name" in record and target.startswith("data/actors"):
            record["part_of"] = ["nobody"]
        elif "outlet" in record:
            record["outlet"] = "nobody"
        else:
            record["within"] = ["nowhere"]
        files[target] = json.dumps(record, ensure_ascii=False)
    elif how == "date":
        if "date" in record:
            record["date"] = draw(st.sampled_from(["2024-02-30", "2024-13", "yesterday", "2024-12-08/2024-12-01", ""]))
        else:
            record["published"] = "2024-99-99"
        files[target] = json.dumps(record, ensure_ascii=False)
    elif how == "bytes":
        files[target] = draw(st.binary(min_size=1, max_size=200)).decode("latin-1") + "\x00\xff"
    elif how == "dupkey":
        files[target] = "id: x\nid: y\n" + files[target]
    elif how == "id":
        record["id"] = draw(st.sampled_from(["Bad Id", "../up", "x\u202e", "", "a--b", "-a"]))
        files[target] = json.dumps(record, ensure_ascii=False)
    else:
        files[target] = files[target][: draw(st.integers(0, max(0, len(files[target]) - 1)))]
    return files, how


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(broken_corpora())
def test_random_invalid_corpora_give_clear_errors_never_a_traceback(case):
    files, how = case
    from generator.build import check
    from generator.diagnostics import Diagnostics

    root = _project(files)
    cwd = os.getcwd()
    try:
        os.chdir(root)
        diags = Diagnostics()
        check(Path("."), diags)
        for d in diags.items:
            assert DIAG.match(str(d)), str(d)
        if how in ("unknown", "ref", "bytes", "dupkey", "id", "date"):
            assert diags.errors, f"mutation {how!r} was not reported"
    finally:
        os.chdir(cwd)
        shutil.rmtree(root, ignore_errors=True)


# any character at all, but mostly what Arabic news text holds: letters with hamza forms, diacritics,
# tatweel, Arabic-Indic digits, presentation forms and ligatures (NFKC folds some into several
# letters, or into words with spaces), invisible controls, and every kind of whitespace
FOLDED_TEXT = st.text(st.one_of(
    st.sampled_from(list(ARABIC + LATIN.upper() + SPECIAL + "ًٌٍَُِّْـ٠١٢٣٤٥۴۵ﻻﷲﷺﷻ\u200b\u200c\u200d\u200f\u202e\u00a0\u2009\t\n\u3000")),
    st.characters()), max_size=60)


@given(FOLDED_TEXT)
@settings(max_examples=400, deadline=None)
def test_search_keys_folded_token_by_token_equal_the_keys_of_the_whole_folded_text(text):
    """The search index folds each whitespace-separated token on its own (a corpus has few distinct
    tokens); that is only right if `normalize` never joins or splits across whitespace."""
    from itertools import chain

    from generator.arabic import normalize, word_list
    from generator.search_index import _text_keys, index_keys

    assert list(_text_keys(text)) == list(chain.from_iterable(map(index_keys, word_list(normalize(text)))))


@given(st.dictionaries(st.text(st.one_of(st.sampled_from(list(ARABIC + "=\"\\")), st.characters(blacklist_categories=("Cs",))),
                               min_size=1, max_size=12), st.lists(st.integers(0, 1 << 20), max_size=8), min_size=1,
                       max_size=30),
       st.integers(1, 6))
@settings(max_examples=300, deadline=None)
def test_a_split_search_group_knows_its_joined_size_from_its_parts(group, cut):
    """An incremental build keeps the untouched parts of a split shard group and decides whether the
    group stays split from the parts' file sizes alone; that size must be the whole group's, byte
    for byte, as a from-scratch build measures it (the threshold can fall on any byte)."""
    from generator.search_index import _dump
    from generator.search_patch import joined_size

    keys = sorted(group)
    parts = [keys[i:i + cut] for i in range(0, len(keys), cut)]
    sizes = [len(_dump({k: group[k] for k in part})) for part in parts]
    assert joined_size(sizes) == len(_dump({k: group[k] for k in keys}))


@given(st.lists(st.tuples(st.integers(0, 400), st.integers(0, 120)), max_size=400))
@example([(0, 50)] * 130)                 # more events at once than lanes: the histogram's cut
@example([(14, 0)] * 50)                  # every span exactly 2 px from the last one's edge
@settings(max_examples=300, deadline=None)
def test_timeline_lanes_are_the_first_free_lane_of_each_event(steps):
    """Lanes come from heaps of free and busy lanes; they must be exactly what scanning the lanes
    in order for the first one free gives (the first version's placement), up to the histogram cut."""
    from generator.visuals import MAX_LANES, place_in_lanes

    right, spans = 1000.0, []
    for step, width in steps:            # by start date: each span's right edge is at or left of the last
        right -= step / 7
        spans.append((right, right - 8 - width))
    lanes: list[float] = []
    want: list[int] | None = []
    for r, left in spans:
        lane = next((i for i, edge in enumerate(lanes) if edge > r + 2), None)
        if lane is None:
            lanes.append(left)
            lane = len(lanes) - 1
            if lane == MAX_LANES:
                want = None
                break
        else:
            lanes[lane] = left
        want.append(lane)
    assert place_in_lanes(spans) == want


_URL_LETTERS = "abcdefgh/"


@given(st.sets(st.text(_URL_LETTERS, min_size=1, max_size=5), max_size=64), st.data())
@settings(max_examples=500, deadline=None)
def test_search_numbers_placed_again_after_an_edit_are_those_of_a_numbering_from_scratch(urls, data):
    """A rebuild numbers the search documents from the last build's numbers, placing again only
    the documents whose slot can move (search_index.renumbered); every number must be the one a
    from-scratch numbering gives, in tables up to half full, where runs of slots are long, meet and
    wrap around the end; and when the table changes size."""
    from generator import search_index
    from generator.search_index import numbers_of, renumbered

    urls = sorted(urls)
    search_index._numbered.clear()
    numbers = numbers_of(urls)
    for _ in range(2):                      # the second edit starts from the numbering the first made
        removed = data.draw(st.lists(st.sampled_from(urls), unique=True)) if urls else []
        added = sorted(data.draw(st.sets(st.text(_URL_LETTERS, min_size=1, max_size=5), max_size=40)) - set(urls))
        now = [u for u in urls if u not in removed] + added
        got, moved = renumbered(numbers, added, removed)
        made = list(search_index._numbered)
        search_index._numbered.clear()      # the numbering from scratch, not the one just made
        want = numbers_of(now)
        search_index._numbered[:] = made
        assert got == want
        assert sorted(moved) == sorted(u for u in want if numbers.get(u) != want[u])
        urls, numbers = sorted(now), got
