"""Find the curated actors and places in a text through every name they are known by.

Matching runs over `arabic.normalize`d text (so hamza, ة/ه, ى/ي, diacritics, tatweel and
Arabic-Indic digits never matter) with one Aho–Corasick automaton (pyahocorasick) holding every
name, Latin name and alias. A hit counts only at a word's end and at a word's start, or after
proclitics attached to the word: the same و ف ب ل ك and ال forms that `arabic.PROCLITICS`
defines for search, including لل/ولل/فلل where the article's alef is elided ("للحرس الثوري").
Overlapping hits are resolved longest first, so "حزب الله" inside "كتائب حزب الله" or
"حركة حزب الله النجباء" is the other group, never a second mention of Hezbollah.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import ahocorasick

from .. import model as m
from ..arabic import PROCLITICS, normalize, normalize_with_map

_SINGLE = tuple(p for p in PROCLITICS if len(p) == 1)
_CONJUNCTIONS = tuple(p for p in _SINGLE if p in ("و", "ف"))
PLAIN_PREFIXES = frozenset({""} | set(_SINGLE)
                           | {c + p for c in _CONJUNCTIONS for p in _SINGLE if p not in _CONJUNCTIONS})
"""What may stand before a name inside its word: nothing, و ف ب ل ك, or و/ف with ب ل ك ("وبدمشق")."""
ELIDED_PREFIXES = frozenset(p for p in PROCLITICS if p.endswith("لل"))
"""Before a name that starts with ال, these replace its alef and lam: لل، ولل، فلل ("للحرس")."""


def is_word_char(ch: str) -> bool:
    """Letters and digits make words (as `arabic.words` splits them); anything else is a boundary."""
    return ch.isalnum()


@dataclass(frozen=True)
class Entry:
    id: str
    type: str           # actor | place
    name: str
    kind: str


@dataclass(frozen=True)
class Mention:
    entries: tuple[Entry, ...]   # usually one; a country is both an actor and a place
    start: int                   # offsets in the original text, name only (proclitics excluded)
    end: int
    text: str


class Gazetteer:
    """Every curated name, folded, in one automaton. Build once per run."""

    def __init__(self, actors: dict[str, m.Actor], places: dict[str, m.Place]):
        keys: dict[str, set[tuple[str, Entry]]] = defaultdict(set)
        self.entries: dict[tuple[str, str], Entry] = {}
        for table, kind in ((actors, "actor"), (places, "place")):
            for record in table.values():
                entry = Entry(record.id, kind, record.name, record.kind)
                self.entries[(kind, record.id)] = entry
                for name in (record.name, record.latin, *record.aliases):
                    folded = normalize(name or "")
                    if len(folded) < 2:
                        continue
                    keys[folded].add(("plain", entry))
                    if folded.startswith("ال") and len(folded) > 4:
                        keys[folded[2:]].add(("elided", entry))
        self.keys = {k: tuple(sorted(v, key=lambda x: (x[1].type, x[1].id, x[0]))) for k, v in keys.items()}
        self.automaton = ahocorasick.Automaton()
        for key, values in self.keys.items():
            self.automaton.add_word(key, (key, values))
        if self.keys:
            self.automaton.make_automaton()

    @classmethod
    def from_corpus(cls, corpus: m.Corpus) -> "Gazetteer":
        return cls(corpus.actors, corpus.places)

    def entry(self, kind: str, entity_id: str) -> Entry | None:
        return self.entries.get((kind, entity_id))

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions in text order, the longest name winning each overlap."""
        folded, where = normalize_with_map(text)
        if not self.keys or not folded:
            return []
        candidates: dict[tuple[int, int], set[Entry]] = defaultdict(set)
        for last, (key, values) in self.automaton.iter(folded):
            start, end = last - len(key) + 1, last + 1
            if end < len(folded) and is_word_char(folded[end]):
                continue
            word_start = start
            while word_start > 0 and is_word_char(folded[word_start - 1]):
                word_start -= 1
            prefix = folded[word_start:start]
            for mode, entry in values:
                if (mode == "plain" and prefix in PLAIN_PREFIXES) or (mode == "elided" and prefix in ELIDED_PREFIXES):
                    candidates[(start, end)].add(entry)
        taken: list[tuple[int, int]] = []
        chosen: list[Mention] = []
        for (start, end), entries in sorted(candidates.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0])):
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            o_start, o_end = where[start], where[end - 1] + 1
            chosen.append(Mention(tuple(sorted(entries, key=lambda e: (e.type, e.id))), o_start, o_end,
                                  text[o_start:o_end]))
        return sorted(chosen, key=lambda mention: mention.start)


@dataclass(frozen=True)
class EntityCount:
    id: str
    name: str
    type: str
    kind: str
    mentions: int
    first: int          # offset of the first mention, for a stable reading order


def count_entities(mentions: list[Mention]) -> list[EntityCount]:
    """One row per entity: most mentioned first, then in order of first appearance."""
    counts: dict[Entry, list[int]] = defaultdict(list)
    for mention in mentions:
        for entry in mention.entries:
            counts[entry].append(mention.start)
    rows = [EntityCount(e.id, e.name, e.type, e.kind, len(offsets), min(offsets)) for e, offsets in counts.items()]
    return sorted(rows, key=lambda r: (-r.mentions, r.first, r.type))
