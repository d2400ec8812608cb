"""Progress while a build runs: which stage, how far (done/total), how fast, how long still.

The build reports through the module's functions, whoever is listening::

    from danvan_site.core import progress

    progress.start("parse", total=len(todo))   # a stage begins (its name: a key of STAGES)
    for ...:
        progress.advance()                      # one more done (advance(n) for n)
    progress.end()                              # the stage is over

    with progress.stage("render", total=n):     # the same, as a block
        ...

Nobody listening (the default, and in worker processes) costs one attribute look-up per call.
The command line makes a reporter with :func:`make` and installs it with :func:`active`:

- on a terminal (stderr is a TTY): one line that rewrites itself, at most ten times a second
  (``Phân tích bản tin  ██████░░░░  812/1.500  54%  162 bản tin/giây  còn khoảng 4 giây``),
  erased when the build ends so that the summary follows on a clean line;
- elsewhere (CI, a log file, a pipe): plain lines, one every ``interval`` seconds (5 by default)
  while a stage lasts, and a closing line for each stage that printed one
  (``Phân tích bản tin: xong 1.500 bản tin trong 9,3 giây``). A build that takes less than
  ``interval`` prints no progress at all;
- with ``-q`` (or ``--no-progress``): nothing.

``DANVAN_PROGRESS=bar|lines|off`` forces one of the three. Everything goes to stderr; the
summary and the pages' list stay on stdout. Messages are in the language of
:mod:`danvan_site.core.i18n`.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from danvan_site.core import i18n

__all__ = ["STAGES", "Progress", "Bar", "Lines", "make", "active", "current", "start", "advance", "update", "end",
           "stage", "clear"]

# The stages a build goes through, in order, with the unit each counts. A stage name not in
# this table is shown as it is, counting "items" (files).
STAGES: dict[str, str] = {
    "scan": "unit.files",
    "read": "unit.bulletins",
    "parse": "unit.bulletins",
    "dedupe": "unit.bulletins",
    "archive": "unit.bulletins",
    "report": "unit.bulletins",
    "search": "unit.pages",
    "render": "unit.pages",
    "write": "unit.files",
}


def _label(name: str) -> str:
    key = f"stage.{name}"
    return i18n.t(key) if i18n.has(key) else name


def _plural(unit: str) -> str:
    return i18n.t(unit).split("|")[-1]


class Progress:
    """A reporter that shows nothing (``-q``, worker processes, library use). The others
    inherit its bookkeeping: the stage, its total, what is done and when it started."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.name: str | None = None
        self.total: int | None = None
        self.done = 0
        self.unit = "unit.files"
        self.started = 0.0
        self._lock = threading.Lock()

    # -- what the build calls ------------------------------------------------------------------
    def start(self, name: str, total: int | None = None, unit: str | None = None) -> None:
        with self._lock:
            if self.name is not None:
                self._ended()
            self.name, self.total, self.done = name, total, 0
            self.unit = unit or STAGES.get(name, "unit.files")
            self.started = self.clock()
            self._started()

    def advance(self, n: int = 1) -> None:
        with self._lock:
            if self.name is None:
                return
            self.done += n
            self._moved()

    def update(self, done: int, total: int | None = None) -> None:
        with self._lock:
            if self.name is None:
                return
            self.done = done
            if total is not None:
                self.total = total
            self._moved()

    def end(self) -> None:
        with self._lock:
            if self.name is not None:
                self._ended()
            self.name = None

    def tick(self) -> None:
        """Time passed with nothing reported (a stage that counts nothing, a slow item): show
        it. Called by the heartbeat thread twice a second."""
        with self._lock:
            if self.name is not None:
                self._ticked()

    def close(self) -> None:
        """The build is over (finished or failed): leave the terminal clean."""
        self.end()
        self._stop_heartbeat()

    def heartbeat(self, every: float = 0.5) -> None:
        """Call :meth:`tick` every ``every`` seconds from a daemon thread until :meth:`close`."""
        if getattr(self, "_beating", None) is not None:
            return
        stop = threading.Event()
        self._beating = stop

        def beat() -> None:
            while not stop.wait(every):
                self.tick()

        threading.Thread(target=beat, name="danvan-progress", daemon=True).start()

    def _stop_heartbeat(self) -> None:
        stop = getattr(self, "_beating", None)
        if stop is not None:
            stop.set()
            self._beating = None

    # -- what the subclasses show --------------------------------------------------------------
    def _started(self) -> None:
        pass

    def _moved(self) -> None:
        pass

    def _ended(self) -> None:
        pass

    def _ticked(self) -> None:
        pass

    # -- shared wording ------------------------------------------------------------------------
    def elapsed(self) -> float:
        return max(0.0, self.clock() - self.started)

    def rate(self) -> float | None:
        """Items per second so far (None until there is something to go on)."""
        spent = self.elapsed()
        if self.done <= 0 or spent < 0.2:
            return None
        return self.done / spent

    # No time left is guessed before a stage has done this share of its work: the first items
    # are not like the others (an incremental build's first pages are the whole-site ones, then
    # tens of thousands are kept in a blink), and "6 of 62,773 after a second" once announced
    # "about 204 minutes left" for a 12-second build.
    LEFT_AFTER_SHARE = 0.02

    def left(self) -> float | None:
        """Seconds still needed at the rate so far (None when it cannot be told yet: under a
        second, or under ``LEFT_AFTER_SHARE`` of the work done)."""
        rate = self.rate()
        if rate is None or self.total is None or self.elapsed() < 1.0 or self.done < self.LEFT_AFTER_SHARE * self.total:
            return None
        return max(0.0, (self.total - self.done) / rate)

    def _rate_text(self) -> str:
        rate = self.rate()
        if rate is None:
            return ""
        shown = i18n.number(round(rate)) if rate >= 10 else i18n.decimal(rate, 1)
        return i18n.t("unit.per_second", n=shown, unit=_plural(self.unit))

    def _left_text(self) -> str:
        left = self.left()
        if left is None:
            return ""
        return i18n.t("progress.left", time=i18n.seconds(left, whole=True))

    def _percent(self) -> int:
        if not self.total:
            return 100
        return min(100, int(100 * self.done / self.total))


