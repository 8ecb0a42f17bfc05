"""Ancestors and descendants of a release along typed lineage edges."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence

import attrs

from policytracker._repr import fields_repr
from policytracker.access import Confidence
from policytracker.model import LineageEdge, Relation, Release

__all__ = ["Lineage", "LineageLink", "walk_lineage"]


@attrs.frozen
class LineageLink:
    """One step in a lineage walk.

    Attributes:
        id: The related release or family.
        relation: How the child derives from the parent.
        depth: 1 for a direct parent or child, 2 for a grandparent, ...
        via: The id on the other end of this edge.
        confidence: The edge's confidence.
        disputed: Whether sources contradict the edge.
    """

    __repr__ = fields_repr

    id: str
    relation: Relation
    depth: int
    via: str
    confidence: Confidence
    disputed: bool


@attrs.frozen
class Lineage:
    """A release's (or family's) ancestors and descendants."""

    __repr__ = fields_repr

    id: str
    ancestors: tuple[LineageLink, ...]
    descendants: tuple[LineageLink, ...]


def walk_lineage(
    root: str,
    releases: Mapping[str, Release],
    children: Mapping[str, Sequence[tuple[str, LineageEdge]]],
    family_members: Mapping[str, Sequence[str]],
) -> Lineage:
    """Breadth-first walk up (ancestors) and down (descendants) from ``root``.

    A family id stands for the family itself and, going down, for its member releases too.
    """
    ancestors: list[LineageLink] = []
    seen = {root}
    queue: deque[tuple[str, int]] = deque([(root, 0)])
    while queue:
        node, depth = queue.popleft()
        release = releases.get(node)
        if release is None:
            continue
        for edge in release.lineage:
            ancestors.append(_link(edge.parent, edge, depth + 1, node))
            if edge.parent not in seen:
                seen.add(edge.parent)
                queue.append((edge.parent, depth + 1))
    descendants: list[LineageLink] = []
    seen = {root}
    queue = deque([(root, 0)])
    while queue:
        node, depth = queue.popleft()
        parents = [node, *family_members.get(node, ())] if depth == 0 else [node]
        for parent in parents:
            for child, edge in children.get(parent, ()):
                descendants.append(_link(child, edge, depth + 1, parent))
                if child not in seen:
                    seen.add(child)
                    queue.append((child, depth + 1))
    return Lineage(root, tuple(ancestors), tuple(descendants))


def _link(other: str, edge: LineageEdge, depth: int, via: str) -> LineageLink:
    return LineageLink(other, edge.relation, depth, via, edge.confidence, bool(edge.disputed_by))
