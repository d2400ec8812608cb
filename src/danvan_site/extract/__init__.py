"""Extract stage: one raw bulletin -> one :class:`~danvan_site.models.Article` record.

Where each field is read (one module each): ``segment`` gives every line its role (title,
date line, body, caption, byline, chrome) from the predicates in ``lines``; ``title``,
``dates`` (publication line, event date), ``places`` (units, locality, organiser), ``people``,
``byline`` (author), ``period``, ``meeting`` (meeting type), ``orgs`` (organisations,
abbreviations); ``chrome`` learns the page chrome a corpus repeats; ``choose`` keeps the
candidates and reasons behind a pick; ``fields`` holds the table that runs them in order.
"""
from __future__ import annotations

from danvan_site.extract.byline import looks_like_byline, parse_byline
from danvan_site.extract.fields import FIELD_EXTRACTORS, extract
from danvan_site.extract.meeting import classify, meeting_type_by_slug
from danvan_site.extract.people import find_people
from danvan_site.extract.period import find_period, period_range
from danvan_site.extract.places import find_units, lead_subject, title_subject
from danvan_site.extract.segment import segment

__all__ = ["FIELD_EXTRACTORS", "classify", "extract", "find_people", "find_period", "find_units", "lead_subject",
           "looks_like_byline", "meeting_type_by_slug", "parse_byline", "period_range", "segment", "title_subject"]
