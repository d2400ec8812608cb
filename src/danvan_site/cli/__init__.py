"""Command line: ``danvan-site [build|serve|init|clean|evaluate] [options]`` (also
``python build.py …`` and ``python -m danvan_site …``).

One exit path: every expected failure is a :class:`DanvanError` printed as one plain sentence in
the user's language (:mod:`danvan_site.core.i18n`: ``--lang vi|en``, ``DANVAN_LANG``, the
locale; Vietnamese when nothing says). Exit codes (:mod:`danvan_site.core.errors`):

0 done; 1 the build failed, or ``--strict`` found warnings; 2 bad settings or usage (an unknown
option or command gets "did you mean"); 3 the site was written, but some files were rejected;
4 no bulletins to build (an empty corpus, or every file rejected).
"""
from __future__ import annotations

import argparse
import atexit
import functools
import json
import os
import re
import sys
from pathlib import Path
from typing import NoReturn, Sequence

from danvan_site import __version__
from danvan_site.core import i18n, profiling, progress
from danvan_site.core.config import Settings, load_settings, mark_work_dir, program_name
from danvan_site.core.errors import (EXIT_OK, EXIT_OUTPUT_CLOSED, EXIT_REJECTED, ConfigError, DanvanError, NoBulletins,
                                     UsageError)

COMMANDS = ("build", "serve", "init", "clean", "evaluate")


