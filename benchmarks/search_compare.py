#!/usr/bin/env python3
"""Pagefind against the dossier's own search, measured on the same built site in real Chromium.

    .venv/bin/python benchmarks/search_compare.py                 # the bundled corpus (data/)
    .venv/bin/python benchmarks/search_compare.py --site R/site   # an already built site

1. Builds the bundled corpus into a throwaway copy of the project (as tests/conftest.py does:
   `python -m generator --root ROOT site`), or takes --site PATH of a site already built (for
   example R/site of a synthetic project made by benchmarks/run.py).
2. Runs Pagefind (`python -m pagefind --site SITE --output-path …`, pinned in
   benchmarks/requirements-compare.txt and installed into a throwaway venv under /tmp, never
   into the project's .venv) and records its indexing time and the size of its bundle. The site
   itself is not touched: it is served through a folder of symlinks with the bundle beside it
   at /pagefind/. The dossier's own index is timed the same way (load + index of the corpus
   excluded; only `build_search_index(...).files()`), when the site's project (data/) is known.
3. Serves that folder on 127.0.0.1 (tests/browser.py `serve`) and, in headless Chromium
   (tests/browser.py `browser`), runs every query of QUERIES and NOTHING from
   tests/test_search_browser.py against (a) Pagefind's JS API and (b) `window.dossierSearch`.
   For each query and engine, in a fresh browser context (empty cache): the results, the rank of
   the expected page, the bytes of every response under /pagefind/ or /search/ (response.body()),
   and the time from the call until the results are there ("cold": Pagefind's import + init +
   search + data() of the first 10 results; the dossier's search(), which loads its meta first).
   Then, all queries again in one page whose engine is already loaded ("warm" time), also
   fetching every Pagefind result's data() to find the expected page beyond the first 10.
   Pagefind's excerpt for الاسد is checked for the original spelling الأسد.
4. Prints and writes benchmarks/search-compare.md: a per-query table and a summary per engine.
   Each site gets its own section (its label), so the bundled run and a --site run coexist.

With --site on a synthetic site whose project has bench-manifest.json (benchmarks/synthetic.py),
queries for its most frequent actors and places (name, aliases) are added; the bundled QUERIES
expect pages of the bundled corpus and are then only run for bytes and time.

Material's own search is not measured here: see ../shared/FACTS.md ("Material search with
Arabic") and README "Search".
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TESTS = ROOT / "tests"
sys.path.insert(0, str(TESTS))          # browser (serve, browser), conftest (make_project), the query table

REQUIREMENTS = HERE / "requirements-compare.txt"
DEFAULT_VENV = Path("/tmp/search-compare-venv")
DEFAULT_OUT = HERE / "search-compare.md"
PAGEFIND_SHOWN = 10                      # results whose data() is loaded, as a results list would
DEPTH = 200                              # Pagefind results looked through for the expected page (the dossier shows 20)
# kinds of query: a page expected within a rank; any result; nothing; run for bytes and time only
TARGET, ANY, NOTHING_KIND, TIMING = "target", "any", "nothing", "timing"

# What makes each bundled query hard (from the comments of tests/test_search_browser.py, completed).
WHAT = {
    "الاسد": "hamza (ا for أ)", "الأسد": "exact", "اسد": "no article, hamza", "Assad": "Latin",
    "بشار": "exact", "IRGC": "Latin acronym", "irgc": "Latin, lower case",
    "الحرس الثوري الايراني": "hamza (ا for إ)", "والحرس الثوري": "proclitic و", "قسد": "alias",
    "SDF": "Latin alias", "قوات سوريا الديمقراطيه": "ه for ة", "حزب الله": "exact",
    "كتائب حزب الله": "longest name", "Hezbollah": "Latin", "النجباء": "exact", "فاطميون": "exact",
    "الفاطميين": "other case ending (ين/ون)", "بورهاشمي": "exact", "بور هاشمي": "split word",
    "غفاري": "no article", "الغفاري": "article", "عـسكر": "tatweel", "عراقجي": "exact",
    "بقائي": "exact", "ديرالزور": "joined words", "دير الزور": "exact", "بالبوكمال": "proclitic ب",
    "والميادين": "proclitic و", "حميميم": "exact", "Damascus": "Latin", "حماه": "ه for ة",
    "السيده زينب": "ه for ة", "نيويورك تايمز": "exact", "فرانس برس": "exact", "AFP": "Latin alias",
    "تسنيم": "exact", "٨ ديسمبر ٢٠٢٤": "date, Arabic-Indic digits", "8 كانون الأول 2024": "date, Levantine month",
    "8 كانون الاول 2024": "date, Levantine month, hamza", "2024-12-08": "date, ISO",
    "08/12/2024": "date, dd/mm/yyyy", "5 ديسمبر 2024": "date", "الخامس من ديسمبر": "ordinal words (any result)",
    "ديسمبر 2024": "month", "مسئول ايراني رفيع": "Egyptian hamza seat ئ, hamza", "مُقاتل": "diacritics (any result)",
}

PAGEFIND_JS = r"""
async ({q, shown, all, ranking}) => {
  const t0 = performance.now();
  if (!window.__pf) {
    window.__pf = await import('/pagefind/pagefind.js');
    if (ranking) await window.__pf.options({ranking});
    await window.__pf.init();
  }
  const pf = window.__pf;
  const t1 = performance.now();
  const r = await pf.search(q);
  const results = r ? r.results : [];
  const take = results.slice(0, all ? DEPTH : shown);
  const data = await Promise.all(take.map(x => x.data()));
  const t2 = performance.now();
  return {ms: t2 - t0, init_ms: t1 - t0, count: results.length,
          urls: data.map(d => d.url), excerpts: data.map(d => d.excerpt)};
}
"""

DOSSIER_JS = r"""
async ({q}) => {
  const t0 = performance.now();
  const r = await window.dossierSearch.search(q);
  const t1 = performance.now();
  return {ms: t1 - t0, count: r.count || 0, urls: r.hits.map(h => h.url),
          excerpts: r.hits.map(h => h.excerpt)};
}
"""

ENGINES = {"dossier": ("/search/", DOSSIER_JS), "pagefind": ("/pagefind/", PAGEFIND_JS.replace("DEPTH", str(DEPTH)))}
PAGEFIND_RANKING: dict | None = None     # --pagefind-ranking: Pagefind's ranking options, default its own


def log(message: str) -> None:
    print(f"[search-compare {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def tree_size(path: Path) -> tuple[int, int]:
    files = [f for f in path.rglob("*") if f.is_file()]
    return sum(f.stat().st_size for f in files), len(files)


# --- 1. the site ------------------------------------------------------------------------------

def build_bundled(work: Path) -> Path:
    """The bundled corpus built into a throwaway copy of the project; returns the project root."""
    from conftest import make_project

    project = make_project(work, corpus=None)
    shutil.rmtree(project.data)
    shutil.copytree(ROOT / "data", project.data)
    started = time.perf_counter()
    result = project.run("site")
    if result.returncode:
        raise SystemExit(f"building the bundled site failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    log(f"bundled site built in {time.perf_counter() - started:.1f} s")
    return project.root


DOSSIER_INDEX_TIMER = r"""
import json, sys, time
from pathlib import Path
from generator.build import Project
from generator.diagnostics import Diagnostics
from generator.load import load_corpus
from generator.index import build_index
from generator import contexts as cx
from generator.search_index import build_search_index
root = Path(sys.argv[1])
corpus = load_corpus(Project(root).data, root, Diagnostics())
ix = build_index(corpus)
site = cx.SiteInfo.from_index(ix)
runs = []
for _ in range(int(sys.argv[2])):
    started = time.perf_counter()
    files = dict(build_search_index(ix, site).files())
    runs.append(time.perf_counter() - started)
