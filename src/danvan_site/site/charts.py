"""Charts drawn at build time as inline SVG: no JavaScript, no external resources.

``render_chart(chart)`` gives the ``<svg>`` element of a ``stats.ChartData`` as ``Markup``:

* ``role="img"``, with a ``<title>`` (the chart's title) and a ``<desc>`` (its one-sentence
  summary) referenced by ``aria-labelledby`` and ``aria-describedby``, so a screen reader reads
  the summary; the page puts the same figures in a table after the chart;
* a ``viewBox`` and no fixed size: the drawing scales to the width the stylesheet gives it (a
  phone of 375 px included) and never overflows; it is drawn 360 units wide so that its text
  stays legible at phone width;
* text in the site's font stack (``FONT_STACK``, the body font of ``static/style.css``), in the
  theme's text colours; bars in the theme's link blue. Every colour has at least 4.5:1 contrast
  on white, and prints in black and white as dark grey;
* deterministic: coordinates rounded to one decimal, elements in the chart's order.

Two shapes: ``"months"`` draws one row of twelve columns per year (January to December), so a
span of many years grows down the page instead of squeezing columns; ``"bars"`` draws
horizontal bars, each with its label above it and its value after it.
"""
from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from danvan_site.site.stats import Bar, ChartData, format_count

__all__ = ["FONT_STACK", "BAR_COLOUR", "TEXT_COLOUR", "MUTED_COLOUR", "WIDTH", "render_chart"]

# Same as `body { font-family }` in templates/static/style.css (a test keeps them equal).
FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif'
BAR_COLOUR = "#0b4f94"  # the theme's link colour: 8.2:1 on white
TEXT_COLOUR = "#1f2328"  # --text: 15.8:1 on white
MUTED_COLOUR = "#555d66"  # --muted: 6.7:1 on white
WIDTH = 360

# "months": a row per year
_YEAR_COLUMN = 46  # the year label's column
_SLOT = (WIDTH - _YEAR_COLUMN - 2) / 12  # 26 units per month
_COLUMN = 18  # a column's width
_VALUE_ROW = 16  # room for the value above the tallest column
_PLOT = 60  # the tallest column
_MONTH_ROW = 16  # the month numbers under the baseline
_ROW_GAP = 12

# "bars": a row per bar
_LABEL_ROW = 18
_BAR = 14
_BAR_GAP = 10
_VALUE_ROOM = 40  # right of the longest bar, for its value
_LABEL_MAX = 46  # characters of a label drawn in full; longer ones end in "…" (the table has them whole)


def _n(value: float) -> str:
    """A coordinate with at most one decimal: 12.0 -> "12", 12.25 -> "12.3" (half up)."""
    tenths = int(value * 10 + 0.5) if value >= 0 else -int(-value * 10 + 0.5)
    whole, rest = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    return f"{sign}{whole}" if rest == 0 else f"{sign}{whole}.{rest}"


def _e(text: str) -> str:
    """Escape text for XML/HTML content and double-quoted attributes."""
    return str(escape(text))


def _text(x: float, y: float, content: str, *, size: int, cls: str, fill: str = TEXT_COLOUR,
          anchor: str = "start", bold: bool = False) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}"'
            f' text-anchor="{anchor}"{weight}>{_e(content)}</text>')


def _shorten(label: str, limit: int = _LABEL_MAX) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _svg(chart: ChartData, height: float, body: Iterable[str]) -> Markup:
    title_id, desc_id = f"{chart.slug}-tieu-de", f"{chart.slug}-mo-ta"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-{_e(chart.kind)}"'
        f' viewBox="0 0 {WIDTH} {_n(height)}" role="img"'
        f' aria-labelledby="{_e(title_id)}" aria-describedby="{_e(desc_id)}"'
        f' font-family="{_e(FONT_STACK)}">',
        f'<title id="{_e(title_id)}">{_e(chart.title)}</title>',
        f'<desc id="{_e(desc_id)}">{_e(chart.description)}</desc>',
        *body,
        "</svg>",
    ]
    return Markup("\n".join(parts))


def _months(chart: ChartData) -> Markup:
    """One row per year: twelve slots, a column and its value in each month of the span."""
    by_year: dict[int, dict[int, Bar]] = {}
    for bar in chart.bars:
        year, month = (int(part) for part in bar.key.split("-"))
        by_year.setdefault(year, {})[month] = bar
    peak = max(chart.peak, 1)
    row_height = _VALUE_ROW + _PLOT + _MONTH_ROW + _ROW_GAP
    body: list[str] = []
    top = 4.0
    for year in sorted(by_year):
        months = by_year[year]
        baseline = top + _VALUE_ROW + _PLOT
        body.append(f'<g class="year" data-year="{year}">')
        body.append(_text(0, baseline - _PLOT / 2 + 5, str(year), size=14, cls="year-label", bold=True))
        first, last = min(months), max(months)
        x_start = _YEAR_COLUMN + (first - 1) * _SLOT
        x_end = _YEAR_COLUMN + last * _SLOT
        body.append(f'<line x1="{_n(x_start)}" y1="{_n(baseline)}" x2="{_n(x_end)}" y2="{_n(baseline)}"'
                    f' stroke="{MUTED_COLOUR}" stroke-width="1"/>')
        for month in range(1, 13):
            slot_x = _YEAR_COLUMN + (month - 1) * _SLOT
            centre = slot_x + _SLOT / 2
            bar = months.get(month)
            body.append(_text(centre, baseline + 13, str(month), size=11, cls="month-label",
                              fill=MUTED_COLOUR, anchor="middle"))
            if bar is None:
                continue  # outside the archive's span: nothing drawn
            height = bar.value / peak * _PLOT
            if bar.value:
                body.append(f'<rect class="bar" x="{_n(centre - _COLUMN / 2)}" y="{_n(baseline - height)}"'
                            f' width="{_COLUMN}" height="{_n(height)}" fill="{BAR_COLOUR}"/>')
            body.append(_text(centre, baseline - height - 4, format_count(bar.value), size=12, cls="value",
                              fill=TEXT_COLOUR if bar.value else MUTED_COLOUR, anchor="middle"))
        body.append("</g>")
        top += row_height
    return _svg(chart, top - _ROW_GAP + 4, body)


def _bars(chart: ChartData) -> Markup:
    """One row per bar: the label, then the bar and its value."""
    peak = max(chart.peak, 1)
    room = WIDTH - _VALUE_ROOM
    body: list[str] = []
    top = 2.0
    for bar in chart.bars:
        body.append(_text(0, top + 13, _shorten(bar.label), size=13, cls="label"))
        bar_top = top + _LABEL_ROW
        length = bar.value / peak * room
        if bar.value:
            body.append(f'<rect class="bar" x="0" y="{_n(bar_top)}" width="{_n(length)}" height="{_BAR}"'
                        f' fill="{BAR_COLOUR}"/>')
        body.append(_text(length + 6, bar_top + _BAR - 2, format_count(bar.value), size=12, cls="value"))
        top += _LABEL_ROW + _BAR + _BAR_GAP
    return _svg(chart, top - _BAR_GAP + 4, body)


def render_chart(chart: ChartData) -> Markup:
    """The chart's ``<svg>`` element; an empty ``Markup`` when the chart has no bars (the page
    says so in words instead)."""
    if not chart.bars:
        return Markup("")
    if chart.kind == "months":
        return _months(chart)
    return _bars(chart)