class _Formatter(argparse.HelpFormatter):
    """argparse's help, with its few words of its own in the current language."""

    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 - argparse's signature
        return super().add_usage(usage, actions, groups, i18n.t("cli.usage") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose mistakes are a :class:`UsageError` in the user's language."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        parents = kwargs.pop("parents", [])
        super().__init__(*args, **kwargs)
        # The group titles first: the parents' options then join these groups (argparse matches
        # groups by title), instead of making a second "options" group.
        self._positionals.title = i18n.t("cli.positionals_title")
        self._optionals.title = i18n.t("cli.options_title")
        for parent in parents:
            self._add_container_actions(parent)
            defaults = getattr(parent, "_defaults", {})
            self._defaults.update(defaults)

    def error(self, message: str):  # noqa: ANN201 - argparse's signature
        raise UsageError(key="cli.usage_error", detail=_argparse_message(message))


def _argparse_message(message: str) -> str:
    """argparse's English error, in the user's language."""
    m = re.fullmatch(r"argument (\S+): expected one argument", message)
    if m:
        option = m.group(1).split("/")[-1]
        return i18n.t("cli.needs_value", option=option, example=_EXAMPLES.get(option, "…"))
    m = re.fullmatch(r"argument (\S+): invalid int value: '(.*)'", message)
    if m:
        return i18n.t("cli.bad_int", option=m.group(1).split("/")[-1], value=m.group(2))
    m = re.fullmatch(r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)", message)
    if m:
        choices = [c.strip().strip("'") for c in m.group(3).split(",")]
        return i18n.t("cli.bad_choice", option=m.group(1).split("/")[-1], value=m.group(2),
                      hint=i18n.did_you_mean(m.group(2), choices), choices=", ".join(choices))
    m = re.fullmatch(r"the following arguments are required: (.*)", message)
    if m:
        return i18n.t("cli.missing_argument", what=m.group(1))
    m = re.fullmatch(r"unrecognized arguments: (.*)", message)
    if m:
        return i18n.t("cli.extra_arguments", args=m.group(1))
    return message


_EXAMPLES = {"--corpus": "corpus", "--output": "site", "--base-url": "https://example.org/luu-tru",
             "--templates": "templates_custom", "--config": "site.yaml", "--cache": ".danvan/cache", "--jobs": "4",
             "-j": "4", "--port": "8000", "--host": "127.0.0.1", "--lang": "vi", "--env": "chinh-thuc",
             "--json": "ket-qua.json"}


def _options(in_subcommand: bool) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The shared options. Accepted before and after the command name; in a subcommand they
    have no defaults (SUPPRESS), so an option given before the command name is not reset."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if in_subcommand else value

    t = i18n.t
    common = _Parser(add_help=False)
    common.add_argument("--lang", choices=i18n.LANGUAGES, default=default(None), help=t("cli.opt.lang"))
    common.add_argument("--config", type=Path, default=default(None), metavar=t("cli.metavar.file"),
                        help=t("cli.opt.config"))
    common.add_argument("--corpus", type=str, default=default(None), metavar=t("cli.metavar.dir"),
                        help=t("cli.opt.corpus"))
    common.add_argument("-q", "--quiet", action="store_true", default=default(False), help=t("cli.opt.quiet"))
    common.add_argument("-v", "--verbose", action="store_true", default=default(False), help=t("cli.opt.verbose"))

    site_opts = _Parser(add_help=False)
    site_opts.add_argument("--output", type=str, default=default(None), metavar=t("cli.metavar.dir"),
                           help=t("cli.opt.output"))
    site_opts.add_argument("--env", type=str, default=default(None), metavar=t("cli.metavar.name"),
                           help=t("cli.opt.env"))
    site_opts.add_argument("--base-url", dest="base_url", type=str, default=default(None),
                           metavar=t("cli.metavar.url"), help=t("cli.opt.base_url"))
    site_opts.add_argument("--templates", type=str, default=default(None), metavar=t("cli.metavar.dir"),
                           help=t("cli.opt.templates"))
    site_opts.add_argument("--strict", action="store_true", default=default(False), help=t("cli.opt.strict"))
    site_opts.add_argument("--no-search", dest="no_search", action="store_true", default=default(False),
                           help=t("cli.opt.no_search"))
    site_opts.add_argument("--cache", type=str, default=default(None), metavar=t("cli.metavar.dir"),
                           help=t("cli.opt.cache"))
    site_opts.add_argument("--no-cache", dest="no_cache", action="store_true", default=default(False),
                           help=t("cli.opt.no_cache"))
    site_opts.add_argument("-j", "--jobs", type=int, default=default(None), metavar=t("cli.metavar.n"),
                           help=t("cli.opt.jobs"))
    site_opts.add_argument("--no-progress", dest="no_progress", action="store_true", default=default(False),
                           help=t("cli.opt.no_progress"))
    site_opts.add_argument("--profile", action="store_true", default=default(False), help=t("cli.opt.profile"))
    site_opts.add_argument("--force", action="store_true", default=default(False), help=t("cli.opt.force"))
    return common, site_opts


def _add_help(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=i18n.t("cli.help"))


def _parser() -> argparse.ArgumentParser:
    """The command line's parser, worded in the current language."""
    t = i18n.t
    prog = program_name()
    common0, site0 = _options(in_subcommand=False)
    parser = _Parser(prog=prog, description=t("cli.description"), epilog=t("cli.epilog"), parents=[common0, site0])
    _add_help(parser)
    parser.add_argument("--version", action="version", version=f"danvan-site {__version__}", help=t("cli.version"))
    common, site_opts = _options(in_subcommand=True)
    sub = parser.add_subparsers(dest="command", title=t("cli.commands_title"), metavar=t("cli.metavar.command"),
                                parser_class=_Parser)

    def command(name: str, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=parents, help=t(f"cli.cmd.{name}"), description=t(f"cli.cmd.{name}"),
                           prog=f"{prog} {name}", add_help=False)
        _add_help(p)
        return p

    command("build", [common, site_opts])
    serve = command("serve", [common, site_opts])
    serve.add_argument("--host", default="127.0.0.1", metavar=t("cli.metavar.host"), help=t("cli.opt.host"))
    serve.add_argument("--port", type=int, default=8000, metavar=t("cli.metavar.n"), help=t("cli.opt.port"))
    serve.add_argument("--no-watch", dest="no_watch", action="store_true", help=t("cli.opt.no_watch"))
    init = command("init", [_lang_only()])
    init.add_argument("folder", nargs="?", default=".", metavar=t("cli.metavar.dir"), help=t("cli.opt.init_folder"))
    clean = command("clean", [common])
    clean.add_argument("--output", type=str, default=None, metavar=t("cli.metavar.dir"), help=t("cli.opt.output"))
    clean.add_argument("--cache", type=str, default=None, metavar=t("cli.metavar.dir"), help=t("cli.opt.cache"))
    clean.add_argument("-n", "--dry-run", dest="dry_run", action="store_true", help=t("cli.opt.dry_run"))
    ev = command("evaluate", [common])
    ev.add_argument("gold", type=Path, metavar=t("cli.metavar.file"), help=t("cli.opt.gold"))
    ev.add_argument("--json", metavar=t("cli.metavar.file"), default=None, help=t("cli.opt.json"))
    ev.add_argument("--failures", action=argparse.BooleanOptionalAction, default=True, help=t("cli.opt.failures"))
    return parser


def _lang_only() -> argparse.ArgumentParser:
    p = _Parser(add_help=False)
    p.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS, help=i18n.t("cli.opt.lang"))
    return p


# --- unknown options and commands: "did you mean" -------------------------------------------------

