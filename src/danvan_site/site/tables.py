"""Report tables (*bảng số liệu theo kỳ*): bulletins counted by period × meeting type × place.

An officer writing the six-month report needs "in the first six months: 12 conferences, 4
dialogues, 3 trainings". This module gives those counts as ``api/thong-ke/*.csv`` files and as
the tables of the statistics page.

What a period is. A bulletin is counted in the period **in which its meeting took place**: its
event date (``event_date``), or its publication date when the text gives no event date. Every
dated bulletin is counted once in its quarter (*quý*), once in its half-year (*6 tháng đầu /
cuối năm*) and once in its year, whether or not the text names a reporting period. The reporting
period a bulletin names (``Article.period``, "sơ kết 6 tháng đầu năm 2021") is the period the
meeting *reviewed*, not the one it was held in: a review of the first six months is held in July
and belongs to the second half's activity. Those stated periods are counted too, in a table of
their own (kind ``ky-bao-cao``), where bulletins that name none are counted under "Không ghi kỳ
báo cáo". Bulletins with no date at all are counted under "Chưa rõ ngày" in the CSV files, so
that every file adds up to the number of bulletins; the page leaves them out and says how many.

What is counted: the bulletins with a page of their own (``Archive.articles``: a merged duplicate
is counted once, with its primary). A bulletin is counted at its own place, the most precise one
known (a ward's bulletin is not counted again for its district): summing the rows of a period
gives its total, and a district's figure is the sum of its rows (filter the CSV on the district).

Order: periods from the oldest (CSV) or newest (page) first; places in the order of the place
index (provinces in Vietnamese alphabetical order, ``sort_key``, then "province not known" and
"place not stated"; within a province its districts, each followed by its communes and wards);
meeting types in the order of the vocabulary.

CSV files are written as ``site/exports.py`` writes ``articles.csv``: UTF-8 with a byte-order
mark (Excel), CRLF line ends, a text cell that could run as a formula gets a leading ``'``.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from danvan_site.archive.groups import Archive, Node, capfirst
from danvan_site.core import i18n
from danvan_site.core.models import Article
from danvan_site.site.exports import csv_cell
from danvan_site.vn.dates import format_date

__all__ = [
    "KINDS",
    "CALENDAR_KINDS",
    "CSV_FOLDER",
    "LONG_CSV",
    "RECENT",
    "MAX_PAGE_ROWS",
    "UNDATED",
    "NO_STATED_PERIOD",
    "ReportPeriod",
    "PlaceRow",
    "Column",
    "CountRow",
    "CountTable",
    "PeriodTable",
    "PeriodGroup",
    "ReportTables",
    "event_day",
    "calendar_period",
    "period_of",
    "count_table",
    "counted_inputs",
    "table_csv",
    "long_csv",
    "report_csvs",
    "period_tables",
    "stats_context",
    "csv_paths",
    "summary_sentence",
    "COUNTED_AS",
]

# kind -> (what the page and files call it, file name under api/thong-ke/)
KINDS: dict[str, tuple[str, str]] = {
    "quy": ("Theo quý", "theo-quy.csv"),
    "6-thang": ("Theo 6 tháng", "theo-6-thang.csv"),
    "nam": ("Theo năm", "theo-nam.csv"),
    "ky-bao-cao": ("Theo kỳ báo cáo ghi trong bản tin", "theo-ky-bao-cao.csv"),
}
CALENDAR_KINDS: tuple[str, ...] = ("quy", "6-thang", "nam")
CSV_FOLDER = "api/thong-ke/"
LONG_CSV = "so-lieu.csv"  # every kind in one file, one row per period × place × meeting type
# How many of the latest periods (with at least one bulletin) the statistics page shows a table for.
RECENT: dict[str, int] = {"quy": 4, "6-thang": 2, "nam": 2}
# A period table of the page with more places than this counts by province instead.
MAX_PAGE_ROWS = 25

_ROMAN = ("I", "II", "III", "IV")
_KIND_NAMES = {"quy": "Quý", "6-thang": "6 tháng", "nam": "Năm", "ky-bao-cao": "Kỳ báo cáo ghi trong bản tin"}


@dataclass(frozen=True)
class ReportPeriod:
    """One period of one kind. ``start``/``end`` are None for the "no period" buckets."""

    kind: str  # "quy" | "6-thang" | "nam" | "ky-bao-cao"
    key: str  # "2021-q1", "2021-h1", "2021", "2021-01-01_2021-06-30"; "" for the bucket
    label: str  # "Quý I/2021", "6 tháng đầu năm 2021", "Năm 2021", a stated label
    start: date | None
    end: date | None

    @property
    def anchor(self) -> str:
        """Its id on the statistics page: "ky-2021-q1", "ky-2021-h1", "ky-2021"."""
        return f"ky-{self.key}" if self.key else f"ky-{self.kind}-khong-ro"

    @property
    def span(self) -> str:
        """"01/01/2021 – 30/06/2021", or "" for a bucket."""
        if self.start is None or self.end is None:
            return ""
        return f"{format_date(self.start)} – {format_date(self.end)}"

    def order(self) -> tuple:
        """Oldest first; on one start the longer period first; the bucket last."""
        if self.start is None or self.end is None:
            return (1, 0, 0, self.key)
        return (0, self.start.toordinal(), -self.end.toordinal(), self.key)


UNDATED = "Chưa rõ ngày"
NO_STATED_PERIOD = "Không ghi kỳ báo cáo"


def event_day(article: Article) -> date | None:
    """The day a bulletin is counted under: the event's date, else the publication date."""
    return article.event_date or article.published_date


