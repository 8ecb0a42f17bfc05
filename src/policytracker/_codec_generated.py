"""The cache codec, generated from the model by ``python scripts/gen_docs.py``.

Do not edit: regenerate it after changing the model (a test checks it is current;
until then the cache generates the same code at run time).
"""

import datetime as _dt

from policytracker.access import AccessLevel as _T_policytracker_access_AccessLevel
from policytracker.access import Commercial as _T_policytracker_access_Commercial
from policytracker.access import Confidence as _T_policytracker_access_Confidence
from policytracker.access import SourceKind as _T_policytracker_access_SourceKind
from policytracker.access import Status as _T_policytracker_access_Status
from policytracker.dates import DateSpan as _C_policytracker_dates_DateSpan
from policytracker.dates import Precision as _T_policytracker_dates_Precision
from policytracker.model import Claim as _C_policytracker_model_Claim
from policytracker.model import Dataset as _C_policytracker_model_Dataset
from policytracker.model import DatasetInfo as _C_policytracker_model_DatasetInfo
from policytracker.model import Family as _C_policytracker_model_Family
from policytracker.model import License as _C_policytracker_model_License
from policytracker.model import LicenseCondition as _T_policytracker_model_LicenseCondition
from policytracker.model import Licensing as _C_policytracker_model_Licensing
from policytracker.model import LineageEdge as _C_policytracker_model_LineageEdge
from policytracker.model import Parent as _C_policytracker_model_Parent
from policytracker.model import Relation as _T_policytracker_model_Relation
from policytracker.model import Release as _C_policytracker_model_Release
from policytracker.model import Signal as _T_policytracker_model_Signal
from policytracker.model import Source as _C_policytracker_model_Source
from policytracker.model import Statement as _C_policytracker_model_Statement
from policytracker.model import StatementKind as _T_policytracker_model_StatementKind
from policytracker.model import Variant as _C_policytracker_model_Variant
from policytracker.model import Vendor as _C_policytracker_model_Vendor
from policytracker.model import VendorKind as _T_policytracker_model_VendorKind
from policytracker.model import VendorName as _C_policytracker_model_VendorName

FINGERPRINT = 'e389f1fe6f804974'
SIGNATURE = 'b161e8d0bfbfda4e'
ROOT = 'policytracker_model_Dataset'
CLASSES = (_C_policytracker_model_Dataset, _C_policytracker_model_DatasetInfo, _C_policytracker_model_License, _C_policytracker_model_Source, _C_policytracker_dates_DateSpan, _C_policytracker_model_Vendor, _C_policytracker_model_VendorName, _C_policytracker_model_Parent, _C_policytracker_model_Family, _C_policytracker_model_Release, _C_policytracker_model_Licensing, _C_policytracker_model_Variant, _C_policytracker_model_LineageEdge, _C_policytracker_model_Claim, _C_policytracker_model_Statement,)
ENUMS = (_T_policytracker_access_SourceKind, _T_policytracker_dates_Precision, _T_policytracker_access_Commercial, _T_policytracker_model_LicenseCondition, _T_policytracker_model_VendorKind, _T_policytracker_access_AccessLevel, _T_policytracker_model_Relation, _T_policytracker_access_Confidence, _T_policytracker_access_Status, _T_policytracker_model_StatementKind, _T_policytracker_model_Signal,)

_day = _dt.date.fromisoformat
# Equal labels make equal, immutable spans: one object serves them all.
_S = {}


_day_of = _dt.date.fromordinal


def _span(v):
    found = _S[v[0]] = _C_policytracker_dates_DateSpan(
        _day_of(v[1]),
        _day_of(v[2]),
        v[0],
        _E_policytracker_dates_Precision[v[3]],
    )
    return found


