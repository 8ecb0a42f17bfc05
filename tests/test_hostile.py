"""Hostile and broken input: every bad file is refused with located problems, never a traceback.

The corpus lives in ``tests/hostile/<category>/NAME.yaml``, each case with ``NAME.expected``
beside it: one ``LINE:COL RULE`` per problem, empty for a file that must load unchanged
(``accepted/``). Inputs too big to commit (megabytes, 10,000 levels of nesting, a file past the
size limit) are generated here. These tests check *what* is reported; how fast and how lean the
refusals are is measured by ``benchmarks/hostile.py``.
"""

from __future__ import annotations

import errno
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import policytracker
from policytracker import DataError, Level, Limits, Problem
from policytracker._load import load_dataset
from policytracker.cli import cli
from tests.conftest import TODAY

CORPUS = Path(__file__).parent / "hostile"
CASES = sorted(CORPUS.glob("*/*.yaml"))
REFUSED = [p for p in CASES if p.parent.name != "accepted"]
ACCEPTED = [p for p in CASES if p.parent.name == "accepted"]
CATEGORIES = ("not-yaml", "broken-yaml", "meaning", "hostile", "invalid-data", "accepted")


def _case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _expected(path: Path) -> list[str]:
    return path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()


def _located(problems: tuple[Problem, ...] | list[Problem]) -> list[str]:
    return [f"{p.line}:{p.column} {p.rule}" for p in problems]


def _invoke(*args: str, stdin: bytes | None = None) -> Result:
    result = CliRunner().invoke(
        cli, list(args), input=stdin, env={"POLICYTRACKER_DATA": None}, catch_exceptions=False
    )
    for text in (result.stdout, result.stderr):
        assert "Traceback" not in text
        assert "internal error" not in text
    return result


def _cli_problems(path: Path) -> tuple[int, list[dict[str, Any]]]:
    """Exit code and problems of ``policytracker validate --format json PATH``."""
    result = _invoke("validate", "--format", "json", str(path))
    report = json.loads(result.stdout)
    assert report["valid"] is (result.exit_code == 0)
    return result.exit_code, report["problems"]


def _refused_by_cli(path: Path, rules: list[str]) -> None:
    """``validate`` and a query with ``--data`` both exit 1, naming the file and the rules."""
    code, problems = _cli_problems(path)
    assert code == 1
    assert [p["rule"] for p in problems] == rules
    assert all(p["file"] == str(path) for p in problems)
    result = _invoke("--data", str(path), "releases")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(str(path))
    assert "fix them and run 'policytracker validate'" in result.stderr


class TestCorpus:
    """Every case reports exactly the problems listed beside it, through the library and the CLI."""

    def test_every_category_has_cases(self) -> None:
        assert {p.parent.name for p in CASES} == set(CATEGORIES)
        assert all(p.with_suffix(".expected").is_file() for p in CASES)

    @pytest.mark.parametrize("path", CASES, ids=_case_id)
    def test_validate_reports_expected_problems(self, path: Path) -> None:
        problems = policytracker.validate(path, today=TODAY)
        assert _located(problems) == _expected(path)
        assert all(p.file == str(path) for p in problems)

    @pytest.mark.parametrize("path", REFUSED, ids=_case_id)
    def test_load_refuses_with_located_errors(self, path: Path) -> None:
        with pytest.raises(DataError) as info:
            policytracker.load(path, today=TODAY)
        problems = info.value.problems
        assert problems
        assert all(p.level is Level.ERROR for p in problems)
        assert all(p.line is not None and p.column is not None for p in problems)
        assert set(_located(problems)) <= set(_expected(path))
        assert all("\n" not in p.message and len(p.message) < 1000 for p in problems)

    @pytest.mark.parametrize("path", REFUSED, ids=_case_id)
    def test_validate_command_exits_1_with_the_problems(self, path: Path) -> None:
        code, problems = _cli_problems(path)
        assert code == 1
        assert [f"{p['line']}:{p['column']} {p['rule']}" for p in problems] == _expected(path)

    @pytest.mark.parametrize("path", REFUSED, ids=_case_id)
    def test_validate_from_stdin_exits_1_with_the_problems(self, path: Path) -> None:
        result = _invoke("validate", "--format", "json", "-", stdin=path.read_bytes())
        assert result.exit_code == 1
        problems = json.loads(result.stdout)["problems"]
        assert [f"{p['line']}:{p['column']} {p['rule']}" for p in problems] == _expected(path)
        assert {p["file"] for p in problems} == {"<stdin>"}

    @pytest.mark.parametrize("path", REFUSED, ids=_case_id)
    def test_query_with_data_exits_1_naming_file_and_line(self, path: Path) -> None:
        result = _invoke("--data", str(path), "releases")
        assert result.exit_code == 1
        assert result.stdout == ""
        errors = [p for p in policytracker.validate(path, today=TODAY) if p.level is Level.ERROR]
        for problem in errors:
            assert f"{path}:{problem.line}:{problem.column}: [error] " in result.stderr

    @pytest.mark.parametrize("path", ACCEPTED, ids=_case_id)
    def test_accepted_cases_load_and_answer_queries(self, path: Path) -> None:
        assert policytracker.load(path, today=TODAY).all_releases()
        assert _cli_problems(path)[0] == 0
        for query in (["releases"], ["shifts"], ["trend", "--by", "quarter"], ["stance", "acme"]):
            result = _invoke("--data", str(path), *query)
            assert (result.exit_code, result.stderr) == (0, "")


