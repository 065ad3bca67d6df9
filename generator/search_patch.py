"""The search files of an incremental build, patched from the previous generation's.

A from-scratch index weighs all ~47,000 documents of a 10,000-article corpus, gathers 1.8 million
postings and dumps ~3,400 files: ~4 s of every rebuild, for one new article whose pages hold a
few hundred keys. Here only the documents of the pages the plan renders again (plus those whose
stable number moved, and those whose page is gone) are made and weighed; the shard groups holding
their old or new keys are read back from the previous generation, their postings replaced, and
dumped; so are the chunks they sit in. Every other shard and chunk is kept as it is.

Why a kept page's document cannot have changed: a document is made from what its page shows (an
entity's names, kind and description; an event's title, summary, date, kind, quotes and the
names of its actors and places; an article's title, date, outlet and relays; a day's event
titles), and the plan renders a page again whenever anything it shows changes (incremental.py).
The vocabularies and the code are in the cache's fingerprint: changing them renders everything.
The incremental tests compare every search file with a from-scratch build's after each kind of
edit.

Only used when the last build's document memo describes the published generation whole (a lost
cache shard leaves fewer documents than its meta.json counts): the old numbers are computed from
its URLs, the old keys read from it.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections import defaultdict
from pathlib import Path
from typing import Iterator

from . import paths, search_index
from .compactjson import loads
from .search_index import (CHUNK, FORMAT_VERSION, SearchIndex, Weighed, _dump, chunk_path, clear_memos,
                           closing_files, document_at, document_urls, group_files, known_numbering, numbers_of,
                           part_of, renumbered, shard_path, table_size)
from .write import KEEP


def patched_files(ix, site, memo: dict[str, Weighed], render: set[str],
                  previous: Path) -> list[tuple[str, str]] | None:
    """The search files, those that change as JSON and the others as KEEP; None when the previous
    generation cannot be patched (a file missing or damaged, another format, or the numbering table
    changed size as the corpus doubled or halved: then every number moves and a full index is the
    same work). The memo is brought up to date either way.

    The documents made are those of the pages the plan renders again, of the pages that came, and
    of those whose number moved; the pages that went are the memo's addresses no longer listed
    (`document_urls`): nothing walks the 47,000 documents. A document made again with the digest
    the memo holds (its texts and chunk entry) at the same number changes nothing, and is left out:
    most pages rendered again show a new line, not a new name."""
    try:
        meta = _read(previous, "search/meta.json")
    except (OSError, ValueError):
        return None
    urls = document_urls(ix)
    if (meta.get("v") != FORMAT_VERSION or meta.get("chunk") != CHUNK or meta.get("docs") != len(memo)
            or table_size(len(memo)) != table_size(len(urls))):
        return None
    added = [url for url in urls if url not in memo]
    removed: list[str] = []
    if len(urls) - len(added) != len(memo):             # some went (or an address is listed twice)
        now = set(urls)
        removed = [url for url in memo if url not in now]
        if len(now) != len(urls):
            return None
    old_numbers = known_numbering(memo.keys()) or numbers_of(list(memo))
    numbers, moved = renumbered(old_numbers, added, removed)

    document = document_at(ix, site)
    index = SearchIndex(memo)
    before: dict[str, Weighed] = {}            # the last build's keys and weights of what changes
    changed: dict[str, tuple] = {}             # url → (keys, weights, chunk entry)
    moved_or_added = {*moved, *added}
    for url in {*(paths.url(page, "") for page in render), *moved_or_added}:
        doc = document(url)
        if doc is None:
            continue                           # not a page search finds, or gone
        was = memo.get(url)
        keys, weights = index.weigh(doc)
        if was is not None and memo[url] is was and url not in moved_or_added:
            continue        # made again as it was published (~9 in 10 rendered pages): postings and chunk stay
        if was is not None:
            before[url] = was
        changed[url] = (keys, weights, [doc.url, doc.title, doc.kind, doc.excerpt])
    if len(changed.keys() & numbers.keys()) != len(changed) or not changed.keys() >= moved_or_added:
        return None
    for url in removed:
        before[url] = memo.pop(url)
    clear_memos()

    out: list[tuple[str, str]] = []
    try:
        shards, split = _patch_shards(previous, meta, numbers, old_numbers, before, changed, out)
        _patch_chunks(previous, numbers, old_numbers, before, changed, out)
        present = {f"search/{folder}/{name}" for folder in ("t", "d")
                   for name in os.listdir(previous / "search" / folder)}
        if any(content is KEEP and path not in present for path, content in out):
            return None
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return None        # a previous file is missing or damaged: index from scratch (the memo is current)
    out.extend(closing_files(len(urls), shards, split))
    return out


def _patch_shards(previous: Path, meta: dict, numbers: dict[str, int], old_numbers: dict[str, int],
                  before: dict[str, Weighed], changed: dict[str, tuple],
                  out: list) -> tuple[list[str], list[str]]:
    """Re-encode the shard files holding a key whose postings change; returns the new shard and
    split lists. A group (keys sharing two first letters) split by three letters stays split while
    it is larger than SPLIT_BYTES, so only its parts holding such keys are read and written (the
    groups of common letters are the large ones, and a new article touches most of them)."""
    drop, adds = _posting_changes(numbers, old_numbers, before, changed)
    touched: dict[str, set[str]] = defaultdict(set)            # group → its keys whose postings change
    for key in drop.keys() | adds.keys():
        touched[key[:2]].add(key)
    files: dict[str, list[str]] = defaultdict(list)            # group → its shard files now published
    for shard in meta["shards"]:
        files[shard[:2]].append(shard)
    was_split = set(meta["split"])

    shards: list[str] = []
    split: list[str] = []
    for group, names in files.items():
        if group not in touched:
            shards += names
            split += [group] if group in was_split else []
            out.extend((shard_path(s), KEEP) for s in names)
    for group in sorted(touched):
        if group in was_split:
            parts = _patch_split_group(previous, files[group], touched[group], drop, adds, out)
            if parts is not None:
                shards += parts
                split += [group] if parts else []
                continue
        table: dict[str, list[int]] = {}                       # the whole group, re-encoded
        for shard in files.get(group, ()):
            table.update(_read(previous, shard_path(shard)))
        _patch_keys(table, touched[group], drop, adds)
        if not table:
            continue                                           # no key of this group is left
        is_split, written = group_files(group, {k: table[k] for k in sorted(table)})
        split += [group] if is_split else []
        for shard, text in written:
            shards.append(shard)
            out.append((shard_path(shard), text))
    return shards, split


def _posting_changes(numbers: dict[str, int], old_numbers: dict[str, int], before: dict[str, Weighed],
                     changed: dict[str, tuple]) -> tuple[dict[str, set[int]], dict[str, list[int]]]:
    """key → numbers of the documents whose code goes, key → codes that come."""
    drop: dict[str, set[int]] = defaultdict(set)
    adds: dict[str, list[int]] = defaultdict(list)
    for url in before.keys() | changed.keys():
        old_number, number = old_numbers.get(url), numbers.get(url)
        old = dict(zip(before[url][1].split("\n"), before[url][2])) if url in before and before[url][1] else {}
        new = dict(zip(*changed[url][:2])) if url in changed else {}
        if old_number == number:            # the same document re-weighed: only the codes that differ move
            old, new = ({k: w for k, w in old.items() if new.get(k) != w},
                        {k: w for k, w in new.items() if old.get(k) != w})
        for key in old:
            drop[key].add(old_number)
        for key, weight in new.items():
            adds[key].append(number << 7 | weight)
    return drop, adds


def _patch_split_group(previous: Path, names: list[str], keys: set[str], drop: dict, adds: dict,
                       out: list) -> list[str] | None:
    """Patch the parts of a split group that hold `keys`, keep the others; None when the group is
    no longer larger than SPLIT_BYTES (its whole text is then re-encoded as one file)."""
    touched: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        touched[part_of(key)].add(key)
    texts: dict[str, bytes] = {}
    for part, part_keys in touched.items():
        table = _read(previous, shard_path(part)) if part in names else {}
        _patch_keys(table, part_keys, drop, adds)
        if table:
            texts[part] = _dump({k: table[k] for k in sorted(table)})
    parts = sorted(texts.keys() | {p for p in names if p not in touched})
    sizes = [len(texts[p]) if p in texts else os.stat(f"{previous}/{shard_path(p)}").st_size for p in parts]
    if joined_size(sizes) <= search_index.SPLIT_BYTES:
        return None
    out.extend((shard_path(p), texts.get(p, KEEP)) for p in parts)
    return parts


def joined_size(part_sizes: list[int]) -> int:
    """Bytes of one JSON object holding the members of objects of these sizes: each part's members,
    a comma between two parts, one pair of braces."""
    return sum(size - 2 for size in part_sizes) + len(part_sizes) - 1 + 2


def _patch_keys(table: dict[str, list[int]], keys: set[str], drop: dict, adds: dict) -> None:
    """Remove and insert postings of `keys` in place. A key's flat list [doc, weight, …] is
    sorted by document: codes are placed by bisection instead of decoding and sorting the list
    again (the keys of common words hold ~10,000 documents)."""
    for key in keys:
        flat = table.pop(key, None) or []
        docs, weights = flat[0::2], flat[1::2]
        for number in drop.get(key, ()):
            i = bisect_left(docs, number)
            if i < len(docs) and docs[i] == number:
                del docs[i], weights[i]
        for code in adds.get(key, ()):
            i = bisect_left(docs, code >> 7)
            docs.insert(i, code >> 7)
            weights.insert(i, code & 127)
        if docs:
            merged = [0] * (2 * len(docs))
            merged[0::2], merged[1::2] = docs, weights
            table[key] = merged


def _read(previous: Path, rel: str):
    """A JSON file of the published generation (a shard or a chunk). Its path is joined as text:
    a one-article rebuild at 10,000 articles reads ~300 shards and chunks and measures ~1,800
    parts of split groups, and pathlib's joins cost more than the reads."""
    with open(f"{previous}/{rel}", "rb") as handle:
        return loads(handle.read())


