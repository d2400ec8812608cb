"""Candidates with their evidence, and the one step that chooses among them.

A field that can be read from several places (the title from any header line, the publication
date from a date line or a byline, the locality from the headline, the lead or the page header,
the author from a signature or a date line) is read as a list of :class:`Candidate` values, each
with a score and the reasons behind it. :func:`choose` picks the best; the record keeps the
pick, the runner-up and the reasons (``Article.evidence``), which the quality report shows so
that an archivist sees why a value was taken and can correct a wrong pick with a sidecar in one
step.

Scores are plain sums of feature weights, documented where each extractor computes them; a
candidate below ``floor`` is never chosen (a wrong value is worse than a missing one), and when
the two best are closer than ``margin`` with different values the choice is flagged uncertain.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass(frozen=True)
class Candidate:
    value: Any
    score: float
    where: str  # "dòng 4", "tiêu đề", "câu mở đầu", "đầu trang", ...
    reasons: tuple[str, ...] = ()
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        value = self.value
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif not isinstance(value, (str, int, float, type(None))):
            value = str(value)
        return {"value": value, "score": round(self.score, 3), "where": self.where, "line": self.line,
                "reasons": list(self.reasons)}


@dataclass
class Decision:
    field: str
    chosen: Candidate | None
    runner_up: Candidate | None = None
    uncertain: str | None = None  # why the pick is doubtful (shown on the quality report)
    considered: int = 0
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "chosen": self.chosen.to_json() if self.chosen else None,
            "runner_up": self.runner_up.to_json() if self.runner_up else None,
            "uncertain": self.uncertain,
            "considered": self.considered,
            "notes": list(self.notes),
        }


def choose(field_name: str, candidates: Iterable[Candidate], floor: float = 0.0, margin: float = 0.0,
           same: Any = None) -> Decision:
    """The best candidate at or above ``floor`` (ties: the earlier one in the list).

    ``same(a, b)`` says whether two values are the same answer (default ``==``): a runner-up
    with the same value is no rival, so it does not make the pick uncertain.
    """
    pool = list(candidates)
    same = same or (lambda a, b: a == b)
    ranked = sorted(enumerate(pool), key=lambda ic: (-ic[1].score, ic[0]))
    ranked_c = [c for _, c in ranked]
    best = ranked_c[0] if ranked_c and ranked_c[0].score >= floor else None
    rival = None
    if ranked_c:
        start = 1 if best is not None else 0
        rival = next((c for c in ranked_c[start:] if best is None or not same(c.value, best.value)), None)
    decision = Decision(field_name, best, rival, considered=len(pool))
    if best is not None and rival is not None and margin > 0 and best.score - rival.score < margin:
        decision.uncertain = (f"hai khả năng gần nhau: «{_short(best.value)}» ({best.where}) và "
                              f"«{_short(rival.value)}» ({rival.where})")
    return decision


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
