"""`check` rejects each kind of bad record with its file, line and code, all in one run."""

from __future__ import annotations

import re

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


def test_an_event_starting_after_its_article_was_published_draws_a_warning(project: Project):
    """A report cannot describe as past an event that starts after its article appeared: a wrong
    date, or a forecast the summary should say is one."""
    project.write("data/events/zz-later.yaml",
                  "id: zz-later\nkind: withdrawal\ndate: 2031-01-05\ntitle: حدث لاحق\n"
                  "summary: س\nreports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\n")
    result = project.run("check")
    assert result.returncode == 0, result.stderr
    published = re.search(r"^published: (\S+)", project.data.joinpath("articles/alpha.yaml").read_text(encoding="utf-8"),
                          re.M).group(1)
    assert ("data/events/zz-later.yaml:7: warning: the event starts 2031-01-05 but article 'alpha' was published "
            f"{published}: check the date, or mark it as a forecast in the summary [date.after-publication]"
            ) in result.stderr.splitlines(), result.stderr


def test_pages_written_by_hand_collide_with_records_redirects_and_each_other_in_any_case(project: Project):
    """Only a hand-written page can share a record's page (ids are lowercase, one folder per type),
    so only those are looked up (validate.check_page_collisions): among the records, among the
    redirects (whose old page no record writes), and among each other, all compared casefolded."""
    project.write("data/redirects.yaml", "- {from: old-withdrawal, to: withdrawal, type: event}\n"
                                         "- {from: withdrawal, to: denial, type: event}\n")
    for rel in ("docs/Events/old-withdrawal.md", "docs/EVENTS/Withdrawal.md", "docs/Notes.md", "docs/notes.md",
                "docs/events/other.md", "docs/places/old-withdrawal.md"):
        project.write(rel, "# صفحة\n")
    result = project.run("check")
    lines = [line for line in result.stderr.splitlines() if line.endswith("[page.collision]")]
    assert ("data/redirects.yaml:1: error: redirect from 'old-withdrawal' would write events/old-withdrawal.md, "
            "already written for the hand-written page docs/Events/old-withdrawal.md "
            "(docs/Events/old-withdrawal.md:1) [page.collision]") in lines
    assert ("data/events/withdrawal.yaml:1: error: event 'withdrawal' would write events/withdrawal.md, already "
            "written for the hand-written page docs/EVENTS/Withdrawal.md (docs/EVENTS/Withdrawal.md:1) "
            "[page.collision]") in lines
    # the one of the two written first in the walk of docs/ is the first claim
    assert [line.split(": error: ")[1].startswith("the hand-written page docs/") and "would write notes.md" in line
            for line in lines if "notes.md" in line.casefold()] == [True]
    assert len(lines) == 3, lines           # the redirect from a live event's id writes nothing


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


# --- hardening: inputs that raised tracebacks, hung, or passed silently (curator review §7–§17) ---

_EVENT = ("id: {id}\nkind: withdrawal\ndate: {date}\ntitle: عنوان {id}\nsummary: س\n"
          "reports:\n  - article: alpha\n    quote: إيران بدأت سحب قواتها\n")