_E_policytracker_access_SourceKind = {m.value: m for m in _T_policytracker_access_SourceKind}
_E_policytracker_dates_Precision = {m.value: m for m in _T_policytracker_dates_Precision}
_E_policytracker_access_Commercial = {m.value: m for m in _T_policytracker_access_Commercial}
_E_policytracker_model_LicenseCondition = {m.value: m for m in _T_policytracker_model_LicenseCondition}
_E_policytracker_model_VendorKind = {m.value: m for m in _T_policytracker_model_VendorKind}
_E_policytracker_access_AccessLevel = {m.value: m for m in _T_policytracker_access_AccessLevel}
_E_policytracker_model_Relation = {m.value: m for m in _T_policytracker_model_Relation}
_E_policytracker_access_Confidence = {m.value: m for m in _T_policytracker_access_Confidence}
_E_policytracker_access_Status = {m.value: m for m in _T_policytracker_access_Status}
_E_policytracker_model_StatementKind = {m.value: m for m in _T_policytracker_model_StatementKind}
_E_policytracker_model_Signal = {m.value: m for m in _T_policytracker_model_Signal}


def _enc_policytracker_model_DatasetInfo(o):
    return [o.version, o.title, o.license, o.description]
def _dec_policytracker_model_DatasetInfo(v):
    return _C_policytracker_model_DatasetInfo(v[0], v[1], v[2], v[3])
def _enc_policytracker_model_Source(o):
    return [o.url, o.kind.value, o.publisher, [o.date.label, o.date.start.toordinal(), o.date.end.toordinal(), o.date.precision.value], o.title, o.quote, o.archive_url, (None if o.accessed is None else o.accessed.isoformat()), o.paywalled]
def _dec_policytracker_model_Source(v):
    return _C_policytracker_model_Source(v[0], _E_policytracker_access_SourceKind[v[1]], v[2], (_S.get(v[3][0]) or _span(v[3])), v[4], v[5], v[6], (None if v[7] is None else _day(v[7])), v[8])
def _enc_policytracker_model_License(o):
    return [o.id, o.name, o.url, o.osi_approved, o.open, o.commercial.value, [_0.value for _0 in o.conditions], o.user_cap, o.supersedes, [_enc_policytracker_model_Source(_0) for _0 in o.sources], o.note]
def _dec_policytracker_model_License(v):
    return _C_policytracker_model_License(v[0], v[1], v[2], v[3], v[4], _E_policytracker_access_Commercial[v[5]], tuple([_E_policytracker_model_LicenseCondition[_0] for _0 in v[6]]), v[7], v[8], tuple([_C_policytracker_model_Source(_0[0], _E_policytracker_access_SourceKind[_0[1]], _0[2], (_S.get(_0[3][0]) or _span(_0[3])), _0[4], _0[5], _0[6], (None if _0[7] is None else _day(_0[7])), _0[8]) for _0 in v[9]]), v[10])
def _enc_policytracker_model_VendorName(o):
    return [o.name, (None if o.since is None else [o.since.label, o.since.start.toordinal(), o.since.end.toordinal(), o.since.precision.value]), (None if o.until is None else [o.until.label, o.until.start.toordinal(), o.until.end.toordinal(), o.until.precision.value]), [_enc_policytracker_model_Source(_0) for _0 in o.sources]]
def _dec_policytracker_model_VendorName(v):
    return _C_policytracker_model_VendorName(v[0], (None if v[1] is None else (_S.get(v[1][0]) or _span(v[1]))), (None if v[2] is None else (_S.get(v[2][0]) or _span(v[2]))), tuple([_C_policytracker_model_Source(_0[0], _E_policytracker_access_SourceKind[_0[1]], _0[2], (_S.get(_0[3][0]) or _span(_0[3])), _0[4], _0[5], _0[6], (None if _0[7] is None else _day(_0[7])), _0[8]) for _0 in v[3]]))
def _enc_policytracker_model_Parent(o):
    return [o.vendor, (None if o.since is None else [o.since.label, o.since.start.toordinal(), o.since.end.toordinal(), o.since.precision.value]), (None if o.until is None else [o.until.label, o.until.start.toordinal(), o.until.end.toordinal(), o.until.precision.value]), [_enc_policytracker_model_Source(_0) for _0 in o.sources]]
