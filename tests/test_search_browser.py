"""Search as a reader uses it: typed key by key into the header box of the built bundled site,
in real headless Chromium. Each query must find its page (within the given rank); some must find
nothing; results are highlighted in the original spelling; a query loads a small part of the index."""

from __future__ import annotations

import json

import pytest

from browser import serve
from conftest import Project

# query as typed → the page it must find, and the rank it must reach (1 = first)
QUERIES = [
    ("الاسد", "actors/bashar-al-assad/", 1),               # no hamza
    ("الأسد", "actors/bashar-al-assad/", 1),
    ("اسد", "actors/bashar-al-assad/", 2),                 # no article
    ("Assad", "actors/bashar-al-assad/", 1),               # Latin transliteration
    ("بشار", "actors/bashar-al-assad/", 1),
    ("IRGC", "actors/irgc/", 1),
    ("irgc", "actors/irgc/", 1),
    ("الحرس الثوري الايراني", "actors/irgc/", 1),
    ("والحرس الثوري", "actors/irgc/", 1),                  # attached و
    ("قسد", "actors/sdf/", 1),                              # alias
    ("SDF", "actors/sdf/", 1),
    ("قوات سوريا الديمقراطيه", "actors/sdf/", 1),          # ه for ة
    ("حزب الله", "actors/hezbollah/", 1),
    ("كتائب حزب الله", "actors/kataib-hezbollah/", 1),    # longest name is another group
    ("Hezbollah", "actors/hezbollah/", 1),
    ("النجباء", "actors/harakat-al-nujaba/", 1),
    ("فاطميون", "actors/fatemiyoun/", 1),
    ("الفاطميين", "actors/fatemiyoun/", 1),
    ("بورهاشمي", "actors/kioumars-pourhashemi/", 1),
    ("بور هاشمي", "actors/kioumars-pourhashemi/", 1),
    ("غفاري", "actors/javad-ghaffari/", 1),
    ("الغفاري", "actors/javad-ghaffari/", 1),
    ("عـسكر", "actors/haj-askar/", 1),                     # tatweel
    ("عراقجي", "actors/abbas-araghchi/", 1),
    ("عراقچی", "actors/abbas-araghchi/", 1),                 # Persian چ and ی
    ("بقائي", "actors/esmaeil-baghaei/", 1),
    ("ديرالزور", "places/deir-ez-zor/", 3),
    ("دير الزور", "places/deir-ez-zor/", 2),
    ("بالبوكمال", "places/al-bukamal/", 1),                # attached ب
    ("والميادين", "places/al-mayadin/", 1),
    ("حميميم", "places/hmeimim-air-base/", 1),
    ("ناشطين", "events/iran-backed-militias-leave-eastern-syria-for-iraq/", 3),   # text: «ناشطون» (-ون/-ين)
    ("مطار حميميم", "places/hmeimim-air-base/", 1),       # the base's common name; Latakia airport came first
    ("Damascus", "places/damascus/", 1),
    ("حماه", "places/hama/", 2),                            # ه for ة
    ("السيده زينب", "places/sayyida-zaynab/", 2),
    ("نيويورك تايمز", "actors/nyt/", 1),
    ("فرانس برس", "actors/afp/", 1),
    ("فرانس بريس", "actors/afp/", 1),       # the other common spelling (it found nothing)
    ("الخلافات", "disputes/", 1),           # section pages: the index held record pages only
    ("روايات متعارضة", "disputes/", 1),
    ("التسلسل الزمني", "chronology/", 1),
    ("الأماكن", "places/", 1),
    ("AFP", "actors/afp/", 1),
    ("تسنيم", "actors/tasnim/", 1),
    ("٨ ديسمبر ٢٠٢٤", "dates/2024-12-08/", 1),             # Arabic-Indic digits
    ("8 كانون الأول 2024", "dates/2024-12-08/", 1),        # Levantine month
    ("8 كانون الاول 2024", "dates/2024-12-08/", 1),
    ("2024-12-08", "dates/2024-12-08/", 1),                 # ISO
    ("08/12/2024", "dates/2024-12-08/", 1),
    ("5 ديسمبر 2024", "dates/2024-12-05/", 1),
    ("الخامس من ديسمبر", None, 0),                          # see test below: words, not a date form
    ("ديسمبر 2024", "chronology/2024-12/", 1),
    ("مسئول ايراني رفيع", "events/iran-weighs-sending-missiles-and-drones-to-syria/", 3),  # Egyptian spelling
    ("بور هاشمي", "events/pourhashemi-buried-in-tehran/", 10),  # AFP's spelling apart; the texts write «بورهاشمي»
    ("سقوط الأسد", "events/assad-government-falls/", 1),   # an event by the name readers know it by
    ("هروب الأسد", "events/assad-flees-to-russia/", 1),      # (its summary says «فرّ»)
    ("سقوط حلب", "events/rebels-capture-aleppo/", 1),
    ("ردع العدوان", "events/rebel-offensive-on-aleppo-countryside-begins/", 1),
    ("مُقاتل", None, 0),                                     # diacritics: checked for any result below
    ("ديسمبر", "chronology/2024-12/", 1),                   # a month alone: was 14th; the busiest December
    ("كانون الأول", "chronology/2024-12/", 1),
    ("نوفمبر", "chronology/2024-11/", 1),                   # (2023-11 has a page too, with one day)
    # misspelt: each found nothing
    ("دمشك", "places/damascus/", 1),                        # ك for ق
    ("بدمشك", "places/damascus/", 1),
    ("طهرن", "places/tehran/", 1),                          # a letter left out
    ("عراقشي", "actors/abbas-araghchi/", 1),                # the minister, not «عراقي» (on more pages)
    ("حميمين", "places/hmeimim-air-base/", 1),
    ("اللازقية", "places/latakia/", 1),
    ("Damascos", "places/damascus/", 1),
    ("الحرس الثوري الإيراتي", "actors/irgc/", 1),         # one word of three
]
NOTHING = ["xyzzy", "بيتزا", "كمبيوتر محمول", "2031-01-01", "٣١ فبراير ٢٠٢٤", "Pizza", "31 ديسمبر 2024x",
           "2024-02-30", "31/11/2024", "32 ديسمبر",
           "كمبيوتر دمشك"]      # a misspelt word is corrected only when every word that finds nothing is


