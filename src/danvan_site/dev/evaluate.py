"""Evaluation: compare extracted records with a gold file (rules: shared dev-corpus README).

Names and labels compare NFC, case-insensitive, old and new tone placement equal, level words
stripped from place names; ``published`` compares to the minute; a chrome line leaks when a body
paragraph equals it; ``body_first``/``body_last`` are the first and last sentence of the body.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from danvan_site.core.models import Article
from danvan_site.vn.text import collapse, first_sentence, last_sentence, tone_key

FIELDS = ["title", "published", "event_date", "locality_level", "locality_name", "province", "meeting_type",
          "period", "author", "views", "people", "body_first", "body_last", "chrome"]
_LEVEL_PREFIX = re.compile(r"^(?:thành phố|thị trấn|thị xã|tỉnh|huyện|quận|phường|xã|tp\.?)\s+", re.IGNORECASE)


def _norm(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return tone_key(value)
    return value


def _place(value: Any) -> Any:
    if value is None:
        return None
    return _LEVEL_PREFIX.sub("", tone_key(str(value))).strip()


def actual_values(a: Article) -> dict[str, Any]:
    published: str | None = None
    if isinstance(a.published, datetime):
        published = a.published.strftime("%Y-%m-%dT%H:%M")
    elif isinstance(a.published, date):
        published = a.published.isoformat()
    return {
        "title": a.title,
        "published": published,
        "event_date": a.event_date.isoformat() if a.event_date else None,
        "locality_level": a.locality.level,
        "locality_name": a.locality.name,
        "province": a.locality.province,
        "meeting_type": a.meeting_type.label,
        "period": a.period.label if a.period else None,
        "author": a.author.name if a.author else None,
        "views": a.views,
        "people": [p.name for p in a.people],
        "body_first": first_sentence(a.body[0]) if a.body else None,
        "body_last": last_sentence(a.body[-1]) if a.body else None,
        "body": a.body,
    }


def _equal(fieldname: str, expected: Any, actual: Any) -> bool:
    if fieldname in ("locality_name", "province"):
        return _place(expected) == _place(actual)
    if fieldname == "published":
        return (str(expected)[:16] if expected is not None else None) == actual
    if fieldname in ("event_date",):
        return (str(expected) if expected is not None else None) == actual
    if fieldname == "views":
        return expected == actual
    if fieldname in ("body_first", "body_last"):
        return expected is not None and actual is not None and collapse(expected) == collapse(actual) or expected == actual
    if fieldname == "title":
        return collapse(expected or "") == collapse(actual or "")
    return _norm(expected) == _norm(actual)


@dataclass
class FieldScore:
    correct: int = 0
    wrong: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        return self.correct + self.wrong + self.missing

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass
class Report:
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    failures: list[tuple[str, str, Any, Any]] = field(default_factory=list)
    people_tp: int = 0
    people_fp: int = 0
    people_fn: int = 0
    missing_files: list[str] = field(default_factory=list)

    @property
    def people_precision(self) -> float:
        d = self.people_tp + self.people_fp
        return self.people_tp / d if d else 1.0

    @property
    def people_recall(self) -> float:
        d = self.people_tp + self.people_fn
        return self.people_tp / d if d else 1.0

    def overall(self) -> float:
        c = sum(s.correct for s in self.fields.values())
        t = sum(s.total for s in self.fields.values())
        return c / t if t else 1.0

    def to_json(self, gold_path: Path, gold_bytes: bytes, corpus: Path) -> dict[str, Any]:
        """The figures as data, for the evaluation gate and for tracking over time."""
        def plain(value: Any) -> Any:
            if isinstance(value, (date, datetime)):
                return value.isoformat()
            if isinstance(value, (list, tuple)):
                return [plain(v) for v in value]
            return value

        return {
            "gold": str(gold_path),
            "gold_sha256": hashlib.sha256(gold_bytes).hexdigest(),
            "corpus": str(corpus),
            "fields": {name: {"correct": s.correct, "wrong": s.wrong, "missing": s.missing,
                              "accuracy": round(s.accuracy, 6)} for name, s in self.fields.items()},
            "all_fields": round(self.overall(), 6),
            "people": {"found": self.people_tp, "extra": self.people_fp, "missed": self.people_fn,
                       "precision": round(self.people_precision, 6), "recall": round(self.people_recall, 6)},
            "missing_files": list(self.missing_files),
            "failures": [{"file": f, "field": fld, "expected": plain(e), "extracted": plain(a)}
                         for f, fld, e, a in self.failures],
        }

    def format(self, show_failures: bool = True) -> str:
        lines = [f"{'field':<16}{'correct':>8}{'wrong':>7}{'missing':>9}{'accuracy':>10}"]
        for name, s in self.fields.items():
            lines.append(f"{name:<16}{s.correct:>8}{s.wrong:>7}{s.missing:>9}{s.accuracy:>9.1%}")
        lines.append(f"{'all fields':<16}{'':>24}{self.overall():>9.1%}")
        lines.append(f"people precision {self.people_precision:.1%}, recall {self.people_recall:.1%}"
                     f" ({self.people_tp} found, {self.people_fp} extra, {self.people_fn} missed)")
        for f in self.missing_files:
            lines.append(f"MISSING FILE {f}: in the gold file but not built")
        if show_failures and self.failures:
            lines.append("")
            lines.append("failures:")
            for fname, fieldname, exp, act in self.failures:
                lines.append(f"- {fname} {fieldname}:\n    expected: {exp!r}\n    extracted: {act!r}")
        return "\n".join(lines)


def evaluate(gold: dict[str, dict[str, Any]], articles: dict[str, Article]) -> Report:
    """Compare each gold entry with the record of the file of the same stem."""
    report = Report()
    for fname, exp in gold.items():
        art = articles.get(Path(fname).stem, articles.get(fname))
        if art is None:
            report.missing_files.append(fname)
            for fieldname in FIELDS:
                if fieldname in exp:
                    report.fields[fieldname].missing += 1
            continue
        act = actual_values(art)
        accept = exp.get("accept") or {}
        for fieldname in FIELDS:
            if fieldname not in exp:
                continue
            expected = exp[fieldname]
            if fieldname == "chrome":
                body = {collapse(p) for p in act["body"]}
                leaked = [c for c in (expected or []) if collapse(c) in body]
                if leaked:
                    report.fields["chrome"].wrong += 1
                    report.failures.append((fname, "chrome", "no leak", leaked))
                else:
                    report.fields["chrome"].correct += 1
                continue
            actual = act[fieldname]
            if fieldname == "people":
                exp_keys = [tone_key(p) for p in expected or []]
                act_keys = [tone_key(p) for p in actual]
                tp = len(set(exp_keys) & set(act_keys))
                report.people_tp += tp
                report.people_fp += len(set(act_keys) - set(exp_keys))
                report.people_fn += len(set(exp_keys) - set(act_keys))
                ok = exp_keys == act_keys
            else:
                alternatives = [expected] + list(accept.get(fieldname, []))
                ok = any(_equal(fieldname, e, actual) for e in alternatives)
            if ok:
                report.fields[fieldname].correct += 1
            else:
                empty = actual in (None, [], "")
                if empty and expected not in (None, []):
                    report.fields[fieldname].missing += 1
                else:
                    report.fields[fieldname].wrong += 1
                report.failures.append((fname, fieldname, expected, actual))
    return report


def load_gold(path: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of file name -> expected record")
    return data
