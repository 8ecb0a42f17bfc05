"""Contributor tools: fmt, diff, schema and check-links."""

from __future__ import annotations

import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policytracker
from policytracker._yaml import parse_yaml
from policytracker.cli import cli
from policytracker.diff import diff_catalogs
from policytracker.fmt import atomic_write, format_text
from policytracker.links import check_links, citations
from policytracker.problems import DataError
from policytracker.schema import json_schema
from tests.conftest import DATA, SMALL

ROOT = Path(__file__).resolve().parents[1]
SMALL_TEXT = SMALL.read_text(encoding="utf-8")


def run(*args: str, data: Path | None = None) -> tuple[int, str, str]:
    env = {"POLICYTRACKER_DATA": str(data) if data else None}
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


class TestFmt:
    """Canonical form: stable, lossless, comment-keeping, atomic."""

    def test_idempotent_and_lossless(self) -> None:
        once = format_text(SMALL_TEXT)
        assert format_text(once) == once
        assert policytracker.loads(once).dataset.releases  # still valid
        before = policytracker.loads(SMALL_TEXT)
        after = policytracker.loads(once)
        assert sorted(before.dataset.releases, key=lambda r: r.id) == sorted(
            after.dataset.releases, key=lambda r: r.id
        )

    def test_keeps_comments(self) -> None:
        text = SMALL_TEXT.replace("  - id: acme-lm-2\n", "  # the second one\n  - id: acme-lm-2\n")
        text = text.replace("    flagship: true\n", "    flagship: true  # per the blog\n", 1)
        once = format_text(text)
        assert "# the second one" in once
        assert "flagship: true  # per the blog" in once
        assert "# A small, fictional dataset for tests." in once

    def test_canonical_order_and_quoting(self) -> None:
        once = format_text(SMALL_TEXT)
        assert once.index("id: acme-frontier") < once.index("id: birch-lm-1")
        assert "country: 'NO'" in once
        assert "commercial: 'yes'" in once
        assert "date: '2023-02-24'" in once

    def test_refuses_invalid(self) -> None:
        with pytest.raises(DataError):
            format_text((DATA / "invalid" / "references.yaml").read_text(encoding="utf-8"))

    def test_repository_data_is_canonical(self) -> None:
        text = (ROOT / "data" / "models.yaml").read_text(encoding="utf-8")
        assert format_text(text) == text, "run: policytracker fmt data/models.yaml"

    def test_check_and_write(self, tmp_path: Path) -> None:
        path = tmp_path / "d.yaml"
        path.write_text(SMALL_TEXT, encoding="utf-8")
        code, _, err = run("fmt", "--check", str(path))
        assert code == 1
        assert f"would reformat {path}" in err
        assert path.read_text(encoding="utf-8") == SMALL_TEXT
        assert run("fmt", str(path))[0] == 0
        assert run("fmt", "--check", str(path))[0] == 0

    def test_failed_write_leaves_original(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "d.yaml"
        path.write_text(SMALL_TEXT, encoding="utf-8")

        def boom(self: Path, target: Path) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(Path, "replace", boom)
        with pytest.raises(OSError, match="No space"):
            atomic_write(path, "new text")
        assert path.read_text(encoding="utf-8") == SMALL_TEXT
        assert [p.name for p in tmp_path.iterdir()] == ["d.yaml"]

    def test_failed_fsync_leaves_original(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "d.yaml"
        path.write_text(SMALL_TEXT, encoding="utf-8")

        def boom(fd: int) -> None:
            raise OSError(5, "I/O error")

        monkeypatch.setattr(os, "fsync", boom)
        with pytest.raises(OSError, match="I/O error"):
            atomic_write(path, "new text")
        assert path.read_text(encoding="utf-8") == SMALL_TEXT
        assert len(list(tmp_path.iterdir())) == 1


# Reordering whole entries and adding comments never changes what the file says.
@given(st.permutations(range(8)), st.lists(st.sampled_from(["# note", "# TODO check"]), max_size=3))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fmt_preserves_every_value(order: list[int], comments: list[str]) -> None:
    _parsed, _ = parse_yaml(SMALL_TEXT, "x")
    head, _, body = SMALL_TEXT.partition("releases:\n")
    body, _, tail = body.partition("statements:\n")
    chunks = ["  - id:" + c for c in body.split("  - id:")[1:]]
    shuffled = [chunks[i] for i in order]
    for i, comment in enumerate(comments):
        shuffled[i] = f"  {comment}\n" + shuffled[i]
    text = head + "releases:\n" + "".join(shuffled) + "statements:\n" + tail
    result = format_text(text)
    before = policytracker.loads(text).dataset
    after = policytracker.loads(result).dataset
    assert {r.id: r for r in after.releases} == {r.id: r for r in before.releases}
    assert format_text(result) == result
    assert all(c in result for c in comments)


class TestDiff:
    """diff reports entries field by field and the derived effects."""

    def test_effects(self, tmp_path: Path) -> None:
        old = tmp_path / "old.yaml"
        # Without Birch Max, Birch never turns mixed.
        start = SMALL_TEXT.index("  - id: birch-max")
        end = SMALL_TEXT.index("  - id: birch-lm-2")
        old.write_text(SMALL_TEXT[:start] + SMALL_TEXT[end:], encoding="utf-8")
        result = diff_catalogs(policytracker.load(old), policytracker.load(SMALL))
        assert [(e.kind, e.id, e.change) for e in result.entries] == [
            ("release", "birch-max", "added")
        ]
        assert [
            (s.vendor, s.date.label, s.from_value, s.to_value) for s in result.shifts_added
        ] == [("birch", "2025-01-28", "open", "mixed")]
        assert result.stances == (("birch", "open", "mixed"),)

    def test_field_changes_and_formats(self, tmp_path: Path) -> None:
        new = tmp_path / "new.yaml"
        new.write_text(
            SMALL_TEXT.replace("date: 2024-04-18\n    status", "date: 2024-04-19\n    status"),
            encoding="utf-8",
        )
        code, out, _ = run("diff", str(SMALL), str(new), "--format", "json")
        assert code == 0
        record = json.loads(out)
        assert record["entries"] == [
            {
                "kind": "release",
                "id": "acme-lm-3",
                "change": "changed",
                "fields": [{"path": "date", "old": "2024-04-18", "new": "2024-04-19"}],
            }
        ]
        code, out, _ = run("diff", str(SMALL), str(new), "--format", "markdown")
        assert "| release | `acme-lm-3` | changed | date: 2024-04-18 → 2024-04-19 |" in out

    def test_git_revision(self, tmp_path: Path) -> None:
        import subprocess

        repo = tmp_path / "repo"
        repo.mkdir()
        data = repo / "models.yaml"
        data.write_text(SMALL_TEXT, encoding="utf-8")
        git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
        subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
        subprocess.run([*git, "add", "."], cwd=repo, check=True)
        subprocess.run([*git, "commit", "-qm", "x"], cwd=repo, check=True)
        data.write_text(SMALL_TEXT.replace("name: Cedar 1", "name: Cedar One"), encoding="utf-8")
        code, out, _ = run("diff", "--git", "HEAD", str(data))
        assert code == 0
        assert "name: Cedar 1 → Cedar One" in out

    def test_unknown_revision_is_clean_error(self) -> None:
        code, _, err = run("diff", "--git", "no-such-rev", str(ROOT / "data" / "models.yaml"))
        assert code == 1
        assert "cannot read it at git revision 'no-such-rev'" in err


class TestSchema:
    """The schema is current, accepts our data and rejects what the validator rejects."""

    def test_committed_copy_is_current(self) -> None:
        committed = json.loads((ROOT / "docs" / "schema" / "models.schema.json").read_text())
        assert committed == json_schema()
        code, out, _ = run("schema")
        assert (code, json.loads(out)) == (0, committed)

    def test_accepts_repository_data(self) -> None:
        parsed, _ = parse_yaml((ROOT / "data" / "models.yaml").read_text(encoding="utf-8"), "x")
        jsonschema.Draft7Validator(json_schema()).validate(parsed.value)

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ("    access: api\n", "    access: kinda-open\n"),
            ("    gated: true\n", "    gated: true\n    licence: MIT\n"),
        ],
    )
    def test_rejects_unknown_fields_and_levels(self, old: str, new: str) -> None:
        parsed, _ = parse_yaml(SMALL_TEXT.replace(old, new, 1), "x")
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft7Validator(json_schema()).validate(parsed.value)

    def test_data_file_points_editors_at_it(self) -> None:
        first = (ROOT / "data" / "models.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/schema/models.schema.json"


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[tuple[str, str]]] = []

    def do_HEAD(self) -> None:
        self.hits.append(("HEAD", self.path))
        if self.path.startswith("/nohead"):
            self.send_response(405)
        elif self.path.startswith("/gone"):
            self.send_response(404)
        else:
            self.send_response(200)
        self.end_headers()

    def do_GET(self) -> None:
        self.hits.append(("GET", self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.hits = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class TestCheckLinks:
    """Dead links are found politely, against a local server only."""

    def test_statuses(self, server: str) -> None:
        sleeps: list[float] = []
        results = check_links(
            ["https://example.org/ok", "https://example.org/gone", "https://example.org/nohead"],
            rewrite=lambda u: server + "/" + u.rsplit("/", 1)[1],
            retries=1,
            rate=100,
            sleep=sleeps.append,
        )
        assert [(r.ok, r.status) for r in results] == [(True, 200), (False, 404), (True, 200)]
        assert ("GET", "/nohead") in _Handler.hits
        assert results[1].archive == "https://web.archive.org/web/2/https://example.org/gone"

    def test_unreachable_is_retried_then_dead(self) -> None:
        sleeps: list[float] = []
        (result,) = check_links(
            ["http://127.0.0.1:9/x"], retries=2, timeout=1, rate=1000, sleep=sleeps.append
        )
        assert (result.ok, result.attempts) == (False, 3)
        assert [s for s in sleeps if s >= 0.5] == [1.0, 2.0]  # backoff, beside tiny polite waits

    def test_polite_rate_per_host(self) -> None:
        clock = iter(float(i) / 10 for i in range(100))
        sleeps: list[float] = []
        check_links(
            ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"],
            retries=0,
            timeout=1,
            rate=0.5,
            sleep=sleeps.append,
            clock=lambda: next(clock),
        )
        assert sleeps
        assert max(sleeps) == pytest.approx(1.9)

    def test_citations_are_located(self) -> None:
        found = citations(SMALL_TEXT, "small.yaml")
        first = next(c for c in found if c.url == "https://example.org/lm1")
        assert (first.line, first.path) == (75, "releases[0].sources[0].url")

    def test_cli_reports_file_and_line(self, server: str, tmp_path: Path) -> None:
        path = tmp_path / "d.yaml"
        path.write_text(
            SMALL_TEXT.replace("https://example.org/lm1", "https://example.org/gone"),
            encoding="utf-8",
        )
        code, out, _ = run("check-links", str(path), "--mirror", server, "--rate", "1000")
        assert code == 1
        assert f"{path}:75:" in out
        assert "dead link (HTTP 404): https://example.org/gone" in out