def _dec_policytracker_model_Parent(v):
    return _C_policytracker_model_Parent(v[0], (None if v[1] is None else (_S.get(v[1][0]) or _span(v[1]))), (None if v[2] is None else (_S.get(v[2][0]) or _span(v[2]))), tuple([_C_policytracker_model_Source(_0[0], _E_policytracker_access_SourceKind[_0[1]], _0[2], (_S.get(_0[3][0]) or _span(_0[3])), _0[4], _0[5], _0[6], (None if _0[7] is None else _day(_0[7])), _0[8]) for _0 in v[3]]))
def _enc_policytracker_model_Vendor(o):
    return [o.id, o.name, o.kind.value, [_enc_policytracker_model_Source(_0) for _0 in o.sources], o.country, o.website, list(o.aliases), [_enc_policytracker_model_VendorName(_0) for _0 in o.names], [_enc_policytracker_model_Parent(_0) for _0 in o.parents], o.note]
def _dec_policytracker_model_Vendor(v):
    return _C_policytracker_model_Vendor(v[0], v[1], _E_policytracker_model_VendorKind[v[2]], tuple([_C_policytracker_model_Source(_0[0], _E_policytracker_access_SourceKind[_0[1]], _0[2], (_S.get(_0[3][0]) or _span(_0[3])), _0[4], _0[5], _0[6], (None if _0[7] is None else _day(_0[7])), _0[8]) for _0 in v[3]]), v[4], v[5], tuple(v[6]), tuple([_C_policytracker_model_VendorName(_0[0], (None if _0[1] is None else (_S.get(_0[1][0]) or _span(_0[1]))), (None if _0[2] is None else (_S.get(_0[2][0]) or _span(_0[2]))), tuple([_C_policytracker_model_Source(_1[0], _E_policytracker_access_SourceKind[_1[1]], _1[2], (_S.get(_1[3][0]) or _span(_1[3])), _1[4], _1[5], _1[6], (None if _1[7] is None else _day(_1[7])), _1[8]) for _1 in _0[3]])) for _0 in v[7]]), tuple([_C_policytracker_model_Parent(_0[0], (None if _0[1] is None else (_S.get(_0[1][0]) or _span(_0[1]))), (None if _0[2] is None else (_S.get(_0[2][0]) or _span(_0[2]))), tuple([_C_policytracker_model_Source(_1[0], _E_policytracker_access_SourceKind[_1[1]], _1[2], (_S.get(_1[3][0]) or _span(_1[3])), _1[4], _1[5], _1[6], (None if _1[7] is None else _day(_1[7])), _1[8]) for _1 in _0[3]])) for _0 in v[8]]), v[9])
def _enc_policytracker_model_Family(o):
    return [o.id, o.name, list(o.vendors), [_enc_policytracker_model_Source(_0) for _0 in o.sources], o.note]
def _dec_policytracker_model_Family(v):
    return _C_policytracker_model_Family(v[0], v[1], tuple(v[2]), tuple([_C_policytracker_model_Source(_0[0], _E_policytracker_access_SourceKind[_0[1]], _0[2], (_S.get(_0[3][0]) or _span(_0[3])), _0[4], _0[5], _0[6], (None if _0[7] is None else _day(_0[7])), _0[8]) for _0 in v[3]]), v[4])
def _enc_policytracker_model_Licensing(o):
    return [o.weights, o.code, o.data, o.usage_policy]
def _dec_policytracker_model_Licensing(v):
    return _C_policytracker_model_Licensing(v[0], v[1], v[2], v[3])
def _enc_policytracker_model_Variant(o):
    return [o.name, o.parameters, o.license, (None if o.access is None else o.access.value), o.note]
def _dec_policytracker_model_Variant(v):
    return _C_policytracker_model_Variant(v[0], v[1], v[2], (None if v[3] is None else _E_policytracker_access_AccessLevel[v[3]]), v[4])
def _enc_policytracker_model_LineageEdge(o):
    return [o.relation.value, o.parent, o.confidence.value, [_enc_policytracker_model_Source(_0) for _0 in o.sources], (None if o.reported is None else [o.reported.label, o.reported.start.toordinal(), o.reported.end.toordinal(), o.reported.precision.value]), [_enc_policytracker_model_Source(_0) for _0 in o.disputed_by], o.note]
