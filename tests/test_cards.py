"""Bulletin cards made once (``render.CardCache``): every list page is byte for byte the page
made card by card, in every folder of the site (links are relative to each page); a card whose
text holds the cache's mark is made on each page; a site with its own ``_macros.html`` makes its
cards itself, so they may show anything of the page.
"""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from markupsafe import Markup

from conftest import BASE_URL, CORPUS, ROOT, seed_settings
from danvan_site.build.pipeline import build
from danvan_site.core.models import Article
from danvan_site.site import render
from danvan_site.site.render import CardCache


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds and 150 synthetic bulletins: lists of several pages at every level of places."""
    folder = tmp_path_factory.mktemp("cards") / "corpus"
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    module.generate(150, folder, seed=3, jobs=1)
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


def _site(out: Path, corpus: Path, **extra) -> dict[str, bytes]:
    settings = seed_settings(out, corpus, search=False, base_url=BASE_URL, page_size=5, jobs=1, **extra)
    settings.cache = None
    build(settings)
    return _tree(out)


def test_cached_cards_give_the_pages_made_card_by_card(tmp_path, corpus, monkeypatch) -> None:
    made: list[tuple[str, int]] = []
    original = CardCache.show

    def counting(self, article, level, macro, current_url):
        if (article.id, level) not in self.cards:
            made.append((article.id, level))
        return original(self, article, level, macro, current_url)
    monkeypatch.setattr(CardCache, "show", counting)
    cached = _site(tmp_path / "cached", corpus)
    shown = sum(page.count(b'<article class="card">') for page in cached.values())
    # Each bulletin's card is made once (level 3 on every list and on the home page) ...
    assert len(made) == len(set(made)) and 150 <= len(made) <= 155
    assert shown > 5 * len(made)  # ... and shown on many pages

    monkeypatch.setattr(CardCache, "show", lambda self, article, level, macro, current_url: macro(article, level))
    plain = _site(tmp_path / "plain", corpus)
    assert cached.keys() == plain.keys()
    assert [path for path in plain if plain[path] != cached[path]] == []
    # Pages at several depths show cards, with links relative to each.
    kind = next(p for p in cached if p.startswith("loai-hoi-nghi/") and p.endswith("/index.html") and p.count("/") == 2)
    for path, depth in (("index.html", 0), (kind, 2)):
        assert f'<h3 class="card-title"><a href="{"../" * depth}bai-viet/'.encode() in cached[path]
    deep = [p for p in cached if p.startswith("dia-phuong/") and p.count("/") == 4 and b'class="card"' in cached[p]]
    assert deep and all(b'<h3 class="card-title"><a href="../../../../bai-viet/' in cached[p] for p in deep)


def test_a_mark_in_the_text_is_not_taken_for_a_link() -> None:
    cards = CardCache()
    article = Article(id="x1", title="Tiêu đề \x1e0\x1e lạ", source_file="x.txt", sha256="0" * 64)

    def macro(a: Article, level: int) -> Markup:
        """The theme's card in short: its link through the mark while the card is recorded."""
        href = "bai-viet/x1/"
        if render._recording is not None:
            render._recording.append(href)
            href = f"\x1e{len(render._recording) - 1}\x1e"
        return Markup(f'<h{level}><a href="{href}">{a.title}</a></h{level}>')

    first = cards.show(article, 3, macro, "thoi-gian/2021/")
    assert ("x1", 3) not in cards.cards  # made on each page, never kept
    assert first == Markup('<h3><a href="bai-viet/x1/">Tiêu đề \x1e0\x1e lạ</a></h3>')
    plain = Article(id="x2", title="Hội nghị", source_file="y.txt", sha256="1" * 64)
    assert str(cards.show(plain, 3, macro, "thoi-gian/2021/")) == '<h3><a href="../../bai-viet/x1/index.html">Hội nghị</a></h3>'
    assert str(cards.show(plain, 3, macro, "")) == '<h3><a href="bai-viet/x1/index.html">Hội nghị</a></h3>'
    assert ("x2", 3) in cards.cards


def test_own_macros_make_their_cards_on_each_page(tmp_path, corpus) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    theme = (ROOT / "src" / "danvan_site" / "site" / "theme" / "_macros.html").read_text(encoding="utf-8")
    start = theme.index("{% macro article_list(")
    end = theme.index("{% endmacro %}", start) + len("{% endmacro %}")
    own_list = ('{% macro article_list(items, level=2) %}<div class="cards">{% for a in items %}'
                '{{ article_card(a, level) }}<p class="shown-on">{{ current_url }}</p>{% endfor %}</div>{% endmacro %}')
    (templates / "_macros.html").write_text(theme[:start] + own_list + theme[end:], encoding="utf-8")
    site = _site(tmp_path / "own", corpus, templates=str(templates))
    pages = [p for p in site if p.startswith("loai-hoi-nghi/") and b'class="shown-on"' in site[p]]
    assert len(pages) >= 2
    for path in pages:
        url = path.removesuffix("index.html")
        assert f'<p class="shown-on">{url}</p>'.encode() in site[path]
