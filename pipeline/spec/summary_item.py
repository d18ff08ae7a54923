"""One sentence of the report as the catalog declares it (its own module: the catalog is long)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SummaryItem:
    """One paragraph of the report: a heading and sentence templates over codes.

    ``{noun.commune}`` is how the registry counts a level's units ("xã, thị trấn";
    "xã, phường, đặc khu" since 01/7/2025), so one sentence serves both.
    ``text`` is written when every unit that reports the sentence's figures did;
    ``partial_text`` (default ``text``) when some did not, and the sentence then says
    which; ``zero_text`` only when every unit reported and the ``zero_code`` total is 0.
    """

    id: str
    heading: str
    text: str
    zero_code: str | None = None
    zero_text: str | None = None
    partial_text: str | None = None
    en: dict[str, str] = field(default_factory=dict)
    """The English wording (``--lang en``): ``heading``, ``text``, ``zero_text``, ``partial_text``."""
    reports: tuple[str, ...] = ()
    """Written only in these reports (ids of the catalog's ``reports``), never in the combined
    report or summary.md: the children's figures are the Health side's report's own."""
    levels: tuple[str, ...] = ()
    """Written only when the run expects units at each of these levels. Items sharing an
    ``id`` are alternatives, the first that applies is written: the district's staffing
    sentence before 01/7/2025, the communes' alone in a two-level province since."""

    @property
    def templates(self) -> dict[str, str]:
        """Every template of the item by field name (English ones as ``en.text``), for the checks."""
        named = {"text": self.text, "zero_text": self.zero_text, "partial_text": self.partial_text}
        named |= {f"en.{k}": v for k, v in self.en.items() if k != "heading"}
        return {name: text for name, text in named.items() if text is not None}
