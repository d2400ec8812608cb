"""Progress while building (danvan_site.core.progress): a bar that rewrites itself on a terminal,
plain lines now and then in logs, nothing with -q; rate and time left from the counts so far.
A fake clock makes the timings exact."""
from __future__ import annotations

import io

import pytest

from danvan_site.core import i18n, progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


class Tty(io.StringIO):
    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


def run_parse(reporter: progress.Progress, clock: Clock, total: int = 1000, per_second: int = 100,
              step: int = 25) -> None:
    """A parse stage of ``total`` bulletins at ``per_second``, reported every ``step``."""
    reporter.start("parse", total=total)
    done = 0
    while done < total:
        clock.tick(step / per_second)
        reporter.advance(step)
        done += step
    reporter.end()


@pytest.mark.parametrize("lang, expected", [
    ("vi", ["Phân tích bản tin: 500/1.000 (50%), 100 bản tin/giây, còn khoảng 5 giây",
            "Phân tích bản tin: xong 1.000 bản tin trong 10 giây"]),
    ("en", ["Parsing bulletins: 500/1,000 (50%), 100 bulletins/s, about 5 s left",
            "Parsing bulletins: done, 1,000 bulletins in 10 s"]),
])
def test_lines_in_a_log(lang, expected):
    clock = Clock()
    out = io.StringIO()
    with i18n.using(lang):
        run_parse(progress.Lines(out, clock=clock, interval=5.0), clock)
    assert out.getvalue().splitlines() == expected


def test_a_short_stage_prints_nothing_in_a_log():
    clock = Clock()
    out = io.StringIO()
    reporter = progress.Lines(out, clock=clock, interval=5.0)
    run_parse(reporter, clock, total=100, per_second=1000, step=10)  # 0.1 s
    reporter.start("render", total=50)
    for _ in range(50):
        clock.tick(0.01)
        reporter.advance()
    reporter.close()
    assert out.getvalue() == ""


def test_the_interval_counts_across_stages():
    """Several stages of 4 s each: a line every 5 s at most, whichever stage is running."""
    clock = Clock()
    out = io.StringIO()
    reporter = progress.Lines(out, clock=clock, interval=5.0)
    with i18n.using("en"):
        for name in ("read", "parse", "render"):
            reporter.start(name, total=32)
            for _ in range(32):
                clock.tick(0.125)
                reporter.advance()
            reporter.end()
    lines = out.getvalue().splitlines()
    # At 5 s (1 s into parsing) a line, and the closing line of that stage at 8 s; making
    # pages (8 s to 12 s) is over before 5 s have passed since.
    assert lines == [
        "Parsing bulletins: 8/32 (25%), 8.0 bulletins/s, about 3 s left",
        "Parsing bulletins: done, 32 bulletins in 4.0 s",
    ]


def test_a_stage_without_a_total():
    clock = Clock()
    out = io.StringIO()
    reporter = progress.Lines(out, clock=clock, interval=1.0)
    with i18n.using("vi"):
        reporter.start("scan")
        for _ in range(3):
            clock.tick(0.5)
            reporter.advance(100)
        reporter.end()
    assert out.getvalue().splitlines() == ["Tìm bản tin: 200 tệp, 200 tệp/giây", "Tìm bản tin: xong 300 tệp trong 1,5 giây"]


def test_the_bar_rewrites_one_line_and_is_erased():
    clock = Clock()
    out = Tty()
    bar = progress.Bar(out, clock=clock, width=100)
    with i18n.using("vi"):
        bar.start("parse", total=1500)
        clock.tick(5)
        bar.advance(750)
        shown = bar.line()
        bar.close()
    assert shown == "Phân tích bản tin  ██████████░░░░░░░░░░  750/1.500  50%  150 bản tin/giây  còn khoảng 5 giây"
    text = out.getvalue()
    assert "\n" not in text  # one line, rewritten with carriage returns
    assert text.count("\r") >= 3
    assert text.endswith("\r" + " " * len(shown) + "\r")  # erased: the summary starts on a clean line


def test_the_bar_is_drawn_at_most_ten_times_a_second():
    clock = Clock()
    out = Tty()
    bar = progress.Bar(out, clock=clock, width=100)
    bar.start("render", total=10_000)
    for _ in range(10_000):
        clock.tick(0.0001)  # one second in all
        bar.advance()
    assert 10 <= out.getvalue().count("\r") <= 13


