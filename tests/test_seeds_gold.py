"""Every field of every seed bulletin, as ../shared/seeds/gold.yaml gives it (copied to tests/data)."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from danvan_site.dev.evaluate import FIELDS, actual_values, evaluate
from danvan_site.vn.text import collapse, tone_key

GOLD = yaml.safe_load((Path(__file__).parent / "data" / "seeds_gold.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("fname", sorted(GOLD))
def test_seed_every_field(fname, seed_articles):
    exp = GOLD[fname]
    art = seed_articles[fname]
    act = actual_values(art)
    assert act["title"] == exp["title"]
    assert act["published"] == str(exp["published"])[:16]
    assert act["event_date"] == exp["event_date"]
    assert art.locality.level == exp["locality_level"]
    assert art.locality.name == exp["locality_name"]
    assert art.locality.province == exp["province"]
    assert art.meeting_type.label == exp["meeting_type"]
    assert (art.period.label if art.period else None) == exp["period"]
    assert (art.author.name if art.author else None) == exp["author"]
    assert art.views == exp["views"]
    assert [tone_key(p.name) for p in art.people] == [tone_key(p) for p in exp["people"]]
    assert act["body_first"] == exp["body_first"]
    assert act["body_last"] == exp["body_last"]
    body = {collapse(p) for p in art.body}
    for line in exp["chrome"]:
        assert collapse(line) not in body


def test_seed_extras(seed_articles):
    """Fields beyond the gold file, checked on the seeds by hand."""
    a = seed_articles["000_889518c93afc39ce.txt"]
    assert a.published == datetime.fromisoformat("2021-07-16T10:09:00+07:00")
    assert a.time_of_day == "chiều"
    assert a.section == "Công tác đảng"
    assert a.organizer == "Đảng ủy phường Gia Thụy"
    assert a.locality.district == "quận Long Biên" and a.locality.code == "00130"
    assert a.people[0].roles == ["Phó Bí thư thường trực Đảng ủy", "Phó trưởng Ban chỉ đạo QCDC", "Trưởng khối Dân vận"]
    assert a.author is not None and a.author.role == "Cán bộ Văn phòng ĐU"
    assert a.period is not None and (a.period.start, a.period.end) == (date(2021, 1, 1), date(2021, 6, 30))
    b = seed_articles["001_fbc40ca82c7a5395.txt"]
    assert b.published == date(2020, 10, 14)
    assert [(i.src, i.caption) for i in b.images] == [("0/637382914550614577446.png", "Quang cảnh Hội nghị")]
    assert b.organizer == "Ban Dân vận Huyện ủy"
    assert b.period is not None and (b.period.start, b.period.end) == (date(2020, 7, 1), date(2020, 9, 30))
    c = seed_articles["002_3766498ac55aaad5.txt"]
    assert [i.caption for i in c.images] == [
        "Quang cảnh hội nghị.", "Đồng chí Phạm Lê Hưng, Phó Bí thư Thường trực Thị ủy phát biểu kết luận hội nghị."]
    assert c.organizer == "Thường trực Thị ủy"
    assert c.people[1].roles == ["Phó Chủ tịch HĐND thị xã"]
    d = seed_articles["003_9d20f8220b7ddb70.txt"]
    assert d.time_of_day == "chiều"
    assert d.author is not None and d.author.role == "Chủ tịch Hội CCB"
    assert d.locality.district == "quận Long Biên"
    e = seed_articles["004_63b62a890c848497.txt"]
    assert e.published == datetime.fromisoformat("2023-07-12T13:01:00+07:00")
    assert e.organizer == "Ban thường vụ Quận uỷ Đống Đa"
    assert [p.name for p in e.people] == ["Đinh Trường Thọ", "Nguyễn Anh Cường", "Lê Tuấn Định"]
    for art in seed_articles.values():
        assert art.sha256 and len(art.sha256) == 64
        assert art.word_count > 100
        assert art.summary == collapse(art.body[0])


def test_seeds_evaluate_to_full_marks(seed_articles):
    report = evaluate(GOLD, seed_articles)
    assert report.overall() == 1.0, report.format()
    assert set(report.fields) == set(FIELDS)
