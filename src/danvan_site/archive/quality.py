"""The quality report: per bulletin, what was not found or is uncertain, each warning with its
line, and a sidecar an archivist can copy to fix it. Pure data; rendering shows it as a page and
``api/report.json``."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from danvan_site.core.models import Article, Diagnostic
from danvan_site.core.records import plain_evidence
from danvan_site.vocab import review_types

# Field -> (label in Vietnamese, an example sidecar fragment that sets it)
CHECKED: dict[str, tuple[str, dict[str, Any]]] = {
    "published": ("ngày đăng", {"published": "YYYY-MM-DD"}),
    "event_date": ("ngày diễn ra", {"event_date": "YYYY-MM-DD"}),
    "locality.level": ("cấp địa phương", {"locality": {"level": "xã | phường | thị trấn | huyện | quận | thị xã | thành phố | tỉnh"}}),
    "locality.name": ("tên địa phương", {"locality": {"name": "..."}}),
    "locality.province": ("tỉnh/thành phố", {"locality": {"province": "..."}}),
    "period": ("kỳ báo cáo", {"period": "6 tháng đầu năm YYYY"}),
    "author": ("tác giả", {"author": "..."}),
    "people": ("người được nhắc đến", {"people": ["Họ và tên"]}),
}


@dataclass
class BulletinReport:
    id: str
    source_file: str
    url: str
    title: str
    missing: list[str] = field(default_factory=list)
    uncertain: dict[str, str] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    overridden: list[str] = field(default_factory=list)
    sidecar: str | None = None  # a YAML snippet to start from
    sidecar_file: str | None = None
    # How extraction chose (Article.evidence; read from the store when first asked for)
    evidence: Mapping[str, Any] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.uncertain or self.warnings)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source_file": self.source_file,
            "url": self.url,
            "title": self.title,
            "missing": self.missing,
            "uncertain": self.uncertain,
            "warnings": [{"message": d.message, "line": d.line, "field": d.field, "hint": d.hint, "level": d.level}
                         for d in self.warnings],
            "overridden": self.overridden,
            "sidecar_file": self.sidecar_file,
            "sidecar": self.sidecar,
            "evidence": plain_evidence(self.evidence),
        }


@dataclass
class QualityReport:
    bulletins: list[BulletinReport]
    rejected: list[dict[str, Any]]
    other: list[Diagnostic]  # diagnostics about files that are not bulletins (e.g. stray sidecars)
    # Records merged into another record of the same bulletin: {file, id, duplicate_of,
    # duplicate_of_file, similarity}, by file.
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    files: int | None = None  # bulletin files given (built + merged + rejected)
    # Page chrome learned from the corpus: (line, bulletins it was found in), most frequent first
    learned_chrome: list[tuple[str, int]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "files": self.files if self.files is not None
            else len(self.bulletins) + len(self.duplicates) + len(self.rejected),
            "built": len(self.bulletins),
            "merged_duplicates": len(self.duplicates),
            "bulletins": len(self.bulletins),
            "complete": sum(1 for b in self.bulletins if b.clean),
            "with_missing_fields": sum(1 for b in self.bulletins if b.missing),
            "with_uncertain_fields": sum(1 for b in self.bulletins if b.uncertain),
            "missing_fields": sum(len(b.missing) for b in self.bulletins),
            "uncertain_fields": sum(len(b.uncertain) for b in self.bulletins),
            "warnings": sum(len(b.warnings) for b in self.bulletins) + len(self.other),
            "rejected": len(self.rejected),
        }

    def to_json(self, bulletins: bool = True) -> dict[str, Any]:
        """The report as plain data; without ``bulletins``, the list is left empty (for a caller
        that makes each bulletin's entry itself, as ``api/report.json`` does from fragments)."""
        return {
            "schema_version": 1,
            "counts": self.counts,
            "bulletins": [b.to_json() for b in self.bulletins] if bulletins else [],
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "learned_chrome": [{"line": line, "bulletins": n} for line, n in self.learned_chrome],
            "other": [{"file": d.file, "message": d.message, "line": d.line, "hint": d.hint} for d in self.other],
        }


def missing_fields(a: Article) -> list[str]:
    out = []
    if a.published is None:
        out.append("published")
    if a.event_date is None and a.meeting_type.slug != "khac":
        out.append("event_date")
    if a.locality.level is None:
        out.append("locality.level")
    if a.locality.name is None:
        out.append("locality.name")
    if a.locality.province is None:
        out.append("locality.province")
    if a.period is None and a.meeting_type.slug in review_types():
        out.append("period")
    if a.author is None:
        out.append("author")
    if not a.people:
        out.append("people")
    return [f for f in out if f.split(".")[0] not in a.overridden]


def _merge(into: dict[str, Any], frag: dict[str, Any]) -> None:
    for k, v in frag.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v


def sidecar_snippet(a: Article, fields: list[str]) -> str | None:
    """A sidecar to start from that sets ``fields`` (the same for every bulletin missing the same
    fields: made once per combination, the YAML dump cost 0.5 s at 10,000 bulletins)."""
    return _snippet(tuple(fields))


@lru_cache(maxsize=1024)
def _snippet(fields: tuple[str, ...]) -> str | None:
    data: dict[str, Any] = {}
    for f in fields:
        key = f if f in CHECKED else f.split(".")[0]
        if key in CHECKED:
            _merge(data, CHECKED[key][1])
        elif key == "locality":
            _merge(data, {"locality": {"name": "...", "province": "..."}})
        elif key == "meeting_type":
            _merge(data, {"meeting_type": "so-ket | tong-ket | giao-ban | lam-viec | hoi-nghi | ..."})
    if not data:
        return None
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


def build_report(articles: list[Article], rejected: list[tuple[str, str]], diagnostics: list[Diagnostic],
                 files: int | None = None, learned_chrome: list[tuple[str, int]] | None = None) -> QualityReport:
    """The report over every record read (``articles``, merged duplicates included) and every
    rejected file; ``files`` is how many bulletin files were given, so that the counts can be
    checked to add up (built + merged duplicates + rejected = files)."""
    by_id = {a.id: a for a in articles}
    duplicates = sorted(
        ({"file": a.source_file, "id": a.id, "duplicate_of": a.duplicate_of,
          "duplicate_of_file": by_id[a.duplicate_of].source_file if a.duplicate_of in by_id else None,
          "similarity": a.similarity}
         for a in articles if a.duplicate_of is not None),
        key=lambda d: (d["file"], d["id"]),
    )
    bulletins = []
    for a in articles:
        if a.duplicate_of is not None:
            continue
        missing = missing_fields(a)
        uncertain = {k: v for k, v in a.uncertain.items() if k not in a.overridden}
        fixable = missing + [k for k in uncertain if k not in {m.split(".")[0] for m in missing}]
        stem = a.source_file.rsplit(".", 1)[0]
        bulletins.append(BulletinReport(
            id=a.id, source_file=a.source_file, url=a.url, title=a.title, missing=missing, uncertain=uncertain,
            warnings=[d for d in a.diagnostics], overridden=list(a.overridden),
            sidecar=sidecar_snippet(a, fixable), sidecar_file=f"{stem}.yaml", evidence=a.evidence,
        ))
    bulletins.sort(key=lambda b: (b.clean, b.source_file))
    rejected_json = [{"file": f, "reason": r} for f, r in rejected]
    rejected_files = {f for f, _ in rejected}
    primary_files = {b.source_file for b in bulletins}
    # Shown under their bulletin already (a sidecar's error names the sidecar, not the bulletin).
    attached = {d for a in articles if a.duplicate_of is None for d in a.diagnostics}
    # Warnings about merged duplicates land here: their records have no report entry of their own.
    other = [d for d in diagnostics
             if d.file not in primary_files and d.file not in rejected_files and d not in attached]
    return QualityReport(bulletins, rejected_json, other, duplicates, files, list(learned_chrome or []))
