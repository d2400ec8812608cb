"""The project's small exception family, the exit codes, and the warning collector.

Every user-facing failure is one of these; the CLI has a single exit path that prints them.

An error made with a message key (``ConfigError(key="config.not_found", file=...)``) is worded
in the current language (:mod:`danvan_site.core.i18n`) each time it is shown; one made with a
plain English sentence (``BuildError("...")``, as the writer and the readers do) is shown as it
is, or in Vietnamese when :func:`~danvan_site.core.i18n.localize` knows its template.

Exit codes (documented in the README and ``--help``):

====  =====================================================================================
0     done
1     the build failed, or ``--strict`` found warnings (nothing written)
2     bad settings (site.yaml) or a bad command line
3     the site was written, but some files were rejected (it lacks those bulletins)
4     no bulletins to build: the corpus holds none, or every file was rejected
====  =====================================================================================
"""
from __future__ import annotations

from collections import OrderedDict

from danvan_site.core import i18n
from danvan_site.core.models import Diagnostic

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3
EXIT_NO_BULLETINS = 4
# The standard output (or error) was closed before everything was printed (``| head``): what the
# command did is done, but its reader did not get all of it. Python's own status for this.
EXIT_OUTPUT_CLOSED = 120


class DanvanError(Exception):
    """Base of every error the build reports to the user (never a traceback).

    ``DanvanError("plain sentence")`` or ``DanvanError(key="catalog.key", **params)``."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str = "", *, key: str | None = None, **params: object) -> None:
        self.key = key
        self.params = params
        self.plain = message
        if key is None:
            super().__init__(message)
        else:
            with i18n.using("en"):
                super().__init__(i18n.t(key, **params))

    def __str__(self) -> str:
        """The message in the current language (an English sentence when it has no key)."""
        if self.key is not None:
            return i18n.t(self.key, **self.params)
        return self.plain

    def message(self, lang: str | None = None) -> str:
        """The message for the user in ``lang``: keyed ones from the catalog, plain ones through
        :func:`i18n.localize`."""
        if self.key is not None:
            with i18n.using(lang or i18n.language()):
                return i18n.t(self.key, **self.params)
        return i18n.localize(self.plain, lang)


class ConfigError(DanvanError):
    """site.yaml or a command-line option is wrong."""

    exit_code = EXIT_USAGE


class UsageError(ConfigError):
    """The command line itself is wrong (an unknown option or command, a missing value)."""


class ParseError(DanvanError):
    """A bulletin or sidecar cannot be read. Carries the file (and line) it is about."""

    def __init__(self, file: str, message: str, line: int | None = None, hint: str | None = None):
        self.diagnostic = Diagnostic(file=file, message=message, line=line, hint=hint, level="error")
        super().__init__(self.diagnostic.format())


class BuildError(DanvanError):
    """The site could not be built or written."""


class NoBulletins(BuildError):
    """Nothing to build: the corpus holds no bulletin, or every file of it was rejected.

    The pipeline raises it after reading the corpus and before writing anything, so that an
    empty site is never published: ``NoBulletins(corpus, files=..., rejected=...)``."""

    exit_code = EXIT_NO_BULLETINS

    def __init__(self, corpus: object, files: int = 0, rejected: int = 0) -> None:
        self.corpus, self.files, self.rejected = corpus, files, rejected
        if files and rejected >= files:
            super().__init__(key="exit.all_rejected", corpus=corpus, n=i18n.lazy_count(files, "unit.files"))
        else:
            super().__init__(key="exit.no_bulletins", corpus=corpus)


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


def format_diagnostic(diag: Diagnostic, lang: str | None = None) -> str:
    """``file:line: message (hint)`` in ``lang``: the fixed texts through :func:`i18n.localize`."""
    where = f"{diag.file}:{diag.line}" if diag.line else diag.file
    text = f"{where}: {i18n.localize(diag.message, lang)}"
    if diag.hint:
        text += f" ({i18n.localize(diag.hint, lang)})"
    return text