class TestNothingChangesMeaning:
    """Legal YAML that other tools read differently loads exactly as written."""

    def test_yaml11_traps_stay_text(self) -> None:
        catalog = policytracker.load(CORPUS / "accepted" / "yaml12-scalars.yaml", today=TODAY)
        vendor = catalog.vendor("acme")
        assert vendor.country == "NO"
        assert vendor.aliases == (
            "on",
            "off",
            "yes",
            "no",
            "y",
            "n",
            "1:20",
            "2024-01-05",
            "3.10.1",
            "1_000",
            "~a",
        )
        assert catalog.release("acme-1").name == "2024-01-05"

    def test_quoted_traps_stay_text(self) -> None:
        dataset = policytracker.load(CORPUS / "accepted" / "quoted-traps.yaml", today=TODAY).dataset
        assert dataset.dataset.version == "3.10"
        assert dataset.dataset.title == "!!python/object:os.system"

    def test_bom_crlf_and_markers_read_the_same_data(self) -> None:
        names = ("byte-order-mark", "crlf-line-ends", "directives-and-markers")
        datasets = [
            policytracker.load(CORPUS / "accepted" / f"{name}.yaml", today=TODAY).dataset
            for name in names
        ]
        assert datasets[0] == datasets[1] == datasets[2]

    def test_version_number_hint_says_how_to_quote(self) -> None:
        (problem,) = policytracker.validate(CORPUS / "meaning" / "version-3-10.yaml", today=TODAY)
        assert problem.message == (
            "expected text, got 3.10 (read as the number 3.1); quote it to keep it as written: "
            '"3.10"'
        )

    def test_tagged_boolean_is_refused_not_read_as_false(self) -> None:
        path = CORPUS / "meaning" / "yaml11-boolean-tagged.yaml"
        (problem,) = policytracker.validate(path, today=TODAY)
        assert (problem.rule, problem.path) == ("tag", "releases[0].gated")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _rules(path: Path) -> list[str]:
    return [p.rule for p in policytracker.validate(path, today=TODAY)]


