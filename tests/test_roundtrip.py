"""Structure -> unstructure -> dump -> load is the identity."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policytracker
from policytracker._convert import make_converter
from policytracker._yaml import dump_yaml, parse_yaml
from policytracker.access import AccessLevel, Commercial, Confidence, SourceKind, Status
from policytracker.dates import DateSpan
from policytracker.model import (
    Claim,
    Dataset,
    DatasetInfo,
    License,
    LicenseCondition,
    Licensing,
    LineageEdge,
    Relation,
    Release,
    Signal,
    Source,
    Statement,
    StatementKind,
    Variant,
    Vendor,
    VendorKind,
)

CONVERTER = make_converter()

# Text that trips YAML tools: booleans of YAML 1.1, numbers, dates, comments, colons, unicode.
TRAPS = [
    "no",
    "NO",
    "yes",
    "on",
    "3.10",
    "0755",
    "1:20",
    "2025-04-05",
    "null",
    "~",
    "#x",
    ": a",
    "- b",
    "'q'",
    '"d"',
    "a\nb",
    " lead",
    "trail ",
    "Zürich",
    "北京",
    "",
    "*x",
    "&y",
    "!t",
]
text = st.one_of(
    st.sampled_from(TRAPS),
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029"),
        max_size=20,
    ),
)
slug = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
day = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2026, 11, 29))
label = st.one_of(
    day.map(lambda d: d.isoformat()),
    day.map(lambda d: f"{d.year}-{d.month:02d}"),
    day.map(lambda d: f"{d.year}-Q{(d.month - 1) // 3 + 1}"),
    day.map(lambda d: str(d.year)),
    st.sampled_from(["spring 2026", "late 2025", "2025-H2", "2025-12..2026-02"]),
)
span = label.map(DateSpan.parse)
source = st.builds(
    Source,
    url=slug.map(lambda s: f"https://example.org/{s}"),
    kind=st.sampled_from(SourceKind),
    publisher=text,
    date=span,
    title=st.none() | text,
    quote=st.none() | text,
    paywalled=st.booleans(),
)
sources = st.lists(source, min_size=1, max_size=2).map(tuple)
licensing = st.builds(Licensing, weights=st.none() | slug, code=st.none() | slug)
claim = st.builds(
    Claim,
    reported=span,
    confidence=st.sampled_from(Confidence),
    sources=sources,
    effective=st.none() | span,
    name=st.none() | text,
    status=st.none() | st.sampled_from(Status),
    access=st.none() | st.sampled_from(AccessLevel),
    flagship=st.none() | st.booleans(),
    licenses=st.none() | licensing,
    aliases=st.none() | st.lists(text, max_size=2).map(tuple),
    note=st.none() | text,
)
release = st.builds(
    Release,
    id=slug,
    name=text,
    vendors=st.lists(slug, min_size=1, max_size=2).map(tuple),
    date=span,
    status=st.sampled_from(Status),
    access=st.sampled_from(AccessLevel),
    confidence=st.sampled_from(Confidence),
    sources=sources,
    aliases=st.lists(text, max_size=2).map(tuple),
    flagship=st.booleans(),
    licenses=licensing,
    gated=st.booleans(),
    reported=st.none() | span,
    variants=st.lists(st.builds(Variant, name=text, parameters=st.none() | text), max_size=2).map(
        tuple
    ),
    lineage=st.lists(
        st.builds(
            LineageEdge,
            relation=st.sampled_from(Relation),
            parent=slug,
            confidence=st.sampled_from(Confidence),
            sources=sources,
            reported=st.none() | span,
        ),
        max_size=2,
    ).map(tuple),
    history=st.lists(claim, max_size=2).map(tuple),
    note=st.none() | text,
)
dataset = st.builds(
    Dataset,
    schema_version=st.just(1),
    dataset=st.builds(DatasetInfo, version=text),
    licenses=st.lists(
        st.builds(
            License,
            id=slug,
            name=text,
            open=st.booleans(),
            commercial=st.sampled_from(Commercial),
            conditions=st.lists(st.sampled_from(LicenseCondition), max_size=3).map(tuple),
            user_cap=st.none() | st.integers(0, 10**12),
            sources=sources,
        ),
        max_size=2,
    ).map(tuple),
    vendors=st.lists(
        st.builds(
            Vendor,
            id=slug,
            name=text,
            kind=st.sampled_from(VendorKind),
            sources=sources,
            country=st.none() | st.sampled_from(["US", "NO", "CN"]),
            aliases=st.lists(text, max_size=2).map(tuple),
        ),
        max_size=2,
    ).map(tuple),
    releases=st.lists(release, max_size=3).map(tuple),
    statements=st.lists(
        st.builds(
            Statement,
            id=slug,
            vendor=slug,
            date=span,
            kind=st.sampled_from(StatementKind),
            signal=st.sampled_from(Signal),
            summary=text,
            confidence=st.sampled_from(Confidence),
            sources=sources,
        ),
        max_size=2,
    ).map(tuple),
    redirects=st.dictionaries(slug, slug, max_size=2),
)


def _round_trip(data: Dataset) -> Dataset:
    text_ = dump_yaml(CONVERTER.unstructure(data))
    parsed, problems = parse_yaml(text_, "<dump>")
    assert problems == []
    return CONVERTER.structure(parsed.value, Dataset)


@given(dataset)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_datasets_round_trip(data: Dataset) -> None:
    assert _round_trip(data) == data


def test_bundled_dataset_round_trips() -> None:
    data = policytracker.load().dataset
    again = _round_trip(data)
    assert again == data
    assert policytracker.Catalog(again).shifts() == policytracker.load().shifts()
