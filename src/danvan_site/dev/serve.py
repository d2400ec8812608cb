"""``python build.py serve``: preview the site, rebuild it when its inputs change, reload the page.


- A watcher thread waits for the file system to say that an input changed (the corpus, the
  user's templates, the theme and the settings file): ``watchfiles`` (inotify, FSEvents,
  ReadDirectoryChangesW), which costs nothing while nothing changes and sees a save within
  milliseconds, where looking at 10,000 bulletins twice a second would keep a core busy and see
  it half a second late. Changes are gathered until none has come for ``STEP_MS``, so an
  editor's save or a copy of many files gives one rebuild. Where ``watchfiles`` cannot be loaded
  or cannot watch (a platform without its wheel, a network share that sends no events), the
  thread polls instead, every ``interval`` seconds: a snapshot is every file's (path, size,
  mtime_ns), built once it has stayed the same for one interval. Hidden files and folders (the build cache, the
  build's temporary folders), editor leftovers (``*~``, ``#*#``, ``*.swp`` …) and anything inside
  the output folder are not watched.
- A rebuild calls :func:`pipeline.build` again; its summary line is printed the way the first
  build's was. A rebuild that fails is reported and the last good site stays served (the output
  folder is only replaced by a complete site). Each good rebuild bumps the build counter.
- The HTTP server serves the output folder. Into every HTML page it sends (never into the files
  on disk, which stay byte-identical to ``python build.py``) it adds, before ``</body>``,
  ``<script src="/__danvan/livereload.js" data-version="N"></script>``, N the build the page
  belongs to. That script (same origin, so a ``script-src 'self'`` policy allows it) asks
  ``/__danvan/version`` every second and reloads the page when the number differs from N.
"""
from __future__ import annotations

import errno
import functools
import http.server
import io
import os
import socket
import sys
import threading
import time
import traceback
import urllib.parse
from pathlib import Path
from typing import Callable

from danvan_site.core import i18n
from danvan_site.core.config import Settings
from danvan_site.core.errors import ConfigError, DanvanError

__all__ = ["PREFIX", "SCRIPT_PATH", "VERSION_PATH", "LIVERELOAD_JS", "Server", "serve", "snapshot",
           "ignored_name", "inject"]

PREFIX = "/__danvan/"
SCRIPT_PATH = PREFIX + "livereload.js"
VERSION_PATH = PREFIX + "version"

LIVERELOAD_JS = b"""\
// danvan-site preview (python build.py serve): reload this page after each rebuild of the site.
// Sent by the preview server only; never part of the built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-version") : null;
  function check() {
    fetch("/__danvan/version", { cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (text === null) { return false; }
        var version = text.trim();
        if (shown === null) { shown = version; return false; }
        if (version !== shown) { location.reload(); return true; }
        return false;
      })
      .catch(function () { return false; })  // the server is restarting or stopped: ask again
      .then(function (reloading) { if (!reloading) { setTimeout(check, 1000); } });
  }
  setTimeout(check, 1000);
})();
"""

# Names an editor or a copy leaves while saving, and folders that are never inputs.
_IGNORED_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload", "___jb_tmp___", "___jb_old___")
_IGNORED_NAMES = {"__pycache__", "4913"}  # 4913: the file Vim creates to test a folder


def ignored_name(name: str) -> bool:
    """True for names the watcher never looks at: hidden files and folders (the build cache, the
    build's temporary folders), editor backups, autosaves and swap files."""
    return (
        name.startswith(".")
        or name.endswith("~")
        or (name.startswith("#") and name.endswith("#"))
        or name.endswith(_IGNORED_SUFFIXES)
        or name in _IGNORED_NAMES
    )


Snapshot = dict[str, "tuple[int, int] | None"]

STEP_MS = 100  # events: a change is built once no other has come for this long (milliseconds)


def _watchfiles_available() -> bool:
    try:
        import watchfiles  # noqa: F401
    except Exception:  # noqa: BLE001 - not installed, or its compiled part cannot load here
        return False
    return True


