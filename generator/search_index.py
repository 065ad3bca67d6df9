"""The dossier's own search index: normalised, proclitic-aware, sharded so a query loads little.

Why not Material's search: with Arabic it matches exact prefixes only (no hamza, ة/ه, ى/ي, digit
or tatweel folding) and its index grows to tens of MB; see README "Search". Here, every page
becomes a document whose words are folded with `arabic.normalize` (the same table the browser
uses, published as search/arabic.json) and indexed under keys without attached و ف ب ل ك / ال.
Keys are grouped by their first two letters into shard files (three when a shard grows large);
a query loads meta.json, the shards of its words and the document chunks of its top results.

Files written under docs/search/:
    meta.json            shard list, document count, chunk size, format version
    arabic.json          the normalisation table (copy of generator/arabic.json)
    t/<hex>.json         {key: [doc, weight, doc, weight, …]} for keys starting with <prefix>
    d/<n>.json           [[url, title, kind, excerpt text] or null, …] for document numbers n*CHUNK …

Document numbers are stable: each page's number comes from a hash of its URL (open addressing in a
table at most half full), not from its position in a list. Adding one article therefore renumbers
no other page, and a rebuild rewrites only the shards that hold the new page's words and the one
chunk it lands in, instead of every chunk after it (1,744 needless rewrites at 10,000 articles).
"""

from __future__ import annotations

import hashlib
import sys
import zlib
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import chain
from typing import Callable, Iterator
from datetime import date

from . import paths
from .compactjson import dumps_bytes
from .arabic import DATA_PATH, normalize, strip_proclitics, word_list
from .dates import GULF_MONTHS, LEVANT_MONTHS, format_day, format_month, format_span

CHUNK = 64                 # documents per chunk file
SPLIT_BYTES = 48_000       # a two-letter shard file larger than this (bytes) is split by three letters
EXCERPT_CHARS = 700
ARTICLE_PREFIXES = ("ال", "وال", "بال", "فال", "كال", "لل", "ولل", "فلل")
FORMAT_VERSION = 2


def _clip(text: str) -> str:
    """An excerpt of at most EXCERPT_CHARS, cut between words and marked as cut («…»): it was cut
    mid-word and showed no sign of it."""
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text[:EXCERPT_CHARS - 2]
    return cut[:cut.rfind(" ")].rstrip(" …·") + " …" if " " in cut else cut + "…"


@lru_cache(maxsize=200_000)
def index_keys(word: str) -> frozenset[str]:
    """The keys a normalised word is indexed (and searched) under.

    The word itself, unless it starts with the article (those words are always found through
    their stem), plus its forms without proclitics, except the forms that keep the article.
    """
    keys = {f for f in strip_proclitics(word) if not f.startswith("ال")}
    if not word.startswith(ARTICLE_PREFIXES):
        keys.add(word)
    return frozenset(keys)


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """A whole name as one key ("=" + its folded letters, article dropped): an exact-name bonus."""
    folded = "".join(normalize(name).split())
    if folded.startswith("ال") and len(folded) > 4:
        folded = folded[2:]
    return sys.intern("=" + folded)


def day_keys(d: date) -> list[str]:
    return [f"d{d:%Y%m%d}", f"dm{d:%m%d}"]


def month_key(year: int, month: int) -> str:
    return f"m{year:04d}{month:02d}"


# A document's keys and weights as remembered between builds: (digest of its texts and of its chunk
# entry, its keys joined by newlines, one weight byte per key). One string per document keeps the
# cache cheap to pickle. The entry is in the digest so that a rebuild knows a document it made again
# is the one published, chunk entry included (search_patch then leaves it alone).
Weighed = tuple[bytes, str, bytes]


@dataclass
class Document:
    url: str
    title: str
    kind: str
    excerpt: str
    fields: list[tuple[str, int]] = field(default_factory=list)   # (text, weight); one per name/quote/summary
    keys: list[str] = field(default_factory=list)   # synthetic exact keys (dates), high weight
    names: list[str] = field(default_factory=list)  # whole names: typing one exactly ranks first


