"""The build, stage by stage: config -> load -> extract -> archive -> render -> write.

Every record is gathered and validated before anything is written; the output folder is
replaced only when the whole site has been written (see ``write.write_site``).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from .archive import Archive, build_archive
from .dedupe import DuplicateGroup, find_duplicates
from .config import Settings
from .errors import BuildError, Diagnostics, ParseError
from .extract import extract
from .load import find_bulletins, read_source
from .models import Article, Diagnostic
from .quality import QualityReport, build_report
from .render import render_site
from .search import build_search
from .sidecar import apply_sidecar, sidecar_path
from .write import write_site


@dataclass
class Rejected:
    file: str
    reason: str


@dataclass
class Collected:
    articles: list[Article]  # every record read, merged duplicates included
    rejected: list[Rejected]
    diagnostics: Diagnostics
    files: int
    duplicates: list[DuplicateGroup] = field(default_factory=list)

    @property
    def merged(self) -> int:
        """Records merged into another record of the same bulletin."""
        return sum(len(g.others) for g in self.duplicates)

    @property
    def built(self) -> int:
        """Bulletins that get their own article page."""
        return len(self.articles) - self.merged


@dataclass
class BuildResult:
    collected: Collected
    archive: Archive | None
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    written: bool = False
    output: Path | None = None
    report: QualityReport | None = None

    @property
    def diagnostics(self) -> Diagnostics:
        return self.collected.diagnostics


def collect(settings: Settings) -> Collected:
    """Load and extract every bulletin of the corpus, applying sidecars; never writes."""
    diags = Diagnostics()
    corpus = settings.corpus
    try:
        paths = find_bulletins(corpus)
    except ParseError as exc:
        raise BuildError(f"{corpus}: corpus folder not found; pass --corpus DIR or set 'corpus' in site.yaml") from exc
    articles: list[Article] = []
    rejected: list[Rejected] = []
    for path in paths:
        rel = path.relative_to(corpus).as_posix()
        try:
            source = read_source(path, corpus)
        except ParseError as exc:
            diags.add(exc.diagnostic)
            rejected.append(Rejected(rel, exc.diagnostic.message))
            continue
        article = extract(source)
        side = sidecar_path(path)
        if side.is_file():
            side_rel = side.relative_to(corpus).as_posix()
            try:
                apply_sidecar(article, side, side_rel)
            except ParseError as exc:
                article.diagnostics.append(exc.diagnostic)
        diags.extend(article.diagnostics)
        articles.append(article)
    # Sidecars without a bulletin are a mistake worth telling.
    for side in sorted(corpus.rglob("*.yaml")):
        if side.is_file() and not side.with_suffix(".txt").is_file():
            diags.add(Diagnostic(side.relative_to(corpus).as_posix(), "sidecar without a bulletin of the same name",
                                 hint="rename it to match a .txt file or delete it"))
    for side in sorted(corpus.rglob("*.yml")):
        if side.is_file():
            diags.add(Diagnostic(side.relative_to(corpus).as_posix(), "sidecar not read: sidecars end in .yaml",
                                 hint=f"rename it to {side.stem}.yaml"))
    return Collected(articles, rejected, diags, len(paths), merge_duplicates(articles))


def merge_duplicates(articles: list[Article]) -> list[DuplicateGroup]:
    """Find records of one bulletin (dedupe.py) and link each group: every member knows the
    group, the merged ones the primary they were merged into."""
    groups = find_duplicates(articles)
    for group in groups:
        members = group.members
        for article in members:
            article.group = members
        for article, value in group.others:
            article.duplicate_of = group.primary.id
            article.similarity = value
    return groups


def build(settings: Settings, force: bool = False) -> BuildResult:
    started = time.perf_counter()
    collected = collect(settings)
    archive = build_archive(collected.articles, settings)
    report = build_report(collected.articles, [(r.file, r.reason) for r in collected.rejected],
                          list(collected.diagnostics), files=collected.files)
    if settings.strict and len(collected.diagnostics):
        return BuildResult(collected, archive, seconds=time.perf_counter() - started, report=report)
    protected = [settings.corpus]
    if settings.templates is not None:
        protected.append(settings.templates)
    protected.append(settings.theme)
    # The search index. Without it the site is complete but cannot be searched: a warning about
    # the machine, not the corpus, so it never makes --strict fail (the check above has passed).
    search = build_search(archive, settings)
    if search.warning:
        collected.diagnostics.add(Diagnostic("pagefind", search.warning))
    outputs = chain(render_site(archive, settings, report, search=bool(search.outputs)), search.outputs)
    stats = write_site(outputs, settings.output, force=force, protected=protected)
    # The search bundle's files are data, not pages: they count with the copied files.
    bundle = len(search.outputs)
    return BuildResult(collected, archive, pages=stats.pages - bundle, files=stats.files + bundle,
                       seconds=time.perf_counter() - started, written=True, output=settings.output, report=report)
