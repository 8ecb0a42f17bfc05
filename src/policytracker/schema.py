"""A JSON Schema (draft-07) of the data file, generated from the model.

Editors that speak the YAML language server complete and flag fields from it (the data file's
first line points at the committed copy, ``docs/schema/models.schema.json``). The schema checks
shapes, names and vocabularies; the validator adds what a schema cannot say (references, cycles,
dates in the future, license traits that agree with access levels).
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

import attrs

from policytracker.dates import DateSpan
from policytracker.model import Dataset

__all__ = ["SCHEMA_ID", "json_schema"]

SCHEMA_ID = "https://policytracker.invalid/schema/models.schema.json"

_SEASON = r"([Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ee]arly|[Mm]id|[Ll]ate) \d{4}"
_ONE_DATE = r"(\d{4}(-(\d{2}(-\d{2})?|Q[1-4]|H[12]))?|" + _SEASON + ")"
_DATE_PATTERN = "^" + _ONE_DATE + r"(\.\." + _ONE_DATE + ")?$"


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = (
            _type_schema(args[0], defs)
            if len(args) == 1
            else {"anyOf": [_type_schema(a, defs) for a in args]}
        )
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], defs)}
    if origin is dict:
        return {
            "type": "object",
            "additionalProperties": _type_schema(typing.get_args(tp)[1], defs),
        }
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is DateSpan:
        return {"$ref": "#/definitions/DateSpan"}
    if tp is dt.date:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        defs.setdefault(tp.__name__, {"type": "string", "enum": [m.value for m in tp]})
        return {"$ref": f"#/definitions/{tp.__name__}"}
    if attrs.has(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # placeholder against recursion
            defs[tp.__name__] = _class_schema(tp, defs)
        return {"$ref": f"#/definitions/{tp.__name__}"}
    msg = f"no schema for {tp!r}"
    raise TypeError(msg)


def _class_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties = {}
    required = []
    for field in attrs.fields(cls):
        schema = _type_schema(hints[field.name], defs)
        if field.name == "id" and cls.__name__ != "License":
            schema = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9.-]*$"}
        properties[field.name] = schema
        if field.default is attrs.NOTHING:
            required.append(field.name)
    doc = (cls.__doc__ or "").strip().splitlines()
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if doc:
        out["description"] = doc[0]
    if required:
        out["required"] = required
    return out


def json_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of a data file."""
    defs: dict[str, Any] = {
        "DateSpan": {
            "description": "A date at its real precision: 2025-04-05, 2025-04, 2025-Q2, 2025-H1, "
            "2025, 'spring 2025', 'late 2025', or a range A..B.",
            "anyOf": [
                {"type": "string", "pattern": _DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
        }
    }
    root = _class_schema(Dataset, defs)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "policytracker data file (data/models.yaml)",
        **root,
        "definitions": dict(sorted(defs.items())),
    }