def calendar_period(day: date, kind: str) -> ReportPeriod:
    """The quarter, half-year or year of ``day``."""
    year = day.year
    if kind == "quy":
        q = (day.month - 1) // 3
        start = date(year, 3 * q + 1, 1)
        end = date(year + 1, 1, 1) if q == 3 else date(year, 3 * q + 4, 1)
        return ReportPeriod(kind, f"{year}-q{q + 1}", f"Quý {_ROMAN[q]}/{year}", start,
                            date.fromordinal(end.toordinal() - 1))
    if kind == "6-thang":
        if day.month <= 6:
            return ReportPeriod(kind, f"{year}-h1", f"6 tháng đầu năm {year}", date(year, 1, 1), date(year, 6, 30))
        return ReportPeriod(kind, f"{year}-h2", f"6 tháng cuối năm {year}", date(year, 7, 1), date(year, 12, 31))
    if kind == "nam":
        return ReportPeriod(kind, str(year), f"Năm {year}", date(year, 1, 1), date(year, 12, 31))
    raise ValueError(f"not a calendar period kind: {kind!r}")


def period_of(article: Article, kind: str, archive: Archive | None = None) -> ReportPeriod:
    """The period ``article`` is counted in, for ``kind``; the "Chưa rõ ngày" or "Không ghi kỳ
    báo cáo" bucket when it has none. With ``archive``, a stated period is labelled as its page
    on the site is (the most used spelling of that date range)."""
    if kind in CALENDAR_KINDS:
        day = event_day(article)
        if day is None:
            return ReportPeriod(kind, "", UNDATED, None, None)
        return calendar_period(day, kind)
    if kind != "ky-bao-cao":
        raise ValueError(f"unknown period kind: {kind!r}")
    period = article.period
    label = " ".join(period.label.split()) if period else ""
    if period is None or not label:
        return ReportPeriod(kind, "", NO_STATED_PERIOD, None, None)
    node = archive.period_of.get(article.id) if archive is not None else None
    if node is not None:
        label = node.label
    return ReportPeriod(kind, f"{period.start.isoformat()}_{period.end.isoformat()}", label, period.start,
                        period.end)


# --- places -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceRow:
    """A place as the tables show it: the three columns of the CSV and one label for the page."""

    order: int  # position in the place index
    province: str  # "Hà Nội", "Chưa rõ tỉnh, thành phố", "Chưa xác định"
    district: str  # "Quận Long Biên", or "" (not below a district / not known)
    commune: str  # "Phường Gia Thụy", or ""
    label: str  # "Phường Gia Thụy, Quận Long Biên, Hà Nội"
    url: str | None  # the place's page


def _place_rows(archive: Archive) -> dict[int, PlaceRow]:
    """Every node of the place index (by ``id``) as a row, in the index's order."""
    rows: dict[int, PlaceRow] = {}
    for order, node in enumerate(archive.localities.walk()):
        if node.kind == "root":
            continue
        trail = [n for n in node.trail() if n.kind != "root"]
        province = trail[0].label if trail else ""
        district = next((n.label for n in trail if n.kind == "district"), "")
        commune = next((n.label for n in trail if n.kind == "unit"), "")
        label = node.description if node.kind in ("district", "unit") and node.description else node.label
        rows[id(node)] = PlaceRow(order, province, district, commune, label, node.url or None)
    return rows


