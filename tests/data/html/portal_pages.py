"""Portal-shaped HTML pages (and Word files) made from ``.txt`` bulletins, for the readers' tests.

Each bulletin is segmented by the extractor (with the page chrome its corpus teaches, as a build
does) and its parts are laid out the way one CMS family prints an article, with the family's
furniture around it: a header with the portal's name, a menu, a search form, breadcrumbs, share
and print widgets, the related-news list, a sidebar, comments and a footer, with scripts and
styles in the head, in the article and in the sidebar. Six families:

- ``liferay``: a government portal on Liferay (date above the headline, ``journal-content-article``);
- ``sharepoint``: a provincial portal on SharePoint (the headline in a ``div``, ``ms-rtestate-field``);
- ``wordpress``: a ward's WordPress site (``entry-title``, ``<time class="entry-date">``, Yoast
  JSON-LD, Jetpack share and related posts, a comment form, a CMS account as the author);
- ``joomla``: a Joomla site (the headline in an ``h2 itemprop="headline"``, the site's name in the
  ``h1``, ``dl.article-info`` with the views, ``itemprop="articleBody"``);
- ``newspaper``: a provincial newspaper (``detail-title``, the sapo in an ``h2``, the writer in the
  info bar or under the text, tags, "Tin cùng chuyên mục");
- ``legacy``: an old portal laid out in tables, with nothing for machines: the portal's name as
  the ``<title>``, the headline in a ``td.tieude``, paragraphs split by ``<br><br>``, ``<font>``.

Deterministic: the same bulletins give the same bytes. Run as a script to write a folder::

    python tests/data/html/portal_pages.py SRC_DIR OUT_DIR [FAMILY|mixed] [--bare]

(``mixed``: each bulletin in the family of its rank, so one folder holds all five; ``--bare``:
without the values written for machines, ``<meta>``, JSON-LD, ``datetime``, ``itemprop``.)
"""
from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

FAMILIES = ("liferay", "sharepoint", "wordpress", "joomla", "newspaper", "legacy")
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
MENU = ("Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Văn bản", "Thủ tục hành chính", "Liên hệ")
SIDEBAR = ("Thông báo lịch tiếp công dân tháng này của lãnh đạo phường",
           "Hướng dẫn nộp hồ sơ trực tuyến trên Cổng dịch vụ công quốc gia")
HOSTILE = '<script>alert(1)</script><style>p{color:red}</style><noscript>Bật JavaScript để xem</noscript>'


@dataclass
class Parts:
    """What a bulletin's page shows, read from its ``.txt``."""

    stem: str
    title: str
    published: datetime | date | None
    views: int | None
    site: str | None
    section: str | None
    crumbs: list[str]
    poster: str | None  # a name printed next to the date
    lead_byline: str | None  # "Tin, ảnh: X" above the text
    byline: str | None  # the signature under the text
    body: list[tuple[str, str]]  # ("p" | "caption" | "row", text), in order
    images: list[str]
    top: list[str] = field(default_factory=list)  # other lines above the headline
    tail: list[str] = field(default_factory=list)  # lines after the article (related news, widgets)


