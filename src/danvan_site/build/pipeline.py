"""The build, stage by stage: config -> load -> extract -> archive -> render -> write.

Every record is gathered and validated before anything is written; the output folder is
replaced only when the whole site has been written (see ``write.write_site``).
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from typing import TYPE_CHECKING, Callable, TypeVar

from danvan_site.core import profiling
from danvan_site.store.cache import Entry, RecordCache, code_fingerprint, load_records, load_state, save_records, save_state, tree_fingerprint
from danvan_site.core.config import Settings
from danvan_site.store.dedupe import DuplicateGroup, KnownPairs, Sketch, find_duplicates, sketch
from danvan_site.core.errors import BuildError, Diagnostics, ParseError
from danvan_site.core.models import Article, Diagnostic
from danvan_site.output.write import check_output_folder, output_matches, write_site

if TYPE_CHECKING:
    from danvan_site.archive.groups import Archive
    from danvan_site.extract.chrome import FileLines, LearnedChrome
    from danvan_site.archive.quality import QualityReport

# The parsing and rendering stages (extract, gazetteer, Jinja, ...) are imported when a build
# needs them: a build that finds nothing changed starts and ends in a fraction of a second.


T = TypeVar("T")
PARALLEL_MIN = 48  # fewer bulletins to parse than this: one process (starting workers costs more)


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
    parsed: int = 0  # bulletins read and parsed by this build (the others came from the cache)
    counted: tuple[int, int] | None = None  # (built, merged) when the records are not at hand
    chrome: LearnedChrome | None = None  # page chrome learned from the corpus (shown on the quality report)

    @property
    def merged(self) -> int:
        """Records merged into another record of the same bulletin."""
        if self.counted is not None:
            return self.counted[1]
        return sum(len(g.others) for g in self.duplicates)

    @property
    def built(self) -> int:
        """Bulletins that get their own article page."""
        if self.counted is not None:
            return self.counted[0]
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
    unchanged: bool = False  # nothing changed since the last build: nothing was read or written
    stored_quality: dict[str, int] | None = None  # the report's counts, when the report is not at hand
    notes: list[str] = field(default_factory=list)  # about the machine (e.g. the cache), not the corpus
    changed: int | None = None  # files actually written; the others were kept as they were

    @property
    def diagnostics(self) -> Diagnostics:
        return self.collected.diagnostics

    @property
    def quality(self) -> dict[str, int] | None:
        return self.report.counts if self.report is not None else self.stored_quality


@dataclass(frozen=True)
class _Job:
    """One bulletin to read and parse (in this process or a worker)."""

    path: Path
    rel: str
    stat: tuple[int, int]
    sidecar: tuple[int, int] | None
    chrome: frozenset[str] = frozenset()  # learned chrome keys present in the file


# What a job gives back: (rel, entry or None, the rejection or None)
_Outcome = tuple[str, "Entry | None", "Diagnostic | None"]


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _lines(job: _Job, corpus: Path) -> tuple[str, "FileLines | None", "Diagnostic | None"]:
    """The short lines of one bulletin, for learning the corpus's page chrome (:mod:`.extract.chrome`)."""
    from danvan_site.extract.chrome import file_lines
    from danvan_site.readers.text import read_source

    try:
        source = read_source(job.path, corpus)
    except ParseError as exc:
        return (job.rel, None, exc.diagnostic)
    return (job.rel, file_lines(source.text), None)


def _parse(job: _Job, corpus: Path) -> _Outcome:
    """Read, extract and apply the sidecar of one bulletin; a rejection is an outcome, not an error."""
    from danvan_site.extract import extract
    from danvan_site.extract.chrome import file_lines
    from danvan_site.readers.text import read_source
    from danvan_site.extract.sidecar import apply_sidecar, sidecar_path

    try:
        source = read_source(job.path, corpus)
    except ParseError as exc:
        return (job.rel, None, exc.diagnostic)
    try:
        article = extract(source, job.chrome)
    except Exception as exc:  # noqa: BLE001 - a bug of the extractor must not stop the other files
        return (job.rel, None, Diagnostic(
            job.rel, f"this bulletin could not be read: the extractor failed ({type(exc).__name__}: {exc})",
            hint="please report it with the file; the other bulletins are built", level="error"))
    side = sidecar_path(job.path)
    if job.sidecar is not None and side.is_file():
        try:
            apply_sidecar(article, side, side.relative_to(corpus).as_posix())
        except ParseError as exc:
            article.diagnostics.append(exc.diagnostic)
    entry = Entry(job.stat, job.sidecar, pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL), sketch(article.body),
                  file_lines(source.text), job.chrome)
    return (job.rel, entry, None)


