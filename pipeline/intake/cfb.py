"""Which streams an OLE2 (Compound File Binary) container holds, without a parser for it.

An old Excel 97 workbook, a password-protected xlsx (Office wraps those in one) and a Word
.doc are all such containers; the safety checks tell them apart by a stream's name alone.
"""

from __future__ import annotations

import struct


def cfb_streams(data: bytes, wanted: tuple[str, ...]) -> set[str]:
    """Which of ``wanted`` the container's directory lists.

    Directory entries are 128-byte records aligned to 128 bytes in the file (sectors are
    512 or 4096 bytes after a 512-byte header), the name in UTF-16LE with its byte length
    at offset 64; that is enough to find a name without following the sector chains.
    """
    found: set[str] = set()
    for stream in wanted:
        needle = (stream + "\0").encode("utf-16-le")
        at = data.find(needle)
        while at != -1 and not (at % 128 == 0 and data[at + 64 : at + 66] == struct.pack("<H", len(needle))):
            at = data.find(needle, at + 1)
        if at != -1:
            found.add(stream)
    return found
