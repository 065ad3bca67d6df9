"""The scale benchmark in a fast mode, and its synthetic corpus generator.

`make bench` runs benchmarks/run.py over 100, 1,000 and 10,000 articles (slow, not part of the
suite). Here: one small size, end to end (generator, mkdocs, Chromium search), checking that the
table comes out whole; and the synthetic corpus itself: deterministic, and valid for `check`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))


def _synthetic(n: int, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCH / "synthetic.py"), "--articles", str(n), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_synthetic_corpus_is_deterministic_and_valid(tmp_path: Path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, n in ((first, 60), (second, 60), (other, 61)):
        result = _synthetic(n, out)
        assert result.returncode == 0, result.stderr
    files = _files(first)
    assert files == _files(second), "same N must give byte-identical files"
    assert files != _files(other)
    data = first / "data"
    manifest = json.loads((first / "bench-manifest.json").read_text(encoding="utf-8"))
    assert len(list((data / "articles").glob("*.yaml"))) == 60 == len(list((data / "articles").glob("*.txt")))
    assert manifest["events"] == 200 and len(list((data / "events").glob("*.yaml"))) == 200
    assert 2.5 <= manifest["reports"] / manifest["events"] <= 3.5
    assert sorted(p.name for p in (data / "vocab").iterdir()) == sorted(p.name for p in (ROOT / "data" / "vocab").iterdir())
    result = _check(first)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "; 0 error(s)" in result.stdout, result.stdout


def test_synthetic_corpus_models_what_the_dossier_shows(tmp_path: Path):
    """Aliases, hierarchies, media, dates of every precision, via chains, figures, denials, disputes."""
    assert _synthetic(300, tmp_path).returncode == 0
    data = tmp_path / "data"
    events = "\n".join(p.read_text(encoding="utf-8") for p in sorted((data / "events").glob("*.yaml")))
    actors = "\n".join(p.read_text(encoding="utf-8") for p in sorted((data / "actors").glob("*.yaml")))
    places = "\n".join(p.read_text(encoding="utf-8") for p in sorted((data / "places").glob("*.yaml")))
    for needle in ("time: dawn", "utc_offset:", "part: ", "approximate: true", "stance: denies", "denies: [",
                   "dispute: {question:", "account:", "figures:", "via:", "{description:", "role: destination",
                   "related: ["):
        assert needle in events, needle
    assert any(f'date: "{y}/' in events for y in range(2017, 2025)), "a year range"
    for needle in ("kind: news-agency", "kind: media-outlet", "part_of:", "member_of:", "aliases:", "latin:"):
        assert needle in actors, needle
    for needle in ("kind: country", "kind: governorate", "kind: city", "kind: district", "within:"):
        assert needle in places, needle
    manifest = json.loads((tmp_path / "bench-manifest.json").read_text(encoding="utf-8"))
    counts = [a["events"] for a in manifest["top_actors"]]
    assert counts[0] >= 5 * counts[-1], f"actor frequencies should be Zipf-like: {counts}"


def test_added_article_keeps_the_corpus_valid(tmp_path: Path):
    import synthetic

    manifest = synthetic.generate(40, tmp_path)
    added = synthetic.add_article(tmp_path, manifest)
    assert len(added["events"]) == 10
    assert (tmp_path / "data" / "articles" / f"{added['article']}.txt").exists()
    result = _check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "41 articles" in result.stdout and "; 0 error(s)" in result.stdout, result.stdout


def test_a_second_added_article_is_another_article(tmp_path: Path):
    """The benchmark's steady-state rebuild adds a second article: it must not overwrite the first."""
    import synthetic

    manifest = synthetic.generate(40, tmp_path)
    first = synthetic.add_article(tmp_path, manifest)
    second = synthetic.add_article(tmp_path, manifest, serial=1)
    assert first["article"] != second["article"] and not set(first["events"]) & set(second["events"])
    result = _check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "42 articles" in result.stdout and "; 0 error(s)" in result.stdout, result.stdout


