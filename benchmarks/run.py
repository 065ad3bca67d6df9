#!/usr/bin/env python3
"""Scale benchmark of the dossier generator (what `make bench` runs).

For each size N (default 100, 1000, 10000 articles): generate the synthetic corpus
(benchmarks/synthetic.py) into a work folder (BENCH_DIR or /tmp/dossier-bench), then measure

- the generator, stage by stage (`python -m generator --root R build --timings`), its wall time
  and its peak memory (ru_maxrss of RUSAGE_CHILDREN in a fresh helper process whose only child
  is the build);
- the pages written (*.md under R/docs, following the generator's symlinks);
- `mkdocs build --strict` of the same site, the HTML bytes per page (median), the site size;
- search in real headless Chromium: a frequent actor's Arabic name typed key by key into the
  header box of a served copy of R/site; the bytes fetched under /search/ and the time from the
  first keystroke until the results for the whole name are shown; the size of R/site/search;
- at the largest N: one new article with 10 events (reusing frequent actors and places) is
  added and the build rerun: its time, its summary line, and which files were rewritten.

Prints one Markdown table (also written to benchmarks/results.md and results.json) and the six
targets as PASS/FAIL. Exit status 0 when every measurement was made (whatever the targets say),
1 when a step failed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))          # `tests.browser` (Chromium + loopback server)
sys.path.insert(0, str(HERE))          # `synthetic`

import synthetic  # noqa: E402

STAGES = ("load", "validate", "index", "render", "write")
CHROMIUM = "/usr/bin/chromium"
MB = 1024 * 1024

# A helper process whose only child is the measured command (the build, or mkdocs): its
# RUSAGE_CHILDREN gives that command's peak memory (ru_maxrss) and CPU time (user + sys). CPU time
# is reported beside wall time because other work on the machine slows wall time, not CPU time.
RUSAGE_WRAPPER = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[1:])
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print("bench-rusage: " + json.dumps({"code": code, "wall": wall, "maxrss_kb": usage.ru_maxrss,
                                     "cpu": usage.ru_utime + usage.ru_stime}), flush=True)
"""

