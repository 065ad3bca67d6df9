"""The bundled corpus (data/, from the five seed articles) is complete, exact and consistent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, Project
from sitecheck import links_to_itself

SEEDS = ROOT.parent / "shared" / "seeds"
JUNK = ["شاهد ايضاً", "شاهد أيضاً", "أخبار ذات صلة", "أخبار تهمك", "Loading...", "FacebookTwitter", "شارك الخبر",
        "انقر هنا لقراءة الخبر", "شكرا على الإبلاغ", "اقرأ أيضاً", "الرئيسيةأخبار"]


@pytest.fixture(scope="module")
def corpus():
    from generator.diagnostics import Diagnostics
    from generator.index import build_index
    from generator.load import load_corpus

    diags = Diagnostics()
    c = load_corpus(ROOT / "data", ROOT, diags)
    assert not diags.items, [str(d) for d in diags.items]
    return c, build_index(c)


def test_check_is_clean_and_its_counts_match_the_readme(bundled: Project):
    result = bundled.run("check")
    assert result.returncode == 0 and "0 error(s), 0 warning(s)" in result.stdout, result.stdout + result.stderr
    counts = result.stdout.split(";")[0]          # "check: 5 articles, … disputes"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert counts in readme, f"README does not state the current counts: {counts}"


def test_all_five_seed_articles_are_in_the_corpus(corpus):
    c, _ = corpus
    seeds = sorted(a.seed for a in c.articles.values())
    assert seeds == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_cleaned_texts_keep_only_the_article(corpus):
    c, _ = corpus
    for art in c.articles.values():
        raw_lines = set((SEEDS / art.seed).read_text(encoding="utf-8").splitlines())
        for line in art.text.splitlines():
            if line.strip():
                assert line in raw_lines, f"{art.id}: line not from the seed: {line[:60]}"
            for junk in JUNK:
                assert junk not in line, f"{art.id}: junk left: {line[:60]}"
        ticker = max(len(x) for x in art.text.splitlines())
        assert ticker < 2000, f"{art.id}: a headline ticker is left"


def test_publication_dates_are_as_the_texts_give_them(corpus):
    c, _ = corpus
    published = {a.seed[:3]: a.published.isoformat() if a.published else None for a in c.articles.values()}
    assert published == {"000": "2025-12-08", "001": "2024-12-07", "002": "2025-01-08", "003": None, "004": None}
    for art in c.articles.values():
        if art.published is None:
            assert art.published_note and len(art.published_note) > 20


def test_every_quote_occurs_verbatim_in_its_article(corpus):
    c, _ = corpus
    squash = lambda s: re.sub(r"\s+", " ", s).strip()
    texts = {a.id: squash(a.text) for a in c.articles.values()}
    for e in c.events.values():
        for r in e.reports:
            assert squash(r.quote) in texts[r.article], (e.id, r.quote)


def test_the_corpus_is_complete_enough(corpus):
    c, ix = corpus
    assert len(c.events) >= 60
    per_article = {a: len({e.id for e, _ in ix.article_reports[a]}) for a in c.articles}
    assert all(n >= 8 for n in per_article.values()), per_article
    kinds = {e.kind for e in c.events.values()}
    assert {"withdrawal", "evacuation", "killing", "statement", "denial", "meeting", "request", "refusal"} <= kinds
    assert sum(1 for e in c.events.values() for r in e.reports if r.figures) >= 15
    assert any(e.date.precision == "month-part" for e in c.events.values())
    assert any(e.date.time for e in c.events.values())
    assert any(e.date.begin.grain == "year" for e in c.events.values())     # background claims, honest ranges


def test_no_record_is_orphaned(corpus):
    c, ix = corpus
    for a in c.actors.values():
        assert (ix.actor_events.get(a.id) or ix.actor_articles.get(a.id) or ix.actor_children.get(a.id)
                or ix.actor_members.get(a.id)), f"actor {a.id} is used nowhere"
    for p in c.places.values():
        assert ix.place_events.get(p.id) or ix.place_children.get(p.id), f"place {p.id} is used nowhere"
    for art in c.articles.values():
        assert ix.article_reports.get(art.id), f"article {art.id} reports no event"


def test_every_entity_and_date_has_its_page(bundled: Project, corpus):
    c, ix = corpus
    site = bundled.root / "site"
    expected = [f"actors/{i}" for i in c.actors] + [f"places/{i}" for i in c.places] + \
        [f"events/{i}" for i in c.events] + [f"sources/{i}" for i in c.articles] + \
        [f"dates/{d.isoformat()}" for d in ix.days]
    missing = [p for p in expected if not (site / p / "index.html").exists()]
    assert not missing, missing[:10]


def test_a_day_page_lists_the_periods_holding_it_narrowest_first(bundled: Project, corpus):
    c, _ = corpus
    text = (bundled.root / "docs" / "dates" / "2024-12-05.md").read_text(encoding="utf-8")
    periods = text.split("## أحداث في فترة تشمل هذا اليوم")[1]
    listed = re.findall(r"\]\(\.\./events/([a-z0-9-]+)\.md\)", periods)
    lengths = [c.events[e].date.days for e in dict.fromkeys(listed)]
    assert len(lengths) > 20 and lengths == sorted(lengths) and lengths[0] < lengths[-1]


def test_the_places_index_nests_places_under_those_they_lie_within(bundled: Project):
    """The Markdown escape squashed the indentation: the «tree» was one flat list."""
    html = (bundled.root / "site" / "places" / "index.html").read_text(encoding="utf-8")
    between = html.split(">دمشق</a> — مدينة")[1].split('href="mezzeh/"')[0]
    assert "<ul>" in between


def test_generated_phrases_count_as_arabic_requires(bundled: Project):
    docs = bundled.root / "docs"
    text = "\n".join(p.read_text(encoding="utf-8") for p in [*(docs / "actors").glob("*.md"), *(docs / "places").glob("*.md")])
    for wrong in [r"— 2 أحداث مشتركة", r"\b1 أحداث أخرى", r"و1 أماكن أخرى", r"\b(1[1-9]|[2-9][0-9]) أحداث أخرى"]:
        assert not re.search(wrong, text), wrong
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "يناير 2025](chronology/2025-01.md): حدث واحد، و7 أحداث مستمرة من قبله" in home


def test_a_relations_graph_draws_each_actor_once(bundled: Project):
    """Ghaffari's graph drew the IRGC twice: above, as his group, and in the ring of co-actors."""
    for page in (bundled.root / "docs" / "actors").glob("*.md"):
        graph = page.read_text(encoding="utf-8").partition('class="dossier-graph"')[2].partition("</svg>")[0]
        names = re.findall(r"<a href=[^>]*><title>([^<]*)</title>", graph)
        assert len(names) == len(set(names)), page.name


