"""The Data Docs work offline and are the same bytes for the same run.

A real browser is the only honest judge of "the index lists the suites": the lists are
drawn by scripts. Headless Chromium opens the pages with every route out of the machine
cut (a dead proxy, no name resolution) and a network log on; the suites must be in the
table cells of the DOM after the scripts ran, no script may fail, and the log must show
no request from the page to anything but a local file. A second render without the
shipped bootstrap-table shows that the check is not passing by accident.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from pipeline.read.workbook import read_submission
from pipeline.spec.catalog import Severity
from pipeline.validate.checks import CELLS, FRAMES, SUBMISSIONS, Check
from pipeline.validate.data_docs_offline import ASSETS, CDN, bundle, offline_html
from pipeline.validate.findings import validate
from pipeline.validate.gx import GxValidator, suite_name

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None
)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (Debian package: chromium)")
OFFLINE = [
    "--proxy-server=127.0.0.1:9",  # nothing listens there: any request through the proxy fails
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # and no host name resolves
]


@pytest.fixture
def site(tmp_path, make_submission, catalog, registry, period, validator) -> Path:
    """The Data Docs of the validation of real forms, one valid and two with errors."""
    forms = [make_submission("611"), make_submission("23380", {"loan_households": None}),
             make_submission("23377", {"rice_kg": -5})]  # fmt: skip
    docs = tmp_path / "data_docs"
    validate([read_submission(p, catalog) for p in forms], catalog, registry, period, validator, docs)
    return docs


def _hostile_case() -> tuple[list[Check], dict[str, pd.DataFrame]]:
    """Failing checks whose unexpected values a commune typed: markup and a web address."""
    checks = [
        Check("nonneg", "non_negative", "ExpectColumnValuesToBeBetween", {"column": "value", "min_value": 0},
              Severity.ERROR, frame=CELLS),
        Check("period", "period", "ExpectColumnValuesToBeInSet", {"column": "period", "value_set": ["2020S1"]},
              Severity.ERROR, frame=SUBMISSIONS),
    ]  # fmt: skip
    frames = {
        CELLS: pd.DataFrame({"value": [1.0, -2.0, None]}),
        SUBMISSIONS: pd.DataFrame({"period": ["2020S1", '<img src="https://evil.example/x.png">', "<script>"]}),
    }
    return checks, frames


def _suites(site: Path) -> list[str]:
    return sorted(page.stem for page in (site / "expectations").glob("*.html"))


class _Cells(HTMLParser):
    """The text of every table cell of a DOM, scripts left out."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "td":
            self._depth += 1
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.cells[-1] += data


def _render(page: Path, work: Path) -> tuple[list[str], list[str], list[str]]:
    """Table cells of the DOM after the scripts ran, the page's script errors, what the page requested."""
    work.mkdir(parents=True, exist_ok=True)
    netlog = work / "net.json"
    command = [
        str(CHROMIUM), "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
        f"--user-data-dir={work / 'profile'}", "--disable-background-networking", "--disable-component-update",
        *OFFLINE, "--enable-logging=stderr", "--v=0", f"--log-net-log={netlog}", "--dump-dom", page.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)
    parser = _Cells()
    parser.feed(done.stdout)
    errors = [line for line in done.stderr.splitlines() if "CONSOLE" in line and "Uncaught" in line]
    # Chromium's own background traffic has no page behind it; the page's requests carry file:// as their site.
    requested = {
        params["url"]
        for event in json.loads(netlog.read_text(encoding="utf-8"))["events"]
        if (params := event.get("params") or {}).get("url")
        and str(params.get("network_isolation_key", "")).startswith("file://")
        and not params["url"].startswith(("file:", "data:"))
    }
    return [" ".join(cell.split()) for cell in parser.cells], errors, sorted(requested)


@needs_chromium
def test_the_index_lists_every_suite_with_the_network_off(site, tmp_path):
    suites = _suites(site)
    assert sorted(s.rsplit("_", 1)[0] for s in suites) == sorted(map(suite_name, FRAMES))
    cells, errors, requested = _render(site / "index.html", tmp_path)
    assert errors == []
    assert requested == []
    for suite in suites:  # once in the validation results, once in the list of suites
        assert sum(cell == suite for cell in cells) == 2, (suite, cells)


@needs_chromium
def test_every_page_runs_its_scripts_and_fetches_nothing(site, tmp_path):
    for k, page in enumerate(sorted(site.rglob("*.html"))):
        cells, errors, requested = _render(page, tmp_path / str(k))
        assert (errors, requested) == ([], []), page
        assert cells, page


@needs_chromium
def test_without_the_shipped_scripts_the_index_lists_nothing(site, tmp_path):
    """The control: the same check fails when the page cannot draw its tables."""
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    (broken / ASSETS / "bootstrap-table.min.js").unlink()
    cells, errors, _ = _render(broken / "index.html", tmp_path / "render")
    assert errors and not any(suite in cell for suite in _suites(site) for cell in cells)