def read_parts(folder: Path) -> list[Parts]:
    """Every ``*.txt`` of ``folder``, segmented as a build of that folder reads it."""
    from danvan_site.extract.chrome import file_lines, learn
    from danvan_site.extract.lines import is_image
    from danvan_site.extract.segment import _table_rows, segment
    from danvan_site.readers.text import read_source
    from danvan_site.vn.text import collapse

    sources = [read_source(p, folder) for p in sorted(folder.glob("*.txt"))]
    lessons = {s.rel: file_lines(s.text) for s in sources}
    learned = learn(lessons[rel] for rel in sorted(lessons))
    out = []
    for source in sources:
        seg = segment(source.text, learned.for_file(lessons[source.rel]))
        lines = seg.lines
        first_body = seg.body[0].line if seg.body else len(lines)
        last_body = seg.body[-1].line if seg.body else 0
        crumbs: list[str] = []
        top: list[str] = []
        for ln in lines[: (min(x for x in (seg.title_line, seg.published_line) if x is not None) - 1)
                        if (seg.title_line or seg.published_line) else 0]:
            if not ln.text or ln.text == seg.site_header or is_image(ln.text):
                continue
            if any(sep in ln.text for sep in (" > ", " » ", " › ")):
                crumbs = [c.strip() for c in ln.text.replace("»", ">").replace("›", ">").split(">") if c.strip()]
            else:
                top.append(ln.text)
        texts = [collapse(p.text) for p in seg.body]
        rows = _table_rows(texts)
        items = [(p.line, "row" if i in rows else "p", collapse(p.text)) for i, p in enumerate(seg.body)]
        items += [(c.line, "caption", c.text) for c in seg.captions if c.text]
        lead_byline = byline = None
        if seg.byline:
            if seg.byline_line is not None and seg.byline_line < first_body:
                lead_byline = seg.byline
            else:
                byline = seg.byline
        items.sort(key=lambda item: item[0])
        skip = {ln.no for ln in seg.chrome}
        tail = [ln.text for ln in lines[max(last_body, seg.byline_line or 0):]
                if ln.text and ln.no in skip and not is_image(ln.text) and "[caption" not in ln.text
                and ln.no != seg.published_line and ln.no != seg.views_line]
        poster = seg.date_byline
        out.append(Parts(
            stem=source.id, title=collapse(seg.title or source.id), published=seg.published, views=seg.views,
            site=seg.site_header, section=seg.section, crumbs=crumbs, poster=poster, lead_byline=lead_byline,
            byline=byline, body=[(kind, text) for _, kind, text in items], images=list(seg.images),
            top=[t for t in top if t != seg.section][:3], tail=tail[:8]))
    return out


# --- shared pieces ---------------------------------------------------------------------------

