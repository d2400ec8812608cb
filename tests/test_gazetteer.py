"""The gazetteers: legacy units (vietnam-provinces) and units from July 2025 (vietnamadminunits)."""
from __future__ import annotations

import pytest

from danvan_site import gazetteer as gz


@pytest.mark.parametrize("name, level, expected", [
    ("Gia Thụy", "phường", [("Long Biên", "Hà Nội", "00130")]),
    ("Đống Đa", "quận", [(None, "Hà Nội", "006")]),
    ("Quận 1", "quận", []),  # the name is "1"
    ("1", "quận", [(None, "Hồ Chí Minh", "760")]),
    ("Vị Thuỷ", "huyện", [(None, "Hậu Giang", "935")]),  # old tone placement finds "Vị Thủy"
    ("Hoàng Tân", "xã", [("Quảng Yên", "Quảng Ninh", "07156")]),
])
def test_find(name, level, expected):
    assert [(u.district, u.province, u.code) for u in gz.load().find(name, level)] == expected


def test_ambiguous_names_need_their_parents():
    g = gz.load()
    candidates = g.find("8", "phường")
    assert len(candidates) > 10
    assert gz.disambiguate(candidates, gz.key("UBND PHƯỜNG 8 - THÀNH PHỐ TUY HÒA - TỈNH PHÚ YÊN")).province == "Phú Yên"
    assert gz.disambiguate(candidates, gz.key("Ủy ban MTTQ phường 8 tổ chức hội nghị")) is None
    minh_duc = g.find("Minh Đức", "xã")
    assert len(minh_duc) > 1
    unit = gz.disambiguate(minh_duc, gz.key("xã Minh Đức - huyện Hớn Quản - tỉnh Bình Phước"))
    assert (unit.district, unit.province) == ("Hớn Quản", "Bình Phước")


def test_units_from_2025_and_successors():
    g2 = gz.load_2025()
    assert g2 is not None
    assert [(u.level, u.province) for u in g2.find("Phạm Sư Mạnh")] == [("phường", "Hải Phòng")]
    assert [(u.level, u.province) for u in g2.find("Thủ Dầu Một", "phường")] == [("phường", "Hồ Chí Minh")]
    assert len([u for u in g2.units if u.tier == 0]) == 34
    assert gz.successors("00130") == ["phường Bồ Đề, Hà Nội", "phường Long Biên, Hà Nội", "phường Việt Hưng, Hà Nội"]
    assert gz.successors("07156") == ["phường Hà An, Quảng Ninh"]
    assert gz.successors(None) == []


def test_units_of_some_levels_are_those_of_every_level_kept_at_those():
    """``find_units(text, levels)`` scans with patterns that hold only the words able to meet
    those levels' (``places._unit_res``); it gives what the scan with every word gives, kept at
    those levels, on texts drawn from every level and committee word (any case, with and
    without a dot, run together or apart), "ủy", "đoàn", names, digits and punctuation."""
    import random

    from danvan_site.extract.places import _vocab, find_units

    v = _vocab()
    pieces = [*v.levels, *v.committees, "ủy", "uỷ", "đoàn", "kết", "Hà Nội", "Cần Thơ", "Pleiku", "Gia Lai", "Bến Cát",
              "Sơn", "7", "06", "tháng", "TP.HCM", "x"]
    joins = [" ", " ", " ", "", ", ", ". ", " - ", "\n", "."]
    rng = random.Random(12)
    texts = []
    for _ in range(3000):
        words = [rng.choice(pieces) for _ in range(rng.randrange(1, 9))]
        words = [w.upper() if rng.random() < 0.15 else w.title() if rng.random() < 0.2 else w for w in words]
        texts.append("".join(w + rng.choice(joins) for w in words))
    all_levels = sorted(set(v.levels.values()) | set(v.committees.values()))
    for levels in [("tỉnh", "thành phố"), *((lv,) for lv in all_levels), ("phường", "thị trấn"), ("xã", "huyện")]:
        for text in texts:
            every = [m for m in find_units(text) if m.level in levels]
            assert find_units(text, levels) == every, (levels, text)
