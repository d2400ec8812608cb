#!/usr/bin/env python3
"""Generate N synthetic raw bulletins (*tin dân vận*) for the benchmark.

    python benchmarks/generate.py N OUT_DIR [--seed S] [--start K] [--truth FILE] [--hugo DIR]

The files look like the scraped pages the loader reads (see /work/shared/seeds,
tests/data/formats): portal chrome (site header, section, breadcrumbs, share widgets, related
news, visit counters), a publication line in one of many styles (above or below the title, with a
weekday, a time, a view counter, glued to the title, or at the foot of the page), the title, the
body (300-900 words composed from sentence templates about sơ kết, tổng kết, giao ban, làm việc,
hội nghị, đối thoại, tập huấn, kỷ niệm, triển khai, tuyên dương, kiểm tra giám sát, đại hội,
tiếp xúc cử tri, phát động and a few posts that are no meeting at all), officials with their
roles, sometimes image lines and captions, and a byline. Localities are real units of the
gazetteer the project uses (``danvan_site.gazetteer``): before July 2025 a commune or ward with
its district and province, a district or a province; after it, the units in force since. Dates
run from 2015 to 2025. Most files are UTF-8; a few have a BOM, Windows line ends or decomposed
(NFD) text: all are valid.

Deterministic: bulletin number ``i`` depends only on the seed and ``i`` (its own
``random.Random``), so the same N and seed give byte-identical files, and a corpus of 1,000 is
the first 1,000 files of one of 10,000. ``--truth FILE`` writes what each file states (title,
dates, locality, meeting type, period, author, views, people), one JSON object a line, for
``benchmarks/check.py``.

``--hugo DIR`` writes the same bulletins (same N, seed and numbers) as a Hugo site, for
``benchmarks/run.py``'s comparison with Hugo + Pagefind: ``DIR/content/posts/<stem>.md`` (the raw
file's stem) with YAML front matter (title, publication date and time in +07:00, the taxonomies
``provinces``, ``localities``, ``types``, ``people``, ``periods``, and the people's roles, the
author, the views) and the clean body as Markdown paragraphs (no portal chrome: Hugo starts from
the article), plus ``hugo.toml`` and a small theme in ``DIR/themes/bench`` (baseof, home, single,
list, taxonomy, term, 404; 20 bulletins a list page).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import signal
import string
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
try:
    from danvan_site import gazetteer as gz
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(ROOT / "src"))
    from danvan_site import gazetteer as gz

START = date(2015, 1, 1)
END = date(2025, 12, 31)
MERGER = date(2025, 7, 1)

# --- places --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    level: str  # xã, phường, thị trấn, đặc khu, huyện, quận, thị xã, thành phố, tỉnh
    name: str  # without the level word ("8" for Phường 8)
    province: str
    province_level: str  # tỉnh | thành phố
    district: str | None = None
    district_level: str | None = None

    @property
    def tier(self) -> int:
        if self.level in ("tỉnh",) or (self.level == "thành phố" and self.name == self.province and self.district is None
                                       and self.province_level == "thành phố"):
            return 0
        return 2 if self.level in gz.LEVELS_WARD else 1

    def label(self, cap: bool = False) -> str:
        """"xã Vũ Muộn", "Phường 8" (a numbered unit is written with a capital)."""
        lvl = self.level
        if cap or self.name.isdigit():
            lvl = lvl[:1].upper() + lvl[1:]
        return f"{lvl} {self.name}"

    @property
    def province_label(self) -> str:
        return f"{self.province_level} {self.province}"

    @property
    def district_label(self) -> str | None:
        return f"{self.district_level} {self.district}" if self.district else None

    def full(self, with_province: bool = True) -> str:
        """The unit with its parents: "xã Vũ Muộn, huyện Bạch Thông, tỉnh Bắc Kạn"."""
        parts = [self.label()]
        if self.tier == 0:
            return parts[0]
        if self.district:
            parts.append(self.district_label)
        if with_province or not self.district:
            parts.append(self.province_label)
        return ", ".join(parts)  # type: ignore[arg-type]


def _unique(units: list[Any], keyf: Any) -> list[Any]:
    keys = [keyf(u) for u in units]
    seen: dict[Any, int] = {}
    for k in keys:
        seen[k] = seen.get(k, 0) + 1
    return [u for u, k in zip(units, keys) if seen[k] == 1]


@lru_cache(maxsize=1)
def places() -> dict[str, list[Place]]:
    """Units a bulletin may be about, in the gazetteer's (code) order: only those the text can
    settle (no other unit of the same level and name under the same parents)."""
    g = gz.load()
    pre_wards, pre_districts, pre_provinces = [], [], []
    for u in g.units:
        if u.district is None and u.name == u.province and u.level == u.province_level:
            pre_provinces.append(Place(u.province_level, u.province, u.province, u.province_level))
        elif u.district is None and u.level in gz.LEVELS_DISTRICT:  # "thành phố Hà Giang" is a district
            pre_districts.append(Place(u.level, u.name, u.province, u.province_level))
        elif u.district and u.level in ("xã", "phường", "thị trấn"):
            pre_wards.append(Place(u.level, u.name, u.province, u.province_level, u.district, u.district_level))
    # Districts: their ward list gives the district's level word; find it from the wards.
    dlevel: dict[tuple[str, str], str] = {}
    for w in pre_wards:
        dlevel[(w.province, w.district or "")] = w.district_level or "huyện"
    pre_districts = [d for d in pre_districts if (d.province, d.name) in dlevel]
    pre_wards = _unique(pre_wards, lambda p: (p.level, gz.key(p.name), gz.key(p.district or ""), p.province))
    pre_districts = _unique(pre_districts, lambda p: (p.level, gz.key(p.name), p.province))
    out = {"ward": pre_wards, "district": pre_districts, "province": pre_provinces,
           "ward2025": [], "province2025": []}
    g2 = gz.load_2025()
    if g2 is not None:
        wards25 = [Place(u.level, u.name, u.province, u.province_level) for u in g2.units
                   if u.level in ("xã", "phường", "đặc khu")]
        out["ward2025"] = _unique(wards25, lambda p: (p.level, gz.key(p.name), p.province))
        out["province2025"] = [Place(u.province_level, u.province, u.province, u.province_level)
                               for u in g2.units if u.tier == 0]
    return out


# --- vocabulary ---------------------------------------------------------------------------

SURNAMES = ("Nguyễn Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô "
            "Dương Lý Đinh Đoàn Trương Lưu Mai Cao Đào Hà Lâm Lương Tô Trịnh Vương Kiều Lò Nông Tạ Thái "
            "Triệu Quách Phùng Châu Tăng Khổng Cầm Lục").split()
MIDDLE_M = "Văn Văn Văn Hữu Đức Minh Thanh Ngọc Quang Xuân Thành Công Đình Bá Trọng Tiến Mạnh Quốc Viết Duy Anh Hoàng Khắc Sỹ".split()
MIDDLE_F = "Thị Thị Thị Thị Thu Hồng Kim Thanh Ngọc Minh Thúy Phương Mỹ Bích Diệu".split()
GIVEN_M = ("Biên Hùng Hưng Thắng Nam Tuấn Dũng Sơn Hải Bình Hiếu Quang Long Cường Tiến Lợi Khánh Trung Vinh "
           "Đức Hậu Phúc Tú Chung Thông Tài Toàn Nghĩa Huy Kiên Lâm Phong Quân Thịnh Tâm Hòa Định Tùng "
           "Đạt Hoàn Luận Chiến Thành Tín Sang Lực Khoa Bảo").split()
GIVEN_F = ("Hoa Lan Hương Hà Phương Thủy Nhung Hạnh Nga Yến Thảo Mai Linh Huyền Trang Hằng Loan Dung "
           "Thơm Xuân Ngân Duyên Vân Oanh Liên Nhàn Thắm Hiền Châu Quyên").split()
AUTHOR_NAMES = ("Mỹ Nhiên|Thùy Dương|Văn Thông|Minh Khang|Khánh Phượng|Diệu Huyền|Lê Đức Anh|Đào Tú Hoa|"
                "Quang Vinh|Thu Hà|Hoài Duy|Ngọc Trâm|Văn Phin|Minh Anh|Thanh Tâm|Hồng Nhung|Phương Thảo|"
                "Trần Hiếu|Bảo Ngọc|Anh Tuấn|Hà Linh|Xuân Hòa|Kim Oanh|Đức Trọng|Thanh Bình|Mai Hương").split("|")

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
ROMAN = ("I", "II", "III", "IV")
TODS = ("Sáng", "Sáng", "Chiều", "Chiều", "Sáng", "Tối")

MEETING_WEIGHTS = {
    "so-ket": 12, "tong-ket": 12, "giao-ban": 7, "lam-viec": 8, "hoi-nghi": 8, "doi-thoai": 6, "tap-huan": 6,
    "ky-niem": 7, "trien-khai": 7, "tuyen-duong": 5, "kiem-tra-giam-sat": 5, "dai-hoi": 5,
    "tiep-xuc-cu-tri": 4, "phat-dong": 5, "khac": 3,
}
LABELS = {
    "so-ket": "sơ kết", "tong-ket": "tổng kết", "giao-ban": "giao ban", "lam-viec": "làm việc", "hoi-nghi": "hội nghị",
    "doi-thoai": "đối thoại", "tap-huan": "tập huấn", "ky-niem": "kỷ niệm", "trien-khai": "triển khai",
    "tuyen-duong": "tuyên dương", "kiem-tra-giam-sat": "kiểm tra giám sát", "dai-hoi": "đại hội",
    "tiep-xuc-cu-tri": "tiếp xúc cử tri", "phat-dong": "phát động", "khac": "khác",
}
REVIEW = {"so-ket", "tong-ket", "giao-ban", "lam-viec", "hoi-nghi", "trien-khai", "tuyen-duong", "kiem-tra-giam-sat"}
# Months in which each kind of meeting is usually held (a period must fit the date).
MONTHS = {
    "so-ket": (4, 6, 7, 7, 9, 10), "tong-ket": (11, 12, 12, 1), "giao-ban": tuple(range(1, 13)),
    "lam-viec": (6, 7, 12), "hoi-nghi": tuple(range(1, 13)), "trien-khai": (1, 2, 3, 7),
    "tuyen-duong": (1, 2, 3, 11, 12), "kiem-tra-giam-sat": (5, 6, 8, 9, 10, 11), "ky-niem": (10, 11),
    "dai-hoi": (3, 4, 5, 6, 7, 8, 9), "doi-thoai": tuple(range(1, 13)), "tap-huan": tuple(range(2, 12)),
    "tiep-xuc-cu-tri": (4, 5, 6, 10, 11, 12), "phat-dong": (1, 2, 3, 4, 5, 6, 7, 8), "khac": tuple(range(1, 13)),
}


def _weighted(rng: random.Random, table: dict[str, int]) -> str:
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


_FOLD = {cp: _fold_char(chr(cp)) for cp in range(0xC0, 0x1F00) if _fold_char(chr(cp)) != chr(cp)}


def fold(text: str) -> str:
    """Vietnamese letters without their marks ("Đảng ủy" -> "Dang uy")."""
    return text.translate(_FOLD)


def slugify(text: str, limit: int = 48) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0]
    return s or "ban-tin"


# --- one bulletin --------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    role: str


@dataclass
class Doc:
    """Everything a bulletin states, before it is laid out as a page."""

    index: int
    kind: str  # meeting-type slug
    slug: str
    place: Place
    post2025: bool
    org: str  # the organising body with its place: "Đảng ủy xã Vũ Muộn"
    org_bare: str  # the same without the place: "Đảng ủy xã"
    event: date
    published: datetime | date
    period: str | None
    title: str
    people: list[Person]
    author: str | None
    byline: str | None
    views: int | None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    views_shown: bool = False  # set by the layout once a line shows the counter


def _person(rng: random.Random, taken: set[str]) -> str:
    """A full name not yet used in the bulletin, and no prefix of one ("Nguyễn Thị Thanh" and
    "Nguyễn Thị Thanh Thủy" are not both drawn)."""
    while True:
        female = rng.random() < 0.35
        mid = _pick(rng, MIDDLE_F if female else MIDDLE_M)
        given = _pick(rng, GIVEN_F if female else GIVEN_M)
        name = f"{_pick(rng, SURNAMES)} {mid} {given}"
        if rng.random() < 0.15:
            name = f"{_pick(rng, SURNAMES)} {mid} {_pick(rng, MIDDLE_M if not female else MIDDLE_F)} {given}"
        if name not in taken and not any(t.startswith(name + " ") or name.startswith(t + " ") for t in taken):
            taken.add(name)
            return name


def _committee(place: Place) -> str:
    """Huyện ủy / Quận ủy / Thị ủy / Thành ủy / Tỉnh ủy of a district or province."""
    lvl = place.level if place.tier == 1 else place.province_level
    return {"huyện": "Huyện ủy", "quận": "Quận ủy", "thị xã": "Thị ủy", "thành phố": "Thành ủy", "tỉnh": "Tỉnh ủy"}[lvl]


def _orgs(place: Place, slug: str) -> list[tuple[str, str, str]]:
    """(organising body with place, body without place, short unit word) for a place."""
    if place.tier == 2:
        lbl, lvl = place.label(), place.level
        bodies = [
            (f"Đảng ủy {lbl}", f"Đảng ủy {lvl}"),
            (f"Ban Thường vụ Đảng ủy {lbl}", f"Ban Thường vụ Đảng ủy {lvl}"),
            (f"Ủy ban MTTQ Việt Nam {lbl}", f"Ủy ban MTTQ Việt Nam {lvl}"),
            (f"Ủy ban MTTQ {lbl}", f"Ủy ban MTTQ {lvl}"),
            (f"Khối Dân vận {lbl}", f"Khối Dân vận {lvl}"),
            (f"Hội Nông dân {lbl}", f"Hội Nông dân {lvl}"),
            (f"Hội Liên hiệp Phụ nữ {lbl}", f"Hội Liên hiệp Phụ nữ {lvl}"),
            (f"Hội Cựu chiến binh {lbl}", f"Hội Cựu chiến binh {lvl}"),
            (f"Đoàn Thanh niên {lbl}", f"Đoàn Thanh niên {lvl}"),
            (f"UBND {lbl}", f"UBND {lvl}"),
        ]
        if slug == "tiep-xuc-cu-tri":
            bodies = [(f"Thường trực HĐND {lbl}", f"Thường trực HĐND {lvl}"), (f"HĐND {lbl}", f"HĐND {lvl}")]
        elif slug == "doi-thoai":
            bodies = [(f"UBND {lbl}", f"UBND {lvl}"), (f"Đảng ủy {lbl}", f"Đảng ủy {lvl}"),
                      (f"Đoàn Thanh niên {lbl}", f"Đoàn Thanh niên {lvl}"), (f"Ủy ban MTTQ {lbl}", f"Ủy ban MTTQ {lvl}")]
        return [(a, b, lvl) for a, b in bodies]
    committee = _committee(place)
    name = place.name
    lvl = place.level if place.tier == 1 else place.province_level
    lbl = f"{lvl} {name}"
    bodies = [
        (f"Ban Dân vận {committee} {name}", f"Ban Dân vận {committee}"),
        (f"Ban Thường vụ {committee} {name}", f"Ban Thường vụ {committee}"),
        (f"Thường trực {committee} {name}", f"Thường trực {committee}"),
        (f"Ủy ban MTTQ Việt Nam {lbl}", f"Ủy ban MTTQ Việt Nam {lvl}"),
        (f"Hội Nông dân {lbl}", f"Hội Nông dân {lvl}"),
        (f"Hội Liên hiệp Phụ nữ {lbl}", f"Hội Liên hiệp Phụ nữ {lvl}"),
        (f"Hội Cựu chiến binh {lbl}", f"Hội Cựu chiến binh {lvl}"),
        (f"Huyện đoàn {name}" if lvl == "huyện" else f"Đoàn Thanh niên {lbl}",
         "Huyện đoàn" if lvl == "huyện" else f"Đoàn Thanh niên {lvl}"),
    ]
    if slug == "tiep-xuc-cu-tri":
        bodies = [(f"Thường trực HĐND {lbl}", f"Thường trực HĐND {lvl}"), (f"Tổ đại biểu HĐND {lbl}", f"Tổ đại biểu HĐND {lvl}")]
    elif slug == "doi-thoai":
        bodies = [(f"UBND {lbl}", f"UBND {lvl}"), (f"Thường trực {committee} {name}", f"Thường trực {committee}"),
                  (f"Ủy ban MTTQ Việt Nam {lbl}", f"Ủy ban MTTQ Việt Nam {lvl}")]
    return [(a, b, lvl) for a, b in bodies]


def _roles(place: Place) -> tuple[list[str], list[str]]:
    """Roles of local officials and of guests from the level above."""
    if place.tier == 2:
        lvl = place.level
        local = [f"Bí thư Đảng ủy {lvl}", f"Phó Bí thư Thường trực Đảng ủy, Chủ tịch HĐND {lvl}",
                 f"Phó Bí thư Đảng ủy, Chủ tịch UBND {lvl}", f"Chủ tịch Ủy ban MTTQ Việt Nam {lvl}",
                 f"Phó Chủ tịch UBND {lvl}", f"Trưởng khối Dân vận {lvl}", f"Chủ tịch Hội Nông dân {lvl}",
                 f"Chủ tịch Hội Liên hiệp Phụ nữ {lvl}", f"Bí thư Đoàn Thanh niên {lvl}", f"Chủ tịch Hội Cựu chiến binh {lvl}",
                 f"Đảng ủy viên, Phó Chủ tịch Ủy ban MTTQ {lvl}"]
        up = place.district_level or "tỉnh"
        committee = {"huyện": "Huyện ủy", "quận": "Quận ủy", "thị xã": "Thị ủy", "thành phố": "Thành ủy"}.get(up, "Tỉnh ủy")
        guests = [f"Ủy viên Ban Thường vụ, Trưởng Ban Dân vận {committee}", f"Phó Trưởng Ban Dân vận {committee}",
                  f"Phó Chủ tịch Ủy ban MTTQ Việt Nam {up}", f"Ủy viên Ban Chấp hành Đảng bộ {up}, Phó Chủ tịch UBND {up}",
                  f"Chủ tịch Hội Nông dân {up}"]
        return local, guests
    committee = _committee(place)
    lvl = place.level if place.tier == 1 else place.province_level
    local = [f"Phó Bí thư Thường trực {committee}", f"Ủy viên Ban Thường vụ, Trưởng Ban Dân vận {committee}",
             f"Phó Trưởng Ban Dân vận {committee}", f"Chủ tịch Ủy ban MTTQ Việt Nam {lvl}", f"Phó Chủ tịch UBND {lvl}",
             f"Bí thư {committee}, Chủ tịch HĐND {lvl}", f"Chủ tịch Hội Nông dân {lvl}", f"Chủ tịch UBND {lvl}"]
    guests = ["Phó Trưởng Ban Dân vận Tỉnh ủy", "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Ủy viên Ban Thường vụ Tỉnh ủy"] \
        if place.tier == 1 else ["Phó Trưởng Ban Dân vận Trung ương", "Ủy viên Đoàn Chủ tịch Ủy ban Trung ương MTTQ Việt Nam"]
    return local, guests


def _period(rng: random.Random, slug: str, ev: date) -> str | None:
    """A reporting period that fits a meeting held on ``ev``."""
    y, m = ev.year, ev.month
    prev_q = (m - 1) // 3 - 1
    qy = y if prev_q >= 0 else y - 1
    prev_q %= 4
    quarter = _pick(rng, [f"quý {ROMAN[prev_q]}/{qy}", f"quý {prev_q + 1}/{qy}", f"quý {ROMAN[prev_q]} năm {qy}"])
    pm = m - 1 or 12
    pmy = y if m > 1 else y - 1
    month = _pick(rng, [f"tháng {pm:02d} năm {pmy}", f"tháng {pm}/{pmy}"])
    cur_month = _pick(rng, [f"tháng {m:02d} năm {y}", f"tháng {m}/{y}"])
    year_end = f"năm {y}" if m >= 10 else f"năm {y - 1}"
    options: list[str]
    if slug == "so-ket":
        options = {4: [quarter], 6: ["6 tháng đầu năm " + str(y)], 7: ["6 tháng đầu năm " + str(y), quarter],
                   9: ["9 tháng đầu năm " + str(y)], 10: ["9 tháng đầu năm " + str(y), quarter]}.get(m, [quarter])
    elif slug == "tong-ket":
        options = [year_end]
    elif slug == "giao-ban":
        options = [quarter, month, quarter] + (["6 tháng đầu năm " + str(y)] if m in (6, 7) else [])
    elif slug == "lam-viec":
        options = ["6 tháng đầu năm " + str(y)] if m in (6, 7) else [year_end]
    elif slug == "hoi-nghi":
        options = [cur_month, month, quarter]
    elif slug == "trien-khai":
        options = [f"năm {y}"] if m <= 3 else [f"6 tháng cuối năm {y}"]
    elif slug == "tuyen-duong":
        options = [year_end]
    elif slug == "kiem-tra-giam-sat":
        options = [f"năm {y}", "6 tháng đầu năm " + str(y) if m in (6, 8, 9) else f"năm {y}"]
    else:
        return None
    return _pick(rng, options)


def _titles(slug: str, org: str, per: str | None, d: "Ctx") -> list[str]:
    """Title templates for a meeting type; the first act named is the meeting type."""
    p = f" {per}" if per else ""
    plc = d.place_label
    t = {
        "so-ket": [f"{org} sơ kết công tác dân vận{p}", f"{org} tổ chức sơ kết công tác Mặt trận{p}",
                   f"{org} sơ kết việc thực hiện mô hình “Dân vận khéo”{p}",
                   f"{org} tổ chức hội nghị sơ kết{p}, triển khai nhiệm vụ thời gian tới",
                   f"Hội nghị sơ kết công tác dân vận{p} của {org}"],
        "tong-ket": [f"{org} tổng kết công tác dân vận{p}", f"{org} tổ chức hội nghị tổng kết công tác Mặt trận{p}",
                     f"{org} tổng kết công tác Hội và phong trào hội viên{p}",
                     f"{org}: Hội nghị tổng kết công tác dân vận và thực hiện Quy chế dân chủ ở cơ sở{p}"],
        "giao-ban": [f"{org} giao ban công tác dân vận{p}", f"{org} giao ban khối Dân vận{p}",
                     f"{org} tổ chức giao ban{p} với Mặt trận và các đoàn thể"],
        "lam-viec": [f"{org} làm việc với Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội{p}",
                     f"{org} làm việc với Ban Dân vận, Ủy ban MTTQ và các đoàn thể về kết quả hoạt động{p}",
                     f"{org} làm việc với Khối Dân vận về nhiệm vụ{p}"],
        "hoi-nghi": [f"{org} tổ chức Hội nghị Ban Chấp hành mở rộng{p}", f"Hội nghị Ban Chấp hành Đảng bộ {plc}{p}",
                     f"{org} tổ chức kỳ họp thường kỳ{p}", f"{org} họp định kỳ{p}"],
        "doi-thoai": [f"{org} đối thoại với Nhân dân năm {d.ev.year}", f"{org} tổ chức đối thoại với đoàn viên, hội viên",
                      f"{_cap(plc)}: Cà phê sáng với đoàn viên, thanh niên", f"{org} đối thoại trực tiếp với Nhân dân về cải cách hành chính"],
        "tap-huan": [f"{org} tập huấn công tác dân vận năm {d.ev.year}", f"{org} tổ chức lớp tập huấn nghiệp vụ cho cán bộ cơ sở",
                     f"{org} bồi dưỡng nghiệp vụ công tác dân vận cho cán bộ, hội viên", f"{org} khai giảng lớp bồi dưỡng kỹ năng vận động quần chúng"],
        "ky-niem": [f"{org} tổ chức kỷ niệm {d.anniv} năm Ngày truyền thống {d.anniv_name}",
                    f"{org} họp mặt kỷ niệm {d.anniv} năm Ngày truyền thống {d.anniv_name}",
                    f"{_cap(plc)} kỷ niệm {d.anniv} năm Ngày truyền thống {d.anniv_name} ({d.anniv_span})",
                    f"Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư {plc} năm {d.ev.year}"],
        "trien-khai": [f"{org} triển khai nhiệm vụ công tác dân vận{p}", f"{org} tổ chức hội nghị triển khai nhiệm vụ{p}",
                       f"{org} triển khai kế hoạch thực hiện Quy chế dân chủ ở cơ sở{p}"],
        "tuyen-duong": [f"{org} tuyên dương {d.n1} mô hình “Dân vận khéo” tiêu biểu{p}",
                        f"{org} biểu dương điển hình tiên tiến trong phong trào thi đua{p}",
                        f"{org} khen thưởng các tập thể, cá nhân tiêu biểu trong công tác dân vận{p}"],
        "kiem-tra-giam-sat": [f"{org} kiểm tra công tác dân vận{p}", f"{org} kiểm tra việc thực hiện Quy chế dân chủ ở cơ sở{p}",
                              f"{org} giám sát việc thực hiện chính sách an sinh xã hội{p}"],
        "dai-hoi": [f"Đại hội đại biểu {d.assoc} {plc} lần thứ {d.roman}, nhiệm kỳ {d.term}",
                    f"{d.assoc} {plc} tổ chức Đại hội nhiệm kỳ {d.term}",
                    f"{d.assoc} {plc} đại hội lần thứ {d.roman}, nhiệm kỳ {d.term}"],
        "tiep-xuc-cu-tri": [f"{org} tiếp xúc cử tri trước kỳ họp thứ {d.n2}", f"{org} tổ chức tiếp xúc cử tri sau kỳ họp thứ {d.n2}",
                            f"{org} tiếp xúc với cử tri {plc}"],
        "phat-dong": [f"{org} phát động phong trào thi đua “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” năm {d.ev.year}",
                      f"{org} phát động Tháng hành động vì người nghèo năm {d.ev.year}", f"{org} ra quân Chiến dịch Thanh niên tình nguyện hè {d.ev.year}",
                      f"{org} phát động phong trào thi đua “Dân vận khéo” năm {d.ev.year}"],
        "khac": [f"Hội thi tuyên truyền viên giỏi về công tác dân vận {plc} năm {d.ev.year}",
                 f"Cuộc thi tìm hiểu về Quy chế dân chủ ở cơ sở tại {plc}",
                 f"{_cap(plc)}: Hội thi “Dân vận khéo” năm {d.ev.year}"],
    }
    return t[slug]


@dataclass
class Ctx:
    """Values the sentence templates draw on."""

    rng: random.Random
    place: Place
    place_label: str
    place_full: str
    org: str
    org_bare: str
    ev: date
    period: str | None
    noun: str  # "hội nghị", "buổi làm việc", ...
    people: list[Person]
    anniv: int = 0
    anniv_name: str = ""
    anniv_span: str = ""
    n1: int = 0
    n2: int = 0
    assoc: str = ""
    roman: str = ""
    term: str = ""

    def n(self, lo: int, hi: int) -> int:
        return _ri(self.rng, lo, hi)


NOUNS = {"so-ket": "hội nghị", "tong-ket": "hội nghị", "giao-ban": "buổi giao ban", "lam-viec": "buổi làm việc",
         "hoi-nghi": "hội nghị", "doi-thoai": "buổi đối thoại", "tap-huan": "lớp tập huấn", "ky-niem": "buổi lễ",
         "trien-khai": "hội nghị", "tuyen-duong": "hội nghị", "kiem-tra-giam-sat": "buổi kiểm tra", "dai-hoi": "đại hội",
         "tiep-xuc-cu-tri": "buổi tiếp xúc", "phat-dong": "lễ phát động", "khac": "hội thi"}

ACTS = {  # what the lead says the body did (the period is appended where one is stated)
    "so-ket": ["tổ chức hội nghị sơ kết công tác dân vận{p}", "tổ chức sơ kết việc thực hiện mô hình “Dân vận khéo”{p}",
               "tổ chức hội nghị sơ kết công tác{p}, bàn phương hướng, nhiệm vụ thời gian tới"],
    "tong-ket": ["tổ chức hội nghị tổng kết công tác dân vận và thực hiện Quy chế dân chủ ở cơ sở{p}",
                 "tổ chức hội nghị tổng kết công tác Mặt trận{p}, triển khai chương trình phối hợp năm tới"],
    "giao-ban": ["tổ chức hội nghị giao ban công tác dân vận{p}", "tổ chức giao ban khối Dân vận{p}"],
    "lam-viec": ["làm việc với Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội về kết quả thực hiện nhiệm vụ{p}",
                 "làm việc với Khối Dân vận về tình hình thực hiện nhiệm vụ{p}"],
    "hoi-nghi": ["tổ chức hội nghị Ban Chấp hành mở rộng{p}", "tổ chức kỳ họp thường kỳ{p}"],
    "doi-thoai": ["tổ chức đối thoại với Nhân dân về các vấn đề Nhân dân quan tâm",
                  "tổ chức chương trình cà phê sáng với đoàn viên, thanh niên"],
    "tap-huan": ["tổ chức hội nghị tập huấn công tác dân vận cho hơn {n} cán bộ, công chức, đoàn viên, hội viên",
                 "tổ chức lớp bồi dưỡng nghiệp vụ công tác dân vận cho {n} học viên"],
    "ky-niem": ["tổ chức kỷ niệm {anniv} năm Ngày truyền thống {anniv_name} ({anniv_span})",
                "tổ chức họp mặt kỷ niệm {anniv} năm Ngày truyền thống {anniv_name}"],
    "trien-khai": ["tổ chức hội nghị triển khai nhiệm vụ công tác dân vận{p}",
                   "tổ chức hội nghị quán triệt, triển khai kế hoạch công tác{p}"],
    "tuyen-duong": ["tổ chức hội nghị tuyên dương các mô hình, điển hình “Dân vận khéo”{p}",
                    "tổ chức biểu dương các tập thể, cá nhân tiêu biểu trong phong trào thi đua{p}"],
    "kiem-tra-giam-sat": ["tổ chức kiểm tra việc thực hiện Quy chế dân chủ ở cơ sở{p}",
                          "tổ chức giám sát việc thực hiện các chính sách an sinh xã hội{p}"],
    "dai-hoi": ["tổ chức Đại hội đại biểu lần thứ {roman}, nhiệm kỳ {term}"],
    "tiep-xuc-cu-tri": ["tổ chức tiếp xúc cử tri trước kỳ họp thứ {n2}", "tổ chức tiếp xúc cử tri tại hội trường UBND"],
    "phat-dong": ["tổ chức lễ phát động phong trào thi đua năm {year}", "tổ chức lễ ra quân hưởng ứng phong trào thi đua năm {year}"],
}

# Body sentences. Slots: {org} {org_bare} {place} {noun} {sys} {per} {n} {m} {k} {pct} {money} {area} {next}
RESULTS = [
    "Theo báo cáo, {per}, {sys} đã bám sát nhiệm vụ chính trị của địa phương, chủ động tham mưu cho cấp ủy lãnh đạo, chỉ đạo thực hiện có hiệu quả công tác dân vận.",
    "Công tác tuyên truyền, vận động Nhân dân thực hiện chủ trương của Đảng, chính sách, pháp luật của Nhà nước được triển khai thường xuyên với {n} buổi tuyên truyền, thu hút hơn {m} lượt người tham dự.",
    "Phong trào thi đua “Dân vận khéo” tiếp tục được đẩy mạnh, toàn {place_short} đã xây dựng và nhân rộng {k} mô hình “Dân vận khéo” trên các lĩnh vực kinh tế, văn hóa, xã hội, quốc phòng - an ninh.",
    "Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” đạt nhiều kết quả, Nhân dân đã hiến {area} m² đất, đóng góp hàng nghìn ngày công để làm đường giao thông nông thôn.",
    "Quỹ “Vì người nghèo” đã tiếp nhận {money} triệu đồng, hỗ trợ xây dựng và sửa chữa {k} nhà Đại đoàn kết cho hộ nghèo, hộ có hoàn cảnh khó khăn.",
    "Tỷ lệ hộ gia đình đạt danh hiệu “Gia đình văn hóa” đạt {pct}%, {k} khu dân cư được công nhận đạt chuẩn văn hóa.",
    "Mặt trận và các đoàn thể đã phát triển mới {n} đoàn viên, hội viên, nâng tổng số hội viên lên {m} người.",
    "Việc thực hiện Quy chế dân chủ ở cơ sở có nhiều chuyển biến, các nội dung Nhân dân được biết, được bàn, được làm và được kiểm tra, giám sát được công khai đầy đủ.",
    "Công tác dân vận của chính quyền được quan tâm; cán bộ, công chức thực hiện tốt văn hóa công vụ, tiếp nhận và giải quyết {m} hồ sơ hành chính đúng hạn, không để tồn đọng.",
    "Các tổ chức chính trị - xã hội đã phối hợp tổ chức {n} cuộc giám sát và {k} hội nghị phản biện xã hội, góp phần xây dựng Đảng, chính quyền trong sạch, vững mạnh.",
    "Công tác nắm bắt tình hình tư tưởng, dư luận xã hội được duy trì thường xuyên, kịp thời giải quyết những vấn đề bức xúc nảy sinh ngay từ cơ sở.",
    "Hội Nông dân đã phối hợp mở {k} lớp chuyển giao tiến bộ khoa học kỹ thuật cho {m} lượt hội viên, hướng dẫn hội viên vay vốn phát triển sản xuất với tổng dư nợ {money} triệu đồng.",
    "Hội Liên hiệp Phụ nữ duy trì hiệu quả mô hình “Tiết kiệm vì phụ nữ nghèo”, giúp {n} hội viên có hoàn cảnh khó khăn vươn lên trong cuộc sống.",
    "Đoàn Thanh niên tổ chức {k} đợt ra quân vệ sinh môi trường, trồng {m} cây xanh và tham gia giữ gìn an ninh trật tự ở khu dân cư.",
    "Hội Cựu chiến binh tích cực tham gia hòa giải thành {k} vụ việc mâu thuẫn trong Nhân dân, góp phần giữ vững sự ổn định ở địa bàn dân cư.",
    "Công tác chăm lo cho gia đình chính sách, người có công, hộ nghèo được thực hiện chu đáo với {n} suất quà trị giá {money} triệu đồng.",
    "Trong công tác chuyển đổi số, {sys} đã hướng dẫn Nhân dân cài đặt, sử dụng các ứng dụng dịch vụ công trực tuyến, đạt tỷ lệ {pct}% hồ sơ được nộp trực tuyến.",
    "Các phong trào thi đua yêu nước được triển khai sâu rộng, tạo khí thế thi đua sôi nổi trong cán bộ, đảng viên và các tầng lớp Nhân dân.",
    "Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng ở {k} khu dân cư hoạt động đúng quy định, kịp thời phát hiện và kiến nghị xử lý {n} vụ việc.",
    "Công tác hòa giải ở cơ sở được quan tâm, {k} tổ hòa giải đã hòa giải thành {n} vụ việc, đạt tỷ lệ {pct}%.",
    "Trong phòng, chống thiên tai, dịch bệnh, {sys} đã vận động Nhân dân ủng hộ {money} triệu đồng và hàng nghìn phần quà cho người dân vùng bị ảnh hưởng.",
    "Phong trào “Toàn dân bảo vệ an ninh Tổ quốc” được duy trì, {k} mô hình tự quản về an ninh trật tự hoạt động hiệu quả ở khu dân cư.",
    "Các cấp hội đã phối hợp với Ngân hàng Chính sách xã hội quản lý {k} tổ tiết kiệm và vay vốn với tổng dư nợ hơn {money} tỷ đồng, tỷ lệ nợ quá hạn thấp.",
    "Cán bộ, đảng viên đã thực hiện nghiêm việc đăng ký làm theo tấm gương đạo đức Hồ Chí Minh, gắn với nhiệm vụ chuyên môn được giao.",
    "Việc vận động Nhân dân chỉnh trang nhà ở, xây dựng hàng rào xanh, thắp sáng đường quê đã tạo diện mạo mới cho {k} thôn, tổ dân phố.",
    "Mô hình “Camera an ninh” với {n} mắt camera do Nhân dân đóng góp đã góp phần giảm rõ rệt các vụ việc vi phạm trật tự xã hội.",
    "Đội ngũ cán bộ làm công tác dân vận ở cơ sở từng bước được kiện toàn, {n} lượt cán bộ được tập huấn, bồi dưỡng nghiệp vụ trong kỳ.",
    "Các tầng lớp Nhân dân tin tưởng vào sự lãnh đạo của Đảng, tình hình an ninh chính trị, trật tự an toàn xã hội ổn định.",
]
LIMITS = [
    "Bên cạnh những kết quả đạt được, {sys} vẫn còn một số hạn chế như: nội dung, phương thức hoạt động có lúc chưa phong phú; việc nắm bắt tình hình Nhân dân ở một số khu dân cư chưa thường xuyên.",
    "Một số mô hình “Dân vận khéo” chưa được nhân rộng, hiệu quả chưa cao; công tác phối hợp giữa các ngành, đoàn thể có lúc chưa chặt chẽ.",
    "Việc tập hợp, thu hút đoàn viên, hội viên trẻ tham gia sinh hoạt còn gặp khó khăn; kinh phí hoạt động ở cơ sở còn hạn chế.",
    "Nguyên nhân của những hạn chế trên một phần do địa bàn rộng, dân cư phân tán, một phần do năng lực của một bộ phận cán bộ cơ sở chưa đáp ứng yêu cầu nhiệm vụ.",
]
DISCUSS = [
    "Tại {noun}, các đại biểu đã tập trung thảo luận, làm rõ những kết quả đạt được, chỉ ra những tồn tại, hạn chế và đề xuất nhiều giải pháp thiết thực.",
    "Nhiều ý kiến tham luận đã chia sẻ kinh nghiệm trong xây dựng mô hình “Dân vận khéo”, trong vận động Nhân dân tham gia xây dựng nông thôn mới và giữ gìn an ninh trật tự.",
    "Các đại biểu cũng kiến nghị cấp trên quan tâm hơn nữa đến chế độ, chính sách cho cán bộ làm công tác dân vận ở thôn, tổ dân phố.",
    "Đại diện các chi bộ, đoàn thể đã trao đổi cách làm hay trong công tác tuyên truyền, vận động Nhân dân thực hiện các nhiệm vụ chính trị ở địa phương.",
    "Ý kiến của các đại biểu đều thống nhất cao với báo cáo và phương hướng nhiệm vụ do {org_bare} trình bày tại {noun}.",
    "Một số ý kiến đề nghị tăng cường đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân để kịp thời tháo gỡ những khó khăn, vướng mắc.",
    "Các đại biểu cũng đề xuất cần có cơ chế khen thưởng kịp thời đối với các mô hình, điển hình tiêu biểu ở khu dân cư.",
]
DIRECTION = [
    "Về phương hướng, nhiệm vụ {next}, {sys} tiếp tục đổi mới nội dung, phương thức vận động Nhân dân, hướng mạnh về cơ sở, địa bàn dân cư.",
    "{noun_cap} đã thống nhất {k} nhiệm vụ trọng tâm, trong đó chú trọng nâng cao chất lượng thực hiện Quy chế dân chủ ở cơ sở và phong trào thi đua “Dân vận khéo”.",
    "Thời gian tới, {sys} tập trung tuyên truyền, vận động Nhân dân thực hiện tốt các chương trình phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh.",
    "Các đoàn thể tiếp tục đẩy mạnh các phong trào thi đua, cuộc vận động, gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Cùng với đó, tăng cường công tác giám sát, phản biện xã hội, phát huy vai trò của Nhân dân trong xây dựng Đảng, xây dựng chính quyền trong sạch, vững mạnh.",
    "Đồng thời, tiếp tục nhân rộng các mô hình “Dân vận khéo”, phấn đấu mỗi chi bộ, đoàn thể có ít nhất một mô hình hiệu quả.",
    "Bên cạnh đó, đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ Nhân dân, xây dựng chính quyền thân thiện, vì Nhân dân phục vụ.",
]
SPECIFIC = {
    "doi-thoai": [
        "Tại buổi đối thoại, {k} ý kiến của Nhân dân tập trung vào các vấn đề đất đai, vệ sinh môi trường, giải quyết thủ tục hành chính và chính sách an sinh xã hội.",
        "Các ý kiến, kiến nghị đã được lãnh đạo địa phương và các ngành chức năng giải trình cụ thể; những nội dung vượt thẩm quyền được ghi nhận để báo cáo cấp trên.",
        "Buổi đối thoại diễn ra cởi mở, thẳng thắn, tạo sự đồng thuận giữa chính quyền và Nhân dân.",
    ],
    "tap-huan": [
        "Các học viên được nghe báo cáo viên truyền đạt các chuyên đề về công tác dân vận trong tình hình mới, kỹ năng vận động quần chúng và thực hiện Quy chế dân chủ ở cơ sở.",
        "Nội dung tập huấn đi từ những câu hỏi cơ bản như dân vận là gì, ai làm công tác dân vận, đến quan điểm của Đảng về công tác dân vận hiện nay.",
        "Lớp tập huấn nhằm trang bị thêm kiến thức, nâng cao kỹ năng tuyên truyền, vận động Nhân dân cho đội ngũ cán bộ cơ sở.",
    ],
    "ky-niem": [
        "Tại buổi lễ, các đại biểu cùng ôn lại truyền thống vẻ vang của {anniv_name} qua các thời kỳ cách mạng.",
        "Buổi lễ diễn ra trong không khí vui tươi, ấm cúng với nhiều tiết mục văn nghệ đặc sắc do các chi hội, đoàn thể biểu diễn.",
        "Dịp này, {k} cá nhân được tặng Kỷ niệm chương “Vì sự nghiệp dân vận” vì đã có nhiều đóng góp cho công tác dân vận của Đảng.",
    ],
    "dai-hoi": [
        "Đại hội đã thông qua báo cáo tổng kết nhiệm kỳ qua và đề ra phương hướng, nhiệm vụ nhiệm kỳ {term} với {k} chỉ tiêu chủ yếu.",
        "Đại hội đã hiệp thương bầu Ban Chấp hành khóa mới gồm {n} đồng chí và bầu đoàn đại biểu dự đại hội cấp trên.",
        "Nhiệm kỳ qua, các phong trào của hội viên đạt nhiều kết quả, nhiều chỉ tiêu đạt và vượt so với nghị quyết đại hội đề ra.",
    ],
    "tiep-xuc-cu-tri": [
        "Tại buổi tiếp xúc, đại diện Tổ đại biểu đã báo cáo với cử tri dự kiến nội dung, chương trình kỳ họp và kết quả giải quyết kiến nghị của cử tri từ kỳ họp trước.",
        "Cử tri đã nêu {k} ý kiến, kiến nghị về tiến độ thi công các tuyến đường liên xã, chế độ đối với người có công, các vấn đề liên quan đến đất đai và môi trường.",
        "Các ý kiến của cử tri được lãnh đạo địa phương giải trình; những nội dung vượt thẩm quyền được đại biểu ghi nhận, chuyển đến cơ quan có thẩm quyền.",
    ],
    "phat-dong": [
        "Ngay sau lễ phát động, các đoàn viên, hội viên đã ra quân dọn vệ sinh môi trường, trồng cây xanh dọc các tuyến đường trên địa bàn.",
        "Phong trào thi đua đề ra {k} nội dung cụ thể, gắn với việc thực hiện các nhiệm vụ phát triển kinh tế - xã hội của địa phương.",
        "Tại buổi lễ, đại diện các chi hội, khu dân cư đã ký giao ước thi đua thực hiện thắng lợi các chỉ tiêu đề ra.",
    ],
    "kiem-tra-giam-sat": [
        "Đoàn đã kiểm tra hồ sơ, sổ sách, nghe báo cáo và làm việc trực tiếp với các chi bộ, khu dân cư về việc thực hiện nhiệm vụ.",
        "Qua kiểm tra cho thấy, các đơn vị cơ bản thực hiện đúng quy định, hồ sơ được lưu trữ đầy đủ, việc công khai được thực hiện đúng hình thức.",
        "Đoàn cũng chỉ ra một số tồn tại cần khắc phục như: việc ghi chép biên bản chưa đầy đủ, việc báo cáo định kỳ có lúc chưa kịp thời.",
    ],
    "tuyen-duong": [
        "Dịp này, {org_bare} đã tặng Giấy khen cho {k} tập thể và {n} cá nhân có thành tích xuất sắc trong phong trào thi đua.",
        "Các mô hình được tuyên dương đều có cách làm sáng tạo, mang lại hiệu quả thiết thực, được Nhân dân đồng tình hưởng ứng.",
    ],
    "khac": [
        "Hội thi có sự tham gia của {k} đội thi đến từ các chi bộ, khu dân cư với phần thi chào hỏi, kiến thức và tiểu phẩm tuyên truyền.",
        "Các đội thi đã mang đến nhiều tiết mục sinh động, phản ánh chân thực công tác dân vận ở cơ sở.",
        "Kết thúc hội thi, Ban tổ chức đã trao giải Nhất, giải Nhì, giải Ba và {k} giải Khuyến khích cho các đội thi.",
    ],
}
CAPTIONS = ["Quang cảnh hội nghị.", "Ảnh: Quang cảnh Hội nghị", "Toàn cảnh {noun}.", "Các đại biểu dự {noun}.",
            "Đồng chí {p0} phát biểu kết luận {noun}.", "Lãnh đạo trao Giấy khen cho các tập thể, cá nhân tiêu biểu",
            "Đại biểu tham dự {noun}. (Ảnh: {author})"]
ANNIVERSARIES = [("công tác dân vận của Đảng", 1930, 10, 15), ("Mặt trận Tổ quốc Việt Nam", 1930, 11, 18),
                 ("Hội Nông dân Việt Nam", 1930, 10, 14), ("Hội Liên hiệp Phụ nữ Việt Nam", 1930, 10, 20)]
ASSOCS = ["Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Hội Cựu chiến binh", "Đoàn Thanh niên", "Hội Chữ thập đỏ"]


_NUMS = {"n": (12, 95), "m": (150, 4800), "k": (3, 28), "pct": (82, 99), "money": (45, 980)}
_FIELDS: dict[str, tuple[str, ...]] = {}


def _fields(template: str) -> tuple[str, ...]:
    found = _FIELDS.get(template)
    if found is None:
        found = _FIELDS[template] = tuple(dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(template) if f))
    return found


def _fill(template: str, ctx: Ctx, extra: dict[str, Any]) -> str:
    """A sentence template with its slots filled (numbers drawn only for the slots it has)."""
    r = ctx.rng.random
    values: dict[str, Any] = {}
    for f in _fields(template):
        span = _NUMS.get(f)
        if span is not None:
            values[f] = span[0] + int(r() * (span[1] - span[0] + 1))
        elif f == "area":
            values[f] = f"{1 + int(r() * 25)}.{100 + int(r() * 900)}"
        else:
            values[f] = extra[f]
    return template.format_map(values)


def _ri(rng: random.Random, lo: int, hi: int) -> int:
    """``rng.randint`` without its overhead."""
    return lo + int(rng.random() * (hi - lo + 1))


def _pick(rng: random.Random, seq: Any) -> Any:
    """``rng.choice`` without its overhead (the generator calls it a few hundred times a file)."""
    return seq[int(rng.random() * len(seq))]


def compose(rng: random.Random, index: int) -> Doc:
    slug = _weighted(rng, MEETING_WEIGHTS)
    year = _ri(rng, START.year, END.year)
    month = _pick(rng, MONTHS[slug])
    day = _ri(rng, 1, 28)
    event = date(year, month, day)
    published_day = event + timedelta(days=_pick(rng, (0, 0, 1, 1, 1, 2, 3, 5)))
    if event < MERGER <= published_day:
        published_day = event
    if published_day > END:
        published_day = END
    post2025 = published_day >= MERGER
    pl = places()
    if post2025 and pl["ward2025"]:
        place = _pick(rng, pl["ward2025"]) if rng.random() < 0.85 else _pick(rng, pl["province2025"])
    else:
        post2025 = False
        r = rng.random()
        place = _pick(rng, pl["ward"]) if r < 0.62 else (_pick(rng, pl["district"]) if r < 0.9 else _pick(rng, pl["province"]))
    if slug in ("dai-hoi", "ky-niem", "khac") and place.tier == 0:
        place = _pick(rng, pl["ward2025"] if post2025 else pl["ward"])
    if rng.random() < 0.72:
        hour, minute = _ri(rng, 6, 21), _ri(rng, 0, 59)
        published: datetime | date = datetime(published_day.year, published_day.month, published_day.day, hour, minute)
        if published_day == event and hour < 12 and rng.random() < 0.5:
            published = published.replace(hour=_ri(rng, 12, 21))
    else:
        published = published_day
    period = _period(rng, slug, event)
    org, org_bare, _ = _pick(rng, _orgs(place, slug))
    taken: set[str] = set()
    local_roles, guest_roles = _roles(place)
    npeople = _ri(rng, 2, 4)
    roles = rng.sample(local_roles, k=min(npeople - 1, len(local_roles))) + [_pick(rng, guest_roles)]
    people = [Person(_person(rng, taken), role) for role in roles]
    anniv_name, base, am, ad = _pick(rng, ANNIVERSARIES)
    term_start = event.year  # a congress opens its own term
    ctx = Ctx(rng=rng, place=place, place_label=place.label(), place_full=place.full(rng.random() < 0.85), org=org,
              org_bare=org_bare, ev=event, period=period, noun=NOUNS[slug], people=people,
              anniv=event.year - base, anniv_name=anniv_name,
              anniv_span=f"{ad}/{am}/{base} - {ad}/{am}/{event.year}", n1=_ri(rng, 8, 40), n2=_ri(rng, 3, 19),
              assoc=_pick(rng, ASSOCS), roman=_pick(rng, ("V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")),
              term=f"{term_start} - {term_start + 5}")
    if slug == "dai-hoi":  # the association holds its own congress
        level = place.level if place.tier != 0 else place.province_level
        ctx.org = org = f"{ctx.assoc} {place.label()}"
        ctx.org_bare = org_bare = f"{ctx.assoc} {level}"
    if slug == "ky-niem":  # held just before the anniversary
        ctx.ev = event = date(year, am, max(1, ad - _ri(rng, 0, 5)))
        published_day = min(event + timedelta(days=_pick(rng, (0, 1, 2))), END)
        if post2025 != (published_day >= MERGER):
            published_day = event
        published = (datetime(published_day.year, published_day.month, published_day.day, _ri(rng, 7, 20), _ri(rng, 0, 59))
                     if isinstance(published, datetime) else published_day)
    # The title; about one in eight review-type titles leaves the period to the lead.
    title_period = period if (period and rng.random() < 0.88) else None
    if period and title_period is None and rng.random() < 0.5:
        period = None  # neither the title nor the lead states one
    title = _pick(rng, _titles(slug, org, title_period, ctx))
    if rng.random() < 0.04:
        title = title.upper()
    ctx.period = period
    views = None if rng.random() < 0.4 else min(int(rng.paretovariate(1.2) * 40), 250_000)
    author, byline = _byline(rng, place, taken)
    doc = Doc(index=index, kind=slug, slug=slugify(title), place=place, post2025=post2025, org=org, org_bare=org_bare, event=event,
              published=published, period=period, title=title, people=people, author=author, byline=byline, views=views)
    doc.paragraphs = _body(rng, slug, ctx, doc)
    return doc


def _byline(rng: random.Random, place: Place, taken: set[str]) -> tuple[str | None, str | None]:
    name = _pick(rng, AUTHOR_NAMES)
    while name in taken:
        name = _pick(rng, AUTHOR_NAMES)
    style = rng.randrange(12)
    if style == 0:
        return name, f"Nguồn : {name} - Cán bộ Văn phòng Đảng ủy"
    if style == 1:
        return name, f"T/h: {name}"
    if style == 2:
        return name, f"Tác giả: {name}"
    if style == 3:
        return name, f"Tin, ảnh: {name}"
    if style == 4:
        return name.upper(), name.upper()
    if style == 5:
        unit = f"Ban biên tập {place.label()}"
        return unit, unit
    if style == 6:
        return name, f"CTV {name}"
    if style == 7:
        return None, None  # no byline at all
    if style == 8:
        return None, "quantri"
    return name, name


def _body(rng: random.Random, slug: str, ctx: Ctx, doc: Doc) -> list[str]:
    p = f" {ctx.period}" if ctx.period else ""
    people = ctx.people
    chair, *others = people
    ev = ctx.ev
    if slug == "khac":
        lead = (f"Vừa qua, {ctx.org} phối hợp tổ chức {ctx.noun} với sự tham gia của {ctx.n(6, 18)} đội thi "
                f"đến từ các chi bộ, khu dân cư trên địa bàn {ctx.place_full}.")
    else:
        act = _pick(rng, ACTS[slug]).format(p=p, n=ctx.n(60, 400), anniv=ctx.anniv, anniv_name=ctx.anniv_name,
                                            anniv_span=ctx.anniv_span, roman=ctx.roman, term=ctx.term, n2=ctx.n2,
                                            year=ev.year)
        where = _pick(rng, ("", "", "", "tại hội trường UBND {u}, ", "tại Trung tâm Văn hóa {u}, ")).format(
            u=ctx.place.level if ctx.place.tier == 2 else ctx.place.level if ctx.place.tier == 1 else "tỉnh")
        date_txt = _event_text(rng, ev, doc.published)
        tag = _pick(rng, ("",) * 8 + ("(BĐT) - ", "CTTĐT - ", "(TTV) - "))
        if ctx.place.label() in ctx.org:  # "Đảng ủy xã X" -> "Đảng ủy xã X, huyện Y, tỉnh Z"
            org_full = ctx.org.replace(ctx.place.label(), ctx.place_full, 1)
        elif ctx.place.tier == 1:  # "Ban Dân vận Huyện ủy Y" -> "…, tỉnh Z"
            org_full = f"{ctx.org}, {ctx.place.province_label}"
        else:
            org_full = ctx.org
        lead = f"{tag}{date_txt}, {where}{org_full} {act}."
        lead += " " + _pick(rng, (
            f"Dự {ctx.noun} có đại diện lãnh đạo cấp ủy, chính quyền, Mặt trận và các đoàn thể chính trị - xã hội.",
            f"Tham dự có đồng chí {chair.name}, {chair.role}.",
            "Đây là dịp nhìn lại những kết quả đạt được, rút ra bài học kinh nghiệm trong công tác vận động Nhân dân.",
        ))
    paras = [lead]
    attend = [f"đồng chí {x.name}, {x.role}" for x in [*others[-1:], *others[:-1]]]
    if slug == "khac":
        paras.append(f"Đến dự và cổ vũ hội thi có {'; '.join(attend)} cùng đông đảo cán bộ, đảng viên và Nhân dân.")
        paras.append(f"Phát biểu khai mạc, đồng chí {chair.name}, {chair.role} cho biết hội thi nhằm tuyên truyền sâu rộng "
                     "quan điểm, chủ trương của Đảng về công tác dân vận, đồng thời phát hiện những nhân tố mới trong phong trào thi đua ở cơ sở.")
    else:
        paras.append(f"Dự {ctx.noun} có {'; '.join(attend)}; đại diện lãnh đạo Đảng ủy, HĐND, UBND, Ủy ban MTTQ và các đoàn thể "
                     f"chính trị - xã hội. Đồng chí {chair.name}, {chair.role} chủ trì {ctx.noun}.")
    target = _ri(rng, 280, 820)  # body words before the closing paragraph: 300-900 in all
    sys_words = _pick(rng, ("hệ thống dân vận", "Mặt trận và các đoàn thể", "Khối Dân vận", "hệ thống chính trị"))
    place_short = {"xã": "xã", "phường": "phường", "thị trấn": "thị trấn", "đặc khu": "đặc khu"}.get(ctx.place.level,
                   ctx.place.level if ctx.place.tier == 1 else "tỉnh")
    extra = {"org": ctx.org, "org_bare": ctx.org_bare, "noun": ctx.noun, "noun_cap": _cap(ctx.noun),
             "sys": f"{sys_words} {place_short}", "per": "trong thời gian qua" if not ctx.period else f"trong {ctx.period}",
             "next": "thời gian tới", "place_short": place_short, "anniv_name": ctx.anniv_name, "term": ctx.term}
    # The report, in the usual order: results, shortcomings, discussion, the way ahead; around
    # again (with the sentences not used yet) until the body has the words it was given.
    plan = [RESULTS, RESULTS, LIMITS, DISCUSS, DIRECTION] if slug in REVIEW else [RESULTS, DISCUSS, DIRECTION]
    specific = SPECIFIC.get(slug, [])
    if specific:
        plan.insert(0, specific)
    words = sum(len(x.split()) for x in paras)
    used: set[str] = set()
    conclusion_len = 60
    step = 0
    while words < target - conclusion_len:
        pool = plan[step % len(plan)]
        step += 1
        fresh = [x for x in pool if x not in used]
        if not fresh:
            if all(x in used for pl in plan for x in pl):
                used.clear()  # every sentence told once: a long bulletin repeats itself
            continue
        want = 2 + int(rng.random() * 3)
        picks = rng.sample(fresh, k=min(want, len(fresh)))
        used.update(picks)
        para = " ".join(_fill(x, ctx, extra) for x in picks)
        paras.append(para)
        words += len(para.split())
    verb = _pick(rng, ("Phát biểu kết luận", "Phát biểu chỉ đạo", "Kết luận"))
    paras.append(f"{verb} {ctx.noun}, đồng chí {chair.name}, {chair.role} ghi nhận và đánh giá cao những kết quả đạt được, "
                 f"đồng thời đề nghị {sys_words} {place_short} tiếp tục bám sát cơ sở, lắng nghe ý kiến của Nhân dân, "
                 f"phát huy sức mạnh khối đại đoàn kết toàn dân tộc, góp phần hoàn thành thắng lợi các nhiệm vụ chính trị của địa phương"
                 + _pick(rng, (".", ".", "./.")))
    # Captions between paragraphs (a third of the bulletins have photos).
    if rng.random() < 0.35:
        caption = _pick(rng, CAPTIONS).format(noun=ctx.noun, p0=chair.name, author=_pick(rng, AUTHOR_NAMES))
        doc.captions.append(caption)
    return paras


def _event_text(rng: random.Random, ev: date, published: datetime | date) -> str:
    pub_year = published.year
    tod = _pick(rng, TODS)
    with_year = rng.random() < 0.6 or ev.year != pub_year
    dd, mm = (f"{ev.day:02d}", f"{ev.month:02d}") if rng.random() < 0.4 else (str(ev.day), str(ev.month))
    dmy = f"{dd}/{mm}/{ev.year}" if with_year else f"{dd}/{mm}"
    style = rng.randrange(7)
    if style == 0:
        return f"{tod} ngày {dmy}"
    if style == 1:
        return f"Ngày {dmy}"
    if style == 2:
        return f"{tod} {ev.day}-{ev.month}" if not with_year else f"{tod} ngày {dmy}"
    if style == 3:
        return f"Vào hồi {_ri(rng, 7, 16)}h{_pick(rng, ('00', '30'))} ngày {dmy}"
    if style == 4 and ev.day < 28:
        return f"Trong hai ngày {ev.day} và {ev.day + 1}/{ev.month}/{ev.year}"
    if style == 5:
        return f"{tod} {dmy}"
    return f"{tod} ngày {dmy}"


# --- layout: the page as a scraper saved it ---------------------------------------------------


def _pub_line(rng: random.Random, doc: Doc, style: int) -> str:
    """The publication line in one of the portals' styles. Styles that show no time (7, 8) make
    the record's publication a plain date; a line that shows the views counter says so on ``doc``."""
    if style in (7, 8):
        doc_pub_date_only(doc)
    if doc.views is not None and style in VIEWS_IN_LINE:
        doc.views_shown = True
    p = doc.published
    d = p.date() if isinstance(p, datetime) else p
    dmy = f"{d.day:02d}/{d.month:02d}/{d.year}"
    hm = f"{p.hour:02d}:{p.minute:02d}" if isinstance(p, datetime) else None
    wd = WEEKDAYS[d.weekday()]
    views = doc.views
    nb = "\u00a0"
    if style == 0:
        line = f"Ngày đăng {dmy}" + (f" | {hm}" if hm else "")
        return line + (f" {nb}|{nb} Lượt xem: {views}" if views is not None else "")
    if style == 1:
        return f"{dmy} {hm}" if hm else dmy
    if style == 2:
        return f"{wd}, {dmy}" + (f" - {hm}" if hm else "")
    if style == 3:
        return (f"Cập nhật lúc {hm}, {wd}, {dmy}" if hm else f"Cập nhật ngày {dmy}")
    if style == 4:
        return f"{hm} | {dmy}" if hm else dmy
    if style == 5:
        if hm and isinstance(p, datetime):
            h12 = p.hour % 12 or 12
            line = f"Publish date {dmy} {h12:02d}:{p.minute:02d} {'PM' if p.hour >= 12 else 'AM'}"
        else:
            line = f"Publish date {dmy}"
        return line + (f" | View count: {views}" if views is not None else "")
    if style == 6:
        if hm and isinstance(p, datetime):
            h12 = p.hour % 12 or 12
            return f"{d.day}/{d.month}/{d.year} {h12}:{p.minute:02d}:{_ri(rng, 0, 59):02d} {'CH' if p.hour >= 12 else 'SA'}"
        return f"{d.day}/{d.month}/{d.year}"
    if style == 7:
        line = f"Ngày {d.day:02d}-{d.month:02d}-{d.year}"
        return line + (f" - Lượt xem: {views}" if views is not None else "")
    if style == 8:
        line = f"Ngày đăng: {dmy}"
        return line + (f" - Số lượt người xem: {views}" if views is not None else "")
    if style == 9:
        if hm and isinstance(p, datetime):
            h12 = p.hour % 12 or 12
            return f"{dmy} - {h12:02d}:{p.minute:02d} {'PM' if p.hour >= 12 else 'AM'}"
        return dmy
    return f"{wd}, {dmy} {hm}" if hm else f"{wd}, {dmy}"


