"""The static site: its files and links, escaping, the site command, and the pages in a browser."""

from __future__ import annotations

import html.parser
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

import policytracker
from policytracker.catalog import Catalog
from policytracker.cli._app import cli
from policytracker.cli.visual import site  # noqa: F401 (registers the commands)
from policytracker.website import SiteError, build_site
from policytracker.website._build import MANIFEST, _file_name, _safe_url
from tests.browser import FLAGS, NOT_FOUND, Browser, find_chromium
from tests.conftest import SMALL, TODAY

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'"
HOSTILE_NAME = '<script>alert("name")</script> & "Birch"'
HOSTILE_URL = 'https://example.org/"><img/src=x/onerror=alert(1)>'


class Page(html.parser.HTMLParser):
    """The tags and attributes of one page, and the ids it defines."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if "id" in values:
            self.ids.add(values["id"])

    def find(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


def pages(root: Path) -> Iterator[tuple[Path, Page]]:
    for path in sorted(root.rglob("*.html")):
        yield path.resolve(), Page(path.read_text(encoding="utf-8"))


def run(*args: str, data: Path | None = SMALL) -> tuple[int, str, str]:
    env = {"POLICYTRACKER_DATA": str(data)} if data else {}
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def hostile_catalog(tmp_path: Path) -> Catalog:
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("name: Birch\n", f"name: '{HOSTILE_NAME}'\n")
    text = text.replace("https://example.org/birchmax", HOSTILE_URL)
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return policytracker.load(path, today=TODAY)


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory, bundled: Catalog) -> Path:
    """The site of the bundled dataset, built once."""
    out = tmp_path_factory.mktemp("site") / "public"
    build_site(bundled, out)
    return out


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory, small: Catalog) -> Path:
    out = tmp_path_factory.mktemp("small-site") / "public"
    build_site(small, out)
    return out


class TestFiles:
    """The site is a folder of pages, assets and charts, listed in its manifest."""

    def test_pages_assets_and_charts(self, small_site: Path, small: Catalog) -> None:
        written = (small_site / MANIFEST).read_text(encoding="utf-8").splitlines()
        expected = {
            "index.html",
            "releases.html",
            "shifts.html",
            "vendors.html",
            "assets/style.css",
            "assets/site.js",
            "charts/timeline.svg",
            "charts/trend.svg",
            "charts/trend-country.svg",
            *(f"charts/vendors/{v.id}.svg" for v in small.vendors),
            *(f"vendors/{v.id}.html" for v in small.vendors),
            *(f"releases/{r.id}.html" for r in small.all_releases()),
        }
        assert set(written) == expected
        assert written == sorted(written)
        assert all((small_site / f).is_file() for f in written)

    def test_same_data_same_site(self, small: Catalog, small_site: Path, tmp_path: Path) -> None:
        again = tmp_path / "again"
        written = build_site(small, again)
        for rel in written:
            assert (again / rel).read_bytes() == (small_site / rel).read_bytes(), rel

    def test_without_charts(self, small: Catalog, tmp_path: Path) -> None:
        written = build_site(small, tmp_path / "plain", charts=False)
        assert not [f for f in written if f.startswith("charts/")]
        index = Page((tmp_path / "plain" / "index.html").read_text(encoding="utf-8"))
        assert index.find("img") == []

    def test_rebuild_replaces_its_own_files_only(self, small: Catalog, tmp_path: Path) -> None:
        out = tmp_path / "public"
        build_site(small, out, charts=False)
        (out / "releases" / "gone.html").write_text("stale", encoding="utf-8")
        (out / "CNAME").write_text("example.org\n", encoding="utf-8")
        with (out / MANIFEST).open("a", encoding="utf-8") as manifest:
            manifest.write("releases/gone.html\n../outside.txt\n")
        (tmp_path / "outside.txt").write_text("keep", encoding="utf-8")
        build_site(small, out, charts=False)
        assert not (out / "releases" / "gone.html").exists()
        assert (out / "CNAME").read_text(encoding="utf-8") == "example.org\n"
        assert (tmp_path / "outside.txt").exists()

    def test_refuses_a_folder_of_other_files(self, small: Catalog, tmp_path: Path) -> None:
        (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
        with pytest.raises(SiteError, match="is not empty and was not written by"):
            build_site(small, tmp_path, charts=False)
        assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]

    def test_refuses_a_file(self, small: Catalog, tmp_path: Path) -> None:
        (tmp_path / "file").write_text("", encoding="utf-8")
        with pytest.raises(SiteError, match="exists and is not a directory"):
            build_site(small, tmp_path / "file", charts=False)


class TestOffline:
    """Every page works from the file system: relative links that resolve, nothing external."""

    def test_every_link_resolves(self, bundled_site: Path) -> None:
        broken = []
        parsed = dict(pages(bundled_site))
        for path, page in parsed.items():
            for tag, attrs in page.tags:
                for key in ("href", "src"):
                    target = attrs.get(key)
                    if target is None or urlsplit(target).scheme:
                        continue
                    parts = urlsplit(target)
                    file = (path.parent / parts.path).resolve() if parts.path else path
                    if not file.is_file() or bundled_site not in file.parents:
                        broken.append(f"{path.relative_to(bundled_site)}: {tag} {target}")
                    elif (
                        parts.fragment
                        and file.suffix == ".html"
                        and parts.fragment not in parsed[file].ids
                    ):
                        broken.append(f"{path.relative_to(bundled_site)}: #{parts.fragment}")
        assert broken == []

    def test_nothing_is_loaded_from_elsewhere(self, bundled_site: Path) -> None:
        for path, page in pages(bundled_site):
            policy = next(m["content"] for m in page.find("meta") if "http-equiv" in m)
            assert policy.startswith(CSP), path
            for attrs in page.find("script") + page.find("img"):
                assert not urlsplit(attrs["src"]).scheme, path
            for attrs in page.find("link"):
                assert not urlsplit(attrs["href"]).scheme, path
            for attrs in page.find("a"):
                if urlsplit(attrs["href"]).scheme:
                    assert "noopener" in attrs["rel"], path
                    assert "noreferrer" in attrs["rel"], path
        for svg in bundled_site.rglob("*.svg"):
            text = svg.read_text(encoding="utf-8")
            assert "<script" not in text
            assert 'xlink:href="http' not in text

    def test_one_page_per_vendor_and_release(self, bundled_site: Path, bundled: Catalog) -> None:
        assert len(list((bundled_site / "vendors").glob("*.html"))) == len(bundled.vendors)
        releases = list((bundled_site / "releases").glob("*.html"))
        assert len(releases) == len(bundled.all_releases())

    def test_the_story_is_in_the_pages(self, bundled_site: Path) -> None:
        index = (bundled_site / "index.html").read_text(encoding="utf-8")
        assert "Latest shifts" in index
        assert 'href="vendors/meta.html">Meta</a>' in index
        releases = (bundled_site / "releases.html").read_text(encoding="utf-8")
        for name in ("Muse Spark", "(Avocado)", "Qwen3", "gpt-oss", "Llama 4"):
            assert name in releases
        meta = (bundled_site / "vendors" / "meta.html").read_text(encoding="utf-8")
        assert "Muse Spark" in meta
        assert "Avocado" in meta
        assert "open → mixed" in meta
        avocado = (bundled_site / "releases" / "meta-avocado.html").read_text(encoding="utf-8")
        assert "Counted as" in avocado
        assert 'href="../releases/meta-muse-spark.html"' in avocado
        assert "distilled" in avocado

    def test_without_script_the_table_is_whole(self, bundled_site: Path, bundled: Catalog) -> None:
        page = Page((bundled_site / "releases.html").read_text(encoding="utf-8"))
        rows = [a for a in page.find("tr") if "data-id" in a]
        assert len(rows) == len(bundled.releases())
        (form,) = page.find("form")
        assert "hidden" in form  # shown by the script, which is what makes it work


class TestEscaping:
    """Data comes from strangers' pull requests: every value is escaped, links only to http(s)."""

    def test_markup_in_the_data_stays_text(self, tmp_path: Path) -> None:
        out = tmp_path / "public"
        build_site(hostile_catalog(tmp_path), out)
        for path, page in pages(out):
            text = path.read_text(encoding="utf-8")
            assert "<script>alert" not in text, path
            assert '"><img' not in text, path
            assert [s["src"] for s in page.find("script")] == [
                "../" * (len(path.relative_to(out).parts) - 1) + "assets/site.js"
            ]
            assert not [i for i in page.find("img") if "onerror" in i]
        vendor = (out / "vendors" / "birch.html").read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt; &amp; &#34;Birch&#34;" in vendor
        release = Page((out / "releases" / "birch-max.html").read_text(encoding="utf-8"))
        assert HOSTILE_URL in [a.get("href") for a in release.find("a")]

    @pytest.mark.parametrize(
        ("url", "safe"),
        [
            ("https://example.org/a?b=c", True),
            ("http://example.org", True),
            ("javascript:alert(1)", False),
            ("JavaScript:alert(1)", False),
            ("data:text/html,<script>alert(1)</script>", False),
            ("//example.org/x", False),
            ("releases/x.html", False),
            ("", False),
        ],
    )
    def test_only_http_urls_become_links(self, url: str, safe: bool) -> None:
        assert (_safe_url(url) == url) is safe

    @pytest.mark.parametrize(
        ("id_", "name"),
        [("llama-3.1", "llama-3.1"), ("../etc", "_2e2e2f657463"), ("a..b", "_612e2e62")],
    )
    def test_file_names_stay_inside(self, id_: str, name: str) -> None:
        assert _file_name(id_) == name


