"""Read the file given to `add`: a regular file of bounded size, never a device, pipe or socket.

Checking `st_size` and then calling `Path.read_bytes` reads to the end, which never comes for
/dev/zero (size 0: MemoryError), and a FIFO blocks in `open` until someone writes to it. The file
is read as `check` reads record files and article texts (`yamlfile.read_checked`: opened
non-blocking, checked with `fstat` on the open descriptor, read to the limit at most whatever its
size says), with the limit of an article text: the cleaned text `add` writes must pass it too.
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics, Source
from ..yamlfile import MAX_TEXT_BYTES, read_checked

MAX_INPUT_BYTES = MAX_TEXT_BYTES


def read_input(path: Path, diags: Diagnostics, limit: int = MAX_INPUT_BYTES) -> str | None:
    """The input as text: UTF-8 (a byte-order mark is dropped), else a compiler-style error."""
    shown = str(path)
    got = read_checked(path, shown, diags, limit, instead="save the article to a file and give that")
    if got is None:
        return None
    raw = got[0]
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diags.error(Source(shown, line), "file.encoding",
                    f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}; save the page as UTF-8")
        return None