VIEWS_IN_LINE = {0, 5, 7, 8}


def _site_header(rng: random.Random, doc: Doc) -> str:
    pl = doc.place
    prov = pl.province_label
    opts = [f"BÁO {pl.province.upper()}", f"Báo {pl.province} điện tử", f"Cổng thông tin điện tử {prov}",
            f"ĐÀI PHÁT THANH - TRUYỀN HÌNH {pl.province.upper()}", f"Ban Dân vận {_committee(Place(pl.province_level, pl.province, pl.province, pl.province_level))} {pl.province}"]
    if pl.tier == 2 and pl.district and not doc.post2025:
        lvl = pl.level
        opts += [f"Cổng thông tin điện tử {pl.label()} - {pl.district_label} - {prov}",
                 f"{_cap(pl.label())} - {_cap(pl.district_label or '')} - {_cap(prov)}",
                 f"ĐẢNG BỘ {lvl.upper()} {pl.name.upper()}"]
    elif pl.tier == 2:
        opts += [f"Trang thông tin điện tử {pl.label()}", f"Cổng thông tin điện tử {pl.label()} - {prov}"]
    elif pl.tier == 1:
        opts += [f"CỔNG THÔNG TIN ĐIỆN TỬ {pl.level.upper()} {pl.name.upper()} - {prov.upper()}",
                 f"Trang thông tin điện tử {pl.level} {pl.name}"]
    return _pick(rng, opts)


