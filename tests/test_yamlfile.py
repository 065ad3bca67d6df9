"""Broken files are clear errors with file and line; hostile YAML cannot hang or explode."""

from __future__ import annotations

import time

import pytest

from conftest import Project


def _run(project: Project, rel: str, payload: bytes) -> list[str]:
    path = project.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    result = project.run("check")
    assert result.returncode == 1
    return result.stderr.splitlines()


@pytest.mark.parametrize("payload, expected", [
    (b"id: x\nname: a\nname: b\nkind: state\n",
     "data/actors/x.yaml:3: error: duplicate key 'name' (first on line 2) [yaml.duplicate-key]"),
    (b"id: x\nname: &n a\nlatin: *n\nkind: state\n",
     "data/actors/x.yaml:3: error: YAML aliases (*name) are not allowed in records [yaml.alias]"),
    (b"\xef\xbb\xbfid: x\nname: a\nkind: state\n",
     "data/actors/x.yaml:1: error: file starts with a byte-order mark; save it as UTF-8 without BOM [file.bom]"),
    (b"id: x\nname: \xe4\xf6\nkind: state\n",
     "data/actors/x.yaml:2: error: not UTF-8: byte 0xe4 at offset 12; save the file as UTF-8 [file.encoding]"),
    (b"", "data/actors/x.yaml:1: error: file is empty; delete it or add a record [yaml.empty]"),
    (b"id: x\nname: [a\nkind: state\n", "data/actors/x.yaml:2: error: invalid YAML: the [ list opened on this line "
     "is not closed (did not find expected ',' or ']' at line 3) [yaml.syntax]"),
    ("id: x\nname: \"إيران\nkind: state\naliases: [a, b]\n".encode(),
     "data/actors/x.yaml:2: error: invalid YAML: the quotation mark that opens this value is never closed (found "
     "unexpected end of stream at line 5); inside \"…\" write a \" as \\\", inside '…' write a ' as '' [yaml.syntax]"),
    (b"id: x\nname: {ar: a}\nkind: state\n", "data/actors/x.yaml:2: error: 'name' must be text, not a mapping [field.type]"),
    (b"- just\n- a list of words\n", "data/actors/x.yaml:1: error: a record must be a mapping"),
    (b"id: x\naliases:\n  - &a b\n  - *a\nkind: state\n",
     "data/actors/x.yaml:4: error: YAML aliases (*name) are not allowed in records [yaml.alias]"),
    (b"# only a comment\n", "data/actors/x.yaml:1: error: file holds no YAML document [yaml.empty]"),
    (b"id: x\nname: a\n---\nid: y\n",
     "data/actors/x.yaml:3: error: invalid YAML: expected a single document in the stream but found another document"),
    (b"id: x\nname: !custom a\nkind: state\n", "data/actors/x.yaml:2: error: unsupported YAML tag !custom [yaml.tag]"),
], ids=["duplicate key", "alias", "bom", "not utf-8", "empty", "syntax", "unclosed quote", "wrong type", "list of scalars",
        "alias in a list", "no document", "two documents", "unknown tag"])
def test_broken_files_are_reported_with_line(project: Project, payload: bytes, expected: str):
    lines = _run(project, "data/actors/x.yaml", payload)
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)


def test_billion_laughs_is_refused_quickly(project: Project):
    bomb = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    started = time.perf_counter()
    lines = _run(project, "data/actors/bomb.yaml", ("\n".join(bomb) + "\n").encode())
    assert time.perf_counter() - started < 10
    assert any("aliases (*name) are not allowed" in line for line in lines)


def test_huge_file_is_refused_without_reading_it(project: Project):
    lines = _run(project, "data/actors/huge.yaml", b"id: huge\ndescription: " + b"x" * 3_000_000 + b"\n")
    assert any(line.startswith("data/actors/huge.yaml:1: error: file is 3,000,023 bytes; the limit is 2,000,000 [file.too-large]")
               for line in lines), lines


def test_deep_nesting_is_refused(project: Project):
    lines = _run(project, "data/actors/deep.yaml", b"id: deep\nname: " + b"[" * 40 + b"]" * 40 + b"\nkind: state\n")
    assert any("[yaml.too-deep]" in line for line in lines), lines
