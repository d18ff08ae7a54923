"""Six-monthly reporting periods such as ``2020S1``.

A period is written ``YYYYS1`` (first half, "6 tháng đầu năm") or ``YYYYS2`` (second
half, "6 tháng cuối năm"). It is parsed once at the edge and passed around as a value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.errors import UsageError

_PATTERN = re.compile(r"^\s*(\d{4})\s*[-_ ]?\s*[Ss]([12])\s*$")


@dataclass(frozen=True, order=True)
class Period:
    """A half-year reporting period."""

    year: int
    half: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2020S1``; raise :class:`UsageError` with the expected form otherwise."""
        match = _PATTERN.match(str(text))
        if not match:
            raise UsageError(
                f"Kỳ báo cáo '{text}' không hợp lệ. Hãy ghi theo dạng NĂMS1 hoặc NĂMS2, "
                "ví dụ 2020S1 (6 tháng đầu năm 2020)."
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def code(self) -> str:
        return f"{self.year}S{self.half}"

    @property
    def label_vi(self) -> str:
        """The wording reports use: "6 tháng đầu năm 2020"."""
        part = "đầu" if self.half == 1 else "cuối"
        return f"6 tháng {part} năm {self.year}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last_day(self) -> dt.date:
        """The day whose administrative units a period's report is about (30/6 or 31/12)."""
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def previous(self) -> Period:
        """The half-year before: 2020S1 follows 2019S2."""
        return Period(self.year, 1) if self.half == 2 else Period(self.year - 1, 2)

    @property
    def year_before(self) -> Period:
        """The same half of the year before ("cùng kỳ năm trước")."""
        return Period(self.year - 1, self.half)

    def __str__(self) -> str:
        return self.code