def test_a_lower_bound_is_shown_as_one_not_as_an_approximation(bundled: Project):
    """«لأكثر من خمسة عقود» was shown «نحو 50 سنة»."""
    text = (bundled.root / "docs" / "events" / "assad-government-falls.md").read_text(encoding="utf-8")
    assert "50 سنة على الأقل" in text and "نحو 50" not in text
    data = [json.loads(line.rstrip(",")) for line in
            (bundled.root / "docs" / "data" / "events.json").read_text(encoding="utf-8").splitlines()[1:-1]]
    event = next(e for e in data if e["id"] == "assad-government-falls")
    assert {"min": 50, "unit": "year"}.items() <= next(f for r in event["reports"] for f in r.get("figures", [])).items()


def test_an_event_is_shown_and_published_with_the_names_readers_know_it_by(bundled: Project):
    """«سقوط الأسد»: the summary says «انهار حكم بشار الأسد»; search ranked the event sixth for it."""
    text = (bundled.root / "docs" / "events" / "assad-government-falls.md").read_text(encoding="utf-8")
    assert "| يُعرف أيضاً بـ | «سقوط الأسد» · «سقوط نظام الأسد»" in text
    assert '"alternateName":["سقوط الأسد","سقوط نظام الأسد","سقوط بشار الأسد"]' in text
    data = [json.loads(line.rstrip(",")) for line in
            (bundled.root / "docs" / "data" / "events.json").read_text(encoding="utf-8").splitlines()[1:-1]]
    event = next(e for e in data if e["id"] == "assad-government-falls")
    assert event["aliases"] == ["سقوط الأسد", "سقوط نظام الأسد", "سقوط بشار الأسد"]


def test_an_event_page_lists_each_article_once_in_its_contents(bundled: Project):
    """An article's reports sit under one heading (the contents listed one title up to four times)."""
    repeated = {}
    for page in (bundled.root / "docs" / "events").glob("*.md"):
        headings = re.findall(r"^### (.*)$", page.read_text(encoding="utf-8"), re.M)
        if len(headings) != len(set(headings)):
            repeated[page.name] = len(headings) - len(set(headings))
    assert repeated == {}