def e(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def iso(value: datetime | date | None) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return None


def shown(value: datetime | date | None, style: str) -> str:
    """The date as a family prints it."""
    if value is None:
        return ""
    d = value.date() if isinstance(value, datetime) else value
    t = value.strftime("%H:%M") if isinstance(value, datetime) else None
    if style == "liferay":
        return f"{t} | {d:%d/%m/%Y}" if t else f"{d:%d/%m/%Y}"
    if style == "sharepoint":
        return f"Ngày đăng: {d:%d/%m/%Y}" + (f" {t}" if t else "")
    if style == "wordpress":
        return f"{d.day} Tháng {d.month}, {d.year}" if not t else f"{d:%d/%m/%Y} lúc {t}"
    if style == "joomla":
        return f"{WEEKDAYS[d.weekday()]}, {d:%d/%m/%Y}" + (f" {t}" if t else "")
    return f"{WEEKDAYS[d.weekday()].lower().capitalize()}, {d.day}/{d.month}/{d.year}" + (f", {t} (GMT+7)" if t else "")


def body_html(parts: Parts, family: str, sapo_apart: bool = False) -> str:
    """The article's text as the family's editor writes it: paragraphs, pictures with captions
    (figure, a caption table or an italic line), tables of officials, the signature."""
    out: list[str] = []
    if parts.lead_byline:
        out.append(f"<p><em>{e(parts.lead_byline)}</em></p>")
    rows: list[str] = []
    image = 0
    first_p = True

    def flush() -> None:
        if rows:
            cells = ["<tr>" + "".join(f"<td>{e(c.strip())}</td>" for c in r.split(" | ")) + "</tr>" for r in rows]
            out.append('<table class="table" border="1"><tbody>' + "".join(cells) + "</tbody></table>")
            rows.clear()

    for kind, text in parts.body:
        if kind == "row":
            rows.append(text)
            continue
        flush()
        if kind == "caption":
            src = parts.images[image] if image < len(parts.images) else f"/uploads/{parts.stem}-{image + 1}.jpg"
            image += 1
            if family in ("wordpress", "newspaper"):
                out.append(f'<figure class="wp-block-image"><img src="{e(src)}" alt=""><figcaption>{e(text)}</figcaption></figure>')
            elif family == "sharepoint":
                out.append(f'<table class="image" align="center"><tr><td><img src="{e(src)}"></td></tr>'
                           f'<tr><td class="image_desc">{e(text)}</td></tr></table>')
            else:
                out.append(f'<p style="text-align:center"><img src="{e(src)}"></p>'
                           f'<p style="text-align:center"><em>{e(text)}</em></p>')
            continue
        if first_p and sapo_apart:
            first_p = False
            continue  # printed above the body as the sapo
        first_p = False
        if family == "sharepoint":
            out.append(f'<div style="text-align:justify">{e(text)}</div>')
        else:
            out.append(f'<p style="text-align:justify">{e(text)}</p>')
        if len(out) == 3 and family in ("liferay", "wordpress"):
            out.append(HOSTILE)  # a script and a style inside the article
    flush()
    if parts.byline and family != "newspaper":
        out.append(f'<p style="text-align:right"><strong>{e(parts.byline)}</strong></p>')
    return "\n".join(out)


def related(parts: Parts, heading: str) -> str:
    items = "".join(f'<li><a href="/tin/{i}">{e(t)}</a> <span class="date">(12/05/2021)</span></li>'
                    for i, t in enumerate(parts.tail) if t.lower() != heading.lower())
    items += '<li><a href="/tin/x">Phường tổ chức ra quân làm sạch môi trường khu dân cư</a></li>'
    return f"<h3>{e(heading)}</h3><ul>{items}</ul>"


def menu() -> str:
    return "<ul>" + "".join(f'<li><a href="/m/{i}">{e(m)}</a></li>' for i, m in enumerate(MENU)) + "</ul>"


def sidebar() -> str:
    return ("<h3>Tin mới</h3><ul>" + "".join(f"<li><a href='/s/{i}'>{e(t)}</a></li>" for i, t in enumerate(SIDEBAR))
            + "</ul>" + HOSTILE + '<div class="poll"><form><p>Bạn thấy cổng thông tin thế nào?</p>'
            '<label><input type="radio" name="v"> Tốt</label><button>Bình chọn</button></form></div>')


def footer(site: str | None) -> str:
    return (f"<p>{e(site or 'Cổng thông tin điện tử')}</p><p>Địa chỉ: số 1 đường Trần Hưng Đạo</p>"
            "<p>Điện thoại: 0203 3825 123 - Email: banbientap@example.gov.vn</p>"
            "<p>Ghi rõ nguồn khi phát hành lại thông tin từ cổng thông tin này</p>")


def crumbs(parts: Parts) -> list[str]:
    return parts.crumbs or ["Trang chủ", "Tin tức - Sự kiện"] + ([parts.section] if parts.section else [])


def head(parts: Parts, extra: str = "", title_suffix: bool = True) -> str:
    site = parts.site
    title = parts.title + (f" - {site}" if site and title_suffix else "")
    out = ['<!DOCTYPE html>', '<html lang="vi">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">', f"<title>{e(title)}</title>",
           f'<meta property="og:title" content="{e(parts.title)}">', '<meta property="og:type" content="article">']
    if site:
        out.append(f'<meta property="og:site_name" content="{e(site)}">')
    if parts.published is not None:
        out.append(f'<meta property="article:published_time" content="{iso(parts.published)}">')
    out += ['<link rel="stylesheet" href="/css/site.css">', "<style>body{font-family:Arial} .hidden{display:none}</style>",
            '<script src="/js/jquery.min.js"></script>', "<script>window.dataLayer=[];function gtag(){}</script>", extra,
            "</head>"]
    return "\n".join(out)


# --- the five families -------------------------------------------------------------------------

def liferay(p: Parts) -> str:
    trail = "".join(f"<li><a href='/c/{i}'>{e(c)}</a></li>" for i, c in enumerate(crumbs(p)))
    top = "".join(f"<div class='top-link'>{e(t)}</div>" for t in p.top)
    info = e(shown(p.published, "liferay"))
    views = f'<span class="view-count">Lượt xem: {p.views}</span>' if p.views is not None else ""
    poster = f'<span class="author-name">{e(p.poster)}</span>' if p.poster else ""
    return f"""{head(p)}
<body class="controls-visible signed-out public-page site">
<a href="#main-content" class="skip-to-content">Bỏ qua để đến nội dung</a>
<div id="wrapper" class="container">
<header id="banner" role="banner"><div id="heading"><h2 class="site-title"><a class="logo" href="/"><img alt="logo" src="/logo.png"> <span>{e(p.site or 'Cổng thông tin điện tử')}</span></a></h2></div>
{top}
<nav class="sort-pages modify-pages" id="navigation" role="navigation">{menu()}</nav>
<form class="search" action="/search"><input name="q" placeholder="Tìm kiếm..."><button>Tìm</button></form></header>
<div id="content">
<div class="portlet-boundary portlet-breadcrumb"><ul class="breadcrumb breadcrumb-horizontal">{trail}</ul></div>
<div class="columns-2-r" id="main-content" role="main"><div class="portlet-layout row">
<div class="col-md-8 portlet-column" id="column-1">
<div class="portlet-boundary portlet-journal-content"><section class="portlet"><div class="portlet-content"><div class="portlet-body">
<div class="journal-content-article">
<div class="news-date">{info} {views} {poster}</div>
<h1 class="news-title">{e(p.title)}</h1>
<div class="share-tools"><a href="#" class="print">In bài viết</a> | <a href="#">Gửi email</a> <div class="fb-like">Thích 0</div></div>
<div class="news-content">
{body_html(p, "liferay")}
</div>
</div>
<div class="other-news">{related(p, "Tin liên quan")}</div>
</div></div></section></div>
</div>
<div class="col-md-4 portlet-column" id="column-2"><div class="portlet-boundary">{sidebar()}</div></div>
</div></div></div>
<footer id="footer" role="contentinfo">{footer(p.site)}</footer>
</div>
<script>Liferay.Portlet.ready(function(){{console.log("<p>không phải bài viết</p>")}});</script>
</body></html>
"""


def sharepoint(p: Parts) -> str:
    trail = " &gt; ".join(f"<a href='/c/{i}'>{e(c)}</a>" for i, c in enumerate(crumbs(p)))
    views = f'<span class="news-view">Số lượt xem: {p.views}</span>' if p.views is not None else ""
    desc = next((t for k, t in p.body if k == "p"), "")
    poster = f'<span class="news-author">{e(p.poster)}</span>' if p.poster else ""
    return f"""{head(p, f'<meta name="description" content="{e(desc[:160])}">')}
<body>
<form method="post" action="./chitiet.aspx" id="aspnetForm"><input type="hidden" name="__VIEWSTATE" value="abc"></form>
<div id="s4-workspace"><div id="s4-bodyContainer">
<div class="header-banner"><div class="banner-title">{e(p.site or 'Cổng thông tin điện tử')}</div>{''.join(f'<div class="banner-sub">{e(t)}</div>' for t in p.top)}</div>
<div class="top-menu">{menu()}</div>
<div class="ms-breadcrumb-box"><span class="ms-breadcrumb">{trail}</span></div>
<div id="contentBox"><div class="ms-webpart-zone ms-fullWidth">
<div class="ms-webpartzone-cell"><div class="ms-webpart-chrome">
<div class="news-detail">
<div class="news-title">{e(p.title)}</div>
<div class="news-date-view"><span class="news-date">{e(shown(p.published, "sharepoint"))}</span> {views} {poster}</div>
<div class="ms-rtestate-field">
{body_html(p, "sharepoint")}
</div>
<div class="news-tools"><a href="javascript:window.print()">In trang</a> <a href="#">Gửi bài viết</a> <a href="#">Về đầu trang</a></div>
</div>
<div class="news-other">{related(p, "Các tin khác")}</div>
</div></div></div>
<div class="right-zone">{sidebar()}</div>
</div>
<div class="footer-content">{footer(p.site)}</div>
</div></div>
</body></html>
"""


def wordpress(p: Parts) -> str:
    when = iso(p.published)
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "headline": p.title, "datePublished": when, "author": {"name": "admin"},
         "publisher": {"@type": "Organization", "name": p.site or "Cổng thông tin"}},
        {"@type": "BreadcrumbList", "itemListElement": [{"name": c} for c in crumbs(p)]}]}
    ld = f'<script type="application/ld+json">{json.dumps(graph, ensure_ascii=False)}</script>'
    views = f'<span class="post-views">{p.views} lượt xem</span>' if p.views is not None else ""
    poster = e(p.poster) if p.poster else "admin"
    stamp = f'<time class="entry-date published" datetime="{when}">{e(shown(p.published, "wordpress"))}</time>' if when else ""
    return f"""{head(p, ld)}
<body class="post-template-default single single-post">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Chuyển đến nội dung</a>
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="/">{e(p.site or 'Cổng thông tin')}</a></p>
<p class="site-description">{e(' · '.join(p.top) or 'Thông tin - Tuyên truyền')}</p></div>
<nav id="site-navigation" class="main-navigation">{menu()}</nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{len(p.stem)}" class="post type-post status-publish format-standard hentry category-tin-tuc">
<header class="entry-header"><h1 class="entry-title">{e(p.title)}</h1>
<div class="entry-meta"><span class="posted-on">Đăng ngày {stamp}</span> <span class="byline"> bởi <span class="author vcard"><a class="url fn n" href="/author/x">{poster}</a></span></span> {views}</div></header>
<div class="entry-content">
{body_html(p, "wordpress")}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Chia sẻ:</h3><ul><li><a href="#">Facebook</a></li><li><a href="#">Twitter</a></li><li><a href="#">Zalo</a></li></ul></div>
<div id="jp-relatedposts" class="jp-relatedposts">{related(p, "Bài viết liên quan")}</div>
</div>
<footer class="entry-footer"><span class="cat-links">Chuyên mục <a href="/c">{e(p.section or 'Tin tức')}</a></span> <span class="tags-links">Thẻ <a>dân vận</a></span></footer>
</article>
<nav class="navigation post-navigation"><div class="nav-previous"><a>Bài trước: Hội nghị tổng kết năm</a></div></nav>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Trả lời</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-notes">Email của bạn sẽ không được hiển thị công khai.</p><textarea name="comment"></textarea><input type="submit" value="Phản hồi"></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">{sidebar()}</section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">{footer(p.site)} Vận hành bởi WordPress</div></footer>
</div>
</body></html>
"""