def _patch_chunks(previous: Path, numbers: dict[str, int], old_numbers: dict[str, int],
                  before: dict[str, Weighed], changed: dict[str, tuple], out: list) -> None:
    """Rewrite the document chunks where a changed document was or is; keep the others."""
    touched = {old_numbers[url] // CHUNK for url in before} | {numbers[url] // CHUNK for url in changed}
    old_chunks = _chunks_of(old_numbers)
    emptied: set[int] = set()
    for chunk in sorted(old_chunks | touched):
        if chunk not in touched:
            out.append((chunk_path(chunk), KEEP))
            continue
        entries = []
        if chunk in old_chunks:
            entries = _read(previous, chunk_path(chunk))
        entries += [None] * (CHUNK - len(entries))
        for url in before:
            if old_numbers[url] // CHUNK == chunk:
                entries[old_numbers[url] % CHUNK] = None
        for url, (_, _, entry) in changed.items():
            if numbers[url] // CHUNK == chunk:
                entries[numbers[url] % CHUNK] = entry
        while entries and entries[-1] is None:
            entries.pop()
        if entries:
            out.append((chunk_path(chunk), _dump(entries)))
        else:
            emptied.add(chunk)
    _chunks[:] = [numbers, (old_chunks | touched) - emptied]


def _chunks_of(numbers: dict[str, int]) -> set[int]:
    """The chunks holding a document of this numbering: those the last patch left, when it is the
    numbering that patch made (renumbered hands it on), else gathered from every number."""
    if _chunks[0] is not numbers:
        _chunks[:] = [numbers, {n // CHUNK for n in numbers.values()}]
    return _chunks[1]


_chunks: list = [None, set()]          # a numbering, the chunks holding its documents