def _chunk(fn: Callable[[_Job, Path], T], jobs: list[_Job], corpus: Path) -> tuple[list[T], dict[str, tuple[float, int]]]:
    outcomes = [fn(job, corpus) for job in jobs]
    return outcomes, profiling.take()


def _run_all(fn: Callable[[_Job, Path], T], jobs: list[_Job], corpus: Path, workers: int) -> list[T]:
    """Run ``fn`` on ``jobs`` across ``workers`` processes (in order: the result does not depend
    on the number of workers)."""
    if workers <= 1 or len(jobs) < PARALLEL_MIN:
        return [fn(job, corpus) for job in jobs]
    from danvan_site import gazetteer as gz

    gz.load()  # load the gazetteer once, before the workers are forked: they share it
    size = max(8, min(256, len(jobs) // (workers * 8) or 1))
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    outcomes: list[T] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        for part, timings in pool.map(_chunk, [fn] * len(chunks), chunks, [corpus] * len(chunks)):
            outcomes.extend(part)
            profiling.merge(timings)
    return outcomes


def _scan(corpus: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """One walk of the corpus: bulletins (``*.txt`` in any case, links included), ``*.yaml``
    sidecars and misnamed ``*.yml`` ones, each sorted by their path in the corpus."""
    txt: list[Path] = []
    yaml_files: list[Path] = []
    yml: list[Path] = []
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        base = Path(root)
        for name in files:
            dot = name.rfind(".")
            suffix = name[dot:] if 0 < dot < len(name) - 1 else ""  # as pathlib's Path.suffix
            if suffix.lower() == ".txt":
                txt.append(base / name)
            elif suffix == ".yaml":
                yaml_files.append(base / name)
            elif suffix == ".yml":
                yml.append(base / name)
    def key(p: Path) -> str:
        return p.relative_to(corpus).as_posix()
    return sorted(txt, key=key), sorted(yaml_files, key=key), sorted(yml, key=key)


def collect(settings: Settings, cache: RecordCache | None = None,
            scan: tuple[list[Path], list[Path], list[Path]] | None = None) -> Collected:
    """Load and extract every bulletin of the corpus, applying sidecars; never writes.

    With a ``cache``, a bulletin whose file and sidecar are unchanged is not read again; the
    others are parsed across ``settings.jobs`` processes."""
    diags = Diagnostics()
    corpus = settings.corpus
    if not Path(corpus).is_dir():
        raise BuildError(f"{corpus}: corpus folder not found; pass --corpus DIR or set 'corpus' in site.yaml")
    cache = cache if cache is not None else RecordCache(None)
    with profiling.timed("stage:scan corpus"):
        paths, yaml_files, yml_files = scan if scan is not None else _scan(corpus)
        sidecars = {p.with_suffix(".txt") for p in yaml_files}
        outcomes: dict[str, _Outcome] = {}
        candidates: list[tuple[_Job, Entry | None]] = []
        for path in paths:
            rel = path.relative_to(corpus).as_posix()
            stat = _stat(path) or (-1, -1)
            side = _stat(path.with_suffix(".yaml")) if path.with_suffix(".txt") in sidecars else None
            entry = cache.get(rel, stat, side) if stat != (-1, -1) else None
            candidates.append((_Job(path, rel, stat, side), entry))
    # The page chrome the corpus repeats: every file's short lines (from the cache when the file
    # is unchanged), then the lesson; a record depends on the learned lines its file holds.
    with profiling.timed("stage:learn page chrome"):
        from danvan_site.extract.chrome import learn

        unread = [job for job, entry in candidates if entry is None]
        line_sets: dict[str, FileLines] = {job.rel: entry.lines for job, entry in candidates if entry is not None}
        for rel, found, problem in _run_all(_lines, unread, corpus, settings.jobs):
            if found is None:
                outcomes[rel] = (rel, None, problem)
            else:
                line_sets[rel] = found
        learned = learn(line_sets[rel] for rel in sorted(line_sets))
    jobs: list[_Job] = []
    for job, entry in candidates:
        if job.rel in outcomes:
            continue  # unreadable: rejected above
        chrome = learned.for_file(line_sets[job.rel])
        if entry is not None and entry.chrome == chrome:
            outcomes[job.rel] = (job.rel, entry, None)
        else:
            jobs.append(_Job(job.path, job.rel, job.stat, job.sidecar, chrome))
    with profiling.timed("stage:parse bulletins"):
        for outcome in _run_all(_parse, jobs, corpus, settings.jobs):
            outcomes[outcome[0]] = outcome
    kept = {rel: e for rel, (_, e, _) in outcomes.items() if e is not None}
    cache.changed = cache.changed or bool(jobs) or set(kept) != set(cache.entries)
    cache.entries = kept
    articles: list[Article] = []
    sketches: list[Sketch] = []
    rejected: list[Rejected] = []
    ids: dict[str, str] = {}  # id -> the file that has it
    with profiling.timed("stage:load records"):
        for path in paths:
            rel, entry, problem = outcomes[path.relative_to(corpus).as_posix()]
            if entry is None:
                assert problem is not None
                diags.add(problem)
                rejected.append(Rejected(rel, problem.message))
                continue
            article = entry.article()
            other = ids.get(article.id)
            if other is not None:
                # Page addresses and the export's ids come from the file name: one per name.
                problem = Diagnostic(rel, f"another bulletin has the same file name ({other}); this one is not built",
                                     hint="rename one of the two files so that each name is unique", level="error")
                diags.add(problem)
                rejected.append(Rejected(rel, problem.message))
                continue
            ids[article.id] = rel
            article.fingerprint = hashlib.blake2b(entry.record, digest_size=16).hexdigest()
            diags.extend(article.diagnostics)
            articles.append(article)
            sketches.append(entry.sketch)
    # Sidecars without a bulletin are a mistake worth telling.
    for side in yaml_files:
        if side.is_file() and not side.with_suffix(".txt").is_file():
            diags.add(Diagnostic(side.relative_to(corpus).as_posix(), "sidecar without a bulletin of the same name",
                                 hint="rename it to match a .txt file or delete it"))
    for side in yml_files:
        if side.is_file():
            diags.add(Diagnostic(side.relative_to(corpus).as_posix(), "sidecar not read: sidecars end in .yaml",
                                 hint=f"rename it to {side.stem}.yaml"))
    with profiling.timed("stage:find duplicates"):
        found = KnownPairs(set(), {})
        groups = merge_duplicates(articles, sketches, cache.pairs, found)
        cache.changed = cache.changed or cache.pairs is None or found.near != cache.pairs.near
        cache.pairs = found
    return Collected(articles, rejected, diags, len(paths), groups, parsed=len(jobs), chrome=learned)


def merge_duplicates(articles: list[Article], sketches: list[Sketch] | None = None,
                     known: KnownPairs | None = None, found: KnownPairs | None = None) -> list[DuplicateGroup]:
    """Find records of one bulletin (dedupe.py) and link each group: every member knows the
    group, the merged ones the primary they were merged into."""
    groups = find_duplicates(articles, sketches, known, found)
    for group in groups:
        members = group.members
        for article in members:
            article.group = members
        for article, value in group.others:
            article.duplicate_of = group.primary.id
            article.similarity = value
    return groups


# Settings that say where things are or how the build runs, not what the pages say.
_NOT_CONTENT = ("verbosity", "output", "cache", "jobs", "strict", "config_file", "corpus")


def content_key(settings: Settings) -> str:
    """A hash of what shapes every page besides the bulletins: the code, the templates and the
    settings that appear in pages."""
    h = hashlib.sha256()
    h.update(code_fingerprint().encode())
    h.update(tree_fingerprint([settings.theme, settings.templates]).encode())
    shaping = {k: v for k, v in vars(settings).items() if k not in _NOT_CONTENT}
    h.update(repr(sorted((k, repr(v)) for k, v in shaping.items())).encode())
    return h.hexdigest()


def _state_key(settings: Settings, scan: tuple[list[Path], list[Path], list[Path]]) -> str:
    """A hash of every input of a build: the content key, where the corpus and the output are,
    and the name, size and modification time of every file of the corpus. Equal keys: the same
    site."""
    h = hashlib.sha256(content_key(settings).encode())
    h.update(f"{Path(settings.corpus).resolve()}\0{Path(settings.output).absolute()}\0{settings.strict}".encode())
    for group in scan:
        for path in group:
            h.update(f"{path}\0{_stat(path)}\0".encode())
    return h.hexdigest()


def build(settings: Settings, force: bool = False) -> BuildResult:
    started = time.perf_counter()
    cache_folder = settings.cache
    state_key = None
    scan: tuple[list[Path], list[Path], list[Path]] | None = None
    protected = [settings.corpus, settings.theme]
    if settings.templates is not None:
        protected.append(settings.templates)
    if cache_folder is not None:
        protected.append(cache_folder)
    # Refuse a dangerous or foreign output folder before anything is read or written.
    check_output_folder(settings.output, force=force, protected=protected)
    if cache_folder is not None and Path(settings.corpus).is_dir():
        # --force always builds; otherwise nothing is done when no input changed.
        with profiling.timed("stage:check for changes"):
            scan = _scan(settings.corpus)  # read once: the change check and the build share it
            state_key = _state_key(settings, scan)
            last = None if force else load_state(cache_folder, "last-build")
            if isinstance(last, dict) and last.get("key") == state_key and output_matches(settings.output, last.get("marker"), cache_folder):
                # Nothing changed since the last build and its output is still in place.
                collected = Collected([], last["rejected"], last["diagnostics"], last["files"], counted=last["counted"])
                return BuildResult(collected, None, pages=last["pages"], files=last["written"],
                                   seconds=time.perf_counter() - started, written=True, output=settings.output,
                                   unchanged=True, stored_quality=last["quality"])
    from danvan_site.archive.groups import build_archive
    from danvan_site.archive.quality import build_report
    from danvan_site.site.render import render_site
    from danvan_site.search import build_search

    result_notes: list[str] = []
    with profiling.timed("stage:open cache"):
        cache = load_records(cache_folder, Path(settings.corpus))
    collected = collect(settings, cache, scan)
    if cache.note:  # about this machine's cache, not the corpus: no warning, no effect on --strict
        result_notes.append(cache.note)
    with profiling.timed("stage:archive"):
        archive = build_archive(collected.articles, settings)
    with profiling.timed("stage:quality report"):
        report = build_report(collected.articles, [(r.file, r.reason) for r in collected.rejected],
                              list(collected.diagnostics), files=collected.files,
                              learned_chrome=collected.chrome.lines if collected.chrome else None)
    with profiling.timed("stage:save cache"):
        save_records(cache, Path(settings.corpus))
    if settings.strict and len(collected.diagnostics):
        return BuildResult(collected, archive, seconds=time.perf_counter() - started, report=report,
                           notes=result_notes)
    # The search index. Without it the site is complete but cannot be searched: a warning about
    # the machine, not the corpus, so it never makes --strict fail (the check above has passed).
    with profiling.timed("stage:search index"):
        search = build_search(archive, settings, cache_folder)
    if search.warning:
        collected.diagnostics.add(Diagnostic("pagefind", search.warning))
    global_key = content_key(settings)  # with or without a cache: the same files, the same marker
    outputs = chain(render_site(archive, settings, report, search=bool(search.outputs), global_key=global_key),
                    search.outputs)
    with profiling.timed("stage:render and write"):
        stats = write_site(outputs, settings.output, force=force, protected=protected, state=cache_folder,
                           jobs=settings.jobs)
    # The search bundle's files are data, not pages: they count with the copied files.
    bundle = len(search.outputs)
    result = BuildResult(collected, archive, pages=stats.pages - bundle, files=stats.files + bundle,
                         seconds=time.perf_counter() - started, written=True, output=settings.output, report=report,
                         notes=result_notes, changed=stats.changed)
    if state_key is not None and stats.marker is not None:
        save_state(cache_folder, "last-build", {
            "key": state_key, "marker": stats.marker, "rejected": collected.rejected,
            "diagnostics": collected.diagnostics, "files": collected.files,
            "counted": (collected.built, collected.merged), "pages": result.pages, "written": result.files,
            "quality": report.counts,
        })
    return result
