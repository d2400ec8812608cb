"""Page chrome learned from the corpus being built.

A user's corpus comes mostly from one or a few portals, and a portal prints the same lines
around every article: its name, menus, section labels, "Tin liên quan", share widgets, footers.
No word list knows every portal's lines, but the corpus shows them: a line that recurs in many
different bulletins is not part of any one bulletin.

How it is learned (deterministic, a pure function of the corpus's files):

- Every file gives the keys of its *short lines* (non-blank, at most 200 characters, not a
  paragraph: see :func:`line_keys`); a key is the line with case, spacing and tone placement
  folded.
- Files that are copies of one bulletin (the same longest line: a syndicated or re-posted
  article) count once, so that a bulletin posted three times does not teach its own lines.
- A line found in at least :data:`MIN_DOCUMENTS` different bulletins is chrome.

Why three: one recurrence can be a coincidence or a quotation; two different bulletins sharing
a short, unpunctuated line is already good evidence; three makes a wrong lesson unlikely while
a portal with a handful of files in the corpus still teaches its chrome. The lesson is used with
care: a learned line is never a headline candidate's only fault (it lowers its score), a learned
line that ends like a sentence stays in a body, and a learned line shaped like a signature may
still sign the article (a portal's one writer signs every bulletin).

``extract`` receives the learned keys present in its file; the quality report lists every
learned line with the number of bulletins it was found in.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from danvan_site.vn.text import collapse, tone_key
from danvan_site.extract.lines import TERMINAL, is_paragraph

MIN_DOCUMENTS = 3
MAX_LINE_CHARS = 200


def line_key(text: str) -> str:
    """The key of one line: case, white space and tone placement folded, hashed short."""
    return hashlib.blake2b(tone_key(text).encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class FileLines:
    """What one file contributes to the lesson: its short lines' keys (with one text each, to
    show) and the signature of the bulletin (the key of its longest line)."""

    keys: dict[str, str]  # key -> the line as written (first occurrence)
    signature: str


def file_lines(text: str) -> FileLines:
    keys: dict[str, str] = {}
    longest = ""
    lines = [collapse(raw) for raw in text.split("\n")]
    for i, line in enumerate(lines):
        if not line:
            continue
        if len(line) > len(longest):
            longest = line
        if len(line) <= MAX_LINE_CHARS and not is_paragraph(line) and not wrapped(lines, i):
            keys.setdefault(line_key(line), line)
    return FileLines(keys, line_key(longest) if longest else "")


def wrapped(lines: list[str], i: int) -> bool:
    """Whether line ``i`` is part of a hard-wrapped paragraph (it runs on into the next line, or
    the previous one runs on into it): a piece of a sentence, never chrome on its own."""
    def runs_on(a: str, b: str) -> bool:
        return bool(a and b) and (a.endswith(",") or (not a.endswith(TERMINAL) and b[:1].islower()))

    return (i + 1 < len(lines) and runs_on(lines[i], lines[i + 1])) or (i > 0 and runs_on(lines[i - 1], lines[i]))


@dataclass
class LearnedChrome:
    keys: frozenset[str] = frozenset()
    lines: list[tuple[str, int]] = field(default_factory=list)  # (line, bulletins it is found in), most frequent first
    documents: int = 0  # distinct bulletins the lesson was drawn from

    def for_file(self, lines: FileLines) -> frozenset[str]:
        """The learned keys present in one file (what its extraction depends on)."""
        return frozenset(k for k in lines.keys if k in self.keys)


def learn(files: Iterable[FileLines], min_documents: int = MIN_DOCUMENTS) -> LearnedChrome:
    """The lines that recur in ``min_documents`` different bulletins or more."""
    by_signature: dict[str, set[str]] = defaultdict(set)
    text_of: dict[str, str] = {}
    for f in files:
        by_signature[f.signature].update(f.keys)
        for k, t in f.keys.items():
            text_of.setdefault(k, t)
    counts: dict[str, int] = defaultdict(int)
    for keys in by_signature.values():
        for k in keys:
            counts[k] += 1
    learned = {k: n for k, n in counts.items() if n >= min_documents}
    shown = sorted(((text_of[k], n) for k, n in learned.items()), key=lambda tn: (-tn[1], tn[0]))
    return LearnedChrome(frozenset(learned), shown, len(by_signature))
