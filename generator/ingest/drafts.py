"""Write (and safely rewrite) the drafts folder data/drafts/<article-id>/.

    article.yaml            the article record, every guess marked with a `# TODO` comment
    <article-id>.txt        the cleaned text (the file quotes are checked against)
    events.yaml             a YAML list of draft events for the curator to keep, fix or delete
    new-actors.yaml         names that look like actors missing from data/actors
    .generated.json         what `add` wrote last (hashes), to tell our files from edited ones

`check` never reads data/drafts/. Drafting the same input again rewrites only the files the
curator has not edited since (and never anything outside the drafts folder); a curated record
with the same id stops the run before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..load import TITLE_MAX
from .corpus import DRAFTS_DIR
from .events import DraftEvent
from .pipeline import NO_DATELINE, NO_OUTLET, Analysis
from .yamltext import Lines, flow_list

MANIFEST = ".generated.json"


@dataclass
class WriteResult:
    folder: Path
    status: str                                          # drafted | already drafted
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)


class AlreadyCurated(Exception):
    """The article id is already in data/articles: `add` never overwrites curated records."""

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def draft_folder(root: Path, article_id: str) -> Path:
    return root / "data" / DRAFTS_DIR / article_id


def render_article(a: Analysis) -> str:
    doc = Lines()
    doc.comment(f"Draft article made by `python -m generator add` from {a.seed or 'the input'}.")
    doc.comment("Check every TODO, edit events.yaml, then run: python -m generator accept " + a.id)
    doc.key("id", a.id)
    if a.title.supplied:
        doc.key("title", a.title.text, comment="TODO: the text has no headline; write a title")
    else:
        doc.key("title", a.title.text, comment="headline from the text" if not a.html or a.title.line else
                "the page's title")
    doc.key("title_supplied", a.title.supplied)
    if a.outlet:
        doc.key("outlet", a.outlet, comment=f"{a.outlet_how}; TODO: check")
    else:
        doc.key("outlet", "unknown", comment="TODO: name the outlet if you know it (an actor id)")
        note = NO_OUTLET if a.outlet_how == "not named by the page" else f"{NO_OUTLET} ({a.outlet_how})"
        doc.key("outlet_note", note)
    if a.published:
        doc.key("published", a.published.isoformat(), comment=a.published_how)
        if a.published_time:
            doc.key("published_time", a.published_time, comment="as printed in the dateline (24-hour clock)")
    else:
        doc.key("published", "unknown", comment="TODO: never guess; say what the text gives")
        doc.key("published_note", NO_DATELINE)
    if a.url:
        doc.key("url", a.url)
    if a.author:
        doc.key("author", a.author, comment="from the byline")
    doc.key("language", "ar")
    doc.key("relays", ..., raw=flow_list(a.relays),
            comment="TODO: check: media outlets and agencies the text names" if a.relays else
            "TODO: add the agencies or papers the article relays, if any")
    if a.seed:
        doc.key("seed", a.seed)
    if a.cleaned.removed:
        doc.blank()
        doc.comment(f"Removed from the raw text ({len(a.cleaned.removed)} line(s); line numbers of the raw file):")
        for r in a.cleaned.removed:
            doc.comment(f"  {r.line}: {r.reason}: «{_clip(r.text.strip(), 70)}»")
    return doc.text()


def render_events(a: Analysis) -> str:
    doc = Lines()
    doc.comment(f"Draft events proposed from {a.id}.txt ({len(a.events)} candidate(s)). Keep the events,")
    doc.comment("fix every TODO, delete the rest (an empty file is fine), then: python -m generator accept " + a.id)
    doc.comment("Roles, kinds, place roles and stances come from data/vocab/; dates follow data/SCHEMA.md.")
    if not a.events:
        doc.comment("No sentence with an event keyword and a known actor, place or date was found.")
        return doc.text()
    for event in a.events:
        doc.blank()
        _render_event(doc, event, a.id)
    return doc.text()


def _render_event(doc: Lines, e: DraftEvent, article_id: str) -> None:
    doc.comment(f"line {e.line} of {article_id}.txt")
    doc.key("id", e.id, item=True, comment="TODO: rename to say what happened")
    doc.key("kind", e.kind, indent=2, comment=f"TODO: check kind (guessed from «{e.keyword}»)")
    if e.date is None:
        doc.key("date", None, indent=2, comment="TODO: no date in this sentence: write one, or delete the event")
    else:
        source = f"from «{e.date.text}»" + (f" ({e.date.note})" if e.date.note else "")
        if e.date.time or e.date.part:
            doc.key("date", ..., indent=2, comment=f"{source}; TODO: check")
            doc.key("value", e.date.value, indent=4)
            if e.date.part:
                doc.key("part", e.date.part, indent=4)
            if e.date.time:
                doc.key("time", e.date.time, indent=4)
        else:
            doc.key("date", e.date.value, indent=2, comment=f"{source}; TODO: check")
    for other in e.other_dates:
        doc.comment(f"also in the sentence: «{other.text}» → {other.value or 'unresolved'}", indent=2)
    doc.key("title", _draft_title(e.sentence), indent=2,
            comment="TODO: a headline of a few words: what happened, who, where (no date)")
    doc.key("summary", e.sentence, indent=2, comment="TODO: one line in your own words")
    if e.actors:
        doc.key("actors", ..., indent=2)
        for i, actor in enumerate(e.actors):
            doc.key("actor", actor.id, indent=4, item=True)
            doc.key("role", "agent" if i == 0 else "participant", indent=6, comment="TODO: check role")
    else:
        doc.comment("no known actor in this sentence: add `actors:` if one is meant", indent=2)
    if e.places:
        doc.key("places", ..., indent=2)
        for place, role in e.places:
            doc.key("place", place.id, indent=4, item=True)
            doc.key("role", role, indent=6, comment="TODO: check role")
    doc.key("reports", ..., indent=2)
    doc.key("article", article_id, indent=4, item=True)
    doc.key("quote", e.sentence, indent=6, comment="TODO: shorten to the words that state the fact")
    doc.key("stance", "asserts", indent=6)
    doc.key("via", ..., indent=6, raw=flow_list(e.via),
            comment="TODO: check whom the article relays here" if e.via else "TODO: add who is quoted, if anyone")


def _draft_title(sentence: str, words: int = 8) -> str:
    """The sentence's first words, cut before the loader's headline limit: a start for the
    curator's headline, flagged TODO like every other guess in the draft."""
    head = " ".join(sentence.split()[:words]).rstrip("،,.:؛")
    return head[:TITLE_MAX].rstrip()


