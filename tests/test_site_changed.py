"""`site --changed`: MkDocs renders only what the last builds changed, and the site is the same.

The bundled corpus is built into a site once; each case copies that project, edits it, publishes
with `--changed`, and compares the site, byte for byte, with a whole `site` build of the same
pages (tools/mkdocs_changed.py, generator/publish.py).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
import yaml

from conftest import Project


@pytest.fixture
def published(bundled: Project) -> Path:
    """The bundled corpus with its site published (a whole `site` build, conftest.bundled)."""
    return bundled.root


def _copy(published: Path, tmp_path: Path) -> Project:
    project = Project(tmp_path / "p")
    shutil.copytree(published, project.root, symlinks=True)
    time.sleep(0.01)                  # a page written now is newer than the site built before
    return project


def _site(root: Path) -> dict[str, bytes]:
    site = (root / "site").resolve()
    out = {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = Path(folder, name)
            out[path.relative_to(site).as_posix()] = path.read_bytes()
    return out


def _retitle_actor(data: Path) -> str:
    path = data / "actors" / "iran.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["name"] = "الجمهورية الإيرانية"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return "actors/iran/index.html"


def _same_as_a_whole_build(project: Project) -> dict[str, bytes]:
    changed = _site(project.root)
    whole = project.run("site")
    assert whole.returncode == 0, whole.stdout + whole.stderr
    assert "written again" not in whole.stdout
    full = _site(project.root)
    assert sorted(changed) == sorted(full)
    assert [path for path in full if changed[path] != full[path]] == []
    return changed


def test_a_changed_site_renders_only_what_changed_and_equals_a_whole_build(published: Path, tmp_path: Path):
    project = _copy(published, tmp_path)
    before = _site(project.root)
    page = _retitle_actor(project.data)
    started = time.time_ns()
    result = project.run("site", "--changed")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "written again" in result.stdout, result.stdout
    after = _site(project.root)
    assert "الجمهورية الإيرانية" in after[page].decode() and "الجمهورية الإيرانية" not in before[page].decode()
    site = (project.root / "site").resolve()
    written = sum(1 for path in after if os.stat(site / path).st_mtime_ns >= started)
    assert 0 < written < len(after) / 2, f"{written} of {len(after)} files written again"
    _same_as_a_whole_build(project)


def test_a_failed_changed_site_leaves_the_published_site_as_it_was(published: Path, tmp_path: Path):
    """The new site starts as hard links to the published one: a page MkDocs wrote through a link
    would change the published site, and a build that then fails would leave it changed."""
    project = _copy(published, tmp_path)
    before = _site(project.root)
    link = os.readlink(project.root / "site")
    _retitle_actor(project.data)
    project.write("docs/notes.md", "# ملاحظات\n\n[رابط](missing-page.md)\n")
    result = project.run("site", "--changed")
    assert result.returncode != 0
    assert "missing-page.md" in result.stderr and "the previous site/ is untouched" in result.stderr
    assert os.readlink(project.root / "site") == link
    after = _site(project.root)
    assert [path for path in before if after.get(path) != before[path]] == []


def test_a_removed_page_makes_the_whole_site_again(published: Path, tmp_path: Path):
    """A dirty build leaves the HTML of a removed page behind, and a hand-written page may still
    link to it unseen: the whole site is built instead."""
    project = _copy(published, tmp_path)
    event = next(p for p in sorted((project.data / "events").glob("*.yaml"))
                 if not any(p.stem in q.read_text(encoding="utf-8")
                            for q in (project.data / "events").glob("*.yaml") if q != p))
    event.unlink()
    result = project.run("site", "--changed")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the whole site is built again" in result.stderr
    assert "written again" not in result.stdout
    site = _site(project.root)
    assert f"events/{event.stem}/index.html" not in site
    _same_as_a_whole_build(project)


def test_a_changed_theme_or_config_makes_the_whole_site_again(published: Path, tmp_path: Path):
    """Every page's HTML depends on mkdocs.yml, overrides/ and hooks/, which mtimes of pages do not
    show: a change there is a whole build."""
    project = _copy(published, tmp_path)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("accent: deep orange", "accent: amber"),
                      encoding="utf-8")
    result = project.run("site", "--changed")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "written again" not in result.stdout
    assert "amber" in _site(project.root)["index.html"].decode()


def test_a_changed_site_with_an_address_keeps_redirects_out_of_the_sitemap(published: Path, tmp_path: Path,
                                                                          monkeypatch):
    """The sitemap leaves out the pages of old ids (their front matter says `redirect`); a dirty
    build reads the front matter of changed pages only, and listed the unchanged redirects."""
    monkeypatch.setenv("DOSSIER_SITE_URL", "https://dossier.example/")
    project = _copy(published, tmp_path)
    whole = project.run("site")                 # the address is part of what the site was built from
    assert whole.returncode == 0, whole.stdout + whole.stderr
    time.sleep(0.01)
    _retitle_actor(project.data)
    result = project.run("site", "--changed")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "written again" in result.stdout
    sitemap = _site(project.root)["sitemap.xml"].decode()
    assert "https://dossier.example/actors/iran/" in sitemap
    assert "iran-diplomatic-mission-leaves-syria-for-beirut" not in sitemap
    _same_as_a_whole_build(project)
