"""Data Docs that work without the internet, and the same bytes for the same run.

Great Expectations 1.x writes every Data Docs page with ``<link>`` and ``<script>`` tags to
public CDNs (jQuery, Bootstrap, bootstrap-table, Font Awesome, Vega…). They are hard-coded in
its templates, and a site's own views cannot replace them (its template loader searches
Great Expectations' templates first). Offline, the index page lists nothing: its tables are
drawn by bootstrap-table from data held in a script. A district office is often offline,
and a page that fetches scripts from elsewhere also tells those hosts when someone opens it.

So once Great Expectations has written a site, :func:`make_offline` rewrites its pages:
each CDN file the pages need is replaced by a copy shipped in ``static/`` beside this
module (the exact files, same versions: the SRI hashes Great Expectations pins match), and
copied into the site; what the pages never need is dropped (Vega: none of our expectation
types draws a chart; the dark-mode Bootstrap theme); Font Awesome is replaced by a small
style sheet of our own for the few icons the pages show. Links to the vendor's web site
become plain text, the newsletter footer goes, and the images and fonts of the site's
``static/`` folder that no page shows (4 MB) are removed.

The rewrite also takes out what would differ between two runs on the same input: the
logo's cache-busting time stamp and the random ids of the "show more" sections (renumbered
per page, in order). The run's time and its batches' load times are set in ``gx.py``.

This module never imports Great Expectations (``gx.py`` is the only one that does): it
only reads and writes the HTML that Great Expectations wrote.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path

ASSETS = "static/offline"
"""Where in a site the shipped files are copied."""

CDN: dict[str, str | None] = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper.min.js",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap.min.js",
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js": (
        "bootstrap-table-filter-control.min.js"
    ),
    # The pages name the 1.19.0 style sheet of the extension (minified or not): the 1.19.1 one is the same rules.
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css": (
        "bootstrap-table-filter-control.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css": (
        "bootstrap-table-filter-control.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": (
        "bootstrap-datepicker.min.js"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": (
        "bootstrap-datepicker.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "icons.css",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css": None,
    "https://cdn.jsdelivr.net/npm/vega@5": None,
    "https://cdn.jsdelivr.net/npm/vega-lite@5": None,
    "https://cdn.jsdelivr.net/npm/vega-embed@6": None,
}
"""Every CDN file Great Expectations' pages name: the shipped copy that replaces it, or None to drop it."""

LOGO_HOST = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/"
LOGO = "static/images/logo-long.png"
"""The logo Great Expectations copies into every site; the pages load it (and a dark one) from the vendor."""

_SCRIPT = re.compile(r'<script\b[^>]*?\bsrc="(https?://[^"]*)"[^>]*>\s*</script>[ \t]*\n?')
_LINK = re.compile(r'<link\b[^>]*?\bhref="(https?://[^"]*)"[^>]*>[ \t]*\n?')
_VENDOR_IMAGE = re.compile(re.escape(LOGO_HOST) + r"[^\"'\s)]*")  # with its "?d=<now>" cache buster
_FOOTER = re.compile(r"<footer>(?:(?!</footer>).)*?newsletter(?:(?!</footer>).)*?</footer>", re.S)
_ANCHOR = re.compile(r'<a\b[^>]*?\bhref="https?://[^"]*"[^>]*>(.*?)</a>', re.S)
_STATIC = re.compile(r'\b(src|href)="(?:\.\.?/)*static/')
_EXTERNAL = re.compile(r'\b(src|href)="https?://[^"]*"')
_UUID = re.compile(r"(collapse-body-)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")
_LOCAL_REF = re.compile(r"""(?:\b(?:src|href)=["']?|url\(\s*["']?)([^"'\s)>#?:]+)""")


def _shipped() -> Path:
    return Path(str(resources.files("pipeline.validate").joinpath("static")))


def bundle() -> list[Path]:
    """The files shipped for the pages (licences and their sources included), in name order."""
    return sorted(p for p in _shipped().rglob("*") if p.is_file())


def make_offline(site: Path) -> list[str]:
    """Rewrite the site Great Expectations wrote under ``site`` to need no network.

    Returns the external references that no rule here knows (a newer Great Expectations
    may add some): they are taken out of the pages all the same, so nothing is fetched,
    but what they did is missing and the caller should say so.
    """
    unknown: list[str] = []
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        up = "../" * (len(page.relative_to(site).parts) - 1)
        text = page.read_text(encoding="utf-8")
        page.write_text(offline_html(text, up, unknown.append), encoding="utf-8")
    _copy_bundle(site / ASSETS)
    _prune_static(site, pages)
    return sorted(set(unknown))


def offline_html(text: str, up: str, report: Callable[[str], object] = lambda _: None) -> str:
    """One page with every external reference replaced by a relative one (``up`` leads to the site's root)."""

    def tag(match: re.Match[str], kind: str) -> str:
        url = match.group(1)
        if url not in CDN:
            report(url)
            return ""
        local = CDN[url]
        if local is None:
            return ""
        if kind == "script":  # no integrity/crossorigin: a file:// page cannot check them
            return f'<script src="{up}{ASSETS}/{local}"></script>\n'
        return f'<link rel="stylesheet" href="{up}{ASSETS}/{local}">\n'

    text = _SCRIPT.sub(lambda m: tag(m, "script"), text)
    text = _LINK.sub(lambda m: tag(m, "link"), text)
    text = _VENDOR_IMAGE.sub(up + LOGO, text)
    # Great Expectations counts one folder too few for a validation page's favicon: always from the root.
    text = _STATIC.sub(lambda m: f'{m.group(1)}="{up}static/', text)
    text = _FOOTER.sub("", text)
    text = _ANCHOR.sub(r"\1", text)

    def external(match: re.Match[str]) -> str:
        report(match.group(0))
        return f'{match.group(1)}=""'

    text = _EXTERNAL.sub(external, text)
    return _renumber(text)


def _renumber(text: str) -> str:
    """Random element ids replaced by their order of appearance in the page: same page, same bytes."""
    numbers: dict[str, int] = {}

    def number(match: re.Match[str]) -> str:
        found = numbers.setdefault(match.group(2), len(numbers) + 1)
        return f"{match.group(1)}{found}"

    return _UUID.sub(number, text)


def _copy_bundle(target: Path) -> None:
    for source in bundle():
        destination = target / source.relative_to(_shipped())
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)


def _prune_static(site: Path, pages: list[Path]) -> None:
    """Remove the files of the site's ``static/`` that no page refers to (our bundle stays whole)."""
    static = (site / "static").resolve()
    keep: set[Path] = set()
    for page in pages:
        for ref in _LOCAL_REF.findall(page.read_text(encoding="utf-8")):
            keep.add((page.parent / ref).resolve())
    assets = (site / ASSETS).resolve()
    for path in sorted(static.rglob("*"), reverse=True):
        if path.is_file() and path not in keep and assets not in path.parents:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
