"""Command line: ``python build.py [build|serve|evaluate] [options]``.

One exit path: every expected failure is a :class:`DanvanError` printed as one plain sentence;
exit codes are 0 (done), 1 (build failed or --strict saw warnings), 2 (bad settings or usage).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from danvan_site import __version__
from danvan_site.core import profiling
from danvan_site.core.config import Settings, load_settings
from danvan_site.core.errors import ConfigError, DanvanError
from danvan_site.build.pipeline import build, collect
from danvan_site.build.report import report_build


def _options(in_subcommand: bool) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The shared options. Accepted before and after the command name; in a subcommand they
    have no defaults (SUPPRESS), so an option given before the command name is not reset."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if in_subcommand else value

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=default(None),
                        help="settings file (default: ./site.yaml when it exists)")
    common.add_argument("--corpus", type=str, default=default(None),
                        help="folder of raw bulletins (*.txt) (default: corpus)")
    common.add_argument("-q", "--quiet", action="store_true", default=default(False),
                        help="print only errors and the summary line")
    common.add_argument("-v", "--verbose", action="store_true", default=default(False),
                        help="print every warning and each file read")

    site_opts = argparse.ArgumentParser(add_help=False)
    site_opts.add_argument("--output", type=str, default=default(None),
                           help="folder to write the site into (default: site)")
    site_opts.add_argument("--base-url", dest="base_url", type=str, default=default(None),
                           help="absolute address of the published site, for feeds and canonical links")
    site_opts.add_argument("--templates", type=str, default=default(None),
                           help="folder of your own templates, used before the defaults")
    site_opts.add_argument("--strict", action="store_true", default=default(False),
                           help="treat warnings as errors: nothing is written")
    site_opts.add_argument("--no-search", dest="no_search", action="store_true", default=default(False),
                           help="skip the search index (faster; the search page says search is not available)")
    site_opts.add_argument("--cache", type=str, default=default(None),
                           help="folder of the build cache (default: .danvan-cache next to site.yaml)")
    site_opts.add_argument("--no-cache", dest="no_cache", action="store_true", default=default(False),
                           help="build everything from scratch and keep no cache")
    site_opts.add_argument("-j", "--jobs", type=int, default=default(None),
                           help="processes parsing bulletins (default: one per CPU core)")
    site_opts.add_argument("--profile", action="store_true", default=default(False),
                           help="print where the time went: stages, extraction steps, templates")
    site_opts.add_argument("--force", action="store_true", default=default(False),
                           help="replace an output folder that danvan-site did not create")
    return common, site_opts


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py",
        description="Build a static archive website from raw Vietnamese bulletins (tin dân vận).",
        parents=list(_options(in_subcommand=False)),
    )
    common, site_opts = _options(in_subcommand=True)
    parser.add_argument("--version", action="version", version=f"danvan-site {__version__}")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("build", parents=[common, site_opts], help="build the site (the default)")
    serve = sub.add_parser("serve", parents=[common, site_opts], help="build, then preview on http://127.0.0.1:8000")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-watch", dest="no_watch", action="store_true",
                       help="serve only: do not rebuild on change nor reload the open pages")
    ev = sub.add_parser("evaluate", parents=[common], help="compare extracted records with a gold file")
    ev.add_argument("gold", type=Path, help="gold YAML file (file name -> expected record)")
    ev.add_argument("--json", metavar="FILE", default=None,
                    help="also write the figures as JSON (per-field counts, people, failures, the gold file's "
                         "SHA-256) into FILE; '-' prints only the JSON")
    ev.add_argument("--failures", action=argparse.BooleanOptionalAction, default=True,
                    help="list each failure with expected and extracted values (default: on)")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    config = args.config
    if config is None and Path("site.yaml").is_file():
        config = Path("site.yaml")
    overrides = {
        "corpus": getattr(args, "corpus", None),
        "output": getattr(args, "output", None),
        "base_url": getattr(args, "base_url", None),
        "templates": getattr(args, "templates", None),
        "strict": True if getattr(args, "strict", False) else None,
        "search": False if getattr(args, "no_search", False) else None,
        "cache": getattr(args, "cache", None),
        "jobs": getattr(args, "jobs", None),
    }
    settings = load_settings(config, overrides)
    if getattr(args, "no_cache", False):
        settings.cache = None
    settings.verbosity = 0 if args.quiet else (2 if args.verbose else 1)
    return settings


def _say(settings: Settings, text: str, level: int = 1) -> None:
    if settings.verbosity >= level:
        print(text)


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    """Preview the built site; rebuild on change and reload the open pages (serve.py)."""
    from danvan_site.dev.serve import serve

    serve(settings, args.host, args.port, watch=not args.no_watch,
          reload_settings=lambda: _settings(args), report=report_build)


def _evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from danvan_site.dev.evaluate import evaluate, load_gold

    gold_path: Path = args.gold
    if not gold_path.is_file():
        raise ConfigError(f"{gold_path}: gold file not found.")
    if args.corpus is None:
        settings.corpus = gold_path.parent
    try:
        gold = load_gold(gold_path)
    except Exception as exc:  # yaml errors and shape errors alike
        raise ConfigError(f"{gold_path}: cannot read the gold file ({exc}).") from exc
    collected = collect(settings)
    # Gold entries name a file; any reader's file of that stem answers ("x.txt", "x.html").
    articles = {Path(a.source_file).stem: a for a in collected.articles}
    report = evaluate(gold, articles)
    if args.json:
        data = report.to_json(gold_path, gold_path.read_bytes(), Path(settings.corpus))
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    if args.json != "-":
        print(report.format(show_failures=args.failures))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "build"
    try:
        settings = _settings(args)
        if command == "evaluate":
            return _evaluate(args, settings)
        if getattr(args, "profile", False):
            profiling.enable()
        result = build(settings, force=getattr(args, "force", False))
        report_build(result, settings)
        if profiling.enabled():
            for line in profiling.report():
                print(line)
        if settings.strict and not result.written:  # only the corpus's warnings stop a strict build
            print("Strict mode: warnings are errors; the site was not written. Fix them or drop --strict.",
                  file=sys.stderr)
            return 1
        if command == "serve":
            _serve(settings, args)
        return 0
    except DanvanError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
