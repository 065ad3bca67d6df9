"""MkDocs hook for `make serve`: regenerate the dossier's pages before every rebuild.

`make serve` watches data/, templates/ and generator/; when one changes MkDocs rebuilds, and this
hook first runs `python -m generator build` (a separate process, so edited generator code is
picked up) when DOSSIER_REGENERATE=1. A data error is printed and the last good pages stay.
"""

import os
import subprocess
import sys
from pathlib import Path


def on_pre_build(config) -> None:
    if os.environ.get("DOSSIER_REGENERATE") != "1":
        return
    root = Path(config["config_file_path"]).parent
    proc = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True, text=True)
    sys.stderr.write(proc.stderr)
    sys.stdout.write(proc.stdout)