def _local_refs(text: str) -> list[str]:
    return re.findall(r"""(?:\b(?:src|href)=["']?|url\(\s*["']?)([^"'\s)>#?:]+)""", text)


def test_no_page_refers_outside_the_machine(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 1 + 2 * len(FRAMES)  # the index, and per frame its suite and its results
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), page
        assert "vegaEmbed" not in text  # no chart: the Vega scripts are not shipped
        for ref in _local_refs(text):
            assert (page.parent / ref).is_file(), (page, ref)
    for style in site.rglob("*.css"):
        assert not re.search(r"""(url\(\s*["']?|@import\s+["']?)(https?:)?//""", style.read_text(encoding="utf-8"))


def test_the_site_keeps_only_what_its_pages_show(site):
    static = sorted(p.relative_to(site).as_posix() for p in (site / "static").rglob("*") if p.is_file())
    shipped = {f"{ASSETS}/{p.name}" for p in bundle() if p.parent.name == "static"}
    assert {p for p in static if not p.startswith(ASSETS)} == {
        "static/images/favicon.ico",
        "static/images/logo-long.png",
    }
    assert shipped <= set(static)
    assert sum((site / p).stat().st_size for p in static) < 700_000


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    checks, frames = _hostile_case()
    docs = tmp_path_factory.mktemp("hostile")
    GxValidator().run(frames, checks, {}, docs_dir=docs)
    (page,) = [p for p in (docs / "validations").rglob("*.html") if "evil" in p.read_text(encoding="utf-8")]
    return page


def test_what_a_commune_typed_stays_text(hostile_page):
    text = hostile_page.read_text(encoding="utf-8")
    assert "&lt;img src=&quot;https://evil.example/x.png&quot;&gt;" in text and "&lt;script&gt;" in text
    assert not re.search(r"""(src|href)=["']?https?://""", text)


@needs_chromium
def test_what_a_commune_typed_is_shown_and_fetches_nothing(hostile_page, tmp_path):
    cells, errors, requested = _render(hostile_page, tmp_path)
    assert (errors, requested) == ([], [])
    assert '<img src="https://evil.example/x.png">' in cells and "<script>" in cells


def test_the_same_run_gives_the_same_bytes(tmp_path):
    """Two runs on the same input (each its own context, as two commands are) write identical sites."""
    checks, frames = _hostile_case()
    sites = [tmp_path / "first", tmp_path / "second"]
    for docs in sites:
        GxValidator().run(frames, checks, {}, docs_dir=docs)
    files = [{p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()} for d in sites]
    assert files[0] == files[1]
    assert any("validations/" in name for name in files[0])
    text = b"".join(files[0].values())
    assert not re.search(rb"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", text)


def test_pages_are_rewritten_to_relative_files():
    up = "../../"
    page = (
        '<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>\n'
        '<script src="https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js" integrity="sha384-x"'
        ' crossorigin="anonymous"></script>\n'
        '<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>\n'
        '<script src="https://cdn.example/new.js"></script>\n'
        '<img src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=20200101T0Z">\n'
        '<a href="https://greatexpectations.io">Great Expectations</a>\n'
        '<a href="#x-collapse-body-0a1b2c3d-0000-4000-8000-000000000000">more</a>'
        '<div id="x-collapse-body-0a1b2c3d-0000-4000-8000-000000000000"></div>'
        '<div id="y-collapse-body-ffffffff-0000-4000-8000-000000000000"></div>'
    )
    unknown: list[str] = []
    assert offline_html(page, up, unknown.append) == (
        f'<link rel="stylesheet" href="{up}{ASSETS}/bootstrap.min.css">\n'
        f'<script src="{up}{ASSETS}/bootstrap.min.js"></script>\n'
        f'<img src="{up}static/images/logo-long.png">\n'
        "Great Expectations\n"
        '<a href="#x-collapse-body-1">more</a><div id="x-collapse-body-1"></div><div id="y-collapse-body-2"></div>'
    )
    assert unknown == ["https://cdn.example/new.js"]


def test_the_shipped_files_are_the_ones_great_expectations_pins():
    """Its templates pin two CDN files by SHA-384: our copies must be those very bytes."""
    templates = resources.files("great_expectations").joinpath("render/view/templates")
    imports = templates.joinpath("js_script_imports.j2").read_text(encoding="utf-8")
    pinned = dict(re.findall(r'src="([^"]+)" integrity="sha384-([^"]+)"', imports))
    assert len(pinned) == 2
    shipped = {p.name: p for p in bundle()}
    for url, digest in pinned.items():
        data = shipped[str(CDN[url])].read_bytes()
        assert base64.b64encode(hashlib.sha384(data).digest()).decode() == digest
    every = set(re.findall(r'(?:src|href)="(https://[^"]+)"', imports))
    for name in ("page.j2", "index_page.j2", "page_minimal.j2"):
        every |= set(re.findall(r'<link[^>]*href="(https://[^"]+)"', templates.joinpath(name).read_text("utf-8")))
    assert every <= set(CDN)
    assert {name for name in CDN.values() if name} <= set(shipped)
