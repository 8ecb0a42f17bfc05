"""The command group, global options and the one place library errors become exit codes."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from typing import TYPE_CHECKING, Any

import click

import policytracker

if TYPE_CHECKING:
    from policytracker.catalog import Catalog
    from policytracker.problems import Problem

__all__ = ["COMMAND_MODULES", "AppState", "Failure", "main"]


class Failure(click.ClickException):
    """A clean failure with exit 1: a message, and located problems when there are some."""

    exit_code = 1

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems

    def show(self, file: Any = None) -> None:
        """Print each problem on its own line, then the message."""
        for problem in self.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Error: {self.message}", err=True)


class AppState:
    """What the group's options decided, shared with every command."""

    __slots__ = ("_catalog", "data", "debug")

    def __init__(self, data: str | None, debug: bool) -> None:
        self.data = data
        self.debug = debug
        self._catalog: Catalog | None = None

    def files(self, paths: tuple[str, ...]) -> list[str]:
        """The files a command was given, else --data, else the bundled dataset."""
        from policytracker._places import bundled_path

        return list(paths) or [self.data or str(bundled_path())]

    def catalog(self, as_of: dt.date | None = None) -> Catalog:
        """The loaded catalog (once per run), narrowed to ``as_of`` when given."""
        if self._catalog is None:
            self._catalog = policytracker.load(self.data)
            # The catalog lives until the command exits: move its objects out of the cyclic
            # GC's sight, so collections during the query (and the one at exit) skip them, and
            # pause the GC for the rest of the command: the releases a query decodes later
            # (see policytracker._releases) are acyclic too, and would otherwise be walked by
            # every full collection while the query runs. The process ends with the answer.
            gc.freeze()
            gc.disable()
        return self._catalog if as_of is None else self._catalog.as_of(as_of)


#: Which module defines each command: a run imports only the module of the command it runs.
COMMAND_MODULES = {
    **dict.fromkeys(
        (
            "changes",
            "export",
            "licenses",
            "lineage",
            "releases",
            "shifts",
            "show",
            "stance",
            "timeline",
            "trend",
            "vendors",
        ),
        "policytracker.cli.commands",
    ),
    **dict.fromkeys(("check-links", "diff", "fmt", "schema"), "policytracker.cli.contrib"),
    "validate": "policytracker.cli.validate",
    **dict.fromkeys(("plot", "site"), "policytracker.cli.visual"),
}
#: The modules whose commands read the data file (each through ``AppState.catalog``).
_READING_MODULES = frozenset({"policytracker.cli.commands", "policytracker.cli.visual"})
#: Set in the group's context when a command has started hashing its data file.
_HASHING = "policytracker.hashing"


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            import importlib

            importlib.import_module(module)  # its decorators register its commands here
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and COMMAND_MODULES.get(args[0]) in _READING_MODULES and not ctx.resilient_parsing:
            ctx.meta[_HASHING] = _hash_data_ahead(ctx.params.get("data"))
            # A query pauses the GC for good once its catalog is loaded (AppState.catalog);
            # pausing it already here spares 30-odd collections while the library is imported.
            gc.disable()
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            # Imported here: a query imports the library's modules after it has started
            # hashing the data file (see _hash_data_ahead).
            from policytracker.catalog import UnknownIdError
            from policytracker.problems import DataError

            if _debug(ctx):
                raise
            if isinstance(exc, DataError):
                count = len(exc.problems)
                raise Failure(
                    f"{count} problem{'s' if count != 1 else ''} in the data; fix them and run "
                    "'policytracker validate'",
                    exc.problems,
                ) from None
            if isinstance(exc, UnknownIdError):
                raise Failure(str(exc)) from None
            raise Failure(
                f"internal error ({type(exc).__name__}: {exc}); rerun with --debug for the "
                "traceback and report it"
            ) from None
        finally:
            # A hash the command started and did not take must not serve a later command
            # of the same process (a test's, say), after the file may have changed.
            if ctx.meta.get(_HASHING):
                from policytracker._cache_key import forget_ahead

                forget_ahead()


def _hash_data_ahead(data: str | None) -> bool:
    """Start hashing the file a query will read, while its modules are imported; whether it did.

    The hash is the key of the file's cache entry (see ``policytracker._cache_key``); a query
    that finds its entry spends most of its time importing, so the hash costs it little.
    """
    from policytracker._places import bundled_path, cache_dir

    if cache_dir() is None:
        return False
    from policytracker._cache_key import hash_ahead

    hash_ahead(data or str(bundled_path()))
    return True


def _debug(ctx: click.Context) -> bool:
    state = ctx.find_object(AppState)
    return bool(state and state.debug)


def color_enabled() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def _show_version(ctx: click.Context) -> None:
    data = ctx.params.get("data") or os.environ.get("POLICYTRACKER_DATA")
    line = f"policytracker {policytracker.__version__}"
    from policytracker.problems import DataError

    try:
        catalog = policytracker.load(data)
    except DataError:
        line += ", dataset: could not be loaded (run 'policytracker validate')"
    else:
        line += (
            f", dataset {catalog.dataset.dataset.version} (schema "
            f"{catalog.dataset.schema_version}, latest report {catalog.latest_report})"
        )
    click.echo(line)
    ctx.exit(0)


@click.group(
    cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.option(
    "--data",
    metavar="PATH",
    envvar="POLICYTRACKER_DATA",
    help="Data file to read (default: the bundled dataset; env POLICYTRACKER_DATA).",
)
@click.option("--debug", is_flag=True, help="Show Python tracebacks on errors.")
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _show_version(ctx) if value else None,
    help="Show the library and dataset versions and exit.",
)
@click.pass_context
def cli(ctx: click.Context, data: str | None, debug: bool) -> None:
    """Where AI vendors stand on releasing their models, open or closed, and when that changed.

    Every query reads the bundled, sourced dataset unless --data names another file. Query
    commands take --as-of DATE (only what had been reported by then) and --format
    table|json|csv|markdown.

    \b
    Start with:
      policytracker shifts                 who moved, when, and on what evidence
      policytracker stance meta --at 2026-01-01 --as-of 2025-12-20
      policytracker trend --by quarter --group country
    """
    ctx.obj = AppState(data, debug)


def main() -> None:
    """Entry point of the ``policytracker`` executable.

    Command modules are imported when their command is looked up (see ``COMMAND_MODULES``).

    Once the command has finished, its output is flushed and the process ends at once, without
    tearing the interpreter down: nothing is registered to run at exit (every file a command
    writes is closed, and every thread that writes joined, before it returns; a query's hashing
    thread only reads), and freeing a loaded catalog object by object costs more than a query on
    the bundled data (about 13 ms of 0.26 s).
    """
    try:
        cli(prog_name="policytracker")
        status = 0
    except SystemExit as exc:
        status = _exit_status(exc.code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        # The reader went away (``| head``): what it did not read is not an error of ours.
        pass
    os._exit(status)


def _exit_status(code: object) -> int:
    """What ``sys.exit(code)`` would end the process with."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    click.echo(str(code), err=True)
    return 1
