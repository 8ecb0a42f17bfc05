"""The policytracker command, run with CliRunner against the small fixture."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from policytracker.cli._app import cli
from policytracker.cli.commands import export  # noqa: F401 (registers the commands)
from policytracker.cli.validate import github_annotation
from policytracker.problems import Problem
from tests.conftest import DATA, SMALL

COMMANDS = cli.list_commands(click.Context(cli))


def run(*args: str, data: Path | None = SMALL) -> tuple[int, str, str]:
    runner = CliRunner()
    env = {"POLICYTRACKER_DATA": str(data)} if data else {}
    result = runner.invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


class TestHelp:
    """Every command explains itself with an example."""

    @pytest.mark.parametrize("name", COMMANDS)
    def test_help_has_example(self, name: str) -> None:
        code, out, _ = run(name, "--help")
        assert code == 0
        assert "Example:" in out
        assert f"policytracker {name}" in out

    def test_group_help_lists_commands(self) -> None:
        code, out, _ = run("--help")
        assert code == 0
        for name in ("shifts", "validate", "releases", "stance", "trend"):
            assert name in out

    def test_command_modules_match_what_the_modules_define(self) -> None:
        # The group imports a command's module only when the command is looked up: the map it
        # uses must name every command, and the module that really defines it.
        import importlib

        from policytracker.cli._app import COMMAND_MODULES

        for module in set(COMMAND_MODULES.values()):
            importlib.import_module(module)
        assert sorted(cli.commands) == sorted(COMMAND_MODULES)
        for name, command in cli.commands.items():
            assert command.callback is not None
            assert command.callback.__module__ == COMMAND_MODULES[name], name

    def test_a_query_imports_only_its_command_module(self) -> None:
        code = (
            "import sys\n"
            "from policytracker.cli import cli\n"
            "cli(['vendors', '--format', 'csv'], standalone_mode=False)\n"
            "loaded = sorted(m for m in sys.modules if m.startswith('policytracker.cli.'))\n"
            "print(loaded, file=sys.stderr)\n"
        )
        env = {**os.environ, "POLICYTRACKER_DATA": str(SMALL)}
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
        )
        assert result.stdout.startswith("id,name,country"), result.stderr
        loaded = result.stderr.strip().splitlines()[-1]
        assert "policytracker.cli.commands" in loaded
        for other in ("contrib", "validate", "visual"):
            assert f"policytracker.cli.{other}" not in loaded

    def test_version_names_dataset(self) -> None:
        code, out, _ = run("--version")
        assert code == 0
        assert out.startswith("policytracker ")
        assert "dataset test.1 (schema 1, latest report 2026-04-08)" in out


class TestFormats:
    """Each query prints in every format, and json follows the documented contract."""

    QUERIES = (
        ("releases",),
        ("vendors",),
        ("licenses",),
        ("shifts",),
        ("trend", "--by", "quarter", "--group", "country"),
        ("timeline", "acme"),
        ("stance", "acme"),
        ("lineage", "birch-lm"),
        ("show", "acme-frontier"),
        ("show", "acme"),
        ("changes", "--since", "2025-01-01"),
    )

    @pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
    @pytest.mark.parametrize("query", QUERIES, ids=lambda q: "-".join(q))
    def test_every_format(self, query: tuple[str, ...], fmt: str) -> None:
        code, out, err = run(*query, "--format", fmt)
        assert (code, err) == (0, "")
        assert out.endswith("\n")
        if fmt == "json":
            json.loads(out)
        elif fmt == "csv":
            rows = list(csv.reader(io.StringIO(out)))
            assert len({len(r) for r in rows}) == 1
        elif fmt == "markdown":
            lines = out.splitlines()
            assert lines[0].startswith("| ")
            assert set(lines[1]) <= {"|", " ", "-"}
        else:
            assert max(len(line) for line in out.splitlines()) <= 100
            assert "\x1b[" not in out

    def test_releases_json_contract(self) -> None:
        _, out, _ = run("releases", "--vendor", "acme", "--format", "json")
        rows = json.loads(out)
        assert [r["id"] for r in rows] == ["acme-lm-1", "acme-lm-2", "acme-lm-3", "acme-frontier"]
        first = rows[0]
        assert {k: first[k] for k in ("vendor", "vendor_name", "date", "status", "access")} == {
            "vendor": "acme",
            "vendor_name": "Acme AI",
            "date": "2023-02-24",
            "status": "released",
            "access": "open-weights-noncommercial",
        }
        assert (first["open"], first["license"], first["confidence"]) == (
            True,
            "LicenseRef-Research-Only",
            "confirmed",
        )
        assert first["sources"][0] == {
            "url": "https://example.org/lm1",
            "publisher": "Acme",
            "date": "2023-02-24",
            "kind": "vendor",
            "title": None,
        }
        assert rows[3]["aliases"] == ["Walnut"]
        assert rows[3]["date"] == "spring 2026"

    def test_shifts_json_contract(self) -> None:
        _, out, _ = run("shifts", "--vendor", "acme", "--scope", "stance", "--format", "json")
        rows = json.loads(out)
        assert [(r["date"], r["from"], r["to"], r["direction"], r["basis"]) for r in rows] == [
            ("2025-12-09", "open", "mixed", "closing", "signalled"),
            ("2026-04-08", "open", "mixed", "closing", "realized"),
        ]
        assert rows[0]["marked_by"] == ["acme-frontier"]
        assert rows[0]["sources"][0]["publisher"] == "Daily"

    def test_stance_json_says_which_dates(self) -> None:
        _, out, _ = run("stance", "acme", "--at", "2026-01-01", "--as-of", "2025-12-20", "-f")
        assert out == ""  # -f is not an option: see the usage test below

    def test_stance_json(self) -> None:
        _, out, _ = run(
            "stance", "acme", "--at", "2026-01-01", "--as-of", "2025-12-20", "--format", "json"
        )
        record = json.loads(out)
        assert (record["vendor"], record["at"], record["as_of"], record["stance"]) == (
            "acme",
            "2026-01-01",
            "2025-12-20",
            "open",
        )
        assert record["reasons"][0].startswith("1 released item(s) in the window")

    def test_trend_json(self) -> None:
        _, out, _ = run("trend", "--format", "json")
        rows = json.loads(out)
        assert rows[0] == {"period": "2023", "open": 3, "closed": 0, "total": 3, "open_share": 1.0}

    def test_lineage_json(self) -> None:
        _, out, _ = run("lineage", "birch-lm-2", "--format", "json")
        record = json.loads(out)
        assert record["ancestors"][0]["id"] == "birch-lm-1"
        assert record["ancestors"][0]["relation"] == "fine-tuned"

    def test_timeline_is_chronological(self) -> None:
        _, out, _ = run("timeline", "acme", "--format", "json")
        rows = json.loads(out)
        assert [r["kind"] for r in rows][:2] == ["release", "release"]
        assert rows[-1]["kind"] == "change"

    def test_no_color_even_on_request(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from policytracker.cli import _app

        monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
        monkeypatch.setenv("NO_COLOR", "1")
        assert not _app.color_enabled()


class TestExport:
    """Exports keep every fact."""

    def test_whole_dataset(self) -> None:
        _, out, _ = run("export")
        record = json.loads(out)
        assert record["dataset_version"] == "test.1"
        assert record["latest_report"] == "2026-04-08"
        assert len(record["releases"]) == 8

    @pytest.mark.parametrize(
        "table", ["releases", "history", "statements", "shifts", "lineage", "licenses"]
    )
    def test_tables(self, table: str) -> None:
        code, out, _ = run("export", "--table", table, "--format", "jsonl")
        assert code == 0
        rows = [json.loads(line) for line in out.splitlines()]
        assert rows

    def test_history_rows(self) -> None:
        _, out, _ = run("export", "--table", "history")
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(r["release"], r["reported"]) for r in rows] == [
            ("cedar-1", "2023-05-31"),
            ("acme-frontier", "2025-12-10"),
            ("acme-frontier", "2026-04-08"),
        ]


class TestErrors:
    """Errors are clean messages with the documented exit codes."""

    def test_unknown_id(self) -> None:
        code, _, err = run("show", "acme-frontie")
        assert code == 1
        assert err == "Error: no release with id 'acme-frontie'; did you mean acme-frontier?\n"

    def test_bad_date_is_usage_error(self) -> None:
        code, _, err = run("releases", "--since", "2025-13-01")
        assert code == 2
        assert "Invalid value for '--since'" in err

    def test_invalid_data(self) -> None:
        code, _, err = run("shifts", data=DATA / "invalid" / "references.yaml")
        assert code == 1
        assert "references.yaml:13:15: [error] vendor 'acmee' is not defined" in err
        assert "Traceback" not in err

    @pytest.mark.parametrize("name", ["missing.yaml", ""])
    def test_missing_file_or_directory(self, tmp_path: Path, name: str) -> None:
        code, _, err = run("vendors", data=tmp_path / name if name else tmp_path)
        assert code == 1
        assert err.startswith(str(tmp_path))
        assert "Traceback" not in err


class TestValidate:
    """validate speaks text, json and GitHub annotations."""

    def test_valid(self) -> None:
        code, out, _ = run("validate", str(DATA / "valid" / "yaml12.yaml"))
        assert code == 0
        assert out.endswith("valid (0 error(s), 0 warning(s))\n")

    def test_strict_fails_on_warnings(self) -> None:
        assert run("validate", str(SMALL))[0] == 0
        assert run("validate", "--strict", str(SMALL))[0] == 1

    def test_json(self) -> None:
        code, out, _ = run("validate", "--format", "json", str(DATA / "invalid" / "tabs.yaml"))
        assert code == 1
        record = json.loads(out)
        assert record["valid"] is False
        assert record["problems"][0]["line"] == 3
        assert set(record["problems"][0]) == {
            "file",
            "line",
            "column",
            "path",
            "level",
            "message",
            "rule",
        }

    def test_github(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        summary = tmp_path / "summary.md"
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
        code, out, _ = run("validate", "--format", "github", str(DATA / "invalid" / "tabs.yaml"))
        assert code == 1
        assert out.startswith("::error file=")
        assert ",line=3,col=1,title=policytracker syntax::" in out
        assert "| 3 | 1 | error | syntax |" in summary.read_text(encoding="utf-8")

    def test_stdin(self) -> None:
        runner = CliRunner()
        text = (DATA / "invalid" / "duplicate-key.yaml").read_bytes()
        result = runner.invoke(cli, ["validate", "-"], input=text)
        assert result.exit_code == 1
        assert result.stdout.startswith("<stdin>:7:5: [error] duplicate key 'country'")

    def test_annotation_escaping(self) -> None:
        problem = Problem("a,b:c.yaml", 1, 2, "x", "50% bad\nline", "rule")
        assert github_annotation(problem) == (
            "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=policytracker rule::50%25 bad%0Aline"
            " at x"
        )


def test_usage_error_for_unknown_option() -> None:
    code, _, err = run("stance", "acme", "-f")
    assert code == 2
    assert "No such option" in err


def test_installed_entry_point() -> None:
    # The console script installed beside this interpreter (the README's install puts it there).
    exe = shutil.which("policytracker", path=str(Path(sys.executable).parent))
    assert exe is not None, "install the project first: pip install -e '.[test]'"
    env = {**os.environ, "POLICYTRACKER_DATA": str(SMALL), "NO_COLOR": "1"}
    result = subprocess.run(
        [exe, "shifts", "--format", "json"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 5


class TestProcessExit:
    """The executable ends without tearing the interpreter down: same output, same codes."""

    def _run(self, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        exe = shutil.which("policytracker", path=str(Path(sys.executable).parent))
        assert exe is not None, "install the project first: pip install -e '.[test]'"
        env = {**os.environ, "POLICYTRACKER_DATA": str(SMALL), "NO_COLOR": "1"}
        return subprocess.run(
            [exe, *args], capture_output=True, text=True, env=env, check=False, **kwargs
        )

    @pytest.mark.parametrize(
        ("args", "status"),
        [(("releases",), 0), (("stance", "nosuch"), 1), (("--bogus",), 2), (("--version",), 0)],
    )
    def test_status_and_whole_output(self, args: tuple[str, ...], status: int) -> None:
        result = self._run(*args)
        assert result.returncode == status, result.stderr
        expected = CliRunner().invoke(
            cli, list(args), env={"POLICYTRACKER_DATA": str(SMALL)}, prog_name="policytracker"
        )
        assert result.stdout == expected.stdout
        assert "Traceback" not in result.stderr

    def test_reader_going_away(self) -> None:
        # `policytracker export | head -c 10`: no traceback, no complaint. The bundled data's
        # export (about 700 kB) is more than a pipe holds, so the writer meets the closed pipe.
        exe = shutil.which("policytracker", path=str(Path(sys.executable).parent))
        assert exe is not None
        env = {k: v for k, v in os.environ.items() if k != "POLICYTRACKER_DATA"}
        with subprocess.Popen(
            [exe, "export", "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        ) as proc:
            assert proc.stdout is not None
            assert proc.stderr is not None
            proc.stdout.read(10)
            proc.stdout.close()
            err = proc.stderr.read().decode()
            proc.wait(timeout=60)
        assert "Traceback" not in err
        assert "Exception ignored" not in err

    def test_exit_status_of_sys_exit_codes(self) -> None:
        from policytracker.cli._app import _exit_status

        assert _exit_status(None) == 0
        assert _exit_status(3) == 3
        assert _exit_status("bye") == 1


def test_python_dash_m() -> None:
    env = {**os.environ, "POLICYTRACKER_DATA": str(SMALL)}
    result = subprocess.run(
        [sys.executable, "-m", "policytracker", "vendors", "--format", "csv"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("id,name,country")


def test_click_is_not_imported_by_the_library() -> None:
    code = "import sys; from policytracker import *; load; print('click' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
    assert click  # the CLI itself does use it


class TestHashAhead:
    """A query starts hashing its data file before it imports the library's modules."""

    @pytest.fixture
    def started(self, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        from policytracker import _cache_key

        calls: list[str] = []
        real = _cache_key.hash_ahead

        def recording(file: str) -> None:
            calls.append(file)
            real(file)

        monkeypatch.setattr(_cache_key, "hash_ahead", recording)
        return calls

    def test_a_query_hashes_the_file_it_reads(self, started: list[str]) -> None:
        assert run("vendors")[0] == 0
        assert started == [str(SMALL)]

    def test_the_bundled_file_by_default(self, started: list[str]) -> None:
        from policytracker._places import bundled_path

        assert run("vendors", data=None)[0] == 0
        assert started == [str(bundled_path())]

    def test_not_without_a_cache(self, started: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("POLICYTRACKER_NO_CACHE", "1")
        assert run("vendors")[0] == 0
        assert started == []

    @pytest.mark.parametrize("args", [("validate", str(SMALL)), ("schema",), ("--help",)])
    def test_not_for_what_reads_no_catalog(self, started: list[str], args: tuple[str]) -> None:
        assert run(*args)[0] == 0
        assert started == []

    def test_a_hash_left_by_a_failed_command_serves_no_later_one(self, tmp_path: Path) -> None:
        from policytracker import _cache_key

        path = tmp_path / "data.yaml"
        path.write_bytes(SMALL.read_bytes())
        # Fails on its option after the group has started hashing the file.
        assert run("shifts", "--since", "2025-13-01", data=path)[0] == 2
        assert _cache_key._ahead == {}
        path.write_text(
            path.read_text(encoding="utf-8").replace("name: Acme AI\n", "name: Acme Renamed\n"),
            encoding="utf-8",
        )
        code, out, _ = run("vendors", "--format", "csv", data=path)
        assert code == 0
        assert "Acme Renamed" in out

    def test_the_command_line_imports_no_model_before_it_hashes(self) -> None:
        code = (
            "import sys\n"
            "from policytracker.cli import cli\n"
            "print(sorted(m for m in ('attrs', 'policytracker.model', 'policytracker.catalog')"
            " if m in sys.modules))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "[]"