def test_bench_smoke_prints_a_full_table(tmp_path: Path):
    results = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--sizes", "100", "--no-incremental-check", "--no-profile",
         "--search-runs", "1", "--repeat", "2", "--work", str(tmp_path / "work"), "--results-dir", str(results)],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-4000:]
    lines = proc.stdout.splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("| N |"))
    header = [c.strip() for c in lines[header_at].strip("|").split("|")]
    row = [c.strip() for c in lines[header_at + 2].strip("|").split("|")]
    assert len(header) == len(row) >= 15
    assert row[0] == "100"
    assert all(cell and cell not in ("error", "—", "nan") for cell in row), dict(zip(header, row))
    for column in ("pages", "load s", "render s", "gen CPU s", "mkdocs wall s", "mkdocs CPU s", "gen peak MB",
                   "search payload KB", "search ms"):
        assert column in header
    assert float(row[header.index("search payload KB")]) > 0
    verdicts = [line for line in lines if line.startswith("- **")]
    assert len(verdicts) == 6 and all(v.split("**")[1] in ("PASS", "FAIL", "SKIP") for v in verdicts), verdicts
    assert (results / "results.md").read_text(encoding="utf-8").count("| 100 |") == 1
    payload = json.loads((results / "results.json").read_text(encoding="utf-8"))
    assert payload["rows"][0]["search"]["results"] > 0


def test_the_profile_of_a_from_scratch_build_is_written(tmp_path: Path):
    """`make bench` profiles its largest build under `python -m cProfile -m generator`: the CLI's
    fast exit (generator/__main__.py) must leave the profiler time to write its file."""
    import run
    import synthetic

    root = tmp_path / "p"
    synthetic.generate(40, root)
    synthetic.scaffold(root)
    path, _ = run.profile_build(root, 40, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "=== top 20 by tottime ===" in text and "build.py" in text, text[:500]
    assert any(line.startswith("build: ") for line in text.splitlines()), text[:500]


def test_the_worker_step_times_two_new_articles_in_one_worker(tmp_path: Path):
    """The bench's `resident` step (target 3 in a `generator worker`) on a small corpus."""
    import run
    import synthetic

    root = tmp_path / "p"
    manifest = synthetic.generate(40, root)
    synthetic.scaffold(root)
    run.run_build(root)
    r = run.resident(root, manifest)
    assert "(incremental: 0 record pages rendered" in r["warm"]["summary"], r["warm"]["summary"]
    for rebuild in (r, r["steady"]):
        assert rebuild["counts"]["added"] > 0, rebuild["summary"]
        assert rebuild["rewritten"] > 0 and rebuild["needless_rewrites"] == 0, rebuild
        assert rebuild["wall"] > 0 and rebuild["cpu"] > 0 and rebuild["peak_mb"] > 10
    assert r["article"] != r["steady"]["article"]
    assert (root / "data" / "articles" / f"{r['steady']['article']}.yaml").is_file()


def test_target_3_names_both_ways_of_rebuilding_and_passes_on_either(tmp_path: Path):
    import run

    def rebuild(wall: float, needless: int = 0, **more) -> dict:
        return dict(wall=wall, cpu=wall, rewritten=300, needless_rewrites=needless, article="a", events=10,
                    total=wall, stages={k: wall / 5 for k in run.STAGES}, summary="build: …",
                    removed_files=0, **more)

    slow = rebuild(13.2, steady=rebuild(12.9))
    verdict, line = run.targets([], slow, 10_000)[2]
    assert verdict == "FAIL" and "new process: first rebuild 13.2 s" in line and "worker" not in line
    quick = dict(slow, resident=rebuild(1.8, steady=rebuild(1.7, peak_mb=700.0),
                                        warm=dict(wall=5.0, cpu=5.0, stages={}, summary="build: …")))
    verdict, line = run.targets([], quick, 10_000)[2]
    assert verdict == "PASS" and "in a worker (`make serve`): first rebuild 1.8 s" in line, line
    quick["resident"]["steady"]["needless_rewrites"] = 1          # rewriting an unchanged page fails it
    assert run.targets([], quick, 10_000)[2][0] == "FAIL"
    args = type("Args", (), dict(sizes=[10_000], repeat=3, search_runs=3))()
    text = run.report([], quick, 10_000, run.targets([], quick, 10_000), args, None, 0.0,
                      [run.code_version()], run.code_version())
    assert "The same in one `python -m generator worker`" in text and "first request" in text
    assert "peak memory (VmHWM) after these: 700 MB" in text