def _file_stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def snapshot(roots: list[Path], skip: set[str]) -> Snapshot:
    """Every watched file under ``roots`` (folders or single files): path -> (size, mtime_ns).
    A root that does not exist is recorded as ``None`` (so its creation is a change). Folders
    whose real path is in ``skip`` are not entered; symbolic links to folders are followed once."""
    found: Snapshot = {}
    seen: set[tuple[int, int]] = set()

    def walk(folder: str) -> None:
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen or os.path.realpath(folder) in skip:
                return
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as entries:
                items = list(entries)
        except OSError:  # vanished or unreadable while we looked: the next poll sees it
            return
        for entry in items:
            if ignored_name(entry.name):
                continue
            try:
                if entry.is_dir():
                    walk(entry.path)
                    continue
                st = entry.stat()
            except OSError:
                continue
            found[entry.path] = (st.st_size, st.st_mtime_ns)

    for root in roots:
        path = str(root)
        if os.path.isdir(path):
            found[path] = (0, 0)
            walk(path)
        else:
            try:
                st = os.stat(path)
                found[path] = (st.st_size, st.st_mtime_ns)
            except OSError:
                found[path] = None
    return found


def _changes(before: Snapshot, after: Snapshot) -> list[str]:
    """The paths added, removed or modified, sorted."""
    keys = before.keys() | after.keys()
    return sorted(k for k in keys if before.get(k, False) != after.get(k, False))


def _shown(path: str) -> str:
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path


def inject(html: bytes, tag: bytes) -> bytes:
    """``html`` with ``tag`` just before its last ``</body>`` (at the end when there is none)."""
    at = html.lower().rfind(b"</body>")
    if at < 0:
        return html + tag
    return html[:at] + tag + html[at:]


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler, live: "Server") -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.live = live
        super().__init__(address, handler)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The output folder as a static host serves it (a missing address gets the site's
    404.html), with the live-reload script added to HTML pages and the two ``/__danvan/``
    addresses. Every response asks the browser to revalidate, so a reload shows the new site."""

    server: _HTTPServer
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".json": "application/json",
        ".xml": "application/xml",
        ".csv": "text/csv; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }

    def __init__(self, *args, **kwargs) -> None:
        self._cache_header = False
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        """Answer under the base URL's path as the host does ("/luu-tru/x" is the file "x"), so
        that the root-relative links of 404.html work in the preview too."""
        prefix = self.server.live.base_path
        split = urllib.parse.urlsplit(path)
        if prefix and (split.path == prefix.rstrip("/") or split.path.startswith(prefix)):
            path = urllib.parse.urlunsplit(split._replace(path="/" + split.path[len(prefix):]))
        return super().translate_path(path)

    # the two addresses of the preview itself ---------------------------------------------------

    def do_GET(self) -> None:
        f = self._own() if self._request_path().startswith(PREFIX) else self.send_head()
        if f is not None:
            try:
                self.copyfile(f, self.wfile)
            finally:
                f.close()

    def do_HEAD(self) -> None:
        f = self._own() if self._request_path().startswith(PREFIX) else self.send_head()
        if f is not None:
            f.close()

    def _request_path(self) -> str:
        return urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)

    def _own(self) -> io.BytesIO | None:
        path = self._request_path()
        if path == VERSION_PATH:
            return self._send(str(self.server.live.version).encode("ascii"), "text/plain; charset=utf-8")
        if path == SCRIPT_PATH:
            return self._send(LIVERELOAD_JS, "text/javascript; charset=utf-8")
        self.send_error(404)
        return None

    def _send(self, body: bytes, content_type: str, status: int = 200) -> io.BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)

    # the site's pages ---------------------------------------------------------------------------

    def send_head(self):
        if not self.server.live.live_reload:
            return super().send_head()
        path = self.translate_path(self.path)
        page = None
        if os.path.isdir(path):
            if urllib.parse.urlsplit(self.path).path.endswith("/"):  # else the base class redirects
                page = next((p for p in (os.path.join(path, "index.html"), os.path.join(path, "index.htm"))
                             if os.path.isfile(p)), None)
        elif path.endswith((".html", ".htm")) and os.path.isfile(path):
            page = path
        if page is None:
            return super().send_head()
        body = self._page(page)
        if body is None:
            self.send_error(404, "File not found")
            return None
        # no Last-Modified: a page is sent whole each time, with the build it belongs to
        return self._send(body, "text/html; charset=utf-8")

    def _page(self, path: str) -> bytes | None:
        """The page's bytes with the live-reload script tag, or None when it cannot be read."""
        try:
            with open(path, "rb") as f:
                html = f.read()
        except OSError:
            return None
        return inject(html, self.server.live.script_tag())

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / "404.html"
        body = None
        if code == 404 and page.is_file():
            if self.server.live.live_reload:
                body = self._page(str(page))
            else:
                try:
                    body = page.read_bytes()
                except OSError:
                    body = None
        if body is None:
            super().send_error(code, message, explain)
            return
        f = self._send(body, "text/html; charset=utf-8", status=404)
        if self.command != "HEAD":
            self.wfile.write(f.getvalue())

    def send_response(self, code, message=None) -> None:
        self._cache_header = False
        super().send_response(code, message)

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "cache-control":
            self._cache_header = True
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        if not self._cache_header:
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if getattr(self, "path", "").startswith(PREFIX) or self.server.live.settings.verbosity == 0:
            return  # the pages' polling would fill the terminal
        super().log_message(format, *args)