class Bar(Progress):
    """One line on a terminal, rewritten in place (carriage return), erased at the end."""

    FULL, EMPTY = "█", "░"

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic, width: int | None = None,
                 every: float = 0.1) -> None:
        super().__init__(clock)
        self.stream = stream
        self.width = width
        self.every = every
        self._shown = 0  # characters of the line on screen
        self._drawn_at = float("-inf")
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            (self.FULL + self.EMPTY + "ơ").encode(encoding)
        except (UnicodeEncodeError, LookupError):
            self.FULL, self.EMPTY = "#", "-"

    def _columns(self) -> int:
        if self.width:
            return self.width
        import shutil  # drawn only on a terminal: a quiet build does not import it

        return shutil.get_terminal_size((80, 24)).columns

    def line(self) -> str:
        parts = [_label(self.name or "")]
        if self.total:
            cells = 20
            filled = min(cells, int(cells * self.done / self.total))
            parts.append(self.FULL * filled + self.EMPTY * (cells - filled))
            parts.append(f"{i18n.number(self.done)}/{i18n.number(self.total)}")
            parts.append(f"{self._percent()}%")
        elif self.done:
            parts.append(i18n.number(self.done))
        else:
            parts.append(i18n.seconds(self.elapsed(), whole=True))
        for extra in (self._rate_text(), self._left_text()):
            if extra:
                parts.append(extra)
        text = "  ".join(parts)
        limit = max(10, self._columns() - 1)
        return text if len(text) <= limit else text[:limit - 1] + "…"

    def _draw(self, force: bool = False) -> None:
        now = self.clock()
        if not force and now - self._drawn_at < self.every:
            return
        self._drawn_at = now
        text = self.line()
        pad = max(0, self._shown - len(text))
        _emit(self, "\r" + text + " " * pad)
        self._shown = len(text)

    def _erase(self) -> None:
        if self._shown:
            _emit(self, "\r" + " " * self._shown + "\r")
            self._shown = 0

    def _started(self) -> None:
        self._draw(force=True)

    def _moved(self) -> None:
        self._draw(force=self.total is not None and self.done >= self.total)

    def _ended(self) -> None:
        self._erase()

    def _ticked(self) -> None:
        self._draw()


