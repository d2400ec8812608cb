"""The build, stage by stage: config -> load -> extract -> archive -> render -> write.

Every record is gathered and validated before anything is written; the output folder is
replaced only when the whole site has been written (see ``write.write_site``).
"""
from __future__ import annotations

import hashlib
import pickle
import time
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Callable, TypeVar

from danvan_site.core import heap, profiling, progress
from danvan_site.core.outputs import KeptFiles, Output
from danvan_site.store.fingerprints import extraction_fingerprint, site_fingerprint, tree_fingerprint
from danvan_site.store.db import Store
from danvan_site.core.config import Settings, prepare_work_dir
from danvan_site.core.errors import BuildError, Diagnostics, NoBulletins, ParseError
from danvan_site.core.models import Article, Diagnostic
from danvan_site.output.write import KeptFileMissing, StrayClearing, check_output_folder, start_output_check, write_site

if TYPE_CHECKING:
    from danvan_site.store.dedupe import DuplicateGroup, KnownPairs, Sketch
    from danvan_site.readers import Scan
    from danvan_site.archive.groups import Archive
    from danvan_site.extract.chrome import FileLines
    from danvan_site.archive.quality import QualityReport

# The parsing and rendering stages (extract, gazetteer, Jinja, ...), the near-duplicate rules and
# the process pools are imported when a build needs them: a build that finds nothing changed
# starts and ends in a fraction of a second (0.3-0.4 s at 10,000 bulletins, of which imports
# were 0.1 s; deferring these and site.yaml's YAML reader saved 60 ms of it, tests/test_startup.py).


T = TypeVar("T")
PARALLEL_MIN = 48  # fewer bulletins to parse than this: one process (starting workers costs more)


@dataclass
class Rejected:
    file: str
    reason: str


@dataclass(frozen=True)
class LearnedLines:
    """The page chrome the corpus teaches (:mod:`danvan_site.extract.chrome`), as the report shows it."""

    lines: list[tuple[str, int]]  # (line, bulletins it is found in), most frequent first
    documents: int  # distinct bulletins the lesson was drawn from


@dataclass
class Collected:
    articles: list[Article]  # every record read, merged duplicates included
    rejected: list[Rejected]
    diagnostics: Diagnostics
    files: int
    duplicates: list[DuplicateGroup] = field(default_factory=list)
    parsed: int = 0  # bulletins read and parsed by this build (the others came from the cache)
    counted: tuple[int, int] | None = None  # (built, merged) when the records are not at hand
    chrome: LearnedLines | None = None  # page chrome learned from the corpus (shown on the quality report)

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


@dataclass(frozen=True)
class Parsed:
    """What a worker gives back for one bulletin: its record as stored (canonical JSON, full
    without the evidence, and light), the evidence, the record's fingerprint (of the whole
    record's JSON) and the sketch of its body."""

    id: str
    fp: str
    full: bytes
    light: bytes
    evidence: bytes
    sketch: bytes


# What a job gives back: (rel, the parsed record or None, the rejection or None)
_Outcome = tuple[str, "Parsed | None", "Diagnostic | None"]


def _lines(job: _Job, corpus: Path) -> tuple[str, "FileLines | None", "Diagnostic | None"]:
    """The short lines of one bulletin, for learning the corpus's page chrome (:mod:`.extract.chrome`)."""
    from danvan_site.extract.chrome import file_lines
    from danvan_site.readers import read_source

    try:
        source = read_source(job.path, corpus)
    except ParseError as exc:
        return (job.rel, None, exc.diagnostic)
    return (job.rel, file_lines(source.text), None)


def _parse(job: _Job, corpus: Path) -> _Outcome:
    """Read, extract and apply the sidecar of one bulletin; a rejection is an outcome, not an error."""
    from danvan_site.core import records
    from danvan_site.extract import extract
    from danvan_site.extract.sidecar import apply_sidecar, sidecar_path
    from danvan_site.readers import read_source

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
    from danvan_site.store.dedupe import sketch

    whole, full, evidence = records.encode_stored(article)
    return (job.rel, Parsed(article.id, records.fingerprint(whole), full, records.encode(article, light=True), evidence,
                            pickle.dumps(sketch(article.body), protocol=pickle.HIGHEST_PROTOCOL)), None)


