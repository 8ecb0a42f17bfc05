"""Commands for contributors and reviewers: fmt, diff, schema, check-links."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from policytracker._load import read_text
from policytracker.cli._app import AppState, Failure, cli
from policytracker.cli._params import emit
from policytracker.render import Output

__all__: list[str] = []


@cli.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option(
    "--check", is_flag=True, help="Change nothing; exit 1 and name the files that would change."
)
@click.pass_obj
def fmt(state: AppState, paths: tuple[str, ...], check: bool) -> None:
    """Rewrite data files in canonical form (key order, list order, quoting, indentation).

    Comments are kept, the data is checked to be unchanged before anything is written, and each
    file is replaced atomically. '-' reads standard input and writes the result to standard
    output.

    \b
    Example:
      policytracker fmt data/models.yaml
      policytracker fmt --check data/models.yaml
    """
    from policytracker.fmt import format_file

    changed = [p for p in state.files(paths) if format_file(p, check=check)]
    if check and changed:
        for path in changed:
            click.echo(f"would reformat {path}", err=True)
        raise Failure(f"{len(changed)} file(s) not in canonical form; run 'policytracker fmt'")
    for path in changed:
        if path != "-":
            click.echo(f"reformatted {path}", err=True)


def _describe(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


@cli.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option(
    "--git",
    "revision",
    metavar="REV",
    help="Compare NEW (default: the data file) with its version at a git revision.",
)
@click.option(
    "--format",
    "fmt_",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.pass_obj
def diff(
    state: AppState, old: str | None, new: str | None, revision: str | None, fmt_: str
) -> None:
    """Show what a change to the data means, and its effect on stances and shifts.

    Entries added, removed and changed field by field, then the shifts and current stances the
    change adds or removes.

    \b
    Example:
      policytracker diff old.yaml data/models.yaml
      policytracker diff --git origin/main --format markdown
    """
    import policytracker
    from policytracker.diff import diff_catalogs, read_revision
    from policytracker.records import shift_record

    if revision is not None:
        if new is not None:
            raise click.UsageError("with --git give one file (the new version) at most")
        new = old or state.data or "data/models.yaml"
        if not Path(new).exists():
            raise Failure(f"{new}: no such file; name the data file to compare")
        before = policytracker.loads(read_revision(new, revision), file=f"{revision}:{new}")
    else:
        if old is None or new is None:
            raise click.UsageError("give OLD and NEW, or --git REV")
        before = policytracker.load(old)
    after = policytracker.load(new)
    result = diff_catalogs(before, after)
    rows: list[dict[str, Any]] = []
    for e in result.entries:
        detail = "; ".join(f"{f.path}: {_describe(f.old)} → {_describe(f.new)}" for f in e.fields)
        rows.append({"what": e.kind, "id": e.id, "change": e.change, "detail": detail})
    for label, shifts in (
        ("adds shift", result.shifts_added),
        ("removes shift", result.shifts_removed),
    ):
        for s in shifts:
            rows.append(
                {
                    "what": "shift",
                    "id": s.vendor,
                    "change": label,
                    "detail": f"{s.scope.value} {s.from_value} → {s.to_value}, "
                    f"{s.basis.value}, dated {s.date}",
                }
            )
    for vendor, was, now in result.stances:
        rows.append(
            {
                "what": "stance",
                "id": vendor,
                "change": "changes",
                "detail": f"{was} → {now} (today)",
            }
        )
    data = {
        "entries": [
            {
                "kind": e.kind,
                "id": e.id,
                "change": e.change,
                "fields": [{"path": f.path, "old": f.old, "new": f.new} for f in e.fields],
            }
            for e in result.entries
        ],
        "shifts_added": [shift_record(s) for s in result.shifts_added],
        "shifts_removed": [shift_record(s) for s in result.shifts_removed],
        "stances": [{"vendor": v, "from": a, "to": b} for v, a, b in result.stances],
    }
    if fmt_ == "markdown":
        click.echo(_markdown(rows), nl=False)
        return
    emit(
        fmt_,
        Output(
            data,
            rows,
            ("what", "id", "change", "detail"),
            notes=["no differences"] if result.empty else [],
        ),
    )


def _markdown(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "### policytracker: no change to the data\n"
    lines = ["### What this change does to the data", ""]
    effects = [r for r in rows if r["what"] in ("shift", "stance")]
    if effects:
        lines += ["**Derived effects**", ""]
        lines += [f"- {r['change']} for `{r['id']}`: {r['detail']}" for r in effects]
        lines.append("")
    lines += ["| what | id | change | detail |", "| --- | --- | --- | --- |"]
    lines += [
        "| {what} | `{id}` | {change} | {detail} |".format(
            **{k: str(v).replace("|", "\\|") for k, v in r.items()}
        )
        for r in rows
        if r["what"] not in ("shift", "stance")
    ]
    return "\n".join(lines) + "\n"


@cli.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    metavar="FILE",
    help="Write to FILE instead of standard output.",
)
def schema(out: str | None) -> None:
    """Print the JSON Schema (draft-07) of the data file, generated from the model.

    \b
    Example:
      policytracker schema > models.schema.json
    """
    from policytracker.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if out:
        from policytracker.fmt import atomic_write

        atomic_write(out, text)
    else:
        click.echo(text, nl=False)


@cli.command("check-links")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option(
    "--rate",
    type=float,
    default=1.0,
    show_default=True,
    help="At most this many requests per second to any one host.",
)
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds.")
@click.option("--retries", type=int, default=2, show_default=True)
@click.option(
    "--format", "fmt_", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--mirror",
    metavar="BASE",
    hidden=True,
    help="Fetch every URL's path from BASE instead (for tests and mirrors).",
)
@click.pass_obj
def check_links_command(
    state: AppState,
    paths: tuple[str, ...],
    rate: float,
    timeout: float,
    retries: int,
    fmt_: str,
    mirror: str | None,
) -> None:
    """Fetch every source URL and report dead links with their file:line and an archive link.

    This makes network requests; it is meant for a scheduled job, not for every commit.

    \b
    Example:
      policytracker check-links data/models.yaml --rate 0.5
    """
    from policytracker.links import Citation, check_links, citations

    cited = [c for p in state.files(paths) for c in citations(read_text(p), p)]
    rewrite = None
    if mirror:
        base = mirror.rstrip("/")

        def rewrite(url: str) -> str:
            rest = url.split("://", 1)[1]
            return base + "/" + (rest.split("/", 1)[1] if "/" in rest else "")

    results = check_links(
        (c.url for c in cited), rate=rate, timeout=timeout, retries=retries, rewrite=rewrite
    )
    dead = [r for r in results if not r.ok]
    where: dict[str, list[Citation]] = {}
    for c in cited:
        where.setdefault(c.url, []).append(c)
    if fmt_ == "json":
        click.echo(
            json.dumps(
                {
                    "checked": len(results),
                    "dead": [
                        {
                            "url": r.url,
                            "status": r.status,
                            "error": r.error,
                            "archive": r.archive,
                            "cited_at": [
                                {"file": c.file, "line": c.line, "column": c.column, "path": c.path}
                                for c in where[r.url]
                            ],
                        }
                        for r in dead
                    ],
                },
                indent=2,
            )
        )
    else:
        for r in dead:
            reason = f"HTTP {r.status}" if r.status else (r.error or "no answer")
            for c in where[r.url]:
                click.echo(
                    f"{c.file}:{c.line}:{c.column}: dead link ({reason}): {r.url} "
                    f"(archive: {r.archive})"
                )
        click.echo(f"{len(results)} link(s) checked, {len(dead)} dead")
    if dead:
        raise SystemExit(1)