def _dec_policytracker_model_LineageEdge(v):
    return _C_policytracker_model_LineageEdge(_E_policytracker_model_Relation[v[0]], v[1], _E_policytracker_access_Confidence[v[2]], tuple([_C_policytracker_model_Source(_0[0], _E_policytracker_access_SourceKind[_0[1]], _0[2], (_S.get(_0[3][0]) or _span(_0[3])), _0[4], _0[5], _0[6], (None if _0[7] is None else _day(_0[7])), _0[8]) for _0 in v[3]]), (None if v[4] is None else (_S.get(v[4][0]) or _span(v[4]))), tuple([_C_policytracker_model_Source(_0[0], _E_policytracker_access_SourceKind[_0[1]], _0[2], (_S.get(_0[3][0]) or _span(_0[3])), _0[4], _0[5], _0[6], (None if _0[7] is None else _day(_0[7])), _0[8]) for _0 in v[5]]), v[6])
def _enc_policytracker_model_Claim(o):
    return [[o.reported.label, o.reported.start.toordinal(), o.reported.end.toordinal(), o.reported.precision.value], o.confidence.value, [_enc_policytracker_model_Source(_0) for _0 in o.sources], (None if o.effective is None else [o.effective.label, o.effective.start.toordinal(), o.effective.end.toordinal(), o.effective.precision.value]), o.name, (None if o.aliases is None else list(o.aliases)), (None if o.date is None else [o.date.label, o.date.start.toordinal(), o.date.end.toordinal(), o.date.precision.value]), (None if o.status is None else o.status.value), (None if o.access is None else o.access.value), o.flagship, (None if o.licenses is None else _enc_policytracker_model_Licensing(o.licenses)), o.gated, [_enc_policytracker_model_Source(_0) for _0 in o.disputed_by], o.note]
def _dec_policytracker_model_Claim(v):
    return _C_policytracker_model_Claim((_S.get(v[0][0]) or _span(v[0])), _E_policytracker_access_Confidence[v[1]], tuple([_C_policytracker_model_Source(_0[0], _E_policytracker_access_SourceKind[_0[1]], _0[2], (_S.get(_0[3][0]) or _span(_0[3])), _0[4], _0[5], _0[6], (None if _0[7] is None else _day(_0[7])), _0[8]) for _0 in v[2]]), (None if v[3] is None else (_S.get(v[3][0]) or _span(v[3]))), v[4], (None if v[5] is None else tuple(v[5])), (None if v[6] is None else (_S.get(v[6][0]) or _span(v[6]))), (None if v[7] is None else _E_policytracker_access_Status[v[7]]), (None if v[8] is None else _E_policytracker_access_AccessLevel[v[8]]), v[9], (None if v[10] is None else _dec_policytracker_model_Licensing(v[10])), v[11], tuple([_C_policytracker_model_Source(_0[0], _E_policytracker_access_SourceKind[_0[1]], _0[2], (_S.get(_0[3][0]) or _span(_0[3])), _0[4], _0[5], _0[6], (None if _0[7] is None else _day(_0[7])), _0[8]) for _0 in v[12]]), v[13])
def _enc_policytracker_model_Release(o):
    return [o.id, o.name, list(o.vendors), [o.date.label, o.date.start.toordinal(), o.date.end.toordinal(), o.date.precision.value], o.status.value, o.access.value, o.confidence.value, [_enc_policytracker_model_Source(_0) for _0 in o.sources], o.family, list(o.aliases), o.flagship, _enc_policytracker_model_Licensing(o.licenses), o.gated, (None if o.reported is None else [o.reported.label, o.reported.start.toordinal(), o.reported.end.toordinal(), o.reported.precision.value]), [_enc_policytracker_model_Variant(_0) for _0 in o.variants], [_enc_policytracker_model_LineageEdge(_0) for _0 in o.lineage], [_enc_policytracker_model_Claim(_0) for _0 in o.history], o.note]