def joomla(p: Parts) -> str:
    when = iso(p.published)
    views = f'<dd class="hits"><span class="icon-eye-open"></span><meta itemprop="interactionCount" content="UserPageVisits:{p.views}">Lượt xem: {p.views}</dd>' if p.views is not None else ""
    author = (f'<dd class="createdby" itemprop="author" itemscope itemtype="https://schema.org/Person">Viết bởi <span itemprop="name">{e(p.poster)}</span></dd>'
              if p.poster else "")
    stamp = (f'<dd class="published"><span class="icon-calendar"></span><time datetime="{when}" itemprop="datePublished">'
             f'Ngày đăng: {e(shown(p.published, "joomla"))}</time></dd>') if when else ""
    trail = "".join(f'<li itemprop="itemListElement"><a itemprop="item"><span itemprop="name">{e(c)}</span></a></li>'
                    for c in crumbs(p))
    return f"""{head(p, title_suffix=False)}
<body class="site com_content view-article">
<div class="body"><div class="container">
<header class="header" role="banner"><div class="header-inner clearfix"><a class="brand pull-left" href="/"><h1 class="site-title">{e(p.site or 'Cổng thông tin điện tử')}</h1></a>
<div class="header-search pull-right"><form><input name="searchword" class="search-query" placeholder="Tìm kiếm..."></form></div></div></header>
<nav class="navigation" role="navigation"><div class="nav-collapse">{menu()}</div></nav>
<div class="moduletable"><ul itemscope itemtype="https://schema.org/BreadcrumbList" class="breadcrumb">{trail}</ul></div>
<div class="row-fluid"><main id="content" role="main" class="span9">
<div class="item-page" itemscope itemtype="https://schema.org/Article">
<meta itemprop="inLanguage" content="vi-VN">
<div class="page-header"><h2 itemprop="headline">{e(p.title)}</h2></div>
<div class="btn-group pull-right"><a class="btn dropdown-toggle">Công cụ</a><ul class="dropdown-menu"><li class="print-icon"><a>In</a></li><li class="email-icon"><a>Email</a></li></ul></div>
<dl class="article-info muted"><dt class="article-info-term">Chi tiết</dt>{author}<dd class="category-name">Danh mục: <a>{e(p.section or 'Tin tức')}</a></dd>{stamp}{views}</dl>
<div itemprop="articleBody">
{body_html(p, "joomla")}
</div>
<ul class="pager pagenav"><li class="previous"><a rel="prev">&lt; Trước</a></li><li class="next"><a rel="next">Tiếp theo &gt;</a></li></ul>
</div>
<div class="relateditems">{related(p, "Tin liên quan")}</div>
</main>
<div id="aside" class="span3">{sidebar()}</div></div>
</div></div>
<footer class="footer" role="contentinfo"><div class="container">{footer(p.site)}<p class="pull-right"><a href="#top" id="back-top">Về đầu trang</a></p></div></footer>
</body></html>
"""


