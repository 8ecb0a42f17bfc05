"""``policytracker validate``: every problem, located.

Formats for people (text), programs (json) and pull requests (github annotations).
"""

from __future__ import annotations

import json
import os
import sys

import click

from policytracker import validate as validate_file
from policytracker._load import decode, validate_text
from policytracker.cli._app import AppState, cli
from policytracker.problems import DataError, Level, Problem

__all__ = ["github_annotation"]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that annotates the problem's line in a PR."""
    kind = "error" if problem.level is Level.ERROR else "warning"
    props = [f"file={_escape_property(problem.file)}"]
    if problem.line is not None:
        props.append(f"line={problem.line}")
    if problem.column is not None:
        props.append(f"col={problem.column}")
    props.append(f"title={_escape_property('policytracker ' + problem.rule)}")
    where = f" at {problem.path}" if problem.path else ""
    return f"::{kind} {','.join(props)}::{_escape_data(problem.message + where)}"


def _summary_markdown(problems: list[Problem]) -> str:
    lines = ["## policytracker validate", ""]
    if not problems:
        return "\n".join([*lines, "No problems found.", ""])
    lines += [
        "| file | line | col | level | rule | message |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for p in problems:
        message = (p.message + (f" at `{p.path}`" if p.path else "")).replace("|", "\\|")
        lines.append(
            f"| {p.file} | {p.line or ''} | {p.column or ''} | {p.level.value} | "
            f"{p.rule} | {message} |"
        )
    return "\n".join([*lines, ""])


def _check(path: str) -> tuple[Problem, ...]:
    if path == "-":
        try:
            text = decode(sys.stdin.buffer.read(), "<stdin>")
        except DataError as exc:
            return exc.problems
        return validate_text(text, "<stdin>")
    return validate_file(path)


@cli.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text (file:line:col: [level] message (rule)), json, or "
    "github (annotations on a pull request's lines).",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.pass_obj
def validate(state: AppState, paths: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Check data files and report every problem with its file, line and column.

    With no PATH, checks --data or the bundled dataset; '-' reads standard input. Exits 0 when
    valid, 1 when not (warnings count with --strict), 2 on a usage error.

    \b
    Example:
      policytracker validate data/models.yaml
      policytracker validate --format github --strict data/models.yaml
    """
    targets = state.files(paths)
    problems: list[Problem] = []
    for target in targets:
        problems.extend(_check(target))
    failing = [p for p in problems if p.level is Level.ERROR or strict]
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "valid": not failing,
                    "problems": [
                        {
                            "file": p.file,
                            "line": p.line,
                            "column": p.column,
                            "path": p.path,
                            "level": p.level.value,
                            "message": p.message,
                            "rule": p.rule,
                        }
                        for p in problems
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    elif fmt == "github":
        for p in problems:
            click.echo(github_annotation(p))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as handle:  # noqa: PTH123
                handle.write(_summary_markdown(problems))
    else:
        for p in problems:
            click.echo(str(p))
        errors = sum(1 for p in problems if p.level is Level.ERROR)
        warnings = len(problems) - errors
        verdict = "invalid" if failing else "valid"
        click.echo(f"{', '.join(targets)}: {verdict} ({errors} error(s), {warnings} warning(s))")
    if failing:
        sys.exit(1)