def _dec_policytracker_model_Release(v):
    return _C_policytracker_model_Release(v[0], v[1], tuple(v[2]), (_S.get(v[3][0]) or _span(v[3])), _E_policytracker_access_Status[v[4]], _E_policytracker_access_AccessLevel[v[5]], _E_policytracker_access_Confidence[v[6]], tuple([_C_policytracker_model_Source(_0[0], _E_policytracker_access_SourceKind[_0[1]], _0[2], (_S.get(_0[3][0]) or _span(_0[3])), _0[4], _0[5], _0[6], (None if _0[7] is None else _day(_0[7])), _0[8]) for _0 in v[7]]), v[8], tuple(v[9]), v[10], _dec_policytracker_model_Licensing(v[11]), v[12], (None if v[13] is None else (_S.get(v[13][0]) or _span(v[13]))), tuple([_C_policytracker_model_Variant(_0[0], _0[1], _0[2], (None if _0[3] is None else _E_policytracker_access_AccessLevel[_0[3]]), _0[4]) for _0 in v[14]]), tuple([_C_policytracker_model_LineageEdge(_E_policytracker_model_Relation[_0[0]], _0[1], _E_policytracker_access_Confidence[_0[2]], tuple([_C_policytracker_model_Source(_1[0], _E_policytracker_access_SourceKind[_1[1]], _1[2], (_S.get(_1[3][0]) or _span(_1[3])), _1[4], _1[5], _1[6], (None if _1[7] is None else _day(_1[7])), _1[8]) for _1 in _0[3]]), (None if _0[4] is None else (_S.get(_0[4][0]) or _span(_0[4]))), tuple([_C_policytracker_model_Source(_1[0], _E_policytracker_access_SourceKind[_1[1]], _1[2], (_S.get(_1[3][0]) or _span(_1[3])), _1[4], _1[5], _1[6], (None if _1[7] is None else _day(_1[7])), _1[8]) for _1 in _0[5]]), _0[6]) for _0 in v[15]]), tuple([_C_policytracker_model_Claim((_S.get(_0[0][0]) or _span(_0[0])), _E_policytracker_access_Confidence[_0[1]], tuple([_C_policytracker_model_Source(_1[0], _E_policytracker_access_SourceKind[_1[1]], _1[2], (_S.get(_1[3][0]) or _span(_1[3])), _1[4], _1[5], _1[6], (None if _1[7] is None else _day(_1[7])), _1[8]) for _1 in _0[2]]), (None if _0[3] is None else (_S.get(_0[3][0]) or _span(_0[3]))), _0[4], (None if _0[5] is None else tuple(_0[5])), (None if _0[6] is None else (_S.get(_0[6][0]) or _span(_0[6]))), (None if _0[7] is None else _E_policytracker_access_Status[_0[7]]), (None if _0[8] is None else _E_policytracker_access_AccessLevel[_0[8]]), _0[9], (None if _0[10] is None else _dec_policytracker_model_Licensing(_0[10])), _0[11], tuple([_C_policytracker_model_Source(_1[0], _E_policytracker_access_SourceKind[_1[1]], _1[2], (_S.get(_1[3][0]) or _span(_1[3])), _1[4], _1[5], _1[6], (None if _1[7] is None else _day(_1[7])), _1[8]) for _1 in _0[12]]), _0[13]) for _0 in v[16]]), v[17])
def _enc_policytracker_model_Statement(o):
    return [o.id, o.vendor, [o.date.label, o.date.start.toordinal(), o.date.end.toordinal(), o.date.precision.value], o.kind.value, o.signal.value, o.summary, o.confidence.value, [_enc_policytracker_model_Source(_0) for _0 in o.sources], (None if o.reported is None else [o.reported.label, o.reported.start.toordinal(), o.reported.end.toordinal(), o.reported.precision.value]), o.note]
