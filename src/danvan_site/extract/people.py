"""People: the officials a bulletin names, with their roles, in order of first mention.

Officials are named in a few fixed frames: after a title word ("đồng chí X, Bí thư ...",
"ông X - Chủ tịch ..."), as items of a list ("Các đồng chí: X, ...; Y, ..."), after a role
("Bí thư Huyện ủy Nguyễn Văn A") or in apposition with one ("Nguyễn Văn A, Bí thư Huyện ủy,
cho biết"). A name is a run of capitalised syllables; the roles are read from the phrase after
it up to the next person or verb. The byline's person is not one of them. Words:
``data/people.yaml``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from danvan_site import gazetteer as gz
from danvan_site import vocab as vocabulary
from danvan_site.core.models import Author, Person
from danvan_site.vn.text import UPPER_CLASS, collapse, tone_key, words
from danvan_site.extract.context import Context


@lru_cache(maxsize=1)
def _people_vocab() -> dict[str, Any]:
    d = vocabulary.raw("people.yaml")
    plain = [t for t in d["titles"] if not re.search(r"[\\.?*+()\[\]|]", t)]
    patterns = [t for t in d["titles"] if t not in plain]
    titles = "|".join([vocabulary.trie_pattern(plain), *sorted(patterns, key=len, reverse=True)])
    heads = vocabulary.trie_pattern([h.lower() for h in d["role_heads"]])
    stops = vocabulary.trie_pattern([s.lower() for s in d["role_stops"]])
    return {
        "title_re": re.compile(rf"(?<!\w)(?P<title>{titles})\s*:?\s+", re.IGNORECASE),
        "weak": set(d["weak_titles"]),
        "role_head_re": re.compile(rf"^(?:{heads})(?!\w)", re.IGNORECASE),
        "role_anywhere_re": re.compile(rf"(?<!\w)(?:{heads})(?!\w)", re.IGNORECASE),
        "role_stop_re": re.compile(rf"\s(?:{stops})(?!\w)", re.IGNORECASE),
        "surnames": frozenset(d["surnames"]),
        # a family name opening a word (after a space, a bracket or a quote): where rule 4 looks
        "surname_re": re.compile(r"(?:^|(?<=[\s(“\"]))(" + vocabulary.alternation(
            [n for n in d["surnames"] if n not in ("Ông", "Bà", "Anh", "Chị")]) + r")(?![\w'’])"),
        "not_names": frozenset(d["not_names"]),
        "breakers": frozenset(d["breakers"]),
        "fillers": frozenset(d["role_fillers"]),
        "citizen_re": re.compile(rf"\s*[,(–—-]\s*(?:là\s+|một\s+)?(?:{vocabulary.alternation(d['citizen_markers'])})(?!\w)",
                                 re.IGNORECASE),
    }


_NAME_TOKEN = re.compile(r"[^\W\d_][^\W\d_'’]*(?:['’][^\W\d_]+)?")


def _read_name(text: str, pos: int) -> tuple[str | None, int]:
    """Read a capitalised personal name starting at pos; (name, end) or (None, pos)."""
    v = _people_vocab()
    toks: list[tuple[str, int, int]] = []
    i = pos
    while len(toks) < 5:  # a Vietnamese name has 2 to 5 syllables ("Trần Anh Bá Phong", "Y Thanh Hà Niê Kđăm")
        m = _NAME_TOKEN.match(text, i)
        if not m:
            break
        tok = m.group(0)
        if not tok[0].isupper():
            break
        if toks and tok in v["breakers"]:
            # "Ban", "Chủ" … open a role ("Nguyễn Văn A Ban Dân vận"), unless the word closes the
            # name before a comma or bracket: "đồng chí Hà Ban, Ủy viên …" is named Hà Ban.
            if not re.match(r"\s*(?:[,;:()–—]|-\s|$)", text[m.end():]):
                break
            toks.append((tok, m.start(), m.end()))
            break
        if len(tok) > 1 and tok.isupper():
            break  # an abbreviation (UBND, MTTQ) or ALL-CAPS text
        toks.append((tok, m.start(), m.end()))
        j = m.end()
        if j < len(text) and text[j] == " " and j + 1 < len(text) and text[j + 1] != " ":
            i = j + 1
            continue
        break
    if len(toks) < 2:
        return None, pos
    first = toks[0][0]
    if first in v["not_names"] and first not in v["surnames"]:
        return None, pos
    if first in v["breakers"] and first not in v["surnames"]:
        return None, pos
    name = text[toks[0][1]: toks[-1][2]]
    return name, toks[-1][2]


def role_head(text: str) -> bool:
    """Whether a phrase opens with a role word ("Phó Chủ tịch …", "Bí thư …", "UVTV")."""
    return bool(_people_vocab()["role_head_re"].match(text))


# Where a role phrase ends: a semicolon, a closing bracket, a full stop, the next person.
_ROLE_END = re.compile(r";|\)|\.(?:\s|$)|\s(?:và|cùng)\s+(?:ông|bà|đồng chí|đ/c)\b|\s(?:ông|bà|đồng chí)\s", re.IGNORECASE)
_ROLE_OPEN = re.compile(r"\s*(?:[-–—,]|\()\s*")
_ROLE_SPLIT = re.compile(r"\s*,\s*|\s+[-–—]\s+|\s*[-–—]\s*(?=[A-ZĐ])")
ROLE_WINDOW = 240  # characters after a name that its roles are read from (a role list is never longer)


def _read_roles(text: str, pos: int) -> list[str]:
    """The roles written after a name ("..., Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND
    huyện"), read from a bounded window: a role list never runs longer, and reading to the end
    of the text for every name made long texts quadratic."""
    v = _people_vocab()
    m = _ROLE_OPEN.match(text, pos)
    if not m:
        return []
    rest = text[m.end(): m.end() + ROLE_WINDOW]
    mm = _ROLE_END.search(rest)
    end = mm.start() if mm else len(rest)
    stop = v["role_stop_re"].search(" " + rest[:end])
    if stop:
        end = min(end, max(0, stop.start() - 1))
    segment_text = rest[:end].strip(" ,")
    roles: list[str] = []
    for piece in _ROLE_SPLIT.split(segment_text):
        piece = piece.strip(" ,.-–—")
        if not piece:
            continue
        if not v["role_head_re"].match(piece):
            break
        roles.append(piece)
    return roles


def _role_before(text: str, pos: int) -> list[str]:
    """A role standing before "ông/bà/đồng chí X" in apposition: "... làm Bí thư Chi bộ làng Klăh,
    xã Ia Ka, ông Puih Nhen luôn ..." -> ["Bí thư Chi bộ làng Klăh, xã Ia Ka"]. Only when the
    clause names nobody before the role (else the role is that person's)."""
    before = text[max(0, pos - 160): pos]
    if not before.rstrip().endswith(","):
        return []
    clause = re.split(r"[.;:!?]\s", before)[-1]
    m = _people_vocab()["role_anywhere_re"].search(clause)
    if not m:
        return []
    ahead = clause[: m.start()]
    if _people_vocab()["title_re"].search(clause) or re.search(r"{U}\w*\s+{U}\w*\s*,?\s*$".replace("{U}", UPPER_CLASS), ahead):
        return []  # someone is named in the clause already: the role is theirs
    return [collapse(clause[m.start():].rstrip(" ,"))]


_PREV_WORD = re.compile(r"(\S+)\s+$")
_TABLE_ROW = re.compile(r"^[^\n|]*(?: \| [^\n|]*)+$", re.MULTILINE)
_PHRASE_END = re.compile(r"[,.;:()|\n]")
_AFTER_SPACE_WORD = re.compile(r"(?<=\s)([^\W\d_]+)")
_ORG_BEFORE = re.compile(r"(?:thành|huyện|tỉnh|quận|thị|chi|liên)\s+$", re.IGNORECASE)


def find_people(text: str, exclude: set[str]) -> list[Person]:
    v = _people_vocab()
    found: list[tuple[int, int, str, list[str]]] = []  # (start, end of the name, name, roles)
    # 1. After a title word: "đồng chí X - role", "ông X, role", "Tiến sĩ X".
    for m in v["title_re"].finditer(text):
        name, end = _read_name(text, m.end())
        if not name:
            continue
        roles = _read_roles(text, end) or _role_before(text, m.start())
        title = m.group("title").lower()
        if title in v["weak"] and not roles:
            continue
        if title in ("ông", "bà", "anh", "chị") and not roles and name.split()[0] not in v["surnames"]:
            continue  # "đường Ông Ích Khiêm", "thành phố Bà Rịa": not a person
        if m.group("title")[0].isupper() and m.start() > 0 and re.search(
                r"(?:đường|phố|phường|xã|cầu|chợ|trường|chùa|đình|đền|thành phố|tỉnh|huyện|quận|tp\.?)\s*$",
                text[max(0, m.start() - 14): m.start()], re.IGNORECASE):
            continue
        if title in ("ông", "bà") and re.search(r"(?:hộ|gia đình|nhà|cụ|của|con|vợ|chồng)\s*$", text[max(0, m.start() - 12): m.start()], re.IGNORECASE):
            continue
        if not roles and v["citizen_re"].match(text, end):
            continue  # "Ông Lê Văn Sáu, người dân khu phố 7, phản ánh ...": a citizen, not an official
        found.append((end - len(name), end, name, roles))
    # 2. Items of a list after ":" or ";": "Các đồng chí: X, Phó Chủ tịch ...; Y - Bí thư ...".
    for m in re.finditer(r"[:;]\s*", text):
        name, end = _read_name(text, m.end())
        if not name:
            continue
        roles = _read_roles(text, end)
        if roles:
            found.append((end - len(name), end, name, roles))
    # 3. A role, then the name: "Bí thư Tỉnh ủy Nguyễn Văn Đọc", "Bí thư Thành ủy Cần Thơ Nguyễn Văn
    # Hiếu", "Phó Bí thư Quận ủy Hải Châu Đặng Văn Thạnh": the unit's name after the role is read
    # on the gazetteer first (its words are no name: "Châu" of "Hải Châu" is also a family
    # name), then the name is the first run of 3-5 capitalised words that opens with a family
    # name ("Huỳnh Lê Bảo Trân" keeps both family names).
    g = gz.load()
    for m in v["role_anywhere_re"].finditer(text):
        window = text[m.end(): m.end() + 80]
        toks: list[tuple[str, int]] = []
        stop = _PHRASE_END.search(window)
        phrase_end = stop.start() if stop else len(window)
        for sm in _AFTER_SPACE_WORD.finditer(window):
            tok = sm.group(1)
            if not (tok[0].isupper() or tok.lower() in v["fillers"]):
                break  # "đại biểu HĐND tỉnh gồm ông X": the role phrase ended before the name
            if phrase_end < sm.start():
                break  # a role phrase ends at punctuation, a table cell ("|") or the end of a line
            toks.append((tok, sm.start()))
        place_end = 0
        for i, (tok, _) in enumerate(toks):
            if i < place_end or not tok[0].isupper() or (i > 0 and toks[i - 1][0][0].isupper()):
                continue  # a unit's name starts right after a lower-case role or level word
            for j in range(min(len(toks), i + 4), i, -1):
                if all(t[0][0].isupper() for t in toks[i:j]) and g.find(" ".join(t for t, _ in toks[i:j])):
                    place_end = j
                    break
        for i, (tok, start) in enumerate(toks):
            if i < place_end or tok not in v["surnames"]:
                continue
            p = m.end() + start
            if tok == "Đoàn" and _ORG_BEFORE.search(text[max(0, p - 12): p]):
                continue  # "Thành Đoàn Phan Thiết": a youth union, not a person named Đoàn
            name, end = _read_name(text, p)
            if name and len(words(name)) >= 3:
                found.append((end - len(name), end, name, [collapse(text[m.start(): p])]))
                break
    # 4. A full name in apposition with a role, with no title word: "Nguyễn Văn A, Bí thư Huyện ủy, cho biết".
    for m in v["surname_re"].finditer(text):
        prev = _PREV_WORD.search(text, max(0, m.start(1) - 30), m.start(1))
        if prev and prev.group(1)[:1].isupper() and not prev.group(1).endswith((",", ";", ":", ".")):
            continue  # inside a longer capitalised run (a name already, or an organisation)
        name, end = _read_name(text, m.start(1))
        if not name or len(words(name)) < 3:
            continue
        roles = _read_roles(text, end)
        if roles and not text[end:end + 2].startswith("("):
            found.append((end - len(name), end, name, roles))
    # 5. Rows of a flattened table: "Đàng Thị Ngọc Lài | Chủ tịch", "1 | Phạm Ngọc Bảo Trâm | Chủ tịch".
    for m in (_TABLE_ROW.finditer(text) if " | " in text else ()):
        cells = [c.strip() for c in m.group(0).split("|")]
        for k, cell in enumerate(cells):
            name, end = _read_name(cell, 0)
            if not name or end != len(cell) or len(words(name)) < 2:
                continue
            roles = [r.strip() for c in cells[k + 1:] for r in c.split(",") if r.strip() and role_head(r.strip())]
            if roles:
                start = m.start() + m.group(0).index(cell)
                found.append((start, start + len(name), name, roles))
            break
    found.sort(key=lambda x: (x[0], -x[1]))
    # A name read inside a longer one at the same place ("Bá Phong" in "Trần Anh Bá Phong", where
    # "Anh" also reads as a title word) is that longer name.
    found = [f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and (o[1] - o[0]) > (f[1] - f[0]) for o in found)]
    people: dict[str, Person] = {}
    g = gz.load()
    for _, _, name, roles in found:
        name = collapse(name)
        k = tone_key(name)
        if k in exclude or g.province(name) is not None:
            continue
        if k not in people:
            people[k] = Person(name, [])
        for r in roles:
            rk = tone_key(r)
            known = [tone_key(x) for x in people[k].roles]
            if any(x == rk or x.endswith(" " + rk) for x in known):
                continue  # "Bí thư Quận ủy" read inside "Phó Bí thư Quận ủy"
            longer = [i for i, x in enumerate(known) if rk.endswith(" " + x)]
            if longer:
                people[k].roles[longer[0]] = r
            else:
                people[k].roles.append(r)
    return list(people.values())


def extract_people(ctx: Context) -> list[Person]:
    exclude: set[str] = set()
    author: Author | None = ctx.values.get("author")
    if author:
        exclude.add(tone_key(author.name))
    text = "\n".join([ctx.title, *[collapse(p) for p in ctx.body]])
    return find_people(text, exclude)


