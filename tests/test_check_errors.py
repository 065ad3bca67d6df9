"""`check` rejects each kind of bad record with its file, line and code, all in one run."""

from __future__ import annotations

import pytest

from conftest import Project

# (what is wrong, file to write, its text, the expected diagnostic line)
CASES = [
    ("unknown reference", "data/events/e1.yaml",
     "id: e1\nkind: withdrawal\ndate: 2024-12-06\nsummary: س\nactors:\n  - {actor: irann, role: agent}\n"
     "reports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\n",
     "data/events/e1.yaml:6: error: actors: unknown actor 'irann'; did you mean 'iran'? [ref.unknown]"),
    ("duplicate id", "data/actors/zz-iran.yaml",
     "id: iran\nname: إيران\nkind: state\n",
     "data/actors/zz-iran.yaml:1: error: duplicate actor id 'iran' (first defined at data/actors/iran.yaml:1) [id.duplicate]"),
    ("malformed date", "data/events/e2.yaml",
     "id: e2\nkind: withdrawal\ndate: 6 December\nsummary: س\n"
     "reports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\n",
     "data/events/e2.yaml:3: error: '6 December' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or a range A/B [date.malformed]"),
    ("impossible date", "data/events/e3.yaml",
     "id: e3\nkind: withdrawal\ndate: 2024-02-30\nsummary: س\n"
     "reports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\n",
     "data/events/e3.yaml:3: error: '2024-02-30' is not a real day (February 2024 has 29 days) [date.impossible]"),
    ("range ending before it starts", "data/events/e4.yaml",
     "id: e4\nkind: withdrawal\ndate: 2024-12-08/2024-12-06\nsummary: س\n"
     "reports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\n",
     "data/events/e4.yaml:3: error: range '2024-12-08/2024-12-06' ends before it starts [date.range-order]"),
    ("quote not found in its article", "data/events/e5.yaml",
     "id: e5\nkind: withdrawal\ndate: 2024-12-06\nsummary: س\n"
     "reports:\n  - article: alpha\n    quote: ايران بدأت سحب قواتها\n",
     "data/events/e5.yaml:7: error: quote not found in data/articles/alpha.txt (it matches once hamza, diacritics "
     "or ة/ه are ignored: copy it exactly): «ايران بدأت سحب قواتها» [quote.not-found]"),
    ("missing required field", "data/places/homs.yaml",
     "id: homs\nkind: city\n",
     "data/places/homs.yaml:1: error: missing required field 'name' [field.missing]"),
    ("unknown key", "data/places/homs.yaml",
     "id: homs\nname: حمص\nkind: city\ncoords: {lat: 34.7, lon: 36.7}\n",
     "data/places/homs.yaml:4: error: unknown field 'coords'; did you mean 'coordinates'? [field.unknown]"),
    ("cycle in part-of", "data/actors/iran.yaml",
     "id: iran\nname: إيران\nkind: state\npart_of: [embassy]\n",
     "data/actors/embassy.yaml:4: error: part_of/member_of cycle: embassy → iran → embassy [hierarchy.cycle]"),
    ("cycle in within", "data/places/syria.yaml",
     "id: syria\nname: سوريا\nkind: country\nwithin: [damascus]\n",
     "data/places/damascus.yaml:5: error: within cycle: damascus → syria → damascus [hierarchy.cycle]"),
    ("two records that would write the same page", "docs/actors/iran.md",
     "# صفحة كتبها محرر\n",
     "data/actors/iran.yaml:1: error: actor 'iran' would write actors/iran.md, already written for the hand-written "
     "page docs/actors/iran.md (docs/actors/iran.md:1) [page.collision]"),
    ("unknown vocabulary term", "data/actors/x.yaml",
     "id: x\nname: س\nkind: wizard\n",
     "data/actors/x.yaml:3: error: kind: 'wizard' is not in data/vocab/actor-kinds.yaml"),
    ("unknown publication date without a reason", "data/articles/gamma.yaml",
     "id: gamma\ntitle: ع\noutlet: agency-a\npublished: unknown\n",
     "data/articles/gamma.yaml:4: error: publication date is unknown: say why in 'published_note' (never guess) "
     "[article.unknown-without-note]"),
    ("event without any report", "data/events/e6.yaml",
     "id: e6\nkind: withdrawal\ndate: 2024-12-06\nsummary: س\n",
     "data/events/e6.yaml:1: error: an event needs at least one report (which article says so, in which words) "
     "[event.no-report]"),
    ("a note naming a record that does not exist", "data/events/e7.yaml",
     "id: e7\nkind: withdrawal\ndate: 2024-12-06\nsummary: س\n"
     "reports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\nnote: انظر الحدث iran-withdraws-from-syria\n",
     "data/events/e7.yaml:8: error: the note names 'iran-withdraws-from-syria', which is no record's id nor a "
     "redirect's old id; correct the id, or add a redirect (data/redirects.yaml) if the record was renamed or merged "
     "[note.unknown-id]"),
    ("a possible identity's note naming a record that does not exist", "data/actors/spokesman.yaml",
     "id: spokesman\nname: س\nkind: person\npossibly_same_as:\n  - {actor: embassy, note: انظر السجل iran-embasy}\n",
     "data/actors/spokesman.yaml:5: error: the note names 'iran-embasy', which is no record's id nor a "
     "redirect's old id; correct the id, or add a redirect (data/redirects.yaml) if the record was renamed or merged "
     "[note.unknown-id]"),
    ("a figure with both a value and a bound", "data/events/e8.yaml",
     "id: e8\nkind: withdrawal\ndate: 2024-12-06\nsummary: س\nreports:\n  - article: alpha\n"
     "    quote: إيران بدأت سحب قواتها\n    figures:\n      - {value: 50, min: 40, unit: year}\n",
     "data/events/e8.yaml:9: error: a figure has either 'value' or bounds ('min', 'max'), not both [figure.value]"),
    ("a figure with no number", "data/events/e9.yaml",
     "id: e9\nkind: withdrawal\ndate: 2024-12-06\nsummary: س\nreports:\n  - article: alpha\n"
     "    quote: إيران بدأت سحب قواتها\n    figures:\n      - {unit: year}\n",
     "data/events/e9.yaml:9: error: a figure needs 'value', or 'min' and/or 'max' (a bound alone: «أكثر من», «حتى») "
     "[figure.value]"),
    ("an event's alias that is not text", "data/events/e10.yaml",
     "id: e10\nkind: withdrawal\ndate: 2024-12-06\nsummary: س\naliases:\n  - {name: سقوط}\n"
     "reports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\n",
     "data/events/e10.yaml:6: error: 'aliases' items must be non-empty text [field.type]"),
    ("the same actor twice in the same role", "data/events/e11.yaml",
     "id: e11\nkind: withdrawal\ndate: 2024-12-06\nsummary: س\nactors:\n  - {actor: iran, role: agent}\n"
     "  - {actor: embassy, role: subject}\n  - {actor: iran, role: agent}\n"
     "reports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\n",
     "data/events/e11.yaml:8: error: 'actors' lists 'iran (agent)' twice (first at line 6) [field.repeated]"),
    ("a related event named twice", "data/events/e12.yaml",
     "id: e12\nkind: withdrawal\ndate: 2024-12-06\nsummary: س\n"
     "reports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\nrelated:\n  - withdrawal\n  - withdrawal\n",
     "data/events/e12.yaml:10: error: 'related' lists 'withdrawal' twice (first at line 9) [field.repeated]"),
    ("id with unsafe characters", "data/actors/bad.yaml",
     "id: ../../etc\nname: س\nkind: state\n",
     "data/actors/bad.yaml:1: error: id '../../etc' must use lowercase Latin letters, digits and single hyphens"),
]
# Every event above has its headline appended last, so the lines the cases expect stay where they are.
CASES = [(what, rel, text + f"title: عنوان {rel[len('data/events/'):-len('.yaml')]}\n" if rel.startswith("data/events/")
          else text, expected) for what, rel, text, expected in CASES]