def _chunk(fn: Callable[[_Job, Path], T], jobs: list[_Job], corpus: Path) -> tuple[list[T], dict[str, tuple[float, int]]]:
    outcomes = [fn(job, corpus) for job in jobs]
    return outcomes, profiling.take()


def _run_all(fn: Callable[[_Job, Path], T], jobs: list[_Job], corpus: Path, workers: int,
             stage: str = "parse") -> list[T]:
    """Run ``fn`` on ``jobs`` across ``workers`` processes (in order: the result does not depend
    on the number of workers), telling the progress reporter (core/progress.py) as it goes."""
    progress.start(stage, total=len(jobs))
    try:
        return _run_jobs(fn, jobs, corpus, workers)
    finally:
        progress.end()


def _run_jobs(fn: Callable[[_Job, Path], T], jobs: list[_Job], corpus: Path, workers: int) -> list[T]:
    if workers <= 1 or len(jobs) < PARALLEL_MIN:
        done: list[T] = []
        for job in jobs:
            done.append(fn(job, corpus))
            progress.advance()
        return done
    from danvan_site import gazetteer as gz

    # The gazetteer loaded once, before the workers are forked: they share it (both sets of units
    # and the successor map; each worker loading the 2025 units itself cost about 0.17 s).
    gz.load()
    gz.load_2025()
    gz.successors("00001")
    size = max(8, min(256, len(jobs) // (workers * 8) or 1))
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if heap.can_fork() else "spawn"
    outcomes: list[T] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        for part, timings in pool.map(_chunk, [fn] * len(chunks), chunks, [corpus] * len(chunks)):
            outcomes.extend(part)
            profiling.merge(timings)
            progress.advance(len(part))
    return outcomes


def _scan(corpus: Path) -> Scan:
    """One walk of the corpus: the bulletins of every registered format, their sidecars, misnamed
    ``*.yml`` sidecars and the bulletins not read because another of the same name stands beside
    them (:func:`danvan_site.readers.scan`)."""
    from danvan_site.readers import scan

    return scan(corpus)


# More changed files than this share of the corpus: count every learned line again at once.
RECOUNT_ALL = 0.05


@dataclass(frozen=True)
class Refreshed:
    """The store brought up to date with one scan of the corpus (:func:`refresh`)."""

    scanned: Scan
    paths: list[Path]  # the bulletins to load, in file order
    parsed: int  # bulletins read and parsed by this build


def collect(settings: Settings, store: Store | None = None,
            scan: Scan | None = None) -> Collected:
    """Bring the store up to date with the corpus and return every record; never writes the site."""
    store = store if store is not None else Store(None)
    return load_records(settings, store, refresh(settings, store, scan))


def _require_corpus(corpus: Path | str) -> None:
    """A build's corpus must be a folder (checked before anything is read or the store opened)."""
    if not Path(corpus).is_dir():
        raise BuildError(f"{corpus}: corpus folder not found; pass --corpus DIR or set 'corpus' in site.yaml")


def refresh(settings: Settings, store: Store, scan: Scan | None = None) -> Refreshed:
    """Bring the store up to date with the corpus: read what changed, load nothing.

    Only files whose size or modification time (or their sidecar's) changed since the store
    last saw them are read: their short lines (for the chrome lesson), then their records,
    across ``settings.jobs`` processes. A file whose learned chrome lines changed (a line that
    now recurs often enough, or no longer does) is read again too."""
    from danvan_site.extract.chrome import MIN_DOCUMENTS

    corpus = settings.corpus
    _require_corpus(corpus)
    store = store if store is not None else Store(None)
    with profiling.timed("stage:scan corpus"):
        scanned = scan if scan is not None else _scan(corpus)
        paths = scanned.bulletins
        known = store.files()
        jobs_of: dict[str, _Job] = {}
        changed: list[_Job] = []
        for path in paths:
            rel = scanned.rel(path)
            stat = scanned.stamp(path) or (-1, -1)
            side_path = scanned.sidecar_for(path)
            side = scanned.stamp(side_path) if side_path is not None else None
            job = jobs_of[rel] = _Job(path, rel, stat, side)
            before = known.get(rel)
            if before is None or stat == (-1, -1) or before[:4] != (*stat, *(side or (None, None))):
                changed.append(job)
        removed = [rel for rel in known if rel not in jobs_of]
    store.begin()
    try:
        # The page chrome the corpus repeats: the short lines of every changed file, then the
        # lesson, counted again for the lines those files had or have.
        with profiling.timed("stage:learn page chrome"):
            touched: set[str] = set()
            for rel in removed:
                touched.update(store.keys_of(rel))
                store.drop_file(rel)
            readable: list[_Job] = []
            for rel, found, problem in _run_all(_lines, changed, corpus, settings.jobs, stage="read"):
                job = jobs_of[rel]
                touched.update(store.keys_of(rel))
                if found is None:
                    store.set_lines(rel, {})
                    store.drop_record(rel)
                    store.put_file(rel, job.stat, job.sidecar, pickle.dumps(problem), None, "")
                    continue
                store.set_lines(rel, found.keys)
                store.put_file(rel, job.stat, job.sidecar, None, found.signature, "\0")  # "\0": not read yet
                touched.update(found.keys)
                readable.append(job)
            many = len(changed) + len(removed) > RECOUNT_ALL * max(len(paths), 1)
            flipped = store.recount(None if many else touched, MIN_DOCUMENTS)
            rows = store.files()
            again = {rel for rel in store.files_with(flipped) if rel in jobs_of and rows[rel][4] is None}
            todo: list[_Job] = []
            read_now = {job.rel for job in readable}  # once: made per file, it cost 4 s at 10,000
            for rel in sorted(read_now | again):
                chrome = store.learned_in(rel)
                if rel in again and rel not in read_now and rows[rel][6] == _chrome_digest(chrome):
                    continue  # its learned lines are the same: the record stands
                job = jobs_of[rel]
                todo.append(_Job(job.path, job.rel, job.stat, job.sidecar, chrome))
        chrome_of = {job.rel: job.chrome for job in todo}
        with profiling.timed("stage:parse bulletins"):
            for rel, parsed, problem in _run_all(_parse, todo, corpus, settings.jobs, stage="parse"):
                job = jobs_of[rel]
                row = rows[rel]
                if parsed is None:
                    store.drop_record(rel)
                    store.put_file(rel, job.stat, job.sidecar, pickle.dumps(problem), row[5], "")
                    continue
                store.put_record(rel, parsed.id, parsed.fp, parsed.full, parsed.light, parsed.evidence, parsed.sketch)
                store.put_file(rel, job.stat, job.sidecar, None, row[5], _chrome_digest(chrome_of[rel]))
        store.commit()
    except BaseException:
        store.rollback()
        raise
    return Refreshed(scanned, paths, len(todo))


def records_key(settings: Settings, store: Store, refreshed: Refreshed, global_key: str) -> str:
    """A hash of everything the pages are made from once the store is up to date: the content
    key, where the corpus and the output are, every record's fingerprint, every rejection, the
    chrome lesson and what the scan found besides the bulletins. A file saved again unchanged,
    or changed only in what no record keeps (its page chrome, a blank line), gives the same key
    as the last build: nothing needs to be made again."""
    scanned = refreshed.scanned
    h = hashlib.sha256(global_key.encode())
    h.update(f"{Path(settings.corpus).resolve()}\0{Path(settings.output).absolute()}\0{settings.strict}\0".encode())
    h.update(f"{len(scanned.files)}\0".encode())
    for rel in (scanned.rel(p) for p in refreshed.paths):
        h.update(f"{rel}\0".encode())
    for rel, fp in store.fingerprints():
        h.update(f"{rel}\0{fp}\0".encode())
    for rel, row in sorted(store.files().items()):
        if row[4] is not None:  # the rejection, as stored
            h.update(rel.encode() + b"\0" + hashlib.sha256(row[4]).digest())
    h.update(repr((store.learned_lines(), store.documents())).encode())
    for path in [*(c.path for c in scanned.clashes), *scanned.orphan_sidecars(), *scanned.unsupported,
                 *scanned.misnamed]:
        h.update(f"{scanned.rel(path)}\0{path.is_file()}\0".encode())
    return h.hexdigest()


def load_records(settings: Settings, store: Store, refreshed: Refreshed) -> Collected:
    """Every record of an up-to-date store, with the rejections, the diagnostics and the
    near-duplicate groups."""
    from danvan_site.core import records

    diags = Diagnostics()
    corpus = settings.corpus
    scanned, paths = refreshed.scanned, refreshed.paths
    articles: list[Article] = []
    sketches: list[Sketch] = []
    rejected: list[Rejected] = []
    ids: dict[str, str] = {}  # id -> the file that has it
    with profiling.timed("stage:load records"):
        problems = {rel: pickle.loads(row[4]) for rel, row in store.files().items() if row[4] is not None}
        # Decoded row by row as the store gives them: the JSON of every record (7 KB each, 350 MB
        # at 50,000 bulletins) is never held all at once.
        with heap.paused():  # tens of thousands of objects, no garbage cycles among them
            stored = {rel: (fp, records.decode(data, evidence), sk) for rel, fp, data, evidence, sk in store.records()}
            # Frozen before the collector is back on: its first pass would otherwise walk them
            # all (a million objects at 10,000 bulletins: 0.24 s, for nothing).
            heap.pin()
        for path in paths:
            rel = scanned.rel(path)
            if rel in problems:
                diags.add(problems[rel])
                rejected.append(Rejected(rel, problems[rel].message))
                continue
            fp, article, sk = stored.pop(rel)
            other = ids.get(article.id)
            if other is not None:
                # Page addresses and the export's ids come from the file name: one per name.
                problem = Diagnostic(rel, f"another bulletin has the same file name ({other}); this one is not built",
                                     hint="rename one of the two files so that each name is unique", level="error")
                diags.add(problem)
                rejected.append(Rejected(rel, problem.message))
                continue
            ids[article.id] = rel
            article.fingerprint = fp
            diags.extend(article.diagnostics)
            articles.append(article)
            sketches.append(pickle.loads(sk))
    # Two bulletins of one name in one folder (x.txt and x.html): the second is not built.
    for clash in scanned.clashes:
        diags.add(clash.diagnostic)
        rejected.append(Rejected(clash.rel, clash.message))
    # Sidecars without a bulletin are a mistake worth telling.
    for side in scanned.orphan_sidecars():
        if side.is_file():
            diags.add(Diagnostic(side.relative_to(corpus).as_posix(), "sidecar without a bulletin of the same name",
                                 hint="rename it to match a bulletin (.txt, .html, .htm or .docx) or delete it"))
    from danvan_site.readers import unsupported_diagnostic
    for path in scanned.unsupported:
        diags.add(unsupported_diagnostic(path, scanned.rel(path)))
    for side in scanned.misnamed:
        if side.is_file():
            diags.add(Diagnostic(side.relative_to(corpus).as_posix(), "sidecar not read: sidecars end in .yaml",
                                 hint=f"rename it to {side.stem}.yaml"))
    from danvan_site.store.dedupe import KnownPairs

    with profiling.timed("stage:find duplicates"):
        compared, near = store.near_verdicts()
        found = KnownPairs(set(), {})
        with progress.stage("dedupe"):
            groups = merge_duplicates(articles, sketches, KnownPairs(compared, near), found)
        if found.fingerprints != compared or found.near != near:
            store.set_near_verdicts(found.fingerprints, found.near, before=(compared, near))
    chrome = LearnedLines(store.learned_lines(), store.documents())
    return Collected(articles, rejected, diags, len(scanned.files), groups, parsed=refreshed.parsed, chrome=chrome)


def _chrome_digest(keys: frozenset[str]) -> str:
    """What a record's extraction depended on of the chrome lesson (stored with the file)."""
    return ",".join(sorted(keys))


def merge_duplicates(articles: list[Article], sketches: list[Sketch] | None = None,
                     known: KnownPairs | None = None, found: KnownPairs | None = None) -> list[DuplicateGroup]:
    """Find records of one bulletin (dedupe.py) and link each group: every member knows the
    group, the merged ones the primary they were merged into."""
    from danvan_site.store.dedupe import find_duplicates

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
_NOT_CONTENT = ("verbosity", "output", "cache", "jobs", "strict", "config_file", "corpus", "work_dir", "environment")


def content_key(settings: Settings) -> str:
    """A hash of what shapes every page besides the bulletins: the code, the templates and the
    settings that appear in pages."""
    h = hashlib.sha256()
    h.update(site_fingerprint().encode())
    h.update(tree_fingerprint([settings.theme, settings.templates]).encode())
    shaping = {k: v for k, v in vars(settings).items() if k not in _NOT_CONTENT}
    h.update(repr(sorted((k, repr(v)) for k, v in shaping.items())).encode())
    return h.hexdigest()


def _state_key(settings: Settings, scan: Scan, global_key: str | None = None) -> str:
    """A hash of every input of a build: the content key, where the corpus and the output are,
    and the name, size and modification time of every file of the corpus. Equal keys: the same
    site."""
    h = hashlib.sha256((global_key or content_key(settings)).encode())
    h.update(f"{Path(settings.corpus).resolve()}\0{Path(settings.output).absolute()}\0{settings.strict}".encode())
    for name in scan.every_name():  # strings, as f"{path}" gave them: no Path made
        h.update(f"{name}\0{scan.stamp(name)}\0".encode())
    return h.hexdigest()


def open_store(settings: Settings) -> Store:
    """The build's store (in the cache folder; in memory without one), emptied of records when
    the code that makes them changed."""
    store = Store(settings.cache, scope=str(Path(settings.corpus).resolve()))
    code = extraction_fingerprint()
    if store.meta("code") != code:
        store.clear()
        store.set_meta("code", code)
    return store


def _counted(outputs: Iterable[Output | KeptFiles]) -> Iterator[Output | KeptFiles]:
    """The outputs, each file counted by the progress reporter as the writer takes it."""
    for output in outputs:
        yield output
        progress.advance(len(output) if type(output) is KeptFiles else 1)


def protected_folders(settings: Settings) -> list[Path]:
    """The folders the output must never be, contain or lie in: the corpus, the theme, the
    user's templates, the cache and the working folder."""
    protected = [settings.corpus, settings.theme]
    if settings.templates is not None:
        protected.append(settings.templates)
    if settings.cache is not None:
        protected.append(settings.cache)
        protected.append(settings.work_dir)
    return [Path(p) for p in protected]


def build(settings: Settings, force: bool = False) -> BuildResult:
    started = time.perf_counter()
    cache_folder = settings.cache
    protected = protected_folders(settings)
    # Refuse a dangerous or foreign output folder before anything is read or written.
    check_output_folder(settings.output, force=force, protected=protected)
    # A missing corpus is refused before the store is opened: the store belongs to one corpus
    # and is emptied when opened for another, so a mistyped --corpus would cost the next build
    # with the right one a parse of every bulletin.
    _require_corpus(settings.corpus)
    if cache_folder is not None:
        prepare_work_dir(settings)  # the cache and the spare copy of the site live there
    with profiling.timed("stage:open cache"):
        store = open_store(settings)
    try:
        # What each stage makes lives until the build ends: it is frozen out of the cycle
        # collector's passes as it is made (core/heap.py), and collectable again afterwards.
        with heap.pinned():
            return _build(settings, store, force, started, protected)
    finally:
        store.close()


def _build(settings: Settings, store: Store, force: bool, started: float, protected: list[Path]) -> BuildResult:
    cache_folder = settings.cache
    state_key = None
    intact = False
    scan: Scan | None = None
    last = None
    global_key = content_key(settings)  # with or without a cache: the same files, the same marker
    if cache_folder is not None:  # the corpus is there (build() checked it)
        # --force always builds; otherwise nothing is done when no input changed.
        with profiling.timed("stage:check for changes"):
            last = store.get_state("last-build")
            # The site's files are stat-ed by a second process while this one scans the corpus.
            site_intact = start_output_check(settings.output, last.get("marker") if isinstance(last, dict) else None,
                                             store)
            try:
                with progress.stage("scan"):
                    scan = _scan(settings.corpus)  # read once: the change check and the build share it
                state_key = _state_key(settings, scan, global_key)
            finally:
                intact = site_intact()
            if not intact or force:
                # The site is not what the last build wrote (edited or deleted by hand, or never
                # built), or --force: every page is made again. A forced build still keeps the
                # intact live site as the spare copy the next build brings up to date.
                store.set_map("render-index", None)
                store.set_state(EXPORTS_MADE, None)
            if intact and not force and last.get("key") == state_key:
                # Nothing changed since the last build and its output is still in place.
                collected = Collected([], last["rejected"], last["diagnostics"], last["files"], counted=last["counted"])
                return BuildResult(collected, None, pages=last["pages"], files=last["written"],
                                   seconds=time.perf_counter() - started, written=True, output=settings.output,
                                   unchanged=True, stored_quality=last["quality"])
    result_notes: list[str] = []
    refreshed = refresh(settings, store, scan)
    # What the store holds is final from here (the records, rejections and chrome lesson the key
    # hashes): made once, for the check below and for the next build.
    records_digest: str | None = None
    if cache_folder is not None and intact and not force and isinstance(last, dict):
        key = records_digest = records_key(settings, store, refreshed, global_key)
        if last.get("records") == key:
            # Files changed, but no record did (a file saved again as it was, or changed only in
            # its page chrome): the site in place is the site these inputs make.
            store.set_state("last-build", {**last, "key": state_key})
            collected = Collected([], last["rejected"], last["diagnostics"], last["files"], counted=last["counted"],
                                  parsed=refreshed.parsed)
            return BuildResult(collected, None, pages=last["pages"], files=last["written"],
                               seconds=time.perf_counter() - started, written=True, output=settings.output,
                               unchanged=True, stored_quality=last["quality"])
    return _make_site(settings, store, force, started, protected, refreshed, intact, state_key, records_digest,
                      global_key, result_notes)


# In the store's state: the last build's archive as a skeleton (archive/skeleton.py: each part's
# nodes), with the digest of what each part was made from.
ARCHIVE_SKELETON = "archive-skeleton"


# In the store's state: what the last build worked out of each record, by its fingerprint (its
# page slug and raw copy's path; what each part of the archive reads of it, as digests). A record of the same
# fingerprint gives the same values under the same code: they are looked up instead of made
# again. Each map is saved with the code that made it (``site_fingerprint``: the archive's code,
# python-slugify): the store keeps its records when only that code changes, not these.
RECORD_NAMES = "record-names"
ARCHIVE_FACETS = "archive-facets"


class _ByFingerprint(dict):  # type: ignore[type-arg]
    """A by-fingerprint map (``core.kept``) kept in the store's state ``key`` by the last build
    under this code (else empty: without a cache, never saved, made by other code, or
    unreadable); ``save`` keeps it for the next build."""

    def __init__(self, state: Store | None, key: str) -> None:
        value = state.get_state(key) if state is not None else None
        usable = (isinstance(value, tuple) and len(value) == 2 and value[0] == site_fingerprint()
                  and isinstance(value[1], dict))
        super().__init__(value[1] if usable else {})
        self.state, self.key, self.size_read = state, key, len(self)

    def save(self, records: list[Article]) -> None:
        """Save the map when it gained entries or holds some of records no longer built (those
        are left out): after an edit, one entry changes."""
        if self.state is None:
            return
        current = {a.fingerprint for a in records}
        if len(self) != self.size_read or len(self) != len(current):
            self.state.set_state(self.key, (site_fingerprint(), {fp: v for fp, v in self.items() if fp in current}))


def _grouped(records: list[Article], settings: Settings, state: Store | None) -> Archive:
    """The archive of the placed ``records``, each part (``groups.PARTS``) restored from the last
    build's skeleton when what it is made from is unchanged (an edit inside a body: every part;
    a sidecar setting a meeting type: all but one), the places and people patched from it after
    an addition or a removal (``skeleton.patch_parts``), the others built; the skeleton is kept for
    the next build. Under ``DANVAN_CHECK_SETTLED`` an archive with restored parts is compared
    with one built from scratch."""
    from danvan_site.archive import skeleton
    from danvan_site.archive.groups import PARTS, build_archive
    from danvan_site.site.render import CHECK_SETTLED

    if state is None:
        return build_archive(records, settings, placed=True)
    facets = _ByFingerprint(state, ARCHIVE_FACETS)
    code = site_fingerprint()
    digests = skeleton.part_digests(records, code, facets)
    facets.save(records)
    saved = state.get_state(ARCHIVE_SKELETON)
    given: dict = {}
    same: list[str] = []
    if isinstance(saved, tuple) and len(saved) == 2 and isinstance(saved[0], dict) and isinstance(saved[1], dict):
        same = [name for name in PARTS if saved[0].get(name) == digests[name]]
        try:
            given = skeleton.restore_parts(saved[1], records, same)
            given.update(skeleton.patch_parts(saved[1], records, [name for name in PARTS if name not in same], code,
                                              facets))
        except (IndexError, KeyError, TypeError, ValueError):  # a damaged skeleton: built below
            given, same = {}, []
    archive = build_archive(records, settings, placed=True, given=given)
    if given and CHECK_SETTLED:
        fresh = skeleton.skeleton(build_archive(records, settings, placed=True), given)
        kept = skeleton.skeleton(archive, given)
        wrong = [name for name in given if fresh[name] != kept[name]]
        if wrong:
            raise AssertionError(f"the archive's parts restored from the last build's skeleton differ from fresh ones: "
                                 f"{', '.join(wrong)}")
    if len(same) < len(PARTS):
        parts = {name: saved[1][name] for name in same}  # as read: not made again
        parts.update(skeleton.skeleton(archive, [name for name in PARTS if name not in same]))
        parts[skeleton.ITEMS] = skeleton.items_entry(records, code, facets)
        state.set_state(ARCHIVE_SKELETON, (digests, parts))
    return archive


# In the store's state: each records' export's path -> the key the last build made it under (as
# its render index says), read before the index itself (``RecordExports.start``).
EXPORTS_MADE = "exports-made"


def _make_site(settings: Settings, store: Store, force: bool, started: float, protected: list[Path],
               refreshed: Refreshed, intact: bool, state_key: str | None, records_digest: str | None,
               global_key: str, result_notes: list[str]) -> BuildResult:
    """The build once the store is up to date and something changed: load, group, report,
    index, render and write."""
    from danvan_site.archive.groups import place_records
    from danvan_site.archive.quality import build_report
    from danvan_site.search import build_search
    from danvan_site.site.render import RecordExports, exports_made, render_site

    cache_folder = settings.cache
    collected = load_records(settings, store, refreshed)
    heap.pin()
    if collected.built == 0:
        # Nothing to publish (an empty corpus, or every file rejected): the site in place stays.
        raise NoBulletins(settings.corpus, files=collected.files, rejected=len(collected.rejected))
    if store.note:  # about this machine's cache, not the corpus: no warning, no effect on --strict
        result_notes.append(store.note)
    state = store if cache_folder is not None else None
    names = _ByFingerprint(state, RECORD_NAMES)
    with profiling.timed("stage:archive"):
        records = place_records(collected.articles, names)
    # The records' exports (JSON, CSV, SQLite) need the records and their addresses, not the
    # groupings: a second process makes them from here while this one groups, reports and goes
    # through the pages; the SQLite file is the longest step of an edit, so the process starts
    # before anything else is read (the render index, the spare's manifests). Not for a build
    # --strict will refuse (checked below, on the same diagnostics).
    exports = RecordExports(records, settings, global_key)
    if not (settings.strict and len(collected.diagnostics)):
        made = store.get_state(EXPORTS_MADE) if state is not None else None
        exports.start(made if isinstance(made, dict) else None)
    clearing: StrayClearing | None = None
    try:
        # The spare copy of the site is cleared of strays by a second process while this one
        # groups the records; it is always waited for (write_site, or below) before another
        # build could touch the spare.
        clearing = StrayClearing.start(state, settings.output,
                                       settings.spare_path(settings.output) if state is not None else None)
        previous = store.get_map("render-index") if state is not None else None
        heap.pin()  # the last build's render index: a million objects, read once, kept to the end
        with profiling.timed("stage:archive"), progress.stage("archive"):
            archive = _grouped(records, settings, state)
            names.save(records)
        with profiling.timed("stage:quality report"), progress.stage("report"):
            report = build_report(collected.articles, [(r.file, r.reason) for r in collected.rejected],
                                  list(collected.diagnostics), files=collected.files,
                                  learned_chrome=collected.chrome.lines if collected.chrome else None)
        heap.pin()
        if settings.strict and len(collected.diagnostics):
            return BuildResult(collected, archive, seconds=time.perf_counter() - started, report=report,
                               notes=result_notes)
        # The search index. Without it the site is complete but cannot be searched: a warning about
        # the machine, not the corpus, so it never makes --strict fail (the check above has passed).
        with profiling.timed("stage:search index"), progress.stage("search"):
            search = build_search(archive, settings, store if cache_folder is not None else None)
        if search.warning:
            collected.diagnostics.add(Diagnostic("pagefind", search.warning))
        from danvan_site.site.sqlite_export import fts5_available
        if not fts5_available():  # about the machine, like the search index: never fails --strict
            collected.diagnostics.add(Diagnostic(
                "api/articles.sqlite", "not made: the SQLite library of this Python has no full-text search (FTS5)",
                hint="use a Python whose sqlite3 module has FTS5 (those of python.org and of most Linux systems do)"))
        index: dict = {}
        spare = settings.spare_path(settings.output) if state is not None else None
        last_build = store.get_state("last-build") if state is not None else None
        expected = (last_build["pages"] + last_build["written"]) if isinstance(last_build, dict) else None
        with profiling.timed("stage:render and write"):
            progress.start("render", total=expected)
            try:
                outputs = chain(render_site(archive, settings, report, search=bool(search.outputs),
                                            global_key=global_key, previous=previous, index=index, record_exports=exports), search.outputs)
                stats = write_site(_counted(outputs), settings.output, force=force, protected=protected, state=state,
                                   jobs=settings.jobs, intact=intact, spare=spare, clearing=clearing)
            except KeptFileMissing as exc:
                # Files of the published site deleted by hand: make every page again.
                result_notes.append(f"{exc}; every page was made again")
                index = {}
                progress.start("render", total=expected)
                outputs = chain(render_site(archive, settings, report, search=bool(search.outputs),
                                            global_key=global_key, index=index, record_exports=exports), search.outputs)
                stats = write_site(_counted(outputs), settings.output, force=force, protected=protected, state=state,
                                   jobs=settings.jobs, intact=False, spare=spare)
            finally:
                progress.end()
        if state is not None:
            store.set_map("render-index", index)
            store.set_state(EXPORTS_MADE, exports_made(index))
        # The search bundle's files are data, not pages: they count with the copied files.
        bundle = len(search.outputs)
        result = BuildResult(collected, archive, pages=stats.pages - bundle, files=stats.files + bundle,
                             seconds=time.perf_counter() - started, written=True, output=settings.output, report=report,
                             notes=result_notes, changed=stats.changed)
        if state_key is not None and stats.marker is not None:
            store.set_state("last-build", {
                "key": state_key, "records": records_digest or records_key(settings, store, refreshed, global_key),
                "marker": stats.marker, "rejected": collected.rejected,
                "diagnostics": collected.diagnostics, "files": collected.files,
                "counted": (collected.built, collected.merged), "pages": result.pages, "written": result.files,
                "quality": report.counts,
            })
        return result
    finally:
        if clearing is not None:
            clearing.wait()
        exports.close()  # the exports' processes have ended when the site was written: their folders go
