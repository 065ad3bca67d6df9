"""Hostile input: text from the web must stay text. Every payload in tests/corpora/hostile (HTML,
Markdown, Jinja, pymdown snippets, admonitions, attribute lists, front matter, TOC markers) is
built into the site and the HTML is checked: no element, attribute, link or included file comes
from data. Spoofing characters and broken files are refused with file and line."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import Project, make_project

PAYLOAD_MARK = re.compile(r'alert\("x\d+"\)|alert\(\'x\d+\'\)')


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Project:
    project = make_project(tmp_path_factory.mktemp("hostile"), corpus="hostile")
    result = project.run("site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def _pages(project: Project):
    site = project.root / "site"
    for rel in ["events/evil-event", "sources/evil", "actors/agency", "actors/actor", "places/place",
                "dates/2024-12-06", "disputes", "", "actors", "places", "sources", "chronology/2024-12"]:
        yield rel, (site / rel / "index.html").read_text(encoding="utf-8")


def test_no_element_or_attribute_comes_from_data(hostile: Project):
    for rel, html in _pages(hostile):
        parser = _Elements()
        parser.feed(html)
        for tag, attrs in parser.elements:
            assert tag not in ("iframe", "img", "style", "object", "embed"), (rel, tag, attrs)
            for name, value in attrs.items():
                assert not name.startswith("on"), (rel, tag, name)
                if value and name in ("href", "src", "action", "xlink:href"):
                    assert not value.strip().lower().startswith(("javascript:", "data:")), (rel, value)
                    assert "evil.example" not in value, (rel, value)
        for text in parser.script_text:
            assert not PAYLOAD_MARK.search(text.replace("\\u003c", "<")) or text.lstrip().startswith("{"), (rel, text[:80])


def test_payloads_are_shown_as_literal_text(hostile: Project):
    text = _text(dict(_pages(hostile))["events/evil-event"])
    for literal in ['<script>alert("x14")</script>', '[رابط](javascript:alert("x15"))', "{% if true %}نعم{% endif %}",
                    '<img src=x onerror=alert("x2")>', '--8<-- "/etc/passwd"', "{{ 7*7 }}", '!!! warning "x17"', "[TOC]"]:
        assert literal in text, literal


def _text(html: str) -> str:
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", "", html))


def test_no_file_is_included_and_no_template_is_evaluated(hostile: Project):
    for rel, html in _pages(hostile):
        assert "root:x:0:0" not in html, rel           # --8<-- "/etc/passwd" did not include the file
        text = _text(html)
        assert text.count("نعم") == text.count("{% if true %}نعم{% endif %}"), rel
        assert "{{ 7*7 }}" in text or rel not in ("events/evil-event", "sources/evil"), rel   # not evaluated


def test_markdown_syntax_in_data_creates_no_structure(hostile: Project):
    html = dict(_pages(hostile))["events/evil-event"]
    content = html.split('<article class="md-content__inner')[1]
    assert content.count("<h1") == 1                    # the page title only; '# ملخص' stays text
    assert 'class="footnote' not in html and 'class="toc"' not in content
    assert len(re.findall(r'class="admonition[ "]', content)) == 1   # ours ("روايات متعارضة"), not the data's "!!!"
    assert "<table" not in _text(content)
    source = dict(_pages(hostile))["sources/evil"]
    assert 'class="admonition danger"' not in source


def test_a_title_cannot_break_out_of_the_title_element(tmp_path):
    project = make_project(tmp_path, corpus="hostile")
    project.write("data/actors/actor.yaml", 'id: actor\nname: \'الفاعل </title><script>alert("x19")</script>\'\nkind: person\n')
    assert project.run("site").returncode == 0
    html = (project.root / "site" / "actors" / "actor" / "index.html").read_text(encoding="utf-8")
    head = html.split("</head>")[0]
    assert '<script>alert("x19")' not in html
    assert "&lt;/title&gt;&lt;script&gt;" in head


def test_json_ld_cannot_be_closed_by_a_name(hostile: Project):
    html = dict(_pages(hostile))["actors/actor"]
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    import json

    assert json.loads(blocks[0])["name"] == 'الفاعل </script><script>alert("x12")</script>'


def test_search_results_show_payloads_as_text(hostile: Project, chromium):
    from browser import serve

    with serve(hostile.root / "site") as base:
        page = chromium.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base)
        page.locator("#dossier-search-input").click()
        page.keyboard.type("script", delay=10)
        page.wait_for_function("document.getElementById('dossier-search-results').dataset.query === 'script'")
        assert page.locator("#dossier-search-results li").count() >= 1
        assert page.locator("#dossier-search-results script, #dossier-search-results img").count() == 0
        page.wait_for_timeout(300)
        page.close()
    assert dialogs == []


@pytest.mark.parametrize("field, value, code", [
    ("id", "iran\u202e", "id.invalid"),
    ("id", "iran\u200b", "id.invalid"),
    ("id", "../../outside", "id.invalid"),
    ("id", "IRAN", "id.invalid"),
    ("name", "إيران\u202eنارإ", "text.unsafe"),
    ("name", "إير\u200dان", "text.unsafe"),
    ("name", "Аssad", "text.unsafe"),                  # Cyrillic А mixed with Latin
    ("name", "الأسدx", "text.unsafe"),                 # Arabic and Latin in one word
    ("latin", "Ira\u2066n", "text.unsafe"),
])
def test_spoofing_characters_in_ids_and_names_are_refused(project: Project, field, value, code):
    record = {"id": "spoof", "name": "اسم", "kind": "state"}
    record[field] = value
    import json

    project.write("data/actors/spoof.yaml", "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in record.items()) + "\n")
    result = project.run("check")
    assert result.returncode == 1
    line = next(line for line in result.stderr.splitlines() if line.startswith("data/actors/spoof.yaml:"))
    assert line.endswith(f"[{code}]"), line


def test_invisible_characters_in_free_text_are_removed_from_pages(project: Project):
    path = project.data / "events" / "withdrawal.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("بدأت إيران سحب", "بدأت\u202e إيران\u200b سحب"),
                    encoding="utf-8")
    assert project.run("build").returncode == 0
    page = project.page("events/withdrawal.md")
    assert "\u202e" not in page and "\u200b" not in page and "بدأت إيران سحب" in page
