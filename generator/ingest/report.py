"""What `add` tells the curator: one JSON object (--json) or a readable summary."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics, relative
from .drafts import WriteResult
from .pipeline import Analysis

SHOW_ENTITIES = 15


def as_json(a: Analysis, written: WriteResult | None, root: Path, problems: Diagnostics, seconds: float) -> dict:
    return {
        "article": {
            "id": a.id,
            "title": a.title.text,
            "title_supplied": a.title.supplied,
            "outlet": a.outlet or "unknown",
            "outlet_source": a.outlet_how,
            "published": a.published.isoformat() if a.published else "unknown",
            "published_source": a.published_how,
            "published_time": a.published_time,
            "author": a.author,
            "relays": a.relays,
            "html": a.html,
        },
        "removed": [{"line": r.line, "text": r.text, "reason": r.reason} for r in a.cleaned.removed],
        "kept": len(a.cleaned.kept),
        "entities": [{"id": e.id, "name": e.name, "type": e.type, "mentions": e.mentions} for e in a.entities],
        "dates": [d.as_dict() for d in a.dates],
        "candidates": len(a.events),
        "new_actors": [{"id": p.id, "name": p.name, "title": p.title, "line": p.line} for p in a.new_actors],
        "draft": relative(written.folder, root) + "/" if written else None,
        "status": written.status if written else None,
        "kept_edited": written.kept_edited if written else [],
        "similar_curated": a.similar,
        "warnings": a.warnings,
        "problems": [str(d) for d in problems.sorted()],
        "seconds": round(seconds, 3),
    }


def as_text(a: Analysis, written: WriteResult | None, root: Path, problems: Diagnostics, seconds: float) -> str:
    out: list[str] = []
    say = out.append
    source = "HTML page" if a.html else "text"
    say(f"add: {a.seed} ({source}) → draft '{a.id}'")
    say(f"  title: {a.title.text}" + ("  [no headline in the text: write one]" if a.title.supplied else ""))
    say(f"  outlet: {a.outlet or 'unknown'} ({a.outlet_how})")
    published = a.published.isoformat() if a.published else "unknown"
    say(f"  published: {published}" + (f" {a.published_time}" if a.published_time else "") + f" ({a.published_how})")
    if a.relays:
        say(f"  relays: {', '.join(a.relays)}")
    say(f"  cleaned: kept {len(a.cleaned.kept)} line(s), removed {len(a.cleaned.removed)}:")
    for r in a.cleaned.removed:
        say(f"    {r.line:>4}  {r.reason}: «{_clip(r.text.strip(), 60)}»")
    shown: dict[str, list] = {}
    for e in a.entities:
        shown.setdefault(e.id, [e.mentions, []])[1].append(e.type)
    listed = [f"{entity_id} ×{count}" + (" (place)" if types == ["place"] else
                                         " (actor and place)" if len(types) > 1 else "")
              for entity_id, (count, types) in list(shown.items())[:SHOW_ENTITIES]]
    say(f"  entities ({len(shown)}): " + ", ".join(listed) + (" …" if len(shown) > SHOW_ENTITIES else ""))
    say(f"  dates ({len(a.dates)}):")
    for d in a.dates:
        say(f"    «{d.text}» → {d.value or 'unresolved'} ({d.precision}{', ' + d.note if d.note else ''})")
    say(f"  {len(a.events)} candidate event(s), {len(a.new_actors)} name(s) that may be new actors"
        + (": " + ", ".join(p.name for p in a.new_actors[:8]) if a.new_actors else ""))
    for warning in a.warnings:
        say(f"  warning: {warning}")
    if a.similar:
        say(f"  note: this input looks like the curated article(s) {', '.join(a.similar)} (same seed file or title)")
    if written:
        folder = relative(written.folder, root) + "/"
        if written.status == "drafted":
            say(f"  draft: {folder} ({', '.join(written.written)})")
        else:
            parts = [f"refreshed {', '.join(written.written)}" if written.written else "",
                     f"unchanged {', '.join(written.unchanged)}" if written.unchanged else "",
                     f"kept your edits to {', '.join(written.kept_edited)} (--force rewrites them)"
                     if written.kept_edited else ""]
            say(f"  already drafted: {folder} (" + "; ".join(p for p in parts if p) + ")")
        if problems.errors:
            say(f"  to fix in article.yaml before accepting ({len(problems.errors)}):")
            for d in problems.sorted():
                say(f"    {d}")
        undated = sum(1 for e in a.events if e.date is None)
        if undated:
            say(f"  {undated} draft event(s) have no date yet (marked TODO in events.yaml); "
                "`accept` checks the events in full")
        say(f"  next: edit the drafts (every TODO; delete the events you do not keep), then "
            f"`python -m generator accept {a.id}`")
    say(f"  time: {seconds:.2f} s")
    return "\n".join(out)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