SECTIONS = ["Công tác dân vận", "Hoạt động Mặt trận", "Tin tức - Sự kiện", "Chính trị", "Tin địa phương",
            "Hoạt động của Đảng", "Mặt trận - Đoàn thể", "Xây dựng Đảng", "Thời sự", "Chỉ đạo điều hành", "CÔNG TÁC ĐẢNG",
            "Hoạt động MTTQ và các đoàn thể", "Tin hoạt động"]
CRUMBS = ["Trang chủ > Tin tức - Sự kiện > Mặt trận - Đoàn thể", "Trang chủ » Dân vận", "Tin tức › Chính trị",
          "Trang chủ > Tin tức", "Trang chủ > Tin tức - sự kiện > Hoạt động của Đảng", "Trang chủ › Tin tức › Mặt trận"]
SHARES = ["Chia sẻ Facebook Twitter", "In bài viết | Gửi email", "Chia sẻ bài viết", "Chia sẻ:", "Chia sẻ Facebook"]
FOOTERS = [
    ["Tin liên quan", "{rel1}", "{rel2}"],
    ["Các tin khác", "{rel1}", "{rel2}", "{rel3}"],
    ["Ý kiến bạn đọc"],
    ["Tin cùng chuyên mục", "{rel1}"],
    ["Bình luận", "Tin cùng chuyên mục", "{rel1}"],
    ["BÌNH LUẬN", "Please enter your comment!", "Please enter your name here"],
    ["", "Tìm kiếm theo chuyên mục - nội dung - ngày tháng", "", "Tin Nóng", "Tin tiêu điểm", "", "Lịch công tác trống", "",
     "Website liên kết", "Thống kê truy cập", "Hôm nay: {today}", "Đã truy cập: {total}"],
    ["Các tin tức khác", "danh mục tin tức", "{rel1}"],
    ["Liên kết website", "Số lượt truy cập: {total_dots}"],
]
RELATED = ["Hội nghị Ban Chấp hành Đảng bộ xã tháng {m} năm {y}", "Tập huấn công tác dân vận năm {y}",
           "Ra mắt mô hình “Dân vận khéo” ở khu dân cư", "Sơ kết công tác Mặt trận 6 tháng đầu năm {y}",
           "Tiếp tục triển khai thực hiện “Năm dân vận chính quyền {y}”", "Hội Nông dân tổng kết công tác Hội năm {y}",
           "Đối thoại giữa người đứng đầu cấp ủy với Nhân dân năm {y}"]


