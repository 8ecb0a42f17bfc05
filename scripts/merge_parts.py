"""Merge curated fragments into data/models.yaml.

Used when the dataset is curated in parallel, one fragment file per group of vendors (each in the
data format, holding only ``licenses``, ``vendors``, ``families``, ``releases``, ``statements``):
``python scripts/merge_parts.py FRAGMENT...`` adds their entries to the existing data file.
Licenses, vendors and families defined more than once are merged (sources united); a release or
statement id defined twice is an error; a family id that clashes with a vendor id is renamed
``<id>-family``. Then run ``policytracker fmt data/models.yaml`` and ``policytracker validate``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from policytracker._yaml import _Core12Resolver, dump_yaml

ROOT = Path(__file__).resolve().parents[1]
HEADER = """\
# yaml-language-server: $schema=../docs/schema/models.schema.json
# policytracker dataset: who released which AI models, how openly, and when.
# Format: docs/data-format.md. Data license: CC-BY-4.0 (see LICENSE-DATA).
# Check a change with `policytracker validate` and `policytracker fmt --check`.
"""


class _FragmentLoader(yaml.SafeLoader):
    yaml_implicit_resolvers = _Core12Resolver.yaml_implicit_resolvers


def _merge_sources(a: dict[str, Any], b: dict[str, Any]) -> None:
    urls = {s["url"] for s in a.get("sources", [])}
    a.setdefault("sources", []).extend(s for s in b.get("sources", []) if s["url"] not in urls)


def main(argv: list[str]) -> int:
    """Merge the fragments named on the command line into data/models.yaml."""
    paths = [ROOT / "data" / "models.yaml", *(Path(p) for p in argv)]
    merged: dict[str, dict[str, dict[str, Any]]] = {
        k: {} for k in ("licenses", "vendors", "families", "releases", "statements")
    }
    redirects: dict[str, str] = {}
    info: dict[str, Any] = {}
    for path in paths:
        # Fragments are our own curators' files (some written with anchors), read with YAML 1.2
        # resolution; the merged file is then checked by the strict validator.
        part = yaml.load(path.read_text(encoding="utf-8"), Loader=_FragmentLoader)  # noqa: S506
        assert isinstance(part, dict)
        redirects.update(part.get("redirects") or {})
        info = info or part.get("dataset") or {}
        for key, table in merged.items():
            for item in part.get(key) or []:
                old = table.get(item["id"])
                if old is None:
                    table[item["id"]] = item
                elif key in ("licenses", "families", "vendors"):
                    _merge_sources(old, item)
                    if key == "families":
                        old["vendors"] = sorted(set(old["vendors"]) | set(item["vendors"]))
                else:
                    print(f"{path}: duplicate {key} id {item['id']!r}", file=sys.stderr)
                    return 1
    clash = {f for f in merged["families"] if f in merged["vendors"]}
    renamed = {f: f"{f}-family" for f in clash}
    for fid, new in renamed.items():
        fam = merged["families"].pop(fid)
        fam["id"] = new
        merged["families"][new] = fam
    for rel in merged["releases"].values():
        for variant in rel.get("variants") or []:
            # Fragments sometimes give a variant a per-component mapping; variants take one id.
            if isinstance(variant.get("licenses"), dict):
                variant["license"] = variant.pop("licenses").get("weights")
        if rel.get("family") in renamed:
            rel["family"] = renamed[rel["family"]]
        for edge in rel.get("lineage") or []:
            if edge["parent"] in renamed:
                edge["parent"] = renamed[edge["parent"]]
    document = {
        "schema_version": 1,
        "dataset": info,
        "licenses": sorted(merged["licenses"].values(), key=lambda x: x["id"].lower()),
        "vendors": sorted(merged["vendors"].values(), key=lambda x: x["id"]),
        "families": sorted(merged["families"].values(), key=lambda x: x["id"]),
        "releases": sorted(
            merged["releases"].values(), key=lambda x: (x["vendors"][0], str(x["date"]), x["id"])
        ),
        "statements": sorted(
            merged["statements"].values(), key=lambda x: (x["vendor"], str(x["date"]), x["id"])
        ),
        "redirects": redirects,
    }
    (ROOT / "data" / "models.yaml").write_text(HEADER + dump_yaml(document), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