class TestGeneratedHostileInput:
    """Inputs too big to commit are refused with the rule that names the reason."""

    @pytest.mark.parametrize(
        "text",
        [
            "note: " + "[" * 10_000 + "]" * 10_000 + "\n",
            "note: " + "{a: " * 10_000 + "x" + "}" * 10_000 + "\n",
            "- " * 10_000 + "x\n",
            "".join(" " * i + "a:\n" for i in range(1_500)) + " " * 1_500 + "a: x\n",
        ],
        ids=["flow-sequences", "flow-mappings", "block-sequences", "block-mappings"],
    )
    def test_deep_nesting(self, tmp_path: Path, text: str) -> None:
        path = _write(tmp_path / "deep.yaml", text)
        (problem,) = policytracker.validate(path, today=TODAY)
        assert problem.rule == "too-deep"
        assert problem.message == "nesting is deeper than 1000 levels; the format never needs it"
        _refused_by_cli(path, ["too-deep"])

    def test_huge_scalar(self, tmp_path: Path) -> None:
        path = _write(tmp_path / "scalar.yaml", "schema_version: 1\nnote: " + "x" * 2_000_000)
        assert _rules(path) == ["required", "scalar-too-long"]
        _refused_by_cli(path, ["required", "scalar-too-long"])

    def test_huge_key(self, tmp_path: Path) -> None:
        path = _write(tmp_path / "key.yaml", "schema_version: 1\n? " + "k" * 2_000_000 + "\n: 1\n")
        assert _rules(path) == ["required", "scalar-too-long"]

    def test_huge_tag_and_duplicate_key_are_quoted_short(self, tmp_path: Path) -> None:
        key = "k" * 500_000
        text = f"schema_version: 1\nnote: !{'x' * 1_000_000} 1\n? {key}\n: 1\n? {key}\n: 2\n"
        problems = policytracker.validate(_write(tmp_path / "tag.yaml", text), today=TODAY)
        assert [p.rule for p in problems] == ["required", "tag", "duplicate-key"]
        assert all(len(p.message) < 1000 and len(p.path) < 1000 for p in problems)

    def test_huge_number(self, tmp_path: Path) -> None:
        path = _write(tmp_path / "number.yaml", "schema_version: " + "7" * 1_000_000 + "\n")
        assert _rules(path) == ["required", "scalar-too-long"]

    def test_file_past_the_size_limit_is_not_read(self, tmp_path: Path) -> None:
        path = tmp_path / "huge.yaml"
        limit = Limits().max_bytes
        with path.open("wb") as handle:  # a sparse file: it takes no disk space
            handle.truncate(limit + 1)
        (problem,) = policytracker.validate(path, today=TODAY)
        assert (problem.rule, problem.line) == ("file-too-large", None)
        assert problem.message == f"file is {limit + 1:,} bytes; the limit is {limit:,}"
        _refused_by_cli(path, ["file-too-large"])

    def test_many_aliases_of_one_anchor(self, tmp_path: Path) -> None:
        path = _write(
            tmp_path / "aliases.yaml", "schema_version: 1\na: &a x\nb: [" + "*a, " * 200_000 + "]\n"
        )
        assert "alias" in _rules(path)

    def test_deep_alias_bomb(self, tmp_path: Path) -> None:
        levels = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 40))
        path = _write(tmp_path / "bomb.yaml", "l0: &l0 lol\n" + levels)
        assert _rules(path).count("alias") == 39

    def test_many_documents(self, tmp_path: Path) -> None:
        path = _write(tmp_path / "docs.yaml", "---\nschema_version: 1\n" * 100_000)
        (problem,) = policytracker.validate(path, today=TODAY)
        assert (problem.line, problem.rule) == (3, "multiple-documents")

    def test_many_unknown_keys_are_located_up_to_the_cap(self, tmp_path: Path) -> None:
        keys = "".join(f"k{i}: 1\n" for i in range(20_000))
        path = _write(tmp_path / "keys.yaml", 'schema_version: 1\ndataset: {version: "1"}\n' + keys)
        problems = policytracker.validate(path, today=TODAY)
        located = [p for p in problems if p.rule == "unknown-key"]
        assert len(located) == 1_000
        assert all(3 <= (p.line or 0) < 20_003 for p in located)
        assert [p.rule for p in problems if p.line is None] == ["too-many-problems"]

    def test_long_lineage_chain_and_ring(self, tmp_path: Path) -> None:
        # Each release descends from the next, so a depth-first walk goes 2,000 deep.
        base = (CORPUS / "accepted" / "directives-and-markers.yaml").read_text(encoding="utf-8")
        head = base[: base.index("releases:\n")] + "releases:\n"
        source = "{url: https://example.org/r, kind: vendor, publisher: Acme, date: 2024-01-05}"

        def releases(parent: Callable[[int], int | None]) -> str:
            out = [head]
            for i in range(2_000):
                up = parent(i)
                lineage = (
                    f", lineage: [{{relation: fine-tuned, parent: r{up}, confidence: confirmed, "
                    f"sources: [{source}]}}]"
                    if up is not None
                    else ""
                )
                out.append(
                    f"  - {{id: r{i}, name: R{i}, vendors: [acme], date: 2024-01-05, "
                    f"status: released, access: api, confidence: confirmed, sources: [{source}]"
                    f"{lineage}}}\n"
                )
            return "".join(out)

        path = _write(tmp_path / "chain.yaml", releases(lambda i: i + 1 if i < 1_999 else None))
        assert _rules(path) == []
        path = _write(tmp_path / "ring.yaml", releases(lambda i: (i + 1) % 2_000))
        (problem,) = policytracker.validate(path, today=TODAY)
        assert problem.rule == "lineage-cycle"
        assert len(problem.message) < 1000


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    """A valid data file in a fresh directory."""
    path = tmp_path / "models.yaml"
    path.write_bytes((CORPUS / "accepted" / "directives-and-markers.yaml").read_bytes())
    return path