HARDENING = [
    ("a year 0000", "data/events/y0.yaml", _EVENT.format(id="y0", date='"0000-01-01"'),
     "data/events/y0.yaml:3: error: '0000-01-01': the year 0000 is outside the years a date may name (1000–2999) "
     "[date.out-of-range]"),
    ("a month of year 9999", "data/events/y1.yaml", _EVENT.format(id="y1", date='"9999-12"'),
     "data/events/y1.yaml:3: error: '9999-12': the year 9999 is outside"),
    ("the last day of year 9999", "data/events/y2.yaml", _EVENT.format(id="y2", date='"9999-12-31"'),
     "data/events/y2.yaml:3: error: '9999-12-31': the year 9999 is outside"),
    ("a day check passed and build crashed on", "data/events/y3.yaml", _EVENT.format(id="y3", date='"0001-01-01"'),
     "data/events/y3.yaml:3: error: '0001-01-01': the year 0001 is outside"),
    ("a range ending in year 9999", "data/events/y4.yaml", _EVENT.format(id="y4", date='"2024/9999"'),
     "data/events/y4.yaml:3: error: '9999': the year 9999 is outside"),
    ("a month-part of year 0000", "data/events/y5.yaml", _EVENT.format(id="y5", date="{value: '0000-05', part: late}"),
     "data/events/y5.yaml:3: error: '0000-05': the year 0000 is outside"),
    ("a publication in year 0000", "data/articles/gamma.yaml",
     "id: gamma\ntitle: ع\noutlet: agency-a\npublished: '0000-01-01'\ntext: alpha.txt\n",
     "data/articles/gamma.yaml:4: error: '0000-01-01': the year 0000 is outside"),
    ("an integer too long for Python", "data/actors/big.yaml",
     "id: big\nname: كبير\nlatin: " + "9" * 5000 + "\nkind: state\n",
     "data/actors/big.yaml:3: error: a number of 5,000 digits; the limit is 100 (write text in quotes) [yaml.number]"),
    ("a control character in a summary", "data/events/c1.yaml",
     _EVENT.format(id="c1", date="2024-12-06").replace("summary: س", 'summary: "\\x07قتل"'),
     "data/events/c1.yaml:5: error: 'summary' contains control characters (U+0007); remove them [text.control]"),
    ("a C1 control character in an article title", "data/articles/gamma.yaml",
     'id: gamma\ntitle: "قطع ذيل\\x85 إيران"\noutlet: agency-a\npublished: 2024-12-07\ntext: alpha.txt\n',
     "data/articles/gamma.yaml:2: error: 'title' contains control characters (U+0085); remove them [text.control]"),
    ("an escape sequence in a quote", "data/events/c2.yaml",
     _EVENT.format(id="c2", date="2024-12-06").replace("quote: إيران بدأت سحب قواتها",
                                                     'quote: "\\e[31mإيران بدأت سحب قواتها"'),
     "data/events/c2.yaml:8: error: 'quote' contains control characters (U+001B); remove them [text.control]"),
    ("a figure too large for a float", "data/events/f1.yaml",
     _EVENT.format(id="f1", date="2024-12-06") + "    figures:\n      - {value: 1.0e+400, unit: commander}\n",
     "data/events/f1.yaml:10: error: 'value' must be a finite number, not the number inf [field.range]"),
    ("a negative figure", "data/events/f2.yaml",
     _EVENT.format(id="f2", date="2024-12-06") + "    figures:\n      - {value: -3, unit: wounded}\n",
     "data/events/f2.yaml:10: error: 'value' is -3; it cannot be below 0 [field.range]"),
    ("a negative bound", "data/events/f3.yaml",
     _EVENT.format(id="f3", date="2024-12-06") + "    figures:\n      - {min: -3, unit: wounded}\n",
     "data/events/f3.yaml:10: error: 'min' is -3; it cannot be below 0 [field.range]"),
    ("a negative count of unnamed sources", "data/events/f4.yaml",
     _EVENT.format(id="f4", date="2024-12-06") + "    via:\n      - {description: مصادر, count: -5}\n",
     "data/events/f4.yaml:10: error: 'count' is -5; it cannot be below 1 [field.range]"),
    ("a record file that is only null", "data/actors/nothing.yaml", "~\n",
     "data/actors/nothing.yaml:1: error: file holds no record (its document is null); delete it or add a record "
     "[yaml.empty]"),
    ("a record file that is only a document marker", "data/actors/nothing.yaml", "---\n",
     "data/actors/nothing.yaml:1: error: file holds no record (its document is null)"),
    ("a record file ending in .yml", "data/actors/homs.yml", "id: homs\nname: حمص\nkind: state\n",
     "data/actors/homs.yml:1: warning: is not read: record files end in .yaml; rename it to homs.yaml [file.yml]"),
    ("an empty required key", "data/events/k1.yaml",
     _EVENT.format(id="k1", date="2024-12-06").replace("kind: withdrawal", "kind:"),
     "data/events/k1.yaml:2: error: 'kind' is empty [field.missing]"),
    ("an event's actor without a role", "data/events/k2.yaml",
     _EVENT.format(id="k2", date="2024-12-06") + "actors:\n  - {actor: iran, role: agent}\n  - embassy\n",
     "data/events/k2.yaml:11: error: actor 'embassy' needs a role"),
]


