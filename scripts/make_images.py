"""Regenerate the pictures in docs/images/ from the bundled dataset.

    python scripts/make_images.py            # needs the 'site' extra, and Chromium for screenshots

Writes docs/images/timeline.png, trend.png and trend-country.png (the charts of 'policytracker
plot'), and site-overview.png and site-releases.png (screenshots of 'policytracker site' in
headless Chromium; skipped with a message when Chromium is not installed).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import policytracker
from policytracker.plot import timeline_chart, trend_chart
from policytracker.trend import Period
from policytracker.website import build_site

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
STORY = ("meta", "openai", "alibaba", "google", "deepseek", "mistral", "xai", "anthropic")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--hide-scrollbars",
)


def chromium() -> str | None:
    """The Chromium to take screenshots with, if any."""
    named = os.environ.get("POLICYTRACKER_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


def screenshot(browser: str, url: str, out: Path, height: int) -> None:
    """A screenshot of ``url``, 1280 pixels wide."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(  # noqa: S603 (our own arguments)
            [
                browser,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size=1280,{height}",
                f"--screenshot={out}",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main() -> int:
    """Write every picture; return the exit code."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    catalog = policytracker.load()
    since = dt.date(catalog.reference_date.year - 3, 1, 1)
    charts = {
        "timeline.png": timeline_chart(catalog, "png", vendors=STORY, since=since),
        "trend.png": trend_chart(catalog, "png", by=Period.YEAR),
        "trend-country.png": trend_chart(catalog, "png", by=Period.YEAR, group="country"),
    }
    for name, data in charts.items():
        (IMAGES / name).write_bytes(data)
        print(f"wrote docs/images/{name}")
    browser = chromium()
    if browser is None:
        print("no Chromium (apt-get install chromium): screenshots of the site not taken")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(catalog, site)
        shots = {
            "site-overview.png": ((site / "index.html").as_uri(), 1500),
            "site-releases.png": ((site / "releases.html").as_uri() + "?q=meta", 1100),
        }
        for name, (url, height) in shots.items():
            screenshot(browser, url, IMAGES / name, height)
            print(f"wrote docs/images/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
