"""Loading: strict YAML, located problems, one exception type."""

from __future__ import annotations

from pathlib import Path

import pytest

import policytracker
from policytracker import DataError, Level
from tests.conftest import DATA, TODAY

INVALID = sorted((DATA / "invalid").glob("*.yaml"))


def _expected(path: Path) -> list[str]:
    return path.with_suffix(".expected").read_text(encoding="utf-8").split()


class TestInvalidFixtures:
    """Each invalid fixture reports exactly the problems listed beside it."""

    @pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
    def test_expected_problems(self, path: Path) -> None:
        problems = policytracker.validate(path, today=TODAY)
        got = []
        for p in problems:
            got += [f"{p.line}:{p.column}", p.rule]
        assert got == _expected(path)
        assert all(p.file == str(path) for p in problems)

    @pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
    def test_load_raises_data_error_with_errors(self, path: Path) -> None:
        with pytest.raises(DataError) as info:
            policytracker.load(path, today=TODAY)
        assert info.value.problems
        assert all(p.level is Level.ERROR for p in info.value.problems)


class TestYaml12:
    """Values read the way editors and JSON-Schema tools read them."""

    def test_norway_and_on_stay_text(self) -> None:
        catalog = policytracker.load(DATA / "valid" / "yaml12.yaml", today=TODAY)
        vendor = catalog.vendor("cedar")
        assert vendor.country == "NO"
        assert vendor.aliases == ("on", "off", "yes", "1:20")

    def test_version_number_gets_quote_hint(self) -> None:
        problems = policytracker.validate(DATA / "invalid" / "yaml11-traps.yaml", today=TODAY)
        expected = (
            "expected text, got 3.10 (read as the number 3.1); quote it to keep it as written: "
            '"3.10"'
        )
        assert [p.message for p in problems] == [expected]

    def test_byte_order_mark_is_accepted(self, tmp_path: Path) -> None:
        text = (DATA / "valid" / "yaml12.yaml").read_bytes()
        path = tmp_path / "bom.yaml"
        path.write_bytes(b"\xef\xbb\xbf" + text)
        assert policytracker.load(path, today=TODAY).vendor("cedar").name == "Cedar"

    def test_utf16_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "utf16.yaml"
        path.write_bytes("schema_version: 1\n".encode("utf-16"))
        (problem,) = policytracker.validate(path)
        assert (problem.rule, problem.message) == (
            "encoding",
            "the file is UTF-16; save it as UTF-8",
        )


class TestEnvironment:
    """File-level failures become problems naming the file, never tracebacks."""

    def test_missing_file(self, tmp_path: Path) -> None:
        path = tmp_path / "nope.yaml"
        with pytest.raises(DataError) as info:
            policytracker.load(path)
        assert str(info.value) == f"{path}: [error] no such file; check the path (file)"

    def test_directory(self, tmp_path: Path) -> None:
        (problem,) = policytracker.validate(tmp_path)
        assert problem.message == "is a directory; give the path of a YAML data file"

    def test_permission_denied(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        # Root reads every file, so the denial is simulated where the library opens it.
        path = tmp_path / "locked.yaml"
        path.write_text("schema_version: 1\n", encoding="utf-8")

        def deny(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(Path, "open", deny)
        (problem,) = policytracker.validate(path)
        assert problem.message == "permission denied; check the file's permissions"

    def test_size_limit(self, tmp_path: Path) -> None:
        path = tmp_path / "big.yaml"
        path.write_text("a: " + "x" * 100 + "\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            policytracker._load.load_dataset(path, limits=policytracker.Limits(max_bytes=50))
        assert info.value.problems[0].rule == "file-too-large"


class TestBundled:
    """The dataset shipped in the package loads and validates."""

    def test_loads(self, bundled: policytracker.Catalog) -> None:
        assert bundled.all_releases()
        assert Path(bundled.file).name == "models.yaml"

    def test_no_errors(self) -> None:
        problems = policytracker.validate()
        assert [str(p) for p in problems if p.level is Level.ERROR] == []


class TestProblemCap:
    """A flood of problems is cut at the limit, with one line saying so."""

    def test_duplicate_key_flood(self) -> None:
        text = "schema_version: 1\n" + "a: 1\n" * 3000
        problems = policytracker._load.validate_text(text, "f.yaml")
        rules = [p.rule for p in problems]
        assert rules.count("duplicate-key") == 1000
        assert rules.count("too-many-problems") == 1
        (last,) = [p for p in problems if p.rule == "too-many-problems"]
        assert last.message.startswith("more than 1,000 problems")

    def test_unknown_key_flood(self) -> None:
        keys = "".join(f"k{i}: 1\n" for i in range(2500))
        text = 'schema_version: 1\ndataset: {version: "1"}\n' + keys
        problems = policytracker._load.validate_text(text, "f.yaml")
        assert len(problems) == 1001
        assert {p.rule for p in problems} == {"unknown-key", "too-many-problems"}
