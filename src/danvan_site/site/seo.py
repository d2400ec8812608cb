"""What a page's ``<head>`` tells search engines and link previews.

* ``canonical`` – the page's absolute address, only when a base URL is set (a relative
  canonical link says nothing).
* ``og`` – Open Graph ``(property, content)`` pairs, only when a base URL is set (``og:url``
  must be absolute): ``og:title``, ``og:type`` (``article`` for a bulletin, else ``website``),
  ``og:url``, ``og:description``, ``og:locale`` ``vi_VN``, ``og:site_name`` and, for a
  bulletin, ``article:published_time``.
* ``description`` – the page's own ``<meta name="description">``: a bulletin's lead, else a
  sentence made for the page by ``page_description`` (what it lists, how many bulletins, the
  newest date, the page number), so that no two pages share one and none lacks one, with or
  without a site description.
* ``json_ld`` – on bulletin pages always: a schema.org ``NewsArticle``. Its ``url``,
  ``mainEntityOfPage`` and the publisher's ``url`` are there only with a base URL; the rest
  (headline, dates, author, place, keywords, …) is useful to any reader of the page.

``json_ld_script`` makes the JSON safe inside ``<script type="application/ld+json">``: ``<``,
``>`` and ``&`` are written ``\\u003c``, ``\\u003e``, ``\\u0026`` (still the same JSON), so no
text of a bulletin can close the block ("</script>") or open a comment.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from danvan_site.archive import urls
from danvan_site.archive.groups import Counts, Node
from danvan_site.site.display import place_inline
from danvan_site.site.feeds import absolute_url
from danvan_site.core.models import Article, Locality
from danvan_site.vn.dates import format_date
from danvan_site.vn.sort import tone_key

__all__ = [
    "PageMeta",
    "OG_LOCALE",
    "DESCRIPTION_MAX",
    "page_description",
    "root_path",
    "json_ld_script",
    "page_meta",
    "news_article",
    "author_type",
    "truncate_text",
]

OG_LOCALE = "vi_VN"
DESCRIPTION_MAX = 300  # characters of a meta description (a bulletin's lead is cut at a word)

# A byline that names a body or a place, not a person ("Quận Đống Đa", "Ban Dân vận Huyện ủy"):
# its first word(s), lower case with modern tone placement. Tones are kept: "Đoàn", "Quan" and
# "Bàn" are surnames, "đoàn thanh niên", "quận" and "ban" are not.
_ORGANISATION_HEADS = (
    "ban", "đảng ủy", "đảng bộ", "ủy ban", "ubnd", "ubmttq", "mttq", "mặt trận", "hội", "đoàn thanh niên",
    "văn phòng", "phòng", "trung tâm", "cổng thông tin", "báo", "đài", "sở", "thành ủy", "tỉnh ủy",
    "quận ủy", "huyện ủy", "thị ủy", "xã", "phường", "thị trấn", "huyện", "quận", "thị xã",
    "thành phố", "tỉnh", "công an", "hđnd", "liên đoàn", "bch", "chi bộ",
)
_ORG_RE = re.compile(r"^(?:" + "|".join(re.escape(h) for h in _ORGANISATION_HEADS) + r")(?:\s|$)")

_JSON_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True)
class PageMeta:
    """The head tags of one page (see the module's docstring)."""

    canonical: str | None = None
    og: list[tuple[str, str]] = field(default_factory=list)
    json_ld: Markup | None = None
    noindex: bool = False
    description: str = ""

    def with_description(self, description: str) -> PageMeta:
        return replace(self, description=description)


def json_ld_script(data: Mapping[str, Any]) -> Markup:
    """``data`` as JSON that can sit inside ``<script type="application/ld+json">`` as it is."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(re.sub("[<>&\u2028\u2029]", lambda m: _JSON_UNSAFE[m.group(0)], text))


def truncate_text(text: str, limit: int = 300) -> str:
    """At most ``limit`` characters, cut at a space, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:") + "…"


def author_type(name: str) -> str:
    """"Organization" for a byline that names a body or a place, else "Person"."""
    return "Organization" if _ORG_RE.match(tone_key(name)) else "Person"


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def _place(locality: Locality, place_text: str) -> dict[str, Any] | None:
    if not (locality.name or locality.province or locality.district):
        return None
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "VN"}
    if locality.name or locality.level:
        address["addressLocality"] = locality.label
    if locality.province:
        address["addressRegion"] = locality.province
    place: dict[str, Any] = {"@type": "Place", "name": place_text, "address": address}
    if locality.code:
        place["identifier"] = locality.code
    return place