def _top_node(node: Node) -> Node:
    """The province (or "province not known" / "place not stated") a place belongs to."""
    trail = [n for n in node.trail() if n.kind != "root"]
    return trail[0] if trail else node


# --- counting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A meeting type, as a column: its slug and its label with a capital ("Sơ kết")."""

    slug: str
    label: str


@dataclass(frozen=True)
class CountRow:
    period: ReportPeriod
    place: PlaceRow
    counts: tuple[int, ...]  # one per column of the table

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class CountTable:
    """Every bulletin of the archive counted by period (of one kind) × place × meeting type."""

    kind: str
    columns: tuple[Column, ...]  # the meeting types with at least one bulletin, vocabulary order
    rows: tuple[CountRow, ...]  # non-empty (period, place) pairs: periods oldest first, places in index order

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)


def _columns(archive: Archive) -> tuple[Column, ...]:
    return tuple(Column(n.key, capfirst(n.label)) for n in archive.meeting_types.children if n.count)


def _counted(archive: Archive, kind: str,
             articles: Iterable[Article] | None = None) -> tuple[dict[tuple[str, int], Counter[str]],
                                                              dict[str, ReportPeriod], dict[int, Node]]:
    """(period key, place node id) -> meeting-type slug -> bulletins; the periods; the nodes."""
    counts: dict[tuple[str, int], Counter[str]] = {}
    periods: dict[str, ReportPeriod] = {}
    nodes: dict[int, Node] = {}
    for article in archive.articles if articles is None else articles:
        period = period_of(article, kind, archive)
        periods.setdefault(period.key, period)
        node = archive.locality_of[article.id]
        nodes[id(node)] = node
        type_node = archive.meeting_type_of.get(article.id)
        slug = type_node.key if type_node is not None else article.meeting_type.slug
        counts.setdefault((period.key, id(node)), Counter())[slug] += 1
    return counts, periods, nodes


def count_table(archive: Archive, kind: str) -> CountTable:
    """The bulletins of ``archive`` counted by period of ``kind`` × place × meeting type."""
    if kind not in KINDS:
        raise ValueError(f"unknown period kind: {kind!r}")
    columns = _columns(archive)
    places = _place_rows(archive)
    counts, periods, _ = _counted(archive, kind)
    ordered = sorted(counts, key=lambda k: (periods[k[0]].order(), places[k[1]].order))
    rows = tuple(CountRow(periods[pk], places[nid], tuple(counts[(pk, nid)].get(c.slug, 0) for c in columns))
                 for pk, nid in ordered)
    return CountTable(kind=kind, columns=columns, rows=rows)


def counted_inputs(archive: Archive) -> tuple[Any, ...]:
    """Everything :func:`report_csvs` reads of ``archive``, as plain values: the columns, the place
    index's rows, and each counted bulletin's day, stated period (with the label its page has),
    place and meeting type. Equal values make equal files, so an incremental build keys the
    files on this and keeps them when an edit changed nothing they count (a sentence of a body,
    a person's role). Kept beside the counting it mirrors: a change there is a change here."""
    places = _place_rows(archive)
    rows: list[tuple[Any, ...]] = []
    for article in archive.articles:
        day = event_day(article)
        period = article.period
        node = archive.period_of.get(article.id)
        type_node = archive.meeting_type_of.get(article.id)
        rows.append((
            day.toordinal() if day is not None else None,
            (period.label, period.start.toordinal(), period.end.toordinal(), node.label if node is not None else None)
            if period is not None else None,
            places[id(archive.locality_of[article.id])].order,
            type_node.key if type_node is not None else article.meeting_type.slug,
        ))
    return _columns(archive), tuple(places.values()), rows


# --- CSV --------------------------------------------------------------------------------------

PLACE_HEADERS = ("Tỉnh, thành phố", "Quận, huyện", "Xã, phường, thị trấn")


def _csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """The rows as a CSV file. Counts are most of the cells (1.2 million at 10,000 bulletins),
    and an ``int`` is written as ``csv_cell`` would write it (its digits), so they go to the
    writer as they are; a text cell is cleaned once for all the rows that repeat it (a place's
    name, a period's label)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    cells: dict[tuple[type, object], str] = {}  # by type too: True == 1 == 1.0

    def cell(value: object) -> object:
        if type(value) is int:
            return value
        key = (type(value), value)
        text = cells.get(key)
        if text is None:
            text = cells[key] = csv_cell(value)
        return text
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def table_csv(table: CountTable) -> bytes:
    """One kind's file: a row per period × place (the place where the bulletins are filed), a
    column per meeting type, then the row's total."""
    header = ["Kỳ", "Từ ngày", "Đến ngày", *PLACE_HEADERS, *(c.label for c in table.columns), "Tổng số"]
    body = (
        [r.period.label, _iso(r.period.start), _iso(r.period.end), r.place.province, r.place.district,
         r.place.commune, *r.counts, r.total]
        for r in table.rows
    )
    return _csv_bytes([header, *body])