def layout(rng: random.Random, doc: Doc) -> str:
    """The bulletin as the raw page text."""
    style = rng.randrange(16)
    title = doc.title
    pub_style = _pick(rng, (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1, 2))
    if style in (1, 6, 7):
        pub = ""  # these layouts write their own date line
    else:
        pub = _pub_line(rng, doc, pub_style)
    head: list[str] = []
    foot_date = False
    if style == 0:  # seed 000
        head = [_pick(rng, SECTIONS), "", title, pub, ""]
    elif style == 1:  # seed 001: font widget, bare views number above a bare date
        head = ["Tăng/Giảm cỡ chữ:  TĂNG+  |  GIẢM- ", title]
        if doc.views is not None:
            head.append(f"\u00a0{doc.views}")
            doc.views_shown = True
        doc_pub_date_only(doc)
        d = doc.published
        head += [f"\u00a0{d.day:02d}/{d.month:02d}/{d.year}"]
    elif style == 2:  # seed 002
        head = [title, "", pub, ""]
    elif style == 3:  # dev 100: breadcrumbs, share line
        head = [_pick(rng, CRUMBS), title, pub, _pick(rng, SHARES), ""]
    elif style == 4:  # site header, section, title, date
        head = [_site_header(rng, doc), _pick(rng, SECTIONS), title, pub, ""]
    elif style == 5:  # date above the title
        head = [_site_header(rng, doc), _pick(rng, SECTIONS), pub, title, ""]
    elif style == 6:  # glued date (f01), the title repeated as a sapo line
        glued = f"{title} {_pub_line(rng, doc, 1)}"
        head = [_site_header(rng, doc), _pick(rng, CRUMBS), glued]
        if rng.random() < 0.6:
            head.append(title)
    elif style == 7:  # date at the foot (f10)
        head = [title, ""]
        foot_date = True
    elif style == 8:  # header, "Chi tiết", blank NBSP line
        head = [_site_header(rng, doc), "Chi tiết", "", "\u00a0", "", title, "", pub, ""]
    elif style == 9:  # seed 004: title, date, NBSP line
        head = [title, "", pub, "", "\u00a0", ""]
    elif style == 10:  # "In bài Đóng" widget above the date, date above the title (dev 156)
        head = [_site_header(rng, doc), "In bài    Đóng", pub, title, ""]
    elif style == 11:  # section in caps, blank lines (seed 003)
        head = ["CÔNG TÁC ĐẢNG", "", title, pub, ""]
    else:
        head = [_site_header(rng, doc), _pick(rng, CRUMBS), title, pub, ""]
    out = list(head)
    # Images right under the header sometimes.
    paras = doc.paragraphs
    img_name = _pick(rng, (f"0/6373829{_ri(rng, 10**9, 10**10 - 1)}.png",
                           f"uploads/{doc.event.year}/{doc.event.month:02d}/{doc.slug[:24]}.jpg",
                           f"images/tin-tuc/{_ri(rng, 1000, 99999)}.jpg"))
    body_lines: list[str] = []
    for i, para in enumerate(paras):
        if i == 1 and doc.captions:
            if rng.random() < 0.3:
                body_lines += [f'[caption id="attachment_{_ri(rng, 100, 9999)}" align="aligncenter" width="800"] '
                               f'{doc.captions[0].rstrip(".")}[/caption]']
            else:
                body_lines += [img_name, "", doc.captions[0], ""]
        if 2 <= i < len(paras) - 1 and rng.random() < 0.03 and len(para) > 240:
            body_lines.append(_hard_wrap(para))
        else:
            body_lines.append(para)
        body_lines.append("")
    out += body_lines
    if doc.byline:
        if doc.byline == "quantri":
            d = doc.published.date() if isinstance(doc.published, datetime) else doc.published
            out.append(f"quantri gửi vào {d.day:02d}/{d.month:02d}/{d.year}")
        else:
            if rng.random() < 0.15:
                out += ["\u00a0", ""]
            out.append(doc.byline)
    if foot_date:
        out.append(_pub_line(rng, doc, _pick(rng, (0, 8, 1))))
    if doc.views is not None and not doc.views_shown:
        out.append(_pick(rng, ("Lượt xem: {v}", "Số lượt xem: {v}", "Lượt xem: {v}")).format(
            v=f"{doc.views:,}".replace(",", ".")))
    if rng.random() < 0.4:
        out.append(_pick(rng, SHARES))
    y = doc.event.year
    footer = _pick(rng, FOOTERS)
    fill = {"rel1": _pick(rng, RELATED).format(m=_ri(rng, 1, 12), y=y), "rel2": _pick(rng, RELATED).format(m=_ri(rng, 1, 12), y=y - 1),
            "rel3": _pick(rng, RELATED).format(m=_ri(rng, 1, 12), y=y), "today": _ri(rng, 50, 3000),
            "total": _ri(rng, 10**5, 10**7), "total_dots": f"{_ri(rng, 10**5, 10**7):,}".replace(",", ".")}
    out += [ln.format(**fill) for ln in footer]
    return "\n".join(out).rstrip("\n") + "\n"