def _option_table(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {opt: action for action in parser._actions for opt in action.option_strings}


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _find(name: str, table: dict[str, argparse.Action]) -> argparse.Action | None:
    """The option ``name`` names: exactly, or as an unambiguous abbreviation (as argparse allows)."""
    if name in table:
        return table[name]
    if name.startswith("--"):
        matches = {table[o] for o in table if o.startswith(name)}
        if len(matches) == 1:
            return matches.pop()
        if matches:
            return next(iter(matches))  # ambiguous: argparse says so
    return None


def _check_argv(argv: list[str], parser: argparse.ArgumentParser) -> None:
    """Refuse an unknown option or command before argparse does, naming the closest known one
    (argparse would call ``--corpsu DIR`` an invalid command 'DIR')."""
    main_table = _option_table(parser)
    commands = _subparsers(parser)
    table, command = main_table, None
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            return
        if token.startswith("-") and len(token) > 1 and not re.fullmatch(r"-\d+(\.\d*)?", token):
            name = token.split("=", 1)[0] if token.startswith("--") else token[:2]
            action = _find(name, table)
            if action is None:
                owners = [c for c, p in commands.items() if name in _option_table(p)]
                if owners:
                    raise UsageError(key="cli.option_for_other_command", option=name, commands=", ".join(owners),
                                     prog=program_name(), first=owners[0])
                raise UsageError(key="cli.unknown_option", option=name, hint=i18n.did_you_mean(name, sorted(
                    o for o in table if o.startswith("--"))))
            takes_value = action.nargs != 0
            if takes_value and "=" not in token and (token.startswith("--") or len(token) == 2):
                i += 1  # its value, whatever it looks like
            i += 1
            continue
        if command is None and commands:
            if token not in commands:
                raise UsageError(key="cli.unknown_command", command=token,
                                 hint=i18n.did_you_mean(token, list(commands)), commands=", ".join(commands))
            command = token
            table = _option_table(commands[token])
        i += 1


def _requested_language(argv: Sequence[str]) -> str | None:
    """``--lang X`` from the raw arguments, before anything else is parsed."""
    for i, token in enumerate(argv):
        if token == "--":
            break
        if token.startswith("--lang="):
            value = token.split("=", 1)[1]
        elif token == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        else:
            continue
        value = value.strip().lower()
        if value in i18n.LANGUAGES:
            return value
    return None


# --- the commands ------------------------------------------------------------------------------

def _settings(args: argparse.Namespace, command: str = "build") -> Settings:
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
    settings = load_settings(config, overrides, environment=getattr(args, "env", None), command=command)
    if getattr(args, "no_cache", False):
        settings.cache = None
    settings.verbosity = 0 if args.quiet else (2 if args.verbose else 1)
    return settings


def _say(settings: Settings, text: str, level: int = 1) -> None:
    if settings.verbosity >= level:
        print(text)


def _error(text: str) -> None:
    print(f"{i18n.t('label.error')}: {text}", file=sys.stderr)


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    """Preview the built site; rebuild on change and reload the open pages (serve.py)."""
    from danvan_site.build.report import report_build
    from danvan_site.dev.serve import serve

    serve(settings, args.host, args.port, watch=not args.no_watch,
          reload_settings=lambda: _settings(args, "serve"), report=functools.partial(report_build, serving=True))


def _evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from danvan_site.build.pipeline import collect
    from danvan_site.dev.evaluate import evaluate, load_gold

    gold_path: Path = args.gold
    if not gold_path.is_file():
        raise ConfigError(key="cli.gold_missing", file=gold_path)
    if args.corpus is None:
        settings.corpus = gold_path.parent
    try:
        gold = load_gold(gold_path)
    except Exception as exc:  # yaml errors and shape errors alike
        raise ConfigError(key="cli.gold_bad", file=gold_path, detail=exc) from exc
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


FORCE_SHOWN = 20  # files named before --force replaces a folder it did not make; the rest counted


def _say_what_force_removes(settings: Settings) -> None:
    """Before ``--force`` replaces an output folder this tool did not make, name what it holds
    (the build replaces the folder whole). Nothing is said for a folder that is refused anyway
    (the build says why) or that is ours."""
    from danvan_site.build.pipeline import protected_folders
    from danvan_site.output.write import check_output_folder, foreign_contents

    try:
        check_output_folder(settings.output, force=True, protected=protected_folders(settings))
    except DanvanError:
        return
    found = foreign_contents(settings.output)
    if not found:
        return
    shown = ", ".join(found[:FORCE_SHOWN])
    more = i18n.t("cli.force_more", n=i18n.number(len(found) - FORCE_SHOWN)) if len(found) > FORCE_SHOWN else ""
    print(f"{i18n.t('label.warning')}: " + i18n.t("cli.force_removes", folder=f"{settings.output}/",
                                                   n=i18n.number(len(found)), files=shown + more),
          file=sys.stderr, flush=True)


def _build(args: argparse.Namespace, command: str) -> int:
    from danvan_site.build.pipeline import build
    from danvan_site.build.report import report_build, shown_path

    settings = _settings(args, command)
    if getattr(args, "profile", False):
        profiling.enable()
    quiet = settings.verbosity == 0 or getattr(args, "no_progress", False)
    if getattr(args, "force", False):
        _say_what_force_removes(settings)
    with progress.active(progress.make(sys.stderr, quiet=quiet, heartbeat=True)):
        try:
            result = build(settings, force=getattr(args, "force", False))
        except NoBulletins as exc:  # named as the user wrote the corpus folder
            raise NoBulletins(shown_path(settings.corpus), files=exc.files, rejected=exc.rejected) from None
        mark_work_dir(settings)
        serving = command == "serve"
        report_build(result, settings, serving=serving)
        if profiling.enabled():
            for line in profiling.report():
                print(line)
        if settings.strict and not result.written:  # only the corpus's warnings stop a strict build
            print(i18n.t("exit.strict"), file=sys.stderr)
            return 1
        collected = result.collected
        if collected.built == 0:
            # The pipeline raises this before writing (an empty site is never published); here
            # for a build that got this far all the same.
            raise NoBulletins(shown_path(settings.corpus), files=collected.files, rejected=len(collected.rejected))
        code = EXIT_OK
        if collected.rejected:
            print(i18n.t("exit.rejected", n=i18n.count(len(collected.rejected), "unit.files"),
                         corpus=shown_path(settings.corpus)), file=sys.stderr)
            code = EXIT_REJECTED
        if serving:
            _serve(settings, args)
            return EXIT_OK
        return code


def _run(argv: list[str]) -> int:
    parser = _parser()
    _check_argv(argv, parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    command = args.command or "build"
    if command == "init":
        from danvan_site.cli.init import init

        print(init(Path(args.folder)))
        return EXIT_OK
    if command == "clean":
        from danvan_site.cli.clean import clean

        settings = _settings(args, "build")
        for line in clean(settings, dry_run=args.dry_run):
            print(line)
        return EXIT_OK
    if command == "evaluate":
        return _evaluate(args, _settings(args, "build"))
    return _build(args, command)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    before = i18n._process_language
    requested = _requested_language(argv)
    if requested is not None:
        i18n.set_language(requested)
    try:
        return _run(argv)
    except UsageError as exc:
        _error(exc.message())
        print(i18n.t("hint.see_help", prog=program_name()), file=sys.stderr)
        return exc.exit_code
    except DanvanError as exc:
        _error(exc.message())
        return exc.exit_code
    except KeyboardInterrupt:
        print("\n" + i18n.t("exit.interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of the output went away (``build.py -v | head``): the build has done its
        # work; what is left to print goes nowhere, and no traceback is printed about it. A
        # broken pipe that is not one of the standard streams is a bug: it keeps its traceback.
        if not _silence_closed_streams():
            raise
        return EXIT_OUTPUT_CLOSED
    finally:
        i18n.set_language(before)


def _closed(stream: object) -> bool:
    """Whether ``stream`` (the standard output or error) can no longer be written: its flush
    fails, or, where the system tells (``poll``), its reader has closed the pipe (needed when
    the output is unbuffered: the failed write left nothing to flush)."""
    try:
        stream.flush()  # type: ignore[attr-defined]
    except (OSError, ValueError):
        return True
    try:
        import select

        poll = select.poll()
        poll.register(stream.fileno(), select.POLLOUT)  # type: ignore[attr-defined]
        return any(events & select.POLLERR for _, events in poll.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll (Windows), or no file descriptor
        return False


def _silence_closed_streams() -> bool:
    """Point each closed standard stream at the null device, so that the rest of the command
    and the flush at exit write there without failing; True if one was closed."""
    silenced = False
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not _closed(stream):
            continue
        silenced = True
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, stream.fileno())
            os.close(null)
        except (AttributeError, OSError, ValueError):
            pass  # not a file descriptor: the flush below in run() reports it
    return silenced


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """The process entry of the command (``build.py``, ``python -m danvan_site``, the
    ``danvan-site`` script): ``main``, then the end of the process without tearing the heap down.

    A build leaves millions of objects behind it (the records, the groupings, the render index,
    linked to one another), and an interpreter at exit frees them one by one: 1.3 s of a 17 s
    rebuild at 10,000 bulletins, after the site is written and the summary printed. By the time
    ``main`` returns, everything a command writes is complete and closed (the store, the swapped
    site, the exports); what an exit still owes is run here: the ``atexit`` handlers
    (multiprocessing's joins, temporary folders' finalizers) and the flush of the standard streams.
    An exception ``main`` does not turn into an exit code (a bug) leaves the usual way, with its
    traceback. ``main`` itself returns, for the tests and for programs that call it. Under a
    profiler or a tracer (``python -m cProfile``, pyinstrument, coverage), which write their
    results after the program ends, the process exits the usual way."""
    code = main(argv)
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (``| head``), a closed stream
            if code == EXIT_OK:
                code = EXIT_OUTPUT_CLOSED
    os._exit(code)
