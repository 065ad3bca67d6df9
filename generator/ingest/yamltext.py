"""Write draft records as YAML a curator reads and edits: block style, comments kept beside keys.

PyYAML's dumper cannot write comments, so drafts are written line by line; each value goes
through `scalar`, which writes it plain when YAML reads it back unchanged and as a JSON-style
double-quoted string otherwise (every JSON string is a valid YAML double-quoted scalar, once the
characters YAML reads differently inside quotes are escaped: see `_quoted`).
ISO dates stay plain, as in the curated files: the project's loader keeps them as text.

"Reads it back unchanged" depends on where the value stands: inside `[ … ]` the characters
`,` `[` `]` `{` `}` (and `?`, `:` next to them) are syntax, so a value that is plain after
`key: ` may not be plain in a flow list ("Fall of Aleppo, 2024" would become two items). Each
value is therefore tried in the context it is written in, with the parser `generator.yamlfile`
reads records with (libyaml when PyYAML has it).
"""

from __future__ import annotations

import json
import re

import yaml

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
"""Characters written only as escapes: controls, the C1 range (NEL \x85 is a YAML line break), the
Unicode line and paragraph separators, the byte-order mark and non-characters. libyaml refuses
some of them and reads others as a line break, differently in block and flow context."""
_CERTAINLY_PLAIN = re.compile(r"[^\W\d_](?:[^\n\t:#\[\]{},\"']*[^\s:#\[\]{},\"'])?")
"""Text that is plain in both contexts without asking the parser: a letter first (no indicator,
number or `=`/`<<`), no `:`, `#`, quote or flow indicator, no space at the end."""
_KEYWORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"})
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_Loader = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


def scalar(value, *, flow: bool = False) -> str:
    """`value` as one YAML scalar, to stand after `key: ` or `- ` (or inside `[ … ]` if `flow`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    text = str(value)
    if _ISO_DATE.fullmatch(text):
        return text
    if _UNSAFE.search(text) or text.lower() in _KEYWORDS:
        return _quoted(text)
    if _CERTAINLY_PLAIN.fullmatch(text) or _reads_back(text, flow):
        return text
    return _quoted(text)


def _reads_back(text: str, flow: bool) -> bool:
    """Does `text`, written plain, read back as itself where it is written? Tried twice in a flow
    list (first and later items) or as a mapping value and a block-list item."""
    if not text or text != text.strip() or "\n" in text:
        return False
    document, expected = ((f"[{text}, {text}]", [text, text]) if flow
                          else (f"k: {text}\nl:\n- {text}\n", {"k": text, "l": [text]}))
    try:
        return yaml.load(document, Loader=_Loader) == expected
    except yaml.YAMLError:
        return False


def _quoted(text: str) -> str:
    """A double-quoted scalar: JSON's escapes, plus `\\uXXXX` for what JSON leaves raw but YAML
    would refuse or fold inside quotes (`_UNSAFE`)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _float(value: float) -> str:
    """A float that reads back as the same float. YAML 1.1 needs a dot (`1e+20` is text), and
    `generator.yamlfile` reads `.inf` as text, so infinity is written as an overflowing literal."""
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return "1.0e+999" if value > 0 else "-1.0e+999"
    text = repr(value)
    if "." not in text:
        mantissa, _, exponent = text.partition("e")
        text = f"{mantissa}.0" + (f"e{exponent}" if exponent else "")
    return text


def flow_list(values) -> str:
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


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
            name = key if isinstance(key, str) and _PLAIN_KEY.fullmatch(key) else _quoted(str(key))
            if isinstance(item, (dict, list)) and item:
                if isinstance(item, list) and all(not isinstance(x, (dict, list)) for x in item):
                    lines.append(f"{pad}{name}: {flow_list(item)}")
                    continue
                lines.append(f"{pad}{name}:")
                _dump(item, indent + 2, lines)
            else:
                lines.append(f"{pad}{name}: {_leaf(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                sub: list[str] = []
                _dump(item, 0, sub)
                lines.append(f"{pad}- {sub[0]}")
                lines.extend(f"{pad}  {line}" for line in sub[1:])
            else:
                lines.append(f"{pad}- {_leaf(item)}")
    else:
        lines.append(pad + scalar(value))


def _leaf(value) -> str:
    """A scalar, or an empty list or mapping (written `[]`, `{}`: no block form exists for them)."""
    if isinstance(value, list):
        return "[]"
    if isinstance(value, dict):
        return "{}"
    return scalar(value)
