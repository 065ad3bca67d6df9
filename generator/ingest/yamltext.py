"""Write draft records as YAML a curator reads and edits: block style, comments kept beside keys.

PyYAML's dumper cannot write comments, so drafts are written line by line; each value goes
through `scalar`, which writes it plain when YAML reads it back unchanged and as a JSON-style
double-quoted string otherwise (every JSON string is a valid YAML double-quoted scalar).
ISO dates stay plain, as in the curated files: the project's loader keeps them as text.
"""

from __future__ import annotations

import json
import re

import yaml

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")
_SAFE_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`\d.+~](?:(?![:#]\s|\s#)[^\n:#\[\]{},\"'])*(?<![\s:])$")
"""Text that is certainly a plain YAML string: no indicator first, no ": " or " #", not a number."""
_INDICATORS = ("'", '"', "{", "[", "!", "&", "*", "%", "@", "`")
_KEYWORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"})


def scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if _ISO_DATE.match(text) and "/" not in text and len(text) == 10:
        return text
    if _SAFE_PLAIN.match(text) and text.lower() not in _KEYWORDS:
        return text
    if text and text == text.strip() and "\n" not in text and not text.startswith(_INDICATORS):
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def flow_list(values) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


class Lines:
    """A YAML document under construction: `key(...)` and `item(...)` append one line each."""

    def __init__(self):
        self.lines: list[str] = []

    def comment(self, text: str = "", indent: int = 0) -> None:
        for part in text.split("\n"):
            self.lines.append(" " * indent + ("# " + part if part else "#"))

    def blank(self) -> None:
        self.lines.append("")

    def key(self, name: str, value=None, *, indent: int = 0, comment: str | None = None, raw: str | None = None,
            item: bool = False) -> None:
        lead = " " * indent + ("- " if item else "")
        shown = raw if raw is not None else ("" if value is ... else scalar(value))
        line = f"{lead}{name}:" + (f" {shown}" if shown != "" else "")
        self.lines.append(line + (f"  # {comment}" if comment else ""))

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def dump(value, indent: int = 0) -> str:
    """Block-style YAML for loaded records (mappings, lists, scalars), without comments."""
    lines: list[str] = []
    _dump(value, indent, lines)
    return "\n".join(lines) + "\n"


def _dump(value, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                if isinstance(item, list) and all(not isinstance(x, (dict, list)) for x in item):
                    lines.append(f"{pad}{key}: {flow_list(item)}")
                    continue
                lines.append(f"{pad}{key}:")
                _dump(item, indent + 2, lines)
            else:
                lines.append(f"{pad}{key}: {flow_list([]) if item == [] else '{}' if item == {} else scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                sub: list[str] = []
                _dump(item, 0, sub)
                lines.append(f"{pad}- {sub[0]}")
                lines.extend(f"{pad}  {line}" for line in sub[1:])
            else:
                lines.append(f"{pad}- {scalar(item)}")
    else:
        lines.append(pad + scalar(value))