@pytest.mark.parametrize("what, rel, text, expected", HARDENING, ids=[c[0] for c in HARDENING])
def test_hostile_values_are_errors_at_their_line_not_tracebacks(project: Project, what, rel, text, expected):
    project.write(rel, text)
    result = project.run("check")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == (0 if ": warning: " in expected else 1), result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)


@pytest.mark.parametrize("date", ["1000-01-01", "2999-12-31", "1000/2999", "{value: 2999-12, part: late}"])
def test_dates_at_the_ends_of_the_supported_years_build(project: Project, date):
    """`check` accepting a date promises that `build` can place it: index and timeline step a day, a
    week, a month beyond an event's ends (0001-01-01 passed check and crashed the timeline)."""
    project.write("data/events/edge.yaml", _EVENT.format(id="edge", date=date))
    result = project.run("build")
    assert result.returncode == 0, result.stdout + result.stderr


def _check(project: Project, timeout: float = 60) -> tuple[int, list[str]]:
    import subprocess
    import sys

    from conftest import ROOT

    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "check"],
                            cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stderr.splitlines()


@pytest.mark.parametrize("make, expected", [
    (lambda d: (d / "loop.yaml").symlink_to("loop.yaml"),
     "data/actors/loop.yaml:1: error: cannot be read: Too many levels of symbolic links; its records are not read "
     "[file.not-regular]"),
    (lambda d: (d / "broken.yaml").symlink_to("nowhere.yaml"),
     "data/actors/broken.yaml:1: error: is a symbolic link to nowhere.yaml, which does not exist; its records are "
     "not read [file.not-regular]"),
    (lambda d: (d / "dir.yaml").mkdir(),
     "data/actors/dir.yaml:1: error: is a folder, not a record file; its records are not read [file.not-regular]"),
], ids=["symlink loop", "broken symlink", "folder named like a record file"])
def test_entries_named_like_record_files_are_never_skipped_silently(project: Project, make, expected):
    make(project.data / "actors")
    code, lines = _check(project)
    assert code == 1 and expected in lines, "\n".join(lines)


def test_a_record_folder_that_is_a_file_is_an_error(project: Project):
    import shutil

    shutil.rmtree(project.data / "places")
    project.write("data/places", "id: damascus\n")
    code, lines = _check(project)
    assert code == 1
    assert "data/places:1: error: data/places is a file; it must be a folder of record files [folder.not-folder]" in lines


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_an_article_text_that_is_no_regular_file_is_refused_without_reading_it(project: Project, kind):
    """A FIFO blocked `check` for ever in open(); /dev/zero was read until memory ran out."""
    import os

    text = project.data / "articles" / "beta.txt"
    text.unlink()
    if kind == "fifo":
        os.mkfifo(text)
    else:
        text.symlink_to("/dev/zero")
    code, lines = _check(project, timeout=20)
    what = "a named pipe (FIFO)" if kind == "fifo" else "a device"
    assert code == 1
    assert (f"data/articles/beta.txt:1: error: is {what}, not a regular file; replace it with the file itself "
            "[file.not-regular]") in lines, lines


def test_an_empty_article_text_is_one_error_at_the_text(project: Project):
    """It passed (a source page «لا أحداث في لا تقارير»); emptied under events, it gave one
    quote.not-found per quote and none at the .txt."""
    (project.data / "articles" / "beta.txt").write_text("\n  \n", encoding="utf-8")
    code, lines = _check(project)
    errors = [line for line in lines if ": error: " in line]
    assert code == 1
    assert errors == ["data/articles/beta.txt:1: error: the article text is empty; paste the article's cleaned "
                      "text into it [article.text-empty]"], lines


def test_a_record_with_an_error_adds_no_noise_in_the_files_that_name_it(project: Project):
    """A bad date made the record drop out: every reference to it said «unknown» or «was not read»,
    and a note naming it was told to add a redirect, though the record is there."""
    path = project.data / "events" / "embassy-emptied.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: ", "date: 2024-11-31 #", 1), encoding="utf-8")
    project.write("data/events/zz-note.yaml", _EVENT.format(id="zz-note", date="2024-12-06")
                  + "note: انظر embassy-emptied\n")
    text_path = project.data / "articles" / "alpha.txt"
    text_path.write_bytes(b"\xef\xbb\xbf" + text_path.read_bytes())    # an article whose text cannot be read
    code, lines = _check(project)
    errors = [line for line in lines if ": error: " in line]
    assert code == 1
    assert [e.split(": error: ")[0] for e in errors] == ["data/articles/alpha.txt:1", "data/events/embassy-emptied.yaml:3"], lines