@pytest.fixture(scope="module")
def page(bundled: Project, chromium):
    with serve(bundled.root / "site") as base:
        context = chromium.new_context()
        p = context.new_page()
        p.base = base
        p.requests = []
        p.on("request", lambda r: p.requests.append(r.url))
        p.goto(base + "actors/irgc/")
        yield p
        context.close()


def ask(page, query: str) -> list[str]:
    box = page.locator("#dossier-search-input")
    box.click()
    box.press("Control+a")
    box.press("Delete")
    page.keyboard.type(query, delay=15)
    page.wait_for_function("q => document.getElementById('dossier-search-results').dataset.query === q",
                           arg=query, timeout=10_000)
    hrefs = page.eval_on_selector_all("#dossier-search-results a", "els => els.map(e => e.href)")
    return [h.removeprefix(page.base) for h in hrefs]


@pytest.mark.parametrize("query, expected, rank", [q for q in QUERIES if q[1]], ids=[q[0] for q in QUERIES if q[1]])
def test_query_finds_its_page(page, query, expected, rank):
    results = ask(page, query)
    assert expected in results[:rank], f"{query!r} → {results[:5]}"


def test_there_are_at_least_thirty_queries_with_a_target():
    assert len([q for q in QUERIES if q[1]]) >= 30


@pytest.mark.parametrize("query", NOTHING)
def test_query_finds_nothing(page, query):
    assert ask(page, query) == []
    assert page.inner_text("#dossier-search-meta") == "لا نتائج"


@pytest.mark.parametrize("typed, shown", [
    ("اللازقية", "اللاذقية"),                              # as the pages write it, not the folded «لاذقيه»
    ("الحرس الثوري الإيراتي", "الحرس الثوري الإيراني"),  # the article typed is kept
    ("بدمشك", "بدمشق"),                                     # so is an attached ب
    ("عراقشي", "عراقجي"),
])
def test_a_misspelt_query_says_what_it_shows_instead(page, typed, shown):
    assert ask(page, typed)
    assert page.inner_text("#dossier-search-meta").startswith(f"لا نتائج لـ«{typed}»؛ هذه نتائج «{shown}»: ")


def test_a_query_that_finds_pages_is_never_corrected(page):
    assert ask(page, "مليشيات")                            # a rarer spelling of «ميليشيات», in the texts
    assert not page.inner_text("#dossier-search-meta").startswith("لا نتائج")


def test_diacritics_and_ordinals_still_find_text(page):
    assert ask(page, "مُقاتل")                              # مقاتل, مقاتلا, …
    assert ask(page, "الخامس من ديسمبر")                    # the words occur in quotes


def test_results_are_highlighted_in_the_original_spelling(page):
    ask(page, "الاسد")
    marks = page.eval_on_selector_all("#dossier-search-results mark", "els => els.map(e => e.textContent)")
    assert "الأسد" in marks