class TestSiteCommand:
    """'policytracker site OUTDIR' writes the site and says where it is."""

    def test_writes_the_site(self, tmp_path: Path, small: Catalog) -> None:
        out = tmp_path / "public"
        code, stdout, _ = run("site", str(out))
        assert code == 0
        files = len((out / MANIFEST).read_text(encoding="utf-8").splitlines())
        pages_ = 4 + len(small.vendors) + len(small.all_releases())
        assert stdout == (
            f"Wrote {files} files ({pages_} pages) to {out}; open {out / 'index.html'} in a "
            "browser.\n"
        )

    def test_as_of(self, tmp_path: Path) -> None:
        out = tmp_path / "then"
        code, _, _ = run("site", "--as-of", "2025-12-20", str(out))
        assert code == 0
        index = (out / "index.html").read_text(encoding="utf-8")
        assert "as known on 2025-12-20 (limited to what had been reported by then)" in index
        assert "Acme Spark" not in (out / "releases.html").read_text(encoding="utf-8")

    def test_refuses_a_folder_of_other_files(self, tmp_path: Path) -> None:
        (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
        code, _, err = run("site", str(tmp_path))
        assert code == 1
        assert "is not empty and was not written by 'policytracker site'" in err

    def test_missing_jinja2_names_the_extra(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setitem(sys.modules, "jinja2", None)
        code, _, err = run("site", str(tmp_path / "public"))
        assert code == 1
        assert err == (
            "Error: Building the site needs jinja2, which is not installed; install the 'site' "
            "extra: pip install 'policytracker[site]'\n"
        )

    def test_help_has_example(self) -> None:
        code, out, _ = run("site", "--help")
        assert code == 0
        assert "Example:" in out
        assert "policytracker site _site" in out


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip(NOT_FOUND)
    return found


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    with Browser(chromium, width=1280, height=900) as b:
        yield b


def visible_rows(browser: Browser, table: str) -> list[str]:
    value = browser.evaluate(
        f"Array.from(document.querySelectorAll('#{table} tbody tr'))"
        ".filter(r => !r.hidden).map(r => r.dataset.id || r.dataset.search)"
    )
    return [str(v) for v in value]


def column(browser: Browser, table: str, index: int) -> list[str]:
    value = browser.evaluate(
        f"Array.from(document.querySelectorAll('#{table} tbody tr'))"
        f".map(r => r.cells[{index}].dataset.sort || r.cells[{index}].innerText.toLowerCase())"
    )
    return [str(v) for v in value]


class TestInBrowser:
    """In headless Chromium, a person sees the story, can search and sort, and gets no errors."""

    def test_overview_tells_the_story(self, browser: Browser, bundled_site: Path) -> None:
        browser.open((bundled_site / "index.html").as_uri())
        text = browser.text()
        assert "Where AI vendors stand on releasing their models" in text
        assert "Latest shifts" in text
        assert "Meta" in text
        assert re.search(r"(open|mixed|closed) → (open|mixed|closed)", text)
        images = browser.evaluate(
            "Array.from(document.images).map(i => [i.getAttribute('src'), i.naturalWidth])"
        )
        assert [src for src, _ in images] == [
            "charts/timeline.svg",
            "charts/trend.svg",
            "charts/trend-country.svg",
        ]
        assert all(width > 500 for _, width in images)  # loaded, under the page's CSP
        assert browser.evaluate("document.documentElement.dataset.js") == "ready"
        assert browser.errors == []

    def test_search_as_you_type(
        self, browser: Browser, bundled_site: Path, bundled: Catalog
    ) -> None:
        browser.open((bundled_site / "releases.html").as_uri())
        total = len(bundled.releases())
        assert browser.text("form.search output") == f"{total} releases"
        browser.type("#releases-table-search", "avocado")
        assert sorted(visible_rows(browser, "releases-table")) == [
            "meta-avocado",
            "meta-muse-spark",
        ]
        assert browser.text("form.search output") == f"2 of {total} releases match"
        browser.type("#releases-table-search", "qwen")
        qwen = visible_rows(browser, "releases-table")
        assert len(qwen) >= 5
        assert "alibaba" in {bundled.release(r).vendors[0] for r in qwen}
        shown = browser.evaluate(
            "Array.from(document.querySelectorAll('#releases-table tbody tr'))"
            ".filter(r => !r.hidden).map(r => r.dataset.search)"
        )
        assert all("qwen" in text for text in shown)
        browser.type("#releases-table-search", "meta open-weights-restricted")
        both = visible_rows(browser, "releases-table")
        assert "llama-4" in both
        assert "meta-muse-spark" not in both
        browser.type("#releases-table-search", "")
        assert len(visible_rows(browser, "releases-table")) == total
        assert browser.errors == []

    def test_sort_by_clicking_headers(self, browser: Browser, bundled_site: Path) -> None:
        browser.open((bundled_site / "releases.html").as_uri())
        header = "#releases-table th[data-sort-key={}] button"
        browser.click(header.format("date"))
        dates = column(browser, "releases-table", 0)
        assert dates == sorted(dates)
        browser.click(header.format("date"))
        assert column(browser, "releases-table", 0) == sorted(dates, reverse=True)
        sort = "document.querySelector('#releases-table th[data-sort-key=date]').ariaSort"
        assert browser.evaluate(sort) == "descending"
        browser.click(header.format("access"))
        ranks = [int(x) for x in column(browser, "releases-table", 3)]
        assert ranks == sorted(ranks)
        assert ranks[0] < ranks[-1]
        assert browser.errors == []

    def test_search_from_the_address(self, browser: Browser, bundled_site: Path) -> None:
        browser.open((bundled_site / "shifts.html").as_uri() + "?q=meta&sort=date&dir=desc")
        rows = browser.evaluate(
            "Array.from(document.querySelectorAll('#shifts-table tbody tr'))"
            ".filter(r => !r.hidden).map(r => r.cells[1].innerText)"
        )
        assert rows
        assert set(rows) == {"Meta"}
        dates = column(browser, "shifts-table", 0)
        assert dates == sorted(dates, reverse=True)

    def test_vendor_page(self, browser: Browser, bundled_site: Path) -> None:
        browser.open((bundled_site / "vendors" / "meta.html").as_uri())
        text = browser.text()
        for expected in ("Meta", "Muse Spark", "Avocado", "open → mixed", "Statements"):
            assert expected in text
        (width,) = browser.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
        assert width > 500
        browser.click("a[href='../releases/meta-avocado.html']")
        browser.evaluate("0")  # let the navigation start
        assert browser.errors == []

    def test_screenshot(self, browser: Browser, bundled_site: Path, tmp_path: Path) -> None:
        browser.open((bundled_site / "index.html").as_uri())
        shot = tmp_path / "overview.png"
        data = browser.screenshot(shot)
        assert data.startswith(PNG_SIGNATURE)
        width = int.from_bytes(data[16:20], "big")
        height = int.from_bytes(data[20:24], "big")
        assert width == 1280
        assert height > 1500  # the whole page: shifts, charts and vendors
        assert shot.stat().st_size > 50_000

    def test_chromium_dump_dom(self, chromium: str, bundled_site: Path) -> None:
        """Chromium's own headless mode runs the page's script too (no DevTools)."""
        url = (bundled_site / "releases.html").as_uri() + "?q=avocado"
        done = subprocess.run(
            [chromium, *FLAGS, "--dump-dom", url],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        dom = Page(done.stdout)
        shown = [a["data-id"] for a in dom.find("tr") if "data-id" in a and "hidden" not in a]
        assert sorted(shown) == ["meta-avocado", "meta-muse-spark"]
