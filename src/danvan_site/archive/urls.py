"""Every URL of the site, made in one place.

URLs are paths relative to the site root, in one of two shapes:

* a page, written as a folder ending in "/" ("bai-viet/<slug>/"; the home page is ""), stored
  as ``<url>index.html``;
* a file ("api/articles.json", "nguon/<id>.txt", "static/style.css").

Links inside pages are always relative and always name the file (``relative``), so the same
output works at a domain root, under a sub-path and opened from disk (``file://``), where a
browser does not look for ``index.html`` in a folder by itself.

Article URLs depend only on the article itself (its title and id), never on other articles, so
adding bulletins never changes an existing URL.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from functools import lru_cache
from urllib.parse import quote

from slugify import slugify as _slugify

from danvan_site.vn.sort import fold

__all__ = [
    "HOME",
    "ALL_ARTICLES",
    "LOCALITIES",
    "LOCALITY_UNKNOWN",
    "PROVINCE_UNKNOWN",
    "DATES",
    "DATE_UNKNOWN",
    "MEETING_TYPES",
    "PEOPLE",
    "ORGANISATIONS",
    "PERIODS",
    "GLOSSARY",
    "STATS",
    "REPORT",
    "API_ARTICLES",
    "API_REPORT",
    "API_CSV",
    "API_SQLITE",
    "FEED",
    "FEED_FILE",
    "SITEMAP",
    "ROBOTS",
    "NOT_FOUND",
    "STATIC",
    "STYLESHEET",
    "SEARCH",
    "SEARCH_BUNDLE",
    "SLUG_MAX",
    "RESERVED_SLUGS",
    "slugify",
    "short_hash",
    "truncate_slug",
    "article_slug",
    "article_url",
    "raw_url",
    "safe_file_stem",
    "locality_slug",
    "year_url",
    "month_url",
    "meeting_type_url",
    "person_slug",
    "organisation_url",
    "period_year_url",
    "static_url",
    "child_url",
    "page_url",
    "feed_url",
    "output_path",
    "relative",
]

HOME = ""
ALL_ARTICLES = "bai-viet/"
LOCALITIES = "dia-phuong/"
LOCALITY_UNKNOWN = "dia-phuong/chua-xac-dinh/"
PROVINCE_UNKNOWN = "dia-phuong/chua-ro-tinh/"
DATES = "thoi-gian/"
DATE_UNKNOWN = "thoi-gian/chua-ro-ngay/"
MEETING_TYPES = "loai-hoi-nghi/"
PEOPLE = "nguoi/"
ORGANISATIONS = "to-chuc/"
PERIODS = "ky-bao-cao/"
GLOSSARY = "thuat-ngu/"
STATS = "thong-ke/"
REPORT = "bao-cao/"
API_ARTICLES = "api/articles.json"
API_REPORT = "api/report.json"
API_CSV = "api/articles.csv"
API_SQLITE = "api/articles.sqlite"
FEED_FILE = "feed.xml"  # a page's Atom feed sits beside it: "<page>/feed.xml"
FEED = FEED_FILE  # the feed of the whole archive
SITEMAP = "sitemap.xml"  # written only when a base URL is set
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
STATIC = "static/"
STYLESHEET = "static/style.css"
RAW = "nguon/"
SEARCH = "tim-kiem/"  # the search page
SEARCH_BUNDLE = "pagefind/pagefind.js"  # the search index's entry point (written by search.py)

SLUG_MAX = 80
PAGE_SEGMENT = "trang"
# Names Windows cannot use for a file or folder, whatever the extension ("con.txt" included).
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
# Child folder names that a grouping's own pages already use, or that some systems refuse.
RESERVED_SLUGS = frozenset({PAGE_SEGMENT, "chua-xac-dinh", "chua-ro-tinh", "chua-ro-ngay"}) | WINDOWS_RESERVED


@lru_cache(maxsize=1 << 16)
def slugify(text: str) -> str:
    """Readable lowercase ASCII words joined by hyphens: "quận Đống Đa" -> "quan-dong-da".

    Text of Vietnamese and ASCII letters only (nearly every label) is folded directly, which
    gives python-slugify's result ten times faster; anything else goes through python-slugify.
    Remembered per text: grouping 10,000 bulletins asks for 59,000 slugs of far fewer names
    (places and people recur), 0.2 of the archive stage's 2 s."""
    text = text or ""
    if _VIETNAMESE_TEXT.fullmatch(text):
        return _NON_ALNUM.sub("-", fold(_DIGIT_COMMA.sub("", text))).strip("-")
    return _slugify(text, lowercase=True)


