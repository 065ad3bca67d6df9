"""The curator's ingest: `add` drafts records from a raw article, `accept` files them.

    add FILE      read a copied article (text or HTML), clean it, recognise its dateline,
                  outlet, actors, places and dates, propose events and new actors, and write
                  the drafts under data/drafts/<article-id>/ (never touching curated records)
    accept ID     move a reviewed draft into data/articles and data/events, only if `check`
                  passes afterwards; otherwise change nothing

Modules, in pipeline order: inputfile (reads the file given to `add`, refusing devices, pipes
and oversized files), html (trafilatura extraction), clean (line classifier), masthead
(dateline, outlet, title), gazetteer (actors and places), datefinder, events, newactors;
pipeline wires them; drafts writes the folder; accept files it; report prints; evaluation
measures the whole against data/articles/CLEANING.md and the curated events.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..diagnostics import Diagnostics, Source, relative
from .corpus import curated_event_ids, load_for_drafting, validate_drafts
from .drafts import AlreadyCurated, WriteResult, draft_folder, write_drafts
from .inputfile import MAX_INPUT_BYTES, read_input
from .pipeline import Analysis, Options, analyse


@dataclass
class AddResult:
    analysis: Analysis
    written: WriteResult
    problems: Diagnostics          # what is wrong with the draft article (events are checked by `accept`)
    seconds: float


def add(root: Path, path: Path, diags: Diagnostics, *, url: str | None = None, outlet: str | None = None,
        published: date | None = None, force: bool = False) -> AddResult | None:
    """Draft one article. Errors that stop the run go to `diags`; None is returned then."""
    started = time.perf_counter()
    if not (root / "data" / "vocab").is_dir():
        diags.error(Source(relative(root / "data", root)), "ingest.no-project",
                    f"{root} holds no data/vocab/: run from the project folder or pass --root")
        return None
    raw = read_input(path, diags)
    if raw is None:
        return None
    if not raw.strip():
        diags.error(Source(str(path), 1), "ingest.empty", "the file holds no text")
        return None
    corpus_diags = Diagnostics()
    corpus = load_for_drafting(root, corpus_diags)
    analysis = analyse(raw, path, corpus, Options(url, outlet, published, path.name),
                       event_ids=curated_event_ids(root))
    if not analysis.cleaned.kept:
        diags.error(Source(str(path), 1), "ingest.no-text", "no article text is left after cleaning")
        return None
    if corpus_diags.errors:
        analysis.warnings.append(f"data/ has {len(corpus_diags.errors)} problem(s) of its own; "
                                 "run `python -m generator check`")
    problems = Diagnostics()
    try:
        written = write_drafts(root, analysis, force=force)
    except AlreadyCurated as exc:
        diags.error(Source(relative(exc.path, root), 1), "ingest.already-curated",
                    f"article '{analysis.id}' is already curated; `add` never overwrites curated records "
                    "(pass --outlet/--published to draft it under another id, or edit data/articles by hand)")
        return None
    validate_drafts(root, written.folder, analysis.id, problems, curated=corpus, events=False)
    return AddResult(analysis, written, problems, time.perf_counter() - started)


__all__ = ["MAX_INPUT_BYTES", "AddResult", "Options", "add", "draft_folder", "read_input"]