CASES += [
    ("a partial denial without its scope", "data/events/e15.yaml",
     "id: e15\nkind: denial\ndate: 2024-12-07\ntitle: نفي جزئي\nsummary: س\n"
     "reports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\ndenies:\n  - {event: withdrawal, scop: السفارة وحدها}\n",
     "data/events/e15.yaml:10: error: unknown field 'scop'; did you mean 'scope'? [field.unknown]"),
    ("an event without a title", "data/events/e13.yaml",
     "id: e13\nkind: withdrawal\ndate: 2024-12-06\nsummary: س\n"
     "reports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\n",
     "data/events/e13.yaml:1: error: missing required field 'title' [field.missing]"),
    ("a title that is a paragraph", "data/events/e14.yaml",
     "id: e14\nkind: withdrawal\ndate: 2024-12-06\ntitle: " + "بدأت إيران سحب قواتها من دمشق " * 4 + "\nsummary: س\n"
     "reports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\n",
     "data/events/e14.yaml:4: error: 'title' has 119 characters; a headline has at most 90 (the summary is where "
     "the details go) [event.title-long]"),
]


@pytest.mark.parametrize("what, rel, text, expected", CASES, ids=[c[0] for c in CASES])
def test_check_reports_each_bad_record_with_file_and_line(project: Project, what, rel, text, expected):
    project.write(rel, text)
    if rel.startswith("docs/actors/"):
        # a hand-written page where the generator would put an actor page
        (project.root / "docs" / "actors").mkdir(exist_ok=True)
    result = project.run("check")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)


