"""Output formats, one renderer each, in a registry: table, json, csv, markdown.

Commands build an :class:`Output` (the JSON value plus rows and the columns a table shows) and
never branch on the format themselves.
"""

from __future__ import annotations

import functools
import io
import json
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from policytracker._repr import fields_repr

__all__ = ["FORMATS", "RENDERERS", "Output", "render"]

TABLE_WIDTH = 100


@attrs.frozen
class Output:
    """What a command prints.

    Attributes:
        data: The JSON value (a list of records, or one object).
        rows: Records for the tabular formats.
        columns: Which record keys a table shows, in order (csv writes every scalar key).
        title: A line printed above a table (table format only).
        notes: Lines printed under a table (table format only).
        short: Compact display of some columns, by key (table format only; csv, json and
            markdown keep the full values).
        detail: A key printed in full on indented lines under each row (table format only),
            for text too long for a column.
    """

    __repr__ = fields_repr

    data: Any
    rows: Sequence[dict[str, Any]]
    columns: Sequence[str]
    title: str | None = None
    notes: Sequence[str] = ()
    short: Mapping[str, Callable[[Any], str]] = attrs.field(factory=dict)
    detail: str | None = None


ACCESS_SHORT = {
    "open-weights-noncommercial": "open (noncommercial)",
    "open-weights-restricted": "open (restricted)",
}


def short_access(value: Any) -> str:
    """An access level in a table: the two long open levels abbreviated."""
    return ACCESS_SHORT.get(str(value), cell(value))


def short_license(value: Any) -> str:
    """A license id in a table, without the ``LicenseRef-`` prefix."""
    return cell(value).removeprefix("LicenseRef-")


def cell(value: Any) -> str:
    """A record value as one line of text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1%}" if 0 <= value <= 1 else f"{value:g}"
    if isinstance(value, list):
        return "; ".join(_ref(v) for v in value)
    if isinstance(value, dict):
        return _ref(value)
    return str(value).replace("\n", " ")


def _ref(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("url", "id", "name"):
            if key in value:
                return str(value[key])
        return json.dumps(value, sort_keys=True)
    return cell(value)


@functools.lru_cache(maxsize=1 << 12)  # a table repeats its cells (dates, vendors, changes)
def _width(text: str) -> int:
    if text.isascii():
        return len(text)  # no wide characters: skip the per-character lookup
    return sum(map(_char_width, text))


def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    if text.isascii():
        return text[: max(width - 1, 0)] + "…"
    used = 0
    for i, ch in enumerate(text):
        used += _char_width(ch)
        if used > width - 1:
            return text[:i] + "…"
    return text + "…"  # not reached: the text is wider than ``width``


def wrap(text: str, width: int, indent: str) -> list[str]:
    """Lines of at most ``width`` characters, each starting with ``indent``.

    What ``textwrap.wrap`` gives with ``indent`` as both indents and ``break_on_hyphens=False``,
    without its regular expressions when the words are separated by single spaces.
    """
    words = text.split(" ")
    room = width - len(indent)
    if "" in words or any(len(w) > room for w in words) or not text.isprintable():
        import textwrap  # only for text the fast path below cannot wrap

        return textwrap.wrap(
            text,
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
        )
    lines: list[str] = []
    line: list[str] = []
    used = -1
    for word in words:
        if used + 1 + len(word) > room:
            lines.append(indent + " ".join(line))
            line, used = [], -1
        line.append(word)
        used += 1 + len(word)
    lines.append(indent + " ".join(line))
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _fit(widths: list[int], limit: int) -> list[int]:
    """Shrink columns until the row fits ``limit`` (two spaces between columns).

    The last column (summaries, reasons) gives way first, down to 24 characters; then the
    widest other column shrinks, one character at a time. The first column (the identifier a
    reader looks things up by) is never shrunk unless nothing else can give.
    """
    widths = list(widths)
    excess = sum(widths) + 2 * (len(widths) - 1) - limit
    if excess > 0 and len(widths) > 1:
        widths[-1] = max(min(widths[-1], 24), widths[-1] - excess)
    while sum(widths) + 2 * (len(widths) - 1) > limit:
        candidates = [i for i in range(1, len(widths)) if widths[i] > 8] or [
            i for i in range(len(widths)) if widths[i] > 8
        ]
        if not candidates:
            break
        widths[max(candidates, key=lambda i: widths[i])] -= 1
    return widths


def render_table(out: Output, color: bool) -> str:
    """Aligned columns that fit in 100 characters; bold header only when ``color``."""
    lines = []
    if out.title:
        lines.append(out.title)
    if not out.rows:
        lines.append("(nothing matches)")
    else:
        header = [c.replace("_", " ") for c in out.columns]
        body = [
            [out.short[c](r.get(c)) if c in out.short else cell(r.get(c)) for c in out.columns]
            for r in out.rows
        ]
        widths = [max(_width(x) for x in col) for col in zip(header, *body, strict=False)]
        widths = _fit(widths, TABLE_WIDTH)
        head = "  ".join(_pad(_clip(h, w), w) for h, w in zip(header, widths, strict=True))
        head = head.rstrip()
        lines.append(f"\x1b[1m{head}\x1b[0m" if color else head)
        indent = " " * (widths[0] + 2)
        for row, record in zip(body, out.rows, strict=True):
            lines.append(
                "  ".join(_pad(_clip(x, w), w) for x, w in zip(row, widths, strict=True)).rstrip()
            )
            if out.detail and record.get(out.detail):
                lines.extend(wrap(cell(record[out.detail]), TABLE_WIDTH, indent))
    lines.extend(out.notes)
    return "\n".join(lines) + "\n"


def render_json(out: Output, color: bool) -> str:
    """Indented JSON of :attr:`Output.data`."""
    return json.dumps(out.data, indent=2, ensure_ascii=False) + "\n"


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Nested mappings become dotted columns (``licenses.weights``)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update({f"{key}.{k}": v for k, v in _flat(value).items()})
        else:
            out[key] = value
    return out


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    return cell(value)


def render_csv(out: Output, color: bool) -> str:
    """CSV with a header row; nested fields as dotted columns, lists joined with '; '."""
    import csv

    buffer = io.StringIO()
    rows = [_flat(r) for r in out.rows]
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    header = list(columns) if rows else list(out.columns)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in header])
    return buffer.getvalue()


def render_markdown(out: Output, color: bool) -> str:
    """A GitHub-flavoured markdown table."""

    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "| " + " | ".join(c.replace("_", " ") for c in out.columns) + " |",
        "|" + "|".join(" --- " for _ in out.columns) + "|",
    ]
    lines.extend(
        "| " + " | ".join(esc(cell(r.get(c))) for c in out.columns) + " |" for r in out.rows
    )
    return "\n".join(lines) + "\n"


def render_jsonl(out: Output, color: bool) -> str:
    """One JSON object per line (for tidy exports)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out.rows)


RENDERERS: dict[str, Callable[[Output, bool], str]] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
}

#: The formats every query command offers.
FORMATS = tuple(RENDERERS)


def render(fmt: str, out: Output, *, color: bool = False) -> str:
    """Render ``out`` in format ``fmt`` (a key of :data:`RENDERERS`, or ``jsonl``)."""
    if fmt == "jsonl":
        return render_jsonl(out, color)
    return RENDERERS[fmt](out, color)
