"""Saved portal pages (``.html``, ``.htm``) -> the :class:`~danvan_site.readers.text.Source` the
extractor reads. Needs the optional install ``pip install "danvan-site[html]"`` (trafilatura,
with htmldate and lxml).

A page is read in four steps, offline (nothing is ever fetched):

1. **Decode**: a byte-order mark, else the charset the page declares, else UTF-8, else the
   legacy code page that reads most like Vietnamese (as for ``.txt``).
2. **Evidence from the structure**, before anything is removed: the ``<h1>``, ``og:title``,
   ``<title>``, ``article:published_time``, ``<time datetime>``, ``itemprop`` and JSON-LD
   values, ``meta name=author``, the site's name, the breadcrumb's last label, the visible date
   and views counter next to the headline, a byline element. They are kept in ``Source.hints``
   as (value, where), and the ones the text needs are chosen from them.
3. **Clean, then the main text**: scripts, styles, forms, navigation, menus, share widgets,
   comment boxes, related-news lists, sidebars and footers are removed from the tree; trafilatura
   finds the article's text in what is left (its own rules drop the rest of a page's furniture).
   Its paragraphs, list items and table rows (cells joined by " | ") become lines.
4. **The text a scraper's ``.txt`` would hold**: the site's name (and the line under it) and the section, the headline, a
   publication line (``dd/mm/yyyy HH:MM``, with the views counter and the author the page states
   beside the date), a blank line, the body's paragraphs (one per line, blank lines between), and
   the byline when the page prints it apart from the body. The Vietnamese rules of the extractor
   (event date, places, meeting type, period, people, bylines, captions) then run on it exactly as
   on a ``.txt``.
"""
from __future__ import annotations

import codecs
import copy
import hashlib
import json
import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from danvan_site import vocab as vocabulary
from danvan_site.core.errors import ParseError
from danvan_site.core.models import Diagnostic
from danvan_site.readers.text import (BINARY_SIGNATURES, Hints, Source, _decode_legacy, markup_diagnostic, normalise,
                                      read_bytes, strip_controls)
from danvan_site.vn.text import collapse, tone_key, trim_piece

if TYPE_CHECKING:  # lxml is an optional install: imported when a page is read
    from lxml.html import HtmlElement

__all__ = ["read_source", "page_text", "decode_page"]

VN = timezone(timedelta(hours=7))

# --- 1. decoding -------------------------------------------------------------------------------

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL_RE = re.compile(r"""^\s*<\?xml[^>]*\?>""")


def decode_page(data: bytes, rel: str) -> tuple[str, str, list[Diagnostic]]:
    """A page's bytes -> (text, encoding, diagnostics). Raises ParseError for binary input."""
    for magic, what in BINARY_SIGNATURES.items():
        if data.startswith(magic):
            raise ParseError(rel, f"this is {what}, not a web page", hint="remove it from the corpus or save the page as HTML")
    diags: list[Diagnostic] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", diags
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32", errors="replace"), "utf-32", diags
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16", diags
    if b"\x00" in data:
        raise ParseError(rel, "the file holds binary data (NUL bytes), not a web page",
                         hint="save the page again from the browser (File > Save as, HTML only)")
    declared = _CHARSET_RE.search(data[:4096])
    if declared is not None:
        name = declared.group(1).decode("ascii", "replace").lower()
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = None
        if codec is not None and codec not in ("utf-8", "utf-16", "utf-32"):
            try:
                return data.decode(codec), codec, diags
            except UnicodeDecodeError:
                diags.append(Diagnostic(rel, f"the page says it is {name} but is not; read as UTF-8 or a legacy code page",
                                        field="encoding"))
    try:
        return data.decode("utf-8"), "utf-8", diags
    except UnicodeDecodeError as exc:
        text, enc = _decode_legacy(data)
        diags.append(Diagnostic(rel, f"not valid UTF-8 (byte {exc.start}); read as {enc}", field="encoding",
                                hint="check the text and save the page as UTF-8"))
        return text, enc, diags


def _parse(html: str, rel: str) -> HtmlElement:
    import lxml.etree
    import lxml.html

    html = _XML_DECL_RE.sub("", html, count=1)  # lxml refuses a str that declares its encoding
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise ParseError(rel, f"this page cannot be read as HTML ({exc})",
                         hint="save the page again from the browser, or save the bulletin's text as .txt") from exc
    if tree is None or not isinstance(tree.tag, str):
        raise ParseError(rel, "this page cannot be read as HTML (no document found)",
                         hint="save the page again from the browser, or save the bulletin's text as .txt")
    return tree


# --- small helpers -------------------------------------------------------------------------------


def _text(el: Any) -> str:
    """An element's text, its pieces joined by spaces (``<span>a</span><span>b</span>`` -> "a b"),
    whitespace collapsed, NFC."""
    if el is None:
        return ""
    return collapse(normalise(" ".join(el.itertext())))


def _clean(value: Any) -> str:
    return collapse(normalise(str(value))) if value is not None else ""


def _tokens(el: HtmlElement) -> list[str]:
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower().split()


def _fold(text: str) -> str:
    """For comparing two texts of the page: tone placement, case, spacing and outer punctuation."""
    return tone_key(collapse(text)).strip(" .:;,-–—|\"'“”")


def _add(hints: Hints, name: str, value: str, where: str) -> None:
    value = _clean(value)
    if value and (value, where) not in hints.setdefault(name, []):
        hints[name].append((value, where))


# --- 2. evidence from the structure --------------------------------------------------------------

# <meta> attributes -> hint name, in the order they are trusted.
_META = (
    ("title", ("og:title", "twitter:title", "dc.title", "dcterms.title")),
    ("published", ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
                   "publish-date", "article.published", "dc.date.issued", "dc.date", "dcterms.created",
                   "dcterms.issued", "date", "sailthru.date", "parsely-pub-date")),
    ("modified", ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified")),
    ("author", ("author", "article:author", "dc.creator", "dcterms.creator", "byl", "parsely-author")),
    ("site", ("og:site_name", "application-name", "twitter:site", "dc.publisher")),
    ("section", ("article:section", "section", "parsely-section")),
    ("description", ("description", "og:description", "twitter:description", "dc.description")),
    ("url", ("og:url",)),
    ("image", ("og:image",)),
)
_META_KEYS = {key: name for name, keys in _META for key in keys}


