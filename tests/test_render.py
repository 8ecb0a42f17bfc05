"""Table rendering: wrapping and clipping agree with their plain definitions."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from policytracker.render import _clip, _width, wrap

#: Words as they appear in reasons and summaries, with the odd wide or unusual character,
#: joined mostly by single spaces (the quick path) and sometimes by other whitespace.
WORDS = st.text(
    alphabet=st.sampled_from([*"abcdefghij-/().,0123456789", "é", "中", "…"]),
    min_size=1,
    max_size=30,
)
SEPARATORS = st.sampled_from([" ", " ", " ", " ", "  ", "\t", "\n", "\u00a0"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, max_size=30))
    out = ""
    for i, word in enumerate(words):
        out += (draw(SEPARATORS) if i else "") + word
    if draw(st.booleans()):
        out = draw(SEPARATORS) + out + draw(SEPARATORS)
    return out


@given(texts(), st.integers(10, 120), st.integers(0, 30))
@settings(max_examples=500, deadline=None)
def test_wrap_is_textwrap(text: str, width: int, indent: int) -> None:
    # As tables use it: the indent leaves room on the line (textwrap itself can loop forever
    # on whitespace when it does not).
    indent = min(indent, width - 8)
    pad = " " * indent
    expected = textwrap.wrap(
        text, width, initial_indent=pad, subsequent_indent=pad, break_on_hyphens=False
    )
    assert wrap(text, width, pad) == expected


def _clip_one_by_one(text: str, width: int) -> str:
    """The plain definition: add characters while the text and the ellipsis fit."""
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


@given(texts(), st.integers(1, 60))
@settings(max_examples=500, deadline=None)
def test_clip_is_the_plain_definition(text: str, width: int) -> None:
    clipped = _clip(text, width)
    assert clipped == _clip_one_by_one(text, width)
    assert _width(clipped) <= max(width, 1)
