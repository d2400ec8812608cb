"""Site settings: ``site.yaml`` merged with command-line options (the options win).

Order, each later one winning: the defaults; the top of ``site.yaml``; the chosen environment
of its ``environments`` section (``--env NAME``; without it ``chinh-thuc`` for ``build`` and
``xem-thu`` for ``serve``, when the file defines them); the command-line options.

Every mistake is a :class:`ConfigError` (exit code 2) naming the file and line, in the current
language, with what to do: an unknown key gets "did you mean", a wrong type says the type in
words ("một số nguyên", not "int") with an example, a YAML error points at the line to fix (the
line where a bracket or quotation mark was opened, not where the parser noticed).

The working folder (``work_dir``, default ``.danvan`` next to ``site.yaml``) holds everything
the build keeps between runs and that can be deleted at any time (``danvan-site clean``): the
cache (``<work_dir>/cache``, unless ``cache`` names another folder) and the spare copy of the
site (``<work_dir>/spare/<output name>-<hash>``, see :meth:`Settings.spare_path`).
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

from danvan_site.core import i18n
from danvan_site.core.errors import ConfigError

# The default theme (templates and static files) is package data: an installed package builds a
# styled site from any folder.
DEFAULT_THEME = Path(__file__).resolve().parents[1] / "site" / "theme"

WORK_DIR = Path(".danvan")
WORK_MARKER = ".danvan-work"  # in the working folder: says it is ours (``clean`` checks it)
_WORK_MARKER_TEXT = (
    "Thư mục làm việc của danvan-site: bộ nhớ đệm và bản dự phòng của trang web.\n"
    "Xoá được bất cứ lúc nào (danvan-site clean); lần dựng sau sẽ dựng lại toàn bộ.\n"
    "danvan-site's working folder: the build cache and the spare copy of the site.\n"
    "Safe to delete at any time (danvan-site clean); the next build is then a full one.\n"
)
SITE_MARKER = ".danvan-site"  # the marker of a site folder the writer made (output/write.py)
LEGACY_CACHE = ".danvan-cache"  # the cache's folder before the working folder existed

# Page kinds ``disable_pages`` can switch off: the name is the kind's folder in the site (what the
# officer sees in the address bar), with English names accepted too.
PAGE_KINDS: dict[str, str] = {
    "bao-cao": "bao-cao",  # the quality report (bao-cao/, api/report.json)
    "nguoi": "nguoi",  # people: the index and a page per person
    "thuat-ngu": "thuat-ngu",  # the glossary of abbreviations
    "feed": "feed",  # the Atom feeds (feed.xml everywhere)
    "thong-ke": "thong-ke",  # statistics
    "to-chuc": "to-chuc",  # organisations
    "ky-bao-cao": "ky-bao-cao",  # reporting periods
    # English names
    "report": "bao-cao",
    "people": "nguoi",
    "glossary": "thuat-ngu",
    "feeds": "feed",
    "statistics": "thong-ke",
    "stats": "thong-ke",
    "organisations": "to-chuc",
    "organizations": "to-chuc",
    "periods": "ky-bao-cao",
}
KIND_NAMES = ("bao-cao", "nguoi", "thuat-ngu", "feed", "thong-ke", "to-chuc", "ky-bao-cao")

# The environment a command uses when ``--env`` is not given and ``site.yaml`` defines it.
DEFAULT_ENVIRONMENTS = {"build": "chinh-thuc", "serve": "xem-thu"}


@dataclass
class Settings:
    title: str = "Lưu trữ tin dân vận"
    description: str = ""
    language: str = "vi"
    corpus: Path = Path("corpus")
    output: Path = Path("site")
    base_url: str = ""
    page_size: int = 20
    latest_count: int = 10
    feed_size: int = 50  # entries in each Atom feed (the newest)
    timezone: str = "Asia/Ho_Chi_Minh"
    templates: Path | None = None  # the user's own templates, searched before the theme
    theme: Path = DEFAULT_THEME  # the default templates and static files
    strict: bool = False
    search: bool = True  # build the Pagefind search index (needs the pagefind binary)
    # The build cache (parsed records, what was written): None for none. By default the folder
    # "cache" of the working folder.
    cache: Path | None = WORK_DIR / "cache"
    jobs: int = 0  # processes parsing bulletins; 0: one per CPU core
    # Page kinds switched off (sorted names of KIND_NAMES): their pages, feeds and links are not made.
    disable_pages: tuple[str, ...] = ()
    # Where the build keeps its working files (cache, spare copy): relative to site.yaml.
    work_dir: Path = WORK_DIR
    environment: str | None = None  # the environment of site.yaml in use, if any
    verbosity: int = 1  # 0 quiet, 1 normal, 2 verbose
    config_file: Path | None = None
    # The build time shown on pages and in the exports: only when SOURCE_DATE_EPOCH is set
    # (reproducible builds, https://reproducible-builds.org/specs/source-date-epoch/); without
    # it the output holds no timestamp, so two builds of the same input are byte-identical.
    build_time: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def shows(self, kind: str) -> bool:
        """Whether the pages of ``kind`` (a name of :data:`KIND_NAMES`) are made."""
        return PAGE_KINDS.get(kind, kind) not in self.disable_pages

    def spare_path(self, output: Path | None = None) -> Path | None:
        """Where the writer keeps the spare copy of the site in ``output`` (default: the output
        folder): ``<work_dir>/spare/<output name>-<8 hex of its path>``, so that two outputs of
        one name built from one working folder (``a/site``, ``b/site``) keep a spare each (with
        one, each build found the other's and made its own again: 20 s at 10,000 bulletins);
        None when the working folder is on another disk than the output (the spare is moved in
        and out by renaming, which cannot cross disks): the writer then keeps no spare."""
        target = Path(output if output is not None else self.output).absolute()
        digest = hashlib.blake2b(str(target).encode("utf-8"), digest_size=4).hexdigest()
        spare = Path(self.work_dir) / "spare" / f"{target.name}-{digest}"
        if _device(spare) != _device(target.parent):
            return None
        return spare


def _device(path: Path) -> int | None:
    """The device of ``path`` or of its nearest existing parent."""
    path = Path(path).absolute()
    for candidate in (path, *path.parents):
        try:
            return os.stat(candidate).st_dev
        except OSError:
            continue
    return None


# Each key: the accepted Python types, the words for them, and an example value.
_SPEC: dict[str, tuple[tuple[type, ...], str, str]] = {
    "title": ((str,), "type.str", '"Lưu trữ tin dân vận"'),
    "description": ((str,), "type.str", '"Bản tin công tác dân vận ở cơ sở"'),
    "language": ((str,), "type.str", "vi"),
    "corpus": ((str,), "type.path", "corpus"),
    "output": ((str,), "type.path", "site"),
    "base_url": ((str,), "type.str", "https://example.org/luu-tru"),
    "page_size": ((int,), "type.int", "20"),
    "latest_count": ((int,), "type.int", "10"),
    "feed_size": ((int,), "type.int", "50"),
    "timezone": ((str,), "type.str", "Asia/Ho_Chi_Minh"),
    "templates": ((str, type(None)), "type.path_or_none", "templates_custom"),
    "theme": ((str,), "type.path", "my-theme"),
    "strict": ((bool,), "type.bool", "false"),
    "search": ((bool,), "type.bool", "true"),
    "cache": ((str, type(None)), "type.path_or_none", ".danvan/cache"),
    "jobs": ((int,), "type.int", "0"),
    "disable_pages": ((list,), "type.kinds", "[bao-cao, nguoi]"),
    "work_dir": ((str,), "type.path", ".danvan"),
    "environments": ((dict,), "type.dict", "{chinh-thuc: {base_url: https://example.org}}"),
}
_PATHS = {"corpus", "output", "templates", "theme", "cache", "work_dir"}
_TOP_ONLY = {"environments", "work_dir"}  # not inside an environment
_OPTIONS = {"corpus": "--corpus", "output": "--output", "base_url": "--base-url", "templates": "--templates",
            "strict": "--strict", "search": "--no-search", "cache": "--cache", "jobs": "--jobs"}


class _Where:
    """Where each value came from, for messages: ``site.yaml:7`` or ``--jobs``."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.of: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        return self.of.get(key) or _OPTIONS.get(key) or self.file or i18n.t("label.command_line")


def load_settings(config_file: Path | None, overrides: dict[str, Any] | None = None,
                  environment: str | None = None, command: str | None = None) -> Settings:
    """Read ``site.yaml`` (when it exists), apply its environment and the command-line overrides.

    ``environment``: the name given with ``--env`` (an error when the file does not define it);
    ``command``: "build" or "serve", whose default environment applies when defined.

    Relative paths in the file are relative to the file's folder; relative paths given on the
    command line are relative to the current directory.
    """
    settings = Settings()
    base = Path.cwd()
    shown = str(config_file) if config_file is not None else None
    where = _Where(shown)
    explicit: set[str] = set()
    if config_file is not None:
        data, lines = _read(config_file)
        base = config_file.resolve().parent
        settings.config_file = config_file
        for key, value in data.items():
            _check_key(key, value, f"{shown}:{lines.get(key, 1)}", top=True)
        for key, value in data.items():
            if key == "environments":
                continue
            where.of[key] = f"{shown}:{lines.get(key, 1)}"
            _apply(settings, key, value, base, where.of[key])
            explicit.add(key)
        environments = data.get("environments") or {}
        env_lines = lines.get("environments.", {})
        for name, values in environments.items():
            at = f"{shown}:{env_lines.get(name, {}).get('', lines.get('environments', 1))}"
            if not isinstance(values, dict):
                raise ConfigError(key="config.wrong_type", where=at, name=f"environments.{name}", **_type_params(
                    values, "type.dict", "{base_url: https://example.org}"))
            for key, value in values.items():
                _check_key(key, value, f"{shown}:{env_lines.get(name, {}).get(key, 1)}", top=False)
        chosen = environment
        if chosen is None and command in DEFAULT_ENVIRONMENTS and DEFAULT_ENVIRONMENTS[command] in environments:
            chosen = DEFAULT_ENVIRONMENTS[command]
        if chosen is not None:
            if "environments" not in data:
                raise ConfigError(key="config.no_environments", name=chosen, file=shown)
            if chosen not in environments:
                names = ", ".join(str(n) for n in environments) or "—"
                raise ConfigError(key="config.unknown_environment", name=chosen, file=shown,
                                  hint=i18n.did_you_mean(chosen, environments), names=names)
            settings.environment = str(chosen)
            for key, value in (environments[chosen] or {}).items():
                where.of[key] = f"{shown}:{env_lines.get(chosen, {}).get(key, 1)}"
                _apply(settings, key, value, base, where.of[key])
                explicit.add(key)
    elif environment is not None:
        raise ConfigError(key="config.no_environments", name=environment, file="site.yaml")
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        where.of[key] = _OPTIONS.get(key, i18n.t("label.command_line"))
        _apply(settings, key, value, Path.cwd(), "command line")
        explicit.add(key)
    _validate(settings, where, base, explicit)
    settings.build_time = source_date_epoch(os.environ)
    return settings


def _read(config_file: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The file's settings and the line of each key (``lines["environments."][name][key]``)."""
    shown = str(config_file)
    if not config_file.is_file():
        raise ConfigError(key="config.not_found", file=shown, prog=program_name())
    raw = config_file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(key="config.not_utf8", file=shown, pos=exc.start) from exc
    import yaml  # here, not at the top: a build without site.yaml never needs it (~12 ms to import)

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line, problem, fix = _yaml_problem(exc, text)
        where = f"{shown}:{line}" if line else shown
        raise ConfigError(key="config.yaml", where=where, problem=problem, fix=fix) from exc
    if loaded is None:
        return {}, {}
    if not isinstance(loaded, dict) or not isinstance(node, yaml.MappingNode):
        raise ConfigError(key="config.not_mapping", file=shown)
    lines: dict[str, Any] = {}
    _key_lines(node, lines, shown)
    env_lines: dict[str, dict[str, int]] = {}
    for key_node, value_node in node.value:
        if key_node.value == "environments" and isinstance(value_node, yaml.MappingNode):
            inner: dict[str, int] = {}
            _key_lines(value_node, inner, shown)
            for name_node, env_node in value_node.value:
                found = {"": name_node.start_mark.line + 1}
                if isinstance(env_node, yaml.MappingNode):
                    _key_lines(env_node, found, shown)
                env_lines[name_node.value] = found
    lines["environments."] = env_lines
    return loaded, lines


def _key_lines(node: yaml.MappingNode, into: dict[str, Any], shown: str) -> None:
    """The line of each key of a mapping; a key written twice is an error naming both lines."""
    for key_node, _ in node.value:
        key = key_node.value
        line = key_node.start_mark.line + 1
        if key in into and key != "":
            raise ConfigError(key="config.duplicate_key", where=f"{shown}:{line}", name=key,
                              first=into[key], second=line)
        into[key] = line


def _yaml_problem(exc: yaml.YAMLError, text: str) -> tuple[int | None, str, str]:
    """(line to fix, what is wrong, what to do) for a YAML error, in the current language.

    PyYAML marks where it noticed the problem; for a bracket or quotation mark left open that
    is a line (or more) after the mistake, so the line where it was opened is named instead."""
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    mark = getattr(exc, "problem_mark", None)
    opened = getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    if context.startswith(("while parsing a flow", "while scanning a quoted scalar",
                           "while scanning a double-quoted", "while scanning a single-quoted")) and opened is not None:
        what = "config.yaml.unclosed_quote" if "quoted" in context else "config.yaml.unclosed_bracket"
        return opened.line + 1, i18n.lazy(what), i18n.lazy("config.yaml.fix_close")
    if "mapping values are not allowed" in problem:
        return line, i18n.lazy("config.yaml.colon"), i18n.lazy("config.yaml.fix_quote")
    if "'\\t'" in problem or "\t" in problem:
        return line, i18n.lazy("config.yaml.tab"), i18n.lazy("config.yaml.fix_tab")
    if mark is not None and ("end of stream" in problem or "<stream end>" in problem):
        # The end of the file: the last line written is the one to look at.
        lines = text.splitlines()
        last = len(lines)
        while last > 1 and not lines[last - 1].strip():
            last -= 1
        line = min(line or last, last)
    detail = problem or context or type(exc).__name__
    return line, i18n.lazy("config.yaml.other", detail=detail), i18n.lazy("config.yaml.fix_other")


def _type_params(value: Any, expected: str, example: str) -> dict[str, Any]:
    got_key = i18n.type_key(value)
    got = i18n.lazy(got_key) if got_key is not None else type(value).__name__
    return {"expected": i18n.lazy(expected), "got": got, "value": repr(value), "example": example}


def _check_key(key: Any, value: Any, where: str, top: bool) -> None:
    """Refuse an unknown key (with the closest known one) or a value of the wrong type."""
    key_text = str(key)
    if key_text not in _SPEC:
        known = sorted(_SPEC) if top else sorted(set(_SPEC) - _TOP_ONLY)
        hint = i18n.did_you_mean(key_text, known)
        if not hint:
            hint = i18n.lazy("config.known_keys", keys=", ".join(known))
        raise ConfigError(key="config.unknown_key", where=where, name=key_text, hint=hint)
    if not top and key_text in _TOP_ONLY:
        raise ConfigError(key="config.environment_nested", where=where, name=key_text)
    _check_type(key_text, value, where)


def _check_type(key: str, value: Any, where: str) -> None:
    types, words, example = _SPEC[key]
    if isinstance(value, Path):
        return
    wrong = not isinstance(value, types) or (int in types and bool not in types and isinstance(value, bool))
    if wrong:
        raise ConfigError(key="config.wrong_type", where=where, name=key, **_type_params(value, words, example))


def _apply(settings: Settings, key: str, value: Any, base: Path, origin: str) -> None:
    if key in _SPEC:
        _check_type(key, value, origin if origin != "command line" else _OPTIONS.get(key, origin))
    if key == "disable_pages":
        kinds = set()
        for item in value:
            name = PAGE_KINDS.get(str(item).strip().lower()) if isinstance(item, str) else None
            if name is None:
                raise ConfigError(key="config.unknown_kind", where=origin, kind=item,
                                  hint=i18n.did_you_mean(str(item), list(PAGE_KINDS)), kinds=", ".join(KIND_NAMES))
            kinds.add(name)
        value = tuple(sorted(kinds))
    if key in _PATHS and value is not None:
        path = Path(value)
        value = path if path.is_absolute() else (base / path)
        # site.yaml may name a templates folder not made yet; one typed on the command line must exist.
        if key == "templates" and origin == "command line" and not value.is_dir():
            raise ConfigError(key="config.templates_missing", path=path)
    if key not in {f.name for f in fields(Settings)}:
        settings.extra[key] = value
    else:
        setattr(settings, key, value)


def _validate(settings: Settings, where: _Where, base: Path, explicit: set[str]) -> None:
    if settings.page_size < 1:
        raise ConfigError(key="config.at_least", where=where("page_size"), name="page_size", minimum=1,
                          value=settings.page_size)
    if settings.latest_count < 0:
        raise ConfigError(key="config.not_negative", where=where("latest_count"), name="latest_count",
                          value=settings.latest_count)
    if settings.feed_size < 1:
        raise ConfigError(key="config.at_least", where=where("feed_size"), name="feed_size", minimum=1,
                          value=settings.feed_size)
    if settings.jobs < 0:
        raise ConfigError(key="config.jobs", where=where("jobs"), value=settings.jobs)
    if settings.jobs == 0:
        settings.jobs = max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
    if settings.base_url and not settings.base_url.startswith(("http://", "https://")):
        raise ConfigError(key="config.base_url_scheme", where=where("base_url"), value=settings.base_url)
    if any(ch.isspace() or ord(ch) < 32 or ch in '"<>' for ch in settings.base_url):
        raise ConfigError(key="config.base_url_chars", where=where("base_url"), value=repr(settings.base_url))
    settings.base_url = settings.base_url.rstrip("/")
    # The working folder, next to site.yaml by default, and the cache in it.
    if not Path(settings.work_dir).is_absolute():
        settings.work_dir = base / settings.work_dir
    if "cache" not in explicit:
        settings.cache = Path(settings.work_dir) / "cache"
    elif settings.cache is not None and not Path(settings.cache).is_absolute():
        settings.cache = base / settings.cache
    work = Path(settings.work_dir).resolve()
    clashes = [("config.what.corpus", settings.corpus), ("config.what.output", settings.output),
               ("config.what.templates", settings.templates), ("config.what.config", base)]
    for what, other in clashes:
        if other is None:
            continue
        other = Path(other).resolve()
        if what == "config.what.output" and other != work and other.is_relative_to(work):
            raise ConfigError(key="config.output_in_work_dir", where=where("output"), output=other, work=work,
                              prog=program_name())
        if other.is_relative_to(work):
            raise ConfigError(key="config.work_dir_clash", where=where("work_dir"), work=work, what=i18n.lazy(what),
                              other=other)
        if what != "config.what.config" and work.is_relative_to(other):
            if what == "config.what.output" and "work_dir" not in explicit:
                continue  # the writer refuses an output folder that holds the cache, in its own words
            name = "work_dir" if "work_dir" in explicit else what.rsplit(".", 1)[1]
            raise ConfigError(key="config.work_dir_inside", where=where(name), work=work, what=i18n.lazy(what),
                              other=other)


def program_name() -> str:
    """How the user runs the program, for messages ("danvan-site" or "python build.py")."""
    import sys

    path = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    if path.name == "build.py":
        return "python build.py"
    if path.name == "__main__.py" and path.parent.name == "danvan_site":
        return "python -m danvan_site"
    return "danvan-site"


def prepare_work_dir(settings: Settings) -> Path:
    """Make the working folder (with its marker, which ``clean`` looks for) and return it. The
    build calls it once the output folder has been checked, before it opens the cache."""
    work = Path(settings.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    mark_work_dir(settings)
    return work


def mark_work_dir(settings: Settings) -> None:
    """Put the marker into the working folder when it exists (made by the cache) and lacks it."""
    marker = Path(settings.work_dir) / WORK_MARKER
    if Path(settings.work_dir).is_dir() and not marker.is_file():
        try:
            marker.write_text(_WORK_MARKER_TEXT, encoding="utf-8")
        except OSError:
            pass  # a read-only folder: clean still knows it by its content


@dataclass(frozen=True)
class WorkingItem:
    """A folder of working files: what it is (``work``, ``cache``, ``legacy_cache``, ``spare``,
    ``leftover``), where, and how many bytes it holds."""

    kind: str
    path: Path
    size: int


def disk_usage(path: Path, skip: Collection[Path] = ()) -> int:
    """Bytes of the files under ``path``: links are not followed, a file with several hard links
    in the tree counts once, a file that vanishes is skipped, folders in ``skip`` are not entered."""
    total = 0
    seen: set[tuple[int, int]] = set()
    skipped = {os.path.abspath(p) for p in skip}
    stack = [os.fspath(path)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if os.path.abspath(entry.path) not in skipped:
                        stack.append(entry.path)
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if st.st_nlink > 1:
                if (st.st_dev, st.st_ino) in seen:
                    continue
                seen.add((st.st_dev, st.st_ino))
            total += st.st_size
    return total


def working_items(settings: Settings, quick: bool = False) -> list[WorkingItem]:
    """Every folder of working files the build keeps for these settings, as found on disk: the
    working folder; the cache when it is elsewhere; and where older versions kept theirs (the
    ``.danvan-cache`` next to site.yaml, the ``.<output>-spare`` copy next to the output, and
    temporary folders a killed build left next to it). Only folders that are ours are listed.

    ``quick`` (the build's summary) leaves the spare copy of the site out of the sizes: its files
    are hard links to the live site's, so it takes almost no room of its own, and walking its
    tens of thousands of files would cost a rebuild more than the rebuild itself (0.8 s of a 1.7 s
    build at 10,000 bulletins). ``clean`` measures everything."""
    import re

    items: list[WorkingItem] = []
    seen: set[Path] = set()

    def add(kind: str, path: Path) -> None:
        path = Path(path)
        resolved = path.resolve() if path.exists() else path.absolute()
        if resolved in seen or path.is_symlink() or not path.is_dir():
            return
        if any(resolved.is_relative_to(s) for s in seen):
            return
        seen.add(resolved)
        skip = [Path(settings.work_dir) / "spare"] if quick else []
        items.append(WorkingItem(kind, path, disk_usage(path, skip)))

    add("work", Path(settings.work_dir))
    if settings.cache is not None:
        add("cache", Path(settings.cache))
    base = settings.config_file.resolve().parent if settings.config_file is not None else Path.cwd()
    legacy = base / LEGACY_CACHE
    if legacy.is_dir() and ((legacy / "store.sqlite").exists() or any(legacy.glob("*.pickle"))):
        add("legacy_cache", legacy)
    output = Path(settings.output).absolute()
    spare = output.parent / f".{output.name}-spare"
    if (spare / SITE_MARKER).is_file():
        add("spare", spare)
    pattern = re.compile(rf"\.{re.escape(output.name)}-(?:new|old)-[0-9a-f]{{8}}")
    try:
        neighbours = sorted(output.parent.iterdir())
    except OSError:
        neighbours = []
    for entry in neighbours:
        if pattern.fullmatch(entry.name) and (entry / SITE_MARKER).is_file():
            add("leftover", entry)
    return items


VN_TZ = timezone(timedelta(hours=7), "ICT")


def source_date_epoch(environ: Mapping[str, str]) -> datetime | None:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC) as a time in Vietnam (+07:00), or None
    when it is not set."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ConfigError(key="config.sde_format", value=value)
    try:
        return datetime.fromtimestamp(int(value), tz=VN_TZ)
    except (OverflowError, OSError, ValueError) as exc:
        raise ConfigError(key="config.sde_range", value=value, detail=str(exc)) from exc