def _listen_error(host: str, port: int, exc: OSError) -> ConfigError:
    if exc.errno == errno.EADDRINUSE:
        return ConfigError(
            f"port {port} on {host} is already in use (another preview still running?). "
            f"Stop the program using it, or pass another port: --port {port + 1 if port < 65535 else 8000} "
            f"(or --port 0 for any free one)."
        )
    if exc.errno == errno.EACCES:
        return ConfigError(f"not allowed to listen on port {port} (ports below 1024 need administrator "
                           f"rights); pass --port 8000 or another number above 1023.")
    return ConfigError(f"cannot listen on {host} port {port} ({exc.strerror or exc}); "
                       f"check --host (127.0.0.1 for this computer only) and --port.")


class Server:
    """The preview: an HTTP server on the output folder and, with ``watch``, a watcher thread
    that rebuilds on change. ``start()`` returns once both run; ``stop()`` ends them (waiting
    for a rebuild in progress). ``version`` is the build counter: 1 for the site present at
    start, plus one per good rebuild.

    ``reload_settings`` (optional) makes the settings anew before each rebuild, so an edit of
    the settings file takes effect; ``report(result, settings)`` prints a build's summary
    (``build.report.report_build`` by default); ``build(settings)`` is ``pipeline.build`` by default.
    """

    @property
    def base_path(self) -> str:
        """The path of the base URL ("/luu-tru/"), "" without one: where the host serves the site."""
        path = urllib.parse.urlsplit(self.settings.base_url or "").path.rstrip("/")
        return path + "/" if path else ""

    def __init__(
        self,
        settings: Settings,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        watch: bool = True,
        interval: float = 0.5,
        reload_settings: Callable[[], Settings] | None = None,
        report: Callable | None = None,
        build: Callable | None = None,
    ) -> None:
        self.settings = settings
        self.directory = Path(settings.output)
        self.host = host
        self.port = port
        self.watch = watch
        self.live_reload = watch  # without a watcher the version never changes: pages as on disk
        self.interval = interval
        self.version = 1
        self._reload_settings = reload_settings
        self._report = report
        self._build = build
        self._stopping = threading.Event()
        self._build_lock = threading.Lock()
        self._httpd: _HTTPServer | None = None
        self._http_thread: threading.Thread | None = None
        self._watch_thread: threading.Thread | None = None
        self._baseline: Snapshot = {}
        self._pending: Snapshot | None = None
        self._scan_seconds = 0.0
        self.failures = 0  # rebuilds that failed (the served site stayed as it was)
        # How changes are seen: "watchfiles" (the file system's events) when it can be loaded,
        # else "polling" (a snapshot every ``interval`` seconds).
        self.watcher = "watchfiles" if _watchfiles_available() else "polling"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def script_tag(self) -> bytes:
        return f'<script src="{SCRIPT_PATH}" data-version="{self.version}"></script>'.encode("ascii")

    # watched inputs -----------------------------------------------------------------------------

    def roots(self) -> list[Path]:
        s = self.settings
        found = [Path(s.corpus)]
        if s.templates is not None:
            found.append(Path(s.templates))
        found.append(Path(s.theme))
        if s.config_file is not None:
            found.append(Path(s.config_file))
        return found

    def _skip(self) -> set[str]:
        skip = {os.path.realpath(self.directory), os.path.realpath(self.settings.output)}
        cache = getattr(self.settings, "cache", None)
        if isinstance(cache, (str, Path)):
            skip.add(os.path.realpath(cache))
        return skip

    def snapshot(self) -> Snapshot:
        return snapshot(self.roots(), self._skip())

    # life cycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        handler = functools.partial(_Handler, directory=str(self.directory))
        try:
            self._httpd = _HTTPServer((self.host, self.port), handler, live=self)
        except OSError as exc:
            raise _listen_error(self.host, self.port, exc) from exc
        self.port = self._httpd.server_address[1]  # the real port when 0 asked for any free one
        self._http_thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                             name="danvan-http", daemon=True)
        self._http_thread.start()
        if self.watch:
            self.begin_watch()  # now: a change made once start() has returned is seen
            self._watch_thread = threading.Thread(target=self._watch, name="danvan-watch", daemon=True)
            self._watch_thread.start()

    def stop(self) -> None:
        """Stop watching (a rebuild in progress is finished first) and serving."""
        self._stopping.set()
        if self._watch_thread is not None:
            while self._watch_thread.is_alive():
                self._watch_thread.join(0.2)
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    @property
    def building(self) -> bool:
        return self._build_lock.locked()

    # watching and rebuilding --------------------------------------------------------------------

    def begin_watch(self) -> None:
        """Take the snapshot later changes are measured against (``start()`` does it)."""
        self._baseline = self.snapshot()
        self._pending = None

    def poll(self) -> bool:
        """One look at the inputs; True when it ran a rebuild. A change is built on the first
        look that finds the inputs as the look before found them: still changing, it waits."""
        started = time.monotonic()
        current = self.snapshot()
        self._scan_seconds = time.monotonic() - started
        if current == self._baseline:
            self._pending = None
            return False
        if current != self._pending:  # new since the last look: wait until it stays the same
            self._pending = current
            return False
        if self._stopping.is_set():
            return False
        changed = _changes(self._baseline, current)
        roots = self.roots()
        self.rebuild(changed)
        # the settings may now name other inputs: start afresh from them
        self._baseline = current if self.roots() == roots else self.snapshot()
        self._pending = None
        return True

    def _watch(self) -> None:
        if self.watcher == "watchfiles":
            try:
                self._watch_events()
                return
            except Exception as exc:  # noqa: BLE001 - no events from this file system: poll instead
                if self._stopping.is_set():
                    return
                self.watcher = "polling"
                print(f"{i18n.t('label.note')}: {i18n.t('serve.polling', detail=f'{type(exc).__name__}: {exc}')}",
                      file=sys.stderr, flush=True)
                # polled from start()'s snapshot on: a change made meanwhile is still seen
        self._poll_loop()

    def _event_roots(self) -> tuple[list[str], dict[str, tuple[int, int] | None]]:
        """The folders to watch for events (those that exist), and the single files (the
        settings file) with their stamps: those are looked at once a second, since an editor
        that saves by renaming would end a watch on the file itself, and its folder (the
        project's) holds the site."""
        folders: list[str] = []
        files: dict[str, tuple[int, int] | None] = {}
        for root in self.roots():
            path = str(root)
            if os.path.isdir(path):
                folders.append(path)
            else:
                files[path] = _file_stamp(path)
        return folders, files

    def _watch_events(self) -> None:
        """Rebuild on the file system's change events (``watchfiles``) until stopped."""
        import watchfiles

        skip = tuple(os.path.join(p, "") for p in self._skip())

        def wanted(_change: object, path: str) -> bool:
            if path.startswith(skip) or os.path.join(path, "") in skip:
                return False
            return not any(ignored_name(part) for part in Path(path).parts[-6:])

        first = True
        while not self._stopping.is_set():
            folders, files = self._event_roots()
            if first:  # the settings file as start() found it
                files = {path: self._baseline.get(path) for path in files}
            roots = self.roots()
            for changes in watchfiles.watch(*folders, watch_filter=wanted, stop_event=self._stopping,
                                            step=STEP_MS, rust_timeout=1000, yield_on_timeout=True,
                                            raise_interrupt=False):
                changed = sorted({path for _, path in changes})
                changed += [path for path, stamp in files.items() if _file_stamp(path) != stamp]
                if first:
                    # The watch is in place from its first answer on: what changed between
                    # start() and then is found by comparing with start()'s snapshot.
                    first = False
                    if not changed:
                        changed = _changes(self._baseline, self.snapshot())
                if not changed or self._stopping.is_set():
                    continue
                self.rebuild(changed)
                if self.roots() != roots:
                    break  # the settings name other inputs now: watch those
                files = {path: _file_stamp(path) for path in files}

    def _poll_loop(self) -> None:
        wait = self.interval
        while not self._stopping.wait(wait):
            try:
                self.poll()
            except Exception as exc:  # noqa: BLE001 - never let the watcher die
                print(f"{i18n.t('label.error')}: {i18n.t('serve.watch_failed', detail=f'{type(exc).__name__}: {exc}')}",
                      file=sys.stderr, flush=True)
            # a huge corpus: look less often rather than spend a core on scanning
            wait = max(self.interval, 2 * self._scan_seconds)

    def rebuild(self, changed: list[str] | None = None) -> bool:
        """Build again; True when the new site was written (and the counter bumped). A failure is
        printed and leaves the served site as it was."""
        with self._build_lock:
            if changed and self.settings.verbosity >= 1:
                shown = ", ".join(_shown(p) for p in changed[:3])
                more = i18n.t("serve.changed_more", n=len(changed) - 3) if len(changed) > 3 else ""
                print(i18n.t("serve.changed", files=shown + more), flush=True)
            try:
                settings = self._new_settings()
                result = self._run_build(settings)
            except DanvanError as exc:
                self._failed(f"{i18n.t('label.error')}: {i18n.localize(str(exc))}")
                return False
            except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview
                self._failed(f"{i18n.t('label.error')}: "
                             f"{i18n.t('serve.rebuild_crashed', detail=f'{type(exc).__name__}: {exc}')}",
                             traceback.format_exc())
                return False
            self._print_report(result, settings)
            if not result.written:
                print(i18n.t("serve.strict"), file=sys.stderr, flush=True)
                return False
            if getattr(result, "unchanged", False):  # the files on disk are as they were: no reload
                return False
            self.version += 1
            return True

    def _new_settings(self) -> Settings:
        if self._reload_settings is None:
            return self.settings
        settings = self._reload_settings()
        if os.path.realpath(settings.output) != os.path.realpath(self.directory):
            print(f"{i18n.t('label.note')}: {i18n.t('serve.output_moved', new=settings.output, old=self.directory)}",
                  file=sys.stderr, flush=True)
            settings.output = self.directory
        self.settings = settings
        return settings

    def _run_build(self, settings: Settings):
        build = self._build
        if build is None:
            from danvan_site.build.pipeline import build
        return build(settings)

    def _print_report(self, result, settings: Settings) -> None:
        report = self._report
        if report is None:
            from danvan_site.build.report import report_build as report
        report(result, settings)
        sys.stdout.flush()

    def _failed(self, message: str, details: str | None = None) -> None:
        self.failures += 1
        if self._stopping.is_set():  # Ctrl+C reached a tool the build ran: not worth a report
            return
        print(message, file=sys.stderr)
        if details is not None:
            if self.settings.verbosity >= 2:
                print(details, file=sys.stderr, end="")
            else:
                print(i18n.t("serve.run_verbose"), file=sys.stderr)
        print(i18n.t("serve.kept", url=self.url), file=sys.stderr, flush=True)


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    watch: bool = True,
    reload_settings: Callable[[], Settings] | None = None,
    report: Callable | None = None,
) -> None:
    """Serve the built site in ``settings.output`` until Ctrl+C; with ``watch``, rebuild on
    change and reload the open pages. A port that cannot be used is a :class:`ConfigError`."""
    server = Server(settings, host, port, watch=watch, reload_settings=reload_settings, report=report)
    server.start()
    print(i18n.t("serve.serving", folder=f"{settings.output}/", url=server.url), flush=True)
    if watch and settings.verbosity >= 1:
        watched = ", ".join(_shown(str(p)) + ("/" if p.is_dir() else "" if p.exists() else i18n.t("serve.not_there_yet"))
                            for p in server.roots())
        print(i18n.t("serve.watching", what=watched), flush=True)
    try:
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        print(flush=True)  # after the ^C the terminal shows
    try:
        if server.building:
            print(i18n.t("serve.waiting"), flush=True)
        server.stop()
        print(i18n.t("serve.stopped"))
    except KeyboardInterrupt:
        print(i18n.t("serve.stopped_now"))
