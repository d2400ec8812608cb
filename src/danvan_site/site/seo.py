"""What a page's ``<head>`` tells search engines and link previews.

* ``canonical`` – the page's absolute address, only when a base URL is set (a relative
  canonical link says nothing).
* ``og`` – Open Graph ``(property, content)`` pairs, only when a base URL is set (``og:url``
  must be absolute): ``og:title``, ``og:type`` (``article`` for a bulletin, else ``website``),
  ``og:url``, ``og:description``, ``og:locale`` ``vi_VN``, ``og:site_name`` and, for a
  bulletin, ``article:published_time``.
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
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from danvan_site.site.feeds import absolute_url
from danvan_site.core.models import Article, Locality
from danvan_site.vn.sort import tone_key

__all__ = [
    "PageMeta",
    "OG_LOCALE",
    "json_ld_script",
    "page_meta",
    "news_article",
    "author_type",
    "truncate_text",
]

OG_LOCALE = "vi_VN"

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
        return PageMeta(json_ld=json_ld, noindex=not indexable)
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
    return PageMeta(canonical=canonical, og=og, json_ld=json_ld)