def newspaper(p: Parts) -> str:
    paras = [t for k, t in p.body if k == "p"]
    sapo = paras[0] if paras and len(paras) > 1 and len(paras[0].split()) <= 80 else None
    views = f'<span class="detail-views">{p.views} lượt xem</span>' if p.views is not None else ""
    writer = f'<span class="detail-author author">{e(p.poster)}</span>' if p.poster else ""
    tail = f'<div class="detail-author-bottom">{e(p.byline)}</div>' if p.byline else ""
    trail = "".join(f"<a href='/c/{i}'>{e(c)}</a> › " for i, c in enumerate(crumbs(p)))
    return f"""{head(p, '<meta name="author" content="' + e(p.poster or p.byline or '') + '">' if (p.poster or p.byline) else '')}
<body>
<div class="top-header"><div class="date-now">Hôm nay: Thứ Hai, 01/01/2024</div><a class="e-paper">Báo in</a> <a>Video</a> <a>Podcast</a></div>
<header class="header"><a class="logo" href="/"><img alt="{e(p.site or 'Báo điện tử')}" src="/logo.svg"></a>{''.join(f'<div class="slogan">{e(t)}</div>' for t in p.top)}
<nav class="main-menu">{menu()}</nav></header>
<div class="ads-banner adsbygoogle">Quảng cáo</div>
<div class="container"><div class="main-col">
<div class="detail">
<div class="breadcrumbs">{trail}</div>
<h1 class="detail-title">{e(p.title)}</h1>
<div class="detail-info">{writer} <span class="detail-time">{e(shown(p.published, "newspaper"))}</span> {views}</div>
<div class="social-share"><a>Facebook</a> <a>Zalo</a> <a>Sao chép link</a></div>
{f'<h2 class="detail-sapo">{e(sapo)}</h2>' if sapo else ''}
<div class="detail-content" id="abody">
{body_html(p, "newspaper", sapo_apart=sapo is not None)}
</div>
{tail}
<div class="detail-tags">Tags: <a>dân vận</a> <a>mặt trận</a></div>
<div class="box-comment"><h3>Bình luận</h3><form><textarea placeholder="Ý kiến của bạn"></textarea><button>Gửi bình luận</button></form></div>
<div class="box-related">{related(p, "Tin cùng chuyên mục")}</div>
</div></div>
<div class="side-col"><div class="box-most-viewed">{sidebar()}</div></div></div>
<footer class="footer">{footer(p.site)}<p>Giấy phép số 123/GP-BTTTT</p></footer>
<script>(function(){{var s=document.createElement("script");s.src="/ads.js";document.body.appendChild(s);}})();</script>
</body></html>
"""


