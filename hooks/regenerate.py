"""MkDocs hook for `make serve`: regenerate the dossier's pages before every rebuild.

`make serve` watches data/, templates/ and generator/; when one changes MkDocs rebuilds, and this
hook first asks a `python -m generator worker` to build, when DOSSIER_REGENERATE=1. The worker is
one process kept for the whole session (generator/worker.py): it keeps the last build's cache in
memory, so a rebuild does not read it back from disk each time. When the generator's own code
was edited, the worker exits instead of building (it would run its old code), and the hook
starts a new one. A data error is printed and the last good pages stay.
"""

import os
import subprocess
import sys
from pathlib import Path

_worker = None


def on_pre_build(config) -> None:
    if os.environ.get("DOSSIER_REGENERATE") != "1":
        return
    root = Path(config["config_file_path"]).parent
    for _ in range(2):               # a worker that exited (edited code, a crash) is replaced once
        if _build(root):
            return
    sys.stderr.write("regenerate: the generator worker stopped twice; the pages were not rebuilt\n")


def _build(root: Path) -> bool:
    """One build by the session's worker; False when the worker is gone before answering."""
    global _worker
    if _worker is None or _worker.poll() is not None:
        _worker = subprocess.Popen([sys.executable, "-m", "generator", "worker"], cwd=root, text=True,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE)     # stderr: the terminal's
    try:
        _worker.stdin.write("build\n")
        _worker.stdin.flush()
    except OSError:                  # it exited since poll(): a broken pipe
        _worker.wait()
        return False
    for line in _worker.stdout:
        if line.startswith("done "):
            return True
        sys.stdout.write(line)
    _worker.wait()
    return False


def on_shutdown() -> None:
    if _worker is not None and _worker.poll() is None:
        _worker.stdin.close()        # the end of its input ends it
        _worker.wait()