# Installed in the page before typing: when the box gets focus, the first and last keystroke,
# and when the results list first carries the whole query (the script sets data-query when it
# has rendered the results of that exact input).
INSTRUMENT = r"""
(q) => {
  const w = window.__bench = {focus: null, first: null, last: null, shown: null};
  const input = document.getElementById("dossier-search-input");
  const list = document.getElementById("dossier-search-results");
  const key = () => { const t = performance.now(); if (w.first === null) w.first = t; w.last = t; };
  input.addEventListener("focus", () => { if (w.focus === null) w.focus = performance.now(); }, true);
  input.addEventListener("keydown", key, true);
  input.addEventListener("beforeinput", key, true);
  new MutationObserver(() => {
    if (w.shown === null && list.dataset.query === q) w.shown = performance.now();
  }).observe(list, {attributes: true, attributeFilter: ["data-query"]});
}
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def clean_env() -> dict:
    env = dict(os.environ)
    env.pop("DOSSIER_REGENERATE", None)       # the mkdocs hook must not rebuild pages behind our back
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


class StepError(Exception):
    pass


def code_version() -> dict:
    """Which generator is measured: the commit, whether the measured files differ from it, and a hash of
    generator/, templates/, hooks/, overrides/ and mkdocs.yml as they are now (to notice changes mid-run)."""
    parts = ("generator", "templates", "hooks", "overrides", "mkdocs.yml")
    digest = hashlib.sha1()
    for part in parts:
        path = ROOT / part
        for f in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
                digest.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes())

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    return dict(commit=git("rev-parse", "--short", "HEAD") or "unknown",
                dirty=bool(git("status", "--porcelain", "--", *parts)), code=digest.hexdigest()[:12])


def describe(version: dict) -> str:
    return f"{version['commit']}{' + uncommitted changes' if version['dirty'] else ''} (code {version['code']})"


# --- the generator ---------------------------------------------------------------------------

def run_measured(cmd: list[str], cwd: Path, what: str) -> tuple[subprocess.CompletedProcess, dict]:
    """Run `cmd` as the only child of a fresh helper process; return it and its rusage figures."""
    load = os.getloadavg()[0]
    proc = subprocess.run([sys.executable, "-c", RUSAGE_WRAPPER, *cmd], cwd=cwd, env=clean_env(),
                          capture_output=True, text=True)
    usage = next((json.loads(line.split(": ", 1)[1]) for line in proc.stdout.splitlines()
                  if line.startswith("bench-rusage: ")), None)
    if proc.returncode or usage is None or usage["code"]:
        raise StepError(f"{what} failed (exit {usage and usage['code']}):\n{_tail(proc.stderr + proc.stdout)}")
    usage["load_before"] = load
    return proc, usage


def run_build(root: Path) -> dict:
    """One `generator build --timings`, alone in a fresh helper process (for ru_maxrss and CPU time)."""
    proc, usage = run_measured([sys.executable, "-m", "generator", "--root", str(root), "build", "--timings"],
                               ROOT, "generator build")
    timings_line = next((line for line in proc.stdout.splitlines() if line.startswith("timings: ")), None)
    summary_line = next((line for line in proc.stdout.splitlines() if line.startswith("build: ")), None)
    if not timings_line or not summary_line:
        raise StepError(f"no timings/summary line in the build output:\n{_tail(proc.stdout)}")
    stages = json.loads(timings_line.split(": ", 1)[1])
    counts = dict((k, int(v)) for v, k in re.findall(r"(\d+) (added|updated|removed|unchanged)", summary_line))
    return dict(stages={k: stages.get(k, 0.0) for k in STAGES}, total=sum(stages.get(k, 0.0) for k in STAGES),
                wall=usage["wall"], cpu=usage["cpu"], peak_mb=usage["maxrss_kb"] / 1024, load_before=usage["load_before"],
                summary=summary_line, counts=counts,
                warnings=sum(1 for line in proc.stderr.splitlines() if ": warning:" in line))


def count_pages(docs: Path) -> int:
    n = 0
    for _, _, files in os.walk(docs, followlinks=True):
        n += sum(1 for f in files if f.endswith(".md"))
    return n


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    """Every generated file of the current generation: its inode and the hash of its bytes."""
    current = (root / ".dossier" / "current").resolve()
    out = {}
    for dirpath, _, files in os.walk(current):
        for name in files:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as handle:
                digest = hashlib.sha1(handle.read()).hexdigest()
            out[os.path.relpath(path, current)] = (os.stat(path).st_ino, digest)
    return out


# --- leaving folders for later deletion ---------------------------------------------------------

def set_aside(path: Path, work: Path) -> None:
    """Move `path` into `work`/trash instead of deleting it; `empty_trash` deletes it when nothing is
    being measured any more.

    Deleting tens of thousands of files just before a measured build made that build pay for it: on
    a journal-less ext4 (this VM's disk) a new inode is not given out while it was freed in the last
    minutes, and `ext4_create` walks past every such one (perf: `recently_deleted` under
    `ext4_create`, over half of a write-heavy process's samples). A from-scratch build at 10,000 articles
    right after `rm -rf .dossier` took 9.5-9.9 s of system time, after a rename 3.9-5.0 s
    (`benchmarks/write_cost.py` shows the same on its own)."""
    if not path.exists():
        return
    trash = work / "trash"
    trash.mkdir(parents=True, exist_ok=True)
    target = trash / f"{path.name}-{time.time_ns()}"
    os.rename(path, target)


def empty_trash(work: Path) -> None:
    shutil.rmtree(work / "trash", ignore_errors=True)


# --- MkDocs and the site -----------------------------------------------------------------------

def run_mkdocs(root: Path) -> dict:
    shutil.rmtree(root / "site", ignore_errors=True)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(root / "site"),
           "-f", str(root / "mkdocs.yml")]
    _, usage = run_measured(cmd, root, "mkdocs build --strict")
    return dict(wall=usage["wall"], cpu=usage["cpu"], peak_mb=usage["maxrss_kb"] / 1024, load_before=usage["load_before"])


def site_stats(site: Path) -> dict:
    total, html = 0, []
    for dirpath, _, files in os.walk(site):
        for name in files:
            size = os.path.getsize(os.path.join(dirpath, name))
            total += size
            if name.endswith(".html"):
                html.append(size)
    search_total = 0
    for dirpath, _, files in os.walk(site / "search"):
        search_total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return dict(site_bytes=total, html_pages=len(html), html_median=statistics.median(html) if html else 0,
                search_bytes=search_total)


def measure_search(site: Path, query: str, *, runs: int, delay_ms: int) -> dict:
    """Type `query` key by key in a fresh browser context (cold cache), `runs` times."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_FLAGS, chromium_path, serve

    executable = CHROMIUM if os.path.exists(CHROMIUM) else chromium_path()
    samples = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        try:
            for _ in range(runs):
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + "about/", wait_until="load")
                responses = []
                page.on("response", lambda r: responses.append(r)
                        if unquote(urlparse(r.url).path).startswith("/search/") else None)
                page.evaluate(INSTRUMENT, query)
                page.locator("#dossier-search-input").click()
                page.keyboard.type(query, delay=delay_ms)
                page.wait_for_function(
                    "q => document.getElementById('dossier-search-results').dataset.query === q",
                    arg=query, timeout=120_000)
                marks = page.evaluate("() => window.__bench")
                results = page.eval_on_selector_all("#dossier-search-results a", "els => els.length")
                files = {r.url: len(r.body()) for r in responses if r.ok}
                samples.append(dict(
                    ms=marks["shown"] - marks["first"], ms_from_focus=marks["shown"] - marks["focus"],
                    ms_after_last_key=marks["shown"] - marks["last"], bytes=sum(files.values()),
                    files=len(files), results=results,
                    fetched={urlparse(u).path: size for u, size in sorted(files.items())}))
                context.close()
        finally:
            browser.close()
    ms = statistics.median(s["ms"] for s in samples)
    return dict(query=query, runs=runs, type_delay_ms=delay_ms, ms=ms,
                ms_from_focus=statistics.median(s["ms_from_focus"] for s in samples),
                ms_after_last_key=statistics.median(s["ms_after_last_key"] for s in samples),
                bytes=samples[0]["bytes"], files=samples[0]["files"], results=samples[0]["results"],
                samples=samples)


# --- incremental and profile at the largest size -----------------------------------------------

def incremental(root: Path, manifest: dict) -> dict:
    """Add one article to the built corpus and rebuild; rebuild again with no edit; then add a second
    article and rebuild once more.

    The first rebuild follows a from-scratch build, so it has no spare generation to write into
    (write.py); the second is the steady state of a curator adding articles one by one. Target 3
    must hold for both."""
    version = code_version()
    first = _add_and_rebuild(root, manifest, serial=0)
    again = run_build(root)          # the same corpus once more: what a rebuild with no edit costs
    steady = _add_and_rebuild(root, manifest, serial=1)
    return dict(first, code=version, steady=steady,
                noop=dict(wall=again["wall"], cpu=again["cpu"], stages=again["stages"], summary=again["summary"]))


def _add_and_rebuild(root: Path, manifest: dict, serial: int, rebuild=run_build) -> dict:
    before = snapshot(root)
    added = synthetic.add_article(root, manifest, serial=serial)
    build = rebuild(root)
    after = snapshot(root)
    rewritten = sorted(rel for rel, (ino, _) in after.items() if rel not in before or before[rel][0] != ino)
    needless = sorted(rel for rel in rewritten if rel in before and before[rel][1] == after[rel][1])
    removed = sorted(set(before) - set(after))
    return dict(article=added["article"], events=len(added["events"]), wall=build["wall"], cpu=build["cpu"],
                total=build["total"], stages=build["stages"], peak_mb=build["peak_mb"], summary=build["summary"],
                counts=build["counts"], rewritten=len(rewritten), needless_rewrites=len(needless),
                needless_examples=needless[:10], removed_files=len(removed), rewritten_examples=rewritten[:15])


def resident(root: Path, manifest: dict) -> dict:
    """The same one-article rebuilds in `python -m generator worker` (generator/worker.py), the
    process `make serve` keeps between builds: its first request reads the cache from disk (nothing
    changed since the rebuilds above); then one new article, then another, each timed from the
    request to the worker's answer (CPU: the worker's own user + system time in between)."""
    cmd = [sys.executable, "-m", "generator", "--root", str(root), "worker"]
    with open(root / ".dossier" / "bench-worker.err", "w") as errors:
        worker = subprocess.Popen(cmd, cwd=ROOT, env=clean_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=errors, text=True)
        try:
            def ask(_root: Path) -> dict:
                _wait_until_idle(worker)
                return _worker_build(worker)

            warm = ask(root)
            first = _add_and_rebuild(root, manifest, _free_serial(root, manifest), rebuild=ask)
            steady = _add_and_rebuild(root, manifest, _free_serial(root, manifest), rebuild=ask)
        finally:
            worker.stdin.close()
            worker.wait(timeout=60)
    return dict(first, warm=dict(wall=warm["wall"], cpu=warm["cpu"], stages=warm["stages"], summary=warm["summary"]),
                steady=steady)


def _worker_cpu_ticks(worker: subprocess.Popen) -> int:
    fields = Path(f"/proc/{worker.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])                # utime, stime


def _wait_until_idle(worker: subprocess.Popen, quiet: float = 0.3, limit: float = 60.0) -> None:
    """Wait until the worker uses no CPU for `quiet` seconds: after answering a build that derived
    no index, it derives one while it waits (`Memory.prime`). A curator's next edit comes seconds
    after the last build; the benchmark's would come within milliseconds, timing the priming as
    part of the next rebuild."""
    deadline, last = time.monotonic() + limit, _worker_cpu_ticks(worker)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = _worker_cpu_ticks(worker)
        if now == last:
            return
        last = now


def _worker_build(worker: subprocess.Popen) -> dict:
    """One `build --timings` request to a running worker, in the shape of run_build's answer."""
    def cpu() -> float:
        return _worker_cpu_ticks(worker) / os.sysconf("SC_CLK_TCK")

    cpu_before, started = cpu(), time.perf_counter()
    worker.stdin.write("build --timings\n")
    worker.stdin.flush()
    said = []
    for line in worker.stdout:
        if line.startswith("done "):
            break
        said.append(line)
    else:
        raise StepError(f"the worker stopped (exit {worker.wait()}):\n{''.join(said[-30:])}")
    wall, used = time.perf_counter() - started, cpu() - cpu_before
    if line.split()[1] != "0":
        raise StepError(f"the worker's build failed ({line.strip()}):\n{''.join(said[-30:])}")
    stages = json.loads(next(x for x in said if x.startswith("timings: ")).split(": ", 1)[1])
    summary = next(x for x in said if x.startswith("build: ")).strip()
    counts = dict((k, int(v)) for v, k in re.findall(r"(\d+) (added|updated|removed|unchanged)", summary))
    status = Path(f"/proc/{worker.pid}/status").read_text()
    peak_kb = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1))     # the worker's peak so far
    return dict(stages={k: stages.get(k, 0.0) for k in STAGES}, total=sum(stages.get(k, 0.0) for k in STAGES),
                wall=wall, cpu=used, peak_mb=peak_kb / 1024, summary=summary, counts=counts)


