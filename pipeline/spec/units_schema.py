"""The schema of a units registry file: what :func:`pipeline.spec.units.load_registry` accepts.

Parsed so that every scalar stays the text that was written: an unquoted code 00010 keeps
its zeros instead of becoming the YAML 1.1 octal number 8, and dates are read by the
schema, not guessed by YAML. The schema refuses unknown keys (``parnet:`` would silently
make a commune a top unit).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict

from pipeline.spec.settings_files import Code, Text


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LevelEntry(_Entry):
    name: Code
    label_vi: str | None = None
    """Default: the level's name."""
    noun_vi: str | None = None
    """How a sentence counts the level's units ("xã, thị trấn"); default: the label without "Cấp"."""
    noun_en: str | None = None


_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\].]+")
"""A bare address as the intake stores a sender (``local@domain.tld``): no display name, no
angle brackets, no list, a dot in the domain, so a typo cannot hold every form of a unit."""


def _address(text: str) -> str:
    """An e-mail address as a mail program shows it (one @, no spaces)."""
    text = text.strip()
    if not _ADDRESS.fullmatch(text) or ".." in text or text.split("@")[1].startswith("."):
        raise ValueError(f"'{text}' không phải địa chỉ thư điện tử")
    return text


class UnitEntry(_Entry):
    code: Code
    name: Text
    short_name: str | None = None
    """Default: the full name."""
    level: Code
    parent: str | None = None
    aliases: tuple[Text, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    senders: tuple[Annotated[str, AfterValidator(_address)], ...] = ()


class RegistryFile(_Entry):
    """The whole registry file."""

    id: Code
    title: str | None = None
    valid_from: dt.date | None = None
    """The days the file describes; a national list built from dated snapshots says which."""
    valid_to: dt.date | None = None
    root: Code
    source: dict[str, Any] | None = None
    """Where the list comes from (repository, commit, path, SHA-256, licence): for the reader."""
    notice: str | None = None
    levels: tuple[LevelEntry, ...]
    units: tuple[UnitEntry, ...]
