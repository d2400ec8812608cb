"""Site settings: ``site.yaml`` merged with command-line options (the options win)."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from danvan_site.core.errors import ConfigError

# The default theme (templates and static files) is package data: an installed package builds a
# styled site from any folder.
DEFAULT_THEME = Path(__file__).resolve().parents[1] / "site" / "theme"


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
    # The build cache (parsed records, what was written): None for none. Relative to site.yaml.
    cache: Path | None = Path(".danvan-cache")
    jobs: int = 0  # processes parsing bulletins; 0: one per CPU core
    verbosity: int = 1  # 0 quiet, 1 normal, 2 verbose
    config_file: Path | None = None
    # The build time shown on pages and in the exports: only when SOURCE_DATE_EPOCH is set
    # (reproducible builds, https://reproducible-builds.org/specs/source-date-epoch/); without
    # it the output holds no timestamp, so two builds of the same input are byte-identical.
    build_time: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_TYPES: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "description": str,
    "language": str,
    "corpus": str,
    "output": str,
    "base_url": str,
    "page_size": int,
    "latest_count": int,
    "feed_size": int,
    "timezone": str,
    "templates": (str, type(None)),
    "theme": str,
    "strict": bool,
    "search": bool,
    "cache": (str, type(None)),
    "jobs": int,
}
_PATHS = {"corpus", "output", "templates", "theme", "cache"}


def load_settings(config_file: Path | None, overrides: dict[str, Any] | None = None) -> Settings:
    """Read ``site.yaml`` (when it exists) and apply command-line overrides.

    Relative paths in the file are relative to the file's folder; relative paths given on the
    command line are relative to the current directory.
    """
    settings = Settings()
    data: dict[str, Any] = {}
    base = Path.cwd()
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: settings file not found. Create it or pass --config.")
        try:
            loaded = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            raise ConfigError(f"{config_file}{line}: not valid YAML ({exc}).") from exc
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{config_file}: expected a mapping of settings at the top level.")
        data = loaded
        base = config_file.resolve().parent
        settings.config_file = config_file
    for key, value in data.items():
        if key not in _TYPES:
            known = ", ".join(sorted(_TYPES))
            raise ConfigError(f"{config_file}: unknown setting '{key}'. Known settings: {known}.")
        _apply(settings, key, value, base, str(config_file))
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        _apply(settings, key, value, Path.cwd(), "command line")
    if settings.page_size < 1:
        raise ConfigError(f"page_size must be at least 1 (got {settings.page_size}).")
    if settings.latest_count < 0:
        raise ConfigError(f"latest_count must not be negative (got {settings.latest_count}).")
    if settings.cache is not None and not Path(settings.cache).is_absolute():
        settings.cache = base / settings.cache  # the default: next to site.yaml
    if settings.jobs < 0:
        raise ConfigError(f"jobs must be 0 (one per CPU core) or more (got {settings.jobs}).")
    if settings.jobs == 0:
        settings.jobs = max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
    if settings.feed_size < 1:
        raise ConfigError(f"feed_size must be at least 1 (got {settings.feed_size}).")
    if settings.base_url and not settings.base_url.startswith(("http://", "https://")):
        raise ConfigError(f"base_url must start with http:// or https:// (got '{settings.base_url}').")
    if any(ch.isspace() or ord(ch) < 32 or ch in '"<>' for ch in settings.base_url):
        raise ConfigError(f"base_url must not contain spaces, quotes or angle brackets (got {settings.base_url!r}).")
    settings.base_url = settings.base_url.rstrip("/")
    settings.build_time = source_date_epoch(os.environ)
    return settings


VN_TZ = timezone(timedelta(hours=7), "ICT")


def source_date_epoch(environ: Mapping[str, str]) -> datetime | None:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC) as a time in Vietnam (+07:00), or None
    when it is not set."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ConfigError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC "
                          f"(got {value!r}); unset it or set it to e.g. the last commit's time.")
    try:
        return datetime.fromtimestamp(int(value), tz=VN_TZ)
    except (OverflowError, OSError, ValueError) as exc:
        raise ConfigError(f"SOURCE_DATE_EPOCH={value} is out of range ({exc}).") from exc


def _apply(settings: Settings, key: str, value: Any, base: Path, origin: str) -> None:
    expected = _TYPES.get(key)
    if expected is not None and not isinstance(value, Path):
        wrong = not isinstance(value, expected) or (expected is int and isinstance(value, bool))
        if wrong:
            name = expected.__name__ if isinstance(expected, type) else "text"
            raise ConfigError(
                f"{origin}: setting '{key}' must be {name}, got {type(value).__name__} ({value!r})."
            )
    if key in _PATHS and value is not None:
        path = Path(value)
        value = path if path.is_absolute() else (base / path)
        # site.yaml may name a templates folder not made yet; one typed on the command line must exist.
        if key == "templates" and origin == "command line" and not value.is_dir():
            raise ConfigError(f"--templates {path}: folder not found. Create it or check the name.")
    if key not in {f.name for f in fields(Settings)}:
        settings.extra[key] = value
    else:
        setattr(settings, key, value)