def structure_hints(tree: HtmlElement) -> Hints:
    """What the page's markup states: metadata, headings, machine-readable dates, bylines."""
    hints: Hints = {}
    found: list[tuple[str, str, str]] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        name = _META_KEYS.get(key)
        content = meta.get("content")
        if name and content and not (name == "author" and content.strip().startswith(("http://", "https://"))):
            attr = "property" if meta.get("property") else ("name" if meta.get("name") else "itemprop")
            found.append((name, content, f'<meta {attr}="{key}">'))
    order = {key: i for i, (_, keys) in enumerate(_META) for key in keys}
    for name, content, where in sorted(found, key=lambda f: order.get(f[2].split('"')[1], 99)):
        _add(hints, name, content, where)
    for data in _json_ld(tree):
        for key, name in (("headline", "title"), ("datePublished", "published"), ("dateModified", "modified"),
                          ("articleSection", "section"), ("url", "url")):
            value = data.get(key)
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, str):
                _add(hints, name, value, f"JSON-LD {key}")
        for key, name in (("author", "author"), ("publisher", "site")):
            for person in data.get(key) if isinstance(data.get(key), list) else [data.get(key)]:
                value = person.get("name") if isinstance(person, dict) else person
                if isinstance(value, str) and not value.startswith(("http://", "https://")):
                    _add(hints, name, value, f"JSON-LD {key}")
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        prop = (el.get("itemprop") or "").lower()
        if prop == "headline" and el.tag != "meta":
            _add(hints, "title", _text(el), '[itemprop="headline"]')
        elif prop == "datepublished" and el.tag != "meta":
            _add(hints, "published", el.get("datetime") or el.get("content") or _text(el), f'<{el.tag} itemprop="datePublished">')
        elif prop == "author" and el.tag != "meta":
            named = next((n for n in el.iter() if isinstance(n.tag, str) and (n.get("itemprop") or "").lower() == "name"), None)
            value = (named.get("content") or _text(named)) if named is not None else (el.get("content") or _text(el))
            _add(hints, "author", value, '[itemprop="author"]')
    for el in tree.iter("h1"):
        _add(hints, "title", _text(el), "<h1>")
    for el in tree.iter("time"):
        if el.get("datetime"):
            _add(hints, "published" if _is_published_time(el) else "time", el.get("datetime"), "<time datetime>")
    for el in tree.iter("a"):
        if "author" in (el.get("rel") or "").lower().split():
            _add(hints, "author", _text(el), '<a rel="author">')
    for el in tree.iter("title"):
        _add(hints, "page_title", _text(el), "<title>")
        break
    for el in tree.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            _add(hints, "url", el.get("href"), '<link rel="canonical">')
    lang = tree.get("lang") or tree.get("xml:lang")
    if lang:
        _add(hints, "language", lang, "<html lang>")
    crumbs = _breadcrumb(tree)
    if crumbs:
        _add(hints, "breadcrumb", " > ".join(crumbs), "breadcrumb")
        _add(hints, "section", crumbs[-1], "breadcrumb")
    for el in tree.iter("figcaption"):
        _add(hints, "caption", _text(el), "<figcaption>")
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag not in ("meta", "link", "img", "body", "html") \
                and any(_SITE_TOKEN.search(t) for t in _tokens(el)):
            text = _text(el) or next((_clean(i.get("alt")) for i in el.iter("img") if i.get("alt")), "")
            if text and len(text.split()) <= 25:
                _add(hints, "site", text, f"<{el.tag} class=\"{el.get('class') or el.get('id')}\">")
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag not in ("meta", "link", "img", "body", "html") \
                and any(_TAGLINE_TOKEN.search(t) for t in _tokens(el)):
            text = _text(el)
            if text and len(text.split()) <= 15:
                _add(hints, "tagline", text, f"<{el.tag} class=\"{el.get('class') or el.get('id')}\">")
    # the innermost first: "site-title" before the "site-branding" box around it and its slogan
    hints["site"] = sorted(hints.get("site", []), key=lambda vw: (not vw[1].startswith(("<meta", "JSON-LD")), len(vw[0])))
    if not hints["site"]:
        del hints["site"]
    return hints


# The line a portal prints under its name (the body it belongs to: "ĐẢNG BỘ TỈNH HÀ TĨNH").
_TAGLINE_TOKEN = re.compile(r"^(?:site-description|site-slogan|slogan|tagline|site-tagline|banner-sub|sub-title-site)$")
# The portal's name as the page's header prints it.
_SITE_TOKEN = re.compile(r"^(?:site-title|site-name|sitename|site-branding|logo|brand|banner-title|header-title|"
                         r"portal-name|portal-title|ten-don-vi|tendonvi|ten-cong|ten-trang)$")


def _is_published_time(el: HtmlElement) -> bool:
    """A ``<time>`` that dates the article, not a comment, a related item or an update."""
    tokens = " ".join(_tokens(el))
    if "modified" in tokens or "updated" in tokens:
        return False
    if el.get("pubdate") is not None or "publish" in tokens or "entry-date" in tokens or (el.get("itemprop") or "").lower() == "datepublished":
        return True
    for anc in el.iterancestors():
        if anc.tag in ("li", "aside", "footer", "nav") or any(_CHROME_TOKEN.search(t) for t in _tokens(anc)):
            return False
    return True


def _json_ld(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]])
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and ("Article" in k or k in ("WebPage", "Report", "BlogPosting")) for k in kinds):
                    yield item


def _breadcrumb(tree: HtmlElement) -> list[str]:
    """The labels of the page's breadcrumb trail ("Trang chủ", "Tin tức", "Mặt trận")."""
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        tokens = _tokens(el)
        if (any("breadcrumb" in t for t in tokens) or (el.get("aria-label") or "").lower() in ("breadcrumb", "breadcrumbs")
                or "BreadcrumbList" in (el.get("itemtype") or "")):
            items = [_text(a) for a in el.iter("a", "li", "span") if not any(c.tag in ("a", "li") for c in a.iterchildren())]
            labels: list[str] = []
            for item in items:
                item = item.strip(" >»›/|")
                if item and item not in labels and len(item) < 80:
                    labels.append(item)
            if not labels:
                labels = [p.strip() for p in re.split(r"\s(?:>|»|›|/)\s", _text(el)) if p.strip()]
            return labels
    return []


