"""Command line: parse options, call one stage function, print diagnostics and a summary line."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .diagnostics import CuratorError, Diagnostics


def _print_diagnostics(diags: Diagnostics, quiet_warnings: bool = False) -> None:
    for d in diags.sorted():
        if d.severity == "warning" and quiet_warnings:
            continue
        print(d, file=sys.stderr)


def cmd_check(args) -> int:
    from .build import check

    started = time.perf_counter()
    diags = Diagnostics()
    stats = check(args.root, diags)
    _print_diagnostics(diags)
    errors, warnings = len(diags.errors), len(diags.warnings)
    summary = ", ".join(f"{n} {label}" for label, n in stats.items()) if stats else "nothing indexed"
    print(f"check: {summary}; {errors} error(s), {warnings} warning(s) in {time.perf_counter() - started:.2f} s")
    return 1 if errors else 0


# The cache of the last one-shot build, left alive when cmd_build returns: freeing its ~2.35
# million objects one by one as build() returned took ~0.6 s at 10,000 articles, just before the
# process ends (__main__ exits with os._exit, which frees nothing). A later build in the same
# process (tests call main()) replaces it.
_last_memory = None


def cmd_build(args, memory=None) -> int:
    from .build import build
    from .buildcache import Memory
    from .write import OwnershipError

    global _last_memory
    if memory is None:
        memory = _last_memory = Memory()
    started = time.perf_counter()
    diags = Diagnostics()
    try:
        result = build(args.root, diags, docs_dir=args.docs, full=getattr(args, "full", False), memory=memory)
    except OwnershipError as exc:
        print(f"build: error: {exc}", file=sys.stderr)
        return 1
    except CuratorError:
        _print_diagnostics(diags)
        print(f"build: {len(diags.errors)} error(s); nothing was written", file=sys.stderr)
        return 1
    _print_diagnostics(diags)
    print(f"build: {result.summary()} in {time.perf_counter() - started:.2f} s")
    if getattr(args, "timings", False):
        import json

        print("timings: " + json.dumps({k: round(v, 4) for k, v in result.timings.items()}))
    return 0


def cmd_site(args) -> int:
    from .publish import publish_site

    code = cmd_build(args)
    if code:
        return code
    return publish_site(args.root, changed=getattr(args, "changed", False))


def cmd_add(args) -> int:
    import json

    from .dates import DateError, parse_point
    from .ingest import add
    from .ingest.report import as_json, as_text

    diags = Diagnostics()
    published = None
    if args.published:
        try:
            point = parse_point(args.published)
            if point.grain != "day":
                raise DateError(f"'{args.published}' is not a day")
            published = point.first
        except DateError as exc:
            print(f"add: error: --published {exc}; write YYYY-MM-DD [date.malformed]", file=sys.stderr)
            return 2
    result = add(args.root, args.path, diags, url=args.url, outlet=args.outlet, published=published, force=args.force)
    if result is None:
        _print_diagnostics(diags)
        print(f"add: {len(diags.errors)} error(s); nothing was written", file=sys.stderr)
        return 1
    report = (as_json if args.json else as_text)(result.analysis, result.written, args.root, result.problems,
                                                 result.seconds)
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else report)
    return 0


def cmd_accept(args) -> int:
    from .ingest.accept import accept_draft

    started = time.perf_counter()
    diags = Diagnostics()
    accepted = accept_draft(args.root, args.article_id, diags)
    _print_diagnostics(diags)
    if accepted is None:
        print(f"accept: refused, {len(diags.errors)} error(s); nothing was changed", file=sys.stderr)
        return 1
    root = args.root
    print(f"accept: {accepted.article.relative_to(root)}, {accepted.text.relative_to(root)} and "
          f"{len(accepted.events)} event(s) in data/events/ in {time.perf_counter() - started:.2f} s")
    for path in accepted.kept:
        print(f"  kept {path.relative_to(root)}: add the real new actors to data/actors/, then delete it")
    print("  next: `python -m generator check` (passes) and `python -m generator build`")
    return 0


def cmd_worker(args) -> int:
    from .worker import serve_requests

    return serve_requests(args.root, sys.stdin, sys.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (holds data/, docs/, templates/)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate data/ and report every problem; writes nothing")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("build", help="validate, then write the Markdown pages and data files into docs/")
    p.add_argument("--docs", type=Path, default=None, help="docs folder (default: ROOT/docs)")
    p.add_argument("--timings", action="store_true", help="print the time of each stage as JSON")
    p.add_argument("--full", action="store_true", help="ignore the cache of the last build: parse and render "
                                                      "everything (the result is the same, only slower)")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("site", help="build, then run `mkdocs build --strict` into site/ (swapped in whole)")
    p.add_argument("--docs", type=Path, default=None)
    p.add_argument("--full", action="store_true", help="as for build")
    p.add_argument("--changed", action="store_true",
                   help="render again only the pages changed since the last site (the whole site when "
                        "mkdocs.yml, overrides/, hooks/ or a page's removal call for it)")
    p.set_defaults(func=cmd_site)
    p = sub.add_parser("worker", help="build on each `build` line read from stdin, keeping the last build's cache "
                                      "in memory (for `make serve`); answers `done N` after each")
    p.set_defaults(func=cmd_worker)
    p = sub.add_parser("add", help="draft the article, its events and new actors from a raw article (text or "
                                   "HTML) into data/drafts/")
    p.add_argument("path", type=Path, help="the raw article: copied text, or a saved .html page")
    p.add_argument("--url", default=None, help="the article's original address")
    p.add_argument("--outlet", default=None, help="the publishing outlet: an actor id or one of its names")
    p.add_argument("--published", default=None, help="publication date YYYY-MM-DD (overrides the dateline)")
    p.add_argument("--json", action="store_true", help="print one JSON report instead of the summary")
    p.add_argument("--force", action="store_true", help="rewrite draft files even if you edited them")
    p.set_defaults(func=cmd_add)
    p = sub.add_parser("accept", help="move a reviewed draft into data/, only if `check` passes afterwards")
    p.add_argument("article_id", help="the draft's id (its folder under data/drafts/)")
    p.set_defaults(func=cmd_accept)
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    return args.func(args)