def legacy(p: Parts) -> str:
    """An old portal: a layout table, the portal's name as the page's <title>, paragraphs split
    by <br>, <font> tags, the headline and the date in table cells, "Các tin khác" below."""
    paras: list[str] = []
    rows: list[str] = []
    for kind, text in p.body:
        if kind == "row":
            rows.append("<tr>" + "".join(f"<td>{e(c.strip())}</td>" for c in text.split(" | ")) + "</tr>")
            continue
        if rows:
            paras.append('<table border="1" cellpadding="3">' + "".join(rows) + "</table>")
            rows = []
        paras.append(f"<i>{e(text)}</i>" if kind == "caption" else e(text))
    if rows:
        paras.append('<table border="1" cellpadding="3">' + "".join(rows) + "</table>")
    lead = f"<b>{e(p.lead_byline)}</b><br><br>" if p.lead_byline else ""
    sign = f'<div align="right"><b>{e(p.byline)}</b></div>' if p.byline else ""
    info = e(shown(p.published, "joomla")) + (f" - Lượt xem: {p.views}" if p.views is not None else "")
    poster = f" - {e(p.poster)}" if p.poster else ""
    links = "".join(f'<tr><td>&middot; <a href="/t/{i}">{e(t)}</a></td></tr>' for i, t in enumerate(p.tail + list(SIDEBAR)))
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{e(p.site or 'Trang thông tin điện tử')}</title>
<script language="javascript">function openWin(u){{window.open(u)}}</script></head>
<body bgcolor="#ffffff" onload="init()">
<table width="980" align="center" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="2"><img src="/images/banner.jpg" alt="{e(p.site or 'Trang thông tin điện tử')}" width="980"></td></tr>
<tr><td colspan="2" class="breadcrumb"><font size="2">{' » '.join(e(c) for c in crumbs(p))}</font></td></tr>
<tr><td width="200" valign="top" bgcolor="#eeeeee">
<table width="100%">{''.join(f'<tr><td><a href="/m/{i}"><font color="#003399">{e(m)}</font></a></td></tr>' for i, m in enumerate(MENU))}</table>
</td><td valign="top">
<table width="100%" cellpadding="4">
<tr><td class="tieude"><font size="4" color="#990000"><b>{e(p.title)}</b></font></td></tr>
<tr><td class="ngaydang"><font size="2" color="#666666">{info}{poster}</font></td></tr>
<tr><td class="noidung" align="justify"><font face="Arial" size="2">{lead}{'<br><br>'.join(paras)}<br>{sign}</font></td></tr>
</table>
<table width="100%"><tr><td><b>Các tin khác</b></td></tr>{links}</table>
</td></tr>
<tr><td colspan="2" align="center" bgcolor="#003399"><font color="#ffffff">{footer(p.site)}</font></td></tr>
</table>
<script>openWin('about:blank');</script>
</body></html>
"""


LAYOUTS = {"liferay": liferay, "sharepoint": sharepoint, "wordpress": wordpress, "joomla": joomla, "newspaper": newspaper,
           "legacy": legacy}


_MACHINE = (re.compile(r'<meta (?:property|name|itemprop)="[^"]*" content="[^"]*">'),
            re.compile(r'<script type="application/ld\+json">.*?</script>', re.DOTALL),
            re.compile(r' (?:datetime|itemprop|itemscope|itemtype)(?:="[^"]*")?'))


def page(parts: Parts, family: str, bare: bool = False) -> str:
    """The page of one bulletin in one family. ``bare``: without anything written for machines
    (``<meta>`` values, JSON-LD, ``datetime`` and ``itemprop`` attributes), as an old portal or a
    page saved without its head prints it: only what a reader sees is left."""
    text = LAYOUTS[family](parts)
    if bare:
        for pattern in _MACHINE:
            text = pattern.sub("", text)
    return text


def write_pages(src: Path, out: Path, family: str = "mixed", bare: bool = False) -> list[Path]:
    """Write one page per ``*.txt`` of ``src`` into ``out`` (``<stem>.html``); ``family`` is one of
    FAMILIES or "mixed" (each bulletin in the family of its rank)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i, parts in enumerate(read_parts(src)):
        kind = FAMILIES[i % len(FAMILIES)] if family == "mixed" else family
        target = out / f"{parts.stem}.html"
        target.write_text(page(parts, kind, bare), encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--bare"]
    if len(args) not in (2, 3):
        sys.exit(__doc__)
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))
    done = write_pages(Path(args[0]), Path(args[1]), args[2] if len(args) == 3 else "mixed", bare="--bare" in sys.argv)
    print(f"{len(done)} pages written into {sys.argv[2]}")