# --- 3. cleaning the tree ------------------------------------------------------------------------

# Elements that are never part of a bulletin's text.
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
              "svg", "math", "canvas", "form", "input", "button", "select", "option", "textarea", "label", "nav",
              "menu", "dialog", "audio", "video", "source", "track", "map", "area", "link", "meta", "head", "aside",
              "footer")
# Class or id words of page furniture: navigation, menus, share and print widgets, comments,
# related and other news, tags, ratings, adverts, sidebars, footers (Liferay, SharePoint,
# WordPress, Joomla, Drupal, NukeViet and newspaper templates name them so).
_CHROME_TOKEN = re.compile(
    r"(?:^|[-_])(?:breadcrumbs?|nav|navbar|navigation|menus?|megamenu|sidebar|sidebars|widgets?|footer|copyright|"
    r"share|sharing|sharer|social|socials|sharedaddy|addthis|addtoany|a2a|zalo-share|fb-like|likebox|"
    r"comments?|comment-respond|respond|binhluan|binh-luan|ykien|y-kien|"
    r"related|relatedposts|relate|relates|lienquan|lien-quan|tinlienquan|tin-lien-quan|tinkhac|tin-khac|othernews|"
    r"other-news|morenews|more-news|samecategory|same-category|cungchuyenmuc|tinmoi|tin-moi|latest|newest|"
    r"most-viewed|mostviewed|docnhieu|doc-nhieu|hot-news|hotnews|"
    r"tags?|tagcloud|keywords?|rating|ratings|vote|votes|pagination|pager|toolbar|tools|"
    r"banner|advert|adverts|ads|adsbygoogle|quangcao|quang-cao|qc|popup|modal|cookie|cookies|search|"
    r"skip-link|screen-reader-text|visually-hidden|sr-only|hidden)(?:$|[-_])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NEVER_DROP = ("html", "body", "main", "article")


def _is_content(el: HtmlElement) -> bool:
    """An element that holds an article's text (two paragraphs of 25 words or more, or the
    headline with a paragraph): a chrome-like name on it is not enough to drop it."""
    long_paragraphs = 0
    for p in el.iter("p", "div"):
        if p.tag == "div" and any(isinstance(c.tag, str) for c in p):
            continue
        if len(_text(p).split()) >= 25:
            long_paragraphs += 1
            if long_paragraphs >= 2:
                return True
    return False


def clean_tree(tree: HtmlElement) -> None:
    """Remove what is never a bulletin's text (in place): scripts, styles, forms, embedded
    objects, navigation, hidden elements, comments, and blocks whose class or id names page
    furniture (unless they hold the article's paragraphs)."""
    import lxml.etree

    for node in list(tree.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        _remove(node)
    doomed: list[HtmlElement] = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in _NEVER_DROP:
            continue
        if el.tag in _DROP_TAGS and not (el.tag in ("aside", "footer") and _is_content(el)):
            doomed.append(el)
        elif el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true" \
                or _HIDDEN_STYLE.search(el.get("style") or ""):
            doomed.append(el)
        elif any(_CHROME_TOKEN.search(t) for t in _tokens(el)) and not _is_content(el):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None and not any(a in doomed for a in el.iterancestors()):
            _remove(el)
    # Lists of links that no class names (an old portal's "Các tin khác", a menu in a table):
    # two links or more, and most of the words in links.
    for el in list(tree.iter("table", "ul", "ol", "div", "section", "dl")):
        if el.getroottree().getroot() is not tree:
            continue  # inside a list removed already
        if _link_list(el) and not _is_content(el):
            _remove(el)


_LAYOUT_BLOCKS = ("p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "iframe", "form")


def _is_layout(table: HtmlElement) -> bool:
    """A table that lays out the page (old portals) rather than holding data: a cell holds
    blocks, another table, paragraphs split by line breaks, or long text."""
    for cell in _own_cells(table):
        if any(isinstance(d.tag, str) and d.tag in _LAYOUT_BLOCKS for d in cell.iterdescendants()):
            return True
        if sum(1 for _ in cell.iter("br")) >= 2 or len(" ".join(cell.itertext()).split()) > 60:
            return True
    return False


def _own_cells(table: HtmlElement) -> Iterator[HtmlElement]:
    """The cells of a table, not those of the tables inside it."""
    for el in table.iterdescendants("td", "th"):
        if next(el.iterancestors("table"), None) is table:
            yield el


def unwrap_layout_tables(tree: HtmlElement) -> None:
    """Turn layout tables into plain boxes (``div``), so that the main-text extraction sees the
    page's blocks, not one table; tables of data (a list of officials) stay tables."""
    for table in list(tree.iter("table")):
        if not _is_layout(table):
            continue
        parts = [table] + [el for el in table.iterdescendants("tbody", "thead", "tfoot", "tr", "td", "th", "caption")
                           if next(el.iterancestors("table"), None) is table]
        for el in parts:
            el.tag = "div"
            for attr in ("width", "height", "align", "valign", "bgcolor", "border", "cellpadding", "cellspacing",
                         "colspan", "rowspan"):
                el.attrib.pop(attr, None)


_PHRASING = {"a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "img", "kbd", "mark", "q", "s", "small",
             "span", "strike", "strong", "sub", "sup", "time", "u", "var", "br", "wbr", "nobr", "ins", "del"}


def split_br_paragraphs(tree: HtmlElement) -> None:
    """Paragraphs an old editor separated with blank lines (``text<br><br>text``) become ``<p>``
    elements, as Readability does: the main-text extraction reads paragraphs, not one block."""
    import lxml.html

    for br in list(tree.iter("br")):
        parent = br.getparent()
        if parent is None or (br.tail or "").strip():
            continue
        run = [br]
        nxt = br.getnext()
        while nxt is not None and nxt.tag == "br" and not (run[-1].tail or "").strip():
            run.append(nxt)
            if (nxt.tail or "").strip():
                break
            nxt = nxt.getnext()
        if len(run) < 2:
            continue
        # The content before the run, back to the previous block or run: a paragraph too.
        _wrap_before(parent, run[0])
        para = lxml.html.Element("p")
        para.text = run[-1].tail
        run[-1].tail = None
        sibling = run[-1].getnext()
        while sibling is not None:
            if not isinstance(sibling.tag, str) or sibling.tag not in _PHRASING:
                break
            if sibling.tag == "br" and sibling.getnext() is not None and sibling.getnext().tag == "br" \
                    and not (sibling.tail or "").strip():
                break
            following = sibling.getnext()
            para.append(sibling)
            sibling = following
        at = parent.index(run[0])
        for b in run:
            parent.remove(b)
        parent.insert(at, para)
        if parent.tag == "p":
            parent.tag = "div"


def divs_to_paragraphs(tree: HtmlElement) -> None:
    """A ``<div>`` that holds only text and inline elements is a paragraph (as Readability reads
    it): the main-text extraction keeps paragraphs, and would drop a signature set in a ``<div
    align="right">`` under the text."""
    for el in tree.iter("div"):
        if any(isinstance(d.tag, str) and d.tag not in _PHRASING for d in el.iterdescendants()):
            continue
        if " ".join(el.itertext()).strip():
            el.tag = "p"


def _wrap_before(parent: HtmlElement, first_br: HtmlElement) -> None:
    """Wrap the inline content that stands before ``first_br`` (after the last block or ``<p>``
    of ``parent``) in a ``<p>``."""
    import lxml.html

    index = parent.index(first_br)
    start = index
    while start > 0 and isinstance(parent[start - 1].tag, str) and parent[start - 1].tag in _PHRASING \
            and not (parent[start - 1].tag == "br" and start - 2 >= 0 and parent[start - 2].tag == "br"):
        start -= 1
    leading = parent.text if start == 0 else parent[start - 1].tail
    moved = list(parent[start:index])
    if not (leading or "").strip() and not any(" ".join(m.itertext()).strip() for m in moved):
        return
    para = lxml.html.Element("p")
    para.text = leading
    if start == 0:
        parent.text = None
    else:
        parent[start - 1].tail = None
    for m in moved:
        para.append(m)
    parent.insert(start, para)


def _link_list(el: HtmlElement) -> bool:
    links = [a for a in el.iter("a") if _text(a)]
    if len(links) < 2:
        return False
    words = len(_text(el).split())
    linked = sum(len(_text(a).split()) for a in links)
    return words > 0 and linked / words >= 0.6


def _remove(node: Any) -> None:
    """Drop a node but keep the text that follows it (lxml keeps that text in the node's tail)."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail and tail.strip():
        prev = node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


# --- the info bar around the headline: visible date, views, byline --------------------------------

_BLOCKS = {"p", "div", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
           "header", "blockquote", "figcaption", "address", "ul", "ol", "dl", "table", "tr", "main", "figure", "pre"}
_DATE_RE = re.compile(r"(?<!\d)(?:(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|(\d{4})-(\d{2})-(\d{2})|"
                      r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))(?!\d)", re.IGNORECASE)
_TIME_RE = re.compile(r"(?<![\d:])(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?:\s*:\s*\d{2})?(?:\s*(SA|CH|AM|PM)\b)?(?![\d:])",
                      re.IGNORECASE)
_BYLINE_TOKEN = re.compile(r"(?:^|[-_])(?:author|authors|byline|tacgia|tac-gia|nguoiviet|nguoi-viet|signature|"
                           r"news-author|post-author|entry-author|article-author|author-name|writer|butdanh|createdby|created-by|"
                           r"postedby|posted-by|nguoidang|nguoi-dang)(?:$|[-_])")
_BYLINE_LABEL = re.compile(r"^\s*(?:tác giả|người viết|bài(?:, ảnh)?|tin(?:, ảnh)?|bài và ảnh|tin và ảnh|"
                           r"đăng bởi|viết bởi|gửi bởi|người đăng|bởi|by|posted by|written by)\s*:?\s*", re.IGNORECASE)


def _leaf_blocks(root: HtmlElement) -> list[HtmlElement]:
    """Block elements with text and no block inside, in document order."""
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag not in _BLOCKS:
            continue
        if any(isinstance(d.tag, str) and d.tag in _BLOCKS for d in el.iterdescendants()):
            continue
        if _text(el):
            out.append(el)
    return out


@lru_cache(maxsize=1)
def _views_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    label = vocabulary.raw("chrome.yaml")["views"]
    return (re.compile(rf"(?<!\w)(?:{label})\s*:?\s*(\d[\d.,]*)", re.IGNORECASE),
            re.compile(rf"(?<![\w.,])(\d[\d.,]*)\s*(?:{label})(?!\w)", re.IGNORECASE))


@lru_cache(maxsize=1)
def _cms_account() -> re.Pattern[str]:
    return re.compile(vocabulary.raw("chrome.yaml")["cms_accounts"], re.IGNORECASE)


def _views_in(text: str) -> int | None:
    for pattern in _views_patterns():
        m = pattern.search(text)
        if m:
            digits = re.sub(r"[.,]", "", m.group(1))
            if digits.isdigit():
                return int(digits)
    return None


@lru_cache(maxsize=1)
def _word_dates() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]:
    """Dates in words, with the month names of ``data/dates.yaml``: "12 Tháng Tám, 2022",
    "14 tháng 4, 2021", "August 12, 2022", "12 Aug 2022"."""
    words = vocabulary.raw("dates.yaml")
    months = {k.lower(): int(v) for k, v in {**words["months_vi"], **words["months_en"]}.items()}
    names = vocabulary.trie_pattern(sorted(months))
    day_first = re.compile(rf"(?<!\d)(\d{{1,2}})\s+(?:tháng\s+)?(\d{{1,2}}|{names})(?!\w)\.?\s*(?:,|năm)?\s*(\d{{4}})(?!\d)",
                           re.IGNORECASE)
    month_first = re.compile(rf"(?<!\w)({names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(\d{{4}})(?!\d)", re.IGNORECASE)
    return day_first, month_first, months


def _month(value: str, months: dict[str, int]) -> int:
    return int(value) if value.isdigit() else months[value.lower()]


def _date_in(text: str) -> datetime | date | None:
    """The first full date of a visible text, with its time when one stands beside it."""
    day_first, month_first, months = _word_dates()
    found: list[tuple[int, int, tuple[int, int, int]]] = []
    m = _DATE_RE.search(text)
    if m is not None:
        g = m.groups()
        ymd = ((int(g[2]), int(g[1]), int(g[0])) if g[0] else (int(g[3]), int(g[4]), int(g[5])) if g[3]
               else (int(g[8]), int(g[7]), int(g[6])))
        found.append((m.start(), m.end(), ymd))
    w = day_first.search(text)
    if w is not None:
        found.append((w.start(), w.end(), (int(w.group(3)), _month(w.group(2), months), int(w.group(1)))))
    w = month_first.search(text)
    if w is not None:
        found.append((w.start(), w.end(), (int(w.group(3)), _month(w.group(1), months), int(w.group(2)))))
    if not found:
        return None
    start, end, (y, mo, dd) = min(found)
    try:
        d = date(y, mo, dd)
    except ValueError:
        return None
    m = _Span(start, end)
    rest = text[: m.start] + " § " + text[m.end:]
    t = _TIME_RE.search(rest)
    if t is None:
        return d
    hour, minute = int(t.group(1)), int(t.group(2))
    mark = (t.group(3) or "").upper()
    if mark in ("CH", "PM") and hour < 12:
        hour += 12
    elif mark in ("SA", "AM") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return d
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=VN)


class _Span:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


@lru_cache(maxsize=1)
def _furniture() -> re.Pattern[str]:
    """What stands on a date line besides a writer's name: labels, weekdays, poster words."""
    chrome = vocabulary.raw("chrome.yaml")
    words = vocabulary.raw("dates.yaml")
    return re.compile(rf"(?<!\w)(?:{chrome['date_labels']}|{'|'.join(words['weekdays'])}|"
                      rf"{vocabulary.alternation(words['poster_words'])}|at|on|gmt\s*[+-]?\s*\d*)(?!\w)", re.IGNORECASE)


def _poster_in(text: str) -> str | None:
    """A name printed on the date line ("Thu Hằng | 12/03/2021 08:15", "Đăng bởi: Ngọc Trâm"):
    what is left of the line without its date, time, views, labels and weekday, when it reads
    as a name; never a CMS account."""
    rest = _DATE_RE.sub(" | ", text)
    day_first, month_first, _ = _word_dates()
    rest = month_first.sub(" | ", day_first.sub(" | ", rest))
    rest = _TIME_RE.sub(" | ", rest)
    for pattern in _views_patterns():
        rest = pattern.sub(" | ", rest)
    rest = _furniture().sub(" | ", rest)
    pieces = [trim_piece(p) for p in re.split(r"[|•·/,]|\s[-–—]\s", rest)]
    names = [p for p in pieces if p and re.search(r"[^\W\d_]", p)]
    if len(names) != 1:
        return None
    name = names[0]
    head = name.split("(")[0].split()  # "Nguyễn Hoàn (báo Lao động)": the name before its paper
    if not 1 <= len(head) <= 5 or re.search(r"\d", name) or _cms_account().fullmatch(name):
        return None
    if not all(w[:1].isupper() for w in head) or (len(head) == 1 and not head[0].isupper()):
        return None  # "Tin địa phương" is a section, "admin" an account; "PV", "TTXVN" sign
    return name


def _iso(value: str) -> datetime | date | None:
    """A machine-readable date (ISO 8601, as in ``<time datetime>`` and ``article:published_time``),
    aware times moved to Vietnam's time; None when it is not one."""
    value = value.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?", value)
    if m is None:
        return _date_in(value)
    y, mo, d, hh, mm, _, zone = m.groups()
    try:
        if hh is None:
            return date(int(y), int(mo), int(d))
        when = datetime(int(y), int(mo), int(d), int(hh), int(mm))
    except ValueError:
        return None
    if zone:
        offset = timedelta(0) if zone == "Z" else timedelta(
            hours=int(zone[1:3]), minutes=int(zone[-2:])) * (1 if zone[0] == "+" else -1)
        return when.replace(tzinfo=timezone(offset)).astimezone(VN)
    return when.replace(tzinfo=VN)


# --- 4. the main text and the bulletin's text ----------------------------------------------------

class _Page:
    """What the reader chose from a page: the lines of the text it writes, and the hints."""

    def __init__(self) -> None:
        self.site: str | None = None
        self.tagline: str | None = None
        self.section: str | None = None
        self.title: str | None = None
        self.published: datetime | date | None = None
        self.views: int | None = None
        self.poster: str | None = None  # a name the page prints next to the date or as its author
        self.byline: str | None = None  # a byline element apart from the body
        self.lead: str | None = None  # a sapo printed apart from the body
        self.visible: str | None = None  # the line beside the headline that shows the date
        self.visible_date: datetime | date | None = None
        self.info: set[str] = set()  # the short lines printed beside the headline (folded)
        self.body: list[str] = []
        self.hints: Hints = {}


def page_text(html: str, rel: str = "page.html") -> tuple[str, Hints]:
    """A decoded page -> (the text the extractor reads, the hints). Raises ParseError when the
    page holds no article text."""
    page = _read_page(html, rel)
    return _compose(page), page.hints


def _read_page(html: str, rel: str) -> _Page:
    import trafilatura

    tree = _parse(html, rel)
    page = _Page()
    page.hints = hints = structure_hints(tree)
    page.title = _choose_title(tree, hints)
    unwrap_layout_tables(tree)
    split_br_paragraphs(tree)
    clean_tree(tree)
    divs_to_paragraphs(tree)
    try:
        doc = trafilatura.bare_extraction(
            copy.deepcopy(tree), with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, include_formatting=False, deduplicate=False,
            # no extensive search: a date guessed from anywhere in the page (today's date in the
            # header, a related item's) is worse than none
            date_extraction_params={"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"},
            config=_config())
    except Exception as exc:  # noqa: BLE001 - a library failure on one page must not stop the build
        raise ParseError(rel, f"the page's text could not be extracted ({type(exc).__name__}: {exc})",
                         hint="save the bulletin's text as .txt instead") from exc
    if doc is not None:
        for name, attr in (("title", "title"), ("author", "author"), ("site", "sitename"), ("description", "description")):
            value = getattr(doc, attr, None)
            if value:
                _add(hints, name, value, "trafilatura")
        if getattr(doc, "date", None):
            _add(hints, "published", doc.date, "htmldate")
    lines = _body_lines(doc.body) if doc is not None and doc.body is not None else []
    if page.title is None:
        page.title = next((v for v, where in hints.get("title", []) if where == "trafilatura"), None)
    if not any(len(line.split()) >= 8 for line in lines):
        raise ParseError(rel, "no article text found in this page",
                         hint="check it is a saved bulletin page (not a list, a search or a login page), "
                              "or save the bulletin's text as .txt")
    title_el = _title_element(tree, page.title)
    _info_bar(tree, title_el, page)
    page.published = _choose_published(hints, page)
    page.site = _choose_site(hints, page.title)
    page.tagline = next((v for v, _ in hints.get("tagline", []) if page.title is None or _fold(v) != _fold(page.title)), None)
    section = next((v for v, _ in hints.get("section", []) if page.title is None or _fold(v) != _fold(page.title)), None)
    page.section = section if section and len(section.split()) <= 8 else None
    page.poster = page.poster or _meta_author(hints)
    page.body = _trim_body(_drop_trailing_outside(lines, tree), page)
    page.lead = _lead(tree, title_el, page)
    page.byline = _byline(tree, page)
    return page


@lru_cache(maxsize=1)
def _config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "100")  # a short bulletin is still an article
    return config


def _body_lines(body: Any) -> list[str]:
    """trafilatura's body (XML: head, p, list/item, table/row/cell, quote) -> lines."""
    out: list[str] = []

    def text_of(el: Any) -> str:
        parts: list[str] = []
        for piece in _pieces(el):
            parts.append(piece)
        return "".join(parts)

    def emit(text: str) -> None:
        for part in text.split("\n"):
            part = collapse(normalise(part))
            if part:
                out.append(part)

    def walk(el: Any, prefix: str = "") -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == "list":
                for item in child:
                    if isinstance(item.tag, str):
                        if any(isinstance(c.tag, str) and c.tag in ("list", "table", "p") for c in item):
                            head = (item.text or "").strip()
                            if head:
                                emit("- " + head)
                            walk(item, "- ")
                        else:
                            emit("- " + text_of(item))
            elif tag == "table":
                for row in child.iter("row"):
                    cells = [collapse(normalise(text_of(c).replace("\n", " "))) for c in row if c.tag == "cell"]
                    cells = [c for c in cells if c]
                    if cells:
                        out.append(" | ".join(cells))
            elif tag in ("div", "quote", "item") and any(isinstance(c.tag, str) and c.tag in ("p", "list", "table", "head")
                                                         for c in child):
                if (child.text or "").strip():
                    emit(child.text)
                walk(child, prefix)
            elif tag in ("graphic", "ref") and not text_of(child).strip():
                continue
            else:
                emit(prefix + text_of(child) if prefix else text_of(child))

    walk(body)
    return out


def _pieces(el: Any) -> Iterator[str]:
    """The text of a trafilatura element, a line break for each ``<lb>``."""
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str):
            if child.tag == "lb":
                yield "\n"
            else:
                yield from _pieces(child)
        if child.tail:
            yield child.tail


def _choose_title(tree: HtmlElement, hints: Hints) -> str | None:
    """The headline: a heading of the page (``itemprop=headline``, ``<h1>``-``<h3>``, a box whose
    class names a title: ``news-title``, ``tieude``) that the metadata confirms (``og:title``,
    JSON-LD, ``<title>`` or a part of it), as printed; never one that is the site's name (a
    template may set the portal's name in the ``<h1>``). Without a confirmed heading: see
    :func:`_fallback_title`."""
    meta = [_fold(v) for name in ("title", "page_title") for v, where in hints.get(name, [])
            if where.startswith(("<meta", "JSON-LD", "<title>"))]
    for v, _ in hints.get("page_title", []):  # "Headline - Portal's name": each part
        for sep in (" | ", " - ", " – ", " — ", " :: ", " » "):
            if sep in v:  # the headline may hold the separator too: cut at the first and at the last
                parts = [*v.split(sep, 1), *v.rsplit(sep, 1)]
                meta += [_fold(part) for part in parts if _fold(part) and _fold(part) not in meta]
    sites = {_fold(v) for v, _ in hints.get("site", [])}
    headings: list[tuple[str, str]] = [(v, w) for v, w in hints.get("title", []) if w == '[itemprop="headline"]']
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("h1", "h2", "h3"):
            where = f"<{el.tag}>"
        elif el.tag in ("div", "p", "span", "td", "a", "strong", "header") and any(
                _TITLE_TOKEN.search(t) for t in _tokens(el)) and not any(
                _CHROME_TOKEN.search(t) or _SITE_TOKEN.search(t) for t in _tokens(el)):
            where = "title class"
        else:
            continue
        text = _text(el)
        if text and len(text.split()) <= 60:
            headings.append((text, where))
    weight = {'[itemprop="headline"]': 60, "<h1>": 50, "title class": 30, "<h2>": 20, "<h3>": 0}
    best: tuple[int, str] | None = None
    for text, where in headings:
        folded = _fold(text)
        if len(folded) < 8 or folded in sites:
            continue
        score = 0
        for m in meta:
            if folded == m:
                score += 1000
            elif (m.startswith(folded) and len(folded) >= 0.5 * len(m)) or (folded in m and len(folded) >= 0.6 * len(m)):
                score += 100
        if score and (best is None or score + weight[where] > best[0]):
            best = (score + weight[where], text)
    if best is not None:
        return best[1]
    return _fallback_title(hints, headings, sites)


def _fallback_title(hints: Hints, headings: list[tuple[str, str]], sites: set[str]) -> str | None:
    """``og:title`` or JSON-LD's headline; else the first heading or title box of 4 to 45 words
    that is not the site's name; else the ``<title>``. (trafilatura's title is tried after
    extraction, when none of these is found.)"""
    for wanted in ("<meta property=\"og:title\">", "JSON-LD headline", "<meta name=\"twitter:title\">"):
        for v, where in hints.get("title", []):
            if where == wanted and _fold(v) not in sites:
                return v
    # Nothing for machines (an old portal, whose <title> is often its own name): the first
    # heading or title box of the page that is not the site's name.
    for text, where in headings:
        if _fold(text) not in sites and 4 <= len(text.split()) <= 45:
            _add(hints, "title", text, where)
            return text
    return next((v for v, _ in hints.get("page_title", [])), None)


_TITLE_TOKEN = re.compile(r"title|tieude|tieu-de|tieu_de|headline|heading")


def _title_element(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    """The innermost element of the page's body that prints the headline."""
    if not title:
        return None
    folded = _fold(title)
    body = next(tree.iter("body"), tree)
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in ("title", "meta", "script", "style"):
            continue
        if _fold(_text(el)) == folded and not any(
                isinstance(c.tag, str) and _fold(_text(c)) == folded for c in el.iterchildren()):
            return el
    return None


def _info_bar(tree: HtmlElement, title_el: HtmlElement | None, page: _Page) -> None:
    """The visible date and views counter printed beside the headline (the nearest short blocks
    above and below it, in the headline's own container, before the body's first paragraph),
    and the byline elements of the page (``class="author"``, ``byline``, ``tac-gia`` ...)."""
    blocks = _leaf_blocks(tree)
    at = None
    if title_el is not None:
        for i, b in enumerate(blocks):
            if b is title_el or title_el in b.iterancestors() or b in title_el.iterancestors():
                at = i
                break
    window: list[tuple[int, HtmlElement]] = []
    if at is not None:
        near = _containers(blocks[at])
        for i in range(at + 1, min(len(blocks), at + 10)):
            if len(_text(blocks[i]).split()) > 25:
                break  # the body has begun
            window.append((i - at, blocks[i]))
        for i in range(at - 1, max(-1, at - 4), -1):
            if len(_text(blocks[i]).split()) > 25 or not any(c in near for c in blocks[i].iterancestors()):
                break
            window.append((at - i, blocks[i]))
        window.sort(key=lambda item: item[0])
    for _, b in window:
        text = _text(b)
        n = len(text.split())
        if n > 16 or (text.endswith(".") and n > 8):
            continue
        page.info.add(_fold(text))
        when = _date_in(text)
        if when is not None and page.visible is None:
            page.visible, page.visible_date = text, when
            name = _poster_in(text)
            if name is not None:
                _add(page.hints, "author", name, f"<{b.tag}> beside the headline, by the date")
            _add(page.hints, "published", _stamp(when), f"<{b.tag}> beside the headline: {text[:80]}")
        views = _views_in(text)
        if views is not None and page.views is None:
            page.views = views
            _add(page.hints, "views", str(views), f"<{b.tag}> beside the headline: {text[:80]}")
    beside = {b for _, b in window}
    for el in tree.iter():
        if not isinstance(el.tag, str) or not any(_BYLINE_TOKEN.search(t) for t in _tokens(el)):
            continue
        if any(isinstance(d.tag, str) and any(_BYLINE_TOKEN.search(t) for t in _tokens(d)) for d in el.iterdescendants()):
            continue
        text = _text(el)
        if text and len(text.split()) <= 20 and not _DATE_RE.search(text):
            near = el in beside or any(a in beside for a in el.iterancestors())
            _add(page.hints, "author", text, f"<{el.tag} class=\"{el.get('class') or el.get('id')}\">"
                                             + (" beside the headline" if near else ""))


def _containers(el: HtmlElement) -> set[HtmlElement]:
    """The headline's parent and grandparent (not the page's body): a date above the headline
    counts only when it stands in the same box."""
    out: set[HtmlElement] = set()
    for anc in el.iterancestors():
        if anc.tag in ("body", "html") or len(out) == 2:
            break
        out.add(anc)
    return out


def _stamp(value: datetime | date) -> str:
    return value.isoformat(timespec="minutes") if isinstance(value, datetime) else value.isoformat()


def _choose_published(hints: Hints, page: _Page) -> datetime | date | None:
    """The publication date: the first machine-readable one that gives a time, else the visible
    date beside the headline (with its time), else a machine-readable date, else none."""
    # htmldate's date stays a hint: without the page's own metadata or a date beside the headline
    # it is a guess from the page's text (today's date in the header, a related item's), and a
    # wrong date is worse than none.
    machine: list[datetime | date] = []
    for value, where in hints.get("published", []):
        if "beside the headline" in where or where == "htmldate":
            continue
        when = _iso(value)
        if when is not None:
            machine.append(when)
    for when in machine:
        if isinstance(when, datetime):
            return when
    if isinstance(page.visible_date, datetime):
        return page.visible_date
    if machine:
        return machine[0]
    return page.visible_date


def _choose_site(hints: Hints, title: str | None) -> str | None:
    for value, where in hints.get("site", []):
        if where.startswith('<meta name="twitter:site"') or value.startswith("@"):
            continue
        if title is None or _fold(value) != _fold(title):
            return value
    page_title = next((v for v, _ in hints.get("page_title", [])), None)
    if page_title and title and _fold(title) not in _fold(page_title) and len(page_title.split()) <= 15:
        return page_title  # an old portal's <title>: its own name
    if page_title and title:
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            parts = [p.strip() for p in page_title.split(sep)]
            if len(parts) > 1:
                rest = [p for p in parts if _fold(p) != _fold(title) and _fold(p) not in _fold(title)]
                if rest and len(rest[-1].split()) <= 12:
                    return rest[-1]
    return None


def _meta_author(hints: Hints) -> str | None:
    """A writer the page's structure names (a byline element beside the headline, else
    ``itemprop=author``, ``rel=author``, ``meta name=author``); never a CMS account or a web
    address."""
    ranked = sorted(hints.get("author", []), key=lambda vw: "beside the headline" not in vw[1])
    for value, where in ranked:
        name = _BYLINE_LABEL.sub("", value).strip(" :-–|")
        if not name or "@" in name or "/" in name or _cms_account().fullmatch(name) or re.fullmatch(r"[a-z][a-z0-9_.]{3,}", name):
            continue
        if len(name.split()) > 16 or where == "trafilatura":
            continue  # trafilatura's author is a guess from the markup (kept as a hint only)
        return name
    return None


def _drop_trailing_outside(lines: list[str], tree: HtmlElement) -> list[str]:
    """The main text without what follows the article's last paragraph from outside the box
    that holds its paragraphs (a footer of an old portal's layout table that the main-text
    extraction took along). The box is the innermost element holding every paragraph of 15 words
    or more that ends like a sentence (not a headline, not a portal's name in capitals)."""
    where: dict[str, HtmlElement] = {}
    for el in tree.iter("p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "pre"):
        if isinstance(el.tag, str):
            where.setdefault(_fold(_text(el)), el)
    long = [i for i, line in enumerate(lines)  # paragraphs of the article: long, and closed like sentences
            if len(line.split()) >= 15 and line.rstrip().endswith((".", "!", "?", "…", '"', "”", ":", ";"))
            and _fold(line) in where]
    if not long:
        return lines
    box: HtmlElement | None = None
    for i in long:
        el = where[_fold(lines[i])]
        if box is None:
            box = el.getparent() if el.getparent() is not None else el
            continue
        while box is not None and box is not el and box not in el.iterancestors():
            box = box.getparent()
    if box is None or box.tag in ("html", "body"):
        return lines
    last = long[-1]
    kept = lines[: last + 1]
    for line in lines[last + 1:]:
        el = where.get(_fold(line))
        if el is not None and el is not box and box not in el.iterancestors():
            continue  # outside the article's box: a footer, a widget below the page
        kept.append(line)
    return kept


def _is_paragraph(line: str) -> bool:
    return len(line.split()) >= 15 or (len(line.split()) >= 8 and line.rstrip().endswith((".", "!", "?", "…", ":", ";")))


def _trim_body(lines: list[str], page: _Page) -> list[str]:
    """trafilatura's lines without what the text's header already says: the headline and the
    date line above the first paragraph, a views or share line there."""
    title = _fold(page.title) if page.title else None
    visible = {_fold(page.visible)} if page.visible else set()
    out: list[str] = []
    started = False
    for line in lines:
        if not started:
            folded = _fold(line)
            if title and folded == title:
                continue
            if folded in visible or folded in page.info or _fold(line.lstrip("-• ")) in page.info or (len(line.split()) <= 30 and _date_in(line) is not None
                                     and (_views_in(line) is not None or len(line.split()) <= 12)
                                     and not _is_paragraph(line)):
                continue
            if _views_in(line) is not None and len(line.split()) <= 6:
                continue
            if _is_paragraph(line):
                started = True
        out.append(line)
    return out


_LEAD_TOKEN = re.compile(r"(?:^|[-_])(?:sapo|summary|lead|chapeau|tomtat|tom-tat|excerpt|intro|description|abstract|"
                         r"teaser|standfirst|mota|mo-ta)(?:$|[-_])")


def _lead(tree: HtmlElement, title_el: HtmlElement | None, page: _Page) -> str | None:
    """A sapo the page prints apart from the body (``<h2 class="sapo">``) under the headline, in
    the headline's box, when the main text lacks it."""
    if title_el is None:
        return None
    scope = title_el
    for _ in range(3):  # the headline's box: up to three levels above it, never the whole page
        parent = scope.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        scope = parent
    body = " ".join(_fold(line) for line in page.body)
    after = False
    for el in scope.iter():
        if el is title_el:
            after = True
            continue
        if not after or not isinstance(el.tag, str) or title_el in el.iterancestors():
            continue
        if not any(_LEAD_TOKEN.search(t) for t in _tokens(el)):
            continue
        text = _text(el)
        if len(text.split()) < 8 or _fold(text) in body:
            continue
        if page.title and _fold(text) == _fold(page.title):
            continue
        _add(page.hints, "lead", text, f"<{el.tag} class=\"{el.get('class') or el.get('id')}\">")
        return text
    return None


def _byline(tree: HtmlElement, page: _Page) -> str | None:
    """A byline element the page prints apart from the body, when the body's last lines do not
    already sign the bulletin with it."""
    tail = " ".join(_fold(line) for line in page.body[-3:])
    for value, where in page.hints.get("author", []):
        if not where.startswith("<") or where.startswith(("<meta", "<a rel")) or "beside the headline" in where:
            continue
        name = _BYLINE_LABEL.sub("", value).strip(" :-–|")
        if not name or _cms_account().fullmatch(name) or re.fullmatch(r"[a-z][a-z0-9_.]{3,}", name):
            continue
        if _fold(name) in tail:
            return None
        return value
    return None


def _compose(page: _Page) -> str:
    """The text a scraper's ``.txt`` of the page would hold."""
    head: list[str] = []
    for line in (page.site, page.tagline, page.section):
        if line and (not page.title or _fold(line) != _fold(page.title)) and line not in head:
            head.append(line)
    if page.title:
        head.append(page.title)
    stamp = _published_line(page)
    if stamp:
        head.append(stamp)
    out = head + [""]
    if page.lead:
        out += [page.lead, ""]
    for line in page.body:
        out += [line, ""]
    if page.byline:
        out += [page.byline, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _published_line(page: _Page) -> str | None:
    """The publication date written out the way the extractor reads every portal's
    (``dd/mm/yyyy HH:MM``), with the views and the writer the page states beside it."""
    parts: list[str] = []
    when = page.published
    if isinstance(when, datetime):
        parts.append(f"{when.day:02d}/{when.month:02d}/{when.year:04d} {when.hour:02d}:{when.minute:02d}")
    elif isinstance(when, date):
        parts.append(f"{when.day:02d}/{when.month:02d}/{when.year:04d}")
    if page.views is not None:
        parts.append(f"Lượt xem: {page.views}")  # without a date, a views line on its own
    if not parts:
        return None
    if page.poster and not page.byline:
        parts.append(f"Tác giả: {page.poster}")
    return " | ".join(parts)


def read_source(path: Path, corpus: Path) -> Source:
    """Read one saved page. Raises ParseError naming the file when it cannot be a bulletin."""
    rel, data = read_bytes(path, corpus)
    digest = hashlib.sha256(data).hexdigest()
    html, enc, diags = decode_page(data, rel)
    if not html.strip():
        raise ParseError(rel, "the file holds only whitespace", hint="remove it or save the page again")
    text, hints = page_text(html, rel)
    text, controls = strip_controls(normalise(text), rel)
    if controls is not None:
        diags.append(controls)
    markup = markup_diagnostic(text, rel)
    if markup is not None:
        diags.append(markup)
    return Source(path=path, rel=rel, id=path.stem, data=data, sha256=digest, text=text, encoding=enc,
                  diagnostics=diags, format="html", hints=hints)