def test_a_dispute_says_who_holds_each_side_and_gives_a_denial_one_line(bundled: Project):
    """Sides were labelled by the article's headline («…إيران تنفي إخلاء سفارتها» stood for a NYT
    claim), and Baghaei's two sentences made two lines under every event his denial names."""
    text = (bundled.root / "docs" / "disputes.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    denied = [s for s in sections if "events/baghaei-denies-embassy-evacuation.md" in s]
    assert len(denied) >= 4
    for section in denied:
        lines = [x for x in section.splitlines() if "](events/baghaei-denies-embassy-evacuation.md)" in x]
        assert len(lines) == 1 and "](actors/esmaeil-baghaei.md)" in lines[0], section[:200]
    box = (bundled.root / "docs" / "events" / "pourhashemi-killed-in-aleppo.md").read_text(encoding="utf-8")
    box = box.split("روايات متعارضة")[1].split("## ")[0]
    irgc = [x for x in box.splitlines() if "مرتزقة" in x and x.lstrip().startswith("- ")]
    assert irgc and all("](../actors/tasnim.md) ← [الحرس الثوري الإيراني](../actors/irgc.md)" in x for x in irgc)


def test_one_denier_is_one_line_and_its_denial_event_is_linked_by_its_headline(bundled: Project):
    """Under the embassy's evacuation Baghaei was two lines (the report denying it, then the denial
    event's report, same article and chain), and the second one's link read «نفي» alone. His
    two sentences stood in the order of the dispute list, the second one of the article first."""
    events = bundled.root / "docs" / "events"
    for name in ("iran-embassy-damascus-evacuated", "iranian-offices-in-damascus-found-empty"):
        box = (events / f"{name}.md").read_text(encoding="utf-8").split("روايات متعارضة")[1].split("\n## ")[0]
        baghaei = [x for x in box.splitlines() if "](../actors/esmaeil-baghaei.md)" in x]
        assert len(baghaei) == 1, (name, baghaei)
        assert baghaei[0].endswith(" · الحدث: [نفي بقائي إخلاء السفارة الإيرانية في دمشق]"
                                   "(../events/baghaei-denies-embassy-evacuation.md)"), baghaei[0]
        # his sentences in the article's order: the «نفى…» that opens it, then his words
        assert 0 < baghaei[0].index("نفى المتحدث") < baghaei[0].index("الادعاءات المتعلقة بإخلاء سفارة إيران")
    assert not any("[نفي](" in text for text in bundled.pages().values())


def test_a_partial_denial_says_what_it_covers(bundled: Project):
    """Baghaei denies the embassy's evacuation; his line stood first under «when did the Iranian
    forces leave?» on the start of Iran's evacuation, and read as a denial of the troops' withdrawal."""
    events = bundled.root / "docs" / "events"
    page = (events / "iran-begins-evacuation-from-syria.md").read_text(encoding="utf-8")
    scope = "سحب البعثة الدبلوماسية وحده، لا سحب القادة العسكريين والقوات"
    assert f"    - **نفي** (نطاق النفي: {scope}) · [مقال «على وقع هزيمة ميليشياتها…» لناشر غير معروف]" in page
    assert f"(../events/baghaei-denies-embassy-evacuation.md) (7 ديسمبر 2024) — نطاق النفي: {scope}\n" in page
    denial = (events / "baghaei-denies-embassy-evacuation.md").read_text(encoding="utf-8")
    assert f"(../events/iran-begins-evacuation-from-syria.md) (6 ديسمبر 2024) — نطاق النفي: {scope}\n" in denial
    embassy = (events / "iran-embassy-damascus-evacuated.md").read_text(encoding="utf-8")
    assert "نطاق النفي" not in embassy                                   # denied whole: no scope
    exported = json.loads((bundled.root / "site" / "data" / "events.json").read_text(encoding="utf-8"))
    baghaei = next(e for e in exported if e["id"] == "baghaei-denies-embassy-evacuation")
    assert len(baghaei["denies"]) == 4 and baghaei["denial_scopes"]["iran-begins-evacuation-from-syria"] == scope


def test_two_articles_of_unknown_outlet_are_told_apart(bundled: Project):
    """Both were «مقال لناشر غير معروف» in the embassy's dispute box: the NYT relay and the article
    on Baghaei's denial read as one source."""
    box = (bundled.root / "docs" / "events" / "iran-embassy-damascus-evacuated.md").read_text(encoding="utf-8")
    box = box.split("روايات متعارضة")[1].split("\n## ")[0]
    # the relay has no headline: the dossier's title for it is not put in quotation marks
    assert "[مقال بلا عنوان \\(إيران تبدأ إجلاء قادتها…\\) لناشر غير معروف](../sources/nyt-relay-iran-begins-evacuation.md)" in box
    assert "[مقال «على وقع هزيمة ميليشياتها…» لناشر غير معروف](../sources/iran-denies-embassy-evacuation.md)" in box
    assert "[مقال لناشر غير معروف](" not in box


def test_an_article_of_unknown_outlet_calls_itself_this_article_on_its_own_page(bundled: Project):
    """Every report line of its page read «عبر: مقال «على وقع هزيمة ميليشياتها…» لناشر غير معروف ←
    …»: the page named itself by its headline at the head of each chain."""
    page = (bundled.root / "docs" / "sources" / "iran-denies-embassy-evacuation.md").read_text(encoding="utf-8")
    chains = [x for x in page.splitlines() if x.startswith("**") and " · عبر: " in x]
    assert len(chains) >= 5 and all(" · عبر: هذا المقال" in x for x in chains), chains
    assert "عبر: هذا المقال ← [بات رايدر](../actors/pat-ryder.md)" in page
    assert not any("لناشر غير معروف" in x for x in chains)
    shorouk = (bundled.root / "docs" / "sources" / "shorouk-iran-withdrawal-backstage.md").read_text(encoding="utf-8")
    assert " · عبر: [الشروق](../actors/al-shorouk.md)" in shorouk          # an outlet still heads its chains


def test_a_report_relays_an_event_it_does_not_vouch_for_it(bundled: Project):
    """A report's stance read «يؤكد» (confirms): on the denial event the article «confirmed» what
    it only relays from Baghaei. It reads «يروي» (tells); a denying one still reads «ينفي»."""
    page = (bundled.root / "docs" / "events" / "baghaei-denies-embassy-evacuation.md").read_text(encoding="utf-8")
    assert page.count("· **يروي**") == 2 and "**يؤكد**" not in page
    denied = (bundled.root / "docs" / "events" / "iran-embassy-damascus-evacuated.md").read_text(encoding="utf-8")
    assert "· **ينفي**" in denied


def test_dispute_boxes_use_the_words_of_the_stances(bundled: Project):
    """With stances read «يروي»/«ينفي», boxes still said «تأكيد» and «تؤكده»/«تخالفه», and a source
    page headed «مصادر أخرى تخالف» over voices that agreed with the article."""
    docs = bundled.root / "docs"
    pages = bundled.pages().values()
    assert not any("**تأكيد**" in t or "**تؤكده:**" in t or "**تخالفه:**" in t or "مصادر أخرى تخالف" in t
                   for t in pages)
    disputes = (docs / "disputes.md").read_text(encoding="utf-8")
    assert "**ترويه:**" in disputes and "**تنفيه:**" in disputes
    # under a question: what sets the two lists apart is said (readers asked)
    sent = disputes.split("{: #iran-sends-allied-fighters-to-syria }")[1].split("\n## ")[0]
    assert "**ترويه دون أن تحسم موضع الخلاف:**" in sent and "**الروايات المتعارضة:**" in sent
    shorouk = (docs / "sources" / "shorouk-iran-withdrawal-backstage.md").read_text(encoding="utf-8")
    assert '!!! warning "مصادر أخرى تروي ما ينفيه هذا المقال"' not in shorouk      # AFP denies nothing
    heading = "### [وجود القوات الإيرانية في سوريا عند سقوط الأسد"
    box = shorouk.split(heading)[1].split('!!! warning "روايات أخرى في هذا الخلاف"')[1].split("\n### ")[0]
    assert "    - **رواية** · [سيناء الإخبارية](../actors/sinai-news.md)" in box and "**نفي**" not in box


def test_the_json_ld_names_each_article_of_an_event_once(bundled: Project):
    """An article with two reports of an event was two identical NewsArticle objects in `subjectOf`."""
    pages = 0
    for page in (bundled.root / "docs" / "events").glob("*.md"):
        found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(encoding="utf-8"))
        if found is None:                   # the three old ids' redirect pages
            continue
        headlines = [a["headline"] for a in json.loads(found.group(1))["subjectOf"]]
        assert headlines and len(headlines) == len(set(headlines)), page.name
        pages += 1
    assert pages == 159


