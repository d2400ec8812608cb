"""Meeting type: the act the headline names, else the event of the lead sentence.

The vocabulary (``data/meeting_types.yaml``) gives each type its cue phrases; the type named
first wins, a specific act ("sơ kết", "đối thoại") over the generic "hội nghị"; a thematic
headline that names no meeting defers to the opening sentence; a text about no meeting at all
is "khác".
"""
from __future__ import annotations

import re

from danvan_site.core.models import MeetingType
from danvan_site.vn.text import tone_key
from danvan_site.vocab import TypeCue, meeting_types
from danvan_site.extract.context import Context


def meeting_type_by_slug(slug: str) -> MeetingType | None:
    for t in meeting_types():
        if t.slug == slug:
            return MeetingType(t.slug, t.label)
    return None


_ORG_NAME_BEFORE = re.compile(r"(?:ban|ủy ban|uỷ ban|ubkt)\s*$", re.IGNORECASE)


def classify(text: str) -> MeetingType | None:
    """The meeting type named first in a text; a specific act beats a generic "hội nghị"."""
    key = tone_key(text)
    specific: list[tuple[int, TypeCue]] = []
    generic: list[tuple[int, TypeCue]] = []
    for cue in meeting_types():
        for m in cue.pattern.finditer(key):
            if _ORG_NAME_BEFORE.search(key[: m.start()]) and cue.slug == "kiem-tra-giam-sat":
                continue  # "Ban Kiểm tra", "Ủy ban Kiểm tra": a body, not an act
            (generic if cue.generic else specific).append((m.start(), cue))
            break
    pool = specific or generic
    if not pool:
        return None
    _, cue = min(pool, key=lambda x: x[0])
    return MeetingType(cue.slug, cue.label)


def extract_meeting_type(ctx: Context) -> MeetingType:
    found = classify(ctx.title)
    if found is None and ctx.body:
        found = classify(ctx.lead)
        if found is not None:
            ctx.uncertain["meeting_type"] = "tiêu đề không nêu loại hội nghị; lấy theo câu mở đầu bài"
    if found is None:
        ctx.uncertain["meeting_type"] = "tiêu đề và câu mở đầu không nêu hội nghị nào; xếp vào loại 'khác'"
        return MeetingType("khac", "khác")
    return found