def test_all_problems_are_reported_in_one_run_and_nothing_is_written(project: Project):
    for i, (_, rel, text, _) in enumerate(CASES[:8]):
        project.write(rel.replace("homs", f"homs-{i}"), text)
    result = project.run("build")
    assert result.returncode == 1
    codes = {line.rsplit("[", 1)[-1].rstrip("]") for line in result.stderr.splitlines() if "error:" in line}
    assert {"ref.unknown", "id.duplicate", "date.malformed", "date.impossible", "date.range-order",
            "quote.not-found", "field.missing"} <= codes
    assert "nothing was written" in result.stderr
    assert sorted(p.name for p in (project.root / "docs").iterdir()) == ["about.md", "assets"]


def test_a_failed_build_leaves_the_previous_pages_untouched(project: Project):
    assert project.run("build").returncode == 0
    before = project.page("events/withdrawal.md")
    project.write("data/events/withdrawal.yaml",
                  (project.data / "events" / "withdrawal.yaml").read_text(encoding="utf-8")
                  .replace("summary: بدأت إيران سحب قواتها من دمشق.", "summary: تغيير\nbogus: 1"))
    result = project.run("build")
    assert result.returncode == 1
    assert "unknown field 'bogus'" in result.stderr
    assert project.page("events/withdrawal.md") == before


def test_check_counts_match_the_corpus(project: Project):
    result = project.run("check")
    assert result.returncode == 0, result.stderr
    assert ("check: 2 articles, 3 events, 5 reports, 5 actors, 2 places, 3 dates, 1 disputes; "
            "0 error(s), 0 warning(s)") in result.stdout


def test_two_events_with_one_headline_draw_a_warning_naming_both(project: Project):
    """Compared folded (a diacritic or ى/ي apart is still the same headline); a warning, not an error."""
    project.write("data/events/zz-again.yaml",
                  "id: zz-again\nkind: withdrawal\ndate: 2024-12-09\ntitle: بَدء سحب القوات الإيرانية من دمشق\n"
                  "summary: س\nreports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\n")
    result = project.run("check")
    assert result.returncode == 0, result.stderr
    assert ("data/events/zz-again.yaml:4: warning: the title «بَدء سحب القوات الإيرانية من دمشق» is also the title "
            "of 'withdrawal' (data/events/withdrawal.yaml:4); readers cannot tell the two apart in lists and search "
            "results: say what differs [event.title-duplicate]") in result.stderr.splitlines()


def test_an_unquoted_colon_says_to_quote_and_a_reference_to_it_says_why_it_is_missing(project: Project):
    """«title: العقيد ديبو: …» is a YAML syntax error; it said only «mapping values are not allowed in
    this context», and the event denying it said «unknown event», though its file is there."""
    path = project.data / "events" / "embassy-emptied.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: إخلاء السفارة الإيرانية في دمشق", "title: فرانس برس: إخلاء السفارة الإيرانية في دمشق"), encoding="utf-8")
    result = project.run("check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert ("data/events/embassy-emptied.yaml:4: error: invalid YAML: mapping values are not allowed in this "
            "context; a value holding \": \" must be in quotes") in result.stderr, lines
    assert ("data/events/denial.yaml:8: error: denies: event 'embassy-emptied' was not read: "
            "data/events/embassy-emptied.yaml has errors [ref.unknown]") in lines, lines