def long_csv(tables: Sequence[CountTable]) -> bytes:
    """Every kind in one file for pivot tables and scripts: a row per kind × period × place ×
    meeting type with at least one bulletin."""
    header = ["Cách chia kỳ", "Kỳ", "Từ ngày", "Đến ngày", *PLACE_HEADERS, "Mã loại hội nghị", "Loại hội nghị",
              "Số bản tin"]
    rows: list[list[object]] = [header]
    for table in tables:
        for r in table.rows:
            for column, value in zip(table.columns, r.counts):
                if value:
                    rows.append([_KIND_NAMES[table.kind], r.period.label, _iso(r.period.start), _iso(r.period.end),
                                 r.place.province, r.place.district, r.place.commune, column.slug, column.label,
                                 value])
    return _csv_bytes(rows)


def csv_paths() -> list[str]:
    """The paths of the files :func:`report_csvs` makes, in its order (known before making them)."""
    return [CSV_FOLDER + name for _, name in KINDS.values()] + [CSV_FOLDER + LONG_CSV]


def report_csvs(archive: Archive) -> dict[str, bytes]:
    """Every file of ``api/thong-ke/``: path (relative to the site root) -> bytes, in a fixed
    order: ``theo-quy.csv``, ``theo-6-thang.csv``, ``theo-nam.csv``, ``theo-ky-bao-cao.csv``,
    ``so-lieu.csv``."""
    tables = [count_table(archive, kind) for kind in KINDS]
    files = {CSV_FOLDER + KINDS[t.kind][1]: table_csv(t) for t in tables}
    files[CSV_FOLDER + LONG_CSV] = long_csv(tables)
    return files


# --- the statistics page ----------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodTable:
    """The table of one period on the statistics page: places × meeting types."""

    period: ReportPeriod
    columns: tuple[Column, ...]  # the meeting types of this period, vocabulary order
    rows: tuple[tuple[PlaceRow, tuple[int, ...], int], ...]  # (place, counts, row total)
    totals: tuple[int, ...]  # per column
    total: int
    by_province: bool  # rows are provinces (too many places to list each)
    sentence: str  # "6 tháng đầu năm 2021 (01/01/2021 – 30/06/2021): 3 bản tin, gồm 2 buổi làm việc, 1 hội nghị sơ kết."

    @property
    def anchor(self) -> str:
        return self.period.anchor


@dataclass(frozen=True)
class PeriodGroup:
    """The tables of one kind of period, newest first."""

    kind: str
    title: str  # "Theo quý"
    tables: tuple[PeriodTable, ...]
    shown: int  # how many periods are shown ...
    available: int  # ... of how many with a bulletin


@dataclass(frozen=True)
class ReportTables:
    """The statistics page's section: the period tables and the CSV files to download."""

    groups: tuple[PeriodGroup, ...]
    files: tuple[tuple[str, str], ...]  # (URL relative to the site root, what it holds)
    undated: int  # bulletins with no date, left out of the page's tables


# How a report counts each meeting type ("12 hội nghị sơ kết, 4 buổi đối thoại"); a type not
# listed is counted by its label.
COUNTED_AS: dict[str, str] = {
    "so-ket": "hội nghị sơ kết",
    "tong-ket": "hội nghị tổng kết",
    "giao-ban": "cuộc giao ban",
    "lam-viec": "buổi làm việc",
    "hoi-nghi": "hội nghị",
    "doi-thoai": "buổi đối thoại",
    "tap-huan": "lớp tập huấn",
    "ky-niem": "hoạt động kỷ niệm",
    "trien-khai": "hội nghị triển khai",
    "tuyen-duong": "hoạt động tuyên dương",
    "kiem-tra-giam-sat": "cuộc kiểm tra, giám sát",
    "dai-hoi": "đại hội",
    "tiep-xuc-cu-tri": "buổi tiếp xúc cử tri",
    "phat-dong": "lễ phát động",
    "khac": "bản tin khác",
}


