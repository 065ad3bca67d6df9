"""`python -m generator worker` and the `make serve` hook that keeps one (hooks/regenerate.py).

The worker runs from a copy of the generator inside the test project, so a test can edit "the
generator's code" and see the worker refuse to build with the code it imported before the edit.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, Project


@pytest.fixture
def own_code(project: Project) -> Project:
    """The small project with its own copy of the generator (`python -m generator` run in it)."""
    shutil.copytree(ROOT / "generator", project.root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    return project


def _start(project: Project) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "worker"], cwd=project.root, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _ask(worker: subprocess.Popen, request: str) -> tuple[list[str], str | None]:
    """Send one request; the stdout lines before the answer, and the answer (None: it exited)."""
    worker.stdin.write(request + "\n")
    worker.stdin.flush()
    said = []
    for line in worker.stdout:
        if line.startswith("done "):
            return said, line.strip()
        said.append(line.strip())
    return said, None


def _actor_page(project: Project) -> str:
    return project.page("actors/iran.md")


def test_the_worker_builds_on_each_request_and_answers_with_the_exit_status(own_code: Project):
    worker = _start(own_code)
    try:
        said, answer = _ask(worker, "build")
        assert answer == "done 0" and said[-1].startswith("build: "), said
        assert "إيران" in _actor_page(own_code)
        iran = own_code.data / "actors" / "iran.yaml"
        iran.write_text(iran.read_text(encoding="utf-8").replace("name: إيران", "name: جمهورية إيران"),
                        encoding="utf-8")
        said, answer = _ask(worker, "build --timings")
        assert answer == "done 0"
        assert any(line.startswith("timings: ") for line in said)
        assert "جمهورية إيران" in _actor_page(own_code)
        assert _ask(worker, "publish") == ([], "done 2")          # not a request: said so, and it goes on
        withdrawal = own_code.data / "events" / "withdrawal.yaml"
        withdrawal.write_text(withdrawal.read_text(encoding="utf-8") + "reports: [\n", encoding="utf-8")
        assert _ask(worker, "build")[1] == "done 1"
        assert "جمهورية إيران" in _actor_page(own_code)            # the last good pages stay
    finally:
        worker.stdin.close()
        assert worker.wait(timeout=60) == 0                        # the end of its input ends it
    errors = worker.stderr.read()
    assert "unknown request 'publish'" in errors
    assert "withdrawal.yaml:" in errors and "nothing was written" in errors


def test_the_worker_exits_instead_of_building_with_code_edited_since_it_started(own_code: Project):
    worker = _start(own_code)
    try:
        assert _ask(worker, "build")[1] == "done 0"
        render = own_code.root / "generator" / "render.py"
        render.write_text(render.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        iran = own_code.data / "actors" / "iran.yaml"
        iran.write_text(iran.read_text(encoding="utf-8").replace("name: إيران", "name: جمهورية إيران"),
                        encoding="utf-8")
        assert _ask(worker, "build") == ([], None)
        assert worker.wait(timeout=60) == 75
    finally:
        worker.kill()
    assert "code changed" in worker.stderr.read()
    assert "جمهورية إيران" not in _actor_page(own_code)          # nothing built by the old code


def _load_hook(project: Project):
    spec = importlib.util.spec_from_file_location("regenerate_under_test", project.root / "hooks" / "regenerate.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    return hook


def test_the_serve_hook_keeps_one_worker_and_replaces_it_when_the_code_changes(own_code: Project, monkeypatch,
                                                                               capsys):
    monkeypatch.setenv("DOSSIER_REGENERATE", "1")
    hook = _load_hook(own_code)
    config = {"config_file_path": str(own_code.root / "mkdocs.yml")}
    try:
        hook.on_pre_build(config)
        first = hook._worker
        assert "إيران" in _actor_page(own_code)
        iran = own_code.data / "actors" / "iran.yaml"
        iran.write_text(iran.read_text(encoding="utf-8").replace("name: إيران", "name: جمهورية إيران"),
                        encoding="utf-8")
        hook.on_pre_build(config)
        assert hook._worker is first and first.poll() is None, "a new worker for a data edit"
        assert "جمهورية إيران" in _actor_page(own_code)
        render = own_code.root / "generator" / "render.py"
        render.write_text(render.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        iran.write_text(iran.read_text(encoding="utf-8").replace("جمهورية إيران", "إيران الإسلامية"),
                        encoding="utf-8")
        hook.on_pre_build(config)
        assert first.poll() == 75 and hook._worker is not first
        assert "إيران الإسلامية" in _actor_page(own_code)
        assert "build: " in capsys.readouterr().out
    finally:
        second = hook._worker
        hook.on_shutdown()
    assert second.wait(timeout=60) == 0


def test_a_worker_derives_the_index_while_idle_and_its_next_build_updates_it(project: Project, monkeypatch):
    """A request with nothing changed derives no index (the pages are kept as they are); the worker
    derives it once it has answered, so the next request, after an edit, only updates it."""
    import io

    from generator import index_update
    from generator.build import build
    from generator.diagnostics import Diagnostics
    from generator.worker import serve_requests

    build(project.root, Diagnostics())                     # the last build, by `make build`
    updates: list[bool] = []
    real = index_update.update_index

    def update_and_note(ix, corpus) -> bool:
        updates.append(real(ix, corpus))
        return updates[-1]

    monkeypatch.setattr(index_update, "update_index", update_and_note)

    def requests():
        yield "build"                                      # nothing changed since
        iran = project.data / "actors" / "iran.yaml"
        iran.write_text(iran.read_text(encoding="utf-8").replace("name: إيران", "name: جمهورية إيران"),
                        encoding="utf-8")
        yield "build"

    out = io.StringIO()
    assert serve_requests(project.root, requests(), out) == 0
    assert [line for line in out.getvalue().splitlines() if line.startswith("done ")] == ["done 0", "done 0"]
    assert updates == [True], "the second build derived the index instead of updating the one derived while idle"
    assert "جمهورية إيران" in _actor_page(project)