@pytest.mark.parametrize("query", ["إجلاء", "السفارة", "بورهاشمي", "حزب الله"])
def test_excerpts_show_whole_words_and_one_ellipsis(bundled: Project, page, query):
    """A result's excerpt was a 180-character window cut anywhere («…انية في دمشق»), and a window
    at the «…» between an event's summary and its quotes showed «… …»."""
    stored = {}
    for chunk in (bundled.root / "site" / "search" / "d").glob("*.json"):
        for entry in json.loads(chunk.read_text(encoding="utf-8")):
            if entry:
                stored[entry[0]] = entry[3]
    ask(page, query)
    shown = page.eval_on_selector_all("#dossier-search-results a", """els => els.map(a => [
        a.getAttribute('href'), (a.querySelector('p') || {}).textContent || ''])""")
    cut = 0
    for href, text in shown:
        full = stored[href.split("://", 1)[-1].split("/", 1)[-1]] if "://" in href else stored[href.lstrip("./")]
        assert "… …" not in text, text
        core = text.removeprefix("… ").removesuffix(" …")
        at = full.find(core)
        assert at >= 0, (core, full)
        assert at == 0 or full[at - 1] == " ", ("starts mid-word", full[max(0, at - 10):at + 20])
        end = at + len(core)
        assert end == len(full) or full[end] == " ", ("ends mid-word", full[end - 20:end + 10])
        cut += text != full
    assert cut, "no excerpt was long enough to be cut"


def test_filling_the_box_without_typing_is_still_searched(page):
    page.fill("#dossier-search-input", "قسد")
    page.wait_for_function("document.getElementById('dossier-search-results').dataset.query === 'قسد'")
    assert page.eval_on_selector_all("#dossier-search-results a", "els => els.length") > 0


def test_one_query_does_not_download_the_whole_index(bundled: Project, chromium):
    search_dir = bundled.root / "site" / "search"
    total = sum(f.stat().st_size for f in search_dir.rglob("*.json"))
    with serve(bundled.root / "site") as base:
        p = chromium.new_page()
        fetched = []
        p.on("response", lambda r: fetched.append(r.url) if r.url.startswith(base + "search/") else None)
        p.goto(base + "index.html")
        p.locator("#dossier-search-input").click()
        p.keyboard.type("الحرس", delay=15)
        p.wait_for_function("document.getElementById('dossier-search-results').dataset.query === 'الحرس'")
        p.close()
    files = {u.split("/search/")[1] for u in fetched}
    shards = [f for f in files if f.startswith("t/")]
    shard_bytes = sum((search_dir / f).stat().st_size for f in shards)
    all_shards = list((search_dir / "t").glob("*.json"))
    assert len(shards) <= 4 < len(all_shards)
    assert shard_bytes < sum(f.stat().st_size for f in all_shards) / 4
    chunks = [f for f in files if f.startswith("d/")]
    assert len(chunks) <= 20 and total > 0                 # at most one chunk per result shown


@pytest.mark.parametrize("path", ["index.html", "actors/irgc/", "events/pourhashemi-killed-in-aleppo/",
                                  "dates/2024-12-08/", "sources/", "about/"])
def test_the_search_box_is_on_every_page(bundled: Project, path):
    html = (bundled.root / "site" / path.replace("index.html", "") / "index.html").read_text(encoding="utf-8")
    assert 'id="dossier-search-input"' in html
    assert "assets/search/dossier-search.js" in html


def test_browser_and_generator_fold_text_identically(page):
    from generator.arabic import normalize

    samples = ["الأسد", "مُقاتل", "عـسكر", "مصطفى", "الثورة", "مسئول", "مسؤول", "٨ ديسمبر ٢٠٢٤", "۱۴۰۳",
               "IRGC  Assad", "ﻻ", "إسماعيل بقائي", "«حزب الله»", "\u200fنص\u200e", "Ghaffari’s", "عراقچی پورهاشمی"]
    folded = page.evaluate("xs => window.dossierSearch.init().then(() => xs.map(x => window.dossierSearch.normalize(x)))",
                           samples)          # init: the table is loaded on first use (run alone, nothing has used it)
    assert folded == [normalize(s) for s in samples]


def test_no_request_leaves_the_site(page):
    assert page.requests and all(u.startswith(page.base) for u in page.requests), \
        [u for u in page.requests if not u.startswith(page.base)]


