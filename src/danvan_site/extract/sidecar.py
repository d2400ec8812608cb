"""Sidecar overrides: ``corpus/<name>.yaml`` beside ``corpus/<name>.txt`` sets or corrects fields.

Example (seed 001 does not name its huyện)::

    locality:
      name: Châu Thành
      province: Tiền Giang
    period: quý III/2020

Every key is checked: an unknown key, a wrong type or a bad value is a :class:`ParseError`
naming the file, the key and (when YAML tells it) the line. Files are read with
``yaml.safe_load``, so YAML tags that would construct objects are refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import yaml

from danvan_site.extract.dates import VN_TZ
from danvan_site.core.errors import ParseError
from danvan_site.extract import find_period, meeting_type_by_slug, period_range
from danvan_site.vocab import meeting_types
from danvan_site.core.models import Article, Author, Locality, Period, Person
from danvan_site.vn.text import collapse, nfc, tone_key

LEVELS = ("xã", "phường", "thị trấn", "đặc khu", "huyện", "quận", "thị xã", "thành phố", "tỉnh")
TIMES_OF_DAY = ("sáng", "trưa", "chiều", "tối")


def sidecar_path(bulletin: Path) -> Path:
    return bulletin.with_suffix(".yaml")


@dataclass
class _Check:
    file: str
    data: dict[str, Any]
    lines: dict[str, int]

    def fail(self, key: str, message: str) -> ParseError:
        return ParseError(self.file, f"sidecar key '{key}': {message}", line=self.lines.get(re.split(r"[.\[]", key)[0]))


def _text(chk: _Check, key: str, value: Any, allow_none: bool = True) -> str | None:
    if value is None and allow_none:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise chk.fail(key, f"expected text, got {type(value).__name__} ({value!r})")
    return collapse(nfc(value))


def _date(chk: _Check, key: str, value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise chk.fail(key, f"expected a date written YYYY-MM-DD, got {value!r}")


def _published(chk: _Check, key: str, value: Any) -> datetime | date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=VN_TZ)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) <= 10:
                return date.fromisoformat(text)
            parsed = datetime.fromisoformat(text)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=VN_TZ)
        except ValueError:
            pass
    raise chk.fail(key, f"expected 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM', got {value!r}")


def _int(chk: _Check, key: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise chk.fail(key, f"expected a whole number, got {value!r}")
    return value


def _level(chk: _Check, key: str, value: Any) -> str | None:
    text = _text(chk, key, value)
    if text is not None and text.lower() not in LEVELS:
        raise chk.fail(key, f"'{text}' is not a level; use one of: {', '.join(LEVELS)}")
    return text.lower() if text else None


def _apply_locality(chk: _Check, art: Article, value: Any) -> None:
    if not isinstance(value, dict):
        raise chk.fail("locality", "expected a mapping with level, name, province, district")
    allowed = {"level", "name", "province", "district", "code"}
    for k in value:
        if k not in allowed:
            raise chk.fail(f"locality.{k}", f"unknown key; allowed: {', '.join(sorted(allowed))}")
    loc = art.locality or Locality()
    before = (loc.level, loc.name, loc.province)
    if "level" in value:
        loc.level = _level(chk, "locality.level", value["level"])
    if "name" in value:
        loc.name = _text(chk, "locality.name", value["name"])
    if "province" in value:
        loc.province = _text(chk, "locality.province", value["province"])
    if "district" in value:
        loc.district = _text(chk, "locality.district", value["district"])
        loc.district_level, loc.district_name = _split_level(loc.district)
    if (loc.level, loc.name, loc.province) != before:
        # Another unit than the one extracted: what was resolved for that unit no longer holds.
        if "district" not in value and (loc.name, loc.province) != before[1:]:
            loc.district = loc.district_level = loc.district_name = None
        if "code" not in value:
            loc.code = None
        loc.successor = None
    if "code" in value:
        loc.code = _text(chk, "locality.code", value["code"])
    art.locality = loc


def _split_level(full: str | None) -> tuple[str | None, str | None]:
    if not full:
        return None, None
    low = full.lower()
    for lvl in sorted(LEVELS, key=len, reverse=True):
        if low.startswith(lvl + " "):
            return lvl, full[len(lvl) + 1:]
    return None, full


def _apply_meeting_type(chk: _Check, art: Article, value: Any) -> None:
    text = _text(chk, "meeting_type", value, allow_none=False)
    assert text is not None
    found = meeting_type_by_slug(text)
    if found is None:
        for t in meeting_types():
            if tone_key(t.label) == tone_key(text):
                found = meeting_type_by_slug(t.slug)
    if found is None:
        known = ", ".join(t.slug for t in meeting_types())
        raise chk.fail("meeting_type", f"'{text}' is not in the vocabulary; use one of: {known}")
    art.meeting_type = found


def _apply_period(chk: _Check, art: Article, value: Any) -> None:
    if value is None:
        art.period = None
        return
    if isinstance(value, str):
        m = find_period(value)
        year_ref = art.event_date or art.published_date
        if m is None or year_ref is None and not any(ch.isdigit() for ch in value[-4:]):
            raise chk.fail("period", f"cannot read a period from {value!r}; give label, start and end")
        yr = next((int(g) for g in (m.group("ny"), m.group("qy"), m.group("my"), m.group("y")) if g), None)
        rng = period_range(m, yr or (year_ref.year if year_ref else 0))
        if rng is None:
            raise chk.fail("period", f"cannot read a period from {value!r}; give label, start and end")
        art.period = Period(collapse(value), rng[0], rng[1])
        return
    if isinstance(value, dict):
        for k in value:
            if k not in ("label", "start", "end"):
                raise chk.fail(f"period.{k}", "unknown key; allowed: label, start, end")
        label = _text(chk, "period.label", value.get("label"), allow_none=False)
        start = _date(chk, "period.start", value.get("start"))
        end = _date(chk, "period.end", value.get("end"))
        if start is None or end is None or start > end:
            raise chk.fail("period", "start and end are both needed, start not after end")
        art.period = Period(label or "", start, end)
        return
    raise chk.fail("period", f"expected text or a mapping, got {type(value).__name__}")


def _apply_author(chk: _Check, art: Article, value: Any) -> None:
    if value is None:
        art.author = None
    elif isinstance(value, str):
        art.author = Author(_text(chk, "author", value) or "")
    elif isinstance(value, dict):
        for k in value:
            if k not in ("name", "role"):
                raise chk.fail(f"author.{k}", "unknown key; allowed: name, role")
        art.author = Author(_text(chk, "author.name", value.get("name"), allow_none=False) or "",
                            _text(chk, "author.role", value.get("role")))
    else:
        raise chk.fail("author", f"expected text or a mapping, got {type(value).__name__}")


def _apply_people(chk: _Check, art: Article, value: Any) -> None:
    if not isinstance(value, list):
        raise chk.fail("people", f"expected a list, got {type(value).__name__}")
    people: list[Person] = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            people.append(Person(_text(chk, f"people[{i}]", item) or ""))
        elif isinstance(item, dict):
            for k in item:
                if k not in ("name", "roles"):
                    raise chk.fail(f"people[{i}].{k}", "unknown key; allowed: name, roles")
            roles = item.get("roles") or []
            if not isinstance(roles, list):
                raise chk.fail(f"people[{i}].roles", "expected a list of text")
            people.append(Person(_text(chk, f"people[{i}].name", item.get("name"), allow_none=False) or "",
                                 [_text(chk, f"people[{i}].roles", r, allow_none=False) or "" for r in roles]))
        else:
            raise chk.fail(f"people[{i}]", "expected a name or a mapping with name and roles")
    art.people = people


def _text_list(chk: _Check, key: str, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise chk.fail(key, f"expected a list of text, got {type(value).__name__}")
    return [_text(chk, key, v, allow_none=False) or "" for v in value]


def _tod(chk: _Check, key: str, value: Any) -> str | None:
    text = _text(chk, key, value)
    if text is not None and text.lower() not in TIMES_OF_DAY:
        raise chk.fail(key, f"use one of: {', '.join(TIMES_OF_DAY)}")
    return text.lower() if text else None


def _set(attr: str, conv: Callable[[_Check, str, Any], Any]) -> Callable[[_Check, Article, Any], None]:
    def apply(chk: _Check, art: Article, value: Any) -> None:
        setattr(art, attr, conv(chk, attr, value))
    return apply


def _title(chk: _Check, key: str, value: Any) -> str:
    return _text(chk, key, value, allow_none=False) or ""


def _body(chk: _Check, key: str, value: Any) -> list[str]:
    return _text_list(chk, key, value)


APPLIERS: dict[str, Callable[[_Check, Article, Any], None]] = {
    "title": _set("title", _title),
    "published": _set("published", _published),
    "event_date": _set("event_date", _date),
    "time_of_day": _set("time_of_day", _tod),
    "locality": _apply_locality,
    "meeting_type": _apply_meeting_type,
    "period": _apply_period,
    "author": _apply_author,
    "views": _set("views", _int),
    "people": _apply_people,
    "body": _set("body", _body),
    "organizer": _set("organizer", _text),
    "section": _set("section", _text),
    "summary": _set("summary", _text),
    "organisations": _set("organisations", _text_list),
}


def read_sidecar(path: Path, rel: str) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a sidecar file safely; returns its mapping and the line of each top-level key."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(rel, f"the sidecar is not UTF-8 text (byte {exc.start})", hint="save it as UTF-8") from exc
    node = None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.constructor.ConstructorError as exc:
        # A tag such as "!!python/object/apply:..." that would build an object: refused.
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        key = _key_at(node, line)
        where = f"sidecar key '{key}': " if key else ""
        tag = re.search(r"tag '([^']+)'", str(exc.problem))
        shown = tag.group(1).replace("tag:yaml.org,2002:", "!!") if tag else "?"
        raise ParseError(rel, f"{where}the YAML tag '{shown}' is not allowed", line=line,
                         hint="write plain values: text, numbers, dates, lists and mappings") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ParseError(rel, f"the sidecar is not valid YAML: {problem}", line=mark.line + 1 if mark else None,
                         hint="fix the YAML or delete the sidecar") from exc
    except (ValueError, OverflowError, RecursionError) as exc:
        # A value YAML reads as a date but is none ("2021-02-30", "0000-00-00"), or nesting too deep.
        key, line = _failing_key(node)
        where = f"sidecar key '{key}': " if key else ""
        if isinstance(exc, RecursionError):
            raise ParseError(rel, f"{where}lists or mappings nested too deeply", line=line,
                             hint="write plain values: text, numbers, dates, lists and mappings") from exc
        raise ParseError(rel, f"{where}a value that cannot be read ({exc})", line=line,
                         hint="write dates as YYYY-MM-DD with a real month and day") from exc
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ParseError(rel, "the sidecar must be a mapping of field: value", line=1)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            lines[str(k.value)] = k.start_mark.line + 1
    return data, lines


def _failing_key(node: yaml.Node | None) -> tuple[str | None, int | None]:
    """The first top-level key whose value YAML cannot build, and its line."""
    if not isinstance(node, yaml.MappingNode):
        return None, 1
    for k, v in node.value:
        try:
            yaml.SafeLoader("").construct_object(v, deep=True)
        except (ValueError, OverflowError, RecursionError, yaml.YAMLError):
            return str(k.value), k.start_mark.line + 1
    return None, 1


def _key_at(node: yaml.Node | None, line: int | None) -> str | None:
    """The top-level key whose entry holds ``line`` (1-based), when the file is a mapping."""
    if not isinstance(node, yaml.MappingNode) or line is None:
        return None
    found = None
    for k, _ in node.value:
        if k.start_mark.line + 1 <= line:
            found = str(k.value)
    return found


def apply_sidecar(article: Article, path: Path, rel: str) -> list[str]:
    """Apply a sidecar to a record; returns the fields it set. Raises ParseError on bad input."""
    data, lines = read_sidecar(path, rel)
    chk = _Check(rel, data, lines)
    for key in data:
        if not isinstance(key, str) or key not in APPLIERS:
            known = ", ".join(APPLIERS)
            raise ParseError(rel, f"unknown sidecar key '{key}'", line=lines.get(str(key)),
                             hint=f"known keys: {known}")
    # Validate everything on a copy first, so a bad key leaves the record untouched.
    import copy
    trial = copy.deepcopy(article)
    for key, value in data.items():
        APPLIERS[key](chk, trial, value)
    for key, value in data.items():
        APPLIERS[key](chk, article, value)
    article.overridden = list(data)
    return list(data)
