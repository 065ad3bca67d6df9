"""Shared fixtures: tiny example projects built from tests/corpora/<name>, plus the real vocab,
templates and mkdocs.yml, so every test exercises the project's own configuration."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = Path(__file__).resolve().parent / "corpora"


class Project:
    def __init__(self, root: Path):
        self.root = root

    @property
    def data(self) -> Path:
        return self.root / "data"

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "generator", "--root", str(self.root), *args],
                              cwd=ROOT, capture_output=True, text=True)

    def page(self, rel: str) -> str:
        return (self.root / "docs" / rel).read_text(encoding="utf-8")

    def pages(self) -> dict[str, str]:
        """Every Markdown page under docs/, by its path there. docs/'s generated folders are links
        into the published generation, which `Path.rglob` does not enter: a test scanning
        `docs.rglob("*.md")` read 3 of the bundled corpus's 357 pages."""
        docs = self.root / "docs"
        out = {}
        for folder, _, names in os.walk(docs, followlinks=True):
            for name in names:
                if name.endswith(".md"):
                    path = Path(folder, name)
                    out[path.relative_to(docs).as_posix()] = path.read_text(encoding="utf-8")
        return out


def make_project(tmp_path: Path, corpus: str | None = "base") -> Project:
    root = tmp_path / "project"
    root.mkdir()
    if corpus:
        shutil.copytree(CORPORA / corpus / "data", root / "data")
    shutil.copytree(ROOT / "data" / "vocab", root / "data" / "vocab", dirs_exist_ok=True)
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "hooks", root / "hooks")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "about.md", root / "docs" / "about.md")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return Project(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path)


@pytest.fixture
def empty_project(tmp_path: Path) -> Project:
    return make_project(tmp_path, corpus=None)


@pytest.fixture(scope="session")
def bundled(tmp_path_factory) -> Project:
    """The bundled corpus (data/) built into a throwaway copy of the project: docs/ and site/."""
    project = make_project(tmp_path_factory.mktemp("bundled"), corpus=None)
    shutil.rmtree(project.data)
    shutil.copytree(ROOT / "data", project.data)
    result = project.run("site")
    assert result.returncode == 0, result.stdout + result.stderr
    project.site_output = result.stdout
    return project


@pytest.fixture(scope="session")
def chromium():
    from browser import browser

    with browser() as b:
        yield b