def _vietnamese_letters() -> str:
    from danvan_site.vn.text import UPPER

    return "".join(sorted(set(UPPER) | {c.lower() for c in UPPER}))


_VIETNAMESE_TEXT = re.compile(f"[\\x20-\\x7e{re.escape(_vietnamese_letters())}]*")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def short_hash(text: str, length: int = 6) -> str:
    """The first ``length`` hex digits of the SHA-1 of ``text`` (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def truncate_slug(slug: str, limit: int = SLUG_MAX) -> str:
    """Cut a slug to at most ``limit`` characters at a hyphen (a whole-word prefix).

    A single word longer than the limit is cut inside the word. Never ends with a hyphen.
    """
    if len(slug) <= limit:
        return slug.strip("-")
    cut = slug[: limit + 1]
    if cut.endswith("-"):
        return cut.rstrip("-")
    head = cut.rsplit("-", 1)[0] if "-" in cut else ""
    return (head or slug[:limit]).strip("-")


def article_slug(title: str, article_id: str, hash_length: int = 6) -> str:
    """"<title words, at most ~80 characters>-<6 hex of sha1(id)>"."""
    words = truncate_slug(slugify(title)) or "bai-viet"
    return f"{words}-{short_hash(article_id, hash_length)}"


def article_url(slug: str) -> str:
    return f"{ALL_ARTICLES}{slug}/"


_UNSAFE_STEM_RE = re.compile(r"[^a-z0-9_-]+")
_PLAIN_HREF_RE = re.compile(r"[A-Za-z0-9/._~-]*")


def safe_file_stem(name: str) -> str:
    """A file name stem that is safe on every file system and inside a URL.

    Lowercase ASCII letters, digits, "_" and "-" are kept as they are; a name that needs any
    change (other characters, capitals, leading dots) is folded and gets a hash of the original,
    so two different names never share a stem: "000_889518c93afc39ce" stays, "Bản tin 1"
    becomes "ban-tin-1-<6 hex>", "../x" becomes "x-<6 hex>", "con" (reserved on Windows)
    becomes "con-<6 hex>".
    """
    if (
        name
        and _UNSAFE_STEM_RE.search(name) is None
        and not name.startswith("-")
        and name not in WINDOWS_RESERVED
    ):
        return name
    folded = _UNSAFE_STEM_RE.sub("-", fold(name)).strip("-_")
    folded = truncate_slug(folded, SLUG_MAX) or "tep"
    return f"{folded}-{short_hash(name)}"


RAW_SUFFIXES = {".txt": ".txt", ".html": ".html.txt", ".htm": ".html.txt", ".docx": ".docx"}


def raw_url(article_id: str, source_file: str = "") -> str:
    """Where the copy of a bulletin's source file lives: "nguon/<id>.txt" for a text file,
    "nguon/<id>.html.txt" for a web page (its bytes unchanged, but served as text, so that nothing
    of a scraped page runs on the site), "nguon/<id>.docx" for a Word file."""
    dot = source_file.rfind(".")
    suffix = RAW_SUFFIXES.get(source_file[dot:].lower(), ".txt") if dot > 0 else ".txt"
    return f"{RAW}{safe_file_stem(article_id)}{suffix}"


def locality_slug(level: str | None, name: str | None) -> str:
    """"phuong-gia-thuy" for phường Gia Thụy; "gia-thuy" when the level is unknown."""
    return slugify(" ".join(part for part in (level, name) if part))


def year_url(year: int) -> str:
    return f"{DATES}{year:04d}/"


def month_url(year: int, month: int) -> str:
    return f"{DATES}{year:04d}/{month:02d}/"


def meeting_type_url(slug: str) -> str:
    return f"{MEETING_TYPES}{slugify(slug) or 'khac'}/"


def person_slug(name: str, key: str) -> str:
    """"nguyen-thanh-bien-<6 hex>": names that fold alike ("Hùng"/"Hưng") stay apart."""
    return f"{truncate_slug(slugify(name)) or 'nguoi'}-{short_hash(key)}"


def organisation_url(slug: str) -> str:
    """"to-chuc/hoi-cuu-chien-binh/"; a slug that is empty or reserved gets a hash of itself."""
    clean = truncate_slug(slugify(slug))
    if not clean or clean in RESERVED_SLUGS:
        clean = f"{clean or 'to-chuc'}-{short_hash(slug)}"
    return f"{ORGANISATIONS}{clean}/"


def period_year_url(year: int) -> str:
    """The reporting periods that start in ``year``: "ky-bao-cao/2021/"."""
    return f"{PERIODS}{year:04d}/"


def static_url(relative_path: str) -> str:
    return f"{STATIC}{relative_path}"


def child_url(parent_url: str, slug: str) -> str:
    """The page of a child grouping: "dia-phuong/ha-noi/" + "quan-long-bien"."""
    if not slug or "/" in slug or slug in (".", ".."):
        raise ValueError(f"not a folder name: {slug!r}")
    return f"{parent_url}{slug}/"


def chunk_url(node_url: str, chunk: int) -> str:
    """Chunk ``chunk`` (1 = the oldest) of a list in time order: "<node>trang/<chunk>/"."""
    if chunk < 1:
        raise ValueError(f"chunks start at 1 (got {chunk})")
    return f"{node_url}{PAGE_SEGMENT}/{chunk}/"


def page_url(node_url: str, number: int) -> str:
    """Page ``number`` of a paginated list: page 1 is the node itself, page N "<node>trang/N/"."""
    if number < 1:
        raise ValueError(f"page numbers start at 1 (got {number})")
    if number == 1:
        return node_url
    return f"{node_url}{PAGE_SEGMENT}/{number}/"


def feed_url(page_url: str) -> str:
    """The Atom feed of the page at ``page_url``: "dia-phuong/ha-noi/" -> "dia-phuong/ha-noi/feed.xml"."""
    if page_url and not page_url.endswith("/"):
        raise ValueError(f"not a page URL: {page_url!r}")
    return f"{page_url}{FEED_FILE}"


def output_path(url: str) -> str:
    """The file, relative to the output folder, that holds ``url``."""
    if url == "" or url.endswith("/"):
        return f"{url}index.html"
    return url


@lru_cache(maxsize=1 << 16)
def _start_parts(from_url: str) -> tuple[str, ...]:
    """The folders of the page at ``from_url`` (a page ending in "/" is its own folder)."""
    from_dir = from_url if (from_url == "" or from_url.endswith("/")) else posixpath.dirname(from_url) + "/"
    return tuple(part for part in from_dir.split("/") if part)


@lru_cache(maxsize=1 << 16)
def _dest_parts(target: str) -> tuple[str, ...]:
    """The path parts of the file that holds ``target``, each percent-encoded when needed."""
    path = output_path(target)
    parts = [part for part in path.split("/") if part]
    if _PLAIN_HREF_RE.fullmatch(path):  # nearly every address: one match, not one per part
        return tuple(parts)
    return tuple(part if _PLAIN_HREF_RE.fullmatch(part) else quote(part, safe="-._~") for part in parts)


def relative(from_url: str, to_url: str) -> str:
    """A relative href from the page at ``from_url`` to ``to_url`` (both site-root relative).

    Links to pages name their ``index.html`` explicitly:
    ``relative("bai-viet/x/", "")`` -> "../../index.html",
    ``relative("", "dia-phuong/")`` -> "dia-phuong/index.html",
    ``relative("thoi-gian/2021/", "thoi-gian/2021/07/")`` -> "07/index.html".
    A "#fragment" on ``to_url`` is kept; ``to_url`` may be just "#fragment".
    """
    target, sep, fragment = to_url.partition("#")
    if target == "" and sep:
        return f"#{fragment}"
    start = _start_parts(from_url)
    dest = _dest_parts(target)
    common = 0
    limit = min(len(start), len(dest) - 1)
    while common < limit and start[common] == dest[common]:
        common += 1
    href = "/".join([".."] * (len(start) - common) + list(dest[common:]))
    return f"{href}#{fragment}" if sep else href
