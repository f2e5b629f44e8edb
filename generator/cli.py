"""The `pitboard` command: parses arguments, runs the pipeline, maps outcomes to exit codes.

Exit codes: 0 success, 1 problems in the site (all printed as path:line:col: error: ...),
2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .build import build_site, check_site, load_site
from .config import load_config
from .diagnostics import BuildFailed, UsageError, count_summary
from .editor_schema import SCHEMA_DIR, write_schemas
from .progress import progress_for
from .scaffold import init_site, new_report
from .serve import serve_site
from .translation_table import translation_table

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        return arguments.run(arguments)
    except BuildFailed as failure:
        _print_problems(failure)
        return EXIT_PROBLEMS
    except UsageError as error:
        print(f"pitboard: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pitboard",
        description="Build a bilingual website from motorsport race reports written in Markdown.",
    )
    parser.add_argument("--version", action="version", version=f"pitboard {__version__}")
    parser.add_argument("--site", type=Path, default=Path("."), metavar="DIR", help="the site's folder (default: .)")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for add_command in (_add_build, _add_check, _add_serve, _add_new, _add_translations, _add_schema, _add_init):
        add_command(commands)
    return parser


def _add_build(commands) -> None:
    build = commands.add_parser("build", help="check the site and build it into the output folder")
    build.add_argument("--output", type=Path, metavar="DIR", help="output folder (default: build.output of site.toml)")
    build.add_argument("--drafts", action="store_true", help="include draft reports")
    build.set_defaults(run=_build)


def _add_check(commands) -> None:
    check = commands.add_parser(
        "check",
        help="check the site and every internal link of the would-be site; writes nothing",
        epilog="exit status: 0 no problems; 1 problems (printed as path:line:col: error: message).",
    )
    check.set_defaults(run=_check)


def _add_serve(commands) -> None:
    serve = commands.add_parser(
        "serve",
        help="build and serve the site, rebuilding what each save touches; the browser reloads",
        description="Build the site into its output folder and serve it at / with live reload. Watches "
        "site.toml, content/ and templates/; a save re-renders the pages it touches and reloads the browser. "
        "While the site has errors, every page shows them (HTTP status 500) until a save fixes them.",
        epilog="exit status: 0 stopped with Ctrl-C; 1 problems in site.toml or an unsafe output folder; "
        "2 the port cannot be had, or a mistake in the command.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.set_defaults(run=_serve)


def _add_new(commands) -> None:
    new = commands.add_parser("new", help="start a new content file")
    kinds = new.add_subparsers(title="kinds", metavar="KIND", required=True)
    report = kinds.add_parser(
        "report",
        help="write the front matter of a new report, checked against the site",
        description="Write content/reports/ID.LANG.md with title, date, event and race filled in; "
        "an existing file is never overwritten.",
        epilog="exit status: 0 written; 1 the site has errors that prevent the check (printed); "
        "2 a mistake in the command: an invalid ID, an unknown language, event or race, or a file that exists.",
    )
    report.add_argument("id", metavar="ID", help="the report's id, e.g. 2024-daytona-24")
    report.add_argument("--event", required=True, metavar="EVENT", help="id of the event the report is about")
    report.add_argument("--race", metavar="RACE", help="id of one of the event's races")
    report.add_argument("--lang", metavar="LANG", help="the translation's language (default: default_language)")
    report.set_defaults(run=_new_report)


def _add_translations(commands) -> None:
    translations = commands.add_parser(
        "translations",
        help="list every report and the languages it lacks",
        epilog="exit status: 0 (also when languages are missing); 1 when the site has errors (printed).",
    )
    translations.set_defaults(run=_translations)


def _add_schema(commands) -> None:
    schema = commands.add_parser("schema", help="write JSON Schema of the content files for editors")
    schema.add_argument(
        "folder", type=Path, nargs="?", metavar="DIR", help=f"where (default: {SCHEMA_DIR}/ of the site)"
    )
    schema.set_defaults(run=_schema)


def _add_init(commands) -> None:
    init = commands.add_parser("init", help="start a new site in an empty folder")
    init.add_argument("folder", type=Path, metavar="DIR", help="the new site's folder (new or empty)")
    init.set_defaults(run=_init)


def _build(arguments: argparse.Namespace) -> int:
    site = _site_root(arguments.site)
    output = arguments.output.absolute() if arguments.output is not None else None
    result = build_site(site, output, include_drafts=arguments.drafts, progress=progress_for(sys.stderr))
    print(result.summary())
    return EXIT_OK


def _check(arguments: argparse.Namespace) -> int:
    result = check_site(_site_root(arguments.site), progress=progress_for(sys.stderr))
    print(result.summary())
    return EXIT_OK


def _serve(arguments: argparse.Namespace) -> int:
    serve_site(_site_root(arguments.site), arguments.host, arguments.port)
    return EXIT_OK


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1 to 65535)")
    return int(text)


def _new_report(arguments: argparse.Namespace) -> int:
    config = load_config(_site_root(arguments.site))
    path = new_report(config, arguments.id, arguments.event, arguments.race, arguments.lang)
    print(f"wrote {path}")
    return EXIT_OK


def _translations(arguments: argparse.Namespace) -> int:
    loaded = load_site(load_config(_site_root(arguments.site)), include_drafts=True)
    print("\n".join(translation_table(loaded.site)))
    return EXIT_OK


def _schema(arguments: argparse.Namespace) -> int:
    folder = arguments.folder if arguments.folder is not None else _site_root(arguments.site) / SCHEMA_DIR
    written = write_schemas(folder)
    print(f"wrote {', '.join(path.name for path in written)} into {folder}")
    return EXIT_OK


def _init(arguments: argparse.Namespace) -> int:
    folder = arguments.folder.absolute()
    init_site(folder)
    print(f"created a new site in {arguments.folder}; build it with: pitboard --site {arguments.folder} build")
    return EXIT_OK


def _site_root(path: Path) -> Path:
    if not path.is_dir():
        raise UsageError(f"--site {path}: no such folder")
    return path.absolute()


def _print_problems(failure: BuildFailed) -> None:
    for diagnostic in failure.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    print(f"pitboard: {count_summary(failure.diagnostics)}; nothing was written", file=sys.stderr)