def test_pourhashemi_is_buried_after_he_is_killed(bundled: Project):
    """His burial was dated «late November» (21–30), so every list put it before his killing on
    the 28th; the sources only date it by the reports of his death, which follow the killing."""
    docs = bundled.root / "docs"
    for page in ("actors/kioumars-pourhashemi.md", "chronology/2024-11.md", "places/aleppo.md"):
        text = (docs / page).read_text(encoding="utf-8")
        killed = text.find("(../events/pourhashemi-killed-in-aleppo.md)")
        later = [text.find(f"(../events/{e}.md)") for e in ("pourhashemi-buried-in-tehran",
                                                             "iranian-forces-members-killed-in-aleppo")]
        assert killed >= 0 and all(x < 0 or x > killed for x in later) and max(later) > 0, page


def test_an_actor_is_given_no_more_harm_than_its_sources_say(bundled: Project):
    """Hezbollah was «الضحية» of Pourhashemi's killing; the sources say one of its commanders was
    wounded in the shooting."""
    page = (bundled.root / "docs" / "events" / "pourhashemi-killed-in-aleppo.md").read_text(encoding="utf-8")
    assert "[حزب الله](../actors/hezbollah.md) (بين المصابين)" in page
    assert "[كيومرس بورهاشمي](../actors/kioumars-pourhashemi.md) (الضحية)" in page


def test_reader_audit_corrections_hold(bundled: Project):
    """From a reader's audit against the texts: Dibo was missing from his own claim's page; Ghaffari
    was «القائد» in Aleppo 2016 where the source says he «played a key role»; the two Syrian
    employees were credited with the empty offices of the next day, a sentence Shorouk does not
    attribute to them; Sinai's «thousands remained» left out its own «most left hastily»."""
    docs = bundled.root / "docs"
    dibo = (docs / "actors" / "mohammed-dibo.md").read_text(encoding="utf-8")
    assert "(../events/iran-stops-fighting-after-aleppo-falls.md)" in dibo
    aleppo = (docs / "events" / "syrian-army-recaptures-aleppo-2016.md").read_text(encoding="utf-8")
    assert "[جواد غفاري](../actors/javad-ghaffari.md) (مشارك)" in aleppo
    embassy = (docs / "events" / "iran-embassy-damascus-evacuated.md").read_text(encoding="utf-8")
    assert "خالية في اليوم التالي" not in embassy
    sinai = (docs / "events" / "iran-aligned-fighters-remain-in-syria-at-collapse.md").read_text(encoding="utf-8")
    assert "الغالبية العظمى من القوات الإيرانية وحلفائها غادرت على عجل" in sinai.split("\n\n")[1]


def test_a_month_page_says_where_the_long_background_events_are(bundled: Project):
    """November 2024 listed one event as ongoing; a reader missed the fourteen 2011–2024 ones, which
    by design are listed only where they start (longer than ONGOING_MAX_DAYS or known to the year)."""
    from generator.index import ONGOING_MAX_DAYS

    page = (bundled.root / "docs" / "chronology" / "2024-11.md").read_text(encoding="utf-8")
    assert (f"الأحداث التي تمتد أكثر من {ONGOING_MAX_DAYS} يوم أو لا يُعرف إلا عامها لا تُكرَّر في الأشهر "
            "التي تمر بها: تُذكر في شهر بدايتها أو عامها، وفي [التسلسل الزمني](../chronology/index.md).") in page


def test_a_month_without_events_says_why_it_is_listed(bundled: Project):
    """December 2025 read «لا أحداث تبدأ فيه» and nothing else: it is there for an article."""
    home = (bundled.root / "docs" / "index.md").read_text(encoding="utf-8")
    assert "- [ديسمبر 2025](chronology/2025-12.md): لا أحداث تبدأ فيه؛ نُشر فيه مقال واحد\n" in home
    assert "- [نوفمبر 2024](chronology/2024-11.md): 63 حدثاً، وحدث مستمر من قبله\n" in home   # months with events: unchanged


def test_the_home_timeline_says_where_the_events_outside_it_are_listed(bundled: Project):
    """It said «(مذكورة أدناه)»; nothing below it on the home page lists events."""
    home = (bundled.root / "docs" / "index.md").read_text(encoding="utf-8")
    assert re.search(r'خارج هذه الفترة: \d+ \(في <a href="chronology/">التسلسل الزمني</a>\)', home)
    assert "مذكورة أدناه" not in home


def test_a_source_agency_page_opens_with_what_is_relayed_from_it_not_with_no_events(bundled: Project):
    """AFP's page opened «الأحداث (0) — لا أحداث مسجّلة» though 50-odd reports are relayed from it."""
    afp = (bundled.root / "docs" / "actors" / "afp.md").read_text(encoding="utf-8")
    assert "## الأحداث" not in afp and "لا يشارك هذا الطرف في أي حدث مسجّل؛ يظهر في الملف مصدراً" in afp
    assert afp.index("## تقارير منقولة عن هذا الطرف") > afp.index("يظهر في الملف مصدراً")
    assert '<span class="dossier-cite-url" dir="ltr">' in afp        # the address reads left to right


def test_a_day_tick_stands_where_that_days_dots_are(bundled: Project):
    """Ticks marked the start of a day, dots its middle: «1 ديسمبر»'s events sat between two ticks."""
    from datetime import date

    from generator.dates import GULF_MONTHS

    home = (bundled.root / "docs" / "index.md").read_text(encoding="utf-8")
    ticks = {}
    for x, label in re.findall(r'<text x="([\d.]+)" y="\d+" font-size="10"[^>]*>(\d+ \w+)</text>', home):
        day, month = label.split()
        ticks[date(2024 if month != "يناير" else 2025, GULF_MONTHS.index(month) + 1, int(day))] = float(x)
    (d0, x0), (d1, x1) = sorted(ticks.items())[:2]
    width = (x0 - x1) / (d1 - d0).days
    dots = re.findall(r'<title>(\d+) (\w+) 2024 — [^<]*</title><circle cx="([\d.]+)"', home)
    assert len(dots) >= 10
    for day, month, cx in dots:
        d = date(2024, GULF_MONTHS.index(month) + 1, int(day))
        assert abs(x0 - (d - d0).days * width - float(cx)) < 0.2, (day, month, cx, x0)


