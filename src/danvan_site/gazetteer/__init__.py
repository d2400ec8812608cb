"""Vietnamese administrative units, offline.

- Before the July 2025 reform: the ``vietnam-provinces`` package (0.5.0): 63 provinces, 705
  districts, 10,598 communes/wards with GSO codes, data retrieved 2023-05-07; GPL-3.0-or-later.
- From July 2025 and the legacy -> 2025 mapping: the data files of ``vietnamadminunits`` (1.0.4,
  MIT): 34 provinces and 3,321 communes/wards/special zones, and which new unit each abolished
  commune or ward became. Only its data files are read (SQLite and JSON); its code is not
  imported, so nothing reaches the network.

Names are matched on a key that ignores case and old/new tone placement ("Thuỷ" = "Thủy")
and spacing around hyphens. A unit is only resolved when the text settles it: a name shared by
several units is disambiguated by the parent units named anywhere in the text, and is left
unresolved when they do not single one out.
"""
from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from danvan_site.gazetteer import datacache
from danvan_site.vn.text import tone_key

LEVELS_WARD = ("xã", "phường", "thị trấn", "đặc khu")
LEVELS_DISTRICT = ("huyện", "quận", "thị xã", "thành phố")
LEVELS = LEVELS_WARD + LEVELS_DISTRICT + ("tỉnh",)
DATA_NAME = "vietnam-provinces 0.5.0 (data 2023-05-07, GPL-3.0-or-later)"
DATA_NAME_2025 = "vietnamadminunits 1.0.4 (units from July 2025, MIT)"


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


@lru_cache(maxsize=1)
def _variants() -> tuple[re.Pattern[str], dict[str, str]]:
    """Spellings of one syllable that portals mix in unit names ("Đăk Nông" = "Đắk Nông"),
    from data/places.yaml, folded on both sides of every match."""
    from danvan_site.vocab import raw

    table = {tone_key(k): tone_key(v) for k, v in raw("places.yaml")["spelling_variants"].items()}
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)) + r")(?!\w)")
    return pattern, table


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """``key`` of a unit's name, remembered: extraction looks the same few names up many times."""
    return key(name)


def key(name: str) -> str:
    k = tone_key(name)
    if "-" in k:
        # " - " around every dash: tone_key leaves no white space next to one (it was r"\s*-\s*").
        k = k.replace("-", " - ")
    if "0" in k:
        k = _LEADING_ZEROS_RE.sub(r"\1", k)  # "Phường 01" = "Phường 1"
    pattern, table = _variants()
    if any(variant in k for variant in table):  # the pattern scans only a text that holds one
        k = pattern.sub(lambda m: table[m.group(0)], k)
    return k


_LEADING_ZEROS_RE = re.compile(r"\b0+(\d)")


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
        found = self.by_key.get(name_key(name), [])
        if level is None:
            return list(found)
        return [u for u in found if _level_ok(u, level)]

    def province(self, name: str) -> Unit | None:
        return self.provinces.get(name_key(name))


def _level_ok(unit: Unit, level: str) -> bool:
    if unit.level == level:
        return True
    # "thành phố" written for a centrally-run city, "tỉnh"/"thành phố" for the province tier
    return level in ("thành phố", "tỉnh") and unit.tier == 0 and (level == unit.province_level)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The units before the July 2025 reform. Made from ``vietnam-provinces``' JSON once, then
    read back from the data cache by every process (:mod:`.datacache`: 0.09 s -> 0.02 s)."""
    path = _vp_json()
    return datacache.cached("gazetteer-2023", (path,), (path.parents[1],), lambda: _build(path), _encode, _decode)


def _vp_json() -> Path:
    """``vietnam_provinces.NESTED_DIVISIONS_JSON_PATH``, found without importing the package
    (the import costs ~12 ms: it reads its own version through importlib.metadata)."""
    spec = importlib.util.find_spec("vietnam_provinces")
    if spec is not None and spec.submodule_search_locations:
        path = Path(list(spec.submodule_search_locations)[0]) / "data" / "nested-divisions.json"
        if path.is_file():
            return path
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    return NESTED_DIVISIONS_JSON_PATH


def _build(path: Path) -> Gazetteer:
    data = json.loads(path.read_text(encoding="utf-8"))
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


_UNIT_FIELDS = tuple(f.name for f in fields(Unit))


def _encode(g: Gazetteer) -> tuple[Any, ...]:
    """A gazetteer as plain values for the data cache: the units' fields in order, and the keys'
    units as positions in that order (a unit named by several keys stays one object)."""
    at = {id(u): i for i, u in enumerate(g.units)}
    return (_UNIT_FIELDS, tuple(tuple(getattr(u, f) for f in _UNIT_FIELDS) for u in g.units),
            {k: tuple(at[id(u)] for u in us) for k, us in g.by_key.items()},
            {k: at[id(u)] for k, u in g.provinces.items()})


def _decode(data: tuple[Any, ...]) -> Gazetteer:
    names, rows, by_key, provinces = data
    if names != _UNIT_FIELDS:
        raise ValueError("the units' fields changed")
    units: list[Unit] = []
    new = object.__new__
    for row in rows:
        # What Unit(*row) makes, without the frozen dataclass's seven object.__setattr__ (~10 ms).
        u = new(Unit)
        u.__dict__.update(zip(names, row))
        units.append(u)
    return Gazetteer(units, {k: [units[i] for i in at] for k, at in by_key.items()},
                     {k: units[i] for k, i in provinces.items()})


def mentioned(name: str, text_key: str) -> bool:
    """Whether a unit name occurs as whole words in a text already passed through ``key``."""
    k = name_key(name)
    if not k:
        return re.search(r"(?<!\w)(?!\w)", text_key) is not None
    # r"(?<!\w)" + k + r"(?!\w)", found with str.find (fast) and the two ends checked by hand
    # (a word character is what \w matches: alphanumeric or "_").
    n = len(k)
    i = text_key.find(k)
    while i != -1:
        before = text_key[i - 1] if i else " "
        after = text_key[i + n] if i + n < len(text_key) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        i = text_key.find(k, i + 1)
    return False


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


# --- the units from July 2025, and successors of abolished units ------------------------------

def _vau_data() -> Path | None:
    """The data folder of vietnamadminunits, found without importing the package."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "data"
    return folder if (folder / "dataset.db").is_file() else None


