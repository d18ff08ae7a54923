"""How the official name of an administrative unit is written, and its short form.

A GSO name starts with the unit's type word ("Xã Đắk Ang", "Thành phố Hà Nội"); reports
and commune forms mostly use the name without it ("Đắk Ang"). The published lists carry
typing slips in the type word and the spacing ("Thị Trấn Năm Căn", "Xã  Đắk Lao"), which
the registries write the official way, so a slip fixed in a later list does not look
like a renamed unit.
"""

from __future__ import annotations

import unicodedata

TYPE_WORDS = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Tỉnh", "Huyện", "Quận", "Phường", "Xã")
"""The words an official name starts with, in their official case, longest first."""


def _level(name: str, label_vi: str, noun_vi: str, noun_en: str) -> dict[str, str]:
    return {"name": name, "label_vi": label_vi, "noun_vi": noun_vi, "noun_en": noun_en}


COUNTRY = _level("country", "Toàn quốc", "quốc gia", "countries")
PROVINCE = _level("province", "Cấp tỉnh", "tỉnh, thành phố", "provinces and cities")
LEVELS_2020 = (
    COUNTRY,
    PROVINCE,
    _level("district", "Cấp huyện", "huyện, quận, thị xã, thành phố", "districts"),
    _level("commune", "Cấp xã", "xã, phường, thị trấn", "communes, wards and towns"),
)
"""The levels before 01/7/2025, top down, with how a sentence counts each level's units."""
LEVELS_2025 = (
    COUNTRY,
    PROVINCE,
    _level("commune", "Cấp xã", "xã, phường, đặc khu", "communes, wards and special zones"),
)
"""From 01/7/2025: no districts."""


def official_name(raw: str) -> str:
    """The name in NFC, single spaces, with its type word in the official case."""
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    for word in TYPE_WORDS:
        if name[: len(word) + 1].lower() == f"{word.lower()} ":
            return word + name[len(word) :]
    return name


def short_name(name: str) -> str:
    """The name without its type word ("Plei Kần"); a numbered unit keeps it ("Phường 1", not "1")."""
    for word in TYPE_WORDS:
        if name.startswith(f"{word} "):
            rest = name[len(word) + 1 :]
            return name if rest[:1].isdigit() else rest
    return name