def news_article(article: Article, *, site_title: str, base_url: str = "", place_text: str = "",
                 description: str = "", language: str = "vi") -> dict[str, Any]:
    """The schema.org ``NewsArticle`` of a bulletin, as a dict ready for ``json_ld_script``."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle"}
    if base_url:
        page = absolute_url(base_url, article.url)
        data["url"] = page
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": page}
    data["headline"] = article.title
    if description:
        data["description"] = description
    published = _iso(article.published) or _iso(article.event_date)
    if published:
        data["datePublished"] = published
    if article.author is not None and article.author.name:
        author: dict[str, Any] = {"@type": author_type(article.author.name), "name": article.author.name}
        if article.author.role and author["@type"] == "Person":
            author["jobTitle"] = article.author.role
        data["author"] = author
    publisher: dict[str, Any] = {"@type": "Organization", "name": site_title}
    if base_url:
        publisher["url"] = absolute_url(base_url, "")
    data["publisher"] = publisher
    data["inLanguage"] = language or "vi"
    place = _place(article.locality, place_text)
    if place is not None:
        data["contentLocation"] = place
    data["about"] = {"@type": "Thing", "name": article.meeting_type.label}
    if article.section:
        data["articleSection"] = article.section
    keywords = [article.meeting_type.label]
    if place is not None:
        keywords.append(place_text)
    keywords += article.organisations
    data["keywords"] = list(dict.fromkeys(k for k in keywords if k))
    if article.people:
        data["mentions"] = [
            {"@type": "Person", "name": p.name, **({"jobTitle": "; ".join(p.roles)} if p.roles else {})}
            for p in article.people if p.name
        ]
    if article.word_count:
        data["wordCount"] = article.word_count
    if base_url and article.raw_url:
        data["isBasedOn"] = absolute_url(base_url, article.raw_url)
    return data


def page_meta(
    url: str,
    title: str,
    *,
    site_title: str,
    base_url: str = "",
    description: str = "",
    article: Article | None = None,
    place_text: str = "",
    language: str = "vi",
    indexable: bool = True,
) -> PageMeta:
    """The head tags of the page at ``url`` (site-relative)."""
    json_ld = None
    if article is not None:
        json_ld = json_ld_script(news_article(article, site_title=site_title, base_url=base_url,
                                              place_text=place_text, description=description,
                                              language=language))
    if not base_url or not indexable:
        return PageMeta(json_ld=json_ld, noindex=not indexable, description=description)
    canonical = absolute_url(base_url, url)
    og = [
        ("og:title", title),
        ("og:type", "article" if article is not None else "website"),
        ("og:url", canonical),
    ]
    if description:
        og.append(("og:description", description))
    og += [("og:locale", OG_LOCALE), ("og:site_name", site_title)]
    if article is not None:
        published = _iso(article.published) or _iso(article.event_date)
        if published:
            og.append(("article:published_time", published))
        if article.section:
            og.append(("article:section", article.section))
        og.append(("article:tag", article.meeting_type.label))
    return PageMeta(canonical=canonical, og=og, json_ld=json_ld, description=description)


# --- descriptions of the pages that are not bulletins ------------------------------------------


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _newest(node: Node) -> str:
    day = next((a.sort_date for a in node.articles if a.sort_date is not None), None)
    return f", mới nhất ngày {format_date(day)}" if day is not None else ""


def _some(labels: list[str], limit: int = 6) -> str:
    shown = [label for label in labels if label][:limit]
    return ", ".join(shown) + ("…" if len(labels) > limit else "")


def _node_description(node: Node, counts: Counts | None) -> str:
    n = _n(node.count)
    kind = node.kind
    if kind == "root":
        if node.url == urls.ALL_ARTICLES:
            return f"Tất cả {n} bản tin công tác dân vận trong lưu trữ, mới nhất trước{_newest(node)}."
        if node.url == urls.LOCALITIES:
            places = f" và {_n(counts.places)} quận, huyện, xã, phường" if counts is not None else ""
            provinces = _n(counts.provinces) if counts is not None else _n(len(node.children))
            return f"{n} bản tin công tác dân vận theo {provinces} tỉnh, thành phố{places}, theo những gì bản tin ghi rõ."
        if node.url == urls.DATES:
            years = [c.label.removeprefix("Năm ") for c in node.children if c.kind == "year"]
            span = f" từ năm {years[-1]} đến năm {years[0]}" if len(years) > 1 else (f" năm {years[0]}" if years else "")
            return f"{n} bản tin công tác dân vận theo năm và tháng đăng{span}, mới nhất trước."
        if node.url == urls.MEETING_TYPES:
            return f"{n} bản tin công tác dân vận theo loại hội nghị: {_some([c.label for c in node.children])}."
        if node.url == urls.PEOPLE:
            return (f"{_n(len(node.children))} người được nêu tên trong các bản tin dân vận, xếp theo vần chữ cái, "
                    "kèm số bản tin và chức vụ qua từng bản tin.")
        if node.url == urls.ORGANISATIONS:
            return f"Các cơ quan, tổ chức được nhắc đến trong bản tin dân vận: {_some([c.label for c in node.children])}."
        if node.url == urls.PERIODS:
            return f"{n} bản tin sơ kết, tổng kết, giao ban… theo kỳ báo cáo được nêu (6 tháng, quý, năm), mới nhất trước."
        return f"{node.label}: {n} bản tin công tác dân vận."
    if kind in ("province", "district", "unit"):
        where = place_inline(node.description or node.label)
        return f"{n} bản tin công tác dân vận ở {where}{_newest(node)}."
    if kind == "unknown":
        about = node.description or node.label
        return f"{about}: {n} bản tin{_newest(node)}."
    if kind == "year":
        return f"{n} bản tin công tác dân vận {_lower_first(node.label)}{_newest(node)}, theo từng tháng."
    if kind == "month":
        return f"{n} bản tin công tác dân vận {_lower_first(node.label)}{_newest(node)}."
    if kind == "meeting_type":
        return f"{n} bản tin về {_lower_first(node.label)} trong công tác dân vận{_newest(node)}."
    if kind == "person":
        roles = f"; chức vụ được nêu: {_some(node.roles, 3)}" if node.roles else ""
        return f"{node.label} được nêu tên trong {n} bản tin dân vận{roles}."
    if kind == "organisation":
        return f"{n} bản tin dân vận nhắc đến {node.label}{_newest(node)}."
    if kind == "period_year":
        return f"{n} bản tin theo {_lower_first(node.label)} (sơ kết, tổng kết, giao ban…)."
    if kind == "period":
        span = f" ({_lower_first(node.description)})" if node.description else ""
        return f"{n} bản tin về kỳ báo cáo {node.label}{span}{_newest(node)}."
    return f"{node.label}: {n} bản tin công tác dân vận."


def _lower_first(text: str) -> str:
    """``text`` with its first letter in lower case, to stand inside a sentence ("Năm 2021" ->
    "năm 2021")."""
    return text[:1].lower() + text[1:]


def _page_label(pager: Any) -> str:
    """"Trang 2/5" (or the pager's own label: "Từ 01/01/2021 đến 30/06/2021") from the second
    page of a list on; "" on its first page and without a pager."""
    if pager is None:
        return ""
    label = getattr(pager, "label", "")
    if label:
        return str(label)
    number, total = getattr(pager, "number", 1), getattr(pager, "total", 1)
    return f"Trang {number}/{total}" if isinstance(number, int) and number > 1 else ""


def page_description(url: str, title: str, *, node: Node | None = None, pager: Any = None,
                     counts: Counts | None = None, site_title: str = "", site_description: str = "") -> str:
    """A page's own meta description: what the page lists and how many bulletins, for a grouping
    (``node``); for the home, search, statistics, glossary and report pages a sentence of their
    own; the page of a list is named from its second page on (``pager``). Never empty, at most
    ``DESCRIPTION_MAX`` characters."""
    total = _n(counts.articles) if counts is not None else ""
    lead = site_description.rstrip(" .") if site_description else (site_title or "Lưu trữ tin dân vận")
    if isinstance(node, Node) and getattr(pager, "stable", False) and not pager.newest:
        # An older part of a list in time order says only what it holds, never the grouping's
        # count or newest date: a new bulletin then leaves it unchanged (incremental builds).
        what = node.label[:1].lower() + node.label[1:] if node.kind == "meeting_type" else node.label
        return truncate_text(f"{what[:1].upper()}{what[1:]}: {_n(len(pager.items))} bản tin {pager.label}.",
                             DESCRIPTION_MAX)
    if isinstance(node, Node) and getattr(pager, "names", None) and pager.number > 1:
        # A later page of an alphabetical list says which names it holds, not how many there
        # are in all: a name added on another page then leaves it unchanged.
        first, last = pager.names
        text = f"{node.label}, xếp theo vần chữ cái: {f'từ {first} đến {last}' if first != last else first}."
    elif isinstance(node, Node):
        text = _node_description(node, counts)
    elif url == urls.HOME:
        if counts is not None:
            text = (f"{lead}: {total} bản tin của {_n(counts.places)} địa phương ở {_n(counts.provinces)} tỉnh, "
                    "thành phố, tra theo địa phương, thời gian, loại hội nghị và người được nhắc đến.")
        else:
            text = f"{lead}."
    elif url == urls.SEARCH:
        text = (f"Tìm trong {total + ' ' if total else ''}bản tin dân vận theo từ khóa, gõ có dấu hoặc không dấu; lọc theo "
                "tỉnh, quận, huyện, xã, phường, loại hội nghị và năm.")
    elif url == urls.STATS:
        text = (f"Thống kê {total + ' ' if total else ''}bản tin dân vận: theo tháng, loại hội nghị, tỉnh, thành phố "
                "và các địa phương có nhiều bản tin nhất.")
    elif url == urls.GLOSSARY:
        text = "Nghĩa của các chữ viết tắt thường gặp trong bản tin dân vận (MTTQ, UBND, HĐND, QCDC…) và số bản tin có dùng."
    elif url == urls.REPORT:
        text = ("Báo cáo chất lượng dữ liệu: với từng bản tin, các trường còn thiếu hoặc chưa chắc chắn, các cảnh báo "
                "và tệp kèm để sửa.")
    elif url == urls.NOT_FOUND:
        text = f"Không tìm thấy trang này trong {site_title or 'kho lưu trữ'}: tra bản tin từ trang chủ hoặc tìm kiếm."
    else:
        text = f"{title} – {site_title}." if site_title and title != site_title else f"{title}."
    page = _page_label(pager)
    if page:
        text = f"{text} {page[:1].upper()}{page[1:].rstrip('.')}."
    return truncate_text(text, DESCRIPTION_MAX)


def root_path(base_url: str) -> str:
    """The site's folder on its host, for root-relative links: "/luu-tru" for
    "https://example.org/luu-tru", "/" without a base URL (the site at the domain's root)."""
    path = urlsplit(base_url).path.rstrip("/") if base_url else ""
    return path or "/"
