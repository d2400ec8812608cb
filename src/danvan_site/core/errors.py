"""The project's small exception family and the warning collector.

Every user-facing failure is one of these; the CLI has a single exit path that prints them.
"""
from __future__ import annotations

from collections import OrderedDict

from danvan_site.core.models import Diagnostic


class DanvanError(Exception):
    """Base of every error the build reports to the user (never a traceback)."""

    exit_code = 1


class ConfigError(DanvanError):
    """site.yaml or a command-line option is wrong."""

    exit_code = 2


class ParseError(DanvanError):
    """A bulletin or sidecar cannot be read. Carries the file (and line) it is about."""

    def __init__(self, file: str, message: str, line: int | None = None, hint: str | None = None):
        self.diagnostic = Diagnostic(file=file, message=message, line=line, hint=hint, level="error")
        super().__init__(self.diagnostic.format())


class BuildError(DanvanError):
    """The site could not be built or written."""


class Diagnostics:
    """Collects warnings and errors, de-duplicated, in the order first seen."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple, Diagnostic] = OrderedDict()

    def add(self, diag: Diagnostic) -> None:
        key = (diag.file, diag.line, diag.field, diag.message, diag.level)
        self._items.setdefault(key, diag)

    def extend(self, diags) -> None:
        for d in diags:
            self.add(d)

    def __iter__(self):
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self if d.level == "warning"]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self if d.level == "error"]

    def per_file(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for d in self:
            counts[d.file] = counts.get(d.file, 0) + 1
        return counts
