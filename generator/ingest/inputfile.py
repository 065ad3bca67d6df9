"""Read the file given to `add`: a regular file of bounded size, never a device, pipe or socket.

Checking `st_size` and then calling `Path.read_bytes` reads to the end, which never comes for
/dev/zero (size 0: MemoryError), and a FIFO blocks in `open` until someone writes to it. So the
file is opened non-blocking, checked with `fstat` on the open descriptor (what is read is what
was checked), and read in chunks up to one byte over the limit whatever its size says: /proc
files report 0 bytes, and a file may grow while it is read. The limit is the one `check`
applies to an article text (`generator.yamlfile.MAX_TEXT_BYTES`): the cleaned text `add`
writes must pass it too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..diagnostics import Diagnostics, Source
from ..yamlfile import MAX_TEXT_BYTES

MAX_INPUT_BYTES = MAX_TEXT_BYTES
_CHUNK = 1 << 20


class _Refused(Exception):
    """The path is not something `add` reads; the message says what it is instead."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def read_input(path: Path, diags: Diagnostics, limit: int = MAX_INPUT_BYTES) -> str | None:
    """The input as text: UTF-8 (a byte-order mark is dropped), else a compiler-style error."""
    shown = str(path)
    try:
        raw = _read_regular(path, limit)
    except _Refused as refused:
        diags.error(Source(shown, 1), refused.code, refused.message)
        return None
    except OSError as exc:
        diags.error(Source(shown), "file.unreadable", f"cannot read file: {exc.strerror or exc}")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diags.error(Source(shown, line), "file.encoding",
                    f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}; save the page as UTF-8")
        return None


def _read_regular(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file (see the module docstring), else `_Refused`."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd)
        if stat.S_ISDIR(mode.st_mode):
            raise _Refused("file.not-regular", "is a folder; give the article's file")
        if not stat.S_ISREG(mode.st_mode):
            raise _Refused("file.not-regular", f"is not a regular file ({_kind(mode.st_mode)}); "
                                               "save the article to a file and give that")
        if mode.st_size > limit:
            raise _Refused("file.too-large", f"file is {mode.st_size:,} bytes; the limit is {limit:,}")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise _Refused("file.too-large", f"file holds more than {limit:,} bytes, the limit")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