def render_new_actors(a: Analysis) -> str:
    doc = Lines()
    doc.comment("Names after a title or office that are not in data/actors. Move the real ones to")
    doc.comment("data/actors/<id>.yaml (fix id, kind and add aliases) or add them as aliases of an existing actor.")
    if not a.new_actors:
        doc.comment("None found.")
        return doc.text()
    for p in a.new_actors:
        doc.blank()
        doc.comment(f"«{p.title} {p.name}» line {p.line} of {a.id}.txt, {p.mentions} time(s): {p.context}")
        doc.key("id", p.id, item=True, comment="TODO: check the transliteration")
        doc.key("name", p.name, indent=2)
        doc.key("kind", "person", indent=2, comment="TODO: check kind (data/vocab/actor-kinds.yaml)")
    return doc.text()


def render(a: Analysis) -> dict[str, str]:
    return {"article.yaml": render_article(a), f"{a.id}.txt": a.text, "events.yaml": render_events(a),
            "new-actors.yaml": render_new_actors(a)}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_drafts(root: Path, a: Analysis, *, force: bool = False) -> WriteResult:
    """Create or refresh the drafts folder; see the module docstring for what is never touched."""
    for suffix in (".yaml", ".txt"):
        curated = root / "data" / "articles" / f"{a.id}{suffix}"
        if curated.exists():
            raise AlreadyCurated(curated)
    folder = draft_folder(root, a.id)
    existed = folder.is_dir()
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    except (OSError, ValueError):
        manifest = {}
    result = WriteResult(folder, "already drafted" if existed else "drafted")
    hashes = {}
    for name, content in render(a).items():
        data = content.encode("utf-8")
        path = folder / name
        if path.exists():
            current = path.read_bytes()
            if current == data:
                result.unchanged.append(name)
                hashes[name] = _sha(data)
                continue
            if not force and _sha(current) != manifest.get(name):
                result.kept_edited.append(name)
                hashes[name] = manifest.get(name, "")
                continue
        _atomic_write(path, data)
        result.written.append(name)
        hashes[name] = _sha(data)
    _atomic_write(manifest_path, (json.dumps(hashes, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    return result


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"

