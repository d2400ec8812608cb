"""Machine-readable files: Atom feeds (RFC 4287), ``sitemap.xml`` and ``robots.txt``.

Feeds
    ``feed.xml`` at the site root (every bulletin) and ``<page>/feed.xml`` beside every place
    and meeting-type page (``dia-phuong/ha-noi/feed.xml``, ``loai-hoi-nghi/so-ket/feed.xml``).
    Entries are the newest ``feed_size`` bulletins of the page, newest first. A bulletin with
    neither a publication nor an event date is left out (Atom needs a date for every entry).
    The feed's ``updated`` is its newest entry's date, never the build time, so a rebuild of the
    same corpus gives the same bytes.

    Entry ids are tag URIs (RFC 4151) that depend only on the site's address and the bulletin's
    file name: ``tag:example.org,2026:luu-tru/000_889518c93afc39ce`` with a base URL
    ``https://example.org/luu-tru``, ``tag:danvan-site,2026:000_889518c93afc39ce`` without
    one. The date part is fixed (``TAG_DATE``), so correcting a bulletin's date or title in a
    sidecar never makes it a new entry for feed readers.

    Links are absolute when a base URL is set. Without one they are relative to the feed file
    (``../../bai-viet/<slug>/index.html``), which RFC 4287 allows (``href`` is an IRI reference,
    resolved against the feed's own address) and which works from disk too.

    Everything is built with ElementTree, which escapes ``&``, ``<``, ``>`` and quotes; the
    characters XML 1.0 forbids (C0 controls but tab, line feed and carriage return; U+FFFE,
    U+FFFF; lone surrogates) are removed from every text first.

Sitemap and robots
    ``sitemap.xml`` lists every page with its absolute address, so it is written only when a
    base URL is set (the sitemap protocol requires absolute URLs); past 50,000 addresses it
    becomes a sitemap index over ``sitemap-1.xml``, ``sitemap-2.xml``, … ``robots.txt`` is
    always written; it names the sitemap only when there is one.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timezone, tzinfo
from urllib.parse import quote, urlsplit

from danvan_site.archive import urls
from danvan_site.core.models import Article

__all__ = [
    "ATOM_NS",
    "SITEMAP_NS",
    "TAG_DATE",
    "SITEMAP_MAX_URLS",
    "FeedInfo",
    "xml_text",
    "absolute_url",
    "tag_authority",
    "entry_id",
    "feed_id",
    "entry_datetime",
    "atom_feed",
    "sitemap_files",
    "robots_txt",
]

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# The date of every tag URI this site mints (RFC 4151): fixed, so ids never change.
TAG_DATE = "2026"
DEFAULT_AUTHORITY = "danvan-site"
SITEMAP_MAX_URLS = 50_000
GENERATOR = "danvan-site"

# Characters XML 1.0 does not allow anywhere in a document.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: object) -> str:
    """``value`` as text that XML 1.0 can hold: forbidden control characters removed.

    Escaping ``&``, ``<``, ``>`` and quotes is left to the serializer (ElementTree)."""
    return _XML_FORBIDDEN.sub("", "" if value is None else str(value))


def absolute_url(base_url: str, url: str) -> str:
    """The published address of the site-relative ``url``: ``base_url`` + "/" + ``url``
    (pages keep their folder form, "https://example.org/bai-viet/x/")."""
    return f"{base_url.rstrip('/')}/{url}"


def tag_authority(base_url: str) -> tuple[str, str]:
    """(authority, path prefix) for tag URIs: ("example.org", "luu-tru/") for
    "https://example.org/luu-tru"; ("danvan-site", "") without a base URL."""
    if not base_url:
        return DEFAULT_AUTHORITY, ""
    parts = urlsplit(base_url)
    host = (parts.hostname or DEFAULT_AUTHORITY).lower()
    path = parts.path.strip("/")
    return host, (quote(path, safe="/-._~") + "/" if path else "")


def entry_id(article_id: str, base_url: str = "") -> str:
    """The stable Atom id of a bulletin: ``tag:<host>,2026:<sub-path/><file name stem>``."""
    authority, prefix = tag_authority(base_url)
    return f"tag:{authority},{TAG_DATE}:{prefix}{quote(article_id, safe='-._~')}"


def feed_id(page_url: str, base_url: str = "") -> str:
    """The Atom id of the feed of the page at ``page_url``: ``tag:<host>,2026:<sub-path/>feed/<page>``
    ("tag:danvan-site,2026:feed/" for the whole archive, "…:feed/dia-phuong/ha-noi/" for a place)."""
    authority, prefix = tag_authority(base_url)
    return f"tag:{authority},{TAG_DATE}:{prefix}feed/{page_url}"


def entry_datetime(article: Article, tz: tzinfo) -> datetime | None:
    """When a bulletin goes in a feed: its publication time; a bare publication date, or the
    event date when there is none, at 00:00 in ``tz``; None for an undated bulletin."""
    value: date | datetime | None = article.published or article.event_date
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=tz)
    return datetime.combine(value, time(0, 0), tzinfo=tz)


def _rfc3339(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


@dataclass(frozen=True)
class FeedInfo:
    """One feed of the site: the file at ``url``, for the page at ``page_url``."""

    url: str  # "dia-phuong/ha-noi/feed.xml"
    page_url: str  # "dia-phuong/ha-noi/"
    title: str  # "Hà Nội – Lưu trữ tin dân vận"


def _sub(parent: ET.Element, tag: str, text: object = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _href(base_url: str, feed_url: str, target: str) -> str:
    """A link in a feed: absolute with a base URL, else relative to the feed file."""
    if base_url:
        return absolute_url(base_url, target)
    return urls.relative(feed_url, target)


def atom_feed(
    feed: FeedInfo,
    articles: Sequence[Article],
    *,
    site_title: str,
    base_url: str = "",
    tz: tzinfo = timezone.utc,
    size: int = 50,
    subtitle: str = "",
    language: str = "vi",
    place_of: dict[str, str] | None = None,
) -> bytes:
    """The Atom document of ``feed``: the first ``size`` dated ``articles`` (given newest first).

    ``place_of`` maps an article id to the place text used as its locality category. The feed's
    ``updated`` is the newest entry's; a feed without entries says 1970-01-01T00:00:00Z.
    """
    dated = [(a, when) for a in articles if (when := entry_datetime(a, tz)) is not None][: max(0, size)]
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": xml_text(language or "vi")})
    _sub(root, "id", feed_id(feed.page_url, base_url))
    _sub(root, "title", feed.title, type="text")
    if subtitle:
        _sub(root, "subtitle", subtitle, type="text")
    newest = max((when for _, when in dated), default=None)
    _sub(root, "updated", _rfc3339(newest) if newest else "1970-01-01T00:00:00+00:00")
    _sub(root, "link", rel="self", type="application/atom+xml", href=_href(base_url, feed.url, feed.url))
    _sub(root, "link", rel="alternate", type="text/html", href=_href(base_url, feed.url, feed.page_url))
    author = _sub(root, "author")
    _sub(author, "name", site_title)
    if base_url:
        _sub(author, "uri", absolute_url(base_url, urls.HOME))
    _sub(root, "generator", GENERATOR)
    for article, when in dated:
        entry = _sub(root, "entry")
        _sub(entry, "id", entry_id(article.id, base_url))
        _sub(entry, "title", article.title or article.id, type="text")
        _sub(entry, "published", _rfc3339(when))
        _sub(entry, "updated", _rfc3339(when))
        _sub(entry, "link", rel="alternate", type="text/html", href=_href(base_url, feed.url, article.url))
        if article.author is not None and article.author.name:
            entry_author = _sub(entry, "author")
            _sub(entry_author, "name", article.author.name)
        summary = article.summary or (article.body[0] if article.body else "")
        if summary:
            _sub(entry, "summary", summary, type="text")
        _sub(entry, "category", term=article.meeting_type.slug, label=article.meeting_type.label)
        place = (place_of or {}).get(article.id)
        if place:
            _sub(entry, "category", term=place)
    ET.indent(root, space=" ")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def _urlset(entries: Iterable[tuple[str, str | None]]) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for loc, lastmod in entries:
        item = _sub(root, "url")
        _sub(item, "loc", loc)
        if lastmod:
            _sub(item, "lastmod", lastmod)
    ET.indent(root, space=" ")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def sitemap_files(pages: Sequence[tuple[str, str | None]], base_url: str) -> list[tuple[str, bytes]]:
    """(path, content) of the sitemap: ``sitemap.xml`` listing ``pages`` (site-relative URL,
    lastmod or None) with absolute addresses; over ``SITEMAP_MAX_URLS`` pages, a sitemap index
    ``sitemap.xml`` and the parts ``sitemap-1.xml``, …. Nothing without a base URL."""
    if not base_url:
        return []
    entries = [(absolute_url(base_url, url), lastmod) for url, lastmod in pages]
    if len(entries) <= SITEMAP_MAX_URLS:
        return [("sitemap.xml", _urlset(entries))]
    parts: list[tuple[str, bytes]] = []
    for start in range(0, len(entries), SITEMAP_MAX_URLS):
        parts.append((f"sitemap-{len(parts) + 1}.xml", _urlset(entries[start : start + SITEMAP_MAX_URLS])))
    index = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
    for path, _ in parts:
        _sub(_sub(index, "sitemap"), "loc", absolute_url(base_url, path))
    ET.indent(index, space=" ")
    head = ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(index, encoding="unicode") + "\n").encode("utf-8")
    return [("sitemap.xml", head), *parts]


def robots_txt(base_url: str) -> bytes:
    """Every crawler may read everything; the sitemap's address when there is a base URL."""
    lines = ["User-agent: *", "Disallow:"]
    if base_url:
        lines += ["", f"Sitemap: {absolute_url(base_url, 'sitemap.xml')}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
