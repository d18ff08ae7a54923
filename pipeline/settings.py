"""What one run needs, built once at the edge (the command line or a test) and passed in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.spec.periods import Period


@dataclass(frozen=True)
class Settings:
    """The options of ``baocao aggregate``; ``None`` means the bundled default."""

    inbox: Path
    output: Path = Path("output")
    period: Period | None = None
    """The period to aggregate; by default the one most forms declare."""
    catalog_path: Path | None = None
    units_path: Path | None = None
    waivers_path: Path | None = None
    deadline: dt.date | None = None
    """Files received after the end of this day are reported late (still summed)."""
    data_docs: bool = True
    ledger_path: Path | None = None
    """The submission ledger (SQLite); default ``<output>/ledger.sqlite``."""
    ledger_wait: float = 30.0
    """Seconds to wait for another run to release the ledger before stopping."""
    root: str | None = None
    """Aggregate for this unit instead of the registry's root (e.g. one district of a province)."""
    report_path: Path | None = None
    """The Word report's number, date, request and signer (YAML); default: an unnumbered draft."""
    report_template: Path | None = None
    """The office's own Word template; default: the bundled one (``baocao report-template``)."""
    pdf: bool = False
    """Also write PDF copies of the Word report and the appendix (needs LibreOffice)."""
    lang: str = "vi"
    """Language of the outputs a person reads: "vi" or "en" (``--lang``)."""

    @property
    def ledger(self) -> Path:
        return Path(self.ledger_path or Path(self.output) / "ledger.sqlite")
