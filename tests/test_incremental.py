"""Incremental rebuilds: after an edit, a rebuild that renders only the planned pages writes exactly
the files a build from scratch writes, and it really does skip pages.

Each case starts from the bundled corpus, builds it, makes one kind of curator edit (chosen to
reach every rule of `generator/incremental.py`), rebuilds incrementally, and compares every
generated file with a from-scratch build of a copy of the edited project.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, make_project
from generator import exports, incremental, listings, render, search_patch
from generator.build import build
from generator.buildcache import BuildCache, Memory
from generator.diagnostics import CuratorError, Diagnostics
from generator.write import KEEP

exports_kept_runs = exports._kept_runs
exports_read_layout = exports._read_layout


def _age(root: Path) -> None:
    """Date every data file 10 s back, as a corpus that exists before the build (a file written in
    the same instant as it is read is never cached)."""
    past = time.time() - 10
    for dirpath, _, files in os.walk(root / "data"):
        for name in files:
            os.utime(os.path.join(dirpath, name), (past, past))


def _tree(root: Path) -> dict[str, bytes]:
    current = (root / ".dossier" / "current").resolve()
    out = {}
    for dirpath, _, files in os.walk(current):
        for name in files:
            path = Path(dirpath) / name
            out[str(path.relative_to(current))] = path.read_bytes()
    return out


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, record: dict) -> None:
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _referenced_events(data: Path) -> set[str]:
    out = set()
    for path in (data / "events").glob("*.yaml"):
        e = _load(path)
        out.update(x if isinstance(x, str) else x["event"] for x in e.get("denies") or [])   # id or {event, scope}
        out.update(e.get("related") or [])
    return out


# --- the edits ---------------------------------------------------------------------------------

def rename_actor(data: Path, rng: random.Random) -> None:
    path = rng.choice(sorted((data / "actors").glob("*.yaml")))
    record = _load(path)
    record["name"] = record["name"] + " الجديد"
    _dump(path, record)


def rename_place(data: Path, rng: random.Random) -> None:
    path = rng.choice(sorted((data / "places").glob("*.yaml")))
    record = _load(path)
    record["name"] = "مدينة " + record["name"]
    _dump(path, record)


def move_event_date(data: Path, rng: random.Random) -> None:
    path = rng.choice(sorted((data / "events").glob("*.yaml")))
    record = _load(path)
    record["date"] = rng.choice(["2024-10-03", "2024-12-09/2024-12-12", "2024-12", "2023-06-30"])
    _dump(path, record)


def name_event(data: Path, rng: random.Random) -> None:
    path = rng.choice(sorted((data / "events").glob("*.yaml")))
    record = _load(path)
    record["aliases"] = [] if record.get("aliases") else ["اسم شائع للحدث"]
    _dump(path, record)


def retitle_event(data: Path, rng: random.Random) -> None:
    """The headline is every list's and table's label for the event: each page showing it changes."""
    path = rng.choice(sorted((data / "events").glob("*.yaml")))
    record = _load(path)
    record["title"] = "عنوان جديد: " + record["title"]
    _dump(path, record)


def remove_event(data: Path, rng: random.Random) -> None:
    referenced = _referenced_events(data)
    candidates = [p for p in sorted((data / "events").glob("*.yaml")) if p.stem not in referenced]
    rng.choice(candidates).unlink()


def add_event(data: Path, rng: random.Random) -> None:
    source = rng.choice(sorted((data / "events").glob("*.yaml")))
    record = _load(source)
    record["id"] = "new-" + record["id"]
    record["summary"] = "حدث جديد: " + record["summary"]
    record["title"] = "حدث جديد: " + record["title"]
    actors = [p.stem for p in sorted((data / "actors").glob("*.yaml"))]
    record["actors"] = [{"actor": rng.choice(actors), "role": "agent"}]
    record["date"] = "2024-12-25"
    record.pop("related", None)
    record.pop("denies", None)
    _dump(data / "events" / f"{record['id']}.yaml", record)


def add_denial(data: Path, rng: random.Random) -> None:
    events = sorted((data / "events").glob("*.yaml"))
    target = _load(rng.choice(events))
    denial = _load(rng.choice(events))
    denial.update(id="denial-of-" + target["id"], kind="denial", denies=[target["id"]],
                  title="نفي: " + target["title"], summary="نفي: " + target["summary"])
    denial.pop("related", None)
    denial.pop("dispute", None)
    _dump(data / "events" / f"{denial['id']}.yaml", denial)


def scope_denial(data: Path, rng: random.Random) -> None:
    """Narrow (or re-narrow) what a denial covers of one event it names: the denied event's
    dispute box and «نفاه» line show it, and so do the pages quoting that box."""
    denials = [p for p in sorted((data / "events").glob("*.yaml")) if "denies" in _load(p)]
    path = rng.choice(denials)
    record = _load(path)
    i = rng.randrange(len(record["denies"]))
    item = record["denies"][i]
    record["denies"][i] = {"event": item if isinstance(item, str) else item["event"], "scope": "نطاق معدّل للنفي"}
    _dump(path, record)


def retitle_article(data: Path, rng: random.Random) -> None:
    path = rng.choice(sorted((data / "articles").glob("*.yaml")))
    record = _load(path)
    record["title"] = "عنوان معدّل: " + record["title"]
    _dump(path, record)


def redate_article(data: Path, rng: random.Random) -> None:
    """An article moves to another month: the months of the pages that mention it change."""
    path = rng.choice([p for p in sorted((data / "articles").glob("*.yaml")) if _load(p).get("published") != "unknown"])
    record = _load(path)
    record["published"] = rng.choice(["2024-11-20", "2025-02-02"])
    record.pop("published_time", None)
    _dump(path, record)


def change_outlet(data: Path, rng: random.Random) -> None:
    path = rng.choice([p for p in sorted((data / "articles").glob("*.yaml")) if _load(p).get("outlet")])
    record = _load(path)
    record["outlet"] = "afp"
    _dump(path, record)


def drop_report(data: Path, rng: random.Random) -> None:
    """A report without an `account` (a dispute needs two accounts to stay valid)."""
    def droppable(record: dict) -> list[int]:
        reports = record.get("reports") or []
        return [i for i, r in enumerate(reports) if "account" not in r] if len(reports) > 1 else []

    paths = [p for p in sorted((data / "events").glob("*.yaml")) if droppable(_load(p))]
    path = rng.choice(paths)
    record = _load(path)
    record["reports"].pop(rng.choice(droppable(record)))
    _dump(path, record)


def reparent_place(data: Path, rng: random.Random) -> None:
    path = rng.choice([p for p in sorted((data / "places").glob("*.yaml")) if _load(p).get("within")])
    record = _load(path)
    record["within"] = ["iraq"] if record["within"] != ["iraq"] else ["lebanon"]
    _dump(path, record)


def add_article(data: Path, rng: random.Random, published: str = "2024-12-30") -> None:
    source = rng.choice(sorted((data / "articles").glob("*.yaml")))
    record = _load(source)
    new_id = "copy-" + record["id"]
    text = (data / "articles" / (record.get("text") or f"{record['id']}.txt")).read_text(encoding="utf-8")
    record.update(id=new_id, published=published, title="نسخة: " + record["title"])
    record.pop("text", None)
    (data / "articles" / f"{new_id}.txt").write_text(text, encoding="utf-8")
    _dump(data / "articles" / f"{new_id}.yaml", record)
    event_path = next(p for p in sorted((data / "events").glob("*.yaml"))
                      if any(r["article"] == source.stem for r in _load(p).get("reports") or []))
    event = _load(event_path)
    event["reports"] = [dict(r, article=new_id) for r in event["reports"] if r["article"] == source.stem][:1]
    event.update(id="copy-" + event["id"], related=[], denies=[])
    event.pop("dispute", None)
    _dump(data / "events" / f"{event['id']}.yaml", event)


def _publication_days(data: Path) -> list[str]:
    return sorted({str(r["published"]) for r in map(_load, sorted((data / "articles").glob("*.yaml")))
                   if r.get("published") not in (None, "unknown")})


def add_article_on_a_day_with_another(data: Path, rng: random.Random) -> None:
    """A new article published the day another was: the other's page lists it among the articles
    of the same day (a rebuild left that list as it was: found at 2,000 articles)."""
    add_article(data, rng, published=rng.choice(_publication_days(data)))


def redate_article_to_the_day_of_another(data: Path, rng: random.Random) -> None:
    path = rng.choice(sorted((data / "articles").glob("*.yaml")))
    record = _load(path)
    record["published"] = rng.choice([d for d in _publication_days(data) if d != str(record.get("published"))])
    record.pop("published_time", None)
    _dump(path, record)


def pair_actor_and_place(data: Path, rng: random.Random) -> None:
    """Give a place the Wikidata item of an actor without a twin: the actor's page, which did not
    link to the place, now does (and the place's page to the actor)."""
    places = [_load(p) for p in sorted((data / "places").glob("*.yaml"))]
    taken = {p.get("wikidata") for p in places}
    actor = rng.choice([a for a in map(_load, sorted((data / "actors").glob("*.yaml")))
                        if a.get("wikidata") and a["wikidata"] not in taken])
    place = rng.choice([p for p in places if not p.get("wikidata")])
    place["wikidata"] = actor["wikidata"]
    _dump(data / "places" / f"{place['id']}.yaml", place)


EDITS = [rename_actor, rename_place, move_event_date, name_event, retitle_event, remove_event, add_event, add_denial, scope_denial, retitle_article,
         redate_article, change_outlet, drop_report, reparent_place, add_article, add_article_on_a_day_with_another,
         redate_article_to_the_day_of_another, pair_actor_and_place]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The bundled corpus, built once; each case copies it (with its cache and generation)."""
    project = make_project(tmp_path_factory.mktemp("incremental"), corpus=None)
    shutil.rmtree(project.data)
    shutil.copytree(ROOT / "data", project.data)
    _age(project.root)
    result = build(project.root, Diagnostics())
    assert result.planned is None                      # the first build renders everything
    _leave_a_spare(project.root)
    return project.root


def _leave_a_spare(root: Path) -> None:
    """Build once more from scratch: the first generation becomes the spare (write.py), so every
    rebuild of a case starts from it, as a curator's rebuilds after the second do."""
    build(root, Diagnostics(), full=True)
    assert (root / ".dossier" / "spare.json").is_file()


# Limits small enough for the bundled corpus (158 events, 8 disputed, 5 articles) to split all
# three site-wide lists into part pages, and the pages of its busiest actors and places (Syria: 57
# events; Middle East Eye: 111 reports citing it) into months (listings.py).
SPLIT_LIMITS = dict(EVENTS_INLINE_MAX=10, DISPUTES_INLINE_MAX=3, SOURCES_INLINE_MAX=2, ENTITY_INLINE_MAX=30)
PART_FOLDERS = ("events/kinds/", "events/disputes/", "sources/months/")


def _is_part(rel: str) -> bool:
    """A part page of a split list, or a month of a split actor's or place's page."""
    return rel.startswith(PART_FOLDERS) or (rel.count("/") == 2 and rel.startswith(("actors/", "places/")))


def _split_lists(mp: pytest.MonkeyPatch) -> None:
    for name, value in SPLIT_LIMITS.items():
        mp.setattr(listings, name, value)


@pytest.fixture(scope="module")
def built_split(tmp_path_factory) -> Path:
    """The bundled corpus built with its lists split into part pages."""
    with pytest.MonkeyPatch.context() as mp:
        _split_lists(mp)
        project = make_project(tmp_path_factory.mktemp("incremental-split"), corpus=None)
        shutil.rmtree(project.data)
        shutil.copytree(ROOT / "data", project.data)
        _age(project.root)
        build(project.root, Diagnostics())
        _leave_a_spare(project.root)
    docs = project.root / "docs"
    for folder in PART_FOLDERS:
        assert len(list((docs / folder).glob("*.md"))) >= 2, folder
    for entity in ("actors/iran", "actors/middle-east-eye", "places/syria"):
        assert len(list((docs / entity).glob("*.md"))) >= 3, entity
    return project.root


def _note_plans(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The pages each incremental plan of the test decides to render, in a list filled as builds run."""
    planned, real_plan = [], incremental.plan

    def plan_and_note(*args):
        only = real_plan(*args)
        planned.append(only)
        return only

    monkeypatch.setattr(incremental, "plan", plan_and_note)
    return planned


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_incremental_build_equals_a_build_from_scratch(built: Path, tmp_path: Path, edit, seed: int, monkeypatch):
    root = _copy(built, tmp_path / "inc")
    edit(root / "data", random.Random(seed))
    _age(root)
    patched = []

    def patch_and_note(*args):
        files = search_patch.patched_files(*args)
        patched.append(files)
        return files

    monkeypatch.setattr(render, "patched_files", patch_and_note)
    reused, read = [], []

    def runs_and_note(*args):
        runs = exports_kept_runs(*args)
        reused.append(sum(count for _, _, count in runs or ()))
        return runs

    def read_and_note(*args):
        layout = exports_read_layout(*args)
        read.append(layout)
        return layout

    monkeypatch.setattr(exports, "_kept_runs", runs_and_note)
    monkeypatch.setattr(exports, "_read_layout", read_and_note)
    diags = Diagnostics()
    result = build(root, diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    assert result.planned is not None, "the rebuild did not use the plan"
    assert len(patched) == 1 and patched[0] is not None, "the search files were indexed from scratch"
    kept = sum(1 for _, content in patched[0] if content is KEEP)
    assert 0 < kept < len(patched[0]), f"{edit.__name__}: {kept} of {len(patched[0])} search files kept"
    assert reused and reused[0] > 0, "the events export was not patched from the previous one"
    assert read == [], "the events export was read, not cut where the last build said its events are"
    pages = sum(1 for rel in _tree(root) if rel.endswith(".md"))
    # Selective, not a full render. (60 %: the bundled corpus is small and dense; retitling one
    # article renders 199 pages, the same before and after the 52 day pages that only periods
    # made were dropped, which left 355 pages instead of 407.)
    assert result.planned < 0.6 * pages, f"{edit.__name__}: rendered {result.planned} of {pages} pages"

    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, symlinks=True, ignore=shutil.ignore_patterns(".dossier"))
    for name in os.listdir(fresh / "docs"):
        if (fresh / "docs" / name).is_symlink():
            (fresh / "docs" / name).unlink()
    assert build(fresh, Diagnostics(), full=True).planned is None
    got, want = _tree(root), _tree(fresh)
    assert sorted(got) == sorted(want)
    stale = [rel for rel in want if got[rel] != want[rel]]
    assert not stale, f"{edit.__name__}: {len(stale)} stale file(s) after the incremental build: {stale[:10]}"


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_split_lists_are_rendered_part_by_part_and_equal_a_build_from_scratch(
        built_split: Path, tmp_path: Path, edit, monkeypatch):
    """Each part page (a kind's events, a month's disputes or sources) is planned like a day page:
    rendered again only when a record with a line on it is; the result must still equal a build
    from scratch, part pages appearing and disappearing included."""
    _split_lists(monkeypatch)
    root = _copy(built_split, tmp_path / "inc")
    edit(root / "data", random.Random(3))
    _age(root)
    planned = _note_plans(monkeypatch)
    result = build(root, Diagnostics())
    assert result.planned is not None and len(planned) == 1
    parts = {rel for rel in _tree(root) if _is_part(rel)}
    rendered = planned[0] & parts
    assert len(rendered) < len(parts), f"{edit.__name__}: every part page was rendered again"
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def test_editing_one_event_renders_only_its_months_of_a_split_entity_and_the_entity_page(
        built_split: Path, tmp_path: Path, monkeypatch):
    """Syria's page, split into months, counts each month's lines: an edit to one December event
    renders Syria's page and its December (rule 7, rule 6), not the months holding nothing that
    shows that event; the result equals a build from scratch."""
    _split_lists(monkeypatch)
    root = _copy(built_split, tmp_path / "month")
    path = root / "data" / "events" / "iran-begins-evacuation-from-syria.yaml"
    record = _load(path)
    assert str(record["date"]).startswith("2024-12") and any(p["place"] == "syria" for p in record["places"])
    record["summary"] += " (عُدّل)"
    _dump(path, record)
    _age(root)
    planned = _note_plans(monkeypatch)
    assert build(root, Diagnostics()).planned is not None
    syria = {p for p in planned[0] if p.startswith("places/syria")}
    assert {"places/syria.md", "places/syria/2024-12.md"} <= syria
    # the planner also counts the events whose pages show the edited one as changed (a related
    # event in November), but no month without such an event is rendered
    assert not syria & {"places/syria/2011.md", "places/syria/undated.md", "places/syria/2025-12.md"}, syria
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def test_removing_an_event_updates_the_month_counts_of_a_split_page_that_does_not_link_to_it(
        tmp_path: Path, monkeypatch):
    """A split page shows its events as counts per month (no link to any event) and counts each
    month's lines. Once an event's file is gone, only its month (which linked to it) knows it was
    there: the plan must render the page of every rendered month (rule 7). The event has one
    actor, no place and no related event: nothing else brings Iran's page in."""
    _split_lists(monkeypatch)
    project = make_project(tmp_path, corpus=None)
    shutil.rmtree(project.data)
    shutil.copytree(ROOT / "data", project.data)
    lone = _load(project.data / "events" / "iran-begins-evacuation-from-syria.yaml")
    lone.update(id="lone-event", actors=[{"actor": "iran", "role": "agent"}], places=[], related=[], denies=[],
                title="حدث منفرد", summary="حدث منفرد.")
    lone.pop("dispute", None)
    gone = project.data / "events" / "lone-event.yaml"
    _dump(gone, lone)
    _age(project.root)
    build(project.root, Diagnostics())
    root = project.root
    iran = (root / "docs" / "actors" / "iran.md").read_text(encoding="utf-8")
    assert "events/lone-event" not in iran and "](../actors/iran/2024-12.md)" in iran
    gone.unlink()
    _age(root)
    assert build(root, Diagnostics()).planned is not None
    assert (root / "docs" / "actors" / "iran.md").read_text(encoding="utf-8") != iran
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def test_the_link_graph_of_split_lists_holds_every_link_each_part_page_shows(built_split: Path):
    _assert_link_graph_matches_pages(built_split, parts_only=True)


def test_removing_an_event_updates_the_places_that_count_it_without_linking_to_it(built: Path, tmp_path: Path):
    """places/iraq.md counts the events of the places within Iraq ("N other events in places within
    it") without linking to them. The event in Baghdad below is only known, once its file is gone,
    through the pages that linked to it (Baghdad's): the plan must also render Baghdad's outer
    places. Found by seed 3 of remove_event; the bundled corpus must keep this event for the test."""
    root = _copy(built, tmp_path / "nested")
    gone = root / "data" / "events" / "iraqis-in-damascus-leave-for-baghdad-and-lebanon.yaml"
    assert "place: baghdad" in gone.read_text(encoding="utf-8")
    before = (root / "docs" / "places" / "iraq.md").read_text(encoding="utf-8")
    gone.unlink()
    _age(root)
    assert build(root, Diagnostics()).planned is not None
    assert (root / "docs" / "places" / "iraq.md").read_text(encoding="utf-8") != before
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def test_no_edit_renders_nothing_and_keeps_every_file(built: Path, tmp_path: Path):
    root = _copy(built, tmp_path / "same")
    before = {rel: os.stat((root / ".dossier" / "current").resolve() / rel).st_ino for rel in _tree(root)}
    result = build(root, Diagnostics())
    assert result.planned == 0 and result.added == result.updated == result.removed == 0
    after = {rel: os.stat((root / ".dossier" / "current").resolve() / rel).st_ino for rel in _tree(root)}
    assert before == after


def test_a_template_change_renders_everything(built: Path, tmp_path: Path):
    root = _copy(built, tmp_path / "tpl")
    path = root / "templates" / "event.md.j2"
    path.write_text(path.read_text(encoding="utf-8") + "\n<!-- changed -->\n", encoding="utf-8")
    result = build(root, Diagnostics())
    assert result.planned is None and result.updated >= 157


def test_templates_compiled_by_other_generator_code_are_not_reused(built: Path, tmp_path: Path):
    """Jinja keys compiled templates on their source only, not on the environment that compiled
    them. After the generator turned autoescaping off, a project's old compiled templates kept
    escaping every value twice (`&lt;bdi`, `&#34;` in titles) until .dossier was deleted."""
    from generator import render

    root = _copy(built, tmp_path / "bytecode")
    want = _tree(root)
    old = render.bytecode_folder(root, "previous-code")   # the previous version of the generator …
    env = render.environment(root / "templates", old)
    env.autoescape = True                      # … compiled its templates with other options
    for name in env.list_templates():
        env.get_template(name)
    assert any(old.iterdir())
    result = build(root, Diagnostics(), full=True)
    assert result.planned is None
    got = _tree(root)
    assert sorted(got) == sorted(want)
    assert [rel for rel in want if got[rel] != want[rel]] == []
    assert not old.exists()


def test_a_file_saved_as_it_is_read_is_not_trusted_to_the_cache(built: Path, tmp_path: Path):
    """A file whose mtime is not clearly before the moment it is read is parsed again next time,
    even if its stamp then looks equal (a write in the same clock tick would not change it)."""
    root = _copy(built, tmp_path / "racy")
    rename_actor(root / "data", random.Random(3))
    future = time.time() + 60          # as if saved during the build
    path = max((root / "data" / "actors").glob("*.yaml"), key=lambda p: p.stat().st_mtime)
    os.utime(path, (future, future))
    first = build(root, Diagnostics())
    assert first.planned is not None and first.updated > 0
    from generator.buildcache import BuildCache

    cache = BuildCache.open(root)
    fresh = [shown for shown, entry in cache.files.items() if entry.stamp is None]
    assert len(fresh) == 1 and fresh[0].startswith("data/actors/")


def test_the_cache_stamps_each_file_read_as_a_stat_of_it_would(built: Path):
    """The loader stamps the files it reads from the open file (one `fstat`, no second `stat` by
    path); the next build compares those stamps with `stat`. Were they to differ (another field,
    a symlink's own stat), every rebuild would parse every file again and say nothing."""
    from generator.buildcache import BuildCache, stamp

    cache = BuildCache.open(built)
    assert len(cache.files) > 100
    texts = 0
    for shown, entry in cache.files.items():
        assert entry.stamp == stamp(built / shown), shown
        for path, texted in entry.reads:
            assert texted == stamp(path), path
            texts += 1
    assert texts >= 5                   # the article texts the records name


def test_a_rebuild_still_checks_quotes_against_an_edited_article_text(built: Path, tmp_path: Path):
    """The quote check skips records identical to the last build's, but an edited article text
    makes every event quoting it be checked again."""
    root = _copy(built, tmp_path / "quote")
    text = next((root / "data" / "articles").glob("*.txt"))
    event = next(p for p in sorted((root / "data" / "events").glob("*.yaml"))
                 if any(r["article"] == text.stem for r in _load(p)["reports"]))
    quote = next(r["quote"] for r in _load(event)["reports"] if r["article"] == text.stem)
    text.write_text(text.read_text(encoding="utf-8").replace(quote, "نص آخر"), encoding="utf-8")
    _age(root)
    diags = Diagnostics()
    with pytest.raises(Exception):
        build(root, diags)
    assert any(d.code == "quote.not-found" and d.source.path == f"data/events/{event.name}" for d in diags.errors)


def test_a_rebuild_still_finds_references_to_a_removed_record_in_unchanged_files(built: Path, tmp_path: Path):
    """The vocabulary and reference checks skip records identical to the last build's only while
    no record is gone: removing an actor breaks the events that name it, files untouched."""
    root = _copy(built, tmp_path / "removed")
    actor = root / "data" / "actors" / "hezbollah.yaml"
    naming = [p.name for p in sorted((root / "data" / "events").glob("*.yaml"))
              if any(a["actor"] == "hezbollah" for a in _load(p).get("actors", []))]
    assert naming
    actor.unlink()
    _age(root)
    diags = Diagnostics()
    with pytest.raises(Exception):
        build(root, diags)
    found = {d.source.path for d in diags.errors if d.code == "ref.unknown"}
    assert found >= {f"data/events/{name}" for name in naming}
    from generator.build import check

    scratch = Diagnostics()
    check(root, scratch)                       # no cache: every record checked
    assert sorted(map(str, diags.errors)) == sorted(map(str, scratch.errors))


def _diagnostics_of_build(root: Path, memory: Memory) -> list[str]:
    diags = Diagnostics()
    try:
        build(root, diags, memory=memory)
    except CuratorError:
        pass
    return sorted(map(str, diags.items))


def _diagnostics_of_check(root: Path) -> list[str]:
    from generator.build import check

    diags = Diagnostics()
    check(root, diags)                      # a new process: no cache, every record read
    return sorted(map(str, diags.items))


def test_rebuilds_in_one_process_report_what_a_check_from_scratch_reports(built: Path, tmp_path: Path):
    """A worker's rebuild checks again only what changed (validate.py, findings.py), yet reports
    every error and warning a check from scratch reports, the unchanged records' included, and
    none it no longer would: after each of these edits, in one process, some of them stopped by
    errors (which validate too)."""
    root = _copy(built, tmp_path / "checked")
    data, memory = root / "data", Memory()
    events = {p.stem: _load(p) for p in sorted((data / "events").glob("*.yaml"))}
    articles = {p.stem: _load(p) for p in sorted((data / "articles").glob("*.yaml"))}
    dated = {k: a["published"] for k, a in articles.items() if a.get("published") not in (None, "unknown")}
    referenced = _referenced_events(data)
    free = [k for k in events if k not in referenced and not any(k in str(e) for j, e in events.items() if j != k)]
    # an event (its file sorting first) reporting only from one dated article, which other events cite too
    article = next(a for a in dated if sum(any(r["article"] == a for r in e["reports"]) for e in events.values()) > 2)
    early = next(k for k in free if {r["article"] for r in events[k]["reports"]} == {article})
    later = [k for k in free if k > early]
    gone = next(k for k in reversed(free) if k not in (early, *later[:3])
                and any(r["article"] in dated for r in events[k]["reports"]))
    pair = [p.stem for p in sorted((data / "actors").glob("*.yaml")) if not _load(p).get("part_of")][:2]
    after_its_articles = max(dated[r["article"]] for r in events[gone]["reports"] if r["article"] in dated)

    def edit(stem: str, folder: str = "events", **fields) -> None:
        path = data / folder / f"{stem}.yaml"
        record = _load(path)
        record.update(fields)
        _dump(path, {k: v for k, v in record.items() if v is not None})

    def rebuilt(expect: str | None = None, absent: str | None = None, step: int = -1) -> None:
        _age(root)
        got, want = _diagnostics_of_build(root, memory), _diagnostics_of_check(root)
        assert got == want, f"after step {step}"
        if expect:
            assert any(f"[{expect}]" in line for line in got), got
        if absent:
            assert not any(f"[{absent}]" in line for line in got), got

    late = dated[article].replace(year=dated[article].year + 1)
    steps = [
        # an event given a date after its article's publication, then put back
        (lambda: edit(early, date=late), "date.after-publication", None),
        (lambda: edit(early, date=events[early]["date"]), None, "date.after-publication"),
        # the article published before the unchanged events that cite it, then on its day again
        (lambda: edit(article, "articles", published=dated[article].replace(year=2000)), "date.after-publication", None),
        (lambda: edit(article, "articles", published=dated[article]), None, "date.after-publication"),
        # an event retitled as one whose file sorts after it (which gets the warning), then back
        (lambda: edit(early, title=events[later[0]]["title"]), "event.title-duplicate", None),
        (lambda: edit(early, title=events[early]["title"]), None, "event.title-duplicate"),
        # ... and as another, which is then removed
        (lambda: edit(later[1], title=events[later[2]]["title"]), "event.title-duplicate", None),
        (lambda: (data / "events" / f"{later[2]}.yaml").unlink(), None, "event.title-duplicate"),
        # pages written by hand where a record's and a redirect's pages go (in other case), then gone
        (lambda: _write(root / "docs" / "Actors" / "iran.md", "# صفحة\n"), "page.collision", None),
        (lambda: _write(root / "docs" / "EVENTS" / "iran-diplomatic-mission-leaves-syria-for-beirut.md", "#\n"),
         "page.collision", None),
        (lambda: [shutil.rmtree(root / "docs" / name) for name in ("Actors", "EVENTS")], None, "page.collision"),
        # a note naming an event dated after its articles, which is then removed (with the article
        # redated, in the same build)
        (lambda: (edit(early, note=f"انظر {gone}"), edit(gone, date=after_its_articles.replace(year=2030))),
         "date.after-publication", "note.unknown-id"),
        (lambda: ((data / "events" / f"{gone}.yaml").unlink(),
                  edit(article, "articles", published=dated[article].replace(year=2000))), "note.unknown-id", None),
        (lambda: (edit(early, note=None), edit(article, "articles", published=dated[article])), None, "note.unknown-id"),
        # the article published before its events, then gone (with its text), then back
        (lambda: edit(article, "articles", published=dated[article].replace(year=2000)), "date.after-publication", None),
        (lambda: [(data / "articles" / f"{article}{ext}").rename(tmp_path / f"{article}{ext}") for ext in (".yaml", ".txt")],
         "ref.unknown", "date.after-publication"),
        (lambda: ([(tmp_path / f"{article}{ext}").rename(data / "articles" / f"{article}{ext}") for ext in (".yaml", ".txt")],
                  edit(article, "articles", published=dated[article])), None, "ref.unknown"),
        # two actors made part of each other, then not
        (lambda: (edit(pair[0], "actors", part_of=[pair[1]]), edit(pair[1], "actors", part_of=[pair[0]])),
         "hierarchy.cycle", None),
        (lambda: (edit(pair[0], "actors", part_of=None), edit(pair[1], "actors", part_of=None)), None, "hierarchy.cycle"),
        # an outlet that is no longer of an outlet's kind, under its unchanged articles
        (lambda: edit("al-shorouk", "actors", kind="state"), "article.outlet-kind", None),
        (lambda: edit("al-shorouk", "actors", kind="media-outlet"), None, "article.outlet-kind"),
    ]
    rebuilt()
    for n, (step, expect, absent) in enumerate(steps):
        step()
        rebuilt(expect, absent, n)


def test_a_worker_works_out_while_idle_what_a_full_validation_left_out(built: Path, tmp_path: Path):
    """A validation that reads every event does not list which articles each cites (a build in a
    new process would never use it); the worker lists them while idle (Memory.prime), and a
    rebuild after an article is redated finds the unchanged events citing it from that list."""
    root = _copy(built, tmp_path / "primed")
    memory = Memory()
    build(root, Diagnostics(), memory=memory)
    memory.prime()
    path = next(p for p in sorted((root / "data" / "articles").glob("*.yaml")) if _load(p).get("published") != "unknown")
    record = _load(path)
    record["published"] = record["published"].replace(year=2000)
    _dump(path, record)
    _age(root)
    got = _diagnostics_of_build(root, memory)
    assert any("[date.after-publication]" in line for line in got)
    assert got == _diagnostics_of_check(root)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_builds_killed_at_any_moment_never_leave_a_stale_page_behind(built: Path, tmp_path: Path):
    """Kill rebuilds at moments spread over a whole build (parsing, rendering, the swap, saving the
    cache), editing between kills; the next complete rebuild must still equal a build from scratch."""
    import subprocess
    import sys

    root = _copy(built, tmp_path / "killed")
    rng = random.Random(5)
    edits = [rename_actor, move_event_date, retitle_article, add_event, rename_place, change_outlet]
    for i in range(12):
        edits[i % len(edits)](root / "data", rng)
        _age(root)
        proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.1 + 0.12 * i)
        proc.kill()
        proc.wait()
    diags = Diagnostics()
    build(root, diags)
    assert not diags.errors
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def _assert_equals_a_build_from_scratch(root: Path, fresh: Path) -> None:
    shutil.copytree(root, fresh, symlinks=True, ignore=shutil.ignore_patterns(".dossier"))
    for name in os.listdir(fresh / "docs"):
        if (fresh / "docs" / name).is_symlink():
            (fresh / "docs" / name).unlink()
    build(fresh, Diagnostics(), full=True)
    got, want = _tree(root), _tree(fresh)
    assert sorted(got) == sorted(want)
    assert [rel for rel in want if got[rel] != want[rel]] == []


def _cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.unlink()                      # a new file: the cache's own copies stay as they were
    path.write_bytes(data[:len(data) // 2])


def _alter_an_id(path: Path) -> None:
    """One letter of an event's id changed where the file names it, its size kept: the offsets the
    cache holds still fall inside it, on text that is no longer what they describe."""
    ids = [json.loads(line.rstrip(","))["id"] for line in
           (path.parent / "events.json").read_text(encoding="utf-8").splitlines()[1:-1]]
    event_id = ids[len(ids) // 2].encode()
    data = path.read_bytes()
    head = b'{"id":"' if path.suffix == ".json" else b"\n"
    at = data.index(head + event_id + (b'"' if path.suffix == ".json" else b",")) + len(head) + len(event_id) - 1
    path.unlink()
    path.write_bytes(data[:at] + (b"x" if data[at:at + 1] != b"x" else b"y") + data[at + 1:])


DAMAGE = {
    "events.json cut": lambda gen, cache: _cut_in_half(gen / "data" / "events.json"),
    "events.csv cut": lambda gen, cache: _cut_in_half(gen / "data" / "events.csv"),
    "events.json id altered": lambda gen, cache: _alter_an_id(gen / "data" / "events.json"),
    "events.csv id altered": lambda gen, cache: _alter_an_id(gen / "data" / "events.csv"),
    "export layout garbled": lambda gen, cache: (cache / "exports.pickle").write_bytes(b"not a pickle"),
    "search shard gone": lambda gen, cache: sorted((gen / "search" / "t").glob("*.json"))[3].unlink(),
    "search chunk cut": lambda gen, cache: _cut_in_half(sorted((gen / "search" / "d").glob("*.json"))[1]),
    "search meta gone": lambda gen, cache: (gen / "search" / "meta.json").unlink(),
    "search memo shard lost": lambda gen, cache: (cache / "search-07.pickle").write_bytes(b"not a pickle"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_previous_files_a_rebuild_patches_may_be_damaged_or_gone(built: Path, tmp_path: Path, damage: str):
    """The events export and the search files are patched from the published ones; whatever is
    wrong with those (or with the search memo), the rebuild still writes what a fresh build does."""
    root = _copy(built, tmp_path / "damaged")
    add_event(root / "data", random.Random(3))
    _age(root)
    DAMAGE[damage]((root / ".dossier" / "current").resolve(), root / ".dossier" / "cache")
    diags = Diagnostics()
    result = build(root, diags)
    assert not diags.errors and result.planned is not None
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def test_a_cache_that_cannot_be_saved_is_a_warning_after_the_pages_are_published(built: Path, tmp_path: Path,
                                                                                 monkeypatch):
    """An unwritable .dossier/cache raised a traceback after the new pages were already published."""
    from generator import buildcache

    root = _copy(built, tmp_path / "unsaved")
    add_event(root / "data", random.Random(5))
    _age(root)

    def refuse(path, value):
        raise PermissionError(13, "Permission denied", str(path))

    with monkeypatch.context() as m:
        m.setattr(buildcache, "_atomic_pickle", refuse)
        diags = Diagnostics()
        result = build(root, diags)
    assert not diags.errors and [d.code for d in diags.warnings] == ["build.cache-unsaved"]
    assert result.generation == (root / ".dossier" / "current").resolve().name
    remove_event(root / "data", random.Random(6))
    _age(root)
    diags = Diagnostics()
    build(root, diags)                                  # the next build still writes what a fresh one does
    assert not diags.items
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def test_a_damaged_cache_shard_costs_a_full_render_not_a_stale_page(built: Path, tmp_path: Path):
    """Without a shard's records, removals in it would go unseen: the plan is not trusted at all."""
    root = _copy(built, tmp_path / "damaged")
    remove_event(root / "data", random.Random(4))
    _age(root)
    shard = next((root / ".dossier" / "cache").glob("files-*.pickle"))
    shard.write_bytes(b"not a pickle")
    result = build(root, Diagnostics())
    assert result.planned is None
    again = build(root, Diagnostics())          # and the cache is whole again
    assert again.planned == 0


def _links_in_text(page: str, text: str) -> set[str]:
    """The generated pages a page's text links to, read back out of it: Markdown links to `.md`
    files, and the SVG figures' HTML links (directory URLs relative to the page's own URL)."""
    import posixpath
    import re

    base = posixpath.dirname(page)
    found = {posixpath.normpath(posixpath.join(base, t)) for t in re.findall(r"\]\(([^()\s#]+?\.md)", text)}
    url_dir = page[:-3] + "/" if not page.endswith("index.md") else base + "/"
    for href in re.findall(r'href="([^"#]*)"', text):
        if "://" in href or not href.startswith("../"):
            continue
        target = posixpath.normpath(posixpath.join(url_dir, href))
        if not target.endswith((".svg", ".xml", ".json", ".geojson", ".csv")):
            found.add(target + ".md")
    return found


def test_the_link_graph_holds_every_link_each_page_shows(built: Path):
    """The planner's rule 4 (pages that showed a changed record are re-rendered) trusts the link
    graph the build records while rendering (`Linker.targets`); it must hold every link the page
    text contains, and nothing the page does not link to (besides itself)."""
    _assert_link_graph_matches_pages(built)


def _assert_link_graph_matches_pages(root: Path, parts_only: bool = False) -> None:
    from generator.buildcache import BuildCache

    links = BuildCache.open(root).links
    docs = root / "docs"
    assert len(links) > 300
    if parts_only:
        links = {page: targets for page, targets in links.items() if _is_part(page)}
        assert len(links) > 80
    for page, recorded in links.items():
        shown = _links_in_text(page, (docs / page).read_text(encoding="utf-8"))
        assert shown <= recorded, f"{page}: links not recorded: {sorted(shown - recorded)[:5]}"
        assert recorded <= shown | {page}, f"{page}: recorded but not shown: {sorted(recorded - shown)[:5]}"


def test_a_kept_page_gone_from_the_published_site_costs_a_full_render_not_a_crash(built: Path, tmp_path: Path):
    """Someone deleted a file under .dossier/gen, from the published generation and the spare:
    the plan would keep it; the build warns and renders every page instead."""
    root = _copy(built, tmp_path / "gone")
    rename_place(root / "data", random.Random(2))
    _age(root)
    current = (root / ".dossier" / "current").resolve()
    gone = sorted((current / "events").glob("*.md"))[-1]
    for generation in (root / ".dossier" / "gen").iterdir():
        (generation / "events" / gone.name).unlink()
    diags = Diagnostics()
    result = build(root, diags)
    assert [d.code for d in diags.items] == ["build.generation-damaged"]
    assert str(diags.items[0].source) == f".dossier/current/events/{gone.name}"
    assert result.planned is None
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")
    assert build(root, Diagnostics()).planned == 0          # and the next rebuild plans again


def test_files_saved_again_unchanged_keep_the_published_site_as_it_is(built: Path, tmp_path: Path):
    """Every record file rewritten with the same bytes (an editor's "save all"): nothing is
    rendered, the published generation stays the one docs/ shows."""
    root = _copy(built, tmp_path / "saved")
    published = (root / ".dossier" / "current").resolve()
    for path in (root / "data").rglob("*.yaml"):
        path.write_bytes(path.read_bytes())
    _age(root)
    result = build(root, Diagnostics())
    assert result.planned == 0 and result.added == result.updated == result.removed == 0
    assert result.unchanged == len(_tree(root)) > 0
    assert (root / ".dossier" / "current").resolve() == published
    rename_actor(root / "data", random.Random(1))          # an edit after that is still seen
    _age(root)
    assert build(root, Diagnostics()).planned > 0


_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمن"
_GROWN = "grown-search-group"


def _grow_a_search_group(data: Path, rng: random.Random) -> None:
    """An event whose summary holds 150 distinct words starting «زخ»: the group of that prefix grows
    past any of the test's split sizes (random edits of the bundled corpus seldom move a group across)."""
    words = sorted({"زخ" + a + b for a in _LETTERS for b in _LETTERS})
    source = sorted((data / "events").glob("*.yaml"))[0]
    record = _load(source)
    record.update(id=_GROWN, title="مجموعة بحث تكبر", summary=" ".join(rng.sample(words, 150)), related=[],
                  denies=[])
    record.pop("dispute", None)
    record["reports"] = [{k: v for k, v in r.items() if k != "account"} for r in record["reports"]][:1]
    _dump(data / "events" / f"{_GROWN}.yaml", record)


def _shrink_the_search_group(data: Path, rng: random.Random) -> None:
    (data / "events" / f"{_GROWN}.yaml").unlink()


@pytest.mark.parametrize("split_bytes", [600, 900, 1200])
def test_split_search_groups_are_patched_part_by_part_and_split_or_joined_as_they_grow(
        built: Path, tmp_path: Path, split_bytes: int, monkeypatch):
    """The bundled corpus has no shard group above the real SPLIT_BYTES; with smaller sizes it has
    many, and edits that add and remove words make groups cross the size both ways. Each rebuild
    must equal a build from scratch made with the same size."""
    from generator import search_index

    monkeypatch.setattr(search_index, "SPLIT_BYTES", split_bytes)
    root = _copy(built, tmp_path / "split")
    shutil.rmtree(root / ".dossier")
    for name in os.listdir(root / "docs"):
        if (root / "docs" / name).is_symlink():
            (root / "docs" / name).unlink()
    build(root, Diagnostics())

    def split_groups() -> set[str]:
        meta = (root / ".dossier" / "current" / "search" / "meta.json").resolve()
        return set(json.loads(meta.read_text(encoding="utf-8"))["split"])

    was = split_groups()
    assert was
    joined, left = set(), set()
    for i, edit in enumerate([add_article, remove_event, _grow_a_search_group, add_event, drop_report,
                              _shrink_the_search_group]):
        edit(root / "data", random.Random(i))
        _age(root)
        assert build(root, Diagnostics()).planned is not None
        now = split_groups()
        joined |= now - was
        left |= was - now
        was = now
        _assert_equals_a_build_from_scratch(root, tmp_path / f"fresh{i}")
    assert joined and left, "no group crossed the split size both ways: the case this test is for did not happen"


# --- a process that builds again (generator/worker.py): the cache kept in memory ----------------

def _opened_from_disk(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The project roots whose cache a build reads back from disk, in a list filled as builds run."""
    opened, real_open = [], BuildCache.open.__func__

    def open_and_note(cls, root: Path, empty: bool = False):
        opened.append(root)
        return real_open(cls, root, empty)

    monkeypatch.setattr(BuildCache, "open", classmethod(open_and_note))
    return opened


@pytest.mark.parametrize("save_when_idle", [False, True])
def test_rebuilds_in_one_process_reuse_its_cache_and_equal_builds_from_scratch(built: Path, tmp_path: Path,
                                                                                monkeypatch, save_when_idle: bool):
    root = _copy(built, tmp_path / "resident")
    memory, opened = Memory(save_when_idle), _opened_from_disk(monkeypatch)
    build(root, Diagnostics(), memory=memory)         # the worker's first build reads the cache from disk
    rng = random.Random(7)
    for i, edit in enumerate([add_article, rename_actor, remove_event, retitle_article, add_denial]):
        edit(root / "data", rng)
        _age(root)
        diags = Diagnostics()
        result = build(root, diags, memory=memory)
        assert not diags.errors, [str(d) for d in diags.errors]
        assert result.planned is not None, f"{edit.__name__}: the rebuild did not use the plan"
        _assert_equals_a_build_from_scratch(root, tmp_path / f"fresh-{i}")
    assert opened.count(root) == 1, "a rebuild read the cache back from disk instead of keeping it"


def _saved_generation(root: Path) -> str:
    import pickle

    return pickle.loads((root / ".dossier" / "cache" / "meta.pickle").read_bytes())["generation"]


def test_a_worker_saves_its_cache_after_answering_and_before_its_next_build(built: Path, tmp_path: Path):
    """The worker answers once the pages are published and saves the cache while idle (prime):
    a `make build` in another terminal, a new process, then plans from what it saved."""
    root = _copy(built, tmp_path / "idle")
    memory = Memory(save_when_idle=True)
    build(root, Diagnostics(), memory=memory)
    memory.prime()
    add_article(root / "data", random.Random(8))
    _age(root)
    before = _saved_generation(root)
    published = build(root, Diagnostics(), memory=memory).generation
    assert _saved_generation(root) == before != published, "the cache was saved before the answer"
    memory.prime()
    assert _saved_generation(root) == published
    rename_actor(root / "data", random.Random(8))
    _age(root)
    diags = Diagnostics()
    assert build(root, diags).planned is not None and not diags.errors, "a new process found no usable cache"
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def test_a_worker_whose_save_after_answering_failed_says_so_and_renders_everything(built: Path, tmp_path: Path,
                                                                                   monkeypatch):
    from generator import buildcache

    root = _copy(built, tmp_path / "unsaved-idle")
    memory = Memory(save_when_idle=True)
    build(root, Diagnostics(), memory=memory)
    add_event(root / "data", random.Random(9))
    _age(root)
    build(root, Diagnostics(), memory=memory)

    def refuse(path, value):
        raise PermissionError(13, "Permission denied", str(path))

    with monkeypatch.context() as m:
        m.setattr(buildcache, "_atomic_pickle", refuse)
        memory.prime()
    remove_event(root / "data", random.Random(9))
    _age(root)
    diags = Diagnostics()
    result = build(root, diags, memory=memory)
    unsaved = [d for d in diags.warnings if d.code == "build.cache-unsaved"]
    assert len(unsaved) == 1 and "Permission denied" in unsaved[0].message and not diags.errors
    assert result.planned is None
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def test_a_rebuild_after_one_stopped_by_an_error_renders_what_that_one_parsed(built: Path, tmp_path: Path):
    """A build stopped by validation gives its cache back (what it parsed is still true of the
    files), but the pages are still those of the build before it: the actor renamed alongside
    the error must be rendered by the next build, not taken as already published."""
    root = _copy(built, tmp_path / "stopped")
    memory = Memory()
    build(root, Diagnostics(), memory=memory)
    rename_actor(root / "data", random.Random(3))
    broken = sorted((root / "data" / "events").glob("*.yaml"))[0]
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text + "reports: [\n", encoding="utf-8")
    _age(root)
    with pytest.raises(CuratorError):
        build(root, Diagnostics(), memory=memory)
    broken.write_text(text, encoding="utf-8")
    _age(root)
    diags = Diagnostics()
    assert build(root, diags, memory=memory).planned is not None
    assert not diags.errors
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def test_a_kept_cache_is_set_aside_once_another_process_built_or_the_templates_changed(built: Path, tmp_path: Path,
                                                                                       monkeypatch):
    root = _copy(built, tmp_path / "other")
    memory, opened = Memory(), _opened_from_disk(monkeypatch)
    build(root, Diagnostics(), memory=memory)
    rename_place(root / "data", random.Random(4))
    _age(root)
    build(root, Diagnostics())                        # `make build` in another terminal
    retitle_article(root / "data", random.Random(4))
    _age(root)
    assert build(root, Diagnostics(), memory=memory).planned is not None
    assert opened.count(root) == 3, "the kept cache was used though another build replaced the one on disk"
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")
    template = root / "templates" / "actor.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build(root, Diagnostics(), memory=memory).planned is None    # other templates: everything rendered
    assert opened.count(root) == 4


def test_a_build_leaves_nothing_of_its_index_to_the_cycle_collector(built: Path, tmp_path: Path, monkeypatch):
    """A process that builds again keeps the cache, not the build: the index must be freed when
    the build returns. Held in reference cycles (the fragment caches' bound methods, a recursive
    closure of the places index), it waited for a full collection, which a process holding ~1.5
    million long-lived objects rarely runs: the worker grew ~60 MB a rebuild at 10,000 articles."""
    import gc
    import weakref

    from generator import index

    root = _copy(built, tmp_path / "freed")
    made, real = [], index.build_index

    def build_and_note(corpus):
        ix = real(corpus)
        made.append(weakref.ref(ix))
        return ix

    monkeypatch.setattr(index, "build_index", build_and_note)
    rename_actor(root / "data", random.Random(2))
    _age(root)
    enabled = gc.isenabled()
    gc.disable()
    try:
        assert build(root, Diagnostics(), memory=Memory()).planned is not None
        assert len(made) == 1 and made[0]() is None, "the index outlived its build, in a reference cycle"
    finally:
        if enabled:
            gc.enable()


def test_a_synthetic_corpus_edited_and_grown_rebuild_by_rebuild_equals_a_build_from_scratch(tmp_path: Path):
    """The benchmark's synthetic corpus has what the five bundled articles lack: several articles
    a day, hubs whose pages are split by month, thousands of links. Edited and grown one step at a
    time, each step rebuilt (in one process that keeps its cache, as `make serve` does, and in a
    new one, alternately), it ends where a build from scratch does. This is how the stale «same
    day» lists were found, at 2,000 articles."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    root = tmp_path / "synthetic"
    manifest = synthetic.generate(120, root)
    synthetic.scaffold(root)
    diags = Diagnostics()
    build(root, diags)
    assert not diags.errors
    rng, memory = random.Random(11), Memory()
    steps = [lambda data, rng: synthetic.add_article(root, manifest, serial=0), retitle_article,
             add_article_on_a_day_with_another, move_event_date, redate_article_to_the_day_of_another,
             lambda data, rng: synthetic.add_article(root, manifest, serial=1), retitle_event, remove_event,
             drop_report, add_event]
    for i, step in enumerate(steps):
        step(root / "data", rng)
        _age(root)
        diags = Diagnostics()
        result = build(root, diags, memory=memory if i % 2 else None)
        assert not diags.errors, [str(d) for d in diags.errors]
        assert result.planned is not None, f"step {i}: not an incremental build"
    _assert_equals_a_build_from_scratch(root, tmp_path / "fresh")


def test_a_corpus_crossing_a_search_table_size_renumbers_every_document_and_equals_a_build_from_scratch(
        built: Path, tmp_path: Path, monkeypatch):
    """Search numbers are slots of a table at most half full, whose size doubles or halves with the
    corpus (search_index.table_size): every number moves then, so the rebuild indexes search from
    scratch instead of patching (renumbered only places documents again within one size). Grown
    past the size, then shrunk back under it, each rebuild equals a build from scratch; a rebuild on
    either side patches."""
    from generator.search_index import table_size

    root = _copy(built, tmp_path / "crossing")
    meta = root / ".dossier" / "current" / "search" / "meta.json"
    docs = json.loads(meta.read_text(encoding="utf-8"))["docs"]
    crowd = table_size(docs) // 2 + 1 - docs             # actors that make the table too small by one
    patched = []

    def patch_and_note(*args):
        files = search_patch.patched_files(*args)
        patched.append(files is not None)
        return files

    monkeypatch.setattr(render, "patched_files", patch_and_note)
    for i in range(crowd):
        _dump(root / "data" / "actors" / f"crowd-{i}.yaml",
              {"id": f"crowd-{i}", "name": "حشد " + _LETTERS[i % len(_LETTERS)] + _LETTERS[i // len(_LETTERS)],
               "kind": "military-unit"})
    for step, edit in enumerate([lambda: None, lambda: [(root / "data" / "actors" / f"crowd-{i}.yaml").unlink()
                                                        for i in range(crowd)], lambda: None]):
        edit()
        if step == 2:
            rename_actor(root / "data", random.Random(5))
        _age(root)
        diags = Diagnostics()
        assert build(root, diags).planned is not None
        assert not diags.errors, [str(d) for d in diags.errors]
        _assert_equals_a_build_from_scratch(root, tmp_path / f"fresh-{step}")
    assert json.loads(meta.read_text(encoding="utf-8"))["docs"] == docs
    assert patched == [False, False, True], "the search files were patched across a table size, or not after"
