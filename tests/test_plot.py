"""Charts: what a timeline draws, deterministic SVG and PNG output, and the plot commands."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

import policytracker
from policytracker._extras import MissingExtraError, require
from policytracker.access import AccessLevel, Status
from policytracker.catalog import Catalog, UnknownIdError
from policytracker.cli._app import cli
from policytracker.cli.visual import plot  # noqa: F401 (registers the commands)
from policytracker.plot import (
    ACCESS_COLORS,
    chart_format,
    draw_timeline,
    timeline_chart,
    timeline_data,
    trend_chart,
)
from policytracker.stance import Basis, StanceCategory
from policytracker.trend import Period
from tests.conftest import SMALL, TODAY

SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def texts(svg: bytes) -> list[str]:
    """Every text element of an SVG, in document order (the SVG must be well-formed XML)."""
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def run(*args: str, data: Path | None = SMALL) -> tuple[int, str, str]:
    env = {"POLICYTRACKER_DATA": str(data)} if data else {}
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def small_svg(small: Catalog) -> bytes:
    return timeline_chart(small)


class TestTimelineData:
    """The timeline draws the catalog's own releases, stances and shifts."""

    def test_lanes_default_to_vendors_with_releases_by_name(self, small: Catalog) -> None:
        data = timeline_data(small)
        assert [lane.name for lane in data.lanes] == ["Acme AI", "Birch", "Cedar"]
        assert (data.start, data.reference) == (dt.date(2023, 2, 24), dt.date(2026, 4, 8))

    def test_vendors_keep_the_order_asked(self, small: Catalog) -> None:
        data = timeline_data(small, vendors=["cedar", "acme"])
        assert [lane.vendor for lane in data.lanes] == ["cedar", "acme"]

    def test_unknown_vendor_raises_with_suggestions(self, small: Catalog) -> None:
        with pytest.raises(UnknownIdError, match="did you mean acme"):
            timeline_data(small, vendors=["acmee"])

    def test_bands_are_the_derived_stance(self, small: Catalog) -> None:
        (birch,) = timeline_data(small, vendors=["birch"]).lanes
        assert [(b.start, b.end, b.category) for b in birch.bands] == [
            (dt.date(2024, 6, 1), dt.date(2025, 1, 28), StanceCategory.OPEN),
            (dt.date(2025, 1, 28), dt.date(2026, 4, 8), StanceCategory.MIXED),
        ]
        for band in birch.bands:
            assert small.stance("birch", band.start).category is band.category

    def test_a_vendor_that_goes_inactive_has_no_band_after(self, small: Catalog) -> None:
        (cedar,) = timeline_data(small, vendors=["cedar"]).lanes
        assert cedar.bands[-1].end == dt.date(2025, 5, 31)
        assert small.stance("cedar", dt.date(2025, 6, 1)).category is StanceCategory.INACTIVE

    def test_shifts_are_labelled_with_the_marking_release(self, small: Catalog) -> None:
        (acme,) = timeline_data(small, vendors=["acme"]).lanes
        assert [(s.date.label, s.basis, s.to_value, s.label) for s in acme.shifts] == [
            ("2025-12-09", Basis.SIGNALLED, "mixed", "Acme Frontier"),
            ("2026-04-08", Basis.REALIZED, "mixed", "Acme Spark"),
        ]

    def test_expected_and_only_reported_items_are_hollow(self, small: Catalog) -> None:
        then = small.as_of(dt.date(2025, 12, 20))
        (acme,) = timeline_data(then, vendors=["acme"]).lanes
        marks = {m.id: m for m in acme.marks}
        assert marks["acme-frontier"].status is Status.EXPECTED
        assert marks["acme-frontier"].hollow
        assert not marks["acme-lm-3"].hollow

    def test_as_of_hides_what_was_reported_later(self, small: Catalog) -> None:
        then = small.as_of(dt.date(2025, 12, 1))
        (acme,) = timeline_data(then, vendors=["acme"]).lanes
        assert "acme-frontier" not in {m.id for m in acme.marks}
        assert acme.shifts == ()

    def test_since_and_until_narrow_the_range(self, small: Catalog) -> None:
        data = timeline_data(small, since=dt.date(2025, 1, 1), until=dt.date(2025, 12, 31))
        assert (data.start, data.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        assert [lane.vendor for lane in data.lanes] == ["birch"]

    def test_only_narrows_to_one_lane_from_its_first_release(self, small: Catalog) -> None:
        one = timeline_data(small).only("birch")
        assert [lane.vendor for lane in one.lanes] == ["birch"]
        assert one.start == dt.date(2024, 6, 1)


class TestBundledStory:
    """On the bundled data, the chart tells Meta's story."""

    def test_meta_goes_mixed_with_muse_spark(self, bundled: Catalog) -> None:
        (meta,) = timeline_data(bundled, vendors=["meta"], since=dt.date(2025, 1, 1)).lanes
        realized = [s for s in meta.shifts if s.basis is Basis.REALIZED]
        assert ("open", "mixed", "Muse Spark") in {
            (s.from_value, s.to_value, s.label) for s in realized
        }
        assert "meta-avocado" not in {m.id for m in meta.marks}  # counted once, as Muse Spark

    def test_avocado_is_hollow_as_known_in_december_2025(self, bundled: Catalog) -> None:
        then = bundled.as_of(dt.date(2025, 12, 20))
        (meta,) = timeline_data(then, vendors=["meta"], since=dt.date(2025, 1, 1)).lanes
        avocado = next(m for m in meta.marks if m.id == "meta-avocado")
        assert avocado.hollow
        assert any("Avocado" in s.label for s in meta.shifts if s.basis is Basis.SIGNALLED)
        svg = draw_timeline(timeline_data(then, vendors=["meta"], since=dt.date(2025, 1, 1)))
        assert any("Avocado" in t for t in texts(svg))


class TestTimelineChart:
    """The timeline chart is deterministic and shows its data as text and marks."""

    def test_svg_structure(self, small_svg: bytes) -> None:
        found = texts(small_svg)
        assert found[:7] == [
            "2024",
            "2025",
            "2026",
            "Cedar",
            "Birch",
            "Acme AI",
            "known on 2026-04-08",
        ]
        assert "Releases and derived stance, 2023-02 to 2026-05, as known on 2026-04-08" in found
        assert {"▼ mixed: Acme Spark", "▼ mixed: Acme Frontier", "▼ mixed: Birch Max"} <= set(found)
        assert [level.value for level in AccessLevel] == [
            t for t in found if t in {a.value for a in AccessLevel}
        ]
        assert {"stance: open", "stance: mixed", "stance: closed", "signalled stance shift"} <= set(
            found
        )

    def test_one_mark_per_release_in_its_access_colour(
        self, small: Catalog, small_svg: bytes
    ) -> None:
        root = ET.fromstring(small_svg)
        marks = {g.get("id", "") for g in root.iter(f"{SVG}g")}
        expected = {
            f"mark-{s.id}" for v in ("acme", "birch", "cedar") for s in small.releases(vendor=v)
        }
        assert expected <= marks
        text = small_svg.decode()
        for level in (AccessLevel.OPEN_WEIGHTS, AccessLevel.API):
            assert ACCESS_COLORS[level].lower() in text.lower()

    def test_text_stays_text_in_a_bundled_font(self, small_svg: bytes) -> None:
        text = small_svg.decode()
        assert "DejaVu Sans" in text
        assert "<dc:date>" not in text  # no creation date
        assert "policytracker" in text  # creator, not a matplotlib version

    def test_same_data_same_bytes(self, small: Catalog, small_svg: bytes) -> None:
        assert timeline_chart(small) == small_svg
        assert timeline_chart(small, "png") == timeline_chart(small, "png")

    def test_png(self, small: Catalog) -> None:
        data = timeline_chart(small, "png")
        assert data.startswith(PNG_SIGNATURE)
        assert b"Software\x00policytracker" in data
        assert b"Matplotlib version" not in data

    def test_markup_in_names_is_escaped(self, tmp_path: Path) -> None:
        hostile = '<script>alert("x")</script> & "quoted"'
        path = tmp_path / "hostile.yaml"
        path.write_text(
            SMALL.read_text(encoding="utf-8").replace("name: Birch\n", f"name: '{hostile}'\n"),
            encoding="utf-8",
        )
        catalog = policytracker.load(path, today=TODAY)
        svg = timeline_chart(catalog)
        assert hostile in texts(svg)  # parsed back as text: well-formed, escaped
        assert b"<script>" not in svg

    def test_a_range_without_releases_says_so(self, small: Catalog) -> None:
        svg = timeline_chart(small, since=dt.date(2010, 1, 1), until=dt.date(2011, 12, 31))
        assert "no releases in this range" in texts(svg)

    def test_unknown_format_is_refused(self, small: Catalog) -> None:
        with pytest.raises(ValueError, match="format must be one of svg, png"):
            timeline_chart(small, "pdf")


class TestTrendChart:
    """The trend chart counts what 'policytracker trend' counts."""

    def test_periods_and_panels(self, small: Catalog) -> None:
        found = texts(trend_chart(small))
        assert {"2023", "2024", "2025", "open share", "releases", "open weights", "closed"} <= set(
            found
        )
        assert "Open and closed releases per year, as known on 2026-04-08" in found

    def test_by_quarter_with_unknown_bucket(self, small: Catalog) -> None:
        found = texts(trend_chart(small, by=Period.QUARTER))
        assert {"2023-Q1", "unknown"} <= set(found)  # Birch LM 2 is dated only to 2025

    def test_per_country(self, small: Catalog) -> None:
        found = texts(trend_chart(small, group="country"))
        assert {"US: open and closed releases", "CN: open and closed releases"} <= set(found)
        assert "NO: open and closed releases" in found

    def test_deterministic(self, small: Catalog) -> None:
        assert trend_chart(small, group="country") == trend_chart(small, group="country")

    @pytest.mark.parametrize("group", [None, "country"])
    def test_nothing_to_count(self, small: Catalog, group: str | None) -> None:
        svg = trend_chart(small, group=group, until=dt.date(2011, 12, 31))
        assert texts(svg) == ["No released releases to count per year, as known on 2026-04-08."]


class TestChartFormat:
    """The file's extension picks the format."""

    @pytest.mark.parametrize(("name", "fmt"), [("a.svg", "svg"), ("b.PNG", "png")])
    def test_known(self, name: str, fmt: str) -> None:
        assert chart_format(name) == fmt

    def test_unknown(self) -> None:
        with pytest.raises(ValueError, match=r"'c\.pdf': a chart is written as \.svg or \.png"):
            chart_format("c.pdf")


class TestMissingExtra:
    """Without matplotlib, the message names the extra to install."""

    def test_require_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        with pytest.raises(MissingExtraError) as info:
            require("matplotlib", "plot", "Drawing charts")
        assert str(info.value) == (
            "Drawing charts needs matplotlib, which is not installed; install the 'plot' extra: "
            "pip install 'policytracker[plot]'"
        )

    def test_command_fails_cleanly(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        code, _, err = run("plot", "trend", "--out", str(tmp_path / "t.svg"))
        assert code == 1
        assert "pip install 'policytracker[plot]'" in err
        assert "Traceback" not in err
        assert not (tmp_path / "t.svg").exists()

    def test_query_commands_do_not_import_drawing_libraries(self) -> None:
        code = (
            "import sys\n"
            "from policytracker.cli import cli\n"
            f"cli(['--data', {str(SMALL)!r}, 'shifts'], standalone_mode=False)\n"
            "print(sorted(m for m in ('matplotlib', 'jinja2') if m in sys.modules))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
        )
        assert done.stdout.strip().splitlines()[-1] == "[]"
        assert (
            "plot"
            in subprocess.run(
                [sys.executable, "-m", "policytracker", "--help"],
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
            ).stdout
        )


class TestPlotCommands:
    """'policytracker plot timeline|trend --out FILE' writes the chart."""

    def test_timeline_svg(self, tmp_path: Path) -> None:
        out = tmp_path / "timeline.svg"
        code, stdout, _ = run(
            "plot", "timeline", "--vendor", "acme", "--vendor", "birch", "--out", str(out)
        )
        assert code == 0
        assert stdout == f"Wrote {out} ({out.stat().st_size:,} bytes)\n"
        assert {"Acme AI", "Birch"} <= set(texts(out.read_bytes()))
        assert "Cedar" not in texts(out.read_bytes())

    def test_timeline_as_of_png(self, tmp_path: Path) -> None:
        out = tmp_path / "then.png"
        code, _, _ = run(
            "plot", "timeline", "--since", "2024", "--as-of", "2025-12-20", "--out", str(out)
        )
        assert code == 0
        assert out.read_bytes().startswith(PNG_SIGNATURE)

    def test_trend_by_quarter_per_country(self, tmp_path: Path) -> None:
        out = tmp_path / "trend.svg"
        code, _, _ = run(
            "plot", "trend", "--by", "quarter", "--group", "country", "--out", str(out)
        )
        assert code == 0
        assert "Open share of releases per quarter" in " ".join(texts(out.read_bytes()))

    def test_bad_extension_is_a_usage_error(self, tmp_path: Path) -> None:
        code, _, err = run("plot", "trend", "--out", str(tmp_path / "t.pdf"))
        assert code == 2
        assert "'t.pdf': a chart is written as .svg or .png, not pdf" in err

    def test_out_is_required(self) -> None:
        code, _, err = run("plot", "timeline")
        assert code == 2
        assert "Missing option '--out'" in err

    def test_unknown_vendor(self, tmp_path: Path) -> None:
        code, _, err = run(
            "plot", "timeline", "--vendor", "acmee", "--out", str(tmp_path / "a.svg")
        )
        assert code == 1
        assert "no vendor with id 'acmee'; did you mean acme" in err

    def test_unwritable_file_fails_cleanly(self, tmp_path: Path) -> None:
        code, _, err = run("plot", "trend", "--out", str(tmp_path / "missing" / "t.svg"))
        assert code == 1
        assert re.search(r"cannot write .*t\.svg", err)

    @pytest.mark.parametrize("args", [("plot",), ("plot", "timeline"), ("plot", "trend")])
    def test_help_has_examples(self, args: tuple[str, ...]) -> None:
        code, out, _ = run(*args, "--help")
        assert code == 0
        assert "Example:" in out
        assert f"policytracker {' '.join(args)}" in out