def test_a_number_where_text_is_expected_is_kept_as_written(tmp_path):
    from generator.diagnostics import Diagnostics
    from generator.load import Fields
    from generator.yamlfile import load_yaml

    path = tmp_path / "x.yaml"
    path.write_text("title: 3.10\nlatin: 1_000\nhuge: 1e400\n", encoding="utf-8")
    diags = Diagnostics()
    f = Fields(load_yaml(path, "x.yaml", diags), "x.yaml", diags)
    assert (f.text("title"), f.text("latin"), f.text("huge")) == ("3.10", "1_000", "1e400")
    assert not diags


def test_an_unreadable_folder_or_vocabulary_is_an_error_not_a_traceback(project: Project, monkeypatch):
    """`chmod 000 data/events` or `data/vocab` raised PermissionError out of check (os.scandir,
    Path.exists). Tests run as root, which permissions do not stop: the denial is simulated."""
    import os

    from generator.build import check
    from generator.diagnostics import Diagnostics

    denied = (str(project.data / "events"), str(project.data / "vocab" / "units.yaml"))
    scandir, stat = os.scandir, os.stat

    def refuse(real):
        def call(path, *args, **kwargs):
            if str(path) in denied:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)
        return call

    monkeypatch.setattr(os, "scandir", refuse(scandir))
    monkeypatch.setattr(os, "stat", refuse(stat))
    diags = Diagnostics()
    check(project.root, diags)
    shown = [str(d) for d in diags.sorted()]
    assert "data/events:1: error: cannot read the folder data/events: Permission denied [folder.unreadable]" in shown
    assert "data/vocab/units.yaml:1: error: cannot read file: Permission denied [file.unreadable]" in shown


LINES_AND_GAPS = [
    ("a member_of cycle, at the member_of item", {
        "data/actors/aa-unit.yaml": "id: aa-unit\nname: وحدة\nkind: state\npart_of: [iran]\nmember_of:\n  - zz-group\n",
        "data/actors/zz-group.yaml": "id: zz-group\nname: جماعة\nkind: state\nmember_of: [aa-unit]\n"},
     "data/actors/aa-unit.yaml:6: error: part_of/member_of cycle: aa-unit → zz-group → aa-unit [hierarchy.cycle]"),
    ("an unknown parent in a block list, at its item", {
        "data/places/syria.yaml": "id: syria\nname: سوريا\nkind: country\nwithin:\n  - damascus-x\n  - levant\n"},
     "data/places/syria.yaml:6: error: within: unknown place 'levant' [ref.unknown]"),
    ("an event related to itself", {
        "data/events/self.yaml": _EVENT.format(id="self", date="2024-12-06") + "related: [self]\n"},
     "data/events/self.yaml:9: error: an event cannot be related to itself [ref.self]"),
    ("one old id redirected twice, as two types", {
        "data/redirects.yaml": "- {from: old-iran, to: iran, type: actor}\n- {from: old-iran, to: damascus, type: place}\n"},
     "data/redirects.yaml:2: error: 'old-iran' is already redirected at data/redirects.yaml:1 [redirect.duplicate]"),
    ("a redirect from an id live under another type", {
        "data/redirects.yaml": "- {from: damascus, to: iran, type: actor}\n"},
     "data/redirects.yaml:1: warning: 'damascus' is a place, not an actor: check the redirect's type "
     "[redirect.other-type]"),
    ("a publication time that is no time", {
        "data/articles/gamma.yaml": "id: gamma\ntitle: ع\noutlet: agency-a\npublished: 2024-12-07\n"
                                    "published_time: \"25:99\"\ntext: alpha.txt\n"},
     "data/articles/gamma.yaml:5: error: 'published_time' must be a 24-hour time HH:MM, e.g. \"13:44\", not '25:99' "
     "[field.format]"),
    ("an outlet that is a state", {
        "data/articles/gamma.yaml": "id: gamma\ntitle: ع\noutlet: iran\npublished: 2024-12-07\ntext: alpha.txt\n"},
     "data/articles/gamma.yaml:3: error: outlet 'iran' is of kind 'state'; an outlet is an actor of kind "
     "media-outlet or news-agency"),
]


