"""`python -m generator worker`: a build process that stays, for `make serve` (hooks/regenerate.py)
and the benchmark.

A rebuild in a new process spends its first seconds importing the generator and reading the last
build's cache back from disk (2–2.5 s of unpickling at 10,000 articles). The worker keeps the
cache in memory from one build to the next (buildcache.Memory) and pays that once. It answers as
soon as the pages are published; saving the cache to disk, and deriving the index when the build
derived none, wait until then (Memory.prime), before the next request is read. A worker killed in
between leaves the cache of the build before: the next build renders everything, nothing is stale.

Protocol: one request per line on stdin, `build`, optionally with `--full` and `--timings` as for
`python -m generator build`. For each, the worker prints what that command prints (diagnostics on
stderr, the summary on stdout), then the line `done N` on stdout, N being the exit status the
command would have had. The end of stdin ends the worker.

Before each build it checks that the generator's code on disk is still the code it started with;
if not, it builds nothing and exits with status 75 (RESTART), and its caller starts a new worker.
A resident process must never write pages, nor save a cache under the new code's fingerprint,
with the code it imported before the edit.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path
from typing import Iterable, TextIO

RESTART = 75            # EX_TEMPFAIL: "try again" (with a new worker)
OPTIONS = ("--full", "--timings")


def serve_requests(root: Path, requests: Iterable[str], out: TextIO) -> int:
    from .buildcache import Memory, code_fingerprint
    from .cli import cmd_build

    started_with = code_fingerprint()
    memory = Memory(save_when_idle=True)
    for line in requests:
        words = line.split()
        if not words:
            continue
        if words[0] != "build" or not set(words[1:]) <= set(OPTIONS):
            print(f"worker: error: unknown request {line.strip()!r}; send `build`, optionally with "
                  f"{' or '.join(OPTIONS)}", file=sys.stderr)
            _done(out, 2)
            continue
        if code_fingerprint() != started_with:
            print("worker: the generator's code changed since this worker started; exiting, so that "
                  "a new worker runs the new code (nothing was built)", file=sys.stderr)
            return RESTART
        args = argparse.Namespace(root=root, docs=None, full="--full" in words, timings="--timings" in words)
        try:
            code = cmd_build(args, memory)
        except Exception:           # a bug, not a curator's error: say it, forget the cache, go on
            traceback.print_exc()
            memory = Memory(save_when_idle=True)
            code = 1
        _done(out, code)
        try:
            memory.prime()          # save the cache, derive the index: while nobody waits
        except Exception:
            traceback.print_exc()
            memory = Memory(save_when_idle=True)
    return 0


def _done(out: TextIO, code: int) -> None:
    sys.stderr.flush()
    out.flush()
    print(f"done {code}", file=out, flush=True)