def test_every_name_and_alias_finds_its_page(bundled: Project, page):
    """All names, Latin names and aliases of every actor and place, and the aliases of events
    («سقوط حلب»: hundreds of queries, run through the page's own search function): each finds its
    record among the first 3 results."""
    from generator.diagnostics import Diagnostics
    from generator.load import load_corpus

    c = load_corpus(bundled.data, bundled.root, Diagnostics())
    cases = [(name, f"{folder}/{e.id}/") for folder, table in (("actors", c.actors), ("places", c.places))
             for e in table.values() for name in (e.name, e.latin, *e.aliases) if name]
    cases += [(name, f"events/{e.id}/") for e in c.events.values() for name in e.aliases]
    ranks = page.evaluate("""async (cases) => {
        await window.dossierSearch.init();
        const out = [];
        for (const [q, expected] of cases) {
          const r = await window.dossierSearch.search(q);
          out.push(r.hits.map(h => h.url).indexOf(expected));
        }
        return out; }""", cases)
    missed = [(q, exp, rank) for (q, exp), rank in zip(cases, ranks) if not 0 <= rank <= 2]
    assert len(cases) > 500 and any(e.aliases for e in c.events.values()) and not missed, missed[:20]


def test_an_impossible_date_is_a_date_that_finds_nothing(page):
    """Not a fallback to its words: "31 فبراير 2024" must not find pages about 2024 or the 31st."""
    keys = page.evaluate("qs => qs.map(q => window.dossierSearch.dateKeys(q))",
                         ["٣١ فبراير ٢٠٢٤", "2024-02-30", "31/11/2024", "8 ديسمبر 2024"])
    assert keys == [[], [], [], ["d20241208"]]


# ---- the box at the keyboard: a reader who never touches the mouse ------------------------------

ERROR = "تعذّر تحميل فهرس البحث"
IN_RESULTS = "document.activeElement.closest('#dossier-search-results') !== null"


@pytest.fixture(scope="module")
def base(bundled: Project):
    with serve(bundled.root / "site") as url:
        yield url


@pytest.fixture
def fresh(base, chromium):
    """A new page (and context) per call, so a test can navigate, route or slow the network
    without disturbing the shared `page`."""
    contexts = []

    def open_page(path="actors/irgc/", width=1280, init_script=None):
        context = chromium.new_context(viewport={"width": width, "height": 800})
        contexts.append(context)
        if init_script:
            context.add_init_script(init_script)
        p = context.new_page()
        p.base = base
        p.goto(base + path)
        return p

    yield open_page
    for context in contexts:
        context.close()


def open_search(p, width):
    """Open the box as a reader does: at phone width it hides behind the header's magnifier."""
    if width < 960:
        p.click("label.md-header__button[for=__search]")
    else:
        p.locator("#dossier-search-input").click()
    p.wait_for_function("document.activeElement.id === 'dossier-search-input'")


def search_for(p, query, width=1280):
    """Open the box, type `query` key by key and wait for its results."""
    open_search(p, width)
    p.keyboard.type(query, delay=15)
    wait_results(p, query)


def is_open(p) -> bool:
    return p.evaluate("document.getElementById('__search').checked")


def wait_results(p, query, timeout=10_000):
    p.wait_for_function("q => document.getElementById('dossier-search-results').dataset.query === q",
                        arg=query, timeout=timeout)


@pytest.mark.parametrize("width", [1280, 375])
def test_tabbing_out_of_the_results_closes_the_search(fresh, width):
    """Focusing the box checks Material's search toggle and only Escape unchecked it: tabbing past
    the results into the page left the page greyed out under the overlay (1280 px), or the whole
    screen white (375 px) while focus moved along page links nobody could see."""
    p = fresh(width=width)
    search_for(p, "قسد", width)
    links = p.locator("#dossier-search-results a").count()
    assert links > 1
    p.keyboard.press("Tab")                                   # the results' scroll area
    p.keyboard.press("Tab")                                   # the first result
    assert p.evaluate(IN_RESULTS) and is_open(p), "Tab from the box into the results keeps it open"
    p.keyboard.press("Shift+Tab")
    p.keyboard.press("Shift+Tab")
    assert p.evaluate("document.activeElement.id") == "dossier-search-input" and is_open(p)
    for _ in range(links + 40):
        p.keyboard.press("Tab")
        if p.evaluate("document.activeElement.closest('.md-content') !== null"):
            break
    assert p.evaluate("document.activeElement.closest('.md-content') !== null"), "never reached the page"
    assert not is_open(p), "focus is on the page, the search must close"
    # and the focused link is what the reader sees at its place, not the overlay or the white panel
    p.wait_for_function("""() => { const el = document.activeElement, r = el.getBoundingClientRect();
        const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return at !== null && el.contains(at); }""", timeout=3_000)