def doc_pub_date_only(doc: Doc) -> None:
    """Seed 001's layout shows only a date: the record's publication is that date."""
    if isinstance(doc.published, datetime):
        doc.published = doc.published.date()


def _hard_wrap(text: str, width: int = 80) -> str:
    """Break a paragraph into lines (only before a lowercase word, as the loader joins those)."""
    out, line = [], ""
    for w in text.split(" "):
        if line and len(line) + 1 + len(w) > width and w[:1].islower():
            out.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    out.append(line)
    return "\n".join(out)


def truth(doc: Doc, file_name: str) -> dict[str, Any]:
    p = doc.published
    pub = p.strftime("%Y-%m-%dT%H:%M") if isinstance(p, datetime) else p.isoformat()
    pl = doc.place
    return {
        "file": file_name, "title": re.sub(r"\s+", " ", doc.title).strip(), "published": pub,
        "event_date": None if doc.kind == "khac" else doc.event.isoformat(),
        "locality": {"level": pl.level, "name": pl.name, "province": pl.province,
                     "district": pl.district_label},
        "meeting_type": LABELS[doc.kind], "period": doc.period if doc.kind in REVIEW else None,
        "author": doc.author, "views": doc.views, "people": [x.name for x in doc.people],
        "post2025": doc.post2025,
    }


