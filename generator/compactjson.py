"""Compact JSON for the files the build writes: the downloads (data/), the search index, JSON-LD.

Encoded with orjson, which writes what `json.dumps(data, ensure_ascii=False, separators=(",", ":"))`
writes, UTF-8 and unescaped, about five times faster: at 10,000 articles the 60 MB of
events.json took 0.97 s in json's C encoder and 0.20 s in orjson; with the search index and the
JSON-LD of every page, ~2.5 s of a 70 s build were JSON. One difference in form, not in value:
a float in exponent notation is written `1e16` and `1e-5` where json writes `1e+16` and `1e-05`
(no coordinate, weight or figure of the corpus comes near either range).

orjson writes subclasses of str and int as they are, not of float: a number read from YAML
(yamlfile.YFloat: a figure, a coordinate) is handed to it as the plain float of the same value,
which json writes the same way. What orjson still refuses, json writes: an integer beyond 64
bits (a figure may have up to 100 digits, see yamlfile.MAX_DIGITS) or a key that is not a
string. The fallback is per call, so a value the build can hold is never an error here.
"""

from __future__ import annotations

import json

import orjson


def dumps_bytes(data) -> bytes:
    """`data` as compact JSON in UTF-8."""
    try:
        return orjson.dumps(data, default=_plain)
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def dumps(data) -> str:
    """`data` as compact JSON text."""
    return dumps_bytes(data).decode("utf-8")


def loads(raw: bytes):
    """A JSON file the build wrote before (a search shard a rebuild patches), parsed."""
    return orjson.loads(raw)


def _plain(value) -> float:
    if isinstance(value, float):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")