@pytest.mark.parametrize("what, files, expected", LINES_AND_GAPS, ids=[c[0] for c in LINES_AND_GAPS])
def test_problems_at_the_right_line_and_gaps_closed(project: Project, what, files, expected):
    for rel, text in files.items():
        project.write(rel, text)
    code, lines = _check(project)
    assert code == (0 if ": warning: " in expected else 1), lines
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)


def test_a_record_with_an_error_of_its_own_is_still_checked_against_the_rest(project: Project):
    """One run reports every problem: a record with a field error (a bad date, a missing name, a
    bad publication date) dropped out whole, and the misspelt ids, terms and quotes in it were
    reported only once that error was fixed, one more run each."""
    project.write("data/events/zz-broken.yaml",
                  "id: zz-broken\nkind: withdrawall\ndate: 2024-11-31\ntitle: عنوان\nsummary: س\n"
                  "actors:\n  - {actor: irann, role: agentt}\nplaces: [damascuss]\n"
                  "reports:\n  - article: alphaa\n    quote: س\n  - article: alpha\n    quote: ليست في المقال\n"
                  "related: [withdrawl]\nnote: انظر embassy-emptiedd\n")
    project.write("data/actors/zz-nameless.yaml", "id: zz-nameless\nkind: state\npart_of: [irn]\n")
    project.write("data/places/zz-nameless.yaml", "id: zz-nameless\nkind: city\nwithin: [syriaa]\n")
    project.write("data/articles/gamma.yaml",
                  "id: gamma\ntitle: ع\noutlet: agency-b\npublished: 2024-13-07\ntext: alpha.txt\n")
    code, lines = _check(project)
    assert code == 1
    expected = [
        "data/events/zz-broken.yaml:3: error: '2024-11-31' is not a real day (November 2024 has 30 days)",
        "data/events/zz-broken.yaml:2: error: kind: 'withdrawall' is not in data/vocab/event-kinds.yaml",
        "data/events/zz-broken.yaml:7: error: actors: unknown actor 'irann'; did you mean 'iran'?",
        "data/events/zz-broken.yaml:7: error: role: 'agentt' is not in data/vocab/actor-roles.yaml",
        "data/events/zz-broken.yaml:8: error: places: unknown place 'damascuss'; did you mean 'damascus'?",
        "data/events/zz-broken.yaml:10: error: report: unknown article 'alphaa'; did you mean 'alpha'?",
        "data/events/zz-broken.yaml:13: error: quote not found in data/articles/alpha.txt: «ليست في المقال»",
        "data/events/zz-broken.yaml:14: error: related: unknown event 'withdrawl'; did you mean 'withdrawal'?",
        "data/events/zz-broken.yaml:15: error: the note names 'embassy-emptiedd', which is no record's id",
        "data/actors/zz-nameless.yaml:1: error: missing required field 'name'",
        "data/actors/zz-nameless.yaml:3: error: part_of: unknown actor 'irn'; did you mean 'iran'?",
        "data/places/zz-nameless.yaml:1: error: missing required field 'name'",
        "data/places/zz-nameless.yaml:3: error: within: unknown place 'syriaa'; did you mean 'syria'?",
        "data/articles/gamma.yaml:4: error: '2024-13-07' has no month 13",
        "data/articles/gamma.yaml:3: error: outlet: unknown actor 'agency-b'; did you mean 'agency-a'?",
    ]
    missing = [e for e in expected if not any(line.startswith(e) for line in lines)]
    assert not missing, "\n".join(["missing:", *missing, "got:", *lines])
    assert len([line for line in lines if ": error: " in line]) == len(expected), "\n".join(lines)


def test_an_id_taken_by_a_record_with_errors_is_still_a_duplicate(project: Project):
    project.write("data/actors/aa-iran.yaml", "id: iran\nname: إيران\n")          # no kind: unfinished
    code, lines = _check(project)
    assert code == 1
    assert "data/actors/iran.yaml:1: error: duplicate actor id 'iran' (first defined at data/actors/aa-iran.yaml:1) " \
           "[id.duplicate]" in lines, "\n".join(lines)
