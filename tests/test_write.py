"""The writer owns generated sections only: writes changed files, removes stale ones, swaps whole."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT, Project


def _inode(project: Project, rel: str) -> tuple[int, int]:
    st = (project.root / "docs" / rel).stat()
    return st.st_ino, st.st_mtime_ns


def test_second_build_changes_nothing(project: Project):
    first = project.run("build")
    assert first.returncode == 0
    assert "0 updated, 0 removed, 0 unchanged" in first.stdout
    before = _inode(project, "actors/iran.md")
    second = project.run("build")
    assert " 0 added, 0 updated, 0 removed," in second.stdout
    assert _inode(project, "actors/iran.md") == before


def test_only_pages_whose_content_changed_are_rewritten(project: Project):
    project.run("build")
    pages_before = set(_pages(project.root / "docs"))
    untouched = _inode(project, "places/syria.md")
    iran = _inode(project, "actors/iran.md")
    path = project.data / "actors" / "iran.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: إيران", "name: الجمهورية الإسلامية الإيرانية"),
                    encoding="utf-8")
    result = project.run("build")
    assert result.returncode == 0
    assert _inode(project, "places/syria.md") == untouched
    assert _inode(project, "actors/iran.md") != iran
    assert "الجمهورية الإسلامية الإيرانية" in project.page("actors/iran.md")
    assert set(_pages(project.root / "docs")) == pages_before   # (search shards may come and go)


def test_pages_of_deleted_records_are_removed(project: Project):
    project.run("build")
    (project.data / "events" / "denial.yaml").unlink()
    result = project.run("build")
    assert result.returncode == 0
    assert not (project.root / "docs" / "events" / "denial.md").exists()
    assert "removed" in result.stdout and " 0 removed" not in result.stdout


def test_hand_written_pages_survive_every_build(project: Project):
    note = project.write("docs/notes/method.md", "# ملاحظات المحرر\n")
    about = (project.root / "docs" / "about.md").read_bytes()
    for _ in range(2):
        assert project.run("build").returncode == 0
    assert note.read_text(encoding="utf-8") == "# ملاحظات المحرر\n"
    assert (project.root / "docs" / "about.md").read_bytes() == about


def test_a_page_saved_in_a_generated_folder_stops_the_build_and_is_kept(project: Project):
    """docs/actors/ is a link into the published generation and looks like any folder: a page saved
    there was dropped by the next build that changed anything, then deleted for good, unreported;
    a generated page edited in place was overwritten, or kept by incremental builds only."""
    assert project.run("build").returncode == 0
    docs = project.root / "docs"
    mine = docs / "actors" / "my-notes.md"
    mine.write_text("# ملاحظاتي\n", encoding="utf-8")
    with open(docs / "events" / "withdrawal.md", "a", encoding="utf-8") as handle:
        handle.write("تعديل يدوي\n")
    edited = (docs / "events" / "withdrawal.md").read_bytes()
    path = project.data / "actors" / "iran.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: إيران", "name: إيران الجديدة"), encoding="utf-8")
    for _ in range(2):                                  # refused again: the record of the publication stays
        result = project.run("build")
        assert result.returncode != 0 and result.stdout == ""
        assert "docs/actors/my-notes.md:1: error: this page was saved after the last build, but docs/actors " \
               "belongs to the generator" in result.stderr
        assert "docs/events/withdrawal.md:1: error:" in result.stderr
        assert mine.read_text(encoding="utf-8") == "# ملاحظاتي\n"
        assert (docs / "events" / "withdrawal.md").read_bytes() == edited
        assert "إيران الجديدة" not in (docs / "actors" / "iran.md").read_text(encoding="utf-8")
    shutil.move(str(mine), str(docs / "my-notes.md"))
    (docs / "events" / "withdrawal.md").unlink()          # the curator lets the build write its own
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    assert (docs / "my-notes.md").exists() and "تعديل يدوي" not in (docs / "events" / "withdrawal.md").read_text(encoding="utf-8")
    assert project.run("build").returncode == 0


def test_a_mistyped_root_creates_nothing(tmp_path):
    typo = tmp_path / "typo-root"
    typo.mkdir()
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(typo), "build"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "no data/ folder here" in result.stderr
    assert list(typo.iterdir()) == []


def test_a_real_folder_where_a_section_goes_is_refused_not_overwritten(project: Project):
    mine = project.write("docs/places/my-notes.txt", "mine")
    result = project.run("build")
    assert result.returncode != 0
    assert "docs/places exists and was not written by the generator" in result.stderr
    assert mine.read_text() == "mine"
    check = project.run("check")                # it passed, and build then refused
    assert check.returncode == 1
    assert "docs/places: error: exists and was not written by the generator" in check.stdout + check.stderr


def test_generated_sections_are_swapped_in_whole(project: Project):
    project.run("build")
    link = project.root / ".dossier" / "current"
    first = os.readlink(link)
    path = project.data / "events" / "withdrawal.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("بدأت إيران سحب", "شرعت إيران في سحب"), encoding="utf-8")
    project.run("build")
    assert os.readlink(link) != first
    assert len(list((project.root / ".dossier" / "gen").iterdir())) == 2     # the published one and the spare


def test_a_rebuild_writes_into_the_spare_and_never_through_a_published_file(project: Project):
    """The third build reuses the first generation (the spare), whose files are hard links shared
    with the published one: every changed page must be a new file, the published files untouched,
    and the result what a build from an empty folder gives."""
    ws = project.root / ".dossier"
    assert project.run("build").returncode == 0
    edits = (("withdrawal", "بدأت إيران سحب", "شرعت إيران في سحب"),      # then another event: the third
             ("embassy-emptied", "أُخليت السفارة", "أُفرغت السفارة"))        # build brings the first edit over
    for name, old, new in edits:
        published = (ws / "current").resolve()
        before = {p: (p.stat().st_ino, p.read_bytes()) for p in published.rglob("*") if p.is_file()}
        path = project.data / "events" / f"{name}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        run = project.run("build")
        assert run.returncode == 0 and "incremental" in run.stdout and run.stderr == "", run.stderr
        assert {p: (p.stat().st_ino, p.read_bytes()) for p in published.rglob("*") if p.is_file()} == before
        now = (ws / "current").resolve()
        spare = json.loads((ws / "spare.json").read_text(encoding="utf-8"))
        assert spare["spare"] == published.name and spare["published"] == now.name
        assert f"events/{name}.md" in spare["differs"]
        kept = [p.relative_to(now).as_posix() for p in now.rglob("*.md")]
        kept = [rel for rel in kept if rel not in spare["differs"]]
        assert len(kept) > 5 and all((now / rel).stat().st_ino == (published / rel).stat().st_ino for rel in kept)
    fresh = _pages(project.root / "docs")
    shutil.rmtree(ws)
    for name in os.listdir(project.root / "docs"):
        if (project.root / "docs" / name).is_symlink():
            (project.root / "docs" / name).unlink()
    assert project.run("build").returncode == 0
    assert _pages(project.root / "docs") == fresh


def _pages(docs) -> dict[str, bytes]:
    found = {}
    for dirpath, _, files in os.walk(docs, followlinks=True):
        for name in files:
            if name.endswith(".md"):
                path = os.path.join(dirpath, name)
                with open(path, "rb") as handle:
                    found[os.path.relpath(path, docs)] = handle.read()
    return found


def _heading(page: bytes) -> str:
    return next(line for line in page.decode().splitlines() if line.startswith("# ")).removeprefix("# ")


def test_a_build_killed_midway_leaves_the_previous_pages_whole(project: Project):
    """Kill builds at many moments; docs/ must always hold one complete, consistent generation."""
    docs = project.root / "docs"
    assert project.run("build").returncode == 0
    previous = _pages(docs)
    assert "actors/iran.md" in previous
    for i in range(1, 30):
        (project.data / "actors" / "extra.yaml").write_text(f"id: extra\nname: جديد {i}\nkind: state\n", encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project.root), "build"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.02 * i)
        proc.kill()
        proc.wait()
        pages = _pages(docs)
        if pages == previous:
            continue
        name = _heading(pages["actors/extra.md"])
        assert name.startswith("جديد")
        assert name in pages["actors/index.md"].decode()          # the index is of the same generation
        assert set(previous) <= set(pages)
        previous = pages
    assert project.run("build").returncode == 0          # and the next build completes the change
    assert _heading(_pages(docs)["actors/extra.md"]) == "جديد 29"


def test_two_builds_at_once_cannot_corrupt_the_output(project: Project):
    import fcntl

    assert project.run("build").returncode == 0
    with open(project.root / ".dossier" / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)                  # a build is "running": the others must queue
        procs = [subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project.root), "build"],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
        first_lines = [p.stderr.readline() for p in procs]   # each reaches the lock and says it waits
        assert all(p.poll() is None for p in procs), "a build ran while another held the lock"
        fcntl.flock(lock, fcntl.LOCK_UN)
    outputs = [(out, first + err) for first, (out, err) in zip(first_lines, (p.communicate(timeout=120) for p in procs))]
    assert all(p.returncode == 0 for p in procs), outputs
    assert all("waiting for it to finish" in err for _, err in outputs)
    gens = {p.resolve() for p in (project.root / ".dossier" / "gen").iterdir()}
    assert len(gens) <= 2 and (project.root / ".dossier" / "current").resolve() in gens   # and the spare
    assert not list((project.root / ".dossier").glob("current.*.tmp"))
    pages = _pages(project.root / "docs")
    assert "actors/iran.md" in pages and "events/withdrawal.md" in pages


def test_a_file_given_in_pieces_is_compared_and_written_whole(tmp_path):
    """events.json reaches the writer as byte pieces (never joined): unchanged pieces keep the file,
    a change of the same total size is still written."""
    from generator.write import Pieces, write_generated, build_lock

    docs = tmp_path / "docs"
    docs.mkdir()

    def publish(pieces: Pieces):
        with build_lock(docs):
            return write_generated(docs, [("data/events.json", pieces)])

    first = publish(Pieces([b"[", b'{"id":"a"},', b'{"id":"b"}', b"]\n"]))
    assert first.added == 1
    path = docs / "data" / "events.json"
    assert path.read_bytes() == b'[{"id":"a"},{"id":"b"}]\n'
    inode = path.stat().st_ino
    again = publish(Pieces([b'[{"id":"a"},', b'{"id":"b"}]\n']))     # same bytes, cut elsewhere
    assert again.unchanged == 1 and path.stat().st_ino == inode
    changed = publish(Pieces([b"[", b'{"id":"a"},', b'{"id":"c"}', b"]\n"]))   # same size, one byte differs
    assert changed.updated == 1
    assert path.read_bytes() == b'[{"id":"a"},{"id":"c"}]\n'


@pytest.mark.parametrize("saved", ["after the watch began", "before the watch began", "in a new folder"])
def test_a_worker_refuses_a_page_saved_in_a_generated_folder_from_what_its_watch_saw(project: Project, saved: str,
                                                                                     monkeypatch):
    """The worker watches the published pages (watch.PageWatch, armed while it waits) instead of
    stat'ing every one before each build: a page saved before it armed the watch is found by the
    walk that follows the arming, a later one is reported; a new folder makes it walk again."""
    from generator import write
    from generator.build import build
    from generator.buildcache import Memory
    from generator.diagnostics import CuratorError, Diagnostics

    memory = Memory(save_when_idle=True)
    build(project.root, Diagnostics(), memory=memory)
    if saved != "before the watch began":
        memory.prime()
    docs = project.root / "docs"
    mine = docs / "actors" / ("my-notes.md" if saved != "in a new folder" else "mine/notes.md")
    mine.parent.mkdir(exist_ok=True)
    mine.write_text("# ملاحظاتي\n", encoding="utf-8")
    with open(docs / "events" / "withdrawal.md", "a", encoding="utf-8") as handle:
        handle.write("تعديل يدوي\n")
    if saved == "before the watch began":
        memory.prime()
    walks = []
    real = write._walk_written
    monkeypatch.setattr(write, "_walk_written", lambda *args: walks.append(args) or real(*args))
    diags = Diagnostics()
    with pytest.raises(CuratorError):
        build(project.root, diags, memory=memory)
    refused = sorted(d.source.path for d in diags.errors if d.code == "docs.written-in-generated-folder")
    assert refused == sorted([f"docs/{mine.relative_to(docs)}", "docs/events/withdrawal.md"])
    assert len(walks) == (saved == "in a new folder"), "the watch was not used, or vouched for a folder it never saw"
    mine.unlink()
    (docs / "events" / "withdrawal.md").unlink()
    assert build(project.root, Diagnostics(), memory=memory).generation