def bulletin(seed: int, index: int) -> tuple[str, bytes, dict[str, Any]]:
    """(file name, bytes, truth) of bulletin number ``index``."""
    rng = random.Random(f"danvan-bench:{seed}:{index}")
    doc = compose(rng, index)
    text = layout(rng, doc)
    name = f"b{index:06d}_{doc.slug[:40].rstrip('-')}.txt"
    r = rng.random()
    if r < 0.015:
        text = unicodedata.normalize("NFD", text)
    crlf = rng.random() < 0.08
    bom = rng.random() < 0.06
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    return name, data, truth(doc, name)


def bulletin_doc(seed: int, index: int) -> tuple[str, Doc]:
    """(file stem, the bulletin as composed and laid out) of bulletin number ``index``: what
    ``bulletin`` writes, before it becomes page text (the layout can drop the publication time, as
    the page then shows a date only, so the ``Doc`` is taken after it)."""
    rng = random.Random(f"danvan-bench:{seed}:{index}")
    doc = compose(rng, index)
    layout(rng, doc)
    return f"b{index:06d}_{doc.slug[:40].rstrip('-')}", doc


# --- the same bulletins as a Hugo site (benchmarks/run.py compares with Hugo + Pagefind) -------

_MD_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})
_QUARTER = re.compile(r"^quý (IV|I{1,3}|[1-4])(?:/| năm )(\d{4})$")
_MONTH = re.compile(r"^tháng (\d{1,2})(?:/| năm )(\d{4})$")