def _free_serial(root: Path, manifest: dict, serial: int = 2) -> int:
    """The first serial from `serial` whose synthetic article is not in the corpus yet (the steps
    after `incremental` add articles each; --publish-only may run again on the same project)."""
    while (root / "data" / "articles" / f"{synthetic.added_article_id(manifest, serial)}.yaml").exists():
        serial += 1
    return serial


def changed_site(root: Path, manifest: dict) -> dict:
    """Publishing with `site --changed` (publish.py): the site the `mkdocs build` above made becomes
    the published one; `site --changed` brings it level with the articles added since; then one
    more new article is built and published the same way, which is what a curator waits for."""
    from generator.publish import site_fingerprint, swap_in

    sites = root / ".dossier" / "sites"
    sites.mkdir(parents=True, exist_ok=True)
    target = sites / "bench-full-build"
    shutil.move(str(root / "site"), str(target))
    swap_in(root, target, site_fingerprint(root))
    return publish_steps(root, manifest)


def publish_steps(root: Path, manifest: dict) -> dict:
    """`site --changed` with nothing changed since the last (what brings the site level with the
    pages), then one more new article built and published."""
    cmd = [sys.executable, "-m", "generator", "--root", str(root), "site", "--changed"]
    level = _site_changed(cmd)
    added = synthetic.add_article(root, manifest, serial=_free_serial(root, manifest))
    one = _site_changed(cmd)
    return dict(level=level, one=one, article=added["article"])


