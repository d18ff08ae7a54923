"""The text a reader sees in a Word file: every paragraph of the body and of its tables (the
signature block and "Nơi nhận" are a table), blank lines left out. Shared by the report tests."""

from __future__ import annotations

from pathlib import Path

import docx


def docx_lines(path: Path) -> list[str]:
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return [line for line in lines if line.strip()]
