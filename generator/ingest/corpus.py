"""Load the curated corpus for drafting, and validate drafts as if they were already in data/.

Both go through `load.load_corpus` and `validate.validate`, the code `check` runs, on a *view*:
a temporary data/ folder of symlinks. Paths in diagnostics are resolved through the symlinks,
so a problem in a draft is reported at data/drafts/<id>/events.yaml:LINE, where the curator
fixes it. Drafting skips the curated events (they hold two thirds of the load time and a draft
needs only the vocabularies, actors, places and articles); accepting loads everything.

Reading YAML is most of a draft's time (PyYAML's pure-Python safe loader, which `yamlfile`
extends), so what drafting loads is kept in .dossier/ingest/corpus.pickle, keyed by the name,
size and modification time of every file read and by the loader's own source. The cache is
local (git ignores .dossier/), written only here, and rebuilt whenever anything differs or it
cannot be read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from .. import model as m
from ..diagnostics import Diagnostics
from ..load import load_corpus
from ..validate import Environment, validate

DRAFTS_DIR = "drafts"


def _view(tmp: Path, root: Path, folders: dict[str, list[Path] | Path | None]) -> Path:
    view = tmp / "data"
    view.mkdir()
    for name, source in folders.items():
        if source is None:
            continue
        if isinstance(source, Path):
            if source.is_dir():
                (view / name).symlink_to(source.resolve(), target_is_directory=True)
            continue
        folder = view / name
        folder.mkdir()
        for i, path in enumerate(source):
            link = folder / path.name
            if DRAFTS_DIR in path.parts or link.is_symlink():
                link = folder / f"~draft-{i}-{path.name}"      # after the curated files: duplicates blame the draft
            link.symlink_to(path.resolve())
    return view


DRAFTING_FOLDERS = ("vocab", "actors", "places", "articles")
CACHE = Path(".dossier") / "ingest" / "corpus.pickle"
_CODE = [Path(__file__).parents[1] / name
         for name in ("model.py", "load.py", "dates.py", "yamlfile.py", "textcheck.py")]


def load_for_drafting(root: Path, diags: Diagnostics, *, cache: bool = True) -> m.Corpus:
    """Vocabularies, actors, places and articles of data/ (no events), from the cache when valid."""
    data = root / "data"
    key = _fingerprint(data)
    cache_path = root / CACHE
    if cache:
        try:
            with open(cache_path, "rb") as handle:
                stored_key, corpus, items = pickle.load(handle)
            if stored_key == key:
                diags.items.extend(items)
                return corpus
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            pass
    loaded = Diagnostics()
    with tempfile.TemporaryDirectory(prefix="ingest-view-") as tmp:
        view = _view(Path(tmp), root, {name: data / name for name in DRAFTING_FOLDERS})
        corpus = load_corpus(view, root, loaded)
    diags.extend(loaded)
    if cache:
        try:
            cache_path.parent.mkdir(parents=True, exist_ok=True)
            tmp_path = cache_path.with_name(f".{cache_path.name}.{os.getpid()}")
            with open(tmp_path, "wb") as handle:
                pickle.dump((key, corpus, loaded.items), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp_path, cache_path)
        except OSError:
            pass
    return corpus


def _fingerprint(data: Path) -> str:
    digest = hashlib.sha256()
    for path in _CODE:
        digest.update(path.read_bytes() if path.exists() else b"")
    digest.update(str(data.resolve()).encode())
    for name in DRAFTING_FOLDERS:
        folder = data / name
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            stat = path.stat()
            digest.update(f"{name}/{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def curated_event_ids(root: Path) -> set[str]:
    """Event ids by file name (the convention), cheap enough to keep draft ids apart."""
    folder = root / "data" / "events"
    return {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()


def _record_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.suffix in (".yaml", ".txt")) if folder.is_dir() else []


def validate_drafts(root: Path, draft: Path, article_id: str, diags: Diagnostics, *,
                    curated: m.Corpus | None = None, events: bool = True) -> m.Corpus:
    """Load the draft article and events with `load_corpus` and run every validator on them.

    With `curated` (actors, places, articles already loaded), only the drafts are read and the
    curated events are left out: fast, for `add`. Without it, the whole of data/ is read
    beside the drafts: what `check` would say after `accept`.
    """
    data = root / "data"
    article_files = [draft / "article.yaml", draft / f"{article_id}.txt"]
    event_files = [draft / "events.yaml"] if events and has_records(draft / "events.yaml") else []
    with tempfile.TemporaryDirectory(prefix="ingest-view-") as tmp:
        if curated is None:
            folders = {"vocab": data / "vocab", "actors": data / "actors", "places": data / "places",
                       "articles": _record_files(data / "articles") + article_files,
                       "events": _record_files(data / "events") + event_files}
        else:
            folders = {"vocab": data / "vocab", "articles": article_files, "events": event_files}
        view = _view(Path(tmp), root, folders)
        if curated is None and (data / "redirects.yaml").is_file():     # notes may name a redirect's old id
            (view / "redirects.yaml").symlink_to((data / "redirects.yaml").resolve())
        corpus = load_corpus(view, root, diags)
    if curated is not None:
        corpus = m.Corpus(vocab=corpus.vocab, articles={**curated.articles, **corpus.articles},
                          actors=curated.actors, places=curated.places, events=corpus.events,
                          redirects=curated.redirects, unfinished=corpus.unfinished)
    validate(corpus, diags, Environment())
    return corpus


def has_records(path: Path) -> bool:
    """Does a YAML file hold anything but comments, blank lines or an empty list? One that cannot
    be read as UTF-8 does: `load_yaml` then says why, at its line (here it was a traceback)."""
    if not path.is_file():
        return False
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped != "[]":
            return True
    return False
