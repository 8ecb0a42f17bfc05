"""Charts of the dataset: vendor timelines and open/closed trends (matplotlib, the ``plot`` extra).

Two charts, each as SVG or PNG bytes:

- :func:`timeline_chart`: one lane per vendor; each release a mark coloured by its access level
  (an Okabe-Ito palette, safe for colour-blind readers, with open and closed levels also told apart
  by shape); the vendor's derived stance as a band behind the marks; stance shifts drawn as lines
  labelled with the releases that mark them (solid: realized, dashed: signalled); releases not yet
  shipped, or resting only on press reports, drawn hollow.
- :func:`trend_chart`: open and closed releases per year or quarter, and the open share,
  optionally per country or vendor.

What is drawn comes from the catalog's own answers (:meth:`Catalog.releases`,
:meth:`Catalog.stance`, :meth:`Catalog.shifts`, :meth:`Catalog.trend`); :func:`timeline_data`
gives it without drawing. Output is deterministic: a fixed font bundled with matplotlib (DejaVu
Sans), text kept as text in SVG, a fixed ``svg.hashsalt`` for ids and no creation date in the
metadata, so the same data always gives the same bytes with the same matplotlib.

matplotlib is imported only when a chart is drawn; without it a :class:`MissingExtraError` names the
extra to install.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from policytracker._extras import MissingExtraError, require
from policytracker._repr import fields_repr
from policytracker.access import AccessLevel, Confidence, Status
from policytracker.catalog import Catalog
from policytracker.dates import DateSpan
from policytracker.stance import Basis, Scope, Shift, StanceCategory
from policytracker.trend import UNKNOWN_PERIOD, Period, TrendRow

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "ACCESS_COLORS",
    "FORMATS",
    "STANCE_COLORS",
    "Band",
    "Lane",
    "Mark",
    "MissingExtraError",
    "ShiftNote",
    "Timeline",
    "chart_format",
    "draw_timeline",
    "timeline_chart",
    "timeline_data",
    "trend_chart",
]

#: The file formats a chart can be written in, chosen by the file's extension.
FORMATS = ("svg", "png")

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common form of colour
# blindness. Closed levels take the warm colours, open levels the cool ones.
_BLACK = "#000000"
_GREY = "#999999"
_ORANGE = "#E69F00"
_SKY = "#56B4E9"
_GREEN = "#009E73"
_YELLOW = "#F0E442"
_BLUE = "#0072B2"
_VERMILLION = "#D55E00"
_PURPLE = "#CC79A7"

#: The colour of each access level.
ACCESS_COLORS: dict[AccessLevel, str] = {
    AccessLevel.UNRELEASED: _GREY,
    AccessLevel.HOSTED: _VERMILLION,
    AccessLevel.API: _ORANGE,
    AccessLevel.OPEN_WEIGHTS_NONCOMMERCIAL: _PURPLE,
    AccessLevel.OPEN_WEIGHTS_RESTRICTED: _SKY,
    AccessLevel.OPEN_WEIGHTS: _BLUE,
    AccessLevel.OPEN_SOURCE: _GREEN,
}

#: The colour of each stance's band (drawn light, behind the marks).
STANCE_COLORS: dict[StanceCategory, str] = {
    StanceCategory.OPEN: _SKY,
    StanceCategory.MIXED: _YELLOW,
    StanceCategory.CLOSED: _VERMILLION,
}
_BAND_ALPHA = {StanceCategory.OPEN: 0.22, StanceCategory.MIXED: 0.35, StanceCategory.CLOSED: 0.2}
_OPEN_COLOR = _BLUE
_CLOSED_COLOR = _VERMILLION
_GROUP_COLORS = (_BLUE, _VERMILLION, _GREEN, _ORANGE, _PURPLE, _SKY, _BLACK, _YELLOW)
_GROUP_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
#: A group needs this many releases for its open-share line (smaller ones only get bars).
_MIN_FOR_SHARE = 10

_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "policytracker",
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "hatch.linewidth": 0.6,
    "legend.frameon": False,
}
_METADATA: dict[str, dict[str, str | None]] = {
    "svg": {"Date": None, "Creator": "policytracker"},
    "png": {"Software": "policytracker"},
}
_PENDING = (Status.RUMORED, Status.EXPECTED, Status.ANNOUNCED)
_ENDED = (Status.CANCELLED, Status.WITHDRAWN)
_WINDOW_MONTHS = 24


# -- what is drawn ---------------------------------------------------------------------------


@attrs.frozen
class Mark:
    """One release on a vendor's lane, as it stood at the catalog's reference date.

    Attributes:
        id: The release id.
        name: Its name in force.
        date: Its date in force (a range for dates coarser than a day).
        access: Its access level in force (the mark's colour).
        status: Its status in force.
        confidence: How sure its status and access are.
        hollow: Drawn hollow: not shipped by the reference date, or only reported.
    """

    __repr__ = fields_repr

    id: str
    name: str
    date: DateSpan
    access: AccessLevel
    status: Status
    confidence: Confidence
    hollow: bool


@attrs.frozen
class Band:
    """A stretch of time over which a vendor's derived stance stayed the same.

    Attributes:
        start: First day.
        end: Day the next band starts (or the chart's last day).
        category: The stance.
    """

    __repr__ = fields_repr

    start: dt.date
    end: dt.date
    category: StanceCategory


@attrs.frozen
class ShiftNote:
    """A stance shift on a lane, labelled with the releases (or statement) marking it.

    Attributes:
        date: The shift's date.
        basis: Realized (solid line) or signalled (dashed).
        direction: ``opening`` or ``closing``.
        from_value: The stance before.
        to_value: The stance after.
        marked_by: Ids of the releases or statements marking it.
        label: The names of the releases marking it, as drawn (empty when only statements
            mark it: the line is drawn without a label).
    """

    __repr__ = fields_repr

    date: DateSpan
    basis: Basis
    direction: str
    from_value: str
    to_value: str
    marked_by: tuple[str, ...]
    label: str


@attrs.frozen
class Lane:
    """One vendor's row: its releases, stance bands and shifts.

    Attributes:
        vendor: Vendor id.
        name: Vendor name.
        marks: Its releases in the chart's range, by date.
        bands: Its derived stance from the chart's start to the reference date.
        shifts: Its stance shifts in the chart's range.
    """

    __repr__ = fields_repr

    vendor: str
    name: str
    marks: tuple[Mark, ...]
    bands: tuple[Band, ...]
    shifts: tuple[ShiftNote, ...]


@attrs.frozen
class Timeline:
    """Everything a timeline chart draws.

    Attributes:
        lanes: One per vendor, top to bottom.
        start: The chart's first day.
        end: The chart's last day.
        reference: The date the data is known to (stance bands stop there).
        as_of: The catalog's as-of date, if it is limited to what had been reported by then.
    """

    __repr__ = fields_repr

    lanes: tuple[Lane, ...]
    start: dt.date
    end: dt.date
    reference: dt.date
    as_of: dt.date | None

    def only(self, vendor: str) -> Timeline:
        """This timeline narrowed to one vendor's lane, from its first release on."""
        lane = next(lane for lane in self.lanes if lane.vendor == vendor)
        start = min((m.date.start for m in lane.marks), default=self.start)
        return self.select([vendor], since=start)

    def select(self, vendors: Sequence[str], *, since: dt.date | None = None) -> Timeline:
        """These vendors' lanes, in this order, from ``since`` (if later than the start) on.

        Marks are kept when their date overlaps the range, as :func:`timeline_data` keeps them.
        """
        start = max(since or self.start, self.start)
        by_vendor = {lane.vendor: lane for lane in self.lanes}
        lanes = []
        for vendor in dict.fromkeys(vendors):
            lane = by_vendor[vendor]
            lanes.append(
                attrs.evolve(
                    lane,
                    marks=tuple(m for m in lane.marks if m.date.end >= start),
                    bands=tuple(
                        attrs.evolve(b, start=max(b.start, start))
                        for b in lane.bands
                        if b.end > start
                    ),
                    shifts=tuple(s for s in lane.shifts if s.date.end >= start),
                )
            )
        return attrs.evolve(self, lanes=tuple(lanes), start=start)


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mark_label(catalog: Catalog, ids: Sequence[str], day: dt.date) -> str:
    """The names of the releases marking a shift; empty when only statements mark it."""
    names = [catalog.state(item, day).name for item in ids if catalog.kind_of(item) == "release"]
    unique = list(dict.fromkeys(_short(n) for n in names))
    return ", ".join(unique[:2]) + (" …" if len(unique) > 2 else "")


def _change_days(catalog: Catalog, vendor: str) -> set[dt.date]:
    """Days on which a vendor's stance can change.

    Its releases and recorded changes, as they enter the 24-month window and as they leave it.
    """
    days: set[dt.date] = set()
    for state in catalog.releases(vendor=vendor):
        starts = {state.date.start, state.release.date.start}
        for claim in state.release.history:
            if claim.effective is not None:
                starts.add(claim.effective.start)
            if claim.date is not None:
                starts.add(claim.date.start)
        for day in starts:
            days.update((day, _add_months(day, _WINDOW_MONTHS)))
    return days


def _bands(catalog: Catalog, vendor: str, start: dt.date, end: dt.date) -> tuple[Band, ...]:
    if end < start:
        return ()
    days = sorted({start} | {d for d in _change_days(catalog, vendor) if start < d <= end})
    bands: list[Band] = []
    for i, day in enumerate(days):
        category = catalog.stance(vendor, day).category
        until = days[i + 1] if i + 1 < len(days) else end
        if bands and bands[-1].category is category:
            bands[-1] = attrs.evolve(bands[-1], end=until)
        else:
            bands.append(Band(day, until, category))
    return tuple(b for b in bands if b.category is not StanceCategory.INACTIVE)


def timeline_data(
    catalog: Catalog,
    *,
    vendors: Sequence[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Timeline:
    """What :func:`timeline_chart` draws, without drawing it.

    ``vendors`` defaults to every vendor with a release in the range, by name. Releases merged
    into another (a codename that shipped under a new name) appear once, as the release that
    shipped. Raises :class:`~policytracker.UnknownIdError` for an unknown vendor.
    """
    ref = catalog.reference_date
    ids = [catalog.vendor(v).id for v in vendors] if vendors else None
    pool = ids if ids is not None else [v.id for v in catalog.vendors]
    found = {v: catalog.releases(vendor=v, since=since, until=until) for v in pool}
    if ids is None:
        pool = sorted(
            (v for v in pool if found[v]), key=lambda v: catalog.vendor(v).name.casefold()
        )
    ids = list(dict.fromkeys(pool))
    starts = [s.date.start for v in ids for s in found[v]]
    ends = [s.date.end for v in ids for s in found[v]]
    first = since or (min(starts) if starts else _add_months(ref, -_WINDOW_MONTHS))
    last = until or max([ref, *ends])
    shifts: dict[str, list[Shift]] = {}
    for shift in catalog.shifts(vendor=ids, since=first, until=last, scope=Scope.STANCE):
        shifts.setdefault(shift.vendor, []).append(shift)
    lanes: list[Lane] = []
    for vid in ids:
        marks = tuple(
            Mark(
                s.id,
                s.name,
                s.date,
                s.access,
                s.status,
                s.confidence,
                s.status in _PENDING
                or s.date.start > ref
                or (s.status not in _ENDED and s.confidence < Confidence.CONFIRMED),
            )
            for s in found[vid]
        )
        notes = tuple(
            ShiftNote(
                s.date,
                s.basis,
                s.direction,
                s.from_value,
                s.to_value,
                s.marked_by,
                _mark_label(catalog, s.marked_by, s.date.end),
            )
            for s in shifts.get(vid, [])
        )
        lanes.append(
            Lane(
                vid,
                catalog.vendor_name(vid),
                marks,
                _bands(catalog, vid, first, min(last, ref)),
                notes,
            )
        )
    return Timeline(tuple(lanes), first, last, ref, catalog.as_of_date)


# -- drawing ---------------------------------------------------------------------------------


def chart_format(path: str | Path) -> str:
    """``svg`` or ``png`` from a file name's extension; ValueError for anything else."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        msg = f"{Path(path).name!r}: a chart is written as .svg or .png, not {suffix or 'nothing'}"
        raise ValueError(msg)
    return suffix


def _render(draw: Callable[[Figure], None], fmt: str) -> bytes:
    if fmt not in FORMATS:
        msg = f"format must be one of {', '.join(FORMATS)}, not {fmt!r}"
        raise ValueError(msg)
    mpl = require("matplotlib", "plot", "Drawing charts")
    from matplotlib.figure import Figure

    buffer = io.BytesIO()
    with mpl.rc_context(_RC):
        figure = Figure()
        draw(figure)
        figure.savefig(buffer, format=fmt, metadata=_METADATA[fmt], facecolor="white")
    return buffer.getvalue()


def _num(day: dt.date) -> float:
    """A day as a matplotlib date number (days since 1970-01-01)."""
    return float((day - dt.date(1970, 1, 1)).days)


def _middle(span: DateSpan) -> float:
    return (_num(span.start) + _num(span.end)) / 2


def _date_axis(ax: Axes, start: dt.date, end: dt.date) -> None:
    from matplotlib.ticker import FixedLocator, FuncFormatter

    years = end.year - start.year
    step = 1 if years <= 12 else 2
    ticks: list[dt.date] = []
    if years >= 3:
        ticks = [dt.date(y, 1, 1) for y in range(start.year, end.year + 2, step)]
        fmt = "%Y"
    else:
        day = dt.date(start.year, 1, 1)
        while day <= _add_months(end, 3):
            ticks.append(day)
            day = _add_months(day, 3)
        fmt = "%Y-%m"
    ax.xaxis.set_major_locator(FixedLocator([_num(t) for t in ticks]))
    epoch = dt.date(1970, 1, 1)
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda x, _pos: (epoch + dt.timedelta(days=round(x))).strftime(fmt))
    )


def _marker(level: AccessLevel, status: Status) -> str:
    if status in _ENDED:
        return "X"
    if level is AccessLevel.UNRELEASED:
        return "D"
    return "o" if level.is_open else "s"


def _draw_timeline(fig: Figure, data: Timeline, title: str | None, legend: bool) -> None:
    lanes = data.lanes
    n = max(len(lanes), 1)
    top, lane_height, bottom = 0.8, 0.62, 1.55 if legend else 0.45
    height = top + n * lane_height + bottom
    width = 11.0
    fig.set_size_inches(width, height)
    left = 1.6 / width
    fig.subplots_adjust(left=left, right=0.98, top=1 - top / height, bottom=bottom / height)
    ax = fig.add_subplot()
    x0 = _num(data.start) - 20
    x1 = _num(data.end) + 20
    ax.set_xlim(x0, x1)
    ax.set_ylim(-0.6, n - 0.4)
    if lanes:
        ax.set_yticks(range(n), [lane.name for lane in reversed(lanes)])
    else:
        ax.set_yticks([])
        ax.text(0.5, 0.5, "no releases in this range", transform=ax.transAxes, ha="center")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    _date_axis(ax, data.start, data.end)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    # Data units per point of text, to keep shift labels from running into each other.
    per_point = (x1 - x0) / ((1 - left - 0.02) * width * 72)
    for index, lane in enumerate(lanes):
        y = n - 1 - index
        for band in lane.bands:
            ax.add_patch(
                _rect(
                    _num(band.start),
                    y - 0.28,
                    _num(band.end) - _num(band.start),
                    0.56,
                    STANCE_COLORS[band.category],
                    _BAND_ALPHA[band.category],
                )
            )
        for mark in lane.marks:
            color = ACCESS_COLORS[mark.access]
            if mark.date.end > mark.date.start:
                ax.plot(
                    [_num(mark.date.start), _num(mark.date.end)],
                    [y, y],
                    color=color,
                    linewidth=1.6,
                    alpha=0.7,
                    solid_capstyle="butt",
                    zorder=3,
                )
            ax.plot(
                [_middle(mark.date)],
                [y],
                marker=_marker(mark.access, mark.status),
                markersize=6.5,
                markerfacecolor="white" if mark.hollow else color,
                markeredgecolor=color if mark.hollow else "#333333",
                markeredgewidth=1.4 if mark.hollow else 0.5,
                linestyle="none",
                zorder=4,
                gid=f"mark-{mark.id}",
            )
        taken: tuple[list[tuple[float, float]], ...] = ([], [])
        # Realized shifts are labelled first; a signalled one only where there is room left.
        for note in sorted(lane.shifts, key=lambda s: s.basis is not Basis.REALIZED):
            x = _num(note.date.start)
            realized = note.basis is Basis.REALIZED
            ax.plot(
                [x, x],
                [y - 0.38, y + 0.38],
                color="#222222" if realized else "#555555",
                linewidth=1.2 if realized else 1.0,
                linestyle="-" if realized else (0, (2, 1.5)),
                zorder=5,
            )
            if not note.label:
                continue
            arrow = "▲" if note.direction == "opening" else "▼"
            text = f"{arrow} {note.to_value}: {note.label}"
            span = (len(text) * 3.7 + 4) * per_point
            right = x + span > x1
            lo, hi = (x - span, x) if right else (x, x + span)
            free = [r for r in (0, 1) if all(b < lo or a > hi for a, b in taken[r])]
            if not free and not realized:
                continue
            row = free[0] if free else min((0, 1), key=lambda r: len(taken[r]))
            taken[row].append((lo, hi))
            ax.text(
                x - 2 * per_point if right else x + 2 * per_point,
                y + 0.32 if row == 0 else y - 0.32,
                text,
                fontsize=6.5,
                va="bottom" if row == 0 else "top",
                ha="right" if right else "left",
                color="#111111" if realized else "#444444",
                style="normal" if realized else "italic",
                zorder=6,
            )
    if data.start <= data.reference <= data.end:
        xr = _num(data.reference)
        ax.axvline(xr, color="#666666", linewidth=0.8, linestyle=":", zorder=2)
        ax.text(
            xr,
            1.0,
            f"known on {data.reference}",
            fontsize=7,
            va="bottom",
            ha="right",
            color="#444444",
            transform=ax.get_xaxis_transform(),
        )
    known = f"as known on {data.as_of}" if data.as_of else f"as known on {data.reference}"
    ax.set_title(
        title or f"Releases and derived stance, {data.start:%Y-%m} to {data.end:%Y-%m}, {known}",
        loc="left",
        pad=16,
    )
    if legend:
        _timeline_legend(fig, left)


def _timeline_legend(fig: Figure, left: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    levels = [
        Line2D(
            [],
            [],
            marker=_marker(level, Status.RELEASED),
            markersize=6.5,
            markerfacecolor=color,
            markeredgecolor="#333333",
            markeredgewidth=0.5,
            linestyle="none",
            label=level.value,
        )
        for level, color in ACCESS_COLORS.items()
    ]
    kinds = [
        Line2D(
            [],
            [],
            marker="o",
            markersize=6.5,
            markerfacecolor="white",
            markeredgecolor="#333333",
            markeredgewidth=1.4,
            linestyle="none",
            label="hollow: not yet released, or only reported",
        ),
        Line2D(
            [],
            [],
            marker="X",
            markersize=6.5,
            markerfacecolor=_GREY,
            markeredgecolor="#333333",
            markeredgewidth=0.5,
            linestyle="none",
            label="cancelled or withdrawn",
        ),
        Line2D([], [], color=_GREY, linewidth=1.6, label="date known only to a range"),
        Line2D([], [], color="#222222", linewidth=1.2, label="realized stance shift"),
        Line2D(
            [],
            [],
            color="#555555",
            linewidth=1.0,
            linestyle=(0, (2, 1.5)),
            label="signalled stance shift",
        ),
    ]
    bands = [
        Patch(
            facecolor=STANCE_COLORS[c],
            alpha=_BAND_ALPHA[c],
            edgecolor="none",
            label=f"stance: {c.value}",
        )
        for c in (StanceCategory.OPEN, StanceCategory.MIXED, StanceCategory.CLOSED)
    ]
    fig.legend(
        handles=[*levels, *bands, *kinds],
        loc="lower left",
        bbox_to_anchor=(left, 0.0),
        ncol=4,
        fontsize=7.5,
        title="access level (colour; circle: open weights, square: closed)",
        title_fontsize=7.5,
        alignment="left",
        handlelength=1.6,
    )


def _rect(x: float, y: float, w: float, h: float, color: str, alpha: float) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=color, alpha=alpha, edgecolor="none", zorder=1)


def timeline_chart(
    catalog: Catalog,
    fmt: str = "svg",
    *,
    vendors: Sequence[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    title: str | None = None,
) -> bytes:
    """A timeline of vendors' releases, stances and shifts, as ``svg`` or ``png`` bytes.

    See :func:`timeline_data` for what is drawn. Raises :class:`MissingExtraError` without
    matplotlib, :class:`~policytracker.UnknownIdError` for an unknown vendor.
    """
    data = timeline_data(catalog, vendors=vendors, since=since, until=until)
    return draw_timeline(data, fmt, title=title)


def draw_timeline(
    data: Timeline, fmt: str = "svg", *, title: str | None = None, legend: bool = True
) -> bytes:
    """Draw a :class:`Timeline` as ``svg`` or ``png`` bytes; ``legend=False`` leaves out the key."""
    return _render(lambda fig: _draw_timeline(fig, data, title, legend), fmt)


def _periods(rows: Iterable[TrendRow]) -> list[str]:
    found = {r.period for r in rows}
    known = sorted(p for p in found if p != UNKNOWN_PERIOD)
    return known + ([UNKNOWN_PERIOD] if UNKNOWN_PERIOD in found else [])


def _tick_every(count: int) -> int:
    return max(1, math.ceil(count / 16))


def _period_axis(ax: Axes, periods: Sequence[str], *, labels: bool = True) -> None:
    step = _tick_every(len(periods))
    shown = [i for i in range(len(periods)) if i % step == 0 or periods[i] == UNKNOWN_PERIOD]
    ax.set_xticks(shown, [periods[i] for i in shown] if labels else [""] * len(shown))
    ax.set_xlim(-0.6, len(periods) - 0.4)
    if labels and len(periods) > 10:
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)


def _bars(ax: Axes, periods: Sequence[str], rows: Sequence[TrendRow], *, legend: bool) -> None:
    from matplotlib.ticker import MaxNLocator

    by_period = {r.period: r for r in rows}
    xs = list(range(len(periods)))
    opened = [by_period[p].open if p in by_period else 0 for p in periods]
    closed = [by_period[p].closed if p in by_period else 0 for p in periods]
    ax.bar(xs, opened, color=_OPEN_COLOR, label="open weights", width=0.75)
    ax.bar(
        xs,
        closed,
        bottom=opened,
        color=_CLOSED_COLOR,
        hatch="///",
        edgecolor="white",
        linewidth=0,
        label="closed",
        width=0.75,
    )
    ax.set_ylabel("releases")
    ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    if legend:
        ax.legend(loc="upper left", fontsize=8)


def _share(rows: Sequence[TrendRow], periods: Sequence[str]) -> list[float]:
    by_period = {r.period: r for r in rows}
    out = []
    for p in periods:
        share = by_period[p].open_share if p in by_period else None
        out.append(math.nan if share is None else 100 * share)
    return out


def _share_axis(ax: Axes) -> None:
    ax.set_ylim(-4, 104)
    ax.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_ylabel("open share")
    ax.axhline(50, color="#bbbbbb", linewidth=0.6, zorder=0)
    ax.grid(axis="y", color="#eeeeee", linewidth=0.6)


def _draw_trend(
    fig: Figure, rows: Sequence[TrendRow], by: Period, group: str | None, known: str
) -> None:
    periods = _periods(rows)
    per = "year" if by is Period.YEAR else "quarter"
    if not periods:
        fig.set_size_inches(10, 2)
        fig.text(0.5, 0.5, f"No released releases to count per {per}, {known}.", ha="center")
        return
    note = (
        "A release counts in the period its date lies in entirely; 'unknown' holds dates too "
        "coarse for the period."
    )
    if group is None:
        fig.set_size_inches(10, 6.2)
        grid = fig.add_gridspec(2, 1, height_ratios=(2.2, 1), hspace=0.12)
        bars = fig.add_subplot(grid[0])
        share = fig.add_subplot(grid[1], sharex=bars)
        _bars(bars, periods, rows, legend=True)
        _period_axis(bars, periods, labels=False)
        share.plot(
            range(len(periods)),
            _share(rows, periods),
            color=_OPEN_COLOR,
            marker="o",
            markersize=4,
            linewidth=1.5,
        )
        _share_axis(share)
        _period_axis(share, periods)
        bars.set_title(f"Open and closed releases per {per}, {known}", loc="left")
        fig.subplots_adjust(left=0.08, right=0.98, top=0.93, bottom=0.11)
        fig.text(0.08, 0.015, note, fontsize=7, color="#444444")
        return
    groups: dict[str, list[TrendRow]] = {}
    for row in rows:
        groups.setdefault(row.group or "unknown", []).append(row)
    order = sorted(groups, key=lambda g: (-sum(r.total for r in groups[g]), g))
    cols = 3
    grid_rows = math.ceil(len(order) / cols)
    fig.set_size_inches(11, 3.6 + 2.1 * grid_rows)
    outer = fig.add_gridspec(
        1 + grid_rows, cols, height_ratios=(1.6, *([1] * grid_rows)), hspace=0.55, wspace=0.18
    )
    share = fig.add_subplot(outer[0, :])
    lined = [g for g in order if sum(r.total for r in groups[g]) >= _MIN_FOR_SHARE][:8]
    for i, key in enumerate(lined):
        share.plot(
            range(len(periods)),
            _share(groups[key], periods),
            color=_GROUP_COLORS[i % len(_GROUP_COLORS)],
            marker=_GROUP_MARKERS[i % len(_GROUP_MARKERS)],
            markersize=4,
            linewidth=1.3,
            label=f"{key} ({sum(r.total for r in groups[key])})",
        )
    _share_axis(share)
    _period_axis(share, periods)
    if lined:
        share.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, title=group)
    else:
        share.text(
            0.5,
            0.5,
            f"no {group} has {_MIN_FOR_SHARE} or more releases",
            transform=share.transAxes,
            ha="center",
            color="#444444",
        )
    share.set_title(
        f"Open share of releases per {per}, by {group} (with {_MIN_FOR_SHARE} or more "
        f"releases), {known}",
        loc="left",
    )
    for i, key in enumerate(order):
        ax = fig.add_subplot(outer[1 + i // cols, i % cols])
        _bars(ax, periods, groups[key], legend=i == 0)
        _period_axis(ax, periods)
        ax.set_ylabel("")
        ax.set_title(f"{key}: open and closed releases", loc="left", fontsize=8.5)
        ax.tick_params(axis="both", labelsize=6.5)
    fig.subplots_adjust(left=0.06, right=0.9, top=1 - 0.45 / (3.6 + 2.1 * grid_rows), bottom=0.08)
    fig.text(0.06, 0.01, note, fontsize=7, color="#444444")


def trend_chart(
    catalog: Catalog,
    fmt: str = "svg",
    *,
    by: Period = Period.YEAR,
    group: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> bytes:
    """Open and closed releases per period, and the open share, as ``svg`` or ``png`` bytes.

    ``group`` is None, ``"country"`` or ``"vendor"``: one open-share line and one small panel of
    bars per group. The counts are :meth:`Catalog.trend`'s.
    """
    rows = catalog.trend(by, group, since=since, until=until)
    known = (
        f"as known on {catalog.as_of_date}"
        if catalog.as_of_date
        else f"as known on {catalog.latest_report}"
    )
    return _render(lambda fig: _draw_trend(fig, rows, by, group, known), fmt)