class _Gone:
    """Where progress goes once its stream can no longer be written."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def _emit(shown: "Bar | Lines", text: str) -> None:
    """Write progress; a stream that fails (its reader went away: ``build.py 2>&1 | head``)
    stops the progress, never the build it reports on."""
    try:
        shown.stream.write(text)
        shown.stream.flush()
    except (OSError, ValueError):
        shown.stream = _Gone()  # type: ignore[assignment]


class Lines(Progress):
    """Plain lines for logs: at most one every ``interval`` seconds, and a closing line for
    each stage that printed one."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic, interval: float = 5.0) -> None:
        super().__init__(clock)
        self.stream = stream
        self.interval = interval
        self._last: float | None = None  # when the last line was printed (or the first stage began)
        self._printed = False  # this stage printed a line

    def _say(self, text: str) -> None:
        _emit(self, text + "\n")
        self._last = self.clock()

    def line(self) -> str:
        stage = _label(self.name or "")
        rate = self._rate_text() or "…"
        if self.total:
            left = self._left_text() or "…"
            return i18n.t("progress.line", stage=stage, done=i18n.number(self.done), total=i18n.number(self.total),
                          percent=self._percent(), rate=rate, left=left)
        return i18n.t("progress.line_open", stage=stage, done=i18n.count(self.done, self.unit), rate=rate)

    def _ended_line(self) -> str:
        stage = _label(self.name or "")
        if self.done == 0 and self.total is None:
            return i18n.t("progress.done_time", stage=stage, time=i18n.seconds(self.elapsed()))
        return i18n.t("progress.done", stage=stage, done=i18n.count(self.done, self.unit),
                      time=i18n.seconds(self.elapsed()))

    def _started(self) -> None:
        self._printed = False
        if self._last is None:
            self._last = self.clock()

    def _due(self) -> bool:
        """A line is due: ``interval`` since the last one, and the stage has run long enough
        (a second) to say something about its pace."""
        return (self._last is not None and self.clock() - self._last >= self.interval
                and self.elapsed() >= min(1.0, self.interval))

    def _moved(self) -> None:
        if self.total is not None and self.done >= self.total:
            return  # the closing line follows
        if self._due():
            self._say(self.line())
            self._printed = True

    def _ticked(self) -> None:
        if self.done == 0 and self._due():  # a stage that counts nothing (yet): say it is at work
            self._say(i18n.t("progress.busy", stage=_label(self.name or ""), time=i18n.seconds(self.elapsed(), whole=True)))
            self._printed = True

    def _ended(self) -> None:
        if self._printed:
            self._say(self._ended_line())
        self._printed = False


def make(stream: TextIO | None = None, *, quiet: bool = False, mode: str = "auto", interval: float = 5.0,
         environ: dict[str, str] | None = None, heartbeat: bool = False) -> Progress:
    """The reporter for this run: nothing when ``quiet``; else a bar on a terminal, lines
    elsewhere (``mode`` "bar", "lines" or "off" decides; ``DANVAN_PROGRESS`` too). With
    ``heartbeat``, a daemon thread shows the time passing in stages that count nothing."""
    stream = sys.stderr if stream is None else stream
    env = os.environ if environ is None else environ
    if quiet or mode == "off":
        return Progress()
    if mode == "auto":
        forced = env.get("DANVAN_PROGRESS", "").strip().lower()
        if forced in ("bar", "lines", "off"):
            mode = forced
        else:
            try:
                tty = stream.isatty()
            except (AttributeError, ValueError):
                tty = False
            mode = "bar" if tty and env.get("TERM", "") != "dumb" else "lines"
    if mode == "off":
        return Progress()
    reporter: Progress = Bar(stream) if mode == "bar" else Lines(stream, interval=interval)
    if heartbeat:
        reporter.heartbeat()
    return reporter


_NOBODY = Progress()
_current: Progress = _NOBODY

if hasattr(os, "register_at_fork"):
    # A forked worker reports nothing (its parent counts the results as they come back).
    def _forget() -> None:
        global _current
        _current = _NOBODY

    os.register_at_fork(after_in_child=_forget)


def current() -> Progress:
    return _current


@contextmanager
def active(reporter: Progress) -> Iterator[Progress]:
    """Send the build's progress to ``reporter`` inside the block; the line is erased at its end."""
    global _current
    before = _current
    _current = reporter
    try:
        yield reporter
    finally:
        reporter.close()
        _current = before


def start(name: str, total: int | None = None, unit: str | None = None) -> None:
    _current.start(name, total, unit)


def advance(n: int = 1) -> None:
    _current.advance(n)


def update(done: int, total: int | None = None) -> None:
    _current.update(done, total)


def end() -> None:
    _current.end()


def clear() -> None:
    """End the stage and erase the bar now (before printing something else on the terminal)."""
    _current.end()


@contextmanager
def stage(name: str, total: int | None = None, unit: str | None = None) -> Iterator[None]:
    start(name, total, unit)
    try:
        yield
    finally:
        end()