def _site_changed(cmd: list[str]) -> dict:
    proc, usage = run_measured(cmd, ROOT, "site --changed")
    said = next((line for line in proc.stdout.splitlines() if line.startswith("site: ")), "")
    build = next((line for line in proc.stdout.splitlines() if line.startswith("build: ")), "")
    written = re.search(r"\((\d+) files written again", said)
    if written is None:
        raise StepError(f"site --changed built the whole site:\n{_tail(proc.stderr + proc.stdout)}")
    seconds = re.search(r"built by mkdocs in ([0-9.]+) s", said)
    return dict(wall=usage["wall"], cpu=usage["cpu"], written=int(written.group(1)), summary=said, build=build,
                mkdocs_s=float(seconds.group(1)) if seconds else None)


def profile_build(root: Path, n: int, out_dir: Path) -> tuple[Path, dict]:
    """A from-scratch build of R under cProfile; top 20 by own time and by cumulative time."""
    import pstats

    set_aside(root / ".dossier", root.parent)                 # next build writes every page again
    version = code_version()
    prof = root / "build.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "generator", "--root", str(root), "build",
           "--timings"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=clean_env(), capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode:
        raise StepError(f"profiled build failed:\n{_tail(proc.stderr + proc.stdout)}")
    import io

    buffer = io.StringIO()
    buffer.write(f"cProfile of `python -m generator --root R build` at N={n} (from scratch, under the profiler: "
                 f"{wall:.1f} s wall; profiling slows pure-Python code roughly 2x); generator "
                 f"{describe(version)}\n")
    buffer.write("".join(line + "\n" for line in proc.stdout.splitlines() if line.startswith(("build:", "timings:"))))
    for order in ("tottime", "cumulative"):
        buffer.write(f"\n=== top 20 by {order} ===\n")
        stats = pstats.Stats(str(prof), stream=buffer)
        stats.strip_dirs().sort_stats(order).print_stats(20)
    path = out_dir / f"profile-{n}.txt"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    prof.unlink(missing_ok=True)
    return path, version


# --- one size ----------------------------------------------------------------------------------