print(json.dumps({"seconds": min(runs), "runs": runs, "files": len(files),
                  "bytes": sum(len(v.encode()) for v in files.values()), "docs": len(ix.events)}))
"""


def time_dossier_index(project_root: Path | None, runs: int) -> dict | None:
    if project_root is None or not (project_root / "data").is_dir():
        return None
    proc = subprocess.run([sys.executable, "-c", DOSSIER_INDEX_TIMER, str(project_root), str(runs)],
                          cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        log(f"timing the dossier index failed:\n{proc.stderr[-2000:]}")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- 2. Pagefind ------------------------------------------------------------------------------

def pagefind_python(venv: Path) -> Path:
    """A throwaway venv with the pinned pagefind[bin]; rebuilt when the requirements change."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = venv / ".requirements-sha256"
    python = venv / "bin" / "python"
    if not (python.exists() and stamp.exists() and stamp.read_text() == digest):
        log(f"creating {venv} with {REQUIREMENTS.name}")
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(REQUIREMENTS)], check=True)
        stamp.write_text(digest)
    return python


def run_pagefind(python: Path, site: Path, out: Path) -> dict:
    version = subprocess.run([str(python), "-m", "pip", "show", "pagefind-bin"], capture_output=True,
                             text=True).stdout
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([str(python), "-m", "pagefind", "--site", str(site), "--output-path", str(out)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode:
        raise SystemExit(f"pagefind failed ({proc.returncode}):\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    text = proc.stdout + proc.stderr

    def grab(pattern: str) -> int | None:
        m = re.search(pattern, text)
        return int(m.group(1).replace(",", "")) if m else None

    size, files = tree_size(out)
    ui = sum(f.stat().st_size for f in out.glob("pagefind-*") if "ui" in f.name or "highlight" in f.name)
    return {"seconds": seconds, "cpu_seconds": cpu, "bytes": size, "files": files, "ui_bytes": ui, "pages": grab(r"Indexed ([\d,]+) pages?"),
            "words": grab(r"Indexed ([\d,]+) words?"),
            "version": (re.search(r"Version: (\S+)", version) or [None, "?"])[1], "log": text}


def overlay(site: Path, pagefind_out: Path, work: Path) -> Path:
    """A folder serving the site unchanged (symlinks) with Pagefind's bundle at /pagefind/."""
    served = work / "served"
    served.mkdir()
    for entry in site.iterdir():
        if entry.name != "pagefind":
            (served / entry.name).symlink_to(entry.resolve())
    (served / "pagefind").symlink_to(pagefind_out.resolve())
    return served


# --- 3. the queries in Chromium -------------------------------------------------------------

def rel(url: str) -> str:
    path = unquote(urlparse(url).path) if "://" in url else unquote(url)
    path = path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path


def rank_of(urls: list[str], expected: str | None) -> int | None:
    if not expected:
        return None
    for n, url in enumerate(urls, 1):
        if rel(url) == expected:
            return n
    return None


def start_page(browser, base: str, landing: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + landing, wait_until="load")
    page.wait_for_function("() => window.dossierSearch !== undefined", timeout=30_000)
    return context, page


def is_fixed(name: str) -> bool:
    """A file every first query loads whatever it asks (the engine), not the index of its words."""
    return not name.startswith(("index/", "fragment/", "t/", "d/"))


def one_cold(browser, base: str, landing: str, engine: str, query: str) -> dict:
    """One query in a fresh context (empty cache): results, bytes fetched for it, time."""
    prefix, script = ENGINES[engine]
    context, page = start_page(browser, base, landing)
    responses = []
    page.on("response", lambda r: responses.append(r) if r.url.startswith(base.rstrip("/") + prefix) else None)
    result = page.evaluate(script, {"q": query, "shown": PAGEFIND_SHOWN, "all": False, "ranking": PAGEFIND_RANKING})
    page.wait_for_timeout(30)                              # let the last response events arrive
    fetched = []
    for r in responses:
        try:
            body = r.body()
        except Exception:                                  # noqa: BLE001 - a body already gone
            body = b""
        fetched.append((r.url.split(prefix, 1)[1], r.status, len(body), len(gzip.compress(body, 6))))
    context.close()
    result["files"] = fetched
    result["bytes"] = sum(f[2] for f in fetched)
    result["fixed_bytes"] = sum(f[2] for f in fetched if is_fixed(f[0]))
    result["gzip_bytes"] = sum(f[3] for f in fetched)
    return result


def run_queries(site: Path, queries: list[tuple[str, str | None, int, str]]) -> list[dict]:
    from browser import browser, serve

    landing = "about/" if (site / "about" / "index.html").exists() else ""
    rows = []
    with serve(site) as base, browser() as b:
        # warm: one page per engine, the engine loaded once (a reader typing query after query)
        warm = {}
        for engine, (_, script) in ENGINES.items():
            context, page = start_page(b, base, landing)
            page.evaluate(script, {"q": "سوريا", "shown": PAGEFIND_SHOWN, "all": False, "ranking": PAGEFIND_RANKING})
            warm[engine] = (context, page)
        for query, expected, rank, kind in queries:
            row = {"query": query, "expected": expected, "rank": rank, "kind": kind, "what": WHAT.get(query, "")}
            for engine, (_, script) in ENGINES.items():
                cold = one_cold(b, base, landing, engine, query)
                page = warm[engine][1]
                args = {"q": query, "shown": PAGEFIND_SHOWN, "all": False, "ranking": PAGEFIND_RANKING}
                again = page.evaluate(script, args)
                full = page.evaluate(script, {**args, "all": True})
                found = rank_of(full["urls"], expected)
                if kind == NOTHING_KIND:
                    ok = cold["count"] == 0
                elif kind == TARGET:
                    ok = found is not None and found <= rank
                else:
                    ok = cold["count"] > 0
                row[engine] = {"count": cold["count"], "warm_count": again["count"], "found": found, "ok": ok,
                               "bytes": cold["bytes"],
                               "gzip_bytes": cold["gzip_bytes"], "files": len(cold["files"]),
                               "fixed_bytes": cold["fixed_bytes"], "fetched": cold["files"],
                               "looked": len(full["urls"]),
                               "cold_ms": cold["ms"], "warm_ms": again["ms"], "init_ms": cold.get("init_ms"),
                               "top": [rel(u) for u in full["urls"][:3]],
                               "excerpts": cold["excerpts"][:3]}
            rows.append(row)
            log(f"{query!r}: dossier {_cell(row['dossier'], kind)}, pagefind {_cell(row['pagefind'], kind)}")
        for context, _ in warm.values():
            context.close()
    return rows


def highlight_check(site: Path) -> dict:
    """Does Pagefind's excerpt for الاسد show الأسد (the page's own spelling)?"""
    from browser import browser, serve

    out = {}
    with serve(site) as base, browser() as b:
        landing = "about/" if (site / "about" / "index.html").exists() else ""
        context, page = start_page(b, base, landing)
        for q in ("الاسد", "الأسد", "قوات سوريا الديمقراطيه", "عـسكر"):
            r = page.evaluate(ENGINES["pagefind"][1], {"q": q, "shown": 5, "all": False, "ranking": PAGEFIND_RANKING})
            marks = sorted({m for e in r["excerpts"] for m in re.findall(r"<mark>(.*?)</mark>", e or "")})
            out[q] = {"count": r["count"], "marks": marks[:8]}
        context.close()
    return out


# --- synthetic sites: queries from the manifest ----------------------------------------------

def manifest_queries(project_root: Path | None) -> list[tuple[str, str, int, str]]:
    path = project_root / "bench-manifest.json" if project_root else None
    if not path or not path.exists():
        return []
    m = json.loads(path.read_text(encoding="utf-8"))
    out: list[tuple[str, str, int, str]] = []
    actor_names = {a["name"] for a in m.get("top_actors", [])}
    for group, folder in (("top_actors", "actors"), ("top_places", "places")):
        for e in m.get(group, [])[:5]:
            url = f"{folder}/{e['id']}/"
            # a country is also a state actor of the same name (سوريا): either may come first
            out.append((e["name"], url, 2 if folder == "places" and e["name"] in actor_names else 1, TARGET))
            WHAT.setdefault(e["name"], f"synthetic {folder[:-1]}: name")
            for alias in e.get("aliases", [])[:3]:
                out.append((alias, url, 3, TARGET))
                WHAT.setdefault(alias, f"its {'Latin ' if alias.isascii() else ''}alias")
    seen, unique = set(), []
    for q in out:
        if q[0] not in seen:
            seen.add(q[0])
            unique.append(q)
    return unique


# --- 4. report --------------------------------------------------------------------------------

def _cell(r: dict, kind: str) -> str:
    text = _cell_text(r, kind)
    if r.get("warm_count", r["count"]) != r["count"]:
        text += f" †{r['warm_count']}"
    return text


def _cell_text(r: dict, kind: str) -> str:
    if kind == NOTHING_KIND:
        return "clean" if r["ok"] else f"**{r['count']} results**"
    if kind == ANY:
        return f"{r['count']} results" if r["ok"] else "**none**"
    if kind == TIMING:
        return f"{r['count']} results"
    if r["found"] is None:
        if r["looked"] >= r["count"]:
            return f"**not found** ({r['count']} results)"
        return f"**not in first {r['looked']}** ({r['count']} results)"
    return f"{r['found']}" if r["ok"] else f"**{r['found']}**"


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def summarise(rows: list[dict], engine: str) -> dict:
    checked = [r for r in rows if r["kind"] in (TARGET, ANY)]
    nothing = [r for r in rows if r["kind"] == NOTHING_KIND]
    data = [r[engine] for r in rows]
    return {
        "passed": sum(r[engine]["ok"] for r in checked), "total": len(checked),
        "targets": sum(r["kind"] == TARGET for r in rows),
        "found_any": sum(r["kind"] == TARGET and r[engine]["found"] is not None for r in rows),
        "found_10": sum(r["kind"] == TARGET and (r[engine]["found"] or 99) <= 10 for r in rows),
        "clean": sum(r[engine]["ok"] for r in nothing), "nothing": len(nothing),
        "bytes_median": statistics.median(d["bytes"] for d in data),
        "bytes_max": max(d["bytes"] for d in data),
        "gzip_median": statistics.median(d["gzip_bytes"] for d in data),
        "gzip_max": max(d["gzip_bytes"] for d in data),
        "files_median": statistics.median(d["files"] for d in data),
        "fixed_median": statistics.median(d["fixed_bytes"] for d in data),
        "cold_median": statistics.median(d["cold_ms"] for d in data),
        "cold_max": max(d["cold_ms"] for d in data),
        "warm_median": statistics.median(d["warm_ms"] for d in data),
        "warm_max": max(d["warm_ms"] for d in data),
    }


def report(label: str, pages: int, rows: list[dict], pf: dict, dossier_index: dict | None,
           dossier_disk: tuple[int, int], highlights: dict, with_targets: bool, stamp: str) -> str:
    for r in rows:                                         # the rank asked may have been revised since
        if r["kind"] == TARGET:
            for e in ENGINES:
                r[e]["ok"] = r[e]["found"] is not None and r[e]["found"] <= r["rank"]
    s = {e: summarise(rows, e) for e in ENGINES}
    lines = [f"<!-- site: {label} -->", f"## {label}: {pages:,} HTML pages", "",
             f"Measured {stamp} by `benchmarks/search_compare.py` (Pagefind {pf['version']}, "
             f"headless Debian Chromium, site served on 127.0.0.1 without compression).", ""]
    if PAGEFIND_RANKING:
        lines += [f"Pagefind ranking options: `{json.dumps(PAGEFIND_RANKING)}`.", ""]
    if not with_targets:
        lines += ["The expected pages of `tests/test_search_browser.py` belong to the bundled corpus: on this "
                  "site those queries are run for bytes and time only; the queries with a target here come "
                  "from the synthetic corpus's manifest (its most frequent actors and places, name and aliases).", ""]
    lines += ["| | dossier search | Pagefind |", "| --- | --- | --- |"]

    def both(fn) -> str:
        return f"| {fn('dossier')} | {fn('pagefind')} |"

    lines += [
        "| queries passed (expected page within its rank, or any result) " +
        both(lambda e: f"{s[e]['passed']} / {s[e]['total']}"),
        f"| expected page within the first 10 results / among the results (dossier: its 20; Pagefind: first {DEPTH}) " +
        both(lambda e: f"{s[e]['found_10']} / {s[e]['targets']} · {s[e]['found_any']} / {s[e]['targets']}"),
        "| must-find-nothing queries with no result " + both(lambda e: f"{s[e]['clean']} / {s[e]['nothing']}"),
        "| bytes fetched per query, median (max) " + both(lambda e: f"{kb(s[e]['bytes_median'])} ({kb(s[e]['bytes_max'])})"),
        "| of which the engine itself (first query of a page), median " + both(lambda e: kb(s[e]['fixed_median'])),
        "| same, gzip-compressed, median (max) " + both(lambda e: f"{kb(s[e]['gzip_median'])} ({kb(s[e]['gzip_max'])})"),
        "| files fetched per query, median " + both(lambda e: f"{s[e]['files_median']:g}"),
        "| time to results, fresh page, median (max) " + both(lambda e: f"{s[e]['cold_median']:.0f} ms ({s[e]['cold_max']:.0f} ms)"),
        "| time to results, engine loaded, median (max) " + both(lambda e: f"{s[e]['warm_median']:.0f} ms ({s[e]['warm_max']:.0f} ms)"),
        f"| index on disk | {kb(dossier_disk[0])} in {dossier_disk[1]:,} files | {kb(pf['bytes'])} in {pf['files']:,} files"
        f" ({kb(pf['bytes'] - pf['ui_bytes'])} without its UI scripts and styles) |",
        f"| indexing time | {_dossier_time(dossier_index)} | {pf['seconds']:.1f} s{_cpu(pf)} (`pagefind --site`, {pf['pages'] or '?':,} pages) |",
        "",
        "Bytes: every response under /search/ (dossier) or /pagefind/ (Pagefind: pagefind.js, its WASM, "
        f"metadata, index chunks, and the fragments of the first {PAGEFIND_SHOWN} results) for one query in a "
        "fresh browser context; the dossier loads meta.json, arabic.json, the shards of the query's words and "
        "the document chunks of its (up to 20) results. Pagefind's files are already gzip-compressed; the "
        "dossier's JSON is not, so the gzip row is what a server with compression would send. Fresh page: "
        "from the call until the results are there, including the engine's own loading (Pagefind: import + "
        "init). Engine loaded: the same query in a page that has already searched.", ""]
    hl = highlights.get("الاسد")
    if hl is not None:
        lines += [f"Pagefind highlighting: for `الاسد` it returns {hl['count']} results, marked words "
                  f"{', '.join(hl['marks']) or 'none'}: the original spelling الأسد is "
                  f"{'kept' if any('الأسد' in m for m in hl['marks']) else '**not** shown'}. "
                  + "; ".join(f"`{q}` → {v['count']} results, marks {', '.join(v['marks']) or 'none'}"
                              for q, v in highlights.items() if q != "الاسد") + ".", ""]
    lines += ["| query | what it tests | expected page (within rank) | dossier | Pagefind | Pagefind's top 3 |",
              "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        exp = {NOTHING_KIND: "nothing", ANY: "any result", TIMING: "(bytes and time only)"}.get(
            r["kind"], f"`{r['expected']}` ({r['rank']})")
        top = ", ".join(f"`/{t}`" for t in r["pagefind"]["top"]) or "—"
        lines.append(f"| {r['query']} | {r.get('what') or WHAT.get(r['query'], '')} | {exp} | "
                     f"{_cell(r['dossier'], r['kind'])} | {_cell(r['pagefind'], r['kind'])} | {top} |")
    lines += ["", "Cells: the rank at which the expected page was found (bold when below the rank the "
              f"table asks for, or not among the results looked through: the dossier returns at most 20, Pagefind's "
              f"first {DEPTH} are looked through), or the number of results. †N: the same query gave N results "
              "in a page that had already run other queries (the figure before † is from a fresh page; the top 3 "
              "and the rank come from the page that had searched before).", "",
              "<!-- /site -->"]
    return "\n".join(lines)


def _cpu(pf: dict) -> str:
    return f", {pf['cpu_seconds']:.1f} s CPU" if pf.get("cpu_seconds") else ""


def _dossier_time(d: dict | None) -> str:
    if not d:
        return "n/a (project not known)"
    return f"{d['seconds']:.2f} s (`build_search_index`, best of {len(d['runs'])}; part of the build)"


HEADER = """# Site search compared: the dossier's own search and Pagefind

Written by `benchmarks/search_compare.py` (one section per site it was run on). Material's lunr
search is not measured here: with Arabic it fails the hamza, ة/ه, ى/ي, tatweel, diacritics and
digit queries, its Arabic stemmer makes it worse, and at 10,000 pages its index is 69 MB of JSON
(4.8 MB gzipped) taking 5.3 s before the first answer (measured in `../shared/FACTS.md`).
"""


def write_section(out: Path, label: str, section: str) -> None:
    text = out.read_text(encoding="utf-8") if out.exists() else HEADER
    pattern = re.compile(rf"<!-- site: {re.escape(label)} -->.*?<!-- /site -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    out.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


# --- main -------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build the bundled corpus)")
    parser.add_argument("--label", help="section name in the results file (default: bundled, or the site's project folder)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="throwaway venv for pagefind[bin]")
    parser.add_argument("--index-runs", type=int, default=3, help="timings of the dossier index (best of)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--report-from", type=Path, metavar="RAW_JSON",
                        help="only rewrite the section from the raw.json of an earlier --keep run")
    parser.add_argument("--pagefind-ranking", type=json.loads, metavar="JSON",
                        help='Pagefind ranking options, e.g. \'{"pageLength": 0}\' (default: its own)')
    args = parser.parse_args(argv)
    global PAGEFIND_RANKING
    PAGEFIND_RANKING = args.pagefind_ranking

    if args.report_from:
        raw = json.loads(args.report_from.read_text(encoding="utf-8"))
        PAGEFIND_RANKING = raw.get("ranking")
        section = report(raw["label"], raw["pages"], raw["rows"], raw["pagefind"], raw["dossier_index"],
                         tuple(raw["dossier_disk"]), raw["highlights"], raw["with_targets"],
                         raw.get("measured") or datetime.fromtimestamp(args.report_from.stat().st_mtime, timezone.utc)
                         .strftime("%Y-%m-%d %H:%M UTC"))
        print(section)
        write_section(args.out, raw["label"], section)
        return 0

    from test_search_browser import NOTHING, QUERIES

    work = Path(tempfile.mkdtemp(prefix="search-compare-"))
    try:
        if args.site:
            site = args.site.resolve()
            if not (site / "index.html").exists():
                raise SystemExit(f"{site}: no index.html (not a built site)")
            project_root = site.parent if (site.parent / "data").is_dir() else None
            label = args.label or (project_root.name if project_root else site.name)
        else:
            log("building the bundled corpus into a throwaway project…")
            project_root = build_bundled(work)
            site = project_root / "site"
            label = args.label or "bundled"
        if PAGEFIND_RANKING and not args.label:
            label += ", Pagefind ranking " + json.dumps(PAGEFIND_RANKING)
        pages = sum(1 for _ in site.rglob("*.html"))
        dossier_disk = tree_size(site / "search")

        python = pagefind_python(args.venv)
        log(f"pagefind over {pages:,} HTML pages…")
        pf = run_pagefind(python, site, work / "pagefind")
        log(f"pagefind: {pf['seconds']:.1f} s, {kb(pf['bytes'])} in {pf['files']} files, {pf['pages']} pages")
        dossier_index = time_dossier_index(project_root, args.index_runs)
        if dossier_index:
            log(f"dossier index: {dossier_index['seconds']:.2f} s")

        served = overlay(site, work / "pagefind", work)
        with_targets = not args.site or project_root is None or not (project_root / "bench-manifest.json").exists()
        if with_targets:
            queries = [(q, e, n, TARGET if e else ANY) for q, e, n in QUERIES]
        else:                                              # the bundled targets do not exist there
            queries = manifest_queries(project_root) + [(q, None, 0, TIMING) for q, _, _ in QUERIES]
        queries += [(q, None, 0, NOTHING_KIND) for q in NOTHING]
        rows = run_queries(served, queries)
        highlights = highlight_check(served)
        measured = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        section = report(label, pages, rows, pf, dossier_index, dossier_disk, highlights, with_targets, measured)
        print(section)
        write_section(args.out, label, section)
        log(f"wrote {args.out}")
        if args.keep:
            raw_data = {"label": label, "measured": measured, "pages": pages, "rows": rows, "with_targets": with_targets,
                        "pagefind": {k: v for k, v in pf.items() if k != "log"}, "ranking": PAGEFIND_RANKING,
                        "dossier_index": dossier_index, "dossier_disk": dossier_disk, "highlights": highlights}
            (work / "raw.json").write_text(json.dumps(raw_data, ensure_ascii=False, indent=1), encoding="utf-8")
            log(f"kept {work} (raw.json, pagefind.log)")
            (work / "pagefind.log").write_text(pf["log"], encoding="utf-8")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
