"""Reading curated YAML safely, with every mapping key and list item stamped with its line.

PyYAML's safe loader is used only to compose nodes; values are built here so that:
- duplicate keys are errors (PyYAML silently keeps the last one),
- aliases are refused (they are never needed in records and enable "billion laughs"),
- dates stay strings (the model parses them itself, with precise errors),
- every mapping and list remembers the line of each key / item for later diagnostics.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostics, Source

MAX_YAML_BYTES = 2_000_000
MAX_TEXT_BYTES = 5_000_000
MAX_DEPTH = 20


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


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader (libyaml's C parser when present) without the timestamp resolver.

    Aliases are refused while building values (`_value`): an aliased node is the same object
    met twice, which is how "billion laughs" documents stay small while expanding hugely.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_STR_TAG = "tag:yaml.org,2002:str"
_BY_FIRST = {first: tuple(resolvers + _Loader.yaml_implicit_resolvers.get(None, []))
             for first, resolvers in _Loader.yaml_implicit_resolvers.items() if first is not None}
_WILDCARD = tuple(_Loader.yaml_implicit_resolvers.get(None, []))


def _resolve(self, kind, value, implicit):
    """`BaseResolver.resolve` for scalars, minus what records never use (path resolvers): libyaml
    calls it for each of the ~2.3 million scalars of a 10,000-article corpus."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _BY_FIRST.get(value[:1], _WILDCARD):
                if regexp.match(value):
                    return tag
        return _STR_TAG
    return yaml.resolver.BaseResolver.resolve(self, kind, value, implicit)


if not _Loader.yaml_path_resolvers:
    _Loader.resolve = _resolve


class _Problem(Exception):
    def __init__(self, line: int, code: str, message: str):
        super().__init__(message)
        self.line, self.code, self.message = line, code, message


def read_text(path: Path, shown: str, diags: Diagnostics, limit: int = MAX_TEXT_BYTES) -> str | None:
    """Read a UTF-8 file, reporting size, encoding and byte-order-mark problems with a line."""
    try:
        size = path.stat().st_size
        if size > limit:
            diags.error(Source(shown, 1), "file.too-large", f"file is {size:,} bytes; the limit is {limit:,}")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        diags.error(Source(shown, 1), "file.unreadable", f"cannot read file: {exc.strerror or exc}")
        return None
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


def load_yaml(path: Path, shown: str, diags: Diagnostics) -> Any:
    """Parse one YAML file into YMap/YList/scalars; on any problem report it and return None."""
    text = read_text(path, shown, diags, MAX_YAML_BYTES)
    if text is None:
        return None
    if not text.strip():
        diags.error(Source(shown, 1), "yaml.empty", "file is empty; delete it or add a record")
        return None
    if MERGE_KEY.search(text):
        line = text[: MERGE_KEY.search(text).start()].count("\n") + 1
        diags.error(Source(shown, line), "yaml.merge", "merge keys (<<) are not allowed")
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            diags.error(Source(shown, 1), "yaml.empty", "file holds no YAML document")
            return None
        return _value(node, 0, set())
    except _Problem as p:
        diags.error(Source(shown, p.line), p.code, p.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        diags.error(Source(shown, line), "yaml.syntax", f"invalid YAML: {message}")
    except yaml.YAMLError as exc:
        diags.error(Source(shown, 1), "yaml.syntax", f"invalid YAML: {exc}")
    finally:
        loader.dispose()
    return None


def _value(node: yaml.Node, depth: int, seen: set[int]) -> Any:
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise _Problem(line, "yaml.alias", "YAML aliases (*name) are not allowed in records; "
                       f"this refers back to the value anchored on line {line}")
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise _Problem(line, "yaml.too-deep", f"nesting deeper than {MAX_DEPTH} levels")
    if isinstance(node, yaml.MappingNode):
        result = YMap()
        result.line, result.key_lines = line, {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Problem(key_node.start_mark.line + 1, "yaml.key", "mapping keys must be plain words")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Problem(key_node.start_mark.line + 1, "yaml.merge", "merge keys (<<) are not allowed")
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in result.key_lines:
                raise _Problem(key_line, "yaml.duplicate-key",
                               f"duplicate key '{key}' (first on line {result.key_lines[key]})")
            result.key_lines[key] = key_line
            if id(value_node) in seen:
                raise _Problem(key_line, "yaml.alias", "YAML aliases (*name) are not allowed in records")
            result[key] = _value(value_node, depth + 1, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        result = YList()
        result.line, result.item_lines = line, []
        for item in node.value:
            result.item_lines.append(item.start_mark.line + 1)
            result.append(_value(item, depth + 1, seen))
        return result
    return _scalar(node)


_INT = re.compile(r"^[-+]?[0-9]+$")
MERGE_KEY = re.compile(r"^\s*(?:-\s+)?<<\s*:", re.M)


def _scalar(node: yaml.ScalarNode) -> Any:
    """Resolve a scalar with the safe loader's rules (ints, floats, bools, null, strings)."""
    tag = node.tag
    value = node.value
    if tag == "tag:yaml.org,2002:str":
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag == "tag:yaml.org,2002:int":
        if _INT.match(value.replace("_", "")):
            return int(value.replace("_", ""))
        return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    raise _Problem(node.start_mark.line + 1, "yaml.tag", f"unsupported YAML tag {tag}")