@pytest.fixture
def opened_as(monkeypatch: pytest.MonkeyPatch, data_file: Path) -> Callable[[Any], None]:
    """Make opening ``data_file`` return given bytes or raise a given error (others open as usual).

    The library checks the path, then opens it; what a real file does between the two (grow,
    shrink, vanish, turn into a directory) is simulated at the open.
    """

    def install(outcome: Any) -> None:
        real_open = Path.open

        def fake_open(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self != data_file:
                return real_open(self, *args, **kwargs)
            if isinstance(outcome, BaseException):
                raise outcome
            return io.BytesIO(outcome)

        monkeypatch.setattr(Path, "open", fake_open)

    return install


def _refused_whole_file(path: Path, message: str) -> None:
    (problem,) = policytracker.validate(path, today=TODAY)
    assert (problem.file, problem.line, problem.message) == (str(path), None, message)
    with pytest.raises(DataError) as info:
        policytracker.load(path, today=TODAY)
    assert info.value.problems == (problem,)
    _refused_by_cli(path, [problem.rule])


class TestEnvironment:
    """A file that is missing, unreadable or changing is refused with the reason, never a trace."""

    def test_missing_file(self, tmp_path: Path) -> None:
        _refused_whole_file(tmp_path / "nope.yaml", "no such file; check the path")

    def test_dangling_symlink(self, tmp_path: Path) -> None:
        link = tmp_path / "link.yaml"
        link.symlink_to(tmp_path / "gone.yaml")
        _refused_whole_file(link, "no such file; check the path")

    def test_symlink_loop(self, tmp_path: Path) -> None:
        link = tmp_path / "loop.yaml"
        link.symlink_to(link)
        _refused_whole_file(link, "cannot be read: Too many levels of symbolic links")

    def test_directory(self, tmp_path: Path) -> None:
        _refused_whole_file(tmp_path, "is a directory; give the path of a YAML data file")

    @pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
    def test_permission_denied_for_real(self, data_file: Path) -> None:
        data_file.chmod(0)
        _refused_whole_file(data_file, "permission denied; check the file's permissions")

    def test_permission_denied(self, data_file: Path, opened_as: Callable[[Any], None]) -> None:
        opened_as(PermissionError(errno.EACCES, "Permission denied"))
        _refused_whole_file(data_file, "permission denied; check the file's permissions")

    def test_deleted_after_the_check(
        self, data_file: Path, opened_as: Callable[[Any], None]
    ) -> None:
        opened_as(FileNotFoundError(errno.ENOENT, "No such file or directory"))
        _refused_whole_file(data_file, "no such file; check the path")

    def test_replaced_by_a_directory_after_the_check(
        self, data_file: Path, opened_as: Callable[[Any], None]
    ) -> None:
        opened_as(IsADirectoryError(errno.EISDIR, "Is a directory"))
        _refused_whole_file(data_file, "is a directory; give the path of a YAML data file")

    def test_read_error(self, data_file: Path, opened_as: Callable[[Any], None]) -> None:
        opened_as(OSError(errno.EIO, "Input/output error"))
        _refused_whole_file(data_file, "cannot be read: Input/output error")

    def test_truncated_while_read(self, data_file: Path, opened_as: Callable[[Any], None]) -> None:
        # An editor or a checkout rewrote the file while it was read: half of it arrived.
        text = data_file.read_bytes()
        opened_as(text[: len(text) // 2])
        problems = policytracker.validate(data_file, today=TODAY)
        assert problems
        assert all(p.line is not None and p.level is Level.ERROR for p in problems)
        _refused_by_cli(data_file, [p.rule for p in problems])

    def test_grew_past_the_limit_while_read(
        self, data_file: Path, opened_as: Callable[[Any], None]
    ) -> None:
        opened_as(data_file.read_bytes() * 10)
        limit = data_file.stat().st_size + 1
        with pytest.raises(DataError) as info:
            load_dataset(data_file, today=TODAY, limits=Limits(max_bytes=limit))
        (problem,) = info.value.problems
        assert problem.rule == "file-too-large"
        assert problem.message == f"file grew past the {limit:,}-byte limit while read"
