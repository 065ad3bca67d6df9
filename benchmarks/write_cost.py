"""What writing a generation's files costs the kernel on this machine, without the generator.

Reads every file under FOLDER (e.g. `.dossier/current` of the 10,000-article benchmark project)
into memory, then writes them into a fresh folder as the generator does (one open/write/close per
file, folders made once), several times, and prints wall, user and system time for each round.
Between rounds the previous copy is deleted; with `--settle` the machine is also given time to
reclaim the freed pages (`sync`, then a pause) before the next round, as happens between two
builds a curator runs minutes apart.

    python benchmarks/write_cost.py /tmp/dossier-bench/n10000/.dossier/current --rounds 3 --settle 5

Why it exists: the generator's "write" stage at 10,000 articles (~11 s of a ~57 s build) is
mostly this kernel time, and on this VM it varies several-fold with how recently the memory it
writes into was freed; the figures separate that from the generator's own work.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path


def read_all(folder: Path) -> list[tuple[str, bytes]]:
    files = []
    base = str(folder.resolve())
    for dirpath, _, names in os.walk(base):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as handle:
                files.append((path[len(base) + 1:], handle.read()))
    return files


def write_all(files: list[tuple[str, bytes]], out: str) -> None:
    folders: set[str] = set()
    for rel, data in files:
        target = os.path.join(out, rel)
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        with open(target, "wb") as handle:
            handle.write(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--settle", type=float, default=0.0,
                        help="seconds to pause after `sync` before each round (default 0: write at once)")
    args = parser.parse_args(argv)
    files = read_all(args.folder)
    size = sum(len(data) for _, data in files)
    print(f"{len(files):,} files, {size / 2**20:,.0f} MB")
    with tempfile.TemporaryDirectory(prefix="write-cost-") as scratch:
        for n in range(args.rounds):
            out = os.path.join(scratch, "copy")
            shutil.rmtree(out, ignore_errors=True)
            if args.settle:
                os.sync()
                time.sleep(args.settle)
            wall, before = time.perf_counter(), os.times()
            write_all(files, out)
            after = os.times()
            print(f"round {n + 1}: wall {time.perf_counter() - wall:.2f} s, user {after.user - before.user:.2f} s, "
                  f"system {after.system - before.system:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
