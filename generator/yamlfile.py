"""Reading curated YAML safely, with every mapping key and list item stamped with its line.

PyYAML (libyaml's C parser) only turns the text into events; values are built here so that:
- duplicate keys are errors (PyYAML silently keeps the last one),
- aliases are refused (they are never needed in records and enable "billion laughs"),
- dates stay strings (the model parses them itself, with precise errors),
- every mapping and list remembers the line of each key / item for later diagnostics.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostics, Source

MAX_YAML_BYTES = 2_000_000
MAX_TEXT_BYTES = 5_000_000
MAX_DEPTH = 20
MAX_DIGITS = 100        # no count, figure or coordinate has more; Python's int() stops at 4,300


class YMap(dict):
    """A dict that knows its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]

    def at(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    """A list that knows its own line and the line of each item."""

    line: int
    item_lines: list[int]

    def at(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class YInt(int):
    """A whole number as read, with the text it was written as (`title: 2024` is the text
    «2024», `latin: 1_000` «1_000», not «1000»)."""

    text: str


class YFloat(float):
    """A number with a point or exponent as read, with its text (`title: 3.10` is «3.10», not
    «3.1»; `latin: 1e400` is not «inf»)."""

    text: str


# libyaml's C parser when PyYAML was built with it (the pinned wheels are), else PyYAML's own.
# Only the event stream is read: no constructor or resolver runs.
_Parser = yaml.cyaml.CParser if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


# Plain scalars are typed with the safe loader's implicit rules, minus timestamps (dates stay
# strings: the model parses them itself, with precise errors).
_RESOLVERS = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_BY_FIRST = {first: tuple(resolvers + _RESOLVERS.get(None, []))
             for first, resolvers in _RESOLVERS.items() if first is not None}
_WILDCARD = tuple(_RESOLVERS.get(None, []))


def _scalar_tag(event: yaml.ScalarEvent) -> str:
    """The tag PyYAML's composer would give this scalar (`BaseResolver.resolve`, without path
    resolvers, which records never use)."""
    tag = event.tag
    if tag is not None and tag != "!":
        return tag
    if event.implicit[0]:
        value = event.value
        for tag, regexp in _BY_FIRST.get(value[:1], _WILDCARD):
            if regexp.match(value):
                return tag
    return _STR_TAG


class _Problem(Exception):
    def __init__(self, line: int, code: str, message: str):
        super().__init__(message)
        self.line, self.code, self.message = line, code, message


class Kept(dict):
    """What was read for one record file: the bytes of each file, by path (the parse cache digests
    them without reading them again), and in `stats` the `os.stat_result` of each, taken on the
    open file before it was read (its stamp in the parse cache: no second `stat` by path)."""

    def __init__(self) -> None:
        super().__init__()
        self.stats: dict[str, os.stat_result] = {}


def read_checked(path: Path | str, shown: str, diags: Diagnostics, limit: int,
                 instead: str = "replace it with the file itself") -> tuple[bytes, os.stat_result] | None:
    """The bytes of a regular file of at most `limit` bytes and its stat, or None with the reason
    reported at `shown` (no regular file: `instead` says what to do; too large; unreadable). What
    `check` reads and what `add` reads go through here."""
    try:
        raw, st = read_bytes(path, limit)
    except OSError as exc:
        diags.error(Source(shown, 1), "file.unreadable", f"cannot read file: {exc.strerror or exc}")
        return None
    if raw is None:
        diags.error(Source(shown, 1), "file.not-regular", f"is {file_type(st.st_mode)}, not a regular file; {instead}")
        return None
    if type(raw) is int:
        diags.error(Source(shown, 1), "file.too-large", f"file is {raw:,} bytes; the limit is {limit:,}")
        return None
    return raw, st


def read_text(path: Path | str, shown: str, diags: Diagnostics, limit: int = MAX_TEXT_BYTES,
              kept: Kept | None = None) -> str | None:
    """Read a UTF-8 file, reporting size, encoding and byte-order-mark problems with a line.
    `kept` receives the bytes read and the file's stat (see `Kept`)."""
    got = read_checked(path, shown, diags, limit)
    if got is None:
        return None
    raw, st = got
    if kept is not None:
        kept[str(path)] = raw
        kept.stats[str(path)] = st
    if raw.startswith(b"\xef\xbb\xbf"):
        diags.error(Source(shown, 1), "file.bom", "file starts with a byte-order mark; save it as UTF-8 without BOM")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diags.error(Source(shown, line), "file.encoding",
                    f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}; save the file as UTF-8")
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        diags.error(Source(shown, line), "file.binary", "file contains a NUL character; is it a text file?")
        return None
    return text


def read_bytes(path: Path | str, limit: int) -> tuple[bytes | int | None, os.stat_result]:
    """The file's bytes (or its size if that is over `limit`, or None if it is no regular file)
    and its stat before reading. One `open`, `fstat` and `read` per file: `open()` and a `stat` by
    path cost two more system calls and a path walk for each of the ~56,000 files read at 10,000
    articles. `O_NONBLOCK`: opening a FIFO (or a device) must not wait for a writer; the fstat
    then refuses it before anything is read (a FIFO blocked `check` for ever, /dev/zero filled
    memory)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, st
        size = st.st_size
        if size > limit:
            return size, st
        raw = os.read(fd, size + 1)         # a regular file reads short only at its end
        if len(raw) > size:                 # it grew since fstat: read on to its end or the limit
            chunks, total = [raw], len(raw)
            while total <= limit and (chunk := os.read(fd, 1 << 16)):
                chunks.append(chunk)
                total += len(chunk)
            if total > limit:
                return total, st
            raw = b"".join(chunks)
        return raw, st
    finally:
        os.close(fd)


def file_type(mode: int) -> str:
    """What a path that is no regular file is, in a curator's words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def load_yaml(path: Path | str, shown: str, diags: Diagnostics, kept: Kept | None = None) -> Any:
    """Parse one YAML file into YMap/YList/scalars; on any problem report it and return None."""
    text = read_text(path, shown, diags, MAX_YAML_BYTES, kept)
    if text is None:
        return None
    if not text.strip():
        diags.error(Source(shown, 1), "yaml.empty", "file is empty; delete it or add a record")
        return None
    if MERGE_KEY.search(text):
        line = text[: MERGE_KEY.search(text).start()].count("\n") + 1
        diags.error(Source(shown, line), "yaml.merge", "merge keys (<<) are not allowed")
        return None
    loader = _Parser(text)
    try:
        return _document(loader.get_event)
    except _Problem as p:
        diags.error(Source(shown, p.line), p.code, p.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        if opened := _unclosed(exc):
            line, message = opened
        if exc.problem and "mapping values are not allowed" in exc.problem:
            # the usual cause in this corpus: a headline or note in the «قائل: قول» form, unquoted
            message += ('; a value holding ": " must be in quotes, '
                        'e.g. title: "العقيد ديبو: إيران لم تقاتل بعد سقوط حلب"')
        diags.error(Source(shown, line), "yaml.syntax", f"invalid YAML: {message}")
    except yaml.YAMLError as exc:
        diags.error(Source(shown, 1), "yaml.syntax", f"invalid YAML: {exc}")
    finally:
        loader.dispose()
    return None


def _unclosed(exc: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """A quote, `[` or `{` left open is reported where it opens, not where libyaml gave up: that
    is the end of the file for a quote (an Arabic quotation holding a `"` ended the value early,
    and the error pointed at the file's last line)."""
    context, start, end = exc.context or "", exc.context_mark, exc.problem_mark
    if start is None or end is None:
        return None
    found = f"{exc.problem} at line {end.line + 1}"
    if context.startswith("while scanning a quoted scalar"):
        return start.line + 1, ("the quotation mark that opens this value is never closed "
                                f"({found}); inside \"…\" write a \" as \\\", inside '…' write a ' as ''")
    if context.startswith("while parsing a flow"):
        what = "[ list" if "sequence" in context else "{ mapping"
        return start.line + 1, f"the {what} opened on this line is not closed ({found})"
    return None


def _document(get) -> Any:
    """The value of the stream's single document, built straight from libyaml's events.

    No node graph is composed: PyYAML's composer builds a Python node per value and calls the
    resolver for each (~2.3 million scalars at 10,000 articles) before values can be built from
    the nodes; reading the events once is ~20 % of the YAML time cheaper, with the same values.
    """
    get()                                           # StreamStartEvent
    event = get()
    if type(event) is yaml.StreamEndEvent:
        raise _Problem(1, "yaml.empty", "file holds no YAML document")
    value = _value(get, get(), 0)
    get()                                           # DocumentEndEvent
    event = get()
    if type(event) is not yaml.StreamEndEvent:
        raise _Problem(event.start_mark.line + 1, "yaml.syntax",
                       "invalid YAML: expected a single document in the stream but found another document")
    return value


def _value(get, event, depth: int) -> Any:
    kind = type(event)
    if kind is yaml.ScalarEvent:
        if event.tag is None and not event.implicit[0]:
            return event.value                      # a quoted string: most values of a record
        return _scalar(_scalar_tag(event), event.value, event.start_mark.line + 1)
    line = event.start_mark.line + 1
    if kind is yaml.AliasEvent:
        raise _Problem(line, "yaml.alias", "YAML aliases (*name) are not allowed in records")
    if depth > MAX_DEPTH:
        raise _Problem(line, "yaml.too-deep", f"nesting deeper than {MAX_DEPTH} levels")
    if kind is yaml.MappingStartEvent:
        result = YMap()
        result.line = line
        key_lines = result.key_lines = {}
        while True:
            key_event = get()
            if type(key_event) is not yaml.ScalarEvent:
                if type(key_event) is yaml.MappingEndEvent:
                    return result
                raise _Problem(key_event.start_mark.line + 1, "yaml.key", "mapping keys must be plain words")
            key = key_event.value
            key_line = key_event.start_mark.line + 1
            if (key == "<<" or key_event.tag is not None) and _scalar_tag(key_event) == _MERGE_TAG:
                raise _Problem(key_line, "yaml.merge", "merge keys (<<) are not allowed")
            if key in key_lines:
                raise _Problem(key_line, "yaml.duplicate-key",
                               f"duplicate key '{key}' (first on line {key_lines[key]})")
            key_lines[key] = key_line
            event = get()
            if type(event) is yaml.AliasEvent:
                raise _Problem(key_line, "yaml.alias", "YAML aliases (*name) are not allowed in records")
            result[key] = _value(get, event, depth + 1)
    result = YList()                                # kind is SequenceStartEvent
    result.line = line
    item_lines = result.item_lines = []
    while True:
        event = get()
        if type(event) is yaml.SequenceEndEvent:
            return result
        item_lines.append(event.start_mark.line + 1)
        result.append(_value(get, event, depth + 1))


_INT = re.compile(r"^[-+]?[0-9]+$")
MERGE_KEY = re.compile(r"^\s*(?:-\s+)?<<\s*:", re.M)


def _scalar(tag: str, value: str, line: int) -> Any:
    """Resolve a scalar with the safe loader's rules (ints, floats, bools, null, strings)."""
    if tag == "tag:yaml.org,2002:str":
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag == "tag:yaml.org,2002:int":
        digits = value.replace("_", "")
        if _INT.match(digits):
            if len(digits) > MAX_DIGITS:        # int() refuses over 4,300 digits (ValueError)
                raise _Problem(line, "yaml.number", f"a number of {len(digits):,} digits; the limit is "
                               f"{MAX_DIGITS} (write text in quotes)")
            number = YInt(digits)
            number.text = value
            return number
        return value
    if tag == "tag:yaml.org,2002:float":
        try:
            number = YFloat(value.replace("_", ""))
        except ValueError:
            return value
        number.text = value
        return number
    raise _Problem(line, "yaml.tag", f"unsupported YAML tag {tag}")