def test_the_bar_fits_the_terminal_and_the_encoding():
    clock = Clock()
    narrow = progress.Bar(Tty(), clock=clock, width=30)
    narrow.start("parse", total=10)
    clock.tick(1)
    narrow.advance(5)
    assert len(narrow.line()) <= 29 and narrow.line().endswith("…")

    class Ascii(Tty):
        encoding = "ascii"

    plain = progress.Bar(Ascii(), clock=clock, width=200)
    plain.start("parse", total=10)
    plain.advance(5)
    assert "#####-----" in plain.line()


def test_make_chooses_by_the_stream():
    assert type(progress.make(io.StringIO(), environ={})) is progress.Lines
    assert type(progress.make(Tty(), environ={})) is progress.Bar
    assert type(progress.make(Tty(), environ={"TERM": "dumb"})) is progress.Lines
    assert type(progress.make(Tty(), quiet=True, environ={})) is progress.Progress
    assert type(progress.make(Tty(), environ={"DANVAN_PROGRESS": "lines"})) is progress.Lines
    assert type(progress.make(io.StringIO(), environ={"DANVAN_PROGRESS": "off"})) is progress.Progress
    assert type(progress.make(io.StringIO(), mode="bar", environ={})) is progress.Bar


def test_nobody_listening_costs_nothing_and_active_restores():
    progress.start("parse", total=3)  # nobody listening: nothing happens
    progress.advance()
    progress.end()
    clock = Clock()
    out = io.StringIO()
    reporter = progress.Lines(out, clock=clock, interval=1.0)
    before = progress.current()
    with progress.active(reporter):
        assert progress.current() is reporter
        with progress.stage("parse", total=4):
            for _ in range(4):
                clock.tick(0.625)
                progress.advance()
    assert progress.current() is before
    assert len(out.getvalue().splitlines()) == 2  # one progress line (at 1.25 s) and the closing one


def test_time_left_and_rate_need_something_to_go_on():
    clock = Clock()
    reporter = progress.Progress(clock=clock)
    reporter.start("parse", total=100)
    assert reporter.rate() is None and reporter.left() is None
    clock.tick(0.5)
    reporter.advance(10)
    assert reporter.rate() == 20 and reporter.left() is None  # under a second: no guess yet
    clock.tick(1.5)
    reporter.advance(30)
    assert reporter.rate() == 20 and reporter.left() == 3.0


def test_no_time_left_is_guessed_from_the_first_items_of_a_long_stage():
    # An incremental build: the whole-site pages first (slow), then tens of thousands kept.
    clock = Clock()
    reporter = progress.Progress(clock=clock)
    reporter.start("render", total=62_773)
    clock.tick(1.2)
    reporter.advance(6)
    assert reporter.rate() == pytest.approx(5) and reporter.left() is None  # not "about 204 minutes left"
    clock.tick(0.8)
    reporter.advance(1_250)  # 2% done: a guess can be made
    assert reporter.left() == pytest.approx((62_773 - 1_256) / (1_256 / 2.0))


def test_a_stage_that_counts_nothing_still_shows_the_time():
    """Searching, arranging: no count to give; the heartbeat says the stage is at work."""
    clock = Clock()
    out = io.StringIO()
    reporter = progress.Lines(out, clock=clock, interval=5.0)
    with i18n.using("vi"):
        reporter.start("search")
        for _ in range(24):  # 12 s, ticked twice a second
            clock.tick(0.5)
            reporter.tick()
        reporter.end()
    assert out.getvalue().splitlines() == ["Lập chỉ mục tìm kiếm: đang làm… (5 giây)",
                                           "Lập chỉ mục tìm kiếm: đang làm… (10 giây)",
                                           "Lập chỉ mục tìm kiếm: xong trong 12 giây"]
    bar = progress.Bar(Tty(), clock=clock, width=80)
    with i18n.using("en"):
        bar.start("search")
        clock.tick(3)
        assert bar.line() == "Search index  3 s"


def test_the_heartbeat_thread_stops_with_the_reporter():
    import threading
    import time

    out = io.StringIO()
    reporter = progress.Lines(out, interval=0.05)
    reporter.heartbeat(every=0.01)
    reporter.start("search")
    deadline = time.monotonic() + 5
    while not out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    reporter.close()
    assert "…" in out.getvalue()
    time.sleep(0.05)
    assert not [t for t in threading.enumerate() if t.name == "danvan-progress" and t.is_alive()]
