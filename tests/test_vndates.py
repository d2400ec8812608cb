"""Vietnamese date formatting."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from danvan_site.core.errors import ConfigError
from danvan_site.vn.dates import (
    format_date,
    format_datetime,
    format_long,
    format_published,
    month_label,
    month_label_long,
    resolve_timezone,
    weekday_name,
)

VN = timezone(timedelta(hours=7))


def test_format_date_is_day_first_with_zeros() -> None:
    assert format_date(date(2021, 7, 15)) == "15/07/2021"
    assert format_date(date(2020, 10, 8)) == "08/10/2020"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2021, 7, 12), "Thứ Hai, 12/07/2021"),
        (date(2021, 7, 13), "Thứ Ba, 13/07/2021"),
        (date(2021, 7, 14), "Thứ Tư, 14/07/2021"),
        (date(2021, 7, 15), "Thứ Năm, 15/07/2021"),
        (date(2021, 7, 16), "Thứ Sáu, 16/07/2021"),
        (date(2021, 7, 17), "Thứ Bảy, 17/07/2021"),
        (date(2021, 7, 18), "Chủ Nhật, 18/07/2021"),
    ],
)
def test_format_long_names_every_weekday(day: date, expected: str) -> None:
    assert format_long(day) == expected


def test_format_datetime() -> None:
    assert format_datetime(datetime(2021, 7, 16, 10, 9, tzinfo=VN)) == "10:09, Thứ Sáu, 16/07/2021"


def test_format_datetime_converts_to_the_site_time_zone() -> None:
    utc = datetime(2021, 7, 16, 20, 30, tzinfo=timezone.utc)  # 03:30 next day in Vietnam
    assert format_datetime(utc, resolve_timezone("Asia/Ho_Chi_Minh")) == "03:30, Thứ Bảy, 17/07/2021"


def test_format_published_dispatches_on_type() -> None:
    assert format_published(date(2020, 10, 14)) == "Thứ Tư, 14/10/2020"
    assert format_published(datetime(2022, 6, 22, 19, 38, tzinfo=VN)) == "19:38, Thứ Tư, 22/06/2022"
    assert format_published(None) == ""


def test_month_labels() -> None:
    assert month_label(2021, 7) == "Tháng 7/2021"
    assert month_label_long(2021, 7) == "tháng 7 năm 2021"
    assert weekday_name(datetime(2023, 7, 12, 13, 1)) == "Thứ Tư"


def test_unknown_time_zone_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="Nowhere/Atlantis"):
        resolve_timezone("Nowhere/Atlantis")
