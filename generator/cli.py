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


def cmd_build(args) -> int:
    from .build import build
    from .write import OwnershipError

    started = time.perf_counter()
    diags = Diagnostics()
    try:
        result = build(args.root, diags, docs_dir=args.docs)
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
    return publish_site(args.root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (holds data/, docs/, templates/)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate data/ and report every problem; writes nothing")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("build", help="validate, then write the Markdown pages and data files into docs/")
    p.add_argument("--docs", type=Path, default=None, help="docs folder (default: ROOT/docs)")
    p.add_argument("--timings", action="store_true", help="print the time of each stage as JSON")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("site", help="build, then run `mkdocs build --strict` into site/ (swapped in whole)")
    p.add_argument("--docs", type=Path, default=None)
    p.set_defaults(func=cmd_site)
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    return args.func(args)
