"""The extraction context: one bulletin's source, its segments and the fields read so far.

Field extractors run in the order of :data:`danvan_site.extract.fields.FIELD_EXTRACTORS`; each
reads what the earlier ones found (the title before the meeting type, the published date
before the event date) through this object, and records here why it chose a value (the
candidates and reasons the quality report shows) or why it left a field empty.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from danvan_site.readers.text import Source
from danvan_site.core.models import Diagnostic
from danvan_site.vn.text import collapse, first_sentence, sentences
from danvan_site.extract.choose import Decision
from danvan_site.extract.segment import Segments


@dataclass
class Context:
    source: Source
    seg: Segments
    values: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    uncertain: dict[str, str] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)  # field -> how it was chosen
    chrome_keys: frozenset[str] = frozenset()  # lines of this file the corpus shows to be page chrome

    def warn(self, message: str, field_name: str | None = None, line: int | None = None, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(self.source.rel, message, line=line, field=field_name, hint=hint))

    @property
    def title(self) -> str:
        return self.values.get("title") or ""

    @property
    def body(self) -> list[str]:
        return self.values.get("body") or []

    @property
    def lead(self) -> str:
        return first_sentence(collapse(self.body[0])) if self.body else ""

    @property
    def event_sentence(self) -> str:
        """The sentence that reports the event: the first opening sentence with an event date or
        an organising verb ("Sáng ngày 04/02/2021, Đảng ủy xã X tổ chức ..."), else the first."""
        found = self.values.get("_event")
        opening = [s for p in self.body[:2] for s in sentences(collapse(p))][:6]
        if found is not None:
            for s in opening:
                if found.text in s:
                    return s
        for s in opening:
            if _ORGANISE_RE.search(s):
                return s
        return self.lead

    def line_of(self, sentence: str) -> int | None:
        """The file line of the body paragraph that holds a sentence."""
        for p in self.seg.body:
            if sentence and sentence in collapse(p.text):
                return p.line
        return None

    @property
    def all_text(self) -> str:
        return "\n".join(ln.text for ln in self.seg.lines if ln.text)


_ORGANISE_RE = re.compile(r"(?<!\w)(?:tổ chức|làm việc|giao ban|họp|tập huấn|tiếp xúc|đối thoại)(?!\w)", re.IGNORECASE)

