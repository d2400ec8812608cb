"""The table of field extractors and the function that runs them on one bulletin.

Extraction is a pure function of the bulletin (its path and bytes, already decoded by the load
stage), the vocabularies and the corpus's learned chrome lines: ``extract(source, chrome)``
segments the text once, then runs one small function per field, in the order of
:data:`FIELD_EXTRACTORS` (later fields read earlier ones: the meeting type reads the title, the
period reads the meeting type). Each field's code lives in its own module: ``segment`` (line
roles), ``title``, ``dates``, ``places``, ``people``, ``byline``, ``period``, ``meeting``,
``orgs``; ``choose`` holds the candidate/decision types whose reasons the record keeps.
"""
from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any, Callable

from danvan_site.core import profiling
from danvan_site.readers.text import Source
from danvan_site.core.models import Article, Author, Image
from danvan_site.vn.text import collapse, words
from danvan_site.extract.byline import parse_byline
from danvan_site.extract.choose import Candidate, Decision, choose
from danvan_site.extract.context import Context
from danvan_site.extract.dates import find_event_date
from danvan_site.extract.meeting import extract_meeting_type
from danvan_site.extract.orgs import extract_abbreviations, extract_organisations
from danvan_site.extract.people import extract_people
from danvan_site.extract.period import extract_period
from danvan_site.extract.places import extract_locality, extract_organizer
from danvan_site.extract.segment import segment


def extract_title(ctx: Context) -> str:
    if ctx.seg.title:
        if ctx.seg.title_decision is not None:
            ctx.decisions["title"] = ctx.seg.title_decision
        return collapse(ctx.seg.title)
    ctx.warn("no headline found; the file name stands in as the title", "title",
             hint="add 'title: ...' to a sidecar file")
    return ctx.source.id


def extract_published(ctx: Context) -> datetime | date | None:
    if ctx.seg.published is None:
        ctx.warn("no publication date found", "published", hint="add 'published: YYYY-MM-DD' to a sidecar file")
    else:
        line = ctx.seg.published_line
        ctx.decisions["published"] = Decision("published", Candidate(
            ctx.seg.published, 1.0, f"dòng {line}", (ctx.seg.published_how, ctx.seg.lines[line - 1].text if line else ""), line))
    return ctx.seg.published


def extract_views(ctx: Context) -> int | None:
    return ctx.seg.views


def extract_section(ctx: Context) -> str | None:
    return ctx.seg.section


def extract_portal(ctx: Context) -> str | None:
    return ctx.seg.site_header


def extract_body(ctx: Context) -> list[str]:
    if not ctx.seg.body:
        ctx.warn("no body text found", "body")
    return [p.text for p in ctx.seg.body]


def extract_summary(ctx: Context) -> str | None:
    return collapse(ctx.body[0]) if ctx.body else None


def extract_word_count(ctx: Context) -> int:
    return sum(len(words(p)) for p in ctx.body)


def extract_images(ctx: Context) -> list[Image]:
    images = [Image(src) for src in ctx.seg.images]
    captions = [c.text for c in ctx.seg.captions if c.text]
    for i, cap in enumerate(captions):
        if i < len(images):
            images[i].caption = cap
        else:
            images.append(Image(None, cap))
    return images


def extract_event_date(ctx: Context) -> date | None:
    published = ctx.values.get("published")
    pub_date = published.date() if isinstance(published, datetime) else published
    found = find_event_date([collapse(p) for p in ctx.body], pub_date)
    ctx.values["_event"] = found
    return found.date if found else None


def extract_author(ctx: Context) -> Author | None:
    """The signature at the end (or start) of the body, else a name on the publication line."""
    cands: list[Candidate] = []
    if ctx.seg.byline:
        author = parse_byline(ctx.seg.byline)
        if author is not None:
            cands.append(Candidate(author, 2.0, f"dòng {ctx.seg.byline_line}", ("dòng ký tên cuối bài",), ctx.seg.byline_line))
    if ctx.seg.date_byline:
        author = parse_byline(ctx.seg.date_byline)
        if author is not None:
            cands.append(Candidate(author, 1.0, f"dòng {ctx.seg.date_byline_line}",
                                   ("tên người viết trên dòng ngày đăng",), ctx.seg.date_byline_line))
    decision = choose("author", cands, same=lambda a, b: a.name == b.name)
    if cands:
        ctx.decisions["author"] = decision
    return decision.chosen.value if decision.chosen else None


def extract_time_of_day(ctx: Context) -> str | None:
    found = ctx.values.get("_event")
    return found.time_of_day if found else None



FIELD_EXTRACTORS: list[tuple[str, Callable[[Context], Any]]] = [
    ("title", extract_title),
    ("published", extract_published),
    ("views", extract_views),
    ("section", extract_section),
    ("portal", extract_portal),
    ("body", extract_body),
    ("summary", extract_summary),
    ("word_count", extract_word_count),
    ("images", extract_images),
    ("event_date", extract_event_date),
    ("time_of_day", extract_time_of_day),
    ("meeting_type", extract_meeting_type),
    ("organizer", extract_organizer),
    ("locality", extract_locality),
    ("period", extract_period),
    ("author", extract_author),
    ("people", extract_people),
    ("organisations", extract_organisations),
    ("abbreviations", extract_abbreviations),
]


def extract(source: Source, chrome_keys: frozenset[str] = frozenset()) -> Article:
    """Build the article record of one loaded bulletin. ``chrome_keys``: the keys of the file's
    lines that the corpus shows to be page chrome (:func:`.chrome.learn`)."""
    if profiling.enabled():
        return _extract_timed(source, chrome_keys)
    seg = segment(source.text, chrome_keys)
    ctx = Context(source, seg, chrome_keys=chrome_keys)
    for name, fn in FIELD_EXTRACTORS:
        ctx.values[name] = fn(ctx)
    return _record(source, ctx)


def _extract_timed(source: Source, chrome_keys: frozenset[str]) -> Article:
    """``extract`` with the time of each step recorded (``--profile``)."""
    started = time.perf_counter()
    seg = segment(source.text, chrome_keys)
    profiling.add("extract:segment", time.perf_counter() - started)
    ctx = Context(source, seg, chrome_keys=chrome_keys)
    for name, fn in FIELD_EXTRACTORS:
        started = time.perf_counter()
        ctx.values[name] = fn(ctx)
        profiling.add(f"extract:{name}", time.perf_counter() - started)
    return _record(source, ctx)


def _record(source: Source, ctx: Context) -> Article:
    values = {k: v for k, v in ctx.values.items() if not k.startswith("_")}
    article = Article(id=source.id, source_file=source.rel, sha256=source.sha256, **values)
    article.diagnostics = list(source.diagnostics) + ctx.diagnostics
    article.uncertain = dict(ctx.uncertain)
    for name, decision in ctx.decisions.items():
        if decision.uncertain and name not in article.uncertain:
            article.uncertain[name] = decision.uncertain
    evidence: dict[str, Any] = {name: d.to_json() for name, d in sorted(ctx.decisions.items())}
    if ctx.seg.captions:
        evidence["captions"] = [{"line": c.line, "text": c.text, "reason": r}
                                for c, r in zip(ctx.seg.captions, ctx.seg.caption_reasons)]
    if ctx.seg.learned:
        evidence["learned_chrome"] = [{"line": i + 1, "text": ctx.seg.lines[i].text} for i in sorted(ctx.seg.learned)]
    article.evidence = evidence
    return article

