"""`accept`: move a reviewed draft into the curated data, or change nothing and say why.

The gate, in order, stopping at the first step that reports an error:

1. the draft exists and its article id matches its folder;
2. no id it brings is already curated (the article in data/articles, each event in data/events);
3. the draft validates as if it were in data/ (every `check` validator, with the whole corpus),
   problems reported at their line in the drafts folder;
4. `check` passes on a temporary copy of the project with the move applied.

Only then are the files written: the article record and text to data/articles/, each kept
event to data/events/<event-id>.yaml (one record per file, the corpus convention). The draft
files are removed; new-actors.yaml stays if it still proposes something.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..build import check
from ..diagnostics import Diagnostics, Source, relative
from ..yamlfile import YList, YMap, load_yaml
from .corpus import DRAFTS_DIR, has_records, validate_drafts
from .drafts import MANIFEST, draft_folder
from .yamltext import dump


@dataclass
class Accepted:
    article: Path
    text: Path
    events: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def accept_draft(root: Path, article_id: str, diags: Diagnostics) -> Accepted | None:
    """Run the gate (module docstring); return what was written, or None with `diags` saying why."""
    folder = draft_folder(root, article_id)
    shown = relative(folder, root)
    if not folder.is_dir():
        diags.error(Source(shown), "accept.no-draft",
                    f"no draft '{article_id}' in data/{DRAFTS_DIR}/; run `python -m generator add FILE` first")
        return None
    article_path, text_path, events_path = folder / "article.yaml", folder / f"{article_id}.txt", folder / "events.yaml"
    for path in (article_path, text_path):
        if not path.is_file():
            diags.error(Source(relative(path, root)), "accept.incomplete", "the draft has no such file; "
                        "run `python -m generator add FILE --force` to write it again")
    if diags.errors:
        return None
    article = load_yaml(article_path, relative(article_path, root), diags)
    events = load_yaml(events_path, relative(events_path, root), diags) if has_records(events_path) else YList()
    if diags.errors:
        return None
    if not isinstance(article, YMap):
        diags.error(Source(relative(article_path, root), 1), "field.type", "article.yaml must hold one mapping")
        return None
    if not isinstance(events, YList):
        diags.error(Source(relative(events_path, root), 1), "field.type", "events.yaml must hold a list of events")
        return None
    if article.get("id") != article_id:
        diags.error(Source(relative(article_path, root), article.at("id")), "accept.id-mismatch",
                    f"article id '{article.get('id')}' differs from its draft folder '{article_id}'; "
                    "rename the folder and the .txt file together with the id")
        return None
    if not _no_collisions(root, article_id, article, article_path, events, events_path, diags):
        return None
    validate_drafts(root, folder, article_id, diags)
    if diags.errors:
        return None
    plan = _plan(root, article_id, article, text_path, events)
    if not _check_in_copy(root, plan, diags):
        return None
    return _apply(root, folder, plan)


def _no_collisions(root: Path, article_id: str, article: YMap, article_path: Path, events: YList,
                   events_path: Path, diags: Diagnostics) -> bool:
    data = root / "data"
    scratch = Diagnostics()
    existing = {}
    for path in sorted((data / "events").glob("*.yaml")) if (data / "events").is_dir() else []:
        loaded = load_yaml(path, relative(path, root), scratch)
        records = [loaded] if isinstance(loaded, YMap) else list(loaded) if isinstance(loaded, YList) else []
        existing[path.stem] = Source(relative(path, root), 1)
        for record in records:
            if isinstance(record, YMap) and isinstance(record.get("id"), str):
                existing.setdefault(record["id"], Source(relative(path, root), record.line))
    taken = [p for p in (data / "articles" / f"{article_id}{suffix}" for suffix in (".yaml", ".txt")) if p.exists()]
    if taken:
        diags.error(Source(relative(article_path, root), article.at("id")), "accept.exists",
                    f"article '{article_id}' already exists ({relative(taken[0], root)}); rename the draft")
    seen: dict[str, int] = {}
    for i, event in enumerate(events):
        line = events.at(i)
        if not isinstance(event, YMap) or not isinstance(event.get("id"), str):
            continue
        event_id = event["id"]
        if event_id in existing:
            diags.error(Source(relative(events_path, root), event.at("id")), "accept.exists",
                        f"event '{event_id}' already exists ({existing[event_id]}); rename it or delete it")
        if event_id in seen:
            diags.error(Source(relative(events_path, root), event.at("id")), "id.duplicate",
                        f"event '{event_id}' appears twice in the draft (first on line {seen[event_id]})")
        seen.setdefault(event_id, line)
    return not diags.errors


def _plan(root: Path, article_id: str, article: YMap, text_path: Path, events: YList) -> dict[Path, bytes]:
    """Every file the move writes, relative to data/, with its content."""
    plan = {Path("articles") / f"{article_id}.yaml": dump(article).encode("utf-8"),
            Path("articles") / f"{article_id}.txt": text_path.read_bytes()}
    for event in events:
        plan[Path("events") / f"{event['id']}.yaml"] = dump(event).encode("utf-8")
    return plan


def _check_in_copy(root: Path, plan: dict[Path, bytes], diags: Diagnostics) -> bool:
    """`check` on a copy of the project with the move applied; the real data/ is not touched."""
    with tempfile.TemporaryDirectory(prefix="accept-check-") as tmp:
        copy = Path(tmp)
        shutil.copytree(root / "data", copy / "data", ignore=shutil.ignore_patterns(DRAFTS_DIR), symlinks=True)
        if (root / "docs").is_dir():
            (copy / "docs").symlink_to((root / "docs").resolve(), target_is_directory=True)
        for rel, data in plan.items():
            (copy / "data" / rel).write_bytes(data)
        result = Diagnostics()
        check(copy, result)
        if result.errors:
            diags.extend(result)
            diags.error(Source(relative(root / "data", root)), "accept.check-fails",
                        "`check` would fail after the move (problems above, as they would appear in data/); "
                        "nothing was changed")
            return False
    return True


def _apply(root: Path, folder: Path, plan: dict[Path, bytes]) -> Accepted:
    written: list[Path] = []
    for rel, data in plan.items():
        target = root / "data" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.accept-tmp")
        tmp.write_bytes(data)
        written.append((tmp, target))
    for tmp, target in written:
        os.replace(tmp, target)
    article_yaml, article_txt, *event_files = [target for _, target in written]
    for name in ("article.yaml", f"{article_yaml.stem}.txt", "events.yaml", MANIFEST):
        (folder / name).unlink(missing_ok=True)
    kept = []
    proposals = folder / "new-actors.yaml"
    if has_records(proposals):
        kept.append(proposals)
    else:
        proposals.unlink(missing_ok=True)
    if not any(folder.iterdir()):
        folder.rmdir()
    return Accepted(article_yaml, article_txt, event_files, kept)
