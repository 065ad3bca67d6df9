"""The JSON the build writes (downloads, search index, JSON-LD): orjson's bytes, json's where orjson refuses."""

from __future__ import annotations

import json

from conftest import Project
from generator.compactjson import dumps, dumps_bytes
from generator.yamlfile import YFloat, YInt


def _reference(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_compact_json_is_what_json_writes_for_the_values_the_build_has():
    number = YInt("7")
    number.text = "7"
    share = YFloat("36.25")
    share.text = "36.25"
    value = {"title": "انسحاب «القوات» \"الإيرانية\"\n\t\\ </script>", "n": number, "lat": share,
             "none": None, "ok": True, "list": [1, 2.5, -0.0, "Türkiye", "\u2028", "\x1f"],
             "tuple": ("a", 1), "nested": {"": []}}
    assert dumps(value) == _reference(value)
    assert dumps_bytes(value) == _reference(value).encode("utf-8")


def test_numbers_read_from_yaml_are_written_by_orjson_not_by_the_fallback():
    """json's C encoder took ~2.5 s of a 10,000-article build; a value falling back to it for every
    coordinate or figure would go unnoticed but for the one difference in form: the exponent."""
    big = YFloat("1.0e+16")
    big.text = "1.0e+16"
    assert dumps({"v": big, "w": 1e-05}) == '{"v":1e16,"w":0.00001}'
    assert _reference({"v": big, "w": 1e-05}) == '{"v":1e+16,"w":1e-05}'


def test_what_orjson_refuses_is_written_by_json():
    """A figure may hold up to 100 digits (yamlfile.MAX_DIGITS); orjson stops at 64 bits."""
    huge = {"value": 10 ** 30, 3: "a key that is no string"}
    assert dumps(huge) == _reference(huge)
    assert dumps_bytes(huge) == _reference(huge).encode("utf-8")


def test_a_figure_of_thirty_digits_reaches_the_downloads(project: Project):
    (project.data / "events" / "withdrawal.yaml").write_text(
        (project.data / "events" / "withdrawal.yaml").read_text(encoding="utf-8")
        + "    figures:\n      - {value: 123456789012345678901234567890, unit: fighter}\n", encoding="utf-8")
    done = project.run("build")
    assert done.returncode == 0, done.stderr
    events = json.loads((project.root / "docs" / "data" / "events.json").read_text(encoding="utf-8"))
    withdrawal = next(e for e in events if e["id"] == "withdrawal")
    assert [f["value"] for r in withdrawal["reports"] for f in r.get("figures", [])] == [123456789012345678901234567890]
