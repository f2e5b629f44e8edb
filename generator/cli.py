"""The `pitboard` command: parses arguments, runs the pipeline, maps outcomes to exit codes.

Exit codes: 0 success, 1 problems in the site (all printed as path:line:col: error: ...),
2 usage errors.

A command imports the modules it runs when it runs: the pipeline's (templates, Markdown,
images, search) take most of a small site's build time to import, and a build that finds
nothing to do (`last_build`), `--help` or `new` needs none of them.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from . import __version__
from .cache import BuildCache
from .config import CONFIG_FILE, load_config
from .diagnostics import BuildFailed, UsageError, count_summary
from .editor_schema import SCHEMA_DIR
from .last_build import BuildResult, PendingBuild, build_unless_up_to_date
from .progress import progress_for
from .publication import MOMENT_EXAMPLE, MomentError, Publication, parse_moment
from .theme_files import theme_files, theme_table

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


# A build holds millions of long-lived objects (the resolved site, the caches) and makes few reference cycles
# (about 600 objects per rebuild at 10,000 reports). At Python's default thresholds the collector scans every
# object again several times per build: 3 s of a 9 s rebuild in `serve` at 10,000 reports. Raised, it still
# collects young cycles, every 100,000 allocations instead of 700, and seldom scans the old objects.
COLLECTOR_THRESHOLDS = (100_000, 50, 100)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    thresholds = gc.get_threshold()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    try:
        run: Callable[[argparse.Namespace], int] = arguments.run
        return run(arguments)
    except BuildFailed as failure:
        _print_problems(failure)
        return EXIT_PROBLEMS
    except UsageError as error:
        print(f"pitboard: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    finally:
        gc.set_threshold(*thresholds)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pitboard",
        description="Build a bilingual website from motorsport race reports written in Markdown.",
    )
    parser.add_argument("--version", action="version", version=f"pitboard {__version__}")
    _add_site_option(parser, default=Path("."))
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for add_command in (
        _add_build,
        _add_check,
        _add_serve,
        _add_new,
        _add_import,
        _add_translations,
        _add_schema,
        _add_theme,
        _add_init,
    ):
        add_command(commands)
    return parser


def _add_site_option(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """--site, before the command or after it; after it, it has no default so as not to undo one given before."""
    parser.add_argument("--site", type=Path, default=default, metavar="DIR", help="the site's folder (default: .)")


def _add_build(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    build = commands.add_parser("build", help="check the site and build it into the output folder")
    _add_site_option(build)
    build.add_argument("--output", type=Path, metavar="DIR", help="output folder (default: build.output of site.toml)")
    build.add_argument("--drafts", action="store_true", help="include draft reports")
    _add_clock_options(build)
    _add_cache_options(build)
    build.set_defaults(run=_build)


def _add_clock_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--now",
        type=_moment,
        metavar="DATETIME",
        help=f"the build's clock, with its UTC offset, e.g. {MOMENT_EXAMPLE} (default: now): a translation whose "
        "publish_at is later is under embargo and does not exist for the build",
    )
    command.add_argument(
        "--future",
        action="store_true",
        help="as if every publish_at had passed: build translations under embargo too, each page marked with the "
        "end of its embargo",
    )


def _moment(text: str) -> datetime:
    try:
        return parse_moment(text)
    except MomentError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _publication(arguments: argparse.Namespace, drafts: bool = False) -> Publication:
    """The clock and options of a build from --now, --future and --drafts."""
    clock = {"now": arguments.now} if arguments.now is not None else {}
    return Publication(**clock, future=arguments.future, drafts=drafts)


def _add_cache_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--no-cache",
        action="store_true",
        help="start from nothing: neither use nor keep the build cache (.pitboard-cache/ or build.cache of site.toml)",
    )
    command.add_argument(
        "--no-wait",
        action="store_true",
        help="if another build of the site is running, exit with status 2 instead of waiting for it",
    )


def _add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "check",
        help="check the site and every internal link of the would-be site; writes nothing",
        epilog="exit status: 0 no problems (warnings, e.g. of a photo no page uses, are printed as "
        "path:line:col: warning: message); 1 problems (printed as path:line:col: error: message).",
    )
    _add_site_option(check)
    _add_clock_options(check)
    _add_cache_options(check)
    check.set_defaults(run=_check)


def _add_serve(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="build and serve the site, rebuilding what each save touches; the browser reloads",
        description="Build the site into its output folder and serve it at / with live reload. Watches "
        "site.toml, content/ and templates/; a save re-renders the pages it touches and reloads the browser. "
        "While the site has errors, every page shows them (HTTP status 500) until a save fixes them.",
        epilog="exit status: 0 stopped with Ctrl-C; 1 problems in site.toml or an unsafe output folder; "
        "2 the port cannot be had, or a mistake in the command.",
    )
    _add_site_option(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.set_defaults(run=_serve)


def _add_new(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser("new", help="start a new content file")
    _add_site_option(new)
    kinds = new.add_subparsers(title="kinds", metavar="KIND", required=True)
    report = kinds.add_parser(
        "report",
        help="write the front matter of a new report, checked against the site",
        description="Write content/reports/ID.LANG.md with title, date, event and race filled in; "
        "an existing file is never overwritten.",
        epilog="exit status: 0 written; 1 the site has errors that prevent the check (printed); "
        "2 a mistake in the command: an invalid ID, an unknown language, event or race, or a file that exists.",
    )
    _add_site_option(report)
    report.add_argument("id", metavar="ID", help="the report's id, e.g. 2024-daytona-24")
    report.add_argument("--event", required=True, metavar="EVENT", help="id of the event the report is about")
    report.add_argument("--race", metavar="RACE", help="id of one of the event's races")
    report.add_argument("--lang", metavar="LANG", help="the translation's language (default: default_language)")
    report.set_defaults(run=_new_report)


def _add_import(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kinds = commands.add_parser("import", help="import data into the site").add_subparsers(
        title="kinds", metavar="KIND", required=True
    )
    results = kinds.add_parser(
        "results",
        help="write the team's cars of a classification CSV (Al Kamel) into a report's entries",
        description="Read a classification CSV as the timing provider of WEC, ELMS, Asian Le Mans Series and IMSA "
        "publishes it and write the chosen cars into the report's entries: into every translation that states "
        "entries, else into the one of --lang. The site is checked with the new entries first; with any problem "
        "nothing is written.",
        epilog="exit status: 0 written; 1 problems in the CSV or in the site (printed as path:line:col: error: "
        "message), nothing written; 2 a mistake in the command.",
    )
    results.add_argument("csv", metavar="FILE.csv", help="the classification")
    results.add_argument("--report", required=True, metavar="ID", help="the report to write the entries into")
    cars = results.add_mutually_exclusive_group(required=True)
    cars.add_argument("--numbers", metavar="24,25", help="the car numbers to import")
    cars.add_argument("--team", metavar="NAME", help="import the cars of this entrant (the CSV's TEAM column)")
    results.add_argument(
        "--lang",
        metavar="LANG",
        help="the translation to write into when none states entries (default: default_language)",
    )
    _add_site_option(results)
    results.set_defaults(run=_import_results)


def _add_translations(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    translations = commands.add_parser(
        "translations",
        help="list every report, its languages (yes, draft, scheduled: under embargo, or -) and the ones it lacks",
        epilog="exit status: 0 (also when languages are missing); 1 when the site has errors (printed).",
    )
    _add_site_option(translations)
    translations.set_defaults(run=_translations)


def _add_schema(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schema = commands.add_parser("schema", help="write JSON Schema of the content files for editors")
    _add_site_option(schema)
    schema.add_argument(
        "folder", type=Path, nargs="?", metavar="DIR", help=f"where (default: {SCHEMA_DIR}/ of the site)"
    )
    schema.set_defaults(run=_schema)


def _add_theme(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    theme = commands.add_parser(
        "theme",
        help="the site's theme: list its files, copy files of the default theme into the site to edit them",
        description="A file in the site's templates/ replaces the default theme's file of the same name; "
        "every other file comes from the default theme. Catalogs (translations/LANG.po) merge entry by entry.",
    )
    _add_site_option(theme)
    actions = theme.add_subparsers(title="actions", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", help="list every file of the theme and where it comes from: templates/ or the default theme"
    )
    _add_site_option(listing)
    listing.set_defaults(run=_theme_list)
    copy = actions.add_parser(
        "copy",
        help="copy files of the default theme into the site's templates/, to edit them there",
        description="Copy each named file of the default theme, or every file of a named folder, into the site's "
        "templates/. An existing file is never overwritten.",
        epilog="exit status: 0 copied; 1 a symbolic link in templates/ leaves the site (printed); "
        "2 a mistake in the command: a name the default theme does not have, or a file the site has already "
        "(then nothing is copied).",
    )
    _add_site_option(copy)
    copy.add_argument(
        "names",
        nargs="+",
        metavar="NAME",
        help="a file of the default theme (report.html, static/style.css, translations/de.po) or a folder (static)",
    )
    copy.set_defaults(run=_theme_copy)


def _add_init(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = commands.add_parser("init", help="start a new site in an empty folder, and build it")
    init.add_argument("folder", type=Path, metavar="DIR", help="the new site's folder (new or empty)")
    init.set_defaults(run=_init)


def _build(arguments: argparse.Namespace) -> int:
    site = _site_root(arguments.site)
    output = arguments.output.absolute() if arguments.output is not None else None
    publication = _publication(arguments, drafts=arguments.drafts)
    use_cache, wait = not arguments.no_cache, not arguments.no_wait

    def build(cache: BuildCache, pending: PendingBuild) -> BuildResult:
        from .build import SiteBuilder

        return SiteBuilder(site, cache).build_pending(pending, publication, progress_for(sys.stderr))

    print(build_unless_up_to_date(site, output, publication, build, use_cache, wait).summary())
    return EXIT_OK


def _check(arguments: argparse.Namespace) -> int:
    from .build import check_site

    result = check_site(
        _site_root(arguments.site),
        progress=progress_for(sys.stderr),
        use_cache=not arguments.no_cache,
        wait=not arguments.no_wait,
        publication=_publication(arguments),
    )
    for warning in result.warnings:
        print(warning.format(), file=sys.stderr)
    print(result.summary())
    return EXIT_OK


def _serve(arguments: argparse.Namespace) -> int:
    from .serve import serve_site

    serve_site(_site_root(arguments.site), arguments.host, arguments.port)
    return EXIT_OK


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1 to 65535)")
    return int(text)


def _new_report(arguments: argparse.Namespace) -> int:
    from .scaffold import new_report

    config = load_config(_site_root(arguments.site))
    path = new_report(config, arguments.id, arguments.event, arguments.race, arguments.lang)
    print(f"wrote {path}")
    return EXIT_OK


def _import_results(arguments: argparse.Namespace) -> int:
    from .results_import import ResultsImport, car_numbers, import_results

    numbers = car_numbers(arguments.numbers) if arguments.numbers is not None else None
    request = ResultsImport(arguments.csv, arguments.report, numbers, arguments.team, arguments.lang)
    for written in import_results(_site_root(arguments.site), request, progress_for(sys.stderr)):
        print(written.summary())
    return EXIT_OK


def _translations(arguments: argparse.Namespace) -> int:
    from .build import load_site
    from .translation_table import translation_table

    loaded = load_site(load_config(_site_root(arguments.site)), Publication(future=True, drafts=True))
    print("\n".join(translation_table(loaded.site)))
    return EXIT_OK


def _schema(arguments: argparse.Namespace) -> int:
    from .editor_schema import write_schemas

    folder = arguments.folder if arguments.folder is not None else _site_root(arguments.site) / SCHEMA_DIR
    written = write_schemas(folder)
    print(f"wrote {', '.join(path.name for path in written)} into {folder}")
    return EXIT_OK


def _theme_list(arguments: argparse.Namespace) -> int:
    files = theme_files(_site_root(arguments.site))
    if files.diagnostics:
        raise BuildFailed(files.diagnostics)
    print("\n".join(theme_table(files)))
    return EXIT_OK


def _theme_copy(arguments: argparse.Namespace) -> int:
    from .scaffold import copy_theme_files

    for path in copy_theme_files(_site_root(arguments.site), arguments.names):
        print(f"wrote {path}")
    return EXIT_OK


def _init(arguments: argparse.Namespace) -> int:
    from .build import build_site
    from .scaffold import init_site

    folder = arguments.folder.absolute()
    init_site(folder)
    print(f"created a new site in {arguments.folder}")
    print(build_site(folder, progress=progress_for(sys.stderr)).summary())
    print(f"see it, and every save, at once with: pitboard --site {arguments.folder} serve")
    return EXIT_OK


def _site_root(path: Path) -> Path:
    """The site's folder; one without site.toml is a mistake in the command, not a problem of a site."""
    if not path.is_dir():
        raise UsageError(f"--site {path}: no such folder")
    if not (path / CONFIG_FILE).is_file():
        raise UsageError(
            f"{path.absolute()} has no {CONFIG_FILE}, so it is not a pitboard site; "
            "name the site's folder with --site DIR, or start one with pitboard init DIR"
        )
    return path.absolute()


def _print_problems(failure: BuildFailed) -> None:
    for diagnostic in failure.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    print(f"pitboard: {count_summary(failure.diagnostics)}; nothing was written", file=sys.stderr)