def measure(n: int, work: Path, args) -> dict:
    root = work / f"n{n}"
    row: dict = dict(n=n, root=str(root), code=code_version())
    log(f"N={n}: generating the synthetic corpus into {root}")
    set_aside(root, work)           # a previous run's project: deleted once this run has measured everything
    started = time.perf_counter()
    manifest = synthetic.generate(n, root)
    synthetic.scaffold(root)
    row["synthetic_s"] = time.perf_counter() - started
    row["corpus"] = {k: manifest[k] for k in ("articles", "events", "reports", "actors", "places", "disputes",
                                              "denial_events", "denying_reports")}
    log(f"N={n}: {manifest['events']} events, {manifest['actors']} actors, {manifest['places']} places "
        f"({row['synthetic_s']:.1f} s); generator build…")
    runs = []
    for k in range(args.repeat):            # the VM's speed drifts by tens of percent: take the median run
        if k:
            set_aside(root / ".dossier", work)   # from scratch again (docs/ keeps its section symlinks)
        runs.append(run_build(root))
    build = sorted(runs, key=lambda b: b["cpu"])[len(runs) // 2]
    build["runs_cpu"] = [b["cpu"] for b in runs]
    row["build"] = build
    row["pages"] = count_pages(root / "docs")
    log(f"N={n}: build {build['wall']:.1f} s (CPU {build['cpu']:.1f} s), {row['pages']} pages, peak {build['peak_mb']:.0f} MB; mkdocs build…")
    row["mkdocs"] = run_mkdocs(root)
    row["mkdocs_s"] = row["mkdocs"]["wall"]
    row["site"] = site_stats(root / "site")
    log(f"N={n}: mkdocs {row['mkdocs_s']:.1f} s (CPU {row['mkdocs']['cpu']:.1f} s); search for «{manifest['search_query']}» in Chromium…")
    row["search"] = measure_search(root / "site", manifest["search_query"], runs=args.search_runs,
                                   delay_ms=args.type_delay)
    log(f"N={n}: search {row['search']['ms']:.0f} ms, {row['search']['bytes']} bytes")
    row["manifest"] = manifest
    return row


# --- reporting ---------------------------------------------------------------------------------

COLUMNS = [
    ("N", lambda r: f"{r['n']:,}"),
    ("pages", lambda r: f"{r['pages']:,}"),
    *[(f"{s} s", (lambda s: lambda r: f"{r['build']['stages'][s]:.2f}")(s)) for s in STAGES],
    ("gen total s", lambda r: f"{r['build']['total']:.2f}"),
    ("gen wall s", lambda r: f"{r['build']['wall']:.2f}"),
    ("gen CPU s", lambda r: f"{r['build']['cpu']:.2f}"),
    ("gen CPU ms/page", lambda r: f"{1000 * r['build']['cpu'] / r['pages']:.2f}"),
    ("gen peak MB", lambda r: f"{r['build']['peak_mb']:.0f}"),
    ("mkdocs wall s", lambda r: f"{r['mkdocs']['wall']:.1f}"),
    ("mkdocs CPU s", lambda r: f"{r['mkdocs']['cpu']:.1f}"),
    ("gen/mkdocs (CPU)", lambda r: f"{100 * r['build']['cpu'] / r['mkdocs']['cpu']:.1f}%"),
    ("HTML B/page (median)", lambda r: f"{r['site']['html_median']:,.0f}"),
    ("site MB", lambda r: f"{r['site']['site_bytes'] / MB:.1f}"),
    ("site/search MB", lambda r: f"{r['site']['search_bytes'] / MB:.2f}"),
    ("search payload KB", lambda r: f"{r['search']['bytes'] / 1024:.1f}"),
    ("search ms", lambda r: f"{r['search']['ms']:.0f}"),
]


def table(rows: list[dict]) -> str:
    head = "| " + " | ".join(name for name, _ in COLUMNS) + " |"
    rule = "|" + "|".join("---:" for _ in COLUMNS) + "|"
    lines = [head, rule]
    for r in rows:
        cells = []
        for _, cell in COLUMNS:
            try:
                cells.append(cell(r) if "error" not in r else "error")
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("error")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(rows: list[dict], inc: dict | None, inc_n: int | None) -> list[tuple[str, str]]:
    """(verdict, line) for the six targets: PASS, FAIL, or SKIP when the sizes measured cannot tell."""
    ok = [r for r in rows if "error" not in r]
    out: list[tuple[str, str]] = []
    big = max(ok, key=lambda r: r["n"]) if ok else None
    small = min(ok, key=lambda r: r["n"]) if ok else None
    mid = sorted(ok, key=lambda r: r["n"])[-2] if len(ok) >= 2 else None

    def verdict(flag: bool) -> str:
        return "PASS" if flag else "FAIL"

    if big:
        ratio = big["build"]["cpu"] / big["mkdocs"]["cpu"]
        wall_ratio = big["build"]["wall"] / big["mkdocs"]["wall"]
        out.append((verdict(ratio <= 0.10), f"1. generator full run ≤ 10% of the mkdocs build (N={big['n']:,}): "
                    f"CPU {big['build']['cpu']:.1f} s vs {big['mkdocs']['cpu']:.1f} s = {100 * ratio:.1f}% "
                    f"(wall {big['build']['wall']:.1f} s vs {big['mkdocs']['wall']:.1f} s = {100 * wall_ratio:.1f}%)"))
    else:
        out.append(("SKIP", "1. generator full run ≤ 10% of the mkdocs build: no size measured"))
    if big and mid:
        per_big = big["build"]["cpu"] / big["pages"]
        per_mid = mid["build"]["cpu"] / mid["pages"]
        stage_ratio = (big["build"]["total"] / big["pages"]) / (mid["build"]["total"] / mid["pages"])
        out.append((verdict(per_big <= 1.5 * per_mid),
                    f"2. linear: generator time per page at N={big['n']:,} within 1.5× of N={mid['n']:,}: "
                    f"CPU {1000 * per_big:.2f} ms vs {1000 * per_mid:.2f} ms per page = {per_big / per_mid:.2f}× "
                    f"(stage wall time per page: {stage_ratio:.2f}×)"))
    else:
        out.append(("SKIP", "2. linear: generator time per page — needs two sizes"))
    if inc:
        def rebuilds(first: dict) -> list[dict]:
            return [first] + ([first["steady"]] if first.get("steady") else [])

        def fine(first: dict) -> bool:
            return all(r["wall"] < 2.0 and r["needless_rewrites"] == 0 for r in rebuilds(first))

        def said(first: dict) -> str:
            return "; ".join(f"{label} {r['wall']:.1f} s (CPU {r['cpu']:.1f} s), {r['rewritten']} files rewritten, "
                             f"{r['needless_rewrites']} of them with unchanged content"
                             for label, r in zip(("first rebuild", "next article"), rebuilds(first)))

        kept = inc.get("resident")
        out.append((verdict(fine(inc) or bool(kept and fine(kept))),
                    f"3. one new article at N={inc_n:,} regenerates in < 2 s, rewriting only changed pages: "
                    f"new process: {said(inc)}" + (f"; in a worker (`make serve`): {said(kept)}" if kept else "")))
    else:
        out.append(("SKIP", "3. incremental: not measured (--no-incremental-check)"))
    if big and small and big is not small:
        ratio = big["site"]["html_median"] / small["site"]["html_median"]
        out.append((verdict(ratio <= 1.5), f"4. median HTML bytes per page at N={big['n']:,} within 1.5× of "
                    f"N={small['n']:,}: {big['site']['html_median']:,.0f} B vs {small['site']['html_median']:,.0f} B "
                    f"= {ratio:.2f}×"))
    else:
        out.append(("SKIP", "4. HTML bytes per page — needs two sizes"))
    if big:
        out.append((verdict(big["build"]["peak_mb"] < 1024), f"5. generator peak memory < 1 GB (N={big['n']:,}): "
                    f"{big['build']['peak_mb']:.0f} MB"))
        s = big["search"]
        out.append((verdict(s["ms"] < 1000), f"6. search usable < 1 s after the first keystroke (N={big['n']:,}): "
                    f"{s['ms']:.0f} ms for «{s['query']}» typed key by key ({s['type_delay_ms']} ms between keys; "
                    f"{s['ms_after_last_key']:.0f} ms after the last key), {s['bytes'] / 1024:.1f} KB in "
                    f"{s['files']} files, {s['results']} results shown"))
    else:
        out.append(("SKIP", "5. generator peak memory: no size measured"))
        out.append(("SKIP", "6. search: no size measured"))
    return out


def report(rows, inc, inc_n, verdicts, args, profile_path, started, versions, final) -> str:
    """`versions`: the code at the start of each measurement; `final`: the code when the report is written."""
    lines = ["# Scale benchmark", "",
             f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {platform.node() or 'host'} · "
             f"{os.cpu_count()} CPU · Python {platform.python_version()} · total run "
             f"{(time.perf_counter() - started) / 60:.1f} min · `benchmarks/run.py "
             f"--sizes {','.join(map(str, args.sizes))}` · generator {describe(versions[0])}", ""]
    if len({v["code"] for v in versions}) > 1:
        lines += ["**Warning: the generator or templates changed during this run** (not every measurement ran "
                  "the same code): " + " → ".join(dict.fromkeys(describe(v) for v in versions)), ""]
    elif final["code"] != versions[0]["code"]:
        lines += [f"Note: the code changed after the last measurement started (now {describe(final)}); every figure "
                  f"here is for {describe(versions[0])}.", ""]
    lines += [table(rows), "",
             "Stage columns: wall times from `build --timings` (gen total = their sum); gen wall / mkdocs wall = "
             "each process from start to exit; CPU = its user + system time (rusage), which other work on the "
             "machine does not inflate; gen/mkdocs and the per-page figures use CPU time; gen peak MB = ru_maxrss "
             f"of the build process; the generator columns are the median (by CPU time) of {args.repeat} from-scratch "
             "builds, whose CPU times are listed below; search = median of "
             f"{args.search_runs} cold runs, first keystroke → results for the whole name shown, payload = bytes "
             "fetched under /search/.", ""]
    runs = [f"N={r['n']:,}: " + ", ".join(f"{c:.1f}" for c in r["build"].get("runs_cpu", [])) + " s"
            for r in rows if "error" not in r]
    if runs:
        lines += ["Generator CPU time of each from-scratch build: " + "; ".join(runs) + ".", ""]
    loads = [f"N={r['n']:,}: {r['build']['load_before']:.1f} before the build, {r['mkdocs']['load_before']:.1f} "
             f"before mkdocs" for r in rows if "error" not in r]
    if loads:
        lines += [f"Load average (1 min) on this {os.cpu_count()}-CPU machine: " + "; ".join(loads) + ".", ""]
    for r in rows:
        if "error" in r:
            lines += [f"**N={r['n']:,} failed:**", "```", r["error"], "```", ""]
    if inc:
        lines += [f"Incremental at N={inc_n:,}: one new article ({inc['article']}) with {inc['events']} new events "
                  f"reusing existing actors and places, the first rebuild after the from-scratch builds:",
                  *_rebuild_lines(inc)]
        if inc.get("noop"):
            lines += [f"- the same rebuild again with no edit: wall {inc['noop']['wall']:.2f} s (" +
                      ", ".join(f"{k} {v:.2f}" for k, v in inc["noop"]["stages"].items()) +
                      f"), `{inc['noop']['summary']}`"]
        if inc.get("steady"):
            lines += ["", f"Then a second new article ({inc['steady']['article']}), {inc['steady']['events']} events: "
                      "the steady state of a curator adding articles one by one:", *_rebuild_lines(inc["steady"])]
        if inc.get("resident"):
            kept = inc["resident"]
            lines += ["", "The same in one `python -m generator worker` (generator/worker.py, the process `make serve` "
                      "keeps), which keeps the cache in memory between builds: its first request (nothing changed, "
                      f"the cache read from disk) took {kept['warm']['wall']:.2f} s; then one new article "
                      f"({kept['article']}):", *_rebuild_lines(kept),
                      f"- and another ({kept['steady']['article']}):", *_rebuild_lines(kept["steady"]),
                      f"- the worker's peak memory (VmHWM) after these: {kept['steady']['peak_mb']:.0f} MB"]
        if inc.get("site"):
            site, mk = inc["site"], next((r["mkdocs"] for r in rows if r["n"] == inc_n and "error" not in r), None)
            lines += ["", f"Publishing with `site --changed` (the site of the `mkdocs build` above made the published "
                      f"one): bringing it level with the two articles above took {site['level']['wall']:.1f} s "
                      f"({site['level']['written']:,} files written again); then one more new article "
                      f"({site['article']}), built and published: wall {site['one']['wall']:.1f} s, CPU "
                      f"{site['one']['cpu']:.1f} s, of which MkDocs {site['one']['mkdocs_s']:.1f} s "
                      f"({site['one']['written']:,} files written again)" +
                      (f", where a whole `mkdocs build` takes {mk['wall']:.1f} s" if mk else "") + ".",
                      f"- `{site['one']['build']}`", f"- `{site['one']['summary']}`"]
        lines += [""]
    lines += ["Targets:", ""]
    lines += [f"- **{v}** {text}" for v, text in verdicts]
    if profile_path:
        shown = profile_path.relative_to(ROOT) if profile_path.resolve().is_relative_to(ROOT) else profile_path
        lines += ["", f"cProfile (top 20) of a from-scratch N={max(args.sizes):,} build: `{shown}`"]
    return "\n".join(lines) + "\n"


def _rebuild_lines(r: dict) -> list[str]:
    return [f"- generator wall {r['wall']:.2f} s (stages {r['total']:.2f} s: " +
            ", ".join(f"{k} {v:.2f}" for k, v in r["stages"].items()) + ")",
            f"- summary: `{r['summary']}`",
            f"- files rewritten (new inode): {r['rewritten']}; rewritten with unchanged content: "
            f"{r['needless_rewrites']}; files removed: {r['removed_files']}"]


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000",
                        type=lambda s: sorted({int(x) for x in s.split(",") if x.strip()}),
                        help="comma-separated numbers of articles (default 100,1000,10000)")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("BENCH_DIR", "/tmp/dossier-bench")),
                        help="work folder for the generated projects (default: $BENCH_DIR or /tmp/dossier-bench)")
    parser.add_argument("--results-dir", type=Path, default=HERE,
                        help="where results.md / results.json (and profile-N.txt) go (default: benchmarks/)")
    parser.add_argument("--no-incremental-check", action="store_true",
                        help="skip the one-new-article rebuild at the largest size")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile run at the largest size")
    parser.add_argument("--search-runs", type=int, default=3, help="cold search runs per size (median; default 3)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="from-scratch generator builds per size; the table shows the median by CPU time (default 3)")
    parser.add_argument("--type-delay", type=int, default=15, help="ms between keystrokes (default 15)")
    parser.add_argument("--publish-only", type=Path, metavar="PROJECT",
                        help="only time publishing with `site --changed` in a benchmark project left by a run "
                             "(its site published by `python -m generator --root PROJECT site`): nothing "
                             "changed, then one more new article")
    parser.add_argument("--resident-only", type=Path, metavar="PROJECT",
                        help="only time one-article rebuilds in a `generator worker` in a benchmark project left "
                             "by a run (two new articles)")
    args = parser.parse_args(argv)
    if args.resident_only:
        root = args.resident_only.resolve()
        r = resident(root, json.loads((root / "bench-manifest.json").read_text(encoding="utf-8")))
        print(f"worker's first request (cache read from disk, nothing changed): wall {r['warm']['wall']:.2f} s")
        for what, run in (("one new article", r), ("another new article", r["steady"])):
            print(f"{what} ({run['article']}): wall {run['wall']:.2f} s, CPU {run['cpu']:.2f} s, worker's peak "
                  f"memory so far {run['peak_mb']:.0f} MB")
            print("\n".join("  " + line for line in _rebuild_lines(run)))
        return 0
    if args.publish_only:
        root = args.publish_only.resolve()
        manifest = json.loads((root / "bench-manifest.json").read_text(encoding="utf-8"))
        steps = publish_steps(root, manifest)
        log(f"added {steps['article']}")
        for what, r in (("nothing changed", steps["level"]), ("one more new article", steps["one"])):
            print(f"{what}: wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s, MkDocs {r['mkdocs_s']:.1f} s, "
                  f"{r['written']:,} files written again\n  {r['build']}\n  {r['summary']}")
        return 0
    started = time.perf_counter()
    args.work.mkdir(parents=True, exist_ok=True)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    rows, failed = [], False
    versions = [code_version()]
    for n in args.sizes:
        try:
            rows.append(measure(n, args.work, args))
            versions.append(rows[-1]["code"])
        except Exception as exc:  # keep measuring the other sizes; report the failure
            failed = True
            log(f"N={n}: FAILED: {exc}")
            rows.append(dict(n=n, error=f"{type(exc).__name__}: {exc}"))
    inc = profile_path = None
    largest = max(args.sizes)
    big_row = next((r for r in rows if r["n"] == largest and "error" not in r), None)
    if big_row and not args.no_incremental_check:
        log(f"N={largest}: incremental: one new article with 10 events, rebuild…")
        try:
            inc = incremental(Path(big_row["root"]), big_row["manifest"])
            versions.append(inc["code"])
            log(f"N={largest}: incremental {inc['wall']:.2f} s: {inc['summary']}; next article "
                f"{inc['steady']['wall']:.2f} s: {inc['steady']['summary']}")
        except Exception as exc:
            failed = True
            log(f"incremental FAILED: {exc}")
        if inc:
            later = (("resident", "the same rebuilds in a generator worker", resident,
                      lambda r: f"worker: one new article {r['wall']:.2f} s, the next {r['steady']['wall']:.2f} s"),
                     ("site", "site --changed", changed_site,
                      lambda r: f"site --changed after one more article: {r['one']['wall']:.1f} s, "
                                f"{r['one']['written']} files written again"))
            for key, what, run_step, said in later:
                log(f"N={largest}: {what}…")
                try:
                    inc[key] = run_step(Path(big_row["root"]), big_row["manifest"])
                    log(f"N={largest}: {said(inc[key])}")
                except Exception as exc:
                    failed = True
                    log(f"{what} FAILED: {exc}")
    if big_row and not args.no_profile:
        log(f"N={largest}: cProfile of a from-scratch build…")
        try:
            profile_path, profile_version = profile_build(Path(big_row["root"]), largest, args.results_dir)
            versions.append(profile_version)
        except Exception as exc:
            failed = True
            log(f"profile FAILED: {exc}")
    empty_trash(args.work)
    verdicts = targets(rows, inc, largest if inc else None)
    text = report(rows, inc, largest, verdicts, args, profile_path, started, versions, code_version())
    print(text)
    (args.results_dir / "results.md").write_text(text, encoding="utf-8")
    for r in rows:
        manifest = r.pop("manifest", None)
        if manifest:
            r["top_actors"] = [dict(id=a["id"], name=a["name"], events=a["events"]) for a in manifest["top_actors"][:5]]
    payload = dict(sizes=args.sizes, rows=rows, incremental=inc,
                   targets=[dict(verdict=v, text=t) for v, t in verdicts],
                   profile=str(profile_path) if profile_path else None, code=dict(measured=versions, final=code_version()),
                   machine=dict(cpus=os.cpu_count(), python=platform.python_version(), platform=platform.platform()),
                   finished=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    (args.results_dir / "results.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
