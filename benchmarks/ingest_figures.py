"""Per-seed figures of `python -m generator add`, as a Markdown table.

    .venv/bin/python benchmarks/ingest_figures.py [--seeds DIR]

For each raw seed listed in data/articles/CLEANING.md: junk lines removed and body lines kept
(against CLEANING.md), the dateline found (against the curated article's `published`), the
dates its curated events were dated from that were found with the right value, entity
precision and recall (against the actors, places and `via` actors of the curated events the
article reports; "recall of named" counts only those whose name occurs in the text), the number
of candidate events and the time of one article's analysis. Then the wall time of the whole
command (`add --json` in a fresh process, on a throwaway copy of the project) without and with
the corpus cache.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.diagnostics import Diagnostics  # noqa: E402
from generator.ingest.evaluation import markdown_table, run_seeds  # noqa: E402
from generator.load import load_corpus  # noqa: E402


def wall_times(seeds: Path) -> list[tuple[str, float, float]]:
    """(seed, cold seconds, warm seconds) of `add --json` in a new process, per seed."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        shutil.copytree(ROOT / "data", project / "data", ignore=shutil.ignore_patterns("drafts"))
        for seed in sorted(seeds.glob("*.txt")):
            times = []
            for cache in ("cold", "warm"):
                if cache == "cold":
                    shutil.rmtree(project / ".dossier", ignore_errors=True)
                shutil.rmtree(project / "data" / "drafts", ignore_errors=True)
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "add", str(seed), "--json"],
                               cwd=ROOT, check=True, capture_output=True)
                times.append(time.perf_counter() - started)
            rows.append((seed.name, times[0], times[1]))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = parser.parse_args()
    if not args.seeds.is_dir():
        print(f"{args.seeds}: error: no seeds folder [bench.no-seeds]", file=sys.stderr)
        return 1
    corpus = load_corpus(ROOT / "data", ROOT, Diagnostics())
    print(markdown_table(run_seeds(ROOT, args.seeds, corpus)))
    print()
    print("| seed | `add` wall time, cold (no corpus cache) | warm |")
    print("| --- | --- | --- |")
    for name, cold, warm in wall_times(args.seeds):
        print(f"| {name[:3]} | {cold:.2f} s | {warm:.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
