"""Vietnamese administrative units, offline, from the ``vietnam-provinces`` package (0.5.0).

Data: the three-level divisions before the 2025 reform (63 provinces, 705 districts, 10,598
communes/wards), GSO codes, retrieved 2023-05-07; package licence GPL-3.0-or-later.

Names are matched on a key that ignores case and old/new tone placement ("Thuỷ" = "Thủy")
and spacing around hyphens. A unit is only resolved when the text settles it: a name shared by
several units is disambiguated by the parent units named anywhere in the text, and is left
unresolved when they do not single one out.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from .vntext import tone_key

LEVELS_WARD = ("xã", "phường", "thị trấn")
LEVELS_DISTRICT = ("huyện", "quận", "thị xã", "thành phố")
LEVELS = LEVELS_WARD + LEVELS_DISTRICT + ("tỉnh",)
DATA_NAME = "vietnam-provinces 0.5.0 (data 2023-05-07, GPL-3.0-or-later)"


@dataclass(frozen=True)
class Unit:
    level: str  # xã, phường, thị trấn, huyện, quận, thị xã, thành phố, tỉnh
    name: str  # without the level word
    code: str
    province: str  # province name without level word
    province_level: str  # "tỉnh" or "thành phố"
    district: str | None = None  # district name without level word
    district_level: str | None = None

    @property
    def tier(self) -> int:
        """0 province, 1 district, 2 commune/ward."""
        if self.district is None and self.level in ("tỉnh", "thành phố") and self.name == self.province:
            return 0
        return 2 if self.level in LEVELS_WARD else 1


def key(name: str) -> str:
    k = tone_key(name)
    k = re.sub(r"\s*-\s*", " - ", k)
    k = re.sub(r"\b0+(\d)", r"\1", k)  # "Phường 01" = "Phường 1"
    return k


_PREFIXES = [
    ("thành phố trung ương", "thành phố"),
    ("thành phố", "thành phố"),
    ("thị trấn", "thị trấn"),
    ("thị xã", "thị xã"),
    ("tỉnh", "tỉnh"),
    ("huyện", "huyện"),
    ("quận", "quận"),
    ("phường", "phường"),
    ("xã", "xã"),
]


def _split(full: str, division_type: str) -> tuple[str, str]:
    level = division_type.lower()
    for prefix, lvl in _PREFIXES:
        if level.startswith(prefix):
            level = lvl
            break
    name = full
    low = full.lower()
    for prefix, _ in _PREFIXES:
        if low.startswith(prefix + " "):
            name = full[len(prefix) + 1:]
            break
    return level, name.strip()


@dataclass
class Gazetteer:
    units: list[Unit]
    by_key: dict[str, list[Unit]]
    provinces: dict[str, Unit]  # key -> province unit

    def find(self, name: str, level: str | None = None) -> list[Unit]:
        found = self.by_key.get(key(name), [])
        if level is None:
            return list(found)
        return [u for u in found if _level_ok(u, level)]

    def province(self, name: str) -> Unit | None:
        return self.provinces.get(key(name))


def _level_ok(unit: Unit, level: str) -> bool:
    if unit.level == level:
        return True
    # "thành phố" written for a centrally-run city, "tỉnh"/"thành phố" for the province tier
    return level in ("thành phố", "tỉnh") and unit.tier == 0 and (level == unit.province_level)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    data = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    units: list[Unit] = []
    by_key: dict[str, list[Unit]] = {}
    provinces: dict[str, Unit] = {}

    def add(u: Unit) -> None:
        units.append(u)
        by_key.setdefault(key(u.name), []).append(u)

    for p in data:
        plevel, pname = _split(p["name"], p["division_type"])
        pu = Unit(plevel, pname, f"{p['code']:02d}", pname, plevel)
        add(pu)
        provinces[key(pname)] = pu
        for d in p.get("districts", []):
            dlevel, dname = _split(d["name"], d["division_type"])
            add(Unit(dlevel, dname, f"{d['code']:03d}", pname, plevel))
            for w in d.get("wards", []):
                wlevel, wname = _split(w["name"], w["division_type"])
                add(Unit(wlevel, wname, f"{w['code']:05d}", pname, plevel, dname, dlevel))
    # Common spellings of province names.
    for alias, real in (("TP.HCM", "Hồ Chí Minh"), ("TPHCM", "Hồ Chí Minh"), ("TP HCM", "Hồ Chí Minh"),
                        ("Sài Gòn", "Hồ Chí Minh"), ("Huế", "Thừa Thiên Huế"), ("Bà Rịa Vũng Tàu", "Bà Rịa - Vũng Tàu")):
        pu = provinces.get(key(real))
        if pu is not None:
            provinces.setdefault(key(alias), pu)
    return Gazetteer(units, by_key, provinces)


def mentioned(name: str, text_key: str) -> bool:
    """Whether a unit name occurs as whole words in a text already passed through ``key``."""
    k = key(name)
    return re.search(r"(?<!\w)" + re.escape(k) + r"(?!\w)", text_key) is not None


def disambiguate(candidates: list[Unit], context_key: str, provinces: set[str] | None = None) -> Unit | None:
    """Pick the one candidate whose parent units the text names; None when it stays ambiguous."""
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return None
    scored: list[tuple[int, Unit]] = []
    for u in candidates:
        score = 0
        if u.district and u.district_level:
            if mentioned(f"{u.district_level} {u.district}", context_key):
                score += 3
            elif u.district_level == "thành phố" and mentioned(f"tp {u.district}", context_key):
                score += 3
            elif mentioned(u.district, context_key) and not u.district.isdigit():
                score += 1
        if provinces and u.province in provinces:
            score += 2
        elif mentioned(u.province, context_key):
            score += 1
        scored.append((score, u))
    best = max(s for s, _ in scored)
    winners = [u for s, u in scored if s == best]
    if best > 0 and len(winners) == 1:
        return winners[0]
    return None