def hugo_period(label: str) -> str:
    """One spelling per reporting period ("quý 3/2020", "quý III/2020" -> "quý III năm 2020"),
    as the build keeps one page per date range whatever its spelling."""
    if m := _QUARTER.match(label):
        q = m.group(1)
        return f"quý {ROMAN[int(q) - 1] if q.isdigit() else q} năm {m.group(2)}"
    if m := _MONTH.match(label):
        return f"tháng {int(m.group(1))} năm {m.group(2)}"
    return label


def _yaml(value: str) -> str:
    """A YAML scalar: JSON's double-quoted string is one."""
    return json.dumps(value, ensure_ascii=False)


def _yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(_yaml(v) for v in values) + "]"


def hugo_page(doc: Doc) -> str:
    """A bulletin as a Hugo content file: YAML front matter with the same facts the raw page
    states (title, publication date and time in +07:00, place, meeting type, period, people and
    their roles, author, views) and the bulletin's clean body as Markdown paragraphs."""
    p = doc.published
    if isinstance(p, datetime):
        when = p.strftime("%Y-%m-%dT%H:%M:00+07:00")
    else:
        when = f"{p.isoformat()}T00:00:00+07:00"
    pl = doc.place
    localities: list[str] = []
    if pl.tier == 1:
        localities.append(f"{pl.label()}, {pl.province_label}")
    elif pl.tier == 2:
        if pl.district:
            localities.append(f"{pl.district_label}, {pl.province_label}")
        localities.append(pl.full())
    period = doc.period if doc.kind in REVIEW else None
    title = " ".join(doc.title.split())
    lines = ["---", f"title: {_yaml(title)}", f"date: {when}",
             f"provinces: {_yaml_list([pl.province_label])}", f"localities: {_yaml_list(localities)}",
             f"types: {_yaml_list([LABELS[doc.kind]])}", f"people: {_yaml_list([x.name for x in doc.people])}",
             f"roles: {_yaml_list([x.role for x in doc.people])}",
             f"periods: {_yaml_list([hugo_period(period)] if period else [])}"]
    if doc.kind != "khac":
        lines.append(f"event: {doc.event.isoformat()}")
    if doc.author:
        lines.append(f"author: {_yaml(doc.author)}")
    if doc.views is not None:
        lines.append(f"views: {doc.views}")
    lines += ["---", ""]
    body = "\n\n".join(para.translate(_MD_ESCAPE) for para in doc.paragraphs)
    return "\n".join(lines) + "\n" + body + "\n"


HUGO_CONFIG = """\
# Written by benchmarks/generate.py --hugo: the benchmark's Hugo site (see benchmarks/README.md).
baseURL = "/"
# languageCode was renamed locale in Hugo 0.158 (the old key still works, with a warning).
locale = "vi"
defaultContentLanguage = "vi"
title = "Lưu trữ tin dân vận"
theme = "bench"
timeZone = "Asia/Ho_Chi_Minh"
# Links relative to the page and one folder with an index.html per page, like danvan-site's output.
relativeURLs = true
uglyURLs = false
# ASCII addresses for Vietnamese terms ("xa-vu-muon"), as danvan-site writes them.
removePathAccents = true
# Term names as written ("xã Vũ Muộn", "sơ kết"), not in title case.
capitalizeListTitles = false
# The bulletins run to December 2025: build them whatever the machine's clock says.
buildFuture = true
# Every kind of page (home, section, taxonomy, term, page, RSS, sitemap, robots.txt, 404).
disableKinds = []
enableRobotsTXT = true

[params]
description = "Bản tin công tác dân vận, Mặt trận Tổ quốc và các đoàn thể ở cơ sở"

# 20 bulletins a list page, as danvan-site's page_size.
[pagination]
pagerSize = 20

# 50 entries a feed, as danvan-site's feed_size.
[services.rss]
limit = 50

# Feeds where danvan-site has them: the home page, all bulletins, and every place and meeting
# type (term pages; people and periods are left without one in their _index.md, by cascade).
# Hugo's default would add a feed to every taxonomy page and to every person and period.
[outputs]
home = ["html", "rss"]
section = ["html", "rss"]
taxonomy = ["html"]
term = ["html", "rss"]

[taxonomies]
province = "provinces"
locality = "localities"
meetingtype = "types"
person = "people"
period = "periods"
"""

HUGO_INDEXES = {  # content/<path>/_index.md: the titles of the home, section and taxonomy pages
    "": "Lưu trữ tin dân vận",
    "posts": "Tất cả bản tin",
    "provinces": "Tỉnh, thành phố",
    "localities": "Địa phương",
    "types": "Loại hội nghị",
    "people": "Người được nhắc đến",
    "periods": "Kỳ báo cáo",
}

