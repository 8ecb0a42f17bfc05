"""The bundled dataset ships inside the wheel and loads from it, and from an editable install."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import policytracker

ROOT = Path(__file__).resolve().parents[1]


def test_bundled_path_is_inside_the_package() -> None:
    path = policytracker.bundled_path()
    assert path.is_file()
    assert path.parent.parent.name == "policytracker"


def test_every_public_name_is_there_on_first_use() -> None:
    # Names are imported when first used (the command line hashes its data file meanwhile).
    functions = {"__version__", "load", "loads", "validate"}
    assert set(policytracker._HOME) == set(policytracker.__all__) - functions
    for name in policytracker.__all__:
        value = getattr(policytracker, name)
        if name not in functions:
            assert value.__name__ == name
            assert value.__module__ == policytracker._HOME[name]
    assert set(policytracker.__all__) <= set(dir(policytracker))
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        policytracker.Nope  # noqa: B018


def test_version_comes_from_metadata() -> None:
    from importlib.metadata import version

    assert policytracker.__version__ == version("policytracker")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (found,) = out.glob("policytracker-*.whl")
    return found


def test_wheel_contains_data_and_marker(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "policytracker/data/models.yaml" in names
    assert "policytracker/py.typed" in names
    assert "policytracker/website/templates/base.html" in names
    assert "policytracker/website/static/site.js" in names
    data = zipfile.ZipFile(wheel).read("policytracker/data/models.yaml")
    assert data == (ROOT / "data" / "models.yaml").read_bytes()


def test_wheel_loads_its_own_data(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = (
        "import policytracker, pathlib; c = policytracker.load(); "
        "print(pathlib.Path(policytracker.__file__).parent.parent, len(c.all_releases()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(tmp_path)},
        cwd=tmp_path,
    )
    where, count = result.stdout.split()
    assert Path(where) == tmp_path
    assert int(count) == len(policytracker.load().all_releases())