class SearchIndex:
    """Documents reduced, as they are added, to what the files need: the chunk entry (url, title,
    kind, excerpt), the document's keys and their weights (one byte each). Postings are gathered
    per key as `array('I')` of `number << 7 | weight`, so sorting a key's codes sorts its documents.

    At 10,000 articles the first version kept every Document with its field texts, then a
    {key: {doc: weight}} table of 1.8 million Python ints: ~300 MB of the build's ~1 GB peak.
    """

    def __init__(self, memo: dict[str, Weighed] | None = None):
        self.entries: list[tuple[str, str, str, str]] = []
        self.doc_keys: list[tuple[str, ...]] = []
        self.doc_weights: list[bytes] = []
        self.memo = memo

    def add(self, doc: Document) -> None:
        keys, weights = self.weigh(doc)
        self.entries.append((doc.url, doc.title, doc.kind, doc.excerpt))
        self.doc_keys.append(keys)
        self.doc_weights.append(weights)

    def weigh(self, doc: Document) -> tuple[tuple[str, ...], bytes]:
        """The document's keys and their weights; from `memo` when its texts (and chunk entry) are
        the ones the memo's entry was computed from, which is then left as it was (a rebuild re-weighs only the documents that changed:
        weighing all 47,000 documents of a 10,000-article corpus took ~4.4 s of every rebuild)."""
        if self.memo is None:
            weights = doc_weights(doc)
            return tuple(weights), bytes(weights.values())
        digest = hashlib.blake2b(repr((doc.fields, doc.keys, doc.names, doc.title, doc.kind, doc.excerpt)).encode(),
                                 digest_size=16).digest()
        hit = self.memo.get(doc.url)
        if hit is not None and hit[0] == digest:
            return tuple(map(sys.intern, hit[1].split("\n"))) if hit[1] else (), hit[2]
        weights = doc_weights(doc)
        keys, values = tuple(weights), bytes(weights.values())
        self.memo[doc.url] = (digest, "\n".join(keys), values)      # keys never hold whitespace
        return keys, values

    def numbers(self) -> list[int]:
        """Each document's stable number (see `numbers_of`), in the order the documents were added."""
        slot_of = numbers_of([e[0] for e in self.entries])
        return [slot_of[e[0]] for e in self.entries]

    def postings(self, numbers: list[int]) -> dict[str, array]:
        """key → codes `number << 7 | weight` of the documents it occurs in."""
        table: dict[str, array] = {}
        for n, keys, weights in zip(numbers, self.doc_keys, self.doc_weights):
            base = n << 7
            for key, weight in zip(keys, weights):
                codes = table.get(key)
                if codes is None:
                    codes = table[key] = array("I")
                codes.append(base | weight)
        return table

    def files(self) -> Iterator[tuple[str, str | bytes]]:
        """Every file of the index, (path under docs/, JSON), each dumped when it is yielded: at
        10,000 articles the index is ~45 MB of JSON, ~90 MB as Python strings if held at once."""
        numbers = self.numbers()
        table = self.postings(numbers)
        by_prefix: dict[str, list[str]] = defaultdict(list)
        for key in table:
            by_prefix[key[:2]].append(key)
        shards: list[str] = []
        split: list[str] = []
        for prefix in sorted(by_prefix):
            is_split, files = group_files(prefix, {k: _flat(table[k]) for k in sorted(by_prefix[prefix])})
            if is_split:
                split.append(prefix)
            for shard, text in files:
                shards.append(shard)
                yield shard_path(shard), text
        del table, by_prefix
        chunks: dict[int, list] = {}
        for n, entry in zip(numbers, self.entries):
            chunk = chunks.setdefault(n // CHUNK, [None] * CHUNK)
            chunk[n % CHUNK] = list(entry)
        for number, chunk in sorted(chunks.items()):
            while chunk[-1] is None:
                chunk.pop()
            yield chunk_path(number), _dump(chunk)
        yield from closing_files(len(self.entries), shards, split)


def numbers_of(urls: list[str]) -> dict[str, int]:
    """Each document's stable number, in a table whose size is a power of two ≥ 2 × documents.

    Documents claim slots in URL order, each from `crc32(url) % size` onwards, so the same set
    of pages always gets the same numbers and one new page moves at most the few pages whose
    probe runs it crosses. The size only changes when the corpus doubles.
    """
    for known in _numbered:
        if len(known) == len(urls) and known.keys() == set(urls):
            return known
    size = table_size(len(urls))
    taken: set[int] = set()
    slot_of: dict[str, int] = {}
    for url in sorted(urls):
        slot = zlib.crc32(url.encode("utf-8")) % size
        while slot in taken:
            slot = (slot + 1) % size
        taken.add(slot)
        slot_of[url] = slot
    _numbered[:] = [slot_of, *_numbered[:1]]
    return slot_of


def known_numbering(urls) -> dict[str, int] | None:
    """The numbering `numbers_of` made last for exactly these URLs (a set or a dict's keys), if
    it is still at hand."""
    for known in _numbered:
        if len(known) == len(urls) and known.keys() == urls:
            return known
    return None


def renumbered(numbers: dict[str, int], added: list[str], removed: list[str]) -> tuple[dict[str, int], list[str]]:
    """`numbers_of` of the URLs of `numbers` (their numbering) with `added` and without `removed`,
    found, while the table keeps its size, by placing again only the documents whose slot can move;
    with the URLs whose number is new or changed. Sorting and hashing 47,000 URLs again was
    ~0.1 s of a one-article rebuild at 10,000 articles.

    Why it is exact: in linear probing, where a document lands depends only on the documents of
    its run of occupied slots and on the order they come in (it probes from its own slot on, and
    stops at the first free one). The documents of the runs that held a removed document, and the
    added ones, are placed again, in URL order, every other slot held as it is; as soon as one of
    them probes a slot held by another run, that run joins them and they are all placed again.
    When none does, the runs left alone would have been placed as they were, and so are these."""
    if not added and not removed:
        return numbers, []
    size = table_size(len(numbers))
    if table_size(len(numbers) + len(added) - len(removed)) != size:      # every number moves
        gone = set(removed)
        out = numbers_of([url for url in numbers if url not in gone] + list(added))
        return out, [url for url, slot in out.items() if numbers.get(url) != slot]
    held = _inverse[1] if _inverse[0] is numbers else {slot: url for url, slot in numbers.items()}
    _inverse[:] = [None, None]            # changed below: the inverse of no numbering until it is done
    for url in removed:
        del held[numbers[url]]
    moving = set(added)

    def release(slot: int) -> None:
        """The documents of the run of held slots around `slot` move."""
        while (slot - 1) % size in held:
            slot = (slot - 1) % size
        while slot in held:
            moving.add(held.pop(slot))
            slot = (slot + 1) % size

    for url in removed:
        release((numbers[url] - 1) % size)
        release((numbers[url] + 1) % size)
    while True:
        placed: dict[str, int] = {}
        taken: set[int] = set()
        blocked = None
        for url in sorted(moving):
            slot = zlib.crc32(url.encode("utf-8")) % size
            while slot in taken:
                slot = (slot + 1) % size
            if slot in held:
                blocked = slot
                break
            taken.add(slot)
            placed[url] = slot
        if blocked is None:
            break
        release(blocked)
    out = dict(numbers)
    for url in removed:
        del out[url]
    out.update(placed)
    for url, slot in placed.items():
        held[slot] = url
    moved = [url for url, slot in placed.items() if numbers.get(url) != slot]
    _numbered[:] = [out, *_numbered[:1]]
    _inverse[:] = [out, held]
    return out, moved


# The last numbering `renumbered` made and its inverse (slot → URL), which the next one starts from.
_inverse: list = [None, None]


# The last two numberings made (read only, never changed by their callers): a rebuild numbers the
# pages of the new build and those of the last one, which the build before it numbered as its
# new ones (58,000 URLs sorted and hashed, 0.07 s each time at 10,000 articles).
_numbered: list[dict[str, int]] = []


def table_size(documents: int) -> int:
    size = CHUNK
    while size < 2 * documents:
        size *= 2
    return size


def group_files(prefix: str, encoded: dict[str, list[int]]) -> tuple[bool, list[tuple[str, bytes]]]:
    """The shard files of the keys starting with `prefix` (sorted {key: flat postings}): one file,
    or, when that file would exceed SPLIT_BYTES, one per three-letter prefix (keys of two letters
    stay in the file named by the two). Returns (split or not, [(shard, JSON)])."""
    text = _dump(encoded)
    if len(prefix) < 2 or len(text) <= SPLIT_BYTES:
        return False, [(prefix, text)]
    parts: dict[str, dict[str, list[int]]] = {}
    for k, v in encoded.items():
        parts.setdefault(part_of(k), {})[k] = v
    return True, [(part, _dump(parts[part])) for part in sorted(parts)]


def part_of(key: str) -> str:
    """The shard file of `key` in a split group: its first three letters (two for a two-letter key)."""
    return key[:3] if len(key) > 2 else key[:2]


def shard_path(shard: str) -> str:
    return f"search/t/{_hex(shard)}.json"


def chunk_path(number: int) -> str:
    return f"search/d/{number}.json"


def closing_files(documents: int, shards: list[str], split: list[str]) -> Iterator[tuple[str, str | bytes]]:
    """meta.json (what a query loads first: the shard list, which groups are split) and the
    folding table the browser uses."""
    meta = {"v": FORMAT_VERSION, "docs": documents, "chunk": CHUNK, "shards": sorted(shards), "split": sorted(split)}
    yield "search/meta.json", _dump(meta)
    yield "search/arabic.json", DATA_PATH.read_text(encoding="utf-8")


def doc_weights(doc: Document) -> dict[str, int]:
    """A document's keys and weights. A key's weight is the sum of the weights of the fields it
    occurs in, once per occurrence, capped at 60 (all increments are positive, so capping the sum
    once gives the same figure as capping after each step); exact keys and whole names weigh 100.

    The sum is counted in C: each field contributes its keys `weight` times to one list, and one
    `Counter` counts that list (the per-key Python loop it replaced was ~4 of the ~7 s spent
    weighing the 47,000 documents of a 10,000-article corpus)."""
    keys: list[str] = []
    extend = keys.extend
    for text, weight in doc.fields:
        found = _short_text_keys(text) if len(text) <= SHORT_TEXT else tuple(_text_keys(text))
        extend(found if weight == 1 else found * weight)
    weights = {key: (value if value < 60 else 60) for key, value in Counter(keys).items()}
    for key in doc.keys:
        weights[key] = 100
    for name in doc.names:
        key = name_key(name)
        if len(key) > 1:
            weights[key] = 100
    return weights


SHORT_TEXT = 160        # names, labels, titles, summaries: they recur across documents; quotes do not


def _text_keys(text: str) -> Iterator[str]:
    """The keys of every word of `text`, in order, a key once per occurrence of its word.

    Folded whitespace-separated token by token: `normalize` maps each character on its own and
    keeps whitespace, so this is `index_keys` over `word_list(normalize(text))`, but a corpus has
    few distinct tokens (~13,000 at 10,000 articles) and its 460,000 field texts no longer each
    pay `str.translate` with a 60,000-entry table (~12 µs per text)."""
    return chain.from_iterable(map(_token_keys, text.split()))


@lru_cache(maxsize=200_000)
def _token_keys(token: str) -> tuple[str, ...]:
    return tuple(chain.from_iterable(map(index_keys, word_list(normalize(token)))))


@lru_cache(maxsize=200_000)
def _short_text_keys(text: str) -> tuple[str, ...]:
    """`_text_keys` of a short text that recurs (a name on every event it takes part in, an event
    title on its day's document); cleared after each index, like `_token_keys`."""
    return tuple(_text_keys(text))


def _flat(codes: array) -> list[int]:
    flat: list[int] = []
    for code in sorted(codes):
        flat.extend((code >> 7, code & 127))
    return flat


def _hex(prefix: str) -> str:
    return prefix.encode("utf-8").hex()


def _dump(data) -> bytes:
    """A file of the index as UTF-8, as the writer writes it (no text decoded to encode it again)."""
    return dumps_bytes(data)


def date_title_forms(d: date) -> list[str]:
    """Every common way of writing a day, so the date page is found however it is typed."""
    return [d.isoformat(), f"{d.day} {GULF_MONTHS[d.month - 1]} {d.year}",
            f"{d.day} {LEVANT_MONTHS[d.month - 1]} {d.year}", f"{d.day}/{d.month}/{d.year}"]


def build_search_index(ix, site, memo: dict[str, Weighed] | None = None) -> SearchIndex:
    """One document per page a reader may look for: entities, events, sources, days, months, sections.
    `memo`: the keys and weights of the last build's documents, by url (updated in place)."""
    index = SearchIndex(memo)
    for _, make in document_sources(ix, site):
        index.add(make())
    clear_memos()
    if memo is not None:
        pages = {entry[0] for entry in index.entries}
        for url in [u for u in memo if u not in pages]:       # pages that are gone
            del memo[url]
    return index


def clear_memos() -> None:
    """Drop the folded-text memos: they only pay within one index (see `_text_keys`)."""
    _short_text_keys.cache_clear()
    _token_keys.cache_clear()


def document_sources(ix, site) -> Iterator[tuple[str, Callable[[], Document]]]:
    """(page, a function that makes its Document) for every page search finds, in index order.
    The Documents are made only when asked for (a full index makes them all)."""
    make = _Makers(ix, site)
    c = ix.corpus
    for a in sorted(c.actors.values(), key=lambda a: a.id):
        yield paths.actor(a.id), partial(make.entity, a, "فاعل", "actor-kinds")
    for p in sorted(c.places.values(), key=lambda p: p.id):
        yield paths.place(p.id), partial(make.entity, p, "مكان", "place-kinds")
    for e in ix.events:
        yield paths.event(e.id), partial(make.event, e)
    for art in sorted(c.articles.values(), key=lambda a: a.id):
        yield paths.article(art.id), partial(make.article, art)
    for d in ix.days:
        yield paths.day(d), partial(make.day, d)
    for ym in ix.months:
        yield paths.month(*ym), partial(make.month, ym)
    for page, _, _, _ in SECTIONS:
        yield page, partial(make.section, page)


def document_urls(ix) -> list[str]:
    """The address (`paths.url(page, "")`) of every page search finds, as `document_sources` lists
    them, written straight from the ids: an incremental build compares them with the last build's
    to find the pages that came and went (the walk over `document_sources`, a path and an address
    computed for each of 47,000 pages, was ~0.1 s of a one-article rebuild at 10,000 articles)."""
    c = ix.corpus
    urls = [f"actors/{i}/" for i in c.actors]
    urls += [f"places/{i}/" for i in c.places]
    urls += [f"events/{i}/" for i in c.events]
    urls += [f"sources/{i}/" for i in c.articles]
    urls += [f"dates/{d.isoformat()}/" for d in ix.days]
    urls += [f"chronology/{y:04d}-{mo:02d}/" if mo else f"chronology/{y:04d}/" for y, mo in ix.months]
    urls += SECTION_URLS
    return urls


def document_at(ix, site) -> Callable[[str], Document | None]:
    """A function giving the Document of the page at a `document_urls` address, None for an
    address search does not find (the page is gone, or not one search finds): what an
    incremental build makes for the pages it renders again, and those whose number moves."""
    make = _Makers(ix, site)
    c = ix.corpus
    sections = {url: page for url, page in zip(SECTION_URLS, (s[0] for s in SECTIONS))}

    def at(url: str) -> Document | None:
        if url in sections:
            return make.section(sections[url])
        folder, _, rest = url.partition("/")
        key = rest[:-1]
        if not rest.endswith("/") or "/" in key:
            return None
        if folder == "actors" and key in c.actors:
            return make.entity(c.actors[key], "فاعل", "actor-kinds")
        if folder == "places" and key in c.places:
            return make.entity(c.places[key], "مكان", "place-kinds")
        if folder == "events" and key in c.events:
            return make.event(c.events[key])
        if folder == "sources" and key in c.articles:
            return make.article(c.articles[key])
        try:
            if folder == "dates":
                d = date.fromisoformat(key)
                i = bisect_left(ix.days, d)
                return make.day(d) if i < len(ix.days) and ix.days[i] == d else None
            if folder == "chronology":
                ym = (int(key[:4]), int(key[5:]) if len(key) == 7 else 0)
                if len(key) not in (4, 7) or paths.month(*ym) != f"chronology/{key}.md":
                    return None
                i = bisect_left(ix.months, ym)
                return make.month(ym) if i < len(ix.months) and ix.months[i] == ym else None
        except ValueError:
            return None
        return None

    return at


class _Makers:
    """The Document of each kind of page."""

    def __init__(self, ix, site):
        self.ix, self.site, self.c = ix, site, ix.corpus

    def entity(self, e, what: str, vocabulary: str) -> Document:
        """An actor or place: found by its name, Latin name and every alias."""
        kind = self.site.label(vocabulary, e.kind)
        return Document(_url(paths.entity(e)), e.name, f"{what} · {kind}",
                        _clip(" · ".join(x for x in (e.latin, *e.other_names, e.description) if x)),
                        [(e.name, 12), (e.latin or "", 10), *((x, 9) for x in e.aliases), (kind, 2),
                         (e.description or "", 1), (e.id.replace("-", " "), 3)],
                        names=[e.name, *(x for x in (e.latin,) if x), *e.aliases])

    def event(self, e) -> Document:
        # The headline restates the summary's key words: a small bonus on top of the summary's
        # weight, not a field of its own (at 6, «بشار» put the fall of Assad above Bashar's page).
        c, site = self.c, self.site
        when = format_span(e.date, site.time_labels)
        quotes = " … ".join(r.quote for r in e.reports)
        names = [c.actors[p.actor].name for p in e.actors] + [c.places[p.place].name for p in e.places]
        return Document(_url(paths.event(e.id)), e.title, f"حدث · {site.label('event-kinds', e.kind)} · {when}",
                        _clip(f"{e.summary} … {quotes}"),
                        [(e.title, 2), (e.summary, 4), *((x, 9) for x in e.aliases), *((r.quote, 1) for r in e.reports),
                         *((x, 2) for x in names), (site.label("event-kinds", e.kind), 2)],
                        names=list(e.aliases))

    def article(self, art) -> Document:
        c = self.c
        outlet = c.actors[art.outlet].name if art.outlet else ""
        return Document(_url(paths.article(art.id)), art.title,
                        f"مصدر · {outlet or 'ناشر غير معروف'} · {format_day(art.published) if art.published else 'تاريخ غير معروف'}",
                        _clip(" · ".join(c.actors[r].name for r in art.relays)),
                        [(art.title, 8), (outlet, 4), *((c.actors[r].name, 2) for r in art.relays)])

    def day(self, d) -> Document:
        events = self.ix.day_events.get(d, [])
        titles = " · ".join(e.title for e in events)
        return Document(_url(paths.day(d)), format_day(d, levant=True, with_weekday=True), "يوم",
                        _clip(titles), [(" ".join(date_title_forms(d)), 6), *((e.title, 1) for e in events)],
                        keys=day_keys(d))

    def month(self, ym) -> Document:
        y, mo = ym
        return Document(_url(paths.month(y, mo)), format_month(y, mo, levant=True), "شهر" if mo else "سنة", "",
                        [(f"{GULF_MONTHS[mo - 1]} {LEVANT_MONTHS[mo - 1]} {y}" if mo else str(y), 5)],
                        keys=[month_key(y, mo)])

    def section(self, page: str) -> Document:
        _, title, words, excerpt = next(s for s in SECTIONS if s[0] == page)
        return Document(_url(page), title, "قسم", excerpt, [(title, 12), (words, 6)], names=[title])


def _url(page: str) -> str:
    return paths.url(page, "")


# The section pages, by their titles and what a reader calls them. Material's search found them; the
# first version of this index held record pages only, and «الخلافات» found one unrelated event.
SECTIONS = (
    (paths.HOME, "الرئيسية", "الصفحة الرئيسية البداية", "أحدث ما في الملف والخط الزمني"),
    (paths.CHRONOLOGY_INDEX, "التسلسل الزمني", "الخط الزمني تسلسل الأحداث الأشهر الشهور",
     "الأحداث شهراً بشهر"),
    ("events/index.md", "الأحداث حسب النوع", "أنواع الأحداث الأحداث", "الأحداث مصنّفة حسب نوعها"),
    ("dates/index.md", "الأيام", "التواريخ الأيام", "كل يوم له حدث أو مقال"),
    (paths.ACTORS_INDEX, "الفاعلون", "الأطراف الأشخاص الجماعات الدول الفاعلين", "الدول والجماعات والأشخاص"),
    (paths.PLACES_INDEX, "الأماكن", "المواقع المدن الخريطة الأماكن", "الأماكن على الخريطة"),
    (paths.SOURCES_INDEX, "المصادر", "المقالات الناشرون الصحف الوكالات المصادر", "المقالات وناشروها وما تنقل عنه"),
    (paths.DISPUTES_INDEX, "الخلافات بين المصادر", "الخلافات روايات متعارضة متنازع عليه تناقض التناقضات",
     "حيث تختلف المصادر فيما تقوله"),
)
SECTION_URLS = [paths.url(page, "") for page, _, _, _ in SECTIONS]
