"""Checking that every source URL still answers, politely.

One request at a time, at most ``rate`` requests per second to any one host, with a timeout and
retries (with backoff, honouring ``Retry-After``) for timeouts, 429 and 5xx answers. ``HEAD``
first, ``GET`` when a server refuses ``HEAD``. A dead link is reported with every place in the
file that cites it and a Wayback Machine address to look for an archived copy.

This makes network requests: it is run by hand or on a schedule, never in the default CI path.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from policytracker._repr import fields_repr
from policytracker._yaml import format_path, locate, parse_yaml

__all__ = ["Citation", "LinkResult", "check_links", "citations"]

USER_AGENT = "policytracker-link-check (+https://github.com/policytracker/policytracker)"


@attrs.frozen
class Citation:
    """A place in a data file that cites a URL."""

    __repr__ = fields_repr

    url: str
    file: str
    line: int
    column: int
    path: str


@attrs.frozen
class LinkResult:
    """The verdict on one URL."""

    __repr__ = fields_repr

    url: str
    ok: bool
    status: int | None
    error: str | None
    attempts: int

    @property
    def archive(self) -> str:
        """Where to look for an archived copy."""
        return f"https://web.archive.org/web/2/{self.url}"


def citations(text: str, file: str) -> list[Citation]:
    """Every ``url`` and ``archive_url`` in a data file's text, with its line and column."""
    parsed, _ = parse_yaml(text, file)
    out: list[Citation] = []

    def walk(value: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], str]]:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("url", "archive_url") and isinstance(item, str):
                    yield [*path, key], item
                else:
                    yield from walk(item, [*path, key])
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, [*path, i])

    for path, url in walk(parsed.value, []):
        node = locate(parsed.root, path)
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (0, 0)
        out.append(Citation(url, file, line, column, format_path(path)))
    return out


class _Politeness:
    def __init__(
        self, rate: float, clock: Callable[[], float], sleep: Callable[[float], None]
    ) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.clock = clock
        self.sleep = sleep
        self.last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = urllib.parse.urlsplit(url).netloc
        if host in self.last:
            delay = self.last[host] + self.interval - self.clock()
            if delay > 0:
                self.sleep(delay)
        self.last[host] = self.clock()


def _request(url: str, method: str, timeout: float) -> tuple[int, float | None]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310 (http(s) only, checked by the caller)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status), None
    except urllib.error.HTTPError as exc:
        with exc:
            retry = exc.headers.get("Retry-After") if exc.headers else None
            return exc.code, float(retry) if retry and retry.isdigit() else None


def check_links(
    urls: Iterable[str],
    *,
    rate: float = 1.0,
    timeout: float = 10.0,
    retries: int = 2,
    rewrite: Callable[[str], str] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> list[LinkResult]:
    """Check each distinct URL once; ``rewrite`` maps a URL to the address actually fetched."""
    polite = _Politeness(rate, clock, sleep)
    results = []
    for url in dict.fromkeys(urls):
        target = rewrite(url) if rewrite else url
        if urllib.parse.urlsplit(target).scheme not in ("http", "https"):
            results.append(
                LinkResult(url, ok=False, status=None, error="not an http(s) URL", attempts=0)
            )
            continue
        results.append(_check_one(url, target, polite, timeout, retries, sleep))
    return results


def _check_one(
    url: str,
    target: str,
    polite: _Politeness,
    timeout: float,
    retries: int,
    sleep: Callable[[float], None],
) -> LinkResult:
    status: int | None = None
    error: str | None = None
    attempt = 0
    method = "HEAD"
    while attempt <= retries:
        attempt += 1
        polite.wait(target)
        try:
            status, retry_after = _request(target, method, timeout)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            status, error, retry_after = None, str(getattr(exc, "reason", exc)), None
        else:
            error = None
            if status in (403, 405, 501) and method == "HEAD":
                method = "GET"  # some servers refuse HEAD; ask properly before judging
                attempt -= 1
                continue
            if status < 400:
                return LinkResult(url, ok=True, status=status, error=None, attempts=attempt)
            if status != 429 and status < 500:
                break
        if attempt <= retries:
            sleep(retry_after if retry_after is not None else 2.0 ** (attempt - 1))
    return LinkResult(url, ok=False, status=status, error=error, attempts=attempt)