def _number(value: int) -> str:
    return i18n.number(value, "vi")  # the page's language, whatever the messages'


def _counted_phrase(count: int, column: Column) -> str:
    word = COUNTED_AS.get(column.slug) or (column.label[:1].lower() + column.label[1:])
    return f"{_number(count)} {word}"


def summary_sentence(period: ReportPeriod, columns: Sequence[Column], totals: Sequence[int]) -> str:
    """One sentence ready to copy into a report: the period, its total, and each meeting type,
    most first (ties in the vocabulary's order)."""
    total = sum(totals)
    ranked = sorted(((v, i) for i, v in enumerate(totals) if v), key=lambda vi: (-vi[0], vi[1]))
    parts = ", ".join(_counted_phrase(v, columns[i]) for v, i in ranked)
    span = f" ({period.span})" if period.span else ""
    text = f"{period.label}{span}: {_number(total)} bản tin"
    return f"{text}, gồm {parts}." if parts else f"{text}."


def _period_table(archive: Archive, period: ReportPeriod, articles: list[Article], all_columns: tuple[Column, ...],
                  places: dict[int, PlaceRow], max_rows: int) -> PeriodTable:
    counts, _, nodes = _counted(archive, period.kind, articles)
    present = {slug for c in counts.values() for slug in c}
    columns = tuple(c for c in all_columns if c.slug in present)
    by_place: dict[int, Counter[str]] = {}
    for (_, nid), c in counts.items():
        by_place.setdefault(nid, Counter()).update(c)
    by_province = len(by_place) > max_rows
    if by_province:
        merged: dict[int, Counter[str]] = {}
        for nid, c in by_place.items():
            top = _top_node(nodes[nid])
            merged.setdefault(id(top), Counter()).update(c)
        by_place = merged
    ordered = sorted(by_place, key=lambda nid: places[nid].order)
    rows = []
    for nid in ordered:
        values = tuple(by_place[nid].get(c.slug, 0) for c in columns)
        place = places[nid]
        if by_province:  # the province's own name, not its description
            place = PlaceRow(place.order, place.province, "", "", place.province, place.url)
        rows.append((place, values, sum(values)))
    totals = tuple(sum(r[1][i] for r in rows) for i in range(len(columns)))
    return PeriodTable(period=period, columns=columns, rows=tuple(rows), totals=totals, total=sum(totals),
                       by_province=by_province, sentence=summary_sentence(period, columns, totals))


def period_tables(archive: Archive, recent: dict[str, int] | None = None,
                  max_rows: int = MAX_PAGE_ROWS) -> list[PeriodGroup]:
    """The tables of the statistics page: for each calendar kind (quarter, half-year, year), the
    latest ``recent[kind]`` periods that have a bulletin, newest first. Undated bulletins are
    left out (``ReportTables.undated`` says how many)."""
    recent = RECENT if recent is None else recent
    columns = _columns(archive)
    places = _place_rows(archive)
    groups: list[PeriodGroup] = []
    for kind in CALENDAR_KINDS:
        members: dict[str, list[Article]] = {}
        found: dict[str, ReportPeriod] = {}
        for article in archive.articles:
            period = period_of(article, kind, archive)
            if period.start is None:
                continue
            found.setdefault(period.key, period)
            members.setdefault(period.key, []).append(article)
        newest = sorted(found.values(), key=lambda p: p.order(), reverse=True)
        chosen = newest[: max(0, recent.get(kind, 0))]
        tables = tuple(_period_table(archive, p, members[p.key], columns, places, max_rows) for p in chosen)
        if tables:
            groups.append(PeriodGroup(kind=kind, title=KINDS[kind][0], tables=tables, shown=len(tables),
                                      available=len(found)))
    return groups


def stats_context(archive: Archive, recent: dict[str, int] | None = None,
                  max_rows: int = MAX_PAGE_ROWS) -> ReportTables:
    """What ``stats.html`` shows in its section "Số liệu theo kỳ" (pass it as ``report_tables``)."""
    files = tuple((CSV_FOLDER + name, f"{title} ({name})") for title, name in KINDS.values())
    files += ((CSV_FOLDER + LONG_CSV, f"Mọi cách chia kỳ trong một bảng, mỗi loại hội nghị một hàng, để lập "
                                      f"bảng tổng hợp (PivotTable) ({LONG_CSV})"),)
    undated = sum(1 for a in archive.articles if event_day(a) is None)
    return ReportTables(groups=tuple(period_tables(archive, recent, max_rows)), files=files, undated=undated)