HUGO_THEME = {
    "theme.toml": 'name = "bench"\ndescription = "danvan-site benchmark theme (written by benchmarks/generate.py)"\n',
    "layouts/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.Language.Locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ if .IsPage }}{{ .Summary | plainify | truncate 300 }}{{ else }}{{ site.Params.description }}{{ end }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ .RelPermalink }}">
{{ end -}}
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header class="site-header"><div class="wrap">
<p class="site-title"><a href="{{ "/" | relURL }}">{{ site.Title }}</a></p>
<nav class="site-nav" aria-label="Mục chính"><ul>
<li><a href="{{ "/" | relURL }}">Trang chủ</a></li>
<li><a href="{{ "/posts/" | relURL }}">Tất cả bản tin</a></li>
<li><a href="{{ "/provinces/" | relURL }}">Tỉnh, thành phố</a></li>
<li><a href="{{ "/localities/" | relURL }}">Địa phương</a></li>
<li><a href="{{ "/types/" | relURL }}">Loại hội nghị</a></li>
<li><a href="{{ "/people/" | relURL }}">Người được nhắc đến</a></li>
<li><a href="{{ "/periods/" | relURL }}">Kỳ báo cáo</a></li>
</ul></nav>
</div></header>
{{ if not .IsHome }}<nav class="breadcrumbs" aria-label="Đường dẫn"><ol>
{{- range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end -}}
<li aria-current="page">{{ .LinkTitle }}</li></ol></nav>{{ end }}
<main id="noi-dung" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><div class="wrap">
<p>{{ site.Title }} – {{ site.Params.description }}</p>
</div></footer>
</body>
</html>
""",
    "layouts/single.html": """\
{{ define "main" }}
<article class="bulletin" data-pagefind-body>
<h1>{{ .Title }}</h1>
<dl class="facts">
<div><dt>Ngày đăng</dt><dd><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "02/01/2006 15:04" }}</time></dd></div>
{{ with .Params.event }}<div><dt>Ngày diễn ra</dt><dd>{{ (time.AsTime .).Format "02/01/2006" }}</dd></div>{{ end }}
<div><dt>Địa phương</dt><dd>
{{- range .GetTerms "localities" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>; {{ end -}}
{{- range .GetTerms "provinces" }}<a href="{{ .RelPermalink }}" data-pagefind-filter="tinh">{{ .LinkTitle }}</a>{{ end -}}
</dd></div>
<div><dt>Loại hội nghị</dt><dd>{{ range .GetTerms "types" }}<a href="{{ .RelPermalink }}" data-pagefind-filter="loai">{{ .LinkTitle }}</a>{{ end }}</dd></div>
{{ with .GetTerms "periods" }}<div><dt>Kỳ báo cáo</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd></div>{{ end }}
{{ with .Params.views }}<div><dt>Lượt xem</dt><dd>{{ lang.FormatNumberCustom 0 . }}</dd></div>{{ end }}
</dl>
<span hidden data-pagefind-filter="nam">{{ .Date.Year }}</span>
<span hidden data-pagefind-sort="ngay">{{ .Date.Format "2006-01-02T15:04" }}</span>
<div class="bulletin-body">
{{ .Content }}
</div>
{{ with .Params.author }}<p class="byline" data-pagefind-ignore><span class="label">Tác giả:</span> {{ . }}</p>{{ end }}
{{ with .GetTerms "people" }}<section class="people"><h2>Người được nhắc đến</h2><ul>
{{- range $i, $t := . }}<li><a href="{{ $t.RelPermalink }}">{{ $t.LinkTitle }}</a>{{ with index $.Params.roles $i }} – {{ . }}{{ end }}</li>{{ end -}}
</ul></section>{{ end }}
</article>
<nav class="prev-next" aria-label="Bản tin khác">
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">‹ {{ .LinkTitle }}</a>{{ end }}
{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .LinkTitle }} ›</a>{{ end }}
</nav>
{{ end }}
""",
    "layouts/_partials/articles.html": """\
{{ $pager := .Paginator }}
<ol class="articles">
{{ range $pager.Pages }}
<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "02/01/2006" }}</time>
{{- range last 1 (.GetTerms "localities") }} · {{ .LinkTitle }}{{ else }}{{ range .GetTerms "provinces" }} · {{ .LinkTitle }}{{ end }}{{ end -}}
{{- range .GetTerms "types" }} · {{ .LinkTitle }}{{ end }}</p>
<p class="summary">{{ .Summary | plainify | truncate 300 }}</p></li>
{{ end }}
</ol>
{{ if gt $pager.TotalPages 1 }}<nav class="pager" aria-label="Trang">
{{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">‹ Trang trước</a>{{ end }}
<span>Trang {{ $pager.PageNumber }}/{{ $pager.TotalPages }}</span>
{{ with $pager.Next }}<a rel="next" href="{{ .URL }}">Trang sau ›</a>{{ end }}
</nav>{{ end }}
""",
    "layouts/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}{{ if gt .Paginator.PageNumber 1 }} <span class="page-no">– Trang {{ .Paginator.PageNumber }}</span>{{ end }}</h1>
<p class="count">{{ len .Pages }} bản tin</p>
{{ partial "articles.html" . }}
{{ end }}
""",
    "layouts/term.html": """\
{{ define "main" }}
<h1>{{ .Title }}{{ if gt .Paginator.PageNumber 1 }} <span class="page-no">– Trang {{ .Paginator.PageNumber }}</span>{{ end }}</h1>
<p class="count">{{ len .Pages }} bản tin</p>
{{ partial "articles.html" . }}
{{ end }}
""",
    "layouts/taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p class="count">{{ len .Data.Terms }} mục</p>
<ul class="terms">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="n">({{ .Count }})</span></li>
{{ end }}
</ul>
{{ end }}
""",
    "layouts/home.html": """\
{{ define "main" }}
{{ $posts := where site.RegularPages "Section" "posts" }}
<h1>{{ site.Title }}</h1>
<p class="lead">{{ site.Params.description }}: {{ len $posts }} bản tin.</p>
<h2>Bản tin mới nhất</h2>
<ol class="articles">
{{ range first 10 $posts }}
<li><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "02/01/2006" }}</time>{{ range .GetTerms "types" }} · {{ .LinkTitle }}{{ end }}</p>
<p class="summary">{{ .Summary | plainify | truncate 300 }}</p></li>
{{ end }}
</ol>
<h2>Tra cứu</h2>
<ul class="lookups">
{{ range $name, $terms := site.Taxonomies }}{{ with site.GetPage (printf "/%s" $name) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len $terms }})</li>{{ end }}
{{ end }}
</ul>
{{ end }}
""",
    "layouts/404.html": """\
{{ define "main" }}
<h1>Không tìm thấy trang</h1>
<p><a href="{{ "/" | relURL }}">Về trang chủ</a></p>
{{ end }}
""",
    "static/style.css": """\
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#222}
.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
.site-header{background:#8b0000;color:#fff}.site-header a{color:#fff}
.site-nav ul,.breadcrumbs ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.breadcrumbs{max-width:60rem;margin:.5rem auto;padding:0 1rem;font-size:.9rem}
.facts div{display:flex;gap:1rem}.facts dt{font-weight:600;min-width:9rem}
.articles{list-style:none;padding:0}.articles h2,.articles h3{font-size:1.1rem;margin:.75rem 0 .25rem}
.meta,.count,.n{color:#666;font-size:.9rem}
.pager,.prev-next{display:flex;justify-content:space-between;margin:1rem 0}
.site-footer{border-top:1px solid #ddd;margin-top:2rem;color:#666}
""",
}


HUGO_NO_FEED = {"people", "periods"}  # term pages without an RSS feed (cascade in their _index.md)


def write_hugo_site(out_dir: Path) -> None:
    """The fixed part of the benchmark's Hugo site: hugo.toml, the ``bench`` theme and the
    ``_index.md`` files of the home, section and taxonomy pages."""
    (out_dir / "content" / "posts").mkdir(parents=True, exist_ok=True)
    (out_dir / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    theme = out_dir / "themes" / "bench"
    for rel, text in HUGO_THEME.items():
        path = theme / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, title in HUGO_INDEXES.items():
        folder = out_dir / "content" / rel
        folder.mkdir(parents=True, exist_ok=True)
        cascade = "cascade:\n  - outputs: [html]\n" if rel in HUGO_NO_FEED else ""
        (folder / "_index.md").write_text(f"---\ntitle: {_yaml(title)}\n{cascade}---\n", encoding="utf-8")


def _write_hugo_range(task: tuple[int, int, int, str]) -> int:
    seed, lo, hi, out = task
    folder = Path(out) / "content" / "posts"
    for i in range(lo, hi):
        stem, doc = bulletin_doc(seed, i)
        (folder / f"{stem}.md").write_bytes(hugo_page(doc).encode("utf-8"))
    return hi - lo


def generate_hugo(n: int, out_dir: Path, seed: int = 1, start: int = 0, jobs: int | None = None) -> int:
    """Write bulletins ``start``..``start + n - 1`` as the Hugo site ``out_dir``:
    ``content/posts/<stem>.md`` (the stem of the raw file ``generate`` writes for the same
    number and seed), hugo.toml and the theme ``themes/bench``. Returns how many bulletins."""
    write_hugo_site(out_dir)
    places()
    jobs = jobs or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
    chunk = 500
    tasks = [(seed, lo, min(lo + chunk, start + n), str(out_dir)) for lo in range(start, start + n, chunk)]
    if jobs > 1 and len(tasks) > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(min(jobs, len(tasks)), _worker_start) as pool:
            for _ in pool.imap(_write_hugo_range, tasks):
                pass
    else:
        for task in tasks:
            _write_hugo_range(task)
    return n


def _write_range(task: tuple[int, int, int, str]) -> list[str]:
    """Write bulletins ``lo``..``hi - 1``; their truth records as JSON lines."""
    seed, lo, hi, out = task
    folder = Path(out)
    records = []
    for i in range(lo, hi):
        name, data, rec = bulletin(seed, i)
        (folder / name).write_bytes(data)
        records.append(json.dumps(rec, ensure_ascii=False, sort_keys=True))
    return records


def _worker_start() -> None:
    """Workers take the default signal handlers: a handler the caller installed (run.py unwinds
    on SIGTERM) would otherwise run in each worker when the pool ends them."""
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, signal.SIG_DFL)


def generate(n: int, out_dir: Path, seed: int = 1, start: int = 0, truth_file: Path | None = None,
             jobs: int | None = None) -> int:
    """Write bulletins ``start``..``start + n - 1`` into ``out_dir``; returns how many. Files are
    the same whatever the number of jobs (each depends on the seed and its number only)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    places()  # loaded once, before any worker starts (forked workers share it)
    jobs = jobs or len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (jobs or os.cpu_count() or 1)
    chunk = 500
    tasks = [(seed, lo, min(lo + chunk, start + n), str(out_dir)) for lo in range(start, start + n, chunk)]
    tf = truth_file.open("w", encoding="utf-8") if truth_file else None
    try:
        if jobs > 1 and len(tasks) > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(min(jobs, len(tasks)), _worker_start) as pool:
                results = pool.imap(_write_range, tasks)
                for records in results:
                    if tf:
                        tf.write("".join(r + "\n" for r in records))
        else:
            for task in tasks:
                records = _write_range(task)
                if tf:
                    tf.write("".join(r + "\n" for r in records))
    finally:
        if tf:
            tf.close()
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of bulletins")
    ap.add_argument("out_dir", type=Path, nargs="?", default=None,
                    help="folder to write them into (created; existing files of the same name are replaced); "
                         "may be left out with --hugo")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--start", type=int, default=0, help="number of the first bulletin (default 0)")
    ap.add_argument("--truth", type=Path, default=None, help="write what each file states to this JSON-lines file")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: the number of cores)")
    ap.add_argument("--hugo", type=Path, default=None, metavar="DIR",
                    help="also (or only) write the same bulletins as a Hugo site in DIR: content/posts/<stem>.md, "
                         "hugo.toml and the theme themes/bench")
    args = ap.parse_args(argv)
    if args.out_dir is None and args.hugo is None:
        ap.error("give OUT_DIR, --hugo DIR or both")
    if args.out_dir is None and args.truth is not None:
        ap.error("--truth needs OUT_DIR")
    if args.out_dir is not None:
        t0 = time.perf_counter()
        count = generate(args.n, args.out_dir, args.seed, args.start, args.truth, args.jobs)
        print(f"{count} bulletins written into {args.out_dir}/ in {time.perf_counter() - t0:.2f} s")
    if args.hugo is not None:
        t0 = time.perf_counter()
        count = generate_hugo(args.n, args.hugo, args.seed, args.start, args.jobs)
        print(f"{count} bulletins written as a Hugo site into {args.hugo}/ in {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