def _vau_key(text: str) -> str:
    """The package's own key: lowercase ASCII letters and digits only."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]", "", "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower())


@lru_cache(maxsize=1)
def load_2025() -> Gazetteer | None:
    """Units in force from 1 July 2025 (two levels: province, commune/ward/special zone), from
    the data cache when it has them."""
    folder = _vau_data()
    if folder is None:
        return None
    return datacache.cached("gazetteer-2025", (folder / "dataset.db",), (folder.parent,),
                            lambda: _build_2025(folder), _encode, _decode)


def _build_2025(folder: Path) -> Gazetteer:
    con = sqlite3.connect(f"file:{folder / 'dataset.db'}?mode=ro", uri=True)
    try:
        rows = con.execute("select province, provinceShort, provinceCode, ward, wardShort, wardType, wardCode "
                           "from admin_units order by provinceCode, wardCode").fetchall()
    finally:
        con.close()
    units: list[Unit] = []
    by_key: dict[str, list[Unit]] = {}
    provinces: dict[str, Unit] = {}
    for prov, prov_short, prov_code, _ward, ward_short, ward_type, ward_code in rows:
        plevel = "thành phố" if prov.lower().startswith("thành phố") else "tỉnh"
        if key(prov_short) not in provinces:
            pu = Unit(plevel, prov_short, str(prov_code), prov_short, plevel)
            provinces[key(prov_short)] = pu
            units.append(pu)
            by_key.setdefault(key(prov_short), []).append(pu)
        wu = Unit(ward_type.lower(), ward_short, str(ward_code), prov_short, plevel)
        units.append(wu)
        by_key.setdefault(key(ward_short), []).append(wu)
    for alias, real in (("TP.HCM", "Hồ Chí Minh"), ("TPHCM", "Hồ Chí Minh"), ("TP HCM", "Hồ Chí Minh"),
                        ("Sài Gòn", "Hồ Chí Minh"), ("Thừa Thiên Huế", "Huế")):
        pu = provinces.get(key(real))
        if pu is not None:
            provinces.setdefault(key(alias), pu)
    return Gazetteer(units, by_key, provinces)


@lru_cache(maxsize=1)
def _successor_map() -> dict[str, list[str]]:
    """Legacy commune/ward GSO code -> the 2025 unit(s) it became ("phường Bồ Đề, Hà Nội"), from
    the data cache when it has it (made from the package's data: 0.09 s)."""
    folder = _vau_data()
    if folder is None:
        return {}
    return datacache.cached("successors-2025", (folder / "dataset.db", folder / "converter_2025.json"),
                            (folder.parent,), lambda: _build_successors(folder), lambda m: m, _decode_successors)


def _decode_successors(data: Any) -> dict[str, list[str]]:
    if not isinstance(data, dict):
        raise ValueError("not a successor map")
    return data


def _build_successors(folder: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(f"file:{folder / 'dataset.db'}?mode=ro", uri=True)
    try:
        legacy = con.execute("select province, district, ward, wardCode from admin_units_legacy").fetchall()
        new = con.execute("select provinceKey, wardKey, ward, provinceShort from admin_units").fetchall()
    finally:
        con.close()
    names = {(pk, wk): (ward, prov) for pk, wk, ward, prov in new}
    conv = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))
    by_legacy: dict[str, list[tuple[str, str]]] = {}
    for new_prov, wards in conv.get("DICT_PROVINCE_WARD_NO_DIVIDED", {}).items():
        for new_ward, olds in wards.items():
            for old in olds:
                by_legacy.setdefault(old, []).append((new_prov, new_ward))
    for new_prov, olds in conv.get("DICT_PROVINCE_WARD_DIVIDED", {}).items():
        for old, targets in olds.items():
            for t in targets:
                by_legacy.setdefault(old, []).append((new_prov, t["newWardKey"]))
    out: dict[str, list[str]] = {}
    for prov, district, ward, code in legacy:
        if not (prov and district and ward):
            continue
        old_key = f"{_vau_key(prov)}_{_vau_key(district)}_{_vau_key(ward)}"
        labels = []
        for target in by_legacy.get(old_key, []):
            if target in names:
                ward_name, prov_name = names[target]
                full = ward_name[:1].lower() + ward_name[1:]
                label = f"{full}, {prov_name}"
                if label not in labels:
                    labels.append(label)
        if labels and code:
            out[str(code).zfill(5)] = labels
    return out


def successors(code: str | None) -> list[str]:
    """The 2025 unit(s) an abolished commune or ward became, when the data knows."""
    if not code:
        return []
    return list(_successor_map().get(code, []))
