"""Problems found in curated data, reported like a compiler: all at once, each with its place.

Who must act decides the type:

    Diagnostic          one problem in the data, for the curator (file, line, code, message)
    CuratorError        raised when a run must stop because of the data; carries diagnostics
    (any other error)   a bug in the generator: it propagates with its traceback

Codes are dotted (`ref.unknown`, `quote.not-found`) so a reader can grep for them and tests can
assert on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Source:
    """Where a record or value came from: a file and a 1-based line."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Diagnostic:
    source: Source
    code: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.source}: {self.severity}: {self.message} [{self.code}]"


@dataclass
class Diagnostics:
    """An append-only collection that every stage reports into."""

    items: list[Diagnostic] = field(default_factory=list)
    # records that have an id but did not load because of errors reported at them, by
    # (type, id): a reference to one is not «unknown» (the record is there, its own errors say
    # what to fix), and a note naming it does not need a redirect
    unloaded: dict[tuple[str, str], Source] = field(default_factory=dict)

    def error(self, source: Source, code: str, message: str) -> None:
        self.items.append(Diagnostic(source, code, message, "error"))

    def warning(self, source: Source, code: str, message: str) -> None:
        self.items.append(Diagnostic(source, code, message, "warning"))

    def extend(self, other: "Diagnostics") -> None:
        self.items.extend(other.items)
        self.unloaded.update(other.unloaded)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.source.path, d.source.line, d.code, d.message))

    def __bool__(self) -> bool:
        return bool(self.items)


class CuratorError(Exception):
    """The data cannot be built; the diagnostics say why. Not a bug: nothing to debug."""

    def __init__(self, diagnostics: Diagnostics):
        super().__init__(f"{len(diagnostics.errors)} error(s) in the data")
        self.diagnostics = diagnostics


def relative(path: Path, root: Path) -> str:
    """Show paths relative to the project root when possible (what a curator types)."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        pass
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
