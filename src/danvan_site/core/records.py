"""Records as canonical JSON: how an extracted record is stored, fingerprinted and read back.

A record is frozen once extracted: the store keeps it as canonical JSON (sorted keys, no
spaces, UTF-8), and its fingerprint is a hash of those bytes, so two builds that extract the same
record give the same fingerprint whatever the Python version or pickle format. What later stages
derive (URLs, duplicate groups) is kept apart from it (``archive`` and the store's tables).

``light`` is the part of a record that lists and groupings show (everything but the body's
later paragraphs, the images, the evidence and the diagnostics): the archive of a large corpus
is built from light records, and full records are read only for the pages that show them.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

from danvan_site.core.models import Article, Author, Diagnostic, Image, Locality, MeetingType, Period, Person

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

# Fields the archive derives; they are not part of the extracted record.
DERIVED = ("duplicate_of", "similarity", "group", "slug", "url", "raw_url", "own_url", "fingerprint")
# Fields a light record leaves out (read from the full record when a page shows them).
HEAVY = ("images", "evidence", "diagnostics")


def _when(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat()


def _read_when(text: str | None) -> date | datetime | None:
    if text is None:
        return None
    if "T" in text:
        moment = datetime.fromisoformat(text)
        if moment.utcoffset() == VN_TZ.utcoffset(None):
            moment = moment.replace(tzinfo=VN_TZ)
        return moment
    return date.fromisoformat(text)


def record_dict(a: Article, light: bool = False) -> dict[str, Any]:
    """The record as plain data (``light``: without the heavy fields, with the first paragraph only)."""
    data: dict[str, Any] = {
        "id": a.id, "source_file": a.source_file, "sha256": a.sha256, "title": a.title,
        "published": _when(a.published), "event_date": _when(a.event_date), "time_of_day": a.time_of_day,
        "locality": {"level": a.locality.level, "name": a.locality.name, "province": a.locality.province,
                     "district": a.locality.district, "district_level": a.locality.district_level,
                     "district_name": a.locality.district_name, "code": a.locality.code,
                     "successor": a.locality.successor},
        "organizer": a.organizer,
        "meeting_type": [a.meeting_type.slug, a.meeting_type.label],
        "period": [a.period.label, a.period.start.isoformat(), a.period.end.isoformat()] if a.period else None,
        "author": [a.author.name, a.author.role] if a.author else None,
        "views": a.views,
        "people": [[p.name, list(p.roles)] for p in a.people],
        "body": list(a.body[:1]) if light else list(a.body),
        "section": a.section, "summary": a.summary, "word_count": a.word_count,
        "organisations": list(a.organisations), "abbreviations": list(a.abbreviations), "portal": a.portal,
        "overridden": list(a.overridden), "uncertain": dict(a.uncertain),
    }
    if not light:
        data["images"] = [[i.src, i.caption] for i in a.images]
        data["evidence"] = plain_evidence(a.evidence)
        data["diagnostics"] = [[d.file, d.message, d.line, d.field, d.hint, d.level] for d in a.diagnostics]
    return data


def encode(a: Article, light: bool = False) -> bytes:
    """Canonical JSON bytes of a record."""
    return canonical(record_dict(a, light))


def encode_stored(a: Article) -> tuple[bytes, bytes, bytes]:
    """What the store keeps of a record: its canonical JSON (the fingerprint is a hash of it), the
    same JSON without the evidence, and the evidence's own canonical JSON. The evidence (how
    each field was chosen) is read back only by the quality report, and decoded it was a third
    of a record's memory (7.5 of 22 KB) and of the time spent reading the records back."""
    data = record_dict(a)
    whole = canonical(data)
    evidence = data.pop("evidence")
    return whole, canonical(data), canonical(evidence)


def canonical(data: Any) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


class StoredEvidence(Mapping):  # type: ignore[type-arg]
    """A record's evidence as the store keeps it (canonical JSON), decoded each time it is read
    and never kept decoded: a build holds 10,000 of them, and only the quality report reads
    them, each once for ``api/report.json`` and once for the report page, as a whole
    (``plain_evidence``). Decoded and kept, they were a third of a record's memory."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes) -> None:
        self._raw = raw

    def decoded(self) -> dict[str, Any]:
        """The evidence as a new plain dict."""
        return json.loads(self._raw) if self._raw else {}

    def __getitem__(self, key: str) -> Any:
        return self.decoded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.decoded())

    def __len__(self) -> int:
        return len(self.decoded())

    def __repr__(self) -> str:
        return repr(self.decoded())

    def __getstate__(self) -> bytes:
        return self._raw

    def __setstate__(self, state: bytes) -> None:
        self._raw = state


def plain_evidence(evidence: Mapping[str, Any]) -> dict[str, Any]:
    """The evidence as a plain dict, decoded once (for ``json.dumps`` and the report page)."""
    if isinstance(evidence, dict):
        return evidence
    if isinstance(evidence, StoredEvidence):
        return evidence.decoded()
    return dict(evidence)


def fingerprint(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def decode(data: bytes | str, evidence: bytes | None = None) -> Article:
    """A record back from its JSON (full or light); ``evidence``: the evidence's own JSON, when the
    record's was stored without it (``encode_stored``), kept undecoded until it is read."""
    d = json.loads(data)
    loc = d["locality"]
    period = d["period"]
    return Article(
        id=d["id"], source_file=d["source_file"], sha256=d["sha256"], title=d["title"],
        published=_read_when(d["published"]), event_date=_read_when(d["event_date"]),  # type: ignore[arg-type]
        time_of_day=d["time_of_day"],
        locality=Locality(**loc),
        organizer=d["organizer"],
        meeting_type=MeetingType(*d["meeting_type"]),
        period=Period(period[0], date.fromisoformat(period[1]), date.fromisoformat(period[2])) if period else None,
        author=Author(*d["author"]) if d["author"] else None,
        views=d["views"],
        people=[Person(name, list(roles)) for name, roles in d["people"]],
        body=list(d["body"]), section=d["section"], summary=d["summary"], word_count=d["word_count"],
        organisations=list(d["organisations"]), abbreviations=list(d["abbreviations"]), portal=d["portal"],
        overridden=list(d["overridden"]), uncertain=dict(d["uncertain"]),
        images=[Image(src, caption) for src, caption in d.get("images", [])],
        evidence=StoredEvidence(evidence) if evidence is not None else d.get("evidence", {}),
        diagnostics=[Diagnostic(f, m, line, fld, hint, level) for f, m, line, fld, hint, level in d.get("diagnostics", [])],
    )
