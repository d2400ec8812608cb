"""Plain records that flow through the pipeline: load -> extract -> archive -> render -> write.

Records are dataclasses with no behaviour beyond small derived properties and JSON conversion;
rendering never parses text, it only reads these fields.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Diagnostic:
    """A warning or error about one input file, optionally pointing at a line."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None
    hint: str | None = None
    level: str = "warning"  # "warning" | "error"

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


@dataclass
class Locality:
    level: str | None = None  # xã, phường, thị trấn, huyện, quận, thị xã, thành phố, tỉnh
    name: str | None = None  # proper name without the level word, modern tone placement
    province: str | None = None  # without level word: "Hà Nội", "Bà Rịa - Vũng Tàu"
    district: str | None = None  # full name with level, e.g. "quận Long Biên" (when known)
    district_level: str | None = None
    district_name: str | None = None
    code: str | None = None  # official GSO code of the unit, when resolved on the gazetteer
    successor: str | None = None  # post-2025 successor unit, when known

    @property
    def label(self) -> str | None:
        if self.name and self.level:
            return f"{self.level} {self.name}"
        if self.name:
            return self.name
        return self.level

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "name": self.name,
            "province": self.province,
            "district": self.district,
            "code": self.code,
            "successor": self.successor,
        }


@dataclass
class MeetingType:
    slug: str
    label: str

    def to_json(self) -> dict[str, str]:
        return {"slug": self.slug, "label": self.label}


@dataclass
class Period:
    label: str
    start: date
    end: date

    def to_json(self) -> dict[str, str]:
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass
class Author:
    name: str
    role: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role}


@dataclass
class Person:
    name: str
    roles: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "roles": list(self.roles)}


@dataclass
class Image:
    src: str | None
    caption: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"src": self.src, "caption": self.caption}


@dataclass
class Article:
    """One bulletin, as extracted from one raw file (plus its optional sidecar)."""

    id: str  # stem of the source file name
    source_file: str  # POSIX path relative to the corpus folder
    sha256: str  # of the source bytes
    title: str
    published: datetime | date | None = None  # aware datetime (+07:00) or bare date
    event_date: date | None = None
    time_of_day: str | None = None  # sáng / trưa / chiều / tối
    locality: Locality = field(default_factory=Locality)
    organizer: str | None = None
    meeting_type: MeetingType = field(default_factory=lambda: MeetingType("khac", "khác"))
    period: Period | None = None
    author: Author | None = None
    views: int | None = None
    people: list[Person] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    section: str | None = None
    images: list[Image] = field(default_factory=list)
    summary: str | None = None
    word_count: int = 0
    organisations: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    portal: str | None = None  # the portal's name at the top of the page, when the page gives it
    # Filled when duplicates are merged (dedupe.py): every record of one bulletin, primary first.
    duplicate_of: str | None = None  # id of the primary record this one was merged into
    similarity: float | None = None  # of this record's body to the primary's (1.0: same text)
    group: list[Article] = field(default_factory=list, repr=False, compare=False)
    # Filled by the archive stage:
    slug: str = ""
    url: str = ""  # page path relative to the site root, e.g. "bai-viet/<slug>/"
    raw_url: str = ""  # copy of the raw text, relative to the site root
    own_url: str = ""  # the page URL of this record alone; differs from ``url`` for a merged duplicate
    fingerprint: str = ""  # hash of the record as extracted (set when the build reads it)
    # Filled along the way:
    overridden: list[str] = field(default_factory=list)  # fields set by a sidecar
    uncertain: dict[str, str] = field(default_factory=dict)  # field -> why the value is uncertain
    # How extraction chose: field -> {chosen, runner_up, reasons...}, captions with why, learned
    # chrome lines of the file (shown on the quality report; api/report.json)
    # (as read back from the store, a ``records.StoredEvidence``, decoded when first read)
    evidence: Mapping[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def published_date(self) -> date | None:
        if isinstance(self.published, datetime):
            return self.published.date()
        return self.published

    @property
    def sort_date(self) -> date | None:
        """The date an article is filed under: publication, else the event."""
        return self.published_date or self.event_date

    def published_iso(self) -> str | None:
        if self.published is None:
            return None
        if isinstance(self.published, datetime):
            return self.published.isoformat(timespec="seconds")
        return self.published.isoformat()

    @property
    def sources(self) -> list[Article]:
        """Every record of this bulletin, primary first (just this one when it has no duplicate)."""
        return list(self.group) if self.group else [self]

    def source_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source_file": self.source_file,
            "sha256": self.sha256,
            "raw_url": self.raw_url,
            "portal": self.portal,
            "published": self.published_iso(),
            "views": self.views,
            "similarity": self.similarity if self.duplicate_of else None,
        }

    def to_json(self) -> dict[str, Any]:
        """The record as in the JSON export contract (spec/articles-json.md) plus extras."""
        return {
            "id": self.id,
            "source_file": self.source_file,
            "url": self.url,
            "title": self.title,
            "published": self.published_iso(),
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "time_of_day": self.time_of_day,
            "locality": self.locality.to_json(),
            "meeting_type": self.meeting_type.to_json(),
            "period": self.period.to_json() if self.period else None,
            "author": self.author.to_json() if self.author else None,
            "views": self.views,
            "people": [p.to_json() for p in self.people],
            "body": list(self.body),
            "organizer": self.organizer,
            "section": self.section,
            "images": [i.to_json() for i in self.images],
            "summary": self.summary,
            "word_count": self.word_count,
            "organisations": list(self.organisations),
            "sha256": self.sha256,
            "raw_url": self.raw_url,
            "portal": self.portal,
            "duplicate_of": self.duplicate_of,
            "sources": [a.source_json() for a in self.sources],
        }