def _dec_policytracker_model_Statement(v):
    return _C_policytracker_model_Statement(v[0], v[1], (_S.get(v[2][0]) or _span(v[2])), _E_policytracker_model_StatementKind[v[3]], _E_policytracker_model_Signal[v[4]], v[5], _E_policytracker_access_Confidence[v[6]], tuple([_C_policytracker_model_Source(_0[0], _E_policytracker_access_SourceKind[_0[1]], _0[2], (_S.get(_0[3][0]) or _span(_0[3])), _0[4], _0[5], _0[6], (None if _0[7] is None else _day(_0[7])), _0[8]) for _0 in v[7]]), (None if v[8] is None else (_S.get(v[8][0]) or _span(v[8]))), v[9])
def _enc_policytracker_model_Dataset(o):
    return [o.schema_version, _enc_policytracker_model_DatasetInfo(o.dataset), [_enc_policytracker_model_License(_0) for _0 in o.licenses], [_enc_policytracker_model_Vendor(_0) for _0 in o.vendors], [_enc_policytracker_model_Family(_0) for _0 in o.families], [_enc_policytracker_model_Release(_0) for _0 in o.releases], [_enc_policytracker_model_Statement(_0) for _0 in o.statements], dict(o.redirects)]
def _dec_policytracker_model_Dataset(v):
    return _C_policytracker_model_Dataset(v[0], _dec_policytracker_model_DatasetInfo(v[1]), tuple([_C_policytracker_model_License(_0[0], _0[1], _0[2], _0[3], _0[4], _E_policytracker_access_Commercial[_0[5]], tuple([_E_policytracker_model_LicenseCondition[_1] for _1 in _0[6]]), _0[7], _0[8], tuple([_C_policytracker_model_Source(_1[0], _E_policytracker_access_SourceKind[_1[1]], _1[2], (_S.get(_1[3][0]) or _span(_1[3])), _1[4], _1[5], _1[6], (None if _1[7] is None else _day(_1[7])), _1[8]) for _1 in _0[9]]), _0[10]) for _0 in v[2]]), tuple([_C_policytracker_model_Vendor(_0[0], _0[1], _E_policytracker_model_VendorKind[_0[2]], tuple([_C_policytracker_model_Source(_1[0], _E_policytracker_access_SourceKind[_1[1]], _1[2], (_S.get(_1[3][0]) or _span(_1[3])), _1[4], _1[5], _1[6], (None if _1[7] is None else _day(_1[7])), _1[8]) for _1 in _0[3]]), _0[4], _0[5], tuple(_0[6]), tuple([_C_policytracker_model_VendorName(_1[0], (None if _1[1] is None else (_S.get(_1[1][0]) or _span(_1[1]))), (None if _1[2] is None else (_S.get(_1[2][0]) or _span(_1[2]))), tuple([_C_policytracker_model_Source(_2[0], _E_policytracker_access_SourceKind[_2[1]], _2[2], (_S.get(_2[3][0]) or _span(_2[3])), _2[4], _2[5], _2[6], (None if _2[7] is None else _day(_2[7])), _2[8]) for _2 in _1[3]])) for _1 in _0[7]]), tuple([_C_policytracker_model_Parent(_1[0], (None if _1[1] is None else (_S.get(_1[1][0]) or _span(_1[1]))), (None if _1[2] is None else (_S.get(_1[2][0]) or _span(_1[2]))), tuple([_C_policytracker_model_Source(_2[0], _E_policytracker_access_SourceKind[_2[1]], _2[2], (_S.get(_2[3][0]) or _span(_2[3])), _2[4], _2[5], _2[6], (None if _2[7] is None else _day(_2[7])), _2[8]) for _2 in _1[3]])) for _1 in _0[8]]), _0[9]) for _0 in v[3]]), tuple([_C_policytracker_model_Family(_0[0], _0[1], tuple(_0[2]), tuple([_C_policytracker_model_Source(_1[0], _E_policytracker_access_SourceKind[_1[1]], _1[2], (_S.get(_1[3][0]) or _span(_1[3])), _1[4], _1[5], _1[6], (None if _1[7] is None else _day(_1[7])), _1[8]) for _1 in _0[3]]), _0[4]) for _0 in v[4]]), tuple([_C_policytracker_model_Release(_0[0], _0[1], tuple(_0[2]), (_S.get(_0[3][0]) or _span(_0[3])), _E_policytracker_access_Status[_0[4]], _E_policytracker_access_AccessLevel[_0[5]], _E_policytracker_access_Confidence[_0[6]], tuple([_C_policytracker_model_Source(_1[0], _E_policytracker_access_SourceKind[_1[1]], _1[2], (_S.get(_1[3][0]) or _span(_1[3])), _1[4], _1[5], _1[6], (None if _1[7] is None else _day(_1[7])), _1[8]) for _1 in _0[7]]), _0[8], tuple(_0[9]), _0[10], _dec_policytracker_model_Licensing(_0[11]), _0[12], (None if _0[13] is None else (_S.get(_0[13][0]) or _span(_0[13]))), tuple([_C_policytracker_model_Variant(_1[0], _1[1], _1[2], (None if _1[3] is None else _E_policytracker_access_AccessLevel[_1[3]]), _1[4]) for _1 in _0[14]]), tuple([_C_policytracker_model_LineageEdge(_E_policytracker_model_Relation[_1[0]], _1[1], _E_policytracker_access_Confidence[_1[2]], tuple([_C_policytracker_model_Source(_2[0], _E_policytracker_access_SourceKind[_2[1]], _2[2], (_S.get(_2[3][0]) or _span(_2[3])), _2[4], _2[5], _2[6], (None if _2[7] is None else _day(_2[7])), _2[8]) for _2 in _1[3]]), (None if _1[4] is None else (_S.get(_1[4][0]) or _span(_1[4]))), tuple([_C_policytracker_model_Source(_2[0], _E_policytracker_access_SourceKind[_2[1]], _2[2], (_S.get(_2[3][0]) or _span(_2[3])), _2[4], _2[5], _2[6], (None if _2[7] is None else _day(_2[7])), _2[8]) for _2 in _1[5]]), _1[6]) for _1 in _0[15]]), tuple([_C_policytracker_model_Claim((_S.get(_1[0][0]) or _span(_1[0])), _E_policytracker_access_Confidence[_1[1]], tuple([_C_policytracker_model_Source(_2[0], _E_policytracker_access_SourceKind[_2[1]], _2[2], (_S.get(_2[3][0]) or _span(_2[3])), _2[4], _2[5], _2[6], (None if _2[7] is None else _day(_2[7])), _2[8]) for _2 in _1[2]]), (None if _1[3] is None else (_S.get(_1[3][0]) or _span(_1[3]))), _1[4], (None if _1[5] is None else tuple(_1[5])), (None if _1[6] is None else (_S.get(_1[6][0]) or _span(_1[6]))), (None if _1[7] is None else _E_policytracker_access_Status[_1[7]]), (None if _1[8] is None else _E_policytracker_access_AccessLevel[_1[8]]), _1[9], (None if _1[10] is None else _dec_policytracker_model_Licensing(_1[10])), _1[11], tuple([_C_policytracker_model_Source(_2[0], _E_policytracker_access_SourceKind[_2[1]], _2[2], (_S.get(_2[3][0]) or _span(_2[3])), _2[4], _2[5], _2[6], (None if _2[7] is None else _day(_2[7])), _2[8]) for _2 in _1[12]]), _1[13]) for _1 in _0[16]]), _0[17]) for _0 in v[5]]), tuple([_C_policytracker_model_Statement(_0[0], _0[1], (_S.get(_0[2][0]) or _span(_0[2])), _E_policytracker_model_StatementKind[_0[3]], _E_policytracker_model_Signal[_0[4]], _0[5], _E_policytracker_access_Confidence[_0[6]], tuple([_C_policytracker_model_Source(_1[0], _E_policytracker_access_SourceKind[_1[1]], _1[2], (_S.get(_1[3][0]) or _span(_1[3])), _1[4], _1[5], _1[6], (None if _1[7] is None else _day(_1[7])), _1[8]) for _1 in _0[7]]), (None if _0[8] is None else (_S.get(_0[8][0]) or _span(_0[8]))), _0[9]) for _0 in v[6]]), dict(v[7]))