def test_the_timeline_draws_approximate_dates_as_less_precise(bundled: Project):
    """«نحو 8 ديسمبر 2024 – 8 يناير 2025» was a solid bar, like a range the sources give exactly."""
    home = (bundled.root / "docs" / "index.md").read_text(encoding="utf-8")

    def mark(event_id: str) -> str:
        return re.search(rf'<a href="events/{event_id}/"[^>]*><title>[^<]*</title>(<(?:rect|circle)[^>]*>)', home).group(1)

    assert 'fill="url(#vague)"' in mark("barbara-leaf-says-syria-now-hostile-to-iran")      # approximate range
    assert 'fill="#ffffff"' in mark("assad-flees-to-russia")                               # approximate day: a ring
    assert 'fill="#1e88e5"' in mark("assad-government-falls")                              # a day the sources give
    assert "يوم تقريبي" in home and "فترة تقريبية" in home
    actors = (bundled.root / "docs" / "actors" / "index.md").read_text(encoding="utf-8")
    assert re.search(r"actors/afp\.md\).*\(مصدر: \d+ تقريراً\)$", actors, re.M)        # was «(0)»
    assert re.search(r"actors/al-shorouk\.md\).*\(ناشر: مقال واحد\)$", actors, re.M)


def test_only_a_range_is_marked_as_one(bundled: Project):
    """A year or a month is a vague date, not a period: only a range is marked «فترة», in lists and tables."""
    year = (bundled.root / "docs" / "chronology" / "2016.md").read_text(encoding="utf-8")
    row = next(x for x in year.splitlines() if "syrian-army-recaptures-aleppo-2016" in x)
    assert "فترة" not in row
    listing = (bundled.root / "docs" / "chronology" / "index.md").read_text(encoding="utf-8")
    assert "(سيطرة)" in next(x for x in listing.splitlines() if "syrian-army-recaptures-aleppo-2016" in x)
    assert "، فترة)" in next(x for x in listing.splitlines() if "iran-embassy-damascus-evacuated" in x)
    # a month with no event starting in it (an article's publication made it) says why it is there
    empty = listing.split("{: #m2025-12 }")[1].split("##")[0]
    assert "لا أحداث تبدأ في هذا الشهر" in empty
    # tables name a period in the word the lists use: their «↔» was explained nowhere they were
    month = (bundled.root / "docs" / "chronology" / "2024-12.md").read_text(encoding="utf-8")
    assert "| نحو 1–3 ديسمبر 2024 (فترة) | [تسلّم جواد غفاري قيادة القوات الحليفة" in month
    assert "(فترة)" not in next(x for x in month.splitlines() if "araghchi-visits-damascus-meets-assad" in x)
    assert not [p for p, text in bundled.pages().items() if "↔" in text]
    assert "موسومة «فترة»" in listing


def test_a_source_page_tells_each_event_once_under_a_heading_named_by_its_id(bundled: Project, corpus):
    """The WPA page repeated an event's heading once per report (111 headings for 64 events)."""
    c, _ = corpus
    for art in c.articles.values():
        text = (bundled.root / "docs" / "sources" / f"{art.id}.md").read_text(encoding="utf-8")
        ids = re.findall(r"^### .*\{: #([a-z0-9-]+) \}$", text, re.M)
        told = {e.id for e in c.events.values() if any(r.article == art.id for r in e.reports)}
        assert sorted(ids) == sorted(told), art.id
        reports = sum(r.article == art.id for e in c.events.values() for r in e.reports)
        assert len(re.findall(r"^> «", text, re.M)) == reports, art.id          # every report's words


def test_section_anchors_are_named_not_numbered(bundled: Project):
    """Arabic headings got Material's «#_1», «#_2»: meaningless, and shifted whenever a section was
    added above. Sections of record, date and index pages, and an event page's sources, carry ids."""
    site = bundled.root / "site"
    numbered = []
    for page in [*site.glob("*/*/index.html"), *site.glob("*/index.html")]:
        html = page.read_text(encoding="utf-8")
        levels = "23" if page.parent.parent.name == "events" else "2"
        numbered += [f"{page.relative_to(site)}: {i}" for i in re.findall(rf'<h[{levels}] id="(_[0-9]+)"', html)]
    assert numbered == []
    assert '<h2 id="events"' in (site / "actors" / "javad-ghaffari" / "index.html").read_text(encoding="utf-8")


def test_no_page_links_to_itself(bundled: Project):
    """Month pages linked their period events' dates, and a source page of unknown outlet each
    attribution chain's «مصدر مجهول الناشر» (now «مقال لناشر غير معروف»), to the page itself (96 and 74 links)."""
    assert links_to_itself(bundled.root / "site") == []


def test_wikidata_links_point_at_the_item(bundled: Project, corpus):
    """The link's address is the bare id: escaping it as text (a <bdi> around Latin) broke all of them."""
    c, _ = corpus
    records = [("actors", a) for a in c.actors.values()] + [("places", p) for p in c.places.values()]
    linked = [(section, r) for section, r in records if r.wikidata]
    assert len(linked) >= 20
    for section, r in linked:
        html = (bundled.root / "site" / section / r.id / "index.html").read_text(encoding="utf-8")
        assert f'href="https://www.wikidata.org/wiki/{r.wikidata}"' in html, (section, r.id)


