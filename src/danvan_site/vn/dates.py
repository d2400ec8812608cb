"""Dates written the way Vietnamese portals write them: day first, "Thứ Năm, 15/07/2021"."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from danvan_site.core.errors import ConfigError

__all__ = [
    "WEEKDAYS",
    "weekday_name",
    "format_date",
    "format_long",
    "format_time",
    "format_datetime",
    "format_published",
    "month_label",
    "month_label_long",
    "resolve_timezone",
]

# date.weekday(): Monday is 0.
WEEKDAYS: tuple[str, ...] = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

_VIETNAM = timezone(timedelta(hours=7), "+07")
_VIETNAM_NAMES = {"asia/ho_chi_minh", "asia/saigon", "+07:00", "utc+7", "utc+07:00"}


def resolve_timezone(name: str) -> tzinfo:
    """The time zone named in the settings; Vietnam's fixed +07:00 works without tz data."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name.strip().lower() in _VIETNAM_NAMES:
            return _VIETNAM
        raise ConfigError(
            f"timezone '{name}' is not a known time zone name (for Vietnam use Asia/Ho_Chi_Minh)."
        ) from None


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def weekday_name(value: date | datetime) -> str:
    """"Thứ Hai" … "Thứ Bảy", "Chủ Nhật"."""
    return WEEKDAYS[_day(value).weekday()]


def format_date(value: date | datetime) -> str:
    """15/07/2021."""
    d = _day(value)
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_long(value: date | datetime) -> str:
    """Thứ Năm, 15/07/2021."""
    return f"{weekday_name(value)}, {format_date(value)}"


def _local(value: datetime, tz: tzinfo | None) -> datetime:
    if tz is not None and value.tzinfo is not None:
        return value.astimezone(tz)
    return value


def format_time(value: datetime, tz: tzinfo | None = None) -> str:
    """10:09 (24-hour clock)."""
    value = _local(value, tz)
    return f"{value.hour:02d}:{value.minute:02d}"


def format_datetime(value: datetime, tz: tzinfo | None = None) -> str:
    """10:09, Thứ Sáu, 16/07/2021. An aware time is shown in ``tz`` when one is given."""
    value = _local(value, tz)
    return f"{format_time(value)}, {format_long(value)}"


def format_published(value: date | datetime | None, tz: tzinfo | None = None) -> str:
    """A publication stamp: with its time when there is one, else the long date; "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, tz)
    return format_long(value)


def month_label(year: int, month: int) -> str:
    """Tháng 7/2021."""
    return f"Tháng {month}/{year}"


def month_label_long(year: int, month: int) -> str:
    """tháng 7 năm 2021 (for running text)."""
    return f"tháng {month} năm {year}"
