"""What validation found on its last run in this process, kept so that the next run (a rebuild in
the worker, worker.py) checks again only the events that changed since.

Two checks report warnings, which stay on screen for as long as their cause does, and compare an
event with others, so that skipping the unchanged events (what the reference check does in a
settled rebuild) would lose them: the event logic (a report published before the event it tells
of: the event and the dates of the articles it cites) and duplicate titles (every event). At
10,000 articles they read 33,000 events on every rebuild, ~0.2 s of a one-article rebuild. Kept
here instead: each event's own findings, which articles each event cites, and which events share
each folded title.

"Changed" means changed since the run that filled this, measured by identity: a record file
parsed again to the same records gives the last build's very objects (BuildCache.put), and a
file taken from the cache gives them too. That run is the last *validation*, whether or not its
build went on to publish (a build stopped by errors validated too; Environment.changed counts from
the last published build instead). A Findings lives on the BuildCache whose records it saw, so
whatever sets that cache aside (other code, another process's build, `--full`) sets it aside too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import model as m
from .diagnostics import Diagnostic

# More changed events than this share of all of them (another corpus, a rebuild after a `git
# checkout`): the checks start over, reading every event, which costs less than undoing and redoing
# each one's findings.
MOST = 0.25


@dataclass(frozen=True)
class Delta:
    """The events and articles of this run that the last one did not have as the same objects."""

    events: tuple[m.Event, ...]             # new, or edited (a different object under the same id)
    gone: tuple[m.Event, ...]               # the last run's objects of the edited and removed events
    redated: frozenset[str]                 # articles whose publication date is not the last run's (added and removed included)


@dataclass
class Findings:
    """What the last validation in this process found, per event, and what it was measured from."""

    events: dict[str, m.Event] | None = None     # the last run's corpus tables (its own dicts, frozen)
    articles: dict[str, m.Article] | None = None
    # check_event_logic: an event's diagnostics (only events that have some) …
    logic: dict[str, tuple[Diagnostic, ...]] = field(default_factory=dict)
    # … and, by article id, the events whose reports cite it (known or not); None until a rebuild
    # needs it or the worker has time (see cite)
    citing: dict[str, list[str]] | None = None
    # check_event_titles: the events of each folded title, by id, in the order the files were read …
    titled: dict[str, list[str]] = field(default_factory=dict)
    shared: set[str] = field(default_factory=set)         # … and the titles that more than one has

    def advance(self, c: m.Corpus) -> Delta | None:
        """What changed since the last run, which `c` becomes; None when there was none or most
        changed: the checks then read every event and fill this again. Called once per run
        (Environment.since_last_run), since the checks that ask update what it is measured from."""
        delta = None
        if self.events is not None:
            last, now = self.events, c.events
            get = last.get                  # 33,000 events at 10,000 articles: ~3 ms
            events = tuple(e for k, e in now.items() if get(k) is not e)
            gone = tuple(last[e.id] for e in events if e.id in last)
            if len(last) > len(now) - len(events) + len(gone):        # some are gone from this run
                gone += tuple(last[k] for k in last.keys() - now.keys())
            if len(events) + len(gone) <= MOST * max(len(now), 1):
                before, after = self.articles, c.articles
                get = before.get
                moved = {k for k, a in after.items() if get(k) is not a}
                if len(before) > len(after) - len(moved) + sum(k in before for k in moved):
                    moved.update(before.keys() - after.keys())
                delta = Delta(events, gone, frozenset(k for k in moved if _day(before.get(k)) != _day(after.get(k))))
        if delta is None:
            self.logic, self.citing, self.titled, self.shared = {}, None, {}, set()
        self.events, self.articles = c.events, c.articles
        return delta

    def cite(self, events: dict[str, m.Event]) -> dict[str, list[str]]:
        """The events citing each article, by article id. Not worked out by a run that reads
        every event (~0.05 s at 10,000 articles, for nothing in a build in a new process): the
        worker does it while it waits for the next request (buildcache.Memory.prime), or else its
        next rebuild."""
        citing: dict[str, list[str]] = {}
        for e in events.values():
            for r in e.reports:
                ids = citing.get(r.article)
                if ids is None:
                    citing[r.article] = [e.id]
                elif ids[-1] != e.id:       # one event citing an article twice: once
                    ids.append(e.id)
        return citing

    def prime(self) -> None:
        if self.citing is None and self.events is not None:
            self.citing = self.cite(self.events)


def _day(article: m.Article | None):
    return article.published if article is not None else None