def test_clicking_a_result_and_escape_still_work(fresh):
    p = fresh()
    search_for(p, "قسد")
    p.keyboard.press("Escape")
    assert not is_open(p) and p.evaluate("document.activeElement.id") != "dossier-search-input"
    open_search(p, 1280)
    assert is_open(p)
    first = p.locator("#dossier-search-results a").first
    href = first.get_attribute("href")
    first.click()
    p.wait_for_url(href, timeout=5_000)


def test_escape_on_a_result_closes_the_search(fresh):
    """Escape closed the search from the box only; on a result it did nothing."""
    p = fresh()
    search_for(p, "قسد")
    p.keyboard.press("ArrowDown")
    p.keyboard.press("ArrowDown")
    assert p.evaluate(IN_RESULTS)
    p.keyboard.press("Escape")
    assert not is_open(p) and not p.evaluate(IN_RESULTS)


def test_arrow_keys_move_between_the_box_and_the_results(fresh):
    """Tab reached the results, ArrowDown did nothing. Down and up are the same in RTL."""
    p = fresh()
    search_for(p, "قسد")
    hrefs = p.eval_on_selector_all("#dossier-search-results a", "els => els.map(e => e.href)")
    assert len(hrefs) > 2
    focused = "document.activeElement.href || document.activeElement.id"
    for key, expected in [("ArrowDown", hrefs[0]), ("ArrowDown", hrefs[1]), ("ArrowDown", hrefs[2]),
                          ("ArrowUp", hrefs[1]), ("ArrowUp", hrefs[0]), ("ArrowUp", "dossier-search-input")]:
        p.keyboard.press(key)
        assert p.evaluate(focused) == expected, key
    assert is_open(p)
    for _ in hrefs:
        p.keyboard.press("ArrowDown")
    p.keyboard.press("ArrowDown")                              # past the last: stays on it
    assert p.evaluate(focused) == hrefs[-1] and is_open(p)
    p.keyboard.press("Enter")
    p.wait_for_url(hrefs[-1], timeout=5_000)


def test_an_index_that_cannot_load_says_so_and_is_tried_again(fresh):
    """meta.json answering 404 left «اكتب حرفين على الأقل للبحث» under the box whatever was typed
    (the failed load was not caught), and the failure was kept, so the search never came back."""
    p = fresh()
    p.route("**/search/meta.json", lambda route: route.fulfill(status=404, body="not found"))
    open_search(p, 1280)
    p.keyboard.type("دمش", delay=15)
    p.wait_for_function("e => document.getElementById('dossier-search-meta').textContent === e",
                        arg=ERROR, timeout=5_000)
    assert p.locator("#dossier-search-results a").count() == 0
    p.unroute("**/search/meta.json")
    p.keyboard.type("ق", delay=15)                            # the next keystroke loads it again
    wait_results(p, "دمشق", timeout=5_000)
    assert "places/damascus/" in [h.removeprefix(p.base) for h in
                                  p.eval_on_selector_all("#dossier-search-results a", "els => els.map(e => e.href)")]
    assert p.inner_text("#dossier-search-meta") != ERROR


# every fetch 300 ms late, so the results of a query cannot be there when Enter follows it
SLOW_NETWORK = """{ const real = window.fetch;
  window.fetch = (...args) => new Promise((ok) => setTimeout(ok, 300)).then(() => real(...args)); }"""


@pytest.mark.parametrize("how", ["paste", "type"])
def test_enter_before_the_results_opens_the_first_once_they_come(fresh, how):
    """Enter opened the first result already in the list: typed fast or pasted, then Enter at once,
    it did nothing (the list was empty or an older query's), and 150 ms later it worked."""
    p = fresh(init_script=SLOW_NETWORK)
    open_search(p, 1280)
    if how == "paste":
        p.keyboard.insert_text("دمشق")
    else:
        p.keyboard.type("دمشق", delay=15)
    p.keyboard.press("Enter")
    assert p.evaluate("document.getElementById('dossier-search-results').dataset.query") != "دمشق", \
        "the results came before Enter: the test shows nothing"
    p.wait_for_url(p.base + "places/damascus/", timeout=5_000)


def test_enter_before_no_results_stays_and_says_so(fresh):
    p = fresh(init_script=SLOW_NETWORK)
    open_search(p, 1280)
    p.keyboard.insert_text("xyzzy")
    p.keyboard.press("Enter")
    wait_results(p, "xyzzy")
    assert p.inner_text("#dossier-search-meta") == "لا نتائج"
    p.wait_for_timeout(200)                                   # a navigation would have begun by now
    assert p.url == p.base + "actors/irgc/"