def test_a_related_event_is_listed_once(bundled: Project):
    """A denied or denying event that is also `related` was listed twice («ينفي: X», then X again)."""
    checked = 0
    for page in sorted((bundled.root / "docs" / "events").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        if "## أحداث مرتبطة" not in text:
            continue
        section = re.split(r"\n## |\n---\n", text.split("## أحداث مرتبطة", 1)[1])[0]
        targets = re.findall(r"\]\(\.\./events/([a-z0-9-]+)\.md\)", section)
        assert targets and len(targets) == len(set(targets)), (page.name, targets)
        checked += 1
    assert checked >= 20


def test_a_source_page_names_its_language(bundled: Project):
    text = (bundled.root / "docs" / "sources" / "iran-denies-embassy-evacuation.md").read_text(encoding="utf-8")
    assert "| اللغة | العربية |" in text


def test_an_approximate_day_is_not_called_a_specific_day(bundled: Project, corpus):
    c, _ = corpus
    approximate = [e for e in c.events.values() if e.date.approximate and e.date.precision == "day"]
    assert approximate
    for e in approximate:
        text = (bundled.root / "docs" / "events" / f"{e.id}.md").read_text(encoding="utf-8")
        assert "(يوم تقريبي" in text and "(يوم محدد" not in text, e.id


def test_a_source_page_counts_events_as_the_sources_list_does(bundled: Project, corpus):
    """The heading said «الأحداث التي يرويها (111)» for 111 reports about 64 events; the list said 64."""
    from generator.dates import count

    c, ix = corpus
    for art in c.articles.values():
        events = len({e.id for e, _ in ix.article_reports.get(art.id, [])})
        text = (bundled.root / "docs" / "sources" / f"{art.id}.md").read_text(encoding="utf-8")
        assert f"## الأحداث التي يرويها ({count(events, 'event')} في " in text, art.id


def test_the_home_page_gives_the_span_of_the_events_as_precisely_as_it_is_known(bundled: Project):
    """It said «من 1 يناير 2011»: the earliest events are known only to the year (2011–2024), and
    the latest end «نحو 8 يناير 2025» (up to the publication of the article that reports them)."""
    text = (bundled.root / "docs" / "index.md").read_text(encoding="utf-8")
    assert "تمتد الأحداث المسجّلة من نحو 2011 إلى نحو 8 يناير 2025." in text


def test_no_page_links_to_a_protocol_relative_address(bundled: Project):
    """404.html linked the feed as «//feed.xml»: a link to a host named feed.xml."""
    pages = sorted((bundled.root / "site").rglob("*.html"))
    assert len(pages) > 300
    bad = [p.name for p in pages if 'href="//' in (text := p.read_text(encoding="utf-8")) or 'src="//' in text]
    assert bad == []


def test_the_footer_has_no_english_theme_credit(bundled: Project):
    for path in ["index.html", "events/fatemiyoun-leave-syria/index.html", "404.html"]:
        assert "Made with" not in (bundled.root / "site" / path).read_text(encoding="utf-8"), path
    missing = (bundled.root / "site" / "404.html").read_text(encoding="utf-8")
    assert "Not found" not in missing and "الصفحة غير موجودة" in missing


def test_structured_data_dates_keep_the_sources_precision(bundled: Project, corpus):
    """Events known only to the year said «2011-01-01» in their JSON-LD."""
    c, _ = corpus
    starts = {}
    for e in c.events.values():
        html = (bundled.root / "site" / "events" / e.id / "index.html").read_text(encoding="utf-8")
        blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
        starts[e.id] = next(b for b in blocks if b.get("@type") == "Event")["startDate"]
    assert all(starts[e.id] == e.date.begin.iso() for e in c.events.values())
    assert any(len(d) == 4 for d in starts.values()) and any(len(d) == 10 for d in starts.values())


def test_distinct_groups_stay_distinct_and_relations_hold(corpus):
    c, _ = corpus
    assert {"hezbollah", "kataib-hezbollah", "harakat-al-nujaba"} <= set(c.actors)
    assert "irgc" in c.actors["quds-force"].part_of
    assert "hezbollah" in c.actors["imam-mahdi-soldiers-brigade"].part_of
    assert "damascus" in c.places["mezzeh"].within
    for town, governorate in [("al-bukamal", "deir-ez-zor-governorate"), ("al-mayadin", "deir-ez-zor-governorate"),
                              ("nubl", "aleppo-governorate"), ("zahraa", "aleppo-governorate")]:
        assert governorate in c.places[town].within
    possibly = {p.actor for p in c.actors["haj-javad"].possibly_same_as} | \
        {p.actor for p in c.actors["javad-ghaffari"].possibly_same_as}
    assert possibly & {"haj-javad", "javad-ghaffari"}              # recorded as a possibility, not merged


@pytest.mark.parametrize("actor, spellings", [
    ("fatemiyoun", ["الفاطميون", "الفاطميين", "فاطميون"]),
    ("javad-ghaffari", ["الغفاري", "غفاري"]),
    ("kioumars-pourhashemi", ["بورهاشمي", "بور هاشمي"]),
])
def test_spellings_as_they_occur_are_aliases(corpus, actor, spellings):
    c, _ = corpus
    a = c.actors[actor]
    from generator.arabic import normalize

    known = {normalize(x) for x in (a.name, *a.aliases)}
    for s in spellings:
        assert normalize(s) in known or any(normalize(s) in k for k in known), (actor, s)


def test_the_known_disputes_are_shown_side_by_side(bundled: Project, corpus):
    c, ix = corpus
    embassy = ix.disputes["iran-embassy-damascus-evacuated"]
    assert any(d.report.stance == "denies" for d in embassy)
    assert {r.article for r in c.events["iran-embassy-damascus-evacuated"].reports} >= \
        {"shorouk-iran-withdrawal-backstage", "iran-denies-embassy-evacuation"}
    killing = c.events["pourhashemi-killed-in-aleppo"]
    assert killing.dispute and len([r for r in killing.reports if r.account]) >= 2
    assert any(v.actor == "tasnim" for r in killing.reports for v in r.via)
    html = (bundled.root / "site" / "events" / "pourhashemi-killed-in-aleppo" / "index.html").read_text(encoding="utf-8")
    assert "روايات متعارضة" in html and "التكفيريين" in html and "AKM" in html


def test_a_deployment_size_the_sources_disagree_on_is_a_dispute(bundled: Project, corpus):
    """«آلاف» (Sinai News) against «عشرات الآلاف» (NYT): an order of magnitude, shown side by side."""
    c, ix = corpus
    accounts = {r.article: r.account for r in c.events["iran-sends-allied-fighters-to-syria"].reports if r.account}
    assert "عشرات الآلاف" in accounts["nyt-relay-iran-begins-evacuation"]
    assert "آلاف المقاتلين" in accounts["sinai-news-cutting-irans-tail"]
    assert "iran-sends-allied-fighters-to-syria" in ix.disputes
    disputes = (bundled.root / "docs" / "disputes.md").read_text(encoding="utf-8")
    assert "iran-sends-allied-fighters-to-syria" in disputes


def test_only_dated_days_have_pages_and_periods_are_listed_apart(bundled: Project, corpus):
    """An event known only to its month («نحو نوفمبر 2024») made a page for each of the month's
    days, which /dates/ then listed as days on which something happened (52 of 63 day pages)."""
    c, ix = corpus
    month_only = c.events["iraqi-factions-strike-israel"]
    assert month_only.date.precision == "month"
    pinned = {e.date.start for e in c.events.values() if e.date.start == e.date.end}
    published = {a.published for a in c.articles.values() if a.published}
    assert set(ix.days) == pinned | published
    docs = bundled.root / "docs"
    assert not (docs / "dates" / "2024-11-01.md").exists()
    day = (docs / "dates" / "2024-11-28.md").read_text(encoding="utf-8")
    dated, _, during = day.partition("## أحداث في فترة تشمل هذا اليوم")
    assert "events/iraqi-factions-strike-israel.md" in during and "events/iraqi-factions-strike-israel.md" not in dated
    assert "events/pourhashemi-killed-in-aleppo.md" in dated         # dated 28 November 2024
    event = (docs / "events" / "iraqi-factions-strike-israel.md").read_text(encoding="utf-8")
    assert "](../chronology/2024-11.md) (" in event.split("| التاريخ |")[1].split("\n")[0]
    dates = (docs / "dates" / "index.md").read_text(encoding="utf-8")
    assert "2024-11-01" not in dates and "(10 أحداث)" in dates


def test_a_month_page_lists_the_articles_published_in_it(bundled: Project):
    """/chronology/2025-12/ existed for one article's publication date and listed nothing."""
    page = (bundled.root / "docs" / "chronology" / "2025-12.md").read_text(encoding="utf-8")
    assert "## مقالات نُشرت في هذا الشهر (1)" in page
    assert "](../sources/shorouk-iran-withdrawal-backstage.md)" in page


def test_record_ids_in_notes_are_links_and_old_ids_stay_text(bundled: Project, project: Project):
    page = (bundled.root / "docs" / "events" / "iran-embassy-damascus-evacuated.md").read_text(encoding="utf-8")
    assert "انظر الحدث [نفي بقائي إخلاء السفارة الإيرانية في دمشق](" in page   # labelled by its headline
    assert "](../events/baghaei-denies-embassy-evacuation.md)" in page
    # the bundled notes named three merged records by their Latin ids («(iran-diplomatic-…-beirut سابقاً)»),
    # which mean nothing to a reader: they now say it in words; the old pages still forward
    docs = bundled.root / "docs"
    old_ids = ["iran-diplomatic-mission-leaves-syria-for-beirut", "hezbollah-commander-wounded-in-officers-club-shooting",
               "iraqi-fighters-evacuated-from-hmeimim"]
    pages = {p: p.read_text(encoding="utf-8") for p in docs.rglob("*.md") if p.stem not in old_ids}
    for old in old_ids:
        assert (docs / "events" / f"{old}.md").exists(), old
        named = [p.name for p, text in pages.items() if old in text or old.replace("-", "\\-") in text]
        assert named == [], (old, named)
    # a note that names a redirect's old id keeps it as text, never as a link (checked here on the example corpus)
    project.write("data/redirects.yaml", "- {from: old-withdrawal, to: withdrawal, type: event}\n")
    notes = project.data / "events" / "withdrawal.yaml"
    notes.write_text(notes.read_text(encoding="utf-8") + "note: دُمج هنا old-withdrawal سابقاً؛ انظر embassy-emptied.\n",
                     encoding="utf-8")
    result = project.run("build")
    assert result.returncode == 0, result.stdout + result.stderr
    page = project.page("events/withdrawal.md")
    assert "old\\-withdrawal" in page and "](../events/old-withdrawal.md)" not in page   # text, not a link
    assert "انظر [إخلاء السفارة الإيرانية في دمشق](../events/embassy-emptied.md)" in page


def test_an_unnamed_source_that_names_its_group_links_the_name_once(bundled: Project):
    """«مصدر ميداني في حزب الله (حزب الله)» repeated the group as its affiliation link."""
    page = (bundled.root / "docs" / "events" / "hezbollah-orders-withdrawal-around-homs-and-damascus.md")
    text = page.read_text(encoding="utf-8")
    assert "← مصدر ميداني في [حزب الله](../actors/hezbollah.md) ·" in text
    assert "(حزب الله)" not in text and "([حزب الله]" not in text


def test_every_dispute_says_what_is_disputed(bundled: Project, corpus):
    _, ix = corpus
    text = (bundled.root / "docs" / "disputes.md").read_text(encoding="utf-8")
    sections = text.split("\n## ")[1:]
    assert len(sections) == len(ix.disputes)
    assert all("**موضع الخلاف:**" in section for section in sections)


def test_relaying_the_same_original_counts_once(bundled: Project):
    events = json.loads((bundled.root / "site" / "data" / "events.json").read_text(encoding="utf-8"))
    event = next(e for e in events if e["id"] == "quds-force-commanders-moved-to-iraq-and-lebanon")
    origins = {r["origin"] for r in event["reports"] if r["stance"] == "asserts"}
    assert len(event["reports"]) >= 2 and origins == {"actor:nyt"}
    assert event["independent_sources"] == 1


def test_a_title_the_curator_supplied_is_marked_wherever_a_link_names_the_article(bundled: Project, corpus):
    """The NYT relay has no headline; the dossier's title for it was shown unmarked in every event
    heading, dispute box and list: a reader citing it would cite a headline that never existed."""
    c, _ = corpus
    supplied = [a for a in c.articles.values() if a.title_supplied]
    assert supplied
    for art in supplied:
        link = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:\.\./)*sources/" + re.escape(art.id) + r"\.md(?:#[^)]*)?\)")
        labels = [m.group(1) for text in bundled.pages().values() for m in link.finditer(text)]
        assert len(labels) > 10
        unmarked = [x for x in labels if "عنوان وضعه المحرر" not in x and not x.startswith("مقال بلا عنوان")
                    and x not in ("المقال", "هذا المقال")]
        assert not unmarked, unmarked[:5]
        assert all("«" not in x for x in labels if x.startswith("مقال بلا عنوان"))


def test_the_sources_table_says_an_article_relays_no_one_and_figures_keep_arabic_digit_grouping(bundled: Project):
    docs = bundled.root / "docs"
    rows = [line for line in (docs / "sources" / "index.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| [")]
    assert rows and all(line.split(" | ")[3].strip() for line in rows)       # «—», not an empty cell
    figures = [line for text in bundled.pages().values() for line in text.splitlines() if "**الأرقام:**" in line]
    assert figures and not [x for x in figures if re.search(r"\d,\d{3}", x)]
    assert any("2000 مقاتل" in x for x in figures)


def test_a_state_and_its_country_link_each_other(bundled: Project):
    """The actor «سوريا» takes part in no event; its page ended on «لا يشارك هذا الطرف في أي حدث
    مسجّل» while the place «سوريا» holds most of the dossier."""
    actor, place = bundled.page("actors/syria.md"), bundled.page("places/syria.md")
    assert "| بوصفه مكاناً | [سوريا](../places/syria.md) |" in actor
    assert "| بوصفه طرفاً | [سوريا](../actors/syria.md) |" in place
    assert "لا يشارك هذا الطرف في أي حدث مسجّل؛ انظر صفحات الأطراف التابعة له أعلاه، وصفحة المكان [سوريا]" in actor
    assert "بوصفه" not in bundled.page("actors/hezbollah.md")        # no place is Hezbollah


def test_a_day_page_hedges_an_approximate_day_and_names_its_neighbours_as_days_of_the_dossier(bundled: Project):
    """The Baqir Brigade's mutiny («نحو 28 نوفمبر») stood unhedged among the exact events of its day,
    and «اليوم التالي» of 28 November led to 1 December."""
    day = bundled.page("dates/2024-11-28.md")
    mutiny = next(x for x in day.splitlines() if "baqir-brigade-mutinies-against-irgc" in x)
    assert " · نحو 28 نوفمبر 2024 · " in mutiny
    assert "اليوم التالي في الملف: [1 ديسمبر 2024](../dates/2024-12-01.md)" in day
    assert "اليوم التالي:" not in day


def test_an_unnamed_source_is_counted_as_its_affiliation_but_shown_as_the_report_describes_it(bundled: Project):
    """World Press Arabi never names Middle East Eye; the «المصادر» row of its events named it as
    their source, the curator's inference stated as the article's."""
    rows = [line for rel, text in bundled.pages().items() if rel.startswith("events/")
            for line in text.splitlines() if line.startswith("| المصادر |")]
    assert len(rows) > 100
    assert not [x for x in rows if "[ميدل إيست آي](" in x]
    assert sum("[موقع لم يُذكر اسمه \\(على الأرجح ميدل إيست آي\\)](../actors/middle-east-eye.md)" in x for x in rows) > 20


def test_an_entity_shows_each_of_its_names_once(bundled: Project):
    """Curators list the Latin name among the aliases (ingest matches on them): the page's
    «أسماء أخرى», its JSON-LD and its search excerpt showed «Middle East Eye» twice."""
    import json
    import re

    docs = bundled.root / "docs"
    checked = 0
    for folder in ("actors", "places"):
        for page in (docs / folder).glob("*.md"):
            text = page.read_text(encoding="utf-8")
            ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', text)
            if ld is None:
                continue
            data = json.loads(ld.group(1))
            names = [data["name"], *data.get("alternateName", [])]
            assert len(names) == len(set(names)), (page.name, names)
            row = re.search(r"^\| أسماء أخرى \| (.*) \|$", text, re.M)
            shown = [re.sub(r"</?bdi[^>]*>", "", x) for x in row.group(1).split(" · ")] if row else []
            latin = re.search(r'^\*\*<bdi dir="ltr">(.*?)</bdi>\*\* · ', text, re.M)
            assert len(shown) == len(set(shown)) and data["name"] not in shown, (page.name, shown)
            assert latin is None or latin.group(1) not in shown, (page.name, shown)
            checked += 1
    assert checked > 100
    mee = (docs / "actors" / "middle-east-eye.md").read_text(encoding="utf-8")
    assert mee.count("Middle East Eye") == 2            # under the heading, and once in the JSON-LD
    entries = [entry for chunk in (docs / "search" / "d").glob("*.json")
               for entry in json.loads(chunk.read_text(encoding="utf-8")) if entry]
    excerpt = next(e[3] for e in entries if e[0].endswith("actors/middle-east-eye/"))
    assert excerpt.count("Middle East Eye") == 1, excerpt
